/* cli/cli_exit.c — cli_exit_of: the exit status of each module's error
 * codes, in one place (the rules are stated in cli.h). Commands print their
 * own message, then return the status these give.
 */
#include "../data/store.h"
#include "../plots/plot.h"
#include "cli.h"

int cli_exit_of_mc(int rc)
{
    switch (rc) {
    case MC_OK: return EXIT_OK;
    case MC_EINVALID:
    case MC_ETOOLONG: return EXIT_BADINPUT;
    case MC_EINTERRUPTED: return cli_interrupted_status();
    default: return EXIT_RUNTIME;
    }
}

int cli_exit_of_topo(int rc)
{
    switch (rc) {
    case TOPO_OK: return EXIT_OK;
    case TOPO_ENOMEM:
    case TOPO_ETOOBIG: return EXIT_RUNTIME;
    default: return EXIT_BADINPUT;
    }
}

int cli_exit_of_plot(int rc)
{
    switch (rc) {
    case PLOT_OK: return EXIT_OK;
    case PLOT_EINVALID: return EXIT_BADINPUT;
    case PLOT_EINTR: return cli_interrupted_status();
    default: return EXIT_RUNTIME;
    }
}

int cli_exit_of_store(int rc)
{
    switch (rc) {
    case STORE_OK: return EXIT_OK;
    case STORE_ENOTFOUND: return EXIT_BADINPUT;
    default: return EXIT_RUNTIME;
    }
}
