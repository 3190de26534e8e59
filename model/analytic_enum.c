/* model/analytic_enum.c — the analytic solver's enumeration: services linked
 * by shared hosts form components; inside each, the up/down states of the
 * shared parts are enumerated depth first (within AN_ENUM_WORK_MAX), each
 * service's mode probability is a k-of-n over its members at every leaf, and
 * the targets' probabilities are summed, then multiplied across components.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* P(at least k of n independent members up), p[i] each. */
static double k_of_n(const double *p, int n, int k, double *f)
{
    if (k <= 0)
        return 1;
    if (k > n)
        return 0;
    /* f[j] = P(exactly j up so far), j capped at k (k means "k or more") */
    for (int j = 0; j <= k; j++)
        f[j] = 0;
    f[0] = 1;
    for (int i = 0; i < n; i++) {
        double a = p[i], b = 1 - p[i];
        f[k] = f[k] + a * f[k - 1];
        for (int j = k - 1; j >= 1; j--)
            f[j] = f[j] * b + f[j - 1] * a;
        f[0] *= b;
    }
    return f[k];
}

static double service_compute(solver *sv, int s, unsigned long mask)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    an_service *as = &sv->svc[s];
    if (as->kind == KIND_CHAIN && !isnan(as->cache[mask]))
        return as->cache[mask];
    if (as->kind == KIND_CHAIN && sv->chain_work <= AN_CHAIN_WORK_MAX) {
        an_chain c = as->chain;
        for (int i = 0; i < c.n; i++)
            c.m[i].forced_down = (int)((mask >> i) & 1);
        double a = 0;
        int states = 0;
        int rc = analytic_chain_solve(&c, &a, &states);
        if (rc == AN_CHAIN_ENOMEM)
            sv->oom = 1;
        sv->chain_work += (double)states * states * states;
        as->cache[mask] = rc ? 0 : a;
        return as->cache[mask];
    }
    if (as->kind == KIND_CHAIN)
        as->capped = 1; /* past the limit: this mask as a static structure */
    double p[64];
    double *pp = ts->n_hosts <= 64 ? p : sv->dp + (size_t)ts->n_hosts + 2;
    for (int i = 0; i < ts->n_hosts; i++) {
        int m = ts->first_member + i;
        const an_member *am = &sv->members[m];
        int down = i < 64 ? (int)((mask >> i) & 1) : sv->downcnt[m] > 0;
        pp[i] = down ? 0 : as->kind == KIND_REJOIN ? am->count : am->q;
    }
    double a = k_of_n(pp, ts->n_hosts, ts->need, sv->dp);
    if (as->kind == KIND_CHAIN)
        as->cache[mask] = a;
    return a;
}

/* Mode probability of service s given the shared parts decided so far. */
static double service_probability(solver *sv, int s)
{
    unsigned long mask = sv->smask[s];
    double *memo = sv->memo[s];
    if (!memo)
        return service_compute(sv, s, mask);
    if (isnan(memo[mask]))
        memo[mask] = service_compute(sv, s, mask);
    return memo[mask];
}

typedef struct component {
    int *services, n_services;
    int *parts, n_parts;     /* shared part ids, in host order */
    int *targets, n_targets; /* targets with a service in this component */
    double *acc;             /* per target in `targets` */
    int *tstart;             /* target k's services in this component: */
    int *tsvc;               /* tsvc[tstart[k] .. tstart[k + 1]) */
    double leaf_cost;        /* work of one leaf: 1 + members of its services */
    int max_down;            /* states with more shared parts down are left out */
    int truncated;           /* some were */
    double weight;           /* probability of the states enumerated */
} component;

/* Marks (dir 1) or unmarks (dir -1) the members under shared part s down. */
static void part_down(solver *sv, int s, int dir)
{
    for (int k = 0; k < sv->n_part_members[s]; k++) {
        int m = sv->part_members[s][k];
        int rank = sv->t->members[m].rank;
        unsigned long bit = rank < 64 ? 1UL << rank : 0;
        if (dir > 0 && sv->downcnt[m]++ == 0)
            sv->smask[sv->members[m].service] |= bit;
        if (dir < 0 && --sv->downcnt[m] == 0)
            sv->smask[sv->members[m].service] &= ~bit;
    }
}

static void leaf(solver *sv, component *cp, double w)
{
    cp->weight += w;
    sv->enum_work += cp->leaf_cost;
    for (int i = 0; i < cp->n_services; i++)
        sv->ps[cp->services[i]] = service_probability(sv, cp->services[i]);
    for (int k = 0; k < cp->n_targets; k++) {
        double p = w;
        for (int i = cp->tstart[k]; i < cp->tstart[k + 1]; i++)
            p *= sv->ps[cp->tsvc[i]];
        cp->acc[k] += p;
    }
}

