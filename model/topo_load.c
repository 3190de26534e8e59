/* model/topo_load.c — loading a `nines/1` topology: reading files, includes,
 * overrides, the top-level keys, and the lifetime of a topology (topo_free,
 * lookups). Hosts, services and views are interpreted in topo_check.c, laws
 * in topo_laws.c, the YAML tree is built in topo_yaml.c.
 *
 * DESIGN: one pass over the tree collects every error (each at its node);
 * names are resolved after all of them are known, so the order of sections in
 * a file does not matter. Laws are created when first used: hosts (in file
 * order) then services, a profile once however often it is used, an inline
 * law each time it appears (named by its path). Profiles: a file's own
 * profiles win over included ones; among includes, the first definition met
 * (in include order, depth first) wins.
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

/* ---- helpers shared by the loader's files ---- */

void topo_load_err(loader *L, const ynode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *file = at ? at->file : (L->t->n_files ? L->t->files[0] : NULL);
    int rc = topo_err_vadd(L->errs, file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
    if (rc == TOPO_ENOMEM)
        L->nomem = 1;
    L->failed = 1;
}

char *topo_load_strdup(loader *L, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        L->nomem = 1;
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

static const char *type_name(const ynode *n)
{
    return n->type == Y_MAP ? "a mapping" : n->type == Y_SEQ ? "a list" : "a scalar";
}

const char *topo_load_scalar(loader *L, ynode *n, const char *path, const char *expected)
{
    n = topo_yaml_deref(n);
    if (!n)
        return NULL;
    if (n->type != Y_SCALAR) {
        topo_load_err(L, n, "%s is %s (expected %s)", path, type_name(n), expected);
        return NULL;
    }
    return n->text;
}

int topo_load_check_keys(loader *L, ynode *m, const char *path, const char *const *allowed, int n)
{
    char sugg[160];
    name_index seen = {0};
    m = topo_yaml_deref(m);
    if (!m || m->type != Y_MAP)
        return -1;
    for (int i = 0; i + 1 < m->n; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]);
        if (!k || k->type != Y_SCALAR) {
            topo_load_err(L, k ? k : m, "a key in %s is %s (expected a name)", path, k ? type_name(k) : "missing");
            continue;
        }
        /* the first key of that name, through an index: constant time per key */
        int first = topo_names_add(&seen, k->text, i);
        if (first == TOPO_ENOMEM) {
            L->nomem = 1;
            break;
        }
        if (first >= 0) {
            ynode *o = topo_yaml_deref(m->kids[first]);
            if (o->file == k->file)
                topo_load_err(L, k, "duplicate key '%s' in %s (first at line %d)", k->text, path, o->line);
            else
                topo_load_err(L, k, "duplicate key '%s' in %s", k->text, path);
        }
        if (n < 0)
            continue;
        int known = 0;
        for (int j = 0; j < n; j++)
            known |= !strcmp(k->text, allowed[j]);
        if (known)
            continue;
        if (topo_suggest(k->text, allowed, n)) {
            topo_load_err(L, k, "unknown key '%s' in %s%s", k->text, path,
                          topo_suggest_text(k->text, allowed, n, sugg, sizeof sugg));
        } else {
            char list[512];
            size_t off = 0;
            list[0] = '\0';
            for (int j = 0; j < n && off < sizeof list; j++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", j ? ", " : "", allowed[j]);
            topo_load_err(L, k, "unknown key '%s' in %s (expected one of %s)", k->text, path, list);
        }
    }
    topo_names_release(&seen);
    return 0;
}

int topo_load_typo_of(ynode *m, const char *name, const char *const *allowed, int n)
{
    m = topo_yaml_deref(m);
    if (!m || m->type != Y_MAP)
        return 0;
    for (int i = 0; i + 1 < m->n; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]);
        int known = 0;
        if (!k || k->type != Y_SCALAR)
            continue;
        for (int j = 0; j < n; j++)
            known |= !strcmp(k->text, allowed[j]);
        const char *sug = known ? NULL : topo_suggest(k->text, allowed, n);
        if (sug && !strcmp(sug, name))
            return 1;
    }
    return 0;
}

