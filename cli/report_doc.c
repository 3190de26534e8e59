/* cli/report_doc.c — the report of `nines report`: report.md, a
 * self-contained report.html (charts inlined as SVG) and the chart files.
 *
 * DESIGN. Every piece of content is built once as plain text (a heading, a
 * paragraph, a list, a table, a chart) and emitted twice by report_out.c:
 * escaped for Markdown into report.md and escaped for HTML into
 * report.html. Names from a topology therefore never reach either document
 * unescaped. Charts are drawn with plots/ (which escapes for gnuplot) as SVG
 * (and PNG with --png); the HTML carries the SVG inline, so the one file can
 * be mailed. This file decides what the report says.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_int.h"

/* ---------- formatting ---------- */

static int pct_decimals(double nines)
{
    int dec = isfinite(nines) ? (int)ceil(nines) + 1 : 3;
    return dec < 3 ? 3 : dec > 10 ? 10 : dec;
}

/* Minutes for people; "-" when the figure does not exist. */
static const char *minutes(char *buf, size_t n, double m)
{
    if (isnan(m)) {
        snprintf(buf, n, "-");
        return buf;
    }
    return cli_format_minutes(buf, n, m);
}

static const char *duration(char *buf, size_t n, double hours)
{
    return units_format_duration(hours, buf, n);
}

/* The run's name cut to about 50 bytes (at a character boundary) for chart
 * titles, which must fit a slide. */
static const char *short_name(char *buf, size_t n, const char *name)
{
    const size_t max = 40;
    name = name ? name : "";
    if (strlen(name) <= max || n < max + 4) {
        snprintf(buf, n, "%s", name);
        return buf;
    }
    size_t k = max;
    while (k > 0 && ((unsigned char)name[k] & 0xc0) == 0x80)
        k--;
    snprintf(buf, n, "%.*s...", (int)k, name);
    return buf;
}

static int law_is_none(const law_dist *l)
{
    return l->kind == LAW_FIXED && l->a == 0;
}

static void figure_row(lines *cells, const char *kind, const mc_figures *f, const mc_result *r)
{
    int dec = pct_decimals(f->nines);
    char b[64];
    if (!strcmp(kind, "system"))
        lines_addf(cells, "system");
    else
        lines_addf(cells, "%s %s", kind, f->name ? f->name : "");
    lines_addf(cells, "%.*f%%", dec, 100 * f->availability);
    lines_addf(cells, "%.*f%% to %.*f%%", dec, 100 * f->ci_lo, dec, 100 * f->ci_hi);
    lines_addf(cells, "%.2f", f->nines);
    lines_addf(cells, "%s", minutes(b, sizeof b, f->downtime_min_per_year));
    lines_addf(cells, "%s", minutes(b, sizeof b, f->year_p95));
    lines_addf(cells, "%.3g", f->outages_per_year);
    lines_addf(cells, "%s", minutes(b, sizeof b, f->mean_outage_min));
    if (r->sla >= 0 && f->sla_breach >= 0)
        lines_addf(cells, "%.2f%%", 100 * f->sla_breach);
    else
        lines_addf(cells, "n/a");
}

/* One row of the cross-check: simulated, analytic, how it was solved and the
 * gap in standard errors; returns 1 if an exact figure is more than 4
 * standard errors away. */
static int check_row(lines *cells, const char *kind, const mc_figures *f,
                     const analytic_figure *g)
{
    int dec = pct_decimals(f->nines);
    if (!strcmp(kind, "system"))
        lines_addf(cells, "system");
    else
        lines_addf(cells, "%s %s", kind, f->name ? f->name : "");
    lines_addf(cells, "%.*f%%", dec, 100 * f->availability);
    lines_addf(cells, "%.*f%%", dec, 100 * g->availability);
    lines_addf(cells, "%s", g->exact ? "exact" : "approximate");
    double gap = f->availability - g->availability;
    if (f->outages < 30 || !(f->std_error > 0)) {
        lines_addf(cells, "too few outages");
        return 0;
    }
    double z = gap / f->std_error;
    lines_addf(cells, "%+.1f", z);
    return g->exact && fabs(z) > 4;
}

