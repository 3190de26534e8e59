/* cli/cmd_sensitivity.c — `nines sensitivity FILE`: what to improve first.
 *
 * Runs the design as it is (the base run, stored like `run`, measuring each
 * law's share of system downtime), has study/ rank every law by its
 * importance and the nines of its four changes (study_rank_laws, which runs
 * the scaled copies the solver is not exact on through this command's
 * simulation, with the same seed as the base run), and prints the ranking as
 * a table or JSON and as a tornado chart. See docs/sensitivity.md.
 *
 * By default (--top 5) a design the solver is not exact on is ranked in
 * fast mode (study_rank_laws_fast): the solver's approximation for every
 * row, simulation for the five first only, on fewer histories against the
 * design run on the same ones; --exhaustive simulates every change of
 * every row with the base run's trials, as before.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../plots/plot.h"
#include "../study/study.h"

/* The four changes of a law, in study/'s order. */
enum {
    FAIL_HALF = STUDY_FAIL_HALF,
    FAIL_DOUBLE = STUDY_FAIL_DOUBLE,
    REPAIR_HALF = STUDY_REPAIR_HALF,
    REPAIR_DOUBLE = STUDY_REPAIR_DOUBLE,
    N_CHANGES = STUDY_N_CHANGES
};

typedef study_law law_row;

typedef struct sens {
    cli_sim o;
    topology *topo;
    mc_result *base;
    double base_nines;       /* exact where the solver is, else simulated */
    int base_exact;
    double noise;            /* two standard errors of the simulated base, in nines */
    double delay_share;      /* downtime with no part down; NAN if not measured */
    law_row *rows;
    int n_rows;
    int top;                 /* --top K: rows simulated in fast mode */
    int exhaustive;          /* --exhaustive: every row simulated */
    long long change_trials; /* fast mode: histories per simulated change */
    double solver_nines;     /* the solver's nines of the design (NAN if exact) */
} sens;

/* Runs one simulation with the command's options; returns an exit status. */
static int simulate(const sens *s, const topology *t, const char *label, int attribute,
                    mc_result **out)
{
    /* attribute: the base run measures the downtime shares */
    int rc = cli_simulate(&s->o, t, label, attribute, out);
    if (rc == MC_OK)
        return EXIT_OK;
    if (rc == MC_EINTERRUPTED) {
        cli_error("interrupted while simulating %s", label);
        return cli_interrupted_status();
    }
    cli_error("cannot simulate %s: %s", label, mc_strerror(rc));
    return cli_exit_of_mc(rc);
}

/* What simulate_change needs: the command, and the exit status of a failure. */
typedef struct change_ctx {
    const sens *s;
    int status;
} change_ctx;

/* study_simulate_fn for the scaled copies: simulate() without attribution. */
static int simulate_change(void *ctx, const topology *t, const char *label, mc_result **out)
{
    change_ctx *c = ctx;
    return c->status = simulate(c->s, t, label, 0, out);
}

/* study_simulate_trials_fn: the same with `trials` histories of the seed. */
static int simulate_change_n(void *ctx, const topology *t, const char *label, long long trials,
                             mc_result **out)
{
    change_ctx *c = ctx;
    sens copy = *c->s;
    copy.o.trials = trials;
    return c->status = simulate(&copy, t, label, 0, out);
}

/* --view (Y16): the base run, simulated with the view as the system
 * (cli_view_as_system), gets the system's figures back as its headline and
 * the view's among the views, as `run --view` stores it; its convergence
 * points (the view's) are left out of the store. Calling it again undoes it. */
static void swap_stored(mc_result *r, const topology *t, const char *view)
{
    int v = cli_view_target(t, view) - 1 - t->n_services;
    if (!r || v < 0 || v >= r->n_views)
        return;
    mc_figures tmp = r->system;
    r->system = r->views[v];
    r->views[v] = tmp;
    char *name = r->system.name;
    r->system.name = r->views[v].name;
    r->views[v].name = name;
}

static int set_top(void *dest, const char *flag, const char *value)
{
    long long n;
    if (cli_parse_ll(flag, value, 1, 1000000, &n))
        return -1;
    *(int *)dest = (int)n;
    return 0;
}

/* Importance and the four changes of every law used by a part, ranked
 * (study_rank_laws). Returns an exit status. */
