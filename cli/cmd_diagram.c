/* cli/cmd_diagram.c — `nines diagram FILE --out OUT.svg|.png`: the topology
 * drawn by Graphviz (cli/diagram.c builds it, plots/ draws it). Exit 1 for a
 * bad file or flag, 2 when dot is missing or fails, 128 + N on a signal. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../plots/plot.h"
#include "cli.h"

/* --out: a file ending in .svg or .png (or .dot: the script alone). */
static int set_out(void *dest, const char *flag, const char *value)
{
    const char *ext = strrchr(value, '.');
    if (!plot_graph_format_ok(value) && !(ext && !strcasecmp(ext, ".dot"))) {
        cli_error("%s takes a file ending in .svg or .png (or .dot for the Graphviz "
                  "script) (got '%s')", flag, value);
        return -1;
    }
    *(const char **)dest = value;
    return 0;
}

int cmd_diagram(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    int quiet = 0;
    const cli_opt opts[] = {
        {"out", 0, "OUT", set_out, &out,
         .help = "the picture to write: OUT.svg or OUT.png (OUT.dot:\nthe Graphviz script, to restyle it)"},
        {"quiet", 'q', NULL, cli_set_flag, &quiet, .help = "say nothing when done"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "diagram",
        .synopsis = "usage: nines diagram FILE --out OUT.svg|OUT.png\n"
                    "\n"
                    "Draws the topology with Graphviz: hosts as boxes, each service as a\n"
                    "frame labelled with its mode (what it needs to stay up, quorum,\n"
                    "failover), its members inside with an arrow to their host, host and\n"
                    "service needs as arrows, shared hosts (under two or more services, or\n"
                    "needed by two or more hosts) in orange, common causes and maintenance\n"
                    "with lines to what they take down, and a legend. The file is written\n"
                    "whole or not at all.\n"
                    "\n"
                    "options:\n",
        .notes = "\n"
                 "Needs dot (package graphviz, 'make deps'); without it nothing is written and\n"
                 "the exit status is 2. 'nines report' puts the same diagram in every report.\n",
        .column = 15, .opts = opts, .args_name = "FILE", .args_max = 1, .args = &file};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (!file) {
        cli_error("missing FILE (usage: nines diagram FILE --out OUT.svg)");
        return EXIT_BADINPUT;
    }
    if (!out) {
        cli_error("diagram needs --out OUT.svg or --out OUT.png, the picture to write");
        return EXIT_BADINPUT;
    }
    int status = EXIT_OK;
    topology *t = cli_load(file, NULL, &status);
    if (!t)
        return status;
    cli_install_signals(); /* Ctrl-C kills dot and leaves no file */
    char err[2048] = "";
    int rc = cli_diagram_draw(t, out, err, sizeof err);
    topo_free(t);
    if (rc == PLOT_EINTR) {
        cli_error("interrupted: %s was not written", out);
        return cli_interrupted_status();
    }
    if (rc != PLOT_OK) {
        cli_error("%s", err[0] ? err : plot_strerror(rc));
        return rc == PLOT_EINVALID ? EXIT_BADINPUT : EXIT_RUNTIME;
    }
    if (!quiet) {
        char shown[1024];
        fprintf(stderr, "nines: diagram written to %s\n", cli_term(shown, sizeof shown, out));
    }
    return EXIT_OK;
}
