/* model/analytic.c — the analytic solver: steady-state availability of the
 * system, every service and every view (analytic_solve in topology.h).
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

#include <gsl/gsl_integration.h>

enum { KIND_STATIC, KIND_REJOIN, KIND_CHAIN };

typedef struct an_member {
    int service;
    double q;          /* P(instance and private host parts up) */
    double count;      /* quorum with rejoin: P(member counts | shared up) */
    int *shared;       /* shared part ids (indices into solver->shared) */
    int n_shared;
    int *priv;         /* private host indices (with a law) */
    int n_priv;
} an_member;

typedef struct an_service {
    int kind;
    int exact;
    char *reason;      /* malloc'ed; NULL when exact */
    an_chain chain;    /* KIND_CHAIN: members' private parts, delays */
    double *cache;     /* KIND_CHAIN: P(up) per mask of held-down members; NAN unknown */
    int failed;        /* KIND_CHAIN could not be solved: fall back to static */
    int capped;        /* KIND_CHAIN: past AN_CHAIN_WORK_MAX, not (fully) solved */
    int enum_parts, enum_down; /* its component: shared parts, most down enumerated */
    double enum_left;  /* probability of the states left out (0: none) */
} an_service;

typedef struct solver {
    const topology *t;
    an_member *members;
    an_service *svc;
    int *shared_host;  /* shared part id -> host index */
    int n_shared;
    int *host_shared;  /* host index -> shared part id or -1 */
    int **part_members;/* shared part id -> member list */
    int *n_part_members;
    int n_targets;     /* 1 + services + views */
    unsigned char *in_target; /* n_targets x n_services */
    int *downcnt;      /* per member: down shared parts decided in this branch */
    double *ps;        /* per service: mode probability at the current leaf */
    double *dp;        /* k-of-n scratch */
    unsigned long *smask; /* per service: its members held down by a down shared part */
    double **memo;     /* per service: probability per smask (n <= 16), NAN unknown */
    double chain_work; /* Markov chains solved so far: sum of states^3 */
    double enum_work;  /* enumeration so far: leaves x members of the component */
    int oom;
    int too_big;       /* past AN_MEMORY_MAX: TOPO_ETOOBIG */
} solver;

/* Work limits (docs/analytic.md, "Work limits"): a small file can ask for an
 * exponential amount of work (many hosts shared by two services: 2^n states
 * of the shared parts; hundreds of services that each need a large Markov
 * chain). Past these limits the solver answers at once, marked approximate:
 * Markov chains are no longer solved (the service is solved as a static
 * structure), and the enumeration of shared parts keeps only the states with
 * at most K of them down (K as large as the limit allows) and estimates the
 * states left out as if each member had its own copy of the shared hosts
 * (independent), so the error is at most the probability of those states,
 * which the reason gives. Each limit is about half a second of work at -O2. */
#define AN_CHAIN_WORK_MAX 1e10
#define AN_ENUM_WORK_MAX 3e7

/* Memory limit (docs/limits.md): the solver keeps, for every target (the
 * system, each service, each view), which services it needs (one byte per
 * target and service), and for every member the hosts it depends on (8 bytes
 * each). A chain of 100,000 services each needing the previous one would need
 * 10^10 bytes: past this limit it returns TOPO_ETOOBIG before allocating.
 * 10,000 services with 20,000 members need about 100 MB. */
#define AN_MEMORY_MAX (1024.0 * 1024.0 * 1024.0)

/* ---------- small helpers ---------- */

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
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

/* Appends "; text" (or text) to *reason; returns 0 or -1 when out of memory. */
static int reason_add(char **reason, const char *text)
{
    char *s = *reason ? str_printf("%s; %s", *reason, text) : str_printf("%s", text);
    if (!s)
        return -1;
    free(*reason);
    *reason = s;
    return 0;
}

static int is_instant(const law_dist *d)
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

/* ---------- quorum with rejoin ---------- */

typedef struct rejoin_ctx {
    const topo_law *const *laws;
    int n;
    const law_dist *rejoin;
} rejoin_ctx;

/* G_c(r) = int_r^inf S_c(u) du / cycle_c */
static double part_age_above(const topo_law *l, double r)
{
    double cycle = law_mean(&l->fail) + law_mean(&l->repair);
    return law_tail_integral(&l->fail, r) / cycle;
}

