/* tests/test_mc_fast.c — the fast loop of plain models (issue 18,
 * montecarlo/mc_fast.c): which designs it takes (two-state parts on hosts
 * and instances, single and active-active services and quorums without
 * rejoin or bootstrap, no needs, no operations, no data loss, no capacity
 * lists, no transient figure, steady start or importance sampling,
 * NINES_NO_FAST unset), that its yearly
 * bins are mc_hist_bin's, and that its downtime shares by law (--attribute,
 * which `run` does not show) are the general loop's to the bit. That the
 * rest of its figures are is tests/cli/test_fast.sh's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../montecarlo/mc_ws.h"
#include "harness.h"
#include "test_mc_util.h"

/* mc_fast_hist_bin = mc_hist_bin everywhere, edges and their neighbours
 * to the last bit included, and the ends of the table's slices. */
static void test_bins(void)
{
    static double edge[MC_HIST_BINS + 1];
    static mc_fast_hist h;
    mc_hist_edges(edge);
    mc_fast_hist_init(&h, edge);
    /* the table covers edge[2] to edge[MC_HIST_BINS - 2] */
    {
        double top = edge[MC_HIST_BINS - 2];
        uint64_t ut, u2;
        memcpy(&ut, &top, sizeof ut);
        memcpy(&u2, &edge[2], sizeof u2);
        CU_ASSERT((ut >> (52 - MC_FAST_HIST_BITS)) - (u2 >> (52 - MC_FAST_HIST_BITS)) < MC_FAST_HIST_KEYS);
    }
    int bad = 0;
    for (int b = 0; b <= MC_HIST_BINS; b++) {
        double e = edge[b] > 0 ? edge[b] : MC_HIST_MIN_MIN;
        const double probe[] = {e, nextafter(e, 0), nextafter(e, INFINITY), e * 1.001, e * 0.999};
        for (int k = 0; k < 5; k++)
            bad += mc_fast_hist_bin(&h, probe[k]) != mc_hist_bin(probe[k]);
    }
    /* each slice of the table: its lowest value, the value below, and
       values across it */
    for (int k = 0; k < MC_FAST_HIST_KEYS; k++) {
        uint64_t u = (h.key0 + (uint64_t)k) << (52 - MC_FAST_HIST_BITS);
        double lo;
        memcpy(&lo, &u, sizeof lo);
        const double probe[] = {lo, nextafter(lo, 0), lo * (1 + 0.3 / 64), lo * (1 + 0.7 / 64),
                                lo * (1 + 0.999 / 64)};
        for (int j = 0; j < 5; j++)
            bad += mc_fast_hist_bin(&h, probe[j]) != mc_hist_bin(probe[j]);
    }
    for (double x = 1e-9; x < 1e13; x *= 1.0037)
        bad += mc_fast_hist_bin(&h, x) != mc_hist_bin(x);
    const double odd[] = {0, -1, -0.0, 1e300, INFINITY, NAN};
    for (int k = 0; k < 6; k++)
        bad += mc_fast_hist_bin(&h, odd[k]) != mc_hist_bin(odd[k]);
    CU_ASSERT_EQUAL(bad, 0);
}

/* 1 if design `yaml` under options o (NULL: none) takes the fast loop, 2
 * its loop of one service (trial_run_one), 0 if the general one, -1 if it
 * cannot be compiled. */
static int takes_fast(const char *yaml, const mc_options *o, int no_fast)
{
    topology *t = mc_test_load_text(yaml, "fast.yaml");
    if (!t)
        return -1;
    mc_options none = {0};
    if (!o)
        o = &none;
    mc_model m;
    int r = -1;
    if (mc_model_init(&m, t, t->mission) == 0) {
        if (mc_z14_model(&m, t, o) == 0 && mc_rare_model(&m, t, o) == 0) {
            m.no_fast = no_fast;
            mc_ws *ws = mc_ws_new(&m, 1, NULL);
            if (ws)
                r = mc_fast_shape(ws);
            mc_ws_free(ws);
        }
        mc_model_release(&m);
    }
    topo_free(t);
    return r;
}

#define HEAD "format: nines/1\nname: f\nmission: 10y\n"
#define HOSTS "hosts:\n  a: { profile: { fail: 2y, repair: 8h } }\n  b: {}\n  c: {}\n"
#define PAIR "  p:\n    mode: active-active\n    need: 1\n    hosts: [a, b]\n" \
             "    instance: { fail: 1000h, repair: 10h }\n"