/* The simulated figures beside the analytic solver's (docs/analytic.md). */
static void check_section(doc *d, const report_run *rr)
{
    const mc_result *r = rr->res;
    const topology *t = rr->topo;
    doc_heading(d, 3, "Against the analytic solver");
    if (!t || r->n_services != t->n_services || r->n_views != t->n_views) {
        doc_para(d, "No analytic figures: the design could not be re-read as it was run.");
        return;
    }
    analytic_result *a = NULL;
    int rc = analytic_solve(t, &a);
    if (rc) {
        doc_paraf(d, "The analytic solver could not solve this design (%s).",
              rc == TOPO_ENOMEM ? "out of memory" : "too large");
        return;
    }
    doc_para(d, "The steady-state availability from nines analyze, exact or marked "
            "approximate, beside the simulated mean. The gap is (simulated - analytic) in "
            "standard errors of the simulation; an exact figure should be within about 2 "
            "of it (4 at most), and the simulation, which starts with everything up, lies "
            "slightly above the steady state over a finite mission.");
    static const char *const hdr[] = {"target", "simulated", "analytic", "analytic is",
                                      "gap (standard errors)"};
    lines l = {0};
    int off = check_row(&l, "system", &r->system, &a->system);
    for (int i = 0; i < r->n_services; i++)
        off += check_row(&l, "service", &r->services[i], &a->services[i]);
    for (int i = 0; i < r->n_views; i++)
        off += check_row(&l, "view", &r->views[i], &a->views[i]);
    doc_table(d, hdr, 5, &l);
    lines_release(&l);
    if (!a->system.exact && a->system.reason) {
        /* the reasons of the service the system is approximate through, or
           its own, one to a line (joined by "; " in the result) */
        const analytic_figure *g = &a->system;
        int k = g->through;
        if (k >= 0 && k < t->n_services && a->services[k].reason) {
            doc_paraf(d, "The system's analytic figure is approximate through service %s%s, "
                     "whose figure is approximate because:",
                  t->services[k].name, g->through_more ? " and others" : "");
            g = &a->services[k];
        } else {
            doc_para(d, "The system's analytic figure is approximate because:");
        }
        for (const char *why = g->reason, *next; *why; why = next) {
            size_t n = cli_reason_len(why, &next);
            lines_addf(&l, "%.*s", (int)n, why);
        }
        doc_list(d, &l);
        lines_release(&l);
    }
    if (off)
        doc_paraf(d, "Warning: %d exact figure%s more than 4 standard errors from the "
                 "simulation: run more trials; if the gap stays, report it as a bug.",
              off, off > 1 ? "s are" : " is");
    analytic_result_free(a);
}

/* ---------- the design in words ---------- */

