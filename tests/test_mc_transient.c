/* tests/test_mc_transient.c — the engine's side of issue 14 against exact
 * answers: repair crews (the single-repairman pair, crew-wait), frozen clocks
 * (Birolini's convention on a series: semi-Markov, exact for any repair
 * law), the transient figures (R(t), MTTF from new, censoring and
 * --until-failure) and the steady start (no start-up bias; the 95%
 * interval's coverage). Every Monte Carlo check is within 4 standard errors
 * at a fixed seed. */
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "test_mc_util.h"

static mc_result *run_opts(const topology *t, mc_options *o)
{
    mc_result *r = NULL;
    if (o->threads < 1)
        o->threads = 2;
    int rc = mc_run(t, o, &r);
    CU_ASSERT_EQUAL(rc, MC_OK);
    if (rc != MC_OK) {
        mc_result_free(r);
        return NULL;
    }
    return r;
}

/* |x - exact| within 4 se (plus rounding); prints the gap otherwise. */
static int within(const char *what, double x, double se, double exact)
{
    double gap = fabs(x - exact);
    if (gap <= 4 * se + 1e-12)
        return 1;
    fprintf(stderr, "\n  %s: simulated %.10g, exact %.10g, gap %.3g = %.2f se (se %.3g)\n", what, x,
            exact, gap, se > 0 ? gap / se : INFINITY, se);
    return 0;
}

/* One crew over a 1-of-2 pair: U = 2 rho^2 / (1 + 2 rho + 2 rho^2) with
 * rho = lambda / mu, twice the unlimited-repair figure; the system's
 * outages last one repair (10 h on average). */
static void test_crew_pair(void)
{
    topology *t = mc_test_load_file("tests/textbook/crew-pair.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {.trials = 20000, .seed = 3};
    mc_result *r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double rho = 10.0 / 1000.0;
    double u = 2 * rho * rho / (1 + 2 * rho + 2 * rho * rho);
    CU_ASSERT(mc_test_within("crew pair", &r->system, 1 - u));
    /* unlimited repair would give rho^2 / (1 + rho)^2: half, far outside */
    CU_ASSERT(fabs(r->system.availability - (1 - rho * rho / ((1 + rho) * (1 + rho)))) >
              8 * r->system.std_error);
    CU_ASSERT(fabs(r->system.mean_outage_min / 600 - 1) < 0.05);
    CU_ASSERT_STRING_EQUAL(r->repairs, "onsite (1)");
    CU_ASSERT_EQUAL(r->frozen, 0);
    mc_result_free(r);
    topo_free(t);
}

/* Two parts in series with one crew: while h1 is repaired a failed h2
 * waits; service `two` alone is then down for crew-wait, and its causes
 * still sum to its downtime. */
static void test_crew_wait_cause(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: crew-series\ncrews: { one: 1 }\n"
        "profiles:\n  u: { fail: 200h, repair: 20h, crew: one }\n"
        "hosts:\n  h1: { profile: u }\n  h2: { profile: u }\n"
        "services:\n  one: { mode: single, hosts: [h1] }\n  two: { mode: single, hosts: [h2] }\n"
        "system: [one, two]\n",
        "crew-series");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {.trials = 2000, .seed = 7, .mission = 20000};
    mc_result *r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const mc_figures *two = &r->services[1];
    CU_ASSERT(two->cause_min_per_year[CAUSE_CREW_WAIT] > 0);
    double sum = 0;
    for (int c = 0; c < CAUSE_N; c++)
        sum += two->cause_min_per_year[c];
    CU_ASSERT(fabs(sum / two->downtime_min_per_year - 1) < 1e-9);
    /* exact: one repairman, two identical units, down when either is:
       P(both up) = 1 / (1 + 2 rho + 2 rho^2) */
    double rho = 20.0 / 200.0;
    CU_ASSERT(mc_test_within("crew series", &r->system, 1 / (1 + 2 * rho + 2 * rho * rho)));
    mc_result_free(r);
    topo_free(t);
}

