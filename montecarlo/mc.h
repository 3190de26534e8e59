/* montecarlo/mc.h — the public header of montecarlo/: the discrete-event Monte
 * Carlo engine that simulates histories of a topology and the figures of a run.
 *
 * mc_run simulates `trials` independent histories of `mission` hours each.
 * Trial i draws only from its own random stream, derived from (seed, i), and
 * per-trial results are reduced in trial order, so a run's figures are the
 * same to the last bit whatever the number of threads. Memory does not grow
 * with the number of trials.
 *
 * Ownership: an mc_result is self-contained (it owns copies of every name) so
 * that it can be stored, read back and printed without the topology.
 * Thread-safety: mc_run may be called from one thread at a time per options
 * object; it starts and joins its own worker threads. Nothing here prints.
 */
#ifndef NINES_MONTECARLO_MC_H
#define NINES_MONTECARLO_MC_H

#include <stddef.h>
#include <stdint.h>

#include "../model/topology.h"

enum {
    MC_OK = 0,
    MC_ENOMEM = -1,      /* out of memory */
    MC_EINVALID = -2,    /* bad options (trials < 1, threads < 1, ...) */
    MC_EINTERRUPTED = -3,/* *stop became non-zero: result holds the trials done */
    MC_ETOOLONG = -4,    /* a trial would simulate more than MC_MAX_TRIAL_EVENTS
                            events on average (a law far too fast for the mission) */
    MC_ETOOBIG = -5,     /* the run's figures (about 16 KB per service and view,
                            and 4.4 KB more per thread) would not fit in the
                            machine's memory: refused before allocating */
    /* MPI (W19) */
    MC_ERANK = -6        /* an MPI rank stopped answering (died or was killed):
                            the run is lost, nothing to keep */
};

/* Expected events of one trial above which mc_run refuses (docs/limits.md):
 * each part makes two events per up/down cycle, so a part contributes
 * 2 mission / (mean up + mean down). 10^9 events is minutes per trial; a
 * repair of 1e-300 s would never let a trial end (time stops advancing). */
#define MC_MAX_TRIAL_EVENTS 1e9

/* MC_TRUST_OUTAGES: the fewest system outages observed over a run for its 95%
 * interval to be trusted. Below it the spread between histories rests on a
 * handful of events: run and show print a warning, the report says so and
 * its cross-check against the analytic solver gives no gap. */
#define MC_TRUST_OUTAGES 30

/* Yearly-downtime histogram: bin 0 holds years with no downtime at all; bins
 * 1..MC_HIST_BINS-1 are log-spaced from MC_HIST_MIN_MIN minutes (bin 1 lower
 * edge) with MC_HIST_PER_DECADE bins per decade; the last bin also takes
 * everything above its lower edge. */
#define MC_HIST_BINS 1001
#define MC_HIST_PER_DECADE 100
#define MC_HIST_MIN_MIN 1e-3

/* Lower edge, in minutes, of histogram bin b >= 1. */
double mc_hist_edge(int b);

/* Blast radius (Y16; docs/semantics.md, "Capacity figures"): sizes 1 ..
 * MC_BLAST_MAX each have a bin; one last bin takes every event of more than
 * MC_BLAST_MAX members. */
#define MC_BLAST_MAX 64
#define MC_BLAST_BINS (MC_BLAST_MAX + 1)