static void describe_design(const topology *t, lines *l)
{
    char a[128], b[128], c[128];
    for (int i = 0; i < t->n_hosts; i++) {
        const topo_host *h = &t->hosts[i];
        char needs[1024] = "";
        for (int k = 0; k < h->n_needs; k++) {
            size_t n = strlen(needs);
            snprintf(needs + n, sizeof needs - n, "%s%s", k ? ", " : "", t->hosts[h->needs[k]].name);
        }
        if (h->law >= 0) {
            const topo_law *w = &t->laws[h->law];
            lines_addf(l, "host %s: fails after %s, repaired in %s (law '%s')%s%s", h->name,
                 law_describe(&w->fail, a, sizeof a), law_describe(&w->repair, b, sizeof b),
                 w->name, *needs ? "; down whenever one of these is down: " : "", needs);
        } else {
            lines_addf(l, "host %s: never fails by itself%s%s", h->name,
                 *needs ? "; down whenever one of these is down: " : "", needs);
        }
    }
    for (int i = 0; i < t->n_services; i++) {
        const topo_service *s = &t->services[i];
        char hosts[1024] = "", needs[1024] = "", extra[4096] = "", inst[512];
        for (int k = 0; k < s->n_hosts; k++) {
            size_t n = strlen(hosts);
            snprintf(hosts + n, sizeof hosts - n, "%s%s", k ? ", " : "", t->hosts[s->hosts[k]].name);
        }
        for (int k = 0; k < s->n_needs; k++) {
            size_t n = strlen(needs);
            snprintf(needs + n, sizeof needs - n, "%s%s", k ? ", " : "",
                     t->services[s->needs[k]].name);
        }
        if (s->instance >= 0) {
            const topo_law *w = &t->laws[s->instance];
            snprintf(inst, sizeof inst, "each instance fails after %s and is repaired in %s",
                     law_describe(&w->fail, a, sizeof a), law_describe(&w->repair, b, sizeof b));
        } else {
            snprintf(inst, sizeof inst, "its instances never fail by themselves");
        }
        switch (s->mode) {
        case MODE_SINGLE:
            snprintf(extra, sizeof extra, "a single instance on %s", hosts);
            break;
        case MODE_ACTIVE_ACTIVE:
            snprintf(extra, sizeof extra, "active-active on %s, up while at least %d of %d are up",
                     hosts, s->need, s->n_hosts);
            break;
        case MODE_QUORUM:
            snprintf(extra, sizeof extra, "quorum on %s, up while at least %d of %d are up%s%s%s%s",
                     hosts, s->need, s->n_hosts,
                     law_is_none(&s->rejoin) ? "" : "; a returning member counts after ",
                     law_is_none(&s->rejoin) ? "" : law_describe(&s->rejoin, a, sizeof a),
                     law_is_none(&s->bootstrap) ? "" : "; after quorum is lost, recovery also needs a manual bootstrap taking ",
                     law_is_none(&s->bootstrap) ? "" : law_describe(&s->bootstrap, b, sizeof b));
            break;
        case MODE_ACTIVE_PASSIVE:
            snprintf(extra, sizeof extra,
                     "active-passive on %s (first active), failover takes %s and succeeds %.4g%% "
                     "of the time, %s standby%s%s",
                     hosts, law_describe(&s->failover_time, a, sizeof a),
                     100 * s->failover_success, s->cold ? "cold" : "hot",
                     law_is_none(&s->resync) ? "" : "; a repaired member can take over after ",
                     law_is_none(&s->resync) ? "" : law_describe(&s->resync, c, sizeof c));
            break;
        }
        lines_addf(l, "service %s: %s; %s%s%s", s->name, extra, inst,
             *needs ? "; needs the services " : "", needs);
    }
    char sys[2048] = "";
    for (int k = 0; k < t->system.n_services; k++) {
        size_t n = strlen(sys);
        snprintf(sys + n, sizeof sys - n, "%s%s", k ? ", " : "",
                 t->services[t->system.services[k]].name);
    }
    lines_addf(l, "the system is up while all of these services are up: %s", sys);
    for (int v = 0; v < t->n_views; v++) {
        char vs[2048] = "";
        for (int k = 0; k < t->views[v].n_services; k++) {
            size_t n = strlen(vs);
            snprintf(vs + n, sizeof vs - n, "%s%s", k ? ", " : "",
                     t->services[t->views[v].services[k]].name);
        }
        lines_addf(l, "view %s is up while all of these are up: %s", t->views[v].name, vs);
    }
    lines_addf(l, "mission (one simulated history): %s%s%s", duration(a, sizeof a, t->mission),
         t->reference ? "; stands for the reference row " : "", t->reference ? t->reference : "");
}

/* ---------- one run ---------- */

