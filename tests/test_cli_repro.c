/* tests/test_cli_repro.c — what is stored so that a run can be made again
 * (cli/cli_store.c): the command that reproduces a run (nines run, or a
 * one-point nines sweep for a topology loaded with overrides, quoted for a
 * POSIX shell), the options text with one "set PATH=VALUE" line per
 * override, and reading those overrides back (report_load_design rebuilds a
 * sweep's point with them). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../cli/cli_store.h"

static const char design[] = "format: nines/1\nname: pair\nmission: 2y\n"
                             "profiles:\n  server: { fail: 2000h, repair: 8h }\n"
                             "hosts:\n  a: { profile: server }\n  b: { profile: server }\n"
                             "services:\n  api: { mode: active-active, hosts: [a, b] }\n"
                             "system: [api]\n";

static topology *load(const topo_set *set, int n)
{
    topo_load_options o = {.set = set, .n_set = n};
    topology *t = NULL;
    topo_errors errs = {0};
    int rc = topo_load_string(design, strlen(design), "dir/pair.yaml", n ? &o : NULL, &t, &errs);
    CU_ASSERT_EQUAL(rc, 0);
    topo_errors_release(&errs);
    return t;
}

static mc_result fake_run(void)
{
    mc_result r;
    memset(&r, 0, sizeof r);
    r.trials_requested = 500;
    r.seed = 42;
    r.threads = 3;
    r.mission_hours = 2 * 8760.0;
    /* a crude run that --rare auto chose (issue 18): no --rare flag */
    r.rare_note = (char *)"auto: crude (42 system outages seen)";
    return r;
}

static void test_plain_run(void)
{
    topology *t = load(NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NULL(t->overrides);
    mc_result r = fake_run();
    char *c = cli_repro_command("/srv/my designs/pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines run '/srv/my designs/pair.yaml' --trials 500 --seed 42");
    free(c);
    r.mission_hours = 8760.0; /* --mission 1y was given */
    c = cli_repro_command("pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines run pair.yaml --trials 500 --seed 42 --mission 8760h");
    free(c);
    r.rare_note = NULL; /* crude without auto's note: --rare off was asked for */
    c = cli_repro_command("pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines run pair.yaml --trials 500 --seed 42 --mission 8760h --rare off");
    free(c);
    r.rare = 1; /* importance sampling */
    c = cli_repro_command("pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines run pair.yaml --trials 500 --seed 42 --mission 8760h --rare is");
    free(c);
    r.rare = 0;
    char *o = cli_run_options(t, &r);
    CU_ASSERT_STRING_EQUAL(o, "trials=500 seed=42 threads=3 mission=8760h");
    topo_set *set = (topo_set *)1;
    char *buf = (char *)1;
    CU_ASSERT_EQUAL(cli_options_overrides(o, &set, &buf), 0);
    CU_ASSERT_PTR_NULL(set);
    CU_ASSERT_PTR_NULL(buf);
    CU_ASSERT_EQUAL(cli_options_overrides(NULL, &set, &buf), 0);
    free(o);
    topo_free(t);
}

static void test_sweep_point_round_trip(void)
{
    const topo_set in[] = {{"profiles.server.repair", "4h"},
                           {"profiles.server.fail", "{dist: weibull, shape: 2, mean: 1y}"},
                           {"services.api.need", "2"}};
    topology *t = load(in, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->overrides, "profiles.server.repair=4h\n"
                                         "profiles.server.fail={dist: weibull, shape: 2, mean: 1y}\n"
                                         "services.api.need=2\n");
    mc_result r = fake_run();
    char *c = cli_repro_command("pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines sweep pair.yaml --set profiles.server.repair=4h "
                              "--set 'profiles.server.fail={dist: weibull, shape: 2, mean: 1y}' "
                              "--set services.api.need=2 --trials 500 --seed 42");
    free(c);
    char *o = cli_run_options(t, &r);
    CU_ASSERT_STRING_EQUAL(o, "trials=500 seed=42 threads=3 mission=17520h\n"
                              "set profiles.server.repair=4h\n"
                              "set profiles.server.fail={dist: weibull, shape: 2, mean: 1y}\n"
                              "set services.api.need=2");
    topo_set *set = NULL;
    char *buf = NULL;
    CU_ASSERT_EQUAL_FATAL(cli_options_overrides(o, &set, &buf), 3);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_STRING_EQUAL(set[i].path, in[i].path);
        CU_ASSERT_STRING_EQUAL(set[i].value, in[i].value);
    }
    /* the overrides read back rebuild the same design */
    topology *again = load(set, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_STRING_EQUAL(again->overrides, t->overrides);
    CU_ASSERT_EQUAL(again->services[0].need, 2);
    CU_ASSERT_EQUAL(again->laws[0].fail.kind, LAW_WEIBULL);
    topo_free(again);
    free(set);
    free(buf);
    free(o);
    topo_free(t);

    /* a quote in a value survives the shell */
    const topo_set q[] = {{"description", "it's"}};
    t = load(q, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    c = cli_repro_command("pair.yaml", t, &r);
    CU_ASSERT_STRING_EQUAL(c, "nines sweep pair.yaml --set 'description=it'\\''s' "
                              "--trials 500 --seed 42");
    free(c);
    topo_free(t);
}

static void test_foreign_lines_ignored(void)
{
    topo_set *set = NULL;
    char *buf = NULL;
    /* lines nines did not write, a "set" without '=' or with an empty path */
    CU_ASSERT_EQUAL(cli_options_overrides("trials=1\nnote x=y\nset nothing\nset =v", &set, &buf), 0);
    CU_ASSERT_PTR_NULL(set);
    CU_ASSERT_EQUAL_FATAL(cli_options_overrides("trials=1\nset a.b=c=d\nset e=", &set, &buf), 2);
    CU_ASSERT_STRING_EQUAL(set[0].path, "a.b");
    CU_ASSERT_STRING_EQUAL(set[0].value, "c=d");
    CU_ASSERT_STRING_EQUAL(set[1].path, "e");
    CU_ASSERT_STRING_EQUAL(set[1].value, "");
    free(set);
    free(buf);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_plain_run);
    HARNESS_ADD(s, test_sweep_point_round_trip);
    HARNESS_ADD(s, test_foreign_lines_ignored);
}

int main(void)
{
    return harness_run("cli_repro", add);
}
