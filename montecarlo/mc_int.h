/* montecarlo/mc_int.h — private declarations shared by the files of montecarlo/.
 *
 * DESIGN. mc_run (mc_run.c) compiles the topology into an mc_model (mc_model.c):
 * flat arrays of parts, members, services, clocks and dependents, read-only
 * and shared by every thread; the event loop reads nothing else. Each worker
 * thread owns one mc_ws (mc_trial.c): its generator, its event queue
 * (mc_queue.c) and the state of one history, allocated once. Trials are
 * handed out in chunks of MC_CHUNK by the pool (mc_pool.c, the only file with
 * pthreads); a chunk's per-trial results land in a ring slot (mc_chunk,
 * mc_chunk.c) and the calling thread reduces chunks in trial order
 * (mc_stats.c), so every figure is the same for any number of threads.
 *
 * Calls between the files point one way (`make check-cycles`,
 * tools/cycles.py, checks it on the objects), top to bottom:
 *   mc_run -> mc_pool, mc_trial, mc_chunk, mc_stats, mc_model, mc_capacity,
 *             mc_loss, mc_crews, mc_transient (figures);
 *   mc_trial (event loop, part clocks, outages) -> mc_fast, mc_transient,
 *             mc_crews, mc_ops, mc_cause, mc_eval, and everything below;
 *   mc_fast (the loop of plain designs, issue 18) -> mc_capacity, mc_stats,
 *             mc_rng, mc_alloc;
 *   mc_transient -> mc_crews, mc_ops, mc_eval; mc_crews, mc_ops -> mc_eval;
 *   mc_eval (how a change spreads: hosts, members, services, capacity's
 *             serving, the member and service timers) -> mc_settle,
 *             mc_loss (mc_loss_move), mc_queue;
 *   mc_model, mc_chunk -> mc_capacity, mc_loss; mc_capacity -> mc_stats;
 *   mc_settle, mc_loss -> mc_queue -> mc_alloc (memory on whole lines);
 *   mc_cause, mc_stats, mc_rng, mc_pool call no other file.
 * The state of one history (struct mc_ws) is in mc_ws.h, shared by the
 * files that simulate it.
 *
 * Clocks: ids [0, n_parts) are parts (their current up, detect or repair
 * period): the hosts' own parts, the members' instances, then one part per
 * common cause; [n_parts, n_parts + n_members) member timers (quorum rejoin,
 * active-passive resync), then one timer per service (failover, switchover or
 * bootstrap), then two per maintenance entry in file order (first_maint_clock
 * + 2e: the current work's end, or the end of its planned part when a
 * recovery follows; + 2e + 1: the next window). Ties go by id, which is the
 * order docs/semantics.md fixes for one instant.
 *
 * State of a history (mc_trial.c): per part up / detect / repair and a count
 * of reasons its up clock is frozen (a cold standby that is not active, its
 * unit under work; the remaining up time is kept); per host and member the
 * works and common causes holding it down (folded into the counters the
 * up/down test reads, and kept apart for the causes); per maintenance entry
 * its calendar (phase t0, next window k), the window running, the rolling
 * unit whose turn it is, the work's phase and its recovery; per
 * active-passive service whether the move in progress is a switchover. Down
 * targets are listed; at the end of each instant with one of them down, each
 * one's time since the last instant is charged to its cause and its cause
 * recomputed (docs/semantics.md, "Downtime by cause"), memoised per instant
 * by a stamp, so nothing is spent while everything is up. Hours by cause
 * and the unplanned down fraction are kept per trial and reduced like the
 * down fraction.
 *
 * Targets (what figures are kept for): 0 the system, 1 + s service s,
 * 1 + n_services + v view v.
 */
#ifndef NINES_MONTECARLO_MC_INT_H
#define NINES_MONTECARLO_MC_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "mc.h"

#define MC_YEAR_H 8760.0
#define MC_CHUNK 64               /* trials per chunk: fixed, so results never depend on threads */
#define MC_STOP_EVERY 65536       /* events between two looks at the stop flag inside a trial */

/* ---------- memory ---------- */

#define MC_CACHE_LINE 64

/* n bytes, zeroed, starting on a cache line and padded to a whole number of
 * lines, so that what one worker writes never shares a line with another's
 * (false sharing halves the speed-up). NULL on out of memory; free with free. */
