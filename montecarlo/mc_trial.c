/* montecarlo/mc_trial.c — one history: the discrete-event simulation of a
 * topology over one mission, following docs/semantics.md to the letter. The
 * top of the engine's files: the event loop (trial_init, trial_run,
 * trial_finish, mc_ws_run_chunk), the dispatch of a clock, the part clocks,
 * the outages and yearly downtime of each target, and --until-failure's run
 * on. How a change spreads (hosts, members, services, views) is mc_eval.c's.
 *
 * DESIGN. Every part alternates up and down periods; its current period ends
 * at its clock in the queue (a cold-standby instance that is not active has
 * its remaining up time frozen instead). An event touches one clock; the
 * change is pushed to what depends on it and nothing else (mc_eval.c): host
 * -> hosts that need it and members on it -> the member's service (mode
 * rules) -> services that need it and views that list it. Counters (down
 * needs, members up, members counting, services down in a view) make each
 * step O(1). Targets whose state may have changed during an event are
 * collected and their outages recorded once every event of that instant is
 * applied, so an instantaneous flip-flop (inside one event, or between
 * simultaneous events of fixed laws) is no outage. No allocation happens in
 * the loop. Everything about the design comes from the compiled mc_model
 * (mc_int.h), never from the topology.
 *
 * Operations (docs/semantics.md, "Operations"): a part of a law with
 * `detect` has two down phases (detect, then repair); a common cause is a
 * part whose down period holds its units down; a maintenance entry runs a
 * calendar of windows on two clocks (its current work's end, its next
 * window; mc_ops.c). Downtime by cause (mc_cause.c): the targets that are
 * down are kept in a list; at the end of every instant while the list is not
 * empty, each one's current cause is charged up to now and computed afresh
 * (recursively, memoised per instant by a stamp), so nothing is spent while
 * all is up.
 *
 * Layering (tools/cycles.py): this file calls every file below it and none
 * calls it back; mc_dispatch is exported for callers above the engine's
 * core only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "mc_ws.h"

#define P_ALLOC(field, n) \
    do { \
        if (!((ws->field) = mc_alloc_lines(((size_t)(n) + 1) * sizeof *(ws->field)))) \
            goto fail; \
    } while (0)

mc_ws *mc_ws_new(const mc_model *m, uint64_t seed, atomic_int *halt)
{
    mc_ws *ws = mc_alloc_lines(sizeof *ws);
    if (!ws)
        return NULL;
    ws->m = m;
    ws->seed = seed;
    ws->halt = halt;
    /* the generator lives in this worker's own lines (gsl_rng_alloc would
       put two workers' states side by side) */
    ws->rng = &ws->rng_obj;
    ws->rng_obj.type = mc_rng_xoshiro256pp;
    ws->rng_obj.state = &ws->rng_state;
    if (mc_queue_init(&ws->q, m->n_clocks))
        goto fail;
    P_ALLOC(part_up, m->n_parts);
    P_ALLOC(part_detect, m->n_parts);
    P_ALLOC(freeze, m->n_parts);
    P_ALLOC(remaining, m->n_parts);
    P_ALLOC(host_up, m->n_hosts);
    P_ALLOC(host_down_needs, m->n_hosts);
    P_ALLOC(host_work, m->n_hosts);
    P_ALLOC(host_change, m->n_hosts);
    P_ALLOC(host_ccf, m->n_hosts);
    P_ALLOC(member_hold, m->n_members);
    P_ALLOC(member_work, m->n_members);
    P_ALLOC(member_change, m->n_members);
    P_ALLOC(member_ccf, m->n_members);
    P_ALLOC(move_planned, m->n_services);
    P_ALLOC(ms, m->n_maint);
    P_ALLOC(taken, m->n_units);
    P_ALLOC(settling, m->n_members);
    P_ALLOC(down_list, m->n_targets);
    P_ALLOC(down_pos, m->n_targets);
    P_ALLOC(cause_h, (size_t)m->n_targets * CAUSE_N);
    P_ALLOC(host_stamp, m->n_hosts);
    P_ALLOC(member_stamp, m->n_members);
    P_ALLOC(svc_stamp, m->n_services);
    P_ALLOC(host_cv, m->n_hosts);
    P_ALLOC(member_cv, m->n_members);
    P_ALLOC(svc_cv, m->n_services);
    P_ALLOC(member_up, m->n_members);
    P_ALLOC(member_ok, m->n_members);
    P_ALLOC(svc_count, m->n_services);
    P_ALLOC(svc_mode_up, m->n_services);
    P_ALLOC(svc_up, m->n_services);
    P_ALLOC(svc_lost, m->n_services);
    P_ALLOC(svc_down_needs, m->n_services);
    P_ALLOC(active, m->n_services);
    P_ALLOC(target, m->n_services);
    P_ALLOC(failed, m->n_services);
    P_ALLOC(waiting, m->n_services);
    P_ALLOC(view_down, m->n_targets);
    P_ALLOC(ts, m->n_targets);
    P_ALLOC(touched, m->n_targets);
    P_ALLOC(is_touched, m->n_targets);
    P_ALLOC(law_down, m->n_laws);
    /* at most one entry per (target, year) per trial */
    ws->cap_ybins = (size_t)m->n_targets * (size_t)m->years;
    P_ALLOC(ybins, ws->cap_ybins);
    P_ALLOC(loss_ts, m->n_loss);
    P_ALLOC(svc_sb_down, m->n_services);
    if (mc_cap_ws_alloc(ws)) /* capacity (Y16) */
        goto fail;
    /* crews (issue 14) */
    P_ALLOC(part_wait, m->n_parts);
    P_ALLOC(part_next, m->n_parts);
    P_ALLOC(crew_busy, m->n_crews);
    P_ALLOC(crew_head, m->n_crews);
    P_ALLOC(crew_tail, m->n_crews);
    if (mc_rare_ws_alloc(ws)) /* rare events (issue 18) */
        goto fail;
    /* speed on small models (issue 18) */
    /* (NINES_NO_FAST keeps the down list and the cause charges too, so
       that tests/cli/test_fast.sh checks this shortcut as well) */
    ws->one_cause = m->plain && m->n_crews == 0 && !m->no_fast;
    for (int s = 0; s < m->n_services; s++)
        ws->one_cause &= mc_svc_counting(&m->services[s]);
    mc_hist_edges(ws->hist_edge);
    ws->cap_lists = m->cap_local || m->snview_at[m->n_services] > 0;
    P_ALLOC(cap_fast, m->n_parts);
    for (int p = 0; p < m->n_parts; p++) {
        const mc_part *pt = &m->parts[p];
        if (pt->host >= 0 || pt->member < 0 || m->cap_local)
            continue;
        int s = m->members[pt->member].service;
        ws->cap_fast[p] = m->sdep_at[s] == m->sdep_at[s + 1];
    }
    if (mc_fast_ws_alloc(ws)) /* the fast loop of plain models (issue 18) */
        goto fail;
    return ws;