/* ---- files ---- */

/* Adds path to topology->files (once); returns the stored string or NULL. */
static const char *add_file(loader *L, const char *path)
{
    topology *t = L->t;
    for (int i = 0; i < t->n_files; i++)
        if (!strcmp(t->files[i], path))
            return t->files[i];
    char **p = realloc(t->files, (size_t)(t->n_files + 1) * sizeof *p);
    if (!p) {
        L->nomem = 1;
        return NULL;
    }
    t->files = p;
    if (!(t->files[t->n_files] = topo_load_strdup(L, path)))
        return NULL;
    return t->files[t->n_files++];
}

/* Reads a whole file; returns 0, or errno. */
static int read_file(const char *path, char **text, size_t *len)
{
    struct stat st;
    if (stat(path, &st))
        return errno;
    if (S_ISDIR(st.st_mode))
        return EISDIR;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n > (size_t)TOPO_MAX_FILE_BYTES) { /* also for a pipe, where stat says 0 */
            free(buf);
            fclose(f);
            return EFBIG;
        }
        if (n + 1 >= cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (!buf)
        return ENOMEM;
    if (err) {
        free(buf);
        return err;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

static void lower_first(char *s)
{
    if (s[0] >= 'A' && s[0] <= 'Z')
        s[0] = (char)(s[0] - 'A' + 'a');
}

static ydoc *new_doc(loader *L)
{
    if (L->n_docs == L->cap_docs) {
        int cap = L->cap_docs ? 2 * L->cap_docs : 4;
        ydoc *p = realloc(L->docs, (size_t)cap * sizeof *p);
        if (!p) {
            L->nomem = 1;
            return NULL;
        }
        L->docs = p;
        L->cap_docs = cap;
    }
    ydoc *d = &L->docs[L->n_docs++];
    d->root = d->nodes = NULL;
    return d;
}

/* ---- profiles and includes ---- */

static void add_profiles(loader *L, ynode *profiles)
{
    char path[512];
    ynode *m = topo_yaml_deref(profiles);
    if (!m || (m->type == Y_SCALAR && !*m->text && !m->quoted))
        return;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "profiles is %s (expected a mapping of profile names to {fail: ..., repair: ...})",
                      type_name(m));
        return;
    }
    topo_load_check_keys(L, m, "profiles", NULL, -1);
    for (int i = 0; i + 1 < m->n; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]);
        if (!k || k->type != Y_SCALAR)
            continue;
        int seen = topo_names_find(&L->profile_ix, k->text);
        if (seen >= 0)
            continue; /* an earlier file wins, or a duplicate key (reported) */
        if (topo_names_add(&L->profile_ix, k->text, L->n_profiles) == TOPO_ENOMEM) {
            L->nomem = 1;
            return;
        }
        if (L->n_profiles == L->cap_profiles) {
            int cap = L->cap_profiles ? 2 * L->cap_profiles : 8;
            profile_def *p = realloc(L->profiles, (size_t)cap * sizeof *p);
            if (!p) {
                L->nomem = 1;
                return;
            }
            L->profiles = p;
            L->cap_profiles = cap;
        }
        profile_def *p = &L->profiles[L->n_profiles++];
        memset(p, 0, sizeof *p);
        p->name = k->text;
        p->key = k;
        p->val = m->kids[i + 1];
        p->law = -1;
        snprintf(path, sizeof path, "profiles.%s", k->text);
        p->ok = topo_load_pair(L, p->val, path, &p->fail, &p->repair) == 0;
    }
}

static void check_format(loader *L, ynode *root, const char *what)
{
    ynode *k, *v = topo_yaml_map_get(root, "format", &k);
    if (!v) {
        topo_load_err(L, root, "missing 'format' (expected format: nines/1 at the top of %s)", what);
        return;
    }
    const char *s = topo_load_scalar(L, v, "format", "nines/1");
    if (s && strcmp(s, "nines/1"))
        topo_load_err(L, topo_yaml_deref(v), "unknown format '%s' (expected nines/1)", s);
}