/* h'(r) S_R(r), h(r) = prod_c G_c(r), G_c'(r) = -S_c(r) / cycle_c */
static double rejoin_integrand(double r, void *p)
{
    const rejoin_ctx *x = p;
    double sum = 0;
    for (int c = 0; c < x->n; c++) {
        const topo_law *l = x->laws[c];
        double term = -law_survival(&l->fail, r) / (law_mean(&l->fail) + law_mean(&l->repair));
        for (int d = 0; d < x->n; d++)
            if (d != c)
                term *= part_age_above(x->laws[d], r);
        sum += term;
    }
    return sum * law_survival(x->rejoin, r);
}

double analytic_rejoin_count(const topo_law *const *laws, int n, const law_dist *rejoin)
{
    if (rejoin->kind == LAW_FIXED) {
        double p = 1;
        for (int c = 0; c < n; c++)
            p *= part_age_above(laws[c], rejoin->a);
        return p;
    }
    /* E[h(R)] = h(0) + int_0^inf h'(r) P(R > r) dr */
    double h0 = 1;
    for (int c = 0; c < n; c++)
        h0 *= law_availability(laws[c]);
    if (n == 0)
        return 1;
    rejoin_ctx x = { laws, n, rejoin };
    gsl_function fn = { rejoin_integrand, &x };
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    if (!w)
        return NAN;
    double val = 0, err = 0;
    gsl_integration_qagiu(&fn, 0, 0, 1e-12, 1000, w, &val, &err);
    gsl_integration_workspace_free(w);
    double p = h0 + val;
    return p < 0 ? 0 : p > 1 ? 1 : p;
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

/* ---------- dynamic services ---------- */

/* Rate of a delay for the chain; notes an approximation in *reason. */
static int chain_rate(const law_dist *d, const char *what, double *rate, int *exact,
                      char **reason)
{
    if (is_instant(d)) {
        *rate = 0;
        return 0;
    }
    *rate = 1 / law_mean(d);
    if (law_is_exponential(d))
        return 0;
    *exact = 0;
    char buf[128];
    char *s = str_printf("%s is %s, approximated by an exponential of the same mean",
                         what, law_describe(d, buf, sizeof buf));
    int rc = s ? reason_add(reason, s) : -1;
    free(s);
    return rc;
}

static int part_rates(const topo_law *l, an_chain_part *p, int instance, int *exact,
                      char **reason, const char *what)
{
    char text[256];
    p->instance = instance;
    if (!(law_mean(&l->repair) > 0)) { /* repaired at once: never down */
        p->fail_rate = 0;
        p->repair_rate = 1;
        return 0;
    }
    snprintf(text, sizeof text, "%s law '%s' time to failure", what, l->name);
    if (chain_rate(&l->fail, text, &p->fail_rate, exact, reason))
        return -1;
    snprintf(text, sizeof text, "%s law '%s' time to repair", what, l->name);
    if (chain_rate(&l->repair, text, &p->repair_rate, exact, reason))
        return -1;
    return 0;
}

/* Adds the reason for the shared parts of service s that are not common
 * (skip[id] != 0: not listed); returns 1 if there were any, -1 when out of
 * memory. skip may be NULL. */
static int shared_reason(solver *sv, int s, const unsigned char *skip, char **reason)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    unsigned char *seen = calloc((size_t)sv->n_shared + 1, 1);
    if (!seen)
        return -1;
    char names[256] = "";
    size_t len = 0;
    int listed = 0;
    for (int i = 0; i < ts->n_hosts; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        for (int k = 0; k < am->n_shared; k++) {
            int id = am->shared[k];
            if (seen[id] || (skip && skip[id]))
                continue;
            seen[id] = 1;
            if (listed < 3 && len < sizeof names)
                len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                        listed ? ", " : "", t->hosts[sv->shared_host[id]].name);
            listed++;
        }
    }
    free(seen);
    if (!listed)
        return 0;
    char *text = str_printf("members depend on host%s %s%s shared with other members: "
                            "their up/down state is conditioned on as if static",
                            listed > 1 ? "s" : "", names, listed > 3 ? " and others" : "");
    int rc = text ? reason_add(reason, text) : -1;
    free(text);
    return rc < 0 ? -1 : 1;
}

