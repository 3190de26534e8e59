/* model/analytic_int.h — private to the analytic solver: the
 * continuous-time Markov chain of one dynamic service (analytic_markov.c),
 * and the solver's state shared by the files of analytic_solve.
 *
 * DESIGN, the solver's files and who may call whom: a file calls only files
 * listed below it (-> names them), never one above, so the call graph
 * between files has no cycle.
 *
 *   analytic.c          analytic_solve: the gates and the targets' service
 *                       closures, then each step in order ->
 *                       analytic_members.c, analytic_dynamic.c,
 *                       analytic_maint.c, analytic_count.c,
 *                       analytic_enum.c, analytic_blast.c,
 *                       analytic_result.c, analytic_loss.c
 *   analytic_loss.c     each service's data-loss figures: its chain with
 *                       the member active last -> analytic_dynamic.c,
 *                       analytic_markov.c, analytic_base.c (and
 *                       analytic_uses_crews of analytic_joint.c)
 *   analytic_blast.c    each service's blast radius -> analytic_members.c
 *   analytic_joint.c    repair crews, frozen clocks and the outage
 *                       frequency of small static designs: a table of
 *                       structure states, crews' Markov chains
 *                       -> analytic_base.c, analytic_members.c
 *   analytic_result.c   reasons of the work limits, the figures, and
 *                       analytic_result_free -> analytic_base.c
 *   analytic_enum.c     components, maintenance environments, enumeration of
 *                       shared parts, k-of-n -> analytic_count.c (counts of
 *                       serving members at each leaf), analytic_maint.c
 *                       (members under work), analytic_markov.c (chains per
 *                       mask of members held down), analytic_members.c
 *   analytic_count.c    capacity and views with need: counts of serving
 *                       members -> analytic_members.c, analytic_base.c
 *                       (and analytic_uses_crews of analytic_joint.c, which
 *                       calls neither count nor blast)
 *   analytic_maint.c    maintenance: environment states, their
 *                       probabilities, exactness per target
 *                       -> analytic_members.c, analytic_base.c
 *   analytic_dynamic.c  how each dynamic service is solved, the rejoin
 *                       formula -> analytic_markov.c, analytic_members.c,
 *                       analytic_base.c
 *   analytic_members.c  members' closures: private and shared parts (hosts
 *                       and common causes), maintenance units per member;
 *                       parts' laws and names (calls nothing of the solver)
 *   analytic_markov.c   one Markov chain -> analytic_memo.c
 *   analytic_memo.c     chains' figures and factorizations kept across
 *                       solves (sensitivity; calls nothing of the solver)
 *   analytic_base.c     malloc'ed text and reasons (calls nothing)
 *
 * All of them may call law.c (model_int.h gives the rest of model/);
 * topo_scale.c calls analytic_solve from above.
 *
 * A chain describes one active-passive or quorum service whose members'
 * parts all have exponential laws (rates; a part with a detect delay has two
 * down phases, detection then repair, each exponential); the delays (failover time, resync,
 * rejoin, bootstrap) are exponential or instantaneous (rate <= 0). The states
 * follow docs/semantics.md to the letter; analytic_chain_solve explores the
 * states reachable from the start (everything up, the first member active),
 * builds the generator Q and solves pi Q = 0, sum pi = 1 with a GSL LU
 * decomposition (one balance equation replaced by the normalisation).
 */
#ifndef NINES_MODEL_ANALYTIC_INT_H
#define NINES_MODEL_ANALYTIC_INT_H

#include "topology.h"

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>

#define AN_CHAIN_MAX_MEMBERS 8
#define AN_CHAIN_MAX_PARTS 6     /* parts of one member: instance + private hosts */
#define AN_CHAIN_MAX_COMMON 8     /* parts every member depends on */
#define AN_CHAIN_MAX_STATES 2500 /* dense LU: 2500^2 doubles = 50 MB at most */

enum {
    AN_CHAIN_OK = 0,
    AN_CHAIN_ETOOBIG = -1,   /* more states, members or parts than the limits */
    AN_CHAIN_ENOMEM = -2,
    AN_CHAIN_ESINGULAR = -3  /* no unique stationary distribution */
};

typedef struct an_chain_part {
    double fail_rate;   /* 1 / mean time to failure */
    double repair_rate; /* 1 / mean time to repair */
    int instance;       /* 1: the member's instance part (ages only while
                           active under standby: cold) */
    double detect_rate; /* 1 / mean time to detect: a failed part is first
                           in detection, then in repair; <= 0: no detection */
} an_chain_part;