static void do_includes(loader *L, ynode *inc, const char *from);

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
static void apply_pending_sets(loader *L, ydoc *d, const char *file)
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
static void report_unused_sets(loader *L)
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
    int e = read_file(path, &text, &len);
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
            snprintf(why, sizeof why, "%s", strerror(e));
        lower_first(why);
        topo_load_err(L, entry, "cannot read include '%s' (%s: %s)", s, path, why);
        return;
    }
    const char *file = add_file(L, path);
    ydoc *d = file ? new_doc(L) : NULL;
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
    apply_pending_sets(L, d, file); /* before the limits, which then cover the values */
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
    check_format(L, root, "an included file");
    add_profiles(L, topo_yaml_map_get(root, "profiles", NULL));
    char **ch = realloc(L->chain, (size_t)(L->n_chain + 1) * sizeof *ch);
    if (!ch || !(ch[L->n_chain] = topo_load_strdup(L, realpath(path, real) ? real : path))) {
        if (ch)
            L->chain = ch;
        L->nomem = 1;
        return;
    }
    L->chain = ch;
    L->n_chain++;
    do_includes(L, topo_yaml_map_get(root, "include", NULL), file);
    free(L->chain[--L->n_chain]);
}

static void do_includes(loader *L, ynode *inc, const char *from)
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

/* ---- the top level ---- */

static char *base_name(loader *L, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = topo_load_strdup(L, b);
    if (!s)
        return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = '\0';
    topo_yaml_text_clean(s); /* a file name may hold what a name may not */
    return s;
}

static void top_level(loader *L, ynode *root)
{
    static const char *const keys[] = {"format", "name", "description", "mission", "sla",
                                       "reference", "include", "profiles", "hosts",
                                       "services", "system", "views"};
    topology *t = L->t;
    topo_load_check_keys(L, root, "the topology", keys, (int)(sizeof keys / sizeof keys[0]));
    check_format(L, root, "the file");

    const char *text_keys[] = {"name", "description", "reference"};
    char **slots[] = {&t->name, &t->description, &t->reference};
    for (int i = 0; i < 3; i++) {
        ynode *v = topo_yaml_map_get(root, text_keys[i], NULL);
        if (!v)
            continue;
        const char *s = topo_load_scalar(L, v, text_keys[i], "text");
        if (s)
            *slots[i] = topo_load_strdup(L, s);
    }
    if (!t->name)
        t->name = base_name(L, t->path);

    t->mission = 10 * 8760.0;
    ynode *mv = topo_yaml_map_get(root, "mission", NULL);
    if (mv && !topo_load_duration(L, mv, "mission", 0, TOPO_MAX_MISSION, &t->mission) &&
        t->mission < TOPO_MIN_MISSION) {
        topo_load_err(L, topo_yaml_deref(mv), "mission '%s' is too short to measure anything "
                                  "(expected at least 1m)", topo_yaml_deref(mv)->text);
        t->mission = 10 * 8760.0;
    }
    t->sla = -1;
    ynode *sv = topo_yaml_map_get(root, "sla", NULL);
    if (sv) {
        const char *s = topo_load_scalar(L, sv, "sla", "a ratio such as 99.95%");
        double r;
        char why[64];
        if (s && units_parse_ratio(s, &r, why, sizeof why))
            topo_load_err(L, topo_yaml_deref(sv), "bad sla '%s' (expected a ratio such as 99.95%% or 0.9995)", s);
        else if (s && !(r > 0 && r <= 1))
            topo_load_err(L, topo_yaml_deref(sv), "sla '%s' is outside (0, 1] (expected a ratio such as 99.95%% or 0.9995)", s);
        else if (s)
            t->sla = r;
    }

    add_profiles(L, topo_yaml_map_get(root, "profiles", NULL));
    L->quiet_profiles = !topo_yaml_map_get(root, "profiles", NULL) &&
                        topo_load_typo_of(root, "profiles", keys, (int)(sizeof keys / sizeof keys[0]));
    L->quiet_hosts = !topo_yaml_map_get(root, "hosts", NULL);
    L->quiet_services = !topo_yaml_map_get(root, "services", NULL);
    char real[PATH_MAX];
    L->chain = malloc(sizeof *L->chain);
    if (!L->chain || !(L->chain[0] = topo_load_strdup(L, realpath(t->path, real) ? real : t->path)))
        return;
    L->n_chain = 1;
    do_includes(L, topo_yaml_map_get(root, "include", NULL), t->path);
    report_unused_sets(L);

    if (!topo_yaml_map_get(root, "hosts", NULL)) {
        if (!topo_load_typo_of(root, "hosts", keys, (int)(sizeof keys / sizeof keys[0])))
            topo_load_err(L, root, "missing 'hosts' (expected a mapping of host names, e.g. ctl1: {profile: server})");
    } else {
        topo_load_hosts(L, topo_yaml_map_get(root, "hosts", NULL));
    }
    if (!topo_yaml_map_get(root, "services", NULL)) {
        if (!topo_load_typo_of(root, "services", keys, (int)(sizeof keys / sizeof keys[0])))
            topo_load_err(L, root, "missing 'services' (expected a mapping of service names)");
    }
    else
        topo_load_services(L, topo_yaml_map_get(root, "services", NULL));
    if (!topo_yaml_map_get(root, "system", NULL) &&
        topo_load_typo_of(root, "system", keys, (int)(sizeof keys / sizeof keys[0])))
        L->t->system.name = topo_load_strdup(L, "system");
    else
        topo_load_views(L, root, topo_yaml_map_get(root, "system", NULL), topo_yaml_map_get(root, "views", NULL));
    if (!L->nomem)
        topo_load_orders(L);
}

