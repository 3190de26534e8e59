/* cli/report_summary.c — the report's executive summary: the headline
 * figures of a run, the largest causes of its downtime (study_causes_ranked),
 * the three changes that gain most as `nines sensitivity` ranks them
 * (study_rank_laws) and the assumptions behind the figures; for several
 * runs, one table comparing them.
 *
 * DESIGN. A report must stay quick, and a ranking that simulates every
 * change of every law can take minutes. So by default the ranking is made
 * only where the analytic solver is exact on the design (then every change
 * is an exact solve, well under a second) and the design has at most
 * REPORT_RANK_MAX_PARTS parts: the study's simulate hook refuses, and a
 * ranking that would need one simulation is given up for a note that names
 * the command. --sensitivity-trials N ranks every design,
 * simulating with N trials (the run's seed and mission, a base run of N
 * trials for the noise) exactly as `nines sensitivity FILE --trials N
 * --seed S` would; --no-sensitivity leaves the ranking out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* The most parts (hosts, members and common causes) of an exact design the
 * report ranks without being asked: every row solves the design five times,
 * so the ranking grows as the square of the size; at 200 parts it takes a
 * tenth of a second, at 800 two seconds. A size, not a time, so that the
 * same run always gives the same report. */
#define REPORT_RANK_MAX_PARTS 200

/* The study's simulations for the ranking. */
typedef struct rank_ctx {
    cli_sim o;
    int allow;    /* 0: refuse (the ranking is given up) */
    int needed;   /* a change needed a simulation that was refused */
    int failed;   /* a simulation failed (reported) or was interrupted */
} rank_ctx;

/* study_simulate_fn */
static int rank_simulate(void *ctx, const topology *t, const char *label, mc_result **out)
{
    rank_ctx *c = ctx;
    if (!c->allow) {
        c->needed = 1;
        return 1;
    }
    int rc = cli_simulate(&c->o, t, label, 0, out);
    if (rc == MC_OK)
        return 0;
    if (rc != MC_EINTERRUPTED)
        cli_error("cannot simulate %s for the report's summary: %s", label, mc_strerror(rc));
    c->failed = 1;
    return 1; /* (the study frees *out) */
}

/* The command that ranks the changes of rr's design, for the notes. */
static void sensitivity_command(const report_run *rr, char *buf, size_t n)
{
    const char *path = rr->meta && rr->meta->topology_path ? rr->meta->topology_path
                       : rr->topo && rr->topo->path     ? rr->topo->path
                                                        : "FILE";
    const char *view = cli_view_of(rr->res); /* --view (Y16) */
    snprintf(buf, n, "'nines sensitivity %s --seed %llu%s%s'", path,
             (unsigned long long)rr->res->seed, view ? " --view " : "", view ? view : "");
}

void report_summary_free(report_summary *s)
{
    if (!s)
        return;
    study_rows_free(s->rows, s->n_rows);
    topo_free(s->view_topo);
    free(s);
}

