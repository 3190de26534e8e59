/* tests/test_mc_loss.c — the engine's data loss and split brain
 * (docs/semantics.md, "Data loss"), against values derived by hand:
 *
 * An active-passive pair of hosts, each failing after an exponential time of
 * mean 1/l and repaired after an exponential time of mean 1/u (A = u/(l+u)),
 * failover instant and always successful, no resync. The active member is up
 * whenever some member is. A loss event happens
 *   - when the active member fails with the other up (a failover): flow
 *     l P(both up) = l A^2;
 *   - when the active member fails with the other down and the other returns
 *     first: flow l P(one up) / 2 = l A (1 - A) (both repairs exponential
 *     with the same mean: the other is first with probability 1/2).
 * So the loss-event rate is l A per hour and, with async and a FIXED lag L,
 * the seconds lost per hour are l A L exactly. The mission starts with both
 * up, not in the stationary regime; the excess is l (1-A)/(l+u) events per
 * history, 1e-4 here, far below a standard error.
 *
 * With split-brain 100% and sync replication, only failovers lose: each
 * loses its detect draw (fixed), l A^2 events per hour. Every check is within
 * 4 standard errors of the exact value at a fixed seed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_mc_util.h"

#define MTTF 2000.0   /* hours */
#define MTTR 20.0
#define YEAR 8760.0

static mc_result *run_yaml(const char *yaml, long long trials, uint64_t seed, int threads,
                           double mission)
{
    topology *t = mc_test_load_text(yaml, "loss.yaml");
    CU_ASSERT_PTR_NOT_NULL(t);
    if (!t)
        return NULL;
    mc_result *r = mc_test_run(t, trials, seed, threads, mission);
    topo_free(t);
    return r;
}

/* Within 4 standard errors of exact (the standard error from the 95%
 * interval: half its width over the t quantile, 1.96 for many trials). */
static int near(const char *what, double got, double lo, double hi, double exact)
{
    double se = (hi - lo) / (2 * 1.96), gap = fabs(got - exact);
    if (gap <= 4 * se + 1e-12)
        return 1;
    fprintf(stderr, "\n  %s: simulated %.10g, exact %.10g, gap %.3g = %.2f standard errors\n", what, got,
            exact, gap, se > 0 ? gap / se : INFINITY);
    return 0;
}

static const char *pair(char *buf, size_t n, const char *extra)
{
    snprintf(buf, n,
             "format: nines/1\n"
             "hosts:\n"
             "  a: { profile: { fail: %gh, repair: %gh } }\n"
             "  b: { profile: { fail: %gh, repair: %gh } }\n"
             "services:\n"
             "  db:\n"
             "    mode: active-passive\n"
             "    hosts: [a, b]\n"
             "%s"
             "system: [db]\n",
             MTTF, MTTR, MTTF, MTTR, extra);
    return buf;
}

static void test_async_fixed_lag_exact(void)
{
    char y[2048];
    const double l = 1 / MTTF, u = 1 / MTTR, A = u / (l + u), lag = 2.0;
    pair(y, sizeof y, "    replication: { mode: async, lag: 2s }\n");
    mc_result *r = run_yaml(y, 3000, 41, 2, YEAR);
    if (!r)
        return;
    const mc_figures *f = &r->services[0];
    double events = l * A * YEAR;
    CU_ASSERT_EQUAL(f->has_loss, 1);
    CU_ASSERT(near("loss events per year", f->loss_events_per_year, f->loss_events_ci_lo,
                   f->loss_events_ci_hi, events));
    CU_ASSERT(near("seconds lost per year", f->loss_seconds_per_year, f->loss_seconds_ci_lo,
                   f->loss_seconds_ci_hi, events * lag));
    /* every event loses the fixed lag */
    CU_ASSERT_DOUBLE_EQUAL(f->loss_largest_seconds, lag, 1e-9);
    CU_ASSERT(fabs(f->loss_seconds_per_year - lag * f->loss_events_per_year) <=
              1e-9 * f->loss_seconds_per_year);
    /* a year of 4.3 expected events: most years lose something, not all */
    CU_ASSERT(f->year_with_loss_probability > 0.9 && f->year_with_loss_probability < 1);
    CU_ASSERT(r->system.has_loss == 0);
    mc_result_free(r);
}

static void test_sync_semi_sync_lose_nothing(void)
{
    static const char *const modes[] = {"    replication: { mode: sync }\n",
                                        "    replication: { mode: semi-sync }\n"};
    char y[2048];
    for (int i = 0; i < 2; i++) {
        pair(y, sizeof y, modes[i]);
        mc_result *r = run_yaml(y, 500, 43, 2, YEAR);
        if (!r)
            return;
        const mc_figures *f = &r->services[0];
        CU_ASSERT_EQUAL(f->has_loss, 1);
        CU_ASSERT_EQUAL(f->loss_events_per_year, 0);
        CU_ASSERT_EQUAL(f->loss_seconds_per_year, 0);
        CU_ASSERT_EQUAL(f->year_with_loss_probability, 0);
        CU_ASSERT_EQUAL(f->loss_largest_seconds, 0);
        mc_result_free(r);
    }
}

/* Split brain on every failover, sync: l A^2 splits per hour, each losing
 * the fixed 30 min detect; the 1 h recovery outages are charged to cause
 * split-brain, and the causes still sum to the downtime. */