static void loader_release(loader *L)
{
    for (int i = 0; i < L->n_docs; i++)
        topo_yaml_free(&L->docs[i]);
    free(L->docs);
    free(L->profiles);
    for (int i = 0; i < L->n_chain; i++)
        free(L->chain[i]);
    free(L->chain);
    free(L->host_needs);
    free(L->service_needs);
    topo_names_release(&L->host_ix);
    topo_names_release(&L->service_ix);
    topo_names_release(&L->profile_ix);
    topo_names_release(&L->included_ix);
    for (int i = 0; i < L->n_included; i++)
        free(L->included[i]);
    free(L->included);
    free(L->pending);
    free(L->host_mark);
    free(L->service_mark);
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

static int load(const char *text, size_t len, const char *path, const topo_load_options *opts,
                topology **out, topo_errors *errs)
{
    loader L = {0};
    topology *t = calloc(1, sizeof *t);
    int rc = TOPO_OK;
    int errs_before = errs ? errs->n : 0;
    *out = NULL;
    if (!t)
        return TOPO_ENOMEM;
    L.t = t;
    L.errs = errs;
    if (!(t->path = topo_load_strdup(&L, path)) || !add_file(&L, path) || !(t->text = malloc(len + 1))) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    memcpy(t->text, text, len);
    t->text[len] = '\0';
    t->text_len = len;

    ydoc *d = new_doc(&L);
    if (!d) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    rc = topo_yaml_parse(text, len, t->files[0], d, errs);
    if (rc)
        goto done;
    if (opts && opts->n_set > 0) {
        L.set = opts->set;
        L.n_set = opts->n_set;
        if (!(L.pending = calloc((size_t)opts->n_set, 1))) {
            rc = TOPO_ENOMEM;
            goto done;
        }
    }
    for (int i = 0; opts && i < opts->n_set; i++) {
        char name[256];
        const char *nm = set_profile_name(&opts->set[i], name, sizeof name);
        ynode *own = nm ? doc_profiles(d) : NULL;
        if (nm && !(own && topo_yaml_map_get(own, nm, NULL))) {
            L.pending[i] = 1; /* a profile of an included file, perhaps */
            continue;
        }
        int r = topo_yaml_apply_set(d, t->files[0], &opts->set[i], errs);
        if (r == TOPO_ENOMEM) {
            rc = r;
            goto done;
        }
        if (r)
            L.failed = 1;
    }
    if (L.failed) {
        rc = TOPO_EINVALID;
        goto done;
    }
    if (opts && opts->n_set > 0 && !(t->overrides = overrides_text(opts))) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    if ((rc = topo_yaml_check_limits(d, t->files[0], errs)))
        goto done;
    ynode *root = topo_yaml_deref(d->root);
    if (!root || (root->type == Y_SCALAR && !root->quoted && !*root->text)) {
        topo_err_add(errs, t->files[0], 0, 0, "empty file (expected a nines/1 topology)");
        rc = TOPO_EINVALID;
        goto done;
    }
    if (root->type != Y_MAP) {
        topo_err_add(errs, t->files[0], root->line, root->col,
                     "the file is %s (expected a nines/1 topology mapping)", type_name(root));
        rc = TOPO_EINVALID;
        goto done;
    }
    top_level(&L, root);
    if (L.nomem)
        rc = TOPO_ENOMEM;
    else if (L.failed || (errs && errs->n > errs_before))
        rc = TOPO_EINVALID;
done:
    /* errors found after an allocation failed may only be its consequences
       (a service that could not be stored, then "unknown"): keep none */
    while (rc == TOPO_ENOMEM && errs && errs->n > errs_before) {
        errs->n--;
        free(errs->items[errs->n].file);
        free(errs->items[errs->n].msg);
    }
    if (rc && errs)
        topo_err_sort(errs, t->files, t->n_files);
    loader_release(&L);
    if (rc) {
        topo_free(t);
        return rc;
    }
    *out = t;
    return TOPO_OK;
}

int topo_load_string(const char *text, size_t len, const char *path,
                     const topo_load_options *opts, topology **out, topo_errors *errs)
{
    return load(text, len, path ? path : "<string>", opts, out, errs);
}

int topo_load(const char *path, const topo_load_options *opts, topology **out, topo_errors *errs)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    int e = read_file(path, &text, &len);
    if (e == ENOMEM)
        return TOPO_ENOMEM;
    if (e) {
        char why[128];
        if (e == EISDIR)
            snprintf(why, sizeof why, "is a directory (expected a nines/1 topology file)");
        else if (e == EFBIG)
            snprintf(why, sizeof why, "larger than %ld MB (expected a topology of at most %ld MB)",
                     TOPO_MAX_FILE_BYTES >> 20, TOPO_MAX_FILE_BYTES >> 20);
        else
            snprintf(why, sizeof why, "%s", strerror(e));
        lower_first(why);
        topo_err_add(errs, path, 0, 0, "cannot read file: %s", why);
        return TOPO_EIO;
    }
    int rc = load(text, len, path, opts, out, errs);
    free(text);
    return rc;
}

