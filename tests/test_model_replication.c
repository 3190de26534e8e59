/* tests/test_model_replication.c — the loader's data-loss keys
 * (model/topo_replication.c): `replication` (async with its lag, semi-sync,
 * sync) on active-passive and quorum services, `failover.split-brain` with
 * `split-brain-detect` and `split-brain-recovery`; their defaults on every
 * service, --set on them, copies (topo_copy) and every error in one load
 * (one file per kind: tests/bad/replication-*, split-brain-*). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

static const char repl[] =
    "format: nines/1\n"
    "hosts: {db1: {}, db2: {}, db3: {}, g1: {}, g2: {}, g3: {}}\n"
    "services:\n"
    "  async:\n"
    "    mode: active-passive\n"
    "    hosts: [db1, db2]\n"
    "    replication: { mode: async, lag: { dist: lognormal, mean: 1.5s, sd: 3s } }\n"
    "    failover: { time: 30s, success: 99%, split-brain: 0.5%, split-brain-detect: { dist: exponential, mean: 20m } }\n"
    "  fixed:\n"
    "    mode: active-passive\n"
    "    hosts: [db2, db3]\n"
    "    replication: { mode: async, lag: 2.5s }\n"
    "    failover: { split-brain: 0.02, split-brain-recovery: 45m }\n"
    "  semi:\n"
    "    mode: active-passive\n"
    "    hosts: [db1, db3]\n"
    "    replication: { mode: semi-sync }\n"
    "  drbd:\n"
    "    mode: active-passive\n"
    "    hosts: [db3, db1]\n"
    "    replication: { mode: sync }\n"
    "    failover: { time: 20s, split-brain: 0%, split-brain-detect: 0s, split-brain-recovery: 0s }\n"
    "  galera:\n"
    "    mode: quorum\n"
    "    hosts: [g1, g2, g3]\n"
    "    replication: { mode: sync }\n"
    "  san:\n"
    "    mode: active-passive\n"
    "    hosts: [db1, db2]\n"
    "  web:\n"
    "    mode: active-active\n"
    "    hosts: [g1, g2]\n"
    "system: [async, fixed, semi, drbd, galera, san, web]\n";

static topology *load_ok(const char *y, const topo_load_options *o)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    int rc = topo_load_string(y, strlen(y), "repl.yaml", o, &t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

static const topo_service *service(const topology *t, const char *name)
{
    int s = topo_find_service(t, name);
    CU_ASSERT_FATAL(s >= 0);
    return &t->services[s];
}

/* 1 if d is fixed at `hours` (exactly 0 for 0, else to 1e-15 relative). */
static int is_fixed(const law_dist *d, double hours)
{
    if (d->kind != LAW_FIXED)
        return 0;
    return hours == 0 ? d->a == 0 : harness_rel(d->a, hours) < 1e-15;
}

