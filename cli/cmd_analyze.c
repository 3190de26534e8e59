/* cli/cmd_analyze.c — `nines analyze` (not built yet). */
#include "cli.h"

int cmd_analyze(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
