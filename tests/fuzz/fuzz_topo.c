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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    gsl_set_error_handler_off(); /* as cli/main.c does */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_topo_outcome o;
    if (fuzz_topo_run(data, size, &o)) {
        fprintf(stderr, "fuzz_topo: broken invariant: %s (load %d, solve %d, first error: %s)\n",
                o.broken, o.load_rc, o.solve_rc, o.first_error);
        abort();
    }
    return 0;
}
