/* model/analytic_transient.c — the point availability A(t) of the system
 * from the analytic solver, where it has one (issue 14: the analytic curve
 * beside the simulated A(t) of `run --at` and the report).
 *
 * DESIGN. When every part is an independent two-state Markov part (an
 * exponential failure and an exponential repair, no detection, no crew, not
 * frozen, no maintenance, no common cause) and no service adds a state of
 * its own (no failover time or failure, cold standby, resync, rejoin,
 * bootstrap or split brain), the system is up at t exactly when its
 * structure function of the parts' states is 1, and the parts are
 * independent at every t. So A(t) is the structure function evaluated at
 * the parts' A_i(t) — which is what the steady-state solver computes when
 * given parts whose availability is A_i(t). Each time is one solve of a
 * copy whose repair means are set so that f / (f + r') = A_i(t):
 *   from new:    A_i(t) = mu / (lambda + mu) + lambda / (lambda + mu) e^{-(lambda + mu) t}
 *   from steady: A_i(t) = mu / (lambda + mu) (A(t) is the steady state)
 * The result is exact where the solver is exact on the copy, else refused.
 */
#include <math.h>

#include "analytic_int.h"

/* Why the design has no analytic A(t), or NULL if it has one. */
static const char *not_markov(const topology *t)
{
    if (t->frozen_when_down)
        return "failures are frozen while the system is down";
    if (t->n_maint > 0)
        return "maintenance is scheduled";
    if (t->n_ccfs > 0)
        return "a common cause is modelled";
    for (int l = 0; l < t->n_laws; l++) {
        const topo_law *w = &t->laws[l];
        if (w->crew >= 0 && w->crew < t->n_crews)
            return "repairs wait for a crew";
        if (!law_is_exponential(&w->fail) || !law_is_exponential(&w->repair))
            return "a failure or repair law is not exponential";
        if (!law_is_none(&w->detect))
            return "a law has a detection time";
    }
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *v = &t->services[s];
        if (!law_is_none(&v->rejoin) || !law_is_none(&v->bootstrap) ||
            !law_is_none(&v->failover_time) || !law_is_none(&v->resync) || v->cold ||
            v->failover_success < 1 || v->split_brain > 0)
            return "a service has a failover, rejoin, bootstrap or resync of its own";
    }
    return NULL;
}

int analytic_point_availability(const topology *t, const double *times, int n, int steady,
                                double *a, const char **why)
{
    const char *no = not_markov(t);
    if (no) {
        if (why)
            *why = no;
        return TOPO_EINVALID;
    }
    topology *c = NULL;
    int rc = topo_copy(t, &c);
    if (rc)
        return rc;
    for (int k = 0; k < n && rc == 0; k++) {
        if (times[k] <= 0 && !steady) {
            a[k] = 1; /* everything new and up */
            continue;
        }
        for (int l = 0; l < t->n_laws; l++) {
            double f = t->laws[l].fail.a, r = t->laws[l].repair.a;
            double lam = 1 / f, mu = 1 / r, ai = mu / (lam + mu);
            if (!steady)
                ai += lam / (lam + mu) * exp(-(lam + mu) * times[k]);
            /* a part up with probability ai in the steady state */
            c->laws[l].repair.a = ai < 1 ? f * (1 - ai) / ai : r * 1e-300;
        }
        analytic_result *res = NULL;
        rc = analytic_solve(c, &res);
        if (rc == 0 && !res->system.exact) {
            if (why)
                *why = "the solver is approximate on this design";
            rc = TOPO_EINVALID;
        }
        if (rc == 0)
            a[k] = res->system.availability;
        analytic_result_free(res);
    }
    topo_free(c);
    return rc;
}
