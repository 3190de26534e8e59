/* cli/cmd_report.c — `nines report` (not built yet). */
#include "cli.h"

int cmd_report(int argc, char **argv)
{
    (void)argc;
    cli_error("'%s' is not built yet", argv[0]);
    return EXIT_RUNTIME;
}