fail:
    mc_ws_free(ws);
    return NULL;
}

void mc_ws_free(mc_ws *ws)
{
    if (!ws)
        return;
    mc_queue_release(&ws->q);
    free(ws->part_up);
    free(ws->part_detect);
    free(ws->freeze);
    free(ws->remaining);
    free(ws->host_up);
    free(ws->host_down_needs);
    free(ws->host_work);
    free(ws->host_change);
    free(ws->host_ccf);
    free(ws->member_hold);
    free(ws->member_work);
    free(ws->member_change);
    free(ws->member_ccf);
    free(ws->move_planned);
    free(ws->ms);
    free(ws->taken);
    free(ws->settling);
    free(ws->down_list);
    free(ws->down_pos);
    free(ws->cause_h);
    free(ws->host_stamp);
    free(ws->member_stamp);
    free(ws->svc_stamp);
    free(ws->host_cv);
    free(ws->member_cv);
    free(ws->svc_cv);
    free(ws->member_up);
    free(ws->member_ok);
    free(ws->svc_count);
    free(ws->svc_mode_up);
    free(ws->svc_up);
    free(ws->svc_lost);
    free(ws->svc_down_needs);
    free(ws->active);
    free(ws->target);
    free(ws->failed);
    free(ws->waiting);
    free(ws->view_down);
    free(ws->ts);
    free(ws->touched);
    free(ws->is_touched);
    free(ws->law_down);
    free(ws->ybins);
    free(ws->loss_ts);
    free(ws->svc_sb_down);
    mc_cap_ws_free(ws); /* capacity (Y16) */
    free(ws->part_wait);
    free(ws->part_next);
    free(ws->crew_busy);
    free(ws->crew_head);
    free(ws->crew_tail);
    mc_rare_ws_free(ws); /* rare events (issue 18) */
    free(ws->cap_fast);
    mc_fast_ws_free(ws); /* the fast loop (issue 18) */
    free(ws);
}

