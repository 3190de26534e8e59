/* model/analytic_maint.c — the analytic solver's maintenance (docs/analytic.md,
 * "Maintenance"): each entry's environment states and their steady-state
 * probabilities, which members each state takes down and how, and, for every
 * target, whether its figure is exact under maintenance and why not.
 *
 * DESIGN. An entry with k units is, at a random moment of the steady state,
 * in one of its states: nobody under work (0); rolling: unit i in its planned
 * work (1 + i) or in its recovery (1 + k + i); all at once: every unit in its
 * planned work (1) or in its recovery (2). A unit's work lasts E[duration]
 * planned and error x E[recovery] unplanned per window, so when every window
 * ends before the next is due the probabilities are those times over
 * `every`, and "nobody" the rest. A slot whose members rejoin or resync
 * after work has one more state, waiting for them (E[delay] / every), in
 * which those members are held down (unplanned): the next slot starts only
 * once they are back in service. analytic_enum.c sums a target's
 * availability over the states (the environment decomposition).
 */
#include "analytic_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest value of d, or -1 when it is not bounded. */
static double law_max(const law_dist *d)
{
    if (d->kind == LAW_FIXED)
        return d->a;
    if (d->kind == LAW_UNIFORM)
        return d->b;
    return -1;
}

/* The delay member m waits after work before it is back in service (a
 * quorum's rejoin, an active-passive resync), or NULL when it has none. */
static const law_dist *member_delay(const topology *t, int m)
{
    const topo_service *ts = &t->services[t->members[m].service];
    if (ts->mode == MODE_QUORUM && !law_is_none(&ts->rejoin))
        return &ts->rejoin;
    if (ts->mode == MODE_ACTIVE_PASSIVE && !law_is_none(&ts->resync))
        return &ts->resync;
    return NULL;
}

enum { G_PLANNED, G_CHANGE, G_SETTLE };

/* The group of state k > 0 of entry e (planned, recovery, waiting) and its
 * slot. */
static int state_group(const an_entry *e, int k, int *slot)
{
    int g = (k - 1) / e->slots;
    *slot = (k - 1) % e->slots;
    if (g >= 1 && !(e->change > 0))
        g++; /* no recovery states: the next group is the waiting */
    return g;
}

double analytic_env_probability(const solver *sv, int x, int k)
{
    const an_entry *e = &sv->entries[x];
    if (k == 0) {
        double p = 1 - e->slots * (e->planned + e->change);
        for (int i = 0; e->settle && i < e->slots; i++)
            p -= e->settle[i];
        return p > 0 ? p : 0;
    }
    int slot, g = state_group(e, k, &slot);
    return g == G_PLANNED ? e->planned : g == G_CHANGE ? e->change : e->settle[slot];
}

int analytic_member_work(const solver *sv, int m)
{
    const an_member *am = &sv->members[m];
    int w = 0;
    for (int i = 0; i < am->n_units; i++) {
        int x = am->units[2 * i], u = am->units[2 * i + 1];
        const an_entry *e = &sv->entries[x];
        int k = sv->env_state[x], slot = e->slots > 1 ? u : 0, ks;
        if (k == 0)
            continue;
        int g = state_group(e, k, &ks);
        if (ks != slot)
            continue;
        if (g == G_PLANNED && w < 1)
            w = 1;
        else if (g == G_CHANGE || (g == G_SETTLE && member_delay(sv->t, m)))
            w = 2; /* a rejoin or resync after work is unplanned */
    }
    return w;
}

/* 1 if the unit can be down other than by its own work: a part of its own
 * closure (its own law, the hosts it needs, its common causes) that fails.
 * stamp: n_hosts ints, tag not used before; stack: n_hosts ints. */
static int unit_can_fail(const solver *sv, const topo_unit *u, int *stamp, int *stack, int tag)
{
    const topology *t = sv->t;
    int h = u->host;
    if (u->member >= 0) {
        const topo_service *ts = &t->services[t->members[u->member].service];
        if (ts->instance >= 0 && law_availability(&t->laws[ts->instance]) < 1)
            return 1;
        for (int c = 0; c < t->n_ccfs; c++)
            for (int k = 0; k < t->ccfs[c].n_units; k++)
                if (t->ccfs[c].units[k].member == u->member &&
                    analytic_part_availability(t, t->n_hosts + c) < 1)
                    return 1;
        h = t->members[u->member].host;
    }
    int top = 0;
    stack[top++] = h;
    stamp[h] = tag;
    while (top > 0) {
        int g = stack[--top];
        if (analytic_part_availability(t, g) < 1)
            return 1;
        for (int c = 0; c < t->n_ccfs; c++)
            for (int k = 0; k < t->ccfs[c].n_units; k++)
                if (t->ccfs[c].units[k].host == g &&
                    analytic_part_availability(t, t->n_hosts + c) < 1)
                    return 1;
        for (int i = 0; i < t->hosts[g].n_needs; i++) {
            int n = t->hosts[g].needs[i];
            if (stamp[n] != tag) {
                stamp[n] = tag;
                stack[top++] = n;
            }
        }
    }
    return 0;
}

