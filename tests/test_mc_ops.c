/* tests/test_mc_ops.c — the engine on the operations keys (docs/semantics.md,
 * "Operations"), against exact values derived by hand (and by the analytic
 * solver where it says exact): maintenance alone (fixed phases over whole
 * periods: exact to 1e-12; a drawn phase: in expectation), rolling and all at
 * once over a quorum of three, error and recovery (planned and unplanned
 * apart), detection, a common cause and a beta factor over 1-of-2, a
 * switchover, the skip rules and frozen clocks, downtime by cause summing to
 * the total, and thread-count independence. Every simulated figure is
 * checked within 4 standard errors of its exact value, at a fixed seed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_mc_util.h"

#define MIN_PER_YEAR 525600.0

/* Runs yaml; NULL on failure (a CUnit failure). */
static mc_result *run_yaml(const char *yaml, long long trials, uint64_t seed, int threads,
                           double mission)
{
    topology *t = mc_test_load_text(yaml, "ops.yaml");
    CU_ASSERT_PTR_NOT_NULL(t);
    if (!t)
        return NULL;
    mc_result *r = mc_test_run(t, trials, seed, threads, mission);
    topo_free(t);
    return r;
}

/* Within 4 standard errors (se > 0) of exact, else prints the gap. */
static int near(const char *what, double got, double exact, double se)
{
    double gap = fabs(got - exact);
    if (gap <= 4 * se + 1e-12)
        return 1;
    fprintf(stderr, "\n  %s: simulated %.10g, exact %.10g, gap %.3g = %.2f standard errors\n", what, got,
            exact, gap, se > 0 ? gap / se : INFINITY);
    return 0;
}

/* The standard error of availability_unplanned, from its 95% interval. */
static double unplanned_se(const mc_figures *f, long long trials)
{
    (void)trials;
    return (f->unplanned_ci_hi - f->unplanned_ci_lo) / (2 * 1.96);
}

/* The causes of f sum to its downtime (1e-9 relative, 1e-9 min absolute). */
static int causes_sum(const mc_figures *f)
{
    double s = 0;
    for (int c = 0; c < CAUSE_N; c++) {
        if (f->cause_min_per_year[c] < 0)
            return 0;
        s += f->cause_min_per_year[c];
    }
    double ok = fabs(s - f->downtime_min_per_year) <= 1e-9 * f->downtime_min_per_year + 1e-9;
    if (!ok)
        fprintf(stderr, "\n  %s: causes sum to %.12g, downtime %.12g\n", f->name, s, f->downtime_min_per_year);
    return ok;
}

/* A cause's minutes per year of the system, as the mean of `batches`
 * independent runs (seeds seed, seed + 1, ...), with its standard error. */
static void cause_batches(const char *yaml, int cause, int batches, long long trials, uint64_t seed,
                          double mission, double *mean, double *se)
{
    double sum = 0, sum2 = 0;
    for (int b = 0; b < batches; b++) {
        mc_result *r = run_yaml(yaml, trials, seed + (uint64_t)b, 2, mission);
        double v = r ? r->system.cause_min_per_year[cause] : NAN;
        sum += v;
        sum2 += v * v;
        mc_result_free(r);
    }
    *mean = sum / batches;
    double var = (sum2 - sum * sum / batches) / (batches - 1);
    *se = sqrt(var > 0 ? var : 0) / sqrt((double)batches);
}

/* ---------- maintenance alone ---------- */

#define ALONE "format: nines/1\n"\
                           "hosts:\n"\
                           "  h1: {}\n"\
                           "services:\n"\
                           "  web: { mode: single, hosts: [h1] }\n"\
                           "maintenance:\n"\
                           "  patch:\n"\
                           "    targets: [h1]\n"\
                           "    every: 30d\n"\
                           "    duration: %s\n"\
                           "%s"\
                           "system: [web]\n"

/* Fixed phases over 12 whole periods: every history is the same and under
 * work exactly d/every of the time, whatever the phase (the window due
 * before 0 is played in: start 719.5h runs from -0.5h to 1h). */