static int analyse_laws(sens *s)
{
    int stopped = 0;
    change_ctx ctx = {s, EXIT_OK};
    study_rank_options ro = {s->base_nines, s->base_exact, s->noise, simulate_change, &ctx,
                             cli_stop_flag()};
    study_fast_options fo = {s->exhaustive ? 0 : s->top, s->o.trials, s->change_trials,
                             simulate_change_n};
    int rc = study_rank_laws_fast(s->topo, &ro, &fo, &s->rows, &s->n_rows, &stopped);
    if (!rc && !s->exhaustive)
        s->change_trials = study_change_trials(s->o.trials, s->top < s->n_rows ? s->top
                                                                               : s->n_rows);
    if (rc == STUDY_ESIMULATE)
        return ctx.status;
    if (rc) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (stopped && !s->topo->n_maint)
        fprintf(stderr, "nines: interrupted: %d of %d laws ranked\n", s->n_rows,
                s->topo->n_laws);
    else if (stopped)
        fprintf(stderr, "nines: interrupted: %d rows ranked (of %d laws and %d maintenance "
                        "entries)\n", s->n_rows, s->topo->n_laws, s->topo->n_maint);
    return EXIT_OK;
}

static void fmt_share(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f%%", 100 * x);
}

static void fmt_num(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4g", x);
}

enum { NCOL = 12 };

/* The table's word for where a row's changes come from. */
static const char *source_cell(study_source src)
{
    return src == STUDY_SRC_SOLVER ? "solver" : src == STUDY_SRC_SIMULATED ? "simulation"
                                                                          : "solver ~";
}

