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
 *
 * Operations (docs/semantics.md, "Operations"): a part of a law with
 * `detect` has two down phases (detect, then repair); a common cause is a
 * part whose down period holds its units down; a maintenance entry runs a
 * calendar of windows on two clocks (its current work's end, its next
 * window). Downtime by cause: the targets that are down are kept in a list;
 * at the end of every instant while the list is not empty, each one's
 * current cause is charged up to now and computed afresh (recursively,
 * memoised per instant by a stamp), so nothing is spent while all is up.
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
    int cause;          /* while down: the cause since cause_since, or -1 */
    double cause_since;
} tstate;

/* The phase of a maintenance entry's work clock. */
enum {
    W_NONE,     /* no work: the clock is not scheduled */
    W_PLANNED,  /* the current work's planned part ends at the clock */
    W_RECOVERY, /* its recovery ends at the clock */
    W_START,    /* time 0: the work played in from before 0 starts (its
                   phase next_phase, ending at `end`) */
    W_TURN      /* time 0: the next unit's turn (rolling) */
};

/* The state of one maintenance entry in a history. */
typedef struct mstate {
    double t0;          /* window k is due at t0 + k every (0 <= t0 < every) */
    long long k;        /* the next window */
    int running;        /* a window is running */
    int cur;            /* rolling: the unit under work or whose turn is next */
    int phase, next_phase;
    double rec;         /* the current work's recovery (0: none) */
    double end;         /* W_START: when the phase played in ends */
} mstate;

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
    unsigned char *part_detect;/* down part in its detect phase */
    int *freeze;               /* reasons the part does not age: a cold
                                  standby not active, its unit under work */
    double *remaining;         /* a frozen up part's remaining up time */
    unsigned char *host_up;
    int *host_down_needs;      /* hosts it needs that are down, plus works
                                  and common causes holding it down */
    int *host_work, *host_change, *host_ccf; /* entries working on it, of
                                  them in recovery; its causes down */
    int *member_hold;          /* works and common causes holding it down */
    int *member_work, *member_change, *member_ccf;
    unsigned char *member_up;
    unsigned char *member_ok;  /* quorum: counts; active-passive: eligible */
    int *svc_count;            /* members up (single, a-a) or counting (quorum) */
    unsigned char *svc_mode_up, *svc_up, *svc_lost;
    int *svc_down_needs;
    int *active, *target, *failed, *waiting; /* active-passive state, -1 = none */
    unsigned char *move_planned; /* the move in progress is a switchover */
    int in_work_start;         /* a work's start is being applied */
    mstate *ms;                /* per maintenance entry */
    unsigned char *taken;      /* per unit: under this window's work (all at once) */
    int *down_list, *down_pos; /* targets down, and where each is in the list */
    int n_down;
    double *cause_h;           /* n_targets x CAUSE_N: hours this trial */
    uint64_t stamp;            /* the instant's cause computation */
    uint64_t *host_stamp, *member_stamp, *svc_stamp;
    signed char *host_cv, *member_cv, *svc_cv; /* memoised causes */
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

