/* cli/cmd_sweep.c — `nines sweep FILE --set PATH=VALUES [--set ...]`: runs a
 * design at every value of one parameter (or every point of a grid of
 * several), prints availability against the parameter and draws it.
 *
 * DESIGN: every point is loaded first (the loader applies the overrides, so
 * a bad PATH or VALUE is reported with the loader's diagnostics, exit 1,
 * before anything runs). Points then run one after another, each with every
 * worker thread, and all with the SAME seed: trial i of every point draws from
 * stream (seed, i), so neighbouring points share their random numbers (common
 * random numbers) and the curve is smooth. The exact value comes from
 * analytic_solve at each point (null where the solver is approximate). Each
 * point is stored like a `run`, named "NAME [PATH=VALUE, ...]". The grid (its
 * size, each point's values, its run's name) is study/'s (study_grid_*).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../plots/plot.h"

enum { MAX_AXES = 8, MAX_POINTS = 10000 };

/* --set PATH=VALUES: one more axis. */
typedef struct axes_dest {
    sweep_axis *ax;
    int *n;
} axes_dest;

static int set_axis(void *dest, const char *flag, const char *value)
{
    axes_dest *d = dest;
    sweep_axis *ax = d->ax;
    char why[512];
    if (*d->n == MAX_AXES) {
        cli_error("too many %s (at most %d)", flag, MAX_AXES);
        return -1;
    }
    if (sweep_axis_parse(value, &ax[*d->n], why, sizeof why)) {
        cli_error("%s", why);
        return -1;
    }
    for (int k = 0; k < *d->n; k++)
        if (!strcmp(ax[k].path, ax[*d->n].path)) {
            cli_error("%s %s is given twice", flag, ax[k].path);
            (*d->n)++; /* released with the others */
            return -1;
        }
    (*d->n)++;
    return 0;
}

typedef struct point {
    int *idx;           /* value index on each axis */
    topology *topo;
    analytic_result *exact;
    mc_result *res;
    long long run_id;
    int view;           /* --view (Y16): the headline view's index, or -1 */
} point;

static int point_exact(const point *p, double *a)
{
    const analytic_figure *f = !p->exact ? NULL : p->view >= 0 ? &p->exact->views[p->view]
                                                               : &p->exact->system;
    if (!f || !f->exact)
        return 0;
    *a = f->availability;
    return 1;
}

