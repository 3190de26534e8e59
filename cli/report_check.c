/* cli/report_check.c — a run's section "Against the analytic solver": the
 * simulated figures beside the analytic solver's, with the gap in standard
 * errors and why an approximate figure is approximate.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

/* One row of the cross-check: simulated, analytic, how it was solved and the
 * gap in standard errors; returns 1 if an exact figure is more than 4
 * standard errors away. */
static int check_row(lines *cells, const char *kind, const mc_figures *f,
                     const analytic_figure *g)
{
    int dec = cli_percent_decimals(f->nines);
    if (!strcmp(kind, "system") && f->name && strcmp(f->name, "system"))
        report_lines_addf(cells, "view %s (headline)", f->name); /* --view (Y16) */
    else if (!strcmp(kind, "system"))
        report_lines_addf(cells, "system");
    else
        report_lines_addf(cells, "%s %s", kind, f->name ? f->name : "");
    report_lines_addf(cells, "%.*f%%", dec, 100 * f->availability);
    report_lines_addf(cells, "%.*f%%", dec, 100 * g->availability);
    report_lines_addf(cells, "%s", g->exact ? "exact" : "approximate");
    double gap = f->availability - g->availability;
    if (f->outages < MC_TRUST_OUTAGES || !(f->std_error > 0)) {
        report_lines_addf(cells, "too few outages");
        return 0;
    }
    double z = gap / f->std_error;
    report_lines_addf(cells, "%+.1f", z);
    return g->exact && fabs(z) > 4;
}

/* A range's services as one row (Y16): the mean simulated availability,
 * the solved one when it is the same for each (else the row is not made:
 * 0 returned), and the largest gap of them; returns 1 + the number of
 * exact figures more than 4 standard errors away. */
static int check_group(lines *cells, const mc_result *r, const analytic_result *a,
                       const topo_name_group *gr)
{
    const mc_figures *m = &r->services[gr->first];
    const analytic_figure *g = &a->services[gr->first];
    double mean = 0, worst = 0;
    int off = 0, few = 0;
    for (int k = 0; k < gr->count; k++) {
        if (fabs(g[k].availability - g[0].availability) > 1e-12 || g[k].exact != g[0].exact)
            return 0;
        mean += m[k].availability / gr->count;
        if (m[k].outages < MC_TRUST_OUTAGES || !(m[k].std_error > 0)) {
            few = 1;
            continue;
        }
        double z = (m[k].availability - g[k].availability) / m[k].std_error;
        worst = fabs(z) > fabs(worst) ? z : worst;
        off += g[k].exact && fabs(z) > 4;
    }
    int dec = cli_percent_decimals(units_nines(mean));
    report_lines_addf(cells, "service %s (%d, mean)", gr->text, gr->count);
    report_lines_addf(cells, "%.*f%%", dec, 100 * mean);
    report_lines_addf(cells, "%.*f%% each", dec, 100 * g[0].availability);
    report_lines_addf(cells, "%s", g[0].exact ? "exact" : "approximate");
    if (few)
        report_lines_addf(cells, "too few outages");
    else
        report_lines_addf(cells, "largest %+.1f", worst);
    return 1 + off;
}

/* The simulated figures beside the analytic solver's (docs/analytic.md). */
void report_check_section(doc *d, const report_run *rr)
{
    const mc_result *r = rr->res;
    const topology *t = rr->topo;
    report_doc_heading(d, 3, "Against the analytic solver");
    if (!t || r->n_services != t->n_services || r->n_views != t->n_views) {
        report_doc_paraf(d, "No analytic figures: the design could not be re-read as it was "
                            "run (%s).", t ? "its targets differ" : rr->topo_why);
        return;
    }
    analytic_result *a = NULL;
    int rc = analytic_solve(t, &a);
    if (rc) {
        report_doc_paraf(d, "The analytic solver could not solve this design (%s).",
              rc == TOPO_ENOMEM ? "out of memory" : "too large");
        return;
    }
    /* --view (Y16): the view's solved figure beside its simulated headline */
    int hv = cli_view_target(t, cli_view_of(r)) - 1 - t->n_services;
    if (hv >= 0) {
        analytic_figure tmp = a->system;
        a->system = a->views[hv];
        a->views[hv] = tmp;
    }
    report_doc_para(d, "The steady-state availability from nines analyze, exact or marked "
            "approximate, beside the simulated mean. The gap is (simulated - analytic) in "
            "standard errors of the simulation; an exact figure should be within about 2 "
            "of it (4 at most), and the simulation, which starts with everything up, lies "
            "slightly above the steady state over a finite mission.");
    static const char *const hdr[] = {"target", "simulated", "analytic", "analytic is",
                                      "gap (standard errors)"};
    lines l = {0};
    int off = check_row(&l, "system", &r->system, &a->system);
    topo_name_group *grp = NULL; /* a range's services as one row (Y16) */
    int ng = 0;
    if (report_service_groups(r, t, &grp, &ng))
        grp = NULL;
    for (int gi = 0; gi < (grp ? ng : r->n_services); gi++) {
        int i = grp ? grp[gi].first : gi, made = 0;
        if (grp && grp[gi].count > 1 && (made = check_group(&l, r, a, &grp[gi])) > 0) {
            off += made - 1;
            continue;
        }
        for (int k = 0; k < (grp ? grp[gi].count : 1); k++)
            off += check_row(&l, "service", &r->services[i + k], &a->services[i + k]);
    }
    topo_name_groups_free(grp, ng);
    for (int i = 0; i < r->n_views; i++)
        off += check_row(&l, "view", &r->views[i], &a->views[i]);
    report_doc_table(d, hdr, 5, &l);
    report_lines_release(&l);
    if (!a->system.exact && a->system.reason) {
        /* the reasons of the service the system is approximate through, or
           its own, one to a line (joined by "; " in the result) */
        const analytic_figure *g = &a->system;
        int k = g->through;
        if (k >= 0 && k < t->n_services && a->services[k].reason) {
            report_doc_paraf(d, "The system's analytic figure is approximate through service %s%s, "
                     "whose figure is approximate because:",
                  t->services[k].name, g->through_more ? " and others" : "");
            g = &a->services[k];
        } else {
            report_doc_para(d, "The system's analytic figure is approximate because:");
        }
        for (const char *why = g->reason, *next; *why; why = next) {
            size_t n = cli_reason_len(why, &next);
            report_lines_addf(&l, "%.*s", (int)n, why);
        }
        report_doc_list(d, &l);
        report_lines_release(&l);
    }
    if (off)
        report_doc_paraf(d, "Warning: %d exact figure%s more than 4 standard errors from the "
                 "simulation: run more trials; if the gap stays, report it as a bug.",
              off, off > 1 ? "s are" : " is");
    analytic_result_free(a);
}