static void test_split_brain_exact(void)
{
    char y[2048];
    const double l = 1 / MTTF, u = 1 / MTTR, A = u / (l + u);
    pair(y, sizeof y,
         "    failover: { time: 0s, split-brain: 100%, split-brain-detect: 30m,"
         " split-brain-recovery: 1h }\n"
         "    replication: { mode: sync }\n");
    mc_result *r = run_yaml(y, 3000, 47, 2, YEAR);
    if (!r)
        return;
    const mc_figures *f = &r->services[0];
    double events = l * A * A * YEAR;
    CU_ASSERT(near("split brains per year", f->loss_events_per_year, f->loss_events_ci_lo,
                   f->loss_events_ci_hi, events));
    CU_ASSERT(near("seconds lost per year", f->loss_seconds_per_year, f->loss_seconds_ci_lo,
                   f->loss_seconds_ci_hi, events * 1800));
    CU_ASSERT_DOUBLE_EQUAL(f->loss_largest_seconds, 1800, 1e-6);
    double sb = f->cause_min_per_year[CAUSE_SPLIT_BRAIN], total = 0;
    for (int c = 0; c < CAUSE_N; c++)
        total += f->cause_min_per_year[c];
    CU_ASSERT(fabs(total - f->downtime_min_per_year) <= 1e-9 * f->downtime_min_per_year);
    /* an hour per split, less the rare moments a failure overlaps it */
    CU_ASSERT(sb > 0.95 * 60 * f->loss_events_per_year && sb <= 60 * f->loss_events_per_year * 1.001);
    mc_result_free(r);
}

/* Planned moves lose nothing: a rolling reboot moves the active role by
 * switchover every window; hosts that never fail. */
static void test_switchover_loses_nothing(void)
{
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  a: {}\n"
                    "  b: {}\n"
                    "services:\n"
                    "  db:\n"
                    "    mode: active-passive\n"
                    "    hosts: [a, b]\n"
                    "    failover: { time: 1m, split-brain: 50% }\n"
                    "    replication: { mode: async, lag: 3s }\n"
                    "maintenance:\n"
                    "  patch: { targets: [a, b], every: 30d, duration: 1h }\n"
                    "system: [db]\n";
    mc_result *r = run_yaml(y, 200, 53, 2, YEAR);
    if (!r)
        return;
    CU_ASSERT(r->services[0].downtime_min_per_year > 0);
    CU_ASSERT_EQUAL(r->services[0].loss_events_per_year, 0);
    CU_ASSERT_EQUAL(r->services[0].cause_min_per_year[CAUSE_SPLIT_BRAIN], 0);
    mc_result_free(r);
}

/* A quorum service with sync replication has data-loss figures, all 0. */
static void test_quorum_loses_nothing(void)
{
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  a: { profile: { fail: 500h, repair: 20h } }\n"
                    "  b: { profile: { fail: 500h, repair: 20h } }\n"
                    "  c: { profile: { fail: 500h, repair: 20h } }\n"
                    "services:\n"
                    "  g:\n"
                    "    mode: quorum\n"
                    "    hosts: [a, b, c]\n"
                    "    bootstrap: 30m\n"
                    "    replication: { mode: sync }\n"
                    "system: [g]\n";
    mc_result *r = run_yaml(y, 300, 59, 2, YEAR);
    if (!r)
        return;
    CU_ASSERT_EQUAL(r->services[0].has_loss, 1);
    CU_ASSERT(r->services[0].downtime_min_per_year > 0);
    CU_ASSERT_EQUAL(r->services[0].loss_events_per_year, 0);
    CU_ASSERT_EQUAL(r->services[0].loss_largest_seconds, 0);
    mc_result_free(r);
}

/* The loss figures do not depend on the number of threads. */
static void test_loss_threads_identical(void)
{
    char y[2048];
    pair(y, sizeof y,
         "    failover: { time: 1m, split-brain: 20% }\n"
         "    replication: { mode: async, lag: { dist: lognormal, mean: 1s, sd: 3s } }\n");
    mc_result *a = run_yaml(y, 700, 61, 1, 3 * YEAR);
    mc_result *b = run_yaml(y, 700, 61, 3, 3 * YEAR);
    if (a && b) {
        const mc_figures *x = &a->services[0], *z = &b->services[0];
        CU_ASSERT_EQUAL(x->loss_events_per_year, z->loss_events_per_year);
        CU_ASSERT_EQUAL(x->loss_seconds_per_year, z->loss_seconds_per_year);
        CU_ASSERT_EQUAL(x->loss_seconds_ci_lo, z->loss_seconds_ci_lo);
        CU_ASSERT_EQUAL(x->year_with_loss_probability, z->year_with_loss_probability);
        CU_ASSERT_EQUAL(x->loss_largest_seconds, z->loss_largest_seconds);
        CU_ASSERT_EQUAL(x->availability, z->availability);
        CU_ASSERT(x->loss_events_per_year > 0);
    }
    mc_result_free(a);
    mc_result_free(b);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_async_fixed_lag_exact);
    HARNESS_ADD(s, test_sync_semi_sync_lose_nothing);
    HARNESS_ADD(s, test_split_brain_exact);
    HARNESS_ADD(s, test_switchover_loses_nothing);
    HARNESS_ADD(s, test_quorum_loses_nothing);
    HARNESS_ADD(s, test_loss_threads_identical);
}

int main(void)
{
    return harness_run("mc_loss", add);
}
