/* model/analytic.c — the analytic solver: steady-state availability of the
 * system, every service and every view (analytic_solve in topology.h). The
 * dynamic services' chains and formulas are set up in analytic_dynamic.c and
 * solved in analytic_markov.c.
 *
 * DESIGN. Every part (a host's own law, a member's instance law) is an
 * independent alternating renewal process, up with probability
 * A = E[up] / (E[up] + E[down]) in its stationary regime.
 *
 * A member depends on its instance part and on the host parts of its host and
 * of every host that host `needs` (its closure). A host part in the closure of
 * only one member is folded into that member's probability; a host part in the
 * closures of two or more members is *shared*. Given the up/down state of
 * every shared part, the members are independent, so each service's mode
 * probability is a k-of-n dynamic programme over its members, and services are
 * independent of one another. The solver therefore conditions on the shared
 * parts: services linked by shared parts form components (independent of one
 * another); inside a component it enumerates the shared parts depth first
 * (hosts before the hosts that need them), skipping a part whose every member
 * is already held down by another down part (both branches agree), and at each
 * leaf adds weight x prod(mode probabilities) to every target (the system, each
 * service with its `needs` closure, each view). A target's availability is the
 * product over components. Never are services that share hosts multiplied.
 *
 * Dynamic services (docs/semantics.md) are not structure functions:
 * - quorum with rejoin R and no bootstrap: a member counts while every part
 *   has been up for at least R since it last came up. In the stationary
 *   regime a part is up with age >= r with probability
 *   int_r^inf S_fail(u) du / (E[up] + E[down]) (the stationary age of an up
 *   period; renewal theory), parts are independent, R is drawn once per
 *   return, so P(count) = E_R[prod_c G_c(R)]; members are independent, then
 *   k-of-n. Exact for any laws when the member has no shared part.
 * - active-passive (unless hot with instantaneous, always successful failover
 *   and no resync, which is exactly 1-of-n) and quorum with bootstrap: the
 *   Markov chain of analytic_markov.c. Shared hosts that every member needs
 *   (a switch) are *common parts* of the chain; it gives P(up | common parts
 *   up), and since other services depend only on the common parts' present
 *   state, conditioning on them stays exact. Exact when every law involved is
 *   exponential (or a delay is 0), every shared part is common, no other
 *   dynamic service needs a common part, and (active-passive only) there is
 *   no common part: members failing or returning in one instant are ordered
 *   by a rule docs/semantics.md does not fix. A quorum with rejoin on common
 *   hosts is solved by the chain too. Shared parts that only one member of
 *   the service needs (each controller of a Pacemaker pair, shared with the
 *   pair's other services) are that member's *split part* in the chain
 *   (split_shared); the chain then gives P(up | which split parts are down)
 *   for the enumeration, exact for one host with exponential laws that no
 *   other dynamic service needs. Otherwise: a non-exponential law is
 *   replaced by an exponential of the same mean, several hosts in one split
 *   part are lumped, and shared parts that two members but not all need are
 *   conditioned on as if static (the chain is solved with the members under
 *   a down shared part held down); marked approximate with the reason.
 *   docs/analytic.md has the details and measured errors.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Memory limit (docs/limits.md): the solver keeps, for every target (the
 * system, each service, each view), which services it needs (one byte per
 * target and service), and for every member the hosts it depends on (8 bytes
 * each). A chain of 100,000 services each needing the previous one would need
 * 10^10 bytes: past this limit it returns TOPO_ETOOBIG before allocating.
 * 10,000 services with 20,000 members need about 100 MB. */
#define AN_MEMORY_MAX (1024.0 * 1024.0 * 1024.0)

/* ---------- small helpers (analytic_int.h) ---------- */

char *analytic_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

int analytic_reason_add(char **reason, const char *text)
{
    char *s = *reason ? analytic_printf("%s; %s", *reason, text) : analytic_printf("%s", text);
    if (!s)
        return -1;
    free(*reason);
    *reason = s;
    return 0;
}

int analytic_is_instant(const law_dist *d)
{
    return law_mean(d) <= 0;
}

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

/* ---------- building the solver ---------- */

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Host scratch for closures: nh ints each. */
typedef struct an_closure {
    int *pos;   /* host -> its index in host_order */
    int *stamp; /* host -> tag of the last closure that reached it */
    int *stack, *list;
} an_closure;

/* The hosts with a law among h and every host it needs (transitively), in
 * host order, into x->list; returns how many. tag: a number not used before.
 * Iterative: a chain of 100,000 `needs` makes no deep recursion. */
