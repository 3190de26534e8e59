/* tests/test_model_scale.c — scaled copies (model/topo_scale.c): every law
 * kind scales its mean by the factor (and its variance by the square), a copy
 * is independent of the original and freed by topo_free, parts are counted,
 * and the importance measures match hand-computed values on small designs
 * (series, parallel, 2-of-3, shared host) to 1e-9. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../model/topology.h"

static topology *load(const char *yaml)
{
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load_string(yaml, strlen(yaml), "scale-test.yaml", NULL, &t, &errs);
    if (rc) {
        char buf[1024];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    return t;
}

static int law_index(const topology *t, const char *name)
{
    int l = topo_find_law(t, name);
    if (l < 0)
        fprintf(stderr, "no law '%s'\n", name);
    return l;
}

/* ---- law_dist_scale ---- */

static void test_every_kind_scales_mean_and_variance(void)
{
    const law_dist kinds[] = {
        {LAW_EXPONENTIAL, 26280.0, 0}, {LAW_WEIBULL, 0.7, 1234.5},
        {LAW_LOGNORMAL, 1.385, 0.83},  {LAW_GAMMA, 2.385, 3.5},
        {LAW_FIXED, 2160.0, 0},        {LAW_UNIFORM, 1.25, 6.5},
    };
    const double factors[] = {0.5, 2.0, 3.7};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t j = 0; j < sizeof factors / sizeof factors[0]; j++) {
            law_dist d = kinds[k];
            double f = factors[j], m = law_mean(&d), v = law_variance(&d);
            CU_ASSERT_EQUAL(law_dist_scale(&d, f), 0);
            CU_ASSERT_EQUAL(d.kind, kinds[k].kind);
            CU_ASSERT(harness_rel(law_mean(&d), f * m) < 1e-12);
            CU_ASSERT(harness_rel(law_variance(&d), f * f * v) < 1e-12);
        }
}

static void test_bad_factor_leaves_law(void)
{
    law_dist d = {LAW_WEIBULL, 0.7, 1234.5};
    CU_ASSERT_EQUAL(law_dist_scale(&d, 0), -1);
    CU_ASSERT_EQUAL(law_dist_scale(&d, -2), -1);
    CU_ASSERT_EQUAL(law_dist_scale(&d, NAN), -1);
    CU_ASSERT_EQUAL(law_dist_scale(&d, INFINITY), -1);
    CU_ASSERT_EQUAL(d.a, 0.7);
    CU_ASSERT_EQUAL(d.b, 1234.5);
}

/* ---- copies ---- */

static const char *const SHARED =
    "format: nines/1\n"
    "name: shared host\n"
    "mission: 3y\n"
    "profiles:\n"
    "  rack: { fail: 49h, repair: 1h }\n"
    "  node:\n"
    "    fail: { dist: weibull, shape: 1.5, mean: 9h }\n"
    "    repair: { dist: lognormal, mean: 1h, sd: 2h }\n"
    "hosts:\n"
    "  r: { profile: rack }\n"
    "  a: { profile: node, needs: [r] }\n"
    "  b: { profile: node, needs: [r] }\n"
    "services:\n"
    "  web:\n"
    "    mode: active-active\n"
    "    hosts: [a, b]\n"
    "    instance: { fail: 30d, repair: 5m }\n"
    "system: [web]\n"
    "views:\n"
    "  front: [web]\n";

static void test_copy_is_deep_and_independent(void)
{
    topology *t = load(SHARED), *c = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    int node = law_index(t, "node");
    CU_ASSERT_FATAL(node >= 0);
    double fm = law_mean(&t->laws[node].fail), rm = law_mean(&t->laws[node].repair);
    CU_ASSERT_EQUAL_FATAL(topo_scale_law(t, node, 2.0, 0.5, &c), TOPO_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    /* scaled in the copy, untouched in the original */
    CU_ASSERT(harness_rel(law_mean(&c->laws[node].fail), 2 * fm) < 1e-12);
    CU_ASSERT(harness_rel(law_mean(&c->laws[node].repair), 0.5 * rm) < 1e-12);
    CU_ASSERT_EQUAL(law_mean(&t->laws[node].fail), fm);
    CU_ASSERT_EQUAL(law_mean(&t->laws[node].repair), rm);
    /* other laws unchanged; shapes kept */
    int rack = law_index(t, "rack");
    CU_ASSERT_EQUAL(c->laws[rack].fail.a, t->laws[rack].fail.a);
    CU_ASSERT_EQUAL(c->laws[node].fail.a, t->laws[node].fail.a);   /* weibull shape */
    CU_ASSERT_EQUAL(c->laws[node].repair.b, t->laws[node].repair.b); /* lognormal sigma */
    /* same structure, separate memory */
    CU_ASSERT_STRING_EQUAL(c->name, t->name);
    CU_ASSERT_PTR_NOT_EQUAL(c->name, t->name);
    CU_ASSERT_EQUAL(c->n_hosts, t->n_hosts);
    CU_ASSERT_EQUAL(c->n_members, t->n_members);
    CU_ASSERT_EQUAL(c->n_views, t->n_views);
    CU_ASSERT_EQUAL(c->mission, t->mission);
    CU_ASSERT_EQUAL(c->text_len, t->text_len);
    CU_ASSERT_PTR_NOT_EQUAL(c->hosts, t->hosts);
    CU_ASSERT_STRING_EQUAL(c->hosts[1].name, "a");
    CU_ASSERT_EQUAL(c->hosts[1].n_needs, 1);
    CU_ASSERT_PTR_NOT_EQUAL(c->hosts[1].needs, t->hosts[1].needs);
    CU_ASSERT_EQUAL(c->hosts[1].needs[0], t->hosts[1].needs[0]);
    CU_ASSERT_STRING_EQUAL(c->views[0].name, "front");
    CU_ASSERT_EQUAL(c->system.n_services, 1);
    CU_ASSERT_STRING_EQUAL(c->laws[node].name, "node");
    /* positions point into the copy's own file names */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->laws[node].pos.file);
    CU_ASSERT_PTR_EQUAL(c->laws[node].pos.file, c->files[0]);
    CU_ASSERT_EQUAL(c->laws[node].pos.line, t->laws[node].pos.line);
    /* free the original first: the copy must not need it */
    topo_free(t);
    CU_ASSERT_STRING_EQUAL(c->hosts[2].name, "b");
    CU_ASSERT_STRING_EQUAL(c->services[0].name, "web");
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL(analytic_solve(c, &r), 0);
    analytic_result_free(r);
    topo_free(c);
}

