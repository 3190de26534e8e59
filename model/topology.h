/* model/topology.h — the public header of model/: topology types, laws and units,
 * loading and validation of `nines/1` files, and the analytic solver.
 *
 * A topology is loaded once (topo_load) and is immutable afterwards: every
 * string, array and position in it is owned by the topology and freed by
 * topo_free. Loading is not thread-safe with respect to one errors object, but
 * a loaded topology may be read from any number of threads at once.
 * law_sample is thread-safe as long as each thread uses its own gsl_rng.
 *
 * Units: every duration in this module is in hours (1 y = 8760 h); ratios are
 * in [0, 1]. Names used below: a *law* is a failure/repair pair (a profile or an
 * inline {fail, repair}); a *part* is one running copy of a law (a host's own
 * law, or one member's instance law); a *member* is the instance of a service
 * on one of its hosts.
 *
 * Nothing in model/ prints or exits; functions return 0 or a negative
 * TOPO_E* code, and messages are collected in a topo_errors list.
 */
#ifndef NINES_MODEL_TOPOLOGY_H
#define NINES_MODEL_TOPOLOGY_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

/* ---------- error codes ------------------------------------------------- */

enum {
    TOPO_OK = 0,
    TOPO_EINVALID = -1, /* the file has errors: see the topo_errors list */
    TOPO_EIO = -2,      /* the file could not be read */
    TOPO_ENOMEM = -3,   /* out of memory */
    TOPO_ETOOBIG = -4   /* analytic_solve: past its memory limit (docs/limits.md) */
};

/* ---------- positions and diagnostics ----------------------------------- */

/* A place in a source file. Lines and columns start at 1 (libfyaml's marks
 * start at 0: the loader adds 1). `file` points into topology->files (or, in
 * a diagnostic, to a string the diagnostic owns). line == 0: no position. */
typedef struct topo_pos {
    const char *file;
    int line, col;
} topo_pos;

/* One diagnostic: `file:line:col: error: msg`. */
typedef struct topo_diag {
    char *file;
    int line, col;
    char *msg; /* lowercase, no full stop, problem first, e.g.
                  "unknown host 'ctl4' in services.nova.hosts (did you mean 'ctl1'?)" */
} topo_diag;

/* Every error found in one load, in file order. Init with {0}. */
typedef struct topo_errors {
    topo_diag *items;
    int n, cap;
} topo_errors;

/* Frees the diagnostics; the list is empty and reusable afterwards. NULL ok. */
void topo_errors_release(topo_errors *errs);

/* Formats diagnostic i as "FILE:LINE:COL: error: MSG" (or "FILE: error: MSG"
 * without a position) into buf; returns buf. */
const char *topo_diag_format(const topo_diag *d, char *buf, size_t len);

/* ---------- units -------------------------------------------------------- */

/* Parses a duration with its unit ("30m", "1.5h", "3y", "250ms") into hours.
 * Returns 0, or -1 with a reason in why ("no unit", "negative", ...). A bare
 * number is an error: durations always carry a unit (ms s m h d w y). */
int units_parse_duration(const char *text, double *hours, char *why, size_t whylen);

/* Parses a ratio: "99%", "99.95%" or "0.99". Returns 0 or -1 with a reason. */
int units_parse_ratio(const char *text, double *ratio, char *why, size_t whylen);

/* Formats hours for people with the largest unit that keeps it readable
 * ("8h", "2.5d", "3y", "4s"); returns buf. */
const char *units_format_duration(double hours, char *buf, size_t len);

/* units_nines: the one rule for "nines" everywhere (run, analyze, compare,
 * sweep, sensitivity, charts): -log10(1 - availability), capped at
 * TOPO_NINES_CAP. A double resolves an availability to about 1e-16, and a
 * simulated mean to far less, so figures past 12 nines are noise: 12 reads
 * "12 or more". An availability of 1 or more, or NaN, gives the cap. */
#define TOPO_NINES_CAP 12.0
double units_nines(double availability);

/* The same rule from an unavailability u (1 - availability), for callers that
 * hold u itself (the engine's mean downtime fraction): -log10(u), capped at
 * TOPO_NINES_CAP; u <= 0 or NaN gives the cap. */
