/* cli/report_run.c — one run's part of the report, in this order: its
 * heading, its summary (report_summary.c; with several runs), the yearly
 * downtime and outage-length charts, the design as run (every file it read,
 * verbatim), the design in words and as a diagram, the figures, the
 * system's downtime by cause, the check against the solver, the other
 * charts (convergence, downtime by service) and how to reproduce it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

static void figure_row(lines *cells, const char *kind, const mc_figures *f, const mc_result *r)
{
    int dec = cli_percent_decimals(f->nines);
    char b[64];
    if (!strcmp(kind, "system") && f->name && strcmp(f->name, "system"))
        report_lines_addf(cells, "view %s (headline)", f->name); /* --view (Y16) */
    else if (!strcmp(kind, "system"))
        report_lines_addf(cells, "system");
    else
        report_lines_addf(cells, "%s %s", kind, f->name ? f->name : "");
    if (f->outages == 0)
        report_lines_addf(cells, "no downtime seen");
    else
        report_lines_addf(cells, "%.*f%%", dec, 100 * f->availability);
    if (f->outages == 0) /* never a silent 100%: the one-sided bound */
        report_lines_addf(cells, "no outage: U < %.2g (one-sided)", cli_trust_u_upper(r, f));
    else
        report_lines_addf(cells, "%.*f%% to %.*f%%", dec, 100 * f->ci_lo, dec, 100 * f->ci_hi);
    report_lines_addf(cells, "%s", cli_format_nines(b, sizeof b, r, f));
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, f->downtime_min_per_year));
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, f->year_p95));
    report_lines_addf(cells, "%.3g", f->outages_per_year);
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, f->mean_outage_min));
    if (r->sla >= 0 && f->sla_breach >= 0)
        report_lines_addf(cells, "%.2f%%", 100 * f->sla_breach);
    else
        report_lines_addf(cells, "n/a");
}

/* A range's services with the same figures' structure as one row (Y16;
 * docs/topology-format.md, "Ranges in outputs"): the mean of each figure
 * over them, and in place of the interval the lowest and highest
 * availability of them. */
static void group_figure_row(lines *cells, const mc_result *r, const topo_name_group *gr)
{
    const mc_figures *m = &r->services[gr->first];
    int n = gr->count;
    mc_figures x = m[0];
    double lo = m[0].availability, hi = m[0].availability;
    x.availability = x.downtime_min_per_year = x.year_p95 = x.outages_per_year = 0;
    x.mean_outage_min = x.sla_breach = 0;
    x.outages = 0;
    for (int k = 0; k < n; k++) {
        x.availability += m[k].availability / n;
        x.downtime_min_per_year += m[k].downtime_min_per_year / n;
        x.year_p95 += m[k].year_p95 / n;
        x.outages_per_year += m[k].outages_per_year / n;
        x.mean_outage_min += m[k].mean_outage_min / n;
        x.sla_breach += m[k].sla_breach / n;
        x.outages += m[k].outages;
        lo = fmin(lo, m[k].availability);
        hi = fmax(hi, m[k].availability);
    }
    x.nines = units_nines(x.availability);
    int dec = cli_percent_decimals(x.nines);
    char b[64];
    report_lines_addf(cells, "service %s (%d, mean)", gr->text, n);
    if (m[0].outages == 0) {
        report_lines_addf(cells, "no downtime seen");
        report_lines_addf(cells, "no outage: U < %.2g (one-sided) each",
                          cli_trust_u_upper(r, &m[0]));
    } else {
        report_lines_addf(cells, "%.*f%%", dec, 100 * x.availability);
        report_lines_addf(cells, "each %.*f%% to %.*f%%", dec, 100 * lo, dec, 100 * hi);
    }
    report_lines_addf(cells, "%s", cli_format_nines(b, sizeof b, r, &x));
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, x.downtime_min_per_year));
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, x.year_p95));
    report_lines_addf(cells, "%.3g", x.outages_per_year);
    report_lines_addf(cells, "%s", report_minutes(b, sizeof b, x.mean_outage_min));
    if (r->sla >= 0 && m[0].sla_breach >= 0)
        report_lines_addf(cells, "%.2f%%", 100 * x.sla_breach);
    else
        report_lines_addf(cells, "n/a");
}