/* Birolini's convention on a series of four (exponential failures, total
 * rate 1/400 h, lognormal repairs, one crew): A = 1 / (1 + sum MTTR/MTTF)
 * for any repair law; from new R(t) = exp(-t / 400 h), MTTF 400 h. */
static void test_frozen_series(void)
{
    topology *t = mc_test_load_file("tests/textbook/frozen-series.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {.trials = 20000, .seed = 11, .n_at = 2, .at = {168, 1000}, .window = 12};
    mc_result *r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double a = 1 / (1 + 2.0 / 1000 + 3.0 / 1250 + 4.0 / 2000 + 1.5 / 5000);
    CU_ASSERT(mc_test_within("frozen series", &r->system, a));
    CU_ASSERT_EQUAL(r->frozen, 1);
    CU_ASSERT_EQUAL(r->n_at, 2);
    CU_ASSERT(within("R(168h)", r->reliability[0], r->reliability_se[0], exp(-168.0 / 400)));
    CU_ASSERT(within("R(1000h)", r->reliability[1], r->reliability_se[1], exp(-1000.0 / 400)));
    CU_ASSERT_EQUAL(r->censored_trials, 0);
    CU_ASSERT(within("MTTF", r->mttf_hours, (r->mttf_ci_hi - r->mttf_ci_lo) / 3.92, 400));
    /* up throughout [t, t + 12 h]: up at t, then no failure for 12 h */
    CU_ASSERT(within("IR(168h, 12h)", r->interval_reliability[0], r->interval_reliability_se[0],
                     r->point_availability[0] * exp(-12.0 / 400)));
    CU_ASSERT(within("A(1000h)", r->point_availability[1], r->point_availability_se[1] + 1e-4, a));
    /* the curves start at 1 and end at the last time */
    CU_ASSERT_EQUAL(r->curve_r[0], 1);
    CU_ASSERT(fabs(r->curve_r[MC_CURVE_POINTS - 1] - r->reliability[1]) < 1e-12);
    mc_result_free(r);
    topo_free(t);
}

/* Billinton & Allan's series (MTTF from new 1 / (lambda1 + lambda2) =
 * 125142.857 h, longer than a 10-year mission): trials without an outage
 * are censored and the MTTF is a lower bound; --until-failure makes it
 * unbiased. */
static void test_censored_mttf(void)
{
    topology *t = mc_test_load_file("tests/textbook/ba-11-1-series.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double exact = 1 / (1 / (20 * 8760.0) + 1 / (50 * 8760.0));
    mc_options o = {.trials = 4000, .seed = 5, .n_at = 1, .at = {8760}};
    mc_result *r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(r->censored_trials > 1000);
    CU_ASSERT(r->mttf_ci_hi < exact);
    CU_ASSERT(within("R(1y)", r->reliability[0], r->reliability_se[0], exp(-8760 / exact)));
    double a1 = r->system.availability;
    mc_result_free(r);
    o.until_failure = 1;
    r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->censored_trials, 0);
    CU_ASSERT(within("MTTF until failure", r->mttf_hours, (r->mttf_ci_hi - r->mttf_ci_lo) / 3.92, exact));
    /* running on past the mission touches no other figure */
    CU_ASSERT_EQUAL(r->system.availability, a1);
    mc_result_free(r);
    topo_free(t);
}

/* A wear-out Weibull part (shape 4, mean 10 y, repair 30 d) over 100
 * years: from new, the first up period is a whole one (mean 10 y) where the
 * stationary state leaves a residual (mean about 5.4 y), so the mission's
 * availability sits above the steady state by many standard errors; with
 * --start steady it is the steady state, and the 95% interval covers it
 * about 95% of the time. */
static const char *wearout =
    "format: nines/1\nname: wear-out\nmission: 100y\n"
    "hosts:\n  box: {}\n"
    "services:\n  app:\n    mode: single\n    hosts: [box]\n"
    "    instance:\n      fail: { dist: weibull, shape: 4, mean: 10y }\n"
    "      repair: { dist: lognormal, mean: 30d, sd: 20d }\n"
    "system: [app]\n";

static void test_steady_start(void)
{
    topology *t = mc_test_load_text(wearout, "wear-out");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_law *l = &t->laws[t->services[0].instance];
    double exact = law_availability(l);
    mc_options o = {.trials = 20000, .seed = 1};
    mc_result *r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double gap_new = (r->system.availability - exact) / r->system.std_error;
    CU_ASSERT(gap_new > 6); /* the start-up bias, resolved */
    mc_result_free(r);
    o.start_steady = 1;
    r = run_opts(t, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(mc_test_within("wear-out, steady start", &r->system, exact));
    CU_ASSERT_EQUAL(r->start_steady, 1);
    mc_result_free(r);
    /* coverage of the 95% interval over 200 runs of 300 trials */
    int covered = 0, runs = 200;
    for (int k = 0; k < runs; k++) {
        mc_options c = {.trials = 300, .seed = 1000 + (uint64_t)k, .start_steady = 1};
        r = run_opts(t, &c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        covered += r->system.ci_lo <= exact && exact <= r->system.ci_hi;
        mc_result_free(r);
    }
    double cov = (double)covered / runs;
    if (cov < 0.92 || cov > 0.98)
        fprintf(stderr, "\n  steady start: coverage %.3f\n", cov);
    CU_ASSERT(cov >= 0.92 && cov <= 0.98);
    topo_free(t);
}

/* The steady start of non-exponential laws of every kind: a single part's
 * availability over a short mission is the steady state (no start-up
 * effect to wait out). */
static void test_steady_laws(void)
{
    const char *laws[][2] = {
        {"{ dist: gamma, shape: 0.6, mean: 95h }", "{ dist: weibull, shape: 0.8, mean: 9h }"},
        {"{ dist: uniform, min: 40h, max: 160h }", "{ dist: fixed, value: 6.25h }"},
        {"{ dist: lognormal, mean: 110h, sd: 60h }", "{ dist: gamma, shape: 2, mean: 7h }"},
    };
    for (int i = 0; i < 3; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 "format: nines/1\nname: steady\nmission: 300h\n"
                 "hosts:\n  box: {}\n"
                 "services:\n  app:\n    mode: single\n    hosts: [box]\n"
                 "    instance:\n      fail: %s\n      repair: %s\n      detect: { dist: uniform, min: 0h, max: 2h }\n"
                 "system: [app]\n",
                 laws[i][0], laws[i][1]);
        topology *t = mc_test_load_text(yaml, "steady");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        mc_options o = {.trials = 20000, .seed = 9, .start_steady = 1};
        mc_result *r = run_opts(t, &o);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT(mc_test_within(laws[i][0], &r->system, law_availability(&t->laws[t->services[0].instance])));
        mc_result_free(r);
        topo_free(t);
    }
}

/* Times past the mission are refused. */
static void test_bad_times(void)
{
    topology *t = mc_test_load_file("tests/textbook/crew-pair.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {.trials = 10, .seed = 1, .threads = 1, .mission = 100, .n_at = 1, .at = {90},
                    .window = 20};
    mc_result *r = NULL;
    CU_ASSERT_EQUAL(mc_run(t, &o, &r), MC_EINVALID);
    CU_ASSERT_PTR_NULL(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_crew_pair);
    HARNESS_ADD(s, test_crew_wait_cause);
    HARNESS_ADD(s, test_frozen_series);
    HARNESS_ADD(s, test_censored_mttf);
    HARNESS_ADD(s, test_steady_start);
    HARNESS_ADD(s, test_steady_laws);
    HARNESS_ADD(s, test_bad_times);
}

int main(void)
{
    return harness_run("mc_transient", add);
}