typedef struct an_chain_member {
    an_chain_part parts[AN_CHAIN_MAX_PARTS];
    int n_parts;
    int forced_down;    /* 1: held down for good (a shared part is down) */
    int split;          /* k > 0: parts[k - 1] stands for hosts this member
                           shares with other services; analytic_chain_split
                           conditions on its state (0: none) */
} an_chain_member;

typedef struct an_chain {
    int quorum;         /* 1: quorum, 0: active-passive */
    int n;
    an_chain_member m[AN_CHAIN_MAX_MEMBERS];
    /* common parts: every member is down while one of them is down (a switch
       all members need); when the last one returns, the members whose own
       parts are up come up together, in hosts order */
    an_chain_part common[AN_CHAIN_MAX_COMMON];
    int n_common;
    /* quorum */
    int need;
    double rejoin_rate;    /* <= 0: instantaneous */
    double bootstrap_rate; /* <= 0: none */
    /* active-passive */
    double failover_rate;  /* <= 0: instantaneous */
    double success;        /* failover success probability */
    int cold;
    double resync_rate;    /* <= 0: none */
} an_chain;

/* Steady-state probability that the service is up given that every common
 * part is up (P(up) / P(all common parts up); plain P(up) without common
 * parts). Returns AN_CHAIN_OK with *availability and *n_states (the states
 * reached; n_states may be NULL), or a negative code. */
int analytic_chain_solve(const an_chain *c, double *availability, int *n_states);

/* The same chain, conditioned on the members' split parts as well: for every
 * mask of members (bit i: member i's split part is down), cond[mask] =
 * P(up | every common part up, exactly the split parts of mask down);
 * cond has 2^n entries, 0 where the condition has probability 0. */
int analytic_chain_split(const an_chain *c, double *cond, int *n_states);

/* Data loss (analytic_loss.c): the rates of the moves of the active role
 * that lose writes (docs/semantics.md, "Data loss"): a member other than the
 * one active last becomes active, by a failover that succeeds (*failovers)
 * or as the first to return after every member was down (*returns); per
 * unit of the chain's time, over the whole stationary distribution
 * (common parts included). 0 for a quorum chain. Returns an AN_CHAIN_*
 * code. */
int analytic_chain_loss(const an_chain *c, double *failovers, double *returns, int *n_states);

/* ---- memoisation across solves (analytic_memo.c; sensitivity) ---- */

/* One transition of a chain: rate from state `from` to state `to`. */
typedef struct an_trans {
    int from, to;
    double rate;
    int loss;                /* data loss: LOSS_* of the move it makes (analytic_markov.c) */
} an_trans;

/* With this thread's memo (analytic_memo_use): 1 and the figures of chain c
 * if an identical chain was solved before (with its conditionals if cond is
 * not NULL), else 0. Without a memo: 0. */
int an_memo_lookup(const an_chain *c, int *rc, double *availability, double *cond,
                   int *n_states);
/* Keeps the figures of chain c (cond: 2^n entries or NULL). */
void an_memo_store(const an_chain *c, int rc, double availability, const double *cond,
                   int n_states);
/* 1 if the memo would keep the factorization of an n-state chain. */
int an_memo_wants_lu(int n);
/* Hands the memo a chain's dense LU factorization (A = Q^T with its last
 * row replaced by ones) for its states (n x len bytes): *lu and *perm are
 * the memo's (set to NULL) when it keeps them. */
void an_memo_keep_lu(const unsigned char *states, int n, int len, gsl_matrix **lu,
                     gsl_permutation **perm);
/* 1 and pi if a chain on the same states was factorized before and the
 * iterative solve preconditioned by it converged; else 0 (solve densely). */
int an_memo_stationary(const unsigned char *states, int n, int len, const an_trans *tr,
                       int n_tr, double *pi);

/* ---- the solver's state, shared by the files of analytic_solve ---- */

enum { KIND_STATIC, KIND_REJOIN, KIND_CHAIN };

typedef struct an_member {
    int service;
    double q;          /* P(instance and private parts up) */
    double count;      /* quorum with rejoin: P(member counts | shared up) */
    int *shared;       /* shared part ids (indices into solver->shared_part) */
    int n_shared;
    int *priv;         /* private parts (hosts with a law, common causes;
                          numbered as analytic_members.c says) */
    int n_priv;
    int *units;        /* maintenance units that take it down: (entry, unit
                          index) pairs, n_units of them */
    int n_units;
} an_member;

