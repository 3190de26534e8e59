/* tests/test_mc_parts.c — the engine's pieces on their own: the event queue
 * against a plain array under random operations, the generator as a GSL
 * generator (moments, streams per trial), the histogram bins, and the
 * compiled model (the event loop needs nothing of the topology). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "harness.h"
#include "test_mc_util.h"
#include "../montecarlo/mc_int.h"

#define NCLOCK 37

/* The clock a plain scan finds first: smallest (time, id); -1 if none. */
static int naive_top(const double *t, const int *on)
{
    int best = -1;
    for (int i = 0; i < NCLOCK; i++)
        if (on[i] && (best < 0 || t[i] < t[best]))
            best = i;
    return best;
}

static void test_queue_matches_plain_scan(void)
{
    mc_queue q;
    double t[NCLOCK];
    int on[NCLOCK] = {0}, n = 0, bad = 0;
    CU_ASSERT_EQUAL_FATAL(mc_queue_init(&q, NCLOCK), 0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    for (int step = 0; step < 200000; step++) {
        int id = (int)gsl_rng_uniform_int(r, NCLOCK);
        double u = gsl_rng_uniform(r);
        if (u < 0.6) {
            /* times on a coarse grid, so ties happen and are broken by id */
            double v = floor(gsl_rng_uniform(r) * 50);
            mc_queue_set(&q, id, v);
            n += !on[id];
            t[id] = v;
            on[id] = 1;
        } else if (u < 0.8) {
            mc_queue_cancel(&q, id);
            n -= on[id];
            on[id] = 0;
        } else if (q.n > 0) {
            /* move the top, as the trial loop does */
            int top = q.heap[0];
            double v = q.time[top] + floor(gsl_rng_uniform(r) * 20);
            mc_queue_set(&q, top, v);
            t[top] = v;
        }
        bad += q.n != n;
        int want = naive_top(t, on);
        bad += (want < 0) != (q.n == 0);
        if (want >= 0 && q.n > 0)
            bad += q.heap[0] != want;
    }
    CU_ASSERT_EQUAL(bad, 0);
    gsl_rng_free(r);
    mc_queue_release(&q);
}

static void test_generator_moments(void)
{
    gsl_rng *r = gsl_rng_alloc(mc_rng_xoshiro256pp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(gsl_rng_name(r), "xoshiro256++");
    mc_rng_seed_trial(r, 1, 0);
    int n = 1000000;
    double s = 0, s2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        s += u;
        s2 += u * u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    double mean = s / n, var = s2 / n - mean * mean;
    CU_ASSERT(fabs(mean - 0.5) < 4 * sqrt(1 / 12.0 / n));
    CU_ASSERT(fabs(var - 1 / 12.0) < 4 * sqrt(1 / 180.0 / n));
    CU_ASSERT(lo >= 0 && hi < 1);
    /* gsl_ran_* work on it: exponential of mean 2.385 */
    double e = 0;
    for (int i = 0; i < n; i++)
        e += gsl_ran_exponential(r, 2.385);
    CU_ASSERT(fabs(e / n - 2.385) < 4 * 2.385 / sqrt(n));
    /* uniform_int uses get and max */
    long cnt[7] = {0};
    for (int i = 0; i < 70000; i++)
        cnt[gsl_rng_uniform_int(r, 7)]++;
    for (int k = 0; k < 7; k++)
        CU_ASSERT(labs(cnt[k] - 10000) < 4 * 95);
    gsl_rng_free(r);
}

static void test_streams_per_trial(void)
{
    gsl_rng *a = gsl_rng_alloc(mc_rng_xoshiro256pp), *b = gsl_rng_alloc(mc_rng_xoshiro256pp);
    CU_ASSERT_FATAL(a && b);
    mc_rng_seed_trial(a, 42, 7);
    mc_rng_seed_trial(b, 42, 7);
    int same = 1;
    for (int i = 0; i < 1000; i++)
        same &= gsl_rng_get(a) == gsl_rng_get(b);
    CU_ASSERT(same);
    /* neighbouring trials and seeds give unrelated streams: about half of
       the bits differ */
    static const uint64_t pairs[][4] = {{42, 7, 42, 8}, {42, 7, 43, 7}, {0, 0, 0, 1}, {0, 1, 1, 0}};
    for (int p = 0; p < 4; p++) {
        mc_rng_seed_trial(a, pairs[p][0], pairs[p][1]);
        mc_rng_seed_trial(b, pairs[p][2], pairs[p][3]);
        long diff = 0;
        for (int i = 0; i < 1000; i++)
            diff += __builtin_popcountl(gsl_rng_get(a) ^ gsl_rng_get(b));
        /* 32000 bits, each differing with chance 1/2: sd about 89 */
        CU_ASSERT(labs(diff - 16000) < 4 * 90);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_histogram_bins(void)
{
    CU_ASSERT_EQUAL(mc_hist_bin(0), 0);
    CU_ASSERT_EQUAL(mc_hist_bin(-1), 0);
    CU_ASSERT_EQUAL(mc_hist_bin(1e-9), 1);
    CU_ASSERT_EQUAL(mc_hist_bin(MC_HIST_MIN_MIN), 1);
    CU_ASSERT_EQUAL(mc_hist_bin(1e12), MC_HIST_BINS - 1);
    int bad = 0;
    for (int b = 1; b < MC_HIST_BINS - 1; b++) {
        double lo = mc_hist_edge(b), hi = mc_hist_edge(b + 1);
        bad += mc_hist_bin(lo) != b;
        bad += mc_hist_bin(sqrt(lo * hi)) != b;
        bad += mc_hist_bin(hi * (1 - 1e-12)) != b;
    }
    CU_ASSERT_EQUAL(bad, 0);
    /* one bin spans a factor 10^(1/100): about 2.3% */
    CU_ASSERT(fabs(mc_hist_edge(501) / mc_hist_edge(500) - pow(10, 0.01)) < 1e-12);
}

/* Runs trials [0, MC_CHUNK) of model m at seed 2385 into *c. */
static int run_one_chunk(const mc_model *m, mc_chunk *c)
{
    mc_ws *ws = mc_ws_new(m, 2385, NULL);
    if (!ws || mc_chunk_init(c, m->n_targets, m->n_laws)) {
        mc_ws_free(ws);
        return -1;
    }
    mc_chunk_reset(c, m->n_targets, m->n_laws, 0, MC_CHUNK);
    int rc = mc_ws_run_chunk(ws, c);
    mc_ws_free(ws);
    return rc;
}

/* Every mode and every delay: a cold standby with a failover that may fail
 * and a resync, a quorum with rejoin and bootstrap, active-active and single,
 * host and service dependencies, a view. Laws are short for many events. */
static const char every_mode_yaml[] =
    "format: nines/1\n"
    "name: every mode\n"
    "mission: 2y\n"
    "hosts:\n"
    "  sw: { profile: { fail: 700h, repair: 3h } }\n"
    "  a: { profile: { fail: 900h, repair: 7h }, needs: [sw] }\n"
    "  b: { profile: { fail: 900h, repair: 7h } }\n"
    "  c: { profile: { fail: { dist: weibull, shape: 0.8, mean: 1100h }, repair: 5h } }\n"
    "services:\n"
    "  db:\n"
    "    mode: quorum\n"
    "    hosts: [a, b, c]\n"
    "    instance: { fail: 400h, repair: 20m }\n"
    "    rejoin: { dist: lognormal, mean: 5m, sd: 5m }\n"
    "    bootstrap: 25m\n"
    "  vip:\n"
    "    mode: active-passive\n"
    "    hosts: [a, b]\n"
    "    instance: { fail: 300h, repair: 2m }\n"
    "    failover: { time: { dist: uniform, min: 20s, max: 40s }, success: 97.5% }\n"
    "    standby: cold\n"
    "    resync: { dist: exponential, mean: 20m }\n"
    "  api:\n"
    "    mode: active-active\n"
    "    need: 2\n"
    "    hosts: [a, b, c]\n"
    "    instance: { fail: 500h, repair: 30s }\n"
    "    needs: [db, vip]\n"
    "  cron:\n"
    "    mode: single\n"
    "    hosts: [c]\n"
    "    needs: [db]\n"
    "views:\n"
    "  front: [vip, api]\n"
    "system: [api, cron]\n";

/* The compiled model holds every service's rule and laws, and the trials
 * read only it: a model whose topology is freed (and its memory reused)
 * gives, bit for bit, the trials of one whose topology is alive. */
static void test_model_outlives_topology(void)
{
    topology *t = mc_test_load_text(every_mode_yaml, "every-mode.yaml");
    topology *u = mc_test_load_text(every_mode_yaml, "every-mode.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    mc_model a, b;
    CU_ASSERT_EQUAL_FATAL(mc_model_init(&a, t, t->mission), 0);
    CU_ASSERT_EQUAL_FATAL(mc_model_init(&b, u, u->mission), 0);
    int bad = 0;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        const mc_service *ms = &a.services[s];
        bad += ms->mode != sv->mode || ms->need != sv->need ||
               ms->first_member != sv->first_member || ms->n_members != sv->n_hosts;
        bad += ms->has_rejoin != !law_is_none(&sv->rejoin);
        bad += ms->has_bootstrap != !law_is_none(&sv->bootstrap);
        bad += ms->has_resync != !law_is_none(&sv->resync);
        bad += ms->failover_success != sv->failover_success;
        bad += ms->failover.kind != sv->failover_time.kind || ms->failover.a != sv->failover_time.a;
        bad += a.sneed_at[s + 1] - a.sneed_at[s] != sv->n_needs;
    }
    for (int i = 0; i < t->n_members; i++)
        bad += a.members[i].service != t->members[i].service ||
               a.members[i].host != t->members[i].host;
    CU_ASSERT_EQUAL(bad, 0);
    topo_free(t);
    /* reuse the freed memory, so a stale read would see other numbers */
    topology *w = mc_test_load_text(every_mode_yaml, "every-mode.yaml");
    mc_chunk ca, cb;
    CU_ASSERT_EQUAL(run_one_chunk(&a, &ca), 0);
    CU_ASSERT_EQUAL(run_one_chunk(&b, &cb), 0);
    CU_ASSERT(ca.complete && cb.complete);
    CU_ASSERT(ca.events > 0);
    CU_ASSERT_EQUAL(ca.events, cb.events);
    CU_ASSERT_EQUAL(memcmp(ca.down, cb.down, (size_t)MC_CHUNK * (size_t)a.n_targets * sizeof *ca.down), 0);
    mc_chunk_release(&ca);
    mc_chunk_release(&cb);
    mc_model_release(&a);
    mc_model_release(&b);
    topo_free(u);
    topo_free(w);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_queue_matches_plain_scan);
    HARNESS_ADD(s, test_generator_moments);
    HARNESS_ADD(s, test_streams_per_trial);
    HARNESS_ADD(s, test_histogram_bins);
    HARNESS_ADD(s, test_model_outlives_topology);
}

int main(void)
{
    return harness_run("mc_parts", add);
}
