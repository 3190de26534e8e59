/* model/topo_overrides.c — `--set PATH=VALUE` overrides (topo_load_options):
 * applied to the main file's tree before it is interpreted; an override of a
 * profile the main file does not define waits for the included file whose
 * definition wins, and is reported if no file defines it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* The NAME of an override "profiles.NAME.KEY..." (into buf), or NULL when
 * the path is not one that changes part of a profile. */
static const char *set_profile_name(const topo_set *set, char *buf, size_t n)
{
    const char *p = set->path;
    if (strncmp(p, "profiles.", 9))
        return NULL;
    const char *dot = strchr(p + 9, '.');
    if (!dot || dot == p + 9 || (size_t)(dot - (p + 9)) >= n)
        return NULL;
    memcpy(buf, p + 9, (size_t)(dot - (p + 9)));
    buf[dot - (p + 9)] = '\0';
    return buf;
}

/* The profiles map of a document's root mapping, or NULL. */
static ynode *doc_profiles(ydoc *d)
{
    ynode *root = topo_yaml_deref(d->root);
    ynode *m = root && root->type == Y_MAP ? topo_yaml_deref(topo_yaml_map_get(root, "profiles", NULL)) : NULL;
    return m && m->type == Y_MAP ? m : NULL;
}

/* Applies the pending overrides of profiles that included file d defines
 * first (no earlier file has them), before its profiles are read. */
void topo_load_apply_pending_sets(loader *L, ydoc *d, const char *file)
{
    ynode *m = doc_profiles(d);
    char name[256];
    for (int i = 0; m && i < L->n_set; i++) {
        const char *nm = L->pending[i] ? set_profile_name(&L->set[i], name, sizeof name) : NULL;
        if (!nm || !topo_yaml_map_get(m, nm, NULL) || topo_names_find(&L->profile_ix, nm) >= 0)
            continue;
        L->pending[i] = 0;
        int r = topo_yaml_apply_set(d, file, &L->set[i], L->errs);
        if (r == TOPO_ENOMEM)
            L->nomem = 1;
        else if (r)
            L->failed = 1;
    }
}

/* An override left pending once every include is read: no file defines its
 * profile. */
void topo_load_report_unused_sets(loader *L)
{
    char name[256];
    for (int i = 0; i < L->n_set; i++) {
        if (!L->pending[i] || !set_profile_name(&L->set[i], name, sizeof name))
            continue;
        if (topo_yaml_set_text_ok(L->t->files[0], &L->set[i], L->errs)) {
            L->failed = 1; /* said so: the path is not quoted as it is */
            continue;
        }
        const char **cands = malloc(((size_t)L->n_profiles + 1) * sizeof *cands);
        if (!cands) {
            L->nomem = 1;
            return;
        }
        for (int k = 0; k < L->n_profiles; k++)
            cands[k] = L->profiles[k].name;
        char sugg[300];
        const char *best = topo_suggest(name, cands, L->n_profiles);
        free(cands);
        sugg[0] = '\0';
        if (best)
            snprintf(sugg, sizeof sugg, " (did you mean 'profiles.%s%s'?)", best,
                     strchr(L->set[i].path + 9, '.'));
        topo_err_add(L->errs, L->t->files[0], 0, 0,
                     "bad --set path '%s': no profile '%s' in the file or its includes%s",
                     L->set[i].path, name, sugg);
        L->failed = 1;
    }
}

/* "PATH=VALUE\n" for each override, in order (malloc'ed), or NULL. */
static char *overrides_text(const topo_load_options *opts)
{
    size_t n = 1;
    for (int i = 0; i < opts->n_set; i++)
        n += strlen(opts->set[i].path) + strlen(opts->set[i].value) + 2;
    char *s = malloc(n), *p = s;
    for (int i = 0; s && i < opts->n_set; i++)
        p += sprintf(p, "%s=%s\n", opts->set[i].path, opts->set[i].value);
    return s;
}

int topo_load_apply_sets(loader *L, ydoc *d, const topo_load_options *opts)
{
    topology *t = L->t;
    if (!opts || opts->n_set <= 0)
        return TOPO_OK;
    L->set = opts->set;
    L->n_set = opts->n_set;
    if (!(L->pending = calloc((size_t)opts->n_set, 1)))
        return TOPO_ENOMEM;
    for (int i = 0; i < opts->n_set; i++) {
        char name[256];
        const char *nm = set_profile_name(&opts->set[i], name, sizeof name);
        ynode *own = nm ? doc_profiles(d) : NULL;
        if (nm && !(own && topo_yaml_map_get(own, nm, NULL))) {
            L->pending[i] = 1; /* a profile of an included file, perhaps */
            continue;
        }
        int r = topo_yaml_apply_set(d, t->files[0], &opts->set[i], L->errs);
        if (r == TOPO_ENOMEM)
            return r;
        if (r)
            L->failed = 1;
    }
    if (L->failed)
        return TOPO_EINVALID;
    if (!(t->overrides = overrides_text(opts)))
        return TOPO_ENOMEM;
    return TOPO_OK;
}