static void test_which_designs(void)
{
    /* taken: hosts' laws, single and active-active, views, the system */
    const char *plain = HEAD HOSTS "services:\n" PAIR
                        "  s: { mode: single, hosts: [c], instance: { fail: 300h, repair: 2h } }\n"
                        "views:\n  v: [p]\n  w: [p, s]\nsystem: [p, s]\n";
    CU_ASSERT_EQUAL(takes_fast(plain, NULL, 0), 1);
    CU_ASSERT_EQUAL(takes_fast(HEAD HOSTS "services:\n" PAIR "system: [p]\n", NULL, 0), 1);
    /* one service of instances on hosts without laws, its views (the
       system included) listing it alone: trial_run_one */
    const char *pair = HEAD "hosts:\n  a: {}\n  b: {}\n  c: {}\nservices:\n" PAIR;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s", pair, "system: [p]\n");
    CU_ASSERT_EQUAL(takes_fast(buf, NULL, 0), 2);
    snprintf(buf, sizeof buf, "%s%s", pair, "views:\n  v: [p]\n  w: [p]\nsystem: [p]\n");
    CU_ASSERT_EQUAL(takes_fast(buf, NULL, 0), 2);
    CU_ASSERT_EQUAL(takes_fast(HEAD "hosts:\n  h: {}\nservices:\n"
                                    "  s: { mode: single, hosts: [h], instance: { fail: 1000h, repair: 10h } }\n"
                                    "system: [s]\n",
                               NULL, 0),
                    2);
    /* a host's own law, a second service: the fast loop's general case */
    CU_ASSERT_EQUAL(takes_fast(HEAD HOSTS "services:\n" PAIR "views:\n  v: [p]\nsystem: [p]\n", NULL, 0), 1);
    snprintf(buf, sizeof buf, "%s%s", pair,
             "  s: { mode: single, hosts: [c], instance: { fail: 300h, repair: 2h } }\nsystem: [p]\n");
    CU_ASSERT_EQUAL(takes_fast(buf, NULL, 0), 1);
    /* NINES_NO_FAST (read by mc_run into m->no_fast) */
    CU_ASSERT_EQUAL(takes_fast(plain, NULL, 1), 0);
    /* options: steady start, transient figures, importance sampling */
    mc_options o = {0};
    o.start_steady = 1;
    CU_ASSERT_EQUAL(takes_fast(plain, &o, 0), 0);
    o = (mc_options){0};
    o.n_at = 1;
    o.at[0] = 1000;
    CU_ASSERT_EQUAL(takes_fast(plain, &o, 0), 0);
    o = (mc_options){0};
    o.rare = 1;
    CU_ASSERT_EQUAL(takes_fast(HEAD HOSTS "services:\n" PAIR "system: [p]\n", &o, 0), 0);
    /* a quorum without rejoin or bootstrap: a count of its members up
       against its majority, as active-active (on perfect hosts, its
       views listing it alone: trial_run_one) */
    CU_ASSERT_EQUAL(takes_fast(HEAD HOSTS "services:\n  q: { mode: quorum, hosts: [a, b, c], instance: { fail: 1000h, repair: 10h } }\n"
                                          "system: [q]\n",
                               NULL, 0),
                    1);
    CU_ASSERT_EQUAL(takes_fast(HEAD "hosts:\n  a: {}\n  b: {}\n  c: {}\n"
                                    "services:\n  q: { mode: quorum, hosts: [a, b, c], instance: { fail: 1000h, repair: 10h } }\n"
                                    "views:\n  v: [q]\nsystem: [q]\n",
                               NULL, 0),
                    2);
    CU_ASSERT_EQUAL(takes_fast(HEAD HOSTS "services:\n" PAIR
                                          "  q: { mode: quorum, hosts: [a, b, c], instance: { fail: 1000h, repair: 10h } }\n"
                                          "views:\n  v: [p, q]\nsystem: [q]\n",
                               NULL, 0),
                    1);
    /* designs */
    const char *general[] = {
        /* quorum with rejoin, with bootstrap, with both; active-passive */
        HEAD HOSTS "services:\n  q: { mode: quorum, hosts: [a, b, c], rejoin: 30m, instance: { fail: 1000h, repair: 10h } }\n"
                   "system: [q]\n",
        HEAD "hosts:\n  a: {}\n  b: {}\n  c: {}\n"
             "services:\n  q: { mode: quorum, hosts: [a, b, c], bootstrap: 2h, instance: { fail: 1000h, repair: 10h } }\n"
             "system: [q]\n",
        HEAD "hosts:\n  a: {}\n  b: {}\n  c: {}\n"
             "services:\n  q: { mode: quorum, hosts: [a, b, c], rejoin: 5m, bootstrap: 2h, instance: { fail: 1000h, repair: 10h } }\n"
             "system: [q]\n",
        HEAD HOSTS "services:\n  x: { mode: active-passive, hosts: [a, b], instance: { fail: 1000h, repair: 10h } }\n"
                   "system: [x]\n",
        /* a host that needs another; a service that needs another */
        HEAD "hosts:\n  a: { profile: { fail: 2y, repair: 8h } }\n  b: { needs: [a] }\n  c: {}\n"
             "services:\n" PAIR "system: [p]\n",
        HEAD HOSTS "services:\n" PAIR
                   "  s: { mode: single, hosts: [c], needs: [p], instance: { fail: 300h, repair: 2h } }\n"
                   "system: [s]\n",
        /* detect */
        HEAD HOSTS "services:\n  s: { mode: single, hosts: [c], instance: { fail: 300h, detect: 5m, repair: 2h } }\n"
                   "system: [s]\n",
        /* frozen-when-down */
        HEAD "frozen-when-down: true\n" HOSTS "services:\n" PAIR "system: [p]\n",
        /* a view with need */
        HEAD HOSTS "services:\n" PAIR "views:\n  v: { services: [p], need: 50% }\nsystem: [p]\n",
    };
    for (size_t k = 0; k < sizeof general / sizeof *general; k++) {
        int r = takes_fast(general[k], NULL, 0);
        CU_ASSERT_EQUAL(r, 0);
        if (r != 0)
            fprintf(stderr, "\n  design %zu: %d (expected the general loop)\n", k, r);
    }
}