/* ---------- targets and outages ---------- */

/* Closes calendar year ts->year of target tg: records it if it had downtime. */
static void year_close(mc_ws *ws, int tg, tstate *s)
{
    const mc_model *m = ws->m;
    if (s->year_down <= 0 || s->year >= m->years)
        return;
    double minutes = s->year_down * m->year_scale * 60.0;
    mc_tacc *a = &ws->chunk->acc[tg];
    a->nz_years++;
    if (minutes > a->year_max_min)
        a->year_max_min = minutes;
    if (m->sla_down_h >= 0 && s->year_down * m->year_scale > m->sla_down_h)
        a->breaches++;
    ws->ybins[ws->n_ybins++] = (uint32_t)tg << 10 | (uint32_t)mc_hist_bin_at(ws->hist_edge, minutes);
    s->year_down = 0;
}

/* Adds the downtime [a, b) of target tg, split by calendar year. */
static void add_down(mc_ws *ws, int tg, double a, double b)
{
    tstate *s = &ws->ts[tg];
    s->down += (b - a) * ws->rare_w; /* rare events: 1 unless importance sampling */
    while (a < b) {
        int y = (int)(a / MC_YEAR_H);
        double end = (y + 1) * MC_YEAR_H;
        double seg = b < end ? b : end;
        if (y != s->year) {
            year_close(ws, tg, s);
            s->year = y;
        }
        s->year_down += seg - a;
        a = seg;
    }
}

static void outage_end(mc_ws *ws, int tg, double t)
{
    tstate *s = &ws->ts[tg];
    mc_tacc *a = &ws->chunk->acc[tg];
    double len = t - s->down_start;
    a->outages++;
    a->w_outages += ws->rare_w; /* rare events (issue 18) */
    a->w2_outages += ws->rare_w * ws->rare_w;
    if (len > a->longest_h)
        a->longest_h = len;
    add_down(ws, tg, s->down_start, t);
}

static void down_list_add(mc_ws *ws, int tg)
{
    tstate *s = &ws->ts[tg];
    s->cause = -1;
    s->cause_since = ws->now;
    ws->down_pos[tg] = ws->n_down;
    ws->down_list[ws->n_down++] = tg;
}

static void down_list_remove(mc_ws *ws, int tg)
{
    mc_cause_charge(ws, tg, ws->now);
    int k = ws->down_pos[tg], last = ws->down_list[--ws->n_down];
    ws->down_list[k] = last;
    ws->down_pos[last] = k;
}

static void flush_touched(mc_ws *ws)
{
    for (int k = 0; k < ws->n_touched; k++) {
        int tg = ws->touched[k];
        ws->is_touched[tg] = 0;
        int up = mc_target_up(ws, tg);
        tstate *s = &ws->ts[tg];
        if (up == s->up)
            continue;
        s->up = up;
        if (tg == 0 && ws->m->z14)
            mc_z14_system(ws, up);
        if (!up) {
            s->down_start = ws->now;
            if (!ws->one_cause)
                down_list_add(ws, tg);
        } else {
            outage_end(ws, tg, ws->now);
            if (!ws->one_cause)
                down_list_remove(ws, tg);
        }
    }
    ws->n_touched = 0;
}

/* ---------- events ---------- */

/* Part p starts a fresh up period: its clock runs unless the part is frozen
 * (a cold instance whose member is not active, a unit under work), when
 * the period waits with all of its time remaining. */
static void part_start_up(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    double d = mc_draw(ws, &pt->fail);
    if (ws->freeze[p]) {
        ws->remaining[p] = d;
        mc_queue_cancel(&ws->q, p);
    } else {
        mc_queue_set(&ws->q, p, ws->now + d);
    }
}