static void test_maintenance_alone_fixed_start(void)
{
    static const char *const starts[] = {"    start: 0h\n", "    start: 5d\n", "    start: 29d\n",
                                         "    start: 719.5h\n", "    start: 40d\n"};
    for (int i = 0; i < 5; i++) {
        char y[1024];
        snprintf(y, sizeof y, ALONE, "1.5h", starts[i]);
        mc_result *r = run_yaml(y, 50, 7, 2, 12 * 720.0);
        if (!r)
            continue;
        double a = 1 - 1.5 / 720;
        CU_ASSERT(fabs(r->system.availability - a) < 1e-12);
        CU_ASSERT(fabs(r->system.availability_unplanned - 1) < 1e-12);
        CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - (1 - a) * MIN_PER_YEAR) < 1e-6);
        CU_ASSERT(causes_sum(&r->system));
        CU_ASSERT(r->system.std_error < 1e-12);
        mc_result_free(r);
    }
}

/* The phase drawn per trial: 1 - E[d]/every in expectation, any mission. */
static void test_maintenance_alone_drawn_phase(void)
{
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
             "    every: 50h\n"
             "    duration: { dist: uniform, min: 1h, max: 3h }\n"
             "system: [web]\n");
    mc_result *r = run_yaml(y, 20000, 11, 2, 123);
    if (!r)
        return;
    CU_ASSERT(mc_test_within("drawn phase", &r->system, 1 - 2.0 / 50));
    CU_ASSERT(r->system.std_error > 0);
    CU_ASSERT(fabs(r->system.availability_unplanned - 1) < 1e-12);
    CU_ASSERT(causes_sum(&r->system));
    mc_result_free(r);
}

/* ---------- a quorum of three ---------- */

#define QUORUM3 "format: nines/1\n"\
                             "hosts:\n"\
                             "  a: {}\n"\
                             "  b: {}\n"\
                             "  c: {}\n"\
                             "services:\n"\
                             "  db: { mode: quorum, hosts: [a, b, c] }\n"\
                             "maintenance:\n"\
                             "  patch:\n"\
                             "    targets: [a, b, c]\n"\
                             "    every: 7d\n"\
                             "    duration: %s\n"\
                             "%s"\
                             "system: [db]\n"

/* Rolling: one member at a time, never quorum lost: no downtime at all. */
static void test_rolling_quorum_no_downtime(void)
{
    char y[1024];
    snprintf(y, sizeof y, QUORUM3, "{ dist: uniform, min: 1h, max: 3h }", "");
    mc_result *r = run_yaml(y, 500, 3, 2, 8760);
    if (!r)
        return;
    CU_ASSERT_EQUAL(r->system.availability, 1);
    CU_ASSERT_EQUAL(r->system.outages, 0);
    for (int c = 0; c < CAUSE_N; c++)
        CU_ASSERT_EQUAL(r->system.cause_min_per_year[c], 0);
    mc_result_free(r);
}

/* The same with a rejoin after each member's work, on hosts and on the
 * members themselves: the next member's work waits until the previous one
 * counts again, so quorum is never lost: no downtime at all. */
static void test_rolling_quorum_rejoin_no_downtime(void)
{
    static const char *const targets[] = {"[a, b, c]", "db"};
    static const char *const rejoins[] = {"10m", "{ dist: uniform, min: 5m, max: 2h }"};
    for (int i = 0; i < 4; i++) {
        char y[1024];
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "hosts:\n"
                 "  a: {}\n"
                 "  b: {}\n"
                 "  c: {}\n"
                 "services:\n"
                 "  db: { mode: quorum, hosts: [a, b, c], rejoin: %s }\n"
                 "maintenance:\n"
                 "  patch:\n"
                 "    targets: %s\n"
                 "    every: 7d\n"
                 "    duration: { dist: uniform, min: 1h, max: 3h }\n"
                 "system: [db]\n",
                 rejoins[i / 2], targets[i % 2]);
        mc_result *r = run_yaml(y, 500, 3, 2, 8760);
        if (!r)
            continue;
        CU_ASSERT_EQUAL(r->system.availability, 1);
        CU_ASSERT_EQUAL(r->system.outages, 0);
        for (int c = 0; c < CAUSE_N; c++)
            CU_ASSERT_EQUAL(r->system.cause_min_per_year[c], 0);
        mc_result_free(r);
    }
}