static void run_section(doc *d, report_run *rr, int index)
{
    const mc_result *r = rr->res;
    const store_meta *m = rr->meta;
    char title[1024], a[128], name[64];
    lines l = {0};
    if (rr->id > 0)
        snprintf(title, sizeof title, "Run %lld: %s", rr->id, r->name ? r->name : "");
    else
        snprintf(title, sizeof title, "%s (not stored)", r->name ? r->name : "");
    doc_heading(d, 2, title);
    doc_paraf(d, "%lld trials%s of %s each, seed %llu, %d threads; started %s; nines %s.", r->trials,
          r->partial ? " (partial: interrupted)" : "", duration(a, sizeof a, r->mission_hours),
          (unsigned long long)r->seed, r->threads,
          m && m->started_utc ? m->started_utc : "at an unknown time",
          m && m->version ? m->version : "(unknown version)");

    doc_heading(d, 3, "The design");
    if (rr->topo) {
        describe_design(rr->topo, &l);
        doc_list(d, &l);
        lines_release(&l);
    } else {
        doc_paraf(d, "The design could not be re-read from the stored text: %s", rr->topo_why);
    }

    doc_heading(d, 3, "Figures");
    static const char *const hdr[] = {"target", "availability", "95% interval", "nines",
                                      "downtime/yr", "P95 year", "outages/yr", "mean outage",
                                      "SLA breach"};
    figure_row(&l, "system", &r->system, r);
    for (int i = 0; i < r->n_services; i++)
        figure_row(&l, "service", &r->services[i], r);
    for (int i = 0; i < r->n_views; i++)
        figure_row(&l, "view", &r->views[i], r);
    doc_table(d, hdr, 9, &l);
    lines_release(&l);

    check_section(d, rr);

    doc_heading(d, 3, "Charts");
    if (rr->id > 0)
        snprintf(name, sizeof name, "run-%lld", rr->id);
    else
        snprintf(name, sizeof name, "unstored-%d", index + 1); /* --no-db */
    char file[96], caption[1200], sn[64];
    /* (b) yearly downtime: the fine histogram in bins of a tenth of a decade */
    {
        enum { GROUP = 10, NB = (MC_HIST_BINS - 1 + GROUP - 1) / GROUP };
        double edge[NB + 1], years[NB];
        int first = -1, last = -1;
        for (int k = 0; k < NB; k++) {
            years[k] = 0;
            for (int b = 1 + k * GROUP; b < 1 + (k + 1) * GROUP && b < MC_HIST_BINS; b++)
                years[k] += (double)r->system.hist[b];
            edge[k] = mc_hist_edge(1 + k * GROUP);
            if (years[k] > 0) {
                if (first < 0)
                    first = k;
                last = k;
            }
        }
        edge[NB] = edge[NB - 1] * pow(10.0, (double)GROUP / MC_HIST_PER_DECADE);
        if (first >= 0) {
            plot_hist h = {0};
            char t[1200], sla[192];
            snprintf(t, sizeof t, "%s: downtime per calendar year", short_name(sn, sizeof sn, r->name));
            h.title = t;
            h.n = last - first + 1;
            h.edge = edge + first;
            h.years = years + first;
            h.zero_years = (double)r->system.hist[0];
            if (r->sla >= 0) {
                h.sla_minutes = (1 - r->sla) * 525600;
                snprintf(sla, sizeof sla, "SLA %.6g%%: %s per year", 100 * r->sla,
                         minutes(a, sizeof a, h.sla_minutes));
                h.sla_label = sla;
            }
            chart_args ca = {CH_HIST, t, NULL, 0, &h, NULL, NULL, NULL, NULL, NULL};
            snprintf(file, sizeof file, "%s-downtime", name);
            snprintf(caption, sizeof caption,
                     "Simulated calendar years by their downtime (log scale); %lld of %lld "
                     "years had none.",
                     r->system.hist[0], r->system.years);
            doc_chart(d, file, caption, &ca);
        } else {
            doc_paraf(d, "No simulated year had any downtime: there is no distribution to draw.");
        }
    }
    /* (c) convergence */
    if (r->n_conv > 0) {
        long long tr[MC_CONV_POINTS];
        double y[MC_CONV_POINTS], lo[MC_CONV_POINTS], hi[MC_CONV_POINTS];
        for (int i = 0; i < r->n_conv; i++) {
            tr[i] = r->conv[i].trials;
            y[i] = r->conv[i].availability;
            lo[i] = r->conv[i].ci_lo;
            hi[i] = r->conv[i].ci_hi;
        }
        char t[1200];
        snprintf(t, sizeof t, "%s: convergence of the estimate", short_name(sn, sizeof sn, r->name));
        chart_args ca = {CH_CONV, t, NULL, r->n_conv, NULL, tr, y, lo, hi, NULL};
        snprintf(file, sizeof file, "%s-convergence", name);
        doc_chart(d, file, "The running availability estimate and its 95% interval as trials "
                       "accumulate: the interval should narrow and the estimate settle.",
              &ca);
    }
    /* (d) downtime by service */
    if (r->n_services > 0) {
        int n = r->n_services;
        const char **labels = calloc((size_t)n, sizeof *labels);
        double *v = calloc((size_t)n * 3, sizeof *v);
        if (labels && v) {
            for (int i = 0; i < n; i++) {
                const mc_figures *f = &r->services[i];
                labels[i] = f->name;
                v[i] = f->downtime_min_per_year;
                v[n + i] = (1 - f->ci_hi) * 525600;
                v[2 * n + i] = (1 - f->ci_lo) * 525600;
            }
            char t[1200];
            snprintf(t, sizeof t, "%s: downtime by service", short_name(sn, sizeof sn, r->name));
            chart_args ca = {CH_BARS, t, NULL, n, NULL, NULL, v, v + n, v + 2 * n, labels};
            snprintf(file, sizeof file, "%s-services", name);
            doc_chart(d, file, "Mean downtime per year of each service, with its 95% interval "
                           "(a service counts as down while a service it needs is down).",
                  &ca);
        }
        free(labels);
        free(v);
    }

    doc_heading(d, 3, "Assumptions");
    lines_addf(&l, "Parts (hosts and service instances) fail and are repaired independently, each "
             "by its own law; repairs start at once and are never short of crews.");
    lines_addf(&l, "Every history starts with everything up and lasts %s; the availability is the "
             "mean over %lld histories of the fraction of time the system was up.",
         duration(a, sizeof a, r->mission_hours), r->trials);
    lines_addf(&l, "The 95%% interval comes from the spread between histories (Student t); it "
             "covers the simulation's own error, not errors in the laws themselves.");
    lines_addf(&l, "Downtime per calendar year is counted within each history, year by year; the "
             "P95 year is the year a budget should plan for.");
    if (r->system.outages < 30)
        lines_addf(&l, "Warning: only %lld system outages were observed; the interval is not to "
                 "be trusted: run more trials.",
             r->system.outages);
    if (r->partial)
        lines_addf(&l, "Warning: the run was interrupted after %lld of %lld trials.", r->trials,
             r->trials_requested);
    lines_addf(&l, "The laws, failover times and needs are those of the topology file, as "
             "listed above; figures are only as good as those inputs.");
    doc_list(d, &l);
    lines_release(&l);

    doc_heading(d, 3, "Reproduce");
    if (m && m->command)
        lines_addf(&l, "command: %s", m->command);
    lines_addf(&l, "seed %llu, %lld trials requested, nines %s", (unsigned long long)r->seed,
         r->trials_requested, m && m->version ? m->version : "(unknown)");
    if (m && m->topology_sha256)
        lines_addf(&l, "topology %s, SHA-256 %s", m->topology_path ? m->topology_path : "(unknown)",
             m->topology_sha256);
    if (rr->id > 0)
        lines_addf(&l, "stored as run %lld in %s ('nines show %lld --db %s')", rr->id, d->o->db, rr->id,
             d->o->db);
    if (m && m->started_utc)
        lines_addf(&l, "started %s, finished %s, %lld events in %.2f s", m->started_utc,
             m->finished_utc ? m->finished_utc : "?", r->events, r->seconds);
    doc_list(d, &l);
    lines_release(&l);
    if (m && m->topology_text)
        doc_code(d, "The topology file as it was run", m->topology_text);
}

