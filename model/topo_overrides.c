/* model/topo_overrides.c — `--set PATH=VALUE` overrides (topo_load_options):
 * applied to the main file's tree before it is interpreted; an override of a
 * profile the main file does not define waits for the included file whose
 * definition wins, and is reported if no file defines it.
 */
#include <math.h>
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

/* ---- overrides of laws (docs/topology-format.md, "Sweeping a law") ----
 *
 * A law written in long form ({dist: weibull, shape: 2, mean: 8h}) keeps
 * its shape when a sweep names it: `--set PATH=8h` would replace it with
 * the law a bare duration means there (an exponential mean for fail, repair
 * and detect; a fixed delay elsewhere), so it is refused with the two forms
 * meant; `--set PATH.mean=8h` scales the law to that mean, keeping its shape
 * (the weibull or gamma shape, the lognormal sigma, which is also its
 * coefficient of variation, the uniform min/max ratio). */

/* The node at a dotted path of d (after aliases), or NULL. */
static ynode *node_at(ydoc *d, const char *path)
{
    char buf[512], *save = NULL;
    if (strlen(path) >= sizeof buf)
        return NULL;
    strcpy(buf, path);
    ynode *cur = topo_yaml_deref(d->root);
    for (char *seg = strtok_r(buf, ".", &save); seg; seg = strtok_r(NULL, ".", &save)) {
        if (!cur || cur->type != Y_MAP)
            return NULL;
        cur = topo_yaml_deref(topo_yaml_map_get(cur, seg, NULL));
    }
    return cur;
}

/* The scalar text of key in map m, or NULL. */
static const char *scalar_of(ynode *m, const char *key)
{
    ynode *v = topo_yaml_deref(topo_yaml_map_get(m, key, NULL));
    return v && v->type == Y_SCALAR ? v->text : NULL;
}

/* A law written in long form: a mapping with `dist` (or `afr`); its
 * distribution's name, or NULL. */
static const char *law_dist_of(ynode *v)
{
    if (!v || v->type != Y_MAP)
        return NULL;
    const char *d = scalar_of(v, "dist");
    if (d)
        return d;
    return topo_yaml_map_get(v, "afr", NULL) ? "exponential" : NULL;
}

/* 1 if text is YAML for one plain scalar (a bare duration). */
static int is_bare(const char *text)
{
    ydoc v = {0};
    topo_errors e = {0};
    int bare = !topo_yaml_parse(text, strlen(text), "--set", &v, &e) && v.root &&
               v.root->type == Y_SCALAR;
    topo_yaml_free(&v);
    topo_errors_release(&e);
    return bare;
}

/* A duration's hours (a bare 0 too: none), or -1 if text is not one. */
static double hours_of(const char *text)
{
    double h;
    char why[64];
    if (text && !strcmp(text, "0"))
        return 0;
    return text && !units_parse_duration(text, &h, why, sizeof why) ? h : -1;
}

/* One override, as topo_yaml_apply_set, with the rules of laws above. */
static int apply_one(ydoc *d, const char *file, const topo_set *set, topo_errors *errs)
{
    if (topo_yaml_set_text_ok(file, set, errs)) /* before any message quotes them */
        return TOPO_EINVALID;
    const char *path = set->path, *dot = strrchr(path, '.');
    const char *key = dot ? dot + 1 : path;
    ynode *old = node_at(d, path);
    const char *kind = law_dist_of(old);
    if (kind && is_bare(set->value) && hours_of(set->value) != 0) {
        int exp_short = !strcmp(key, "fail") || !strcmp(key, "repair") || !strcmp(key, "detect");
        if (strcmp(kind, exp_short ? "exponential" : "fixed"))
            return topo_err_add(errs, old->file, old->line, old->col,
                                "--set %s=%s would replace its %s law with %s: write "
                                "'%s.mean=%s' to keep its shape, or '%s={dist: %s, %s: %s}' to "
                                "replace it", path, set->value, kind,
                                exp_short ? "an exponential one (a bare duration is an "
                                            "exponential mean)"
                                          : "a fixed delay (a bare duration is a fixed one)",
                                path, set->value, path, exp_short ? "exponential" : "fixed",
                                exp_short ? "mean" : "value", set->value);
    }
    /* PATH.mean of a law in long form: the same law scaled to that mean */
    char parent[512], text[1024];
    ynode *law = NULL;
    if (dot && !strcmp(key, "mean") && (size_t)(dot - path) < sizeof parent) {
        memcpy(parent, path, (size_t)(dot - path));
        parent[dot - path] = '\0';
        law = node_at(d, parent);
    }
    const char *lk = law_dist_of(law);
    double v = hours_of(set->value);
    text[0] = '\0';
    if (lk && v > 0) {
        const char *shape = scalar_of(law, "shape");
        double mean = hours_of(scalar_of(law, "mean")), sd = hours_of(scalar_of(law, "sd"));
        double lo = hours_of(scalar_of(law, "min")), hi = hours_of(scalar_of(law, "max"));
        const char *sigma = scalar_of(law, "sigma");
        char *end = NULL;
        double sg = sigma ? strtod(sigma, &end) : 0;
        if (!strcmp(lk, "exponential") && topo_yaml_map_get(law, "afr", NULL))
            snprintf(text, sizeof text, "{dist: exponential, mean: %s}", set->value);
        else if (!strcmp(lk, "weibull") && shape && !topo_yaml_map_get(law, "mean", NULL))
            snprintf(text, sizeof text, "{dist: weibull, shape: %s, mean: %s}", shape, set->value);
        else if (!strcmp(lk, "lognormal") && mean > 0 && sd > 0)
            snprintf(text, sizeof text, "{dist: lognormal, mean: %s, sd: %.17gh}", set->value,
                     sd * (v / mean));
        else if (!strcmp(lk, "lognormal") && sigma && end != sigma && !*end && sg > 0 &&
                 !topo_yaml_map_get(law, "mean", NULL))
            snprintf(text, sizeof text, "{dist: lognormal, median: %.17gh, sigma: %s}",
                     v / exp(0.5 * sg * sg), sigma);
        else if (!strcmp(lk, "fixed"))
            snprintf(text, sizeof text, "{dist: fixed, value: %s}", set->value);
        else if (!strcmp(lk, "uniform") && lo >= 0 && hi > lo)
            snprintf(text, sizeof text, "{dist: uniform, min: %.17gh, max: %.17gh}",
                     lo * (2 * v / (lo + hi)), hi * (2 * v / (lo + hi)));
    }
    if (*text) {
        topo_set whole = {parent, text};
        return topo_yaml_apply_set(d, file, &whole, errs);
    }
    return topo_yaml_apply_set(d, file, set, errs);
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
        int r = apply_one(d, file, &L->set[i], L->errs);
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
        int r = apply_one(d, t->files[0], &opts->set[i], L->errs);
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