/* Why entry x alone cannot be exact for a target (bounded windows, units
 * that never fail), or NULL (malloc'ed; *oom on failure). */
static char *entry_reason(const solver *sv, int x, int *stamp, int *stack, int *tag, int *oom)
{
    const topo_maint *tm = &sv->t->maint[x];
    const an_entry *e = &sv->entries[x];
    char *reason = NULL;
    double d = law_max(&tm->duration);
    double r = tm->error > 0 ? law_max(&tm->recovery) : 0;
    double w = e->settle_max;
    if (d < 0 || r < 0 || w < 0 || e->slots * (d + r + w) > tm->every) {
        char *s = analytic_printf("maintenance '%s': windows may overrun (the time under work "
                                  "is taken as its mean over every)", tm->name);
        if (!s || analytic_reason_add(&reason, s))
            *oom = 1;
        free(s);
    }
    int fails = 0;
    for (int u = 0; u < tm->n_units && !fails; u++)
        fails = unit_can_fail(sv, &tm->units[u], stamp, stack, ++*tag);
    if (fails) {
        char *s = analytic_printf("maintenance '%s': windows and failures overlap (skip rules "
                                  "and frozen clocks not modelled)", tm->name);
        if (!s || analytic_reason_add(&reason, s))
            *oom = 1;
        free(s);
    }
    if (e->settle_why) {
        char *s = analytic_printf("maintenance '%s': %s", tm->name, e->settle_why);
        if (!s || analytic_reason_add(&reason, s))
            *oom = 1;
        free(s);
    }
    return reason;
}

/* Why entry x makes service s approximate (its members move or rejoin after
 * work), or NULL. */
static char *service_reason(const solver *sv, int x, int s)
{
    const topo_service *ts = &sv->t->services[s];
    const char *name = sv->t->maint[x].name;
    int kind = sv->svc[s].kind;
    if (ts->mode == MODE_ACTIVE_PASSIVE &&
        (kind != KIND_STATIC || !law_is_none(&ts->switchover_time) ||
         ts->switchover_success < 1))
        return analytic_printf("maintenance '%s' takes down members of '%s': switchover not "
                               "modelled (a member under work is taken as held down)",
                               name, ts->name);
    if (kind == KIND_REJOIN)
        return NULL; /* the rejoin after work is a state of the entry */
    if (kind != KIND_STATIC)
        return analytic_printf("maintenance '%s' takes down members of '%s', which rejoin or "
                               "bootstrap after work: not modelled (a member under work is "
                               "taken as held down)", name, ts->name);
    return NULL;
}

/* acts[x * ns + s]: entry x takes down a member of service s. */
static int target_reasons(solver *sv, const unsigned char *acts)
{
    const topology *t = sv->t;
    int ns = t->n_services, nx = t->n_maint, nh = t->n_hosts;
    int rc = -1, tag = 0, oom = 0;
    int *stamp = calloc((size_t)nh + 1, sizeof *stamp);
    int *stack = malloc(((size_t)nh + 1) * sizeof *stack);
    char **own = calloc((size_t)nx + 1, sizeof *own); /* entry_reason per entry */
    int *list = malloc(((size_t)nx + 1) * sizeof *list);
    if (!stamp || !stack || !own || !list)
        goto done;
    for (int x = 0; x < nx && !oom; x++)
        own[x] = entry_reason(sv, x, stamp, stack, &tag, &oom);
    if (oom)
        goto done;
    for (int j = 0; j < sv->n_targets; j++) {
        const unsigned char *in = sv->in_target + (size_t)j * ns;
        int n = 0;
        for (int x = 0; x < nx; x++) {
            int on = 0;
            for (int s = 0; s < ns && !on; s++)
                on = in[s] && acts[(size_t)x * ns + s];
            if (on)
                list[n++] = x;
        }
        char *text = NULL;
        if (n >= 2) {
            char names[256] = "";
            size_t len = 0;
            for (int i = 0; i < n && i < 3 && len < sizeof names; i++)
                len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'",
                                        i ? ", " : "", t->maint[list[i]].name);
            text = analytic_printf("%d maintenance entries (%s%s) act on it: taken as "
                                   "independent", n, names, n > 3 ? " and others" : "");
            if (!text || analytic_reason_add(&sv->treason[j], text))
                oom = 1;
            free(text);
        }
        for (int i = 0; i < n && !oom; i++) {
            int x = list[i];
            if (own[x] && analytic_reason_add(&sv->treason[j], own[x]))
                oom = 1;
            for (int s = 0; s < ns && !oom; s++) {
                if (!in[s] || !acts[(size_t)x * ns + s])
                    continue;
                text = service_reason(sv, x, s);
                if (text && analytic_reason_add(&sv->treason[j], text))
                    oom = 1;
                free(text);
            }
        }
        if (oom)
            goto done;
    }
    rc = 0;
done:
    if (own)
        for (int x = 0; x < nx; x++)
            free(own[x]);
    free(own);
    free(stamp);
    free(stack);
    free(list);
    return rc;
}

