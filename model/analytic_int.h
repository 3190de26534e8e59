/* model/analytic_int.h — private to the analytic solver (analytic.c and
 * analytic_markov.c): the continuous-time Markov chain of one dynamic service.
 *
 * A chain describes one active-passive or quorum service whose members'
 * parts all have exponential laws (rates); the delays (failover time, resync,
 * rejoin, bootstrap) are exponential or instantaneous (rate <= 0). The states
 * follow docs/semantics.md to the letter; analytic_chain_solve explores the
 * states reachable from the start (everything up, the first member active),
 * builds the generator Q and solves pi Q = 0, sum pi = 1 with a GSL LU
 * decomposition (one balance equation replaced by the normalisation).
 */
#ifndef NINES_MODEL_ANALYTIC_INT_H
#define NINES_MODEL_ANALYTIC_INT_H

#include "topology.h"

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

/* P(member counts) for a quorum with rejoin law `rejoin`: every part has been
 * up for at least R (R drawn from rejoin), parts in their stationary regime:
 * E_R[ prod_c int_R^inf S_c(u) du / (E[up_c] + E[down_c]) ]. laws: the
 * member's private parts. */
double analytic_rejoin_count(const topo_law *const *laws, int n,
                             const law_dist *rejoin);

#endif
