/* tests/test_mc_capacity.c — the engine's capacity figures (montecarlo/
 * mc_capacity.c; docs/semantics.md, "Capacity") against the analytic
 * solver's exact values, within 4 standard errors at a fixed seed: one
 * central network node against a network member on each compute node
 * (needs-local), over 4 and 20 compute nodes (a range): capacity,
 * member-hours lost, the blast radius (the central node takes every VM at
 * once, a multi-host node one), a view with need (its availability), a
 * local chain whose agents need a database, downtime by cause summing to
 * the total, and figures that do not depend on the number of threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_mc_util.h"

#define Y 8760.0

/* The designs of tests/test_model_capacity.c, over n compute nodes. */
static topology *design(int multihost, int n)
{
    char y[2048];
    if (!multihost)
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "profiles:\n  node: { fail: 3y, repair: 8h }\n"
                 "hosts:\n"
                 "  net: { profile: node }\n"
                 "  compute[01:%02d]: { profile: node }\n"
                 "services:\n"
                 "  nova-network: { mode: single, hosts: [net], instance: { fail: 1y, repair: 1h } }\n"
                 "  vm:\n"
                 "    mode: active-active\n"
                 "    need: 1\n"
                 "    hosts: [\"compute[01:%02d]\"]\n"
                 "    instance: { fail: 2y, repair: 30m }\n"
                 "    needs: [nova-network]\n"
                 "system: [vm]\n"
                 "views:\n"
                 "  vms: { services: [vm], need: 80%% }\n",
                 n, n);
    else
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "profiles:\n  node: { fail: 3y, repair: 8h }\n"
                 "hosts:\n"
                 "  compute[01:%02d]: { profile: node }\n"
                 "services:\n"
                 "  nova-network:\n"
                 "    mode: active-active\n"
                 "    need: 1\n"
                 "    hosts: [\"compute[01:%02d]\"]\n"
                 "    instance: { fail: 1y, repair: 1h }\n"
                 "  vm:\n"
                 "    mode: active-active\n"
                 "    need: 1\n"
                 "    hosts: [\"compute[01:%02d]\"]\n"
                 "    instance: { fail: 2y, repair: 30m }\n"
                 "    needs-local: [nova-network]\n"
                 "system: [vm]\n"
                 "views:\n"
                 "  vms: { services: [vm], need: 80%% }\n",
                 n, n, n);
    return mc_test_load_text(y, multihost ? "multihost.yaml" : "central.yaml");
}

