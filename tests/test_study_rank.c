/* tests/test_study_rank.c — sensitivity's ranking (study/study_rank.c): on
 * two hosts in series the exact changes and gains match hand-computed values
 * to 1e-12 and the law that matters ranks first without any simulation;
 * when the base is not exact every change is simulated through the caller's
 * function (labels, counts) and a gain within the noise ranks by
 * criticality; a failed simulation, a stop and the downtime shares; a
 * maintenance entry's rows (every, duration; error, recovery) simulated on
 * copies changed by exactly those factors, and a common cause's own law
 * ranked as a law named common-cause.NAME. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../study/study.h"

/* p1 = 99/100, p2 = 19/20, A = p1 p2 = 0.9405. */
static const char *const SERIES =
    "format: nines/1\n"
    "hosts:\n"
    "  h1: { profile: { fail: 99h, repair: 1h } }\n"
    "  h2: { profile: { fail: 19h, repair: 1h } }\n"
    "services:\n"
    "  s1: { mode: single, hosts: [h1] }\n"
    "  s2: { mode: single, hosts: [h2] }\n"
    "system: [s1, s2]\n";

static topology *load(const char *yaml)
{
    topo_errors errs = {0};
    topology *t = NULL;
    if (topo_load_string(yaml, strlen(yaml), "rank-test.yaml", NULL, &t, &errs)) {
        char buf[1024];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    return t;
}

static double nines(double a)
{
    return -log10(1 - a);
}

/* A fake simulation: the k-th call gives nines fake_nines[k]. */
typedef struct fake {
    int calls;
    int fail_at;            /* call number that fails; -1: none */
    double nines[16];
    char labels[16][96];
} fake;

static int fake_simulate(void *ctx, const topology *t, const char *label, mc_result **out)
{
    fake *f = ctx;
    (void)t;
    if (f->calls < 16)
        snprintf(f->labels[f->calls], sizeof f->labels[0], "%s", label);
    if (f->calls == f->fail_at) {
        f->calls++;
        *out = NULL;
        return 1;
    }
    mc_result *r = calloc(1, sizeof *r);
    if (r)
        r->system.nines = f->nines[f->calls % 16];
    f->calls++;
    *out = r;
    return r ? 0 : 1;
}

static void test_exact_series_ranks_weaker_host_first(void)
{
    topology *t = load(SERIES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_result *ar = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &ar), 0);
    mc_result base = {0};
    base.system.nines = 0.5; /* ignored: the solver is exact */
    double p1 = 0.99, p2 = 0.95, a = p1 * p2, bn = study_base_nines(ar, &base);
    CU_ASSERT(harness_rel(bn, nines(a)) < 1e-12);

    fake f = {.fail_at = -1};
    study_rank_options o = {bn, 1, 0.01, fake_simulate, &f, NULL};
    study_law *laws = NULL;
    int n = 0, stopped = 1;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &laws, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(stopped, 0);
    CU_ASSERT_EQUAL(f.calls, 0); /* every change solved exactly */
    CU_ASSERT_EQUAL_FATAL(n, 2);
    /* h2 (p = 0.95) matters most: its better change gives p2' = 38/39 */
    CU_ASSERT_STRING_EQUAL(laws[0].name, "hosts.h2.profile");
    CU_ASSERT_STRING_EQUAL(laws[1].name, "hosts.h1.profile");
    CU_ASSERT(harness_rel(laws[0].nines[STUDY_FAIL_HALF], nines(p1 * 9.5 / 10.5)) < 1e-12);
    CU_ASSERT(harness_rel(laws[0].nines[STUDY_FAIL_DOUBLE], nines(p1 * 38 / 39.0)) < 1e-12);
    CU_ASSERT(harness_rel(laws[0].nines[STUDY_REPAIR_HALF], nines(p1 * 19 / 19.5)) < 1e-12);
    CU_ASSERT(harness_rel(laws[0].nines[STUDY_REPAIR_DOUBLE], nines(p1 * 19 / 21.0)) < 1e-12);
    CU_ASSERT(harness_rel(laws[0].gain, nines(p1 * 38 / 39.0) - nines(a)) < 1e-9);
    CU_ASSERT(harness_rel(laws[1].gain, nines(198 / 199.0 * p2) - nines(a)) < 1e-9);
    CU_ASSERT_EQUAL(laws[0].rank_gain, laws[0].gain);
    CU_ASSERT(harness_rel(laws[0].imp.criticality, p1 * (1 - p2) / (1 - a)) < 1e-9);
    CU_ASSERT(laws[0].exact && laws[1].exact);
    CU_ASSERT(isnan(laws[0].share) && isnan(laws[1].share));

    /* shares from an attributed base run, in topology law order */
    mc_result run = {0};
    double share[2] = {0.137, 0.791};
    double delay = NAN;
    run.law_share = share;
    run.n_laws = 2;
    run.delay_share = 0.072;
    CU_ASSERT_EQUAL(study_law_shares(&run, t->n_laws, laws, n, &delay), t->n_laws == 2);
    if (t->n_laws == 2) {
        CU_ASSERT_EQUAL(laws[0].share, share[laws[0].law]);
        CU_ASSERT_EQUAL(laws[1].share, share[laws[1].law]);
        CU_ASSERT_EQUAL(delay, 0.072);
    }
    run.law_share = NULL; /* not attributed: nothing changes */
    delay = 0.5;
    CU_ASSERT_EQUAL(study_law_shares(&run, t->n_laws, laws, n, &delay), 0);
    CU_ASSERT_EQUAL(delay, 0.5);
    free(laws);
    analytic_result_free(ar);
    topo_free(t);
}

