/* montecarlo/mc_cause.c — downtime by cause (docs/semantics.md, "Downtime by
 * cause"): the cause of a down target is the highest-priority cause among
 * what keeps it down, found recursively through services, members, hosts,
 * works, common causes and parts, memoised per instant by a stamp. Called
 * only at the end of an instant with some target down.
 */
#include <stdint.h>
#include <string.h>

#include "mc_ws.h"

/* capacity (Y16), at the end: recursive with member_cause and svc_cause */
static int cap_local_cause(mc_ws *ws, int mem);
static int cap_view_cause(mc_ws *ws, int tg);

static inline int cause_max(const mc_model *m, int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return m->cause_prio[b] > m->cause_prio[a] ? b : a;
}

/* The cause of a down part: its phase, or common-cause for a cause's part. */
static inline int part_cause(const mc_ws *ws, int p)
{
    if (ws->m->parts[p].ccf >= 0)
        return CAUSE_COMMON_CAUSE;
    if (ws->part_wait[p])
        return CAUSE_CREW_WAIT;
    return ws->part_detect[p] ? CAUSE_DETECTION : CAUSE_FAILURE;
}

static inline int work_cause(int change)
{
    return change ? CAUSE_CHANGE : CAUSE_MAINTENANCE;
}

static int host_cause(mc_ws *ws, int h)
{
    if (ws->m->plain)
        return CAUSE_FAILURE;
    if (ws->host_stamp[h] == ws->stamp)
        return ws->host_cv[h];
    const mc_model *m = ws->m;
    int c = -1;
    if (ws->host_ccf[h]) {
        c = CAUSE_COMMON_CAUSE;
    } else {
        int p = m->host_part[h];
        if (p >= 0 && !ws->part_up[p])
            c = part_cause(ws, p);
        if (ws->host_work[h])
            c = cause_max(m, c, work_cause(ws->host_change[h]));
        for (int k = m->hneed_at[h]; k < m->hneed_at[h + 1]; k++)
            if (!ws->host_up[m->hneed[k]])
                c = cause_max(m, c, host_cause(ws, m->hneed[k]));
    }
    ws->host_stamp[h] = ws->stamp;
    ws->host_cv[h] = (signed char)c;
    return c;
}

static int member_cause(mc_ws *ws, int i)
{
    if (ws->m->plain)
        return CAUSE_FAILURE;
    if (ws->member_stamp[i] == ws->stamp)
        return ws->member_cv[i];
    const mc_model *m = ws->m;
    int c = -1;
    if (ws->member_ccf[i]) {
        c = CAUSE_COMMON_CAUSE;
    } else {
        int p = m->members[i].part;
        if (p >= 0 && !ws->part_up[p])
            c = part_cause(ws, p);
        if (ws->member_work[i])
            c = cause_max(m, c, work_cause(ws->member_change[i]));
        int h = m->members[i].host;
        if (!ws->host_up[h])
            c = cause_max(m, c, host_cause(ws, h));
        if (c < 0 && m->cap_local) /* up but not ready (Y16): its local needs */
            c = cap_local_cause(ws, i);
    }
    ws->member_stamp[i] = ws->stamp;
    ws->member_cv[i] = (signed char)c;
    return c;
}

/* The first index in [i, end) whose flag in a (0 or 1 each) is 0, or end:
 * eight flags at a time while they are all 1 (a service with one member
 * down among fifty is found in a few loads). */
static inline int next_zero(const unsigned char *a, int i, int end)
{
    static const uint64_t ones = 0x0101010101010101u;
    for (;;) {
        uint64_t w;
        while (i + 8 <= end) {
            memcpy(&w, a + i, sizeof w);
            if (w != ones)
                break;
            i += 8;
        }
        int lim = i + 8 < end ? i + 8 : end;
        for (; i < lim; i++)
            if (!a[i])
                return i;
        if (i >= end)
            return end;
    }
}

/* The cause of service s's mode being down. */
static int mode_cause(mc_ws *ws, int s)
{
    const mc_model *m = ws->m;
    const mc_service *sv = &m->services[s];
    int c = -1, left, first = sv->first_member, end = sv->first_member + sv->n_members;
    switch (sv->mode) {
    case MODE_SINGLE:
    case MODE_ACTIVE_ACTIVE: /* the members that are down */
        if (m->plain)
            return CAUSE_FAILURE;
        left = sv->n_members - ws->svc_count[s];
        for (int i = next_zero(ws->member_up, first, end); i < end && left > 0;
             i = next_zero(ws->member_up, i + 1, end)) {
            left--;
            c = cause_max(m, c, member_cause(ws, i));
        }
        break;
    case MODE_QUORUM:
        if (sv->has_bootstrap && ws->svc_count[s] >= sv->need)
            return CAUSE_REJOIN; /* a bootstrap */
        /* the members that do not count: down, or up and rejoining */
        left = sv->n_members - ws->svc_count[s];
        for (int i = next_zero(ws->member_ok, first, end); i < end && left > 0;
             i = next_zero(ws->member_ok, i + 1, end)) {
            left--;
            c = cause_max(m, c, ws->member_up[i] ? CAUSE_REJOIN : member_cause(ws, i));
            if (m->plain && c == CAUSE_FAILURE)
                break; /* nothing above it in a plain model */
        }
        break;
    case MODE_ACTIVE_PASSIVE:
        if (ws->svc_sb_down[s]) /* data loss: a split brain's recovery */
            c = CAUSE_SPLIT_BRAIN;
        if (ws->target[s] >= 0)
            return cause_max(m, c, ws->move_planned[s] ? CAUSE_MAINTENANCE : CAUSE_FAILOVER);
        if (ws->waiting[s] >= 0)
            return cause_max(m, c, member_cause(ws, ws->waiting[s]));
        if (ws->active[s] >= 0)
            return c;
        /* no active member: the members down, and rejoin for those resyncing */
        for (int i = first; i < end; i++)
            if (!ws->member_up[i])
                c = cause_max(m, c, member_cause(ws, i));
            else if (!ws->member_ok[i])
                c = cause_max(m, c, CAUSE_REJOIN);
        break;
    }
    return c;
}

