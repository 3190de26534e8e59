/* tests/test_mc_threads.c — reproducibility: the same figures to the last bit
 * for 1, 2 and 7 threads, for the same seed twice, and for an interrupted run
 * against a full run of its completed prefix; option checking. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_mc_util.h"

/* Every mode and feature at once, non-exponential laws, a mission that is not
 * a whole number of years, an sla, views. */
static const char *RICH =
    "format: nines/1\n"
    "name: every feature\n"
    "mission: 3.5y\n"
    "sla: 99.9%\n"
    "profiles:\n"
    "  server: { fail: 2y, repair: 8h }\n"
    "  worn:\n"
    "    fail: { dist: weibull, shape: 1.7, mean: 90d }\n"
    "    repair: { dist: lognormal, mean: 3h, sd: 2h }\n"
    "hosts:\n"
    "  pdu: { profile: { fail: 10y, repair: 2h } }\n"
    "  sw: { profile: { fail: 5y, repair: 4h }, needs: [pdu] }\n"
    "  a: { profile: server, needs: [sw] }\n"
    "  b: { profile: server, needs: [sw] }\n"
    "  c: { profile: worn }\n"
    "  d: {}\n"
    "services:\n"
    "  db:\n"
    "    mode: quorum\n"
    "    hosts: [a, b, c]\n"
    "    instance: { fail: 60d, repair: 30m }\n"
    "    rejoin: { dist: exponential, mean: 10m }\n"
    "    bootstrap: 45m\n"
    "  vip:\n"
    "    mode: active-passive\n"
    "    hosts: [a, c, d]\n"
    "    instance: { fail: 120d, repair: { dist: uniform, min: 10m, max: 50m } }\n"
    "    failover: { time: { dist: gamma, shape: 2.385, mean: 3m }, success: 93% }\n"
    "    resync: 20m\n"
    "  spare:\n"
    "    mode: active-passive\n"
    "    hosts: [b, d]\n"
    "    instance: { fail: 30d, repair: 6h }\n"
    "    standby: cold\n"
    "    failover: { time: 1m }\n"
    "  api:\n"
    "    mode: active-active\n"
    "    need: 2\n"
    "    hosts: [a, b, c]\n"
    "    instance: { fail: 20d, repair: 15m }\n"
    "    needs: [db]\n"
    "  one:\n"
    "    mode: single\n"
    "    hosts: [d]\n"
    "    instance: { fail: { dist: fixed, value: 700h }, repair: 5h }\n"
    "system: [vip, api, spare]\n"
    "views:\n"
    "  storage: [db]\n"
    "  all: [vip, api, spare, one]\n";

static int same_figures(const mc_figures *a, const mc_figures *b)
{
    int same = !strcmp(a->name, b->name);
#define SAME(x) same &= memcmp(&a->x, &b->x, sizeof a->x) == 0
    SAME(availability);
    SAME(ci_lo);
    SAME(ci_hi);
    SAME(std_error);
    SAME(nines);
    SAME(downtime_min_per_year);
    SAME(year_p50);
    SAME(year_p95);
    SAME(year_p99);
    SAME(year_max);
    SAME(cause_min_per_year);
    SAME(availability_unplanned);
    SAME(unplanned_ci_lo);
    SAME(unplanned_ci_hi);
    SAME(outages_per_year);
    SAME(outages);
    SAME(mean_outage_min);
    SAME(longest_outage_min);
    SAME(sla_breach);
    SAME(years);
    SAME(hist);
#undef SAME
    return same;
}

static int same_result(const mc_result *a, const mc_result *b)
{
    int same = a->trials == b->trials && a->events == b->events && a->n_conv == b->n_conv &&
               a->n_services == b->n_services && a->n_views == b->n_views &&
               a->partial == b->partial && a->mission_hours == b->mission_hours;
    same &= same_figures(&a->system, &b->system);
    for (int i = 0; same && i < a->n_services; i++)
        same &= same_figures(&a->services[i], &b->services[i]);
    for (int i = 0; same && i < a->n_views; i++)
        same &= same_figures(&a->views[i], &b->views[i]);
    if (same)
        same &= memcmp(a->conv, b->conv, (size_t)a->n_conv * sizeof a->conv[0]) == 0;
    return same;
}