/* ---------- several runs: (a) side by side ---------- */

static void designs_section(doc *d, report_run *runs, int n)
{
    doc_heading(d, 2, "Designs side by side");
    plot_design *bars = calloc((size_t)n, sizeof *bars);
    char (*labels)[200] = calloc((size_t)n, sizeof *labels);
    ref_table *ref = NULL;
    const char **keys = calloc((size_t)n, sizeof *keys);
    lines cells = {0};
    if (!bars || !labels || !keys) {
        cli_error("out of memory");
        d->status = EXIT_RUNTIME;
        goto done;
    }
    int any_key = 0;
    char sn[64];
    for (int i = 0; i < n; i++) {
        keys[i] = runs[i].topo ? runs[i].topo->reference : NULL;
        any_key |= keys[i] != NULL;
    }
    if (any_key) {
        char dir[4096], err[1024];
        if (ref_find_dir(dir, sizeof dir, err, sizeof err) == REF_OK)
            (void)ref_pick(dir, keys, n, &ref, err, sizeof err);
    }
    for (int i = 0; i < n; i++) {
        const mc_result *r = runs[i].res;
        double lo = 0, hi = 0;
        if (runs[i].id > 0)
            snprintf(labels[i], sizeof labels[i], "%s (#%lld)",
                     short_name(sn, sizeof sn, r->name), runs[i].id);
        else
            snprintf(labels[i], sizeof labels[i], "%s", short_name(sn, sizeof sn, r->name));
        bars[i].label = labels[i];
        bars[i].nines = plot_nines(r->system.availability);
        bars[i].lo = plot_nines(r->system.ci_lo);
        bars[i].hi = plot_nines(r->system.ci_hi);
        if (ref && keys[i] && ref_band(ref, keys[i], &lo, &hi) > 0) {
            bars[i].has_band = 1;
            bars[i].band_lo = plot_nines(lo);
            bars[i].band_hi = plot_nines(hi);
            bars[i].band_label = keys[i];
        }
        int dec = pct_decimals(r->system.nines);
        char b[64];
        lines_addf(&cells, "%s", labels[i]);
        lines_addf(&cells, "%.*f%%", dec, 100 * r->system.availability);
        lines_addf(&cells, "%.2f", r->system.nines);
        lines_addf(&cells, "%s", minutes(b, sizeof b, r->system.downtime_min_per_year));
        if (bars[i].has_band && lo == hi)
            lines_addf(&cells, "%.6g%% (%s)", 100 * lo, keys[i]);
        else if (bars[i].has_band)
            lines_addf(&cells, "%.6g%% to %.6g%% (%s)", 100 * lo, 100 * hi, keys[i]);
        else
            lines_addf(&cells, "-");
    }
    static const char *const hdr[] = {"design", "availability", "nines", "downtime/yr",
                                      "published"};
    doc_table(d, hdr, 5, &cells);
    chart_args ca = {CH_DESIGNS, "Nines per design, with 95% intervals and published bands",
                     bars, n, NULL, NULL, NULL, NULL, NULL, NULL};
    doc_chart(d, "designs", ref ? "Each design's nines (bar, with its 95% interval) over the band "
                              "its reference publishes (grey)."
                            : "Each design's nines (bar, with its 95% interval).",
          &ca);
    if (ref && ref->source) {
        doc_paraf(d, "Published figures: %s (table %s).", ref->source, ref->name);
    }
done:
    lines_release(&cells);
    ref_table_free(ref);
    free(keys);
    free(bars);
    free(labels);
}

