/* tests/test_model_ops_analytic.c — the analytic solver on the operations
 * keys (docs/analytic.md, "Operations"), against answers derived by hand:
 * detection (MTTF / (MTTF + MTTD + MTTR), alone, in a 1-of-2 pair and in a
 * Markov chain), common causes (A_c (1 - (1 - A_1)(1 - A_2)), a beta
 * factor), maintenance (alone, rolling and all at once over a quorum, error
 * and recovery split into planned and unplanned, members that fail on a
 * host under work) and the approximations marked as such (switchover,
 * failures overlapping windows, windows that may overrun). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "harness.h"
#include "../model/topology.h"

#define TOL 1e-9

static topology *load(const char *y)
{
    topology *t = NULL;
    topo_errors errs = { 0 };
    int rc = topo_load_string(y, strlen(y), "ops.yaml", NULL, &t, &errs);
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

/* The system's figure of y: availability, unplanned, exact, reason. */
typedef struct figure {
    double a, u;
    int exact;
    char reason[2048];
} figure;

static figure system_of(const char *y)
{
    topology *t = load(y);
    analytic_result *r = solve(t);
    figure f = { r->system.availability, r->system.availability_unplanned, r->system.exact, "" };
    if (r->system.reason)
        snprintf(f.reason, sizeof f.reason, "%s", r->system.reason);
    /* every service and view is filled too, never below its availability */
    for (int s = 0; s < t->n_services; s++)
        CU_ASSERT(r->services[s].availability_unplanned >= r->services[s].availability);
    analytic_result_free(r);
    topo_free(t);
    return f;
}

static double avail(double up, double detect, double repair)
{
    return up / (up + detect + repair);
}

/* ---------- detection ---------- */