static void test_threads_1_2_7_identical(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r1 = mc_test_run(t, 777, 42, 1, 0);
    mc_result *r2 = mc_test_run(t, 777, 42, 2, 0);
    mc_result *r7 = mc_test_run(t, 777, 42, 7, 0);
    CU_ASSERT_FATAL(r1 && r2 && r7);
    CU_ASSERT(same_result(r1, r2));
    CU_ASSERT(same_result(r1, r7));
    /* the run did exercise something */
    CU_ASSERT(r1->system.outages > 30);
    CU_ASSERT(r1->events > 777 * 20);
    CU_ASSERT_EQUAL(r1->trials, 777);
    CU_ASSERT_EQUAL(r1->n_services, 5);
    CU_ASSERT_EQUAL(r1->n_views, 2);
    CU_ASSERT_EQUAL(r1->system.years, 777 * 3);
    CU_ASSERT(r1->system.sla_breach >= 0 && r1->system.sla_breach <= 1);
    CU_ASSERT(r1->system.ci_lo < r1->system.availability);
    CU_ASSERT(r1->system.availability < r1->system.ci_hi);
    /* a view of everything is never more available than the system */
    CU_ASSERT(r1->views[1].availability <= r1->system.availability);
    mc_result_free(r1);
    mc_result_free(r2);
    mc_result_free(r7);
    topo_free(t);
}

static void test_same_seed_same_figures_other_seed_not(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = mc_test_run(t, 300, 7, 3, 0);
    mc_result *b = mc_test_run(t, 300, 7, 3, 0);
    mc_result *c = mc_test_run(t, 300, 8, 3, 0);
    CU_ASSERT_FATAL(a && b && c);
    CU_ASSERT(same_result(a, b));
    CU_ASSERT(a->system.availability != c->system.availability);
    mc_result_free(a);
    mc_result_free(b);
    mc_result_free(c);
    topo_free(t);
}

/* Stops the run from the progress callback once some trials are done. */
static void stop_when_started(void *ctx, long long done, long long total)
{
    (void)total;
    if (done > 0)
        *(volatile int *)ctx = 1;
}

static void test_interrupt_returns_exact_prefix(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    volatile int stop = 0;
    mc_options o = {0};
    mc_result *r = NULL;
    o.trials = 100000000;
    o.seed = 3;
    o.threads = 2;
    o.stop = &stop;
    o.progress = stop_when_started;
    o.progress_ctx = (void *)&stop;
    int rc = mc_run(t, &o, &r);
    CU_ASSERT_EQUAL(rc, MC_EINTERRUPTED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->partial, 1);
    CU_ASSERT(r->trials > 0 && r->trials < o.trials);
    CU_ASSERT_EQUAL(r->trials_requested, o.trials);
    /* the completed prefix gives the very figures of a run of that length */
    mc_result *full = mc_test_run(t, r->trials, 3, 5, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    CU_ASSERT(memcmp(&r->system.availability, &full->system.availability, sizeof(double)) == 0);
    CU_ASSERT(memcmp(r->system.hist, full->system.hist, sizeof r->system.hist) == 0);
    CU_ASSERT_EQUAL(r->system.outages, full->system.outages);
    mc_result_free(full);
    mc_result_free(r);
    topo_free(t);
}

static void test_stop_before_start(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    volatile int stop = 1;
    mc_options o = {0};
    mc_result *r = (mc_result *)&o; /* must be overwritten */
    o.trials = 1000;
    o.threads = 2;
    o.stop = &stop;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_EINTERRUPTED);
    CU_ASSERT_PTR_NULL(r);
    topo_free(t);
}