double units_nines_of_unavailability(double unavailability);

/* ---------- laws ---------------------------------------------------------- */

typedef enum law_kind {
    LAW_EXPONENTIAL,
    LAW_WEIBULL,
    LAW_LOGNORMAL,
    LAW_GAMMA,
    LAW_FIXED,
    LAW_UNIFORM
} law_kind;

/* One distribution of durations, in hours, in canonical parameters:
 *   exponential  a = mean
 *   weibull      a = shape k, b = scale lambda     (mean = lambda Gamma(1 + 1/k))
 *   lognormal    a = mu (of ln hours), b = sigma    (mean = exp(mu + sigma^2/2))
 *   gamma        a = shape k, b = scale theta       (mean = k theta)
 *   fixed        a = value
 *   uniform      a = min, b = max
 * A fixed law with value 0 means "none / instantaneous" (law_is_none). */
typedef struct law_dist {
    law_kind kind;
    double a, b;
} law_dist;

const char *law_kind_name(law_kind k);             /* "exponential", ... */
double law_mean(const law_dist *d);                /* hours */
double law_variance(const law_dist *d);            /* hours^2 */
/* P(X > t). */
double law_survival(const law_dist *d, double t);
/* The integral of P(X > u) du from t to infinity (E[max(X - t, 0)]). */
double law_tail_integral(const law_dist *d, double t);
/* One draw, in hours, with gsl_ran_*; r is the caller's own generator. */
double law_sample(const law_dist *d, gsl_rng *r);
/* 1 if the law is exponential (memoryless), else 0. */
int law_is_exponential(const law_dist *d);
/* law_is_none: the one test of "this delay is none / instantaneous" (the
 * engine, the analytic solver and the report all ask it): 1 if d is fixed at
 * 0 (or less), the loader's value for an absent rejoin, bootstrap, resync or
 * failover time; else 0. No other law the loader accepts has mean 0. */
int law_is_none(const law_dist *d);
/* Short human text: "exponential(mean 3y)", "weibull(shape 0.8, mean 120d)". */
const char *law_describe(const law_dist *d, char *buf, size_t len);

/* A failure/repair pair: a profile, or an inline law where one is used. */
typedef struct topo_law {
    char *name;   /* where it is defined: a profile's name ("server"), or the path
                     of an inline law ("services.keystone.instance",
                     "hosts.sw.profile") */
    law_dist fail;   /* time to failure (up period) */
    law_dist repair; /* time to repair (down period, after detection) */
    law_dist detect; /* time from failure until repair starts (`detect`);
                        fixed 0 = none. Every law the loader makes sets it. */
    topo_pos pos;
    int crew;        /* index into topology->crews or -1: repairs unlimited
                        (a value out of range, as in a law built by hand
                        with crew 0 and no crews, counts as -1) */
} topo_law;

/* Steady-state availability of one part with law l:
 * mean up / (mean up + mean detect + mean repair). */
double law_availability(const topo_law *l);

/* ---------- the topology -------------------------------------------------- */

typedef enum topo_mode {
    MODE_SINGLE,
    MODE_ACTIVE_ACTIVE,
    MODE_QUORUM,
    MODE_ACTIVE_PASSIVE
} topo_mode;

const char *topo_mode_name(topo_mode m); /* "single", "active-active", ... */

/* A service's `replication` (docs/semantics.md, "Data loss"): none when
 * absent; async loses a `lag` draw when the active role moves after a
 * failure, semi-sync and sync lose nothing. */
typedef enum topo_repl {
    REPL_NONE,
    REPL_ASYNC,
    REPL_SEMI_SYNC,
    REPL_SYNC
} topo_repl;

const char *topo_repl_name(topo_repl r); /* "none", "async", "semi-sync", "sync" */

/* The closest of cands[0..n) to word by edit distance, if close enough to be a
 * likely typo (distance <= max(1, len/3)); else NULL. Every did-you-mean of
 * nines comes from it (keys, names, --set paths, commands). */
const char *topo_suggest(const char *word, const char *const *cands, int n);

typedef struct topo_host {
    char *name;
    int law;      /* index into topology->laws; -1: never fails by itself */
    int *needs;   /* direct `needs`, host indices */
    int n_needs;
    topo_pos pos;
} topo_host;

