/* montecarlo/mc_ops.c — operations in a history (docs/semantics.md,
 * "Operations"): common causes that hold their units down, and maintenance
 * entries, each a calendar of windows on two clocks (the current work's end,
 * the next window): rolling and all at once, the skip rules, frozen clocks
 * under work, errors and recovery, the window played in at time 0, and the
 * mark that makes an active member taken down by a work's start move with a
 * switchover, and the wait after a work for the members it brought back up
 * to be back in service (rejoin, resync) before the next turn.
 */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "mc_ws.h"

/* Common cause c went down (down = 1) or came back: its units follow. */
void mc_ccf_changed(mc_ws *ws, int c, int down)
{
    const mc_model *m = ws->m;
    int d = down ? 1 : -1;
    for (int k = m->ccf_at[c]; k < m->ccf_at[c + 1]; k++) {
        const mc_unit *u = &m->units[k];
        if (u->host >= 0) {
            ws->host_ccf[u->host] += d;
            ws->host_down_needs[u->host] += d;
            mc_host_eval(ws, u->host);
        } else {
            ws->member_ccf[u->member] += d;
            ws->member_hold[u->member] += d;
            mc_member_eval(ws, u->member);
        }
    }
}


static inline int unit_up(const mc_ws *ws, const mc_unit *u)
{
    return u->host >= 0 ? ws->host_up[u->host] : ws->member_up[u->member];
}

/* Unit u goes under work (d = 1) or leaves it (d = -1): held down, and its
 * own part frozen while any work holds it. */
static void unit_work(mc_ws *ws, const mc_unit *u, int d)
{
    const mc_model *m = ws->m;
    if (u->host >= 0) {
        int h = u->host, p = m->host_part[h];
        ws->host_work[h] += d;
        ws->host_down_needs[h] += d;
        if (p >= 0 && ws->host_work[h] == (d > 0 ? 1 : 0))
            (d > 0 ? mc_freeze_add : mc_freeze_remove)(ws, p);
        mc_host_eval(ws, h);
    } else {
        int i = u->member, p = m->members[i].part;
        ws->member_work[i] += d;
        ws->member_hold[i] += d;
        if (p >= 0 && ws->member_work[i] == (d > 0 ? 1 : 0))
            (d > 0 ? mc_freeze_add : mc_freeze_remove)(ws, p);
        mc_member_eval(ws, i);
    }
}

enum { U_WORK, U_CHANGE };

/* Applies a change to the units of entry e's current work: rolling, the
 * unit whose turn it is; all at once, the units taken by the window. A
 * work's start (U_WORK, +1) is marked so that an active member it takes
 * down moves with a switchover. */
static void entry_units(mc_ws *ws, int e, int what, int d)
{
    const mc_model *m = ws->m;
    const mc_maint *mt = &m->maint[e];
    const mstate *st = &ws->ms[e];
    int lo = mt->first_unit, hi = mt->first_unit + mt->n_units;
    if (mt->rolling) {
        lo += st->cur;
        hi = lo + 1;
    }
    ws->in_work_start = what == U_WORK && d > 0;
    for (int k = lo; k < hi; k++) {
        if (!mt->rolling && !ws->taken[k])
            continue;
        const mc_unit *u = &m->units[k];
        if (what == U_WORK)
            unit_work(ws, u, d);
        else if (u->host >= 0)
            ws->host_change[u->host] += d;
        else
            ws->member_change[u->member] += d;
    }
    ws->in_work_start = 0;
}

/* The error uniform (only when error > 0), then the recovery if it hit;
 * 0 when there is none. */
static double recovery_draw(mc_ws *ws, const mc_maint *mt)
{
    if (!(mt->error > 0) || !(gsl_rng_uniform(ws->rng) < mt->error) || !mt->has_recovery)
        return 0;
    return mc_draw(ws, &mt->recovery);
}

/* Entry e's work starts now: duration, error and recovery drawn, then its
 * unit(s) go under work. */
static void work_begin(mc_ws *ws, int e)
{
    const mc_maint *mt = &ws->m->maint[e];
    mstate *st = &ws->ms[e];
    double d = mc_draw(ws, &mt->duration);
    st->rec = recovery_draw(ws, mt);
    st->phase = W_PLANNED;
    mc_queue_set(&ws->q, mc_work_clock(ws, e), ws->now + d);
    entry_units(ws, e, U_WORK, 1);
}

/* Rolling: the turn of unit st->cur; a unit that is down is skipped (no
 * draw); after the last unit the window is over. */
static void next_turn(mc_ws *ws, int e)
{
    const mc_model *m = ws->m;
    const mc_maint *mt = &m->maint[e];
    mstate *st = &ws->ms[e];
    for (; st->cur < mt->n_units; st->cur++)
        if (unit_up(ws, &m->units[mt->first_unit + st->cur])) {
            work_begin(ws, e);
            return;
        }
    st->running = 0;
    st->phase = W_NONE;
    mc_queue_cancel(&ws->q, mc_work_clock(ws, e));
}