/* Returns 0, or -1 when out of memory (nothing printed). */
static int print_table(FILE *f, const point *pts, int n, const sweep_axis *ax, int n_ax)
{
    int ncol = n_ax + 4;
    const char *head[MAX_AXES + 4];
    size_t w[MAX_AXES + 4];
    char (*cell)[MAX_AXES + 4][128] = calloc((size_t)n, sizeof *cell);
    int few = 0;
    if (!cell)
        return -1;
    for (int a = 0; a < n_ax; a++)
        head[a] = ax[a].path;
    head[n_ax] = "availability [95% interval]";
    head[n_ax + 1] = "nines";
    head[n_ax + 2] = "downtime/yr";
    head[n_ax + 3] = "exact";
    for (int c = 0; c < ncol; c++)
        w[c] = strlen(head[c]);
    for (int i = 0; i < n; i++) {
        const mc_figures *s = &pts[i].res->system;
        int dec = cli_percent_decimals(s->nines);
        double ex;
        for (int a = 0; a < n_ax; a++)
            snprintf(cell[i][a], sizeof cell[i][a], "%s", ax[a].values[pts[i].idx[a]]);
        cli_trust tr;
        cli_trust_of(pts[i].res, s, &tr);
        few |= tr.few;
        if (tr.outages == 0) /* never a silent 100%: the bound, not an interval */
            snprintf(cell[i][n_ax], sizeof cell[i][n_ax], "no downtime [U < %.2g]", tr.u_upper);
        else
            snprintf(cell[i][n_ax], sizeof cell[i][n_ax], "%.*f%% [%.*f, %.*f]%s", dec,
                     100 * s->availability, dec, 100 * s->ci_lo, dec, 100 * s->ci_hi,
                     tr.few ? "*" : "");
        cli_format_nines(cell[i][n_ax + 1], sizeof cell[i][n_ax + 1], pts[i].res, s);
        cli_format_minutes(cell[i][n_ax + 2], sizeof cell[i][n_ax + 2], s->downtime_min_per_year);
        if (point_exact(&pts[i], &ex))
            snprintf(cell[i][n_ax + 3], sizeof cell[i][n_ax + 3], "%.*f%%",
                     cli_percent_decimals(units_nines(ex)), 100 * ex);
        else
            snprintf(cell[i][n_ax + 3], sizeof cell[i][n_ax + 3], "-");
        for (int c = 0; c < ncol; c++)
            if (cli_text_cols(cell[i][c]) > w[c])
                w[c] = cli_text_cols(cell[i][c]);
    }
    for (int c = 0; c < ncol; c++)
        fprintf(f, "%s%-*s", c ? "  " : "", c == ncol - 1 ? 0 : (int)w[c], head[c]);
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < ncol; c++) { /* padded by terminal columns: "\u2265" is one */
            size_t cols = cli_text_cols(cell[i][c]);
            int fill = cols < w[c] ? (int)(w[c] - cols) : 0;
            fprintf(f, "%s%*s%s%*s", c ? "  " : "", c < n_ax ? 0 : fill, "", cell[i][c],
                    c < n_ax ? fill : 0, "");
        }
        fputc('\n', f);
    }
    free(cell);
    const mc_result *r0 = pts[0].res;
    int same_mission = 1;
    char mission[32];
    for (int i = 1; i < n; i++)
        same_mission &= pts[i].res->mission_hours == r0->mission_hours;
    if (same_mission)
        snprintf(mission, sizeof mission, "histories of %s",
                 units_format_duration(r0->mission_hours, (char[24]){0}, 24));
    else
        snprintf(mission, sizeof mission, "histories");
    fprintf(f, "\n%lld %s per point, seed %llu at every point (common random numbers)\n",
            r0->trials, mission, (unsigned long long)r0->seed);
    fprintf(f, "exact: the analytic steady state ('-' where the solver is approximate)\n");
    if (few)
        fprintf(f, "*: fewer than %d system outages: the interval is not to be trusted; "
                   "no downtime: U < x is a one-sided 95%% bound (docs/method.md)\n",
                MC_TRUST_OUTAGES);
    int n_rare = 0; /* rare events (issue 18): the points, numbered */
    for (int i = 0; i < n; i++)
        if (pts[i].res && pts[i].res->rare)
            fprintf(f, "%s%d", n_rare++ ? ", " : "importance sampling (--rare; docs/rare-events.md) at point ", i + 1);
    if (n_rare)
        fputc('\n', f);
    return 0;
}

/* The points as one object; NULL when out of memory (jansson's setters
 * fail on a NULL object or value and free what they could not set). */
