/* model/analytic_count.c — the analytic solver's counts of serving members
 * (docs/analytic.md, "Capacity and views with need"): each service's
 * capacity (the mean fraction of its members serving) and the availability
 * of each view with need (at least need_members of the listed services'
 * members serving).
 *
 * DESIGN. A member serves while it is ready (every part of its closure up,
 * the members it needs locally included: analytic_members.c) and every
 * service of its gate is up (analytic.c). A count has listed services (whose
 * members are counted) and a gate (the union of their gates). Given the
 * up/down state of the shared parts (a leaf of analytic_enum.c) members are
 * independent of one another and of every service's mode, so in each
 * component the solver accumulates, over the leaves,
 *   mean mode (capacity):  P(gate part up) and E[ready members x 1{gate up}]
 *   distribution mode (views with need): P(gate part up, j members ready)
 *                          for j = 0 .. need (need: "need or more")
 * and components, being independent, are combined: (P, E) x (P', E') =
 * (P P', E P' + P E'), distributions by convolution. With maintenance the
 * components of a group are combined per environment and the environments
 * summed (analytic_enum.c calls the env and group steps). Exact when the
 * gate is the same for every listed service and contains none of them (a
 * gate service's mode then depends on none of the counted members given the
 * leaf); otherwise the gates are taken as one (every gate up), approximate.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* P(every gate service of count c in this component up) at the leaf (ps),
 * or with pu for the unplanned figure. */
static double gate_factor(const an_count *c, const double *ps)
{
    double g = 1;
    for (int i = 0; i < c->n_cgate; i++)
        g *= ps[c->cgate[i]];
    return g;
}

static void combine(const an_count *c, double *acc, const double *x, double *tmp)
{
    int d = c->dn;
    for (int half = 0; half < 2; half++) {
        double *a = acc + half * d;
        const double *b = x + half * d;
        if (c->mean) {
            double p = a[0] * b[0], e = a[1] * b[0] + a[0] * b[1];
            a[0] = p;
            a[1] = e;
            continue;
        }
        for (int j = 0; j < d; j++)
            tmp[j] = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                tmp[i + j < d ? i + j : d - 1] += a[i] * b[j];
        memcpy(a, tmp, (size_t)d * sizeof *a);
    }
}

static void identity(const an_count *c, double *acc)
{
    for (int j = 0; j < 2 * c->dn; j++)
        acc[j] = 0;
    acc[0] = acc[c->dn] = 1;
}

int analytic_count_setup(solver *sv)
{
    const topology *t = sv->t;
    int ns = t->n_services, nv = 0;
    for (int v = 0; v < t->n_views; v++)
        nv += t->views[v].need_members > 0;
    nv += t->system.need_members > 0; /* a system with need: counted last */
    sv->n_counts = ns + nv;
    sv->counts = calloc((size_t)sv->n_counts + 1, sizeof *sv->counts);
    if (!sv->counts)
        return -1;
    int k = 0;
    for (int i = 0; i <= ns + t->n_views; i++) {
        /* services, views, then the system (c->view -2) */
        const topo_view *vw = i == ns + t->n_views ? &t->system
                              : i >= ns           ? &t->views[i - ns]
                                                  : NULL;
        if (vw && vw->need_members <= 0)
            continue;
        an_count *c = &sv->counts[k++];
        c->view = vw == &t->system ? -2 : vw ? i - ns : -1;
        c->service = vw ? -1 : i;
        c->mean = !vw;
        c->exact = 1;
        c->in = calloc((size_t)ns + 1, 1);
        if (!c->in)
            return -1;
        const unsigned char *g0 = NULL;
        int n = vw ? vw->n_services : 1;
        for (int j = 0; j < n; j++) {
            int s = vw ? vw->services[j] : i;
            const unsigned char *g = sv->gate + (size_t)s * ns;
            c->in[s] |= 1;
            c->members += t->services[s].n_hosts;
            for (int y = 0; y < ns; y++)
                c->in[y] |= (unsigned char)(g[y] ? 2 : 0);
            if (g0 && memcmp(g0, g, (size_t)ns))
                c->uniform = -1;
            g0 = g;
        }
        for (int y = 0; y < ns; y++)
            if (c->in[y] == 3)
                c->uniform = -1;
        c->exact = c->uniform == 0;
        /* a capacity with no gate and no work on its members is computed
           directly (analytic_count_finish): the enumeration skips it */
        int gate = 0, work = 0;
        for (int y = 0; y < ns; y++)
            gate |= (c->in[y] & 2) != 0;
        for (int r = 0; !vw && r < t->services[i].n_hosts; r++)
            work |= sv->members[t->services[i].first_member + r].n_units > 0;
        c->direct = !vw && !gate && !work;
        c->cgate = malloc(((size_t)ns + 1) * sizeof *c->cgate);
        c->cmem = malloc(((size_t)c->members + 1) * sizeof *c->cmem);
        if (!c->cgate || !c->cmem)
            return -1;
        c->dn = c->mean ? 2 : vw->need_members + 1;
        c->tot = malloc(8 * (size_t)c->dn * sizeof *c->tot);
        if (!c->tot)
            return -1;
        c->cmp = c->tot + 2 * c->dn;
        c->env = c->tot + 4 * c->dn;
        c->grp = c->tot + 6 * c->dn;
        identity(c, c->tot);
    }
    size_t most = 2;
    for (int i = 0; i < sv->n_counts; i++)
        if ((size_t)sv->counts[i].dn > most)
            most = (size_t)sv->counts[i].dn;
    sv->count_tmp = malloc(2 * most * sizeof *sv->count_tmp);
    return sv->count_tmp ? 0 : -1;
}