/* All at once: the whole cluster down E[d]/every of the time. */
static void test_all_at_once_quorum(void)
{
    char y[1024];
    snprintf(y, sizeof y, QUORUM3, "2h", "    rolling: false\n    start: 3d\n");
    mc_result *r = run_yaml(y, 20, 3, 2, 52 * 168.0);
    if (r) { /* fixed duration and phase, whole periods: exact */
        CU_ASSERT(fabs(r->system.availability - (1 - 2.0 / 168)) < 1e-12);
        CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - 2.0 / 168 * MIN_PER_YEAR) < 1e-6);
        mc_result_free(r);
    }
    snprintf(y, sizeof y, QUORUM3, "{ dist: uniform, min: 1h, max: 3h }", "    rolling: false\n");
    r = run_yaml(y, 20000, 5, 2, 1000);
    if (r) {
        CU_ASSERT(mc_test_within("all at once", &r->system, 1 - 2.0 / 168));
        CU_ASSERT(causes_sum(&r->system));
        mc_result_free(r);
    }
}

/* ---------- error and recovery ---------- */

/* d = 1h planned every 30d; the error (4%) adds a recovery of mean 3h:
 * A = 1 - (1 + 0.04 x 3)/720, unplanned A = 1 - 0.04 x 3/720; the planned
 * part is deterministic (fixed phase, whole periods). */
static void test_error_recovery(void)
{
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  h1: {}\n"
                    "services:\n"
                    "  web: { mode: single, hosts: [h1] }\n"
                    "maintenance:\n"
                    "  patch:\n"
                    "    targets: [h1]\n"
                    "    every: 30d\n"
                    "    duration: 1h\n"
                    "    start: 5d\n"
                    "    error: 4%\n"
                    "    recovery: { dist: uniform, min: 2h, max: 4h }\n"
                    "system: [web]\n";
    mc_result *r = run_yaml(y, 40000, 13, 2, 12 * 720.0);
    if (!r)
        return;
    const mc_figures *f = &r->system;
    CU_ASSERT(mc_test_within("error and recovery", f, 1 - (1 + 0.04 * 3) / 720));
    CU_ASSERT(near("unplanned", f->availability_unplanned, 1 - 0.04 * 3 / 720, unplanned_se(f, r->trials)));
    CU_ASSERT(fabs(f->cause_min_per_year[CAUSE_MAINTENANCE] - 1.0 / 720 * MIN_PER_YEAR) < 1e-6);
    /* change = the unplanned part, to rounding */
    CU_ASSERT(fabs(f->cause_min_per_year[CAUSE_CHANGE] - (1 - f->availability_unplanned) * MIN_PER_YEAR) <
              1e-9 * MIN_PER_YEAR);
    CU_ASSERT(near("change min/yr", f->cause_min_per_year[CAUSE_CHANGE], 0.04 * 3 / 720 * MIN_PER_YEAR,
                   unplanned_se(f, r->trials) * MIN_PER_YEAR));
    CU_ASSERT(causes_sum(f));
    mc_result_free(r);
}

/* ---------- detection ---------- */

static const char *DETECT = "format: nines/1\n"
                            "hosts:\n"
                            "  h1: { profile: { fail: 100h, detect: 10h, repair: 20h } }\n"
                            "services:\n"
                            "  web: { mode: single, hosts: [h1] }\n"
                            "system: [web]\n";

