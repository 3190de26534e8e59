/* tests/test_model_load.c — the loader (model/topo_load.c and the files
 * model_int.h lists): every field of the DESIGN.md example and of the
 * five validation cases, defaults, orders that respect needs, lookups,
 * overrides (--set), and errors collected and located. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "harness.h"
#include "../model/topology.h"

static const char design[] =
    "format: nines/1\n"
    "name: OpenStack control plane, three controllers, Galera\n"
    "description: the example of DESIGN.md\n"
    "mission: 10y\n"
    "sla: 99.95%\n"
    "reference: Heartbeat/DRBD\n"
    "profiles:\n"
    "  server:  { fail: 3y,  repair: 8h }\n"
    "  switch:  { fail: 15y, repair: 4h }\n"
    "  unused:  { fail: 1y, repair: 1h }\n"
    "  galera:\n"
    "    fail:   { dist: weibull, shape: 0.8, mean: 120d }\n"
    "    repair: { dist: lognormal, mean: 20m, sd: 30m }\n"
    "hosts:\n"
    "  tor-a: { profile: switch }\n"
    "  ctl1:  { profile: server, needs: [tor-a] }\n"
    "  ctl2:  { profile: server, needs: [tor-a] }\n"
    "  ctl3:  { profile: server, needs: [tor-a] }\n"
    "services:\n"
    "  keystone:\n"
    "    mode: active-active\n"
    "    need: 1\n"
    "    hosts: [ctl1, ctl2, ctl3]\n"
    "    instance: { fail: 60d, repair: 2m }\n"
    "    needs: [mysql]\n"
    "  mysql:\n"
    "    mode: quorum\n"
    "    hosts: [ctl1, ctl2, ctl3]\n"
    "    instance: galera\n"
    "    rejoin: 10m\n"
    "    bootstrap: { dist: exponential, mean: 30m }\n"
    "  vip:\n"
    "    mode: active-passive\n"
    "    hosts: [ctl1, ctl2]\n"
    "    instance: { fail: 1y, repair: 1m }\n"
    "    failover: { time: 4s, success: 99% }\n"
    "    standby: cold\n"
    "    resync: { dist: uniform, min: 1m, max: 3m }\n"
    "system: [vip, keystone, mysql]\n"
    "views:\n"
    "  tenant-api: [vip, keystone]\n";

static topology *load_text(const char *y, const char *path, const topo_load_options *o)
{
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load_string(y, strlen(y), path, o, &t, &errs);
    char b[1024];
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

static int position_in(const int *order, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (order[i] == x)
            return i;
    return -1;
}

static void test_design_example(void)
{
    topology *t = load_text(design, "topologies/x/design.yaml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->path, "topologies/x/design.yaml");
    CU_ASSERT_STRING_EQUAL(t->name, "OpenStack control plane, three controllers, Galera");
    CU_ASSERT_STRING_EQUAL(t->description, "the example of DESIGN.md");
    CU_ASSERT_STRING_EQUAL(t->reference, "Heartbeat/DRBD");
    CU_ASSERT_EQUAL(t->text_len, strlen(design));
    CU_ASSERT_STRING_EQUAL(t->text, design);
    CU_ASSERT(harness_rel(t->mission, 87600.0) < 1e-15);
    CU_ASSERT(harness_rel(t->sla, 0.9995) < 1e-15);
    CU_ASSERT_EQUAL(t->n_files, 1);
    CU_ASSERT_STRING_EQUAL(t->files[0], "topologies/x/design.yaml");

    /* laws: profiles in order of first use, then inline laws by path */
    CU_ASSERT_EQUAL_FATAL(t->n_laws, 5); /* 'unused' is no law */
    const char *names[] = {"switch", "server", "services.keystone.instance", "galera",
                           "services.vip.instance"};
    for (int i = 0; i < 5; i++) {
        CU_ASSERT_STRING_EQUAL(t->laws[i].name, names[i]);
        CU_ASSERT_EQUAL(topo_find_law(t, names[i]), i);
    }
    CU_ASSERT_EQUAL(topo_find_law(t, "unused"), -1);
    CU_ASSERT(harness_rel(t->laws[0].fail.a, 15 * 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, 4.0) < 1e-15);
    CU_ASSERT_EQUAL(t->laws[0].pos.line, 9);
    CU_ASSERT_EQUAL(t->laws[0].pos.col, 3);
    CU_ASSERT_PTR_EQUAL(t->laws[0].pos.file, t->files[0]);
    CU_ASSERT(harness_rel(t->laws[2].fail.a, 60 * 24.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[2].repair.a, 2.0 / 60) < 1e-15);
    const topo_law *g = &t->laws[3];
    CU_ASSERT_EQUAL(g->fail.kind, LAW_WEIBULL);
    CU_ASSERT(harness_rel(g->fail.a, 0.8) < 1e-15);
    CU_ASSERT(harness_rel(g->fail.b, 2880.0 / gsl_sf_gamma(2.25)) < 1e-14);
    CU_ASSERT_EQUAL(g->repair.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(law_mean(&g->repair), 1.0 / 3) < 1e-12);

    /* hosts */
    CU_ASSERT_EQUAL_FATAL(t->n_hosts, 4);
    CU_ASSERT_EQUAL(topo_find_host(t, "tor-a"), 0);
    CU_ASSERT_EQUAL(topo_find_host(t, "ctl3"), 3);
    CU_ASSERT_EQUAL(topo_find_host(t, "ctl4"), -1);
    CU_ASSERT_EQUAL(t->hosts[0].law, 0);
    CU_ASSERT_EQUAL(t->hosts[0].n_needs, 0);
    for (int h = 1; h < 4; h++) {
        CU_ASSERT_EQUAL(t->hosts[h].law, 1);
        CU_ASSERT_EQUAL_FATAL(t->hosts[h].n_needs, 1);
        CU_ASSERT_EQUAL(t->hosts[h].needs[0], 0);
        CU_ASSERT(position_in(t->host_order, 4, h) > position_in(t->host_order, 4, 0));
    }
    CU_ASSERT_EQUAL(t->hosts[2].pos.line, 17);
    CU_ASSERT_EQUAL(t->hosts[2].pos.col, 3);

    /* services */
    CU_ASSERT_EQUAL_FATAL(t->n_services, 3);
    int ks = topo_find_service(t, "keystone"), my = topo_find_service(t, "mysql"),
        vip = topo_find_service(t, "vip");
    CU_ASSERT_EQUAL(ks, 0);
    CU_ASSERT_EQUAL(my, 1);
    CU_ASSERT_EQUAL(vip, 2);
    CU_ASSERT_EQUAL(topo_find_service(t, "nova"), -1);
    const topo_service *s = &t->services[ks];
    CU_ASSERT_EQUAL(s->mode, MODE_ACTIVE_ACTIVE);
    CU_ASSERT_EQUAL(s->need, 1);
    CU_ASSERT_EQUAL(s->n_hosts, 3);
    CU_ASSERT_EQUAL(s->instance, 2);
    CU_ASSERT_EQUAL(s->first_member, 0);
    CU_ASSERT_EQUAL_FATAL(s->n_needs, 1);
    CU_ASSERT_EQUAL(s->needs[0], my);
    CU_ASSERT(position_in(t->service_order, 3, my) < position_in(t->service_order, 3, ks));
    s = &t->services[my];
    CU_ASSERT_EQUAL(s->mode, MODE_QUORUM);
    CU_ASSERT_EQUAL(s->need, 2);
    CU_ASSERT_EQUAL(s->instance, 3);
    CU_ASSERT_EQUAL(s->first_member, 3);
    CU_ASSERT_EQUAL(s->rejoin.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(s->rejoin.a, 10.0 / 60) < 1e-15);
    CU_ASSERT_EQUAL(s->bootstrap.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(s->bootstrap.a, 0.5) < 1e-15);
    CU_ASSERT_EQUAL(s->failover_time.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(s->failover_time.a, 0.0);
    CU_ASSERT_EQUAL(s->failover_success, 1.0);
    s = &t->services[vip];
    CU_ASSERT_EQUAL(s->mode, MODE_ACTIVE_PASSIVE);
    CU_ASSERT_EQUAL(s->need, 1);
    CU_ASSERT_EQUAL(s->n_hosts, 2);
    CU_ASSERT_EQUAL(s->first_member, 6);
    CU_ASSERT_EQUAL(s->instance, 4);
    CU_ASSERT_EQUAL(s->failover_time.kind, LAW_FIXED);
    CU_ASSERT(harness_rel(s->failover_time.a, 4.0 / 3600) < 1e-15);
    CU_ASSERT(harness_rel(s->failover_success, 0.99) < 1e-15);
    CU_ASSERT_EQUAL(s->cold, 1);
    CU_ASSERT_EQUAL(s->resync.kind, LAW_UNIFORM);
    CU_ASSERT(harness_rel(s->resync.b, 0.05) < 1e-15);
    CU_ASSERT_EQUAL(s->rejoin.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(s->rejoin.a, 0.0);
    CU_ASSERT_EQUAL(s->n_needs, 0);

    /* members: flattened in service order, rank = place in `hosts` */
    CU_ASSERT_EQUAL_FATAL(t->n_members, 8);
    for (int i = 0; i < t->n_services; i++)
        for (int j = 0; j < t->services[i].n_hosts; j++) {
            const topo_member *m = &t->members[t->services[i].first_member + j];
            CU_ASSERT_EQUAL(m->service, i);
            CU_ASSERT_EQUAL(m->rank, j);
            CU_ASSERT_EQUAL(m->host, t->services[i].hosts[j]);
        }
    CU_ASSERT_EQUAL(t->members[7].host, topo_find_host(t, "ctl2"));

    /* system and views */
    CU_ASSERT_STRING_EQUAL(t->system.name, "system");
    CU_ASSERT_EQUAL_FATAL(t->system.n_services, 3);
    CU_ASSERT_EQUAL(t->system.services[0], vip);
    CU_ASSERT_EQUAL(t->system.services[1], ks);
    CU_ASSERT_EQUAL(t->system.services[2], my);
    CU_ASSERT_EQUAL_FATAL(t->n_views, 1);
    CU_ASSERT_STRING_EQUAL(t->views[0].name, "tenant-api");
    CU_ASSERT_EQUAL_FATAL(t->views[0].n_services, 2);
    CU_ASSERT_EQUAL(t->views[0].services[1], ks);
    CU_ASSERT_EQUAL(t->views[0].pos.line, 41);
    CU_ASSERT_EQUAL(t->views[0].pos.col, 3);
    topo_free(t);
}

static topology *load_file(const char *path)
{
    topo_errors errs = {0};
    topology *t = NULL;
    CU_ASSERT_EQUAL(topo_load(path, NULL, &t, &errs), 0);
    CU_ASSERT_EQUAL(errs.n, 0);
    topo_errors_release(&errs);
    return t;
}

static void test_validation_cases(void)
{
    topology *t = load_file("tests/cases/validation/p1-single.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->name, "one repairable part");
    CU_ASSERT(harness_rel(t->mission, 50 * 8760.0) < 1e-15);
    CU_ASSERT(t->sla < 0);
    CU_ASSERT_PTR_NULL(t->description);
    CU_ASSERT_PTR_NULL(t->reference);
    CU_ASSERT_EQUAL(t->n_hosts, 1);
    CU_ASSERT_EQUAL(t->hosts[0].law, -1);
    CU_ASSERT_EQUAL(t->n_laws, 1);
    CU_ASSERT_STRING_EQUAL(t->laws[0].name, "services.app.instance");
    CU_ASSERT(harness_rel(law_availability(&t->laws[0]), 1000.0 / 1010.0) < 1e-15);
    CU_ASSERT_EQUAL(t->services[0].mode, MODE_SINGLE);
    CU_ASSERT_EQUAL(t->services[0].need, 1);
    topo_free(t);

    t = load_file("tests/cases/validation/p2-quorum-3.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->services[0].mode, MODE_QUORUM);
    CU_ASSERT_EQUAL(t->services[0].need, 2);
    CU_ASSERT_EQUAL(t->n_members, 3);
    CU_ASSERT_EQUAL(t->services[0].rejoin.kind, LAW_FIXED);
    CU_ASSERT_EQUAL(t->services[0].rejoin.a, 0.0);
    CU_ASSERT_EQUAL(t->services[0].bootstrap.a, 0.0);
    topo_free(t);

    t = load_file("tests/cases/validation/p3-shared-switch.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_laws, 3);
    CU_ASSERT_STRING_EQUAL(t->laws[0].name, "hosts.sw.profile");
    CU_ASSERT_STRING_EQUAL(t->laws[1].name, "server");
    CU_ASSERT_STRING_EQUAL(t->laws[2].name, "services.web.instance");
    CU_ASSERT_EQUAL(t->hosts[1].needs[0], 0);
    CU_ASSERT_EQUAL(t->host_order[0], 0);
    CU_ASSERT_EQUAL(t->services[0].need, 1);
    topo_free(t);

    t = load_file("tests/cases/validation/p4-active-passive.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_service *s = &t->services[0];
    CU_ASSERT_EQUAL(s->mode, MODE_ACTIVE_PASSIVE);
    CU_ASSERT_EQUAL(s->failover_time.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(s->failover_time.a, 2.0 / 60) < 1e-15);
    CU_ASSERT(harness_rel(s->failover_success, 0.95) < 1e-15);
    CU_ASSERT_EQUAL(s->cold, 0);
    CU_ASSERT_EQUAL(s->resync.a, 0.0);
    topo_free(t);

    t = load_file("tests/cases/validation/p5-weibull.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->laws[0].fail.kind, LAW_WEIBULL);
    CU_ASSERT(harness_rel(law_mean(&t->laws[0].fail), 2000.0) < 1e-12);
    CU_ASSERT(harness_rel(t->laws[0].repair.a, log(6.0)) < 1e-15);
    CU_ASSERT(harness_rel(t->mission, 100 * 8760.0) < 1e-15);
    topo_free(t);
}

static const char small[] =
    "format: nines/1\n"
    "profiles:\n"
    "  server: { fail: 2y, repair: 8h }\n"
    "hosts:\n"
    "  a: { profile: server }\n"
    "  b: { profile: server }\n"
    "  c:\n"
    "services:\n"
    "  api: { mode: active-active, hosts: [a, b, c] }\n"
    "system: [api]\n";

static void test_defaults(void)
{
    topology *t = load_text(small, "some/dir/small.v2.yaml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->name, "small.v2");
    CU_ASSERT(harness_rel(t->mission, 87600.0) < 1e-15);
    CU_ASSERT(t->sla < 0);
    CU_ASSERT_EQUAL(t->hosts[2].law, -1);
    CU_ASSERT_EQUAL(t->services[0].instance, -1);
    CU_ASSERT_EQUAL(t->services[0].need, 1);
    CU_ASSERT_EQUAL(t->n_views, 0);
    topo_free(t);
}

static void test_overrides(void)
{
    topo_set set[] = {{"profiles.server.repair", "{dist: weibull, shape: 2, mean: 1y}"},
                      {"services.api.need", "2"},
                      {"mission", "4.5y"},
                      {"sla", "99.9%"}};
    topo_load_options o = {.set = set, .n_set = 4};
    topology *t = load_text(small, "small.yaml", &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->laws[0].repair.kind, LAW_WEIBULL);
    CU_ASSERT(harness_rel(law_mean(&t->laws[0].repair), 8760.0) < 1e-12);
    CU_ASSERT_EQUAL(t->services[0].need, 2); /* added: the key was absent */
    CU_ASSERT(harness_rel(t->mission, 4.5 * 8760) < 1e-15);
    CU_ASSERT(harness_rel(t->sla, 0.999) < 1e-15);
    /* the text stored is the file's own */
    CU_ASSERT_STRING_EQUAL(t->text, small);
    topo_free(t);
}

/* Sweeping a law written in long form: a bare duration that would change
 * its kind is refused with the two forms meant; PATH.mean scales it to that
 * mean keeping its shape, for every distribution (lognormal: sigma, and so
 * the coefficient of variation, is kept). */
static const char laws_y[] =
    "format: nines/1\n"
    "profiles:\n"
    "  db: { fail: {dist: weibull, shape: 0.8, scale: 2y}, repair: {dist: lognormal, mean: 4h, sd: 2h} }\n"
    "  m: { fail: 1y, repair: {dist: lognormal, median: 3h, sigma: 0.5}, detect: {dist: gamma, shape: 2, mean: 10m} }\n"
    "  u: { fail: {afr: 5%}, repair: {dist: uniform, min: 1h, max: 3h} }\n"
    "  e: { fail: {dist: exponential, mean: 3y}, repair: 2h, detect: {dist: fixed, value: 5m} }\n"
    "hosts:\n  a: { profile: db }\n  b: { profile: m }\n  c: { profile: u }\n  d: { profile: e }\n"
    "services:\n  s:\n    mode: active-passive\n    hosts: [a, b, c, d]\n"
    "    failover: { time: {dist: lognormal, median: 30s, sigma: 1} }\n"
    "system: [s]\n";

static void test_law_overrides(void)
{
    topo_set set[] = {{"profiles.db.repair.mean", "8h"},    {"profiles.db.fail.mean", "4y"},
                      {"profiles.m.repair.mean", "6h"},     {"profiles.m.detect.mean", "20m"},
                      {"profiles.u.fail.mean", "10y"},      {"profiles.u.repair.mean", "4h"},
                      {"services.s.failover.time.mean", "2m"},
                      {"profiles.e.fail", "5y"},            /* exponential: a bare mean is fine */
                      {"profiles.e.detect", "0s"}};         /* none: fine for any law */
    topo_load_options o = {.set = set, .n_set = 9};
    topology *t = load_text(laws_y, "laws.yaml", &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    const topo_law *db = &t->laws[topo_find_law(t, "db")], *m = &t->laws[topo_find_law(t, "m")];
    const topo_law *u = &t->laws[topo_find_law(t, "u")], *e = &t->laws[topo_find_law(t, "e")];
    CU_ASSERT_EQUAL(db->repair.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(law_mean(&db->repair), 8.0) < 1e-12);
    CU_ASSERT(harness_rel(db->repair.b, sqrt(log1p(0.25))) < 1e-12); /* sd/mean 2h/4h kept */
    CU_ASSERT_EQUAL(db->fail.kind, LAW_WEIBULL);
    CU_ASSERT(harness_rel(db->fail.a, 0.8) < 1e-15);
    CU_ASSERT(harness_rel(law_mean(&db->fail), 4 * 8760.0) < 1e-12);
    CU_ASSERT_EQUAL(m->repair.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(m->repair.b, 0.5) < 1e-15);
    CU_ASSERT(harness_rel(law_mean(&m->repair), 6.0) < 1e-12);
    CU_ASSERT_EQUAL(m->detect.kind, LAW_GAMMA);
    CU_ASSERT(harness_rel(m->detect.a, 2.0) < 1e-15);
    CU_ASSERT(harness_rel(law_mean(&m->detect), 20.0 / 60) < 1e-12);
    CU_ASSERT_EQUAL(u->fail.kind, LAW_EXPONENTIAL);
    CU_ASSERT(harness_rel(u->fail.a, 10 * 8760.0) < 1e-15);
    CU_ASSERT_EQUAL(u->repair.kind, LAW_UNIFORM);
    CU_ASSERT(harness_rel(u->repair.a, 2.0) < 1e-12 && harness_rel(u->repair.b, 6.0) < 1e-12);
    const topo_service *sv = &t->services[0];
    CU_ASSERT_EQUAL(sv->failover_time.kind, LAW_LOGNORMAL);
    CU_ASSERT(harness_rel(sv->failover_time.b, 1.0) < 1e-15);
    CU_ASSERT(harness_rel(law_mean(&sv->failover_time), 2.0 / 60) < 1e-12);
    CU_ASSERT(harness_rel(e->fail.a, 5 * 8760.0) < 1e-15);
    CU_ASSERT(law_is_none(&e->detect));
    /* the overrides recorded are the ones given: they rebuild the same laws */
    CU_ASSERT_PTR_NOT_NULL(strstr(t->overrides, "profiles.m.repair.mean=6h\n"));
    topo_free(t);

    /* a bare duration over a law of another kind: one error, at the law */
    static const struct {
        const char *path, *value, *want;
    } bad[] = {
        {"profiles.db.repair", "8h",
         "laws.yaml:3:63: error: --set profiles.db.repair=8h would replace its lognormal law "
         "with an exponential one (a bare duration is an exponential mean): write "
         "'profiles.db.repair.mean=8h' to keep its shape, or 'profiles.db.repair={dist: "
         "exponential, mean: 8h}' to replace it"},
        {"profiles.db.fail", "2y",
         "laws.yaml:3:15: error: --set profiles.db.fail=2y would replace its weibull law with an "
         "exponential one (a bare duration is an exponential mean): write "
         "'profiles.db.fail.mean=2y' to keep its shape, or 'profiles.db.fail={dist: "
         "exponential, mean: 2y}' to replace it"},
        {"profiles.m.detect", "1m",
         "laws.yaml:4:77: error: --set profiles.m.detect=1m would replace its gamma law with an "
         "exponential one (a bare duration is an exponential mean): write "
         "'profiles.m.detect.mean=1m' to keep its shape, or 'profiles.m.detect={dist: "
         "exponential, mean: 1m}' to replace it"},
        {"services.s.failover.time", "1m",
         "laws.yaml:16:23: error: --set services.s.failover.time=1m would replace its lognormal "
         "law with a fixed delay (a bare duration is a fixed one): write "
         "'services.s.failover.time.mean=1m' to keep its shape, or "
         "'services.s.failover.time={dist: fixed, value: 1m}' to replace it"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        topo_set one = {bad[i].path, bad[i].value};
        topo_load_options ob = {.set = &one, .n_set = 1};
        topo_errors errs = {0};
        CU_ASSERT_EQUAL(topo_load_string(laws_y, strlen(laws_y), "laws.yaml", &ob, &t, &errs),
                        TOPO_EINVALID);
        CU_ASSERT_EQUAL(errs.n, 1);
        char b[1024];
        if (errs.n > 0)
            CU_ASSERT_STRING_EQUAL(topo_diag_format(&errs.items[0], b, sizeof b), bad[i].want);
        topo_errors_release(&errs);
    }
}

/* Mean time to repair of host k's law, in hours. */
static double host_repair(const topology *t, int k)
{
    return law_mean(&t->laws[t->hosts[k].law].repair);
}

/* An override whose path goes through an alias changes that place only; an
   override of the anchored definition changes every user. */
static void test_override_through_alias(void)
{
    static const char y[] =
        "format: nines/1\n"
        "profiles:\n"
        "  server: &srv { fail: 2y, repair: { dist: lognormal, mean: 8h, sd: 4h } }\n"
        "hosts:\n"
        "  a: { profile: server }\n"
        "  b: { profile: *srv }\n"
        "  c: { profile: *srv }\n"
        "services:\n"
        "  api: { mode: active-active, hosts: [a, b, c] }\n"
        "system: [api]\n";
    const topo_set cases[][1] = {{{"hosts.b.profile.repair", "{dist: exponential, mean: 1d}"}},
                                 {{"hosts.b.profile.repair.mean", "1d"}},
                                 {{"profiles.server.repair.mean", "1d"}}};
    /* expected repair means of a, b, c for each case */
    const double want[][3] = {{8, 24, 8}, {8, 24, 8}, {24, 24, 24}};
    for (int i = 0; i < 3; i++) {
        topo_load_options o = {.set = (topo_set *)cases[i], .n_set = 1};
        topology *t = load_text(y, "alias.yaml", &o);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        for (int k = 0; k < 3; k++)
            CU_ASSERT(harness_rel(host_repair(t, k), want[i][k]) < 1e-12);
        topo_free(t);
    }
    /* without overrides, all three are the anchored law */
    topology *t = load_text(y, "alias.yaml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (int k = 0; k < 3; k++)
        CU_ASSERT(harness_rel(host_repair(t, k), 8) < 1e-12);
    topo_free(t);
}

static int load_errors(const char *y, const topo_load_options *o, topo_errors *errs)
{
    topology *t = NULL;
    int rc = topo_load_string(y, strlen(y), "e.yaml", o, &t, errs);
    CU_ASSERT_PTR_NULL(t);
    topo_free(t);
    return rc;
}

static void test_override_errors(void)
{
    topo_errors errs = {0};
    char b[1024];
    topo_set bad_path[] = {{"profiles.servr.repair", "4h"}};
    topo_load_options o = {.set = bad_path, .n_set = 1};
    CU_ASSERT_EQUAL(load_errors(small, &o, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_STRING_EQUAL(topo_diag_format(&errs.items[0], b, sizeof b),
                           "e.yaml: error: bad --set path 'profiles.servr.repair': no profile 'servr' "
                           "in the file or its includes (did you mean 'profiles.server.repair'?)");
    topo_errors_release(&errs);

    /* an absent last key is added, then judged like any key */
    topo_set typo[] = {{"profiles.server.repiar", "4h"}};
    o.set = typo;
    CU_ASSERT_EQUAL(load_errors(small, &o, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.items[0].msg, "unknown key 'repiar' in profiles.server (did you mean 'repair'?)"));
    topo_errors_release(&errs);

    /* a bad value is judged where the replaced value was */
    topo_set bad_value[] = {{"profiles.server.repair", "-2h"}};
    o.set = bad_value;
    CU_ASSERT_EQUAL(load_errors(small, &o, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_STRING_EQUAL(topo_diag_format(&errs.items[0], b, sizeof b),
                           "e.yaml:3:31: error: negative duration '-2h' in profiles.server.repair (expected more than 0)");
    topo_errors_release(&errs);

    topo_set through_scalar[] = {{"mission.x", "1"}};
    o.set = through_scalar;
    CU_ASSERT_EQUAL(load_errors(small, &o, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL(errs.n, 1);
    topo_errors_release(&errs);

    topo_set bad_yaml[] = {{"mission", "[1y"}};
    o.set = bad_yaml;
    CU_ASSERT_EQUAL(load_errors(small, &o, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs.items[0].msg, "bad --set value '[1y'"));
    topo_errors_release(&errs);
}

static void test_errors_collected_in_order(void)
{
    const char y[] = "format: nines/1\n"
                     "mission: 10\n"
                     "hosts:\n"
                     "  a: { profile: nope }\n"
                     "  b: { needs: [a, b] }\n"
                     "services:\n"
                     "  s: { mode: single, hosts: [a, a] }\n"
                     "system: [t]\n";
    topo_errors errs = {0};
    char b[1024];
    CU_ASSERT_EQUAL(load_errors(y, NULL, &errs), TOPO_EINVALID);
    const char *want[] = {
        "e.yaml:2:10: error: duration '10' has no unit (expected a number and one of ms s m h d w y, e.g. 30m)",
        "e.yaml:4:17: error: unknown profile 'nope' in hosts.a.profile (no profiles are "
        "defined: add it under 'profiles:', include a file that has it, or write the law "
        "here, {fail: ..., repair: ...})",
        "e.yaml:5:3: error: cycle in host needs: b -> b",
        "e.yaml:7:29: error: single service 's' has 2 hosts (expected exactly one; use active-active or quorum for more)",
        "e.yaml:7:33: error: host 'a' listed twice in services.s.hosts (expected each host once)",
        "e.yaml:8:10: error: unknown service 't' in system",
    };
    CU_ASSERT_EQUAL_FATAL(errs.n, 6);
    for (int i = 0; i < 6; i++)
        CU_ASSERT_STRING_EQUAL(topo_diag_format(&errs.items[i], b, sizeof b), want[i]);
    topo_errors_release(&errs);
    topo_errors_release(NULL);
}

static void test_malformed_and_missing(void)
{
    topo_errors errs = {0};
    topology *t = NULL;
    CU_ASSERT_EQUAL(topo_load("tests/cases/no-such-file.yaml", NULL, &t, &errs), TOPO_EIO);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_EQUAL(errs.items[0].line, 0);
    CU_ASSERT_STRING_EQUAL(errs.items[0].msg, "cannot read file: no such file or directory");
    topo_errors_release(&errs);

    CU_ASSERT_EQUAL(load_errors("format: nines/1\nhosts: {a: [\n", NULL, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT(errs.items[0].line >= 2); /* libfyaml's own position, 1-based */
    topo_errors_release(&errs);

    /* a tab at the very start: libfyaml's position, counted from 1 */
    CU_ASSERT_EQUAL(load_errors("\ta: {}\n", NULL, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_EQUAL(errs.items[0].line, 1);
    CU_ASSERT_EQUAL(errs.items[0].col, 1);
    topo_errors_release(&errs);
}

static void test_alias_is_followed(void)
{
    const char y[] = "format: nines/1\n"
                     "profiles:\n"
                     "  server: &srv { fail: 2y, repair: 8h }\n"
                     "  copy: *srv\n"
                     "hosts:\n"
                     "  a: { profile: copy }\n"
                     "services:\n"
                     "  s: { mode: single, hosts: [a] }\n"
                     "system: [s]\n";
    topology *t = load_text(y, "alias.yaml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->laws[0].name, "copy");
    CU_ASSERT(harness_rel(t->laws[0].fail.a, 2 * 8760.0) < 1e-15);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_design_example);
    HARNESS_ADD(s, test_validation_cases);
    HARNESS_ADD(s, test_defaults);
    HARNESS_ADD(s, test_overrides);
    HARNESS_ADD(s, test_law_overrides);
    HARNESS_ADD(s, test_override_through_alias);
    HARNESS_ADD(s, test_override_errors);
    HARNESS_ADD(s, test_errors_collected_in_order);
    HARNESS_ADD(s, test_malformed_and_missing);
    HARNESS_ADD(s, test_alias_is_followed);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_load", add);
}