static int host_closure(const topology *t, int h, an_closure *x, int tag)
{
    int top = 0, n = 0;
    x->stack[top++] = h;
    x->stamp[h] = tag;
    while (top > 0) {
        int g = x->stack[--top];
        if (t->hosts[g].law >= 0)
            x->list[n++] = x->pos[g];
        for (int i = 0; i < t->hosts[g].n_needs; i++) {
            int k = t->hosts[g].needs[i];
            if (x->stamp[k] != tag) {
                x->stamp[k] = tag;
                x->stack[top++] = k;
            }
        }
    }
    qsort(x->list, (size_t)n, sizeof *x->list, by_int);
    for (int i = 0; i < n; i++)
        x->list[i] = t->host_order ? t->host_order[x->list[i]] : x->list[i];
    return n;
}

static int build_members(solver *sv)
{
    const topology *t = sv->t;
    int nh = t->n_hosts, nm = t->n_members;
    int rc = -1;
    an_closure x;
    x.pos = malloc(((size_t)nh + 1) * sizeof(int));
    x.stamp = calloc((size_t)nh + 1, sizeof(int));
    x.stack = malloc(((size_t)nh + 1) * sizeof(int));
    x.list = malloc(((size_t)nh + 1) * sizeof(int));
    int *use = calloc((size_t)nh + 1, sizeof *use);
    sv->host_shared = malloc(((size_t)nh + 1) * sizeof *sv->host_shared);
    sv->shared_host = malloc(((size_t)nh + 1) * sizeof *sv->shared_host);
    if (!x.pos || !x.stamp || !x.stack || !x.list || !use || !sv->host_shared || !sv->shared_host)
        goto done;
    for (int k = 0; k < nh; k++)
        x.pos[t->host_order ? t->host_order[k] : k] = k;
    double bytes = (double)sv->n_targets * (double)t->n_services;
    for (int m = 0; m < nm; m++) {
        int n = host_closure(t, t->members[m].host, &x, m + 1);
        for (int i = 0; i < n; i++)
            use[x.list[i]]++;
        bytes += 8.0 * (n + 1);
        if (bytes > AN_MEMORY_MAX) {
            sv->too_big = 1;
            goto done;
        }
    }
    /* shared parts in host_order: every host after the hosts it needs */
    sv->n_shared = 0;
    for (int h = 0; h < nh; h++)
        sv->host_shared[h] = -1;
    for (int k = 0; k < nh; k++) {
        int h = t->host_order ? t->host_order[k] : k;
        if (use[h] >= 2) {
            sv->host_shared[h] = sv->n_shared;
            sv->shared_host[sv->n_shared++] = h;
        }
    }
    sv->part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->part_members);
    sv->n_part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->n_part_members);
    if (!sv->part_members || !sv->n_part_members)
        goto done;
    for (int s = 0; s < sv->n_shared; s++) {
        sv->part_members[s] = malloc((size_t)use[sv->shared_host[s]] * sizeof(int));
        if (!sv->part_members[s])
            goto done;
    }
    for (int m = 0; m < nm; m++) {
        an_member *am = &sv->members[m];
        const topo_member *tm = &t->members[m];
        const topo_service *ts = &t->services[tm->service];
        am->service = tm->service;
        int n = host_closure(t, tm->host, &x, nm + m + 1);
        am->shared = malloc(((size_t)n + 1) * sizeof(int));
        am->priv = malloc(((size_t)n + 1) * sizeof(int));
        if (!am->shared || !am->priv)
            goto done;
        am->q = ts->instance >= 0 ? law_availability(&t->laws[ts->instance]) : 1;
        for (int i = 0; i < n; i++) {
            int h = x.list[i];
            int s = sv->host_shared[h];
            if (s >= 0) {
                am->shared[am->n_shared++] = s;
                sv->part_members[s][sv->n_part_members[s]++] = m;
            } else {
                am->priv[am->n_priv++] = h;
                am->q *= law_availability(&t->laws[t->hosts[h].law]);
            }
        }
    }
    rc = 0;
done:
    free(x.pos);
    free(x.stamp);
    free(x.stack);
    free(x.list);
    free(use);
    return rc;
}

/* ---------- the enumeration ---------- */

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

/* Marks in `in` the services s and every service it needs; stack: room for
 * n_services ints (no recursion: a chain of needs may be long). */
static void service_closure(const topology *t, int s, unsigned char *in, int *stack)
{
    int top = 0;
    if (in[s])
        return;
    in[s] = 1;
    stack[top++] = s;
    while (top > 0) {
        const topo_service *ts = &t->services[stack[--top]];
        for (int i = 0; i < ts->n_needs; i++)
            if (!in[ts->needs[i]]) {
                in[ts->needs[i]] = 1;
                stack[top++] = ts->needs[i];
            }
    }
}

