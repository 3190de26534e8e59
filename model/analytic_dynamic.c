/* model/analytic_dynamic.c — the analytic solver's dynamic services
 * (docs/analytic.md, "Dynamic services"): from an active-passive or quorum
 * service to the Markov chain of analytic_markov.c (rates, common parts,
 * split parts, what is approximate and why), and the stationary-age formula
 * of a quorum with rejoin. analytic_enum.c enumerates the shared hosts and
 * combines the services; this file decides how each dynamic one is solved.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_integration.h>

/* ---------- quorum with rejoin ---------- */

typedef struct rejoin_ctx {
    const topo_law *const *laws;
    int n;
    const law_dist *rejoin;
} rejoin_ctx;

/* E[up] + E[detect] + E[repair]: one renewal cycle of a part */
static double part_cycle(const topo_law *l)
{
    return law_mean(&l->fail) + law_mean(&l->detect) + law_mean(&l->repair);
}

/* G_c(r) = int_r^inf S_c(u) du / cycle_c */
static double part_age_above(const topo_law *l, double r)
{
    return law_tail_integral(&l->fail, r) / part_cycle(l);
}

/* h'(r) S_R(r), h(r) = prod_c G_c(r), G_c'(r) = -S_c(r) / cycle_c */
static double rejoin_integrand(double r, void *p)
{
    const rejoin_ctx *x = p;
    double sum = 0;
    for (int c = 0; c < x->n; c++) {
        const topo_law *l = x->laws[c];
        double term = -law_survival(&l->fail, r) / part_cycle(l);
        for (int d = 0; d < x->n; d++)
            if (d != c)
                term *= part_age_above(x->laws[d], r);
        sum += term;
    }
    return sum * law_survival(x->rejoin, r);
}

/* P(member counts) for a quorum with rejoin law `rejoin`: every part has been
 * up for at least R (R drawn from rejoin), parts in their stationary regime:
 * E_R[ prod_c int_R^inf S_c(u) du / (E[up_c] + E[down_c]) ]. laws: the
 * member's private parts. */
static double rejoin_count(const topo_law *const *laws, int n, const law_dist *rejoin)
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

/* ---------- dynamic services ---------- */

/* Rate of a delay for the chain; notes an approximation in *reason. */
static int chain_rate(const law_dist *d, const char *what, double *rate, int *exact,
                      char **reason)
{
    if (law_is_none(d)) {
        *rate = 0;
        return 0;
    }
    *rate = 1 / law_mean(d);
    if (law_is_exponential(d))
        return 0;
    *exact = 0;
    char buf[128];
    char *s = analytic_printf("%s is %s, approximated by an exponential of the same mean",
                         what, law_describe(d, buf, sizeof buf));
    int rc = s ? analytic_reason_add(reason, s) : -1;
    free(s);
    return rc;
}

/* The chain's rates of a part of law l. A part with a detect delay and a
 * repair has two down phases (detection, then repair), each exponential in
 * the chain; a part with only one of them has one. */
static int part_rates(const topo_law *l, an_chain_part *p, int instance, int *exact,
                      char **reason, const char *what)
{
    char text[256];
    p->instance = instance;
    p->detect_rate = 0;
    int detect = !law_is_none(&l->detect), repair = law_mean(&l->repair) > 0;
    if (!detect && !repair) { /* repaired at once: never down */
        p->fail_rate = 0;
        p->repair_rate = 1;
        return 0;
    }
    snprintf(text, sizeof text, "%s law '%s' time to failure", what, l->name);
    if (chain_rate(&l->fail, text, &p->fail_rate, exact, reason))
        return -1;
    if (detect) {
        snprintf(text, sizeof text, "%s law '%s' time to detect", what, l->name);
        if (chain_rate(&l->detect, text, repair ? &p->detect_rate : &p->repair_rate, exact,
                       reason))
            return -1;
        if (!repair)
            return 0; /* down for the detection only: one phase */
    }
    snprintf(text, sizeof text, "%s law '%s' time to repair", what, l->name);
    if (chain_rate(&l->repair, text, &p->repair_rate, exact, reason))
        return -1;
    return 0;
}