/* Mode probability of service s as if each member had its own copy of every
 * shared part (independent): the estimate for the states the work limit
 * leaves out. */
static double service_independent(solver *sv, int s)
{
    const topo_service *ts = &sv->t->services[s];
    const an_service *as = &sv->svc[s];
    double p[64];
    double *pp = ts->n_hosts <= 64 ? p : sv->dp + (size_t)ts->n_hosts + 2;
    for (int i = 0; i < ts->n_hosts; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        double q = as->kind == KIND_REJOIN ? am->count : am->q;
        for (int k = 0; k < am->n_shared; k++) {
            const topo_host *h = &sv->t->hosts[sv->shared_host[am->shared[k]]];
            q *= law_availability(&sv->t->laws[h->law]);
        }
        pp[i] = q;
    }
    return k_of_n(pp, ts->n_hosts, ts->need, sv->dp);
}

/* One step of the depth-first enumeration, kept on an explicit stack so
 * that thousands of shared parts do not make thousands of C frames. */
typedef struct an_step {
    enum { STEP_VISIT, STEP_MARK, STEP_UNMARK } op;
    int d, down; /* VISIT: next part, parts down so far; MARK/UNMARK: d = part id */
    double w;
} an_step;

/* Sums, over the up/down states of cp's shared parts (up first, in host
 * order), weight x the targets' probabilities into cp->acc. stack holds at
 * least 3 * cp->n_parts + 1 steps. */
static void enumerate(solver *sv, component *cp, an_step *stack)
{
    int top = 0;
    stack[top++] = (an_step){STEP_VISIT, 0, 0, 1.0};
    while (top > 0) {
        an_step st = stack[--top];
        if (st.op == STEP_MARK || st.op == STEP_UNMARK) {
            part_down(sv, st.d, st.op == STEP_MARK ? 1 : -1);
            continue;
        }
        int d = st.d;
        while (d < cp->n_parts) {
            int s = cp->parts[d];
            int live = 0;
            for (int k = 0; k < sv->n_part_members[s] && !live; k++)
                live = sv->downcnt[sv->part_members[s][k]] == 0;
            if (live)
                break;
            d++; /* every member under it is down already: both branches agree */
        }
        if (d == cp->n_parts) {
            leaf(sv, cp, st.w);
            continue;
        }
        int s = cp->parts[d];
        double a = law_availability(&sv->t->laws[sv->t->hosts[sv->shared_host[s]].law]);
        /* pushed in reverse: the part up, then down (marked, visited, unmarked) */
        if (a < 1 && st.down >= cp->max_down) {
            cp->truncated = 1;
        } else if (a < 1) {
            stack[top++] = (an_step){STEP_UNMARK, s, 0, 0};
            stack[top++] = (an_step){STEP_VISIT, d + 1, st.down + 1, st.w * (1 - a)};
            stack[top++] = (an_step){STEP_MARK, s, 0, 0};
        }
        if (a > 0)
            stack[top++] = (an_step){STEP_VISIT, d + 1, st.down, st.w * a};
    }
}

/* The most shared parts down that the enumeration of cp may consider within
 * what is left of AN_ENUM_WORK_MAX (at least 0: the state with all up). */
static int choose_max_down(const solver *sv, component *cp)
{
    cp->leaf_cost = 1;
    for (int i = 0; i < cp->n_services; i++)
        cp->leaf_cost += sv->t->services[cp->services[i]].n_hosts;
    double budget = AN_ENUM_WORK_MAX - sv->enum_work;
    double leaves = 0, binom = 1; /* C(n, k) */
    int n = cp->n_parts;
    for (int k = 0; k <= n; k++) {
        if (k > 0 && (leaves + binom) * cp->leaf_cost > budget)
            return k - 1;
        leaves += binom;
        binom = binom * (n - k) / (k + 1);
    }
    return n;
}

/* P(more than cp->max_down of cp's shared parts down): a bound on the
 * probability of the states the enumeration left out, summed from small
 * terms (no 1 - x cancellation). Returns NAN when out of memory. */