void *mc_alloc_lines(size_t n);

/* ---------- random streams (mc_rng.c) ---------- */

/* The generator's state; xoshiro256++ (Blackman and Vigna, 2019). */
typedef struct mc_xoshiro {
    uint64_t s[4];
} mc_xoshiro;

static inline uint64_t mc_xoshiro_next(mc_xoshiro *x)
{
    uint64_t *s = x->s;
    uint64_t r = ((s[0] + s[3]) << 23 | (s[0] + s[3]) >> 41) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = s[3] << 45 | s[3] >> 19;
    return r;
}

/* xoshiro256++ as a gsl_rng_type (get: upper 32 bits; get_double: 53 bits,
 * in [0, 1)). */
extern const gsl_rng_type *const mc_rng_xoshiro256pp;

/* Seeds r (of type mc_rng_xoshiro256pp) with the stream of trial `trial` of
 * seed `seed`: splitmix64 of both, so streams of nearby trials are unrelated. */
void mc_rng_seed_trial(gsl_rng *r, uint64_t seed, uint64_t trial);

/* ---------- event queue (mc_queue.c) ---------- */

/* An indexed binary min-heap of clocks ordered by (time, id); every clock is
 * in the heap at most once and is moved in place when its time changes. */
typedef struct mc_queue {
    int n;        /* clocks in the heap */
    int *heap;    /* clock ids, heap-ordered */
    int *pos;     /* heap position of each clock, -1 if not scheduled */
    double *time; /* time of each scheduled clock */
} mc_queue;

int mc_queue_init(mc_queue *q, int n_clocks);   /* 0 or MC_ENOMEM */
void mc_queue_release(mc_queue *q);             /* NULL-safe */
void mc_queue_clear(mc_queue *q, int n_clocks);
void mc_queue_set(mc_queue *q, int id, double t);   /* schedule or move */
void mc_queue_cancel(mc_queue *q, int id);          /* no-op if not scheduled */

/* ---------- the compiled model (mc_model.c) ---------- */

/* The event loop (mc_trial.c) reads this model and nothing else: never the
 * topology. Everything a history needs is copied here once per run, laws by
 * value, indices instead of pointers, so the model is flat, read-only, shared
 * by every thread and independent of the topology's lifetime. A new
 * behaviour of the engine (a delay, a window, a shared cause, a crew) adds
 * its fields to the struct of what it belongs to (part, member, service) or a
 * CSR list here, compiles them in mc_model_init, and reads them in the loop. */

/* A part: something with its own failure law (a host's own law, or one
 * instance of a service on one host). */
typedef struct mc_part {
    law_dist fail, repair;
    law_dist detect; /* down before the repair starts (used if has_detect) */
    int host;   /* host whose own law this is, or -1 */
    int member; /* member whose instance this is, or -1 */
    int ccf;    /* common cause whose part this is, or -1 */
    int cold;   /* 1: instance of a cold-standby member */
    int has_detect; /* the law's detect is not "none": a detect phase */
    int law;    /* index into topology->laws (attribution) */
    /* --- repair crews (issue 14) --- */
    int crew;   /* its law's crew, or -1: repairs unlimited */
} mc_part;

/* A unit that maintenance or a common cause acts on: a host (member -1) or
 * a member (host -1). */
typedef struct mc_unit {
    int host, member;
} mc_unit;

/* One maintenance entry (docs/semantics.md, "Maintenance"). */
typedef struct mc_maint {
    int first_unit, n_units;  /* its units: units[first_unit, + n_units) */
    double every;             /* hours */
    double start;             /* hours >= 0, or < 0: phase drawn per trial */
    double error;             /* probability in [0, 1] */
    int rolling;
    int has_recovery;         /* recovery is not "none" */
    law_dist duration, recovery;
} mc_maint;

/* A member: one service on one host. */
typedef struct mc_member {
    int service;
    int host;
    int part;   /* its instance's part, or -1 (instances never fail) */
} mc_member;