/* The instance of a service on one of its hosts. */
typedef struct topo_member {
    int service; /* index into topology->services */
    int host;    /* index into topology->hosts */
    int rank;    /* position in the service's `hosts` list (0 = first) */
    /* `needs-local` resolved: the members this member needs on its own host,
       one per name of its service's needs_local, in that order (member
       indices); NULL and 0 without needs-local (docs/semantics.md,
       "Capacity: needs-local, serving members, views with need") */
    int *local_needs;
    int n_local_needs;
} topo_member;

typedef struct topo_service {
    char *name;
    topo_mode mode;
    int *hosts;        /* as listed; member `first_member + i` runs on hosts[i] */
    int n_hosts;
    int first_member;  /* index of its first member in topology->members */
    int instance;      /* law index of one instance; -1: instances never fail */
    int need;          /* members needed to be up: single 1, active-active `need`,
                          quorum n/2 + 1, active-passive 1 */
    /* quorum: a returning member counts only `rejoin` after its return; after
       quorum is lost the service returns only `bootstrap` after quorum is back.
       Fixed 0 = none. May be any law (a duration is a fixed law). */
    law_dist rejoin, bootstrap;
    /* active-passive (DESIGN.md): failover time (fixed 0 by default), success
       probability (1 by default), cold standby, resync (fixed 0 = none). */
    law_dist failover_time;
    double failover_success;
    int cold;          /* 1: standby: cold */
    law_dist resync;
    /* active-passive: planned moves (a member taken down by maintenance work);
       each defaults to the failover value (docs/semantics.md, "Switchover") */
    law_dist switchover_time;
    double switchover_success;
    /* data loss (docs/semantics.md, "Data loss"). `replication` (active-passive
       and quorum; quorum only sync): REPL_NONE when absent; repl_lag is the
       async lag (fixed 0 for every other mode). `failover.split-brain`
       (active-passive): the chance that a successful failover leaves both
       members writing (0 by default), the time until the split is found
       (default fixed 30 min) and the outage that repairs it (default fixed
       1 h); the two defaults are set on every service. */
    topo_repl repl_mode;
    law_dist repl_lag;
    double split_brain;
    law_dist split_brain_detect, split_brain_recovery;
    int *needs;        /* service dependencies, service indices */
    int n_needs;
    /* `needs-local`, service indices as listed: each member needs the member
       of each of these services on its own host (every host of this service
       runs each of them: the loader checks it; topo_member.local_needs holds
       the members). NULL and 0 without needs-local. */
    int *needs_local;
    int n_needs_local;
    topo_pos pos;
} topo_service;

/* A named list of services. A plain list (need_fraction 0) is up while all
 * of them are up; the form {services: [...], need: 80%} is up while at least
 * need_members of the listed services' members serve (docs/semantics.md). */
typedef struct topo_view {
    char *name;   /* "system" for the system view */
    int *services;
    int n_services;
    double need_fraction; /* `need`, in (0, 1]; 0: a plain list */
    int need_members;     /* the least whole k >= need_fraction x (members of
                             the listed services); 0 for a plain list */
    topo_pos pos;
} topo_view;

/* Causes of downtime (docs/semantics.md, "Downtime by cause"), in the order
 * of DESIGN.md and of every output. */
typedef enum topo_cause {
    CAUSE_FAILURE,
    CAUSE_DETECTION,
    CAUSE_CREW_WAIT,
    CAUSE_FAILOVER,
    CAUSE_REJOIN,       /* rejoin, resync, bootstrap */
    CAUSE_MAINTENANCE,  /* planned work (and switchovers) */
    CAUSE_CHANGE,       /* recovery after work that went wrong */
    CAUSE_COMMON_CAUSE,
    CAUSE_SPLIT_BRAIN,
    CAUSE_N
} topo_cause;

/* "failure", "detection", "crew-wait", "failover", "rejoin", "maintenance",
 * "change", "common-cause", "split-brain"; NULL out of range. */
const char *topo_cause_name(int cause);

/* The priority of a cause when several keep a thing down at once: higher
 * wins (docs/semantics.md): common-cause > change > failure > detection >
 * crew-wait > split-brain > failover > rejoin > maintenance. */
