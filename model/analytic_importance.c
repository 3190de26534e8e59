/* model/analytic_importance.c — the analytic solver on scaled copies of a
 * topology (topo_scale.c) and the importance of a law (Birnbaum and
 * criticality) computed from them, for `nines sensitivity`.
 *
 * It sits above both the solver (analytic.c) and the copies (topo_scale.c),
 * so that neither calls back into the other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytic_int.h"

/* ---- solving scaled copies, importance ---- */

int analytic_solve_scaled(const topology *t, int law, double fail_factor,
                          double repair_factor, double *availability, int *exact)
{
    topology *c = NULL;
    analytic_result *r = NULL;
    int rc = topo_scale_law(t, law, fail_factor, repair_factor, &c);
    if (rc == TOPO_OK)
        rc = analytic_solve_with(c, &r, 0) ? TOPO_ENOMEM : TOPO_OK;
    if (rc == TOPO_OK) {
        *availability = r->system.availability;
        *exact = r->system.exact;
    }
    analytic_result_free(r);
    topo_free(c);
    return rc;
}

/* A_sys when every part of the law has availability p: its down time
 * (detect and repair, r their mean sum) scaled. */
static int system_at(const topology *t, int law, double f, double r, double p,
                     double *a, int *exact)
{
    double s = f * (1 - p) / (p * r);
    if (law_mean(&t->laws[law].detect) <= 0) {
        int ex = 0, rc = analytic_solve_scaled(t, law, 1, s, a, &ex);
        *exact &= ex;
        return rc;
    }
    topology *c = NULL;
    analytic_result *res = NULL;
    int rc = topo_scale_law(t, law, 1, s, &c);
    if (rc == TOPO_OK) {
        law_dist_scale(&c->laws[law].detect, s);
        rc = analytic_solve_with(c, &res, 0) ? TOPO_ENOMEM : TOPO_OK;
    }
    if (rc == TOPO_OK) {
        *a = res->system.availability;
        *exact &= res->system.exact;
    }
    analytic_result_free(res);
    topo_free(c);
    return rc;
}

/* (A(p0 + h) - A(p0 - h)) / 2h */
static int central(const topology *t, int law, double f, double r, double p0,
                   double h, double *d, int *exact)
{
    double up, down;
    int rc = system_at(t, law, f, r, p0 + h, &up, exact);
    if (!rc)
        rc = system_at(t, law, f, r, p0 - h, &down, exact);
    if (!rc)
        *d = (up - down) / (2 * h);
    return rc;
}

int analytic_importance(const topology *t, int law, law_importance *out)
{
    analytic_result *base = NULL;
    int rc, exact = 1;
    memset(out, 0, sizeof *out);
    if (law < 0 || law >= t->n_laws)
        return TOPO_EINVALID;
    if (analytic_solve_with(t, &base, 0))
        return TOPO_ENOMEM;
    out->parts = topo_law_parts(t, law);
    out->system = base->system.availability;
    exact = base->system.exact;
    analytic_result_free(base);

    const topo_law *l = &t->laws[law];
    double f = law_mean(&l->fail), r = law_mean(&l->repair);
    if (law_mean(&l->detect) > 0)
        r += law_mean(&l->detect); /* the down time: detect, then repair */
    double p0 = law_availability(l);
    out->availability = p0;
    if (!(r > 0) || !(f > 0) || !(p0 > 0) || !(p0 < 1)) {
        /* never down (or never up): there is no repair time to move */
        out->birnbaum = NAN;
        out->criticality = 0;
        out->exact = exact;
        return TOPO_OK;
    }
    double h = fmin(0.01, fmin(p0, 1 - p0) / 2), d1, d2, d3;
    if ((rc = central(t, law, f, r, p0, h, &d1, &exact)) ||
        (rc = central(t, law, f, r, p0, h / 2, &d2, &exact)) ||
        (rc = central(t, law, f, r, p0, h / 4, &d3, &exact)))
        return rc;
    /* Richardson: errors go as h^2, h^4: cancel both */
    double r1 = (4 * d2 - d1) / 3, r2 = (4 * d3 - d2) / 3;
    out->birnbaum = (16 * r2 - r1) / 15;
    out->criticality = out->system < 1
        ? out->birnbaum * (1 - p0) / (1 - out->system) : 0;
    out->exact = exact;
    return TOPO_OK;
}