/* A service: its members, its mode's rule and the laws of its delays. */
typedef struct mc_service {
    topo_mode mode;
    int need;                     /* members needed up (single 1, active-active
                                     `need`, quorum n/2 + 1, active-passive 1) */
    int first_member, n_members;  /* members [first_member, + n_members), in the
                                     order of the service's hosts */
    int cold;                     /* active-passive with a cold standby */
    unsigned char has_rejoin, has_bootstrap, has_resync; /* the delay is not "none" */
    double failover_success;      /* active-passive: probability, in [0, 1] */
    double switchover_success;    /* active-passive, a move started by work */
    law_dist rejoin, bootstrap;   /* quorum */
    law_dist failover, resync;    /* active-passive */
    law_dist switchover;          /* active-passive, a move started by work */
    /* data loss (mc_loss.c; docs/semantics.md, "Data loss"): the service's
       index among those with data-loss figures (replication or split-brain),
       or -1; its replication, lag and split-brain laws */
    int loss;
    topo_repl repl;
    law_dist lag;
    double split_brain;
    law_dist sb_detect, sb_recovery;
} mc_service;

typedef struct mc_model {
    int n_parts, n_hosts, n_members, n_services, n_views, n_targets, n_clocks;
    int n_ccfs, n_maint, n_units;
    int first_ccf_part;     /* parts [first_ccf_part, n_parts) are common
                               causes, cause c = part first_ccf_part + c */
    int first_maint_clock;  /* entry e: clock + 2e its work, + 2e + 1 its window */
    mc_part *parts;
    mc_member *members;
    mc_service *services;
    mc_maint *maint;        /* n_maint, in file order */
    mc_unit *units;         /* the units of every common cause (CSR ccf_at),
                               then of every maintenance entry */
    int *ccf_at;            /* CSR: units of cause c: units[ccf_at[c], ccf_at[c + 1]) */
    int *service_order;     /* services, each after every service it needs */
    int *host_part;         /* per host: its part or -1 */
    int *hneed_at, *hneed;  /* CSR: hosts that host h directly needs */
    int *tsvc_at, *tsvc;    /* CSR: services listed by target tg (system, views) */
    int cause_prio[CAUSE_N];/* topo_cause_priority of each cause */
    int plain;              /* no detect, maintenance or common cause: a down
                               part, host or member is always `failure` */
    int *hdep_at, *hdep;    /* CSR: hosts that directly need host h */
    int *hmem_at, *hmem;    /* CSR: members on host h */
    int *sneed_at, *sneed;  /* CSR: services that service s directly needs */
    int *sdep_at, *sdep;    /* CSR: services that directly need service s */
    int *sview_at, *sview;  /* CSR: view targets (system or views) listing service s */
    int *view_size;         /* per target: services listed (0 for service targets) */
    double mission;         /* hours */
    long long years;        /* whole calendar years counted per trial (>= 1) */
    double year_scale;      /* 8760 / mission when mission < 1 year, else 1 */
    double sla_down_h;      /* yearly downtime (hours) above which a year breaches; < 0: no sla */
    int n_laws;
    int attribute;          /* measure downtime attribution */
    /* data loss (mc_loss.c): services with data-loss figures, in service
       order; loss service k has clock first_loss_clock + k (split brains) */
    int n_loss;
    int *loss_svc;
    int first_loss_clock;
    /* ---- capacity: needs-local, serving members, views with need (Y16,
       mc_capacity.c) ---- */
    int cap_local;          /* some member needs members on its host */
    int *lneed_at, *lneed;  /* CSR over members: the members member i needs locally */
    int *ldep_at, *ldep;    /* CSR over members: the members that need member j locally */
    int *tneed;             /* per target: need_members of a view with need, else 0 */
    int *tmem;              /* per target: members counted (a service's, or those
                               of a view's listed services) */
    int *snview_at, *snview;/* CSR over services: view targets with need listing s
                               (sview lists only the plain ones) */
    /* --- crews, frozen-when-down, transient figures, steady start (issue 14;
       compiled by mc_z14_model, mc_crews.c) --- */
    int z14;                /* any of the below: the trial's hooks run */
    int n_crews;
    int *crew_size;         /* per crew: repairs at once */
    int frozen;             /* frozen-when-down */
    int start_steady;       /* --start steady */
    int transient;          /* --at given: R(t), A(t), IR(t), MTTF */
    int n_at;               /* times at[0, n_at) */
    double window;          /* hours; 0: no interval reliability */
    int n_pts;              /* the at times and the curve's, sorted: */
    double pt_time[MC_AT_MAX + MC_CURVE_POINTS];
    int pt_slot[MC_AT_MAX + MC_CURVE_POINTS]; /* k < n_at: at[k]; else curve
                                                 point k - MC_AT_MAX */
    double at[MC_AT_MAX];
    double curve_end;
    int until_failure;
    double until_cap;       /* hours */
    /* --- rare events (issue 18, mc_rare.c): importance sampling --- */
    int rare;               /* 1: failure biasing; the trial's hooks run */
    double rare_p;          /* target chance of a biased failure before the
                               next scheduled event of a down part */
    /* --- the fast loop of plain models (issue 18, mc_fast.c) --- */
    int no_fast;            /* NINES_NO_FAST set (mc_run): the general loop always */
    /* --- the exponential sampler (issue 18, mc_zig.h) --- */
    int exp_zig;            /* 1: exponential laws by the ziggurat; 0: by the
                               inverse transform (--exp-sampler inverse) */
} mc_model;