static json_t *sweep_json(const point *pts, int n, const sweep_axis *ax, int n_ax)
{
    json_t *o = json_object(), *list = json_array();
    int err = 0;
    for (int i = 0; i < n; i++) {
        const mc_figures *s = &pts[i].res->system;
        double ex;
        json_t *p = json_object(), *set = json_object(), *ci = json_array();
        for (int a = 0; a < n_ax; a++)
            err |= cli_json_set(set, ax[a].path, cli_json_text(ax[a].values[pts[i].idx[a]]));
        err |= json_object_set_new(p, "set", set);
        err |= json_object_set_new(p, "availability", cli_json_number(s->availability));
        err |= json_array_append_new(ci, cli_json_number(s->ci_lo));
        err |= json_array_append_new(ci, cli_json_number(s->ci_hi));
        err |= json_object_set_new(p, "ci95", ci);
        err |= json_object_set_new(p, "exact",
                                   point_exact(&pts[i], &ex) ? cli_json_number(ex) : json_null());
        err |= json_object_set_new(p, "nines", cli_json_number(s->nines));
        err |= cli_trust_json(p, pts[i].res, s);
        err |= json_object_set_new(p, "downtime_minutes_per_year",
                                   cli_json_number(s->downtime_min_per_year));
        err |= json_object_set_new(p, "trials", json_integer(pts[i].res->trials));
        err |= json_object_set_new(p, "seed", json_integer((json_int_t)pts[i].res->seed));
        err |= json_object_set_new(p, "run_id", json_integer(pts[i].run_id));
        err |= cli_rare_json(p, pts[i].res); /* rare events (issue 18) */
        err |= cli_exp_json(p, pts[i].res);  /* the exponential sampler (issue 18) */
        err |= json_array_append_new(list, p);
    }
    err |= json_object_set_new(o, "points", list);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Draws nines against the first axis with the simulated interval as a band
 * and the exact value as a line, one pair of series per value of the second
 * axis. Returns an exit status. */
static int draw_chart(const char *out, const char *title, const point *pts, int n,
                      const sweep_axis *ax, int n_ax)
{
    int n_groups = n_ax > 1 ? ax[1].n : 1, n_x = ax[0].n, status = EXIT_OK, any_exact = 0;
    if (n_ax > 2 || n_x * n_groups != n) {
        cli_error("--chart draws at most two parameters (got %d)", n_ax);
        return EXIT_BADINPUT;
    }
    plot_series *ser = calloc((size_t)n_groups * 2, sizeof *ser);
    char (*labels)[2][256] = calloc((size_t)n_groups, sizeof *labels);
    double *buf = calloc((size_t)n * 5, sizeof *buf);
    if (!ser || !labels || !buf) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    int numeric = 1;
    double xmin = INFINITY, xmax = -INFINITY, xscale = 1, hours;
    char unit_word[64];
    /* the x axis in the unit of the data: durations (hours) drawn as time,
       percentages as percent */
    int x_time = units_parse_duration(ax[0].values[0], &hours, unit_word, sizeof unit_word) == 0;
    int x_percent = !x_time && ax[0].values[0][0] &&
                    ax[0].values[0][strlen(ax[0].values[0]) - 1] == '%';
    if (x_time)
        xscale = 60; /* hours -> minutes, which plot_lines_draw labels as s, min, h, d */
    else if (x_percent)
        xscale = 100;
    for (int i = 0; i < n_x; i++) {
        numeric &= !isnan(ax[0].x[i]);
        xmin = fmin(xmin, ax[0].x[i]);
        xmax = fmax(xmax, ax[0].x[i]);
    }
    for (int g = 0; g < n_groups; g++) {
        double *x = buf + (size_t)5 * g * n_x, *y = x + n_x, *lo = y + n_x, *hi = lo + n_x,
               *ex = hi + n_x;
        ser[2 * g] = (plot_series){labels[g][0], n_x, x, y, lo, hi};
        ser[2 * g + 1] = (plot_series){labels[g][1], n_x, x, ex, NULL, NULL};
        if (n_ax > 1) {
            snprintf(labels[g][0], sizeof labels[g][0], "%s = %s (simulated, 95%% interval)",
                     ax[1].path, ax[1].values[g]);
            snprintf(labels[g][1], sizeof labels[g][1], "%s = %s (exact)", ax[1].path,
                     ax[1].values[g]);
        } else {
            snprintf(labels[g][0], sizeof labels[g][0], "simulated"); /* band: "95% interval" */
            snprintf(labels[g][1], sizeof labels[g][1], "exact (analytic)");
        }
    }
    /* points are in row-major order: the last axis varies fastest */
    for (int i = 0; i < n; i++) {
        int xi = pts[i].idx[0], g = n_ax > 1 ? pts[i].idx[1] : 0;
        const mc_figures *f = &pts[i].res->system;
        double *x = buf + (size_t)5 * g * n_x, *y = x + n_x, *lo = y + n_x, *hi = lo + n_x,
               *ex = hi + n_x, a;
        x[xi] = numeric ? ax[0].x[xi] * xscale : xi;
        y[xi] = units_nines(f->availability);
        lo[xi] = units_nines(f->ci_lo);
        hi[xi] = units_nines(f->ci_hi);
        if (f->outages == 0) { /* no outage: only "at least", up to the cap */
            cli_trust tr;
            cli_trust_of(pts[i].res, f, &tr);
            y[xi] = lo[xi] = tr.nines_lower;
            hi[xi] = TOPO_NINES_CAP;
        }
        ex[xi] = point_exact(&pts[i], &a) ? units_nines(a) : NAN;
        any_exact |= !isnan(ex[xi]);
    }
    if (!any_exact) /* no exact series: draw only the simulated ones */
        for (int g = 0; g < n_groups; g++)
            ser[g] = ser[2 * g];
    {
        plot_lines c = {0};
        char err[512] = "";
        c.title = title;
        char xl[300];
        if (numeric && x_percent)
            snprintf(xl, sizeof xl, "%s (%%)", ax[0].path);
        else
            snprintf(xl, sizeof xl, "%s", ax[0].path);
        c.x_label = xl;
        c.x_minutes = numeric && x_time;
        c.y_label = "nines";
        c.y_nines = 1;
        c.x_log = numeric && xmin > 0 && xmax / xmin >= 20;
        c.x_ticks = numeric ? NULL : (const char *const *)ax[0].values;
        c.series = ser;
        c.n_series = any_exact ? 2 * n_groups : n_groups;
        int rc = plot_lines_draw(out, &c, err, sizeof err);
        if (rc == PLOT_EINTR) {
            cli_error("interrupted: the chart '%s' was not drawn", out);
            status = cli_interrupted_status();
        } else if (rc != PLOT_OK) {
            cli_error("cannot draw the chart '%s': %s", out, err);
            status = cli_exit_of_plot(rc);
        }
    }
done:
    free(ser);
    free(labels);
    free(buf);
    return status;
}

int cmd_sweep(int argc, char **argv)
{
    cli_sim o;
    const char *file = NULL, *chart = NULL;
    sweep_axis ax[MAX_AXES];
    int n_ax = 0, n = 0, status = EXIT_OK;
    point *pts = NULL;
    topo_set set[MAX_AXES];

    memset(ax, 0, sizeof ax);
    cli_sim_defaults(&o);
    o.rare = CLI_RARE_AUTO; /* rare events (issue 18) */
    axes_dest axes = {ax, &n_ax};
    const cli_opt opts[] = {
        {"set", 0, "PATH=VALUES", set_axis, &axes,
         .help = "PATH names a number, duration or law of the file:\n"
                 "profiles.server.repair, services.mysql.failover.time,\n"
                 "services.api.need, mission, ...\n"
                 "VALUES: a list 1h,4h,24h; a range 1h..72h:log:8,\n"
                 "1h..72h:lin:5, 99%..99.9%:lin:4; whole numbers 1..5"},
        {"chart", 0, "OUT", cli_set_chart, &chart,
         .help = "availability against the first parameter with the\n"
                 "interval band and the exact line (one line per value\n"
                 "of the second parameter)"},
        {"trials", 0, "N", cli_set_trials, &o.trials, .help = "histories per point",
         .def = "10000"},
        {"seed", 0, "S", cli_set_seed, &o.seed, .help = "the seed of every point", .def = "1"},
        {"threads", 0, "T", cli_set_threads, &o.threads, .help = "worker threads per point",
         .def = ": online CPUs"},
        {"mission", 0, "D", cli_set_mission, &o.mission, .help = "length of one history, e.g. 10y",
         .def = ": the file's"},
        {"db", 0, "PATH", cli_set_db, &o.db, .help = "results database", .def = "nines.db",
         .more = "; --no-db: don't store"},
        {"no-db", 0, NULL, cli_set_flag, &o.no_db, .help = NULL},
        {"json", 0, NULL, cli_set_flag, &o.json,
         .help = "{\"points\": [{\"set\": {...}, \"availability\": x,\n"
                 "\"ci95\": [lo, hi], \"exact\": x or null}, ...]}"},
        {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "no progress bar"},
        CLI_OPT_VIEW(o),
        CLI_OPT_RARE(o),
        CLI_OPT_EXP_SAMPLER(o),
        {"help", 'h', .help = NULL},
        {0}};
    const cli_cmd spec = {
        .name = "sweep",
        .synopsis = "usage: nines sweep FILE --set PATH=VALUES [--set PATH=VALUES ...]\n"
                    "                   [--chart OUT.svg|.png|.pdf] [--trials N] [--seed S]\n"
                    "                   [--threads T] [--mission D] [--db PATH | --no-db]\n"
                    "                   [--json] [--quiet] [--view NAME] [--rare auto|off|is]\n"
                    "                   [--exp-sampler ziggurat|inverse]\n"
                    "\n"
                    "Runs the design at every value of a parameter and prints availability\n"
                    "(with its 95% interval), nines, downtime per year and the exact value\n"
                    "(where the analytic solver is exact) at each point. Two --set make a\n"
                    "grid (every combination). Every point uses the same seed (common random\n"
                    "numbers), so differences between points are not noise; each point is\n"
                    "stored like 'run'.\n"
                    "\n",
        .column = 19, .opts = opts, .args_name = "topology file", .args_max = 1, .args = &file};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed > 0)
        goto done;
    if (parsed < 0)
        goto bad;
    if (!file) {
        cli_error("sweep needs a topology file (try 'nines sweep --help')");
        goto bad;
    }
    if (!n_ax) {
        cli_error("sweep needs at least one --set PATH=VALUES, e.g. "
                  "--set profiles.server.repair=1h,4h,24h");
        goto bad;
    }
    if (chart && n_ax > 2) {
        cli_error("--chart draws at most two parameters (got %d --set)", n_ax);
        goto bad;
    }
    if (study_grid_size(ax, n_ax, MAX_POINTS, &n)) {
        cli_error("too many points in the sweep (at most %d)", MAX_POINTS);
        goto bad;
    }

    if (!(pts = calloc((size_t)n, sizeof *pts))) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    /* load every point first: all bad input is reported before anything runs */
    for (int i = 0; i < n; i++) {
        topo_load_options lo = {.set = set, .n_set = n_ax};
        int st = EXIT_OK;
        if (!(pts[i].idx = calloc((size_t)n_ax, sizeof *pts[i].idx))) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
            goto done;
        }
        study_grid_point(ax, n_ax, i, pts[i].idx, set);
        if (!(pts[i].topo = cli_load(file, &lo, &st))) {
            status = st;
            goto done;
        }
        if ((status = cli_view_check(pts[i].topo, o.view)) != EXIT_OK) /* --view (Y16) */
            goto done;
        pts[i].view = cli_view_target(pts[i].topo, o.view) - 1 - pts[i].topo->n_services;
        int arc = analytic_solve(pts[i].topo, &pts[i].exact);
        if (arc) {
            if (arc == TOPO_ETOOBIG)
                cli_error("'%s' is too large for the analytic solver that sweep uses (docs/limits.md)", file);
            else
                cli_error("out of memory");
            status = cli_exit_of_topo(arc);
            goto done;
        }
    }

    cli_install_signals();
    cli_store_batch batch = {0};
    for (int i = 0; i < n; i++) {
        char label[64], started[32];
        snprintf(label, sizeof label, "point %d/%d", i + 1, n);
        cli_now_utc(started, sizeof started);
        /* the same seed everywhere: common random numbers */
        int rc = cli_simulate(&o, pts[i].topo, label, 0, &pts[i].res);
        if (pts[i].res && study_point_name(pts[i].res, ax, n_ax, pts[i].idx)) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
            goto done;
        }
        if (rc == MC_EINTERRUPTED) {
            if (pts[i].res)
                cli_store_batch_run(&batch, &o, pts[i].topo, pts[i].res, started,
                                    &pts[i].run_id);
            cli_store_batch_done(&batch, &o);
            cli_error("interrupted at point %d of %d", i + 1, n);
            status = cli_interrupted_status();
            goto done;
        }
        if (rc != MC_OK) {
            cli_error("cannot simulate point %d of '%s': %s", i + 1, file, mc_strerror(rc));
            status = cli_exit_of_mc(rc);
            goto done;
        }
        if (cli_store_batch_run(&batch, &o, pts[i].topo, pts[i].res, started,
                                &pts[i].run_id) != EXIT_OK)
            status = EXIT_RUNTIME;
    }
    cli_store_batch_done(&batch, &o);
    for (int i = 0; i < n; i++) /* --view (Y16): stored as run, shown with the view */
        cli_view_headline(pts[i].res, o.view);

    if (o.json) {
        int st = cli_json_print(stdout, sweep_json(pts, n, ax, n_ax));
        if (st != EXIT_OK && status == EXIT_OK)
            status = st;
    } else if (print_table(stdout, pts, n, ax, n_ax)) {
        cli_error("out of memory: the table could not be printed");
        if (status == EXIT_OK)
            status = EXIT_RUNTIME;
    }
    fflush(stdout);
    if (chart && !*cli_stop_flag() && mc_mpi_rank() == 0) { /* MPI: rank 0 draws */
        int st = draw_chart(chart, pts[0].topo->name, pts, n, ax, n_ax);
        if (st != EXIT_OK)
            status = st;
        else if (!o.json && !o.quiet)
            fprintf(stderr, "nines: chart written to %s\n", chart);
    }
    if (*cli_stop_flag() && (status == EXIT_OK || status == EXIT_RUNTIME))
        status = cli_interrupted_status();
    goto done;

bad:
    status = EXIT_BADINPUT;
done:
    if (pts)
        for (int i = 0; i < n; i++) {
            free(pts[i].idx);
            topo_free(pts[i].topo);
            analytic_result_free(pts[i].exact);
            mc_result_free(pts[i].res);
        }
    free(pts);
    for (int a = 0; a < n_ax; a++)
        sweep_axis_release(&ax[a]);
    return status;
}