void report_summary_prepare(doc *d, report_run *rr)
{
    const report_opts *o = d->o;
    const topology *t = rr->topo;
    const mc_result *r = rr->res;
    report_summary *s = calloc(1, sizeof *s);
    analytic_result *a = NULL;
    mc_result *own = NULL;
    topology *tv = NULL; /* --view (Y16): the design with the view as its system,
                            kept in s->view_topo */
    char cmd[1200];
    rr->sum = s;
    if (!s)
        return;
    sensitivity_command(rr, cmd, sizeof cmd);
    if (!t || r->n_services != t->n_services || r->n_views != t->n_views) {
        snprintf(s->note, sizeof s->note, "Not ranked: the design could not be re-read as it "
                                          "was run.");
        return;
    }
    if (cli_view_of(r) && t) { /* --view (Y16): solved and ranked by the view */
        if (t->frozen_when_down) {
            snprintf(s->note, sizeof s->note, "Not ranked by view %s: the design's clocks stop "
                     "with the system (frozen-when-down).", cli_view_of(r));
            return;
        }
        if (topo_copy(t, &tv)) {
            snprintf(s->note, sizeof s->note, "Not ranked: out of memory.");
            return;
        }
        cli_view_as_system(tv, cli_view_of(r));
        t = s->view_topo = tv;
    }
    if (analytic_solve(t, &a)) {
        snprintf(s->note, sizeof s->note, "Not ranked: the analytic solver cannot solve this "
                                          "design; run %s for them.", cmd);
        return;
    }
    s->solved = 1;
    s->steady = a->system.availability;
    s->steady_exact = a->system.exact;
    if (o->no_sens) {
        snprintf(s->note, sizeof s->note, "Not ranked in this report (--no-sensitivity): run %s "
                                          "for them.", cmd);
        goto done;
    }
    int parts = t->n_hosts + t->n_members + t->n_ccfs;
    if (a->system.exact && o->sens_trials <= 0 && parts > REPORT_RANK_MAX_PARTS) {
        snprintf(s->note, sizeof s->note,
                 "Not ranked in this report: the design has %d parts, and solving four changes "
                 "of each of its laws takes a while (the report ranks designs of up to %d "
                 "parts by itself). Run %s for them, or make the report with "
                 "--sensitivity-trials N.", parts, REPORT_RANK_MAX_PARTS, cmd);
        goto done;
    }
    if (!a->system.exact && o->sens_trials <= 0) {
        snprintf(s->note, sizeof s->note,
                 "Not ranked in this report: the analytic solver is approximate on this design, "
                 "so each change would need a simulation of its own. Run %s for them, or make "
                 "the report with --sensitivity-trials N.", cmd);
        goto done;
    }
    rank_ctx c = {.allow = o->sens_trials > 0};
    cli_sim_defaults(&c.o);
    c.o.trials = o->sens_trials > 0 ? o->sens_trials : r->trials;
    c.o.seed = r->seed;
    c.o.mission = r->mission_hours;
    c.o.quiet = o->quiet;
    if (o->threads > 0)
        c.o.threads = o->threads;
    const mc_result *base = r;
    if (c.allow) {
        /* the base the noise is counted from, made like the changes */
        int rc = cli_simulate(&c.o, t, t->name, 0, &own);
        if (rc != MC_OK) {
            if (rc == MC_EINTERRUPTED)
                d->stopped = 1;
            else
                cli_error("cannot simulate %s for the report's summary: %s", t->name,
                          mc_strerror(rc));
            snprintf(s->note, sizeof s->note, "Not ranked: the simulation failed; run %s for "
                                              "them.", cmd);
            goto done;
        }
        base = own;
    }
    int stopped = 0;
    study_rank_options ro = {study_base_nines(a, base), a->system.exact, study_noise(base),
                             rank_simulate, &c, cli_stop_flag()};
    int rc = study_rank_laws(t, &ro, &s->rows, &s->n_rows, &stopped);
    if (stopped || *cli_stop_flag()) {
        d->stopped = 1;
    } else if (rc == STUDY_ESIMULATE && c.needed) {
        snprintf(s->note, sizeof s->note,
                 "Not ranked in this report: the analytic solver is exact on the design but not "
                 "on every changed copy, which would need simulations. Run %s for them, or make "
                 "the report with --sensitivity-trials N.", cmd);
    } else if (rc) {
        snprintf(s->note, sizeof s->note, "Not ranked: %s; run %s for them.",
                 rc == STUDY_ESIMULATE ? "a simulation failed" : study_strerror(rc), cmd);
    } else {
        s->ranked = 1;
        s->base_nines = ro.base_nines;
        for (int i = 0; i < s->n_rows; i++)
            if (!s->rows[i].exact)
                s->sim_trials = c.o.trials;
    }
done:
    mc_result_free(own);
    analytic_result_free(a);
}

/* ---------- the changes ---------- */

/* The better of a row's two improvements: STUDY_FAIL_DOUBLE or
   STUDY_REPAIR_HALF (a delay has only the second). */
static int best_change(const study_law *row)
{
    if (isnan(row->nines[STUDY_FAIL_DOUBLE]))
        return STUDY_REPAIR_HALF;
    if (isnan(row->nines[STUDY_REPAIR_HALF]))
        return STUDY_FAIL_DOUBLE;
    return row->nines[STUDY_FAIL_DOUBLE] >= row->nines[STUDY_REPAIR_HALF] ? STUDY_FAIL_DOUBLE
                                                                         : STUDY_REPAIR_HALF;
}

