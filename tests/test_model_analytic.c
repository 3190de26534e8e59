/* tests/test_model_analytic.c — the analytic solver against answers derived
 * independently: the validation cases (*.exact.json), binomial k-of-n, the
 * cold standby closed form, shared fate, needs, views, host needs chains,
 * quorum rejoin (renewal theory), a bootstrap chain solved here by hand, the
 * Markov chain of active-passive, and approximations marked as such. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sf_gamma.h>
#include <jansson.h>

#include "harness.h"
#include "../model/analytic_int.h"
#include "../model/topology.h"

#define TOL 1e-9
#define CASES "tests/cases/analytic/"
#define VALIDATION "tests/cases/validation/"

static topology *load(const char *path)
{
    topology *t = NULL;
    topo_errors errs = { 0 };
    int rc = topo_load(path, NULL, &t, &errs);
    if (rc) {
        char buf[512];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    return t;
}

static analytic_result *solve(const topology *t)
{
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return r;
}

static double service_of(const topology *t, const analytic_result *r, const char *name)
{
    int s = topo_find_service(t, name);
    CU_ASSERT_FATAL(s >= 0);
    return r->services[s].availability;
}

static double law_a(double up, double down)
{
    return up / (up + down);
}

static double k_of_n_same(int k, int n, double a)
{
    double p = 0;
    for (int i = k; i <= n; i++)
        p += gsl_sf_choose((unsigned)n, (unsigned)i) * pow(a, i) * pow(1 - a, n - i);
    return p;
}

/* ---------- the validation cases ---------- */

/* name's number in object o of an exact.json (read with jansson); NAN if
 * it is not there or not a number. */
