/* tests/test_study_rank.c — sensitivity's ranking (study/study_rank.c): on
 * two hosts in series the exact changes and gains match hand-computed values
 * to 1e-12 and the law that matters ranks first without any simulation;
 * when the base is not exact every change is simulated through the caller's
 * function (labels, counts) and a gain within the noise ranks by
 * criticality; a failed simulation, a stop and the downtime shares. */
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

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_exact_series_ranks_weaker_host_first);
    HARNESS_ADD(s, test_simulated_changes_and_noise);
    HARNESS_ADD(s, test_noise);
}

int main(void)
{
    return harness_run("study_rank", add);
}
