/* montecarlo/mc_trial.c — one history: the discrete-event simulation of a
 * topology over one mission, following docs/semantics.md to the letter.
 *
 * DESIGN. Every part alternates up and down periods; its current period ends
 * at its clock in the queue (a cold-standby instance that is not active has
 * its remaining up time frozen instead). An event touches one clock; the
 * change is pushed to what depends on it and nothing else: host -> hosts that
 * need it and members on it -> the member's service (mode rules) -> services
 * that need it and views that list it. Counters (down needs, members up,
 * members counting, services down in a view) make each step O(1). Targets
 * whose state may have changed during an event are collected and their
 * outages recorded once every event of that instant is applied, so an
 * instantaneous flip-flop (inside one event, or between simultaneous events
 * of fixed laws) is no outage. No allocation happens in the loop. Everything
 * about the design comes from the compiled mc_model (mc_int.h), never from
 * the topology.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "mc_int.h"

/* Per-trial state of one target. */
typedef struct tstate {
    int up;
    double down_start;
    double down;        /* hours down this trial */
    int year;           /* calendar year being accumulated */
    double year_down;   /* hours down in that year so far */
} tstate;

struct mc_ws {
    const mc_model *m;
    gsl_rng *rng;              /* &rng_obj */
    gsl_rng rng_obj;
    mc_xoshiro rng_state;
    mc_queue q;
    uint64_t seed;
    atomic_int *halt;          /* the pool's stop flag (may be NULL) */
    double now;
    long long events;

    unsigned char *part_up;
    unsigned char *frozen;     /* cold part whose up period is paused */
    double *remaining;         /* its remaining up time */
    unsigned char *host_up;
    int *host_down_needs;
    unsigned char *member_up;
    unsigned char *member_ok;  /* quorum: counts; active-passive: eligible */
    int *svc_count;            /* members up (single, a-a) or counting (quorum) */
    unsigned char *svc_mode_up, *svc_up, *svc_lost;
    int *svc_down_needs;
    int *active, *target, *failed, *waiting; /* active-passive state, -1 = none */
    int *view_down;            /* per target: listed services down */
    tstate *ts;
    int *touched;
    int n_touched;
    unsigned char *is_touched;
    int *law_down;             /* per law: parts down (attribution only) */
    int n_laws_down;           /* laws with a part down */
    double since;              /* time of the previous instant */
    uint32_t *ybins;           /* years with downtime in this trial */
    size_t n_ybins, cap_ybins;
    mc_chunk *chunk;           /* where the trial's integer figures go */
};

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
    P_ALLOC(frozen, m->n_parts);
    P_ALLOC(remaining, m->n_parts);
    P_ALLOC(host_up, m->n_hosts);
    P_ALLOC(host_down_needs, m->n_hosts);
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
    free(ws->frozen);
    free(ws->remaining);
    free(ws->host_up);
    free(ws->host_down_needs);
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
    free(ws);
}

/* One draw of law d. Exponential laws take the path of gsl_ran_exponential
 * inline: the same inverse transform of the same 53-bit uniform u, written
 * -mean log(1 - u) instead of -mean log1p(-u) (1 - u is exact for such u, so
 * both are the logarithm of the same number; log is about twice as fast).
 * Every other law goes through law_sample (gsl_ran_*). */
static inline double draw(mc_ws *ws, const law_dist *d)
{
    if (d->kind == LAW_EXPONENTIAL) {
        double u = (double)(mc_xoshiro_next(ws->rng->state) >> 11) * 0x1.0p-53;
        return -d->a * log(1 - u);
    }
    return law_sample(d, ws->rng);
}

/* ---------- targets and outages ---------- */

static inline void touch(mc_ws *ws, int tg)
{
    if (!ws->is_touched[tg]) {
        ws->is_touched[tg] = 1;
        ws->touched[ws->n_touched++] = tg;
    }
}

static inline int target_up(const mc_ws *ws, int tg)
{
    int ns = ws->m->n_services;
    if (tg >= 1 && tg <= ns)
        return ws->svc_up[tg - 1];
    return ws->view_down[tg] == 0;
}

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
    ws->ybins[ws->n_ybins++] = (uint32_t)tg << 10 | (uint32_t)mc_hist_bin(minutes);
    s->year_down = 0;
}

/* Adds the downtime [a, b) of target tg, split by calendar year. */
static void add_down(mc_ws *ws, int tg, double a, double b)
{
    tstate *s = &ws->ts[tg];
    s->down += b - a;
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
    if (len > a->longest_h)
        a->longest_h = len;
    add_down(ws, tg, s->down_start, t);
}