static double json_number(const json_t *o, const char *name)
{
    const json_t *v = json_object_get(o, name);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void check_validation(const char *stem)
{
    char ypath[256], jpath[256];
    snprintf(ypath, sizeof ypath, VALIDATION "%s.yaml", stem);
    snprintf(jpath, sizeof jpath, VALIDATION "%s.exact.json", stem);
    topology *t = load(ypath);
    analytic_result *r = solve(t);
    json_t *json = json_load_file(jpath, 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    const json_t *services = json_object_get(json, "services");
    const json_t *views = json_object_get(json, "views");
    CU_ASSERT_PTR_NOT_NULL_FATAL(services);
    CU_ASSERT_PTR_NOT_NULL_FATAL(views);
    double sys = json_number(json, "availability");
    CU_ASSERT(harness_rel(r->system.availability, sys) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    for (int s = 0; s < t->n_services; s++) {
        double want = json_number(services, t->services[s].name);
        CU_ASSERT(isfinite(want));
        CU_ASSERT(harness_rel(r->services[s].availability, want) < TOL);
        CU_ASSERT_EQUAL(r->services[s].exact, 1);
    }
    for (int v = 0; v < t->n_views; v++) {
        double want = json_number(views, t->views[v].name);
        CU_ASSERT(harness_rel(r->views[v].availability, want) < TOL);
        CU_ASSERT_EQUAL(r->views[v].exact, 1);
    }
    json_decref(json);
    analytic_result_free(r);
    topo_free(t);
}

static void test_validation_single(void) { check_validation("p1-single"); }
static void test_validation_quorum(void) { check_validation("p2-quorum-3"); }
static void test_validation_switch(void) { check_validation("p3-shared-switch"); }
static void test_validation_active_passive(void) { check_validation("p4-active-passive"); }
static void test_validation_weibull(void) { check_validation("p5-weibull"); }

/* An active-passive pair's chain: failover success 95% at the given rate
 * (per hour), each member one instance part (mean time to fail and to
 * repair, hours); tests add parts and common parts. */
static an_chain hot_pair(double failover_rate, double inst_fail, double inst_repair)
{
    an_chain c;
    memset(&c, 0, sizeof c);
    c.n = 2;
    c.success = 0.95;
    c.failover_rate = failover_rate;
    for (int i = 0; i < 2; i++) {
        c.m[i].n_parts = 1;
        c.m[i].parts[0] = (an_chain_part){ 1 / inst_fail, 1 / inst_repair, 1, 0 };
    }
    return c;
}

/* p4's chain has 17 states (the count of the independent solution). */
static void test_chain_p4_states(void)
{
    an_chain c = hot_pair(30, 1440, 4); /* failover: mean 2 min */
    double a = 0;
    int states = 0;
    CU_ASSERT_EQUAL(analytic_chain_solve(&c, &a, &states), AN_CHAIN_OK);
    CU_ASSERT_EQUAL(states, 17);
    CU_ASSERT(harness_rel(a, 0.9998324900419707) < TOL);
}

/* ---------- first principles ---------- */

static void test_k_of_n(void)
{
    topology *t = load(CASES "kofn-3of5.yaml");
    analytic_result *r = solve(t);
    double want = k_of_n_same(3, 5, 0.97);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "api"), want) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

static void test_cold_pair(void)
{
    topology *t = load(CASES "cold-pair.yaml");
    analytic_result *r = solve(t);
    double l = 1 / 1000.0, m = 1 / 50.0;
    double x = l * l / (2 * m * m);
    double want = 1 - x / (1 + l / m + x);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    /* better than the hot pair, 1 - (50/1050)^2 */
    double hot = 1 - pow(50.0 / 1050.0, 2);
    CU_ASSERT(r->system.availability > hot);
    analytic_result_free(r);
    topo_free(t);
}

static void test_hot_pair_is_one_of_two(void)
{
    topology *t = load(CASES "hot-pair.yaml");
    analytic_result *r = solve(t);
    double want = 1 - pow(50.0 / 1050.0, 2);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    CU_ASSERT_PTR_NULL(r->system.reason);
    analytic_result_free(r);
    topo_free(t);
}

static void test_shared_fate(void)
{
    topology *t = load(CASES "shared-fate.yaml");
    analytic_result *r = solve(t);
    double a = law_a(8760, 24);
    double one = k_of_n_same(1, 3, a), two = k_of_n_same(2, 3, a);
    double minutes = (1 - r->system.availability) * 525600;
    double product = one * one * two * two;
    CU_ASSERT(harness_rel(r->system.availability, two) < TOL);
    CU_ASSERT(fabs(minutes - 11.75) < 0.005);
    CU_ASSERT(fabs((1 - product) * 525600 - 23.52) < 0.005);
    CU_ASSERT(fabs(r->system.availability - product) > 1e-6); /* not the product */
    CU_ASSERT(harness_rel(service_of(t, r, "keystone"), one) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "rabbitmq"), two) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

static void test_service_needs_and_views(void)
{
    topology *t = load(CASES "needs.yaml");
    analytic_result *r = solve(t);
    double ah = law_a(2000, 5), adb = law_a(500, 2), aapp = law_a(300, 1), aweb = law_a(100, 0.5);
    CU_ASSERT(harness_rel(service_of(t, r, "db"), ah * adb) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "app"), ah * adb * aapp) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "web"), aweb) < TOL);
    CU_ASSERT(harness_rel(r->system.availability, ah * adb * aapp * aweb) < TOL);
    CU_ASSERT_EQUAL_FATAL(t->n_views, 2);
    for (int v = 0; v < 2; v++) {
        double want = !strcmp(t->views[v].name, "backend") ? ah * adb : ah * adb * aapp * aweb;
        CU_ASSERT(harness_rel(r->views[v].availability, want) < TOL);
        CU_ASSERT_EQUAL(r->views[v].exact, 1);
    }
    analytic_result_free(r);
    topo_free(t);
}

static void test_host_needs_chain(void)
{
    topology *t = load(CASES "host-chain.yaml");
    analytic_result *r = solve(t);
    double ap = law_a(20000, 2), at = law_a(15000, 3), as = law_a(4000, 6), ai = law_a(700, 1);
    double a = ap * at * as * ai;
    double b = ap * (1 - (1 - at * as) * (1 - as));
    CU_ASSERT(harness_rel(service_of(t, r, "a"), a) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "b"), b) < TOL);
    CU_ASSERT(harness_rel(r->system.availability, a) < TOL);
    CU_ASSERT(fabs(r->system.availability - a * b) > 1e-7);
    CU_ASSERT(harness_rel(r->views[0].availability, b) < TOL);
    analytic_result_free(r);
    topo_free(t);
}