static void test_simulated_changes_and_noise(void)
{
    topology *t = load(SERIES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    /* base not exact: the 8 changes are simulated, law by law, in order */
    fake f = {.fail_at = -1,
              .nines = {1.10, 1.31, 1.29, 1.05, /* first law: gain 0.11 (noise) */
                        0.90, 1.52, 1.38, 0.80}}; /* second law: gain 0.32 */
    study_rank_options o = {1.2, 0, 0.15, fake_simulate, &f, NULL};
    study_law *laws = NULL;
    int n = 0, stopped = 0;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &laws, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(f.calls, 8);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(f.labels[0], "hosts.h1.profile fail_half");
    CU_ASSERT_STRING_EQUAL(f.labels[3], "hosts.h1.profile repair_double");
    CU_ASSERT_STRING_EQUAL(f.labels[6], "hosts.h2.profile repair_half");
    /* h2's gain 0.32 is above the noise, h1's 0.11 is not: it ranks as 0 */
    CU_ASSERT_STRING_EQUAL(laws[0].name, "hosts.h2.profile");
    CU_ASSERT(fabs(laws[0].gain - 0.32) < 1e-12);
    CU_ASSERT_EQUAL(laws[0].rank_gain, laws[0].gain);
    CU_ASSERT(fabs(laws[1].gain - 0.11) < 1e-12);
    CU_ASSERT_EQUAL(laws[1].rank_gain, 0);
    CU_ASSERT_EQUAL(laws[1].nines[STUDY_FAIL_DOUBLE], 1.31);
    CU_ASSERT_EQUAL(laws[1].exact, 0);
    free(laws);

    /* two laws whose simulated gains are both noise: by criticality (h2's) */
    fake g = {.fail_at = -1,
              .nines = {1.1, 1.3, 1.25, 1.0, 1.1, 1.25, 1.22, 1.0}};
    o.simulate_ctx = &g;
    o.noise = 0.2;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &laws, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(laws[0].name, "hosts.h2.profile");
    CU_ASSERT(laws[0].imp.criticality > laws[1].imp.criticality);
    free(laws);

    /* a failed simulation ends the ranking */
    fake h = {.fail_at = 5};
    o.simulate_ctx = &h;
    laws = (study_law *)&h; /* overwritten */
    CU_ASSERT_EQUAL(study_rank_laws(t, &o, &laws, &n, &stopped), STUDY_ESIMULATE);
    CU_ASSERT_PTR_NULL(laws);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(h.calls, 6);

    /* a stop before the first law ranks nothing and says so */
    volatile int stop = 2;
    o.stop = &stop;
    CU_ASSERT_EQUAL(study_rank_laws(t, &o, &laws, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(stopped, 1);
    free(laws);
    topo_free(t);
}

/* Two servers, one patched (with an error and a recovery), one patched
 * without error, and a common cause with its own law. */
static const char *const PATCHED =
    "format: nines/1\n"
    "profiles:\n"
    "  server: { fail: 1y, repair: 8h }\n"
    "hosts:\n"
    "  a: { profile: server }\n"
    "  b: { profile: server }\n"
    "services:\n"
    "  web: { mode: active-active, hosts: [a, b], need: 1 }\n"
    "system: [web]\n"
    "maintenance:\n"
    "  patch:\n"
    "    targets: [a]\n"
    "    every: 30d\n"
    "    duration: 2h\n"
    "    error: 5%\n"
    "    recovery: 4h\n"
    "  firmware:\n"
    "    targets: [a, b]\n"
    "    every: 180d\n"
    "    duration: 3h\n"
    "common-cause:\n"
    "  bug:\n"
    "    targets: [web]\n"
    "    law: { fail: 5y, repair: 30m }\n";

/* What each simulated copy's first maintenance entry was. */
typedef struct seen {
    int calls;
    int bump_at;   /* the call (from 1) that gives 3.625 nines; 0: none */
    char labels[32][96];
    double every[32], duration[32], error[32], recovery[32];
    int n_maint[32];
} seen;

static int seen_simulate(void *ctx, const topology *t, const char *label, mc_result **out)
{
    seen *f = ctx;
    int k = f->calls++;
    if (k < 32) {
        snprintf(f->labels[k], sizeof f->labels[0], "%s", label);
        f->n_maint[k] = t->n_maint;
        if (t->n_maint > 0) {
            f->every[k] = t->maint[0].every;
            f->duration[k] = law_mean(&t->maint[0].duration);
            f->error[k] = t->maint[0].error;
            f->recovery[k] = law_mean(&t->maint[0].recovery);
        }
    }
    mc_result *r = calloc(1, sizeof *r);
    if (r)
        r->system.nines = f->calls == f->bump_at ? 3.625 : 3.125;
    *out = r;
    return r ? 0 : 1;
}

static int find_row(const study_law *rows, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].name, name))
            return i;
    return -1;
}