/* Charges target tg's current cause with its time up to t. */
static inline void cause_charge(mc_ws *ws, int tg, double t)
{
    tstate *s = &ws->ts[tg];
    if (s->cause >= 0 && t > s->cause_since)
        ws->cause_h[(size_t)tg * CAUSE_N + (size_t)s->cause] += t - s->cause_since;
    s->cause_since = t;
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
    cause_charge(ws, tg, ws->now);
    int k = ws->down_pos[tg], last = ws->down_list[--ws->n_down];
    ws->down_list[k] = last;
    ws->down_pos[last] = k;
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
        if (!up) {
            s->down_start = ws->now;
            down_list_add(ws, tg);
        } else {
            outage_end(ws, tg, ws->now);
            down_list_remove(ws, tg);
        }
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
    ws->svc_mode_up[s] = ws->active[s] >= 0;
    svc_eval(ws, s);
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
            /* a work's start moves the service with a switchover */
            ws->target[s] = g;
            ws->move_planned[s] = (unsigned char)ws->in_work_start;
            double d = draw(ws, ws->in_work_start ? &sv->switchover : &sv->failover);
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
    int up = (p < 0 || ws->part_up[p]) && ws->host_up[mb->host] && ws->member_hold[mem] == 0;
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

/* Part p starts a fresh up period: its clock runs unless the part is frozen
 * (a cold instance whose member is not active, a unit under work), when
 * the period waits with all of its time remaining. */
static void part_start_up(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    double d = draw(ws, &pt->fail);
    if (ws->freeze[p]) {
        ws->remaining[p] = d;
        mc_queue_cancel(&ws->q, p);
    } else {
        mc_queue_set(&ws->q, p, ws->now + d);
    }
}

/* Common cause c went down (down = 1) or came back: its units follow. */
static void ccf_changed(mc_ws *ws, int c, int down)
{
    const mc_model *m = ws->m;
    int d = down ? 1 : -1;
    for (int k = m->ccf_at[c]; k < m->ccf_at[c + 1]; k++) {
        const mc_unit *u = &m->units[k];
        if (u->host >= 0) {
            ws->host_ccf[u->host] += d;
            ws->host_down_needs[u->host] += d;
            host_eval(ws, u->host);
        } else {
            ws->member_ccf[u->member] += d;
            ws->member_hold[u->member] += d;
            member_eval(ws, u->member);
        }
    }
}

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

/* A part's clock: an up part fails (into its detect phase if its law has
 * one, else its repair); a detect phase ends (the repair is drawn, nothing
 * else changes); a repair ends. */
static void on_part(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    if (ws->part_up[p]) {
        if (ws->m->attribute)
            law_count(ws, pt->law, 1);
        ws->part_up[p] = 0;
        if (pt->has_detect) {
            ws->part_detect[p] = 1;
            mc_queue_set(&ws->q, p, ws->now + draw(ws, &pt->detect));
        } else {
            mc_queue_set(&ws->q, p, ws->now + draw(ws, &pt->repair));
        }
    } else if (ws->part_detect[p]) {
        ws->part_detect[p] = 0;
        mc_queue_set(&ws->q, p, ws->now + draw(ws, &pt->repair));
        return;
    } else {
        if (ws->m->attribute)
            law_count(ws, pt->law, 0);
        ws->part_up[p] = 1;
        part_start_up(ws, p);
    }
    if (pt->host >= 0)
        host_eval(ws, pt->host);
    else if (pt->member >= 0)
        member_eval(ws, pt->member);
    else
        ccf_changed(ws, pt->ccf, !ws->part_up[p]);
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


/* ---------- maintenance ---------- */

static inline int work_clock(const mc_ws *ws, int e)
{
    return ws->m->first_maint_clock + 2 * e;
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
            (d > 0 ? freeze_add : freeze_remove)(ws, p);
        host_eval(ws, h);
    } else {
        int i = u->member, p = m->members[i].part;
        ws->member_work[i] += d;
        ws->member_hold[i] += d;
        if (p >= 0 && ws->member_work[i] == (d > 0 ? 1 : 0))
            (d > 0 ? freeze_add : freeze_remove)(ws, p);
        member_eval(ws, i);
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
    return draw(ws, &mt->recovery);
}

/* Entry e's work starts now: duration, error and recovery drawn, then its
 * unit(s) go under work. */
static void work_begin(mc_ws *ws, int e)
{
    const mc_maint *mt = &ws->m->maint[e];
    mstate *st = &ws->ms[e];
    double d = draw(ws, &mt->duration);
    st->rec = recovery_draw(ws, mt);
    st->phase = W_PLANNED;
    mc_queue_set(&ws->q, work_clock(ws, e), ws->now + d);
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
    mc_queue_cancel(&ws->q, work_clock(ws, e));
}

static void on_work(mc_ws *ws, int e)
{
    mstate *st = &ws->ms[e];
    int clock = work_clock(ws, e);
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
    /* the work is over */
    st->phase = W_NONE;
    entry_units(ws, e, U_WORK, -1);
    if (ws->m->maint[e].rolling) {
        st->cur++;
        next_turn(ws, e);
    } else {
        st->running = 0;
        mc_queue_cancel(&ws->q, clock);
    }
}

/* A window is due: skipped if the previous one still runs. */
static void on_window(mc_ws *ws, int e)
{
    const mc_model *m = ws->m;
    const mc_maint *mt = &m->maint[e];
    mstate *st = &ws->ms[e];
    st->k++;
    mc_queue_set(&ws->q, work_clock(ws, e) + 1, st->t0 + (double)st->k * mt->every);
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
static void maint_init(mc_ws *ws)
{
    const mc_model *m = ws->m;
    for (int e = 0; e < m->n_maint; e++) {
        const mc_maint *mt = &m->maint[e];
        mstate *st = &ws->ms[e];
        st->running = 0;
        st->cur = 0;
        st->phase = W_NONE;
        st->rec = 0;
        st->k = 0;
        st->t0 = mt->start >= 0 ? fmod(mt->start, mt->every) : gsl_rng_uniform(ws->rng) * mt->every;
        mc_queue_set(&ws->q, work_clock(ws, e) + 1, st->t0);
        double tc = st->t0 - mt->every; /* the window due before 0 */
        int n = mt->rolling ? mt->n_units : 1;
        for (int i = 0; i < n; i++) {
            double d = draw(ws, &mt->duration);
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
                mc_queue_set(&ws->q, work_clock(ws, e), 0);
                break;
            }
            tc += d + rec;
            if (tc >= 0) { /* the next turn falls at 0 exactly */
                if (mt->rolling && i + 1 < n) {
                    st->running = 1;
                    st->cur = i + 1;
                    st->phase = W_TURN;
                    mc_queue_set(&ws->q, work_clock(ws, e), 0);
                }
                break;
            }
        }
    }
}

/* ---------- downtime by cause ---------- */

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
    return ws->part_detect[p] ? CAUSE_DETECTION : CAUSE_FAILURE;
}

static inline int work_cause(int change)
{
    return change ? CAUSE_CHANGE : CAUSE_MAINTENANCE;
}

static int host_cause(mc_ws *ws, int h)
{
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
    }
    ws->member_stamp[i] = ws->stamp;
    ws->member_cv[i] = (signed char)c;
    return c;
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
        left = sv->n_members - ws->svc_count[s];
        for (int i = first; i < end && left > 0; i++)
            if (!ws->member_up[i]) {
                left--;
                c = cause_max(m, c, member_cause(ws, i));
            }
        break;
    case MODE_QUORUM:
        if (sv->has_bootstrap && ws->svc_count[s] >= sv->need)
            return CAUSE_REJOIN; /* a bootstrap */
        /* the members that do not count: down, or up and rejoining */
        left = sv->n_members - ws->svc_count[s];
        for (int i = first; i < end && left > 0; i++)
            if (!ws->member_ok[i]) {
                left--;
                c = cause_max(m, c, ws->member_up[i] ? CAUSE_REJOIN : member_cause(ws, i));
            }
        break;
    case MODE_ACTIVE_PASSIVE:
        if (ws->target[s] >= 0)
            return ws->move_planned[s] ? CAUSE_MAINTENANCE : CAUSE_FAILOVER;
        if (ws->waiting[s] >= 0)
            return member_cause(ws, ws->waiting[s]);
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
    if (tg >= 1 && tg <= m->n_services) {
        c = svc_cause(ws, tg - 1);
    } else {
        for (int k = m->tsvc_at[tg]; k < m->tsvc_at[tg + 1]; k++)
            if (!ws->svc_up[m->tsvc[k]])
                c = cause_max(m, c, svc_cause(ws, m->tsvc[k]));
    }
    /* every down target has a cause (docs/semantics.md); never reached */
    return c >= 0 ? c : CAUSE_FAILURE;
}