static void test_quorum_rejoin_fixed(void)
{
    topology *t = load(CASES "quorum-rejoin.yaml");
    analytic_result *r = solve(t);
    double c = exp(-2.0 / 1000) * 1000 / 1010;
    CU_ASSERT(harness_rel(r->system.availability, k_of_n_same(2, 3, c)) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

static void test_quorum_rejoin_weibull(void)
{
    topology *t = load(CASES "quorum-rejoin-weibull.yaml");
    analytic_result *r = solve(t);
    double lambda = 1000 / tgamma(1.5);
    double c = lambda * sqrt(M_PI) / 2 * erfc(2 / lambda) / 1010;
    CU_ASSERT(harness_rel(r->system.availability, k_of_n_same(2, 3, c)) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

/* Exponential rejoin: the formula, and the Markov chain of the same service. */
static void test_quorum_rejoin_exponential(void)
{
    topology *t = load(CASES "quorum-rejoin-exp.yaml");
    analytic_result *r = solve(t);
    double c = law_a(1000, 10) * 0.5 / (0.5 + 0.001);
    double want = k_of_n_same(2, 3, c);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);

    an_chain ch;
    memset(&ch, 0, sizeof ch);
    ch.quorum = 1;
    ch.n = 3;
    ch.need = 2;
    ch.rejoin_rate = 0.5;
    for (int i = 0; i < 3; i++) {
        ch.m[i].n_parts = 1;
        ch.m[i].parts[0] = (an_chain_part){ 1 / 1000.0, 1 / 10.0, 1, 0 };
    }
    double a = 0;
    CU_ASSERT_EQUAL(analytic_chain_solve(&ch, &a, NULL), AN_CHAIN_OK);
    CU_ASSERT(harness_rel(a, want) < TOL);
    analytic_result_free(r);
    topo_free(t);
}

/* Stationary probability of the states in `up` of a small chain q (n <= 8). */
static double small_chain_up(int n, double q[8][8], const int *up, int n_up)
{
    gsl_matrix *a = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *rhs = gsl_vector_calloc((size_t)n), *x = gsl_vector_alloc((size_t)n);
    gsl_permutation *p = gsl_permutation_alloc((size_t)n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j) {
                *gsl_matrix_ptr(a, (size_t)j, (size_t)i) += q[i][j];
                *gsl_matrix_ptr(a, (size_t)i, (size_t)i) -= q[i][j];
            }
    for (int j = 0; j < n; j++)
        gsl_matrix_set(a, (size_t)(n - 1), (size_t)j, 1);
    gsl_vector_set(rhs, (size_t)(n - 1), 1);
    int sign;
    gsl_linalg_LU_decomp(a, p, &sign);
    gsl_linalg_LU_solve(a, p, rhs, x);
    double sum = 0;
    for (int i = 0; i < n_up; i++)
        sum += gsl_vector_get(x, (size_t)up[i]);
    gsl_permutation_free(p);
    gsl_vector_free(x);
    gsl_vector_free(rhs);
    gsl_matrix_free(a);
    return sum;
}

/* Hot pair with resync (rate r), instantaneous failover:
 * A active up, standby eligible; B active up, standby resyncing; C active up,
 * standby down; D both down; E no active, one resyncing, one down. */
static double resync_by_hand(double l, double m, double r)
{
    enum { A, B, C, D, E, N };
    double q[8][8] = { { 0 } };
    q[A][C] = 2 * l;          /* either fails: the other is (or becomes) active */
    q[B][E] = l;              /* active fails, the standby is not eligible yet */
    q[B][C] = l;              /* the resyncing standby fails */
    q[B][A] = r;              /* resync over */
    q[C][D] = l;
    q[C][B] = m;              /* the standby returns and resyncs */
    q[D][C] = 2 * m;          /* the first back is active at once */
    q[E][C] = r;              /* resync over: active at once */
    q[E][D] = l;
    q[E][B] = m;              /* the other returns first: active at once */
    int up[] = { A, B, C };
    return small_chain_up(N, q, up, 3);
}

/* The same pair behind a switch (fail rate g, repair h) that nothing else of
 * the pair's needs: states A..E with the switch up, and S0, S1, S2 with the
 * switch down and 0, 1, 2 instances down. */
static double resync_switch_by_hand(double l, double m, double r, double g, double h)
{
    enum { A, B, C, D, E, S0, S1, S2, N };
    double q[8][8] = { { 0 } };
    q[A][C] = 2 * l;
    q[B][E] = l;
    q[B][C] = l;
    q[B][A] = r;
    q[C][D] = l;
    q[C][B] = m;
    q[D][C] = 2 * m;
    q[E][C] = r;
    q[E][D] = l;
    q[E][B] = m;
    q[A][S0] = g;             /* the switch fails: every member is down */
    q[B][S0] = g;
    q[C][S1] = g;
    q[D][S2] = g;
    q[E][S1] = g;
    q[S0][B] = h;             /* both come up: the first is active, the second resyncs */
    q[S1][C] = h;             /* the one whose instance is up becomes active */
    q[S2][D] = h;
    q[S0][S1] = 2 * l;        /* a hot instance ages while its host is down */
    q[S1][S2] = l;
    q[S1][S0] = m;
    q[S2][S1] = 2 * m;
    int up[] = { A, B, C };
    return small_chain_up(N, q, up, 3);
}

/* 6 states (members down k, up or bootstrapping), solved here with GSL. */
static double bootstrap_by_hand(double l, double m, double b)
{
    enum { U0, U1, D2, D3, B0, B1, N };
    double q[8][8] = { { 0 } };
    q[U0][U1] = 3 * l;
    q[U1][U0] = m;
    q[U1][D2] = 2 * l;
    q[D2][B1] = 2 * m;
    q[D2][D3] = l;
    q[D3][D2] = 3 * m;
    q[B1][B0] = m;
    q[B1][D2] = 2 * l;
    q[B1][U1] = b;
    q[B0][B1] = 3 * l;
    q[B0][U0] = b;
    int up[] = { U0, U1 };
    return small_chain_up(N, q, up, 2);
}

static void test_active_passive_resync(void)
{
    topology *t = load(CASES "ap-resync.yaml");
    analytic_result *r = solve(t);
    double want = resync_by_hand(1 / 1000.0, 1 / 5.0, 2.0);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    /* resync costs availability against the plain pair */
    CU_ASSERT(r->system.availability < 1 - pow(5.0 / 1005.0, 2));
    analytic_result_free(r);
    topo_free(t);
}

static void test_active_passive_behind_switch(void)
{
    topology *t = load(CASES "ap-resync-switch.yaml");
    analytic_result *r = solve(t);
    double db = resync_switch_by_hand(1 / 1000.0, 1 / 5.0, 2.0, 1 / 2000.0, 1 / 4.0);
    double web = law_a(2000, 4) * law_a(500, 2);
    CU_ASSERT(harness_rel(service_of(t, r, "db"), db) < TOL);
    CU_ASSERT(harness_rel(service_of(t, r, "web"), web) < TOL);
    /* both need the switch: P(db and web) = P(db) A_web, not P(db) P(web) */
    CU_ASSERT(harness_rel(r->system.availability, db * law_a(500, 2)) < TOL);
    CU_ASSERT(fabs(r->system.availability - db * web) > 1e-6);
    /* the order of members failing and returning in one instant is not fixed
       by docs/semantics.md: approximate, and says so */
    CU_ASSERT_EQUAL(r->system.exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->system.reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason, "together"));
    analytic_result_free(r);
    topo_free(t);
}

/* A quorum behind a switch that a single service also needs: the switch is a
 * common part of the quorum's chain, exact (a quorum does not care in which
 * order members return together). Simulated: 0.9975708 +- 1.2e-6. */
static void test_quorum_behind_switch(void)
{
    topology *t = load(CASES "quorum-switch.yaml");
    analytic_result *r = solve(t);
    double galera = service_of(t, r, "galera");
    double asw = law_a(3000, 3);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    CU_ASSERT(harness_rel(service_of(t, r, "web"), asw * law_a(500, 2)) < TOL);
    CU_ASSERT(harness_rel(r->system.availability, galera * law_a(500, 2)) < TOL);
    /* each switch outage costs a rejoin and a bootstrap on top of itself */
    an_chain c;
    memset(&c, 0, sizeof c);
    c.quorum = 1;
    c.n = 3;
    c.need = 2;
    c.rejoin_rate = 1;
    c.bootstrap_rate = 0.5;
    for (int i = 0; i < 3; i++) {
        c.m[i].n_parts = 1;
        c.m[i].parts[0] = (an_chain_part){ 1 / 1000.0, 1 / 10.0, 1, 0 };
    }
    double alone = 0;
    CU_ASSERT_EQUAL(analytic_chain_solve(&c, &alone, NULL), AN_CHAIN_OK);
    CU_ASSERT(galera < asw * alone - 1e-5);
    CU_ASSERT(fabs(galera - 0.9975708) < 4 * 1.2e-6);
    analytic_result_free(r);
    topo_free(t);
}

/* Quorum with exponential rejoin behind a switch: the chain with the switch as
 * a common part, exact (simulated 0.9983648 +- 9.1e-7); the stationary-age
 * formula times A_sw would miss the rejoin after every switch outage. */
static void test_quorum_rejoin_behind_switch(void)
{
    topology *t = load(CASES "quorum-rejoin-switch.yaml");
    analytic_result *r = solve(t);
    double c = law_a(1000, 10) * 1.0 / (1.0 + 0.001);
    double naive = law_a(3000, 3) * k_of_n_same(2, 3, c);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    CU_ASSERT(r->system.availability < naive - 1e-4);
    CU_ASSERT(fabs(r->system.availability - 0.9983648) < 4 * 9.1e-7);
    analytic_result_free(r);
    topo_free(t);
}

static void test_quorum_bootstrap(void)
{
    topology *t = load(CASES "quorum-bootstrap.yaml");
    analytic_result *r = solve(t);
    double want = bootstrap_by_hand(1 / 1000.0, 1 / 10.0, 2.0);
    CU_ASSERT(harness_rel(r->system.availability, want) < TOL);
    CU_ASSERT(r->system.availability < k_of_n_same(2, 3, law_a(1000, 10)));
    CU_ASSERT_EQUAL(r->system.exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

/* ---------- brute force over every part ---------- */

static unsigned long long lcg_state;
static unsigned lcg(unsigned n)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((lcg_state >> 33) % n);
}

/* A random design of 6 hosts (some with needs and laws) and 4 services. */
static int random_yaml(char *buf, size_t len)
{
    size_t at = 0;
    at += (size_t)snprintf(buf + at, len - at, "format: nines/1\nname: random\nhosts:\n");
    for (int h = 0; h < 6; h++) {
        at += (size_t)snprintf(buf + at, len - at, "  h%d: {", h);
        if (lcg(4) != 0)
            at += (size_t)snprintf(buf + at, len - at, " profile: { fail: %uh, repair: %uh },",
                                   200 + lcg(800), 5 + lcg(60));
        if (h >= 2 && lcg(2))
            at += (size_t)snprintf(buf + at, len - at, " needs: [h%u]", lcg(2));
        at += (size_t)snprintf(buf + at, len - at, " }\n");
    }
    at += (size_t)snprintf(buf + at, len - at, "services:\n");
    for (int s = 0; s < 4; s++) {
        int n = 1 + (int)lcg(3);
        const char *mode = n == 1 ? "single" : lcg(2) ? "quorum" : "active-active";
        at += (size_t)snprintf(buf + at, len - at, "  s%d: { mode: %s, hosts: [", s, mode);
        int first = (int)lcg(6);
        for (int i = 0; i < n; i++)
            at += (size_t)snprintf(buf + at, len - at, "%sh%d", i ? ", " : "", (first + 2 * i + s) % 6);
        at += (size_t)snprintf(buf + at, len - at, "]");
        if (!strcmp(mode, "active-active"))
            at += (size_t)snprintf(buf + at, len - at, ", need: %u", 1 + lcg((unsigned)n));
        if (lcg(3))
            at += (size_t)snprintf(buf + at, len - at, ", instance: { fail: %uh, repair: %uh }",
                                   100 + lcg(900), 1 + lcg(20));
        if (s == 3)
            at += (size_t)snprintf(buf + at, len - at, ", needs: [s%u]", lcg(3));
        at += (size_t)snprintf(buf + at, len - at, " }\n");
    }
    at += (size_t)snprintf(buf + at, len - at, "system: [s0, s1, s2, s3]\nviews:\n  v: [s1, s2]\n");
    return at < len ? 0 : -1;
}

static int host_is_up(const topology *t, int h, const int *part_up, const int *host_part)
{
    if (host_part[h] >= 0 && !part_up[host_part[h]])
        return 0;
    for (int i = 0; i < t->hosts[h].n_needs; i++)
        if (!host_is_up(t, t->hosts[h].needs[i], part_up, host_part))
            return 0;
    return 1;
}

static int service_is_up(const topology *t, int s, const int *mode_up)
{
    if (!mode_up[s])
        return 0;
    for (int i = 0; i < t->services[s].n_needs; i++)
        if (!service_is_up(t, t->services[s].needs[i], mode_up))
            return 0;
    return 1;
}

/* Enumerates every up/down state of every part (2^parts) and adds the weight
 * of each state to each target that is up in it. */
static void brute_force(const topology *t, double *sys, double *svc, double *view)
{
    int host_part[16], member_part[64], n = 0;
    double a[64];
    for (int h = 0; h < t->n_hosts; h++) {
        host_part[h] = t->hosts[h].law >= 0 ? n : -1;
        if (host_part[h] >= 0)
            a[n++] = law_availability(&t->laws[t->hosts[h].law]);
    }
    for (int m = 0; m < t->n_members; m++) {
        int law = t->services[t->members[m].service].instance;
        member_part[m] = law >= 0 ? n : -1;
        if (law >= 0)
            a[n++] = law_availability(&t->laws[law]);
    }
    *sys = 0;
    for (int s = 0; s < t->n_services; s++)
        svc[s] = 0;
    view[0] = 0;
    for (unsigned long st = 0; st < (1UL << n); st++) {
        int part_up[64], mode_up[16];
        double w = 1;
        for (int p = 0; p < n; p++) {
            part_up[p] = (int)((st >> p) & 1);
            w *= part_up[p] ? a[p] : 1 - a[p];
        }
        for (int s = 0; s < t->n_services; s++) {
            const topo_service *ts = &t->services[s];
            int up = 0;
            for (int i = 0; i < ts->n_hosts; i++) {
                int m = ts->first_member + i;
                up += (member_part[m] < 0 || part_up[member_part[m]]) &&
                      host_is_up(t, t->members[m].host, part_up, host_part);
            }
            mode_up[s] = up >= ts->need;
        }
        int all = 1;
        for (int s = 0; s < t->n_services; s++) {
            int up = service_is_up(t, s, mode_up);
            svc[s] += up ? w : 0;
        }
        for (int i = 0; i < t->system.n_services; i++)
            all &= service_is_up(t, t->system.services[i], mode_up);
        *sys += all ? w : 0;
        int v = 1;
        for (int i = 0; i < t->views[0].n_services; i++)
            v &= service_is_up(t, t->views[0].services[i], mode_up);
        view[0] += v ? w : 0;
    }
}

static void test_random_designs_against_brute_force(void)
{
    lcg_state = 2385;
    int solved = 0;
    for (int trial = 0; trial < 40; trial++) {
        char yaml[4096];
        CU_ASSERT_EQUAL_FATAL(random_yaml(yaml, sizeof yaml), 0);
        topology *t = NULL;
        topo_errors errs = { 0 };
        int rc = topo_load_string(yaml, strlen(yaml), "random.yaml", NULL, &t, &errs);
        topo_errors_release(&errs);
        if (rc) /* e.g. a quorum of 2 on hosts listed twice: not a design */
            continue;
        analytic_result *r = solve(t);
        double sys, svc[16], view[1];
        brute_force(t, &sys, svc, view);
        CU_ASSERT(harness_rel(r->system.availability, sys) < TOL);
        for (int s = 0; s < t->n_services; s++)
            CU_ASSERT(harness_rel(r->services[s].availability, svc[s]) < TOL);
        CU_ASSERT(harness_rel(r->views[0].availability, view[0]) < TOL);
        CU_ASSERT_EQUAL(r->system.exact, 1);
        analytic_result_free(r);
        topo_free(t);
        solved++;
    }
    CU_ASSERT(solved >= 30);
}

/* ---------- approximations ---------- */

static void test_approx_fixed_failover(void)
{
    topology *t = load(CASES "ap-fixed-failover.yaml");
    analytic_result *r = solve(t);
    int db = topo_find_service(t, "db"), web = topo_find_service(t, "web");
    CU_ASSERT_EQUAL(r->services[db].exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->services[db].reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[db].reason, "failover time"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[db].reason, "exponential of the same mean"));
    CU_ASSERT_EQUAL(r->services[web].exact, 1);
    CU_ASSERT_PTR_NULL(r->services[web].reason);
    CU_ASSERT_EQUAL(r->system.exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->system.reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason, "'db'"));
    /* between the perfect pair and the pair that never fails over */
    double a = law_a(1000, 5);
    CU_ASSERT(r->services[db].availability < 1 - (1 - a) * (1 - a));
    CU_ASSERT(r->services[db].availability > a);
    analytic_result_free(r);
    topo_free(t);
}

static void test_approx_shared_switch(void)
{
    topology *t = load(CASES "ap-shared-switch.yaml");
    analytic_result *r = solve(t);
    int db = topo_find_service(t, "db"), vip = topo_find_service(t, "vip");
    CU_ASSERT_EQUAL(r->system.exact, 0);
    CU_ASSERT_EQUAL(r->services[db].exact, 0);
    CU_ASSERT_EQUAL(r->services[vip].exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->services[db].reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[db].reason, "host 'sw' is also needed by 'vip'"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->system.reason);
    /* each pair alone: its chain with the switch as a common part, as if the
       other pair were not there; the system conditions both on the switch */
    an_chain c = hot_pair(60, 1000, 5);
    c.n_common = 1;
    c.common[0] = (an_chain_part){ 1 / (5 * 8760.0), 1 / 4.0, 0, 0 };
    double pair = 0; /* given the switch up */
    CU_ASSERT_EQUAL(analytic_chain_solve(&c, &pair, NULL), AN_CHAIN_OK);
    double asw = law_a(5 * 8760, 4);
    CU_ASSERT(harness_rel(r->services[db].availability, asw * pair) < TOL);
    CU_ASSERT(r->system.availability < r->services[db].availability);
    CU_ASSERT(r->system.availability > r->services[db].availability * r->services[vip].availability);
    analytic_result_free(r);
    topo_free(t);
}

/* A pair's servers shared with a static service: each is one member's split
 * part. The pair's figure is that of the pair alone (its servers private),
 * exactly; the system, P(h1 up, h2 up, db up), is the split chain's
 * conditional given both servers up. */
static void test_split_exact(void)
{
    topology *t = load(CASES "ap-split.yaml"), *alone = load(CASES "ap-split-alone.yaml");
    analytic_result *r = solve(t), *ra = solve(alone);
    int db = topo_find_service(t, "db");
    CU_ASSERT_EQUAL(r->services[db].exact, 1);
    CU_ASSERT_EQUAL(r->system.exact, 1);
    CU_ASSERT_EQUAL(ra->services[0].exact, 1);
    CU_ASSERT(harness_rel(r->services[db].availability, ra->services[0].availability) < TOL);
    an_chain c = hot_pair(20, 800, 2);
    const double fail[2] = {1000, 1500}, repair[2] = {10, 6};
    for (int i = 0; i < 2; i++) {
        c.m[i].parts[c.m[i].n_parts++] = (an_chain_part){ 1 / fail[i], 1 / repair[i], 0, 0 };
        c.m[i].split = 2;
    }
    double cond[4], plain = 0;
    CU_ASSERT_EQUAL(analytic_chain_split(&c, cond, NULL), AN_CHAIN_OK);
    CU_ASSERT_EQUAL(analytic_chain_solve(&c, &plain, NULL), AN_CHAIN_OK);
    double a1 = law_a(fail[0], repair[0]), a2 = law_a(fail[1], repair[1]);
    CU_ASSERT(harness_rel(r->system.availability, a1 * a2 * cond[0]) < TOL);
    /* total probability over the split parts' states gives the plain chain */
    double total = a1 * a2 * cond[0] + (1 - a1) * a2 * cond[1] + a1 * (1 - a2) * cond[2] +
                   (1 - a1) * (1 - a2) * cond[3];
    CU_ASSERT(harness_rel(total, plain) < TOL);
    CU_ASSERT(harness_rel(plain, ra->services[0].availability) < TOL);
    CU_ASSERT(cond[3] == 0); /* both servers down: no member up */
    /* the failover a server's failure starts is seen: given h1 down, the pair
       is less available than given both up */
    CU_ASSERT(cond[1] < cond[0]);
    analytic_result_free(r);
    analytic_result_free(ra);
    topo_free(t);
    topo_free(alone);
}

/* Two active-passive services on one pair of servers behind their own
 * switches: each member's server and switch are lumped into one split part,
 * and the two services are combined as if independent given the hosts'
 * present state: approximate, with both reasons. */
static void test_split_lumped(void)
{
    topology *t = load(CASES "ap-split-lumped.yaml");
    analytic_result *r = solve(t);
    int db = topo_find_service(t, "db");
    CU_ASSERT_EQUAL(r->services[db].exact, 0);
    CU_ASSERT_EQUAL(r->system.exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->services[db].reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[db].reason, "are taken for each member as one part of its chain"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[db].reason, "also needed by 'mq'"));
    CU_ASSERT_PTR_NULL(strstr(r->services[db].reason, "as if static"));
    /* the system is approximate through db, and one more (mq) */
    CU_ASSERT_EQUAL(r->system.through, db);
    CU_ASSERT_EQUAL(r->system.through_more, 1);
    CU_ASSERT_EQUAL(r->services[db].through, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason, "through 'db' (and 1 more): "));
    /* the lumped part: failure rate the sum, availability the product */
    double lam = 1 / 1000.0 + 1 / (5 * 8760.0), a = law_a(1000, 10) * law_a(5 * 8760, 4);
    an_chain c = hot_pair(20, 800, 2);
    for (int i = 0; i < 2; i++)
        c.m[i].parts[c.m[i].n_parts++] = (an_chain_part){ lam, lam * a / (1 - a), 0, 0 };
    double pair = 0;
    CU_ASSERT_EQUAL(analytic_chain_solve(&c, &pair, NULL), AN_CHAIN_OK);
    CU_ASSERT(harness_rel(r->services[db].availability, pair) < TOL);
    analytic_result_free(r);
    topo_free(t);
}