static void flush_touched(mc_ws *ws)
{
    for (int k = 0; k < ws->n_touched; k++) {
        int tg = ws->touched[k];
        ws->is_touched[tg] = 0;
        int up = target_up(ws, tg);
        tstate *s = &ws->ts[tg];
        if (up == s->up)
            continue;
        s->up = up;
        if (!up)
            s->down_start = ws->now;
        else
            outage_end(ws, tg, ws->now);
    }
    ws->n_touched = 0;
}

/* ---------- services ---------- */

static void svc_eval(mc_ws *ws, int s)
{
    const mc_model *m = ws->m;
    int up = ws->svc_mode_up[s] && ws->svc_down_needs[s] == 0;
    if (up == ws->svc_up[s])
        return;
    ws->svc_up[s] = (unsigned char)up;
    touch(ws, 1 + s);
    int d = up ? -1 : 1;
    for (int k = m->sview_at[s]; k < m->sview_at[s + 1]; k++) {
        int tg = m->sview[k];
        ws->view_down[tg] += d;
        touch(ws, tg);
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
            double d = draw(ws, &sv->bootstrap);
            mc_queue_set(&ws->q, svc_clock(ws, s), ws->now + d);
        }
    } else {
        ws->svc_mode_up[s] = 1;
    }
    svc_eval(ws, s);
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
    if (old >= 0) {
        int p = m->members[old].part;
        if (p >= 0 && ws->part_up[p] && !ws->frozen[p]) {
            ws->remaining[p] = ws->q.time[p] - ws->now;
            ws->frozen[p] = 1;
            mc_queue_cancel(&ws->q, p);
        }
    }
    if (mem >= 0) {
        int p = m->members[mem].part;
        if (p >= 0 && ws->part_up[p] && ws->frozen[p]) {
            ws->frozen[p] = 0;
            mc_queue_set(&ws->q, p, ws->now + ws->remaining[p]);
        }
    }
}

static void ap_eval(mc_ws *ws, int s)
{
    ws->svc_mode_up[s] = ws->active[s] >= 0;
    svc_eval(ws, s);
}

static void failover_end(mc_ws *ws, int s)
{
    const mc_service *sv = &ws->m->services[s];
    int g = ws->target[s];
    ws->target[s] = -1;
    int ok = sv->failover_success >= 1 || gsl_rng_uniform(ws->rng) < sv->failover_success;
    if (ok && ws->member_up[g]) {
        set_active(ws, s, g);
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
        int g = -1;
        for (int i = 0; i < sv->n_members; i++)
            if (ws->member_ok[sv->first_member + i]) {
                g = sv->first_member + i;
                break;
            }
        if (g >= 0) {
            ws->target[s] = g;
            double d = draw(ws, &sv->failover);
            if (d > 0)
                mc_queue_set(&ws->q, svc_clock(ws, s), ws->now + d);
            else
                failover_end(ws, s);
        }
    } else {
        double d = sv->has_resync ? draw(ws, &sv->resync) : 0;
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
        }
    }
    ap_eval(ws, s);
}