/* End of an instant with targets down: each one's cause so far is charged
 * and its cause from now on computed. */
static void causes_update(mc_ws *ws)
{
    ws->stamp++;
    for (int k = 0; k < ws->n_down; k++) {
        int tg = ws->down_list[k];
        cause_charge(ws, tg, ws->now);
        ws->ts[tg].cause = target_cause(ws, tg);
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
    ws->in_work_start = 0;
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
    ws->n_down = 0;
    memset(ws->cause_h, 0, (size_t)m->n_targets * CAUSE_N * sizeof *ws->cause_h);
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        s->up = target_up(ws, k);
        s->down_start = 0;
        s->down = 0;
        s->year = 0;
        s->year_down = 0;
        if (!s->up)
            down_list_add(ws, k);
    }
    /* a cold instance whose member is not active starts frozen */
    for (int p = 0; p < m->n_parts; p++) {
        const mc_part *pt = &m->parts[p];
        ws->part_up[p] = 1;
        ws->part_detect[p] = 0;
        ws->freeze[p] = pt->cold && ws->active[m->members[pt->member].service] != pt->member;
        part_start_up(ws, p);
    }
    if (ws->n_down)
        causes_update(ws);
    maint_init(ws);
}

/* Closes the trial: the outages still running are cut at the mission's end,
 * each target's down fraction goes to down[], its unplanned down fraction
 * (down minus maintenance) to unplanned[], its hours by cause to the chunk. */
