/* tests/test_model_loss_analytic.c — the analytic solver's data-loss figures
 * (model/analytic_loss.c; docs/analytic.md, "Data loss"): a 2-member
 * active-passive pair with exponential laws against the closed form
 * 8760 l A events a year (l failure rate, A one member's availability),
 * each losing the lag's mean; the failovers alone (l A^2) through the split
 * brains; 0 exactly for semi-sync, sync and quorum; no figures without
 * replication; approximate with the reason for other laws and maintenance.
 * (tests/cli/test_analyze_loss.sh sets the solver against the simulation.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

static topology *load_ok(const char *y)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    int rc = topo_load_string(y, strlen(y), "loss.yaml", NULL, &t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

static const analytic_loss *loss_of(const topology *t, const analytic_result *r, const char *name)
{
    int s = topo_find_service(t, name);
    CU_ASSERT_FATAL(s >= 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->loss);
    return &r->loss[s];
}

/* hosts a, b: exponential failures (mean 2000 h) and repairs (20 h) */
#define PAIR_HOSTS                                                                       \
    "format: nines/1\n"                                                                  \
    "hosts:\n"                                                                           \
    "  a: { profile: { fail: 2000h, repair: 20h } }\n"                                   \
    "  b: { profile: { fail: 2000h, repair: 20h } }\n"                                   \
    "  g1: { profile: { fail: 2000h, repair: 20h } }\n"                                  \
    "  g2: { profile: { fail: 2000h, repair: 20h } }\n"                                  \
    "  g3: { profile: { fail: 2000h, repair: 20h } }\n"

static const char pairs[] =
    PAIR_HOSTS
    "services:\n"
    "  fixed:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "    replication: { mode: async, lag: 2s }\n"
    "  lognormal:\n"
    "    mode: active-passive\n"
    "    hosts: [b, a]\n"
    "    replication: { mode: async, lag: { dist: lognormal, mean: 1.5s, sd: 3s } }\n"
    "  drbd:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "    replication: { mode: sync }\n"
    "    failover: { split-brain: 2%, split-brain-detect: 30m }\n"
    "  both:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "    replication: { mode: async, lag: 2s }\n"
    "    failover: { split-brain: 2%, split-brain-detect: { dist: weibull, mean: 10m, shape: 2 } }\n"
    "  semi:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "    replication: { mode: semi-sync }\n"
    "  galera:\n"
    "    mode: quorum\n"
    "    hosts: [g1, g2, g3]\n"
    "    replication: { mode: sync }\n"
    "  san:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "system: [fixed, lognormal, drbd, both, semi, galera, san]\n";

/* The closed form (docs/analytic.md, "Data loss"): per year, l A moves of
 * the active role after a failure, l A^2 of them failovers. */
static void test_closed_form(void)
{
    topology *t = load_ok(pairs);
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    double l = 1 / 2000.0, u = 1 / 20.0, A = u / (l + u);
    double moves = 8760 * l * A, failovers = 8760 * l * A * A;

    const analytic_loss *f = loss_of(t, r, "fixed");
    CU_ASSERT(f->has && f->exact && !f->reason);
    CU_ASSERT(harness_rel(f->events_per_year, moves) < 1e-9);
    CU_ASSERT(harness_rel(f->seconds_per_year, 2 * moves) < 1e-9);
    CU_ASSERT(harness_rel(f->events_per_year, 4.3366336633663366) < 1e-9);

    /* any lag law: its mean per event, still exact */
    const analytic_loss *g = loss_of(t, r, "lognormal");
    CU_ASSERT(g->has && g->exact);
    CU_ASSERT(harness_rel(g->events_per_year, moves) < 1e-9);
    CU_ASSERT(harness_rel(g->seconds_per_year, 1.5 * moves) < 1e-9);

    /* sync: only split brains, a share of the failovers, each the detect */
    const analytic_loss *d = loss_of(t, r, "drbd");
    CU_ASSERT(d->has && d->exact);
    CU_ASSERT(harness_rel(d->events_per_year, 0.02 * failovers) < 1e-9);
    CU_ASSERT(harness_rel(d->seconds_per_year, 0.02 * failovers * 1800) < 1e-9);

    /* async with split brains: both kinds of event add up */
    const analytic_loss *b = loss_of(t, r, "both");
    CU_ASSERT(b->has && b->exact);
    CU_ASSERT(harness_rel(b->events_per_year, moves + 0.02 * failovers) < 1e-9);
    CU_ASSERT(harness_rel(b->seconds_per_year, 2 * moves + 0.02 * failovers * 600) < 1e-9);

    /* semi-sync, and a quorum service: nothing lost, exactly */
    const analytic_loss *s = loss_of(t, r, "semi");
    CU_ASSERT(s->has && s->exact && s->events_per_year == 0 && s->seconds_per_year == 0);
    const analytic_loss *q = loss_of(t, r, "galera");
    CU_ASSERT(q->has && q->exact && q->events_per_year == 0 && q->seconds_per_year == 0);
    /* no replication, no split brain: no figures */
    CU_ASSERT(!loss_of(t, r, "san")->has);
    analytic_result_free(r);
    topo_free(t);
}