/* One maintenance entry's states (analytic_maint.c): 0 nobody under work,
 * 1 .. slots: slot i - 1 in its planned work, then (only when change > 0)
 * slots more: in its recovery, then (only when settle) slots more: waiting
 * for its members to rejoin or resync. A slot is a unit (rolling) or every
 * unit at once. */
typedef struct an_entry {
    int slots;
    int n_states;
    double planned;    /* P(a given slot in its planned work) */
    double change;     /* P(a given slot in its recovery) */
    double *settle;    /* per slot: P(its work over, waiting for its members
                          to rejoin or resync); NULL when no slot waits */
    /* setup only (analytic_maint.c) */
    int *settle_n;     /* per slot: members with a delay */
    int settle_fixed_differs; /* some delay is not fixed */
    double settle_max; /* the longest delay, -1 unbounded */
    const char *settle_why; /* why the waits are not exact, or NULL */
} an_entry;

typedef struct an_service {
    int kind;
    int exact;
    char *reason;      /* malloc'ed; NULL when exact */
    an_chain chain;    /* KIND_CHAIN: members' private parts, delays */
    double *cache;     /* KIND_CHAIN: P(up) per mask of held-down members; NAN unknown */
    int failed;        /* KIND_CHAIN could not be solved: fall back to static */
    int capped;        /* KIND_CHAIN: past AN_CHAIN_WORK_MAX, not (fully) solved */
    int enum_parts, enum_down; /* its component: shared parts, most down enumerated */
    double enum_left;  /* probability of the states left out (0: none) */
} an_service;

/* One count of serving members (analytic_count.c): a service's capacity
 * (mean mode) or a view with need (distribution mode). */
typedef struct an_count {
    int service, view;   /* the service (capacity) or the view; the other -1 */
    int mean;            /* 1: P(gate up) and E[ready x 1{gate up}]; 0: the
                            distribution of ready members, capped at need */
    unsigned char *in;   /* per service: 1 listed, 2 in the gate (3 both) */
    int members;         /* members of the listed services */
    int uniform;         /* 0: every listed service has the same gate and
                            none is in it; -1 otherwise (approximate) */
    int exact;           /* uniform, before the services' own reasons */
    int dn;              /* entries of one accumulator: 2 or need + 1 */
    int direct;          /* a capacity with no gate and no work on its
                            members: computed directly, not enumerated */
    int touched;         /* the current component has a service of it */
    int *cgate, n_cgate; /* in the current component: its gate services */
    int *cmem, n_cmem;   /*   and the members it counts */
    double *tot, *cmp, *env, *grp; /* 2 dn each: the figure, then the
                            unplanned figure (one allocation, at tot) */
} an_count;

typedef struct solver {
    const topology *t;
    an_member *members;
    an_service *svc;
    int *shared_part;  /* shared part id -> part (analytic_members.c) */
    int n_shared;
    int *part_shared;  /* part -> shared part id or -1 */
    int **part_members;/* shared part id -> member list */
    int *n_part_members;
    int n_targets;     /* 1 + services + views */
    unsigned char *in_target; /* n_targets x n_services */
    unsigned char *gate; /* n_services x n_services: gate[s ns + x] = 1 when
                          service x must be up for s's members to serve
                          (its needs' closure and its local needs' gates) */
    int *downcnt;      /* per member: down shared parts decided in this branch */
    double *ps;        /* per service: mode probability at the current leaf */
    double *dp;        /* k-of-n scratch */
    unsigned long *smask; /* per service: its members held down by a down shared part */
    double **memo;     /* per service: probability per smask (n <= 16), NAN unknown */
    double chain_work; /* Markov chains solved so far: sum of states^3 */
    double enum_work;  /* enumeration so far: leaves x members of the component */
    int oom;
    int too_big;       /* past AN_MEMORY_MAX: TOPO_ETOOBIG */
    /* maintenance (analytic_maint.c; all NULL without it) */
    an_entry *entries; /* per entry */
    int *env_state;    /* per entry: its state in the current environment */
    unsigned char *work; /* per member: 1 planned work, 2 recovery, 0 none,
                          in the current environment */
    int *svc_work;     /* per service: its members under work now */
    unsigned long *pmask; /* per service: members held down by planned work
                          and by nothing unplanned */
    char **treason;    /* per target: why maintenance makes it approximate */
    /* counts of serving members (analytic_count.c): one per service, then
       one per view with need, in view order */
    an_count *counts;
    int n_counts;
    double *count_tmp;
    double *cap;       /* per service: capacity */
    int *cap_exact;
    char **cap_reason; /* per service: malloc'ed, NULL when exact */
    double **blast;    /* per service: blast radius, members entries
                          (analytic_blast.c); malloc'ed, NULL: none */
    char **blast_reason; /* per service: malloc'ed, NULL when exact */
} solver;

