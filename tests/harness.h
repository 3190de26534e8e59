/* tests/harness.h — the shared main of every CUnit suite.
 *
 * Each tests/test_<module>_<topic>.c is its own program: it defines a function
 * that adds its tests to one suite and calls harness_run from main. The
 * harness runs CUnit in basic mode, prints its summary and appends
 * "NAME PASSED FAILED" to the file named by $NINES_TALLY (if set), which
 * tests/run_all.sh sums into the closing "N passed, N failed" line.
 * Tests run from the repository root.
 */
#ifndef NINES_TESTS_HARNESS_H
#define NINES_TESTS_HARNESS_H

#include <CUnit/CUnit.h>

typedef void (*harness_add_fn)(CU_pSuite suite);

/* Returns the process exit status: 0 if every test passed. */
int harness_run(const char *name, harness_add_fn add);

/* Relative difference |a - b| / |b| (|a - b| if b == 0). */
double harness_rel(double a, double b);

#define HARNESS_ADD(suite, fn) CU_add_test((suite), #fn, (fn))

#endif