static int has_shared(const solver *sv, int s)
{
    const topo_service *ts = &sv->t->services[s];
    for (int i = 0; i < ts->n_hosts; i++)
        if (sv->members[ts->first_member + i].n_shared)
            return 1;
    return 0;
}

/* The kind of service s: a structure function, a quorum with rejoin, or a chain. */
static int service_kind(const topo_service *ts)
{
    if (ts->mode == MODE_QUORUM && is_instant(&ts->bootstrap) && !is_instant(&ts->rejoin))
        return KIND_REJOIN;
    if (ts->mode == MODE_QUORUM && !is_instant(&ts->bootstrap))
        return KIND_CHAIN;
    if (ts->mode == MODE_ACTIVE_PASSIVE &&
        (ts->cold || !is_instant(&ts->failover_time) || ts->failover_success < 1 ||
         !is_instant(&ts->resync)))
        return KIND_CHAIN;
    return KIND_STATIC;
}

/* Another service whose state depends on the past (a chain, a quorum with
 * rejoin) with a member under shared part id; -1 if none. */
static int other_dynamic_user(const solver *sv, int s, int id)
{
    for (int k = 0; k < sv->n_part_members[id]; k++) {
        int o = sv->members[sv->part_members[id][k]].service;
        if (o != s && service_kind(&sv->t->services[o]) != KIND_STATIC)
            return o;
    }
    return -1;
}

/* Hosts of service s that are shared with other services but that only one
 * member of s needs (each controller of a Pacemaker pair, its rack switch and
 * PDU, also used by the pair's other services) go into the chain as one more
 * part of that member, the *split part*: failure rate the sum of theirs,
 * availability the product of theirs (exact for one host with exponential
 * laws). The chain then sees the failovers their failures cause, and
 * analytic_chain_split gives P(up | which split parts are down), which the
 * enumeration of shared parts uses as it would P(up | members held down).
 * Returns 1 if split (the reasons for what is approximate added, *exact
 * cleared then), 0 if it cannot be (a host needed by two members but not
 * all, no room for one more part: the caller conditions as if static), -1
 * when out of memory. common[id]: part id is a common part of the chain. */
static int split_shared(solver *sv, int s, const unsigned char *common, int *exact)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    an_service *as = &sv->svc[s];
    an_chain *c = &as->chain;
    int *owner = malloc(((size_t)sv->n_shared + 1) * sizeof *owner);
    if (!owner)
        return -1;
    for (int id = 0; id < sv->n_shared; id++)
        owner[id] = -1;
    int any = 0, ok = 1;
    for (int i = 0; i < c->n && ok; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        int mine = 0;
        for (int k = 0; k < am->n_shared && ok; k++) {
            int id = am->shared[k];
            if (common[id])
                continue;
            if (owner[id] >= 0 && owner[id] != i)
                ok = 0; /* needed by two members, not by all */
            owner[id] = i;
            mine = 1;
        }
        if (mine && c->m[i].n_parts >= AN_CHAIN_MAX_PARTS)
            ok = 0;
        any |= mine;
    }
    free(owner);
    if (!ok || !any)
        return 0;
    int rc = 0, lumped = 0, other = -1, listed = 0;
    char names[256] = "";
    size_t len = 0;
    for (int i = 0; i < c->n && !rc; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        double fail = 0, avail = 1;
        int n = 0;
        for (int k = 0; k < am->n_shared && !rc; k++) {
            int id = am->shared[k], h = sv->shared_host[id];
            if (common[id])
                continue;
            an_chain_part p;
            char what[200];
            snprintf(what, sizeof what, "host '%s'", t->hosts[h].name);
            rc = part_rates(&t->laws[t->hosts[h].law], &p, 0, exact, &as->reason, what);
            fail += p.fail_rate;
            avail *= p.repair_rate / (p.fail_rate + p.repair_rate);
            if (listed < 3 && len < sizeof names)
                len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                        listed ? ", " : "", t->hosts[h].name);
            listed++;
            n++;
            if (other < 0)
                other = other_dynamic_user(sv, s, id);
        }
        lumped |= n > 1;
        if (!rc && n && fail > 0 && avail < 1) {
            an_chain_member *cm = &c->m[i];
            cm->parts[cm->n_parts++] = (an_chain_part){fail, fail * avail / (1 - avail), 0};
            cm->split = cm->n_parts;
        }
    }
    char *text = NULL;
    if (!rc && lumped) {
        *exact = 0;
        text = str_printf("the hosts %s%s, shared with other services, are taken for each "
                          "member as one part of its chain with their failure rate and "
                          "availability", names, listed > 3 ? " and others" : "");
        rc = text ? reason_add(&as->reason, text) : -1;
        free(text);
    }
    if (!rc && other >= 0) {
        *exact = 0;
        text = str_printf("hosts of its members are also needed by '%s', whose state "
                          "depends on their past too: the two are combined as if "
                          "independent given those hosts' present state",
                          t->services[other].name);
        rc = text ? reason_add(&as->reason, text) : -1;
        free(text);
    }
    return rc ? -1 : 1;
}

