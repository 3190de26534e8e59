/* tests/test_model_capacity.c — the analytic solver's capacity figures
 * (model/analytic_count.c, analytic_blast.c): needs-local and views with
 * need in availability, capacity, member-hours lost and the blast radius,
 * against values computed by hand (to 1e-9): one central network node
 * against a network member on each of twenty compute nodes (needs-local),
 * a local agent that fails and whose service needs a database (serving is
 * recursive), views with need 80%, and the blast radius of the central node
 * (every member at once) against multi-host (one at a time). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

#define Y 8760.0

static topology *load_ok(const char *y)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    int rc = topo_load_string(y, strlen(y), "c.yaml", NULL, &t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

static analytic_result *solve(const topology *t)
{
    analytic_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), 0);
    return r;
}

/* availability of a part: mean up / (mean up + mean down), and its cycles
 * per year */
static double av(double up, double down) { return up / (up + down); }
static double fr(double up, double down) { return Y / (up + down); }

static double binom(int n, int k)
{
    double c = 1;
    for (int i = 0; i < k; i++)
        c = c * (n - i) / (i + 1);
    return c;
}

/* P(exactly k of n), each with p */
static double bin_pmf(int n, int k, double p)
{
    return binom(n, k) * pow(p, k) * pow(1 - p, n - k);
}

/* nodes: fail 3y, repair 8h; nova-network: fail 1y, repair 1h; VMs: fail
   2y, repair 30m */
#define NODE "  node: { fail: 3y, repair: 8h }\n"
#define NET_LAW "{ fail: 1y, repair: 1h }"
#define VM_LAW "{ fail: 2y, repair: 30m }"

static const char central[] =
    "format: nines/1\n"
    "profiles:\n" NODE
    "hosts:\n"
    "  net: { profile: node }\n"
    "  compute[01:20]: { profile: node }\n"
    "services:\n"
    "  nova-network: { mode: single, hosts: [net], instance: " NET_LAW " }\n"
    "  vm:\n"
    "    mode: active-active\n"
    "    need: 1\n"
    "    hosts: [\"compute[01:20]\"]\n"
    "    instance: " VM_LAW "\n"
    "    needs: [nova-network]\n"
    "system: [vm]\n"
    "views:\n"
    "  vms: { services: [vm], need: 80% }\n";

static const char multihost[] =
    "format: nines/1\n"
    "profiles:\n" NODE
    "hosts:\n"
    "  compute[01:20]: { profile: node }\n"
    "services:\n"
    "  nova-network:\n"
    "    mode: active-active\n"
    "    need: 1\n"
    "    hosts: [\"compute[01:20]\"]\n"
    "    instance: " NET_LAW "\n"
    "  vm:\n"
    "    mode: active-active\n"
    "    need: 1\n"
    "    hosts: [\"compute[01:20]\"]\n"
    "    instance: " VM_LAW "\n"
    "    needs-local: [nova-network]\n"
    "system: [vm]\n"
    "views:\n"
    "  vms: { services: [vm], need: 80% }\n";

static const double h_up = 3 * Y, h_down = 8, n_up = Y, n_down = 1, v_up = 2 * Y, v_down = 0.5;

static void test_central(void)
{
    topology *t = load_ok(central);
    analytic_result *r = solve(t);
    int vm = topo_find_service(t, "vm");
    double ah = av(h_up, h_down), an = av(n_up, n_down), avm = av(v_up, v_down);
    double anet = ah * an;  /* the central node and its process */
    double x = ah * avm;    /* one VM ready */
    /* capacity: each VM serves while ready and nova-network is up */
    const analytic_capacity *c = &r->capacity[vm];
    CU_ASSERT(fabs(c->capacity - x * anet) < 1e-9);
    CU_ASSERT(c->exact);
    CU_ASSERT(harness_rel(c->member_hours_lost_per_year, (1 - x * anet) * 20 * Y) < 1e-9);
    /* availability: nova-network up and 1 of 20 */
    CU_ASSERT(fabs(r->services[vm].availability - anet * (1 - pow(1 - x, 20))) < 1e-9);
    CU_ASSERT(r->services[vm].exact);
    /* the view: at least 16 of the 20 VMs serve */
    double p16 = 0;
    for (int k = 16; k <= 20; k++)
        p16 += bin_pmf(20, k, x);
    CU_ASSERT(fabs(r->views[0].availability - anet * p16) < 1e-9);
    CU_ASSERT(r->views[0].exact);
    /* blast radius: the node or its process takes every serving VM at once
       (A1 = A(nova-network) / a_part, A0 = 0); a compute node or a VM one */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->blast);
    CU_ASSERT_EQUAL(c->n_blast, 20);
    CU_ASSERT(c->blast_exact);
    double central_rate = fr(h_up, h_down) * an + fr(n_up, n_down) * ah;
    double one = 20 * (fr(h_up, h_down) * anet * avm + fr(v_up, v_down) * anet * ah);
    CU_ASSERT(harness_rel(c->blast[0], one + central_rate * bin_pmf(20, 1, x)) < 1e-9);
    for (int k = 2; k <= 20; k++)
        CU_ASSERT(harness_rel(c->blast[k - 1], central_rate * bin_pmf(20, k, x)) < 1e-9);
    /* about 1.33 events a year cut off every VM at once (the node a third
       of a time a year, its process once) */
    CU_ASSERT(c->blast[19] > 1.3 && c->blast[19] < 1.34);
    analytic_result_free(r);
    topo_free(t);
}