/* Compiles t for a mission of `mission` hours into m; t is not referenced
 * afterwards. 0 or MC_ENOMEM (m then holds nothing to release). */
int mc_model_init(mc_model *m, const topology *t, double mission);
void mc_model_release(mc_model *m); /* NULL-safe */

/* ---------- results of one chunk of trials (a ring slot) ---------- */

typedef struct mc_tacc {
    long long outages;
    double longest_h;
    double year_max_min;
    long long breaches;
    long long nz_years;  /* years with some downtime */
    /* rare events (issue 18): outages weighted by the likelihood ratio, and
       the sum of the squared weights (equal to outages when crude) */
    double w_outages, w2_outages;
} mc_tacc;

typedef struct mc_chunk {
    long long first, n;  /* trials [first, first + n) */
    int complete;        /* every trial of the chunk finished */
    double *down;        /* MC_CHUNK x n_targets: down fraction of each trial */
    mc_tacc *acc;        /* n_targets */
    uint32_t *ybins;     /* (target << 10 | bin) of every year with downtime */
    size_t n_ybins, cap_ybins;
    long long events;
    double *share;       /* n_laws + 1 (last: delays): system downtime hours,
                            summed in trial order (one worker runs a chunk) */
    double *cause;       /* n_targets x CAUSE_N: downtime hours by cause,
                            summed in trial order */
    double *unplanned;   /* MC_CHUNK x n_targets: unplanned down fraction of
                            each trial (down minus maintenance) */
    /* data loss (mc_loss.c): MC_CHUNK x n_loss x MC_LOSS_VALS per-trial
       values; NULL without data-loss services */
    double *loss;
    /* ---- capacity (Y16) ---- */
    double *capacity;    /* MC_CHUNK x n_targets: fraction of members serving */
    long long *blast;    /* n_targets x MC_BLAST_BINS: failures by members lost */
    /* --- transient figures (issue 14) --- */
    struct mc_tchunk *tr; /* per-trial first outages and counts */
} mc_chunk;

/* mc_chunk.c. Allocates a slot for n_targets targets and n_laws laws: 0 or
 * MC_ENOMEM (c then holds nothing to release). */
int mc_chunk_init(mc_chunk *c, int n_targets, int n_laws);
void mc_chunk_release(mc_chunk *c); /* NULL-safe */
/* Empties slot c for trials [first, first + n) (keeps its allocations). */
void mc_chunk_reset(mc_chunk *c, int n_targets, int n_laws, long long first, long long n);

/* ---------- MPI: a chunk as bytes (W19; mc_chunk.c, docs/cluster.md) ----------
 *
 * MC_CHUNK_FIELDS lists EVERY member of mc_chunk, in declaration order, one
 * line each:
 *   S(type, name)              a scalar, sent as its bytes;
 *   A(type, name, count)       a pointer to `count` elements, sent as their
 *                              bytes (0 elements: nothing; NULL allowed then);
 *   G(type, name, count, cap)  the same, grown on unpack when count > cap;
 *   L(type, name)              this process's own (a buffer's capacity): not sent.
 * A count is an expression of n (the chunk's trials, c->n), nt (targets),
 * nl (laws), nloss (data-loss services) and c; scalars travel first, so a
 * count may use them. mc_chunk.c builds a struct from this list and checks
 * at compile time that it has mc_chunk's size and every member's offset, so a
 * member added to mc_chunk without its line here does not compile; the unit
 * test tests/test_mc_chunk_serial.c fills every listed byte with a pattern
 * and round-trips it. ADDING A FIELD to mc_chunk: add its line here (at the
 * same place as in the struct) and nothing else. */