static double down_tail(const solver *sv, const component *cp)
{
    int k = cp->max_down;
    double *f = calloc((size_t)k + 1, sizeof *f); /* f[j] = P(exactly j down) */
    double tail = 0;
    if (!f)
        return NAN;
    f[0] = 1;
    for (int d = 0; d < cp->n_parts; d++) {
        const topo_host *h = &sv->t->hosts[sv->shared_host[cp->parts[d]]];
        double q = 1 - law_availability(&sv->t->laws[h->law]);
        tail += f[k] * q;
        for (int j = k; j >= 1; j--)
            f[j] = f[j] * (1 - q) + f[j - 1] * q;
        f[0] *= 1 - q;
    }
    free(f);
    return tail;
}

static int uf_find(int *parent, int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

int analytic_solve_targets(solver *sv, double *avail)
{
    const topology *t = sv->t;
    int ns = t->n_services, nt = sv->n_targets;
    int rc = -1;
    int *parent = malloc(((size_t)ns + 1) * sizeof *parent);
    component cp;
    memset(&cp, 0, sizeof cp);
    cp.services = malloc(((size_t)ns + 1) * sizeof(int));
    cp.parts = malloc(((size_t)sv->n_shared + 1) * sizeof(int));
    cp.targets = malloc((size_t)nt * sizeof(int));
    cp.acc = malloc((size_t)nt * sizeof(double));
    cp.tstart = malloc(((size_t)nt + 1) * sizeof(int));
    cp.tsvc = malloc(((size_t)nt * (size_t)ns + 1) * sizeof(int));
    an_step *stack = malloc((3 * (size_t)sv->n_shared + 4) * sizeof *stack);
    if (!parent || !cp.services || !cp.parts || !cp.targets || !cp.acc || !cp.tstart || !cp.tsvc ||
        !stack)
        goto done;
    for (int s = 0; s < ns; s++)
        parent[s] = s;
    for (int p = 0; p < sv->n_shared; p++)
        for (int k = 1; k < sv->n_part_members[p]; k++) {
            int a = uf_find(parent, sv->members[sv->part_members[p][0]].service);
            int b = uf_find(parent, sv->members[sv->part_members[p][k]].service);
            parent[a] = b;
        }
    for (int j = 0; j < nt; j++)
        avail[j] = 1;
    for (int root = 0; root < ns; root++) {
        if (uf_find(parent, root) != root)
            continue;
        cp.n_services = cp.n_parts = cp.n_targets = 0;
        for (int s = 0; s < ns; s++)
            if (uf_find(parent, s) == root)
                cp.services[cp.n_services++] = s;
        for (int p = 0; p < sv->n_shared; p++)
            if (uf_find(parent, sv->members[sv->part_members[p][0]].service) == root)
                cp.parts[cp.n_parts++] = p;
        int at = 0;
        for (int j = 0; j < nt; j++) {
            const unsigned char *in = sv->in_target + (size_t)j * ns;
            int start = at;
            for (int i = 0; i < cp.n_services; i++)
                if (in[cp.services[i]])
                    cp.tsvc[at++] = cp.services[i];
            if (at > start) {
                cp.tstart[cp.n_targets] = start;
                cp.acc[cp.n_targets] = 0;
                cp.targets[cp.n_targets++] = j;
            }
        }
        cp.tstart[cp.n_targets] = at;
        cp.max_down = choose_max_down(sv, &cp);
        cp.truncated = 0;
        cp.weight = 0;
        enumerate(sv, &cp, stack);
        if (sv->oom)
            goto done;
        double left = cp.truncated ? down_tail(sv, &cp) : 0;
        if (isnan(left))
            goto done;
        if (cp.truncated) {
            /* the states left out, estimated as if shared parts were private */
            double rest = cp.weight < 1 ? 1 - cp.weight : 0;
            for (int i = 0; i < cp.n_services; i++)
                sv->ps[cp.services[i]] = service_independent(sv, cp.services[i]);
            for (int k = 0; k < cp.n_targets; k++) {
                double p = rest;
                for (int i = cp.tstart[k]; i < cp.tstart[k + 1]; i++)
                    p *= sv->ps[cp.tsvc[i]];
                cp.acc[k] += p;
            }
        }
        for (int i = 0; cp.truncated && i < cp.n_services; i++) {
            an_service *as = &sv->svc[cp.services[i]];
            as->enum_parts = cp.n_parts;
            as->enum_down = cp.max_down;
            as->enum_left = left;
        }
        for (int j = 0; j < cp.n_targets; j++)
            avail[cp.targets[j]] *= cp.acc[j];
    }
    rc = 0;
done:
    free(parent);
    free(cp.services);
    free(cp.parts);
    free(cp.targets);
    free(cp.acc);
    free(cp.tstart);
    free(cp.tsvc);
    free(stack);
    return rc;
}
