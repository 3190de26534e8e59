/* tests/test_mc_crn.c — common random numbers, as `nines sweep` and
 * `nines sensitivity` use them: two neighbouring points of a sweep (a law's
 * repair scaled by 1 and by 1.1) run with the same seed differ far less from
 * one replicate to the next than the same points run with different seeds.
 * Every seed is fixed, so the figures are the same at every run. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "harness.h"
#include "../model/topology.h"
#include "../montecarlo/mc.h"

static const char *const PAIR =
    "format: nines/1\n"
    "name: crn pair\n"
    "mission: 1y\n"
    "profiles:\n"
    "  server: { fail: 700h, repair: 12h }\n"
    "  switch: { fail: 3000h, repair: 6h }\n"
    "hosts:\n"
    "  sw: { profile: switch }\n"
    "  a: { profile: server, needs: [sw] }\n"
    "  b: { profile: server, needs: [sw] }\n"
    "services:\n"
    "  api: { mode: active-active, need: 1, hosts: [a, b] }\n"
    "system: [api]\n";

static topology *load(const char *yaml)
{
    topo_errors errs = {0};
    topology *t = NULL;
    if (topo_load_string(yaml, strlen(yaml), "crn.yaml", NULL, &t, &errs)) {
        char buf[1024];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    return t;
}

static double availability(const topology *t, uint64_t seed)
{
    mc_options o = {0};
    mc_result *r = NULL;
    double a = NAN;
    o.trials = 300;
    o.seed = seed;
    o.threads = 2;
    if (mc_run(t, &o, &r) == MC_OK)
        a = r->system.availability;
    mc_result_free(r);
    return a;
}

enum { REPLICATES = 12 };

static void test_same_seed_differences_are_smaller(void)
{
    topology *t = load(PAIR), *near = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    int server = topo_find_law(t, "server");
    CU_ASSERT_FATAL(server >= 0);
    CU_ASSERT_EQUAL_FATAL(topo_scale_law(t, server, 1, 1.1, &near), TOPO_OK);
    double crn[REPLICATES], ind[REPLICATES];
    for (int k = 0; k < REPLICATES; k++) {
        uint64_t seed = 1000 + (uint64_t)k;
        double base = availability(t, seed);
        crn[k] = base - availability(near, seed);        /* same seed */
        ind[k] = base - availability(near, seed + 5000); /* another seed */
    }
    double v_crn = gsl_stats_variance(crn, 1, REPLICATES);
    double v_ind = gsl_stats_variance(ind, 1, REPLICATES);
    fprintf(stderr, "\n  var of differences: same seed %.3g, different seeds %.3g\n", v_crn,
            v_ind);
    CU_ASSERT(isfinite(v_crn) && isfinite(v_ind));
    /* sharing the random numbers removes most of the noise of a difference */
    CU_ASSERT(v_crn < v_ind / 8);
    topo_free(near);
    topo_free(t);
}

/* The same seed gives the same figures for a copy and its original. */
static void test_copy_runs_like_original(void)
{
    topology *t = load(PAIR), *c = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(topo_copy(t, &c), TOPO_OK);
    CU_ASSERT_EQUAL(availability(t, 77), availability(c, 77));
    topo_free(c);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_same_seed_differences_are_smaller);
    HARNESS_ADD(s, test_copy_runs_like_original);
}

int main(void)
{
    return harness_run("mc_crn", add);
}
