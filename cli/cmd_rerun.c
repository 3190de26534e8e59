/* cli/cmd_rerun.c — `nines rerun ID`: repeats a stored run from the files
 * kept with it (never the disk) with its seed, trials, mission, overrides
 * and transient flags (--at, --window, --until-failure, --start), and checks that every stored figure comes out the same, bit
 * for bit (docs/store-and-reports.md, "Reproducing a run").
 *
 * DESIGN. The design is rebuilt with cli_stored_design (topo_load_sources:
 * the texts and the overrides are the whole of what made it), simulated with
 * cli_simulate like `run` (the threads do not change a figure), and each
 * figure of the rerun is compared with the stored one by ==: the store keeps
 * doubles exactly (data/store_run.c), so any difference is a real one. A
 * figure the run was stored without (NULL, read as NaN: a run stored before
 * schema 3 has no downtime by cause) is skipped, not counted as equal.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

/* The differences found, as "what: stored X, rerun Y" lines and JSON. */
typedef struct diffs {
    int compared, skipped, n;
    json_t *json;      /* array of {"figure", "stored", "rerun"} (NULL: out of memory) */
    char first[8][256];
} diffs;

static void note(diffs *d, const char *what, double stored, double rerun)
{
    if (isnan(stored) && !isnan(rerun)) {
        d->skipped++; /* not stored (an older run): nothing to compare */
        return;
    }
    d->compared++;
    if (stored == rerun || (isnan(stored) && isnan(rerun)))
        return;
    if (d->n < 8)
        snprintf(d->first[d->n], sizeof d->first[d->n], "%s: stored %.17g, rerun %.17g", what,
                 stored, rerun);
    d->n++;
    json_t *o = json_object();
    if (o && d->json) {
        json_object_set_new(o, "figure", cli_json_text(what));
        json_object_set_new(o, "stored", cli_json_number(stored));
        json_object_set_new(o, "rerun", cli_json_number(rerun));
        json_array_append_new(d->json, o);
    } else {
        json_decref(o);
    }
}

static void note_ll(diffs *d, const char *what, long long stored, long long rerun)
{
    d->compared++;
    if (stored == rerun)
        return;
    note(d, what, (double)stored, (double)rerun); /* counted once */
    d->compared--;
}

static void compare_figures(diffs *d, const char *target, const mc_figures *s,
                            const mc_figures *r)
{
    char w[512];
    const struct {
        const char *name;
        double a, b;
    } v[] = {
        {"availability", s->availability, r->availability},
        {"ci_lo", s->ci_lo, r->ci_lo},
        {"ci_hi", s->ci_hi, r->ci_hi},
        {"std_error", s->std_error, r->std_error},
        {"nines", s->nines, r->nines},
        {"downtime_min_per_year", s->downtime_min_per_year, r->downtime_min_per_year},
        {"year_p50", s->year_p50, r->year_p50},
        {"year_p95", s->year_p95, r->year_p95},
        {"year_p99", s->year_p99, r->year_p99},
        {"year_max", s->year_max, r->year_max},
        {"outages_per_year", s->outages_per_year, r->outages_per_year},
        {"mean_outage_min", s->mean_outage_min, r->mean_outage_min},
        {"longest_outage_min", s->longest_outage_min, r->longest_outage_min},
        {"sla_breach", s->sla_breach, r->sla_breach},
        {"availability_unplanned", s->availability_unplanned, r->availability_unplanned},
        {"unplanned_ci_lo", s->unplanned_ci_lo, r->unplanned_ci_lo},
        {"unplanned_ci_hi", s->unplanned_ci_hi, r->unplanned_ci_hi},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        snprintf(w, sizeof w, "%s %s", target, v[i].name);
        note(d, w, v[i].a, v[i].b);
    }
    snprintf(w, sizeof w, "%s outages", target);
    note_ll(d, w, s->outages, r->outages);
    snprintf(w, sizeof w, "%s years", target);
    note_ll(d, w, s->years, r->years);
    for (int c = 0; c < CAUSE_N; c++) {
        snprintf(w, sizeof w, "%s downtime by cause %s", target, topo_cause_name(c));
        note(d, w, s->cause_min_per_year[c], r->cause_min_per_year[c]);
    }
    for (int b = 0; b < MC_HIST_BINS; b++) {
        snprintf(w, sizeof w, "%s yearly downtime histogram bin %d", target, b);
        note_ll(d, w, s->hist[b], r->hist[b]);
    }
}