void topo_free(topology *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->name);
    free(t->description);
    free(t->reference);
    free(t->text);
    free(t->overrides);
    for (int i = 0; i < t->n_laws; i++)
        free(t->laws[i].name);
    free(t->laws);
    for (int i = 0; i < t->n_hosts; i++) {
        free(t->hosts[i].name);
        free(t->hosts[i].needs);
    }
    free(t->hosts);
    for (int i = 0; i < t->n_services; i++) {
        free(t->services[i].name);
        free(t->services[i].hosts);
        free(t->services[i].needs);
    }
    free(t->services);
    free(t->members);
    free(t->system.name);
    free(t->system.services);
    for (int i = 0; i < t->n_views; i++) {
        free(t->views[i].name);
        free(t->views[i].services);
    }
    free(t->views);
    free(t->host_order);
    free(t->service_order);
    for (int i = 0; i < t->n_files; i++)
        free(t->files[i]);
    free(t->files);
    free(t);
}

int topo_find_host(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_hosts; i++)
        if (!strcmp(t->hosts[i].name, name))
            return i;
    return -1;
}

int topo_find_service(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_services; i++)
        if (!strcmp(t->services[i].name, name))
            return i;
    return -1;
}

int topo_find_law(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_laws; i++)
        if (!strcmp(t->laws[i].name, name))
            return i;
    return -1;
}

const char *topo_mode_name(topo_mode m)
{
    switch (m) {
    case MODE_SINGLE: return "single";
    case MODE_ACTIVE_ACTIVE: return "active-active";
    case MODE_QUORUM: return "quorum";
    case MODE_ACTIVE_PASSIVE: return "active-passive";
    }
    return "unknown";
}