/* The figures of one target: the system, one service or one view. */
typedef struct mc_figures {
    char *name;
    double availability;           /* mean over trials of the up fraction */
    double ci_lo, ci_hi;           /* 95% confidence interval (Student t) */
    double std_error;              /* of the availability */
    double nines;                  /* units_nines(availability): capped at 12 */
    double downtime_min_per_year;  /* (1 - availability) * 525600 */
    double year_p50, year_p95, year_p99, year_max; /* yearly downtime, minutes */
    double outages_per_year;
    long long outages;             /* outages observed over all trials */
    double mean_outage_min;
    double longest_outage_min;
    double sla_breach;             /* chance a year breaches the sla; -1 if no sla */
    long long years;               /* simulated calendar years counted */
    /* downtime by cause (docs/semantics.md), minutes per year, topo_cause
       order; they sum to downtime_min_per_year */
    double cause_min_per_year[CAUSE_N];
    /* 1 - (downtime not attributed to maintenance) / mission, averaged over
       trials, with its 95% interval */
    double availability_unplanned, unplanned_ci_lo, unplanned_ci_hi;
    long long hist[MC_HIST_BINS];  /* yearly downtime histogram */
    /* data loss (docs/semantics.md, "Data loss"): has_loss is 1 for a service
       with `replication` or `failover.split-brain` (0 for every other target,
       and for runs stored before nines kept data loss: not known). Loss
       events and seconds of writes lost per year, the chance that a counted
       calendar year loses any write, each with its 95% interval (Student t
       over trials), and the largest single loss in seconds. */
    int has_loss;
    double loss_events_per_year, loss_events_ci_lo, loss_events_ci_hi;
    double loss_seconds_per_year, loss_seconds_ci_lo, loss_seconds_ci_hi;
    double year_with_loss_probability, year_loss_ci_lo, year_loss_ci_hi;
    double loss_largest_seconds;
    /* ---- capacity (Y16; docs/semantics.md, "Capacity figures") ----
       members counted: a service's, or the members of a view's listed
       services (the system's too); 0 when not known (a run stored before
       nines kept capacity), and then the rest is meaningless */
    int members;
    double capacity;               /* mean over trials of the fraction of
                                      members serving (time-weighted) */
    double capacity_ci_lo, capacity_ci_hi; /* 95% interval (Student t) */
    double capacity_std_error;
    double member_hours_lost_per_year;     /* (1 - capacity) x members x 8760 */
    /* blast[k - 1]: events per year (part failures) that took exactly k
       members from serving to not serving, k = 1 .. MC_BLAST_MAX;
       blast[MC_BLAST_MAX]: more than MC_BLAST_MAX */
    double blast[MC_BLAST_BINS];
} mc_figures;

/* A point of the convergence curve: the running estimate after `trials`. */
typedef struct mc_conv_point {
    long long trials;
    double availability, ci_lo, ci_hi;
} mc_conv_point;

#define MC_CONV_POINTS 64

/* Transient figures (issue 14): at most MC_AT_MAX times per run; the
 * curves of R(t) and A(t) have MC_CURVE_POINTS points. */
#define MC_AT_MAX 32
#define MC_CURVE_POINTS 65

