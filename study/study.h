/* study/study.h — the public header of study/: what nines computes over
 * several runs of designs, apart from running them and printing.
 *
 *   compare      a design's band in a reference table and the verdict of its
 *                95% interval against that band (study_compare.c);
 *   sweep        the grid of points of `nines sweep` and the name of each
 *                point's run (study_sweep.c);
 *   sensitivity  each law's importance and the nines of its four changes,
 *                ranked by what improving it would gain (study_rank.c);
 *   causes       a target's downtime by cause read for people: known or
 *                not, largest first, the planned share (study_causes.c).
 *
 * Nothing here prints or exits: functions return STUDY_OK or a negative
 * STUDY_E* code (study_strerror gives its message). Simulations are run
 * through the caller's study_simulate_fn, so the caller keeps the progress
 * bar, the stop flag and the report of a failed run. No global state: calls
 * on different objects may run on different threads.
 */
#ifndef NINES_STUDY_STUDY_H
#define NINES_STUDY_STUDY_H

#include "../data/store.h"
#include "../model/topology.h"
#include "../montecarlo/mc.h"

enum {
    STUDY_OK = 0,
    STUDY_ENOMEM = -1,     /* out of memory */
    STUDY_ESIMULATE = -2,  /* the caller's study_simulate_fn failed (it reported why) */
    STUDY_ETOOMANY = -3    /* a sweep's grid has more points than allowed */
};

/* The message of a STUDY_E* code ("out of memory", ...); never NULL. */
const char *study_strerror(int code);

/* Runs one simulation of t for the study (label: what the progress bar
 * shows). Returns 0 with *out a result the study frees with mc_result_free,
 * or non-zero after reporting the failure itself (*out then freed too, if
 * set). ctx is the caller's. */
typedef int (*study_simulate_fn)(void *ctx, const topology *t, const char *label,
                                 mc_result **out);

/* ===================== compare (study_compare.c) ===================== */

/* The band ref publishes for design t, into *lo and *hi (ratios): the rows
 * named by t's `reference:` key; without a key, with match_name set (the
 * user named the table), the rows named like the design. Returns 1 if there
 * is a band, 0 if not (ref NULL, no key, or no such row; *lo, *hi then
 * untouched). */
int study_band(const ref_table *ref, const topology *t, int match_name, double *lo,
               double *hi);

/* The verdict of a design's 95% interval (system figures s) against its
 * band: "below" if the whole interval is under the band's low end, "above"
 * if it is over the high end, "within" if they meet, "no reference" without
 * a band (has_band 0). A static string. */
const char *study_verdict(const mc_figures *s, int has_band, double lo, double hi);
/* The same verdict for the unplanned availability's 95% interval
 * (availability_unplanned, unplanned_ci_lo/hi): "unknown" for a run stored
 * before nines kept causes. */
const char *study_verdict_unplanned(const mc_figures *s, int has_band, double lo, double hi);
/* Seconds of writes lost per year by a design: the sum over its n services
 * with data-loss figures (docs/semantics.md, "Data loss"); *known is 0 (and
 * the sum 0) when none has them. */
double study_loss_seconds(const mc_figures *services, int n, int *known);

/* ===================== paired comparison (study_paired.c, Y16) ===================== */

/* The paired difference of two runs with common random numbers. */
typedef struct study_paired_diff {
    long long trials;      /* pairs */
    double mean;           /* mean of scale x (b[i] - a[i]) */
    double std_error;
    double ci_lo, ci_hi;   /* 95% interval (Student t, trials - 1 degrees) */
    int significant;       /* the interval does not contain 0 */
} study_paired_diff;

/* The difference B - A of per-trial values a[i], b[i] (i < n, trial i of
 * both runs from the same random stream), each scaled by `scale` (525600
 * for a down fraction in minutes per year, 1 for a capacity). */
void study_paired(const double *a, const double *b, long long n, double scale,
                  study_paired_diff *out);

/* ===================== downtime by cause (study_causes.c) ===================== */

/* 1 if f carries its downtime by cause (every cause a number); 0 if it is
 * unknown (NaN: a run stored before nines kept causes). */
int study_causes_known(const mc_figures *f);

/* The causes with some downtime, largest first (equal ones in topo_cause
 * order), into order[0..n); returns n (0 when unknown or never down). */
int study_causes_ranked(const mc_figures *f, int order[CAUSE_N]);

/* The planned share of f's downtime: `maintenance` over the sum of the
 * causes, in [0, 1]; NAN when unknown or never down. */
double study_planned_share(const mc_figures *f);

/* ===================== sweep (study_sweep.c) ===================== */

/* One `--set PATH=VALUES` of a sweep: the path and, per point, the YAML text
 * loaded there and the number it stands for (hours for a duration, the
 * ratio for a percentage, else the number; NAN for a law). Filled by the
 * command line (cli/sweep_values.c), which owns its strings. */
typedef struct study_axis {
    char *path;
    char **values;
    double *x;
    int n, cap;
} study_axis;

/* The number of points of the grid of n_axes axes (every combination of
 * their values) into *n. Returns STUDY_OK, or STUDY_ETOOMANY (*n untouched)
 * when there would be more than max. */