/* A = MTTF / (MTTF + MTTD + MTTR); detection and failure in the ratio
 * MTTD : MTTR. A long mission makes the start from all-up negligible (its
 * effect, about (1 - A) x 30h / mission = 3e-5, is a tenth of a standard
 * error). */
static void test_detection(void)
{
    double a = 100.0 / 130;
    mc_result *r = run_yaml(DETECT, 1000, 17, 2, 2e5);
    if (r) {
        CU_ASSERT(mc_test_within("detection", &r->system, a));
        CU_ASSERT(causes_sum(&r->system));
        CU_ASSERT_EQUAL(r->system.availability_unplanned, r->system.availability);
        mc_result_free(r);
    }
    topology *t = mc_test_load_text(DETECT, "ops.yaml");
    analytic_result *an = NULL;
    if (t && analytic_solve(t, &an) == 0) {
        CU_ASSERT(fabs(an->system.availability - a) < 1e-9);
        CU_ASSERT_EQUAL(an->system.exact, 1);
    }
    analytic_result_free(an);
    topo_free(t);
    double m, se;
    cause_batches(DETECT, CAUSE_DETECTION, 10, 100, 100, 2e5, &m, &se);
    CU_ASSERT(near("detection min/yr", m, 10.0 / 130 * MIN_PER_YEAR, se));
    cause_batches(DETECT, CAUSE_FAILURE, 10, 100, 100, 2e5, &m, &se);
    CU_ASSERT(near("failure min/yr", m, 20.0 / 130 * MIN_PER_YEAR, se));
}

/* ---------- common causes ---------- */

static double avail(double f, double d, double r)
{
    return f / (f + d + r);
}

static const char *CCF = "format: nines/1\n"
                         "hosts:\n"
                         "  h1: { profile: { fail: 2000h, repair: 10h } }\n"
                         "  h2: { profile: { fail: 900h, detect: 1h, repair: 5h } }\n"
                         "services:\n"
                         "  web: { mode: active-active, need: 1, hosts: [h1, h2] }\n"
                         "common-cause:\n"
                         "  bug:\n"
                         "    targets: [h1, h2]\n"
                         "    law: { fail: 5000h, detect: 0.5h, repair: 2.5h }\n"
                         "system: [web]\n";

/* A = A_c (1 - (1 - A_1)(1 - A_2)); while the cause is down the moment is
 * common-cause (the highest priority): (1 - A_c) of the time. */
static void test_common_cause_pair(void)
{
    double a1 = avail(2000, 0, 10), a2 = avail(900, 1, 5), ac = avail(5000, 0.5, 2.5);
    double a = ac * (1 - (1 - a1) * (1 - a2));
    mc_result *r = run_yaml(CCF, 2000, 19, 2, 2e6);
    if (r) {
        CU_ASSERT(mc_test_within("common cause", &r->system, a));
        CU_ASSERT(causes_sum(&r->system));
        mc_result_free(r);
    }
    topology *t = mc_test_load_text(CCF, "ops.yaml");
    analytic_result *an = NULL;
    if (t && analytic_solve(t, &an) == 0) {
        CU_ASSERT(fabs(an->system.availability - a) < 1e-9);
        CU_ASSERT_EQUAL(an->system.exact, 1);
    }
    analytic_result_free(an);
    topo_free(t);
    double m, se;
    cause_batches(CCF, CAUSE_COMMON_CAUSE, 10, 200, 200, 2e6, &m, &se);
    CU_ASSERT(near("common-cause min/yr", m, (1 - ac) * MIN_PER_YEAR, se));
}

/* beta b over two hosts of exponential mean m: the cause fails with mean
 * m/b, each host by itself with mean m/(1 - b). */