static void test_maintenance_and_common_cause_rows(void)
{
    topology *t = load(PATCHED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_maint, 2);
    /* base not exact: every change is simulated, so the copies can be seen */
    seen f = {0};
    study_rank_options o = {3.125, 0, 0.01, seen_simulate, &f, NULL};
    study_law *rows = NULL;
    int n = 0, stopped = 0;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &rows, &n, &stopped), STUDY_OK);
    /* server, common-cause.bug, maintenance.patch, maintenance.patch.error,
       maintenance.firmware (no error: no error row) */
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_EQUAL(f.calls, 5 * STUDY_N_CHANGES);
    int law = find_row(rows, n, "server"), ccf = find_row(rows, n, "common-cause.bug");
    int mp = find_row(rows, n, "maintenance.patch"), me = find_row(rows, n, "maintenance.patch.error");
    int mf = find_row(rows, n, "maintenance.firmware");
    CU_ASSERT_FATAL(law >= 0 && ccf >= 0 && mp >= 0 && me >= 0 && mf >= 0);
    CU_ASSERT_EQUAL(find_row(rows, n, "maintenance.firmware.error"), -1);
    CU_ASSERT_EQUAL(rows[ccf].kind, STUDY_ROW_LAW);
    CU_ASSERT_EQUAL(rows[ccf].imp.parts, 1);
    CU_ASSERT_EQUAL(rows[mp].kind, STUDY_ROW_MAINT);
    CU_ASSERT_EQUAL(rows[mp].maint, 0);
    CU_ASSERT_EQUAL(rows[mp].law, -1);
    CU_ASSERT_EQUAL(rows[mp].imp.parts, 1);
    CU_ASSERT_EQUAL(rows[mf].imp.parts, 2);
    CU_ASSERT_EQUAL(rows[me].kind, STUDY_ROW_MAINT_ERROR);
    CU_ASSERT(isnan(rows[mp].imp.criticality) && isnan(rows[mp].share));
    CU_ASSERT_EQUAL(rows[mp].exact, 0);
    CU_ASSERT_EQUAL(rows[mp].nines[STUDY_FAIL_HALF], 3.125);
    /* all gains 0 (every change 3.125 nines): the laws by criticality first,
       then the maintenance rows in file order */
    CU_ASSERT(mp > law && mp > ccf && me == mp + 1 && mf == me + 1);

    /* the simulated copies: laws first (2 laws x 4), then patch's every and
       duration, then its error and recovery, then firmware */
    int k = 2 * STUDY_N_CHANGES;
    CU_ASSERT_STRING_EQUAL(f.labels[k], "maintenance.patch every_half");
    CU_ASSERT_STRING_EQUAL(f.labels[k + 3], "maintenance.patch duration_double");
    CU_ASSERT_STRING_EQUAL(f.labels[k + 4], "maintenance.patch.error error_double");
    CU_ASSERT_STRING_EQUAL(f.labels[k + 7], "maintenance.patch.error recovery_double");
    const double every[8] = {360, 1440, 720, 720, 720, 720, 720, 720};
    const double duration[8] = {2, 2, 1, 4, 2, 2, 2, 2};
    const double error[8] = {0.05, 0.05, 0.05, 0.05, 0.1, 0.025, 0.05, 0.05};
    const double recovery[8] = {4, 4, 4, 4, 4, 4, 2, 8};
    for (int i = 0; i < 8; i++) {
        CU_ASSERT_EQUAL(f.n_maint[k + i], 2);
        CU_ASSERT(harness_rel(f.every[k + i], every[i]) < 1e-12);
        CU_ASSERT(harness_rel(f.duration[k + i], duration[i]) < 1e-12);
        CU_ASSERT(harness_rel(f.error[k + i], error[i]) < 1e-12);
        CU_ASSERT(harness_rel(f.recovery[k + i], recovery[i]) < 1e-12);
    }
    /* the design itself is unchanged */
    CU_ASSERT_EQUAL(t->maint[0].every, 720);
    CU_ASSERT_EQUAL(t->maint[0].error, 0.05);
    CU_ASSERT_STRING_EQUAL(study_change_name(STUDY_ROW_MAINT, STUDY_REPAIR_HALF), "duration_half");
    CU_ASSERT_STRING_EQUAL(study_change_name(STUDY_ROW_MAINT_ERROR, STUDY_FAIL_HALF), "error_double");

    /* shares: laws get theirs, maintenance rows stay unknown */
    mc_result run = {0};
    double share[8] = {0.25, 0.5, 0.125, 0.0625, 0, 0, 0, 0};
    double delay = NAN;
    run.law_share = share;
    run.n_laws = t->n_laws;
    CU_ASSERT_FATAL(t->n_laws <= 8);
    CU_ASSERT_EQUAL(study_law_shares(&run, t->n_laws, rows, n, &delay), 1);
    CU_ASSERT_EQUAL(rows[law].share, share[rows[law].law]);
    CU_ASSERT(isnan(rows[mp].share) && isnan(rows[me].share));
    study_rows_free(rows, n);

    /* a simulated gain above the noise ranks a maintenance row first:
       firmware's duration /2 (the 19th call) gains 0.5 nines */
    seen g = {0};
    o.simulate = seen_simulate;
    o.simulate_ctx = &g;
    g.bump_at = 4 * STUDY_N_CHANGES + STUDY_REPAIR_HALF + 1;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &rows, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL_FATAL(n, 5);
    CU_ASSERT_STRING_EQUAL(rows[0].name, "maintenance.firmware");
    CU_ASSERT(fabs(rows[0].gain - 0.5) < 1e-12);
    CU_ASSERT_EQUAL(rows[0].rank_gain, rows[0].gain);
    study_rows_free(rows, n);
    topo_free(t);
}