/* The transient figures (issue 14): R, A and IR at each time, the MTTF and
   its interval, the censored trials and the curves. */
static void compare_z14(diffs *d, const mc_result *s, const mc_result *r)
{
    char w[512];
    note_ll(d, "start steady", s->start_steady, r->start_steady);
    note_ll(d, "transient times", s->n_at, r->n_at);
    if (s->n_at <= 0 || s->n_at != r->n_at)
        return;
    for (int k = 0; k < s->n_at; k++) {
        const struct {
            const char *name;
            double a, b;
        } v[] = {
            {"time", s->at[k], r->at[k]},
            {"R", s->reliability[k], r->reliability[k]},
            {"A", s->point_availability[k], r->point_availability[k]},
            {"IR", s->interval_reliability[k], r->interval_reliability[k]},
        };
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            snprintf(w, sizeof w, "%s at %.17gh", v[i].name, s->at[k]);
            note(d, w, v[i].a, v[i].b);
        }
    }
    note(d, "window_hours", s->window, r->window);
    note(d, "mttf_hours", s->mttf_hours, r->mttf_hours);
    note(d, "mttf ci_lo", s->mttf_ci_lo, r->mttf_ci_lo);
    note(d, "mttf ci_hi", s->mttf_ci_hi, r->mttf_ci_hi);
    note_ll(d, "censored trials", s->censored_trials, r->censored_trials);
    note_ll(d, "until_failure", s->until_failure, r->until_failure);
    for (int j = 0; j < MC_CURVE_POINTS; j++) {
        snprintf(w, sizeof w, "curve point %d R", j);
        note(d, w, s->curve_r[j], r->curve_r[j]);
        snprintf(w, sizeof w, "curve point %d A", j);
        note(d, w, s->curve_a[j], r->curve_a[j]);
    }
}

/* Compares every stored figure of s with the rerun r. */
static void compare_runs(diffs *d, const mc_result *s, const mc_result *r)
{
    char w[512];
    note_ll(d, "trials", s->trials, r->trials);
    note_ll(d, "services", s->n_services, r->n_services);
    note_ll(d, "views", s->n_views, r->n_views);
    note_ll(d, "events", s->events, r->events);
    note(d, "mission_hours", s->mission_hours, r->mission_hours);
    compare_figures(d, "system", &s->system, &r->system);
    for (int i = 0; i < s->n_services && i < r->n_services; i++) {
        snprintf(w, sizeof w, "service %s", s->services[i].name ? s->services[i].name : "?");
        compare_figures(d, w, &s->services[i], &r->services[i]);
    }
    for (int i = 0; i < s->n_views && i < r->n_views; i++) {
        snprintf(w, sizeof w, "view %s", s->views[i].name ? s->views[i].name : "?");
        compare_figures(d, w, &s->views[i], &r->views[i]);
    }
    compare_z14(d, s, r);
    if (s->partial) /* the convergence points of a partial run are its own */
        return;
    note_ll(d, "convergence points", s->n_conv, r->n_conv);
    for (int k = 0; k < s->n_conv && k < r->n_conv; k++) {
        snprintf(w, sizeof w, "convergence point %d availability", k);
        note(d, w, s->conv[k].availability, r->conv[k].availability);
        snprintf(w, sizeof w, "convergence point %d trials", k);
        note_ll(d, w, s->conv[k].trials, r->conv[k].trials);
    }
}

