/* tests/test_model_ranges.c — name ranges, needs-local and views with need
 * (model/topo_ranges.c, topo_needs.c, topo_views.c): ranges as keys of hosts
 * and services and inside every list of names, with their positions;
 * topo_names_group and its round trip through the loader; needs-local
 * resolved into each member's local members and the services' order; views
 * {services, need}; copies (topo_copy); a few located errors (the rest:
 * tests/bad/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "harness.h"
#include "../model/topology.h"

static topology *load_ok(const char *y, const topo_load_options *o)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    int rc = topo_load_string(y, strlen(y), "r.yaml", o, &t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "%s\n", topo_diag_format(&errs.items[i], b, sizeof b));
    CU_ASSERT_EQUAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

/* Every diagnostic of a failed load, one per line, into got. */
static void load_errors(const char *y, char *got, size_t len)
{
    topo_errors errs = {0};
    topology *t = NULL;
    char b[1024];
    size_t off = 0;
    int rc = topo_load_string(y, strlen(y), "e.yaml", NULL, &t, &errs);
    CU_ASSERT_EQUAL(rc, TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(t);
    got[0] = '\0';
    for (int i = 0; i < errs.n && off < len; i++)
        off += (size_t)snprintf(got + off, len - off, "%s%s", i ? "\n" : "",
                                topo_diag_format(&errs.items[i], b, sizeof b));
    if (getenv("SHOW_ERRS"))
        fprintf(stderr, "%s\n", got);
    topo_errors_release(&errs);
}

static const char design[] =
    "format: nines/1\n"
    "profiles:\n"
    "  server: { fail: 3y, repair: 8h }\n"
    "hosts:\n"
    "  tor: { profile: server }\n"
    "  compute[08:11]:\n"                                /* line 6 */
    "    profile: server\n"
    "    needs: [tor]\n"
    "  rack[1:2]-pdu: {}\n"                              /* line 9 */
    "  net:\n"
    "    needs: rack[1:2]-pdu\n"
    "services:\n"
    "  nova-network:\n"
    "    mode: active-active\n"
    "    hosts: [net, \"compute[08:11]\"]\n"             /* line 14 */
    "    instance: { fail: 90d, repair: 5m }\n"
    "  metadata:\n"
    "    mode: active-active\n"
    "    hosts:\n"
    "      - compute[11:08]x\n"
    "    needs: [nova-network]\n"
    "  vm:\n"
    "    mode: active-active\n"
    "    hosts: compute[09:11]\n"                        /* a lone range */
    "    instance: { fail: 1y, repair: 30m }\n"
    "    needs-local: [metadata, nova-network]\n"
    "  cell[1:2]: { mode: single, hosts: [tor] }\n"
    "maintenance:\n"
    "  patch: { targets: [\"compute[10:11]\", cell2], every: 30d, duration: 1h }\n"
    "common-cause:\n"
    "  power: { targets: [\"rack[1:2]-pdu\"], law: server }\n"
    "system: [\"cell[1:2]\", vm]\n"
    "views:\n"
    "  vms: { services: [vm], need: 70% }\n"
    "  cells: \"cell[1:2]\"\n";

static void test_keys(void)
{
    /* a reversed range in a list is an error: the design without it */
    char y[sizeof design + 16];
    snprintf(y, sizeof y, "%s", design);
    char *p = strstr(y, "compute[11:08]x");
    memcpy(p, "compute[08:11] ", 15);
    topology *t = load_ok(y, NULL);
    if (!t)
        return;
    static const char *const hosts[] = {"tor", "compute08", "compute09", "compute10", "compute11",
                                        "rack1-pdu", "rack2-pdu", "net"};
    CU_ASSERT_EQUAL(t->n_hosts, 8);
    for (int i = 0; i < 8 && i < t->n_hosts; i++)
        CU_ASSERT_STRING_EQUAL(t->hosts[i].name, hosts[i]);
    /* each name made by a range keeps the range's position and its entry */
    for (int i = 1; i <= 4; i++) {
        CU_ASSERT_EQUAL(t->hosts[i].pos.line, 6);
        CU_ASSERT_EQUAL(t->hosts[i].pos.col, 3);
        CU_ASSERT_EQUAL(t->hosts[i].law, t->hosts[0].law);
        CU_ASSERT_EQUAL(t->hosts[i].n_needs, 1);
        CU_ASSERT_EQUAL(t->hosts[i].needs[0], 0);
    }
    CU_ASSERT_EQUAL(t->hosts[5].pos.line, 9);
    CU_ASSERT_EQUAL(t->hosts[5].law, -1);
    /* a lone range in a host's needs */
    CU_ASSERT_EQUAL(t->hosts[7].n_needs, 2);
    CU_ASSERT_EQUAL(t->hosts[7].needs[0], 5);
    CU_ASSERT_EQUAL(t->hosts[7].needs[1], 6);
    /* service keys: cell1, cell2 */
    CU_ASSERT_EQUAL(t->n_services, 5);
    CU_ASSERT_EQUAL(topo_find_service(t, "cell1"), 3);
    CU_ASSERT_EQUAL(topo_find_service(t, "cell2"), 4);
    topo_free(t);
}

static void test_lists(void)
{
    char y[sizeof design + 16];
    snprintf(y, sizeof y, "%s", design);
    memcpy(strstr(y, "compute[11:08]x"), "compute[08:11] ", 15);
    topology *t = load_ok(y, NULL);
    if (!t)
        return;
    int nn = topo_find_service(t, "nova-network"), md = topo_find_service(t, "metadata"),
        vm = topo_find_service(t, "vm");
    const topo_service *s = &t->services[nn];
    CU_ASSERT_EQUAL(s->n_hosts, 5);
    CU_ASSERT_EQUAL(s->hosts[0], topo_find_host(t, "net"));
    for (int i = 1; i < 5 && i < s->n_hosts; i++)
        CU_ASSERT_EQUAL(s->hosts[i], i); /* compute08 .. compute11 */
    CU_ASSERT_EQUAL(t->services[md].n_hosts, 4);
    CU_ASSERT_EQUAL(t->services[vm].n_hosts, 3);
    CU_ASSERT_EQUAL(t->services[vm].hosts[0], topo_find_host(t, "compute09"));
    CU_ASSERT_EQUAL(t->n_members, 5 + 4 + 3 + 1 + 1);
    /* maintenance and common-cause targets */
    CU_ASSERT_EQUAL(t->n_maint, 1);
    CU_ASSERT_EQUAL(t->maint[0].n_units, 3);
    CU_ASSERT_EQUAL(t->maint[0].units[0].host, topo_find_host(t, "compute10"));
    CU_ASSERT_EQUAL(t->maint[0].units[1].host, topo_find_host(t, "compute11"));
    CU_ASSERT_EQUAL(t->maint[0].units[2].member, t->services[topo_find_service(t, "cell2")].first_member);
    CU_ASSERT_EQUAL(t->ccfs[0].n_units, 2);
    CU_ASSERT_EQUAL(t->ccfs[0].units[1].host, topo_find_host(t, "rack2-pdu"));
    /* system (quoted in a flow list) and a view given as a lone range */
    CU_ASSERT_EQUAL(t->system.n_services, 3);
    CU_ASSERT_EQUAL(t->system.services[0], 3);
    CU_ASSERT_EQUAL(t->system.services[1], 4);
    CU_ASSERT_EQUAL(t->system.services[2], vm);
    CU_ASSERT_EQUAL(t->system.need_fraction, 0);
    CU_ASSERT_EQUAL(t->n_views, 2);
    CU_ASSERT_EQUAL(t->views[1].n_services, 2);
    CU_ASSERT_EQUAL(t->views[1].need_fraction, 0);
    topo_free(t);
}

static void test_needs_local(void)
{
    char y[sizeof design + 16];
    snprintf(y, sizeof y, "%s", design);
    memcpy(strstr(y, "compute[11:08]x"), "compute[08:11] ", 15);
    topology *t = load_ok(y, NULL);
    if (!t)
        return;
    int nn = topo_find_service(t, "nova-network"), md = topo_find_service(t, "metadata"),
        vm = topo_find_service(t, "vm");
    const topo_service *s = &t->services[vm];
    CU_ASSERT_EQUAL(s->n_needs_local, 2);
    CU_ASSERT_EQUAL(s->needs_local[0], md);
    CU_ASSERT_EQUAL(s->needs_local[1], nn);
    CU_ASSERT_EQUAL(t->services[nn].n_needs_local, 0);
    CU_ASSERT_PTR_NULL(t->services[nn].needs_local);
    /* vm's member on compute09 (its first) needs metadata's member on
       compute09 (metadata's second) and nova-network's (its third) */
    for (int q = 0; q < 3; q++) {
        const topo_member *m = &t->members[s->first_member + q];
        int h = m->host;
        CU_ASSERT_EQUAL(m->n_local_needs, 2);
        if (m->n_local_needs != 2)
            continue;
        CU_ASSERT_EQUAL(m->local_needs[0], t->services[md].first_member + 1 + q);
        CU_ASSERT_EQUAL(m->local_needs[1], t->services[nn].first_member + 2 + q);
        CU_ASSERT_EQUAL(t->members[m->local_needs[0]].host, h);
        CU_ASSERT_EQUAL(t->members[m->local_needs[1]].host, h);
        CU_ASSERT_EQUAL(t->members[m->local_needs[1]].service, nn);
    }
    for (int m = 0; m < t->n_members; m++)
        if (t->members[m].service != vm) {
            CU_ASSERT_EQUAL(t->members[m].n_local_needs, 0);
            CU_ASSERT_PTR_NULL(t->members[m].local_needs);
        }
    /* the order: vm after metadata and nova-network (needs-local), metadata
       after nova-network (needs) */
    int at[8] = {0};
    for (int i = 0; i < t->n_services; i++)
        at[t->service_order[i]] = i;
    CU_ASSERT(at[vm] > at[md]);
    CU_ASSERT(at[vm] > at[nn]);
    CU_ASSERT(at[md] > at[nn]);
    /* the view: 70% of vm's 3 members is 2.1: at least 3 serve */
    CU_ASSERT_DOUBLE_EQUAL(t->views[0].need_fraction, 0.7, 1e-15);
    CU_ASSERT_EQUAL(t->views[0].need_members, 3);
    CU_ASSERT_EQUAL(t->views[0].n_services, 1);

    /* a copy owns its own arrays, equal to the original's */
    topology *c = NULL;
    CU_ASSERT_EQUAL(topo_copy(t, &c), 0);
    if (c) {
        const topo_member *a = &t->members[s->first_member + 2], *b = &c->members[s->first_member + 2];
        CU_ASSERT_EQUAL(b->n_local_needs, 2);
        CU_ASSERT_PTR_NOT_EQUAL(b->local_needs, a->local_needs);
        CU_ASSERT_EQUAL(b->local_needs[1], a->local_needs[1]);
        CU_ASSERT_EQUAL(c->services[vm].n_needs_local, 2);
        CU_ASSERT_PTR_NOT_EQUAL(c->services[vm].needs_local, s->needs_local);
        CU_ASSERT_EQUAL(c->services[vm].needs_local[0], md);
        CU_ASSERT_DOUBLE_EQUAL(c->views[0].need_fraction, 0.7, 1e-15);
        CU_ASSERT_EQUAL(c->views[0].need_members, 3);
        CU_ASSERT_EQUAL(c->system.need_fraction, 0);
    }
    topo_free(c);
    topo_free(t);
}

static void test_view_need(void)
{
    static const char *const needs[] = {"80%", "0.8", "100%", "0.05%", "35%", "0.999"};
    static const double want[] = {0.8, 0.8, 1.0, 0.0005, 0.35, 0.999};
    static const int members[] = {16, 16, 20, 1, 7, 20};
    for (int i = 0; i < 6; i++) {
        char y[1024];
        snprintf(y, sizeof y,
                 "format: nines/1\n"
                 "hosts:\n"
                 "  c[01:20]: {}\n"
                 "services:\n"
                 "  vm: { mode: active-active, hosts: [\"c[01:10]\"] }\n"
                 "  db: { mode: active-active, hosts: [\"c[11:20]\"] }\n"
                 "system: { services: [vm, db], need: %s }\n", needs[i]);
        topology *t = load_ok(y, NULL);
        if (!t)
            continue;
        CU_ASSERT_DOUBLE_EQUAL(t->system.need_fraction, want[i], 1e-15);
        CU_ASSERT_EQUAL(t->system.need_members, members[i]);
        CU_ASSERT_EQUAL(t->system.n_services, 2);
        CU_ASSERT_STRING_EQUAL(t->system.name, "system");
        CU_ASSERT_EQUAL(t->system.pos.line, 7);
        topo_free(t);
    }
    /* without need, the mapping is the plain list */
    topology *t = load_ok("format: nines/1\nhosts:\n  a: {}\nservices:\n  s: { mode: single, hosts: [a] }\n"
                          "system: { services: [s] }\n", NULL);
    if (t) {
        CU_ASSERT_EQUAL(t->system.need_fraction, 0);
        CU_ASSERT_EQUAL(t->system.need_members, 0);
        CU_ASSERT_EQUAL(t->system.n_services, 1);
    }
    topo_free(t);
    /* --set on need, and on a range key as the file writes it */
    topo_set set[] = {{"views.v.need", "95%"}, {"hosts.c[1:3].profile", "{fail: 2y, repair: 1h}"}};
    topo_load_options o = {.set = set, .n_set = 2};
    t = load_ok("format: nines/1\nhosts:\n  c[1:3]: {}\nservices:\n  s: { mode: active-active, hosts: [\"c[1:3]\"] }\n"
                "system: [s]\nviews:\n  v: { services: [s], need: 50% }\n", &o);
    if (t) {
        CU_ASSERT_DOUBLE_EQUAL(t->views[0].need_fraction, 0.95, 1e-15);
        CU_ASSERT_EQUAL(t->views[0].need_members, 3);
        /* an inline law is one law per use: each host made by the range
           uses the entry's law once */
        CU_ASSERT_EQUAL(t->n_laws, 3);
        for (int h = 0; h < 3; h++)
            CU_ASSERT_DOUBLE_EQUAL(law_mean(&t->laws[t->hosts[h].law].fail), 2 * 8760.0, 1e-9);
        CU_ASSERT_STRING_EQUAL(t->hosts[2].name, "c3");
    }
    topo_free(t);
}

static void test_plain_file(void)
{
    /* no range, no needs-local, no need: nothing new is set */
    topology *t = load_ok("format: nines/1\nhosts:\n  a: {}\n  b: {}\nservices:\n"
                          "  s: { mode: active-active, hosts: [a, b] }\n  u: { mode: single, hosts: [a], needs: [s] }\n"
                          "system: [u]\nviews:\n  v: [s]\n", NULL);
    if (!t)
        return;
    for (int m = 0; m < t->n_members; m++) {
        CU_ASSERT_PTR_NULL(t->members[m].local_needs);
        CU_ASSERT_EQUAL(t->members[m].n_local_needs, 0);
    }
    for (int s = 0; s < t->n_services; s++)
        CU_ASSERT_EQUAL(t->services[s].n_needs_local, 0);
    CU_ASSERT_EQUAL(t->system.need_fraction, 0);
    CU_ASSERT_EQUAL(t->views[0].need_fraction, 0);
    CU_ASSERT_EQUAL(t->service_order[0], 0);
    CU_ASSERT_EQUAL(t->service_order[1], 1);
    topo_free(t);
}

/* Groups names[0..n) and joins the groups' texts with spaces into got. */
static void grouped(const char *const *names, int n, char *got, size_t len)
{
    topo_name_group *g = NULL;
    int ng = -1;
    size_t off = 0;
    got[0] = '\0';
    CU_ASSERT_EQUAL(topo_names_group(names, n, &g, &ng), 0);
    int covered = 0;
    for (int i = 0; i < ng; i++) {
        CU_ASSERT_EQUAL(g[i].first, covered);
        covered += g[i].count;
        off += (size_t)snprintf(got + off, len - off, "%s%s", i ? " " : "", g[i].text);
    }
    CU_ASSERT_EQUAL(covered, n);
    topo_name_groups_free(g, ng);
}

static void test_group(void)
{
    char got[512];
    const char *a[] = {"compute01", "compute02", "compute03", "net", "compute04"};
    grouped(a, 5, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "compute[01:03] net compute04");
    const char *b[] = {"c8", "c9", "c10", "c11", "c13"};
    grouped(b, 5, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "c[8:11] c13");
    const char *c[] = {"c08", "c09", "c10", "c9"};
    grouped(c, 4, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "c[08:10] c9");
    const char *d[] = {"rack1-pdu", "rack2-pdu", "rack3-sw", "r1-n05", "r1-n06", "r2-n07"};
    grouped(d, 6, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "rack[1:2]-pdu rack3-sw r1-n[05:06] r2-n07");
    const char *e[] = {"a", "b", "x1", "x1", "x2", "y"};
    grouped(e, 6, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "a b x1 x[1:2] y");
    const char *f[] = {"db9", "db010", "db011"};
    grouped(f, 3, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "db9 db[010:011]");
    grouped(NULL, 0, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "");
    const char *one[] = {"solo7"};
    grouped(one, 1, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "solo7");
}

/* A range written in a file and grouped back from the loaded names gives
 * the same text; loading the group's text gives the same names. */
static void test_round_trip(void)
{
    static const char *const ranges[] = {"compute[01:20]", "n[1:20]", "n[7:7]", "r[098:102]x",
                                         "a[0:12]", "web[0001:1500]"};
    for (int i = 0; i < 6; i++) {
        char y[512];
        snprintf(y, sizeof y, "format: nines/1\nhosts:\n  %s: {}\nservices:\n"
                              "  s: { mode: active-active, hosts: [\"%s\"] }\nsystem: [s]\n",
                 ranges[i], ranges[i]);
        topology *t = load_ok(y, NULL);
        if (!t)
            continue;
        const char **names = malloc((size_t)t->n_hosts * sizeof *names);
        for (int h = 0; h < t->n_hosts; h++)
            names[h] = t->hosts[h].name;
        topo_name_group *g = NULL;
        int ng = 0;
        CU_ASSERT_EQUAL(topo_names_group(names, t->n_hosts, &g, &ng), 0);
        CU_ASSERT_EQUAL(ng, 1);
        if (ng == 1 && t->n_hosts > 1)
            CU_ASSERT_STRING_EQUAL(g[0].text, ranges[i]);
        if (ng == 1 && t->n_hosts == 1)
            CU_ASSERT_STRING_EQUAL(g[0].text, "n7");
        CU_ASSERT_EQUAL(t->services[0].n_hosts, t->n_hosts);
        topo_name_groups_free(g, ng);
        free(names);
        topo_free(t);
    }
}

static void test_errors(void)
{
    char got[4096];
    load_errors(design, got, sizeof got);
    /* metadata's hosts are wrong: vm's needs-local of it says nothing more */
    CU_ASSERT_STRING_EQUAL(got,
        "e.yaml:20:9: error: reversed range 'compute[11:08]x' in services.metadata.hosts (expected the first "
        "number not above the last, such as compute[01:20])");
    load_errors("format: nines/1\n"
                "hosts:\n"
                "  c[1:3]: {}\n"
                "  c[3:4]: {}\n"
                "  d[a:b]: {}\n"
                "services:\n"
                "  s: { mode: active-active, hosts: [\"c[1:4]\", d1, \"c[2:3]\"], needs-local: [t, s] }\n"
                "  t: { mode: active-active, hosts: [\"c[1:4]\"], needs: [s] }\n"
                "system: { services: [s], need: 0.5, extra: 1 }\n", got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got,
        "e.yaml:4:3: error: name 'c3' from range 'c[3:4]' in hosts clashes with range 'c[1:3]' at line 3 "
        "(expected each name once)\n"
        "e.yaml:5:3: error: bad range 'd[a:b]' in hosts (expected NAME[FIRST:LAST] with whole numbers, such as "
        "compute[01:20])\n"
        "e.yaml:7:3: error: cycle through needs-local: s needs-local t, t needs s\n"
        "e.yaml:7:52: error: host 'c2' listed twice in services.s.hosts (expected each host once)\n"
        "e.yaml:7:52: error: host 'c3' listed twice in services.s.hosts (expected each host once)\n"
        "e.yaml:7:79: error: service 's' needs-local itself in services.s.needs-local (expected other services "
        "that run on its hosts)\n"
        "e.yaml:9:37: error: unknown key 'extra' in system (expected one of services, need)");
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_keys);
    HARNESS_ADD(s, test_lists);
    HARNESS_ADD(s, test_needs_local);
    HARNESS_ADD(s, test_view_need);
    HARNESS_ADD(s, test_plain_file);
    HARNESS_ADD(s, test_group);
    HARNESS_ADD(s, test_round_trip);
    HARNESS_ADD(s, test_errors);
}

int main(void)
{
    gsl_set_error_handler_off();
    return harness_run("model_ranges", add);
}