void analytic_count_release(solver *sv)
{
    for (int i = 0; sv->counts && i < sv->n_counts; i++) {
        free(sv->counts[i].in);
        free(sv->counts[i].tot);
        free(sv->counts[i].cgate);
        free(sv->counts[i].cmem);
    }
    free(sv->counts);
    free(sv->count_tmp);
}

void analytic_count_begin(solver *sv, const int *svcs, int n)
{
    const topology *t = sv->t;
    for (int i = 0; i < sv->n_counts; i++) {
        an_count *c = &sv->counts[i];
        c->touched = 0;
        c->n_cgate = c->n_cmem = 0;
        if (c->direct)
            continue;
        for (int k = 0; k < n; k++) {
            int s = svcs[k];
            if (c->in[s] & 2)
                c->cgate[c->n_cgate++] = s;
            for (int r = 0; (c->in[s] & 1) && r < t->services[s].n_hosts; r++)
                c->cmem[c->n_cmem++] = t->services[s].first_member + r;
            c->touched |= c->in[s] != 0;
        }
        if (c->touched)
            for (int j = 0; j < 2 * c->dn; j++)
                c->cmp[j] = 0;
    }
}

/* P(member m ready | the leaf): its parts' q unless a down shared part or
 * work holds it down (planned work counts as ready in the unplanned figure). */
static double member_ready(const solver *sv, int m, int unplanned, int independent)
{
    const an_member *am = &sv->members[m];
    if (independent) {
        if (sv->work && sv->work[m] && !(unplanned && sv->work[m] == 1))
            return 0;
        double q = am->q;
        for (int k = 0; k < am->n_shared; k++)
            q *= analytic_part_availability(sv->t, sv->shared_part[am->shared[k]]);
        return q;
    }
    if (sv->downcnt[m] > 0)
        return 0;
    if (sv->work && sv->work[m] && !(unplanned && sv->work[m] == 1))
        return 0;
    return am->q;
}

void analytic_count_leaf(solver *sv, double w, const double *ps, const double *pu,
                         int independent)
{
    double *f = sv->count_tmp;
    for (int i = 0; i < sv->n_counts; i++) {
        an_count *c = &sv->counts[i];
        if (!c->touched)
            continue;
        for (int half = 0; half < 2; half++) {
            double g = w * gate_factor(c, half ? pu : ps);
            double *acc = c->cmp + half * c->dn;
            if (g == 0)
                continue;
            if (c->mean) {
                double e = 0;
                for (int k = 0; k < c->n_cmem; k++)
                    e += member_ready(sv, c->cmem[k], half, independent);
                acc[0] += g;
                acc[1] += g * e;
                continue;
            }
            int d = c->dn;
            for (int j = 0; j < d; j++)
                f[j] = 0;
            f[0] = 1;
            for (int k = 0; k < c->n_cmem; k++) {
                double a = member_ready(sv, c->cmem[k], half, independent);
                /* d >= 2: a view needs at least one member */
                f[d - 1] += a * f[d - 2];
                for (int j = d - 2; j >= 1; j--)
                    f[j] = f[j] * (1 - a) + f[j - 1] * a;
                f[0] *= 1 - a;
            }
            for (int j = 0; j < d; j++)
                acc[j] += g * f[j];
        }
    }
}

double analytic_count_leaf_cost(const solver *sv)
{
    double cost = 0;
    for (int i = 0; i < sv->n_counts; i++) {
        const an_count *c = &sv->counts[i];
        if (c->touched)
            cost += 2.0 * (c->n_cmem + c->n_cgate) * (c->mean ? 1 : c->dn);
    }
    return cost;
}

