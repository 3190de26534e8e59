/* cli/cmd_compare.c — `nines compare FILE...`: runs several designs with the
 * same seed and trials, stores each run like `run`, and sets each against the
 * band a reference table publishes for it (the flagship comparison).
 *
 * DESIGN: every file is loaded first (all errors of all files are reported
 * before anything runs). The reference table is the one --reference names, or
 * else the one whose rows match the most `reference:` keys of the designs.
 * Each design's band and verdict (its 95% interval against the band) come
 * from study/ (study_band, study_verdict).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "compare_panels.h"
#include "../data/store.h"
#include "../plots/plot.h"
#include "../study/study.h"

/* --reference NAME: a table's name, not "". */
static int set_reference(void *dest, const char *flag, const char *value)
{
    if (!*value) {
        cli_error("%s needs a table name such as mysqlperformanceblog-2009", flag);
        return -1;
    }
    *(const char **)dest = value;
    return 0;
}

typedef struct design {
    const char *path;
    topology *topo;
    mc_result *res;
    long long run_id;
    int has_band;
    double lo, hi;
    const char *verdict;
    const char *verdict_unplanned; /* the unplanned availability against the band */
    cli_paired paired;   /* this design - the first (Y16), designs 1 .. n-1 */
    const char *first;   /* the first design's file */
} design;

static void fmt_percent(char *buf, size_t n, double ratio, int dec)
{
    snprintf(buf, n, "%.*f", dec, 100.0 * ratio);
}

/* A band as people write it: "99.9%", "98-99.9%". */
static void fmt_band(char *buf, size_t n, const design *d)
{
    if (!d->has_band) {
        snprintf(buf, n, "-");
        return;
    }
    if (d->lo == d->hi)
        snprintf(buf, n, "%.10g%%", 100.0 * d->lo);
    else
        snprintf(buf, n, "%.10g-%.10g%%", 100.0 * d->lo, 100.0 * d->hi);
}

enum { NCOL = 12 };

/* The planned share of the design's downtime ("12%"; "-" when never down)
 * and the largest cause ("failure"; "-" likewise). */
static void fmt_causes(char *planned, size_t np, char *largest, size_t nl, const mc_figures *s)
{
    int order[CAUSE_N];
    double p = study_planned_share(s);
    if (isnan(p))
        snprintf(planned, np, "-");
    else if (p > 0 && p < 0.01)
        snprintf(planned, np, "%.1g%%", 100 * p);
    else
        snprintf(planned, np, "%.0f%%", 100 * p);
    snprintf(largest, nl, "%s", study_causes_ranked(s, order) ? topo_cause_name(order[0]) : "-");
}

/* The spaces that fill a column of w terminal columns after s. */
static int pad(size_t w, const char *s)
{
    size_t c = cli_text_cols(s);
    return c < w ? (int)(w - c) : 0;
}

/* The unplanned availability ("99.95%"; "-" for a run stored before nines
 * kept causes) and the seconds of writes lost per year over the design's
 * services ("2.3 s"; "-" when no service has data-loss figures). */
static void fmt_unplanned_loss(char *unpl, size_t nu, char *lost, size_t nl, const mc_result *r)
{
    const mc_figures *s = &r->system;
    int known;
    if (isnan(s->availability_unplanned))
        snprintf(unpl, nu, "-");
    else
        snprintf(unpl, nu, "%.*f%%", cli_percent_decimals(s->nines), 100 * s->availability_unplanned);
    double sec = study_loss_seconds(r->services, r->n_services, &known);
    if (!known)
        snprintf(lost, nl, "-");
    else if (sec >= 100)
        snprintf(lost, nl, "%.0f s", sec);
    else
        snprintf(lost, nl, "%.2g s", sec);
}

