/* model/topo_ctx.c — the loader's shared helpers: errors located at a node,
 * scalars, keys of a mapping, empty values, lists of names resolved to hosts
 * or services. Every file of the loader uses them; they call nothing of the
 * loader back (model_int.h gives the order of the loader's files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

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

const char *topo_load_type_name(const ynode *n)
{
    return n->type == Y_MAP ? "a mapping" : n->type == Y_SEQ ? "a list" : "a scalar";
}

const char *topo_load_scalar(loader *L, ynode *n, const char *path, const char *expected)
{
    n = topo_yaml_deref(n);
    if (!n)
        return NULL;
    if (n->type != Y_SCALAR) {
        topo_load_err(L, n, "%s is %s (expected %s)", path, topo_load_type_name(n), expected);
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
            topo_load_err(L, k ? k : m, "a key in %s is %s (expected a name)", path, k ? topo_load_type_name(k) : "missing");
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

topo_pos topo_load_pos_of(const ynode *n)
{
    topo_pos p = {0};
    if (n) {
        p.file = n->file;
        p.line = n->line;
        p.col = n->col;
    }
    return p;
}

int topo_load_is_null(ynode *v)
{
    v = topo_yaml_deref(v);
    return !v || (v->type == Y_SCALAR && !v->quoted &&
                  (!*v->text || !strcmp(v->text, "~") || !strcmp(v->text, "null")));
}

/* Names of a sequence (a lone scalar counts as a list of one). */
static int seq_items(ynode *v, ynode ***items, ynode **one)
{
    v = topo_yaml_deref(v);
    if (v->type == Y_SEQ) {
        *items = v->kids;
        return v->n;
    }
    *one = v;
    *items = one;
    return 1;
}

void topo_load_check_format(loader *L, ynode *root, const char *what)
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

/* Resolves a list of names at path into indices; is_host: hosts, else services.
 * Reports unknown names (with a suggestion) and repeats. */
int topo_load_resolve_list(loader *L, ynode *v, const char *path, int is_host, int **out, int *n_out,
                           const char *what_repeat)
{
    topology *t = L->t;
    ynode **items, *one;
    char sugg[160];
    int cnt = seq_items(v, &items, &one);
    int n_names = is_host ? t->n_hosts : t->n_services;
    const char **cands = NULL; /* made when a name is unknown */
    int *idx = malloc((size_t)(cnt ? cnt : 1) * sizeof *idx);
    int **markp = is_host ? &L->host_mark : &L->service_mark;
    int n = 0, bad = 0;
    if (!*markp)
        *markp = calloc((size_t)(n_names ? n_names : 1), sizeof **markp);
    if (!idx || !*markp) {
        free(idx);
        L->nomem = 1;
        return -1;
    }
    int *mark = *markp, stamp = ++L->stamp;
    v = topo_yaml_deref(v);
    if (v->type == Y_MAP) {
        topo_load_err(L, v, "%s is a mapping (expected a list of %s names)", path, is_host ? "host" : "service");
        bad = 1;
        cnt = 0;
    }
    for (int i = 0; i < cnt; i++) {
        const char *s = topo_load_scalar(L, items[i], path, is_host ? "a host name" : "a service name");
        ynode *it = topo_yaml_deref(items[i]);
        if (!s || it->bad_name) { /* a bad range is reported already */
            bad = 1;
            continue;
        }
        int j = topo_names_find(is_host ? &L->host_ix : &L->service_ix, s);
        if (j < 0 && (is_host ? L->quiet_hosts : L->quiet_services)) {
            L->failed = 1;
            bad = 1;
            continue;
        }
        if (j < 0) {
            if (!cands && L->errs && L->errs->n < TOPO_SUGGEST_ERRORS &&
                (cands = malloc((size_t)(n_names ? n_names : 1) * sizeof *cands)))
                for (int q = 0; q < n_names; q++)
                    cands[q] = is_host ? t->hosts[q].name : t->services[q].name;
            /* a host named where services are listed, or the other way round */
            if (topo_names_find(is_host ? &L->service_ix : &L->host_ix, s) >= 0)
                topo_load_err(L, it, "unknown %s '%s' in %s ('%s' is a %s; list %ss here)",
                              is_host ? "host" : "service", s, path, s,
                              is_host ? "service" : "host", is_host ? "host" : "service");
            else
                topo_load_err(L, it, "unknown %s '%s' in %s%s", is_host ? "host" : "service", s,
                              path, cands ? topo_suggest_text(s, cands, n_names, sugg, sizeof sugg) : "");
            bad = 1;
            continue;
        }
        int rep = mark[j] == stamp;
        mark[j] = stamp;
        if (rep) {
            topo_load_err(L, it, "%s '%s' listed twice in %s (%s)", is_host ? "host" : "service", s, path,
                          what_repeat);
            bad = 1;
            continue;
        }
        idx[n++] = j;
    }
    free(cands);
    *out = idx;
    *n_out = n;
    return bad ? -1 : 0;
}