#define MC_CHUNK_FIELDS(S, A, G, L)                                   \
    S(long long, first)                                               \
    S(long long, n)                                                   \
    S(int, complete)                                                  \
    A(double, down, n * nt)                                           \
    A(mc_tacc, acc, nt)                                               \
    G(uint32_t, ybins, c->n_ybins, c->cap_ybins)                      \
    S(size_t, n_ybins)                                                \
    L(size_t, cap_ybins)                                              \
    S(long long, events)                                              \
    A(double, share, nl + 1)                                          \
    A(double, cause, nt * CAUSE_N)                                    \
    A(double, unplanned, n * nt)                                      \
    A(double, loss, n * nloss * MC_LOSS_VALS)                         \
    A(double, capacity, n * nt)                                       \
    A(long long, blast, nt * MC_BLAST_BINS)                           \
    A(struct mc_tchunk, tr, 1)

/* Chunk c as bytes, so that another rank folds exactly what this one
 * computed: dir MC_CHUNK_SIZE counts the bytes, MC_CHUNK_PACK writes c into
 * buf (that many bytes), MC_CHUNK_UNPACK fills c (a slot initialised for the
 * same model m: mc_chunk_init and mc_loss_chunk_init) from buf, growing its
 * ybins. Returns the byte count, or MC_ENOMEM / MC_EINVALID (unpack). Raw
 * bytes, doubles bit for bit: every rank runs the same build on the same
 * architecture. */
enum { MC_CHUNK_SIZE, MC_CHUNK_PACK, MC_CHUNK_UNPACK };
long long mc_chunk_serial(mc_chunk *c, const mc_model *m, int dir, unsigned char *buf);

/* ---------- one history (mc_trial.c) ---------- */

typedef struct mc_ws mc_ws;

/* A worker's workspace, allocated once. `halt` (may be NULL) is the pool's
 * flag: once non-zero, the worker leaves its chunk within MC_STOP_EVERY
 * events. NULL on out of memory. */
mc_ws *mc_ws_new(const mc_model *m, uint64_t seed, atomic_int *halt);
void mc_ws_free(mc_ws *ws);

/* Simulates trials [c->first, c->first + c->n) into chunk c (reset by the
 * caller). Returns 0; 1 if the stop flag cut it short (c->complete = 0); or
 * MC_ENOMEM if the chunk's list of years with downtime could not grow (the
 * only allocation while trials run; c is then incomplete and must not be
 * reduced). The pool treats any negative return as a failed worker: it stops
 * handing out chunks and mc_pool_run returns MC_ENOMEM, which mc_run
 * returns. */
int mc_ws_run_chunk(mc_ws *ws, mc_chunk *c);

/* ---------- the pool (mc_pool.c) ---------- */

typedef struct mc_pool_job {
    int threads;
    long long n_chunks;
    int ring;                     /* chunk slots in flight */
    volatile int *stop;           /* the caller's flag (may be NULL): read
                                     only by the calling thread, never by a
                                     worker, so a signal handler may set it */
    atomic_int *halt;             /* may be NULL: set to 1 by the pool once it
                                     stops handing out chunks (stop request or
                                     error); the workers' mc_ws look at it */
    /* Called by worker `w` to fill slot `slot` with chunk `chunk`: 0 done,
       1 stopped, < 0 error. */
    int (*work)(void *ctx, int w, long long chunk, int slot);
    /* Called by the calling thread for chunks 0, 1, 2... in order. */
    void (*reduce)(void *ctx, long long chunk, int slot);
    /* Called by the calling thread about ten times a second. */
    void (*tick)(void *ctx);
    void *ctx;
    /* MPI (W19): milliseconds between two ticks; 0: 100 (ten a second). */
    int tick_ms;
} mc_pool_job;

