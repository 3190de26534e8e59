/* montecarlo/mc_eval.c — the evaluation core of a history: how a change
 * spreads through the structure (docs/semantics.md). A host's state reaches
 * the hosts that need it and the members on it; a member's reaches its
 * service through the service's mode (single and active-active counts,
 * quorum with rejoin and bootstrap, active-passive with failover,
 * switchover, resync and cold standbys frozen while not active), then the
 * services that need it and the views that list it; serving members and
 * views with need (capacity, Y16) follow a member's readiness. Every target
 * whose state may have changed is touched (mc_touch); the event loop
 * (mc_trial.c) records outages once the instant is over. The member and
 * service timers (rejoin, resync, failover, switchover, bootstrap) are
 * events of this core.
 *
 * Layering: mc_trial.c (the event loop, part clocks) -> mc_ops.c, mc_crews.c,
 * mc_transient.c -> this file -> mc_settle.c, mc_loss.c (mc_loss_move),
 * mc_queue.c (capacity's hit list and blast bins are inline in mc_ws.h).
 * Nothing here calls a file above.
 */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "mc_ws.h"

static void svc_eval(mc_ws *ws, int s)
{
    const mc_model *m = ws->m;
    mc_cap_svc_check(ws, s); /* capacity (Y16): its members' serving */
    int up = ws->svc_mode_up[s] && ws->svc_down_needs[s] == 0;
    if (up == ws->svc_up[s]) {
        /* down through what it needs: its mode may have changed */
        if (!up && ws->svc_down_needs[s])
            ws->cause_dirty = 1;
        return;
    }
    ws->svc_up[s] = (unsigned char)up;
    ws->cause_dirty = 1;
    mc_touch(ws, 1 + s);
    int d = up ? -1 : 1;
    for (int k = m->sview_at[s]; k < m->sview_at[s + 1]; k++) {
        int tg = m->sview[k];
        ws->view_down[tg] += d;
        mc_touch(ws, tg);
    }
    for (int k = m->sdep_at[s]; k < m->sdep_at[s + 1]; k++) {
        int x = m->sdep[k];
        ws->svc_down_needs[x] += d;
        svc_eval(ws, x);
    }
}

static inline int member_clock(const mc_ws *ws, int mem)
{
    return ws->m->n_parts + mem;
}

static inline int svc_clock(const mc_ws *ws, int s)
{
    return ws->m->n_parts + ws->m->n_members + s;
}

/* quorum: (re)computes the mode from the members counting. */
static void quorum_eval(mc_ws *ws, int s)
{
    const mc_service *sv = &ws->m->services[s];
    int q = ws->svc_count[s] >= sv->need;
    if (!sv->has_bootstrap) {
        ws->svc_mode_up[s] = (unsigned char)q;
    } else if (!q) {
        mc_queue_cancel(&ws->q, svc_clock(ws, s));
        ws->svc_lost[s] = 1;
        ws->svc_mode_up[s] = 0;
    } else if (ws->svc_lost[s]) {
        if (ws->q.pos[svc_clock(ws, s)] < 0) {
            double d = mc_draw(ws, &sv->bootstrap);
            mc_queue_set(&ws->q, svc_clock(ws, s), ws->now + d);
        }
    } else {
        ws->svc_mode_up[s] = 1;
    }
    svc_eval(ws, s);
}

/* Part p gains a reason not to age: an up part's clock stops, its remaining
 * up time kept (a down part's repair goes on; it starts its next up period
 * frozen). */
static void freeze_add(mc_ws *ws, int p)
{
    if (ws->freeze[p]++ == 0 && ws->part_up[p]) {
        ws->remaining[p] = ws->q.time[p] - ws->now;
        mc_queue_cancel(&ws->q, p);
    }
}

/* Part p loses a reason not to age: with none left an up part's clock runs
 * again for its remaining time. */
static void freeze_remove(mc_ws *ws, int p)
{
    if (--ws->freeze[p] == 0 && ws->part_up[p])
        mc_queue_set(&ws->q, p, ws->now + ws->remaining[p]);
}

/* Makes member `mem` (or none, -1) the active member of active-passive
 * service s; a cold instance ages only while its member is active. */
static void set_active(mc_ws *ws, int s, int mem)
{
    const mc_model *m = ws->m;
    int old = ws->active[s];
    if (old == mem)
        return;
    ws->active[s] = mem;
    if (!m->services[s].cold)
        return;
    if (old >= 0 && m->members[old].part >= 0)
        freeze_add(ws, m->members[old].part);
    if (mem >= 0 && m->members[mem].part >= 0)
        freeze_remove(ws, m->members[mem].part);
}

static void ap_eval(mc_ws *ws, int s)
{
    ws->svc_mode_up[s] = ws->active[s] >= 0 && !ws->svc_sb_down[s];
    svc_eval(ws, s);
}

