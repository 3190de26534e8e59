/* cli/cmd_compare.c — `nines compare` (not built yet). */
#include "cli.h"

int cmd_compare(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