static void test_multihost(void)
{
    topology *t = load_ok(multihost);
    analytic_result *r = solve(t);
    int vm = topo_find_service(t, "vm"), net = topo_find_service(t, "nova-network");
    double ah = av(h_up, h_down), an = av(n_up, n_down), avm = av(v_up, v_down);
    double x = ah * an * avm; /* a VM serves: its node, its network, itself */
    const analytic_capacity *c = &r->capacity[vm];
    CU_ASSERT(fabs(c->capacity - x) < 1e-9);
    CU_ASSERT(c->exact);
    CU_ASSERT(harness_rel(c->member_hours_lost_per_year, (1 - x) * 20 * Y) < 1e-9);
    CU_ASSERT(fabs(r->capacity[net].capacity - ah * an) < 1e-9);
    CU_ASSERT(r->capacity[net].exact);
    /* the VMs are independent: 1 of 20, and the view 16 of 20 */
    CU_ASSERT(fabs(r->services[vm].availability - (1 - pow(1 - x, 20))) < 1e-9);
    double p16 = 0;
    for (int k = 16; k <= 20; k++)
        p16 += bin_pmf(20, k, x);
    CU_ASSERT(fabs(r->views[0].availability - p16) < 1e-9);
    /* every failure takes one VM: its node, its network, itself */
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->blast);
    CU_ASSERT(c->blast_exact);
    double one = 20 * (fr(h_up, h_down) * an * avm + fr(n_up, n_down) * ah * avm +
                       fr(v_up, v_down) * ah * an);
    CU_ASSERT(harness_rel(c->blast[0], one) < 1e-9);
    for (int k = 2; k <= 20; k++)
        CU_ASSERT_EQUAL(c->blast[k - 1], 0);
    analytic_result_free(r);
    topo_free(t);
}

/* An app on three nodes needs its node's agent (which fails) locally; the
 * agents need a database on its own node: an app member serves while its
 * node, its agent, itself and the database are up. */
static const char chain[] =
    "format: nines/1\n"
    "profiles:\n" NODE
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