/* Runs the job; returns the number of chunks reduced (all of them unless
 * stopped), or MC_ENOMEM if threads could not be started. The workers run
 * with SIGINT, SIGTERM, SIGHUP and SIGQUIT blocked, so a handler for these
 * never runs on a worker: it runs on the calling thread (or another thread
 * of the program), which is the only one that reads job->stop. */
long long mc_pool_run(const mc_pool_job *job);

/* ---------- figures (mc_stats.c) ---------- */

/* Running sums of one target, reduced in trial order. */
typedef struct mc_acc {
    long long n;
    double mean_down, m2;   /* mean and sum of squared deviations of the down fraction */
    double mean_unpl, m2_unpl; /* the same of the unplanned down fraction */
    double cause_h[CAUSE_N];   /* downtime hours by cause, summed in trial order */
    mc_tacc t;
    long long hist[MC_HIST_BINS];
    /* ---- capacity (Y16) ---- */
    double mean_cap, m2_cap;   /* of the per-trial fraction of members serving */
    long long blast[MC_BLAST_BINS];
} mc_acc;

/* Folds chunk c into the accumulators (one per target), in trial order. */
void mc_acc_add_chunk(mc_acc *acc, int n_targets, const mc_chunk *c);
/* Fills figures f of a target from its accumulator. */
void mc_acc_figures(const mc_acc *a, const mc_model *m, mc_figures *f);
/* Histogram bin of a yearly downtime in minutes (> 0). */
int mc_hist_bin(double minutes);
/* The same bin from a table of the edges (MC_HIST_BINS + 1 values filled by
 * mc_hist_edges): no pow per call, the same answer to the bit. */
void mc_hist_edges(double *edge);
int mc_hist_bin_at(const double *edge, double minutes);
/* Folds the n values x[0], x[stride], ... into the running mean and sum of
 * squared deviations (*mean, *m2) of na values (pairwise formula). */
void mc_stats_merge(double *mean, double *m2, long long na, const double *x, size_t stride,
                    size_t n);

/* ---------- capacity: needs-local, serving members, views with need,
 * blast radius (Y16, mc_capacity.c; docs/semantics.md, "Capacity") ----------
 *
 * A member is ready (member_up) while it is up and every member it needs
 * locally serves; it serves (cap_serving) while ready and its service's
 * needs are up. Each service target counts its members serving, each view
 * with need the members of its listed services serving (up while at least
 * need_members do); member-hours not serving are integrated per service and
 * per trial. A part's failure counts, per target, the members it took from
 * serving to not serving (the blast radius). Nothing here draws a number. */

/* Compiles the capacity lists of t into m (at the end of mc_model_init): 0
 * or MC_ENOMEM. Clears m->plain when a member needs another locally or a
 * view has need (their causes go through the members). */
int mc_cap_model_init(mc_model *m, const topology *t);
void mc_cap_model_release(mc_model *m);
int mc_cap_chunk_init(mc_chunk *c, int n_targets);     /* 0 or MC_ENOMEM */
void mc_cap_chunk_release(mc_chunk *c);
void mc_cap_chunk_reset(mc_chunk *c, int n_targets);
void mc_cap_acc_add_chunk(mc_acc *acc, int n_targets, const mc_chunk *c);
/* Fills the capacity figures of every target of res from the accumulators. */
void mc_cap_result(mc_result *res, const mc_acc *acc, const mc_model *m);
/* Copies chunk c's down fraction and capacity of target tg into trials
 * [c->first, c->first + c->n) of down[] and cap[] (mc_options.keep_trials). */
void mc_cap_keep_chunk(double *down, double *cap, int n_targets, int tg, const mc_chunk *c);

/* ---------- data loss and split brain (mc_loss.c) ---------- */

/* docs/semantics.md, "Data loss". A service with `replication` or
 * `failover.split-brain` > 0 has data-loss figures. Its loss events happen at
 * the moves of the active role after an unplanned failure (mc_eval.c calls
 * mc_loss_move); a split brain diverges until its detect draw, then holds the
 * service down for a recovery draw on the service's loss clock. Per trial:
 * events, seconds lost, counted years with a loss > 0, the largest loss;
 * reduced in trial order like the down fraction. Nothing here runs for a
 * model without such services (n_loss 0). */