int cmd_rerun(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    const char *id_text = NULL;
    long long id = 0;
    const cli_opt opts[] = {
        {"db", 0, "PATH", cli_set_db, &o.db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"threads", 0, "T", cli_set_threads, &o.threads, .help = "worker threads, 1 to 256",
         .def = ": online CPUs", .more = "; the figures\ndo not depend on it"},
        {"json", 0, NULL, cli_set_flag, &o.json,
         .help = "print one JSON object: same, and every difference"},
        {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "no progress bar",
         .label = "--quiet, -q"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "rerun",
        .synopsis = "usage: nines rerun ID [--db PATH] [--threads T] [--json] [--quiet]\n"
                    "\n"
                    "Repeats the stored run ID from the files kept with it (never from the\n"
                    "disk), with its seed, trials, mission, --set overrides and --at, --window,\n"
                    "--until-failure and --start flags, and checks that\n"
                    "every stored figure comes out exactly the same. Prints \"same figures\" and\n"
                    "exits 0, or names each figure that differs and exits 1. The rerun is not\n"
                    "stored.\n"
                    "\n",
        .notes = "\n"
                 "A run stored before nines kept its included files (schema 4) can be rerun\n"
                 "only if its main file includes nothing.\n",
        .column = 14, .opts = opts, .args_name = "ID", .args_max = 1, .args = &id_text};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (cli_run_id("rerun", id_text, &id))
        return EXIT_BADINPUT;
    store *s = cli_store_open(o.db, STORE_READONLY);
    if (!s)
        return EXIT_RUNTIME;
    mc_result *stored = NULL, *res = NULL;
    store_meta *m = NULL;
    topology *t = NULL;
    int status = EXIT_OK;
    int rc = store_get_run(s, id, &stored, &m);
    if (rc == STORE_ENOTFOUND) {
        cli_error("%s (try 'nines history --db %s')", store_errmsg(s), o.db);
        status = cli_exit_of_store(rc);
        goto done;
    } else if (rc != STORE_OK) {
        cli_store_error(s, rc);
        status = cli_exit_of_store(rc);
        goto done;
    }
    char why[700], shown[1400];
    if (!(t = cli_stored_design(m, why, sizeof why, &status))) {
        cli_error("cannot rebuild run %lld: %s", id, cli_term(shown, sizeof shown, why));
        goto done;
    }
    o.trials = stored->partial ? stored->trials : stored->trials_requested;
    o.seed = stored->seed;
    o.mission = stored->mission_hours;
    cli_at_from_result(&o.at, stored); /* --at, --window, --until-failure, --start */
    o.rare = stored->rare ? CLI_RARE_IS : CLI_RARE_OFF; /* rare events (issue 18): the same method */
    o.exp_sampler = stored->exp_sampler; /* issue 18: the same exponential sampler */
    cli_install_signals();
    rc = cli_simulate(&o, t, t->name, 0, &res);
    if (rc != MC_OK) {
        if (rc == MC_EINTERRUPTED)
            cli_error("interrupted: the rerun was not finished, nothing compared");
        else
            cli_error("cannot simulate run %lld: %s", id, mc_strerror(rc));
        status = cli_exit_of_mc(rc);
        goto done;
    }
    diffs d = {0};
    d.json = json_array();
    compare_runs(&d, stored, res);
    status = d.n ? EXIT_BADINPUT : EXIT_OK;
    if (o.json) {
        json_t *doc = json_object();
        if (doc) {
            json_object_set_new(doc, "id", json_integer(id));
            json_object_set_new(doc, "same", json_boolean(d.n == 0));
            json_object_set_new(doc, "trials", json_integer(res->trials));
            json_object_set_new(doc, "seed", json_integer((json_int_t)stored->seed));
            json_object_set_new(doc, "threads", json_integer(res->threads));
            json_object_set_new(doc, "figures_compared", json_integer(d.compared));
            json_object_set_new(doc, "figures_not_stored", json_integer(d.skipped));
            json_object_set_new(doc, "differences", d.json ? d.json : json_array());
            d.json = NULL;
        }
        int printed = cli_json_print(stdout, doc);
        if (printed != EXIT_OK)
            status = printed;
    } else if (d.n == 0) {
        printf("same figures: run %lld repeated from its %d kept file%s, %lld trials, seed "
               "%llu, %d threads; %d figures compared%s\n",
               id, m->n_sources > 0 ? m->n_sources : 1, m->n_sources > 1 ? "s" : "", res->trials,
               (unsigned long long)stored->seed, res->threads, d.compared,
               d.skipped ? " (some not stored with this older run)" : "");
    } else {
        printf("different figures: run %lld repeated gives %d figure%s of %d that differ%s:\n", id,
               d.n, d.n == 1 ? "" : "s", d.compared, d.n == 1 ? "s" : "");
        for (int i = 0; i < d.n && i < 8; i++)
            printf("  %s\n", cli_term(shown, sizeof shown, d.first[i]));
        if (d.n > 8)
            printf("  and %d more ('--json' lists them all)\n", d.n - 8);
    }
    json_decref(d.json);
done:
    mc_result_free(stored);
    mc_result_free(res);
    store_meta_free(m);
    topo_free(t);
    store_close(s);
    return status;
}
