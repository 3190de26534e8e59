/* tests/test_mc_attrib.c — downtime attribution (mc_options.attribute) as
 * `nines sensitivity` uses it: the law shares and the delays' share sum to
 * 100% of system downtime; a design without delays has no delays share, a
 * failover gives one; a shared switch takes most of the downtime; the shares
 * do not depend on the number of threads; attribution changes no other
 * figure, and nothing is kept when it is off. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "../model/topology.h"
#include "../montecarlo/mc.h"

static topology *load(const char *yaml)
{
    topo_errors errs = {0};
    topology *t = NULL;
    if (topo_load_string(yaml, strlen(yaml), "attrib.yaml", NULL, &t, &errs)) {
        char buf[1024];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    return t;
}

static mc_result *simulate(const topology *t, int threads, int attribute)
{
    mc_options o = {0};
    mc_result *r = NULL;
    o.trials = 1500;
    o.seed = 2385;
    o.threads = threads;
    o.attribute = attribute;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_OK);
    return r;
}

static double total(const mc_result *r)
{
    double s = r->delay_share;
    for (int i = 0; i < r->n_laws; i++)
        s += r->law_share[i];
    return s;
}

static const char *const PAIR =
    "format: nines/1\n"
    "mission: 2y\n"
    "profiles:\n"
    "  server: { fail: 700h, repair: 12h }\n"
    "  switch: { fail: 3000h, repair: 6h }\n"
    "hosts:\n"
    "  sw: { profile: switch }\n"
    "  a: { profile: server, needs: [sw] }\n"
    "  b: { profile: server, needs: [sw] }\n"
    "services:\n"
    "  api: { mode: active-active, need: 1, hosts: [a, b], instance: { fail: 30d, repair: 20m } }\n"
    "system: [api]\n";

static void test_shares_sum_to_system_downtime(void)
{
    topology *t = load(PAIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = simulate(t, 2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->law_share);
    CU_ASSERT_EQUAL(r->n_laws, t->n_laws);
    CU_ASSERT(r->system.availability < 1);
    CU_ASSERT(fabs(total(r) - 1) < 1e-9);
    /* every outage here has a part down: nothing goes to the delays */
    CU_ASSERT_EQUAL(r->delay_share, 0);
    for (int i = 0; i < t->n_laws; i++)
        CU_ASSERT(r->law_share[i] >= 0);
    /* the switch, a single point of failure, takes most of it */
    CU_ASSERT(r->law_share[topo_find_law(t, "switch")] > 0.5);
    mc_result_free(r);
    topo_free(t);
}

static void test_same_whatever_threads(void)
{
    topology *t = load(PAIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = simulate(t, 1, 1), *b = simulate(t, 4, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    for (int i = 0; i < t->n_laws; i++)
        CU_ASSERT_EQUAL(a->law_share[i], b->law_share[i]);
    CU_ASSERT_EQUAL(a->delay_share, b->delay_share);
    mc_result_free(a);
    mc_result_free(b);
    topo_free(t);
}

static void test_off_keeps_nothing(void)
{
    topology *t = load(PAIR);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = simulate(t, 2, 0), *b = simulate(t, 2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_PTR_NULL(a->law_share);
    /* attribution changes no figure */
    CU_ASSERT_EQUAL(a->system.availability, b->system.availability);
    CU_ASSERT_EQUAL(a->events, b->events);
    mc_result_free(a);
    mc_result_free(b);
    topo_free(t);
}

/* A 2-minute failover after a 1-minute instance repair: part of the downtime
 * has every part up, so it goes to the delays; the shares still sum to 1. */
static void test_failover_fills_delays(void)
{
    static const char *const yaml =
        "format: nines/1\n"
        "mission: 2y\n"
        "hosts:\n"
        "  db1: { profile: { fail: 900h, repair: 8h } }\n"
        "  db2: { profile: { fail: 900h, repair: 8h } }\n"
        "services:\n"
        "  db:\n"
        "    mode: active-passive\n"
        "    hosts: [db1, db2]\n"
        "    instance: { fail: 200h, repair: 1m }\n"
        "    failover: { time: 2m }\n"
        "system: [db]\n";
    topology *t = load(yaml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = simulate(t, 2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->law_share);
    CU_ASSERT(fabs(total(r) - 1) < 1e-9);
    CU_ASSERT(r->delay_share > 0);
    CU_ASSERT(r->delay_share < 1);
    mc_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_shares_sum_to_system_downtime);
    HARNESS_ADD(s, test_same_whatever_threads);
    HARNESS_ADD(s, test_off_keeps_nothing);
    HARNESS_ADD(s, test_failover_fills_delays);
}

int main(void)
{
    return harness_run("mc_attrib", add);
}
