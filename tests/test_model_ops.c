/* tests/test_model_ops.c — the loader's operations keys (model/topo_laws.c,
 * topo_services.c, topo_maintenance.c, topo_common_cause.c): `detect` in
 * laws, `switchover`, `maintenance` (targets resolved into units), and
 * `common-cause` with a law or a beta factor; their defaults, --set on them,
 * copies (topo_copy) and a few located errors (the rest: tests/bad/). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

static const char ops[] =
    "format: nines/1\n"
    "profiles:\n"
    "  server: { fail: 3y, detect: 15m, repair: 8h }\n"
    "  disk:   { fail: 2.5y, repair: 4h, detect: { dist: fixed, value: 7m } }\n"
    "  plain:  { fail: 1y, repair: 1h }\n"
    "hosts:\n"
    "  lb:  { profile: server }\n"
    "  db1: { profile: disk }\n"
    "  db2: { profile: disk }\n"
    "  db3: { profile: disk }\n"
    "  db4: { profile: disk }\n"
    "  bare: {}\n"
    "services:\n"
    "  mysql:\n"
    "    mode: active-passive\n"
    "    hosts: [db2, db1]\n"
    "    instance: { fail: 60d, repair: 2m, detect: 0s }\n"
    "    failover: { time: 30s, success: 99% }\n"
    "    switchover: { time: { dist: uniform, min: 2s, max: 8s } }\n"
    "  vip:\n"
    "    mode: active-passive\n"
    "    hosts: [lb, bare]\n"
    "    failover: { success: 95% }\n"
    "    switchover: { success: 99.9% }\n"
    "  web:\n"
    "    mode: active-active\n"
    "    hosts: [lb, db3, bare]\n"
    "    instance: plain\n"
    "maintenance:\n"
    "  os:\n"
    "    targets: [db3, mysql, lb]\n"
    "    every: 30d\n"
    "    duration: 1h\n"
    "    start: 5d\n"
    "    error: 2%\n"
    "    recovery: { dist: lognormal, mean: 2h, sd: 2h }\n"
    "  firmware:\n"
    "    targets: web\n"
    "    every: 90d\n"
    "    duration: { dist: exponential, mean: 3h }\n"
    "    rolling: false\n"
    "common-cause:\n"
    "  bug:\n"
    "    targets: [web]\n"
    "    law: { fail: 5y, detect: 5m, repair: 30m }\n"
    "  power:\n"
    "    targets: [lb, mysql]\n"
    "    law: plain\n"
    "  disks:\n"
    "    targets: [db1, db2, db3]\n"
    "    beta: 5%\n"
    "system: [mysql, web, vip]\n";

static topology *load_ok(const char *y, const topo_load_options *o)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    int rc = topo_load_string(y, strlen(y), "ops.yaml", o, &t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

/* Loads y expecting errors; returns the formatted list joined by newlines. */
static char *load_bad(const char *y, char *out, size_t n)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    size_t off = 0;
    out[0] = '\0';
    CU_ASSERT_EQUAL(topo_load_string(y, strlen(y), "e.yaml", NULL, &t, &errs), TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(t);
    for (int i = 0; i < errs.n && off < n; i++)
        off += (size_t)snprintf(out + off, n - off, "%s%s", i ? "\n" : "",
                                topo_diag_format(&errs.items[i], b, sizeof b));
    topo_errors_release(&errs);
    if (getenv("OPS_DEBUG"))
        fprintf(stderr, "%s\n", out);
    return out;
}

static int unit_is_host(const topo_unit *u, int h)
{
    return u->host == h && u->member == -1;
}

static int unit_is_member(const topology *t, const topo_unit *u, const char *service, int rank)
{
    int s = topo_find_service(t, service);
    return s >= 0 && u->host == -1 && u->member == t->services[s].first_member + rank &&
           t->members[u->member].rank == rank && t->members[u->member].service == s;
}