/* Returns 0, or -1 when out of memory (nothing printed). */
static int print_table(FILE *f, const design *ds, int n, const ref_table *ref)
{
    static const char *const head[NCOL] = {
        "design", "availability [95% interval]", "nines", "downtime/yr",
        "P95 year", "planned", "largest cause", "unplanned", "lost/yr", "reference", "verdict",
        "verdict unplanned"};
    char (*cell)[NCOL][160] = calloc((size_t)n, sizeof *cell);
    size_t w[NCOL];
    int few = 0, none = 0;
    if (!cell)
        return -1;
    for (int c = 0; c < NCOL; c++)
        w[c] = strlen(head[c]);
    for (int i = 0; i < n; i++) {
        const mc_figures *s = &ds[i].res->system;
        int dec = cli_percent_decimals(s->nines);
        char a[48], lo[48], hi[48];
        fmt_percent(a, sizeof a, s->availability, dec);
        fmt_percent(lo, sizeof lo, s->ci_lo, dec);
        fmt_percent(hi, sizeof hi, s->ci_hi, dec);
        if (ds[i].res->partial)
            snprintf(cell[i][0], sizeof cell[i][0], "%s (partial: %lld trials)",
                     ds[i].res->name, ds[i].res->trials);
        else
            snprintf(cell[i][0], sizeof cell[i][0], "%s", ds[i].res->name);
        cli_trust tr;
        cli_trust_of(ds[i].res, s, &tr);
        few |= tr.few && tr.outages > 0;
        none |= tr.outages == 0;
        /* never a silent 100%: no outage gives a bound, not an interval */
        if (tr.outages == 0)
            snprintf(cell[i][1], sizeof cell[i][1], "no downtime [U < %.2g]", tr.u_upper);
        else
            snprintf(cell[i][1], sizeof cell[i][1], "%s%% [%s, %s]%s", a, lo, hi,
                     tr.few ? "*" : "");
        cli_format_nines(cell[i][2], sizeof cell[i][2], ds[i].res, s);
        cli_format_minutes(cell[i][3], sizeof cell[i][3], s->downtime_min_per_year);
        cli_rare_minutes(cell[i][4], sizeof cell[i][4], s->year_p95); /* '-' under IS */
        fmt_causes(cell[i][5], sizeof cell[i][5], cell[i][6], sizeof cell[i][6], s);
        fmt_unplanned_loss(cell[i][7], sizeof cell[i][7], cell[i][8], sizeof cell[i][8], ds[i].res);
        fmt_band(cell[i][9], sizeof cell[i][9], &ds[i]);
        snprintf(cell[i][10], sizeof cell[i][10], "%s", ds[i].verdict);
        snprintf(cell[i][11], sizeof cell[i][11], "%s", ds[i].verdict_unplanned);
        for (int c = 0; c < NCOL; c++)
            if (cli_text_cols(cell[i][c]) > w[c])
                w[c] = cli_text_cols(cell[i][c]);
    }
    /* text columns left-aligned, figures right-aligned */
    static const int right[NCOL] = {0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0};
    /* without any band, the reference and verdict columns say nothing */
    int any_band = 0;
    for (int i = 0; i < n; i++)
        any_band |= ds[i].has_band;
    int ncol = any_band ? NCOL : NCOL - 3;
    for (int c = 0; c < ncol; c++) {
        if (c == ncol - 1 && !right[c])
            fprintf(f, "  %s", head[c]);
        else
            fprintf(f, "%s%*s", c ? "  " : "", right[c] ? (int)w[c] : -(int)w[c], head[c]);
    }
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < ncol; c++) {
            if (c == ncol - 1 && !right[c])
                fprintf(f, "  %s", cell[i][c]);
            else /* padded by terminal columns: "\u2265" is one */
                fprintf(f, "%s%*s%s%*s", c ? "  " : "", right[c] ? pad(w[c], cell[i][c]) : 0, "",
                        cell[i][c], right[c] ? 0 : pad(w[c], cell[i][c]), "");
        }
        fputc('\n', f);
    }
    free(cell);
    const mc_result *r0 = ds[0].res;
    fprintf(f, "\n%lld trials of %.10g years per design, seed %llu", r0->trials_requested,
            r0->mission_hours / 8760.0, (unsigned long long)r0->seed);
    if (ref) {
        /* the first two lines of the source: author and title, then where */
        /* (a table's text is shown, never obeyed by the terminal) */
        const char *src = ref->source;
        size_t len = strcspn(src, "\n");
        char line[1024], shown[1024];
        fprintf(f, "; reference %s", cli_term(shown, sizeof shown, ref->name));
        if (len) {
            snprintf(line, sizeof line, "%.*s", (int)len, src);
            fprintf(f, ":\n  %s", cli_term(shown, sizeof shown, line));
        }
        if (src[len] == '\n' && src[len + 1] && src[len + 1] != '\n') {
            src += len + 1;
            snprintf(line, sizeof line, "%.*s", (int)strcspn(src, "\n"), src);
            fprintf(f, "\n  %s", cli_term(shown, sizeof shown, line));
        }
    } else {
        fprintf(f, "; no reference table");
    }
    fputc('\n', f);
    if (few)
        fprintf(f, "*: fewer than %d system outages: the interval is not to be trusted\n",
                MC_TRUST_OUTAGES);
    int n_rare = 0; /* rare events (issue 18) */
    for (int i = 0; i < n; i++)
        cli_rare_footnote(f, ds[i].res, i, &n_rare);
    if (n_rare)
        fputc('\n', f);
    if (none)
        fprintf(f, "no downtime: no outage in any trial; U < x is a one-sided 95%% bound on "
                   "the unavailability (\u2265 N nines), from the trials alone "
                   "(docs/method.md)\n");
    if (any_band)
        fprintf(f, "verdict: the 95%% interval against the published band "
                   "(within: they meet; above/below: wholly outside); verdict unplanned: "
                   "the same for the unplanned availability\n");
    fprintf(f, "unplanned: availability without planned maintenance; lost/yr: seconds of "
               "writes lost per year (docs/semantics.md, \"Data loss\"; - : no replication "
               "modelled)\n");
    return 0;
}

