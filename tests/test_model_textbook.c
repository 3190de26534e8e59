/* tests/test_model_textbook.c — the textbook cases of tests/textbook/ through
 * the analytic solver (model/analytic_joint.c): availability, outages per year
 * and mean outage duration against the exact closed forms (to 1e-9) and the
 * printed figures (to their printed digits); docs/validation.md lists them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

#define Y 8760.0

static analytic_result *solve(const char *path, topology **tp)
{
    topo_errors errs = {0};
    topology *t = NULL;
    analytic_result *r = NULL;
    CU_ASSERT_FATAL(topo_load(path, NULL, &t, &errs) == 0);
    topo_errors_release(&errs);
    CU_ASSERT_FATAL(analytic_solve(t, &r) == 0);
    *tp = t;
    return r;
}

/* Billinton & Allan Example 11.1: two components in series. */
static void test_ba_series(void)
{
    topology *t;
    analytic_result *r = solve("tests/textbook/ba-11-1-series.yaml", &t);
    double m1 = 20 * Y, r1 = 20, m2 = 50 * Y, r2 = 25;
    double a1 = m1 / (m1 + r1), a2 = m2 / (m2 + r2);
    double f1 = Y / (m1 + r1), f2 = Y / (m2 + r2);
    double a = a1 * a2, f = a2 * f1 + a1 * f2; /* Birnbaum x cycle frequency */
    CU_ASSERT(r->system.exact);
    CU_ASSERT(harness_rel(r->system.availability, a) < 1e-12);
    CU_ASSERT(harness_rel(r->system.outages_per_year, f) < 1e-9);
    CU_ASSERT(harness_rel(r->system.mean_outage_hours, (1 - a) * Y / f) < 1e-9);
    /* the book's approximations: lambda_s = 0.07 f/yr, r_s = 21.43 h,
       U_s = 1.5 h/yr */
    CU_ASSERT(fabs(r->system.outages_per_year - 0.07) < 0.0005);
    CU_ASSERT(fabs(r->system.mean_outage_hours - 21.43) < 0.005);
    CU_ASSERT(fabs((1 - r->system.availability) * Y - 1.5) < 0.0005);
    /* one part alone: 8760 / (MTTF + MTTR) outages of MTTR */
    CU_ASSERT(harness_rel(r->services[0].outages_per_year, f1) < 1e-12);
    CU_ASSERT(harness_rel(r->services[0].mean_outage_hours, r1) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* Billinton & Allan Example 11.2: the same two in parallel. */
static void test_ba_parallel(void)
{
    topology *t;
    analytic_result *r = solve("tests/textbook/ba-11-2-parallel.yaml", &t);
    double m1 = 20 * Y, r1 = 20, m2 = 50 * Y, r2 = 25;
    double u1 = r1 / (m1 + r1), u2 = r2 / (m2 + r2);
    double f = u2 * Y / (m1 + r1) + u1 * Y / (m2 + r2);
    CU_ASSERT(r->system.exact);
    CU_ASSERT(harness_rel(1 - r->system.availability, u1 * u2) < 1e-6);
    CU_ASSERT(harness_rel(r->system.outages_per_year, f) < 1e-9);
    /* exactly r1 r2 / (r1 + r2): the book's r_p = 11.11 h */
    CU_ASSERT(harness_rel(r->system.mean_outage_hours, r1 * r2 / (r1 + r2)) < 1e-6);
    /* printed: U = 6.5146e-9, lambda_p = 5.137e-6 f/yr (its approximation
       lambda1 lambda2 (r1 + r2) gives 5.1370e-6; exact 5.1361e-6) */
    CU_ASSERT(fabs(1 - r->system.availability - 6.5146e-9) < 0.00005e-9);
    CU_ASSERT(fabs(r->system.outages_per_year - 5.137e-6) < 0.001e-6);
    analytic_result_free(r);
    topo_free(t);
}

/* One crew over a 1-of-2 pair: the joint chain. */
static void test_crew_pair(void)
{
    topology *t;
    analytic_result *r = solve("tests/textbook/crew-pair.yaml", &t);
    double lam = 1 / 1000.0, mu = 1 / 10.0, rho = lam / mu;
    double den = 1 + 2 * rho + 2 * rho * rho;
    double u = 2 * rho * rho / den, f = 2 * rho / den * lam * Y;
    CU_ASSERT(t->n_crews == 1 && t->crews[0].size == 1 && t->laws[0].crew == 0);
    CU_ASSERT(r->system.exact);
    CU_ASSERT(harness_rel(1 - r->system.availability, u) < 1e-9);
    CU_ASSERT(harness_rel(r->system.outages_per_year, f) < 1e-9);
    CU_ASSERT(harness_rel(r->system.mean_outage_hours, 10) < 1e-9);
    /* twice (to 2 %) the unlimited-repair unavailability rho^2 / (1 + rho)^2 */
    CU_ASSERT(fabs((1 - r->system.availability) / (rho * rho / ((1 + rho) * (1 + rho))) - 2) < 0.02);
    analytic_result_free(r);
    topo_free(t);
}

/* Frozen clocks: a series of four with lognormal repairs (exact for any laws)
 * and a pair (nothing changes). */
static void test_frozen(void)
{
    topology *t;
    analytic_result *r = solve("tests/textbook/frozen-series.yaml", &t);
    double m[4] = {1000, 1250, 2000, 5000}, d[4] = {2, 3, 4, 1.5}, sum = 0, rate = 0;
    for (int i = 0; i < 4; i++) {
        sum += d[i] / m[i];
        rate += 1 / m[i];
    }
    double a = 1 / (1 + sum);
    CU_ASSERT(t->frozen_when_down == 1);
    CU_ASSERT(r->system.exact);
    CU_ASSERT(harness_rel(r->system.availability, a) < 1e-12);
    CU_ASSERT(harness_rel(r->system.outages_per_year, a * rate * Y) < 1e-12);
    CU_ASSERT(harness_rel(r->services[1].availability, 1 - a * d[1] / m[1]) < 1e-12);
    analytic_result_free(r);
    topo_free(t);

    r = solve("tests/textbook/frozen-pair.yaml", &t);
    double rho = 10 / 1000.0;
    CU_ASSERT(r->system.exact);
    CU_ASSERT(harness_rel(1 - r->system.availability, rho * rho / ((1 + rho) * (1 + rho))) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* A crew whose laws are not exponential: approximate, with the reason. */
static void test_crew_approx(void)
{
    static const char text[] =
        "format: nines/1\n"
        "crews: { onsite: 1 }\n"
        "profiles:\n"
        "  u: { fail: 1000h, repair: { dist: fixed, value: 10h }, crew: onsite }\n"
        "hosts: { a: { profile: u }, b: { profile: u } }\n"
        "services: { pair: { mode: active-active, need: 1, hosts: [a, b] } }\n"
        "system: [pair]\n";
    topo_errors errs = {0};
    topology *t = NULL;
    analytic_result *r = NULL;
    CU_ASSERT_FATAL(topo_load_string(text, sizeof text - 1, "approx.yaml", NULL, &t, &errs) == 0);
    CU_ASSERT_FATAL(analytic_solve(t, &r) == 0);
    CU_ASSERT(!r->system.exact);
    CU_ASSERT(r->system.reason && strstr(r->system.reason, "exponential of the same mean"));
    analytic_result_free(r);
    topo_free(t);
    topo_errors_release(&errs);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_ba_series);
    HARNESS_ADD(s, test_ba_parallel);
    HARNESS_ADD(s, test_crew_pair);
    HARNESS_ADD(s, test_frozen);
    HARNESS_ADD(s, test_crew_approx);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_textbook", add);
}
