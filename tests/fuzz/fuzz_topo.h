/* tests/fuzz/fuzz_topo.h — the one path every fuzz input takes, shared by the
 * libFuzzer target (tests/fuzz/fuzz_topo.c, built with clang) and the replay
 * suite (tests/test_model_fuzz_replay.c, built with the normal compiler), so
 * that `make test` and `make sanitize` replay every finding exactly as the
 * fuzzer ran it.
 *
 * bytes -> topo_load_string (named FUZZ_TOPO_PATH, so relative includes land
 * in tests/fuzz/inc/: run from the repository root) -> analytic_solve ->
 * analytic_importance of the first laws (small topologies only) -> free
 * everything. The invariants it checks are the contract of model/: a failed
 * load returns a TOPO_E* code with at least one non-empty message, a
 * successful load has no message, every figure is a number in [0, 1], an
 * approximate figure says why.
 *
 * Everything is static: include this header in exactly one file per program.
 */
#ifndef NINES_TESTS_FUZZ_TOPO_H
#define NINES_TESTS_FUZZ_TOPO_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../model/topology.h"

#define FUZZ_TOPO_PATH "tests/fuzz/inc/fuzz.yaml"
/* analytic_importance costs about 7 solves per law: only on small designs */
#define FUZZ_TOPO_IMPORTANCE_LAWS 2
#define FUZZ_TOPO_IMPORTANCE_MAX_PARTS 24

/* What one input did. `broken` names the first broken invariant (NULL: none). */
typedef struct fuzz_topo_outcome {
    int load_rc;        /* topo_load_string's return */
    int n_errors;       /* diagnostics collected */
    char first_error[512]; /* the first, formatted ("" if none) */
    int solved;         /* analytic_solve returned 0 */
    int solve_rc;
    double system;      /* system availability when solved, else NAN */
    int exact;          /* the system figure is exact */
    const char *broken;
} fuzz_topo_outcome;

static int fuzz_topo_figure_ok(const analytic_figure *f)
{
    if (!(f->availability >= 0 && f->availability <= 1))
        return 0;
    if (f->exact != 0 && f->exact != 1)
        return 0;
    if (!f->exact && (!f->reason || !*f->reason))
        return 0;
    return 1;
}

static int fuzz_topo_importance_ok(const law_importance *li)
{
    if (!(li->availability >= 0 && li->availability <= 1))
        return 0;
    if (!(li->system >= 0 && li->system <= 1))
        return 0;
    if (li->parts < 0)
        return 0;
    /* birnbaum may be NAN (a law never down); otherwise a finite number */
    if (!isnan(li->birnbaum) && !isfinite(li->birnbaum))
        return 0;
    return 1;
}

/* Runs one input through the loader and the solver; fills *o and returns 0,
 * or -1 when an invariant is broken (o->broken says which). Never leaks. */
static int fuzz_topo_run(const uint8_t *data, size_t size, fuzz_topo_outcome *o)
{
    topology *t = NULL;
    topo_errors errs = {0};
    analytic_result *r = NULL;
    memset(o, 0, sizeof *o);
    o->system = NAN;
    o->load_rc = topo_load_string((const char *)data, size, FUZZ_TOPO_PATH, NULL, &t, &errs);
    o->n_errors = errs.n;
    if (errs.n)
        topo_diag_format(&errs.items[0], o->first_error, sizeof o->first_error);
    for (int i = 0; i < errs.n && !o->broken; i++)
        if (!errs.items[i].msg || !*errs.items[i].msg)
            o->broken = "a diagnostic without a message";
    if (o->broken)
        goto done;
    if (o->load_rc != TOPO_OK) {
        if (t)
            o->broken = "a failed load returned a topology";
        else if (o->load_rc != TOPO_EINVALID && o->load_rc != TOPO_EIO && o->load_rc != TOPO_ENOMEM)
            o->broken = "topo_load_string returned an unknown code";
        else if (o->load_rc != TOPO_ENOMEM && errs.n == 0)
            o->broken = "a failed load without any message";
        goto done;
    }
    if (!t) {
        o->broken = "a successful load without a topology";
        goto done;
    }
    if (errs.n) {
        o->broken = "a successful load with error messages";
        goto done;
    }
    o->solve_rc = analytic_solve(t, &r);
    if (o->solve_rc) {
        if (o->solve_rc != TOPO_ENOMEM)
            o->broken = "analytic_solve failed on a valid topology";
        goto done;
    }
    o->solved = 1;
    o->system = r->system.availability;
    o->exact = r->system.exact;
    if (!fuzz_topo_figure_ok(&r->system))
        o->broken = "system figure outside [0, 1] or approximate without a reason";
    for (int s = 0; s < t->n_services && !o->broken; s++)
        if (!fuzz_topo_figure_ok(&r->services[s]))
            o->broken = "service figure outside [0, 1] or approximate without a reason";
    for (int v = 0; v < t->n_views && !o->broken; v++)
        if (!fuzz_topo_figure_ok(&r->views[v]))
            o->broken = "view figure outside [0, 1] or approximate without a reason";
    if (o->broken)
        goto done;
    int parts = t->n_members;
    for (int h = 0; h < t->n_hosts; h++)
        parts += t->hosts[h].law >= 0;
    for (int l = 0; l < t->n_laws && l < FUZZ_TOPO_IMPORTANCE_LAWS &&
                    parts <= FUZZ_TOPO_IMPORTANCE_MAX_PARTS; l++) {
        law_importance li;
        int rc = analytic_importance(t, l, &li);
        if (rc == TOPO_ENOMEM)
            break;
        if (rc) {
            o->broken = "analytic_importance failed on a valid law";
            break;
        }
        if (!fuzz_topo_importance_ok(&li)) {
            o->broken = "importance figures outside their range";
            break;
        }
    }
done:
    analytic_result_free(r);
    topo_free(t);
    topo_errors_release(&errs);
    return o->broken ? -1 : 0;
}

#endif