static int solve_targets(solver *sv, double *avail)
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

/* Marks the services the work limits cut short approximate, with why.
 * Returns 0 or -1 when out of memory. */
static int note_limits(solver *sv)
{
    for (int s = 0; s < sv->t->n_services; s++) {
        an_service *as = &sv->svc[s];
        char *text = NULL;
        if (as->capped && as->kind == KIND_CHAIN) {
            text = analytic_printf("the solver's work limit for Markov chains was reached: some "
                              "states of its shared hosts are solved as a static structure "
                              "(no delays)");
            if (!text || analytic_reason_add(&as->reason, text))
                goto oom;
            free(text);
            as->exact = 0;
        }
        if (as->enum_parts) {
            text = analytic_printf("%d hosts are shared between members: within the solver's work "
                              "limit only the states with at most %d of them down are "
                              "enumerated, the rest (probability at most %.3g) as if each "
                              "member had its own copy of those hosts",
                              as->enum_parts, as->enum_down, as->enum_left);
            if (!text || analytic_reason_add(&as->reason, text))
                goto oom;
            free(text);
            as->exact = 0;
        }
        continue;
    oom:
        free(text);
        return -1;
    }
    return 0;
}

/* ---------- the result ---------- */

/* Reason of a target: its own (a service's) or the first approximate service
 * it depends on. Returns a malloc'ed string, NULL when exact; *oom on failure. */
static char *target_reason(const solver *sv, int j, int *oom, int *through, int *through_more)
{
    const topology *t = sv->t;
    const unsigned char *in = sv->in_target + (size_t)j * t->n_services;
    int self = j >= 1 && j <= t->n_services ? j - 1 : -1;
    if (self >= 0 && !sv->svc[self].exact) {
        char *s = analytic_printf("%s", sv->svc[self].reason);
        *oom = !s;
        return s;
    }
    int first = -1, more = 0;
    for (int s = 0; s < t->n_services; s++)
        if (in[s] && !sv->svc[s].exact) {
            if (first < 0)
                first = s;
            else
                more++;
        }
    if (first < 0)
        return NULL;
    *through = first;
    *through_more = more;
    char *r = more ? analytic_printf("through '%s' (and %d more): %s", t->services[first].name, more,
                                sv->svc[first].reason)
                   : analytic_printf("through '%s': %s", t->services[first].name,
                                sv->svc[first].reason);
    *oom = !r;
    return r;
}

static int target_exact(const solver *sv, int j)
{
    const unsigned char *in = sv->in_target + (size_t)j * sv->t->n_services;
    for (int s = 0; s < sv->t->n_services; s++)
        if (in[s] && !sv->svc[s].exact)
            return 0;
    return 1;
}

static int make_result(solver *sv, const double *avail, analytic_result **out)
{
    const topology *t = sv->t;
    int nt = sv->n_targets;
    analytic_result *r = calloc(1, sizeof *r);
    char **reasons = calloc((size_t)nt, sizeof *reasons);
    int *through = NULL; /* per target: first service it is approximate through, how many more */
    int rc = TOPO_ENOMEM;
    if (!r || !reasons)
        goto fail;
    r->services = calloc((size_t)t->n_services + 1, sizeof *r->services);
    r->views = calloc((size_t)t->n_views + 1, sizeof *r->views);
    if (!r->services || !r->views)
        goto fail;
    through = malloc(2 * (size_t)nt * sizeof *through);
    if (!through)
        goto fail;
    size_t total = 1;
    for (int j = 0; j < nt; j++) {
        int oom = 0;
        through[2 * j] = -1;
        through[2 * j + 1] = 0;
        reasons[j] = target_reason(sv, j, &oom, &through[2 * j], &through[2 * j + 1]);
        if (oom)
            goto fail;
        if (reasons[j])
            total += strlen(reasons[j]) + 1;
    }
    r->notes = malloc(total);
    if (!r->notes)
        goto fail;
    size_t at = 0;
    for (int j = 0; j < nt; j++) {
        analytic_figure *f = j == 0 ? &r->system
                           : j <= t->n_services ? &r->services[j - 1]
                                                : &r->views[j - 1 - t->n_services];
        double a = avail[j];
        f->availability = a < 0 ? 0 : a > 1 ? 1 : a;
        f->exact = target_exact(sv, j);
        f->reason = NULL;
        f->through = through[2 * j];
        f->through_more = through[2 * j + 1];
        if (reasons[j]) {
            size_t n = strlen(reasons[j]) + 1;
            memcpy(r->notes + at, reasons[j], n);
            f->reason = r->notes + at;
            at += n;
        }
    }
    r->notes[at] = '\0';
    *out = r;
    r = NULL;
    rc = 0;
fail:
    if (reasons)
        for (int j = 0; j < nt; j++)
            free(reasons[j]);
    free(reasons);
    free(through);
    analytic_result_free(r);
    return rc;
}