/* A part's clock: an up part fails (into its detect phase if its law has
 * one, else its repair); a detect phase ends (the repair is drawn, nothing
 * else changes); a repair ends. */
static void on_part(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    int fails = ws->part_up[p]; /* capacity (Y16): a failure's blast radius */
    if (ws->m->rare) /* rare events (issue 18): the likelihood ratio */
        mc_rare_part(ws, p);
    if (ws->part_up[p]) {
        if (ws->m->attribute)
            mc_law_count(ws, pt->law, 1);
        ws->part_up[p] = 0;
        if (pt->has_detect) {
            ws->part_detect[p] = 1;
            mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &pt->detect));
        } else if (pt->crew >= 0) {
            mc_crew_ready(ws, p);
        } else {
            mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &pt->repair));
        }
    } else if (ws->part_detect[p]) {
        ws->part_detect[p] = 0;
        if (pt->crew >= 0)
            mc_crew_ready(ws, p);
        else
            mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &pt->repair));
        return;
    } else {
        if (ws->m->attribute)
            mc_law_count(ws, pt->law, 0);
        ws->part_up[p] = 1;
        part_start_up(ws, p);
        if (pt->crew >= 0)
            mc_crew_done(ws, pt->crew);
    }
    ws->cap_failing = fails ? 1 + ws->cap_fast[p] : 0;
    if (pt->host >= 0)
        mc_host_eval(ws, pt->host);
    else if (pt->member >= 0)
        mc_member_eval(ws, pt->member);
    else
        mc_ccf_changed(ws, pt->ccf, !ws->part_up[p]);
    if (fails && ws->n_cap_hit)
        mc_cap_failure_end(ws);
    else
        ws->cap_failing = 0;
}

/* ---------- one trial ---------- */

static void trial_init(mc_ws *ws, long long trial)
{
    const mc_model *m = ws->m;
    mc_rng_seed_trial(ws->rng, ws->seed, (uint64_t)trial);
    mc_queue_clear(&ws->q, m->n_clocks);
    ws->now = 0;
    ws->n_touched = 0;
    ws->n_ybins = 0;
    ws->since = 0;
    ws->n_laws_down = 0;
    for (int l = 0; l < m->n_laws; l++)
        ws->law_down[l] = 0;
    ws->in_work_start = 0;
    if (m->z14)
        mc_z14_trial_reset(ws);
    for (int h = 0; h < m->n_hosts; h++) {
        ws->host_up[h] = 1;
        ws->host_down_needs[h] = 0;
        ws->host_work[h] = ws->host_change[h] = ws->host_ccf[h] = 0;
    }
    for (int i = 0; i < m->n_members; i++) {
        ws->member_up[i] = 1;
        ws->member_ok[i] = 1;
        ws->member_hold[i] = ws->member_work[i] = ws->member_change[i] = ws->member_ccf[i] = 0;
    }
    for (int s = 0; s < m->n_services; s++) {
        const mc_service *sv = &m->services[s];
        ws->svc_count[s] = sv->n_members;
        ws->svc_lost[s] = 0;
        ws->active[s] = sv->mode == MODE_ACTIVE_PASSIVE ? sv->first_member : -1;
        ws->target[s] = ws->failed[s] = ws->waiting[s] = -1;
        ws->move_planned[s] = 0;
        ws->svc_mode_up[s] = sv->mode == MODE_ACTIVE_PASSIVE ? 1 : sv->n_members >= sv->need;
        ws->svc_down_needs[s] = 0;
    }
    for (int k = 0; k < m->n_targets; k++) {
        ws->view_down[k] = 0;
        ws->is_touched[k] = 0;
    }
    /* services in dependency order: a service is up at 0 if its mode holds
       and everything it needs is up */
    for (int j = 0; j < m->n_services; j++) {
        int s = m->service_order[j];
        for (int k = m->sneed_at[s]; k < m->sneed_at[s + 1]; k++)
            ws->svc_down_needs[s] += !ws->svc_up[m->sneed[k]];
        ws->svc_up[s] = ws->svc_mode_up[s] && ws->svc_down_needs[s] == 0;
        if (!ws->svc_up[s])
            for (int k = m->sview_at[s]; k < m->sview_at[s + 1]; k++)
                ws->view_down[m->sview[k]]++;
    }
    mc_cap_trial_init(ws); /* capacity (Y16): serving members, views with need */
    ws->n_down = 0;
    /* one cause: cause_h holds only `failure`, set at the trial's end */
    if (!ws->one_cause)
        memset(ws->cause_h, 0, (size_t)m->n_targets * CAUSE_N * sizeof *ws->cause_h);
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        s->up = mc_target_up(ws, k);
        s->down_start = 0;
        s->down = 0;
        s->year = 0;
        s->year_down = 0;
        if (!s->up && !ws->one_cause)
            down_list_add(ws, k);
    }
    /* a cold instance whose member is not active starts frozen */
    for (int p = 0; p < m->n_parts; p++) {
        const mc_part *pt = &m->parts[p];
        ws->part_up[p] = 1;
        ws->part_detect[p] = 0;
        ws->freeze[p] = pt->cold && ws->active[m->members[pt->member].service] != pt->member;
        if (m->start_steady)
            mc_steady_part(ws, p);
        else
            part_start_up(ws, p);
    }
    if (m->start_steady) {
        mc_steady_apply(ws);
        flush_touched(ws);
    }
    if (m->z14)
        mc_z14_trial_start(ws);
    ws->cause_dirty = 1;
    if (ws->n_down)
        mc_causes_update(ws);
    ws->cause_dirty = 1;
    mc_maint_init(ws);
    if (m->n_loss)
        mc_loss_trial_init(ws);
    if (m->rare) /* rare events (issue 18): the first biasing */
        mc_rare_trial_init(ws);
}