void mc_ap_eval(mc_ws *ws, int s)
{
    ap_eval(ws, s);
}

static void failover_end(mc_ws *ws, int s)
{
    const mc_service *sv = &ws->m->services[s];
    int g = ws->target[s];
    ws->target[s] = -1;
    double success = ws->move_planned[s] ? sv->switchover_success : sv->failover_success;
    int ok = success >= 1 || gsl_rng_uniform(ws->rng) < success;
    if (ok && ws->member_up[g]) {
        set_active(ws, s, g);
        if (sv->loss >= 0 && !ws->move_planned[s])
            mc_loss_move(ws, s, 1); /* data loss: a failover */
    } else {
        int f = ws->failed[s];
        if (ws->member_up[f])
            set_active(ws, s, f);
        else
            ws->waiting[s] = f;
    }
}

static void ap_member_changed(mc_ws *ws, int s, int mem, int up)
{
    const mc_service *sv = &ws->m->services[s];
    if (!up) {
        mc_queue_cancel(&ws->q, member_clock(ws, mem));
        ws->member_ok[mem] = 0;
        if (ws->active[s] != mem)
            return;
        set_active(ws, s, -1);
        ws->failed[s] = mem;
        ws->move_planned[s] = (unsigned char)ws->in_work_start; /* how it went down */
        int g = -1;
        for (int i = 0; i < sv->n_members; i++)
            if (ws->member_ok[sv->first_member + i]) {
                g = sv->first_member + i;
                break;
            }
        if (g >= 0) {
            /* a work's start moves the service with a switchover */
            ws->target[s] = g;
            ws->move_planned[s] = (unsigned char)ws->in_work_start;
            double d = mc_draw(ws, ws->in_work_start ? &sv->switchover : &sv->failover);
            if (d > 0)
                mc_queue_set(&ws->q, svc_clock(ws, s), ws->now + d);
            else
                failover_end(ws, s);
        }
    } else {
        double d = sv->has_resync ? mc_draw(ws, &sv->resync) : 0;
        if (d > 0)
            mc_queue_set(&ws->q, member_clock(ws, mem), ws->now + d);
        else
            ws->member_ok[mem] = 1;
        if (ws->target[s] >= 0)
            return; /* a failover runs to its end */
        if (ws->waiting[s] == mem) {
            ws->waiting[s] = -1;
            set_active(ws, s, mem);
        } else if (ws->active[s] < 0 && ws->waiting[s] < 0) {
            set_active(ws, s, mem);
            if (sv->loss >= 0 && mem != ws->failed[s] && !ws->move_planned[s])
                mc_loss_move(ws, s, 0); /* data loss: another member returns first */
        }
    }
    ap_eval(ws, s);
}

static void member_eval(mc_ws *ws, int mem)
{
    const mc_member *mb = &ws->m->members[mem];
    int p = mb->part;
    /* ready (Y16): up, and every member it needs locally serves */
    int up = (p < 0 || ws->part_up[p]) && ws->host_up[mb->host] && ws->member_hold[mem] == 0 &&
             ws->cap_lneed_down[mem] == 0;
    if (up == ws->member_up[mem])
        return;
    ws->member_up[mem] = (unsigned char)up;
    if (!up && ws->settling[mem])
        mc_settled(ws, mem); /* a work's end no longer waits for it */
    int s = mb->service;
    const mc_service *sv = &ws->m->services[s];
    switch (sv->mode) {
    case MODE_SINGLE:
    case MODE_ACTIVE_ACTIVE:
        ws->svc_count[s] += up ? 1 : -1;
        ws->svc_mode_up[s] = ws->svc_count[s] >= sv->need;
        svc_eval(ws, s);
        break;
    case MODE_QUORUM:
        ws->cause_dirty = 1;
        if (up) {
            double d = sv->has_rejoin ? mc_draw(ws, &sv->rejoin) : 0;
            if (d > 0) {
                mc_queue_set(&ws->q, member_clock(ws, mem), ws->now + d);
                break;
            }
            ws->member_ok[mem] = 1;
            ws->svc_count[s]++;
        } else {
            mc_queue_cancel(&ws->q, member_clock(ws, mem));
            if (!ws->member_ok[mem])
                break;
            ws->member_ok[mem] = 0;
            ws->svc_count[s]--;
        }
        quorum_eval(ws, s);
        break;
    case MODE_ACTIVE_PASSIVE:
        ws->cause_dirty = 1;
        ap_member_changed(ws, s, mem, up);
        break;
    }
    mc_cap_member_changed(ws, mem); /* capacity (Y16): serving, local needs */
}