static void member_eval(mc_ws *ws, int mem)
{
    const mc_member *mb = &ws->m->members[mem];
    int p = mb->part;
    int up = (p < 0 || ws->part_up[p]) && ws->host_up[mb->host];
    if (up == ws->member_up[mem])
        return;
    ws->member_up[mem] = (unsigned char)up;
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
        if (up) {
            double d = sv->has_rejoin ? draw(ws, &sv->rejoin) : 0;
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
        ap_member_changed(ws, s, mem, up);
        break;
    }
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

/* ---------- events ---------- */

/* Part p starts a fresh up period: its clock runs unless it is a cold
 * instance whose member is not active, whose period waits frozen. */
static void part_start_up(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    double d = draw(ws, &pt->fail);
    if (pt->cold && ws->active[ws->m->members[pt->member].service] != pt->member) {
        ws->frozen[p] = 1;
        ws->remaining[p] = d;
        mc_queue_cancel(&ws->q, p);
    } else {
        ws->frozen[p] = 0;
        mc_queue_set(&ws->q, p, ws->now + d);
    }
}

/* Attribution: system downtime of [since, now) goes to the laws with a part
 * down (equally) or to the delays. */
static void attribute_until(mc_ws *ws, double now)
{
    double dt = now - ws->since;
    ws->since = now;
    if (ws->ts[0].up || dt <= 0)
        return;
    double *share = ws->chunk->share;
    int nl = ws->m->n_laws;
    if (ws->n_laws_down == 0) {
        share[nl] += dt;
        return;
    }
    double each = dt / ws->n_laws_down;
    for (int l = 0; l < nl; l++)
        if (ws->law_down[l])
            share[l] += each;
}

static void law_count(mc_ws *ws, int law, int down)
{
    if (down) {
        if (ws->law_down[law]++ == 0)
            ws->n_laws_down++;
    } else if (--ws->law_down[law] == 0) {
        ws->n_laws_down--;
    }
}

static void on_part(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    if (ws->m->attribute)
        law_count(ws, pt->law, ws->part_up[p]);
    if (ws->part_up[p]) {
        ws->part_up[p] = 0;
        mc_queue_set(&ws->q, p, ws->now + draw(ws, &pt->repair));
    } else {
        ws->part_up[p] = 1;
        part_start_up(ws, p);
    }
    if (pt->host >= 0)
        host_eval(ws, pt->host);
    else
        member_eval(ws, pt->member);
}

static void on_member_timer(mc_ws *ws, int mem)
{
    int s = ws->m->members[mem].service;
    mc_queue_cancel(&ws->q, member_clock(ws, mem));
    ws->member_ok[mem] = 1;
    if (ws->m->services[s].mode == MODE_QUORUM) {
        ws->svc_count[s]++;
        quorum_eval(ws, s);
    } else if (ws->active[s] < 0 && ws->target[s] < 0 && ws->waiting[s] < 0) {
        set_active(ws, s, mem); /* resync over with no active member */
        ap_eval(ws, s);
    }
}

static void on_service_timer(mc_ws *ws, int s)
{
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
    for (int h = 0; h < m->n_hosts; h++) {
        ws->host_up[h] = 1;
        ws->host_down_needs[h] = 0;
    }
    for (int i = 0; i < m->n_members; i++) {
        ws->member_up[i] = 1;
        ws->member_ok[i] = 1;
    }
    for (int s = 0; s < m->n_services; s++) {
        const mc_service *sv = &m->services[s];
        ws->svc_count[s] = sv->n_members;
        ws->svc_lost[s] = 0;
        ws->active[s] = sv->mode == MODE_ACTIVE_PASSIVE ? sv->first_member : -1;
        ws->target[s] = ws->failed[s] = ws->waiting[s] = -1;
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
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        s->up = target_up(ws, k);
        s->down_start = 0;
        s->down = 0;
        s->year = 0;
        s->year_down = 0;
    }
    for (int p = 0; p < m->n_parts; p++) {
        ws->part_up[p] = 1;
        part_start_up(ws, p);
    }
}

static void trial_finish(mc_ws *ws, double *down)
{
    const mc_model *m = ws->m;
    ws->now = m->mission;
    if (m->attribute)
        attribute_until(ws, m->mission);
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        if (!s->up)
            outage_end(ws, k, m->mission);
        year_close(ws, k, s);
        down[k] = s->down / m->mission;
    }
}

/* 1 once the pool has asked the workers to stop (relaxed: the flag carries
 * no data, the pool's mutex orders everything else). */
static int halted(mc_ws *ws)
{
    return ws->halt && atomic_load_explicit(ws->halt, memory_order_relaxed);
}

/* Runs trial `trial` to its end; 1 if stopped half-way. */
static int trial_run(mc_ws *ws, long long trial, double *down)
{
    const mc_model *m = ws->m;
    mc_queue *q = &ws->q;
    const int np = m->n_parts, nm = m->n_members;
    const double mission = m->mission;
    long long events = 0;
    trial_init(ws, trial);
    while (q->n > 0) {
        int id = q->heap[0];
        double t = q->time[id];
        if (t >= mission)
            break;
        if (m->attribute && t != ws->since)
            attribute_until(ws, t);
        ws->now = t;
        if (id < np)
            on_part(ws, id);
        else if (id < np + nm)
            on_member_timer(ws, id - np);
        else
            on_service_timer(ws, id - np - nm);
        /* simultaneous events are one instant: outages are recorded once
           every event of that instant has been applied */
        if (ws->n_touched && (q->n == 0 || q->time[q->heap[0]] != t))
            flush_touched(ws);
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    if (ws->n_touched)
        flush_touched(ws);
    trial_finish(ws, down);
    return 0;
}

int mc_ws_run_chunk(mc_ws *ws, mc_chunk *c)
{
    const int nt = ws->m->n_targets;
    ws->chunk = c;
    ws->events = 0;
    for (long long i = 0; i < c->n; i++) {
        if (halted(ws))
            return 1;
        if (trial_run(ws, c->first + i, c->down + (size_t)i * (size_t)nt)) {
            c->events += ws->events;
            return 1;
        }
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
