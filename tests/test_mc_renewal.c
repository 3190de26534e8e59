/* tests/test_mc_renewal.c — the engine against answers derived by hand:
 * deterministic histories (exact to rounding), renewal theory for
 * non-exponential laws, the start-up effect of a finite mission, a fixed
 * failover time, calendar years and the yearly-downtime histogram. */
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "test_mc_util.h"

/* ---- deterministic histories: every trial is the same, so figures are exact ---- */

/* Up 100 h, down 5 h, mission 1000 h: nine whole cycles end at 945 h, the
 * tenth up period is cut at 1000 h. Down 45 h: availability 0.955; 9
 * outages of 300 min; the mission is shorter than a year, so its one year
 * counts scaled to 8760 h: 45 h x 8.76 = 394.2 h = 23652 min. */
static void test_fixed_laws_exact(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: clockwork\nmission: 1000h\n"
        "hosts:\n  box: {}\n"
        "services:\n  app:\n    mode: single\n    hosts: [box]\n"
        "    instance:\n      fail: { dist: fixed, value: 100h }\n"
        "      repair: { dist: fixed, value: 5h }\n"
        "system: [app]\n",
        "clockwork.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = mc_test_run(t, 100, 1, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(harness_rel(r->system.availability, 0.955) < 1e-12);
    CU_ASSERT(r->system.std_error < 1e-12);
    CU_ASSERT_EQUAL(r->system.outages, 900);
    CU_ASSERT(harness_rel(r->system.longest_outage_min, 300) < 1e-12);
    CU_ASSERT(harness_rel(r->system.mean_outage_min, 300) < 1e-9);
    CU_ASSERT(harness_rel(r->system.outages_per_year, 9 * 8.76) < 1e-12);
    CU_ASSERT_EQUAL(r->system.years, 100);
    CU_ASSERT(harness_rel(r->system.year_max, 23652) < 1e-12);
    CU_ASSERT(fabs(r->system.year_p50 / 23652 - 1) < 0.012);
    CU_ASSERT(harness_rel(r->services[0].availability, 0.955) < 1e-12);
    CU_ASSERT(r->system.sla_breach < 0); /* no sla */
    CU_ASSERT(r->events == 100 * 18); /* 9 failures and 9 repairs per trial */
    mc_result_free(r);
    topo_free(t);
}

/* An outage across a calendar year boundary: up 8500 h, down 520 h, mission
 * 2 years (17520 h; the next failure, at 17520 h, is past the end). Year 1
 * has 260 h down (8500..8760), year 2 the other 260 h: 15600 min each, one
 * outage of 520 h. With sla 99% (87.6 h a year allowed), both years breach. */
static void test_outage_split_across_years(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: across new year\nmission: 2y\nsla: 99%\n"
        "hosts:\n  box: {}\n"
        "services:\n  app:\n    mode: single\n    hosts: [box]\n"
        "    instance:\n      fail: { dist: fixed, value: 8500h }\n"
        "      repair: { dist: fixed, value: 520h }\n"
        "system: [app]\n",
        "newyear.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = mc_test_run(t, 10, 1, 1, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->system.outages, 10);
    CU_ASSERT_EQUAL(r->system.years, 20);
    CU_ASSERT(harness_rel(r->system.year_max, 15600) < 1e-12);
    CU_ASSERT_EQUAL(r->system.hist[0], 0);
    CU_ASSERT(fabs(r->system.year_p95 / 15600 - 1) < 0.012);
    CU_ASSERT(harness_rel(r->system.longest_outage_min, 520 * 60) < 1e-12);
    CU_ASSERT(harness_rel(r->system.sla_breach, 1) < 1e-12);
    CU_ASSERT(harness_rel(r->system.availability, 1 - 520 / 17520.0) < 1e-12);
    mc_result_free(r);
    topo_free(t);
}

/* ---- renewal theory: the mission average tends to E[U] / (E[U] + E[D]) ---- */

static void renewal_case(const char *fail, const char *repair, const char *name)
{
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "format: nines/1\nname: %s\nmission: 40y\n"
             "hosts:\n  box: {}\n"
             "services:\n  app:\n    mode: single\n    hosts: [box]\n"
             "    instance:\n      fail: %s\n      repair: %s\n"
             "system: [app]\n",
             name, fail, repair);
    topology *t = mc_test_load_text(yaml, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_law *l = &t->laws[t->services[0].instance];
    double up = law_mean(&l->fail), down = law_mean(&l->repair);
    double exact = up / (up + down);
    mc_result *r = mc_test_run(t, 600, 99, 4, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mc_test_within(name, &r->system, exact));
    /* and it is a real test: the unavailability is resolved to a few percent */
    CU_ASSERT(r->system.std_error < 0.03 * (1 - exact));
    mc_result_free(r);
    topo_free(t);
}

/* Over 40 years (some 3000 cycles of about 100 h) the start-up bias is of
 * order (cycle length / mission) x unavailability, under 1e-4 relative:
 * far below one standard error. */
static void test_weibull_lognormal(void)
{
    renewal_case("{ dist: weibull, shape: 2.385, mean: 110h }",
                 "{ dist: lognormal, mean: 7.5h, sd: 4h }", "weibull-lognormal");
}