/* The run's JSON object with our keys in front: {"file":..., ..., <run's
 * keys>}; NULL when out of memory (jansson's setters fail on a NULL object
 * or value and free what they could not set). */
static json_t *design_json(const design *d)
{
    json_t *o = json_object(), *run = cli_run_json(d->res);
    int err = !run;
    err |= json_object_set_new(o, "file", cli_json_text(d->path));
    err |= json_object_set_new(o, "reference",
                               d->topo->reference ? cli_json_text(d->topo->reference) : json_null());
    json_t *band = d->has_band ? json_array() : json_null();
    if (d->has_band) {
        err |= json_array_append_new(band, cli_json_number(d->lo));
        err |= json_array_append_new(band, cli_json_number(d->hi));
    }
    err |= json_object_set_new(o, "band", band);
    err |= json_object_set_new(o, "verdict", cli_json_text(d->verdict));
    err |= json_object_set_new(o, "verdict_unplanned", cli_json_text(d->verdict_unplanned));
    int known;
    double lost = study_loss_seconds(d->res->services, d->res->n_services, &known);
    err |= json_object_set_new(o, "data_loss_seconds_per_year",
                               known ? cli_json_number(lost) : json_null());
    err |= json_object_set_new(o, "run_id", d->run_id > 0 ? json_integer(d->run_id) : json_null());
    if (d->paired.known) /* paired with the first design (Y16) */
        err |= json_object_set_new(o, "paired", cli_paired_json(d->first, d->path, &d->paired));
    err |= !o || json_object_update(o, run);
    json_decref(run);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *comparison_json(const design *ds, int n, const ref_table *ref)
{
    json_t *o = json_object(), *reference = ref ? json_object() : json_null();
    int err = 0;
    if (ref) {
        err |= json_object_set_new(reference, "name", cli_json_text(ref->name));
        err |= json_object_set_new(reference, "source", cli_json_text(ref->source));
    }
    err |= json_object_set_new(o, "reference", reference);
    json_t *designs = json_array();
    for (int i = 0; i < n; i++)
        err |= json_array_append_new(designs, design_json(&ds[i]));
    err |= json_object_set_new(o, "designs", designs);
    if (n > 1 && ds[1].paired.known) /* design 2 - design 1 (Y16) */
        err |= json_object_set_new(o, "paired", cli_paired_json(ds[0].path, ds[1].path, &ds[1].paired));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The flagship's second and third panels (issue 15): downtime by cause and
 * writes lost per year, as OUT-causes.EXT and OUT-loss.EXT, rows in the order
 * of the first panel. Returns a PLOT_* code; *failed names the file. */
static int draw_panels(const char *out, const design *ds, int n, const plot_design *bars,
                       char *causes, size_t nc, char *loss, size_t nl, const char **failed,
                       char *err, size_t errlen)
{
    cli_panels p;
    const char **labels = calloc((size_t)n, sizeof *labels);
    const mc_result **res = calloc((size_t)n, sizeof *res);
    double *nines = calloc((size_t)n, sizeof *nines);
    int rc = PLOT_ENOMEM;
    *failed = out;
    if (!cli_panel_path(causes, nc, out, "causes") || !cli_panel_path(loss, nl, out, "loss")) {
        snprintf(err, errlen, "the file name is too long");
        rc = PLOT_EINVALID;
    } else if (labels && res && nines) {
        for (int i = 0; i < n; i++) {
            labels[i] = ds[i].res->name;
            res[i] = ds[i].res;
            nines[i] = bars[i].nines;
        }
        if (cli_panels_make(&p, labels, res, nines, n) == 0) {
            *failed = causes;
            rc = plot_causes_draw(causes, &p.causes, err, errlen);
            if (rc == PLOT_OK) {
                *failed = loss;
                rc = plot_loss_draw(loss, &p.loss, err, errlen);
            }
            cli_panels_free(&p);
        }
    }
    free(labels);
    free(res);
    free(nines);
    return rc;
}

/* Draws the flagship chart: one bar per design (nines with the interval) over
 * the shaded band its reference publishes, then its two panels (draw_panels);
 * on success `written` holds the three files, separated by spaces. Returns an
 * exit status. */
static int draw_chart(const char *out, const design *ds, int n, const ref_table *ref,
                      char *written, size_t wlen)
{
    char err[512] = "";
    plot_design *bars = calloc((size_t)n, sizeof *bars);
    if (!bars) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 0; i < n; i++) {
        const mc_figures *s = &ds[i].res->system;
        bars[i].label = ds[i].res->name;
        bars[i].nines = units_nines(s->availability);
        bars[i].lo = units_nines(s->ci_lo);
        bars[i].hi = units_nines(s->ci_hi);
        if (s->outages == 0) { /* no outage: only "at least", up to the cap */
            cli_trust tr;
            cli_trust_of(ds[i].res, s, &tr);
            bars[i].nines = bars[i].lo = tr.nines_lower;
            bars[i].hi = TOPO_NINES_CAP;
        }
        bars[i].has_band = ds[i].has_band;
        bars[i].band_lo = ds[i].has_band ? units_nines(ds[i].lo) : 0;
        bars[i].band_hi = ds[i].has_band ? units_nines(ds[i].hi) : 0;
        bars[i].band_label = ds[i].has_band ? ds[i].topo->reference : NULL;
    }
    char title[256];
    if (ref)
        snprintf(title, sizeof title, "Nines per design against %s", ref->name);
    else
        snprintf(title, sizeof title, "Nines per design");
    int rc = plot_designs(out, title, bars, n, err, sizeof err);
    const char *failed = out;
    /* the second and third panels (issue 15), beside OUT: OUT-causes.EXT, OUT-loss.EXT */
    char causes[4096], loss[4096];
    if (rc == PLOT_OK) {
        rc = draw_panels(out, ds, n, bars, causes, sizeof causes, loss, sizeof loss, &failed,
                         err, sizeof err);
    }
    free(bars);
    if (rc == PLOT_EINTR) {
        cli_error("interrupted: the chart '%s' was not drawn", failed);
        return cli_interrupted_status();
    }
    if (rc == PLOT_ENOMEM) {
        cli_error("out of memory: the chart '%s' was not drawn", failed);
        return EXIT_RUNTIME;
    }
    if (rc) {
        cli_error("cannot draw the chart '%s': %s", failed, err[0] ? err : plot_strerror(rc));
        return cli_exit_of_plot(rc);
    }
    if (written)
        snprintf(written, wlen, "%s %s %s", out, causes, loss);
    return EXIT_OK;
}

/* Chooses and loads the reference table; returns an exit status. */
static int load_reference(const char *name, design *ds, int n, ref_table **out)
{
    char dir[PATH_MAX], err[1024];
    int rc, any_key = 0;
    *out = NULL;
    for (int i = 0; i < n; i++)
        any_key |= ds[i].topo->reference != NULL;
    if (!name && !any_key)
        return EXIT_OK;
    if ((rc = ref_find_dir(dir, sizeof dir, err, sizeof err))) {
        if (name) {
            cli_error("%s", err);
            return EXIT_BADINPUT;
        }
        fprintf(stderr, "nines: warning: %s; comparing without a reference\n", err);
        return EXIT_OK;
    }
    if (name) {
        rc = ref_load_named(dir, name, out, err, sizeof err);
    } else {
        const char **keys = calloc((size_t)n, sizeof *keys);
        if (!keys) {
            cli_error("out of memory");
            return EXIT_RUNTIME;
        }
        for (int i = 0; i < n; i++)
            keys[i] = ds[i].topo->reference;
        rc = ref_pick(dir, keys, n, out, err, sizeof err);
        free(keys);
    }
    if (rc == REF_ENOTFOUND) {
        cli_error("%s", err);
        return EXIT_BADINPUT;
    }
    if (rc == REF_ENOMEM) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (rc) {
        char shown[2048]; /* a table's diagnostic quotes its text */
        fprintf(stderr, "%s\n", cli_term(shown, sizeof shown, err));
        return EXIT_BADINPUT;
    }
    return EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
    cli_sim o;
    const char *refname = NULL, *chart = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    design *ds = NULL;
    ref_table *ref = NULL;
    int n = 0, status = EXIT_OK;

    if (!files) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    cli_sim_defaults(&o);
    o.rare = CLI_RARE_AUTO; /* rare events (issue 18) */
    const cli_opt opts[] = {
        {"reference", 0, "NAME", set_reference, &refname,
         .help = "a table under data/reference/ (file name without .csv);\n"
                 "default: the table whose rows match the designs'\n"
                 "'reference:' keys"},
        {"chart", 0, "OUT", cli_set_chart, &chart,
         .help = "write the charts (.svg, .png or .pdf) with gnuplot:\n"
                 "OUT (nines), OUT-causes.EXT (downtime by cause)\n"
                 "and OUT-loss.EXT (writes lost per year)"},
        {"trials", 0, "N", cli_set_trials, &o.trials, .help = "histories per design",
         .def = "10000"},
        {"seed", 0, "S", cli_set_seed, &o.seed, .help = "the same seed for every design",
         .def = "1"},
        {"threads", 0, "T", cli_set_threads, &o.threads, .help = "worker threads",
         .def = ": online CPUs"},
        {"mission", 0, "D", cli_set_mission, &o.mission, .help = "length of one history, e.g. 10y",
         .def = ": each file's"},
        {"db", 0, "PATH", cli_set_db, &o.db, .help = "results database", .def = "nines.db",
         .more = "; --no-db: don't store"},
        {"no-db", 0, NULL, cli_set_flag, &o.no_db, .help = NULL},
        {"json", 0, NULL, cli_set_flag, &o.json, .help = "one JSON object: {\"designs\": [...]}"},
        {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "no progress bar"},
        CLI_OPT_VIEW(o),
        CLI_OPT_RARE(o),
        CLI_OPT_EXP_SAMPLER(o),
        {"help", 'h', .help = NULL},
        {0}};
    const cli_cmd spec = {
        .name = "compare",
        .synopsis = "usage: nines compare FILE... [--reference NAME] [--chart OUT.svg|.png|.pdf]\n"
                    "                     [--trials N] [--seed S] [--threads T] [--mission D]\n"
                    "                     [--db PATH | --no-db] [--json] [--quiet] [--view NAME]\n"
                    "                     [--rare auto|off|is] [--exp-sampler ziggurat|inverse]\n"
                    "\n"
                    "Runs every design with the same seed and trials (each stored like 'run'),\n"
                    "prints one table (availability with its 95% interval, nines, downtime per\n"
                    "year, P95 of yearly downtime, the published band and the verdict) and\n"
                    "draws the chart of nines per design over the reference bands, with two\n"
                    "panels beside it: downtime per year split by cause, and writes lost.\n"
                    "\n",
        .notes = "\n"
                 "Verdict: 'within' if the 95% interval meets the band, 'above' or 'below'\n"
                 "if it lies wholly outside it, 'no reference' if the design has no band.\n"
                 "Paired: with two designs or more, each one after the first is set against\n"
                 "the first trial by trial (common random numbers): B - A of downtime per\n"
                 "year and capacity with a 95% interval, and whether it is significant.\n"
                 "Reference folder: $NINES_DATA/reference, ./data/reference, or\n"
                 "PREFIX/share/nines/reference.\n",
        .column = 18, .opts = opts, .args_name = "FILE", .args = files, .n_args = &n};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed > 0) {
        free(files);
        return EXIT_OK;
    }
    if (parsed < 0)
        goto bad;
    if (!n) {
        cli_error("compare needs at least one topology file (try 'nines compare --help')");
        goto bad;
    }

    ds = calloc((size_t)n, sizeof *ds);
    if (!ds) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    for (int i = 0; i < n; i++) {
        int st = EXIT_OK;
        ds[i].path = files[i];
        ds[i].topo = cli_load(files[i], NULL, &st);
        if (!ds[i].topo && (status == EXIT_OK || st == EXIT_RUNTIME))
            status = st;
        if (ds[i].topo && status == EXIT_OK) /* --view (Y16): every design has it */
            status = cli_view_check(ds[i].topo, o.view);
    }
    o.keep_trials = n > 1; /* the paired comparison (Y16) */
    if (status != EXIT_OK)
        goto done;

    if ((status = load_reference(refname, ds, n, &ref)))
        goto done;
    for (int i = 0; i < n; i++) {
        const char *key = ds[i].topo->reference;
        /* --reference given: a design without a key may still match by name */
        ds[i].has_band = study_band(ref, ds[i].topo, refname != NULL, &ds[i].lo, &ds[i].hi);
        char shown[1024];
        if (ref && key && !ds[i].has_band)
            fprintf(stderr, "nines: warning: %s: reference '%s' has no row '%s'\n",
                    cli_term(shown, sizeof shown, files[i]), ref->name, key);
    }

    cli_install_signals();
    int done_n = n; /* designs with figures (fewer if interrupted) */
    cli_store_batch batch = {0};
    for (int i = 0; i < n; i++) {
        char started[32];
        cli_now_utc(started, sizeof started);
        int rc = cli_simulate(&o, ds[i].topo, ds[i].topo->name, 0, &ds[i].res);
        if (rc == MC_EINTERRUPTED) {
            /* what was done is kept: earlier designs whole, this one partial */
            done_n = i;
            if (ds[i].res) {
                ds[i].verdict = study_verdict(&ds[i].res->system, ds[i].has_band, ds[i].lo,
                                              ds[i].hi);
                ds[i].verdict_unplanned = study_verdict_unplanned(&ds[i].res->system,
                                                                  ds[i].has_band, ds[i].lo, ds[i].hi);
                cli_store_batch_run(&batch, &o, ds[i].topo, ds[i].res, started, &ds[i].run_id);
                done_n = i + 1;
                fprintf(stderr, "nines: interrupted: %lld of %lld trials of '%s' done (partial); "
                        "%d of %d designs not run\n", ds[i].res->trials, o.trials,
                        ds[i].topo->name, n - i - 1, n);
            } else {
                fprintf(stderr, "nines: interrupted before any trial of '%s'; %d of %d designs "
                        "not run\n", ds[i].topo->name, n - i, n);
            }
            status = cli_interrupted_status();
            break;
        }
        if (rc != MC_OK) {
            cli_error("cannot simulate '%s': %s", files[i], mc_strerror(rc));
            status = cli_exit_of_mc(rc);
            goto done;
        }
        ds[i].verdict =
            study_verdict(&ds[i].res->system, ds[i].has_band, ds[i].lo, ds[i].hi);
        ds[i].verdict_unplanned =
            study_verdict_unplanned(&ds[i].res->system, ds[i].has_band, ds[i].lo, ds[i].hi);
        if (cli_store_batch_run(&batch, &o, ds[i].topo, ds[i].res, started,
                                &ds[i].run_id) != EXIT_OK)
            status = EXIT_RUNTIME;
    }
    cli_store_batch_done(&batch, &o);
    for (int i = 0; i < done_n; i++) { /* --view and the paired comparison (Y16) */
        cli_view_headline(ds[i].res, o.view);
        ds[i].verdict = study_verdict(&ds[i].res->system, ds[i].has_band, ds[i].lo, ds[i].hi);
        ds[i].first = ds[0].path;
        if (i > 0)
            cli_paired_of(ds[0].res, ds[i].res, &ds[i].paired);
    }

    if (!done_n)
        goto done;
    if (o.json) {
        int st = cli_json_print(stdout, comparison_json(ds, done_n, ref));
        if (st != EXIT_OK && status == EXIT_OK)
            status = st;
    } else if (print_table(stdout, ds, done_n, ref)) {
        cli_error("out of memory: the table could not be printed");
        if (status == EXIT_OK)
            status = EXIT_RUNTIME;
    } else {
        for (int i = 1; i < done_n; i++) /* paired (Y16) */
            if (ds[i].paired.known)
                cli_print_paired(stdout, ds[0].res->name, ds[i].res->name, &ds[i].paired);
    }
    fflush(stdout);
    if (chart && !*cli_stop_flag() && mc_mpi_rank() == 0) { /* MPI: rank 0 draws */
        char written[3 * 4096 + 8], shown[3 * 4096 + 8];
        int st = draw_chart(chart, ds, done_n, ref, written, sizeof written);
        if (st != EXIT_OK)
            status = st;
        else if (!o.json && !o.quiet)
            fprintf(stderr, "nines: charts written to %s\n",
                    cli_term(shown, sizeof shown, written));
    }
    if (*cli_stop_flag() && (status == EXIT_OK || status == EXIT_RUNTIME))
        status = cli_interrupted_status();
    goto done;

bad:
    status = EXIT_BADINPUT;
done:
    if (ds) {
        for (int i = 0; i < n; i++) {
            mc_result_free(ds[i].res);
            topo_free(ds[i].topo);
        }
    }
    free(ds);
    ref_table_free(ref);
    free(files);
    return status;
}