static int svc_cause(mc_ws *ws, int s)
{
    if (ws->svc_stamp[s] == ws->stamp)
        return ws->svc_cv[s];
    const mc_model *m = ws->m;
    int c = ws->svc_mode_up[s] ? -1 : mode_cause(ws, s);
    for (int k = m->sneed_at[s]; k < m->sneed_at[s + 1]; k++)
        if (!ws->svc_up[m->sneed[k]])
            c = cause_max(m, c, svc_cause(ws, m->sneed[k]));
    ws->svc_stamp[s] = ws->stamp;
    ws->svc_cv[s] = (signed char)c;
    return c;
}

static int target_cause(mc_ws *ws, int tg)
{
    const mc_model *m = ws->m;
    int c = -1;
    if (m->tneed[tg]) { /* a view with need (Y16): its members not serving */
        c = cap_view_cause(ws, tg);
    } else if (tg >= 1 && tg <= m->n_services) {
        c = svc_cause(ws, tg - 1);
    } else {
        for (int k = m->tsvc_at[tg]; k < m->tsvc_at[tg + 1]; k++)
            if (!ws->svc_up[m->tsvc[k]])
                c = cause_max(m, c, svc_cause(ws, m->tsvc[k]));
    }
    /* every down target has a cause (docs/semantics.md); never reached */
    return c >= 0 ? c : CAUSE_FAILURE;
}

/* End of an instant with targets down and cause_dirty set: each one's
 * cause from now on is computed; when it differs from the cause so far, that
 * one is charged with the time since it started. In a plain model (no
 * detect, maintenance or common cause) every down host and member is a
 * failure and a single or active-active service down by its mode is a
 * failure, so a cause can change only when a service goes up or down, a
 * service down through what it needs is re-evaluated, or a quorum or
 * active-passive service changes state: those set cause_dirty
 * (mc_eval.c, mc_loss.c), and the rest of the time nothing is computed. */
void mc_causes_update(mc_ws *ws)
{
    ws->stamp++;
    for (int k = 0; k < ws->n_down; k++) {
        int tg = ws->down_list[k];
        int c = target_cause(ws, tg);
        if (c != ws->ts[tg].cause) { /* charged only when it changes */
            mc_cause_charge(ws, tg, ws->now);
            ws->ts[tg].cause = c;
        }
    }
    ws->cause_dirty = !ws->m->plain;
}

/* ---------- capacity (Y16): a member not ready through its local needs,
   a view with need ---------- */

/* Why member i does not serve: it is not ready (its own causes, or its local
   needs'), or a service its service needs is down. */
static int not_serving_cause(mc_ws *ws, int i)
{
    const mc_model *m = ws->m;
    if (!ws->member_up[i])
        return member_cause(ws, i);
    int s = m->members[i].service, c = -1;
    for (int k = m->sneed_at[s]; k < m->sneed_at[s + 1]; k++)
        if (!ws->svc_up[m->sneed[k]])
            c = cause_max(m, c, svc_cause(ws, m->sneed[k]));
    return c;
}

static int cap_local_cause(mc_ws *ws, int mem)
{
    const mc_model *m = ws->m;
    int c = -1;
    for (int q = m->lneed_at[mem]; q < m->lneed_at[mem + 1]; q++)
        if (!ws->cap_serving[m->lneed[q]])
            c = cause_max(m, c, not_serving_cause(ws, m->lneed[q]));
    return c;
}

static int cap_view_cause(mc_ws *ws, int tg)
{
    const mc_model *m = ws->m;
    int c = -1;
    for (int q = m->tsvc_at[tg]; q < m->tsvc_at[tg + 1]; q++) {
        const mc_service *sv = &m->services[m->tsvc[q]];
        for (int i = sv->first_member; i < sv->first_member + sv->n_members; i++)
            if (!ws->cap_serving[i])
                c = cause_max(m, c, not_serving_cause(ws, i));
    }
    return c;
}
