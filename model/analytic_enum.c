/* model/analytic_enum.c — the analytic solver's enumeration: services linked
 * by shared parts form components; inside each, the up/down states of the
 * shared parts are enumerated depth first (within AN_ENUM_WORK_MAX), each
 * service's mode probability is a k-of-n over its members at every leaf, and
 * the targets' probabilities are summed, then multiplied across components.
 * Components that maintenance touches are grouped (entries acting on several
 * components link them) and each group is summed over its environments
 * (analytic_maint.c): P(environment) x the product of its components'
 * figures with the members under work held down.
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

/* A split chain (analytic_dynamic.c) with members held down by work: its
 * cache is indexed by split parts down, not by members held down, so it is
 * solved again with those members held down for good (approximate: the
 * service is marked so by analytic_maint.c). */
static double split_chain_with_work(solver *sv, int s, unsigned long mask, unsigned long work)
{
    an_service *as = &sv->svc[s];
    an_chain c = as->chain;
    unsigned long split = 0;
    for (int i = 0; i < c.n; i++) {
        c.m[i].forced_down = (int)((work >> i) & 1);
        if (c.m[i].split)
            split |= 1UL << i;
    }
    double *cond = malloc(((size_t)1 << c.n) * sizeof *cond);
    if (!cond) {
        sv->oom = 1;
        return 0;
    }
    int states = 0;
    int rc = analytic_chain_split(&c, cond, &states);
    if (rc == AN_CHAIN_ENOMEM)
        sv->oom = 1;
    sv->chain_work += (double)states * states * states;
    /* a member held down for good has its split part's bit set in every
       state; one without a split part has no bit */
    double a = rc ? 0 : cond[mask & split];
    free(cond);
    return a;
}

static double service_compute(solver *sv, int s, unsigned long mask)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    an_service *as = &sv->svc[s];
    int held = 0; /* a split chain with members under work, not solved */
    if (as->kind == KIND_CHAIN && sv->work && ts->n_hosts <= AN_CHAIN_MAX_MEMBERS) {
        unsigned long work = 0, split = 0;
        for (int i = 0; i < ts->n_hosts; i++) {
            if (sv->work[ts->first_member + i])
                work |= 1UL << i;
            if (as->chain.m[i].split)
                split = 1;
        }
        if (work && split && sv->chain_work <= AN_CHAIN_WORK_MAX)
            return split_chain_with_work(sv, s, mask, work);
        if (work && split)
            held = 1; /* past the limit: as a static structure below */
    }
    if (as->kind == KIND_CHAIN && !held && !isnan(as->cache[mask]))
        return as->cache[mask];
    if (as->kind == KIND_CHAIN && !held && sv->chain_work <= AN_CHAIN_WORK_MAX) {
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
        int down = i < 64 ? (int)((mask >> i) & 1)
                          : sv->downcnt[m] > 0 || (sv->work && sv->work[m]);
        pp[i] = down ? 0 : as->kind == KIND_REJOIN ? am->count : am->q;
    }
    double a = k_of_n(pp, ts->n_hosts, ts->need, sv->dp);
    if (as->kind == KIND_CHAIN && !held)
        as->cache[mask] = a;
    return a;
}

/* Mode probability of service s given the shared parts decided so far. */
static double service_probability(solver *sv, int s)
{
    unsigned long mask = sv->smask[s] | (sv->pmask ? sv->pmask[s] : 0);
    double *memo = sv->memo[s];
    if (!memo)
        return service_compute(sv, s, mask);
    if (isnan(memo[mask]))
        memo[mask] = service_compute(sv, s, mask);
    return memo[mask];
}

/* P(service s's mode is not down for an unplanned cause) given ps = P(up):
 * down with no member down for an unplanned reason (docs/semantics.md,
 * "Downtime by cause") counts as up. Given the shared parts and the
 * environment, members are independent: that is every member's parts up
 * (members under planned work then held down, the others up), with too few
 * members left. */
