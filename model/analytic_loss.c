/* model/analytic_loss.c — the analytic solver's data-loss figures
 * (docs/semantics.md, "Data loss"; docs/analytic.md, "Data loss"): per
 * service, loss events per year and seconds of writes lost per year.
 *
 * DESIGN. A loss event of an active-passive service is a move of the active
 * role to a member that is not the one active last, after a failure. The
 * service's Markov chain (analytic_dynamic.c builds it as for the
 * availability, whatever the service's kind) tracks the member active last
 * and tags those transitions (analytic_markov.c); the rate of the events is
 * the sum over them of stationary probability x rate. Every move in the
 * chain follows a failure (it has no maintenance), so each tagged move is a
 * loss event. async loses one lag draw per event: seconds lost per year =
 * rate x E[lag], exact for any lag law (each draw is independent of the
 * history). A failover that succeeds splits with probability p and loses
 * one split-brain-detect draw: p x (failover rate) more events, each
 * E[detect]; the recovery outage does not change the moves (the members'
 * rules run on underneath it). semi-sync and sync lose nothing by lag; a
 * quorum service loses nothing (0 exactly).
 *
 * The figures are exact when the chain is (exponential laws, no part
 * shared in a way the chain approximates) and nothing outside the chain
 * changes the moves: maintenance, repair crews and frozen clocks make them
 * approximate, with the reason. Calls analytic_dynamic.c, analytic_markov.c,
 * analytic_base.c and analytic_uses_crews (analytic_joint.c) only.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOURS_PER_YEAR 8760.0
#define SECONDS_PER_HOUR 3600.0

/* 1 if service s has data-loss figures (as montecarlo/mc_loss.c decides). */
static int has_loss(const topo_service *ts)
{
    return ts->repl_mode != REPL_NONE || ts->split_brain > 0;
}

/* 1 if a member of s is taken down by maintenance work. */
static int under_work(const solver *sv, int s)
{
    const topo_service *ts = &sv->t->services[s];
    for (int i = 0; i < ts->n_hosts; i++)
        if (sv->members[ts->first_member + i].n_units)
            return 1;
    return 0;
}

/* The figures of active-passive service s into *l. 0 or -1 (out of memory). */
static int service_loss(solver *sv, int s, analytic_loss *l)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    int lag = ts->repl_mode == REPL_ASYNC, split = ts->split_brain > 0;
    if (!lag && !split) { /* semi-sync or sync: nothing lost */
        l->exact = 1;
        return 0;
    }
    an_service as;
    if (analytic_loss_chain(sv, s, &as)) {
        free(as.cache);
        free(as.reason);
        goto oom;
    }
    int exact = as.exact;
    char *reason = as.reason;
    as.reason = NULL;
    free(as.cache);
    double fo = 0, ret = 0;
    int rc = as.failed ? AN_CHAIN_ETOOBIG : analytic_chain_loss(&as.chain, &fo, &ret, NULL);
    if (rc == AN_CHAIN_ENOMEM)
        goto oom_reason;
    if (rc) { /* too large, or no unique stationary distribution */
        l->events_per_year = l->seconds_per_year = NAN;
        exact = 0;
        if (analytic_reason_add(&reason, as.failed
                                             ? "not computed: the service's Markov chain is too "
                                               "large (use nines run)"
                                             : "not computed: the service's Markov chain could "
                                               "not be solved (use nines run)"))
            goto oom_reason;
    } else {
        double moves = lag ? (fo + ret) * HOURS_PER_YEAR : 0;
        double splits = split ? ts->split_brain * fo * HOURS_PER_YEAR : 0;
        l->events_per_year = moves + splits;
        l->seconds_per_year = (moves * (lag ? law_mean(&ts->repl_lag) : 0) +
                               splits * law_mean(&ts->split_brain_detect)) *
                              SECONDS_PER_HOUR;
    }
    if (under_work(sv, s)) {
        exact = 0;
        if (analytic_reason_add(&reason, "maintenance on its members is not in the chain: the "
                                         "rate is that of its failures without maintenance "
                                         "(planned moves lose nothing)"))
            goto oom_reason;
    }
    if (analytic_uses_crews(t)) {
        exact = 0;
        if (analytic_reason_add(&reason, "repair crews are not in the chain: repairs taken "
                                         "as unlimited"))
            goto oom_reason;
    }
    if (t->frozen_when_down) {
        exact = 0;
        if (analytic_reason_add(&reason, "frozen clocks are not in the chain: parts taken to "
                                         "age while the system is down"))
            goto oom_reason;
    }
    l->exact = exact;
    l->reason = exact ? NULL : reason;
    if (exact)
        free(reason);
    return 0;
oom_reason:
    free(reason);
oom:
    return -1;
}

int analytic_loss_solve(solver *sv, analytic_result *r)
{
    const topology *t = sv->t;
    r->loss = calloc((size_t)t->n_services + 1, sizeof *r->loss);
    if (!r->loss)
        return TOPO_ENOMEM;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *ts = &t->services[s];
        analytic_loss *l = &r->loss[s];
        if (!has_loss(ts))
            continue;
        l->has = 1;
        l->exact = 1; /* quorum: nothing lost (docs/semantics.md) */
        if (ts->mode == MODE_ACTIVE_PASSIVE && service_loss(sv, s, l))
            return TOPO_ENOMEM;
    }
    return 0;
}