/* What change c of a row does, in words. */
static const char *change_words(const study_law *row, int c)
{
    int fail = c == STUDY_FAIL_DOUBLE;
    switch (row->kind) {
    case STUDY_ROW_MAINT:
        return fail ? "done half as often (every doubled)" : "each window half as long";
    case STUDY_ROW_MAINT_ERROR:
        return fail ? "the chance that the work goes wrong halved"
                    : "the recovery after work gone wrong halved";
    case STUDY_ROW_FAILOVER: return "the failover time halved";
    case STUDY_ROW_SWITCHOVER: return "the switchover time halved";
    case STUDY_ROW_LAW:
    case STUDY_ROW_ROLE: break;
    }
    return fail ? "mean time to fail doubled" : "mean time to repair halved";
}

/* The rows that gain: measurable, and a gain above nothing. Returns how many
   of the first `max` there are, their indices into idx. */
static int gaining_rows(const report_summary *s, int *idx, int max)
{
    int k = 0;
    for (int i = 0; s && s->ranked && i < s->n_rows && k < max; i++)
        if (s->rows[i].measurable && s->rows[i].rank_gain > 1e-9)
            idx[k++] = i;
    return k;
}

/* Downtime per year (minutes) at a number of nines. */
static double minutes_at(double nines)
{
    return 525600 * pow(10, -nines);
}

static void changes_part(doc *d, const report_run *rr, int level)
{
    const report_summary *s = rr->sum;
    int idx[3], k = gaining_rows(s, idx, 3);
    char b[64], cmd[1200];
    lines l = {0};
    report_doc_heading(d, level, "The changes that gain most");
    if (!s || !s->ranked) {
        report_doc_para(d, s ? s->note : "Not ranked: out of memory.");
        return;
    }
    for (int i = 0; i < k; i++) {
        const study_law *row = &s->rows[idx[i]];
        int c = best_change(row);
        double saved = minutes_at(s->base_nines) - minutes_at(row->nines[c]);
        report_lines_addf(&l, "%s: %s%s", row->name, change_words(row, c),
                          row->exact ? "" : " (simulated)");
        report_lines_addf(&l, "%.3f", row->nines[c]);
        report_lines_addf(&l, "%+.3f", row->gain);
        report_lines_addf(&l, "%s", report_minutes(b, sizeof b, saved));
    }
    static const char *const hdr[] = {"change (largest gain first)", "nines", "gain",
                                      "less downtime/yr"};
    if (k)
        report_doc_table(d, hdr, 4, &l);
    report_lines_release(&l);
    sensitivity_command(rr, cmd, sizeof cmd);
    if (k == 0)
        report_doc_paraf(d, "No change of a law, a delay or a maintenance entry has a measurable "
                            "effect on the system's nines (%.3f).", s->base_nines);
    else if (k < 3)
        report_doc_paraf(d, "No other change has a measurable effect.");
    if (s->sim_trials > 0)
        report_doc_paraf(d, "Ranked as %s ranks them, from %.3f nines: for each law, delay and "
                            "maintenance entry the better of making it fail half as often and "
                            "halving its repair; exact from the analytic solver where it is "
                            "exact, else simulated with %lld trials (a gain within two standard "
                            "errors is no measurable effect).",
                         cmd, s->base_nines, s->sim_trials);
    else
        report_doc_paraf(d, "Ranked as %s ranks them, from the design's exact %.3f nines: for "
                            "each law, delay and maintenance entry the better of making it fail "
                            "half as often and halving its repair, each solved exactly by the "
                            "analytic solver; the full table is in that command's output.",
                         cmd, s->base_nines);
}

/* ---------- the causes ---------- */