/* Attribution (--attribute, sensitivity's base run): the shares by law
 * of the fast loop are the general loop's to the bit, and so is the rest. */
static void attribution_same(const char *yaml)
{
    topology *t = mc_test_load_text(yaml, "attr.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *r[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        mc_options o = {0};
        o.trials = 333;
        o.seed = 12;
        o.threads = 2;
        o.attribute = 1;
        if (k)
            setenv("NINES_NO_FAST", "1", 1);
        CU_ASSERT_EQUAL(mc_run(t, &o, &r[k]), MC_OK);
        unsetenv("NINES_NO_FAST");
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(r[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r[1]);
    CU_ASSERT_EQUAL(r[0]->n_laws, r[1]->n_laws);
    int bad = 0, some = 0;
    for (int l = 0; l < r[0]->n_laws && l < r[1]->n_laws; l++) {
        bad += memcmp(&r[0]->law_share[l], &r[1]->law_share[l], sizeof(double)) != 0;
        some += r[0]->law_share[l] > 0;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(some >= 2); /* the shares are not all zero */
    CU_ASSERT_EQUAL(memcmp(&r[0]->delay_share, &r[1]->delay_share, sizeof(double)), 0);
    CU_ASSERT_EQUAL(memcmp(&r[0]->system.availability, &r[1]->system.availability, sizeof(double)), 0);
    CU_ASSERT_EQUAL(r[0]->system.outages, r[1]->system.outages);
    mc_result_free(r[0]);
    mc_result_free(r[1]);
    topo_free(t);
}

static void test_attribution_same(void)
{
    attribution_same(HEAD "hosts:\n  a: { profile: { fail: 900h, repair: 8h } }\n  b: {}\n  c: {}\n"
                          "services:\n" PAIR
                          "  s: { mode: single, hosts: [c], instance: { fail: { dist: weibull, shape: 0.8, mean: 300h }, repair: 2h } }\n"
                          "views:\n  v: [p]\nsystem: [p, s]\n");
    /* a quorum (a count against its majority) with a host's own law and
       another service */
    attribution_same(HEAD "hosts:\n  a: { profile: { fail: 900h, repair: 8h } }\n  b: {}\n  c: {}\n  d: {}\n"
                          "services:\n"
                          "  q: { mode: quorum, hosts: [a, b, c, d], instance: { fail: 500h, repair: 20h } }\n"
                          "  s: { mode: single, hosts: [c], instance: { fail: { dist: weibull, shape: 0.8, mean: 300h }, repair: 2h } }\n"
                          "views:\n  v: [q]\nsystem: [q, s]\n");
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_bins);
    HARNESS_ADD(s, test_which_designs);
    HARNESS_ADD(s, test_attribution_same);
}

int main(void)
{
    return harness_run("mc_fast", add);
}
