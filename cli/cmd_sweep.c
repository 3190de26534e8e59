/* cli/cmd_sweep.c — `nines sweep` (not built yet). */
#include "cli.h"

int cmd_sweep(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
