/* cli/cmd_check.c — `nines check` (not built yet). */
#include "cli.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