void mc_on_work(mc_ws *ws, int e)
{
    mstate *st = &ws->ms[e];
    int clock = mc_work_clock(ws, e);
    switch (st->phase) {
    case W_START: /* the work played in from before time 0 */
        st->phase = st->next_phase;
        mc_queue_set(&ws->q, clock, st->end);
        entry_units(ws, e, U_WORK, 1);
        if (st->phase == W_RECOVERY)
            entry_units(ws, e, U_CHANGE, 1);
        return;
    case W_TURN:
        next_turn(ws, e);
        return;
    case W_PLANNED:
        if (st->rec > 0) {
            st->phase = W_RECOVERY;
            entry_units(ws, e, U_CHANGE, 1);
            mc_queue_set(&ws->q, clock, ws->now + st->rec);
            return;
        }
        break;
    default: /* W_RECOVERY */
        entry_units(ws, e, U_CHANGE, -1);
        break;
    }
    /* the work is over; the window goes on once the members it brought
       back up are back in service (at once when none needs a delay) */
    st->phase = W_NONE;
    entry_units(ws, e, U_WORK, -1);
    st->wait = mc_settle_marks(ws, e);
    if (st->wait > 0) {
        st->phase = W_SETTLE;
        mc_queue_cancel(&ws->q, clock);
        if (ws->m->maint[e].rolling)
            st->cur++;
        return;
    }
    if (ws->m->maint[e].rolling) {
        st->cur++;
        next_turn(ws, e);
    } else {
        st->running = 0;
        mc_queue_cancel(&ws->q, clock);
    }
}

/* A window is due: skipped if the previous one still runs. */
void mc_on_window(mc_ws *ws, int e)
{
    const mc_model *m = ws->m;
    const mc_maint *mt = &m->maint[e];
    mstate *st = &ws->ms[e];
    st->k++;
    mc_queue_set(&ws->q, mc_work_clock(ws, e) + 1, st->t0 + (double)st->k * mt->every);
    if (st->running)
        return;
    if (mt->rolling) {
        st->running = 1;
        st->cur = 0;
        next_turn(ws, e);
        return;
    }
    int any = 0;
    for (int k = mt->first_unit; k < mt->first_unit + mt->n_units; k++) {
        ws->taken[k] = (unsigned char)unit_up(ws, &m->units[k]);
        any |= ws->taken[k];
    }
    if (!any)
        return;
    st->running = 1;
    work_begin(ws, e);
}

/* Trial start, after the parts' first draws: each entry in file order draws
 * its phase (without `start`) and plays in the window due before time 0
 * as if everything were up before 0; the work still running at 0 starts at
 * time 0 as an event (W_START), or the next unit's turn falls exactly at 0
 * (W_TURN). */
void mc_maint_init(mc_ws *ws)
{
    const mc_model *m = ws->m;
    for (int i = 0; m->n_maint > 0 && i < m->n_members; i++)
        ws->settling[i] = 0;
    for (int e = 0; e < m->n_maint; e++) {
        const mc_maint *mt = &m->maint[e];
        mstate *st = &ws->ms[e];
        st->running = 0;
        st->cur = 0;
        st->phase = W_NONE;
        st->rec = 0;
        st->wait = 0;
        st->k = 0;
        st->t0 = mt->start >= 0 ? fmod(mt->start, mt->every) : gsl_rng_uniform(ws->rng) * mt->every;
        mc_queue_set(&ws->q, mc_work_clock(ws, e) + 1, st->t0);
        double tc = st->t0 - mt->every; /* the window due before 0 */
        int n = mt->rolling ? mt->n_units : 1;
        for (int i = 0; i < n; i++) {
            double d = mc_draw(ws, &mt->duration);
            double rec = recovery_draw(ws, mt);
            if (tc + d + rec > 0) { /* under work at time 0 */
                st->running = 1;
                st->cur = i;
                st->rec = rec;
                st->phase = W_START;
                st->next_phase = tc + d > 0 ? W_PLANNED : W_RECOVERY;
                st->end = tc + d > 0 ? tc + d : tc + d + rec;
                for (int k = 0; !mt->rolling && k < mt->n_units; k++)
                    ws->taken[mt->first_unit + k] = 1;
                mc_queue_set(&ws->q, mc_work_clock(ws, e), 0);
                break;
            }
            tc += d + rec;
            if (tc >= 0) { /* the next turn falls at 0 exactly */
                if (mt->rolling && i + 1 < n) {
                    st->running = 1;
                    st->cur = i + 1;
                    st->phase = W_TURN;
                    mc_queue_set(&ws->q, mc_work_clock(ws, e), 0);
                }
                break;
            }
        }
    }
}