enum {
    MC_LOSS_EVENTS,   /* per-trial value slots: loss events per year */
    MC_LOSS_SECONDS,  /* seconds of writes lost per year */
    MC_LOSS_YEARS,    /* fraction of counted years with a loss > 0 */
    MC_LOSS_LARGEST,  /* largest single loss, seconds */
    MC_LOSS_VALS
};

/* Fills the data-loss fields of m's services, n_loss, loss_svc and the loss
 * clocks (added after every other clock); 0 or MC_ENOMEM. */
int mc_loss_model(mc_model *m, const topology *t);
/* Allocates chunk c's per-trial loss values (nothing when n_loss is 0). */
int mc_loss_chunk_init(mc_chunk *c, int n_loss);

/* Running sums of one data-loss service. */
typedef struct mc_loss_acc {
    long long n;
    double mean[MC_LOSS_VALS], m2[MC_LOSS_VALS];
    double largest;
} mc_loss_acc;

/* Folds chunk c into acc (n_loss of them), in trial order. */
void mc_loss_add_chunk(mc_loss_acc *acc, const mc_model *m, const mc_chunk *c);
/* Fills the data-loss figures of res's services from acc. */
void mc_loss_result(const mc_loss_acc *acc, const mc_model *m, mc_result *res);

/* ---------- repair crews, frozen-when-down, transient figures, steady start
 * (issue 14: mc_crews.c, mc_transient.c; docs/semantics.md, "Repair crews",
 * "Frozen while the system is down") ----------
 *
 * Crews: a part whose law names a crew asks for it when its repair is due
 * (mc_crew_ready): it starts at once while fewer than `size` of the crew's
 * repairs run, else it waits at the end of the crew's FIFO (part_wait, cause
 * crew-wait); when a repair ends (mc_crew_done) the head of the queue starts.
 * Events of one instant run in clock order, which is the declaration order
 * of parts, so ties join the queue in that order. Frozen: when the system
 * goes down every part gains a freeze reason (mc_freeze_add; a down part
 * then starts its next up period frozen), when it comes back each loses it.
 * Transient: the system's transitions are followed in the trial (first
 * outage, state at each point, windows broken); a trial's first outage goes
 * to the chunk, the counts are summed (integers: the order does not matter),
 * the MTTF's mean and spread are folded in trial order. */

/* Per chunk: what the transient figures need of each trial. */
typedef struct mc_tchunk {
    double first_out[MC_CHUNK];   /* first system outage, or the trial's end */
    unsigned char censored[MC_CHUNK];
    long long r[MC_AT_MAX], a[MC_AT_MAX], ir[MC_AT_MAX];
    long long cr[MC_CURVE_POINTS], ca[MC_CURVE_POINTS];
} mc_tchunk;

/* The run's sums (mc_run.c keeps one). */
typedef struct mc_tacc_tr {
    long long n, censored;
    double mean, m2;              /* of the first outage times, trial order */
    long long r[MC_AT_MAX], a[MC_AT_MAX], ir[MC_AT_MAX];
    long long cr[MC_CURVE_POINTS], ca[MC_CURVE_POINTS];
} mc_tacc_tr;

/* mc_crews.c: compiles crews, frozen, the options' times into m (after
 * mc_model_init): 0, MC_ENOMEM or MC_EINVALID (a time past the mission). */
int mc_z14_model(mc_model *m, const topology *t, const mc_options *opt);
/* Fills the result's assumptions and transient figures. 0 or MC_ENOMEM. */
int mc_z14_result(mc_result *res, const topology *t, const mc_model *m, const mc_tacc_tr *a,
                  const mc_options *opt);
void mc_crew_ready(mc_ws *ws, int p);   /* part p's repair is due */
void mc_crew_done(mc_ws *ws, int c);    /* one of crew c's repairs ended */
void mc_frozen_set(mc_ws *ws, int down);/* the system went down (1) / up (0) */
/* mc_transient.c */
void mc_z14_trial_reset(mc_ws *ws);     /* start of a trial, before the parts */
void mc_steady_part(mc_ws *ws, int p);  /* part p's first state (--start steady) */
void mc_steady_apply(mc_ws *ws);        /* pushes the parts down at 0 into the structure */
void mc_z14_trial_start(mc_ws *ws);     /* after the parts (and the steady start) */
void mc_z14_system(mc_ws *ws, int up);  /* the system changed (end of an instant) */
/* End of a trial, after its figures (and, with --until-failure, after
 * mc_trial.c ran the history on to its first outage or the cap): the points
 * still open; writes trial i of chunk c. Returns 0. */