static void test_beta_pair(void)
{
    const char *y = "format: nines/1\n"
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
                    "system: [web]\n";
    double m = 3000, b = 0.08;
    double ac = avail(m / b, 0, 20), ah = avail(m / (1 - b), 0, 20);
    double a = ac * (1 - (1 - ah) * (1 - ah));
    mc_result *r = run_yaml(y, 2000, 23, 2, 2e6);
    if (r) {
        CU_ASSERT(mc_test_within("beta", &r->system, a));
        CU_ASSERT(r->system.cause_min_per_year[CAUSE_COMMON_CAUSE] > 0);
        CU_ASSERT(causes_sum(&r->system));
        mc_result_free(r);
    }
    topology *t = mc_test_load_text(y, "ops.yaml");
    analytic_result *an = NULL;
    if (t && analytic_solve(t, &an) == 0)
        CU_ASSERT(fabs(an->system.availability - a) < 1e-9);
    analytic_result_free(an);
    topo_free(t);
}

/* ---------- switchover ---------- */

/* An active-passive pair whose hosts and members never fail, rolling work
 * of d = 1h on h1 then h2 every 30d, switchover s = 5 min, success p.
 * Window with a active at its start (state A): a goes down: the switchover
 * to b takes s; if it fails (1 - p) the service waits for a until d, then
 * b's work does not touch it (end A); if it succeeds, b goes down at d:
 * s again (success: end A) or d (failure: it waits for b, end B). So
 * from A: down d (1 - p), 2s (p^2), s + d (p(1 - p), to B). From B (b
 * active): only b's turn: s (p, to A) or d (1 - p, stay B). Every window
 * ends before the next; the history starts in A. */
static void test_switchover(void)
{
    const double d = 1, s = 5.0 / 60, p = 0.9, every = 720;
    const int windows = 24;
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  h1: {}\n"
                    "  h2: {}\n"
                    "services:\n"
                    "  vip:\n"
                    "    mode: active-passive\n"
                    "    hosts: [h1, h2]\n"
                    "    failover: { time: 2m, success: 50% }\n"
                    "    switchover: { time: 5m, success: 90% }\n"
                    "maintenance:\n"
                    "  patch:\n"
                    "    targets: [h1, h2]\n"
                    "    every: 30d\n"
                    "    duration: 1h\n"
                    "    start: 5d\n"
                    "system: [vip]\n";
    double da = (1 - p) * d + p * p * 2 * s + p * (1 - p) * (s + d), db = p * s + (1 - p) * d;
    double pa = 1, total = 0;
    for (int k = 0; k < windows; k++) {
        total += pa * da + (1 - pa) * db;
        pa = pa * (1 - p * (1 - p)) + (1 - pa) * p;
    }
    double mission = windows * every;
    mc_result *r = run_yaml(y, 20000, 29, 2, mission);
    if (!r)
        return;
    CU_ASSERT(mc_test_within("switchover", &r->system, 1 - total / mission));
    /* a switchover and the wait for a member under work are planned */
    CU_ASSERT_EQUAL(r->system.availability_unplanned, 1);
    CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - r->system.downtime_min_per_year) <
              1e-9 * r->system.downtime_min_per_year);
    mc_result_free(r);
}

/* Rolling work on both hosts of a pair with a 30 min resync: h1 (active)
 * goes under work, switchover to h2 (5 min down); h1 is back after 1h and
 * resyncs; h2's work waits for it (without the wait, h2's work would start
 * with no eligible member: 30 min down for `rejoin`), then h2 goes under
 * work, switchover to h1 (5 min). The next window starts on h1 again. So
 * exactly two switchovers per window, all planned: fixed phase, whole
 * periods, A = 1 - 10 min / 30 d exactly. */
