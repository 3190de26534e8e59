/* tests/test_mc_util.h — helpers shared by the engine's suites (test_mc_*.c):
 * loading a topology from text or a file, running it, and the 4-standard-error
 * check. Header-only (static inline) so that each suite stays one program. */
#ifndef NINES_TESTS_TEST_MC_UTIL_H
#define NINES_TESTS_TEST_MC_UTIL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "../model/topology.h"
#include "../montecarlo/mc.h"

static inline void mc_test_print_errors(const topo_errors *errs)
{
    char buf[1024];
    for (int i = 0; i < errs->n; i++)
        fprintf(stderr, "    %s\n", topo_diag_format(&errs->items[i], buf, sizeof buf));
}

/* A topology from YAML text, or NULL (the errors are printed). */
static inline topology *mc_test_load_text(const char *yaml, const char *name)
{
    topo_errors errs = {0};
    topology *t = NULL;
    if (topo_load_string(yaml, strlen(yaml), name, NULL, &t, &errs) != TOPO_OK) {
        fprintf(stderr, "\n  cannot load %s:\n", name);
        mc_test_print_errors(&errs);
        fprintf(stderr, "%s\n", yaml);
    }
    topo_errors_release(&errs);
    return t;
}

static inline topology *mc_test_load_file(const char *path)
{
    topo_errors errs = {0};
    topology *t = NULL;
    if (topo_load(path, NULL, &t, &errs) != TOPO_OK) {
        fprintf(stderr, "\n  cannot load %s:\n", path);
        mc_test_print_errors(&errs);
    }
    topo_errors_release(&errs);
    return t;
}

/* Runs t; NULL (and a CUnit failure) if the engine fails. */
static inline mc_result *mc_test_run(const topology *t, long long trials, uint64_t seed,
                                     int threads, double mission)
{
    mc_options o = {0};
    mc_result *r = NULL;
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    o.mission = mission;
    int rc = mc_run(t, &o, &r);
    CU_ASSERT_EQUAL(rc, MC_OK);
    CU_ASSERT_PTR_NOT_NULL(r);
    if (rc != MC_OK) {
        mc_result_free(r);
        return NULL;
    }
    return r;
}

/* 1 if figure f's availability is within 4 standard errors of `exact`
 * (a standard error of 0 allows only rounding); prints the gap otherwise. */
static inline int mc_test_within(const char *what, const mc_figures *f, double exact)
{
    double gap = fabs(f->availability - exact);
    double allow = 4 * f->std_error + 1e-12;
    if (gap <= allow)
        return 1;
    fprintf(stderr, "\n  %s: simulated %.10f, exact %.10f, gap %.3g = %.2f standard errors (se %.3g)\n",
            what, f->availability, exact, gap, f->std_error > 0 ? gap / f->std_error : INFINITY,
            f->std_error);
    return 0;
}

#endif