static analytic_result *solve(const topology *t)
{
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
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

/* A blast-radius rate against its exact value: the count is Poisson, its
 * standard error sqrt(count) / years (at least one event's worth). */
static int near_rate(const char *what, double rate, double exact, double years)
{
    double count = rate * years;
    double se = sqrt(count > 1 ? count : 1) / years;
    return near(what, rate, exact, se);
}

static int causes_sum(const mc_figures *f)
{
    double s = 0;
    for (int c = 0; c < CAUSE_N; c++)
        s += f->cause_min_per_year[c];
    int ok = fabs(s - f->downtime_min_per_year) <= 1e-9 * f->downtime_min_per_year + 1e-9;
    if (!ok)
        fprintf(stderr, "\n  %s: causes sum to %.12g, downtime %.12g\n", f->name, s,
                f->downtime_min_per_year);
    return ok;
}

/* The engine against the solver on one design: capacity and member-hours of
 * both services, the view's availability, the system's, every blast size. */
static void against_solver(int multihost, int n, long long trials, uint64_t seed)
{
    topology *t = design(multihost, n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_result *a = solve(t);
    mc_result *r = mc_test_run(t, trials, seed, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double years = (double)r->trials * r->mission_hours / Y;
    char what[128];
    for (int s = 0; s < t->n_services; s++) {
        const mc_figures *f = &r->services[s];
        const analytic_capacity *c = &a->capacity[s];
        CU_ASSERT_EQUAL(f->members, t->services[s].n_hosts);
        CU_ASSERT(c->exact);
        snprintf(what, sizeof what, "%s n=%d %s capacity", multihost ? "multihost" : "central", n,
                 f->name);
        CU_ASSERT(near(what, f->capacity, c->capacity, f->capacity_std_error));
        CU_ASSERT(f->capacity_std_error > 0);
        CU_ASSERT(f->capacity_ci_lo < f->capacity && f->capacity < f->capacity_ci_hi);
        CU_ASSERT(fabs(f->member_hours_lost_per_year - (1 - f->capacity) * f->members * Y) <
                  1e-9 * f->member_hours_lost_per_year + 1e-12);
        CU_ASSERT(near(what, f->member_hours_lost_per_year, c->member_hours_lost_per_year,
                       f->capacity_std_error * f->members * Y));
        CU_ASSERT(mc_test_within(f->name, f, a->services[s].availability));
        CU_ASSERT(causes_sum(f));
        for (int k = 1; k <= c->n_blast && k <= MC_BLAST_MAX; k++) {
            snprintf(what, sizeof what, "%s n=%d %s blast %d", multihost ? "multihost" : "central", n,
                     f->name, k);
            CU_ASSERT(near_rate(what, f->blast[k - 1], c->blast[k - 1], years));
        }
        for (int k = c->n_blast + 1; k <= MC_BLAST_BINS; k++)
            CU_ASSERT_EQUAL(f->blast[k - 1], 0);
    }
    /* the view with need: its availability, and capacity as the VMs' */
    const mc_figures *v = &r->views[0];
    CU_ASSERT(mc_test_within("view vms", v, a->views[0].availability));
    CU_ASSERT(causes_sum(v));
    CU_ASSERT_EQUAL(v->members, n);
    CU_ASSERT(fabs(v->capacity - r->services[1].capacity) < 1e-12);
    CU_ASSERT(mc_test_within("system", &r->system, a->system.availability));
    mc_result_free(r);
    analytic_result_free(a);
    topo_free(t);
}

static void test_central_4(void)
{
    against_solver(0, 4, 4000, 11);
}

static void test_multihost_4(void)
{
    against_solver(1, 4, 4000, 12);
}

static void test_central_20(void)
{
    against_solver(0, 20, 1500, 13);
}

static void test_multihost_20(void)
{
    against_solver(1, 20, 1500, 14);
}

/* The seed's question: the central node cuts every VM off about 1.33 times a
 * year; multi-host never loses more than one VM at a time, and loses fewer
 * member-hours. */
static void test_blast_central_vs_multihost(void)
{
    topology *tc = design(0, 20), *tm = design(1, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(tm);
    mc_result *c = mc_test_run(tc, 2000, 21, 2, 0), *m = mc_test_run(tm, 2000, 21, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const mc_figures *vc = &c->services[1], *vm = &m->services[1];
    double rate = Y / (3 * Y + 8) * (1 / (1 + 1 / Y)) + Y / (Y + 1) * (3 * Y / (3 * Y + 8));
    double all = vc->blast[19];
    CU_ASSERT(all > 1.25 && all < 1.42);
    CU_ASSERT(rate > 1.3 && rate < 1.34);
    double big = 0;
    for (int k = 2; k <= MC_BLAST_BINS; k++)
        big += vm->blast[k - 1];
    CU_ASSERT_EQUAL(big, 0);
    CU_ASSERT(vm->blast[0] > vc->blast[0]); /* more single losses: each node's network */
    CU_ASSERT(vc->member_hours_lost_per_year > vm->member_hours_lost_per_year);
    mc_result_free(c);
    mc_result_free(m);
    topo_free(tc);
    topo_free(tm);
}

/* An app needs its node's agent locally, the agents need a database: the
 * engine against the solver (capacity, the view of 5 of 6, blast sizes). */
static void test_local_chain(void)
{
    static const char y[] =
        "format: nines/1\n"
        "profiles:\n  node: { fail: 3y, repair: 8h }\n"
        "hosts:\n"
        "  n[1:3]: { profile: node }\n"
        "  dbhost: { profile: node }\n"
        "services:\n"
        "  db: { mode: single, hosts: [dbhost], instance: { fail: 90d, repair: 4h } }\n"
        "  agent:\n"
        "    mode: active-active\n"
        "    need: 1\n"
        "    hosts: [\"n[1:3]\"]\n"
        "    instance: { fail: 30d, repair: 2h }\n"
        "    needs: [db]\n"
        "  app:\n"
        "    mode: active-active\n"
        "    need: 2\n"
        "    hosts: [\"n[1:3]\"]\n"
        "    instance: { fail: 1y, repair: 1h }\n"
        "    needs-local: [agent]\n"
        "system: [app]\n"
        "views:\n"
        "  both: { services: [app, agent], need: 80% }\n";
    topology *t = mc_test_load_text(y, "chain.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    analytic_result *a = solve(t);
    mc_result *r = mc_test_run(t, 4000, 31, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double years = (double)r->trials * r->mission_hours / Y;
    int app = topo_find_service(t, "app");
    const mc_figures *f = &r->services[app];
    CU_ASSERT(near("chain app capacity", f->capacity, a->capacity[app].capacity, f->capacity_std_error));
    CU_ASSERT(mc_test_within("chain app", f, a->services[app].availability));
    CU_ASSERT(mc_test_within("chain view", &r->views[0], a->views[0].availability));
    CU_ASSERT(mc_test_within("chain system", &r->system, a->system.availability));
    for (int k = 1; k <= 3; k++)
        CU_ASSERT(near_rate("chain app blast", f->blast[k - 1], a->capacity[app].blast[k - 1], years));
    CU_ASSERT(causes_sum(f));
    CU_ASSERT(causes_sum(&r->views[0]));
    CU_ASSERT(causes_sum(&r->system));
    CU_ASSERT_EQUAL(r->views[0].members, 6);
    mc_result_free(r);
    analytic_result_free(a);
    topo_free(t);
}

/* Same figures to the last bit with 1 and 3 threads. */
static void test_threads_identical(void)
{
    topology *t = design(1, 20);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_result *a = mc_test_run(t, 300, 41, 1, 0), *b = mc_test_run(t, 300, 41, 3, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    for (int s = 0; s < a->n_services; s++) {
        const mc_figures *x = &a->services[s], *y = &b->services[s];
        CU_ASSERT(memcmp(&x->capacity, &y->capacity, sizeof x->capacity) == 0);
        CU_ASSERT(memcmp(&x->capacity_std_error, &y->capacity_std_error, sizeof(double)) == 0);
        CU_ASSERT(memcmp(x->blast, y->blast, sizeof x->blast) == 0);
        CU_ASSERT(memcmp(&x->availability, &y->availability, sizeof(double)) == 0);
    }
    CU_ASSERT(memcmp(&a->views[0].availability, &b->views[0].availability, sizeof(double)) == 0);
    CU_ASSERT(memcmp(&a->views[0].capacity, &b->views[0].capacity, sizeof(double)) == 0);
    mc_result_free(a);
    mc_result_free(b);
    topo_free(t);
}

/* keep_trials: each trial's down fraction and capacity of the kept target,
 * whose means are the run's figures. */
static void test_kept_trials(void)
{
    topology *t = design(0, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mc_options o = {0};
    o.trials = 700;
    o.seed = 5;
    o.threads = 2;
    o.keep_trials = 1;
    o.keep_target = 1 + t->n_services; /* the view */
    mc_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mc_run(t, &o, &r), MC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->trial_down);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->trial_capacity);
    double d = 0, c = 0;
    for (long long i = 0; i < r->trials; i++) {
        d += r->trial_down[i];
        c += r->trial_capacity[i];
    }
    CU_ASSERT(fabs(1 - d / (double)r->trials - r->views[0].availability) < 1e-12);
    CU_ASSERT(fabs(c / (double)r->trials - r->views[0].capacity) < 1e-12);
    mc_result_free(r);
    o.keep_trials = 0;
    CU_ASSERT_EQUAL_FATAL(mc_run(t, &o, &r), MC_OK);
    CU_ASSERT_PTR_NULL(r->trial_down);
    mc_result_free(r);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_central_4);
    HARNESS_ADD(s, test_multihost_4);
    HARNESS_ADD(s, test_central_20);
    HARNESS_ADD(s, test_multihost_20);
    HARNESS_ADD(s, test_blast_central_vs_multihost);
    HARNESS_ADD(s, test_local_chain);
    HARNESS_ADD(s, test_threads_identical);
    HARNESS_ADD(s, test_kept_trials);
}

int main(void)
{
    return harness_run("mc_capacity", add);
}