int topo_cause_priority(int cause);

/* A unit that maintenance or a common cause acts on: a host (member == -1)
 * or a member (host == -1). A service target stands for each of its members,
 * in its `hosts` order. */
typedef struct topo_unit {
    int host;
    int member;
} topo_unit;

/* One entry of `maintenance` (docs/semantics.md, "Maintenance"). */
typedef struct topo_maint {
    char *name;
    topo_unit *units;  /* in order */
    int n_units;
    double every;      /* hours > 0: window k is due at start + k every */
    law_dist duration; /* of one unit's work (rolling) or of the window */
    int rolling;       /* 1 (default): one unit after another; 0: all at once */
    double start;      /* hours >= 0; < 0: uniform in [0, every) per trial */
    double error;      /* chance the work goes wrong, [0, 1] (default 0) */
    law_dist recovery; /* extra unplanned time under work when it does
                          (fixed 0 if absent) */
    topo_pos pos;
} topo_maint;

/* One entry of `common-cause` (docs/semantics.md, "Common causes"): a part
 * with its own law; while it is down every unit is down. */
typedef struct topo_ccf {
    char *name;
    topo_unit *units;
    int n_units;
    int law;           /* index into topology->laws (with `beta`: the law the
                          loader made, named "common-cause.NAME") */
    double beta;       /* the `beta` given, or -1 when `law` was given */
    topo_pos pos;
} topo_ccf;

/* One entry of `crews` (docs/semantics.md, "Repair crews"): at most `size`
 * repairs of the laws that name it at once, first come first served. */
typedef struct topo_crew {
    char *name;
    int size;          /* members of the crew, >= 1 */
    topo_pos pos;
} topo_crew;
/* One file a load read, or one `include` entry that named a file read
 * already (a diamond: read once). topology->sources lists them in the order
 * the loader met them, the main file first; with them and the overrides the
 * loader reads the design again from memory exactly as it was read
 * (topo_load_sources): that is what the store keeps of a run. */
typedef struct topo_source {
    int from;        /* the source whose `include` named it; -1: the main file */
    char *written;   /* the include entry as written ("datacenter.yaml",
                        "../profiles/x.yaml"); the main file: the path given */
    char *path;      /* the file as read, the name messages and positions use
                        (an entry of topology->files) */
    char *resolved;  /* its real path, the key that reads each file once
                        (`path` where it could not be resolved) */
    char *text;      /* its whole text, NUL-terminated; NULL for a repeat */
    size_t len;
    int same;        /* a repeat: the index of the source that read the file
                        (its text is there); else -1 */
} topo_source;

typedef struct topology {
    char *path;        /* the file as given */
    char *name;        /* `name`, or the file's base name without extension */
    char *description; /* NULL if absent */
    char *reference;   /* NULL if absent */
    char *text;        /* the main file's full text (for the store) */
    size_t text_len;
    /* the --set overrides the load applied, one "PATH=VALUE\n" each, in order
       (neither holds a newline), or NULL: with `text` they rebuild it */
    char *overrides;
    double mission;    /* hours (default 10 y; TOPO_MIN_MISSION..TOPO_MAX_MISSION) */
    double sla;        /* ratio; negative if absent */

    topo_law *laws;         int n_laws;
    topo_host *hosts;       int n_hosts;
    topo_service *services; int n_services;
    topo_member *members;   int n_members;
    topo_view system;       /* the `system` list */
    topo_view *views;       int n_views;
    topo_maint *maint;      int n_maint;   /* `maintenance`, in file order */
    topo_ccf *ccfs;         int n_ccfs;    /* `common-cause`, in file order */
    topo_crew *crews;       int n_crews;   /* `crews`, in file order */
    int frozen_when_down;   /* `frozen-when-down`: 1 while the system is down no
                               up part's failure clock runs (default 0) */

    /* Orders that respect dependencies: every host after the hosts it needs,
       every service after the services it needs. */
    int *host_order;
    int *service_order;

    char **files;           /* every file read (main first, then includes) */
    int n_files;
    topo_source *sources;   /* every file read and every include entry, in
                               the order met, main first (owned) */
    int n_sources;
} topology;