static void test_uniform_fixed(void)
{
    renewal_case("{ dist: uniform, min: 40h, max: 160h }", "{ dist: fixed, value: 6.25h }",
                 "uniform-fixed");
}

static void test_gamma_weibull_infant(void)
{
    renewal_case("{ dist: gamma, shape: 0.6, mean: 95h }",
                 "{ dist: weibull, shape: 0.8, mean: 9h }", "gamma-weibull");
}

/* ---- the start-up effect ---- */

/* One exponential part (rate l up, m down) that starts up at 0 is up at t
 * with probability A + (1 - A) exp(-(l + m) t); averaged over [0, T]:
 * A + (1 - A)(1 - exp(-(l + m) T)) / ((l + m) T). With mean up 100 h, mean
 * repair 20 h and T = 50 h: A = 5/6, (l + m) T = 3. */
static void test_startup_effect(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: start-up\nmission: 50h\n"
        "hosts:\n  box: { profile: { fail: 100h, repair: 20h } }\n"
        "services:\n  app:\n    mode: single\n    hosts: [box]\n"
        "system: [app]\n",
        "startup.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double l = 1 / 100.0, m = 1 / 20.0, T = 50, A = m / (l + m);
    double exact = A + (1 - A) * (1 - exp(-(l + m) * T)) / ((l + m) * T);
    mc_result *r = mc_test_run(t, 40000, 5, 4, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mc_test_within("start-up", &r->system, exact));
    /* above the steady state, and clearly so */
    CU_ASSERT(r->system.availability - 4 * r->system.std_error > A);
    mc_result_free(r);
    topo_free(t);
}

/* ---- a fixed failover time, derived by hand ---- */

/* Host h1 fails after X ~ exponential(rate l = 1/1000 h); h2 never fails and
 * the instances never fail, so the only outage is the failover from h1 to h2,
 * a fixed tau = 4 h (success 100%); then h2 stays active for good (no
 * failback). In a mission of T = 2000 h the downtime is
 *   D = tau           if X <= T - tau,
 *       T - X         if T - tau < X < T,
 *       0             if X >= T.
 *   E[D] = tau (1 - exp(-l (T - tau))) + int_{T-tau}^{T} l exp(-l x) (T - x) dx
 * and with u = T - x the integral is
 *   l exp(-l T) int_0^tau u exp(l u) du = exp(-l T) (exp(l tau)(tau - 1/l) + 1/l).
 * Availability = 1 - E[D] / T; outages per trial = P(X < T) = 1 - exp(-l T). */
static void test_fixed_failover_time(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: one failover\nmission: 2000h\n"
        "hosts:\n  h1: { profile: { fail: 1000h, repair: 10h } }\n  h2: {}\n"
        "services:\n  app:\n    mode: active-passive\n    hosts: [h1, h2]\n"
        "    failover: { time: 4h, success: 100% }\n"
        "system: [app]\n",
        "failover.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double l = 1e-3, T = 2000, tau = 4;
    double ed = tau * (1 - exp(-l * (T - tau))) + exp(-l * T) * (exp(l * tau) * (tau - 1 / l) + 1 / l);
    double exact = 1 - ed / T;
    long long n = 20000;
    mc_result *r = mc_test_run(t, n, 17, 4, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mc_test_within("fixed failover", &r->system, exact));
    double p = 1 - exp(-l * T), outages = (double)r->system.outages;
    CU_ASSERT(fabs(outages - n * p) < 4 * sqrt(n * p * (1 - p)));
    CU_ASSERT(r->system.longest_outage_min <= tau * 60 * (1 + 1e-12));
    mc_result_free(r);
    topo_free(t);
}

/* ---- the histogram ---- */

static void test_histogram_edges_and_percentiles(void)
{
    CU_ASSERT(harness_rel(mc_hist_edge(1), MC_HIST_MIN_MIN) < 1e-12);
    CU_ASSERT(harness_rel(mc_hist_edge(1 + MC_HIST_PER_DECADE), 10 * MC_HIST_MIN_MIN) < 1e-12);
    long long h[MC_HIST_BINS] = {0};
    h[0] = 90;   /* 90 years without downtime */
    h[501] = 9;  /* 9 years near edge(501) = 1e-3 * 10^5 = 100 min */
    h[701] = 1;  /* 1 year near 10000 min */
    CU_ASSERT_EQUAL(mc_hist_percentile(h, 0.5), 0);
    CU_ASSERT(fabs(mc_hist_percentile(h, 0.95) / 100 - 1) < 0.024);
    CU_ASSERT(fabs(mc_hist_percentile(h, 0.995) / 10000 - 1) < 0.024);
    long long empty[MC_HIST_BINS] = {0};
    CU_ASSERT_EQUAL(mc_hist_percentile(empty, 0.5), 0);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_fixed_laws_exact);
    HARNESS_ADD(s, test_outage_split_across_years);
    HARNESS_ADD(s, test_weibull_lognormal);
    HARNESS_ADD(s, test_uniform_fixed);
    HARNESS_ADD(s, test_gamma_weibull_infant);
    HARNESS_ADD(s, test_startup_effect);
    HARNESS_ADD(s, test_fixed_failover_time);
    HARNESS_ADD(s, test_histogram_edges_and_percentiles);
}

int main(void)
{
    return harness_run("mc_renewal", add);
}