/* Returns 0, or -1 when out of memory (nothing printed). */
static int print_table(FILE *f, const sens *s)
{
    static const char *const head[NCOL] = {
        "rank", "law", "parts", "birnbaum", "criticality", "downtime share",
        "fail /2", "fail x2", "repair /2", "repair x2", "best gain", "from"};
    char (*cell)[NCOL][512] = calloc((size_t)s->n_rows + 1, sizeof *cell);
    size_t w[NCOL];
    const mc_figures *b = &s->base->system;
    int any_approx = 0, any_maint = 0, any_error = 0, any_delay = 0, any_sum = 0, any_none = 0;
    int any_sim = 0, any_solver_approx = 0;
    if (!cell)
        return -1;
    for (int c = 0; c < NCOL; c++)
        w[c] = strlen(head[c]);
    for (int i = 0; i < s->n_rows; i++) {
        const law_row *r = &s->rows[i];
        any_approx |= !r->exact;
        any_sim |= r->source == STUDY_SRC_SIMULATED;
        any_solver_approx |= r->source == STUDY_SRC_APPROX;
        any_maint |= r->kind == STUDY_ROW_MAINT;
        any_error |= r->kind == STUDY_ROW_MAINT_ERROR;
        any_delay |= r->kind == STUDY_ROW_FAILOVER || r->kind == STUDY_ROW_SWITCHOVER;
        any_sum |= r->imp.birnbaum > 1 || r->imp.criticality > 1;
        any_none |= !r->measurable;
        snprintf(cell[i][0], sizeof cell[i][0], "%d", i + 1);
        snprintf(cell[i][1], sizeof cell[i][1], "%s%s", r->name, r->exact ? "" : " ~");
        snprintf(cell[i][2], sizeof cell[i][2], "%d", r->imp.parts);
        fmt_num(cell[i][3], sizeof cell[i][3], r->imp.birnbaum);
        fmt_num(cell[i][4], sizeof cell[i][4], r->imp.criticality);
        fmt_share(cell[i][5], sizeof cell[i][5], r->share);
        for (int c = 0; c < N_CHANGES; c++)
            if (isnan(r->nines[c])) /* a delay has no "how often" */
                snprintf(cell[i][6 + c], sizeof cell[i][6 + c], "-");
            else
                snprintf(cell[i][6 + c], sizeof cell[i][6 + c], "%.3f", r->nines[c]);
        if (r->measurable)
            snprintf(cell[i][10], sizeof cell[i][10], "%+.3f", r->gain);
        else /* within two standard errors: not a number to act on */
            snprintf(cell[i][10], sizeof cell[i][10], "no measurable effect");
        snprintf(cell[i][11], sizeof cell[i][11], "%s", source_cell(r->source));
        for (int c = 0; c < NCOL; c++)
            if (strlen(cell[i][c]) > w[c])
                w[c] = strlen(cell[i][c]);
    }
    if (s->o.view) /* --view (Y16) */
        fprintf(f, "view %s (the ranked figure is this view's availability)\n", s->o.view);
    fprintf(f, "%s: %.3f nines %s (simulated %.4f%% [%.4f, %.4f])\n", s->topo->name,
            s->base_nines, s->base_exact ? "exact" : "simulated", 100 * b->availability,
            100 * b->ci_lo, 100 * b->ci_hi);
    fprintf(f, "what to improve first (nines when the law's mean time to fail or "
               "to repair is halved or doubled):\n\n");
    for (int c = 0; c < NCOL; c++)
        fprintf(f, "%s%*s", c ? "  " : "", c == 1 ? -(int)w[c] : (int)w[c], head[c]);
    fputc('\n', f);
    for (int i = 0; i < s->n_rows; i++) {
        for (int c = 0; c < NCOL; c++)
            fprintf(f, "%s%*s", c ? "  " : "", c == 1 ? -(int)w[c] : (int)w[c], cell[i][c]);
        fputc('\n', f);
    }
    free(cell);
    fputc('\n', f);
    if (!isnan(s->delay_share))
        fprintf(f, "failover and recovery delays (no part down): %.1f%% of system downtime\n",
                100 * s->delay_share);
    else
        fprintf(f, "downtime share: not measured\n");
    if (any_approx)
        fprintf(f, "~ importance from the solver's approximation%s\n",
                any_solver_approx ? " (one central difference)" : "");
    if (any_sim && s->change_trials < s->o.trials)
        fprintf(f, "simulation: changes simulated with seed %llu, %lld trials each, against "
                   "the design run on the same %lld histories (common random numbers), "
                   "added to the design's nines\n",
                (unsigned long long)s->o.seed, s->change_trials, s->change_trials);
    else if (any_sim)
        fprintf(f, "simulation: changes simulated with seed %llu, %lld trials\n",
                (unsigned long long)s->o.seed, s->o.trials);
    if (any_solver_approx)
        fprintf(f, "solver ~: the solver's approximation, not simulated (only the %d first "
                   "by it are: --top K, --exhaustive); its gain is against the solver's "
                   "%.3f nines for the design\n",
                s->top, s->solver_nines);
    if (any_maint)
        fprintf(f, "maintenance.NAME: fail /2, fail x2, repair /2, repair x2 are its every /2, "
                   "every x2, duration /2, duration x2\n");
    if (any_error)
        fprintf(f, "maintenance.NAME.error: they are its error x2 (at most 100%%), error /2, "
                   "recovery /2, recovery x2\n");
    if (any_delay)
        fprintf(f, "services.NAME.failover.time, .switchover.time: repair /2, repair x2 are "
                   "that time /2, x2\n");
    if (any_sum)
        fprintf(f, "birnbaum, criticality of a law with several parts: the sums over its "
                   "parts (dA_sys/dA_law), up to its number of parts; a role's row ('LAW on "
                   "HOSTS') gives its parts alone\n");
    fprintf(f, "best gain: nines of the better of fail x2 and repair /2, minus the "
               "design's nines\n");
    if (any_none)
        fprintf(f, "no measurable effect: a simulated gain within two standard errors "
                   "(%.3f nines) of the design's nines\n", s->noise);
    if (any_approx)
        fprintf(f, "ranked by best gain, then by criticality where a simulated gain is "
                   "below %.3f nines (two standard errors)\n", s->noise);
    return 0;
}

/* The ranking as one object; NULL when out of memory (jansson's setters
 * fail on a NULL object or value and free what they could not set). */