/* Closes the trial: the outages still running are cut at the mission's end,
 * each target's down fraction goes to down[], its unplanned down fraction
 * (down minus maintenance) to unplanned[], its hours by cause to the chunk. */
static void trial_finish(mc_ws *ws, double *down, double *unplanned)
{
    const mc_model *m = ws->m;
    ws->now = m->mission;
    if (m->attribute)
        mc_attribute_until(ws, ws->ts[0].up, m->mission);
    for (int k = 0; k < ws->n_down; k++)
        mc_cause_charge(ws, ws->down_list[k], m->mission);
    double *cause = ws->chunk->cause;
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        if (!s->up)
            outage_end(ws, k, m->mission);
        year_close(ws, k, s);
        down[k] = s->down / m->mission;
        if (ws->one_cause) /* what the charges would have summed, in the same order */
            ws->cause_h[(size_t)k * CAUSE_N + CAUSE_FAILURE] = s->down;
        const double *h = ws->cause_h + (size_t)k * CAUSE_N;
        double u = (s->down - h[CAUSE_MAINTENANCE]) / m->mission;
        unplanned[k] = u > 0 ? u : 0;
        for (int c = 0; c < CAUSE_N; c++)
            cause[(size_t)k * CAUSE_N + (size_t)c] += h[c];
    }
}

/* Loss service k's split-brain clock (mc_loss.c): the splits found, the
 * service's state, the clock's next time. */
static void on_loss_clock(mc_ws *ws, int k)
{
    mc_loss_on_clock(ws, k);
    mc_ap_eval(ws, ws->m->loss_svc[k]);
    mc_loss_schedule(ws, k);
}

/* 1 once the pool has asked the workers to stop (relaxed: the flag carries
 * no data, the pool's mutex orders everything else). */
static int halted(mc_ws *ws)
{
    return ws->halt && atomic_load_explicit(ws->halt, memory_order_relaxed);
}

/* One event: clock id at ws->now. */
static inline void dispatch(mc_ws *ws, int id, int np, int nm, int nsv)
{
    if (id < np)
        on_part(ws, id);
    else if (id < np + nm)
        mc_on_member_timer(ws, id - np);
    else if (id < nsv)
        mc_on_service_timer(ws, id - np - nm);
    else if (id >= ws->m->first_loss_clock)
        on_loss_clock(ws, id - ws->m->first_loss_clock); /* data loss: split brain */
    else if ((id - nsv) % 2 == 0)
        mc_on_work(ws, (id - nsv) / 2);
    else
        mc_on_window(ws, (id - nsv) / 2);
}

void mc_dispatch(mc_ws *ws, int id)
{
    const mc_model *m = ws->m;
    dispatch(ws, id, m->n_parts, m->n_members, m->n_parts + m->n_members + m->n_services);
}