static void causes_part(doc *d, const mc_figures *f, int level)
{
    int order[CAUSE_N], k = study_causes_ranked(f, order);
    char b[64];
    report_doc_heading(d, level, "The largest causes of downtime");
    if (!study_causes_known(f)) {
        report_doc_para(d, "Not known: the run was stored before nines kept downtime by cause.");
        return;
    }
    if (!k) {
        report_doc_para(d, f->outages > 0 ? "Not split: the run carries no downtime by cause."
                                          : "The system was never down in the run.");
        return;
    }
    double total = 0;
    for (int c = 0; c < CAUSE_N; c++)
        total += f->cause_min_per_year[c];
    lines l = {0};
    for (int i = 0; i < k && i < 3; i++) {
        double v = f->cause_min_per_year[order[i]];
        report_lines_addf(&l, "%s", topo_cause_name(order[i]));
        report_lines_addf(&l, "%s", report_minutes(b, sizeof b, v));
        report_lines_addf(&l, "%.1f%%", 100 * v / total);
    }
    static const char *const hdr[] = {"cause", "downtime/yr", "share"};
    report_doc_table(d, hdr, 3, &l);
    report_lines_release(&l);
    if (k > 3)
        report_doc_paraf(d, "The other %d cause%s make%s %.1f%% of the downtime (all in \"Downtime "
                            "by cause\" below).", k - 3, k - 3 > 1 ? "s" : "",
                         k - 3 > 1 ? "" : "s",
                         100 * (1 - (f->cause_min_per_year[order[0]] +
                                     f->cause_min_per_year[order[1]] +
                                     f->cause_min_per_year[order[2]]) / total));
}

/* ---------- headline figures ---------- */

/* "99.9212% (95% interval 99.9100% to 99.9300%)" (short: without "95%
   interval"), or the bound when no outage was seen. */
static void availability_text(char *buf, size_t n, const mc_result *r, const mc_figures *f,
                              int brief)
{
    int dec = cli_percent_decimals(f->nines);
    if (f->outages == 0)
        snprintf(buf, n, "no downtime seen (unavailability below %.2g, one-sided 95%%)",
                 cli_trust_u_upper(r, f));
    else
        snprintf(buf, n, "%.*f%% (%s%.*f%% to %.*f%%)", dec, 100 * f->availability,
                 brief ? "" : "95% interval ", dec, 100 * f->ci_lo, dec, 100 * f->ci_hi);
}

/* 1 if the run has an unplanned availability to show: the design has
   maintenance (or the run counted some) and the figure was measured (it is
   never below the availability: it leaves downtime out). */
static int has_unplanned(const report_run *rr)
{
    const mc_figures *f = &rr->res->system;
    int maint = (rr->topo && rr->topo->n_maint > 0) ||
                (study_causes_known(f) && f->cause_min_per_year[CAUSE_MAINTENANCE] > 0);
    return maint && !isnan(f->availability_unplanned) &&
           f->availability_unplanned >= f->availability - 1e-12;
}

static void headline_part(doc *d, const report_run *rr)
{
    const mc_result *r = rr->res;
    const mc_figures *f = &r->system;
    char b[64], c[64], av[256];
    lines l = {0};
    availability_text(av, sizeof av, r, f, 0);
    if (cli_view_of(r)) { /* --view (Y16) */
        report_lines_addf(&l, "headline");
        report_lines_addf(&l, "view %s (the system is listed with the views)", cli_view_of(r));
    }
    report_lines_addf(&l, "availability");
    report_lines_addf(&l, "%s", av);
    report_lines_addf(&l, "nines");
    report_lines_addf(&l, "%s", cli_format_nines(b, sizeof b, r, f));
    report_lines_addf(&l, "downtime per year");
    report_lines_addf(&l, "%s on average; %s in the P95 year (1 year in 20 is worse)",
                      report_minutes(b, sizeof b, f->downtime_min_per_year),
                      report_minutes(c, sizeof c, f->year_p95));
    report_lines_addf(&l, "outages per year");
    report_lines_addf(&l, "%.3g, lasting %s on average", f->outages_per_year,
                      report_minutes(b, sizeof b, f->mean_outage_min));
    report_lines_addf(&l, "SLA breach chance");
    if (r->sla >= 0 && f->sla_breach >= 0)
        report_lines_addf(&l, "%.2f%% of years below the SLA of %.6g%%", 100 * f->sla_breach,
                          100 * r->sla);
    else
        report_lines_addf(&l, "no SLA in the design");
    if (has_unplanned(rr)) {
        int dec = cli_percent_decimals(f->nines);
        report_lines_addf(&l, "unplanned availability");
        report_lines_addf(&l, "%.*f%% (95%% interval %.*f%% to %.*f%%), leaving out planned "
                              "maintenance", dec, 100 * f->availability_unplanned, dec,
                          100 * f->unplanned_ci_lo, dec, 100 * f->unplanned_ci_hi);
    }
    static const char *const hdr[] = {"figure", "value"};
    report_doc_table_left(d, hdr, 2, &l);
    report_lines_release(&l);
}

