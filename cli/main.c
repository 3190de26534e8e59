/* cli/main.c — nines's entry point: the command table. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"check", cmd_check, "validate topology files, one line per file"},
    {"analyze", cmd_analyze, "exact (or marked approximate) steady-state availability"},
    {"run", cmd_run, "simulate years of operation (Monte Carlo)"},
    {"compare", cmd_compare, "run several designs and compare them to a reference"},
    {"sweep", cmd_sweep, "vary a parameter and chart availability against it"},
    {"sensitivity", cmd_sensitivity, "what to improve first: importance of every law"},
    {"report", cmd_report, "Markdown + HTML report with charts for stored runs"},
    {"history", cmd_history, "list stored runs"},
    {"show", cmd_show, "print a stored run as `run` printed it"},
    {"diagram", cmd_diagram, "draw the topology with Graphviz (SVG or PNG)"},
    {"export", cmd_export, "write the files kept with a stored run back to a folder"},
    {"rerun", cmd_rerun, "repeat a stored run from its kept files: same figures?"},
};

void cli_usage(FILE *f)
{
    fprintf(f, "usage: nines COMMAND [ARGS...]\n\n"
               "How many nines does a design really deliver?\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'nines COMMAND --help' (or 'nines help COMMAND') tells more; "
               "'nines --version' the version.\n"
               "Docs: docs/topology-format.md, docs/method.md\n");
}

/* "unknown command 'rnu' (did you mean 'run'?)", or the list of commands. */
static void unknown_command(const char *name)
{
    enum { N = sizeof commands / sizeof commands[0] };
    const char *names[N];
    for (int i = 0; i < N; i++)
        names[i] = commands[i].name;
    const char *best = topo_suggest(name, names, N);
    if (best) /* cli_error escapes what a terminal must not see */
        cli_error("unknown command '%s' (did you mean '%s'?)", name, best);
    else
        cli_error("unknown command '%s' (try 'nines --help')", name);
}

static int run_command(int argc, char **argv);

/* Under MPI (make MPI=1; docs/cluster.md) every rank runs the command; only
 * rank 0 speaks: the others write to /dev/null, store nothing and draw
 * nothing (cli_store_run and the charts ask mc_mpi_rank), and get every
 * simulation's result from rank 0, so they take the same path. */
int main(int argc, char **argv)
{
    if (mc_mpi_init(&argc, &argv)) {
        fprintf(stderr, "nines: error: MPI could not start\n");
        return EXIT_RUNTIME;
    }
    if (mc_mpi_rank() > 0 && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
        return mc_mpi_finish(EXIT_RUNTIME);
    return mc_mpi_finish(run_command(argc, argv));
}

static int run_command(int argc, char **argv)
{
    gsl_set_error_handler_off();
    /* past the file size limit (ulimit -f) a write fails with EFBIG, which the
       store and the charts report, instead of the signal killing nines */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        cli_usage(stderr);
        return EXIT_BADINPUT;
    }
    if (!strcmp(argv[1], "help") && argc > 2) { /* nines help CMD: CMD --help */
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (!strcmp(argv[2], commands[i].name)) {
                char *args[] = {argv[2], (char *)"--help", NULL};
                return commands[i].fn(2, args);
            }
        unknown_command(argv[2]);
        return EXIT_BADINPUT;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        cli_usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("nines %s\n", NINES_VERSION);
        return EXIT_OK;
    }
    /* MPI: a command that simulates nothing runs on rank 0 alone (the others
       would write the same files); every other command runs on every rank */
    static const char *const rank0_only[] = {"check", "analyze", "history", "show", "diagram", "export"};
    for (size_t i = 0; mc_mpi_rank() > 0 && i < sizeof rank0_only / sizeof rank0_only[0]; i++)
        if (!strcmp(argv[1], rank0_only[i]))
            return EXIT_OK;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    unknown_command(argv[1]);
    return EXIT_BADINPUT;
}