int topo_load_ratio(loader *L, ynode *n, const char *key, const char *path, int open,
                    const char *example, double *out)
{
    char expected[64], why[64];
    double r;
    snprintf(expected, sizeof expected, "a ratio such as %s", example);
    const char *s = topo_load_scalar(L, n, path, expected);
    if (!s)
        return -1;
    n = topo_yaml_deref(n);
    if (units_parse_ratio(s, &r, why, sizeof why)) {
        topo_load_err(L, n, "bad %s '%s' in %s (expected %s)", key, s, path, expected);
        return -1;
    }
    if (open ? !(r > 0 && r < 1) : !(r >= 0 && r <= 1)) {
        topo_load_err(L, n, "%s '%s' in %s is outside %s (expected %s)", key, s, path,
                      open ? "(0, 1)" : "[0, 1]", expected);
        return -1;
    }
    *out = r;
    return 0;
}

/* The host and service names, for a did-you-mean among targets (malloc'ed). */
static const char **target_names(const topology *t)
{
    const char **c = malloc((size_t)(t->n_hosts + t->n_services + 1) * sizeof *c);
    for (int i = 0; c && i < t->n_hosts; i++)
        c[i] = t->hosts[i].name;
    for (int i = 0; c && i < t->n_services; i++)
        c[t->n_hosts + i] = t->services[i].name;
    return c;
}

int topo_load_targets(loader *L, ynode *v, const char *path, load_target **out, int *n_out)
{
    topology *t = L->t;
    ynode **items, *one;
    char sugg[160];
    const char **cands = NULL; /* made when a name is unknown */
    *out = NULL;
    *n_out = 0;
    v = topo_yaml_deref(v);
    if (!v)
        return -1;
    if (topo_load_is_null(v) || (v->type == Y_SEQ && v->n == 0)) {
        topo_load_err(L, v, "empty %s (expected a list of hosts and services)", path);
        return -1;
    }
    if (v->type == Y_MAP) {
        topo_load_err(L, v, "%s is a mapping (expected a list of hosts and services)", path);
        return -1;
    }
    int cnt = seq_items(v, &items, &one), n = 0, bad = 0;
    load_target *tg = malloc((size_t)cnt * sizeof *tg);
    if (!L->host_mark)
        L->host_mark = calloc((size_t)(t->n_hosts ? t->n_hosts : 1), sizeof *L->host_mark);
    if (!L->service_mark)
        L->service_mark = calloc((size_t)(t->n_services ? t->n_services : 1), sizeof *L->service_mark);
    if (!tg || !L->host_mark || !L->service_mark) {
        free(tg);
        L->nomem = 1;
        return -1;
    }
    int stamp = ++L->stamp;
    for (int i = 0; i < cnt; i++) {
        const char *s = topo_load_scalar(L, items[i], path, "a host or service name");
        ynode *it = topo_yaml_deref(items[i]);
        if (!s || it->bad_name) { /* a bad range is reported already */
            bad = 1;
            continue;
        }
        int h = topo_names_find(&L->host_ix, s), sv = topo_names_find(&L->service_ix, s);
        if (h >= 0 && sv >= 0) {
            topo_load_err(L, it, "'%s' in %s is both a host and a service (ambiguous: rename one of them)",
                          s, path);
            bad = 1;
            continue;
        }
        if (h < 0 && sv < 0) {
            bad = 1;
            if (L->quiet_hosts || L->quiet_services) {
                L->failed = 1; /* the missing section is reported already */
                continue;
            }
            if (!cands && L->errs && L->errs->n < TOPO_SUGGEST_ERRORS)
                cands = target_names(t);
            const char *sg = cands ? topo_suggest_text(s, cands, t->n_hosts + t->n_services, sugg, sizeof sugg)
                                   : "";
            topo_load_err(L, it, "unknown host or service '%s' in %s%s", s, path,
                          *sg ? sg : " (expected a host or a service of the file)");
            continue;
        }
        int *mark = h >= 0 ? &L->host_mark[h] : &L->service_mark[sv];
        if (*mark == stamp) {
            topo_load_err(L, it, "%s '%s' listed twice in %s (expected each target once)",
                          h >= 0 ? "host" : "service", s, path);
            bad = 1;
            continue;
        }
        *mark = stamp;
        tg[n].host = h;
        tg[n].service = sv;
        tg[n].at = it;
        n++;
    }
    free(cands);
    *out = tg;
    *n_out = n;
    return bad ? -1 : 0;
}

int topo_load_units(loader *L, const load_target *tg, int n, topo_unit **units, int *n_units)
{
    const topology *t = L->t;
    int total = 0;
    for (int i = 0; i < n; i++)
        total += tg[i].host >= 0 ? 1 : t->services[tg[i].service].n_hosts;
    topo_unit *u = malloc((size_t)(total ? total : 1) * sizeof *u);
    *units = NULL;
    *n_units = 0;
    if (!u) {
        L->nomem = 1;
        return -1;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (tg[i].host >= 0) {
            u[k].host = tg[i].host;
            u[k++].member = -1;
            continue;
        }
        const topo_service *sv = &t->services[tg[i].service];
        for (int j = 0; j < sv->n_hosts; j++) {
            u[k].host = -1;
            u[k++].member = sv->first_member + j;
        }
    }
    *units = u;
    *n_units = k;
    return 0;
}
