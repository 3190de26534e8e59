/* cli/report_transient.c — a run's section "Reliability over time" (issue
 * 14), for a run made with --at: R(t), A(t) and IR(t, window) at each time
 * asked, the MTTF from new (said to be a lower bound when trials were
 * censored), and the chart of A(t) and R(t) with their bands, the solver's
 * steady state and, where it has one, its exact A(t).
 */
#include <stdio.h>

#include "report_int.h"

void report_transient_section(doc *d, const report_run *rr, const char *name)
{
    const mc_result *r = rr->res;
    if (r->n_at <= 0)
        return;
    char b[64], w[64], file[96];
    lines l = {0};
    report_doc_heading(d, 3, "Reliability over time");
    report_doc_paraf(d, "From %s: R(t) is the chance of no system outage in [0, t], A(t) the "
                        "chance the system is up at t%s; each with its standard error over %lld "
                        "trials.",
                     r->start_steady ? "the steady state (--start steady: each part's first "
                                       "state drawn from its stationary law)"
                                     : "new (every part up at 0)",
                     r->window > 0 ? ", IR(t) the chance it is up throughout [t, t + window]" : "",
                     r->trials);
    for (int k = 0; k < r->n_at; k++) {
        report_lines_addf(&l, "%s", r->at_label[k] ? r->at_label[k]
                                                   : units_format_duration(r->at[k], b, sizeof b));
        report_lines_addf(&l, "%.6f \u00b1 %.2g", r->reliability[k], r->reliability_se[k]);
        report_lines_addf(&l, "%.6f \u00b1 %.2g", r->point_availability[k],
                          r->point_availability_se[k]);
        if (r->window > 0)
            report_lines_addf(&l, "%.6f \u00b1 %.2g", r->interval_reliability[k],
                              r->interval_reliability_se[k]);
        else
            report_lines_addf(&l, "-");
    }
    snprintf(w, sizeof w, "IR(t, %s)",
             r->window > 0 ? units_format_duration(r->window, b, sizeof b) : "window");
    const char *hdr[] = {"t", "R(t)", "A(t)", w};
    report_doc_table(d, hdr, 4, &l);
    report_lines_release(&l);
    if (r->censored_trials > 0)
        report_doc_paraf(d, "MTTF from new: at least %.6g h (95%% interval %.6g to %.6g h): "
                            "%lld of %lld trials saw no outage by %s and count their end, so "
                            "this is a lower bound; --until-failure runs each history to its "
                            "first outage.",
                         r->mttf_hours, r->mttf_ci_lo, r->mttf_ci_hi, r->censored_trials,
                         r->trials,
                         units_format_duration(r->until_failure ? r->until_cap : r->mission_hours,
                                               b, sizeof b));
    else
        report_doc_paraf(d, "MTTF from new: %.6g h (95%% interval %.6g to %.6g h)%s.", r->mttf_hours,
                         r->mttf_ci_lo, r->mttf_ci_hi,
                         r->until_failure ? ", each history run on to its first outage" : "");
    cli_curve c;
    if (cli_transient_curve(r, rr->topo, &c))
        return;
    char title[1200], steady[160];
    plot_transient p;
    cli_transient_plot(r, &c, &p, title, sizeof title, steady, sizeof steady);
    chart_args ca = {0};
    ca.kind = CH_TRANSIENT;
    ca.title = title;
    ca.transient = &p;
    snprintf(file, sizeof file, "%s-transient", name);
    char caption[700];
    snprintf(caption, sizeof caption,
             "A(t) above and R(t) below, simulated on %d times from 0 to %s with their 95%% "
             "intervals; the dotted line is the solver's steady state%s.",
             MC_CURVE_POINTS, units_format_duration(r->curve_end, b, sizeof b),
             c.has_exact ? ", the dashed one its exact A(t) (independent two-state parts)" : "");
    report_doc_chart(d, file, caption, &ca);
    if (!c.has_exact && c.why)
        report_doc_paraf(d, "No exact A(t) is drawn: %s.", c.why);
}