static void test_noise(void)
{
    mc_result r = {0};
    r.system.availability = 0.9975;
    r.system.std_error = 2.385e-5;
    CU_ASSERT(harness_rel(study_noise(&r), 2 * 2.385e-5 / (0.0025 * log(10))) < 1e-12);
    r.system.availability = 1;
    CU_ASSERT_EQUAL(study_noise(&r), 0);
    CU_ASSERT_STRING_EQUAL(study_strerror(STUDY_ENOMEM), "out of memory");
}

/* One law p (A_p = 99/100) on h1 alone (service s1) and on h2, h3 (s2: 1
 * of 2): A = p (1 - (1 - p)^2). Its two roles have exact importances and
 * changes by hand: role h1 I_B = 1 - (1 - p)^2; role h2, h3 I_B = p 2 (1 -
 * p); the law's own I_B is their sum (and above 1 would be possible). */
static const char *const ROLES =
    "format: nines/1\n"
    "profiles:\n"
    "  p: { fail: 99h, repair: 1h }\n"
    "hosts:\n"
    "  h1: { profile: p }\n"
    "  h2: { profile: p }\n"
    "  h3: { profile: p }\n"
    "services:\n"
    "  s1: { mode: single, hosts: [h1] }\n"
    "  s2: { mode: active-active, need: 1, hosts: [h2, h3] }\n"
    "system: [s1, s2]\n";