/* ---------- assumptions ---------- */

/* "onsite (1 at a time) for server, storage" for crew c of t. */
static void crew_text(const topology *t, int c, char *buf, size_t n)
{
    int k = snprintf(buf, n, "%s (%d at a time) for", t->crews[c].name, t->crews[c].size);
    int first = 1;
    for (int i = 0; i < t->n_laws && k > 0 && (size_t)k < n; i++)
        if (t->laws[i].crew == c) {
            k += snprintf(buf + k, n - (size_t)k, "%s %s", first ? "" : ",", t->laws[i].name);
            first = 0;
        }
}

static void assumptions_part(doc *d, const report_run *rr, int level)
{
    const mc_result *r = rr->res;
    const topology *t = rr->topo;
    const report_summary *s = rr->sum;
    char a[128], buf[2048];
    lines l = {0};
    report_doc_heading(d, level, "Assumptions");
    if (t) {
        int crews = 0, detect = 0;
        for (int i = 0; i < t->n_laws; i++) {
            crews |= t->laws[i].crew >= 0 && t->laws[i].crew < t->n_crews;
            detect |= !law_is_none(&t->laws[i].detect);
        }
        if (!crews) {
            report_lines_addf(&l, "Repairs: unlimited; every repair starts %s and is never "
                                  "short of crews.",
                              detect ? "once its failure is detected (the laws' detect times)"
                                     : "at the failure");
        } else {
            size_t k = 0;
            buf[0] = '\0';
            for (int c = 0; c < t->n_crews && k < sizeof buf; c++) {
                char one[1024];
                crew_text(t, c, one, sizeof one);
                k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", c ? "; " : "", one);
            }
            report_lines_addf(&l, "Repairs: limited by crews (%s), first come first served; "
                                  "waiting for a crew is downtime (cause crew-wait); the other "
                                  "laws' repairs are unlimited.", buf);
        }
        if (t->frozen_when_down)
            report_lines_addf(&l, "Failures are frozen while the system is down "
                                  "(frozen-when-down): no part that is up ages or fails then; "
                                  "repairs go on.");
        else
            report_lines_addf(&l, "Failures go on while the system is down: a part that is up "
                                  "can still fail then (frozen-when-down is off).");
        if (t->n_ccfs > 0)
            report_lines_addf(&l, "Parts fail independently, each by its own law, except through "
                                  "the %d common cause%s named in the design.", t->n_ccfs,
                              t->n_ccfs > 1 ? "s" : "");
        else
            report_lines_addf(&l, "Parts fail independently, each by its own law: no common "
                                  "cause (a shared bug, a bad batch of disks) is modelled.");
        if (t->n_maint > 0)
            report_lines_addf(&l, "Planned maintenance (%d entr%s) is downtime, counted as cause "
                                  "maintenance; the unplanned availability leaves it out.",
                              t->n_maint, t->n_maint > 1 ? "ies" : "y");
        else
            report_lines_addf(&l, "No planned maintenance is modelled: its downtime is not in "
                                  "these figures.");
    } else {
        report_lines_addf(&l, "The design could not be re-read from the stored text (%s): its "
                              "repair, crew and maintenance rules are not listed here.",
                          rr->topo_why);
    }
    if (s && s->solved)
        snprintf(buf, sizeof buf, "; the steady state (the long-run figure) from the analytic "
                                  "solver is %.*f%% (%s)",
                 cli_percent_decimals(r->system.nines), 100 * s->steady,
                 s->steady_exact ? "exact" : "approximate");
    else
        buf[0] = '\0';
    if (r->start_steady) /* --start steady (issue 14) */
        report_lines_addf(&l, "Steady state: the availability is the mean over %lld histories of "
                              "%s each, every one starting from the steady state (each part's "
                              "first state drawn from its stationary law, --start steady)%s.",
                          r->trials, report_duration(a, sizeof a, r->mission_hours), buf);
    else
        report_lines_addf(&l, "Mission average, not steady state: the availability is the mean over "
                          "%lld histories of %s each, every one starting with everything new "
                          "and up%s.", r->trials, report_duration(a, sizeof a, r->mission_hours),
                      buf);
    report_lines_addf(&l, "The 95%% interval covers the simulation's own error, not errors in the "
                          "laws: the figures are only as good as the laws, failover times and "
                          "needs of the design.");
    report_lines_addf(&l, "Not modelled: anything the design does not name: networks, power and "
                          "sites that are not hosts in it, load and capacity limits (a member "
                          "that is up serves), operator errors other than maintenance that goes "
                          "wrong, and failures that depend on one another beyond the needs and "
                          "common causes given.");
    if (r->system.outages < MC_TRUST_OUTAGES) {
        char warn[512];
        report_lines_addf(&l, "Warning: %s.", cli_trust_warning(warn, sizeof warn, r, &r->system));
    }
    if (r->partial)
        report_lines_addf(&l, "Warning: the run was interrupted after %lld of %lld trials.",
                          r->trials, r->trials_requested);
    report_doc_list(d, &l);
    report_lines_release(&l);
}

