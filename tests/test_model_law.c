/* tests/test_model_law.c — laws (model/law.c): means and variances against
 * numerical integration of the density (GSL QAGIU on t f(t) and t^2 f(t)
 * computed from the survival function), tail integrals against integration
 * of the survival function, survival against GSL's CDFs, draws within 4
 * standard errors at a fixed seed, and the file forms of every law converted
 * to canonical parameters. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "harness.h"
#include "../model/topology.h"

static const law_dist kinds[] = {
    {LAW_EXPONENTIAL, 26.385, 0}, {LAW_WEIBULL, 0.8, 123.45}, {LAW_WEIBULL, 2.385, 17.5},
    {LAW_LOGNORMAL, 1.385, 0.83}, {LAW_GAMMA, 2.385, 3.5},    {LAW_GAMMA, 0.6, 11.0},
    {LAW_FIXED, 21.6, 0},         {LAW_UNIFORM, 1.25, 6.5},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static double surv_fn(double t, void *p)
{
    return law_survival(p, t);
}

/* t S(t): E[X^2] = 2 * integral of t S(t). */
static double t_surv_fn(double t, void *p)
{
    return t * law_survival(p, t);
}

static double integrate_from(double (*f)(double, void *), const law_dist *d, double a)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000);
    gsl_function F = {f, (void *)d};
    double r = NAN, err;
    if (d->kind == LAW_FIXED || d->kind == LAW_UNIFORM) {
        /* bounded support: a finite interval, with the jump as a break point */
        double hi = d->kind == LAW_FIXED ? d->a : d->b;
        if (a >= hi)
            r = 0;
        else
            gsl_integration_qags(&F, a, hi, 0, 1e-12, 2000, w, &r, &err);
    } else {
        gsl_integration_qagiu(&F, a, 0, 1e-12, 2000, w, &r, &err);
    }
    gsl_integration_workspace_free(w);
    return r;
}

static void test_means_by_integration(void)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        const law_dist *d = &kinds[k];
        double m = integrate_from(surv_fn, d, 0);
        CU_ASSERT(harness_rel(law_mean(d), m) < 1e-9);
    }
}

static void test_variances_by_integration(void)
{
    for (size_t k = 0; k < N_KINDS; k++) {
        const law_dist *d = &kinds[k];
        double m = law_mean(d), ex2 = 2 * integrate_from(t_surv_fn, d, 0);
        double v = ex2 - m * m;
        if (d->kind == LAW_FIXED) {
            CU_ASSERT(fabs(law_variance(d)) < 1e-12 && fabs(v) < 1e-6);
        } else {
            CU_ASSERT(harness_rel(law_variance(d), v) < 1e-8);
        }
    }
}

