/* montecarlo/mc_ws.h — the state of one history, shared by the files that
 * simulate it: mc_trial.c (the event loop, part clocks, outages), mc_eval.c
 * (hosts, members, services, serving), mc_ops.c and mc_settle.c
 * (maintenance windows and common causes), mc_cause.c (downtime by cause),
 * mc_capacity.c, mc_loss.c, mc_crews.c and mc_transient.c. Private to
 * montecarlo/; see mc_int.h for the design and the order of the files.
 */
#ifndef NINES_MONTECARLO_MC_WS_H
#define NINES_MONTECARLO_MC_WS_H

#include <math.h>

#include <gsl/gsl_rng.h>

#include "mc_int.h"
#include "mc_zig.h"

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
    W_TURN,     /* the next unit's turn (rolling): at time 0, or once the
                   previous unit's members are back in service */
    W_SETTLE    /* the work is over; waiting for the members it brought
                   back up to count again or be eligible (no clock) */
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
    int wait;           /* W_SETTLE: members not yet back in service */
} mstate;

/* Data loss (mc_loss.c): the history of one data-loss service. */
#define MC_LOSS_PENDING 8
typedef struct mc_loss_ts {
    long long events;
    double seconds, largest;
    long long years;            /* counted years with a loss > 0 */
    long long last_year;        /* the last such year, or -1 */
    int n_pending;              /* split brains diverging, not yet found */
    double pending[MC_LOSS_PENDING]; /* when each is found */
    double rec_until;           /* a split brain's recovery ends (down while > now) */
} mc_loss_ts;

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
    int *settling;             /* per member: 1 + the entry waiting for it to
                                  be back in service, or 0 */
    int *down_list, *down_pos; /* targets down, and where each is in the list */
    int n_down;
    double *cause_h;           /* n_targets x CAUSE_N: hours this trial */
    uint64_t stamp;            /* the instant's cause computation */
    int cause_dirty;           /* some down target's cause may have changed
                                  (always 1 unless the model is plain) */
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
    /* data loss (mc_loss.c) */
    mc_loss_ts *loss_ts;       /* per data-loss service */
    unsigned char *svc_sb_down;/* per service: a split brain's recovery holds it down */
    /* ---- capacity: needs-local, serving, views with need, blast radius
       (Y16, mc_capacity.c) ---- */
    unsigned char *cap_serving;  /* per member: it serves */
    int *cap_lneed_down;         /* per member: members it needs locally that
                                    do not serve (member_up is "ready") */
    unsigned char *cap_needs_ok; /* per service: every service it needs up,
                                    as last applied to its members */
    int *cap_count;              /* per target: members serving (services and
                                    views with need) */
    double *cap_since;           /* per service: when its count last changed */
    double *cap_lost_h;          /* per service: member-hours not serving so
                                    far this trial */
    int cap_failing;             /* a part's failure is being applied */
    int *cap_net;                /* per target: members that failure took */
    int *cap_hit, n_cap_hit;     /* targets whose cap_net moved */
    unsigned char *cap_is_hit;
    /* --- crews, frozen-when-down, transient figures (issue 14) --- */
    unsigned char *part_wait;  /* down part waiting for its crew */
    int *part_next;            /* next part in its crew's queue, -1 none */
    int *crew_busy;            /* per crew: repairs running */
    int *crew_head, *crew_tail;/* per crew: its queue, -1 empty */
    int frozen_sys;            /* the parts hold a freeze for the system */
    double first_out;          /* the trial's first system outage, < 0 none */
    int tr_up;                 /* the system's state since tr_since */
    int next_pt;               /* the first point whose state is not known */
    unsigned char pt_up[MC_AT_MAX + MC_CURVE_POINTS];
    unsigned char ir_ok[MC_AT_MAX];
    /* --- rare events (issue 18, mc_rare.c) --- */
    double rare_w;             /* exp(rare_logl) as of the last instant; 1 crude */
    double rare_logl;          /* log likelihood ratio up to rare_t */
    double rare_t;
    double rare_theta;         /* the biasing in force (1: none) */
    double rare_lam;           /* nominal failure rate of the biased parts */
    int rare_on;               /* some part is biased */
    double rare_lam_up;        /* nominal failure rate of the biasable up parts */
    unsigned char *rare_b;     /* per part: biased */
    int *rare_dlist, *rare_dpos; /* the parts down, and where each is in the list */
    int rare_ndown;
    /* --- speed on small models (issue 18): what a feature that is absent
       costs nothing for --- */
    int one_cause;             /* every downtime is `failure` (plain, no crews,
                                  only services that count, mc_svc_counting;
                                  not under NINES_NO_FAST):
                                  no down list, no cause computed, a target's
                                  failure hours are its down hours */
    double hist_edge[MC_HIST_BINS + 1]; /* mc_hist_edges, for year_close */
    unsigned char *cap_fast;   /* per part: its failure can take only its own
                                  member (an instance, no needs-local, no
                                  service needs that member's service): the
                                  blast radius is binned at once (cap_failing
                                  2) instead of through the hit list */
    int cap_lists;             /* some view has need or some member needs
                                  another locally: serving has more to move */
    /* --- the fast loop of plain models (issue 18, mc_fast.c) --- */
    struct mc_fast *fast;      /* its lists, or NULL: the general loop runs */
};