void analytic_count_end(solver *sv, int in_env)
{
    for (int i = 0; i < sv->n_counts; i++) {
        an_count *c = &sv->counts[i];
        if (c->touched)
            combine(c, in_env ? c->env : c->tot, c->cmp, sv->count_tmp);
    }
}

void analytic_count_env_begin(solver *sv)
{
    for (int i = 0; i < sv->n_counts; i++)
        identity(&sv->counts[i], sv->counts[i].env);
}

void analytic_count_env_end(solver *sv, double p)
{
    for (int i = 0; i < sv->n_counts; i++) {
        an_count *c = &sv->counts[i];
        for (int j = 0; j < 2 * c->dn; j++)
            c->grp[j] += p * c->env[j];
    }
}

void analytic_count_group_begin(solver *sv)
{
    for (int i = 0; i < sv->n_counts; i++)
        for (int j = 0; j < 2 * sv->counts[i].dn; j++)
            sv->counts[i].grp[j] = 0;
}

void analytic_count_group_end(solver *sv, double mass)
{
    for (int i = 0; i < sv->n_counts; i++) {
        an_count *c = &sv->counts[i];
        for (int j = 0; j < 2 * c->dn; j++)
            c->grp[j] = mass > 0 ? c->grp[j] / mass : 0;
        combine(c, c->tot, c->grp, sv->count_tmp);
    }
}

void analytic_count_figures(const solver *sv, int i, double *value, double *unplanned)
{
    const an_count *c = &sv->counts[i];
    if (c->mean) {
        *value = c->members ? c->tot[1] / c->members : 1;
        *unplanned = c->members ? c->tot[c->dn + 1] / c->members : 1;
    } else {
        *value = c->tot[c->dn - 1];
        *unplanned = c->tot[2 * c->dn - 1];
    }
}

/* Why the figures of count c are approximate beyond the gate rule, from
 * the services it counts and needs (NULL: exact). */
static const char *count_services_reason(const solver *sv, const an_count *c)
{
    const topology *t = sv->t;
    for (int s = 0; s < t->n_services; s++) {
        if (!c->in[s])
            continue;
        if ((c->in[s] & 2) && !sv->svc[s].exact)
            return "a service its members need is approximate";
        if ((c->in[s] & 1) && sv->svc[s].enum_parts)
            return "its members' shared hosts are enumerated only within the solver's "
                   "work limit";
    }
    return NULL;
}

/* R_m: P(member m ready), every part of its closure up and no work on it. */
static double member_marginal(const solver *sv, int m)
{
    return member_ready(sv, m, 0, 1);
}

int analytic_count_finish(solver *sv, double *avail, double *unplanned)
{
    const topology *t = sv->t;
    int ns = t->n_services;
    int joint = analytic_uses_crews(t) || t->frozen_when_down;
    sv->cap = calloc((size_t)ns + 1, sizeof *sv->cap);
    sv->cap_exact = calloc((size_t)ns + 1, sizeof *sv->cap_exact);
    sv->cap_reason = calloc((size_t)ns + 1, sizeof *sv->cap_reason);
    if (!sv->cap || !sv->cap_exact || !sv->cap_reason)
        return -1;
    if (!sv->treason && !(sv->treason = calloc((size_t)sv->n_targets, sizeof *sv->treason)))
        return -1;
    for (int i = 0; i < sv->n_counts; i++) {
        const an_count *c = &sv->counts[i];
        double value, u;
        analytic_count_figures(sv, i, &value, &u);
        if (c->view >= 0 || c->view == -2) {
            int j = c->view == -2 ? 0 : 1 + ns + c->view;
            avail[j] = value;
            unplanned[j] = u;
            if (!c->exact && analytic_reason_add(&sv->treason[j],
                                                 "its services need different services (or one "
                                                 "another): every service they need is taken as "
                                                 "needed by all its members"))
                return -1;
            continue;
        }
        int s = c->service;
        const topo_service *ts = &t->services[s];
        const char *why = NULL;
        if (c->direct) {
            /* every member on its own: the mean of its parts' product */
            double sum = 0;
            for (int r = 0; r < ts->n_hosts; r++)
                sum += member_marginal(sv, ts->first_member + r);
            value = ts->n_hosts ? sum / ts->n_hosts : 1;
        } else {
            why = !c->exact ? "members of the services it needs share its members' hosts"
                            : count_services_reason(sv, c);
            if (!why && sv->treason[1 + s])
                why = sv->treason[1 + s];
        }
        if (!why && joint)
            why = "repair crews or frozen clocks are not taken into account in capacity (parts "
                  "taken as independent)";
        sv->cap[s] = value < 0 ? 0 : value > 1 ? 1 : value;
        sv->cap_exact[s] = !why;
        if (why && !(sv->cap_reason[s] = analytic_printf("%s", why)))
            return -1;
    }
    return 0;
}