static void test_closed_forms(void)
{
    law_dist e = {LAW_EXPONENTIAL, 26.385, 0};
    CU_ASSERT(harness_rel(law_mean(&e), 26.385) < 1e-15);
    CU_ASSERT(harness_rel(law_variance(&e), 26.385 * 26.385) < 1e-15);
    CU_ASSERT(harness_rel(law_survival(&e, 10), exp(-10 / 26.385)) < 1e-15);
    law_dist w = {LAW_WEIBULL, 2.385, 17.5};
    CU_ASSERT(harness_rel(law_mean(&w), 17.5 * gsl_sf_gamma(1 + 1 / 2.385)) < 1e-14);
    CU_ASSERT(harness_rel(law_survival(&w, 9.0), 1 - gsl_cdf_weibull_P(9.0, 17.5, 2.385)) < 1e-12);
    law_dist l = {LAW_LOGNORMAL, 1.385, 0.83};
    CU_ASSERT(harness_rel(law_mean(&l), exp(1.385 + 0.83 * 0.83 / 2)) < 1e-14);
    CU_ASSERT(harness_rel(law_survival(&l, 3.0), gsl_cdf_lognormal_Q(3.0, 1.385, 0.83)) < 1e-12);
    law_dist g = {LAW_GAMMA, 2.385, 3.5};
    CU_ASSERT(harness_rel(law_mean(&g), 2.385 * 3.5) < 1e-15);
    CU_ASSERT(harness_rel(law_variance(&g), 2.385 * 3.5 * 3.5) < 1e-15);
    CU_ASSERT(harness_rel(law_survival(&g, 5.0), gsl_cdf_gamma_Q(5.0, 2.385, 3.5)) < 1e-12);
    law_dist u = {LAW_UNIFORM, 1.25, 6.5};
    CU_ASSERT(harness_rel(law_mean(&u), 3.875) < 1e-15);
    CU_ASSERT(harness_rel(law_variance(&u), 5.25 * 5.25 / 12) < 1e-15);
    CU_ASSERT_EQUAL(law_survival(&u, 1.0), 1.0);
    CU_ASSERT(harness_rel(law_survival(&u, 2.0), 4.5 / 5.25) < 1e-15);
    CU_ASSERT_EQUAL(law_survival(&u, 6.5), 0.0);
    law_dist f = {LAW_FIXED, 21.6, 0};
    CU_ASSERT_EQUAL(law_survival(&f, 21.5), 1.0);
    CU_ASSERT_EQUAL(law_survival(&f, 21.6), 0.0);
    CU_ASSERT_EQUAL(law_survival(&f, -1.0), 1.0);
}

static void test_tail_integrals(void)
{
    const double ts[] = {0.0, 0.7, 2.385, 9.0, 40.0};
    for (size_t k = 0; k < N_KINDS; k++)
        for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
            const law_dist *d = &kinds[k];
            double want = integrate_from(surv_fn, d, ts[i]);
            double got = law_tail_integral(d, ts[i]);
            if (want < 1e-300) {
                CU_ASSERT(fabs(got) < 1e-12);
            } else {
                CU_ASSERT(harness_rel(got, want) < 1e-9);
            }
        }
    /* below 0 the survival is 1: the tail integral grows by |t| */
    law_dist g = {LAW_GAMMA, 2.385, 3.5};
    CU_ASSERT(harness_rel(law_tail_integral(&g, -2.0), law_mean(&g) + 2.0) < 1e-14);
    CU_ASSERT(harness_rel(law_tail_integral(&g, 0.0), law_mean(&g)) < 1e-12);
}

static void test_draws(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    const int n = 200000;
    for (size_t k = 0; k < N_KINDS; k++) {
        const law_dist *d = &kinds[k];
        double s = 0, lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < n; i++) {
            double x = law_sample(d, r);
            s += x;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        double se = sqrt(law_variance(d) / n);
        CU_ASSERT(fabs(s / n - law_mean(d)) <= 4 * se + 1e-9 * law_mean(d)); /* + rounding of the sum */
        CU_ASSERT(lo >= 0);
        if (d->kind == LAW_UNIFORM) {
            CU_ASSERT(lo >= d->a && hi <= d->b);
        }
    }
    gsl_rng_free(r);
}

static void test_names_and_describe(void)
{
    char b[96];
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_EXPONENTIAL), "exponential");
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_WEIBULL), "weibull");
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_LOGNORMAL), "lognormal");
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_GAMMA), "gamma");
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_FIXED), "fixed");
    CU_ASSERT_STRING_EQUAL(law_kind_name(LAW_UNIFORM), "uniform");
    law_dist e = {LAW_EXPONENTIAL, 26280.0, 0};
    CU_ASSERT_STRING_EQUAL(law_describe(&e, b, sizeof b), "exponential(mean 3y)");
    law_dist w = {LAW_WEIBULL, 0.8, 2880.0 / gsl_sf_gamma(1 + 1 / 0.8)};
    CU_ASSERT_STRING_EQUAL(law_describe(&w, b, sizeof b), "weibull(shape 0.8, mean 120d)");
    law_dist f = {LAW_FIXED, 4.0 / 3600, 0};
    CU_ASSERT_STRING_EQUAL(law_describe(&f, b, sizeof b), "fixed(4s)");
    CU_ASSERT(law_is_exponential(&e));
    CU_ASSERT(!law_is_exponential(&w));
    /* law_is_none: only a law fixed at 0 is "none" */
    law_dist none = {LAW_FIXED, 0, 0}, u0 = {LAW_UNIFORM, 0, 0.25};
    CU_ASSERT(law_is_none(&none));
    CU_ASSERT(!law_is_none(&f));
    CU_ASSERT(!law_is_none(&e));
    CU_ASSERT(!law_is_none(&u0));
    topo_law l = {NULL, {LAW_EXPONENTIAL, 26280.0, 0}, {LAW_EXPONENTIAL, 8.0, 0},
                  {LAW_FIXED, 0, 0}, {NULL, 0, 0}, -1};
    CU_ASSERT(harness_rel(law_availability(&l), 26280.0 / 26288.0) < 1e-15);
}