/* The shortest and the longest mission accepted, in hours (1 minute and
 * 10000 years): a shorter history measures nothing, a longer one is a typo. */
#define TOPO_MIN_MISSION (1.0 / 60)
#define TOPO_MAX_MISSION (10000.0 * 8760.0)

/* Overrides applied to the YAML before it is interpreted, for `nines sweep`:
 * path is dotted ("profiles.server.repair", "services.api.need", "mission"),
 * value is YAML text ("4h", "2", "{dist: weibull, shape: 2, mean: 1y}"). */
typedef struct topo_set {
    const char *path;
    const char *value;
} topo_set;

typedef struct topo_load_options {
    const topo_set *set; /* may be NULL */
    int n_set;
    /* the installed profile library, the last place a bare include name is
       looked up (below); NULL: NINES_DATADIR "/profiles", compiled in by the
       Makefile from PREFIX */
    const char *library;
} topo_load_options;

/* Include search path. An `include` entry with a slash is a path (relative
 * to the including file's folder unless absolute). A bare name
 * ("datacenter.yaml") is looked up beside the including file, then in each
 * folder of $NINES_PATH (colon-separated, empty parts skipped), then in the
 * profile library (topo_load_options.library); the first that exists is
 * read. One that is found nowhere, or cannot be read, or has errors, is one
 * error naming it, where it was searched and the fix; the profiles it would
 * have defined are then not reported again at each use. */

/* Loads and validates the file at path (and its includes). On success
 * returns 0 and *out owns a new topology (free with topo_free). On failure
 * returns TOPO_EINVALID / TOPO_EIO / TOPO_ENOMEM, *out is NULL and errs holds
 * every error found (a read failure is one diagnostic naming the file).
 * opts may be NULL. A bad override path is reported as an error in errs
 * (with a did-you-mean suggestion) located at the file. */
int topo_load(const char *path, const topo_load_options *opts,
              topology **out, topo_errors *errs);

/* The same from text in memory; `path` names it in messages and anchors
 * relative includes (its directory). */
int topo_load_string(const char *text, size_t len, const char *path,
                     const topo_load_options *opts, topology **out,
                     topo_errors *errs);

/* The same from files in memory, never from the disk: src[0] is the main
 * file (from == -1); each include is the source whose `from` is its
 * including file's index and whose `written` is the entry as written (a
 * repeat's text is not read). An include that is not there is an error
 * ("was not kept"). A stored run's files (topology->sources, read back by
 * the store) rebuild with the run's overrides exactly the topology it ran. */
int topo_load_sources(const topo_source *src, int n, const topo_load_options *opts,
                      topology **out, topo_errors *errs);

void topo_free(topology *t); /* NULL ok */

/* ---------- names and ranges ---------------------------------------------- */

/* The most names one range `name[a:b]` may make (docs/limits.md). */
#define TOPO_MAX_RANGE_NAMES 10000

/* One run of names as topo_names_group finds them: names[first .. first +
 * count) of the list given, written `text` ("compute[01:20]" for a run of
 * two or more names of one range, else the name itself). */
typedef struct topo_name_group {
    int first, count;
    char *text; /* owned by the group list */
} topo_name_group;

/* Splits names[0..n) into maximal runs of consecutive names of one range,
 * the inverse of the loader's expansion: "compute01", "compute02", ...,
 * "compute20" is one group "compute[01:20]" (zero-padded digits keep their
 * width; "compute9", "compute10" is "compute[9:10]"); a name that starts no
 * run is a group of its own. Expanding each group's text gives back exactly
 * its names. Returns 0 with *groups (free with topo_name_groups_free) and
 * *n_groups, or TOPO_ENOMEM (*groups NULL). n == 0 gives no group. */
int topo_names_group(const char *const *names, int n, topo_name_group **groups,
                     int *n_groups);
void topo_name_groups_free(topo_name_group *groups, int n_groups); /* NULL ok */

/* Lookup by name; -1 if absent. */
int topo_find_host(const topology *t, const char *name);
int topo_find_service(const topology *t, const char *name);
int topo_find_law(const topology *t, const char *name);

/* ---------- the analytic solver -------------------------------------------- */