/* The system's downtime by cause: the causes with some downtime, largest
 * first, with their minutes per year and share; the planned part and the
 * unplanned availability when maintenance took some. */
static void causes_section(doc *d, const mc_figures *s)
{
    int order[CAUSE_N], k = study_causes_ranked(s, order);
    lines l = {0};
    char b[64];
    report_doc_heading(d, 3, "Downtime by cause");
    if (!study_causes_known(s)) {
        report_doc_para(d, "Not known: the run was stored before nines kept downtime by cause.");
        return;
    }
    if (!k) {
        report_doc_para(d, "The system was never down.");
        return;
    }
    double total = 0;
    for (int c = 0; c < CAUSE_N; c++)
        total += s->cause_min_per_year[c];
    for (int i = 0; i < k; i++) {
        double v = s->cause_min_per_year[order[i]];
        report_lines_addf(&l, "%s", topo_cause_name(order[i]));
        report_lines_addf(&l, "%s", report_minutes(b, sizeof b, v));
        report_lines_addf(&l, "%.1f%%", 100 * v / total);
    }
    static const char *const hdr[] = {"cause", "downtime/yr", "share"};
    report_doc_table(d, hdr, 3, &l);
    report_lines_release(&l);
    if (s->cause_min_per_year[CAUSE_MAINTENANCE] > 0 && !isnan(s->availability_unplanned))
        report_doc_paraf(d, "Planned maintenance is %.1f%% of the downtime; without it the "
                     "availability is %.*f%% (95%% interval %.*f%% to %.*f%%).",
                  100 * s->cause_min_per_year[CAUSE_MAINTENANCE] / total,
                  cli_percent_decimals(s->nines), 100 * s->availability_unplanned,
                  cli_percent_decimals(s->nines), 100 * s->unplanned_ci_lo,
                  cli_percent_decimals(s->nines), 100 * s->unplanned_ci_hi);
    report_doc_para(d, "Each moment the system is down counts for one cause, the most urgent of "
                "those keeping it down (docs/semantics.md, \"Downtime by cause\").");
}

/* The charts the summary is read with: yearly downtime and outage lengths. */
static void headline_charts(doc *d, const report_run *rr, const char *name)
{
    const mc_result *r = rr->res;
    const char *rname = r->name ? r->name : "";
    char file[96], caption[1200], a[128];
    report_doc_heading(d, 3, "Yearly downtime and outage lengths");
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
            snprintf(t, sizeof t, "%s: downtime per calendar year", rname);
            h.title = t;
            h.n = last - first + 1;
            h.edge = edge + first;
            h.years = years + first;
            h.zero_years = (double)r->system.hist[0];
            h.mean_minutes = r->system.downtime_min_per_year;
            h.p95_minutes = r->system.year_p95;
            if (r->sla >= 0) {
                h.sla_minutes = (1 - r->sla) * 525600;
                snprintf(sla, sizeof sla, "SLA %.6g%%: %s per year", 100 * r->sla,
                         report_minutes(a, sizeof a, h.sla_minutes));
                h.sla_label = sla;
            }
            chart_args ca = {.kind = CH_HIST, .title = t, .hist = &h};
            snprintf(file, sizeof file, "%s-downtime", name);
            snprintf(caption, sizeof caption,
                     "Simulated calendar years by their downtime (log scale), with the mean "
                     "year and the P95 year (the year a budget should plan for); %lld of %lld "
                     "years had none.",
                     r->system.hist[0], r->system.years);
            report_doc_chart(d, file, caption, &ca);
        } else {
            report_doc_paraf(d, "No simulated year had any downtime: there is no distribution to draw.");
        }
    }
    /* (b') how long outages last: the system's and each service's mean and
       longest outage (the store keeps no per-outage lengths) */
    {
        int n = 1 + r->n_services;
        const char **labels = calloc((size_t)n, sizeof *labels);
        double *v = calloc((size_t)n * 2, sizeof *v);
        if (labels && v) {
            labels[0] = "system";
            v[0] = r->system.mean_outage_min;
            v[n] = r->system.longest_outage_min;
            for (int i = 0; i < r->n_services; i++) {
                labels[1 + i] = r->services[i].name;
                v[1 + i] = r->services[i].mean_outage_min;
                v[n + 1 + i] = r->services[i].longest_outage_min;
            }
            char t[1200];
            snprintf(t, sizeof t, "%s: how long an outage lasts", rname);
            plot_durations du = {t, n, labels, v, v + n};
            chart_args ca = {.kind = CH_DURATIONS, .title = t, .n = n, .durations = &du};
            snprintf(file, sizeof file, "%s-outages", name);
            report_doc_chart(d, file, "Length of one outage of the system and of each service: the "
                           "bar reaches the mean, the mark is the longest seen in the run "
                           "(log scale).",
                  &ca);
        }
        free(labels);
        free(v);
    }
}

