/* cli/cmd_history.c — `nines history` (not built yet). */
#include "cli.h"

int cmd_history(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