typedef struct analytic_figure {
    double availability;
    int exact;          /* 1 if exact, 0 if approximate */
    const char *reason; /* why approximate (NULL when exact); owned by the result */
    int through;        /* approximate because of the services it needs: the
                           first of them (its reason follows "through 'X': ")
                           and how many more; -1 otherwise */
    int through_more;
    /* the same without the planned part of maintenance (docs/semantics.md,
       "Downtime by cause"); equal to availability when there is no
       maintenance; exact under the same `exact` flag */
    double availability_unplanned;
    /* steady-state outages per year (8760 h) and mean outage duration in
       hours (docs/analytic.md, "Frequency and duration"): exact under the
       same `exact` flag; NAN where the solver does not compute them (then
       analyze prints '-'); mean_outage_hours is NAN as well when there are
       no outages (availability 1) */
    double outages_per_year, mean_outage_hours;
} analytic_figure;

/* A service's capacity figures (docs/semantics.md, "Capacity figures";
 * docs/analytic.md, "Capacity and blast radius"). */
typedef struct analytic_capacity {
    double capacity;    /* steady-state mean fraction of its members serving */
    double member_hours_lost_per_year; /* (1 - capacity) x members x 8760 */
    int exact;          /* 1 if capacity is exact */
    const char *reason; /* why approximate (NULL when exact); owned by the result */
    /* blast radius: blast[k - 1] = events per year (8760 h) in which one
       part's failure takes exactly k members of the service from serving to
       not serving, k = 1 .. n_blast (n_blast = its members); NULL (and
       n_blast 0) when not computed */
    double *blast;
    int n_blast;
    int blast_exact;
    const char *blast_reason; /* NULL when exact; owned by the result */
} analytic_capacity;

/* A service's data-loss figures (docs/semantics.md, "Data loss";
 * docs/analytic.md, "Data loss"): the steady-state rate of loss events and
 * the seconds of writes they lose, per year. */
typedef struct analytic_loss {
    int has;            /* 1: the service has data-loss figures (replication
                           or a split-brain above 0), as a run reports them */
    double events_per_year;  /* NAN when not computed (reason says why) */
    double seconds_per_year;
    int exact;          /* 1 if both are exact */
    char *reason;       /* why approximate (NULL when exact); owned */
} analytic_loss;

typedef struct analytic_result {
    analytic_figure system;
    analytic_figure *services; /* topology->n_services, in topology order */
    analytic_figure *views;    /* topology->n_views; a view with need: P(at
                                  least need_members of its members serve) */
    analytic_capacity *capacity; /* n_capacity (topology->n_services), in
                                    topology order */
    int n_capacity;
    char *notes;               /* owned; reasons live here */
    /* data loss (issue 15): per service (topology->n_services), NULL when
       not computed (topo_scale.c's repeated solves) */
    analytic_loss *loss;
} analytic_result;

/* Steady-state availability of the system, every service and every view,
 * following DESIGN.md. Returns 0 and a new result (free with
 * analytic_result_free), TOPO_ENOMEM, or TOPO_ETOOBIG when the solver would
 * need more than 1 GB (about (1 + services + views) x services bytes plus 8
 * bytes per host each member depends on: docs/limits.md); it never fails
 * otherwise on a valid topology. */
int analytic_solve(const topology *t, analytic_result **out);
void analytic_result_free(analytic_result *r); /* NULL ok */

/* ---------- transient: A(t) (issue 14; analytic_transient.c) ---------- */

/* The system's point availability A(t) at times[0..n) (hours), from new
 * (every part up at 0) or, with steady, from the stationary state, where
 * the design is a set of independent two-state Markov parts (exponential
 * failure and repair, no detection, crew, frozen clocks, maintenance,
 * common cause, nor failover, rejoin, bootstrap or resync delays) on which
 * the solver is exact: then A(t) is exact. Returns 0 with a[0..n),
 * TOPO_EINVALID with *why (static text; why may be NULL) when the design
 * has no such A(t), or TOPO_ENOMEM / TOPO_ETOOBIG. */
int analytic_point_availability(const topology *t, const double *times, int n, int steady,
                                double *a, const char **why);

/* ---------- scaled copies (sensitivity) ---------- */