/* Lumps the host parts of each member of c that are neither its instance
 * nor its split part into one part (their summed failure rate, the product
 * of their availabilities), to make a split chain smaller. Returns 1 if a
 * member has fewer parts, else 0 (c unchanged). */
static int lump_private(an_chain *c)
{
    int fewer = 0;
    for (int i = 0; i < c->n; i++) {
        an_chain_member *m = &c->m[i];
        an_chain_part keep[AN_CHAIN_MAX_PARTS];
        int n = 0, own = 0, split = 0;
        double fail = 0, avail = 1;
        for (int p = 0; p < m->n_parts; p++) {
            const an_chain_part *q = &m->parts[p];
            if (q->instance || p + 1 == m->split) {
                keep[n++] = *q;
                if (p + 1 == m->split)
                    split = n;
            } else if (q->fail_rate > 0) {
                fail += q->fail_rate;
                avail *= q->repair_rate / (q->fail_rate + q->repair_rate);
                own++;
            }
        }
        if (own < 2 || !(avail < 1))
            continue;
        keep[n++] = (an_chain_part){fail, fail * avail / (1 - avail), 0};
        memcpy(m->parts, keep, (size_t)n * sizeof *keep);
        m->n_parts = n;
        m->split = split;
        fewer = 1;
    }
    return fewer;
}