static json_t *sensitivity_json(const sens *s)
{
    const mc_figures *b = &s->base->system;
    json_t *o = json_object(), *ci = json_array();
    int err = json_object_set_new(o, "name", cli_json_text(s->topo->name));
    /* --view (Y16): the view ranked by (its nines, availability and ci95
       below), or null for the system */
    err |= json_object_set_new(o, "view", s->o.view ? cli_json_text(s->o.view) : json_null());
    err |= json_object_set_new(o, "nines", cli_json_number(s->base_nines));
    err |= json_object_set_new(o, "exact", json_boolean(s->base_exact));
    err |= json_object_set_new(o, "availability", cli_json_number(b->availability));
    err |= json_array_append_new(ci, cli_json_number(b->ci_lo));
    err |= json_array_append_new(ci, cli_json_number(b->ci_hi));
    err |= json_object_set_new(o, "ci95", ci);
    err |= json_object_set_new(o, "trials", json_integer(s->base->trials));
    err |= json_object_set_new(o, "seed", json_integer((json_int_t)s->base->seed));
    err |= cli_exp_json(o, s->base); /* the exponential sampler (issue 18) */
    err |= json_object_set_new(o, "delays_share", cli_json_number(s->delay_share));
    /* fast mode: how many rows were simulated and on how many histories;
       the solver's figure the approximate rows' gains are taken against */
    err |= json_object_set_new(o, "top", s->exhaustive || s->base_exact ? json_null()
                                                                        : json_integer(s->top));
    err |= json_object_set_new(o, "change_trials", json_integer(s->change_trials));
    err |= json_object_set_new(o, "solver_nines", cli_json_number(s->solver_nines));
    json_t *laws = json_array();
    for (int i = 0; i < s->n_rows; i++) {
        const law_row *r = &s->rows[i];
        json_t *l = json_object();
        err |= json_object_set_new(l, "law", cli_json_text(r->name));
        /* a maintenance row says what it changes; a law's row is as it was */
        static const char *const kinds[] = {"law", "maintenance", "maintenance-error",
                                            "role", "failover", "switchover"};
        if (r->kind != STUDY_ROW_LAW)
            err |= json_object_set_new(l, "kind", json_string(kinds[r->kind]));
        err |= json_object_set_new(l, "parts", json_integer(r->imp.parts));
        err |= json_object_set_new(l, "law_availability", cli_json_number(r->imp.availability));
        err |= json_object_set_new(l, "birnbaum", cli_json_number(r->imp.birnbaum));
        err |= json_object_set_new(l, "criticality", cli_json_number(r->imp.criticality));
        /* a law's importance sums over its parts: per part it is within [0, 1] */
        if (r->kind == STUDY_ROW_LAW || r->kind == STUDY_ROW_ROLE) {
            double parts = r->imp.parts > 0 ? r->imp.parts : NAN;
            err |= json_object_set_new(l, "birnbaum_per_part",
                                       cli_json_number(r->imp.birnbaum / parts));
            err |= json_object_set_new(l, "criticality_per_part",
                                       cli_json_number(r->imp.criticality / parts));
        }
        err |= json_object_set_new(l, "downtime_share", cli_json_number(r->share));
        /* its own keys (nines_every_half, ...) */
        for (int c = 0; c < N_CHANGES; c++) {
            char key[48];
            if (!*study_change_name(r->kind, c))
                continue; /* a delay's two changes only */
            snprintf(key, sizeof key, "nines_%s", study_change_name(r->kind, c));
            err |= json_object_set_new(l, key, cli_json_number(r->nines[c]));
        }
        /* within two standard errors: no number to act on */
        err |= json_object_set_new(l, "gain", r->measurable ? cli_json_number(r->gain)
                                                            : json_null());
        err |= json_object_set_new(l, "measurable", json_boolean(r->measurable));
        err |= json_object_set_new(l, "exact", json_boolean(r->exact));
        err |= json_object_set_new(l, "source", json_string(study_source_name(r->source)));
        err |= json_array_append_new(laws, l);
    }
    err |= json_object_set_new(o, "laws", laws);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The tornado chart: per law, nines with the time to fail halved..doubled
 * and with the time to repair doubled..halved, around the design's nines. */
static int draw_chart(const char *out, const sens *s)
{
    if (!s->n_rows) {
        cli_error("cannot draw the chart '%s': the design has no law that can fail", out);
        return EXIT_BADINPUT;
    }
    plot_tornado_row *rows = calloc((size_t)s->n_rows, sizeof *rows);
    char err[512] = "";
    if (!rows) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 0; i < s->n_rows; i++) {
        const law_row *r = &s->rows[i];
        rows[i].label = r->name;
        /* a delay has no "how often": its first bar is a dot at the design */
        rows[i].lo[0] = isnan(r->nines[FAIL_HALF]) ? s->base_nines : r->nines[FAIL_HALF];
        rows[i].hi[0] = isnan(r->nines[FAIL_DOUBLE]) ? s->base_nines : r->nines[FAIL_DOUBLE];
        rows[i].lo[1] = r->nines[REPAIR_DOUBLE];
        rows[i].hi[1] = r->nines[REPAIR_HALF];
    }
    plot_tornado c = {0};
    char title[512];
    snprintf(title, sizeof title, "%s: what to improve first", s->topo->name);
    c.title = title;
    c.x_label = "nines of the design (-log10 of unavailability)";
    c.bar_label[0] = "mean time to fail halved .. doubled";
    c.bar_label[1] = "mean time to repair doubled .. halved";
    c.base = s->base_nines;
    c.base_label = "design as it is";
    c.rows = rows;
    c.n = s->n_rows;
    int rc = plot_tornado_draw(out, &c, err, sizeof err);
    free(rows);
    if (rc == PLOT_EINTR) {
        cli_error("interrupted: the chart '%s' was not drawn", out);
        return cli_interrupted_status();
    }
    if (rc != PLOT_OK) {
        cli_error("cannot draw the chart '%s': %s", out, err);
        return cli_exit_of_plot(rc);
    }
    return EXIT_OK;
}