static void test_switchover_resync_waits(void)
{
    const double every = 720;
    const int windows = 24;
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  h1: {}\n"
                    "  h2: {}\n"
                    "services:\n"
                    "  vip:\n"
                    "    mode: active-passive\n"
                    "    hosts: [h1, h2]\n"
                    "    failover: { time: 2m }\n"
                    "    switchover: { time: 5m }\n"
                    "    resync: 30m\n"
                    "maintenance:\n"
                    "  patch:\n"
                    "    targets: [h1, h2]\n"
                    "    every: 30d\n"
                    "    duration: 1h\n"
                    "    start: 5d\n"
                    "system: [vip]\n";
    mc_result *r = run_yaml(y, 50, 31, 2, windows * every);
    if (!r)
        return;
    double a = 1 - (10.0 / 60) / every;
    CU_ASSERT(fabs(r->system.availability - a) < 1e-12);
    CU_ASSERT(r->system.std_error < 1e-12);
    CU_ASSERT_EQUAL(r->system.availability_unplanned, 1);
    CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - (1 - a) * MIN_PER_YEAR) < 1e-6);
    CU_ASSERT_EQUAL(r->system.cause_min_per_year[CAUSE_REJOIN], 0);
    CU_ASSERT_EQUAL(r->system.outages, 50LL * 2 * windows);
    mc_result_free(r);
}

/* ---------- skip rules and frozen clocks ---------- */

/* g never fails by itself but needs f (up 50h, down 50h, fixed); 1h-free
 * windows of 10h on g every 100h over 10 periods. start 60h: f is down at
 * every window, so each is skipped: A = 0.5, no maintenance. start 10h:
 * [10, 20) under work besides f's [50, 100): A = 0.4. start 45h: under work
 * [45, 55) and f down [50, 100): down [45, 100), of it [45, 50) planned and
 * [50, 100) failure (failure before maintenance). */
static void test_skip_rule(void)
{
    static const struct {
        const char *start;
        double a, maint, failure;
    } cases[] = {
        {"60h", 0.5, 0, 0.5},
        {"10h", 0.4, 0.1, 0.5},
        {"45h", 0.45, 0.05, 0.5},
    };
    for (int i = 0; i < 3; i++) {
        char y[1024];
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "hosts:\n"
                 "  f: { profile: { fail: { dist: fixed, value: 50h }, repair: { dist: fixed, value: 50h } } }\n"
                 "  g: { needs: [f] }\n"
                 "services:\n"
                 "  web: { mode: single, hosts: [g] }\n"
                 "maintenance:\n"
                 "  patch:\n"
                 "    targets: [g]\n"
                 "    every: 100h\n"
                 "    duration: 10h\n"
                 "    start: %s\n"
                 "system: [web]\n",
                 cases[i].start);
        mc_result *r = run_yaml(y, 10, 1, 1, 1000);
        if (!r)
            continue;
        CU_ASSERT(fabs(r->system.availability - cases[i].a) < 1e-12);
        CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - cases[i].maint * MIN_PER_YEAR) < 1e-6);
        CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_FAILURE] - cases[i].failure * MIN_PER_YEAR) < 1e-6);
        CU_ASSERT(causes_sum(&r->system));
        mc_result_free(r);
    }
}

/* g fails by itself (up 50h, down 50h, fixed), work of 10h every 100h from
 * 10h: [10, 20) under work freezes its clock (40h left), so it fails at 60
 * and is back at 110, when the next window puts it under work at once
 * (parts before maintenance in one instant): [110, 120) planned, one outage
 * [60, 120); its clock (50h) resumes at 120, it fails at 170, back at 220;
 * from then on it is down at every window (x10 within [x70, x20)): skipped.
 * Over 1000h: planned 20h, failure 50 x 9 + 30 = 480h. */
static void test_frozen_under_work(void)
{
    const char *y = "format: nines/1\n"
                    "hosts:\n"
                    "  g: { profile: { fail: { dist: fixed, value: 50h }, repair: { dist: fixed, value: 50h } } }\n"
                    "services:\n"
                    "  web: { mode: single, hosts: [g] }\n"
                    "maintenance:\n"
                    "  patch:\n"
                    "    targets: [g]\n"
                    "    every: 100h\n"
                    "    duration: 10h\n"
                    "    start: 10h\n"
                    "system: [web]\n";
    mc_result *r = run_yaml(y, 10, 1, 1, 1000);
    if (!r)
        return;
    CU_ASSERT(fabs(r->system.availability - 0.5) < 1e-12);
    CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_MAINTENANCE] - 0.02 * MIN_PER_YEAR) < 1e-6);
    CU_ASSERT(fabs(r->system.cause_min_per_year[CAUSE_FAILURE] - 0.48 * MIN_PER_YEAR) < 1e-6);
    /* [10, 20), [60, 120), then [170, 220) ... [970, 1000): 11 per trial */
    CU_ASSERT_EQUAL(r->system.outages, 11 * 10);
    mc_result_free(r);
}

