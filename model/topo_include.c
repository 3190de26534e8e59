/* model/topo_include.c — the `include` key: profile files read (once each,
 * relative to the including file, a bare name on the search path of
 * topology.h, or from memory for topo_load_sources), every one kept in
 * topology->sources, cycles named, depth and count limited.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model_int.h"

#ifndef NINES_DATADIR /* the Makefile sets it from PREFIX */
#define NINES_DATADIR "/usr/local/share/nines"
#endif

#define MAX_INCLUDE_DEPTH 32
/* Distinct files included in all: a file included again (a diamond: two
 * profile files that both include a third) is read once, as its profiles are
 * already in and the first definition wins; without this, ten includes of a
 * file that includes ten more, eleven deep, would read 10^11 files. */
#define MAX_INCLUDED_FILES 256

/* Where a bare include name is looked up after the including file's
 * folder and $NINES_PATH (topology.h). */
static const char *library_dir(const loader *L, char *buf, size_t n)
{
    if (L->library)
        return L->library;
    snprintf(buf, n, "%s/profiles", NINES_DATADIR);
    return buf;
}

/* vsnprintf into buf; 0 if it fitted, -1 if it was cut. */
static int fmt_into(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fmt_into(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* 1 if something (a file, or a folder: an error later) is at path. */
static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The path of include entry s of file `from` on the disk, into path (n
 * bytes): a path with a slash is relative to from's folder (or absolute); a
 * bare name is searched (topology.h). Returns 0, or -1 after the error. */
static int locate(loader *L, ynode *entry, const char *s, const char *from, char *path, size_t n)
{
    const char *slash = strrchr(from, '/');
    if (s[0] == '/' || !slash)
        snprintf(path, n, "%s", s);
    else
        snprintf(path, n, "%.*s/%s", (int)(slash - from), from, s);
    if (strchr(s, '/') || exists(path))
        return 0;
    char where[2048], lib[PATH_MAX];
    fmt_into(where, sizeof where, "%.*s", slash ? (int)(slash - from) : 1, slash ? from : ".");
    const char *np = getenv("NINES_PATH");
    int any = 0;
    for (const char *p = np ? np : ""; *p;) {
        const char *c = strchr(p, ':');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k > 0) {
            if (!fmt_into(path, n, "%.*s/%s", (int)k, p, s) && exists(path))
                return 0;
            size_t w = strlen(where);
            fmt_into(where + w, sizeof where - w, "%s%.*s", any ? ", " : ", $NINES_PATH: ", (int)k, p);
            any = 1;
        }
        p += k + (c ? 1 : 0);
    }
    if (!fmt_into(path, n, "%s/%s", library_dir(L, lib, sizeof lib), s) && exists(path))
        return 0;
    size_t w = strlen(where);
    fmt_into(where + w, sizeof where - w, "%s, the library %s", any ? "" : ", $NINES_PATH (not set)",
             library_dir(L, lib, sizeof lib));
    topo_load_err(L, entry, "cannot find include '%s' (looked in %s: put it beside the including "
                  "file, add its folder to NINES_PATH, or write its path)", s, where);
    return -1;
}

/* Loads one included file named by entry (in the file from, source from_src). */
static void include_one(loader *L, ynode *entry, const char *from, int from_src)
{
    static const char *const keys[] = {"format", "name", "description", "profiles", "include"};
    char path[PATH_MAX], real[PATH_MAX], chain[2048];
    const char *s = topo_load_scalar(L, entry, "include", "a file path");
    if (!s)
        return;
    entry = topo_yaml_deref(entry);
    if (!*s) {
        topo_load_err(L, entry, "empty include (expected a file path)");
        return;
    }
    int mem = -1, have_real = 0;
    if (L->mem) {
        /* from memory: the source this file's entry named when it was read */
        int in = L->mem_of[from_src];
        for (int i = 1; i < L->n_mem && mem < 0; i++)
            if (L->mem[i].from == in && L->mem[i].written && !strcmp(L->mem[i].written, s) &&
                L->mem[i].path)
                mem = i;
        if (mem < 0) {
            topo_load_err(L, entry, "include '%s' was not kept with the design (only the files "
                          "kept are read, never the disk)", s);
            return;
        }
        snprintf(path, sizeof path, "%s", L->mem[mem].path);
        snprintf(real, sizeof real, "%s", L->mem[mem].resolved ? L->mem[mem].resolved : path);
        have_real = 1;
    } else {
        if (locate(L, entry, s, from, path, sizeof path))
            return;
        have_real = realpath(path, real) != NULL;
    }
    if (have_real) {
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
        int seen = topo_names_find(&L->included_ix, real);
        if (seen >= 0) { /* read already: adds nothing, but is kept as a repeat */
            int same = -1;
            for (int i = 0; i < L->t->n_sources && same < 0; i++)
                if (L->t->sources[i].text && L->t->sources[i].from >= 0 &&
                    !strcmp(L->t->sources[i].resolved, real))
                    same = i;
            topo_load_add_source(L, from_src, s, path, real, NULL, 0, same, mem);
            return;
        }
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
    char *text = NULL;
    size_t len = 0;
    if (mem >= 0) {
        const topo_source *m = &L->mem[mem];
        if (!m->text) {
            topo_load_err(L, entry, "include '%s' was not kept with the design (only the files "
                          "kept are read, never the disk)", s);
            return;
        }
        len = m->len ? m->len : strlen(m->text);
        if (!(text = malloc(len + 1))) {
            L->nomem = 1;
            return;
        }
        memcpy(text, m->text, len);
        text[len] = '\0';
    } else {
        /* a device or a pipe (/dev/zero, /dev/stdin) would be read for ever */
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
            topo_load_err(L, entry, "include '%s' is not a regular file (expected a nines/1 profile file)", s);
            return;
        }
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
    }
    int src = topo_load_add_source(L, from_src, s, path, have_real ? real : path, text, len, -1, mem);
    const char *file = src >= 0 ? topo_load_add_file(L, path) : NULL;
    ydoc *d = file ? topo_load_new_doc(L) : NULL;
    if (!d)
        return;
    int rc = topo_yaml_parse(text, len, file, d, L->errs);
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
    if (!ch || !(ch[L->n_chain] = topo_load_strdup(L, have_real ? real : path))) {
        if (ch)
            L->chain = ch;
        L->nomem = 1;
        return;
    }
    L->chain = ch;
    L->n_chain++;
    topo_load_includes(L, topo_yaml_map_get(root, "include", NULL), file, src);
    free(L->chain[--L->n_chain]);
}

/* include_one, then: an include that failed has been reported once; the
 * profiles it would have defined are not reported again at each use. */
static void include_checked(loader *L, ynode *entry, const char *from, int from_src)
{
    int before = L->errs ? L->errs->n : 0, failed = L->failed;
    include_one(L, entry, from, from_src);
    if ((L->errs && L->errs->n > before) || L->failed != failed)
        L->quiet_profiles = 1;
}

void topo_load_includes(loader *L, ynode *inc, const char *from, int from_src)
{
    inc = topo_yaml_deref(inc);
    if (!inc)
        return;
    if (inc->type == Y_MAP) {
        topo_load_err(L, inc, "include is a mapping (expected a list of file paths)");
        L->quiet_profiles = 1;
        return;
    }
    if (inc->type == Y_SCALAR) {
        include_checked(L, inc, from, from_src);
        return;
    }
    for (int i = 0; i < inc->n && !L->nomem; i++)
        include_checked(L, inc->kids[i], from, from_src);
}
