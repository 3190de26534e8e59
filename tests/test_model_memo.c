/* tests/test_model_memo.c — the solver's memo (model/analytic_memo.c):
 * with a memo in use, every solve of a sensitivity study's changes gives the
 * figures of a fresh solve (a chain found in the memo: the same bits; a
 * chain solved from a kept factorization: within 1e-12 relative on the
 * availability, 1e-9 on the unavailability), on a design with an
 * active-passive VIP chain of 1,243 states, maintenance and common causes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../model/topology.h"

static topology *load_file(const char *path)
{
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load(path, NULL, &t, &errs);
    if (rc) {
        char buf[1024];
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], buf, sizeof buf));
    }
    topo_errors_release(&errs);
    return t;
}

static double worst, worst_u; /* the largest relative differences met */

/* |a - b| relative to b: at most 1e-12; and of 1 - a to 1 - b: at most
 * 1e-9 (the unavailability of a figure near 1 carries the rounding of
 * its complement, 1e-16 absolute: 1e-11 relative at five nines) */
static void compare(double a, double b)
{
    double d = harness_rel(a, b), u = harness_rel(1 - a, 1 - b);
    worst = fmax(worst, d);
    worst_u = fmax(worst_u, u);
    CU_ASSERT(d <= 1e-12);
    CU_ASSERT(u <= 1e-9);
    if (!(d <= 1e-12) || !(u <= 1e-9))
        fprintf(stderr, "memo %.17g fresh %.17g: %.3g, unavailability %.3g\n", a, b, d, u);
}

/* Solves t fresh and through memo m; every figure compared. */
static void check(const topology *t, analytic_memo *m)
{
    analytic_result *fresh = NULL, *memo = NULL;
    analytic_memo *old = analytic_memo_use(NULL);
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &fresh), 0);
    analytic_memo_use(m);
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &memo), 0);
    analytic_memo_use(old);
    compare(memo->system.availability, fresh->system.availability);
    compare(memo->system.availability_unplanned, fresh->system.availability_unplanned);
    CU_ASSERT_EQUAL(memo->system.exact, fresh->system.exact);
    for (int s = 0; s < t->n_services; s++) {
        compare(memo->services[s].availability, fresh->services[s].availability);
        CU_ASSERT_EQUAL(memo->services[s].exact, fresh->services[s].exact);
    }
    for (int v = 0; v < t->n_views; v++)
        compare(memo->views[v].availability, fresh->views[v].availability);
    analytic_result_free(fresh);
    analytic_result_free(memo);
}

/* The design solved twice through one memo: the second time every chain is
 * found, and the figures are the first's to the bit. */
static void test_memo_hit_is_bit_identical(void)
{
    topology *t = load_file("topologies/openstack/b-three-controllers.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_memo *m = analytic_memo_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    analytic_result *a = NULL, *b = NULL, *fresh = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &fresh), 0);
    analytic_memo *old = analytic_memo_use(m);
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &a), 0);
    analytic_memo_stats s1 = analytic_memo_get_stats(m);
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &b), 0);
    analytic_memo_stats s2 = analytic_memo_get_stats(m);
    analytic_memo_use(old);
    CU_ASSERT(s1.misses > 0);
    CU_ASSERT_EQUAL(s2.misses, s1.misses); /* nothing solved again */
    CU_ASSERT(s2.hits > s1.hits);
    /* the first solve through the memo is a fresh one (dense LU) */
    CU_ASSERT(a->system.availability == fresh->system.availability);
    CU_ASSERT(b->system.availability == a->system.availability);
    for (int s = 0; s < t->n_services; s++) {
        CU_ASSERT(a->services[s].availability == fresh->services[s].availability);
        CU_ASSERT(b->services[s].availability == a->services[s].availability);
    }
    analytic_result_free(a);
    analytic_result_free(b);
    analytic_result_free(fresh);
    analytic_memo_free(m);
    topo_free(t);
}

/* Every change a sensitivity makes to the design (the four changes of every
 * law, the importance's repair factors, the failover and switchover times,
 * every maintenance entry's every, duration, error and recovery), solved in
 * that order through one memo, against fresh solves. */
static void test_every_change_matches_fresh(void)
{
    topology *t = load_file("topologies/openstack/b-three-controllers.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_memo *m = analytic_memo_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    static const double ff[] = {0.5, 2, 1, 1, 1, 1}, rf[] = {1, 1, 0.5, 2, 0.9, 1.1};
    worst = worst_u = 0;
    check(t, m);
    int changes = 1;
    for (int l = 0; l < t->n_laws; l++) {
        if (!topo_law_parts(t, l))
            continue;
        for (int c = 0; c < 6; c++) {
            topology *copy = NULL;
            CU_ASSERT_EQUAL_FATAL(topo_scale_law(t, l, ff[c], rf[c], &copy), 0);
            check(copy, m);
            topo_free(copy);
            changes++;
        }
    }
    for (int s = 0; s < t->n_services; s++)
        for (int k = 0; k < 2; k++)
            for (int c = 0; c < 2; c++) {
                law_dist *d;
                topology *copy = NULL;
                CU_ASSERT_EQUAL_FATAL(topo_copy(t, &copy), 0);
                d = k ? &copy->services[s].switchover_time : &copy->services[s].failover_time;
                if (!law_is_none(d)) {
                    law_dist_scale(d, c ? 2 : 0.5);
                    check(copy, m);
                    changes++;
                }
                topo_free(copy);
            }
    for (int e = 0; e < t->n_maint; e++)
        for (int c = 0; c < 8; c++) {
            topology *copy = NULL;
            CU_ASSERT_EQUAL_FATAL(topo_copy(t, &copy), 0);
            topo_maint *mt = &copy->maint[e];
            double f = c & 1 ? 2 : 0.5;
            if (c / 2 == 0)
                mt->every *= f;
            else if (c / 2 == 1)
                law_dist_scale(&mt->duration, f);
            else if (c / 2 == 2)
                mt->error = fmin(1, mt->error * f);
            else
                law_dist_scale(&mt->recovery, f);
            check(copy, m);
            topo_free(copy);
            changes++;
        }
    analytic_memo_stats st = analytic_memo_get_stats(m);
    printf("\n    %d changes: %ld chains found, %ld solved (%ld from a kept factorization, "
           "%ld dense fallbacks); largest relative difference %.3g (unavailability %.3g)\n",
           changes, st.hits, st.misses, st.iterative, st.dense_fallbacks, worst, worst_u);
    CU_ASSERT(changes > 60);
    CU_ASSERT(st.hits > st.misses);  /* most changes leave most chains */
    CU_ASSERT(st.iterative > 0);     /* and the others start from the design's LU */
    CU_ASSERT_EQUAL(st.dense_fallbacks, 0);
    analytic_memo_free(m);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_memo_hit_is_bit_identical);
    HARNESS_ADD(s, test_every_change_matches_fresh);
}

int main(void)
{
    return harness_run("model_memo", add);
}