/* ---------- the documents ---------- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>nines report</title>\n<style>\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "max-width:70em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n"
    "h1,h2,h3{line-height:1.2}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\n"
    "table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums}th{background:#f2f2f2}\n"
    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;"
    "font-size:.9em}\n"
    "pre{background:#f7f7f7;padding:1em;overflow:auto}details{margin:1em 0}\n"
    "</style>\n</head>\n<body>\n";

/* Opens a new file DIR/.nines-NAME.PID to be renamed to DIR/NAME once
 * complete (so a document is never half-written); the mode follows the
 * umask like any new file. NULL with errno on failure. */
static FILE *open_temp(const char *dir, const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/.nines-%s.%ld", dir, name, (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno == EEXIST && !remove(path)) /* left by a killed nines */
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (fd >= 0 && !f) {
        close(fd);
        remove(path);
    }
    if (f)
        plot_temp_track(path); /* removed by a second Ctrl-C too */
    return f;
}

int report_write(const report_opts *o, report_run *runs, int n)
{
    char md_path[4096], html_path[4096], md_tmp[4200], html_tmp[4200], when[32];
    doc d = {0};
    d.o = o;
    if (mkdir(o->dir, 0777) && errno != EEXIST) {
        cli_error("cannot create the folder %s: %s", o->dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    snprintf(md_path, sizeof md_path, "%s/report.md", o->dir);
    snprintf(html_path, sizeof html_path, "%s/report.html", o->dir);
    d.md = open_temp(o->dir, "report.md", md_tmp, sizeof md_tmp);
    d.html = d.md ? open_temp(o->dir, "report.html", html_tmp, sizeof html_tmp) : NULL;
    if (!d.md || !d.html) {
        cli_error("cannot write %s: %s", d.md ? html_path : md_path, strerror(errno));
        if (d.md) {
            fclose(d.md);
            remove(md_tmp);
            plot_temp_untrack(md_tmp);
        }
        return EXIT_RUNTIME;
    }
    cli_now_utc(when, sizeof when);
    fputs(html_head, d.html);
    fputs("# nines report\n\n", d.md);
    fputs("<h1>nines report</h1>\n", d.html);
    doc_paraf(&d, "%d run%s, written %s by nines %s from %s.", n, n == 1 ? "" : "s", when,
          NINES_VERSION, o->db ? o->db : "runs made for this report");
    if (n > 1)
        designs_section(&d, runs, n);
    for (int i = 0; i < n && !d.stopped; i++)
        run_section(&d, &runs[i], i);
    fputs("</body>\n</html>\n", d.html);
    int bad = ferror(d.md) || ferror(d.html);
    bad |= fclose(d.md) != 0;
    bad |= fclose(d.html) != 0;
    int status = d.status;
    if (d.stopped || *cli_stop_flag()) {
        remove(md_tmp);
        remove(html_tmp);
        cli_error("interrupted: the report was not written (charts already drawn stay in %s)",
                  o->dir);
        status = cli_interrupted_status();
    } else if (bad || rename(md_tmp, md_path) || rename(html_tmp, html_path)) {
        cli_error("cannot write the report into %s: %s", o->dir, strerror(errno));
        remove(md_tmp);
        remove(html_tmp);
        status = EXIT_RUNTIME;
    }
    plot_temp_untrack(md_tmp);
    plot_temp_untrack(html_tmp);
    return status;
}

void report_load_design(report_run *rr)
{
    const store_meta *m = rr->meta;
    if (!m || !m->topology_text) {
        snprintf(rr->topo_why, sizeof rr->topo_why, "the run was stored without its topology");
        return;
    }
    topo_errors errs = {0};
    const char *path = m->topology_path ? m->topology_path : "stored.yaml";
    /* a sweep's point: the design with the overrides it was run with */
    topo_set *set = NULL;
    char *set_buf = NULL;
    int n_set = cli_options_overrides(m->options, &set, &set_buf);
    if (n_set < 0) {
        snprintf(rr->topo_why, sizeof rr->topo_why, "out of memory");
        return;
    }
    topo_load_options lo = {set, n_set};
    int rc = topo_load_string(m->topology_text, m->topology_len, path, n_set ? &lo : NULL,
                              &rr->topo, &errs);
    free(set);
    free(set_buf);
    if (rc) {
        char buf[400] = "unknown error";
        if (errs.n > 0)
            topo_diag_format(&errs.items[0], buf, sizeof buf);
        snprintf(rr->topo_why, sizeof rr->topo_why, "%s", buf);
        rr->topo = NULL;
    }
    topo_errors_release(&errs);
}

void report_run_release(report_run *rr)
{
    mc_result_free(rr->res);
    store_meta_free(rr->meta);
    topo_free(rr->topo);
    memset(rr, 0, sizeof *rr);
}