static int setup_chain(solver *sv, int s)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    an_service *as = &sv->svc[s];
    an_chain *c = &as->chain;
    memset(c, 0, sizeof *c);
    as->kind = KIND_CHAIN;
    if (ts->n_hosts > AN_CHAIN_MAX_MEMBERS || ts->n_hosts > 16) {
        as->failed = 1;
        return 0;
    }
    c->quorum = ts->mode == MODE_QUORUM;
    c->n = ts->n_hosts;
    c->need = ts->need;
    c->success = ts->failover_success;
    c->cold = ts->cold;
    int exact = 1;
    if (c->quorum) {
        if (chain_rate(&ts->rejoin, "rejoin", &c->rejoin_rate, &exact, &as->reason) ||
            chain_rate(&ts->bootstrap, "bootstrap", &c->bootstrap_rate, &exact, &as->reason))
            return -1;
    } else {
        if (chain_rate(&ts->failover_time, "failover time", &c->failover_rate, &exact, &as->reason) ||
            chain_rate(&ts->resync, "resync", &c->resync_rate, &exact, &as->reason))
            return -1;
    }
    an_chain_part inst;
    if (ts->instance >= 0 &&
        part_rates(&t->laws[ts->instance], &inst, 1, &exact, &as->reason, "instance"))
        return -1;
    for (int i = 0; i < c->n && !as->failed; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        an_chain_member *cm = &c->m[i];
        if (ts->instance >= 0)
            cm->parts[cm->n_parts++] = inst;
        for (int k = 0; k < am->n_priv; k++) {
            if (cm->n_parts >= AN_CHAIN_MAX_PARTS) {
                as->failed = 1;
                break;
            }
            int h = am->priv[k];
            char what[200];
            snprintf(what, sizeof what, "host '%s'", t->hosts[h].name);
            if (part_rates(&t->laws[t->hosts[h].law], &cm->parts[cm->n_parts++], 0, &exact,
                           &as->reason, what))
                return -1;
        }
    }
    /* common: the shared parts in the chain as common parts; unsplit: the
       reasons and exactness before split_shared, for a split chain too
       large to solve (then its split parts are conditioned on as if static) */
    unsigned char *common = NULL;
    char *unsplit_reason = NULL;
    int unsplit_exact = 1;
    if (!as->failed && has_shared(sv, s)) {
        /* shared parts every member depends on go into the chain */
        common = calloc((size_t)sv->n_shared + 1, 1);
        int rc_oom = 0;
        if (!common)
            return -1;
        const an_member *m0 = &sv->members[ts->first_member];
        for (int k = 0; k < m0->n_shared; k++) {
            int id = m0->shared[k], all = 1;
            for (int i = 1; i < c->n && all; i++) {
                const an_member *am = &sv->members[ts->first_member + i];
                int found = 0;
                for (int j = 0; j < am->n_shared && !found; j++)
                    found = am->shared[j] == id;
                all = found;
            }
            if (!all || c->n_common >= AN_CHAIN_MAX_COMMON)
                continue;
            common[id] = 1;
            int h = sv->shared_host[id];
            char what[200];
            snprintf(what, sizeof what, "host '%s'", t->hosts[h].name);
            int rc = part_rates(&t->laws[t->hosts[h].law], &c->common[c->n_common++], 0,
                                &exact, &as->reason, what);
            int o = rc ? -1 : other_dynamic_user(sv, s, id);
            char *text = o < 0 ? NULL
                               : str_printf("host '%s' is also needed by '%s', whose state "
                                            "depends on its past too: both are solved as if "
                                            "that did not matter", t->hosts[h].name,
                                            t->services[o].name);
            if (o >= 0) {
                exact = 0;
                rc = text ? reason_add(&as->reason, text) : -1;
            }
            free(text);
            if (rc)
                goto oom;
        }
        if (c->n_common && !c->quorum) {
            /* when a common part fails or returns, every member goes down or
               comes up in the same instant; the engine applies these one at a
               time (docs/semantics.md, "Changes in one instant": a failover
               may start to a member going down in that instant), which this
               chain does not follow */
            exact = 0;
            if (reason_add(&as->reason, "members fail and return together with a host they "
                                        "all need, in an order taken as: no failover, the "
                                        "first in hosts order becomes active"))
                rc_oom = 1;
        }
        if (rc_oom || (as->reason && !(unsplit_reason = strdup(as->reason))))
            goto oom;
        unsplit_exact = exact;
        int rc = split_shared(sv, s, common, &exact);
        if (rc == 0) { /* not split: conditioned on as if static */
            rc = shared_reason(sv, s, common, &as->reason);
            if (rc > 0)
                exact = 0;
        }
        if (rc < 0)
            goto oom;
    }
    size_t nmask = (size_t)1 << c->n;
    as->cache = malloc(nmask * sizeof *as->cache);
    if (!as->cache)
        goto oom;
    for (size_t k = 0; k < nmask; k++)
        as->cache[k] = NAN;
    if (!as->failed && sv->chain_work > AN_CHAIN_WORK_MAX) {
        as->failed = 1;
        as->capped = 1;
    }
    int split = 0;
    for (int i = 0; i < c->n; i++)
        split |= c->m[i].split > 0;
    if (!as->failed) {
        int states = 0;
        /* split: every mask at once; otherwise mask 0 now, others on demand */
        int rc = split ? analytic_chain_split(c, as->cache, &states)
                       : analytic_chain_solve(c, &as->cache[0], &states);
        an_chain lumped = *c;
        if (rc == AN_CHAIN_ETOOBIG && split && lump_private(&lumped)) {
            /* fewer parts per member: each member's own hosts as one */
            rc = analytic_chain_split(&lumped, as->cache, &states);
            if (rc == AN_CHAIN_OK) {
                *c = lumped;
                exact = 0;
                if (reason_add(&as->reason, "each member's own hosts are taken as one part "
                                            "with their failure rate and availability (the "
                                            "chain would be too large otherwise)"))
                    goto oom;
            }
        }
        if (rc == AN_CHAIN_ETOOBIG && split) {
            /* one more part per member made too many states: back to the
               chain without them, the shared hosts conditioned on as if
               static, which still sees the delays */
            for (int i = 0; i < c->n; i++)
                if (c->m[i].split) {
                    c->m[i].n_parts--;
                    c->m[i].split = 0;
                }
            free(as->reason);
            as->reason = unsplit_reason;
            unsplit_reason = NULL;
            exact = unsplit_exact;
            int r = shared_reason(sv, s, common, &as->reason);
            if (r < 0)
                goto oom;
            if (r > 0)
                exact = 0;
            rc = analytic_chain_solve(c, &as->cache[0], &states);
        }
        if (rc == AN_CHAIN_ENOMEM)
            goto oom;
        if (rc)
            as->failed = 1;
        sv->chain_work += (double)states * states * states;
    }
    as->exact = exact && !as->failed;
    free(common);
    free(unsplit_reason);
    return 0;