/* Scales a distribution of durations by factor f within its scale family, so
 * that every draw (and the mean, and every quantile) is multiplied by f:
 * exponential mean, weibull scale, gamma scale, fixed value, uniform min and
 * max are multiplied by f; lognormal mu += ln f. Returns 0, or -1 (d
 * unchanged) if f is not a finite number > 0. */
int law_dist_scale(law_dist *d, double f);

/* A deep copy of t that owns all its memory (free with topo_free). Returns 0
 * and *out, or TOPO_ENOMEM with *out NULL. */
int topo_copy(const topology *t, topology **out);

/* A deep copy of t in which law `law` (an index into t->laws) has its fail
 * distribution scaled by fail_factor and its repair distribution by
 * repair_factor (law_dist_scale; 1 leaves it unchanged). Every part of that
 * law (hosts and members alike) uses the scaled law in the copy; t itself is
 * never changed. Returns 0 and *out (free with topo_free), TOPO_EINVALID if
 * law is out of range or a factor is not a finite number > 0, or
 * TOPO_ENOMEM; *out is NULL on failure. */
int topo_scale_law(const topology *t, int law, double fail_factor,
                   double repair_factor, topology **out);

/* The number of parts that run law `law`: hosts whose own law it is,
 * members whose instance law it is, and common causes whose law it is (0 if
 * unused or out of range). */
int topo_law_parts(const topology *t, int law);

/* System availability (steady state, analytic_solve) of a copy of t with law
 * `law` scaled as in topo_scale_law. Returns 0 with *availability and *exact
 * (1 if the solver is exact on it), TOPO_EINVALID or TOPO_ENOMEM. */
int analytic_solve_scaled(const topology *t, int law, double fail_factor,
                          double repair_factor, double *availability, int *exact);

/* ---------- memoised solves (sensitivity; model/analytic_memo.c) ----------
 * A memo keeps, across analytic_solve calls made on the thread that uses
 * it, the figures of every Markov chain solved (a chain met again is not
 * solved again: the same bits) and the dense factorization of the first
 * chain solved on each state space (a later chain on the same states, with
 * other rates, is solved iteratively from it, to 1e-12 relative of a dense
 * solve). analytic_memo_use(m) makes m this thread's memo and returns the
 * one it replaces (NULL: none, every solve as without memo). */
typedef struct analytic_memo analytic_memo;
typedef struct analytic_memo_stats {
    long hits;            /* chains found solved */
    long misses;          /* chains solved */
    long iterative;       /* of those, solved from a kept factorization */
    long dense_fallbacks; /* iterative solves that did not converge */
} analytic_memo_stats;
analytic_memo *analytic_memo_new(void); /* NULL: no memory */
void analytic_memo_free(analytic_memo *m); /* NULL ok; stops its use */
analytic_memo *analytic_memo_use(analytic_memo *m);
analytic_memo_stats analytic_memo_get_stats(const analytic_memo *m);

/* Importance of one law for the system, from the analytic solver. */
typedef struct law_importance {
    int parts;          /* topo_law_parts */
    double availability;/* A_law = mean up / (mean up + mean down) */
    double system;      /* A_sys, steady state */
    double birnbaum;    /* dA_sys / dA_law with every part of the law at A_law;
                           NAN if the law is never down (no repair time) */
    double criticality; /* birnbaum * (1 - A_law) / (1 - A_sys); 0 if A_sys = 1 */
    int exact;          /* 1 if every solve behind it was exact */
} law_importance;

/* Computes the importance of law `law`. A_law is moved by scaling the law's
 * repair times, and its detect times with them (its fail law unchanged):
 * factor s gives A_law = f / (f + s r) (f: mean time to fail; r: mean time
 * to detect and repair). The derivative is a
 * central difference in A_law, extrapolated (Richardson, three step sizes:
 * exact for a polynomial of degree <= 6, which A_sys is in A_law whenever the
 * law enters only the structure function), with step h = min(0.01,
 * A_law/2, (1 - A_law)/2). For a law with one part A_sys is linear in A_law and
 * this is A_sys(law perfect) - A_sys(law always down). Returns 0,
 * TOPO_EINVALID (bad index) or TOPO_ENOMEM. */
int analytic_importance(const topology *t, int law, law_importance *out);

#endif
