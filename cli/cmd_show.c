/* cli/cmd_show.c — `nines show` (not built yet). */
#include "cli.h"

int cmd_show(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
