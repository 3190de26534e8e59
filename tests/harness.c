/* tests/harness.c — runs one CUnit suite and records its tally. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

double harness_rel(double a, double b)
{
    double d = fabs(a - b);
    return b == 0 ? d : d / fabs(b);
}

int harness_run(const char *name, harness_add_fn add)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite suite = CU_add_suite(name, NULL, NULL);
    if (!suite) {
        CU_cleanup_registry();
        return 2;
    }
    add(suite);
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned ran = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    const char *tally = getenv("NINES_TALLY");
    if (tally) {
        FILE *f = fopen(tally, "a");
        if (f) {
            fprintf(f, "%s %u %u\n", name, ran - failed, failed);
            fclose(f);
        }
    }
    CU_cleanup_registry();
    printf("\n");
    return failed ? 1 : 0;
}
