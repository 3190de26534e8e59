/* tests/fuzz/fuzz_topo.h — the one path every fuzz input takes, shared by the
 * libFuzzer target (tests/fuzz/fuzz_topo.c, built with clang) and the replay
 * suite (tests/test_model_fuzz_replay.c, built with the normal compiler), so
 * that `make test` and `make sanitize` replay every finding exactly as the
 * fuzzer ran it.
 *
 * bytes -> overrides -> topo_load_string (named FUZZ_TOPO_PATH, so relative
 * includes land in tests/fuzz/inc/: run from the repository root) ->
 * analytic_solve -> analytic_importance of the first laws (small topologies
 * whose first solve was quick only) -> free everything. The invariants it checks are the contract of
 * model/: a failed load returns a TOPO_E* code with at least one non-empty
 * message, every message names a file and a place in it (line and column
 * from 1, or 0 and 0 for the file as a whole: a bad override path), no
 * message, name or text of a loaded topology holds a control character
 * (docs/security.md), a successful load has no message, every figure is a number in
 * [0, 1], an approximate figure says why.
 *
 * Overrides (what `nines sweep --set PATH=VALUE` passes to the loader): an
 * input may start with lines "#set PATH=VALUE", each ended by a newline or by
 * the end of the input. PATH is what comes before the first '=' (all of the
 * line when there is none: the value is then empty), VALUE the rest of the
 * line; both stop at a NUL byte, as a command-line argument would. At most
 * FUZZ_TOPO_MAX_SET lines count, in order; the lines after are the document.
 * They reach the loader as topo_load_options.set, and each of them is
 * replaced by an empty line in the text loaded, so line numbers stay those of
 * the input and the value's bytes are checked only by the value's own parse.
 * An input that does not start with "#set " is loaded exactly as it is, with
 * no options, as before overrides were fuzzed.
 *
 * Everything is static: include this header in exactly one file per program.
 */
#ifndef NINES_TESTS_FUZZ_TOPO_H
#define NINES_TESTS_FUZZ_TOPO_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../model/topology.h"

#define FUZZ_TOPO_PATH "tests/fuzz/inc/fuzz.yaml"
/* analytic_importance costs about 7 solves per law: only on small designs,
 * and only when the first solve took at most FUZZ_TOPO_IMPORTANCE_MAX_CPU
 * seconds of CPU. A solve is bounded by the solver's work limits (about half
 * a second at -O2, docs/analytic.md), but 15 of them are not: the shipped
 * operations example (a Markov chain of 1609 states, 0.4 s of dense LU in
 * GSL per solve) took 6 s of CPU, past the fuzzer's 5 s timeout (F14). The
 * clock decides only whether importance is checked, never an outcome. */
#define FUZZ_TOPO_IMPORTANCE_LAWS 2
#define FUZZ_TOPO_IMPORTANCE_MAX_PARTS 24
#define FUZZ_TOPO_IMPORTANCE_MAX_CPU 0.05
/* override lines read at the start of an input (as many as `nines sweep`) */
#define FUZZ_TOPO_MAX_SET 8
#define FUZZ_TOPO_SET_PREFIX "#set "

/* What one input did. `broken` names the first broken invariant (NULL: none). */
typedef struct fuzz_topo_outcome {
    int n_set;          /* override lines read at the start of the input */
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
/* 1 if s is UTF-8 text that a terminal shows as it is (docs/security.md):
 * no C0 control (tab and newline only when `lines`), DEL, C1 control or
 * bidirectional formatting character. The harness's own statement of the
 * rule, independent of model/text.c. NULL is fine. */
static int fuzz_topo_text_ok(const char *s, int lines)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        unsigned c = *p;
        int k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
              : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (!k)
            return 0;
        if (k > 1)
            c &= 0x3fu >> (k - 1);
        for (int i = 1; i < k; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            c = c << 6 | (p[i] & 0x3fu);
        }
        if ((c == '\t' || c == '\n') ? !lines
            : c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e ||
              c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            return 0;
        p += k;
    }
    return 1;
}

/* 1 if every name and text of t may be shown as it is (the description may
 * hold lines). */