int study_grid_size(const study_axis *ax, int n_axes, int max, int *n);

/* Point i of the grid, in row-major order (the last axis varies fastest):
 * its value index on each axis into idx[0..n_axes), and the overrides that
 * load it into set[0..n_axes) (strings borrowed from ax). */
void study_grid_point(const study_axis *ax, int n_axes, int i, int *idx, topo_set *set);

/* Renames a point's run "NAME [PATH=VALUE, PATH=VALUE]" (r->name replaced).
 * Returns STUDY_OK or STUDY_ENOMEM (r unchanged). */
int study_point_name(mc_result *r, const study_axis *ax, int n_axes, const int *idx);

/* ===================== sensitivity (study_rank.c) ===================== */

/* The four changes of a law, in this order everywhere: its mean time to
 * fail halved and doubled, its mean time to repair halved and doubled. A
 * maintenance entry's row puts in the same places its `every` halved and
 * doubled and its `duration` halved and doubled; the row of its `error`:
 * the error doubled (at most 100%) and halved, its `recovery` halved and
 * doubled. So in every row the first change makes things fail (or go wrong)
 * more often, the second less often, the third shortens the downtime and
 * the fourth lengthens it. */
enum { STUDY_FAIL_HALF, STUDY_FAIL_DOUBLE, STUDY_REPAIR_HALF, STUDY_REPAIR_DOUBLE,
       STUDY_N_CHANGES };

/* What a row of the ranking changes. */
typedef enum study_row_kind {
    STUDY_ROW_LAW,          /* a law: its fail and repair times (a common
                               cause's own law is one: "common-cause.NAME") */
    STUDY_ROW_MAINT,        /* a maintenance entry: `every` and `duration` */
    STUDY_ROW_MAINT_ERROR,  /* a maintenance entry with error > 0: `error`
                               and `recovery` */
    STUDY_ROW_ROLE,         /* the parts of a law that stand in one place (a
                               role): its fail and repair times there only */
    STUDY_ROW_FAILOVER,     /* an active-passive service's failover time:
                               halved and doubled (the two first changes NAN) */
    STUDY_ROW_SWITCHOVER    /* its switchover time, likewise */
} study_row_kind;

/* The name of change c of a row of this kind, as the progress bar and the
 * JSON keys ("nines_" NAME) say it: "fail_half", "fail_double",
 * "repair_half", "repair_double" (a law and a role); "every_half",
 * "every_double", "duration_half", "duration_double"; "error_double",
 * "error_half", "recovery_half", "recovery_double"; a delay row's two
 * changes "time_half", "time_double" (its first two are ""). */
const char *study_change_name(study_row_kind kind, int c);

/* Where a row's four changes come from. */
typedef enum study_source {
    STUDY_SRC_SOLVER,     /* the analytic solver, exact on the design */
    STUDY_SRC_SIMULATED,  /* simulated scaled copies (common random numbers) */
    STUDY_SRC_APPROX      /* the analytic solver's approximation (fast mode,
                             rows outside the top K); gain against the
                             solver's own figure for the design */
} study_source;

/* "solver", "simulation", "solver-approximation" (the JSON's words). */
const char *study_source_name(study_source s);

/* One row of the ranking: a law of the design, or a maintenance entry's
 * period and duration, or its error and recovery. */
typedef struct study_law {
    study_row_kind kind;
    int law;                 /* STUDY_ROW_LAW: index in the topology's laws;
                                else -1 */
    int maint;               /* STUDY_ROW_MAINT*: index in topology->maint;
                                else -1 */
    int service;             /* STUDY_ROW_FAILOVER, _SWITCHOVER: the service;
                                else -1 */
    int role;                /* STUDY_ROW_ROLE: its place among the law's
                                roles (order of first part); the law is in
                                `law`; else -1 */
    const char *name;        /* the law's name (borrowed from the topology),
                                or "maintenance.NAME" / "maintenance.NAME.error"
                                (owned: study_rows_free) */
    law_importance imp;      /* a maintenance row: parts = its units, the
                                rest NAN (importance is the laws') */
    double share;            /* of system downtime; NAN if not measured */
    double nines[STUDY_N_CHANGES];
    int exact;               /* importance and changes from exact solves */
    double gain;             /* best of fail x2, repair /2, minus the base nines */
    double rank_gain;        /* gain, or 0 where a simulated gain is within noise */
    int measurable;          /* 1 if exact, or simulated and |gain| at least
                                the noise (two standard errors); 0: "no
                                measurable effect" */
    char *owned_name;        /* what name points to when owned; else NULL */
    study_source source;     /* where the four changes come from */
} study_law;

/* Frees the rows of study_rank_laws and the names they own. NULL ok. */
void study_rows_free(study_law *rows, int n);

/* The design's nines: the analytic solver's when it is exact (a), else the
 * simulated base run's. */
double study_base_nines(const analytic_result *a, const mc_result *base);

/* Two standard errors of the simulated base run, in nines
 * (d nines = d A / ((1 - A) ln 10)); 0 for a base run with no downtime. */
double study_noise(const mc_result *base);