typedef struct mc_result {
    char *name;             /* topology name */
    long long trials;       /* trials completed (== requested unless partial) */
    long long trials_requested;
    int partial;            /* 1 if interrupted */
    uint64_t seed;
    int threads;
    double mission_hours;
    double sla;             /* ratio, -1 if none */
    mc_figures system;
    mc_figures *services; int n_services;
    mc_figures *views;    int n_views;
    mc_conv_point conv[MC_CONV_POINTS]; int n_conv; /* system, log-spaced */
    long long events;       /* events simulated */
    double seconds;         /* wall-clock time of the simulation */
    int n_parts;            /* parts simulated (laws running); 0 if unknown */
    /* Downtime attribution (only with mc_options.attribute; else NULL / -1):
       each moment of system downtime is split equally among the laws with a
       part down at that moment; law_share[l] is law l's share of all system
       downtime (topology law order), delay_share the share with every part
       up (failovers, rejoins, bootstraps, resyncs). They sum to 1 (all 0 when
       the system was never down). */
    int n_laws;
    double *law_share;
    double delay_share;
    /* ---- per-trial values (Y16; only with mc_options.keep_trials, else
       NULL): trial i's down fraction and capacity (fraction of members
       serving) of target keep_target (0 the system, 1 + s service s,
       1 + n_services + v view v), trials 0 .. trials - 1 in order: what a
       paired comparison with common random numbers needs */
    double *trial_down, *trial_capacity;
    int keep_target;
    /* --- repair crews, frozen-when-down, transient figures (issue 14) --- */
    /* The assumptions the run made (docs/semantics.md): `repairs` is
       "unlimited" or the crews, "onsite (1), night (2)"; NULL if unknown
       (an older stored run). frozen: 1 failures frozen while the system is
       down, 0 they go on, -1 unknown. start_steady: 1 the trials started
       from the stationary law (--start steady), 0 from new. */
    char *repairs;
    int frozen;
    int start_steady;
    /* With mc_options.n_at > 0 (else n_at 0 and the rest unset): at each
       time at[k] (hours), R(t) = P(no system outage in [0, t]), the point
       availability A(t) and, with window > 0, the interval reliability
       IR(t, window) = P(up throughout [t, t + window]); each with its
       standard error (binomial). */
    int n_at;
    double at[MC_AT_MAX];
    char *at_label[MC_AT_MAX];     /* as written ("168h"), or NULL */
    double window;                 /* hours; 0: no interval reliability */
    double reliability[MC_AT_MAX], reliability_se[MC_AT_MAX];
    double point_availability[MC_AT_MAX], point_availability_se[MC_AT_MAX];
    double interval_reliability[MC_AT_MAX], interval_reliability_se[MC_AT_MAX];
    /* MTTF from new: the mean time to the first system outage, with its 95%
       interval. A trial with no outage by its end (the mission, or with
       until_failure the cap) is censored and counts its end instead, so
       with censored_trials > 0 mttf_hours is a lower bound. */
    double mttf_hours, mttf_ci_lo, mttf_ci_hi;
    long long censored_trials;
    int until_failure;             /* histories ran on past the mission until
                                      their first outage (or until_cap) */
    double until_cap;              /* hours */
    /* curves for charts: R and A on MC_CURVE_POINTS times from 0 to
       curve_end (0 when no --at) */
    double curve_end;
    double curve_r[MC_CURVE_POINTS], curve_a[MC_CURVE_POINTS];
    /* --- rare events (issue 18, mc_rare.c; docs/rare-events.md) --- */
    int rare;                      /* 1: importance sampling ran (failure
                                      biasing), 0: crude Monte Carlo */
    double rare_p;                 /* the biasing's target chance of a
                                      failure before the next repair */
    double rare_ess;               /* effective sample size of the system's
                                      outage weights, (sum w)^2 / sum w^2;
                                      0 with no outage or crude */
    char *rare_note;               /* why --rare auto chose the method, or
                                      NULL (set by the caller, owned) */
    /* --- the exponential sampler (issue 18, mc_zig.c; docs/engine.md) --- */
    int exp_sampler;               /* MC_EXP_ZIGGURAT or MC_EXP_INVERSE: how
                                      exponential laws were drawn */
} mc_result;

/* How exponential laws are drawn (issue 18; docs/engine.md "Exponential
 * draws"): the ziggurat (Marsaglia and Tsang 2000), or the inverse transform
 * -mean log(1 - u) of the engine before it, kept so that stored runs made
 * with it still reproduce bit for bit. Both are exact; their streams differ. */
enum { MC_EXP_ZIGGURAT = 0, MC_EXP_INVERSE = 1 };

/* Called from the thread that called mc_run, about ten times a second. */
typedef void (*mc_progress_fn)(void *ctx, long long done, long long total);

