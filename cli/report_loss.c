/* cli/report_loss.c — the report's data-loss lines (issue 15;
 * docs/semantics.md, "Data loss"): for each service with replication or
 * split-brain figures, its loss events per year, seconds of writes lost per
 * year, the chance that a year loses any write and its largest single loss,
 * each with its 95% interval. A run without such a service gets nothing, so
 * its report reads as before. */
#include <stdio.h>

#include "report_int.h"

/* Seconds for people: "0 s", "0.69 s", "64 s", "1800 s (30 min)". */
static const char *seconds_text(char *buf, size_t n, double s)
{
    char m[64];
    if (!(s > 0))
        snprintf(buf, n, "0 s");
    else if (s < 100)
        snprintf(buf, n, "%.2g s", s);
    else if (s < 120)
        snprintf(buf, n, "%.0f s", s);
    else
        snprintf(buf, n, "%.0f s (%s)", s, report_minutes(m, sizeof m, s / 60));
    return buf;
}

/* The line of g, or with gr (g the mean over its members, lo and hi the
 * lowest and highest seconds of writes per year of them) of a range's alike
 * services: "db[1:4] (4, mean)", each one's lowest to highest seconds in
 * place of the intervals (docs/topology-format.md, "Ranges in outputs"). */
static void loss_line(lines *l, const mc_figures *g, int summary, const topo_name_group *gr,
                      double lo, double hi)
{
    char a[64], b[64], c[96], e[96], nm[300], each[200];
    if (gr)
        snprintf(nm, sizeof nm, "%s (%d, mean)", gr->text, gr->count);
    else
        snprintf(nm, sizeof nm, "%s", g->name ? g->name : "");
    if (!(g->loss_events_per_year > 0)) {
        report_lines_addf(l, "%s: no write lost (%s)", nm,
                          summary ? "no loss event in any trial"
                                  : "no loss event in any trial: 0 events and 0 s of writes "
                                    "per year, no year with a loss");
        return;
    }
    each[0] = '\0';
    if (gr)
        snprintf(each, sizeof each, " (each %s to %s)", seconds_text(b, sizeof b, lo),
                 seconds_text(c, sizeof c, hi));
    if (summary) {
        report_lines_addf(l, "%s: %s of writes lost per year%s (%.3g loss events a year); a year "
                             "loses some writes with chance %.1f%%; largest loss %s%s",
                          nm, seconds_text(a, sizeof a, g->loss_seconds_per_year), each,
                          g->loss_events_per_year, 100 * g->year_with_loss_probability,
                          seconds_text(c, sizeof c, g->loss_largest_seconds),
                          gr ? " (of any of them)" : "");
        return;
    }
    if (gr) {
        report_lines_addf(l, "%s: %.3g loss events per year; %s of writes lost per year%s; "
                             "chance that a year loses any write %.2f%%; largest single loss %s "
                             "(of any of them)",
                          nm, g->loss_events_per_year,
                          seconds_text(a, sizeof a, g->loss_seconds_per_year), each,
                          100 * g->year_with_loss_probability,
                          seconds_text(e, sizeof e, g->loss_largest_seconds));
        return;
    }
    report_lines_addf(l, "%s: %.3g loss events per year (95%% interval %.3g to %.3g); %s of "
                         "writes lost per year (%s to %s); chance that a year loses any write "
                         "%.2f%% (%.2f%% to %.2f%%); largest single loss %s",
                      nm, g->loss_events_per_year, g->loss_events_ci_lo,
                      g->loss_events_ci_hi, seconds_text(a, sizeof a, g->loss_seconds_per_year),
                      seconds_text(b, sizeof b, g->loss_seconds_ci_lo),
                      seconds_text(c, sizeof c, g->loss_seconds_ci_hi),
                      100 * g->year_with_loss_probability, 100 * g->year_loss_ci_lo,
                      100 * g->year_loss_ci_hi, seconds_text(e, sizeof e, g->loss_largest_seconds));
}

/* The lines of r's services with data-loss figures, a range's alike
 * services (as in the figures table, report_service_groups) as one. */
static void loss_lines(lines *l, const mc_result *r, const topology *t, int summary)
{
    topo_name_group *g = NULL;
    int ng = 0;
    if (report_service_groups(r, t, &g, &ng))
        g = NULL; /* out of memory: one by one */
    for (int i = 0; i < (g ? ng : r->n_services); i++) {
        const mc_figures *m = &r->services[g ? g[i].first : i];
        int n = g ? g[i].count : 1;
        if (!m->has_loss) /* the same for the whole group */
            continue;
        if (n == 1) {
            loss_line(l, m, summary, NULL, 0, 0);
            continue;
        }
        double lo, hi;
        mc_figures x = cli_loss_group(m, n, &lo, &hi);
        loss_line(l, &x, summary, &g[i], lo, hi);
    }
    topo_name_groups_free(g, ng);
}

static int any_loss(const mc_result *r)
{
    for (int i = 0; i < r->n_services; i++)
        if (r->services[i].has_loss)
            return 1;
    return 0;
}

void report_loss_section(doc *d, const mc_result *r, const topology *t)
{
    if (!any_loss(r))
        return;
    lines l = {0};
    report_doc_heading(d, 3, "Data loss");
    loss_lines(&l, r, t, 0);
    report_doc_list(d, &l);
    report_lines_release(&l);
    report_doc_para(d, "Writes are lost when the active role moves after a failure (each move "
                       "loses the replication lag of the moment) and in split brains; a year "
                       "counts as losing writes when some loss in it is above 0 s "
                       "(docs/semantics.md, \"Data loss\").");
}

void report_loss_summary(doc *d, const mc_result *r, const topology *t)
{
    if (!any_loss(r))
        return;
    lines l = {0};
    loss_lines(&l, r, t, 1);
    for (int i = 0; i < l.n; i++)
        report_doc_paraf(d, "Data loss: %s.", l.v[i]);
    report_lines_release(&l);
}
