/* model/topo_crews.c — the `crews` section (repair crews: a name and how
 * many repairs it does at once), a law's `crew` reference, and the top-level
 * `frozen-when-down` switch (docs/semantics.md, "Repair crews" and "Frozen
 * while the system is down").
 *
 * `crews` is read from the main file only, before the profiles, so that a
 * law's `crew` (in a profile of the main file or of an included one, or in an
 * inline law) resolves as soon as it is read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* The largest crew accepted: more is the same as unlimited repair for any
 * design nines can hold (write no `crew` instead). */
#define TOPO_MAX_CREW 1000000

static int crew_size(loader *L, ynode *v, const char *path, int *out)
{
    const char *s = topo_load_scalar(L, v, path, "a whole number of 1 or more");
    if (!s)
        return -1;
    char *end = NULL;
    double x = strtod(s, &end);
    if (!*s || end == s || *end || !isfinite(x) || x != floor(x)) {
        topo_load_err(L, topo_yaml_deref(v), "%s '%s' is not a whole number (expected how many repairs "
                                             "the crew does at once, e.g. 1)", path, s);
        return -1;
    }
    if (x < 1 || x > TOPO_MAX_CREW) {
        topo_load_err(L, topo_yaml_deref(v), "%s '%s' is out of range (expected 1 to %d repairs at once; "
                                             "for unlimited repairs write no crew)", path, s, TOPO_MAX_CREW);
        return -1;
    }
    *out = (int)x;
    return 0;
}

void topo_load_crews(loader *L, ynode *crews)
{
    topology *t = L->t;
    char path[512];
    ynode *m = topo_yaml_deref(crews);
    if (!m || topo_load_is_null(m))
        return;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "crews is %s (expected a mapping of crew names to sizes, e.g. onsite: 1)",
                      topo_load_type_name(m));
        return;
    }
    topo_load_check_keys(L, m, "crews", NULL, -1);
    int n = m->n / 2;
    if (!(t->crews = calloc((size_t)(n ? n : 1), sizeof *t->crews))) {
        L->nomem = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        ynode *k = topo_yaml_deref(m->kids[2 * i]);
        if (!k || k->type != Y_SCALAR || topo_names_find(&L->crew_ix, k->text) >= 0)
            continue; /* a duplicate key is reported by topo_load_check_keys */
        topo_crew *c = &t->crews[t->n_crews];
        if (!(c->name = topo_load_strdup(L, k->text)))
            return;
        if (topo_names_add(&L->crew_ix, c->name, t->n_crews) == TOPO_ENOMEM) {
            free(c->name);
            c->name = NULL;
            L->nomem = 1;
            return;
        }
        c->pos = topo_load_pos_of(k);
        c->size = 1;
        t->n_crews++;
        snprintf(path, sizeof path, "crews.%s", k->text);
        crew_size(L, m->kids[2 * i + 1], path, &c->size);
    }
}

int topo_load_crew_ref(loader *L, ynode *n, const char *path)
{
    const topology *t = L->t;
    const char *s = topo_load_scalar(L, n, path, "a crew's name");
    if (!s)
        return -1;
    int i = topo_names_find(&L->crew_ix, s);
    if (i >= 0)
        return i;
    ynode *v = topo_yaml_deref(n);
    if (t->n_crews == 0) {
        topo_load_err(L, v, "unknown crew '%s' in %s (no crews are defined: add it under 'crews:' in the "
                            "main file, e.g. crews: {%s: 1})", s, path, *s ? s : "onsite");
        return -1;
    }
    const char *cands[64];
    char sugg[160];
    int nc = 0;
    for (int c = 0; c < t->n_crews && nc < 64; c++)
        cands[nc++] = t->crews[c].name;
    topo_load_err(L, v, "unknown crew '%s' in %s%s", s, path, topo_suggest_text(s, cands, nc, sugg, sizeof sugg));
    return -1;
}

void topo_load_frozen(loader *L, ynode *v)
{
    if (!v)
        return;
    const char *s = topo_load_scalar(L, v, "frozen-when-down", "true or false");
    if (!s)
        return;
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        L->t->frozen_when_down = 1;
    else if (strcmp(s, "false") && strcmp(s, "False") && strcmp(s, "FALSE"))
        topo_load_err(L, topo_yaml_deref(v), "frozen-when-down '%s' is not true or false (expected true: "
                                             "no part fails while the system is down, or false)", s);
}
