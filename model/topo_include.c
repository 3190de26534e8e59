/* model/topo_include.c — the `include` key: profile files read (once each,
 * relative to the including file), cycles named, depth and count limited.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model_int.h"

#define MAX_INCLUDE_DEPTH 32
/* Distinct files included in all: a file included again (a diamond: two
 * profile files that both include a third) is read once, as its profiles are
 * already in and the first definition wins; without this, ten includes of a
 * file that includes ten more, eleven deep, would read 10^11 files. */
#define MAX_INCLUDED_FILES 256

/* Loads one included file named by entry (relative to from). */
static void include_one(loader *L, ynode *entry, const char *from)
{
    static const char *const keys[] = {"format", "name", "description", "profiles", "include"};
    char path[PATH_MAX], real[PATH_MAX], chain[2048];
    const char *s = topo_load_scalar(L, entry, "include", "a file path");
    if (!s)
        return;
    entry = topo_yaml_deref(entry);
    const char *slash = strrchr(from, '/');
    if (s[0] == '/' || !slash)
        snprintf(path, sizeof path, "%s", s);
    else
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - from), from, s);
    if (!*s) {
        topo_load_err(L, entry, "empty include (expected a file path)");
        return;
    }
    if (realpath(path, real)) {
        for (int i = 0; i < L->n_chain; i++) {
            if (strcmp(L->chain[i], real))
                continue;
            chain[0] = '\0';
            for (int j = i; j <= L->n_chain; j++) {
                const char *f = j < L->n_chain ? L->chain[j] : real;
                const char *b = strrchr(f, '/');
                strncat(chain, b ? b + 1 : f, sizeof chain - strlen(chain) - 1);
                if (j < L->n_chain)
                    strncat(chain, " -> ", sizeof chain - strlen(chain) - 1);
            }
            topo_load_err(L, entry, "include '%s' includes itself: %s", s, chain);
            return;
        }
        if (topo_names_find(&L->included_ix, real) >= 0)
            return; /* read already: adds nothing */
        if (L->n_included >= MAX_INCLUDED_FILES) {
            topo_load_err(L, entry, "more than %d included files at '%s' (expected a few profile files)",
                          MAX_INCLUDED_FILES, s);
            return;
        }
        char **p = realloc(L->included, (size_t)(L->n_included + 1) * sizeof *p);
        if (p)
            L->included = p;
        if (!p || !(p[L->n_included] = topo_load_strdup(L, real)) ||
            topo_names_add(&L->included_ix, p[L->n_included], L->n_included) == TOPO_ENOMEM) {
            if (p && p[L->n_included])
                free(p[L->n_included]);
            L->nomem = 1;
            return;
        }
        L->n_included++;
    }
    if (L->n_chain >= MAX_INCLUDE_DEPTH) {
        topo_load_err(L, entry, "includes nested deeper than %d files at '%s'", MAX_INCLUDE_DEPTH, s);
        return;
    }
    /* a device or a pipe (/dev/zero, /dev/stdin) would be read for ever */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        topo_load_err(L, entry, "include '%s' is not a regular file (expected a nines/1 profile file)", s);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    int e = topo_load_read_file(path, &text, &len);
    if (e == EISDIR) {
        topo_load_err(L, entry, "include '%s' is a directory (expected a nines/1 profile file)", s);
        return;
    }
    if (e == ENOMEM) {
        L->nomem = 1;
        return;
    }
    if (e) {
        char why[128];
        if (e == EFBIG)
            snprintf(why, sizeof why, "larger than %ld MB", TOPO_MAX_FILE_BYTES >> 20);
        else
            topo_load_strerror(e, why, sizeof why);
        topo_load_err(L, entry, "cannot read include '%s' (%s: %s)", s, path, why);
        return;
    }
    const char *file = topo_load_add_file(L, path);
    ydoc *d = file ? topo_load_new_doc(L) : NULL;
    if (!d) {
        free(text);
        return;
    }
    int rc = topo_yaml_parse(text, len, file, d, L->errs);
    free(text);
    if (rc == TOPO_ENOMEM)
        L->nomem = 1;
    if (rc) {
        L->failed = 1;
        return;
    }
    topo_load_apply_pending_sets(L, d, file); /* before the limits, which then cover the values */
    if (topo_yaml_check_limits(d, file, L->errs)) {
        L->failed = 1;
        return;
    }
    ynode *root = topo_yaml_deref(d->root);
    if (!root || root->type != Y_MAP) {
        topo_err_add(L->errs, file, root ? root->line : 0, root ? root->col : 0,
                     "included file is not a mapping (expected format: nines/1 and profiles)");
        L->failed = 1;
        return;
    }
    topo_load_check_keys(L, root, "an included file", keys, 5);
    topo_load_check_format(L, root, "an included file");
    topo_load_profiles(L, topo_yaml_map_get(root, "profiles", NULL));
    char **ch = realloc(L->chain, (size_t)(L->n_chain + 1) * sizeof *ch);
    if (!ch || !(ch[L->n_chain] = topo_load_strdup(L, realpath(path, real) ? real : path))) {
        if (ch)
            L->chain = ch;
        L->nomem = 1;
        return;
    }
    L->chain = ch;
    L->n_chain++;
    topo_load_includes(L, topo_yaml_map_get(root, "include", NULL), file);
    free(L->chain[--L->n_chain]);
}

void topo_load_includes(loader *L, ynode *inc, const char *from)
{
    inc = topo_yaml_deref(inc);
    if (!inc)
        return;
    if (inc->type == Y_MAP) {
        topo_load_err(L, inc, "include is a mapping (expected a list of file paths)");
        return;
    }
    if (inc->type == Y_SCALAR) {
        include_one(L, inc, from);
        return;
    }
    for (int i = 0; i < inc->n && !L->nomem; i++)
        include_one(L, inc->kids[i], from);
}
