/* cli/cmd_run.c — `nines run FILE`: simulate a design with the Monte Carlo
 * engine, print its figures (table or --json) and store the run. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void run_help(FILE *f)
{
    fprintf(f,
            "usage: nines run FILE [--trials N] [--mission D] [--seed S] [--threads T]\n"
            "                      [--db PATH | --no-db] [--json] [--quiet]\n"
            "\n"
            "Simulates N independent histories of the design in FILE (Monte Carlo) and\n"
            "prints its availability with a 95%% confidence interval, nines, downtime\n"
            "per year (mean and P95 of calendar years), outages per year, mean outage,\n"
            "SLA breach chance, then one row per service and per view.\n"
            "\n"
            "  --trials N    histories to simulate (default 10000)\n"
            "  --mission D   length of one history, e.g. 10y or 500d (default: the file's)\n"
            "  --seed S      random seed, 0 or more (default 1); same seed, same figures\n"
            "  --threads T   worker threads, 1 to 256 (default: online CPUs); the figures\n"
            "                do not depend on it\n"
            "  --db PATH     store the run in this SQLite file (default nines.db)\n"
            "  --no-db       do not store the run\n"
            "  --json        print one JSON object instead of the table\n"
            "  --quiet, -q   no progress bar\n"
            "  -h, --help    this help\n"
            "\n"
            "Ctrl-C stops the run and prints the trials done so far, marked partial\n"
            "(exit status 130).\n");
}

int cmd_run(int argc, char **argv)
{
    cli_sim o;
    const char *file = NULL;
    cli_sim_defaults(&o);
    for (int i = 1; i < argc;) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            run_help(stdout);
            return EXIT_OK;
        }
        int r = cli_sim_parse(&o, argc, argv, &i);
        if (r < 0)
            return EXIT_BADINPUT;
        if (r > 0)
            continue;
        if (a[0] == '-' && a[1]) {
            cli_unknown_option("run", a, run_help);
            return EXIT_BADINPUT;
        }
        if (file) {
            cli_error("run takes one FILE (got '%s' and '%s')", file, a);
            return EXIT_BADINPUT;
        }
        file = a;
        i++;
    }
    if (!file) {
        cli_error("run needs a topology FILE (try 'nines run --help')");
        return EXIT_BADINPUT;
    }

    int status = EXIT_OK;
    topology *t = cli_load(file, NULL, &status);
    if (!t)
        return status;

    char started[32];
    mc_result *res = NULL;
    cli_now_utc(started, sizeof started);
    cli_install_signals();
    int rc = cli_simulate(&o, t, t->name, 0, &res);

    if (rc != MC_OK && rc != MC_EINTERRUPTED) {
        cli_error("cannot simulate '%s': %s", file, mc_strerror(rc));
        status = rc == MC_EINVALID || rc == MC_ETOOLONG ? EXIT_BADINPUT : EXIT_RUNTIME;
        goto done;
    }
    if (res) {
        int printed = EXIT_OK;
        if (o.json)
            printed = cli_print_run_json(stdout, res);
        else
            cli_print_run(stdout, res);
        fflush(stdout);
        long long id = 0;
        status = cli_store_run(&o, t, res, started, &id);
        if (status == EXIT_OK)
            status = printed;
        if (status == EXIT_OK && id > 0 && !o.json && !o.quiet)
            fprintf(stderr, "stored as run %lld in %s\n", id, o.db);
    }
    if (rc == MC_EINTERRUPTED) {
        if (res)
            cli_error("interrupted: %lld of %lld trials done (partial)", res->trials,
                      res->trials_requested);
        else
            cli_error("interrupted before any trial completed (partial: nothing to print)");
        status = cli_interrupted_status();
    } else if (status == EXIT_OK && *cli_stop_flag()) {
        status = cli_interrupted_status(); /* caught while printing or storing */
    }
done:
    mc_result_free(res);
    topo_free(t);
    return status;
}