static void host_eval(mc_ws *ws, int h)
{
    const mc_model *m = ws->m;
    int p = m->host_part[h];
    int up = (p < 0 || ws->part_up[p]) && ws->host_down_needs[h] == 0;
    if (up == ws->host_up[h])
        return;
    ws->host_up[h] = (unsigned char)up;
    int d = up ? -1 : 1;
    for (int k = m->hdep_at[h]; k < m->hdep_at[h + 1]; k++) {
        int x = m->hdep[k];
        ws->host_down_needs[x] += d;
        host_eval(ws, x);
    }
    for (int k = m->hmem_at[h]; k < m->hmem_at[h + 1]; k++)
        member_eval(ws, m->hmem[k]);
}

void mc_host_eval(mc_ws *ws, int h)
{
    host_eval(ws, h);
}

void mc_member_eval(mc_ws *ws, int mem)
{
    member_eval(ws, mem);
}

void mc_freeze_add(mc_ws *ws, int p)
{
    freeze_add(ws, p);
}

void mc_freeze_remove(mc_ws *ws, int p)
{
    freeze_remove(ws, p);
}

/* ---------- timers ---------- */

void mc_on_member_timer(mc_ws *ws, int mem)
{
    ws->cause_dirty = 1;
    int s = ws->m->members[mem].service;
    mc_queue_cancel(&ws->q, member_clock(ws, mem));
    ws->member_ok[mem] = 1;
    if (ws->settling[mem])
        mc_settled(ws, mem);
    if (ws->m->services[s].mode == MODE_QUORUM) {
        ws->svc_count[s]++;
        quorum_eval(ws, s);
    } else if (ws->active[s] < 0 && ws->target[s] < 0 && ws->waiting[s] < 0) {
        set_active(ws, s, mem); /* resync over with no active member */
        if (ws->m->services[s].loss >= 0 && mem != ws->failed[s] && !ws->move_planned[s])
            mc_loss_move(ws, s, 0); /* data loss: another member returns first */
        ap_eval(ws, s);
    }
}

void mc_on_service_timer(mc_ws *ws, int s)
{
    ws->cause_dirty = 1;
    mc_queue_cancel(&ws->q, svc_clock(ws, s));
    if (ws->m->services[s].mode == MODE_QUORUM) {
        ws->svc_lost[s] = 0;
        ws->svc_mode_up[s] = 1;
        svc_eval(ws, s);
    } else {
        failover_end(ws, s);
        ap_eval(ws, s);
    }
}

/* ---------- capacity (Y16): serving members, views with need ---------- */

void mc_cap_member_changed(mc_ws *ws, int mem)
{
    const mc_model *m = ws->m;
    int s = m->members[mem].service;
    int serving = ws->member_up[mem] && ws->cap_needs_ok[s];
    if (serving == ws->cap_serving[mem])
        return;
    ws->cap_serving[mem] = (unsigned char)serving;
    int d = serving ? 1 : -1;
    int *count = &ws->cap_count[1 + s];
    ws->cap_lost_h[s] += (double)(m->services[s].n_members - *count) * (ws->now - ws->cap_since[s]);
    ws->cap_since[s] = ws->now;
    *count += d;
    if (ws->cap_failing == 2) { /* only this member can stop serving */
        if (d < 0) {
            mc_cap_blast_add(ws, 1 + s, 1);
            for (int q = m->sview_at[s]; q < m->sview_at[s + 1]; q++)
                mc_cap_blast_add(ws, m->sview[q], 1);
            for (int q = m->snview_at[s]; ws->cap_lists && q < m->snview_at[s + 1]; q++)
                mc_cap_blast_add(ws, m->snview[q], 1);
        }
    } else if (ws->cap_failing) {
        mc_cap_hit(ws, 1 + s, -d);
    }
    if (!ws->cap_lists) /* no view with need, no needs-local */
        return;
    for (int q = m->snview_at[s]; q < m->snview_at[s + 1]; q++) {
        int tg = m->snview[q];
        ws->cap_count[tg] += d;
        int down = ws->cap_count[tg] < m->tneed[tg];
        if (down != ws->view_down[tg]) {
            ws->view_down[tg] = down;
            ws->cause_dirty = 1;
            mc_touch(ws, tg);
        }
    }
    for (int q = m->ldep_at[mem]; q < m->ldep_at[mem + 1]; q++) {
        int x = m->ldep[q];
        ws->cap_lneed_down[x] -= d;
        ws->cause_dirty = 1;
        mc_member_eval(ws, x);
    }
}

void mc_cap_needs_changed(mc_ws *ws, int s)
{
    const mc_service *sv = &ws->m->services[s];
    ws->cap_needs_ok[s] = ws->svc_down_needs[s] == 0;
    for (int i = sv->first_member; i < sv->first_member + sv->n_members; i++)
        mc_cap_member_changed(ws, i);
}