/* Steady-state availability of a chain part. */
static double chain_part_availability(const an_chain_part *p)
{
    if (!(p->fail_rate > 0))
        return 1;
    double down = 1 / p->repair_rate + (p->detect_rate > 0 ? 1 / p->detect_rate : 0);
    return (1 / p->fail_rate) / (1 / p->fail_rate + down);
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
    int listed = 0, ccfs = 0;
    for (int i = 0; i < ts->n_hosts; i++) {
        const an_member *am = &sv->members[ts->first_member + i];
        for (int k = 0; k < am->n_shared; k++) {
            int id = am->shared[k], part = sv->shared_part[id];
            if (seen[id] || (skip && skip[id]))
                continue;
            seen[id] = 1;
            if (listed < 3 && len < sizeof names) {
                char buf[200];
                len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
                                        listed ? ", " : "",
                                        part < t->n_hosts
                                            ? (snprintf(buf, sizeof buf, "'%s'",
                                                        t->hosts[part].name), buf)
                                            : analytic_part_name(t, part, buf, sizeof buf));
            }
            ccfs += part >= t->n_hosts;
            listed++;
        }
    }
    free(seen);
    if (!listed)
        return 0;
    char *text = ccfs ? analytic_printf("members depend on %s%s shared with other members: "
                                        "their up/down state is conditioned on as if static",
                                        names, listed > 3 ? " and others" : "")
                      : analytic_printf("members depend on host%s %s%s shared with other "
                                        "members: their up/down state is conditioned on as if "
                                        "static",
                                        listed > 1 ? "s" : "", names, listed > 3 ? " and others" : "");
    int rc = text ? analytic_reason_add(reason, text) : -1;
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
    if (ts->mode == MODE_QUORUM && law_is_none(&ts->bootstrap) && !law_is_none(&ts->rejoin))
        return KIND_REJOIN;
    if (ts->mode == MODE_QUORUM && !law_is_none(&ts->bootstrap))
        return KIND_CHAIN;
    if (ts->mode == MODE_ACTIVE_PASSIVE &&
        (ts->cold || !law_is_none(&ts->failover_time) || ts->failover_success < 1 ||
         !law_is_none(&ts->resync)))
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

/* One exponential part standing for several in series: their summed failure
 * rate, and the repair rate that keeps the product of their availabilities
 * (avail < 1). */
static an_chain_part lumped_part(double fail_rate, double avail)
{
    return (an_chain_part){fail_rate, fail_rate * avail / (1 - avail), 0, 0};
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
static int split_shared(solver *sv, int s, an_service *as, const unsigned char *common,
                        int *exact)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
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
        an_chain_part one = { 0, 1, 0, 0 };
        int n = 0;
        for (int k = 0; k < am->n_shared && !rc; k++) {
            int id = am->shared[k], h = sv->shared_part[id];
            if (common[id])
                continue;
            char what[200];
            analytic_part_name(t, h, what, sizeof what);
            rc = part_rates(&t->laws[analytic_part_law(t, h)], &one, 0, exact, &as->reason, what);
            fail += one.fail_rate;
            avail *= one.detect_rate > 0 ? chain_part_availability(&one)
                                         : one.repair_rate / (one.fail_rate + one.repair_rate);
            if (listed < 3 && len < sizeof names)
                len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                        listed ? ", " : "",
                                        h < t->n_hosts ? t->hosts[h].name
                                                       : t->ccfs[h - t->n_hosts].name);
            listed++;
            n++;
            if (other < 0)
                other = other_dynamic_user(sv, s, id);
        }
        lumped |= n > 1;
        if (!rc && n && fail > 0 && avail < 1) {
            an_chain_member *cm = &c->m[i];
            /* one part with detection is kept as it is (both phases) */
            cm->parts[cm->n_parts++] = n == 1 && one.detect_rate > 0 ? one
                                                                      : lumped_part(fail, avail);
            cm->split = cm->n_parts;
        }
    }
    char *text = NULL;
    if (!rc && lumped) {
        *exact = 0;
        text = analytic_printf("the hosts %s%s, shared with other services, are taken for each "
                          "member as one part of its chain with their failure rate and "
                          "availability", names, listed > 3 ? " and others" : "");
        rc = text ? analytic_reason_add(&as->reason, text) : -1;
        free(text);
    }
    if (!rc && other >= 0) {
        *exact = 0;
        text = analytic_printf("hosts of its members are also needed by '%s', whose state "
                          "depends on their past too: the two are combined as if "
                          "independent given those hosts' present state",
                          t->services[other].name);
        rc = text ? analytic_reason_add(&as->reason, text) : -1;
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
                avail *= q->detect_rate > 0 ? chain_part_availability(q)
                                            : q->repair_rate / (q->fail_rate + q->repair_rate);
                own++;
            }
        }
        if (own < 2 || !(avail < 1))
            continue;
        keep[n++] = lumped_part(fail, avail);
        memcpy(m->parts, keep, (size_t)n * sizeof *keep);
        m->n_parts = n;
        m->split = split;
        fewer = 1;
    }
    return fewer;
}