static void test_local_chain(void)
{
    topology *t = load_ok(chain);
    analytic_result *r = solve(t);
    int app = topo_find_service(t, "app");
    double ah = av(h_up, h_down), adbi = av(90 * 24, 4), ag = av(30 * 24, 2), aa = av(Y, 1);
    double adb = ah * adbi;
    double x = ah * ag * aa; /* an app member ready */
    double y = ah * ag * (1 - aa); /* its agent ready, itself not */
    /* 2 of 3 ready, and the database up (through the agents' needs) */
    double two = 3 * x * x * (1 - x) + x * x * x;
    CU_ASSERT(fabs(r->services[app].availability - adb * two) < 1e-9);
    CU_ASSERT(r->services[app].exact);
    CU_ASSERT(fabs(r->system.availability - adb * two) < 1e-9);
    const analytic_capacity *c = &r->capacity[app];
    CU_ASSERT(fabs(c->capacity - adb * x) < 1e-9);
    CU_ASSERT(c->exact);
    /* the view: 5 of the 6 members (3 apps, 3 agents) serve: every node
       with both, or two with both and one with its agent only */
    CU_ASSERT_EQUAL(t->views[0].need_members, 5);
    CU_ASSERT(fabs(r->views[0].availability - adb * (x * x * x + 3 * x * x * y)) < 1e-9);
    CU_ASSERT(r->views[0].exact);
    /* blast radius: a node, an agent or an app takes one; the database's
       node or process every serving app */
    CU_ASSERT(c->blast_exact);
    double db_rate = fr(h_up, h_down) * adbi + fr(90 * 24, 4) * ah;
    double one = 3 * adb * (fr(h_up, h_down) * ag * aa + fr(30 * 24, 2) * ah * aa +
                            fr(Y, 1) * ah * ag);
    CU_ASSERT(harness_rel(c->blast[0], one + db_rate * bin_pmf(3, 1, x)) < 1e-9);
    CU_ASSERT(harness_rel(c->blast[1], db_rate * bin_pmf(3, 2, x)) < 1e-9);
    CU_ASSERT(harness_rel(c->blast[2], db_rate * bin_pmf(3, 3, x)) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* A switch every compute node needs: the VMs' readiness is correlated; the
 * blast radius conditions on the switch (a node's failure takes one VM
 * only while the switch is up). A view with need 80% of two VMs: both. */
static void test_shared_switch(void)
{
    static const char y[] =
        "format: nines/1\n"
        "profiles:\n" NODE
        "hosts:\n"
        "  sw: { profile: { fail: 10y, repair: 4h } }\n"
        "  c[1:4]: { profile: node, needs: [sw] }\n"
        "services:\n"
        "  vm: { mode: active-active, need: 1, hosts: [\"c[1:4]\"] }\n"
        "system: [vm]\n"
        "views:\n"
        "  half: { services: [vm], need: 50% }\n";
    topology *t = load_ok(y);
    analytic_result *r = solve(t);
    double ah = av(h_up, h_down), as = av(10 * Y, 4);
    const analytic_capacity *c = &r->capacity[0];
    CU_ASSERT(fabs(c->capacity - as * ah) < 1e-9);
    CU_ASSERT(c->exact);
    double p2 = 0;
    for (int k = 2; k <= 4; k++)
        p2 += bin_pmf(4, k, ah);
    CU_ASSERT(fabs(r->views[0].availability - as * p2) < 1e-9);
    CU_ASSERT(r->views[0].exact);
    CU_ASSERT(c->blast_exact);
    double fs = fr(10 * Y, 4), fh = fr(h_up, h_down);
    CU_ASSERT(harness_rel(c->blast[0], 4 * fh * as + fs * bin_pmf(4, 1, ah)) < 1e-9);
    for (int k = 2; k <= 4; k++)
        CU_ASSERT(harness_rel(c->blast[k - 1], fs * bin_pmf(4, k, ah)) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* A file without the new keys: capacity is the mean of the members'
 * availabilities, the plain view unchanged. */
static void test_plain(void)
{
    static const char y[] =
        "format: nines/1\n"
        "hosts:\n"
        "  a: { profile: { fail: 1y, repair: 10h } }\n"
        "  b: { profile: { fail: 2y, repair: 5h } }\n"
        "services:\n"
        "  s: { mode: active-active, need: 1, hosts: [a, b] }\n"
        "system: [s]\n"
        "views:\n"
        "  v: [s]\n";
    topology *t = load_ok(y);
    analytic_result *r = solve(t);
    double a = av(Y, 10), b = av(2 * Y, 5);
    CU_ASSERT(fabs(r->capacity[0].capacity - (a + b) / 2) < 1e-12);
    CU_ASSERT(fabs(r->views[0].availability - (1 - (1 - a) * (1 - b))) < 1e-12);
    CU_ASSERT(harness_rel(r->capacity[0].blast[0], fr(Y, 10) + fr(2 * Y, 5)) < 1e-9);
    analytic_result_free(r);
    topo_free(t);
}

/* A system with need (`system: {services: [vm], need: 80%}`) is solved as
   the view of the same need is: anet x P(at least 16 of 20 ready), exact
   (it was the plain list's figure, the need left out, before). */
static void test_system_need(void)
{
    char *y = malloc(sizeof central + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(y);
    strcpy(y, central);
    char *at = strstr(y, "system: [vm]\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    char *rest = strdup(at + strlen("system: [vm]\n"));
    sprintf(at, "system: { services: [vm], need: 80%% }\n%s", rest);
    free(rest);
    topology *t = load_ok(y);
    analytic_result *r = solve(t);
    double ah = av(h_up, h_down), an = av(n_up, n_down), avm = av(v_up, v_down);
    double x = ah * avm, p16 = 0;
    for (int k = 16; k <= 20; k++)
        p16 += bin_pmf(20, k, x);
    CU_ASSERT(fabs(r->system.availability - ah * an * p16) < 1e-9);
    CU_ASSERT(fabs(r->system.availability - r->views[0].availability) < 1e-12);
    CU_ASSERT(r->system.exact);
    analytic_result_free(r);
    topo_free(t);
    free(y);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_system_need);
    HARNESS_ADD(s, test_central);
    HARNESS_ADD(s, test_multihost);
    HARNESS_ADD(s, test_local_chain);
    HARNESS_ADD(s, test_shared_switch);
    HARNESS_ADD(s, test_plain);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_capacity", add);
}