static void test_roles_of_a_law(void)
{
    topology *t = load(ROLES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double p = 0.99, par = 1 - (1 - p) * (1 - p), a = p * par;
    fake f = {.fail_at = -1};
    study_rank_options o = {nines(a), 1, 0.01, fake_simulate, &f, NULL};
    study_law *rows = NULL;
    int n = 0, stopped = 0;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &rows, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(f.calls, 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    int law = find_row(rows, n, "p");
    int r1 = find_row(rows, n, "p on h1 (hosts of s1)");
    int r2 = find_row(rows, n, "p on h2, h3 (hosts of s2)");
    CU_ASSERT_FATAL(law >= 0 && r1 >= 0 && r2 >= 0);
    CU_ASSERT_EQUAL(rows[r1].kind, STUDY_ROW_ROLE);
    CU_ASSERT_EQUAL(rows[r1].law, rows[law].law);
    CU_ASSERT_EQUAL(rows[r1].imp.parts, 1);
    CU_ASSERT_EQUAL(rows[r2].imp.parts, 2);
    CU_ASSERT(harness_rel(rows[r1].imp.birnbaum, par) < 1e-9);
    CU_ASSERT(harness_rel(rows[r2].imp.birnbaum, p * 2 * (1 - p)) < 1e-9);
    CU_ASSERT(harness_rel(rows[law].imp.birnbaum, par + p * 2 * (1 - p)) < 1e-9);
    CU_ASSERT(harness_rel(rows[r1].imp.criticality, par * (1 - p) / (1 - a)) < 1e-9);
    /* h1's fail x2: p' = 198/199 on h1 only */
    double p2 = 198 / 199.0, q2 = 1 - p2;
    CU_ASSERT(harness_rel(rows[r1].nines[STUDY_FAIL_DOUBLE], nines(p2 * par)) < 1e-12);
    CU_ASSERT(harness_rel(rows[r2].nines[STUDY_FAIL_DOUBLE], nines(p * (1 - q2 * q2))) < 1e-12);
    CU_ASSERT(harness_rel(rows[law].nines[STUDY_FAIL_DOUBLE], nines(p2 * (1 - q2 * q2))) < 1e-12);
    /* h1 alone decides more than the pair: it ranks above; the law first */
    CU_ASSERT(law < r1 && r1 < r2);
    CU_ASSERT(rows[r1].measurable && rows[r2].measurable);
    CU_ASSERT(isnan(rows[r1].share));
    study_rows_free(rows, n);
    topo_free(t);
}

/* An active-passive pair with a failover time: a row of its own, that
 * time halved and doubled on a copy (simulated: the base is not exact), no
 * switchover row without maintenance; a gain within the noise is no
 * measurable effect. */
static const char *const FAILOVER =
    "format: nines/1\n"
    "hosts:\n"
    "  a: { profile: { fail: 1y, repair: 8h } }\n"
    "  b: { profile: { fail: 1y, repair: 8h } }\n"
    "services:\n"
    "  db: { mode: active-passive, hosts: [a, b], failover: { time: 30s } }\n"
    "system: [db]\n";

typedef struct failover_seen {
    int calls;
    double time[16];
} failover_seen;

static int failover_simulate(void *ctx, const topology *t, const char *label, mc_result **out)
{
    failover_seen *f = ctx;
    (void)label;
    if (f->calls < 16)
        f->time[f->calls] = law_mean(&t->services[0].failover_time);
    mc_result *r = calloc(1, sizeof *r);
    if (r) /* the 9th and 10th calls: the failover time's changes */
        r->system.nines = f->calls == 8 ? 4.25 : f->calls == 9 ? 4.0 : 4.125;
    f->calls++;
    *out = r;
    return r ? 0 : 1;
}

static void test_failover_time_row(void)
{
    topology *t = load(FAILOVER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    failover_seen f = {0};
    study_rank_options o = {4.125, 0, 0.0625, failover_simulate, &f, NULL};
    study_law *rows = NULL;
    int n = 0, stopped = 0;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws(t, &o, &rows, &n, &stopped), STUDY_OK);
    /* two host laws (4 changes each), then the failover time (2) */
    CU_ASSERT_EQUAL(f.calls, 2 * STUDY_N_CHANGES + 2);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    int fo = find_row(rows, n, "services.db.failover.time");
    CU_ASSERT_FATAL(fo >= 0);
    CU_ASSERT_EQUAL(find_row(rows, n, "services.db.switchover.time"), -1);
    CU_ASSERT_EQUAL(rows[fo].kind, STUDY_ROW_FAILOVER);
    CU_ASSERT_EQUAL(rows[fo].service, 0);
    CU_ASSERT(isnan(rows[fo].nines[STUDY_FAIL_HALF]) && isnan(rows[fo].nines[STUDY_FAIL_DOUBLE]));
    CU_ASSERT_EQUAL(rows[fo].nines[STUDY_REPAIR_HALF], 4.25);
    CU_ASSERT_EQUAL(rows[fo].nines[STUDY_REPAIR_DOUBLE], 4.0);
    CU_ASSERT(harness_rel(f.time[8], 15.0 / 3600) < 1e-12);
    CU_ASSERT(harness_rel(f.time[9], 60.0 / 3600) < 1e-12);
    CU_ASSERT(fabs(rows[fo].gain - 0.125) < 1e-12 && rows[fo].measurable);
    CU_ASSERT_EQUAL(fo, 0); /* the only gain above the noise */
    /* the hosts' changes all gave the base: no measurable effect */
    CU_ASSERT(!rows[1].measurable && !rows[2].measurable);
    CU_ASSERT_STRING_EQUAL(study_change_name(STUDY_ROW_FAILOVER, STUDY_REPAIR_HALF), "time_half");
    CU_ASSERT_STRING_EQUAL(study_change_name(STUDY_ROW_FAILOVER, STUDY_FAIL_HALF), "");
    CU_ASSERT_EQUAL(law_mean(&t->services[0].failover_time), 30.0 / 3600);
    study_rows_free(rows, n);
    topo_free(t);
}

/* A fake simulation with a number of histories: the k-th call gives nines
 * nines[k], an availability of 0.9 and a standard error of 0.01 (so two
 * standard errors are 0.02 / (0.1 ln 10) nines). */
typedef struct fake_n {
    int calls;
    double nines[16];
    long long trials[16];
    char labels[16][96];
} fake_n;

static int fake_simulate_n(void *ctx, const topology *t, const char *label, long long trials,
                           mc_result **out)
{
    fake_n *f = ctx;
    (void)t;
    int k = f->calls++ % 16;
    snprintf(f->labels[k], sizeof f->labels[0], "%s", label);
    f->trials[k] = trials;
    mc_result *r = calloc(1, sizeof *r);
    if (r) {
        r->system.nines = f->nines[k];
        r->system.availability = 0.9;
        r->system.std_error = 0.01;
    }
    *out = r;
    return r ? 0 : 1;
}

/* The same as a study_simulate_fn (the base run's histories: -1 here). */
static int fake_simulate_base(void *ctx, const topology *t, const char *label, mc_result **out)
{
    return fake_simulate_n(ctx, t, label, -1, out);
}

static void test_fast_mode(void)
{
    topology *t = load(SERIES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double p1 = 0.99, p2 = 0.95, a = p1 * p2;
    CU_ASSERT_EQUAL(study_change_trials(10000, 5), 1428);
    CU_ASSERT_EQUAL(study_change_trials(10000, 1), 6000);
    CU_ASSERT_EQUAL(study_change_trials(2000, 5), 1000); /* at least 1000 */
    CU_ASSERT_EQUAL(study_change_trials(500, 5), 500);   /* at most the base run's */

    /* taken as not exact: the solver ranks, the first row (h2) is simulated
       on 1000 histories after the design on the same 1000 */
    fake_n f = {.nines = {1.0, 1.1, 1.5, 1.45, 0.9}};
    study_rank_options o = {1.2, 0, 0.15, fake_simulate_base, &f, NULL};
    study_fast_options fo = {1, 10000, 1000, fake_simulate_n};
    study_law *rows = NULL;
    int n = 0, stopped = 0;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws_fast(t, &o, &fo, &rows, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL_FATAL(f.calls, 5);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(f.labels[0], "rank-test on 1000 histories");
    CU_ASSERT_STRING_EQUAL(f.labels[1], "hosts.h2.profile fail_half");
    CU_ASSERT_STRING_EQUAL(f.labels[4], "hosts.h2.profile repair_double");
    for (int k = 0; k < 5; k++)
        CU_ASSERT_EQUAL(f.trials[k], 1000);
    CU_ASSERT_STRING_EQUAL(rows[0].name, "hosts.h2.profile");
    CU_ASSERT_EQUAL(rows[0].source, STUDY_SRC_SIMULATED);
    /* the design's nines plus the difference on the same histories */
    CU_ASSERT(fabs(rows[0].nines[STUDY_FAIL_HALF] - 1.3) < 1e-12);
    CU_ASSERT(fabs(rows[0].nines[STUDY_FAIL_DOUBLE] - 1.7) < 1e-12);
    CU_ASSERT(fabs(rows[0].nines[STUDY_REPAIR_HALF] - 1.65) < 1e-12);
    CU_ASSERT(fabs(rows[0].nines[STUDY_REPAIR_DOUBLE] - 1.1) < 1e-12);
    CU_ASSERT(fabs(rows[0].gain - 0.5) < 1e-12);
    CU_ASSERT(rows[0].measurable && rows[0].rank_gain == rows[0].gain && !rows[0].exact);
    /* h1 keeps the solver's figures, its gain against the solver's design */
    CU_ASSERT_STRING_EQUAL(rows[1].name, "hosts.h1.profile");
    CU_ASSERT_EQUAL(rows[1].source, STUDY_SRC_APPROX);
    CU_ASSERT(harness_rel(rows[1].nines[STUDY_FAIL_DOUBLE], nines(198 / 199.0 * p2)) < 1e-12);
    CU_ASSERT(harness_rel(rows[1].nines[STUDY_REPAIR_DOUBLE], nines(99 / 101.0 * p2)) < 1e-12);
    CU_ASSERT(harness_rel(rows[1].gain, nines(198 / 199.0 * p2) - nines(a)) < 1e-9);
    CU_ASSERT(rows[1].measurable && !rows[1].exact);
    /* importance from one central difference: linear here, so exact */
    CU_ASSERT(harness_rel(rows[1].imp.birnbaum, p2) < 1e-9);
    CU_ASSERT(harness_rel(rows[0].imp.criticality, p1 * (1 - p2) / (1 - a)) < 1e-9);
    CU_ASSERT(!rows[0].imp.exact);
    CU_ASSERT_STRING_EQUAL(study_source_name(rows[1].source), "solver-approximation");
    study_rows_free(rows, n);

    /* an exact design: fast mode changes nothing, nothing is simulated */
    f.calls = 0;
    o.base_exact = 1;
    o.base_nines = nines(a);
    CU_ASSERT_EQUAL_FATAL(study_rank_laws_fast(t, &o, &fo, &rows, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(f.calls, 0);
    CU_ASSERT(rows[0].source == STUDY_SRC_SOLVER && rows[1].source == STUDY_SRC_SOLVER);
    CU_ASSERT(rows[0].exact && rows[1].exact);
    study_rows_free(rows, n);

    /* the base run's histories: no second design run, the changes' raw
       nines (the design's nines plus their difference to it) */
    f.calls = 0;
    o.base_exact = 0;
    o.base_nines = 1.0;
    fo.change_trials = 10000;
    f.nines[0] = 1.1;
    CU_ASSERT_EQUAL_FATAL(study_rank_laws_fast(t, &o, &fo, &rows, &n, &stopped), STUDY_OK);
    CU_ASSERT_EQUAL(f.calls, 4);
    CU_ASSERT_EQUAL(f.trials[0], 10000);
    CU_ASSERT(fabs(rows[0].nines[STUDY_FAIL_HALF] - 1.1) < 1e-12);
    /* noise: the base run's (0.15), the gain 0.5 above it */
    CU_ASSERT(fabs(rows[0].gain - 0.5) < 1e-12 && rows[0].measurable);
    study_rows_free(rows, n);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_exact_series_ranks_weaker_host_first);
    HARNESS_ADD(s, test_simulated_changes_and_noise);
    HARNESS_ADD(s, test_maintenance_and_common_cause_rows);
    HARNESS_ADD(s, test_roles_of_a_law);
    HARNESS_ADD(s, test_failover_time_row);
    HARNESS_ADD(s, test_noise);
    HARNESS_ADD(s, test_fast_mode);
}

int main(void)
{
    return harness_run("study_rank", add);
}
