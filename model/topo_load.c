/* model/topo_load.c — loading a `nines/1` topology (topo_load,
 * topo_load_string): the top-level keys, then each section in its own file.
 *
 * DESIGN: one pass over the tree collects every error (each at its node);
 * names are resolved after all of them are known, so the order of sections in
 * a file does not matter. Laws are created when first used: hosts (in file
 * order) then services, a profile once however often it is used, an inline
 * law each time it appears (named by its path). Profiles: a file's own
 * profiles win over included ones; among includes, the first definition met
 * (in include order, depth first) wins. Ranges (`compute[01:20]`) are
 * expanded on the tree first (topo_ranges.c), after the --set overrides, so
 * an override names a key as the file writes it. model_int.h lists the loader's files
 * (one per section of the format) and which may call which.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

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
                                       "services", "system", "views", "maintenance",
                                       "common-cause", "crews", "frozen-when-down"};
    topology *t = L->t;
    topo_load_check_keys(L, root, "the topology", keys, (int)(sizeof keys / sizeof keys[0]));
    topo_load_check_format(L, root, "the file");

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

    topo_load_crews(L, topo_yaml_map_get(root, "crews", NULL));
    topo_load_frozen(L, topo_yaml_map_get(root, "frozen-when-down", NULL));
    topo_load_profiles(L, topo_yaml_map_get(root, "profiles", NULL));
    L->quiet_profiles = !topo_yaml_map_get(root, "profiles", NULL) &&
                        topo_load_typo_of(root, "profiles", keys, (int)(sizeof keys / sizeof keys[0]));
    L->quiet_hosts = !topo_yaml_map_get(root, "hosts", NULL) || L->range_bad_hosts;
    L->quiet_services = !topo_yaml_map_get(root, "services", NULL) || L->range_bad_services;
    L->chain = malloc(sizeof *L->chain);
    if (!L->chain || !(L->chain[0] = topo_load_strdup(L, t->sources[0].resolved)))
        return;
    L->n_chain = 1;
    topo_load_includes(L, topo_yaml_map_get(root, "include", NULL), t->path, 0);
    topo_load_report_unused_sets(L);

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
        topo_load_maintenance(L, topo_yaml_map_get(root, "maintenance", NULL));
    if (!L->nomem)
        topo_load_common_cause(L, topo_yaml_map_get(root, "common-cause", NULL));
    if (!L->nomem)
        topo_load_needs(L);
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
    free(L->service_needs_local);
    topo_names_release(&L->host_ix);
    topo_names_release(&L->service_ix);
    topo_names_release(&L->profile_ix);
    topo_names_release(&L->crew_ix);
    topo_names_release(&L->included_ix);
    for (int i = 0; i < L->n_included; i++)
        free(L->included[i]);
    free(L->included);
    free(L->pending);
    free(L->host_mark);
    free(L->service_mark);
    free(L->mem_of);
}

/* Loads text (the main file, named path); mem/n_mem: topo_load_sources's
 * files (NULL: includes come from the disk). */
static int load(const char *text, size_t len, const char *path, const topo_load_options *opts,
                const topo_source *mem, int n_mem, topology **out, topo_errors *errs)
{
    loader L = {0};
    char real[PATH_MAX];
    const char *resolved = path;
    L.mem = mem;
    L.n_mem = n_mem;
    L.library = opts ? opts->library : NULL;
    topology *t = calloc(1, sizeof *t);
    int rc = TOPO_OK;
    int errs_before = errs ? errs->n : 0;
    *out = NULL;
    if (!t)
        return TOPO_ENOMEM;
    L.t = t;
    L.errs = errs;
    if (!(t->path = topo_load_strdup(&L, path)) || !topo_load_add_file(&L, path) ||
        !(t->text = malloc(len + 1))) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    memcpy(t->text, text, len);
    t->text[len] = '\0';
    t->text_len = len;
    if (mem)
        resolved = mem[0].resolved ? mem[0].resolved : path;
    else if (realpath(path, real))
        resolved = real;
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, t->text, len + 1);
    if (!copy || topo_load_add_source(&L, -1, path, path, resolved, copy, len, -1, mem ? 0 : -1) < 0) {
        rc = TOPO_ENOMEM;
        goto done;
    }

    ydoc *d = topo_load_new_doc(&L);
    if (!d) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    rc = topo_yaml_parse(text, len, t->files[0], d, errs);
    if (rc)
        goto done;
    if ((rc = topo_load_apply_sets(&L, d, opts)))
        goto done;
    if ((rc = topo_yaml_check_limits(d, t->files[0], errs)))
        goto done;
    topo_load_expand_ranges(&L, d);
    if (L.nomem) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    ynode *root = topo_yaml_deref(d->root);
    if (!root || (root->type == Y_SCALAR && !root->quoted && !*root->text)) {
        topo_err_add(errs, t->files[0], 0, 0, "empty file (expected a nines/1 topology)");
        rc = TOPO_EINVALID;
        goto done;
    }
    if (root->type != Y_MAP) {
        topo_err_add(errs, t->files[0], root->line, root->col,
                     "the file is %s (expected a nines/1 topology mapping)",
                     topo_load_type_name(root));
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
    return load(text, len, path ? path : "<string>", opts, NULL, 0, out, errs);
}

int topo_load_sources(const topo_source *src, int n, const topo_load_options *opts,
                      topology **out, topo_errors *errs)
{
    *out = NULL;
    if (!src || n < 1 || src[0].from != -1 || !src[0].text || !src[0].path) {
        topo_err_add(errs, "<memory>", 0, 0, "no main file among the files given "
                     "(expected the main file first)");
        return TOPO_EINVALID;
    }
    size_t len = src[0].len ? src[0].len : strlen(src[0].text);
    return load(src[0].text, len, src[0].path, opts, src, n, out, errs);
}

int topo_load(const char *path, const topo_load_options *opts, topology **out, topo_errors *errs)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    int e = topo_load_read_file(path, &text, &len);
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
            topo_load_strerror(e, why, sizeof why);
        topo_err_add(errs, path, 0, 0, "cannot read file: %s", why);
        return TOPO_EIO;
    }
    int rc = load(text, len, path, opts, NULL, 0, out, errs);
    free(text);
    return rc;
}