/* The most maintenance environments (combinations of entries' states) one
 * group of entries acting on linked components is summed over; past it only
 * the environments with at most one entry at work are (approximate). */
#define AN_ENV_MAX 4096

/* Work limits (docs/analytic.md, "Work limits"): a small file can ask for an
 * exponential amount of work (many hosts shared by two services: 2^n states
 * of the shared parts; hundreds of services that each need a large Markov
 * chain). Past these limits the solver answers at once, marked approximate:
 * Markov chains are no longer solved (the service is solved as a static
 * structure), and the enumeration of shared parts keeps only the states with
 * at most K of them down (K as large as the limit allows) and estimates the
 * states left out as if each member had its own copy of the shared hosts
 * (independent), so the error is at most the probability of those states,
 * which the reason gives. Each limit is about half a second of work at -O2. */
#define AN_CHAIN_WORK_MAX 1e10
#define AN_ENUM_WORK_MAX 3e7

/* Memory limit (docs/limits.md): the solver keeps, for every target (the
 * system, each service, each view), which services it needs (one byte per
 * target and service), and for every member the hosts it depends on (8 bytes
 * each). A chain of 100,000 services each needing the previous one would need
 * 10^10 bytes: past this limit it returns TOPO_ETOOBIG before allocating.
 * 10,000 services with 20,000 members need about 100 MB. */
#define AN_MEMORY_MAX (1024.0 * 1024.0 * 1024.0)

/* The joint view (analytic_joint.c): at most this many parts (bits of a
 * mask), this many states in one crew's (or the frozen design's) chain
 * (dense LU, 20 MB at most), and this many bytes in the table of structure
 * states (2^parts x targets). Past them crews and frozen clocks are not
 * modelled (marked approximate, the reason says which limit) and no outage
 * frequency is given. */
#define AN_JOINT_MAX_PARTS 20
#define AN_JOINT_MAX_PARTS_TEXT "20"
#define AN_JOINT_MAX_STATES 1500
#define AN_JOINT_MAX_STATES_TEXT "1500"
#define AN_JOINT_MAX_TABLE (4.0 * 1024 * 1024)

/* ---- small helpers (analytic_base.c) ---- */

/* malloc'ed printf; NULL when out of memory. */
char *analytic_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends "; text" (or text) to *reason; 0, or -1 when out of memory. */
int analytic_reason_add(char **reason, const char *text);

/* ---- parts (analytic_members.c): host h is part h, common cause c is
   part n_hosts + c ---- */

/* The law index of a part (-1: never fails). */
int analytic_part_law(const topology *t, int part);
/* Its steady-state availability (1 without a law). */
double analytic_part_availability(const topology *t, int part);
/* "host 'NAME'" or "common cause 'NAME'" into buf; returns buf. */
const char *analytic_part_name(const topology *t, int part, char *buf, size_t len);

/* ---- maintenance (analytic_maint.c) ---- */

/* P(entry x in state k) in the steady state. */
double analytic_env_probability(const solver *sv, int x, int k);
/* How member m is under work in the environment sv->env_state: 0 not,
   1 planned work, 2 recovery (unplanned). */
int analytic_member_work(const solver *sv, int m);

/* ---- counts of serving members (analytic_count.c) ---- */

/* Sets up sv->counts (needs sv->gate); 0 or -1 when out of memory. */
int analytic_count_setup(solver *sv);
void analytic_count_release(solver *sv);
/* A component with services svcs[0 .. n) begins: marks the counts it
   touches, lists their gate services and counted members in it, and
   clears their accumulators. */
void analytic_count_begin(solver *sv, const int *svcs, int n);
/* Adds one leaf of weight w (ps, pu: the services' mode probabilities and
   unplanned ones at it); independent: the estimate for the states the
   enumeration left out (every member with its own copy of shared parts). */
