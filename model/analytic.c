/* model/analytic.c — the analytic solver: steady-state availability of the
 * system, every service and every view (analytic_solve in topology.h). Its
 * steps live in their own files (analytic_int.h lists them): members and
 * shared parts in analytic_members.c, the dynamic services' chains and
 * formulas set up in analytic_dynamic.c and solved in analytic_markov.c, the
 * enumeration in analytic_enum.c, the figures in analytic_result.c.
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
 *
 * Maintenance (analytic_maint.c) adds environments: at a random moment each
 * entry has nobody, one unit (rolling) or every unit (all at once) under
 * planned work or under recovery, with the steady-state probabilities of
 * its schedule; a member under work is held down. A target's availability
 * is the sum over environments of P(environment) x its availability with
 * those members held down; its unplanned availability counts as up the
 * moments when it is down only through members under planned work
 * (docs/semantics.md, "Downtime by cause").
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The gates (docs/semantics.md, "needs-local: ready and serving members"):
 * gate[s ns + x] = 1 when service x must be up for a member of s to serve:
 * every service s needs, with everything those need to be up, and the gates
 * of the services s needs locally (a member serves only while its local
 * members serve). Computed in service_order (every service after those it
 * needs or needs locally). Without needs-local it is the closure of `needs`. */
static void compute_gates(const topology *t, unsigned char *gate)
{
    int ns = t->n_services;
    for (int k = 0; k < ns; k++) {
        int s = t->service_order ? t->service_order[k] : k;
        unsigned char *g = gate + (size_t)s * ns;
        const topo_service *ts = &t->services[s];
        for (int i = 0; i < ts->n_needs; i++) {
            int x = ts->needs[i];
            const unsigned char *gx = gate + (size_t)x * ns;
            g[x] = 1;
            for (int y = 0; y < ns; y++)
                g[y] |= gx[y];
        }
        for (int i = 0; i < ts->n_needs_local; i++) {
            const unsigned char *gx = gate + (size_t)ts->needs_local[i] * ns;
            for (int y = 0; y < ns; y++)
                g[y] |= gx[y];
        }
    }
}

/* Marks in `in` service s and its gate: what must be up for s to be up. */
static void service_closure(const topology *t, int s, unsigned char *in, const unsigned char *gate)
{
    int ns = t->n_services;
    const unsigned char *g = gate + (size_t)s * ns;
    in[s] = 1;
    for (int y = 0; y < ns; y++)
        in[y] |= g[y];
}

static void solver_release(solver *sv)
{
    const topology *t = sv->t;
    if (sv->members)
        for (int m = 0; m < t->n_members; m++) {
            free(sv->members[m].shared);
            free(sv->members[m].priv);
            free(sv->members[m].units);
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
    free(sv->shared_part);
    free(sv->part_shared);
    free(sv->in_target);
    free(sv->gate);
    free(sv->downcnt);
    free(sv->ps);
    free(sv->dp);
    free(sv->smask);
    if (sv->memo)
        for (int s = 0; s < t->n_services; s++)
            free(sv->memo[s]);
    free(sv->memo);
    if (sv->treason)
        for (int j = 0; j < sv->n_targets; j++)
            free(sv->treason[j]);
    free(sv->treason);
    if (sv->entries)
        for (int x = 0; x < t->n_maint; x++)
            free(sv->entries[x].settle);
    free(sv->entries);
    free(sv->env_state);
    free(sv->work);
    free(sv->svc_work);
    free(sv->pmask);
    analytic_count_release(sv);
    free(sv->cap);
    free(sv->cap_exact);
    if (sv->cap_reason)
        for (int s = 0; s < t->n_services; s++)
            free(sv->cap_reason[s]);
    free(sv->cap_reason);
    if (sv->blast)
        for (int s = 0; s < t->n_services; s++)
            free(sv->blast[s]);
    free(sv->blast);
    if (sv->blast_reason)
        for (int s = 0; s < t->n_services; s++)
            free(sv->blast_reason[s]);
    free(sv->blast_reason);
}

int analytic_solve(const topology *t, analytic_result **out)
{
    return analytic_solve_with(t, out, 1);
}

int analytic_solve_with(const topology *t, analytic_result **out, int want_freq)
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
    double *unplanned = malloc((size_t)sv.n_targets * sizeof *unplanned);
    double *freq = malloc((size_t)sv.n_targets * sizeof *freq);
    sv.gate = calloc((size_t)ns * (size_t)ns + 1, 1);
    sv.members = calloc((size_t)nm + 1, sizeof *sv.members);
    sv.svc = calloc((size_t)ns + 1, sizeof *sv.svc);
    sv.in_target = calloc((size_t)sv.n_targets * (size_t)(ns ? ns : 1), 1);
    sv.downcnt = calloc((size_t)nm + 1, sizeof *sv.downcnt);
    sv.ps = calloc((size_t)ns + 1, sizeof *sv.ps);
    sv.dp = calloc(2 * (size_t)maxn + 4, sizeof *sv.dp);
    int rc = TOPO_ENOMEM;
    if (!avail || !unplanned || !freq || !sv.gate || !sv.members || !sv.svc || !sv.in_target || !sv.downcnt || !sv.ps ||
        !sv.dp)
        goto done;
    compute_gates(t, sv.gate);
    for (int i = 0; i < t->system.n_services; i++)
        service_closure(t, t->system.services[i], sv.in_target, sv.gate);
    for (int s = 0; s < ns; s++)
        service_closure(t, s, sv.in_target + (size_t)(1 + s) * ns, sv.gate);
    /* a view with need: its services and their gates (whose exactness it
       takes; its figure comes from the count of serving members) */
    for (int v = 0; v < t->n_views; v++)
        for (int i = 0; i < t->views[v].n_services; i++)
            service_closure(t, t->views[v].services[i],
                            sv.in_target + (size_t)(1 + ns + v) * ns, sv.gate);
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
    if (analytic_build_members(&sv) || analytic_setup_services(&sv) || analytic_maint_setup(&sv) ||
        analytic_count_setup(&sv) || analytic_solve_targets(&sv, avail, unplanned) ||
        analytic_note_limits(&sv) || analytic_count_finish(&sv, avail, unplanned) ||
        (want_freq && analytic_blast_solve(&sv)) ||
        analytic_joint_solve(&sv, avail, unplanned, freq, want_freq)) {
        rc = sv.too_big ? TOPO_ETOOBIG : TOPO_ENOMEM;
        goto done;
    }
    rc = analytic_make_result(&sv, avail, unplanned, freq, out);
    if (!rc && want_freq && (rc = analytic_loss_solve(&sv, *out))) { /* data loss */
        analytic_result_free(*out);
        *out = NULL;
    }
done:
    solver_release(&sv);
    free(avail);
    free(unplanned);
    free(freq);
    return rc;
}