typedef struct mc_options {
    long long trials;       /* >= 1 */
    uint64_t seed;
    int threads;            /* 1..256 */
    double mission;         /* hours; <= 0: the topology's mission */
    volatile int *stop;     /* may be NULL; set non-zero (e.g. from a signal
                               handler) to stop within a second */
    mc_progress_fn progress;/* may be NULL */
    void *progress_ctx;
    int attribute;          /* 1: measure law_share / delay_share (slower
                               while the system is down); same figures otherwise */
    /* ---- per-trial values (Y16) ---- */
    int keep_trials;        /* 1: keep every trial's down fraction and
                               capacity of keep_target in the result (16
                               bytes a trial) */
    int keep_target;        /* 0 the system, 1 + s service s, 1 + n_services
                               + v view v */
    /* --- transient figures and the steady start (issue 14) --- */
    int n_at;               /* 0..MC_AT_MAX times of R(t), A(t), IR(t) */
    double at[MC_AT_MAX];   /* hours, > 0, each + window <= the mission */
    double window;          /* hours >= 0: interval reliability's window */
    int until_failure;      /* 1: run each history past the mission until its
                               first system outage (at most until_cap) */
    double until_cap;       /* hours; <= 0: 1000 x the mission */
    int start_steady;       /* 1: each part starts in a state drawn from its
                               stationary law (docs/semantics.md) */
    const char *at_label[MC_AT_MAX]; /* each time as the user wrote it, or NULL */
    /* --- rare events (issue 18, mc_rare.c; docs/rare-events.md) --- */
    int rare;               /* 1: importance sampling by failure biasing
                               (mc_rare_check must accept the design) */
    double rare_p;          /* the biasing's target chance (docs/rare-events.md),
                               in (0, 1); <= 0: MC_RARE_P */
    /* --- the exponential sampler (issue 18, mc_zig.c; docs/engine.md) --- */
    int exp_sampler;        /* MC_EXP_ZIGGURAT (0, the default) or
                               MC_EXP_INVERSE (runs made before issue 18) */
} mc_options;

/* Runs the simulation. Returns MC_OK and *out (free with mc_result_free);
 * MC_EINTERRUPTED with *out holding the trials completed before the stop
 * (marked partial; NULL if none completed); or MC_ENOMEM / MC_EINVALID /
 * MC_ETOOLONG / MC_ETOOBIG with *out NULL. */
int mc_run(const topology *t, const mc_options *opt, mc_result **out);

void mc_result_free(mc_result *r); /* NULL ok */

/* A new empty result with room for n_services and n_views figures (names
 * NULL), for readers such as the store; NULL on out of memory. */
mc_result *mc_result_new(int n_services, int n_views);

/* Percentile p in [0,1] of yearly downtime (minutes) from a histogram. */
double mc_hist_percentile(const long long *hist, double p);

const char *mc_strerror(int code);

/* ---------- MPI (W19; docs/cluster.md) ----------
 *
 * Built with -DNINES_MPI (make MPI=1), every rank of `mpirun -n N nines ...`
 * runs the same command and calls mc_run with the same arguments; mc_run
 * shares the trial chunks among the ranks and gives every rank the same
 * result, bit-identical to one process. Without NINES_MPI these are stubs:
 * one process, rank 0. mc_mpi_init and mc_mpi_finish are for main() only. */
#ifdef NINES_MPI
/* MPI_Init_thread (funneled: only the thread that calls mc_run talks MPI);
 * 0, or -1 if MPI could not start. */
int mc_mpi_init(int *argc, char ***argv);
int mc_mpi_rank(void); /* 0 in one process */
int mc_mpi_size(void); /* 1 in one process */
/* Ends MPI: MPI_Finalize, or MPI_Abort(status) after a run lost a rank
 * (MC_ERANK), which would make MPI_Finalize wait for ever. Returns status. */
int mc_mpi_finish(int status);
#else
static inline int mc_mpi_init(int *argc, char ***argv) { (void)argc; (void)argv; return 0; }
static inline int mc_mpi_rank(void) { return 0; }
static inline int mc_mpi_size(void) { return 1; }
static inline int mc_mpi_finish(int status) { return status; }
#endif
/* Rare events (issue 18): the default target chance p of the biasing: while
 * every target is up, one of the biased parts fails with chance p before the
 * next scheduled event of a down part, or before the history's end when no
 * part is down (docs/rare-events.md). */
#define MC_RARE_P 0.7

/* Rare events (issue 18): 1 if importance sampling can run on t with opt
 * (every feature of the design and the options is supported and some part
 * has an exponential failure law it can bias); else 0 with the reason,
 * naming the feature, in why ("it does not support maintenance windows"). */
int mc_rare_check(const topology *t, const mc_options *opt, char *why, size_t n);

#endif