void analytic_count_leaf(solver *sv, double w, const double *ps, const double *pu,
                         int independent);
/* The work of one analytic_count_leaf in the component begun (members
   visited x the length of each count's distribution, both figures), for the
   enumeration's work limit. */
double analytic_count_leaf_cost(const solver *sv);
/* The component ends: into the environment's product (in_env) or the total. */
void analytic_count_end(solver *sv, int in_env);
void analytic_count_group_begin(solver *sv);
void analytic_count_env_begin(solver *sv);
void analytic_count_env_end(solver *sv, double p);
void analytic_count_group_end(solver *sv, double mass);
/* After analytic_solve_targets: each view with need's availability into
   avail and unplanned, and each service's capacity into sv->cap (exact or
   why not). 0 or -1 when out of memory. */
int analytic_count_finish(solver *sv, double *avail, double *unplanned);
/* Each service's blast radius into sv->blast (analytic_blast.c; needs the
   counts finished). 0 or -1 when out of memory. */
int analytic_blast_solve(solver *sv);
/* Count i's figure: the capacity (mean mode) or P(at least need serving),
   and the same counting planned work as serving. */
void analytic_count_figures(const solver *sv, int i, double *value, double *unplanned);

/* ---- the steps of analytic_solve (analytic.c), in order ---- */

/* The chain of service s built and solved as analytic_setup_services would
 * (analytic_dynamic.c), into the scratch *as (zeroed first; the caller frees
 * as->cache and as->reason): as->failed when it could not be, as->exact and
 * as->reason otherwise. Any active-passive service, whatever its kind. 0, or
 * -1 when out of memory. */
int analytic_loss_chain(solver *sv, int s, an_service *as);
/* Each service's data-loss figures into r->loss (analytic_loss.c); 0 or
 * TOPO_ENOMEM. */
int analytic_loss_solve(solver *sv, analytic_result *r);

/* Builds sv->members and the shared parts (host_shared, shared_host,
 * part_members) from the topology (analytic_members.c). Returns 0, or -1
 * when out of memory or past AN_MEMORY_MAX (then sv->too_big is set). */
int analytic_build_members(solver *sv);
/* Decides how each service of sv is solved (structure, rejoin formula or
 * chain) and solves the chains that can be solved once (analytic_dynamic.c);
 * 0, or -1 when out of memory. Needs the members built. */
int analytic_setup_services(solver *sv);
/* The maintenance entries' states and probabilities, and the reasons they
 * make targets approximate (analytic_maint.c); 0, or -1 when out of memory.
 * Needs the members built and the services set up. Nothing without
 * maintenance. */
int analytic_maint_setup(solver *sv);
/* Sets avail[j] to target j's availability and unplanned[j] to its
 * availability counting only unplanned downtime, enumerating the shared
 * parts component by component, summed over the maintenance environments
 * of the components they touch (analytic_enum.c). Returns 0, or -1 when
 * out of memory. */
int analytic_solve_targets(solver *sv, double *avail, double *unplanned);
/* 1 if a part of t runs a law with a crew. */
int analytic_uses_crews(const topology *t);
/* Repair crews, frozen clocks and outage frequencies (analytic_joint.c):
 * sets freq[j] to target j's outages per year (NAN where not computed: with
 * want_freq 0, or past the joint view's reach); with crews or frozen clocks
 * replaces avail[j] and unplanned[j] by the joint figures, or marks every
 * target approximate (sv->treason) when they are out of reach. Returns 0,
 * or -1 when out of memory. Runs after analytic_solve_targets. */
int analytic_joint_solve(solver *sv, double *avail, double *unplanned, double *freq,
                         int want_freq);
/* analytic_solve with or without the outage frequencies (topo_scale.c's
 * repeated solves need only availabilities). */
int analytic_solve_with(const topology *t, analytic_result **out, int want_freq);
/* Marks the services the work limits cut short approximate, with why
 * (analytic_result.c). Returns 0 or -1 when out of memory. */
int analytic_note_limits(solver *sv);
/* The result from avail and unplanned (one per target), the services'
 * reasons and the targets' maintenance reasons (analytic_result.c); 0 or
 * TOPO_ENOMEM. */
int analytic_make_result(solver *sv, const double *avail, const double *unplanned,
                         const double *freq, analytic_result **out);

#endif