/* The other charts: convergence and downtime by service. */
static void more_charts(doc *d, const report_run *rr, const char *name)
{
    const mc_result *r = rr->res;
    const char *rname = r->name ? r->name : "";
    char file[96];
    report_doc_heading(d, 3, "More charts");
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
        snprintf(t, sizeof t, "%s: convergence of the estimate", rname);
        chart_args ca = {.kind = CH_CONV, .title = t, .n = r->n_conv, .trials = tr,
                         .y = y, .lo = lo, .hi = hi};
        snprintf(file, sizeof file, "%s-convergence", name);
        report_doc_chart(d, file, "The running availability estimate and its 95% interval as trials "
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
            snprintf(t, sizeof t, "%s: downtime by service", rname);
            chart_args ca = {.kind = CH_BARS, .title = t, .n = n, .y = v, .lo = v + n,
                             .hi = v + 2 * n, .labels = labels};
            snprintf(file, sizeof file, "%s-services", name);
            report_doc_chart(d, file, "Mean downtime per year of each service, with its 95% interval "
                           "(a service counts as down while a service it needs is down); more than "
                           "8 services are drawn as horizontal bars, largest first.",
                  &ca);
        }
        free(labels);
        free(v);
    }

}

/* The sources of rr's design: those it was re-read from, else the stored
   ones (a run stored before nines kept includes: its main text). */
static const topo_source *design_sources(const report_run *rr, topo_source *one, int *n)
{
    if (rr->topo && rr->topo->n_sources > 0) {
        *n = rr->topo->n_sources;
        return rr->topo->sources;
    }
    return cli_stored_sources(rr->meta, one, n);
}

/* Every file the run read, verbatim, each under its path. */
static void design_as_run(doc *d, const report_run *rr)
{
    topo_source one;
    int n = 0;
    const topo_source *src = design_sources(rr, &one, &n);
    report_doc_heading(d, 3, "The design as run");
    if (!src || n == 0) {
        report_doc_para(d, "Not kept: the run was stored without its topology.");
        return;
    }
    report_doc_paraf(d, "The text%s the run read, byte for byte as kept with it%s.",
                     n > 1 ? "s of every file" : " of the file",
                     rr->id > 0 ? " ('nines export' writes them back)" : "");
    for (int i = 0; i < n; i++) {
        char caption[2200], sha[65];
        if (!src[i].text)
            continue; /* an include named again: its text is shown once */
        store_sha256_hex(src[i].text, src[i].len, sha);
        if (src[i].from < 0)
            snprintf(caption, sizeof caption, "%s (the main file), SHA-256 %s:", src[i].path, sha);
        else
            snprintf(caption, sizeof caption, "%s (included as '%s'), SHA-256 %s:", src[i].path,
                     src[i].written, sha);
        report_doc_verbatim(d, caption, src[i].text, src[i].len);
    }
    if (rr->meta && rr->meta->n_sources == 0 && rr->id > 0 && !rr->topo)
        report_doc_para(d, "Included files: not kept (the run was stored before nines kept "
                           "them).");
}