/* study_simulate_fn with a number of histories: trials of the caller's
 * seed, so that trial i is the same history as trial i of the base run
 * (common random numbers). It is given study_rank_options.simulate_ctx. */
typedef int (*study_simulate_trials_fn)(void *ctx, const topology *t, const char *label,
                                        long long trials, mc_result **out);

typedef struct study_rank_options {
    double base_nines;       /* study_base_nines */
    int base_exact;          /* the solver is exact on the design */
    double noise;            /* study_noise */
    study_simulate_fn simulate;  /* runs a scaled copy the solver is not exact on */
    void *simulate_ctx;
    const volatile int *stop;    /* may be NULL; non-zero: rank the laws done */
} study_rank_options;

/* Fast mode (study_rank_laws_fast): on a design the solver is not exact
 * on, every row's importance (one central difference instead of three) and
 * four changes come from the solver's approximation first, the rows are
 * ranked by its gain, and only the `top` first have their four changes
 * simulated, with change_trials histories each, against the design
 * simulated on the same histories. No effect on a design the solver is
 * exact on. */
typedef struct study_fast_options {
    int top;                     /* rows simulated; 0: every row (exhaustive) */
    long long trials;            /* the base run's histories */
    long long change_trials;     /* histories per simulated change; 0:
                                    study_change_trials(trials, rows
                                    simulated) */
    study_simulate_trials_fn simulate_trials; /* NULL: o->simulate, at trials */
} study_fast_options;

/* The histories per simulated change of the fast mode with top K rows and
 * a base run of `trials`: about three base runs shared by the 4 K changes
 * and the design run again on the same histories, 3 trials / (4 K + 1), at
 * least 1000 (or trials, if fewer), at most trials. */
long long study_change_trials(long long trials, int top);

/* For every law of t used by some part (a common cause's law counts: it
 * is a part): its importance (analytic_importance) and the nines of its
 * four changes (analytic_solve_scaled where it and the base are exact, else
 * a simulation of the scaled copy, topo_scale_law, labelled "LAW
 * fail_half", ...). A law whose parts stand in more than one place gets,
 * after its own row, one row per role, the same figures for those parts
 * alone (on a copy where they run a law of their own): hosts grouped by the
 * services they run ("server on ctl1, ctl2, ctl3 (hosts of keystone,
 * mysql)"), members by service ("LAW as instances of SERVICE"), each common
 * cause alone ("LAW as common-cause.NAME"). Every active-passive service
 * with a failover time gets a row of that time halved and doubled, and of
 * its switchover time when t has maintenance. Then for every maintenance entry a row of its `every`
 * and `duration` changes, and when its error is above 0 a row of its
 * `error` and `recovery` changes, each solved or simulated the same way on a
 * changed copy of t. Ranked by the gain in nines of the better of the
 * second and third changes (fail x2 and repair /2 for a law), a simulated
 * gain below o->noise counting as none; ties (within 1e-9 nines) by
 * criticality (rows without one last), then laws (by index) before
 * maintenance (in file order, an entry's error row after its other row). The shares are NAN (study_law_shares fills the laws').
 * Returns STUDY_OK with *laws (owned: study_rows_free) and *n set, *stopped
 * 1 if *o->stop ended the work early (the rows done are ranked); or
 * STUDY_ENOMEM or STUDY_ESIMULATE with *laws NULL and *n 0. */
int study_rank_laws(const topology *t, const study_rank_options *o, study_law **laws,
                    int *n, int *stopped);

/* study_rank_laws, in fast mode when f is not NULL and f->top > 0 and the
 * solver is not exact on the design (o->base_exact 0); else exactly
 * study_rank_laws. In fast mode:
 *   1. every row's importance and four changes come from the solver's
 *      approximation (source STUDY_SRC_APPROX; gain against the solver's
 *      figure for the design, solved once, so that its bias cancels;
 *      always measurable);
 *   2. the f->top first rows by that gain (ties by criticality, as the
 *      ranking) are simulated: the design on m = f->change_trials
 *      histories (0: study_change_trials of the rows simulated; no such
 *      run when m is the base run's f->trials), then each
 *      change on the same m histories; change c's nines are o->base_nines
 *      plus the difference of the two runs' nines (common random numbers),
 *      and the noise of their gain is two standard errors of the m-history
 *      design run (source STUDY_SRC_SIMULATED); a gain within that noise
 *      ranks by the solver's gain, at most the noise;
 *   3. every row is ranked as in study_rank_laws.
 * A stop during step 2 leaves the rows not yet simulated with the solver's
 * figures (*stopped 1). Returns as study_rank_laws. */
int study_rank_laws_fast(const topology *t, const study_rank_options *o,
                         const study_fast_options *f, study_law **laws, int *n, int *stopped);

/* Fills each law row's share of system downtime and *delay_share (downtime
 * with no part down) from a base run made with mc_options.attribute on a
 * topology of n_topo_laws laws (maintenance rows keep NAN). Returns 1, or 0 (nothing changed) when the run
 * carries no attribution. */
int study_law_shares(const mc_result *base, int n_topo_laws, study_law *laws, int n,
                     double *delay_share);

#endif