static int fuzz_topo_names_ok(const topology *t)
{
    if (!fuzz_topo_text_ok(t->name, 0) || !fuzz_topo_text_ok(t->reference, 0) ||
        !fuzz_topo_text_ok(t->description, 1) || !fuzz_topo_text_ok(t->system.name, 0))
        return 0;
    for (int i = 0; i < t->n_laws; i++)
        if (!fuzz_topo_text_ok(t->laws[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_hosts; i++)
        if (!fuzz_topo_text_ok(t->hosts[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_services; i++)
        if (!fuzz_topo_text_ok(t->services[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_views; i++)
        if (!fuzz_topo_text_ok(t->views[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_maint; i++)
        if (!fuzz_topo_text_ok(t->maint[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_ccfs; i++)
        if (!fuzz_topo_text_ok(t->ccfs[i].name, 0))
            return 0;
    for (int i = 0; i < t->n_crews; i++)
        if (!fuzz_topo_text_ok(t->crews[i].name, 0))
            return 0;
    return 1;
}

/* 1 if every unit of maintenance and common causes, every crew of a law and
 * every local need points inside the topology (the engine indexes by them). */
static int fuzz_topo_refs_ok(const topology *t)
{
    for (int i = 0; i < t->n_maint; i++)
        for (int u = 0; u < t->maint[i].n_units; u++) {
            const topo_unit *x = &t->maint[i].units[u];
            if ((x->host < 0) == (x->member < 0) || x->host >= t->n_hosts ||
                x->member >= t->n_members)
                return 0;
        }
    for (int i = 0; i < t->n_ccfs; i++) {
        if (t->ccfs[i].law < 0 || t->ccfs[i].law >= t->n_laws)
            return 0;
        for (int u = 0; u < t->ccfs[i].n_units; u++) {
            const topo_unit *x = &t->ccfs[i].units[u];
            if ((x->host < 0) == (x->member < 0) || x->host >= t->n_hosts ||
                x->member >= t->n_members)
                return 0;
        }
    }
    for (int i = 0; i < t->n_laws; i++)
        if (t->laws[i].crew >= t->n_crews)
            return 0;
    for (int m = 0; m < t->n_members; m++)
        for (int k = 0; k < t->members[m].n_local_needs; k++) {
            int x = t->members[m].local_needs[k];
            if (x < 0 || x >= t->n_members || t->members[x].host != t->members[m].host)
                return 0;
        }
    return 1;
}

/* Reads the override lines at the start of data (see the top of this file)
 * into set[] and returns how many: 0 when there are none (then *strings and
 * *text stay NULL and data is loaded as it is), -1 when memory runs out.
 * Otherwise set[] points into *strings and *text (length *len) is the text
 * to load: one empty line per override line, then the rest of the input.
 * The caller frees both. */
static int fuzz_topo_overrides(const uint8_t *data, size_t size, topo_set *set,
                               char **strings, char **text, size_t *len)
{
    const size_t plen = sizeof FUZZ_TOPO_SET_PREFIX - 1;
    size_t at = 0;
    int n = 0;
    *strings = *text = NULL;
    *len = 0;
    if (size < plen || memcmp(data, FUZZ_TOPO_SET_PREFIX, plen))
        return 0;
    /* a copy of the input in which each override line's path and value
       become NUL-terminated strings in place */
    char *b = malloc(size + 1);
    if (!b)
        return -1;
    memcpy(b, data, size);
    b[size] = '\0';
    while (n < FUZZ_TOPO_MAX_SET && size - at >= plen && !memcmp(b + at, FUZZ_TOPO_SET_PREFIX, plen)) {
        char *line = b + at + plen;
        char *end = memchr(line, '\n', size - at - plen);
        char *stop = end ? end : b + size;
        *stop = '\0';
        char *eq = strchr(line, '=');
        if (eq)
            *eq = '\0';
        set[n].path = line;
        set[n].value = eq ? eq + 1 : stop; /* "" with no '=' */
        n++;
        at = end ? (size_t)(end - b) + 1 : size;
    }
    size_t rest = size - at;
    char *t = malloc((size_t)n + rest + 1);
    if (!t) {
        free(b);
        return -1;
    }
    memset(t, '\n', (size_t)n);
    memcpy(t + n, data + at, rest);
    t[(size_t)n + rest] = '\0';
    *strings = b;
    *text = t;
    *len = (size_t)n + rest;
    return n;
}

static int fuzz_topo_run(const uint8_t *data, size_t size, fuzz_topo_outcome *o)
{
    topology *t = NULL;
    topo_errors errs = {0};
    analytic_result *r = NULL;
    topo_set set[FUZZ_TOPO_MAX_SET];
    topo_load_options opts = {.set = set, .n_set = 0};
    char *strings = NULL, *text = NULL;
    size_t len = 0;
    memset(o, 0, sizeof *o);
    o->system = NAN;
    opts.n_set = fuzz_topo_overrides(data, size, set, &strings, &text, &len);
    if (opts.n_set < 0)
        return 0; /* out of memory in the harness itself: nothing to check */
    o->n_set = opts.n_set;
    if (opts.n_set)
        o->load_rc = topo_load_string(text, len, FUZZ_TOPO_PATH, &opts, &t, &errs);
    else /* exactly as before overrides were fuzzed */
        o->load_rc = topo_load_string((const char *)data, size, FUZZ_TOPO_PATH, NULL, &t, &errs);
    o->n_errors = errs.n;
    if (errs.n)
        topo_diag_format(&errs.items[0], o->first_error, sizeof o->first_error);
    for (int i = 0; i < errs.n && !o->broken; i++) {
        const topo_diag *e = &errs.items[i];
        if (!e->msg || !*e->msg)
            o->broken = "a diagnostic without a message";
        else if (!e->file || !*e->file)
            o->broken = "a diagnostic without a file";
        else if (e->line < 0 || e->col < 0 || (e->line == 0 && e->col != 0))
            o->broken = "a diagnostic with a bad line or column";
        else if (!fuzz_topo_text_ok(e->msg, 0) || !fuzz_topo_text_ok(e->file, 0))
            o->broken = "a diagnostic holding a control character";
    }
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
    if (!fuzz_topo_names_ok(t)) {
        o->broken = "a name or text holding a control character";
        goto done;
    }
    if (!fuzz_topo_refs_ok(t)) {
        o->broken = "a maintenance or common-cause unit, a crew or a local need out of range";
        goto done;
    }
    clock_t started = clock();
    o->solve_rc = analytic_solve(t, &r);
    double cpu = (double)(clock() - started) / CLOCKS_PER_SEC;
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
                    parts <= FUZZ_TOPO_IMPORTANCE_MAX_PARTS &&
                    cpu <= FUZZ_TOPO_IMPORTANCE_MAX_CPU; l++) {
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
    free(text);
    free(strings);
    return o->broken ? -1 : 0;
}

#endif