static void test_scale_rejects_bad_arguments(void)
{
    topology *t = load(SHARED), *c = (topology *)1;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(topo_scale_law(t, -1, 1, 1, &c), TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_EQUAL(topo_scale_law(t, t->n_laws, 1, 1, &c), TOPO_EINVALID);
    CU_ASSERT_EQUAL(topo_scale_law(t, 0, 0, 1, &c), TOPO_EINVALID);
    CU_ASSERT_EQUAL(topo_scale_law(t, 0, 1, -1, &c), TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(c);
    topo_free(t);
}

static void test_parts_are_counted(void)
{
    topology *t = load(SHARED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(topo_law_parts(t, law_index(t, "rack")), 1);
    CU_ASSERT_EQUAL(topo_law_parts(t, law_index(t, "node")), 2);
    CU_ASSERT_EQUAL(topo_law_parts(t, law_index(t, "services.web.instance")), 2);
    CU_ASSERT_EQUAL(topo_law_parts(t, -1), 0);
    topo_free(t);
}

/* ---- importance against hand-computed values ---- */

static void check_importance(const topology *t, const char *law, double birnbaum,
                             double criticality, double system)
{
    law_importance imp;
    int l = law_index(t, law);
    CU_ASSERT_FATAL(l >= 0);
    CU_ASSERT_EQUAL_FATAL(analytic_importance(t, l, &imp), TOPO_OK);
    CU_ASSERT_EQUAL(imp.exact, 1);
    if (harness_rel(imp.birnbaum, birnbaum) > 1e-9 ||
        harness_rel(imp.criticality, criticality) > 1e-9)
        fprintf(stderr, "%s: birnbaum %.15g (want %.15g), criticality %.15g (want %.15g)\n",
                law, imp.birnbaum, birnbaum, imp.criticality, criticality);
    CU_ASSERT(harness_rel(imp.system, system) < 1e-12);
    CU_ASSERT(harness_rel(imp.birnbaum, birnbaum) < 1e-9);
    CU_ASSERT(harness_rel(imp.criticality, criticality) < 1e-9);
}

/* Two hosts in series: p1 = 99/100, p2 = 19/20. */
static const char *const SERIES =
    "format: nines/1\n"
    "hosts:\n"
    "  h1: { profile: { fail: 99h, repair: 1h } }\n"
    "  h2: { profile: { fail: 19h, repair: 1h } }\n"
    "services:\n"
    "  s1: { mode: single, hosts: [h1] }\n"
    "  s2: { mode: single, hosts: [h2] }\n"
    "system: [s1, s2]\n";

static void test_importance_series(void)
{
    topology *t = load(SERIES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double p1 = 0.99, p2 = 0.95, a = p1 * p2;
    /* I_B(1) = p2, I_B(2) = p1; I_C = I_B (1 - p) / (1 - A) */
    check_importance(t, "hosts.h1.profile", p2, p2 * (1 - p1) / (1 - a), a);
    check_importance(t, "hosts.h2.profile", p1, p1 * (1 - p2) / (1 - a), a);
    /* halving the repair of h1: p1' = 99/99.5 */
    double av;
    int ex = 0;
    CU_ASSERT_EQUAL(analytic_solve_scaled(t, law_index(t, "hosts.h1.profile"), 1, 0.5, &av,
                                          &ex), TOPO_OK);
    CU_ASSERT_EQUAL(ex, 1);
    CU_ASSERT(harness_rel(av, 99 / 99.5 * p2) < 1e-12);
    /* doubling the time to fail of h2: p2' = 38/39 */
    CU_ASSERT_EQUAL(analytic_solve_scaled(t, law_index(t, "hosts.h2.profile"), 2, 1, &av,
                                          &ex), TOPO_OK);
    CU_ASSERT(harness_rel(av, p1 * 38.0 / 39.0) < 1e-12);
    topo_free(t);
}

/* The same hosts in parallel (active-active, need 1). */
static const char *const PARALLEL =
    "format: nines/1\n"
    "hosts:\n"
    "  h1: { profile: { fail: 99h, repair: 1h } }\n"
    "  h2: { profile: { fail: 19h, repair: 1h } }\n"
    "services:\n"
    "  s: { mode: active-active, need: 1, hosts: [h1, h2] }\n"
    "system: [s]\n";

static void test_importance_parallel(void)
{
    topology *t = load(PARALLEL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double p1 = 0.99, p2 = 0.95, a = 1 - (1 - p1) * (1 - p2);
    /* I_B(1) = 1 - p2; I_C = (1 - p2)(1 - p1) / ((1 - p1)(1 - p2)) = 1 */
    check_importance(t, "hosts.h1.profile", 1 - p2, 1.0, a);
    check_importance(t, "hosts.h2.profile", 1 - p1, 1.0, a);
    topo_free(t);
}

/* 2-of-3, one profile for the three hosts (p = 0.9): A = 3p^2 - 2p^3. */
static const char *const TWO_OF_THREE =
    "format: nines/1\n"
    "profiles:\n"
    "  node: { fail: 9h, repair: 1h }\n"
    "hosts:\n"
    "  n1: { profile: node }\n"
    "  n2: { profile: node }\n"
    "  n3: { profile: node }\n"
    "services:\n"
    "  s: { mode: active-active, need: 2, hosts: [n1, n2, n3] }\n"
    "system: [s]\n";

static void test_importance_two_of_three(void)
{
    topology *t = load(TWO_OF_THREE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double p = 0.9, a = 3 * p * p - 2 * p * p * p, b = 6 * p - 6 * p * p;
    check_importance(t, "node", b, b * (1 - p) / (1 - a), a);
    topo_free(t);
}

/* A rack (p_r = 0.98) that two nodes of one profile (p = 0.9) need; the
 * service runs on either node: A = p_r (1 - (1 - p)^2). The node law has two
 * parts: dA/dp = 2 p_r (1 - p). */
static const char *const SHARED_HOST =
    "format: nines/1\n"
    "profiles:\n"
    "  rack: { fail: 49h, repair: 1h }\n"
    "  node: { fail: 9h, repair: 1h }\n"
    "hosts:\n"
    "  r: { profile: rack }\n"
    "  a: { profile: node, needs: [r] }\n"
    "  b: { profile: node, needs: [r] }\n"
    "services:\n"
    "  web: { mode: active-active, hosts: [a, b] }\n"
    "system: [web]\n";

static void test_importance_shared_host(void)
{
    topology *t = load(SHARED_HOST);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double pr = 0.98, p = 0.9, q = 1 - (1 - p) * (1 - p), a = pr * q;
    check_importance(t, "rack", q, q * (1 - pr) / (1 - a), a);
    check_importance(t, "node", 2 * pr * (1 - p), 2 * pr * (1 - p) * (1 - p) / (1 - a), a);
    topo_free(t);
}

/* Realistic availabilities (five nines per part): the difference still holds. */
static void test_importance_near_one(void)
{
    static const char *const yaml =
        "format: nines/1\n"
        "hosts:\n"
        "  h1: { profile: { fail: 3y, repair: 15m } }\n"
        "  h2: { profile: { fail: 5y, repair: 4h } }\n"
        "services:\n"
        "  s1: { mode: single, hosts: [h1] }\n"
        "  s2: { mode: single, hosts: [h2] }\n"
        "system: [s1, s2]\n";
    topology *t = load(yaml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double f1 = 3 * 8760, r1 = 0.25, f2 = 5 * 8760, r2 = 4;
    double p1 = f1 / (f1 + r1), p2 = f2 / (f2 + r2), a = p1 * p2;
    law_importance imp;
    CU_ASSERT_EQUAL_FATAL(analytic_importance(t, law_index(t, "hosts.h1.profile"), &imp), 0);
    CU_ASSERT(harness_rel(imp.birnbaum, p2) < 1e-9);
    CU_ASSERT(harness_rel(imp.criticality, p2 * (1 - p1) / (1 - a)) < 1e-6);
    CU_ASSERT_EQUAL(imp.parts, 1);
    CU_ASSERT(harness_rel(imp.availability, p1) < 1e-15);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_every_kind_scales_mean_and_variance);
    HARNESS_ADD(s, test_bad_factor_leaves_law);
    HARNESS_ADD(s, test_copy_is_deep_and_independent);
    HARNESS_ADD(s, test_scale_rejects_bad_arguments);
    HARNESS_ADD(s, test_parts_are_counted);
    HARNESS_ADD(s, test_importance_series);
    HARNESS_ADD(s, test_importance_parallel);
    HARNESS_ADD(s, test_importance_two_of_three);
    HARNESS_ADD(s, test_importance_shared_host);
    HARNESS_ADD(s, test_importance_near_one);
}

int main(void)
{
    return harness_run("model_scale", add);
}