/* Folds each part's detection into its repair: one exponential down phase
 * with the mean of both (the part's availability kept). Returns 1 if a part
 * had a detection phase, else 0 (c unchanged). */
static int fold_detection(an_chain *c)
{
    int folded = 0;
    an_chain_part *parts[AN_CHAIN_MAX_MEMBERS * AN_CHAIN_MAX_PARTS + AN_CHAIN_MAX_COMMON];
    int n = 0;
    for (int i = 0; i < c->n; i++)
        for (int p = 0; p < c->m[i].n_parts; p++)
            parts[n++] = &c->m[i].parts[p];
    for (int k = 0; k < c->n_common; k++)
        parts[n++] = &c->common[k];
    for (int k = 0; k < n; k++) {
        an_chain_part *q = parts[k];
        if (!(q->detect_rate > 0))
            continue;
        q->repair_rate = 1 / (1 / q->detect_rate + 1 / q->repair_rate);
        q->detect_rate = 0;
        folded = 1;
    }
    return folded;
}

/* Solves chain c (split: every mask into cache; else mask 0 only). When it
 * has too many states and parts with a detection phase, solves it again
 * with detection folded into repair (then *c is that chain, *exact cleared,
 * the reason added to *reason). Returns an AN_CHAIN_* code; *oom is set
 * when the reason could not be added. */
static int solve_chain(an_chain *c, int split, double *cache, int *states, int *exact,
                       char **reason, int *oom)
{
    int rc = split ? analytic_chain_split(c, cache, states)
                   : analytic_chain_solve(c, &cache[0], states);
    an_chain folded = *c;
    if (rc != AN_CHAIN_ETOOBIG || !fold_detection(&folded))
        return rc;
    rc = split ? analytic_chain_split(&folded, cache, states)
               : analytic_chain_solve(&folded, &cache[0], states);
    if (rc == AN_CHAIN_ETOOBIG)
        return rc; /* too large either way: the caller's fallbacks, unfolded */
    *c = folded;
    *exact = 0;
    if (analytic_reason_add(reason, "detection before repair in a failover chain: each part's "
                                    "detection and repair are taken as one exponential down "
                                    "time (the chain with both phases would be too large)"))
        *oom = 1;
    return rc;
}

/* Builds and solves the chain of service s into as (sv->svc[s], or a
 * scratch an_service: analytic_loss_chain). */