static void test_modes(void)
{
    topology *t = load_ok(repl, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_service *a = service(t, "async"), *f = service(t, "fixed");
    /* async, a lognormal lag of mean 1.5 s and sd 3 s */
    CU_ASSERT_EQUAL(a->repl_mode, REPL_ASYNC);
    CU_ASSERT_EQUAL(a->repl_lag.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(law_mean(&a->repl_lag), 1.5 / 3600) < 1e-12);
    CU_ASSERT(harness_rel(sqrt(law_variance(&a->repl_lag)), 3.0 / 3600) < 1e-12);
    /* a bare duration is a fixed lag */
    CU_ASSERT_EQUAL(f->repl_mode, REPL_ASYNC);
    CU_ASSERT(is_fixed(&f->repl_lag, 2.5 / 3600));
    /* semi-sync and sync: no lag (fixed 0) */
    CU_ASSERT_EQUAL(service(t, "semi")->repl_mode, REPL_SEMI_SYNC);
    CU_ASSERT(is_fixed(&service(t, "semi")->repl_lag, 0));
    CU_ASSERT_EQUAL(service(t, "drbd")->repl_mode, REPL_SYNC);
    CU_ASSERT_EQUAL(service(t, "galera")->repl_mode, REPL_SYNC);
    CU_ASSERT(is_fixed(&service(t, "galera")->repl_lag, 0));
    /* absent: none, on every mode */
    CU_ASSERT_EQUAL(service(t, "san")->repl_mode, REPL_NONE);
    CU_ASSERT_EQUAL(service(t, "web")->repl_mode, REPL_NONE);
    CU_ASSERT(is_fixed(&service(t, "san")->repl_lag, 0));
    CU_ASSERT_STRING_EQUAL(topo_repl_name(REPL_NONE), "none");
    CU_ASSERT_STRING_EQUAL(topo_repl_name(REPL_ASYNC), "async");
    CU_ASSERT_STRING_EQUAL(topo_repl_name(REPL_SEMI_SYNC), "semi-sync");
    CU_ASSERT_STRING_EQUAL(topo_repl_name(REPL_SYNC), "sync");
    topo_free(t);
}

static void test_split_brain(void)
{
    topology *t = load_ok(repl, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_service *a = service(t, "async"), *f = service(t, "fixed"), *d = service(t, "drbd");
    /* given with a law for detect; recovery left at its default 1 h */
    CU_ASSERT(harness_rel(a->split_brain, 0.005) < 1e-15);
    CU_ASSERT_EQUAL(a->split_brain_detect.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(a->split_brain_detect.a, 20.0 / 60) < 1e-15);
    CU_ASSERT(is_fixed(&a->split_brain_recovery, 1.0));
    /* the failover's other fields are read as before */
    CU_ASSERT(harness_rel(a->failover_success, 0.99) < 1e-15);
    CU_ASSERT(is_fixed(&a->failover_time, 30.0 / 3600));
    /* a fraction; detect at its default (fixed 30 min); a bare recovery is fixed */
    CU_ASSERT(harness_rel(f->split_brain, 0.02) < 1e-15);
    CU_ASSERT(is_fixed(&f->split_brain_detect, 0.5));
    CU_ASSERT(is_fixed(&f->split_brain_recovery, 0.75));
    CU_ASSERT_EQUAL(f->failover_success, 1.0);
    /* 0% with delays of 0s: accepted (a sweep may pass through 0) */
    CU_ASSERT_EQUAL(d->split_brain, 0.0);
    CU_ASSERT(is_fixed(&d->split_brain_detect, 0));
    CU_ASSERT(is_fixed(&d->split_brain_recovery, 0));
    /* absent, on any mode: 0, with the defaults 30 min and 1 h */
    const char *others[] = {"semi", "galera", "san", "web"};
    for (int i = 0; i < 4; i++) {
        const topo_service *s = service(t, others[i]);
        CU_ASSERT_EQUAL(s->split_brain, 0.0);
        CU_ASSERT(is_fixed(&s->split_brain_detect, 0.5));
        CU_ASSERT(is_fixed(&s->split_brain_recovery, 1.0));
    }
    /* a switchover takes the failover's time and success, never its split brain */
    CU_ASSERT(is_fixed(&a->switchover_time, 30.0 / 3600));
    topo_free(t);
}

static void test_overrides(void)
{
    const topo_set set[] = {{"services.fixed.replication.lag", "{dist: uniform, min: 1s, max: 5s}"},
                            {"services.async.failover.split-brain", "2%"},
                            {"services.semi.replication.mode", "sync"},
                            {"services.san.replication", "{mode: async, lag: 750ms}"},
                            {"services.fixed.failover.split-brain-detect", "5m"}};
    topo_load_options o = {.set = set, .n_set = 5};
    topology *t = load_ok(repl, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_service *f = service(t, "fixed"), *san = service(t, "san");
    CU_ASSERT_EQUAL(f->repl_lag.kind, LAW_UNIFORM);
    CU_ASSERT(harness_rel(f->repl_lag.a, 1.0 / 3600) < 1e-15);
    CU_ASSERT(harness_rel(f->repl_lag.b, 5.0 / 3600) < 1e-15);
    CU_ASSERT(is_fixed(&f->split_brain_detect, 5.0 / 60));
    CU_ASSERT(harness_rel(service(t, "async")->split_brain, 0.02) < 1e-15);
    CU_ASSERT_EQUAL(service(t, "semi")->repl_mode, REPL_SYNC);
    CU_ASSERT_EQUAL(san->repl_mode, REPL_ASYNC);
    CU_ASSERT(is_fixed(&san->repl_lag, 0.75 / 3600));
    topo_free(t);
}

static void test_copy(void)
{
    topology *t = load_ok(repl, NULL), *c = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(topo_copy(t, &c), TOPO_OK);
    for (int i = 0; i < t->n_services; i++) {
        const topo_service *s = &t->services[i], *o = &c->services[i];
        CU_ASSERT_EQUAL(o->repl_mode, s->repl_mode);
        CU_ASSERT(!memcmp(&o->repl_lag, &s->repl_lag, sizeof s->repl_lag));
        CU_ASSERT_EQUAL(o->split_brain, s->split_brain);
        CU_ASSERT(!memcmp(&o->split_brain_detect, &s->split_brain_detect, sizeof s->split_brain_detect));
        CU_ASSERT(!memcmp(&o->split_brain_recovery, &s->split_brain_recovery, sizeof s->split_brain_recovery));
    }
    topo_free(t);
    topo_free(c);
}

/* Every error of one load, each located, in file order. */
static void test_errors(void)
{
    static const char bad[] =
        "format: nines/1\n"
        "hosts: {a: {}, b: {}, c: {}}\n"
        "services:\n"
        "  p:\n"
        "    mode: active-passive\n"
        "    hosts: [a, b]\n"
        "    replication: { mode: asnyc, lag: 1s }\n"
        "    split-brain: 1%\n"
        "    failover: { split-brain: 101%, split-brain-recovery: 1h }\n"
        "    switchover: { split-brain-detect: 1m }\n"
        "  q:\n"
        "    mode: active-passive\n"
        "    hosts: [a, b]\n"
        "    replication: { mode: async }\n"
        "    failover: { split-brain-detect: 10m }\n"
        "  r:\n"
        "    mode: quorum\n"
        "    hosts: [a, b, c]\n"
        "    replication: { mode: semi-sync }\n"
        "  s:\n"
        "    mode: single\n"
        "    hosts: [a]\n"
        "    replication: { mode: sync }\n"
        "  u:\n"
        "    mode: active-passive\n"
        "    hosts: [a, b]\n"
        "    replication: { mode: sync, lag: 1s }\n"
        "system: [p, q, r, s, u]\n";
    static const char *const want[] = {
        "e.yaml:7:26: error: unknown replication mode 'asnyc' in services.p.replication (did you mean 'async'?)",
        "e.yaml:8:5: error: 'split-brain' belongs in the failover of services.p (write it as services.p.failover.split-brain)",
        "e.yaml:9:30: error: split-brain '101%' in services.p.failover.split-brain is outside [0, 1] (expected a ratio "
        "such as 0.5% or 0.005)",
        "e.yaml:10:19: error: 'split-brain-detect' applies only to failover (services.p.switchover: a planned move never splits)",
        "e.yaml:14:5: error: missing 'lag' in services.q.replication (async loses the writes of its lag at each failover: "
        "e.g. lag: 1s, or a law)",
        "e.yaml:15:17: error: 'split-brain-detect' in services.q.failover without 'split-brain' (it would never be used: "
        "add e.g. split-brain: 0.5%)",
        "e.yaml:19:26: error: replication mode 'semi-sync' in services.r.replication does not fit a quorum service (it "
        "commits on a majority: expected sync)",
        "e.yaml:23:5: error: 'replication' applies only to active-passive and quorum services (services.s is single)",
        "e.yaml:27:32: error: 'lag' applies only to async replication (services.u.replication is sync: it loses nothing)"};
    const int n_want = (int)(sizeof want / sizeof want[0]);
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    CU_ASSERT_EQUAL(topo_load_string(bad, strlen(bad), "e.yaml", NULL, &t, &errs), TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL(errs.n, n_want);
    for (int i = 0; i < errs.n && i < n_want; i++) {
        topo_diag_format(&errs.items[i], b, sizeof b);
        if (strcmp(b, want[i]))
            fprintf(stderr, "got:  %s\nwant: %s\n", b, want[i]);
        CU_ASSERT_STRING_EQUAL(b, want[i]);
    }
    topo_errors_release(&errs);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_modes);
    HARNESS_ADD(s, test_split_brain);
    HARNESS_ADD(s, test_overrides);
    HARNESS_ADD(s, test_copy);
    HARNESS_ADD(s, test_errors);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_replication", add);
}