static void test_bad_options(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {0};
    mc_result *r = NULL;
    o.trials = 0;
    o.threads = 1;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_EINVALID);
    CU_ASSERT_PTR_NULL(r);
    o.trials = 10;
    o.threads = 0;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_EINVALID);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_STRING_EQUAL(mc_strerror(MC_EINTERRUPTED), "interrupted");
    topo_free(t);
}

static void test_more_threads_than_trials(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = mc_test_run(t, 3, 11, 64, 0);
    mc_result *b = mc_test_run(t, 3, 11, 1, 0);
    CU_ASSERT_FATAL(a && b);
    CU_ASSERT(same_result(a, b));
    CU_ASSERT_EQUAL(a->threads, 64);
    CU_ASSERT_EQUAL(a->n_conv, 1);
    CU_ASSERT_EQUAL(a->conv[0].trials, 3);
    mc_result_free(a);
    mc_result_free(b);
    topo_free(t);
}

static mc_result *run_attributed(const topology *t, int threads)
{
    mc_options o = {0};
    mc_result *r = NULL;
    o.trials = 500;
    o.seed = 21;
    o.threads = threads;
    o.attribute = 1;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_OK);
    return r;
}

/* Downtime attribution: shares sum to 1, are the same for any number of
 * threads, and measuring them changes no other figure. */
static void test_downtime_attribution(void)
{
    topology *t = mc_test_load_text(RICH, "rich.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = run_attributed(t, 1), *b = run_attributed(t, 3);
    mc_result *plain = mc_test_run(t, 500, 21, 2, 0);
    CU_ASSERT_FATAL(a && b && plain);
    CU_ASSERT(same_result(a, plain));
    CU_ASSERT_PTR_NULL(plain->law_share);
    CU_ASSERT_EQUAL(a->n_laws, t->n_laws);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a->law_share);
    double sum = a->delay_share;
    int same = memcmp(&a->delay_share, &b->delay_share, sizeof(double)) == 0;
    for (int l = 0; l < a->n_laws; l++) {
        CU_ASSERT(a->law_share[l] >= 0 && a->law_share[l] <= 1);
        sum += a->law_share[l];
        same &= memcmp(&a->law_share[l], &b->law_share[l], sizeof(double)) == 0;
    }
    CU_ASSERT(fabs(sum - 1) < 1e-9);
    CU_ASSERT(same);
    /* failovers, rejoins and bootstraps make some downtime with every part up */
    CU_ASSERT(a->delay_share > 0);
    mc_result_free(a);
    mc_result_free(b);
    mc_result_free(plain);
    topo_free(t);
}

/* One part: all system downtime is that law's. */
static void test_attribution_single_part(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: alone\nmission: 5y\n"
        "hosts:\n  box: { profile: { fail: 300h, repair: 7h } }\n"
        "services:\n  app:\n    mode: single\n    hosts: [box]\n"
        "system: [app]\n",
        "alone.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = run_attributed(t, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int law = t->hosts[0].law;
    CU_ASSERT(fabs(r->law_share[law] - 1) < 1e-12);
    CU_ASSERT(fabs(r->delay_share) < 1e-12);
    mc_result_free(r);
    topo_free(t);
}

static void test_result_new_and_free(void)
{
    mc_result *r = mc_result_new(3, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->n_services, 3);
    CU_ASSERT_EQUAL(r->n_views, 2);
    CU_ASSERT_PTR_NULL(r->services[2].name);
    CU_ASSERT(r->sla < 0);
    mc_result_free(r);
    mc_result_free(NULL);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_threads_1_2_7_identical);
    HARNESS_ADD(s, test_same_seed_same_figures_other_seed_not);
    HARNESS_ADD(s, test_interrupt_returns_exact_prefix);
    HARNESS_ADD(s, test_stop_before_start);
    HARNESS_ADD(s, test_bad_options);
    HARNESS_ADD(s, test_more_threads_than_trials);
    HARNESS_ADD(s, test_downtime_attribution);
    HARNESS_ADD(s, test_attribution_single_part);
    HARNESS_ADD(s, test_result_new_and_free);
}

int main(void)
{
    return harness_run("mc_threads", add);
}