static int setup_chain_in(solver *sv, int s, an_service *as)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
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
            analytic_part_name(t, h, what, sizeof what);
            if (part_rates(&t->laws[analytic_part_law(t, h)], &cm->parts[cm->n_parts++], 0,
                           &exact, &as->reason, what))
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
            int h = sv->shared_part[id];
            char what[200];
            analytic_part_name(t, h, what, sizeof what);
            int rc = part_rates(&t->laws[analytic_part_law(t, h)], &c->common[c->n_common++], 0,
                                &exact, &as->reason, what);
            int o = rc ? -1 : other_dynamic_user(sv, s, id);
            char *text = o < 0 ? NULL
                               : analytic_printf("%s is also needed by '%s', whose state "
                                            "depends on its past too: both are solved as if "
                                            "that did not matter", what,
                                            t->services[o].name);
            if (o >= 0) {
                exact = 0;
                rc = text ? analytic_reason_add(&as->reason, text) : -1;
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
            if (analytic_reason_add(&as->reason, "members fail and return together with a host they "
                                        "all need, in an order taken as: no failover, the "
                                        "first in hosts order becomes active"))
                rc_oom = 1;
        }
        if (rc_oom || (as->reason && !(unsplit_reason = strdup(as->reason))))
            goto oom;
        unsplit_exact = exact;
        int rc = split_shared(sv, s, as, common, &exact);
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
        int oom = 0;
        int rc = solve_chain(c, split, as->cache, &states, &exact, &as->reason, &oom);
        if (oom)
            goto oom;
        an_chain lumped = *c;
        if (rc == AN_CHAIN_ETOOBIG && split && lump_private(&lumped)) {
            /* fewer parts per member: each member's own hosts as one */
            int lumped_exact = exact;
            rc = solve_chain(&lumped, 1, as->cache, &states, &lumped_exact, &as->reason, &oom);
            if (oom)
                goto oom;
            if (rc == AN_CHAIN_OK) {
                *c = lumped;
                exact = 0;
                if (analytic_reason_add(&as->reason, "each member's own hosts are taken as one part "
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
            rc = solve_chain(c, 0, as->cache, &states, &exact, &as->reason, &oom);
            if (oom)
                goto oom;
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

static int setup_chain(solver *sv, int s)
{
    return setup_chain_in(sv, s, &sv->svc[s]);
}

int analytic_loss_chain(solver *sv, int s, an_service *as)
{
    memset(as, 0, sizeof *as);
    double work = sv->chain_work; /* the figures' work limit is not spent here */
    int rc = setup_chain_in(sv, s, as);
    sv->chain_work = work;
    return rc;
}

/* 1 if service s takes part in needs-local: it needs a service locally, or
 * one of its members is needed locally by another member. */
static int uses_needs_local(const topology *t, int s)
{
    if (t->services[s].n_needs_local)
        return 1;
    for (int m = 0; m < t->n_members; m++)
        for (int i = 0; i < t->members[m].n_local_needs; i++)
            if (t->members[t->members[m].local_needs[i]].service == s)
                return 1;
    return 0;
}

int analytic_setup_services(solver *sv)
{
    const topology *t = sv->t;
    int any_local = 0;
    for (int s = 0; s < t->n_services; s++)
        any_local |= t->services[s].n_needs_local > 0;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *ts = &t->services[s];
        an_service *as = &sv->svc[s];
        as->kind = KIND_STATIC;
        as->exact = 1;
        int kind = service_kind(ts);
        if (kind != KIND_STATIC && any_local && uses_needs_local(t, s)) {
            /* a member's readiness then depends on parts of other members:
               the chain and the rejoin formula see only the member's own */
            as->exact = 0;
            char *text = analytic_printf("%s with needs-local: solved as a static structure of "
                                         "ready members (no delays)", topo_mode_name(ts->mode));
            int rc = text ? analytic_reason_add(&as->reason, text) : -1;
            free(text);
            if (rc)
                return -1;
            continue;
        }
        if (kind == KIND_REJOIN) {
            as->kind = KIND_REJOIN;
            const topo_law *laws[AN_CHAIN_MAX_PARTS * 4];
            for (int i = 0; i < ts->n_hosts; i++) {
                an_member *am = &sv->members[ts->first_member + i];
                int n = 0;
                if (ts->instance >= 0)
                    laws[n++] = &t->laws[ts->instance];
                for (int k = 0; k < am->n_priv && n < (int)(sizeof laws / sizeof *laws); k++)
                    laws[n++] = &t->laws[analytic_part_law(t, am->priv[k])];
                am->count = rejoin_count(laws, n, &ts->rejoin);
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
                if (analytic_reason_add(&as->reason, "the rejoin delay counts only the age of the members' own parts"))
                    return -1;
            }
        } else if (kind == KIND_CHAIN) {
            if (setup_chain(sv, s))
                return -1;
            if (as->failed) {
                as->kind = KIND_STATIC;
                as->exact = 0;
                if (analytic_reason_add(&as->reason, as->capped
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

