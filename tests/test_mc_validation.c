/* tests/test_mc_validation.c — the engine against the exact answers of
 * tests/cases/validation/: every *.yaml there, system, services and views,
 * within 4 standard errors at a fixed seed. The exact values are steady
 * state; a mission of many repair cycles makes the start-up effect far
 * smaller than one standard error (see test_mc_renewal.c for the effect). */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_mc_util.h"

#define CASES "tests/cases/validation"
#define TRIALS 4000
#define SEED 20261128

/* The exact value of an exact.json (read with jansson): the top-level
 * "availability" when group is NULL, else name's number in the "services"
 * or "views" object; -1 if it is not there or not a number. */
static int json_exact(const json_t *doc, const char *group, const char *name, double *out)
{
    const json_t *v = group ? json_object_get(json_object_get(doc, group), name)
                            : json_object_get(doc, "availability");
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return 0;
}

static int check_case(const char *yaml_path, const char *json_path)
{
    int ok = 1;
    json_t *js = json_load_file(json_path, 0, NULL);
    topology *t = mc_test_load_file(yaml_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(js);
    CU_ASSERT_PTR_NOT_NULL(t);
    if (!t) {
        json_decref(js);
        return 0;
    }
    mc_result *r = mc_test_run(t, TRIALS, SEED, 4, 0);
    if (!r) {
        json_decref(js);
        topo_free(t);
        return 0;
    }
    char what[2200];
    double exact = NAN;
    CU_ASSERT_EQUAL(json_exact(js, NULL, NULL, &exact), 0);
    snprintf(what, sizeof what, "%s system", yaml_path);
    ok &= mc_test_within(what, &r->system, exact);
    for (int s = 0; s < r->n_services; s++) {
        if (json_exact(js, "services", r->services[s].name, &exact)) {
            fprintf(stderr, "\n  %s: no exact value for service %s\n", json_path, r->services[s].name);
            ok = 0;
            continue;
        }
        snprintf(what, sizeof what, "%s service %s", yaml_path, r->services[s].name);
        ok &= mc_test_within(what, &r->services[s], exact);
    }
    for (int v = 0; v < r->n_views; v++) {
        if (json_exact(js, "views", r->views[v].name, &exact)) {
            fprintf(stderr, "\n  %s: no exact value for view %s\n", json_path, r->views[v].name);
            ok = 0;
            continue;
        }
        snprintf(what, sizeof what, "%s view %s", yaml_path, r->views[v].name);
        ok &= mc_test_within(what, &r->views[v], exact);
    }
    /* the interval is informative: narrower than 30% of the unavailability */
    double width = r->system.ci_hi - r->system.ci_lo;
    CU_ASSERT(width < 0.3 * (1 - r->system.availability));
    mc_result_free(r);
    topo_free(t);
    json_decref(js);
    return ok;
}

static void test_every_validation_case(void)
{
    DIR *d = opendir(CASES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        char yaml[1024], json[1024];
        snprintf(yaml, sizeof yaml, "%s/%s", CASES, e->d_name);
        snprintf(json, sizeof json, "%s/%.*s.exact.json", CASES, (int)(len - 5), e->d_name);
        CU_ASSERT(check_case(yaml, json));
        n++;
    }
    closedir(d);
    CU_ASSERT(n >= 5);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_every_validation_case);
}

int main(void)
{
    return harness_run("mc_validation", add);
}