static double service_unplanned(const solver *sv, int s, double ps)
{
    if (!sv->svc_work || sv->svc_work[s] == 0)
        return ps;
    const topo_service *ts = &sv->t->services[s];
    const an_service *as = &sv->svc[s];
    int planned = 0;
    double all = 1;
    for (int i = 0; i < ts->n_hosts; i++) {
        int m = ts->first_member + i;
        const an_member *am = &sv->members[m];
        if (sv->downcnt[m] > 0)
            return ps; /* a member down for an unplanned reason */
        if (sv->work[m] == 1) {
            planned++;
            all *= am->q;
        } else {
            all *= as->kind == KIND_REJOIN ? am->count : am->q;
        }
    }
    if (ts->n_hosts - planned >= ts->need)
        return ps;
    return ps + all;
}

typedef struct component {
    int *services, n_services;
    int *parts, n_parts;     /* shared part ids, in host order */
    int *targets, n_targets; /* targets with a service in this component */
    double *acc;             /* per target in `targets` */
    double *accu;            /* the same, unplanned downtime only */
    double *pu;              /* per service: service_unplanned at the leaf */
    int *tstart;             /* target k's services in this component: */
    int *tsvc;               /* tsvc[tstart[k] .. tstart[k + 1]) */
    double leaf_cost;        /* work of one leaf: 1 + members of its services
                                + the counts' work (analytic_count_leaf_cost) */
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
    for (int i = 0; i < cp->n_services; i++) {
        int s = cp->services[i];
        sv->ps[s] = service_probability(sv, s);
        cp->pu[s] = service_unplanned(sv, s, sv->ps[s]);
    }
    for (int k = 0; k < cp->n_targets; k++) {
        double p = w, u = w;
        for (int i = cp->tstart[k]; i < cp->tstart[k + 1]; i++) {
            p *= sv->ps[cp->tsvc[i]];
            u *= cp->pu[cp->tsvc[i]];
        }
        cp->acc[k] += p;
        cp->accu[k] += u;
    }
    analytic_count_leaf(sv, w, sv->ps, cp->pu, 0);
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
        int m = ts->first_member + i;
        const an_member *am = &sv->members[m];
        double q = as->kind == KIND_REJOIN ? am->count : am->q;
        for (int k = 0; k < am->n_shared; k++)
            q *= analytic_part_availability(sv->t, sv->shared_part[am->shared[k]]);
        pp[i] = sv->work && sv->work[m] ? 0 : q;
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
        double a = analytic_part_availability(sv->t, sv->shared_part[s]);
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
    cp->leaf_cost = 1 + analytic_count_leaf_cost(sv);
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
        double q = 1 - analytic_part_availability(sv->t, sv->shared_part[cp->parts[d]]);
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

/* Scratch of analytic_solve_targets. */
typedef struct an_targets {
    int *parent;     /* services linked by shared parts (union-find) */
    int *gparent;    /* components linked by maintenance entries */
    unsigned char *touched; /* per component root: maintenance acts on it */
    int *xroot;      /* per entry: a component it acts on, or -1 */
    int *entries;    /* the entries of one group */
    int *tstamp;     /* per target: the last environment that set v */
    int tag;         /* environments so far */
    int *gstamp;     /* per target: the last group that set sum */
    int *tlist, n_tlist; /* the targets of the group */
    double *v, *vu;  /* per target: product over the group's components */
    double *sum, *sumu; /* per target: sum over environments */
    an_step *stack;
} an_targets;

/* Fills cp with component `root` (its services, shared parts, targets)
 * and enumerates it into cp->acc and cp->accu. Returns 0, or -1 when out
 * of memory. */
static int component_solve(solver *sv, component *cp, an_targets *x, int root, int in_env)
{
    const topology *t = sv->t;
    int ns = t->n_services, nt = sv->n_targets;
    cp->n_services = cp->n_parts = cp->n_targets = 0;
    for (int s = 0; s < ns; s++)
        if (uf_find(x->parent, s) == root)
            cp->services[cp->n_services++] = s;
    for (int p = 0; p < sv->n_shared; p++)
        if (uf_find(x->parent, sv->members[sv->part_members[p][0]].service) == root)
            cp->parts[cp->n_parts++] = p;
    int at = 0;
    for (int j = 0; j < nt; j++) {
        const unsigned char *in = sv->in_target + (size_t)j * ns;
        int start = at;
        for (int i = 0; i < cp->n_services; i++)
            if (in[cp->services[i]])
                cp->tsvc[at++] = cp->services[i];
        if (at > start) {
            cp->tstart[cp->n_targets] = start;
            cp->acc[cp->n_targets] = 0;
            cp->accu[cp->n_targets] = 0;
            cp->targets[cp->n_targets++] = j;
        }
    }
    cp->tstart[cp->n_targets] = at;
    analytic_count_begin(sv, cp->services, cp->n_services);
    cp->max_down = choose_max_down(sv, cp);
    cp->truncated = 0;
    cp->weight = 0;
    enumerate(sv, cp, x->stack);
    if (sv->oom)
        return -1;
    double left = cp->truncated ? down_tail(sv, cp) : 0;
    if (isnan(left))
        return -1;
    if (cp->truncated) {
        /* the states left out, estimated as if shared parts were private */
        double rest = cp->weight < 1 ? 1 - cp->weight : 0;
        for (int i = 0; i < cp->n_services; i++)
            sv->ps[cp->services[i]] = service_independent(sv, cp->services[i]);
        for (int k = 0; k < cp->n_targets; k++) {
            double p = rest;
            for (int i = cp->tstart[k]; i < cp->tstart[k + 1]; i++)
                p *= sv->ps[cp->tsvc[i]];
            cp->acc[k] += p;
            cp->accu[k] += p;
        }
        analytic_count_leaf(sv, rest, sv->ps, sv->ps, 1);
    }
    analytic_count_end(sv, in_env);
    for (int i = 0; cp->truncated && i < cp->n_services; i++) {
        an_service *as = &sv->svc[cp->services[i]];
        if (as->enum_parts && as->enum_left >= left)
            continue; /* keep the worst of several environments */
        as->enum_parts = cp->n_parts;
        as->enum_down = cp->max_down;
        as->enum_left = left;
    }
    return 0;
}

/* Holds down (dir 1) or releases (dir -1) the members under work in the
 * environment sv->env_state. */
static void environment_apply(solver *sv, int dir)
{
    const topology *t = sv->t;
    for (int m = 0; m < t->n_members; m++) {
        if (!sv->members[m].n_units)
            continue;
        int w = dir > 0 ? analytic_member_work(sv, m) : sv->work[m];
        if (!w)
            continue;
        int s = sv->members[m].service, rank = t->members[m].rank;
        unsigned long bit = rank < 64 ? 1UL << rank : 0;
        sv->svc_work[s] += dir;
        sv->work[m] = dir > 0 ? (unsigned char)w : 0;
        if (w == 2 && dir > 0 && sv->downcnt[m]++ == 0)
            sv->smask[s] |= bit;
        else if (w == 2 && dir < 0 && --sv->downcnt[m] == 0)
            sv->smask[s] &= ~bit;
        else if (w == 1 && dir > 0)
            sv->pmask[s] |= bit;
        else if (w == 1)
            sv->pmask[s] &= ~bit;
    }
}

/* The next environment of the group's entries x->entries[0 .. n): every
 * combination of their states (full), or nobody at work then each entry in
 * each of its states alone. Returns 0 after the last. */
static int environment_next(solver *sv, const an_targets *x, int n, int full)
{
    if (full) {
        for (int i = 0; i < n; i++) {
            int e = x->entries[i];
            if (++sv->env_state[e] < sv->entries[e].n_states)
                return 1;
            sv->env_state[e] = 0;
        }
        return 0;
    }
    for (int i = 0; i < n; i++) {
        int e = x->entries[i];
        if (sv->env_state[e] == 0)
            continue;
        if (++sv->env_state[e] < sv->entries[e].n_states)
            return 1;
        sv->env_state[e] = 0;
        for (int k = i + 1; k < n; k++)
            if (sv->entries[x->entries[k]].n_states > 1) {
                sv->env_state[x->entries[k]] = 1;
                return 1;
            }
        return 0;
    }
    for (int k = 0; k < n; k++) /* from nobody at work: the first entry */
        if (sv->entries[x->entries[k]].n_states > 1) {
            sv->env_state[x->entries[k]] = 1;
            return 1;
        }
    return 0;
}

/* Sums the components of group g over the environments of its entries and
 * multiplies the result into avail and unplanned. */
static int group_solve(solver *sv, component *cp, an_targets *x, int g, double *avail,
                       double *unplanned)
{
    const topology *t = sv->t;
    int ns = t->n_services, n = 0;
    double count = 1;
    for (int e = 0; e < t->n_maint; e++)
        if (x->xroot[e] >= 0 && uf_find(x->gparent, x->xroot[e]) == g) {
            x->entries[n++] = e;
            count *= sv->entries[e].n_states;
        }
    int full = count <= AN_ENV_MAX;
    double mass = 0;
    x->n_tlist = 0;
    analytic_count_group_begin(sv);
    do {
        double p = 1;
        for (int i = 0; i < n; i++)
            p *= analytic_env_probability(sv, x->entries[i], sv->env_state[x->entries[i]]);
        int tag = ++x->tag;
        if (p > 0) {
            analytic_count_env_begin(sv);
            environment_apply(sv, 1);
            for (int r = 0; r < ns; r++) {
                if (uf_find(x->parent, r) != r || !x->touched[r] || uf_find(x->gparent, r) != g)
                    continue;
                if (component_solve(sv, cp, x, r, 1))
                    return -1;
                for (int k = 0; k < cp->n_targets; k++) {
                    int j = cp->targets[k];
                    if (x->tstamp[j] != tag) {
                        x->tstamp[j] = tag;
                        x->v[j] = x->vu[j] = 1;
                    }
                    if (x->gstamp[j] != g + 1) {
                        x->gstamp[j] = g + 1;
                        x->sum[j] = x->sumu[j] = 0;
                        x->tlist[x->n_tlist++] = j;
                    }
                    x->v[j] *= cp->acc[k];
                    x->vu[j] *= cp->accu[k];
                }
            }
            environment_apply(sv, -1);
            analytic_count_env_end(sv, p);
            for (int i = 0; i < x->n_tlist; i++) {
                int j = x->tlist[i];
                if (x->tstamp[j] == tag) {
                    x->sum[j] += p * x->v[j];
                    x->sumu[j] += p * x->vu[j];
                }
            }
            mass += p;
        }
    } while (environment_next(sv, x, n, full));
    analytic_count_group_end(sv, mass);
    for (int i = 0; i < x->n_tlist; i++) {
        int j = x->tlist[i];
        avail[j] *= mass > 0 ? x->sum[j] / mass : 0;
        unplanned[j] *= mass > 0 ? x->sumu[j] / mass : 0;
        if (full)
            continue;
        char *text = analytic_printf("%d maintenance entries act on linked services: only the "
                                     "moments with at most one of them at work are summed "
                                     "(the others, probability %.3g, are left out)",
                                     n, 1 - mass);
        int rc = text ? analytic_reason_add(&sv->treason[j], text) : -1;
        free(text);
        if (rc)
            return -1;
    }
    return 0;
}

int analytic_solve_targets(solver *sv, double *avail, double *unplanned)
{
    const topology *t = sv->t;
    int ns = t->n_services, nt = sv->n_targets, nx = t->n_maint;
    int rc = -1;
    an_targets x;
    memset(&x, 0, sizeof x);
    component cp;
    memset(&cp, 0, sizeof cp);
    x.parent = malloc(((size_t)ns + 1) * sizeof(int));
    cp.services = malloc(((size_t)ns + 1) * sizeof(int));
    cp.parts = malloc(((size_t)sv->n_shared + 1) * sizeof(int));
    cp.targets = malloc((size_t)nt * sizeof(int));
    cp.acc = malloc((size_t)nt * sizeof(double));
    cp.accu = malloc((size_t)nt * sizeof(double));
    cp.pu = malloc(((size_t)ns + 1) * sizeof(double));
    cp.tstart = malloc(((size_t)nt + 1) * sizeof(int));
    cp.tsvc = malloc(((size_t)nt * (size_t)ns + 1) * sizeof(int));
    x.stack = malloc((3 * (size_t)sv->n_shared + 4) * sizeof *x.stack);
    if (!x.parent || !cp.services || !cp.parts || !cp.targets || !cp.acc || !cp.accu || !cp.pu ||
        !cp.tstart || !cp.tsvc || !x.stack)
        goto done;
    for (int s = 0; s < ns; s++)
        x.parent[s] = s;
    for (int p = 0; p < sv->n_shared; p++)
        for (int k = 1; k < sv->n_part_members[p]; k++) {
            int a = uf_find(x.parent, sv->members[sv->part_members[p][0]].service);
            int b = uf_find(x.parent, sv->members[sv->part_members[p][k]].service);
            x.parent[a] = b;
        }
    for (int j = 0; j < nt; j++)
        avail[j] = unplanned[j] = 1;
    if (nx > 0) {
        /* components maintenance acts on, linked into groups by entries */
        x.gparent = malloc(((size_t)ns + 1) * sizeof(int));
        x.touched = calloc((size_t)ns + 1, 1);
        x.xroot = malloc((size_t)nx * sizeof(int));
        x.entries = malloc((size_t)nx * sizeof(int));
        x.tstamp = calloc((size_t)nt, sizeof(int));
        x.gstamp = calloc((size_t)nt, sizeof(int));
        x.tlist = malloc((size_t)nt * sizeof(int));
        x.v = malloc((size_t)nt * sizeof(double));
        x.vu = malloc((size_t)nt * sizeof(double));
        x.sum = malloc((size_t)nt * sizeof(double));
        x.sumu = malloc((size_t)nt * sizeof(double));
        if (!x.gparent || !x.touched || !x.xroot || !x.entries || !x.tstamp || !x.gstamp ||
            !x.tlist || !x.v || !x.vu || !x.sum || !x.sumu)
            goto done;
        for (int s = 0; s < ns; s++)
            x.gparent[s] = s;
        for (int e = 0; e < nx; e++)
            x.xroot[e] = -1;
        for (int m = 0; m < t->n_members; m++) {
            const an_member *am = &sv->members[m];
            int r = am->n_units ? uf_find(x.parent, am->service) : -1;
            for (int i = 0; i < am->n_units; i++) {
                int e = am->units[2 * i];
                x.touched[r] = 1;
                if (x.xroot[e] < 0)
                    x.xroot[e] = r;
                else
                    x.gparent[uf_find(x.gparent, r)] = uf_find(x.gparent, x.xroot[e]);
            }
        }
    }
    /* components maintenance does not touch: once */
    for (int root = 0; root < ns; root++) {
        if (uf_find(x.parent, root) != root || (x.touched && x.touched[root]))
            continue;
        if (component_solve(sv, &cp, &x, root, 0))
            goto done;
        for (int j = 0; j < cp.n_targets; j++) {
            avail[cp.targets[j]] *= cp.acc[j];
            unplanned[cp.targets[j]] *= cp.accu[j];
        }
    }
    /* the others: per group, summed over its environments */
    for (int root = 0; x.touched && root < ns; root++)
        if (uf_find(x.parent, root) == root && x.touched[root] &&
            uf_find(x.gparent, root) == root &&
            group_solve(sv, &cp, &x, root, avail, unplanned))
            goto done;
    rc = 0;
done:
    free(x.parent);
    free(x.gparent);
    free(x.touched);
    free(x.xroot);
    free(x.entries);
    free(x.tstamp);
    free(x.gstamp);
    free(x.tlist);
    free(x.v);
    free(x.vu);
    free(x.sum);
    free(x.sumu);
    free(x.stack);
    free(cp.services);
    free(cp.parts);
    free(cp.targets);
    free(cp.acc);
    free(cp.accu);
    free(cp.pu);
    free(cp.tstart);
    free(cp.tsvc);
    return rc;
}
