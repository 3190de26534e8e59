/* cli/cmd_run.c — `nines run` (not built yet). */
#include "cli.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