int mc_z14_trial_end(mc_ws *ws, mc_chunk *c, long long i);
void mc_tr_add_chunk(mc_tacc_tr *a, const mc_chunk *c);

/* ---------- rare events (issue 18, mc_rare.c; docs/rare-events.md) ----------
 *
 * Importance sampling by failure biasing and forcing: while every target is
 * up, every up, unfrozen part whose failure law is exponential (not a cold
 * instance) fails theta times faster, theta chosen at the instant from the
 * past only; while a target is down all rates are nominal (the residuals are
 * redrawn: memoryless). The log likelihood ratio of the history so far is
 * kept in the trial; ws->rare_w is exp of it as of the last instant, and is
 * 1 exactly in a crude run. Since nothing is biased while a target is down,
 * the ratio is constant over every target's outage:
 * its downtime, its causes and the outage itself are weighted by rare_w. */
int mc_rare_model(mc_model *m, const topology *t, const mc_options *opt); /* 0 or MC_EINVALID */
int mc_rare_ws_alloc(mc_ws *ws);        /* in mc_ws_new: 0 or MC_ENOMEM */
void mc_rare_ws_free(mc_ws *ws);
void mc_rare_trial_init(mc_ws *ws);     /* end of trial_init */
void mc_rare_part(mc_ws *ws, int p);    /* part p's clock, before it acts */
void mc_rare_instant(mc_ws *ws);        /* end of an instant, after the flush */
/* The figures estimated under importance sampling: outages per year and mean
   outage from the weighted counts; those that need the law of a year
   (percentiles, SLA breach, longest outage) and capacity are not estimated. */
void mc_rare_result(mc_result *res, const mc_acc *acc, const mc_model *m);
/* mc_trial.c: one event of clock id at ws->now. */
void mc_dispatch(mc_ws *ws, int id);

/* ---------- MPI: chunks across ranks (mc_mpi.c, only with -DNINES_MPI) ----------
 *
 * Every rank calls mc_run with the same topology and options (they follow
 * the same command). Rank 0 hands out batches of chunks (their indices) to
 * the ranks that ask, computes batches itself in between, receives every
 * chunk as bytes (mc_chunk_serial) and folds them strictly in chunk order,
 * as mc_pool_run does: the figures are those of one process, bit for bit.
 * At the end rank 0 sends every rank the run's state (the regions below),
 * so every rank builds the same mc_result and follows the same flow. */

typedef struct mc_mpi_region {
    void *p;
    size_t n;
} mc_mpi_region;

typedef struct mc_mpi_job {
    /* the local pool: threads, ring, stop (the caller's flag), halt, work
       (called with a GLOBAL chunk index), tick (progress, rank 0), ctx;
       n_chunks is the whole run's; reduce and tick_ms are not used */
    mc_pool_job pool;
    mc_chunk *ring;                 /* the slots job->pool.work fills */
    const mc_model *m;              /* the model (mc_chunk_serial) */
    mc_chunk *scratch;              /* rank 0: a slot of m to unpack into */
    /* rank 0: folds chunk c (chunks 0, 1, 2... in order) */
    void (*fold)(void *ctx, const mc_chunk *c);
    /* what rank 0 sends every other rank at the end (after the last fold):
       built from RUN_FIELDS in mc_run.c: a new member of the run adds its line there */
    const mc_mpi_region *state;
    int n_state;
} mc_mpi_job;

/* Runs the job over every rank. Returns the chunks folded (the same on
 * every rank: all of them unless stopped), MC_ENOMEM if a rank failed, or
 * MC_ERANK if a rank stopped answering (died or was killed: nothing to
 * keep). When the job stops (a signal on any rank), every rank's *stop
 * becomes the first stop value seen, so all ranks take the same path. */
long long mc_mpi_run(const mc_mpi_job *job);

#endif