/* ---- the file forms of laws, through the loader ---- */

static topology *load(const char *fail, const char *repair)
{
    char y[1024];
    snprintf(y, sizeof y,
             "format: nines/1\nprofiles:\n  p: { fail: %s, repair: %s }\n"
             "hosts:\n  h: { profile: p }\nservices:\n  s: { mode: single, hosts: [h] }\nsystem: [s]\n",
             fail, repair);
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load_string(y, strlen(y), "law.yaml", NULL, &t, &errs);
    CU_ASSERT_EQUAL(rc, 0);
    for (int i = 0; i < errs.n; i++) {
        char b[512];
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    }
    topo_errors_release(&errs);
    return t;
}

static void test_file_forms(void)
{
    topology *t = load("3y", "{dist: exponential, mean: 8h}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->laws[0].fail.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(t->laws[0].fail.a, 26280.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, 8.0) < 1e-15);
    topo_free(t);

    t = load("{afr: 2%}", "{dist: weibull, shape: 0.8, mean: 120d}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[0].fail.a, 8760.0 / -log(0.98)) < 1e-13);
    CU_ASSERT_EQUAL(t->laws[0].repair.kind, LAW_WEIBULL);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, 0.8) < 1e-15);
    CU_ASSERT(harness_rel(law_mean(&t->laws[0].repair), 2880.0) < 1e-12);
    topo_free(t);

    t = load("{dist: weibull, shape: 2.385, scale: 2y}", "{dist: lognormal, mean: 20m, sd: 30m}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[0].fail.b, 17520.0) < 1e-15);
    const law_dist *ln = &t->laws[0].repair;
    CU_ASSERT_EQUAL(ln->kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(law_mean(ln), 1.0 / 3) < 1e-12);
    CU_ASSERT(harness_rel(sqrt(law_variance(ln)), 0.5) < 1e-12);
    topo_free(t);

    t = load("{dist: gamma, shape: 2.385, mean: 1y}", "{dist: lognormal, median: 6h, sigma: 0.8}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[0].fail.b, 8760.0 / 2.385) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, log(6.0)) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[0].repair.b, 0.8) < 1e-15);
    CU_ASSERT(harness_rel(law_survival(&t->laws[0].repair, 6.0), 0.5) < 1e-12);
    topo_free(t);

    t = load("{dist: uniform, min: 1y, max: 3y}", "{dist: fixed, value: 90m}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->laws[0].fail.kind, LAW_UNIFORM);
    CU_ASSERT(harness_rel(t->laws[0].fail.a, 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[0].fail.b, 26280.0) < 1e-15);
    CU_ASSERT_EQUAL(t->laws[0].repair.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, 1.5) < 1e-15);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_means_by_integration);
    HARNESS_ADD(s, test_variances_by_integration);
    HARNESS_ADD(s, test_closed_forms);
    HARNESS_ADD(s, test_tail_integrals);
    HARNESS_ADD(s, test_draws);
    HARNESS_ADD(s, test_names_and_describe);
    HARNESS_ADD(s, test_file_forms);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_law", add);
}