/* ---------- the sections ---------- */

void report_summary_section(doc *d, const report_run *rr, int level)
{
    report_doc_heading(d, level, "Summary");
    headline_part(d, rr);
    report_loss_summary(d, rr->res, rr->topo); /* issue 15 */
    causes_part(d, &rr->res->system, level + 1);
    changes_part(d, rr, level + 1);
    assumptions_part(d, rr, level + 1);
}

void report_summary_table(doc *d, const report_run *runs, int n)
{
    lines l = {0};
    char b[64], c[64], av[256];
    report_doc_heading(d, 2, "Summary");
    for (int i = 0; i < n; i++) {
        const report_run *rr = &runs[i];
        const mc_result *r = rr->res;
        const mc_figures *f = &r->system;
        int order[CAUSE_N], idx[1];
        if (rr->id > 0)
            report_lines_addf(&l, "%s (run %lld)", r->name ? r->name : "", rr->id);
        else
            report_lines_addf(&l, "%s", r->name ? r->name : "");
        availability_text(av, sizeof av, r, f, 1);
        report_lines_addf(&l, "%s", av);
        report_lines_addf(&l, "%s", cli_format_nines(b, sizeof b, r, f));
        report_lines_addf(&l, "%s (P95 year %s)", report_minutes(b, sizeof b,
                                                                 f->downtime_min_per_year),
                          report_minutes(c, sizeof c, f->year_p95));
        report_lines_addf(&l, "%.3g", f->outages_per_year);
        if (r->sla >= 0 && f->sla_breach >= 0)
            report_lines_addf(&l, "%.2f%%", 100 * f->sla_breach);
        else
            report_lines_addf(&l, "no SLA");
        if (has_unplanned(rr))
            report_lines_addf(&l, "%.*f%%", cli_percent_decimals(f->nines),
                              100 * f->availability_unplanned);
        else
            report_lines_addf(&l, "-");
        if (study_causes_ranked(f, order) > 0) {
            double total = 0;
            for (int k = 0; k < CAUSE_N; k++)
                total += f->cause_min_per_year[k];
            report_lines_addf(&l, "%s (%.0f%%)", topo_cause_name(order[0]),
                              100 * f->cause_min_per_year[order[0]] / total);
        } else {
            report_lines_addf(&l, "-");
        }
        if (gaining_rows(rr->sum, idx, 1)) {
            const study_law *row = &rr->sum->rows[idx[0]];
            report_lines_addf(&l, "%s: %s (%+.3f nines)", row->name,
                              change_words(row, best_change(row)), row->gain);
        } else {
            report_lines_addf(&l, "%s", rr->sum && rr->sum->ranked ? "none measurable"
                                                                   : "not ranked");
        }
    }
    static const char *const hdr[] = {"design", "availability (95% interval)", "nines",
                                      "downtime/yr",
                                      "outages/yr", "SLA breach", "without maintenance",
                                      "largest cause", "change that gains most"};
    report_doc_table_left(d, hdr, 9, &l);
    report_lines_release(&l);
    report_doc_para(d, "Each run's section below opens with its own summary: its largest causes "
                       "of downtime, the three changes that gain most and its assumptions.");
}