static void solver_release(solver *sv)
{
    const topology *t = sv->t;
    if (sv->members)
        for (int m = 0; m < t->n_members; m++) {
            free(sv->members[m].shared);
            free(sv->members[m].priv);
        }
    if (sv->svc)
        for (int s = 0; s < t->n_services; s++) {
            free(sv->svc[s].reason);
            free(sv->svc[s].cache);
        }
    if (sv->part_members)
        for (int p = 0; p < sv->n_shared; p++)
            free(sv->part_members[p]);
    free(sv->part_members);
    free(sv->n_part_members);
    free(sv->members);
    free(sv->svc);
    free(sv->shared_host);
    free(sv->host_shared);
    free(sv->in_target);
    free(sv->downcnt);
    free(sv->ps);
    free(sv->dp);
    free(sv->smask);
    if (sv->memo)
        for (int s = 0; s < t->n_services; s++)
            free(sv->memo[s]);
    free(sv->memo);
}

int analytic_solve(const topology *t, analytic_result **out)
{
    *out = NULL;
    solver sv;
    memset(&sv, 0, sizeof sv);
    sv.t = t;
    int ns = t->n_services, nm = t->n_members;
    sv.n_targets = 1 + ns + t->n_views;
    int maxn = 1;
    for (int s = 0; s < ns; s++)
        if (t->services[s].n_hosts > maxn)
            maxn = t->services[s].n_hosts;
    if ((double)sv.n_targets * (double)ns > AN_MEMORY_MAX)
        return TOPO_ETOOBIG;
    double *avail = malloc((size_t)sv.n_targets * sizeof *avail);
    int *stack = malloc(((size_t)ns + 1) * sizeof *stack);
    sv.members = calloc((size_t)nm + 1, sizeof *sv.members);
    sv.svc = calloc((size_t)ns + 1, sizeof *sv.svc);
    sv.in_target = calloc((size_t)sv.n_targets * (size_t)(ns ? ns : 1), 1);
    sv.downcnt = calloc((size_t)nm + 1, sizeof *sv.downcnt);
    sv.ps = calloc((size_t)ns + 1, sizeof *sv.ps);
    sv.dp = calloc(2 * (size_t)maxn + 4, sizeof *sv.dp);
    int rc = TOPO_ENOMEM;
    if (!avail || !stack || !sv.members || !sv.svc || !sv.in_target || !sv.downcnt || !sv.ps ||
        !sv.dp)
        goto done;
    for (int i = 0; i < t->system.n_services; i++)
        service_closure(t, t->system.services[i], sv.in_target, stack);
    for (int s = 0; s < ns; s++)
        service_closure(t, s, sv.in_target + (size_t)(1 + s) * ns, stack);
    for (int v = 0; v < t->n_views; v++)
        for (int i = 0; i < t->views[v].n_services; i++)
            service_closure(t, t->views[v].services[i],
                            sv.in_target + (size_t)(1 + ns + v) * ns, stack);
    sv.smask = calloc((size_t)ns + 1, sizeof *sv.smask);
    sv.memo = calloc((size_t)ns + 1, sizeof *sv.memo);
    if (!sv.smask || !sv.memo)
        goto done;
    for (int s = 0; s < ns; s++) {
        if (t->services[s].n_hosts > 16)
            continue;
        size_t n = (size_t)1 << t->services[s].n_hosts;
        sv.memo[s] = malloc(n * sizeof **sv.memo);
        if (!sv.memo[s])
            goto done;
        for (size_t k = 0; k < n; k++)
            sv.memo[s][k] = NAN;
    }
    if (build_members(&sv) || analytic_setup_services(&sv) || solve_targets(&sv, avail) ||
        note_limits(&sv)) {
        rc = sv.too_big ? TOPO_ETOOBIG : TOPO_ENOMEM;
        goto done;
    }
    rc = make_result(&sv, avail, out);
done:
    solver_release(&sv);
    free(avail);
    free(stack);
    return rc;
}

void analytic_result_free(analytic_result *r)
{
    if (!r)
        return;
    free(r->services);
    free(r->views);
    free(r->notes);
    free(r);
}