/* One draw of law d. Exponential laws are drawn inline as mean x Z, Z a
 * standard exponential from the trial's stream: by the ziggurat (mc_zig.h,
 * the default) or, with m->exp_zig 0 (--exp-sampler inverse), by the inverse
 * transform of a 53-bit uniform u as the engine drew before issue 18, the
 * path of gsl_ran_exponential written -mean log(1 - u) instead of
 * -mean log1p(-u) (1 - u is exact for such u, so both are the logarithm of
 * the same number). Every other law goes through law_sample (gsl_ran_*).
 * mc_fast.c's draw is the same function. */
static inline double mc_draw(mc_ws *ws, const law_dist *d)
{
    if (d->kind == LAW_EXPONENTIAL) {
        if (ws->m->exp_zig)
            return d->a * mc_zig_exp(ws->rng->state);
        double u = (double)(mc_xoshiro_next(ws->rng->state) >> 11) * 0x1.0p-53;
        return -d->a * log(1 - u);
    }
    return law_sample(d, ws->rng);
}

/* Attribution (--attribute), for both trial loops: the system's downtime of
 * [since, now) goes to the laws with a part down (equally), or to the delays
 * when none is; sys_up says whether the system is up. */
static inline void mc_attribute_until(mc_ws *ws, int sys_up, double now)
{
    double dt = now - ws->since;
    ws->since = now;
    if (sys_up || dt <= 0)
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

/* Attribution: a part of law `law` went down (down 1) or came back (0). */
static inline void mc_law_count(mc_ws *ws, int law, int down)
{
    if (down) {
        if (ws->law_down[law]++ == 0)
            ws->n_laws_down++;
    } else if (--ws->law_down[law] == 0) {
        ws->n_laws_down--;
    }
}

/* Charges target tg's current cause with its time up to t. */
static inline void mc_cause_charge(mc_ws *ws, int tg, double t)
{
    tstate *s = &ws->ts[tg];
    if (s->cause >= 0 && t > s->cause_since)
        ws->cause_h[(size_t)tg * CAUSE_N + (size_t)s->cause] += (t - s->cause_since) * ws->rare_w;
    s->cause_since = t;
}

/* mc_fast.c (issue 18): the trial loop of plain models. In mc_ws_new:
 * compiles its lists when the model is eligible (ws->fast, else NULL); 0 or
 * MC_ENOMEM. mc_fast_run_chunk is mc_ws_run_chunk's twin for ws->fast. */
int mc_fast_ws_alloc(mc_ws *ws);
void mc_fast_ws_free(mc_ws *ws);
int mc_fast_run_chunk(mc_ws *ws, mc_chunk *c);
/* Which loop ws runs: 0 the general one (mc_trial.c), 1 mc_fast.c's, 2
 * mc_fast.c's for one service whose parts are its members' instances and
 * whose views (the system included) list it alone (trial_run_one; tests). */
int mc_fast_shape(const mc_ws *ws);
/* A service whose state is a count of its members up against its need:
 * single, active-active, and a quorum without rejoin or bootstrap (its
 * members count while up, mc_eval.c's quorum_eval sets its mode to count >=
 * need, and every member not counting is down: its cause is theirs,
 * mc_cause.c). ws->one_cause and the fast loop take only these. */
static inline int mc_svc_counting(const mc_service *sv)
{
    return sv->mode == MODE_SINGLE || sv->mode == MODE_ACTIVE_ACTIVE ||
           (sv->mode == MODE_QUORUM && !sv->has_rejoin && !sv->has_bootstrap);
}
/* mc_hist_bin_at's bin (edge: mc_hist_edges) from a table indexed by the
 * exponent and the top MC_FAST_HIST_BITS bits of the mantissa of `minutes`
 * (a slice of the doubles narrower than a bin: it meets at most two bins),
 * where log10's rounding cannot matter: the same bin, in a few
 * instructions. mc_fast_hist_init fills the table from the edges. */
#define MC_FAST_HIST_BITS 6
#define MC_FAST_HIST_KEYS 2560 /* >= the slices from edge[2] to edge[MC_HIST_BINS - 2] */
typedef struct mc_fast_hist {
    const double *edge;
    uint64_t key0;              /* the slice of edge[2] */
    uint16_t tab[MC_FAST_HIST_KEYS]; /* per slice: the bin of its lowest value
                                        (at least 2) */
} mc_fast_hist;
void mc_fast_hist_init(mc_fast_hist *h, const double *edge);
int mc_fast_hist_bin(const mc_fast_hist *h, double minutes);

/* Target tg's state may have changed in this instant. */
static inline void mc_touch(mc_ws *ws, int tg)
{
    if (!ws->is_touched[tg]) {
        ws->is_touched[tg] = 1;
        ws->touched[ws->n_touched++] = tg;
    }
}

/* Target tg is up: a service by its state, the system or a view while none
 * of what it lists is down. */
static inline int mc_target_up(const mc_ws *ws, int tg)
{
    int ns = ws->m->n_services;
    if (tg >= 1 && tg <= ns)
        return ws->svc_up[tg - 1];
    return ws->view_down[tg] == 0;
}

/* mc_eval.c: the changes the events push into the structure. */
void mc_host_eval(mc_ws *ws, int h);      /* host h's state may have changed */
void mc_member_eval(mc_ws *ws, int mem);  /* member mem's state may have changed */
void mc_freeze_add(mc_ws *ws, int p);     /* part p gains a reason not to age */
void mc_freeze_remove(mc_ws *ws, int p);  /* part p loses one */

/* mc_eval.c: active-passive service s's state may have changed */
void mc_ap_eval(mc_ws *ws, int s);
/* mc_eval.c: member mem's timer (quorum rejoin, active-passive resync) and
 * service s's (failover, switchover, bootstrap) */
void mc_on_member_timer(mc_ws *ws, int mem);
void mc_on_service_timer(mc_ws *ws, int s);

/* mc_loss.c: a history's data loss (see mc_int.h) */
void mc_loss_trial_init(mc_ws *ws);
/* The active role of service s moved after an unplanned failure: a failover
 * that succeeded (failover 1: may split) or the first return of another
 * member (0). Draws split, then lag, then detect. */
void mc_loss_move(mc_ws *ws, int s, int failover);
/* Loss service k's split-brain clock: the splits found now draw their
 * recoveries, an ended recovery releases the service. The caller then
 * evaluates the service (mc_ap_eval) and calls mc_loss_schedule. */
void mc_loss_on_clock(mc_ws *ws, int k);
void mc_loss_schedule(mc_ws *ws, int k);   /* loss service k's clock at its next change */
void mc_loss_trial_finish(mc_ws *ws, long long i); /* into the chunk's slot i */

/* mc_ops.c */
void mc_ccf_changed(mc_ws *ws, int c, int down); /* common cause c went down / came back */
void mc_on_work(mc_ws *ws, int e);        /* entry e's work clock */
void mc_on_window(mc_ws *ws, int e);      /* entry e's window clock */
void mc_maint_init(mc_ws *ws);            /* calendars at the trial's start */

/* Maintenance entry e's work clock (its window clock is the next id). */
static inline int mc_work_clock(const mc_ws *ws, int e)
{
    return ws->m->first_maint_clock + 2 * e;
}

/* mc_settle.c: the wait after a work for its members to be back in service */
void mc_settled(mc_ws *ws, int mem);      /* a member waited for is back or down */
/* Right after entry e's work ended: marks the members its end brought back
 * up that are not back in service yet; how many. */
int mc_settle_marks(mc_ws *ws, int e);

/* mc_cause.c: at the end of an instant with targets down, charges each one's
 * cause so far and computes its cause from now on. */
void mc_causes_update(mc_ws *ws);

/* ---- mc_capacity.c (Y16): the state of serving members in a history ---- */
int mc_cap_ws_alloc(mc_ws *ws);   /* in mc_ws_new: 0 or MC_ENOMEM */
void mc_cap_ws_free(mc_ws *ws);
void mc_cap_trial_init(mc_ws *ws); /* after the services' state at time 0 */
/* mc_eval.c: member mem's readiness (member_up) changed, or may have: its
   serving, and what counts it or needs it locally. */
void mc_cap_member_changed(mc_ws *ws, int mem);
/* mc_eval.c: service s's needs went up or down: each member's serving. */
void mc_cap_needs_changed(mc_ws *ws, int s);
/* At the start of svc_eval: applies a change of s's needs to its members. */
static inline void mc_cap_svc_check(mc_ws *ws, int s)
{
    if (ws->cap_needs_ok[s] != (ws->svc_down_needs[s] == 0))
        mc_cap_needs_changed(ws, s);
}
/* While a part's failure spreads: target tg lost `lost` serving members. */
static inline void mc_cap_hit(mc_ws *ws, int tg, int lost)
{
    if (!ws->cap_is_hit[tg]) {
        ws->cap_is_hit[tg] = 1;
        ws->cap_hit[ws->n_cap_hit++] = tg;
    }
    ws->cap_net[tg] += lost;
}
/* One failure took k > 0 serving members of target tg (k <= 0: none). */
static inline void mc_cap_blast_add(mc_ws *ws, int tg, int k)
{
    if (k <= 0)
        return;
    int b = k > MC_BLAST_MAX ? MC_BLAST_MAX : k - 1;
    ws->chunk->blast[(size_t)tg * MC_BLAST_BINS + (size_t)b]++;
}
/* A part's failure has spread: bins the members it took, per target. */
void mc_cap_failure_end(mc_ws *ws);
/* End of a trial: each target's fraction of member-hours serving. */
void mc_cap_trial_finish(mc_ws *ws, double *capacity);

#endif