int cmd_sensitivity(int argc, char **argv)
{
    sens s;
    const char *file = NULL, *chart = NULL;
    analytic_result *ar = NULL;
    int status = EXIT_OK;

    memset(&s, 0, sizeof s);
    s.delay_share = NAN;
    s.solver_nines = NAN;
    s.top = 5;
    cli_sim_defaults(&s.o);
    const cli_opt opts[] = {
        {"chart", 0, "OUT", cli_set_chart, &chart,
         .help = "tornado chart: nines of each law's four changes around the\n"
                 "design's nines, most important law on top"},
        {"trials", 0, "N", cli_set_trials, &s.o.trials, .help = "histories per simulation",
         .def = "10000"},
        {"seed", 0, "S", cli_set_seed, &s.o.seed, .help = "seed of every simulation", .def = "1"},
        {"threads", 0, "T", cli_set_threads, &s.o.threads, .help = "worker threads",
         .def = ": online CPUs"},
        {"mission", 0, "D", cli_set_mission, &s.o.mission,
         .help = "length of one history, e.g. 10y", .def = ": the file's"},
        {"db", 0, "PATH", cli_set_db, &s.o.db, .help = "results database for the base run",
         .def = "nines.db", .more = ";\n--no-db: don't store"},
        {"no-db", 0, NULL, cli_set_flag, &s.o.no_db, .help = NULL},
        {"json", 0, NULL, cli_set_flag, &s.o.json,
         .help = "{\"laws\": [{\"law\": NAME, \"birnbaum\": x, \"criticality\": x,\n"
                 "\"downtime_share\": x, \"nines_fail_half\": x, ...}, ...]}"},
        {"top", 0, "K", set_top, &s.top,
         .help = "on a design the solver is not exact on, simulate the\n"
                 "changes of the K rows the solver ranks first; the others\n"
                 "keep the solver's approximation", .def = "5"},
        {"exhaustive", 0, NULL, cli_set_flag, &s.exhaustive,
         .help = "simulate every change of every row with --trials (slow)"},
        {"quiet", 'q', NULL, cli_set_flag, &s.o.quiet, .help = "no progress bar"},
        {"view", 0, "NAME", cli_set_text, &s.o.view,
         .help = "rank by this view's availability (downtime), not the system's",
         .def = ": the system"},
        CLI_OPT_EXP_SAMPLER(s.o), /* issue 18 */
        {"help", 'h', .help = NULL},
        {0}};
    const cli_cmd spec = {
        .name = "sensitivity",
        .synopsis = "usage: nines sensitivity FILE [--chart OUT.svg|.png|.pdf] [--trials N]\n"
                    "                         [--seed S] [--threads T] [--mission D]\n"
                    "                         [--top K | --exhaustive] [--db PATH | --no-db]\n"
                    "                         [--json] [--quiet] [--view NAME]\n"
                    "                         [--exp-sampler ziggurat|inverse]\n"
                    "\n"
                    "What to improve first: for every law of the design (each profile, each\n"
                    "inline law), its Birnbaum and criticality importance, the share of the\n"
                    "system's downtime during which it was down, and the nines when its mean\n"
                    "time to fail is halved or doubled and its mean time to repair halved or\n"
                    "doubled. Laws are ranked by the gain in nines of the better improvement\n"
                    "(fail x2 or repair /2), then by criticality.\n"
                    "\n",
        .notes = "\n"
                 "Importance comes from the analytic solver (exact where it is exact);\n"
                 "the nines of the changes come from the solver where it is exact. Where it\n"
                 "is not, the solver's approximation ranks every row and the K first (--top)\n"
                 "are simulated on fewer histories against the design run on the same ones\n"
                 "(same seed as the base run); the column 'from' says which. See\n"
                 "docs/sensitivity.md.\n",
        .column = 14, .opts = opts, .args_name = "topology file", .args_max = 1, .args = &file};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (!file) {
        cli_error("sensitivity needs a topology file (try 'nines sensitivity --help')");
        return EXIT_BADINPUT;
    }
    if (!(s.topo = cli_load(file, NULL, &status)))
        return status;
    status = EXIT_OK;
    /* --view (Y16): the view becomes the system of the design ranked */
    if ((status = cli_view_check(s.topo, s.o.view)) != EXIT_OK)
        goto done;
    if (s.o.view && !strcmp(s.o.view, "system"))
        s.o.view = NULL;
    if (s.o.view && s.topo->frozen_when_down) {
        cli_error("sensitivity --view: '%s' has frozen-when-down: true, whose clocks stop "
                  "with the system, not the view; rank by the system (leave out --view)", file);
        status = EXIT_BADINPUT;
        goto done;
    }
    cli_view_as_system(s.topo, s.o.view);
    int arc = analytic_solve(s.topo, &ar);
    if (arc) {
        if (arc == TOPO_ETOOBIG)
            cli_error("'%s' is too large for the analytic solver that sensitivity uses (docs/limits.md)", file);
        else
            cli_error("out of memory");
        status = cli_exit_of_topo(arc);
        goto done;
    }
    s.base_exact = ar->system.exact;
    if (!s.base_exact)
        s.solver_nines = units_nines(ar->system.availability);
    /* fast mode: study/ sizes the changes' runs by the rows it simulates */
    s.change_trials = s.exhaustive ? s.o.trials : 0;

    cli_install_signals();
    {
        char started[32];
        long long run_id = 0;
        cli_now_utc(started, sizeof started);
        int st = simulate(&s, s.topo, s.topo->name, 1, &s.base);
        /* the base run is stored, partial if a signal cut it short */
        int stored = EXIT_OK;
        if (s.base) {
            int n_conv = s.base->n_conv;
            if (s.o.view) { /* --view (Y16): stored as `run` stores it */
                swap_stored(s.base, s.topo, s.o.view);
                s.base->n_conv = 0;
            }
            stored = cli_store_run(&s.o, s.topo, s.base, started, &run_id);
            if (s.o.view) {
                swap_stored(s.base, s.topo, s.o.view);
                s.base->n_conv = n_conv;
            }
        }
        if (st != EXIT_OK) {
            status = st;
            goto done;
        }
        if (stored != EXIT_OK)
            status = EXIT_RUNTIME;
    }
    s.base_nines = study_base_nines(ar, s.base);
    s.noise = study_noise(s.base);
    {
        int st = analyse_laws(&s);
        if (st != EXIT_OK) {
            status = st;
            goto done;
        }
    }
    study_law_shares(s.base, s.topo->n_laws, s.rows, s.n_rows, &s.delay_share);

    if (s.o.json) {
        int st = cli_json_print(stdout, sensitivity_json(&s));
        if (st != EXIT_OK && status == EXIT_OK)
            status = st;
    } else if (print_table(stdout, &s)) {
        cli_error("out of memory: the table could not be printed");
        if (status == EXIT_OK)
            status = EXIT_RUNTIME;
    }
    fflush(stdout);
    if (chart && !*cli_stop_flag() && mc_mpi_rank() == 0) { /* MPI: rank 0 draws */
        int st = draw_chart(chart, &s);
        if (st != EXIT_OK)
            status = st;
        else if (!s.o.json && !s.o.quiet)
            fprintf(stderr, "nines: chart written to %s\n", chart);
    }
    if (*cli_stop_flag() && (status == EXIT_OK || status == EXIT_RUNTIME))
        status = cli_interrupted_status();

done:
    analytic_result_free(ar);
    mc_result_free(s.base);
    study_rows_free(s.rows, s.n_rows);
    topo_free(s.topo);
    return status;
}
