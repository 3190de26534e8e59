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

static void loss_line(lines *l, const mc_figures *g, int summary)
{
    char a[64], b[64], c[96], e[96];
    if (!(g->loss_events_per_year > 0)) {
        report_lines_addf(l, "%s: no write lost (%s)", g->name ? g->name : "",
                          summary ? "no loss event in any trial"
                                  : "no loss event in any trial: 0 events and 0 s of writes "
                                    "per year, no year with a loss");
        return;
    }
    if (summary) {
        report_lines_addf(l, "%s: %s of writes lost per year (%.3g loss events a year); a year "
                             "loses some writes with chance %.1f%%; largest loss %s",
                          g->name ? g->name : "", seconds_text(a, sizeof a, g->loss_seconds_per_year),
                          g->loss_events_per_year, 100 * g->year_with_loss_probability,
                          seconds_text(c, sizeof c, g->loss_largest_seconds));
        return;
    }
    report_lines_addf(l, "%s: %.3g loss events per year (95%% interval %.3g to %.3g); %s of "
                         "writes lost per year (%s to %s); chance that a year loses any write "
                         "%.2f%% (%.2f%% to %.2f%%); largest single loss %s",
                      g->name ? g->name : "", g->loss_events_per_year, g->loss_events_ci_lo,
                      g->loss_events_ci_hi, seconds_text(a, sizeof a, g->loss_seconds_per_year),
                      seconds_text(b, sizeof b, g->loss_seconds_ci_lo),
                      seconds_text(c, sizeof c, g->loss_seconds_ci_hi),
                      100 * g->year_with_loss_probability, 100 * g->year_loss_ci_lo,
                      100 * g->year_loss_ci_hi, seconds_text(e, sizeof e, g->loss_largest_seconds));
}

static int any_loss(const mc_result *r)
{
    for (int i = 0; i < r->n_services; i++)
        if (r->services[i].has_loss)
            return 1;
    return 0;
}

void report_loss_section(doc *d, const mc_result *r)
{
    if (!any_loss(r))
        return;
    lines l = {0};
    report_doc_heading(d, 3, "Data loss");
    for (int i = 0; i < r->n_services; i++)
        if (r->services[i].has_loss)
            loss_line(&l, &r->services[i], 0);
    report_doc_list(d, &l);
    report_lines_release(&l);
    report_doc_para(d, "Writes are lost when the active role moves after a failure (each move "
                       "loses the replication lag of the moment) and in split brains; a year "
                       "counts as losing writes when some loss in it is above 0 s "
                       "(docs/semantics.md, \"Data loss\").");
}

void report_loss_summary(doc *d, const mc_result *r)
{
    if (!any_loss(r))
        return;
    lines l = {0};
    for (int i = 0; i < r->n_services; i++)
        if (r->services[i].has_loss)
            loss_line(&l, &r->services[i], 1);
    for (int i = 0; i < l.n; i++)
        report_doc_paraf(d, "Data loss: %s.", l.v[i]);
    report_lines_release(&l);
}
