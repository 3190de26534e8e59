/* tests/fuzz/fuzz_topo.c — libFuzzer target for the topology loader and the
 * analytic solver: bytes -> topo_load_string -> analytic_solve ->
 * analytic_importance -> free (tests/fuzz/fuzz_topo.h). A broken invariant
 * aborts, so libFuzzer keeps the input as a crash. Built by `make fuzz-build`
 * with clang -fsanitize=fuzzer,address,undefined (mk/fuzz.mk); run from the
 * repository root (relative includes resolve under tests/fuzz/inc/).
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "fuzz_topo.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* With FUZZ_TOPO_STATS=FILE in the environment, each process appends one
 * line "INPUTS WITH_OVERRIDES" to FILE when it exits (with -fork=N, each job
 * is a process): how many inputs ran, and how many of them started with
 * "#set" lines. Without it, nothing is counted or written. */
static const char *stats_path;
static unsigned long long n_inputs, n_with_set;

static void write_stats(void)
{
    FILE *f = fopen(stats_path, "a");
    if (!f)
        return;
    fprintf(f, "%llu %llu\n", n_inputs, n_with_set);
    fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    gsl_set_error_handler_off(); /* as cli/main.c does */
    stats_path = getenv("FUZZ_TOPO_STATS");
    if (stats_path && *stats_path)
        atexit(write_stats);
    else
        stats_path = NULL;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_topo_outcome o;
    int rc = fuzz_topo_run(data, size, &o);
    n_inputs++;
    n_with_set += o.n_set > 0;
    if (rc) {
        fprintf(stderr, "fuzz_topo: broken invariant: %s (load %d, solve %d, first error: %s)\n",
                o.broken, o.load_rc, o.solve_rc, o.first_error);
        abort();
    }
    return 0;
}
