/* tests/test_mc_birolini.c — Birolini's Example 6.5 (Reliability
 * Engineering, 8th ed.: a series of four, lognormal repairs, one crew,
 * frozen while down; printed PA_S = 0.991, R_S0(168 h) = 0.55, MTTF_S0 =
 * 278 h, IR_S(12 h) = 0.95) on the case its printed figures imply
 * (tests/textbook/birolini-6-5-implied.yaml: the book's element table could
 * not be read; docs/validation.md). Three columns, as docs/validation.md:
 * the exact value against the printed one to its printed digits, the solver
 * against the exact value to 1e-12, the engine within 4 standard errors
 * (R and MTTF from new; A(t) and IR from the steady start, where they are
 * exactly PA_S and PA_S e^{-theta sum(lambda)}). */
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "test_mc_util.h"

#define FILE_6_5 "tests/textbook/birolini-6-5-implied.yaml"

static const double lam[4] = {1e-3, 0.5e-3, 1e-4, 2e-3}; /* per hour: sum 3.6e-3 */

/* the lognormal repair: median 2 h, sigma 0.6 */
static double mttr(void)
{
    return 2 * exp(0.6 * 0.6 / 2);
}

static double sum_lambda(void)
{
    return lam[0] + lam[1] + lam[2] + lam[3];
}

static double pa_exact(void)
{
    return 1 / (1 + sum_lambda() * mttr());
}

static int within(const char *what, double x, double se, double exact)
{
    double gap = fabs(x - exact);
    if (gap <= 4 * se + 1e-12)
        return 1;
    fprintf(stderr, "\n  %s: simulated %.10g, exact %.10g, gap %.2f se (se %.3g)\n", what, x, exact,
            se > 0 ? gap / se : INFINITY, se);
    return 0;
}

/* The exact values against the printed ones, to the printed digits. */
static void test_printed(void)
{
    double s = sum_lambda();
    CU_ASSERT(fabs(pa_exact() - 0.991) <= 0.0005);               /* 0.99145 */
    CU_ASSERT(fabs(exp(-168 * s) - 0.55) <= 0.005);              /* 0.54620 */
    CU_ASSERT(fabs(1 / s - 278) <= 0.5);                         /* 277.78 h */
    CU_ASSERT(fabs(pa_exact() * exp(-12 * s) - 0.95) <= 0.005);  /* 0.94954 */
}

/* The solver: exact, the semi-Markov series 1 / (1 + sum lambda_i MTTR_i). */
static void test_solver(void)
{
    topology *t = mc_test_load_file(FILE_6_5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    CU_ASSERT(r->system.exact);
    CU_ASSERT_DOUBLE_EQUAL(r->system.availability, pa_exact(), 1e-12);
    /* outages per year: PA x sum(lambda) x 8760 (each up period ends in one) */
    CU_ASSERT_DOUBLE_EQUAL(r->system.outages_per_year, pa_exact() * sum_lambda() * 8760, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->system.mean_outage_hours, mttr(), 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* The engine: R(168 h) and the MTTF from new (histories run on to their
   first outage), A(168 h) and IR(168 h, 12 h) from the steady state. */
static void test_engine(void)
{
    topology *t = mc_test_load_file(FILE_6_5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double s = sum_lambda();
    mc_options o = {.trials = 20000, .seed = 1, .threads = 2, .n_at = 1, .at = {168},
                    .window = 12, .until_failure = 1};
    mc_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mc_run(t, &o, &r), MC_OK);
    CU_ASSERT(within("R(168h)", r->reliability[0], r->reliability_se[0], exp(-168 * s)));
    double se = (r->mttf_ci_hi - r->mttf_ci_lo) / (2 * 1.959963984540054);
    CU_ASSERT(within("MTTF", r->mttf_hours, se, 1 / s));
    CU_ASSERT_EQUAL(r->censored_trials, 0);
    CU_ASSERT_EQUAL(r->frozen, 1);
    CU_ASSERT_STRING_EQUAL(r->repairs, "repair (1)");
    mc_result_free(r);

    mc_options st = {.trials = 20000, .seed = 1, .threads = 2, .n_at = 1, .at = {168},
                     .window = 12, .start_steady = 1};
    CU_ASSERT_EQUAL_FATAL(mc_run(t, &st, &r), MC_OK);
    CU_ASSERT(within("A(168h), steady start", r->point_availability[0],
                     r->point_availability_se[0], pa_exact()));
    CU_ASSERT(within("IR(168h, 12h), steady start", r->interval_reliability[0],
                     r->interval_reliability_se[0], pa_exact() * exp(-12 * s)));
    CU_ASSERT(mc_test_within("PA, steady start", &r->system, pa_exact()));
    mc_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_printed);
    HARNESS_ADD(s, test_solver);
    HARNESS_ADD(s, test_engine);
}

int main(void)
{
    return harness_run("mc_birolini", add);
}