oom:
    free(common);
    free(unsplit_reason);
    return -1;
}

static int setup_services(solver *sv)
{
    const topology *t = sv->t;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *ts = &t->services[s];
        an_service *as = &sv->svc[s];
        as->kind = KIND_STATIC;
        as->exact = 1;
        int kind = service_kind(ts);
        if (kind == KIND_REJOIN) {
            as->kind = KIND_REJOIN;
            const topo_law *laws[AN_CHAIN_MAX_PARTS * 4];
            for (int i = 0; i < ts->n_hosts; i++) {
                an_member *am = &sv->members[ts->first_member + i];
                int n = 0;
                if (ts->instance >= 0)
                    laws[n++] = &t->laws[ts->instance];
                for (int k = 0; k < am->n_priv && n < (int)(sizeof laws / sizeof *laws); k++)
                    laws[n++] = &t->laws[t->hosts[am->priv[k]].law];
                am->count = analytic_rejoin_count(laws, n, &ts->rejoin);
                if (isnan(am->count))
                    return -1;
            }
            if (has_shared(sv, s)) {
                /* a chain with the shared hosts as common parts may be exact;
                   where it is not, it still sees that every member must
                   rejoin after a common host returns, which the formula
                   cannot (a 1 h fixed rejoin behind a switch: formula
                   0.998648, chain 0.998364, simulated 0.998316) */
                if (setup_chain(sv, s))
                    return -1;
                if (!as->failed && (as->exact || as->chain.n_common > 0))
                    continue; /* exact, or sees the common hosts' past at least */
                free(as->cache);
                free(as->reason);
                as->cache = NULL;
                as->reason = NULL;
                as->failed = 0;
                as->kind = KIND_REJOIN;
                as->exact = 0;
                if (shared_reason(sv, s, NULL, &as->reason) < 0)
                    return -1;
                if (reason_add(&as->reason, "the rejoin delay counts only the age of the members' own parts"))
                    return -1;
            }
        } else if (kind == KIND_CHAIN) {
            if (setup_chain(sv, s))
                return -1;
            if (as->failed) {
                as->kind = KIND_STATIC;
                as->exact = 0;
                if (reason_add(&as->reason, as->capped
                                   ? "the solver's work limit for Markov chains was reached: "
                                     "solved as a static structure (no delays)"
                                   : "too large for an exact Markov chain: solved as a "
                                     "static structure (no delays)"))
                    return -1;
            }
        }
    }
    return 0;
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
            text = str_printf("the solver's work limit for Markov chains was reached: some "
                              "states of its shared hosts are solved as a static structure "
                              "(no delays)");
            if (!text || reason_add(&as->reason, text))
                goto oom;
            free(text);
            as->exact = 0;
        }
        if (as->enum_parts) {
            text = str_printf("%d hosts are shared between members: within the solver's work "
                              "limit only the states with at most %d of them down are "
                              "enumerated, the rest (probability at most %.3g) as if each "
                              "member had its own copy of those hosts",
                              as->enum_parts, as->enum_down, as->enum_left);
            if (!text || reason_add(&as->reason, text))
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
        char *s = str_printf("%s", sv->svc[self].reason);
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
    char *r = more ? str_printf("through '%s' (and %d more): %s", t->services[first].name, more,
                                sv->svc[first].reason)
                   : str_printf("through '%s': %s", t->services[first].name,
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
    if (build_members(&sv) || setup_services(&sv) || solve_targets(&sv, avail) ||
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