static void test_detect(void)
{
    topology *t = load_ok(ops, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    int server = topo_find_law(t, "server"), disk = topo_find_law(t, "disk");
    int plain = topo_find_law(t, "plain"), inst = topo_find_law(t, "services.mysql.instance");
    CU_ASSERT_FATAL(server >= 0 && disk >= 0 && plain >= 0 && inst >= 0);
    /* a bare duration: an exponential mean, as for repair */
    CU_ASSERT_EQUAL(t->laws[server].detect.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(t->laws[server].detect.a, 0.25) < 1e-15);
    CU_ASSERT_EQUAL(t->laws[disk].detect.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(t->laws[disk].detect.a, 7.0 / 60) < 1e-15);
    /* absent, or 0s: fixed 0 (none) */
    CU_ASSERT_EQUAL(t->laws[plain].detect.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(t->laws[plain].detect.a, 0.0);
    CU_ASSERT_EQUAL(t->laws[inst].detect.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(t->laws[inst].detect.a, 0.0);
    /* every law the loader made, synthetic ones included, has one */
    for (int i = 0; i < t->n_laws; i++) {
        const law_dist *d = &t->laws[i].detect;
        CU_ASSERT(d->kind == LAW_FIXED || d->kind == LAW_EXPONENTIAL);
        CU_ASSERT(d->a >= 0);
    }
    int bug = topo_find_law(t, "common-cause.bug");
    CU_ASSERT_FATAL(bug >= 0);
    CU_ASSERT_EQUAL(t->laws[bug].detect.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(t->laws[bug].detect.a, 5.0 / 60) < 1e-15);
    topo_free(t);
}

static void test_switchover(void)
{
    topology *t = load_ok(ops, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_service *my = &t->services[topo_find_service(t, "mysql")];
    const topo_service *vip = &t->services[topo_find_service(t, "vip")];
    const topo_service *web = &t->services[topo_find_service(t, "web")];
    /* time given, success from failover */
    CU_ASSERT_EQUAL(my->switchover_time.kind, LAW_UNIFORM);
    CU_ASSERT(harness_rel(my->switchover_time.a, 2.0 / 3600) < 1e-15);
    CU_ASSERT(harness_rel(my->switchover_time.b, 8.0 / 3600) < 1e-15);
    CU_ASSERT(harness_rel(my->switchover_success, 0.99) < 1e-15);
    CU_ASSERT_EQUAL(my->failover_time.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(my->failover_time.a, 30.0 / 3600) < 1e-15);
    /* success given, time from failover's default (fixed 0) */
    CU_ASSERT_EQUAL(vip->switchover_time.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(vip->switchover_time.a, 0.0);
    CU_ASSERT(harness_rel(vip->switchover_success, 0.999) < 1e-15);
    CU_ASSERT(harness_rel(vip->failover_success, 0.95) < 1e-15);
    /* another mode: the failover's defaults */
    CU_ASSERT_EQUAL(web->switchover_time.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(web->switchover_time.a, 0.0);
    CU_ASSERT_EQUAL(web->switchover_success, 1.0);
    topo_free(t);

    /* no switchover at all: each field is the failover's */
    t = load_ok("format: nines/1\n"
                "hosts: {a: {}, b: {}}\n"
                "services:\n"
                "  s:\n"
                "    mode: active-passive\n"
                "    hosts: [a, b]\n"
                "    failover: { time: { dist: exponential, mean: 45s }, success: 97.5% }\n"
                "system: [s]\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->services[0].switchover_time.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(t->services[0].switchover_time.a, 45.0 / 3600) < 1e-15);
    CU_ASSERT(harness_rel(t->services[0].switchover_success, 0.975) < 1e-15);
    topo_free(t);
}

static void test_maintenance(void)
{
    topology *t = load_ok(ops, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_maint, 2);
    const topo_maint *os = &t->maint[0], *fw = &t->maint[1];
    CU_ASSERT_STRING_EQUAL(os->name, "os");
    CU_ASSERT_EQUAL(os->pos.line, 30);
    CU_ASSERT_EQUAL(os->pos.col, 3);
    /* db3, then mysql's members in its hosts order (db2, db1), then lb */
    CU_ASSERT_EQUAL_FATAL(os->n_units, 4);
    CU_ASSERT(unit_is_host(&os->units[0], topo_find_host(t, "db3")));
    CU_ASSERT(unit_is_member(t, &os->units[1], "mysql", 0));
    CU_ASSERT(unit_is_member(t, &os->units[2], "mysql", 1));
    CU_ASSERT_EQUAL(t->members[os->units[1].member].host, topo_find_host(t, "db2"));
    CU_ASSERT_EQUAL(t->members[os->units[2].member].host, topo_find_host(t, "db1"));
    CU_ASSERT(unit_is_host(&os->units[3], topo_find_host(t, "lb")));
    CU_ASSERT(harness_rel(os->every, 30 * 24.0) < 1e-15);
    CU_ASSERT_EQUAL(os->duration.kind, LAW_FIXED); /* a bare duration: fixed */
    CU_ASSERT(harness_rel(os->duration.a, 1.0) < 1e-15);
    CU_ASSERT_EQUAL(os->rolling, 1);
    CU_ASSERT(harness_rel(os->start, 5 * 24.0) < 1e-15);
    CU_ASSERT(harness_rel(os->error, 0.02) < 1e-15);
    CU_ASSERT_EQUAL(os->recovery.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(law_mean(&os->recovery), 2.0) < 1e-12);

    CU_ASSERT_STRING_EQUAL(fw->name, "firmware");
    CU_ASSERT_EQUAL_FATAL(fw->n_units, 3); /* a lone name: a list of one */
    for (int i = 0; i < 3; i++)
        CU_ASSERT(unit_is_member(t, &fw->units[i], "web", i));
    CU_ASSERT_EQUAL(fw->duration.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(fw->duration.a, 3.0) < 1e-15);
    CU_ASSERT_EQUAL(fw->rolling, 0);
    CU_ASSERT_EQUAL(fw->start, -1.0);   /* absent: drawn per trial */
    CU_ASSERT_EQUAL(fw->error, 0.0);
    CU_ASSERT_EQUAL(fw->recovery.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(fw->recovery.a, 0.0);
    topo_free(t);
}

static void test_common_cause(void)
{
    topology *t = load_ok(ops, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_ccfs, 3);
    const topo_ccf *bug = &t->ccfs[0], *power = &t->ccfs[1], *disks = &t->ccfs[2];

    /* an inline law, named after the cause */
    CU_ASSERT_STRING_EQUAL(bug->name, "bug");
    CU_ASSERT_EQUAL(bug->beta, -1.0);
    CU_ASSERT_FATAL(bug->law >= 0);
    CU_ASSERT_STRING_EQUAL(t->laws[bug->law].name, "common-cause.bug");
    CU_ASSERT(harness_rel(t->laws[bug->law].fail.a, 5 * 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[bug->law].repair.a, 0.5) < 1e-15);
    CU_ASSERT_EQUAL_FATAL(bug->n_units, 3);
    for (int i = 0; i < 3; i++)
        CU_ASSERT(unit_is_member(t, &bug->units[i], "web", i));

    /* a profile: its own law, shared */
    CU_ASSERT_EQUAL(power->law, topo_find_law(t, "plain"));
    CU_ASSERT_EQUAL_FATAL(power->n_units, 3);
    CU_ASSERT(unit_is_host(&power->units[0], topo_find_host(t, "lb")));
    CU_ASSERT(unit_is_member(t, &power->units[1], "mysql", 0));
    CU_ASSERT(unit_is_member(t, &power->units[2], "mysql", 1));
    CU_ASSERT_EQUAL(topo_law_parts(t, power->law), 3 + 1); /* web's members and the cause */

    /* beta 5% of disk (2.5y): the cause m/b, the targets m/(1-b) */
    const double m = 2.5 * 8760.0, b = 0.05;
    CU_ASSERT(harness_rel(disks->beta, b) < 1e-15);
    CU_ASSERT_FATAL(disks->law >= 0);
    const topo_law *cause = &t->laws[disks->law];
    CU_ASSERT_STRING_EQUAL(cause->name, "common-cause.disks");
    CU_ASSERT_EQUAL(cause->fail.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(cause->fail.a, m / b) < 1e-14);
    CU_ASSERT(harness_rel(law_mean(&cause->fail), 50 * 8760.0) < 1e-12);
    CU_ASSERT_EQUAL(cause->repair.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(cause->repair.a, 4.0) < 1e-15);
    CU_ASSERT_EQUAL(cause->detect.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(cause->detect.a, 7.0 / 60) < 1e-15);
    int own = topo_find_law(t, "common-cause.disks.targets");
    CU_ASSERT_FATAL(own >= 0);
    CU_ASSERT(harness_rel(t->laws[own].fail.a, m / (1 - b)) < 1e-14);
    CU_ASSERT(harness_rel(t->laws[own].repair.a, 4.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[own].detect.a, 7.0 / 60) < 1e-15);
    const char *targets[] = {"db1", "db2", "db3"};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(t->hosts[topo_find_host(t, targets[i])].law, own);
        CU_ASSERT(unit_is_host(&disks->units[i], topo_find_host(t, targets[i])));
    }
    /* another user of the profile keeps it */
    int disk = topo_find_law(t, "disk");
    CU_ASSERT_EQUAL(t->hosts[topo_find_host(t, "db4")].law, disk);
    CU_ASSERT(harness_rel(t->laws[disk].fail.a, m) < 1e-15);
    topo_free(t);

    /* beta over a service: its instance law is replaced */
    t = load_ok("format: nines/1\n"
                "hosts: {a: {}, b: {}}\n"
                "services:\n"
                "  s:\n"
                "    mode: active-active\n"
                "    hosts: [a, b]\n"
                "    instance: { fail: 400d, repair: 3h }\n"
                "common-cause:\n"
                "  sw: { targets: [s], beta: 0.1 }\n"
                "system: [s]\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->laws[t->services[0].instance].name, "common-cause.sw.targets");
    CU_ASSERT(harness_rel(t->laws[t->services[0].instance].fail.a, 400 * 24.0 / 0.9) < 1e-14);
    CU_ASSERT(harness_rel(t->laws[t->ccfs[0].law].fail.a, 400 * 24.0 / 0.1) < 1e-14);
    CU_ASSERT_EQUAL(t->laws[t->ccfs[0].law].detect.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(t->laws[t->ccfs[0].law].detect.a, 0.0);
    topo_free(t);
}

/* A file without the new keys has none of them. */
static void test_absent(void)
{
    topology *t = load_ok("format: nines/1\nhosts: {a: {profile: {fail: 1y, repair: 1h}}}\n"
                          "services: {s: {mode: single, hosts: [a]}}\nsystem: [s]\n", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_maint, 0);
    CU_ASSERT_EQUAL(t->n_ccfs, 0);
    CU_ASSERT_EQUAL(t->n_laws, 1);
    CU_ASSERT_EQUAL(t->laws[0].detect.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(t->laws[0].detect.a, 0.0);
    topo_free(t);
}

static void test_overrides(void)
{
    const topo_set set[] = {{"maintenance.os.every", "7d"},
                            {"maintenance.firmware.rolling", "true"},
                            {"common-cause.disks.beta", "20%"},
                            {"profiles.server.detect", "1h"},
                            {"services.mysql.switchover.success", "90%"}};
    topo_load_options o = {.set = set, .n_set = 5};
    topology *t = load_ok(ops, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->maint[0].every, 7 * 24.0) < 1e-15);
    CU_ASSERT_EQUAL(t->maint[1].rolling, 1);
    CU_ASSERT(harness_rel(t->laws[t->ccfs[2].law].fail.a, 2.5 * 8760.0 / 0.2) < 1e-14);
    CU_ASSERT(harness_rel(t->laws[topo_find_law(t, "server")].detect.a, 1.0) < 1e-15);
    CU_ASSERT(harness_rel(t->services[topo_find_service(t, "mysql")].switchover_success, 0.9) < 1e-15);
    topo_free(t);

    /* an unknown entry: did-you-mean, as for any path */
    const topo_set bad[] = {{"maintenance.oss.every", "7d"}};
    topo_load_options ob = {.set = bad, .n_set = 1};
    topo_errors errs = {0};
    CU_ASSERT_EQUAL(topo_load_string(ops, strlen(ops), "ops.yaml", &ob, &t, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_STRING_EQUAL(errs.items[0].msg, "bad --set path 'maintenance.oss.every': no key 'oss' in "
                                              "maintenance (did you mean 'maintenance.os.every'?)");
    topo_errors_release(&errs);
}

static void test_copy(void)
{
    topology *t = load_ok(ops, NULL), *c = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(topo_copy(t, &c), TOPO_OK);
    CU_ASSERT_EQUAL_FATAL(c->n_maint, t->n_maint);
    CU_ASSERT_EQUAL_FATAL(c->n_ccfs, t->n_ccfs);
    for (int i = 0; i < t->n_maint; i++) {
        CU_ASSERT_STRING_EQUAL(c->maint[i].name, t->maint[i].name);
        CU_ASSERT(c->maint[i].name != t->maint[i].name);
        CU_ASSERT(c->maint[i].units != t->maint[i].units);
        CU_ASSERT_EQUAL_FATAL(c->maint[i].n_units, t->maint[i].n_units);
        CU_ASSERT(!memcmp(c->maint[i].units, t->maint[i].units, (size_t)t->maint[i].n_units * sizeof(topo_unit)));
        CU_ASSERT_EQUAL(c->maint[i].every, t->maint[i].every);
        CU_ASSERT_EQUAL(c->maint[i].error, t->maint[i].error);
        CU_ASSERT_EQUAL(c->maint[i].pos.line, t->maint[i].pos.line);
        CU_ASSERT_PTR_EQUAL(c->maint[i].pos.file, c->files[0]);
    }
    for (int i = 0; i < t->n_ccfs; i++) {
        CU_ASSERT_STRING_EQUAL(c->ccfs[i].name, t->ccfs[i].name);
        CU_ASSERT_EQUAL(c->ccfs[i].law, t->ccfs[i].law);
        CU_ASSERT_EQUAL(c->ccfs[i].beta, t->ccfs[i].beta);
        CU_ASSERT_EQUAL_FATAL(c->ccfs[i].n_units, t->ccfs[i].n_units);
        CU_ASSERT(!memcmp(c->ccfs[i].units, t->ccfs[i].units, (size_t)t->ccfs[i].n_units * sizeof(topo_unit)));
    }
    for (int i = 0; i < t->n_laws; i++) {
        CU_ASSERT_EQUAL(c->laws[i].detect.kind, t->laws[i].detect.kind);
        CU_ASSERT_EQUAL(c->laws[i].detect.a, t->laws[i].detect.a);
        CU_ASSERT_EQUAL(c->laws[i].detect.b, t->laws[i].detect.b);
    }
    topo_free(t);
    topo_free(c);
}

static void test_errors(void)
{
    char got[4096];
    /* every error collected, each located, in file order */
    load_bad("format: nines/1\n"
             "profiles:\n"
             "  p: { fail: 1y, repair: 1h, detect: -5m }\n"
             "hosts: {a: {profile: p}, b: {profile: {fail: 2y, repair: 1h}}, s: {}, d: {profile: {fail: 1y, repair: 1h}}}\n"
             "services:\n"
             "  s: { mode: single, hosts: [a], switchover: { time: 1s } }\n"
             "maintenance:\n"
             "  m: { targets: [a, b, c, a], every: 1d, duration: 1h, error: 1% }\n"
             "  n: { targets: [s], every: 1h, duration: 30m }\n"
             "common-cause:\n"
             "  x: { targets: [a, b, d], beta: 10% }\n"
             "  y: { targets: [b], law: p, beta: 1% }\n"
             "system: [s]\n",
             got, sizeof got);
    /* a's profile is wrong: common-cause x does not say it has none */
    CU_ASSERT_STRING_EQUAL(got,
        "e.yaml:3:38: error: negative duration '-5m' in profiles.p.detect (expected 0 or more)\n"
        "e.yaml:6:34: error: 'switchover' applies only to active-passive services (services.s is single)\n"
        "e.yaml:8:24: error: unknown host or service 'c' in maintenance.m.targets (expected a host or a service of the file)\n"
        "e.yaml:8:27: error: host 'a' listed twice in maintenance.m.targets (expected each target once)\n"
        "e.yaml:8:56: error: missing 'recovery' in maintenance.m (error '1%' needs the extra downtime when the "
        "work goes wrong, e.g. recovery: 2h)\n"
        "e.yaml:9:18: error: 's' in maintenance.n.targets is both a host and a service (ambiguous: rename one of them)\n"
        "e.yaml:11:24: error: host 'd' in common-cause.x.targets fails by exponential(mean 1y), 'b' fails by "
        "exponential(mean 2y) (beta needs the same fail law on every target)\n"
        "e.yaml:12:30: error: both 'law' and 'beta' in common-cause.y (expected one of them: the cause's own law, "
        "or a beta factor of the targets' law)");
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_detect);
    HARNESS_ADD(s, test_switchover);
    HARNESS_ADD(s, test_maintenance);
    HARNESS_ADD(s, test_common_cause);
    HARNESS_ADD(s, test_absent);
    HARNESS_ADD(s, test_overrides);
    HARNESS_ADD(s, test_copy);
    HARNESS_ADD(s, test_errors);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_ops", add);
}