/* (f)'s DRBD pair: each member has a server and a disk of its own, and its
 * rack switch and PDU shared with other services; with the split part the
 * chain passes 2,500 states, so each member's own hosts are lumped into one
 * part, and the split part is kept (not conditioned on as if static). */
static void test_split_with_own_hosts_lumped(void)
{
    /* the design without operations (the engine figure below is of it) */
    topology *t = load("topologies/openstack/f-nova-volume-drbd-failures-only.yaml");
    analytic_result *r = solve(t);
    int s = topo_find_service(t, "iscsi-target");
    CU_ASSERT_FATAL(s >= 0);
    CU_ASSERT_EQUAL(r->services[s].exact, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->services[s].reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[s].reason, "each member's own hosts are taken as one part"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r->services[s].reason, "are taken for each member as one part of its chain"));
    CU_ASSERT_PTR_NULL(strstr(r->services[s].reason, "as if static"));
    /* simulated (40,000 trials, seed 7): 0.99996288, standard error 2.6e-7;
       conditioned as if static it was 0.99996550, 10 standard errors off */
    CU_ASSERT(fabs(r->services[s].availability - 0.99996288) < 6 * 2.6e-7);
    analytic_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_validation_single);
    HARNESS_ADD(s, test_validation_quorum);
    HARNESS_ADD(s, test_validation_switch);
    HARNESS_ADD(s, test_validation_active_passive);
    HARNESS_ADD(s, test_validation_weibull);
    HARNESS_ADD(s, test_chain_p4_states);
    HARNESS_ADD(s, test_k_of_n);
    HARNESS_ADD(s, test_cold_pair);
    HARNESS_ADD(s, test_hot_pair_is_one_of_two);
    HARNESS_ADD(s, test_shared_fate);
    HARNESS_ADD(s, test_service_needs_and_views);
    HARNESS_ADD(s, test_host_needs_chain);
    HARNESS_ADD(s, test_quorum_rejoin_fixed);
    HARNESS_ADD(s, test_quorum_rejoin_weibull);
    HARNESS_ADD(s, test_quorum_rejoin_exponential);
    HARNESS_ADD(s, test_quorum_bootstrap);
    HARNESS_ADD(s, test_active_passive_resync);
    HARNESS_ADD(s, test_active_passive_behind_switch);
    HARNESS_ADD(s, test_quorum_behind_switch);
    HARNESS_ADD(s, test_quorum_rejoin_behind_switch);
    HARNESS_ADD(s, test_random_designs_against_brute_force);
    HARNESS_ADD(s, test_approx_fixed_failover);
    HARNESS_ADD(s, test_approx_shared_switch);
    HARNESS_ADD(s, test_split_exact);
    HARNESS_ADD(s, test_split_lumped);
    HARNESS_ADD(s, test_split_with_own_hosts_lumped);
}

int main(void)
{
    return harness_run("model_analytic", add);
}