static void trial_finish(mc_ws *ws, double *down, double *unplanned)
{
    const mc_model *m = ws->m;
    ws->now = m->mission;
    if (m->attribute)
        attribute_until(ws, m->mission);
    for (int k = 0; k < ws->n_down; k++)
        cause_charge(ws, ws->down_list[k], m->mission);
    double *cause = ws->chunk->cause;
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        if (!s->up)
            outage_end(ws, k, m->mission);
        year_close(ws, k, s);
        down[k] = s->down / m->mission;
        const double *h = ws->cause_h + (size_t)k * CAUSE_N;
        double u = (s->down - h[CAUSE_MAINTENANCE]) / m->mission;
        unplanned[k] = u > 0 ? u : 0;
        for (int c = 0; c < CAUSE_N; c++)
            cause[(size_t)k * CAUSE_N + (size_t)c] += h[c];
    }
}

/* 1 once the pool has asked the workers to stop (relaxed: the flag carries
 * no data, the pool's mutex orders everything else). */
static int halted(mc_ws *ws)
{
    return ws->halt && atomic_load_explicit(ws->halt, memory_order_relaxed);
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
            attribute_until(ws, t);
        ws->now = t;
        if (id < np)
            on_part(ws, id);
        else if (id < np + nm)
            on_member_timer(ws, id - np);
        else if (id < nsv)
            on_service_timer(ws, id - np - nm);
        else if ((id - nsv) % 2 == 0)
            on_work(ws, (id - nsv) / 2);
        else
            on_window(ws, (id - nsv) / 2);
        /* simultaneous events are one instant: outages are recorded, and
           the causes of the targets down computed, once every event of
           that instant has been applied */
        if ((ws->n_touched | ws->n_down) && (q->n == 0 || q->time[q->heap[0]] != t)) {
            if (ws->n_touched)
                flush_touched(ws);
            if (ws->n_down)
                causes_update(ws);
        }
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    if (ws->n_touched) {
        flush_touched(ws);
        if (ws->n_down)
            causes_update(ws);
    }
    trial_finish(ws, down, unplanned);
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
        if (trial_run(ws, c->first + i, c->down + (size_t)i * (size_t)nt,
                      c->unplanned + (size_t)i * (size_t)nt)) {
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
