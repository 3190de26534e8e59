/* tests/test_study_compare.c — compare and sweep studies (study/
 * study_compare.c, study_sweep.c): the verdict of an interval against a band
 * at and beside its edges, a design's band by key or by name, the grid's
 * size and row-major points, a point's run name, and a target's downtime by
 * cause read for people (study_causes.c: known, ranked, planned share). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../study/study.h"

static const char CSV[] =
    "# A. Author, \"Made-up figures\", 2026\n"
    "design,low_percent,high_percent\n"
    "pair,99.5,99.9\n"
    "pair,99.2,99.6\n"
    "single box,98.5,98.5\n";

static mc_figures interval(double lo, double hi)
{
    mc_figures f = {0};
    f.ci_lo = lo;
    f.ci_hi = hi;
    f.availability = (lo + hi) / 2;
    return f;
}

static void test_causes(void)
{
    mc_figures f = {0};
    int order[CAUSE_N];
    /* never down: known, nothing ranked, no share */
    CU_ASSERT_EQUAL(study_causes_known(&f), 1);
    CU_ASSERT_EQUAL(study_causes_ranked(&f, order), 0);
    CU_ASSERT(isnan(study_planned_share(&f)));
    /* failure 40.125, maintenance 10.5, failover and change 2.385 each */
    f.cause_min_per_year[CAUSE_FAILURE] = 40.125;
    f.cause_min_per_year[CAUSE_MAINTENANCE] = 10.5;
    f.cause_min_per_year[CAUSE_FAILOVER] = 2.385;
    f.cause_min_per_year[CAUSE_CHANGE] = 2.385;
    CU_ASSERT_EQUAL_FATAL(study_causes_ranked(&f, order), 4);
    CU_ASSERT_EQUAL(order[0], CAUSE_FAILURE);
    CU_ASSERT_EQUAL(order[1], CAUSE_MAINTENANCE);
    CU_ASSERT_EQUAL(order[2], CAUSE_FAILOVER); /* ties in topo_cause order */
    CU_ASSERT_EQUAL(order[3], CAUSE_CHANGE);
    CU_ASSERT_DOUBLE_EQUAL(study_planned_share(&f), 10.5 / 55.395, 1e-15);
    /* all planned */
    mc_figures p = {0};
    p.cause_min_per_year[CAUSE_MAINTENANCE] = 43.8;
    CU_ASSERT_EQUAL(study_planned_share(&p), 1.0);
    CU_ASSERT_EQUAL(study_causes_ranked(&p, order), 1);
    CU_ASSERT_EQUAL(order[0], CAUSE_MAINTENANCE);
    /* a run stored before causes were kept: unknown, not zero */
    f.cause_min_per_year[CAUSE_SPLIT_BRAIN] = NAN;
    CU_ASSERT_EQUAL(study_causes_known(&f), 0);
    CU_ASSERT_EQUAL(study_causes_ranked(&f, order), 0);
    CU_ASSERT(isnan(study_planned_share(&f)));
}

static void test_verdicts(void)
{
    mc_figures f = interval(0.99385, 0.99412);
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.995, 0.999), "below");
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.99, 0.993), "above");
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.994, 0.999), "within");
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.99412, 0.999), "within"); /* touching */
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.9, 0.99385), "within");
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 1, 0.9940, 0.9940), "within"); /* a point band */
    CU_ASSERT_STRING_EQUAL(study_verdict(&f, 0, 0.9, 0.999), "no reference");
}

static void test_bands(void)
{
    char err[512];
    ref_table *ref = NULL;
    CU_ASSERT_EQUAL_FATAL(ref_parse(CSV, strlen(CSV), "made-up.csv", &ref, err, sizeof err),
                          REF_OK);
    topology t = {0};
    double lo = -1, hi = -1;
    /* by key: the rows joined (lowest low, highest high), case ignored */
    t.name = (char *)"anything";
    t.reference = (char *)"PAIR";
    CU_ASSERT_EQUAL(study_band(ref, &t, 0, &lo, &hi), 1);
    CU_ASSERT(fabs(lo - 0.992) < 1e-12 && fabs(hi - 0.999) < 1e-12);
    /* a key with no row: no band, even when names may match */
    t.reference = (char *)"triple";
    lo = hi = -1;
    CU_ASSERT_EQUAL(study_band(ref, &t, 1, &lo, &hi), 0);
    CU_ASSERT_EQUAL(lo, -1);
    /* no key: by the design's name only when the table was named */
    t.reference = NULL;
    t.name = (char *)"single box";
    CU_ASSERT_EQUAL(study_band(ref, &t, 0, &lo, &hi), 0);
    CU_ASSERT_EQUAL(study_band(ref, &t, 1, &lo, &hi), 1);
    CU_ASSERT(fabs(lo - 0.985) < 1e-12 && fabs(hi - 0.985) < 1e-12);
    /* no table */
    CU_ASSERT_EQUAL(study_band(NULL, &t, 1, &lo, &hi), 0);
    ref_table_free(ref);
}

static void test_grid(void)
{
    char *v0[] = {(char *)"1h", (char *)"4h", (char *)"24h"};
    char *v1[] = {(char *)"1y", (char *)"5y"};
    study_axis ax[2] = {{(char *)"profiles.server.repair", v0, NULL, 3, 3},
                        {(char *)"mission", v1, NULL, 2, 2}};
    int n = -1, idx[2];
    topo_set set[2];
    CU_ASSERT_EQUAL(study_grid_size(ax, 2, 10000, &n), STUDY_OK);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT_EQUAL(study_grid_size(ax, 2, 6, &n), STUDY_OK);
    n = -1;
    CU_ASSERT_EQUAL(study_grid_size(ax, 2, 5, &n), STUDY_ETOOMANY);
    CU_ASSERT_EQUAL(n, -1);
    /* row-major: the last axis varies fastest */
    study_grid_point(ax, 2, 0, idx, set);
    CU_ASSERT(idx[0] == 0 && idx[1] == 0);
    study_grid_point(ax, 2, 3, idx, set);
    CU_ASSERT(idx[0] == 1 && idx[1] == 1);
    CU_ASSERT_STRING_EQUAL(set[0].path, "profiles.server.repair");
    CU_ASSERT_STRING_EQUAL(set[0].value, "4h");
    CU_ASSERT_STRING_EQUAL(set[1].value, "5y");
    study_grid_point(ax, 2, 4, idx, set);
    CU_ASSERT(idx[0] == 2 && idx[1] == 0);
    CU_ASSERT_STRING_EQUAL(set[0].value, "24h");

    mc_result *r = calloc(1, sizeof *r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    r->name = strdup("galera");
    CU_ASSERT_EQUAL(study_point_name(r, ax, 2, idx), STUDY_OK);
    CU_ASSERT_STRING_EQUAL(r->name, "galera [profiles.server.repair=24h, mission=1y]");
    mc_result_free(r);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_verdicts);
    HARNESS_ADD(s, test_bands);
    HARNESS_ADD(s, test_grid);
    HARNESS_ADD(s, test_causes);
}

int main(void)
{
    return harness_run("study_compare", add);
}