/* The waits after work (docs/semantics.md, "Maintenance"): a slot's work
 * is followed by the rejoin or resync of the members it takes down that have
 * one, the next slot waiting for them. Each slot's wait is taken as the
 * longest mean among its delayed members, all of them held (unplanned) for
 * all of it: exact when a slot has one delayed member, or all its delays are
 * the same fixed value, and the members cannot fail (a member down at the
 * work's end is not waited for); otherwise e->settle_why says why not. Then
 * the probabilities, scaled down together when a window would not fit. */
static int settle_setup(solver *sv)
{
    const topology *t = sv->t;
    for (int x = 0; x < t->n_maint; x++) {
        an_entry *e = &sv->entries[x];
        e->settle_why = NULL;
        e->settle_max = 0;
    }
    for (int m = 0; m < t->n_members; m++) {
        const law_dist *dl = member_delay(t, m);
        const an_member *am = &sv->members[m];
        if (!dl)
            continue;
        const topo_service *ts = &t->services[t->members[m].service];
        int can_fail = ts->instance >= 0 && law_availability(&t->laws[ts->instance]) < 1;
        for (int i = 0; i < am->n_units; i++) {
            int x = am->units[2 * i], u = am->units[2 * i + 1];
            an_entry *e = &sv->entries[x];
            int slot = e->slots > 1 ? u : 0;
            if (!e->settle) {
                e->settle = calloc((size_t)e->slots, sizeof *e->settle);
                e->settle_n = calloc((size_t)e->slots, sizeof *e->settle_n);
                if (!e->settle || !e->settle_n) {
                    for (int y = 0; y < t->n_maint; y++) {
                        free(sv->entries[y].settle_n);
                        sv->entries[y].settle_n = NULL;
                    }
                    return -1;
                }
            }
            double mean = law_mean(dl), mx = law_max(dl);
            if (e->settle_n[slot]++ > 0 &&
                (dl->kind != LAW_FIXED || e->settle[slot] != mean || e->settle_fixed_differs))
                e->settle_why = "several members rejoin or resync after one work: the wait "
                                "is taken as the longest mean, all of them held for it";
            if (dl->kind != LAW_FIXED)
                e->settle_fixed_differs = 1;
            if (can_fail)
                e->settle_why = "a member that rejoins or resyncs after work can fail: the "
                                "wait is taken as its mean, whether it is up or not";
            if (mean > e->settle[slot])
                e->settle[slot] = mean;
            if (e->settle_max >= 0)
                e->settle_max = mx < 0 ? -1 : mx > e->settle_max ? mx : e->settle_max;
        }
    }
    for (int x = 0; x < t->n_maint; x++) {
        const topo_maint *tm = &t->maint[x];
        an_entry *e = &sv->entries[x];
        free(e->settle_n);
        e->settle_n = NULL;
        double busy = e->slots * (e->planned + e->change);
        for (int i = 0; e->settle && i < e->slots; i++) {
            e->settle[i] /= tm->every;
            busy += e->settle[i];
        }
        if (busy > 1) { /* windows skipped: at most all the time under work */
            e->planned /= busy;
            e->change /= busy;
            for (int i = 0; e->settle && i < e->slots; i++)
                e->settle[i] /= busy;
        }
    }
    return 0;
}

int analytic_maint_setup(solver *sv)
{
    const topology *t = sv->t;
    int nx = t->n_maint, ns = t->n_services, nm = t->n_members;
    if (nx == 0)
        return 0;
    sv->entries = calloc((size_t)nx, sizeof *sv->entries);
    sv->env_state = calloc((size_t)nx, sizeof *sv->env_state);
    sv->work = calloc((size_t)nm + 1, 1);
    sv->svc_work = calloc((size_t)ns + 1, sizeof *sv->svc_work);
    sv->pmask = calloc((size_t)ns + 1, sizeof *sv->pmask);
    sv->treason = calloc((size_t)sv->n_targets, sizeof *sv->treason);
    unsigned char *acts = calloc((size_t)nx * (size_t)ns + 1, 1);
    int rc = -1;
    if (!sv->entries || !sv->env_state || !sv->work || !sv->svc_work || !sv->pmask ||
        !sv->treason || !acts)
        goto done;
    for (int x = 0; x < nx; x++) {
        const topo_maint *tm = &t->maint[x];
        an_entry *e = &sv->entries[x];
        e->slots = tm->rolling ? tm->n_units : 1;
        e->planned = law_mean(&tm->duration) / tm->every;
        e->change = tm->error * law_mean(&tm->recovery) / tm->every;
    }
    if (settle_setup(sv))
        goto done;
    for (int x = 0; x < nx; x++) {
        an_entry *e = &sv->entries[x];
        e->n_states = 1 + e->slots * (1 + (e->change > 0) + (e->settle != NULL));
    }
    for (int m = 0; m < nm; m++)
        for (int i = 0; i < sv->members[m].n_units; i++)
            acts[(size_t)sv->members[m].units[2 * i] * ns + sv->members[m].service] = 1;
    rc = target_reasons(sv, acts);
done:
    free(acts);
    return rc;
}
