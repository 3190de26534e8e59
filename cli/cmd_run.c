/* cli/cmd_run.c — `nines run FILE`: simulate a design with the Monte Carlo
 * engine, print its figures (table or --json) and store the run. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cmd_run(int argc, char **argv)
{
    cli_sim o;
    const char *file = NULL, *chart = NULL; /* --chart: A(t), R(t) (issue 14) */
    cli_sim_defaults(&o);
    o.rare = CLI_RARE_AUTO; /* rare events (issue 18) */
    const cli_opt opts[] = {
        {"trials", 0, "N", cli_set_trials, &o.trials, .help = "histories to simulate",
         .def = "10000"},
        {"mission", 0, "D", cli_set_mission, &o.mission,
         .help = "length of one history, e.g. 10y or 500d", .def = ": the file's"},
        {"seed", 0, "S", cli_set_seed, &o.seed, .help = "random seed, 0 or more", .def = "1",
         .more = "; same seed, same figures"},
        {"threads", 0, "T", cli_set_threads, &o.threads, .help = "worker threads, 1 to 256",
         .def = ": online CPUs", .more = "; the figures\ndo not depend on it"},
        {"db", 0, "PATH", cli_set_db, &o.db, .help = "store the run in this SQLite file",
         .def = "nines.db"},
        {"no-db", 0, NULL, cli_set_flag, &o.no_db, .help = "do not store the run"},
        {"json", 0, NULL, cli_set_flag, &o.json,
         .help = "print one JSON object instead of the table"},
        {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "no progress bar",
         .label = "--quiet, -q"},
        CLI_OPT_VIEW(o),
        CLI_OPT_RARE(o),
        CLI_OPT_EXP_SAMPLER(o),
        {"at", 0, "T,...", cli_set_at, &o.at,
         .help = "also R(t), A(t) and MTTF from new at these times, e.g. 168h,1y"},
        {"window", 0, "D", cli_set_window, &o.at.window,
         .help = "with --at: interval reliability, up throughout [t, t + D]"},
        {"until-failure", 0, NULL, cli_set_flag, &o.at.until_failure,
         .help = "with --at: run each history on to its first outage (MTTF unbiased)"},
        {"until-cap", 0, "D", cli_set_mission, &o.at.until_cap,
         .help = "with --until-failure: the longest history", .def = ": 1000 x the mission"},
        {"start", 0, "new|steady", cli_set_start, &o.at.steady,
         .help = "parts start new, or in their stationary state", .def = "new"},
        {"chart", 0, "OUT", cli_set_chart, &chart,
         .help = "draw A(t) and R(t) (.svg, .png or .pdf) with gnuplot;\n"
                 "without --at, the curve runs over the mission"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "run",
        .synopsis = "usage: nines run FILE [--trials N] [--mission D] [--seed S] [--threads T]\n"
                    "                      [--db PATH | --no-db] [--json] [--quiet] [--view NAME]\n"
                    "                      [--at T,... [--window D] [--until-failure]] [--start new|steady]\n"
                    "                      [--chart OUT.svg|.png|.pdf]\n"
                    "                      [--rare auto|off|is] [--exp-sampler ziggurat|inverse]\n"
                    "\n"
                    "Simulates N independent histories of the design in FILE (Monte Carlo) and\n"
                    "prints its availability with a 95% confidence interval, nines, downtime\n"
                    "per year (mean and P95 of calendar years), outages per year, mean outage,\n"
                    "SLA breach chance, then one row per service and per view.\n"
                    "\n",
        .notes = "\n"
                 "Ctrl-C stops the run and prints the trials done so far, marked partial\n"
                 "(exit status 130).\n",
        .column = 14, .opts = opts, .args_name = "FILE", .args_max = 1, .args = &file};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (!file) {
        cli_error("run needs a topology FILE (try 'nines run --help')");
        return EXIT_BADINPUT;
    }

    int status = EXIT_OK;
    topology *t = cli_load(file, NULL, &status);
    if (!t)
        return status;
    if ((status = cli_view_check(t, o.view)) != EXIT_OK) {
        topo_free(t);
        return status;
    }
    if (chart && o.at.n == 0) /* the curve over the whole mission */
        cli_at_mission(&o.at, o.mission > 0 ? o.mission : t->mission);
    if (cli_at_check(&o.at, o.mission > 0 ? o.mission : t->mission)) {
        topo_free(t);
        return EXIT_BADINPUT;
    }

    char started[32];
    mc_result *res = NULL;
    cli_now_utc(started, sizeof started);
    cli_install_signals();
    int rc = cli_simulate(&o, t, t->name, 0, &res);

    if (rc != MC_OK && rc != MC_EINTERRUPTED) {
        cli_error("cannot simulate '%s': %s", file, mc_strerror(rc));
        status = cli_exit_of_mc(rc);
        goto done;
    }
    if (res) {
        int printed = EXIT_OK;
        cli_view_headline(res, o.view); /* printed with the view as headline, stored as run */
        if (o.json)
            printed = cli_print_run_json(stdout, res);
        else
            cli_print_run_design(stdout, res, t); /* a range's alike services as one row (Y16) */
        fflush(stdout);
        cli_view_restore(res);
        long long id = 0;
        status = cli_store_run(&o, t, res, started, &id);
        if (status == EXIT_OK)
            status = printed;
        if (status == EXIT_OK && id > 0 && !o.json && !o.quiet)
            fprintf(stderr, "stored as run %lld in %s\n", id, o.db);
        if (chart && rc == MC_OK && !*cli_stop_flag()) {
            int st = cli_run_chart(chart, res, t);
            if (st != EXIT_OK && status == EXIT_OK)
                status = st;
            else if (st == EXIT_OK && !o.json && !o.quiet)
                fprintf(stderr, "nines: chart written to %s\n", chart);
        }
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