void report_run_section(doc *d, report_run *rr, int index, int summary)
{
    const mc_result *r = rr->res;
    const store_meta *m = rr->meta;
    char title[1024], a[128], name[64];
    lines l = {0};
    if (rr->id > 0)
        snprintf(title, sizeof title, "Run %lld: %s", rr->id, r->name ? r->name : "");
    else
        snprintf(title, sizeof title, "%s (not stored)", r->name ? r->name : "");
    report_doc_heading(d, 2, title);
    report_doc_paraf(d, "%lld trials%s of %s each, seed %llu, %d threads; started %s; nines %s.", r->trials,
          r->partial ? " (partial: interrupted)" : "", report_duration(a, sizeof a, r->mission_hours),
          (unsigned long long)r->seed, r->threads,
          m && m->started_utc ? m->started_utc : "at an unknown time",
          m && m->version ? m->version : "(unknown version)");
    if (summary)
        report_summary_section(d, rr, 3);
    if (rr->id > 0)
        snprintf(name, sizeof name, "run-%lld", rr->id);
    else
        snprintf(name, sizeof name, "unstored-%d", index + 1); /* --no-db */
    headline_charts(d, rr, name);
    design_as_run(d, rr);

    report_doc_heading(d, 3, "The design");
    if (rr->topo) {
        report_describe_design(rr->topo, &l);
        report_doc_list(d, &l);
        report_lines_release(&l);
        char dia[96];
        if (rr->id > 0)
            snprintf(dia, sizeof dia, "run-%lld-diagram", rr->id);
        else
            snprintf(dia, sizeof dia, "unstored-%d-diagram", index + 1); /* --no-db */
        report_doc_diagram(d, dia, rr->topo);
    } else {
        report_doc_paraf(d, "The design could not be re-read from the stored text: %s", rr->topo_why);
    }

    report_doc_heading(d, 3, "Figures");
    static const char *const hdr[] = {"target", "availability", "95% interval", "nines",
                                      "downtime/yr", "P95 year", "outages/yr", "mean outage",
                                      "SLA breach"};
    figure_row(&l, "system", &r->system, r);
    topo_name_group *g = NULL; /* a range's services as one row (Y16) */
    int ng = 0;
    if (report_service_groups(r, rr->topo, &g, &ng))
        g = NULL;
    for (int i = 0; i < (g ? ng : r->n_services); i++) {
        if (g && g[i].count > 1)
            group_figure_row(&l, r, &g[i]);
        else
            figure_row(&l, "service", &r->services[g ? g[i].first : i], r);
    }
    topo_name_groups_free(g, ng);
    for (int i = 0; i < r->n_views; i++)
        figure_row(&l, "view", &r->views[i], r);
    report_doc_table(d, hdr, 9, &l);
    report_lines_release(&l);

    causes_section(d, &r->system);
    report_loss_section(d, r, rr->topo); /* issue 15 */
    report_check_section(d, rr);
    report_transient_section(d, rr, name); /* issue 14: R(t), A(t), MTTF */
    more_charts(d, rr, name);

    report_doc_heading(d, 3, "Reproduce");
    if (m && m->command)
        report_lines_addf(&l, "command: %s", m->command);
    report_lines_addf(&l, "seed %llu, %lld trials requested, nines %s", (unsigned long long)r->seed,
         r->trials_requested, m && m->version ? m->version : "(unknown)");
    if (m && m->topology_sha256)
        report_lines_addf(&l, "topology %s, SHA-256 %s", m->topology_path ? m->topology_path : "(unknown)",
             m->topology_sha256);
    /* the included files the design was read with (kept with the run) */
    const topology *dt = rr->topo;
    for (int i = 1; dt && i < dt->n_sources; i++) {
        const topo_source *src = &dt->sources[i];
        char sha[65] = "?";
        if (src->text)
            store_sha256_hex(src->text, src->len, sha);
        if (src->text)
            report_lines_addf(&l, "included %s (as '%s'), SHA-256 %s", src->resolved,
                              src->written, sha);
    }
    if (!dt && m && m->topology_text && m->n_sources == 0 && rr->id > 0)
        report_lines_addf(&l, "included files: not kept (the run was stored before nines kept them)");
    if (rr->id > 0)
        report_lines_addf(&l, "stored as run %lld in %s ('nines show %lld --db %s')", rr->id, d->o->db, rr->id,
             d->o->db);
    if (m && m->started_utc)
        report_lines_addf(&l, "started %s, finished %s, %lld events in %.2f s", m->started_utc,
             m->finished_utc ? m->finished_utc : "?", r->events, r->seconds);
    report_doc_list(d, &l);
    report_lines_release(&l);
}