/* ---------- every target, every key ---------- */

static void test_operations_causes_sum(void)
{
    topology *t = mc_test_load_file("topologies/examples/operations.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = mc_test_run(t, 1000, 31, 2, 0);
    if (r) {
        CU_ASSERT(causes_sum(&r->system));
        CU_ASSERT(r->system.availability_unplanned >= r->system.availability);
        CU_ASSERT(r->system.cause_min_per_year[CAUSE_MAINTENANCE] > 0);
        CU_ASSERT(r->system.cause_min_per_year[CAUSE_COMMON_CAUSE] > 0);
        for (int s = 0; s < r->n_services; s++) {
            CU_ASSERT(causes_sum(&r->services[s]));
            CU_ASSERT(r->services[s].availability_unplanned >= r->services[s].availability);
        }
        for (int v = 0; v < r->n_views; v++)
            CU_ASSERT(causes_sum(&r->views[v]));
    }
    mc_result_free(r);
    topo_free(t);
}

static int same_figures(const mc_figures *a, const mc_figures *b)
{
    return !memcmp(&a->availability, &b->availability, sizeof a->availability) &&
           !memcmp(&a->std_error, &b->std_error, sizeof a->std_error) &&
           !memcmp(a->cause_min_per_year, b->cause_min_per_year, sizeof a->cause_min_per_year) &&
           !memcmp(&a->availability_unplanned, &b->availability_unplanned, sizeof a->availability_unplanned) &&
           !memcmp(&a->unplanned_ci_lo, &b->unplanned_ci_lo, sizeof a->unplanned_ci_lo) &&
           !memcmp(&a->unplanned_ci_hi, &b->unplanned_ci_hi, sizeof a->unplanned_ci_hi) &&
           a->outages == b->outages && !memcmp(a->hist, b->hist, sizeof a->hist);
}

/* Threads 1 and 3: the same figures to the last bit, with every new key
 * (a drawn phase, rolling and all at once, error, switchover, detect,
 * common causes with a law and a beta). */
static void test_threads_identical(void)
{
    topology *t = mc_test_load_file("topologies/examples/operations.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = mc_test_run(t, 700, 37, 1, 0);
    mc_result *b = mc_test_run(t, 700, 37, 3, 0);
    if (a && b) {
        CU_ASSERT(same_figures(&a->system, &b->system));
        for (int s = 0; s < a->n_services; s++)
            CU_ASSERT(same_figures(&a->services[s], &b->services[s]));
        CU_ASSERT_EQUAL(a->events, b->events);
    }
    mc_result_free(a);
    mc_result_free(b);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_maintenance_alone_fixed_start);
    HARNESS_ADD(s, test_maintenance_alone_drawn_phase);
    HARNESS_ADD(s, test_rolling_quorum_no_downtime);
    HARNESS_ADD(s, test_rolling_quorum_rejoin_no_downtime);
    HARNESS_ADD(s, test_all_at_once_quorum);
    HARNESS_ADD(s, test_error_recovery);
    HARNESS_ADD(s, test_detection);
    HARNESS_ADD(s, test_common_cause_pair);
    HARNESS_ADD(s, test_beta_pair);
    HARNESS_ADD(s, test_switchover);
    HARNESS_ADD(s, test_switchover_resync_waits);
    HARNESS_ADD(s, test_skip_rule);
    HARNESS_ADD(s, test_frozen_under_work);
    HARNESS_ADD(s, test_operations_causes_sum);
    HARNESS_ADD(s, test_threads_identical);
}

int main(void)
{
    return harness_run("mc_ops", add);
}
