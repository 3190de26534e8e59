/* montecarlo/mc_settle.c — the wait after a maintenance work for the members
 * it brought back up to be back in service (rejoin, resync) before the next
 * turn (docs/semantics.md, "Operations"). Below the evaluation core
 * (mc_eval.c calls mc_settled when a member waited for goes down, mc_trial.c
 * when its timer ends) and below mc_ops.c (mc_settle_marks at a work's end):
 * it calls nothing of ours but the queue.
 */
#include "mc_ws.h"

/* Marks member i as waited for by entry e if it is up but not back in
 * service (a quorum member not counting yet, an active-passive member
 * resyncing); 1 if marked. Other modes' members are always in service. */
static int settle_member(mc_ws *ws, int e, int i)
{
    if (!ws->member_up[i] || ws->member_ok[i] || ws->settling[i])
        return 0;
    ws->settling[i] = e + 1;
    return 1;
}

/* The same for the members on host h and on the hosts that need it. */
static int settle_host(mc_ws *ws, int e, int h)
{
    const mc_model *m = ws->m;
    int n = 0;
    for (int k = m->hmem_at[h]; k < m->hmem_at[h + 1]; k++)
        n += settle_member(ws, e, m->hmem[k]);
    for (int k = m->hdep_at[h]; k < m->hdep_at[h + 1]; k++)
        n += settle_host(ws, e, m->hdep[k]);
    return n;
}

/* Right after entry e's work ended: marks the members its end brought back
 * up that are not back in service yet; how many. Every member under the
 * units was down during the work, so the members up and not in service now
 * are exactly those. */
int mc_settle_marks(mc_ws *ws, int e)
{
    const mc_model *m = ws->m;
    const mc_maint *mt = &m->maint[e];
    int lo = mt->first_unit, hi = mt->first_unit + mt->n_units, n = 0;
    if (mt->rolling) {
        lo += ws->ms[e].cur;
        hi = lo + 1;
    }
    for (int k = lo; k < hi; k++) {
        if (!mt->rolling && !ws->taken[k])
            continue;
        const mc_unit *u = &m->units[k];
        n += u->host >= 0 ? settle_host(ws, e, u->host) : settle_member(ws, e, u->member);
    }
    return n;
}

void mc_settled(mc_ws *ws, int mem)
{
    int e = ws->settling[mem] - 1;
    mstate *st = &ws->ms[e];
    ws->settling[mem] = 0;
    if (--st->wait > 0)
        return;
    if (ws->m->maint[e].rolling) {
        /* the next turn, after whatever else happens in this instant */
        st->phase = W_TURN;
        mc_queue_set(&ws->q, mc_work_clock(ws, e), ws->now);
    } else {
        st->running = 0;
        st->phase = W_NONE;
    }
}
