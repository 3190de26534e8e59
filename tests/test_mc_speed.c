/* tests/test_mc_speed.c — the engine's shortcuts for small models (issue 18)
 * give the answers of the general path: the yearly-downtime histogram's bin
 * from its table of edges is mc_hist_bin's to the bit; a model that can only
 * be down for `failure` puts all of its downtime, and nothing else, there;
 * a failure that takes one member bins one event per target it hits. */
#include <math.h>
#include <stdio.h>

#include "../montecarlo/mc_int.h"
#include "harness.h"
#include "test_mc_util.h"

/* mc_hist_bin_at (table) = mc_hist_bin (pow) everywhere, edges and their
 * neighbours to the last bit included. */
static void test_hist_table_same_bins(void)
{
    static double edge[MC_HIST_BINS + 1];
    mc_hist_edges(edge);
    int bad = 0;
    for (int b = 0; b <= MC_HIST_BINS; b++) {
        bad += edge[b] != mc_hist_edge(b);
        double e = edge[b] > 0 ? edge[b] : MC_HIST_MIN_MIN;
        const double probe[] = {e, nextafter(e, 0), nextafter(e, INFINITY), e * 1.001, e * 0.999};
        for (int k = 0; k < 5; k++)
            bad += mc_hist_bin_at(edge, probe[k]) != mc_hist_bin(probe[k]);
    }
    for (double x = 1e-9; x < 1e13; x *= 1.0137)
        bad += mc_hist_bin_at(edge, x) != mc_hist_bin(x);
    const double odd[] = {0, -1, -0.0, 1e300, INFINITY, NAN};
    for (int k = 0; k < 6; k++)
        bad += mc_hist_bin_at(edge, odd[k]) != mc_hist_bin(odd[k]);
    CU_ASSERT_EQUAL(bad, 0);
}

/* One repairable part and an active-active pair: every minute down is
 * `failure` (the sums are the same additions, so equal to the bit), and the
 * pair's system loses a member at each failure: as many blast events of
 * size 1 per year as failures. */
static void test_one_cause_and_blast(void)
{
    topology *t = mc_test_load_text(
        "format: nines/1\nname: pair\nmission: 10y\n"
        "hosts:\n  a: {}\n  b: {}\n"
        "services:\n  one:\n    mode: single\n    hosts: [a]\n"
        "    instance: { fail: 1000h, repair: 10h }\n"
        "  pair:\n    mode: active-active\n    need: 1\n    hosts: [a, b]\n"
        "    instance: { fail: 500h, repair: 10h }\n"
        "system: [one, pair]\n",
        "pair.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r = mc_test_run(t, 2000, 7, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const mc_figures *f[3] = {&r->system, &r->services[0], &r->services[1]};
    for (int i = 0; i < 3; i++) {
        double other = 0;
        for (int c = 0; c < CAUSE_N; c++)
            if (c != CAUSE_FAILURE)
                other += f[i]->cause_min_per_year[c];
        CU_ASSERT_EQUAL(other, 0);
        CU_ASSERT(harness_rel(f[i]->cause_min_per_year[CAUSE_FAILURE], f[i]->downtime_min_per_year) <
                  1e-9);
    }
    /* failures per year: 8760 / 1010 for the single part, 2 x 8760 / 510
       for the pair's instances, within 4 standard errors (Poisson) */
    double years = 2000.0 * 10, one = 8760.0 / 1010, two = 2 * 8760.0 / 510;
    CU_ASSERT(fabs(r->services[0].blast[0] - one) < 4 * sqrt(one / years));
    CU_ASSERT(fabs(r->services[1].blast[0] - two) < 4 * sqrt(two / years));
    CU_ASSERT_EQUAL(r->services[1].blast[1], 0);
    /* the system lists both: each failure takes one member from it */
    CU_ASSERT(fabs(r->system.blast[0] - (one + two)) < 4 * sqrt((one + two) / years));
    CU_ASSERT_EQUAL(r->system.blast[1], 0);
    mc_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_hist_table_same_bins);
    HARNESS_ADD(s, test_one_cause_and_blast);
}

int main(void)
{
    return harness_run("mc_speed", add);
}