static void test_detect_single_host(void)
{
    figure f = system_of("format: nines/1\n"
                         "profiles:\n"
                         "  server: { fail: 1000h, detect: 2.5h, repair: 8h }\n"
                         "hosts:\n"
                         "  h1: { profile: server }\n"
                         "services:\n"
                         "  web: { mode: single, hosts: [h1] }\n"
                         "system: [web]\n");
    CU_ASSERT(harness_rel(f.a, avail(1000, 2.5, 8)) < TOL);
    CU_ASSERT(harness_rel(f.u, f.a) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* Any laws: a fixed detect and a Weibull time to failure. */
static void test_detect_pair_any_law(void)
{
    figure f = system_of("format: nines/1\n"
                         "profiles:\n"
                         "  server: { fail: { dist: weibull, shape: 1.5, mean: 700h },\n"
                         "            detect: { dist: fixed, value: 45m }, repair: 6h }\n"
                         "hosts:\n"
                         "  h1: { profile: server }\n"
                         "  h2: { profile: server }\n"
                         "services:\n"
                         "  web: { mode: active-active, need: 1, hosts: [h1, h2] }\n"
                         "system: [web]\n");
    double a = avail(700, 0.75, 6);
    CU_ASSERT(harness_rel(f.a, 1 - (1 - a) * (1 - a)) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* A hot active-passive pair with an instantaneous failover that succeeds
 * with probability s, each member one part (fail l, detect d, repair m):
 * the chain solved here by hand. State: each member up (0), in detection
 * (1) or in repair (2), and the service: member 0 or 1 active (0, 1),
 * waiting for member 0 or 1 (2, 3), no active member (4). */
static double pair_by_hand(double l, double d, double m, double s)
{
    enum { N = 45 };
    gsl_matrix *q = gsl_matrix_calloc(N, N);
    gsl_vector *b = gsl_vector_calloc(N), *pi = gsl_vector_alloc(N);
    gsl_permutation *perm = gsl_permutation_alloc(N);
#define AT(x0, x1, v) (((x0) * 3 + (x1)) * 5 + (v))
    for (int x0 = 0; x0 < 3; x0++)
        for (int x1 = 0; x1 < 3; x1++)
            for (int v = 0; v < 5; v++) {
                int from = AT(x0, x1, v);
                for (int i = 0; i < 2; i++) {
                    int x[2] = { x0, x1 }, o = 1 - i;
                    double rate = x[i] == 0 ? l : x[i] == 1 ? d : m;
                    int to[2] = { -1, -1 };
                    double p[2] = { 1, 0 };
                    int y[2] = { x0, x1 };
                    y[i] = (x[i] + 1) % 3;
                    int w = v;
                    if (x[i] == 0 && v == i) { /* the active member fails */
                        if (x[o] == 0) {
                            to[1] = AT(y[0], y[1], 2 + i); /* failed failover: wait */
                            p[1] = 1 - s;
                            p[0] = s;
                            w = o;
                        } else {
                            w = 4;
                        }
                    } else if (x[i] == 2 && (v == 2 + i || v == 4)) {
                        w = i; /* it returns: active */
                    }
                    to[0] = AT(y[0], y[1], w);
                    for (int k = 0; k < 2; k++) {
                        if (to[k] < 0 || p[k] <= 0)
                            continue;
                        *gsl_matrix_ptr(q, (size_t)to[k], (size_t)from) += rate * p[k];
                        *gsl_matrix_ptr(q, (size_t)from, (size_t)from) -= rate * p[k];
                    }
                }
            }
    for (int j = 0; j < N; j++)
        gsl_matrix_set(q, N - 1, (size_t)j, 1);
    gsl_vector_set(b, N - 1, 1);
    int sign;
    gsl_linalg_LU_decomp(q, perm, &sign);
    gsl_linalg_LU_solve(q, perm, b, pi);
    double up = 0;
    for (int x0 = 0; x0 < 3; x0++)
        for (int x1 = 0; x1 < 3; x1++)
            up += gsl_vector_get(pi, AT(x0, x1, 0)) + gsl_vector_get(pi, AT(x0, x1, 1));
#undef AT
    gsl_matrix_free(q);
    gsl_vector_free(b);
    gsl_vector_free(pi);
    gsl_permutation_free(perm);
    return up;
}

/* Detection in a Markov chain: each part's two down phases are states of
 * it (exact), which a single down time of the same mean is not. */
static void test_detect_in_chain(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "  h2: {}\n"
                         "services:\n"
                         "  db:\n"
                         "    mode: active-passive\n"
                         "    hosts: [h1, h2]\n"
                         "    instance: { fail: 50h, detect: 6h, repair: 3h }\n"
                         "    failover: { success: 90% }\n"
                         "system: [db]\n");
    double want = pair_by_hand(1 / 50.0, 1 / 6.0, 1 / 3.0, 0.9);
    CU_ASSERT(harness_rel(f.a, want) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
    /* one exponential down time of 9 h gives another figure */
    figure g = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "  h2: {}\n"
                         "services:\n"
                         "  db:\n"
                         "    mode: active-passive\n"
                         "    hosts: [h1, h2]\n"
                         "    instance: { fail: 50h, repair: 9h }\n"
                         "    failover: { success: 90% }\n"
                         "system: [db]\n");
    CU_ASSERT(fabs(g.a - want) > 1e-6);
}

/* Importance moves a law's whole down time (detect and repair): for the
 * one host of a single service, A_sys = A_law, so Birnbaum is 1 and the
 * criticality 1 too. */
static void test_detect_importance(void)
{
    topology *t = load("format: nines/1\n"
                       "profiles:\n"
                       "  server: { fail: 1000h, detect: 2.5h, repair: 8h }\n"
                       "hosts:\n"
                       "  h1: { profile: server }\n"
                       "  h2: {}\n"
                       "services:\n"
                       "  web: { mode: single, hosts: [h1] }\n"
                       "  api: { mode: single, hosts: [h2] }\n"
                       "system: [web, api]\n");
    law_importance imp;
    CU_ASSERT_EQUAL_FATAL(analytic_importance(t, topo_find_law(t, "server"), &imp), 0);
    CU_ASSERT(harness_rel(imp.availability, avail(1000, 2.5, 8)) < TOL);
    CU_ASSERT(harness_rel(imp.system, avail(1000, 2.5, 8)) < TOL);
    CU_ASSERT(harness_rel(imp.birnbaum, 1) < TOL);
    CU_ASSERT(harness_rel(imp.criticality, 1) < TOL);
    CU_ASSERT_EQUAL(imp.exact, 1);
    topo_free(t);
}

/* ---------- common causes ---------- */

static void test_common_cause_pair(void)
{
    figure f = system_of("format: nines/1\n"
                         "profiles:\n"
                         "  server: { fail: 2000h, repair: 10h }\n"
                         "  other: { fail: 900h, detect: 1h, repair: 5h }\n"
                         "hosts:\n"
                         "  h1: { profile: server }\n"
                         "  h2: { profile: other }\n"
                         "services:\n"
                         "  web: { mode: active-active, need: 1, hosts: [h1, h2] }\n"
                         "common-cause:\n"
                         "  bug:\n"
                         "    targets: [h1, h2]\n"
                         "    law: { fail: 5000h, detect: 0.5h, repair: 2.5h }\n"
                         "system: [web]\n");
    double a1 = avail(2000, 0, 10), a2 = avail(900, 1, 5), ac = avail(5000, 0.5, 2.5);
    CU_ASSERT(harness_rel(f.a, ac * (1 - (1 - a1) * (1 - a2))) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* A common cause on a service's members, and one on a single host: the
 * first is shared by both members, the second folded into its member. */
static void test_common_cause_members_and_private(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "  h2: {}\n"
                         "services:\n"
                         "  web:\n"
                         "    mode: active-active\n"
                         "    need: 1\n"
                         "    hosts: [h1, h2]\n"
                         "    instance: { fail: 300h, repair: 2h }\n"
                         "common-cause:\n"
                         "  bug:\n"
                         "    targets: [web]\n"
                         "    law: { fail: 4000h, repair: 1h }\n"
                         "  rack:\n"
                         "    targets: [h2]\n"
                         "    law: { fail: 8000h, repair: 12h }\n"
                         "system: [web]\n");
    double ai = avail(300, 0, 2), ab = avail(4000, 0, 1), ar = avail(8000, 0, 12);
    CU_ASSERT(harness_rel(f.a, ab * (1 - (1 - ai) * (1 - ai * ar))) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* beta b over two hosts of exponential mean m: the cause fails with mean
 * m / b, each host by itself with mean m / (1 - b); same repair. */
static void test_beta_pair(void)
{
    figure f = system_of("format: nines/1\n"
                         "profiles:\n"
                         "  server: { fail: 3000h, repair: 20h }\n"
                         "hosts:\n"
                         "  h1: { profile: server }\n"
                         "  h2: { profile: server }\n"
                         "services:\n"
                         "  web: { mode: active-active, need: 1, hosts: [h1, h2] }\n"
                         "common-cause:\n"
                         "  batch:\n"
                         "    targets: [h1, h2]\n"
                         "    beta: 8%\n"
                         "system: [web]\n");
    double m = 3000, b = 0.08;
    double ac = avail(m / b, 0, 20), ah = avail(m / (1 - b), 0, 20);
    CU_ASSERT(harness_rel(f.a, ac * (1 - (1 - ah) * (1 - ah))) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* ---------- maintenance ---------- */

static void test_maintenance_alone(void)
{
    static const char *const starts[] = { "", "    start: 5d\n", "    start: 29d\n" };
    for (int i = 0; i < 3; i++) { /* any phase */
        char y[1024];
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "hosts:\n"
                 "  h1: {}\n"
                 "services:\n"
                 "  web: { mode: single, hosts: [h1] }\n"
                 "maintenance:\n"
                 "  patch:\n"
                 "    targets: [h1]\n"
                 "    every: 30d\n"
                 "    duration: 1.5h\n"
                 "%s"
                 "system: [web]\n", starts[i]);
        figure f = system_of(y);
        CU_ASSERT(harness_rel(f.a, 1 - 1.5 / 720) < TOL);
        CU_ASSERT(harness_rel(f.u, 1) < TOL); /* all of it planned */
        CU_ASSERT_EQUAL(f.exact, 1);
        CU_ASSERT_EQUAL(f.reason[0], '\0');
    }
}

static const char quorum3[] = "format: nines/1\n"
                              "hosts:\n"
                              "  a: {}\n"
                              "  b: {}\n"
                              "  c: {}\n"
                              "services:\n"
                              "  db: { mode: quorum, hosts: [a, b, c] }\n"
                              "maintenance:\n"
                              "  patch:\n"
                              "    targets: [a, b, c]\n"
                              "    every: 7d\n"
                              "    duration: { dist: uniform, min: 1h, max: 3h }\n"
                              "%s"
                              "system: [db]\n";

static void test_maintenance_rolling_quorum(void)
{
    char y[1024];
    snprintf(y, sizeof y, quorum3, "");
    figure f = system_of(y);
    CU_ASSERT(harness_rel(f.a, 1) < TOL);
    CU_ASSERT(harness_rel(f.u, 1) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* The same with a rejoin after each member's work: the next member waits
 * for it (docs/semantics.md, "Maintenance"), so quorum is never lost. */
static void test_maintenance_rolling_quorum_rejoin(void)
{
    static const char *const y =
        "format: nines/1\n"
        "hosts:\n"
        "  a: {}\n"
        "  b: {}\n"
        "  c: {}\n"
        "services:\n"
        "  db: { mode: quorum, hosts: [a, b, c], rejoin: 10m }\n"
        "maintenance:\n"
        "  patch:\n"
        "    targets: [a, b, c]\n"
        "    every: 7d\n"
        "    duration: { dist: uniform, min: 1h, max: 3h }\n"
        "system: [db]\n";
    figure f = system_of(y);
    CU_ASSERT(harness_rel(f.a, 1) < TOL);
    CU_ASSERT(harness_rel(f.u, 1) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
    if (!f.exact)
        fprintf(stderr, "\n  %s\n", f.reason);
}

/* A quorum of one with a 30 min rejoin: down for the 2h work (planned)
 * and its rejoin (unplanned) every 7d; the rejoin is only the unit's own
 * downtime. A = 1 - 2.5/168, unplanned 1 - 0.5/168. With a failing
 * instance the wait is approximate and says why. */
static void test_maintenance_rejoin_own_downtime(void)
{
    static const char *const y =
        "format: nines/1\n"
        "hosts:\n"
        "  a: {}\n"
        "services:\n"
        "  db: { mode: quorum, hosts: [a], rejoin: 30m%s }\n"
        "maintenance:\n"
        "  patch:\n"
        "    targets: [a]\n"
        "    every: 7d\n"
        "    duration: 2h\n"
        "system: [db]\n";
    char buf[1024];
    snprintf(buf, sizeof buf, y, "");
    figure f = system_of(buf);
    CU_ASSERT(harness_rel(f.a, 1 - 2.5 / 168) < TOL);
    CU_ASSERT(harness_rel(f.u, 1 - 0.5 / 168) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
    snprintf(buf, sizeof buf, y, ", instance: { fail: 1000h, repair: 5h }");
    f = system_of(buf);
    CU_ASSERT_EQUAL(f.exact, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "can fail"));
    CU_ASSERT(f.a > 0.97 && f.a < 1 - 2.5 / 168);
}

static void test_maintenance_all_at_once_quorum(void)
{
    char y[1024];
    snprintf(y, sizeof y, quorum3, "    rolling: false\n");
    figure f = system_of(y);
    CU_ASSERT(harness_rel(f.a, 1 - 2.0 / 168) < TOL);
    CU_ASSERT(harness_rel(f.u, 1) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* error e, recovery r: A = 1 - (d + e r) / every, the recovery unplanned. */
static void test_maintenance_error_recovery(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "services:\n"
                         "  web: { mode: single, hosts: [h1] }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [h1]\n"
                         "    every: 30d\n"
                         "    duration: 1h\n"
                         "    error: 4%\n"
                         "    recovery: { dist: uniform, min: 2h, max: 4h }\n"
                         "system: [web]\n");
    CU_ASSERT(harness_rel(f.a, 1 - (1 + 0.04 * 3) / 720) < TOL);
    CU_ASSERT(harness_rel(f.u, 1 - 0.04 * 3 / 720) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* A host that never fails under work, its member failing: down while the
 * host is under work or the member is down; a moment when both hold is a
 * failure (unplanned before planned), so the unplanned availability is the
 * member's alone. */
static void test_maintenance_member_fails(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "  h2: {}\n"
                         "services:\n"
                         "  web:\n"
                         "    mode: active-active\n"
                         "    need: 1\n"
                         "    hosts: [h1, h2]\n"
                         "    instance: { fail: 500h, detect: 30m, repair: 4h }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [h1, h2]\n"
                         "    every: 14d\n"
                         "    duration: 2h\n"
                         "    error: 10%\n"
                         "    recovery: 3h\n"
                         "system: [web]\n");
    double ai = avail(500, 0.5, 4), p = 2.0 / 336, c = 0.1 * 3 / 336;
    double none = 1 - 2 * (p + c);
    double pair = 1 - (1 - ai) * (1 - ai);
    /* one host under work: the other member alone */
    double want = none * pair + 2 * (p + c) * ai;
    /* planned: down with both members' parts up is impossible with one host
       under work (the other is up then): nothing planned is ever down */
    CU_ASSERT(harness_rel(f.a, want) < TOL);
    CU_ASSERT(harness_rel(f.u, want) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* The same on one host: planned moments while the member is up count as
 * up in the unplanned figure, those while it is down as failures. */
static void test_maintenance_single_member_fails(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "services:\n"
                         "  web:\n"
                         "    mode: single\n"
                         "    hosts: [h1]\n"
                         "    instance: { fail: 500h, repair: 4h }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [h1]\n"
                         "    every: 14d\n"
                         "    duration: 2h\n"
                         "system: [web]\n");
    double ai = avail(500, 0, 4), p = 2.0 / 336;
    CU_ASSERT(harness_rel(f.a, (1 - p) * ai) < TOL);
    CU_ASSERT(harness_rel(f.u, ai) < TOL);
    CU_ASSERT_EQUAL(f.exact, 1);
}

/* ---------- approximations, marked ---------- */

static void test_switchover_approximate(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: {}\n"
                         "  h2: {}\n"
                         "services:\n"
                         "  db:\n"
                         "    mode: active-passive\n"
                         "    hosts: [h1, h2]\n"
                         "    failover: { time: 30s }\n"
                         "    switchover: { time: 5s, success: 99% }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [h1, h2]\n"
                         "    every: 30d\n"
                         "    duration: 1h\n"
                         "system: [db]\n");
    CU_ASSERT_EQUAL(f.exact, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "switchover not modelled"));
    CU_ASSERT(f.a > 0.99 && f.a <= 1);
}

static void test_failures_overlap_approximate(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  h1: { profile: { fail: 1000h, repair: 5h } }\n"
                         "services:\n"
                         "  web: { mode: single, hosts: [h1] }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [h1]\n"
                         "    every: 30d\n"
                         "    duration: 1h\n"
                         "    error: 5%\n"
                         "    recovery: { dist: lognormal, mean: 2h, sd: 1h }\n"
                         "system: [web]\n");
    CU_ASSERT_EQUAL(f.exact, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "windows and failures overlap"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "windows may overrun"));
    /* the decomposition: independent environment and host */
    double p = 1.0 / 720, c = 0.05 * 2 / 720;
    CU_ASSERT(harness_rel(f.a, (1 - p - c) * avail(1000, 0, 5)) < TOL);
}

/* Rolling windows longer than `every` in sum may overrun. */
static void test_rolling_overrun_approximate(void)
{
    figure f = system_of("format: nines/1\n"
                         "hosts:\n"
                         "  a: {}\n"
                         "  b: {}\n"
                         "services:\n"
                         "  web: { mode: active-active, need: 2, hosts: [a, b] }\n"
                         "maintenance:\n"
                         "  patch:\n"
                         "    targets: [a, b]\n"
                         "    every: 3h\n"
                         "    duration: { dist: uniform, min: 0.5h, max: 2h }\n"
                         "system: [web]\n");
    CU_ASSERT_EQUAL(f.exact, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "windows may overrun"));
}

/* Two entries on the same figure: independent environments, approximate;
 * a service only one of them acts on stays exact. */
static void test_two_entries(void)
{
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  a: {}\n"
                    "  b: {}\n"
                    "services:\n"
                    "  x: { mode: single, hosts: [a] }\n"
                    "  y: { mode: single, hosts: [b] }\n"
                    "maintenance:\n"
                    "  pa:\n"
                    "    targets: [a]\n"
                    "    every: 10d\n"
                    "    duration: 1h\n"
                    "  pb:\n"
                    "    targets: [b]\n"
                    "    every: 20d\n"
                    "    duration: 3h\n"
                    "system: [x, y]\n";
    topology *t = load(y);
    analytic_result *r = solve(t);
    double pa = 1.0 / 240, pb = 3.0 / 480;
    CU_ASSERT(harness_rel(r->system.availability, (1 - pa) * (1 - pb)) < TOL);
    CU_ASSERT_EQUAL(r->system.exact, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason, "taken as independent"));
    CU_ASSERT(harness_rel(r->services[0].availability, 1 - pa) < TOL);
    CU_ASSERT_EQUAL(r->services[0].exact, 1);
    CU_ASSERT_EQUAL(r->services[1].exact, 1);
    analytic_result_free(r);
    topo_free(t);
}

/* Without the new keys the unplanned figure is the availability itself. */
static void test_no_operations_unplanned_equal(void)
{
    topology *t = NULL;
    topo_errors errs = { 0 };
    CU_ASSERT_EQUAL_FATAL(topo_load("tests/cases/analytic/shared-fate.yaml", NULL, &t, &errs), 0);
    analytic_result *r = solve(t);
    CU_ASSERT_EQUAL(r->system.availability_unplanned, r->system.availability);
    for (int s = 0; s < t->n_services; s++)
        CU_ASSERT_EQUAL(r->services[s].availability_unplanned, r->services[s].availability);
    analytic_result_free(r);
    topo_free(t);
    topo_errors_release(&errs);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_detect_single_host);
    HARNESS_ADD(s, test_detect_pair_any_law);
    HARNESS_ADD(s, test_detect_in_chain);
    HARNESS_ADD(s, test_detect_importance);
    HARNESS_ADD(s, test_common_cause_pair);
    HARNESS_ADD(s, test_common_cause_members_and_private);
    HARNESS_ADD(s, test_beta_pair);
    HARNESS_ADD(s, test_maintenance_alone);
    HARNESS_ADD(s, test_maintenance_rolling_quorum);
    HARNESS_ADD(s, test_maintenance_rolling_quorum_rejoin);
    HARNESS_ADD(s, test_maintenance_rejoin_own_downtime);
    HARNESS_ADD(s, test_maintenance_all_at_once_quorum);
    HARNESS_ADD(s, test_maintenance_error_recovery);
    HARNESS_ADD(s, test_maintenance_member_fails);
    HARNESS_ADD(s, test_maintenance_single_member_fails);
    HARNESS_ADD(s, test_switchover_approximate);
    HARNESS_ADD(s, test_failures_overlap_approximate);
    HARNESS_ADD(s, test_rolling_overrun_approximate);
    HARNESS_ADD(s, test_two_entries);
    HARNESS_ADD(s, test_no_operations_unplanned_equal);
}

int main(void)
{
    return harness_run("model_ops_analytic", add);
}