/* An instant failover that never succeeds: the service waits for the member
 * that failed, which holds every write; only when the active member fails
 * while the other is down is nobody waited for, and the other, returning
 * first (chance 1/2), loses writes. Five states, solved by hand: S0 both up;
 * Sa one down and waited for; Sb one down, the other active; S2w both down,
 * one waited for; S2n both down, nobody waited for. Balance:
 * S2w = l Sa / 2u, Sa = l S0 / (u + l/2), Sb = (l S0 + l Sa / 2) / u,
 * S2n = l Sb / 2u; loss events: u S2n a hour. */
static void test_failover_fails(void)
{
    static const char y[] =
        PAIR_HOSTS
        "services:\n"
        "  db:\n"
        "    mode: active-passive\n"
        "    hosts: [a, b]\n"
        "    failover: { time: 0s, success: 0% }\n"
        "    replication: { mode: async, lag: 1s }\n"
        "system: [db]\n";
    topology *t = load_ok(y);
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    double l = 1 / 2000.0, u = 1 / 20.0;
    double s0 = 1, sa = l * s0 / (u + l / 2), sb = (l * s0 + l * sa / 2) / u;
    double s2w = l * sa / (2 * u), s2n = l * sb / (2 * u);
    double sum = s0 + sa + sb + s2w + s2n;
    double events = 8760 * u * s2n / sum;
    const analytic_loss *d = loss_of(t, r, "db");
    CU_ASSERT(d->has && d->exact);
    CU_ASSERT(harness_rel(d->events_per_year, events) < 1e-9);
    CU_ASSERT(harness_rel(d->seconds_per_year, events) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* Other laws and maintenance: approximate, with the reason. */
static void test_approximate(void)
{
    static const char y[] =
        "format: nines/1\n"
        "hosts:\n"
        "  a: { profile: { fail: { dist: weibull, mean: 2000h, shape: 2 }, repair: 20h } }\n"
        "  b: { profile: { fail: { dist: weibull, mean: 2000h, shape: 2 }, repair: 20h } }\n"
        "  c: { profile: { fail: 2000h, repair: 20h } }\n"
        "  d: { profile: { fail: 2000h, repair: 20h } }\n"
        "maintenance:\n"
        "  patch: { targets: [c, d], every: 30d, duration: 1h, rolling: true }\n"
        "services:\n"
        "  weibull:\n"
        "    mode: active-passive\n"
        "    hosts: [a, b]\n"
        "    replication: { mode: async, lag: 1s }\n"
        "  worked:\n"
        "    mode: active-passive\n"
        "    hosts: [c, d]\n"
        "    replication: { mode: async, lag: 1s }\n"
        "system: [weibull, worked]\n";
    topology *t = load_ok(y);
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    const analytic_loss *w = loss_of(t, r, "weibull");
    CU_ASSERT(w->has && !w->exact);
    CU_ASSERT(w->reason && strstr(w->reason, "exponential of the same mean"));
    CU_ASSERT(w->events_per_year > 4 && w->events_per_year < 4.7);
    const analytic_loss *m = loss_of(t, r, "worked");
    CU_ASSERT(m->has && !m->exact);
    CU_ASSERT(m->reason && strstr(m->reason, "maintenance"));
    /* without maintenance the rate is the pair's closed form */
    double l = 1 / 2000.0, u = 1 / 20.0;
    CU_ASSERT(harness_rel(m->events_per_year, 8760 * l * u / (l + u)) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_closed_form);
    HARNESS_ADD(s, test_failover_fails);
    HARNESS_ADD(s, test_approximate);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_loss_analytic", add);
}
