/* tests/test_mc_curve.c — the curves of issue 14's chart: the solver's
 * exact A(t) (analytic_point_availability) against closed forms, its
 * refusals, the engine's A(t) and R(t) curves against the exact ones within
 * 4 standard errors at a fixed seed (the chart: test_plot_transient.c). */
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "test_mc_util.h"

/* A 1-of-2 pair and a series of two, exponential, unlimited repair: a fast
   transient (lambda + mu about 0.11 / h) */
static const char pair_yaml[] = "format: nines/1\n"
                                "name: pair\n"
                                "mission: 1000h\n"
                                "profiles:\n"
                                "  u1: { fail: 100h, repair: 10h }\n"
                                "  u2: { fail: 50h, repair: 5h }\n"
                                "hosts:\n"
                                "  a: { profile: u1 }\n"
                                "  b: { profile: u2 }\n"
                                "services:\n"
                                "  s: { mode: active-active, need: 1, hosts: [a, b] }\n"
                                "system: [s]\n";
static const char series_yaml[] = "format: nines/1\n"
                                  "name: series\n"
                                  "mission: 1000h\n"
                                  "profiles:\n"
                                  "  u1: { fail: 100h, repair: 10h }\n"
                                  "  u2: { fail: 50h, repair: 5h }\n"
                                  "hosts:\n"
                                  "  a: { profile: u1 }\n"
                                  "  b: { profile: u2 }\n"
                                  "services:\n"
                                  "  one: { mode: single, hosts: [a] }\n"
                                  "  two: { mode: single, hosts: [b] }\n"
                                  "system: [one, two]\n";

/* A two-state part from new: A(t) = mu/(l+mu) + l/(l+mu) e^{-(l+mu)t}. */
static double part_a(double f, double r, double t)
{
    double l = 1 / f, m = 1 / r;
    return m / (l + m) + l / (l + m) * exp(-(l + m) * t);
}

static void test_exact_pair_and_series(void)
{
    topology *p = mc_test_load_text(pair_yaml, "pair.yaml");
    topology *s = mc_test_load_text(series_yaml, "series.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    double t[5] = {0, 1, 7.5, 30, 400}, a[5], b[5];
    const char *why = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_point_availability(p, t, 5, 0, a, &why), 0);
    CU_ASSERT_EQUAL_FATAL(analytic_point_availability(s, t, 5, 0, b, &why), 0);
    for (int k = 0; k < 5; k++) {
        double a1 = part_a(100, 10, t[k]), a2 = part_a(50, 5, t[k]);
        CU_ASSERT_DOUBLE_EQUAL(a[k], 1 - (1 - a1) * (1 - a2), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(b[k], a1 * a2, 1e-12);
    }
    CU_ASSERT_DOUBLE_EQUAL(a[0], 1, 0);
    /* from the steady state: flat at the steady state */
    CU_ASSERT_EQUAL_FATAL(analytic_point_availability(s, t, 5, 1, b, &why), 0);
    for (int k = 0; k < 5; k++)
        CU_ASSERT_DOUBLE_EQUAL(b[k], (100.0 / 110) * (50.0 / 55), 1e-12);
    topo_free(p);
    topo_free(s);
}

static void test_refused(void)
{
    const char *files[] = {"tests/textbook/frozen-series.yaml", "tests/textbook/crew-pair.yaml"};
    const char *want[] = {"frozen", "crew"};
    for (int i = 0; i < 2; i++) {
        topology *t = mc_test_load_file(files[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        double x = 10, a = -1;
        const char *why = NULL;
        CU_ASSERT_EQUAL(analytic_point_availability(t, &x, 1, 0, &a, &why), TOPO_EINVALID);
        CU_ASSERT(why && strstr(why, want[i]));
        CU_ASSERT_EQUAL(a, -1); /* untouched */
        topo_free(t);
    }
}

/* The engine's curves: A(t) against the exact A(t), R(t) of the series
   against e^{-(1/100 + 1/50) t}; every one of the 65 points within 4 se. */
static void test_engine_curves(void)
{
    topology *p = mc_test_load_text(pair_yaml, "pair.yaml");
    topology *s = mc_test_load_text(series_yaml, "series.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const topology *both[2] = {p, s};
    for (int d = 0; d < 2; d++) {
        mc_options o = {.trials = 20000, .seed = 11, .threads = 2, .n_at = 1, .at = {60}};
        mc_result *r = NULL;
        CU_ASSERT_EQUAL_FATAL(mc_run(both[d], &o, &r), MC_OK);
        CU_ASSERT_DOUBLE_EQUAL(r->curve_end, 60, 0);
        double t[MC_CURVE_POINTS], a[MC_CURVE_POINTS];
        for (int j = 0; j < MC_CURVE_POINTS; j++)
            t[j] = r->curve_end * j / (MC_CURVE_POINTS - 1);
        CU_ASSERT_EQUAL_FATAL(analytic_point_availability(both[d], t, MC_CURVE_POINTS, 0, a, NULL), 0);
        int off = 0;
        double n = (double)r->trials;
        for (int j = 0; j < MC_CURVE_POINTS; j++) {
            double se = sqrt(a[j] * (1 - a[j]) / n);
            if (fabs(r->curve_a[j] - a[j]) > 4 * se + 1e-12) {
                fprintf(stderr, "\n  %s A(%g): simulated %g, exact %g (se %g)\n", both[d]->name, t[j],
                        r->curve_a[j], a[j], se);
                off++;
            }
            if (d == 1) {
                double rr = exp(-(1.0 / 100 + 1.0 / 50) * t[j]), sr = sqrt(rr * (1 - rr) / n);
                if (fabs(r->curve_r[j] - rr) > 4 * sr + 1e-12) {
                    fprintf(stderr, "\n  series R(%g): simulated %g, exact %g (se %g)\n", t[j],
                            r->curve_r[j], rr, sr);
                    off++;
                }
            }
        }
        CU_ASSERT_EQUAL(off, 0);
        CU_ASSERT_DOUBLE_EQUAL(r->curve_a[0], 1, 0); /* everything new */
        CU_ASSERT_DOUBLE_EQUAL(r->curve_r[0], 1, 0);
        mc_result_free(r);
    }
    topo_free(p);
    topo_free(s);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_exact_pair_and_series);
    HARNESS_ADD(s, test_refused);
    HARNESS_ADD(s, test_engine_curves);
}

int main(void)
{
    return harness_run("mc_curve", add);
}