/* --until-failure: runs the history on past the mission, events only, until
 * the system goes down (first_out) or the cap. 1 if stopped half-way. */
static int run_on(mc_ws *ws)
{
    const mc_model *m = ws->m;
    mc_queue *q = &ws->q;
    const int np = m->n_parts, nm = m->n_members, nsv = np + nm + m->n_services;
    long long events = 0;
    while (q->n > 0) {
        int id = q->heap[0];
        double t = q->time[id];
        if (t >= m->until_cap)
            break;
        ws->now = t;
        dispatch(ws, id, np, nm, nsv);
        if (q->n == 0 || q->time[q->heap[0]] != t) {
            for (int k = 0; k < ws->n_touched; k++)
                ws->is_touched[ws->touched[k]] = 0;
            ws->n_touched = 0;
            if (!mc_target_up(ws, 0)) {
                ws->first_out = t;
                break;
            }
        }
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    return 0;
}

/* Runs trial `trial` to its end; 1 if stopped half-way. */
static int trial_run(mc_ws *ws, long long trial, double *down, double *unplanned)
{
    const mc_model *m = ws->m;
    mc_queue *q = &ws->q;
    const int np = m->n_parts, nm = m->n_members, nsv = np + nm + m->n_services;
    const double mission = m->mission;
    long long events = 0;
    trial_init(ws, trial);
    while (q->n > 0) {
        int id = q->heap[0];
        double t = q->time[id];
        if (t >= mission)
            break;
        if (m->attribute && t != ws->since)
            mc_attribute_until(ws, ws->ts[0].up, t);
        ws->now = t;
        dispatch(ws, id, np, nm, nsv);
        /* simultaneous events are one instant: outages are recorded, and
           the causes of the targets down computed, once every event of
           that instant has been applied */
        if ((ws->n_touched | ws->n_down) && (q->n == 0 || q->time[q->heap[0]] != t)) {
            if (ws->n_touched)
                flush_touched(ws);
            if (ws->n_down && ws->cause_dirty)
                mc_causes_update(ws);
        }
        if (m->rare && (q->n == 0 || q->time[q->heap[0]] != t))
            mc_rare_instant(ws); /* rare events (issue 18): the biasing from now */
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    if (ws->n_touched) {
        flush_touched(ws);
        if (ws->n_down && ws->cause_dirty)
            mc_causes_update(ws);
    }
    trial_finish(ws, down, unplanned);
    if (m->n_loss)
        mc_loss_trial_finish(ws, trial - ws->chunk->first);
    return 0;
}

int mc_ws_run_chunk(mc_ws *ws, mc_chunk *c)
{
    if (ws->fast) /* a plain model: the fast loop (issue 18, mc_fast.c) */
        return mc_fast_run_chunk(ws, c);
    const int nt = ws->m->n_targets;
    ws->chunk = c;
    ws->events = 0;
    for (long long i = 0; i < c->n; i++) {
        if (halted(ws))
            return 1;
        if (trial_run(ws, c->first + i, c->down + (size_t)i * (size_t)nt,
                      c->unplanned + (size_t)i * (size_t)nt) ||
            (ws->m->transient && ws->m->until_failure && ws->first_out < 0 && run_on(ws)) ||
            (ws->m->transient && mc_z14_trial_end(ws, c, i))) {
            c->events += ws->events;
            return 1;
        }
        mc_cap_trial_finish(ws, c->capacity + (size_t)i * (size_t)nt); /* capacity (Y16) */
        /* move the trial's years with downtime into the chunk */
        if (c->n_ybins + ws->n_ybins > c->cap_ybins) {
            size_t cap = (c->cap_ybins ? c->cap_ybins * 2 : 256) + ws->n_ybins;
            uint32_t *nb = realloc(c->ybins, cap * sizeof *nb);
            if (!nb)
                return MC_ENOMEM;
            c->ybins = nb;
            c->cap_ybins = cap;
        }
        if (ws->n_ybins) {
            memcpy(c->ybins + c->n_ybins, ws->ybins, ws->n_ybins * sizeof *ws->ybins);
            c->n_ybins += ws->n_ybins;
        }
    }
    c->events += ws->events;
    c->complete = 1;
    return 0;
}
