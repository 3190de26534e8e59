/* cli/cmd_sensitivity.c — `nines sensitivity` (not built yet). */
#include "cli.h"

int cmd_sensitivity(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
