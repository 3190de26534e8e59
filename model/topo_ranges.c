/* model/topo_ranges.c — name ranges `compute[01:20]`: expanded on the YAML
 * tree before any section is read (topo_load_expand_ranges), and grouped back
 * for outputs (topo_names_group).
 *
 * DESIGN: a range is PREFIX[FIRST:LAST]SUFFIX with FIRST and LAST whole
 * numbers (at most 18 digits), FIRST <= LAST, at most TOPO_MAX_RANGE_NAMES
 * names. Bounds written with a leading zero ("01") are zero-padded to their
 * width, and then both bounds must have the same width ("[01:20]": compute01
 * ... compute20); otherwise no padding ("[1:20]": compute1 ... compute20).
 * Expansion happens in one place, on the tree, at the positions where names
 * stand (model_int.h lists them), so every section gets ranges for free and
 * every name made keeps the range's position for its messages. A key range
 * repeats its entry: each name made gets the same value node (shared, as an
 * alias would be), so the cost of an entry is checked against a budget
 * (YAML_MAX_NODES values made in all). Names that clash within a mapping
 * are reported here, naming the range, and the later entry is dropped so
 * that the mapping's own duplicate check does not report them again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* ---- one range ---- */

typedef struct name_range {
    size_t pre_len;          /* the prefix is text[0..pre_len) */
    const char *suffix;      /* after ']' */
    unsigned long long a, b; /* first and last number */
    int width;               /* zero-padded to this many digits; 0: none */
    const char *first;       /* FIRST's digits in the text, and their count */
    int first_len;
    const char *last;
    int last_len;
} name_range;

enum { RANGE_NONE, RANGE_OK, RANGE_SYNTAX, RANGE_REVERSED, RANGE_TOO_BIG, RANGE_WIDTH };

/* Reads up to 18 digits at s; returns their count (0: none or too many). */
static int digits(const char *s, unsigned long long *v)
{
    int n = 0;
    *v = 0;
    while (s[n] >= '0' && s[n] <= '9') {
        if (n == 18)
            return 0;
        *v = *v * 10 + (unsigned long long)(s[n] - '0');
        n++;
    }
    return n;
}

/* RANGE_NONE for a plain name (no bracket), RANGE_OK with *r, or the kind of
 * error. */
static int range_parse(const char *s, name_range *r)
{
    const char *open = strchr(s, '['), *close = strchr(s, ']');
    if (!open && !close)
        return RANGE_NONE;
    if (!open || !close || close < open || strchr(open + 1, '[') || strchr(close + 1, ']'))
        return RANGE_SYNTAX;
    const char *p = open + 1;
    int na = digits(p, &r->a);
    if (!na || p[na] != ':')
        return RANGE_SYNTAX;
    p += na + 1;
    int nb = digits(p, &r->b);
    if (!nb || p + nb != close)
        return RANGE_SYNTAX;
    r->pre_len = (size_t)(open - s);
    r->suffix = close + 1;
    r->first = open + 1;
    r->first_len = na;
    r->last = p;
    r->last_len = nb;
    int padded = (na > 1 && open[1] == '0') || (nb > 1 && p[0] == '0');
    if (padded && na != nb)
        return RANGE_WIDTH;
    r->width = padded ? na : 0;
    if (r->a > r->b)
        return RANGE_REVERSED;
    if (r->b - r->a >= TOPO_MAX_RANGE_NAMES)
        return RANGE_TOO_BIG;
    return RANGE_OK;
}

/* Name number k of range r of text s, malloc'ed (NULL when out of memory). */
static char *range_name(const char *s, const name_range *r, unsigned long long k)
{
    char num[32];
    snprintf(num, sizeof num, "%0*llu", r->width, k);
    size_t nl = strlen(num), sl = strlen(r->suffix);
    char *out = malloc(r->pre_len + nl + sl + 1);
    if (!out)
        return NULL;
    memcpy(out, s, r->pre_len);
    memcpy(out + r->pre_len, num, nl);
    memcpy(out + r->pre_len + nl, r->suffix, sl + 1);
    return out;
}

/* ---- the pre-pass ---- */

typedef struct expander {
    loader *L;
    ydoc *doc;
    long made;   /* values made so far (names, and entries' values repeated) */
    int over;    /* the budget was exceeded (reported once) */
} expander;

/* Reports a bad range at n (a scalar) found in path; marks it. */
static void report(expander *x, ynode *n, int kind, const name_range *r, const char *path)
{
    const char *s = n->text;
    n->bad_name = 1;
    switch (kind) {
    case RANGE_SYNTAX:
        topo_load_err(x->L, n, "bad range '%s' in %s (expected NAME[FIRST:LAST] with whole numbers, "
                               "such as compute[01:20])", s, path);
        break;
    case RANGE_REVERSED:
        topo_load_err(x->L, n, "reversed range '%s' in %s (expected the first number not above "
                               "the last, such as compute[01:20])", s, path);
        break;
    case RANGE_TOO_BIG:
        topo_load_err(x->L, n, "range '%s' in %s makes %llu names (expected at most %d)", s, path,
                      r->b - r->a + 1, TOPO_MAX_RANGE_NAMES);
        break;
    case RANGE_WIDTH:
        topo_load_err(x->L, n, "range '%s' in %s has zero-padded bounds of different widths "
                               "'%.*s' and '%.*s' (expected one width, such as compute[001:100])",
                      s, path, r->first_len, r->first, r->last_len, r->last);
        break;
    }
}

/* Counts the values under n (aliases followed), stopping past cap. */
static long tree_size(const ynode *n, long cap)
{
    n = topo_yaml_deref((ynode *)n);
    if (!n)
        return 0;
    long c = 1;
    for (int i = 0; i < n->n && c <= cap; i++)
        c += tree_size(n->kids[i], cap - c);
    return c;
}

/* Charges `cost` values made by range node n (at path); 0, or -1 (and one
 * error for the whole file) past the budget. */
static int charge(expander *x, ynode *n, long cost, const char *path)
{
    if (x->over)
        return -1;
    if (cost <= YAML_MAX_NODES - x->made) {
        x->made += cost;
        return 0;
    }
    x->over = 1;
    n->bad_name = 1;
    topo_load_err(x->L, n, "range '%s' in %s makes the file more than %d YAML values "
                           "(expected a topology of at most about 250,000 hosts)",
                  n->text, path, YAML_MAX_NODES);
    return -1;
}

/* New scalars for the names of range r of node n (kids[0..count)). Returns
 * NULL when out of memory (L->nomem set). */
static ynode **range_nodes(expander *x, ynode *n, const name_range *r, int *count)
{
    int c = (int)(r->b - r->a + 1);
    ynode **kids = malloc((size_t)c * sizeof *kids);
    if (!kids) {
        x->L->nomem = 1;
        return NULL;
    }
    for (int i = 0; i < c; i++) {
        ynode *k = topo_yaml_node_new(x->doc, Y_SCALAR, n->file, n->line, n->col);
        if (!k || !(k->text = range_name(n->text, r, r->a + (unsigned long long)i))) {
            free(kids);
            x->L->nomem = 1;
            return NULL;
        }
        k->quoted = n->quoted;
        kids[i] = k;
    }
    *count = c;
    return kids;
}

/* The range in scalar n (not reported before), parsed: RANGE_OK, RANGE_NONE,
 * or an error kind after reporting it. */
static int scalar_range(expander *x, ynode *n, name_range *r, const char *path)
{
    if (!n || n->type != Y_SCALAR || n->bad_name)
        return RANGE_NONE;
    int kind = range_parse(n->text, r);
    if (kind != RANGE_OK && kind != RANGE_NONE)
        report(x, n, kind, r, path);
    return kind;
}

/* Expands the list of names v at path in place (a lone scalar range becomes
 * a list of its names). */
static void expand_list(expander *x, ynode *v, const char *path)
{
    name_range r;
    v = topo_yaml_deref(v);
    if (!v || x->L->nomem)
        return;
    if (v->type == Y_SCALAR) {
        int c;
        if (scalar_range(x, v, &r, path) != RANGE_OK || charge(x, v, (long)(r.b - r.a + 1), path))
            return;
        ynode **kids = range_nodes(x, v, &r, &c);
        if (!kids)
            return;
        v->type = Y_SEQ; /* its text stays (freed with the document) */
        v->kids = kids;
        v->n = v->cap = c;
        return;
    }
    if (v->type != Y_SEQ)
        return;
    long total = 0;
    int any = 0;
    for (int i = 0; i < v->n; i++) {
        ynode *it = topo_yaml_deref(v->kids[i]);
        int kind = scalar_range(x, it, &r, path);
        if (kind == RANGE_OK && !charge(x, it, (long)(r.b - r.a + 1), path)) {
            total += (long)(r.b - r.a + 1);
            any = 1;
        } else {
            if (kind == RANGE_OK)
                it->bad_name = 1; /* over the budget: reported once */
            total++;
        }
    }
    if (!any)
        return;
    ynode **kids = malloc((size_t)total * sizeof *kids);
    int n = 0;
    if (!kids) {
        x->L->nomem = 1;
        return;
    }
    for (int i = 0; i < v->n; i++) {
        ynode *it = topo_yaml_deref(v->kids[i]);
        int c;
        if (!it || it->type != Y_SCALAR || it->bad_name || range_parse(it->text, &r) != RANGE_OK) {
            kids[n++] = v->kids[i];
            continue;
        }
        ynode **made = range_nodes(x, it, &r, &c);
        if (!made) {
            free(kids);
            return;
        }
        memcpy(kids + n, made, (size_t)c * sizeof *made);
        n += c;
        free(made);
    }
    free(v->kids);
    v->kids = kids;
    v->n = v->cap = n;
}

/* The value of key in the mapping v (after aliases), expanded as a list. */
static void expand_key_list(expander *x, ynode *v, const char *key, const char *at)
{
    char path[600];
    ynode *lv = topo_yaml_map_get(v, key, NULL);
    if (!lv)
        return;
    snprintf(path, sizeof path, "%s.%s", at, key);
    expand_list(x, lv, path);
}

/* The entries of `hosts` or `services` (section): the lists in each value
 * (keys: the list keys of an entry), then range keys, each repeated for
 * its names, with clashes reported. */
static void expand_entries(expander *x, ynode *m, const char *section, const char *const *keys,
                           int n_keys, int *bad)
{
    name_range r;
    char path[512];
    m = topo_yaml_deref(m);
    if (!m || m->type != Y_MAP)
        return;
    int any = 0;
    long total = 0;
    /* per entry: 1 when this pass expands its key (the second pass expands
       exactly these, so kids holds what was counted: a key that is not a
       scalar, e.g. a flow sequence, is one entry too) */
    unsigned char *expand = calloc((size_t)m->n / 2 + 1, 1);
    if (!expand) {
        x->L->nomem = 1;
        return;
    }
    for (int i = 0; i + 1 < m->n && !x->L->nomem; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]), *v = topo_yaml_deref(m->kids[i + 1]);
        total += 2;
        if (!k || k->type != Y_SCALAR)
            continue;
        snprintf(path, sizeof path, "%s.%s", section, k->text);
        for (int j = 0; j < n_keys && v && v->type == Y_MAP; j++)
            expand_key_list(x, v, keys[j], path);
        int kind = scalar_range(x, k, &r, section);
        if (kind == RANGE_OK && k->type == Y_SCALAR &&
            !charge(x, k, (long)(r.b - r.a + 1) * (1 + tree_size(v, YAML_MAX_NODES)), section)) {
            total += 2 * (long)(r.b - r.a);
            expand[i / 2] = 1;
            any = 1;
            continue;
        }
        if (kind != RANGE_NONE)
            *bad = 1;
    }
    if (!any || x->L->nomem) {
        free(expand);
        return;
    }
    ynode **kids = malloc((size_t)total * sizeof *kids);
    ynode **from = malloc((size_t)total / 2 * sizeof *from); /* each entry's key as written */
    char *ranged = malloc((size_t)total / 2);                  /* 1: made by a range */
    name_index seen = {0};
    int n = 0; /* entries kept */
    if (!kids || !from || !ranged) {
        free(kids);
        free(from);
        free(ranged);
        free(expand);
        x->L->nomem = 1;
        return;
    }
    for (int i = 0; i + 1 < m->n && !x->L->nomem; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]);
        int c = 1, said = 0; /* a range's clashes: the first is reported */
        ynode **made = NULL;
        /* the range as counted above (an alias elsewhere may have made the
           node a list since: its text, and so its names, stay) */
        if (expand[i / 2] && range_parse(k->text, &r) == RANGE_OK &&
            !(made = range_nodes(x, k, &r, &c)))
            break;
        for (int j = 0; j < c; j++) {
            ynode *key = made ? made[j] : m->kids[i], *kd = topo_yaml_deref(key);
            int first = kd && kd->type == Y_SCALAR ? topo_names_add(&seen, kd->text, n) : -1;
            if (first == TOPO_ENOMEM) {
                x->L->nomem = 1;
                break;
            }
            /* a repeat of plain keys is left to the mapping's duplicate check */
            if (first >= 0 && (made || ranged[first])) {
                const ynode *o = from[first];
                char line[32] = "";
                if (said++)
                    continue;
                if (o->file == k->file)
                    snprintf(line, sizeof line, " at line %d", o->line);
                if (made)
                    topo_load_err(x->L, k, "name '%s' from range '%s' in %s clashes with %s'%s'%s "
                                  "(expected each name once)", kd->text, k->text, section,
                                  ranged[first] ? "range " : "", o->text, line);
                else
                    topo_load_err(x->L, kd, "name '%s' in %s clashes with range '%s'%s "
                                  "(expected each name once)", kd->text, section, o->text, line);
                continue;
            }
            from[n] = k;
            ranged[n] = made != NULL;
            kids[2 * n] = key;
            kids[2 * n + 1] = m->kids[i + 1];
            n++;
        }
        free(made);
    }
    topo_names_release(&seen);
    free(from);
    free(ranged);
    free(expand);
    if (x->L->nomem) {
        free(kids);
        return;
    }
    free(m->kids);
    m->kids = kids;
    m->n = m->cap = 2 * n;
}

/* `system` or a view at path: a list, or {services: [...], need: ...}. */
static void expand_view(expander *x, ynode *v, const char *path)
{
    ynode *d = topo_yaml_deref(v);
    if (d && d->type == Y_MAP)
        expand_key_list(x, d, "services", path);
    else
        expand_list(x, v, path);
}

/* Each entry's `targets` in the mapping of a section (maintenance,
 * common-cause). */
static void expand_targets(expander *x, ynode *m, const char *section)
{
    char path[512];
    m = topo_yaml_deref(m);
    if (!m || m->type != Y_MAP)
        return;
    for (int i = 0; i + 1 < m->n; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]), *v = topo_yaml_deref(m->kids[i + 1]);
        if (!k || k->type != Y_SCALAR || !v || v->type != Y_MAP)
            continue;
        snprintf(path, sizeof path, "%s.%s", section, k->text);
        expand_key_list(x, v, "targets", path);
    }
}

void topo_load_expand_ranges(loader *L, ydoc *d)
{
    static const char *const host_lists[] = {"needs"};
    static const char *const service_lists[] = {"hosts", "needs", "needs-local"};
    expander x = {L, d, 0, 0};
    ynode *root = topo_yaml_deref(d->root);
    if (!root || root->type != Y_MAP)
        return;
    expand_entries(&x, topo_yaml_map_get(root, "hosts", NULL), "hosts", host_lists, 1,
                   &L->range_bad_hosts);
    expand_entries(&x, topo_yaml_map_get(root, "services", NULL), "services", service_lists, 3,
                   &L->range_bad_services);
    ynode *sys = topo_yaml_map_get(root, "system", NULL);
    if (sys)
        expand_view(&x, sys, "system");
    ynode *views = topo_yaml_deref(topo_yaml_map_get(root, "views", NULL));
    for (int i = 0; views && views->type == Y_MAP && i + 1 < views->n; i += 2) {
        ynode *k = topo_yaml_deref(views->kids[i]);
        char path[512];
        if (!k || k->type != Y_SCALAR)
            continue;
        snprintf(path, sizeof path, "views.%s", k->text);
        expand_view(&x, views->kids[i + 1], path);
    }
    expand_targets(&x, topo_yaml_map_get(root, "maintenance", NULL), "maintenance");
    expand_targets(&x, topo_yaml_map_get(root, "common-cause", NULL), "common-cause");
}

/* ---- grouping names back into ranges ---- */

/* Where the number of `name` that makes it follow `start` lies, if name can
 * be the next of a range that starts at start: 1 with *pre (prefix length)
 * and the two numbers' digits, else 0. The prefix ends where a run of digits
 * starts, the suffixes after the digits are equal. */
static int split_pair(const char *start, const char *name, size_t *pre)
{
    size_t i = 0;
    while (start[i] && start[i] == name[i])
        i++;
    while (i > 0 && start[i - 1] >= '0' && start[i - 1] <= '9')
        i--;
    if (!(start[i] >= '0' && start[i] <= '9') || !(name[i] >= '0' && name[i] <= '9'))
        return 0;
    size_t a = i, b = i;
    while (start[a] >= '0' && start[a] <= '9')
        a++;
    while (name[b] >= '0' && name[b] <= '9')
        b++;
    if (a - i > 18 || b - i > 18 || strcmp(start + a, name + b))
        return 0;
    *pre = i;
    return 1;
}

static unsigned long long number_at(const char *s, int *len)
{
    unsigned long long v = 0;
    int n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        v = v * 10 + (unsigned long long)(s[n++] - '0');
    *len = n;
    return v;
}

/* The text of a group of names[first .. first+count) (count >= 2) split at
 * pre: PREFIX[FIRST:LAST]SUFFIX, or NULL when out of memory. */
static char *group_text(const char *a, const char *z, size_t pre)
{
    int la, lz;
    number_at(a + pre, &la);
    number_at(z + pre, &lz);
    size_t n = strlen(a) + (size_t)lz + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%.*s[%.*s:%.*s]%s", (int)pre, a, la, a + pre, lz, z + pre, a + pre + la);
    return s;
}

void topo_name_groups_free(topo_name_group *groups, int n_groups)
{
    for (int i = 0; groups && i < n_groups; i++)
        free(groups[i].text);
    free(groups);
}

int topo_names_group(const char *const *names, int n, topo_name_group **groups, int *n_groups)
{
    topo_name_group *g = malloc((size_t)(n > 0 ? n : 1) * sizeof *g);
    int k = 0;
    *groups = NULL;
    *n_groups = 0;
    if (!g)
        return TOPO_ENOMEM;
    for (int i = 0; i < n;) {
        const char *a = names[i];
        size_t pre = 0;
        int j = i + 1, la = 0;
        if (j < n && split_pair(a, names[j], &pre)) {
            unsigned long long v0 = number_at(a + pre, &la);
            /* a leading zero pads every name to the first one's width */
            int width = la > 1 && a[pre] == '0' ? la : 0;
            for (; j < n && j - i < TOPO_MAX_RANGE_NAMES; j++) {
                size_t p2;
                int l2;
                if (!split_pair(a, names[j], &p2) || p2 != pre)
                    break;
                unsigned long long v = number_at(names[j] + pre, &l2);
                int lead = l2 > 1 && names[j][pre] == '0';
                if (v != v0 + (unsigned long long)(j - i) || (width ? l2 != width : lead))
                    break;
            }
        }
        g[k].first = i;
        g[k].count = j - i;
        g[k].text = j - i > 1 ? group_text(a, names[j - 1], pre) : NULL;
        if (j - i == 1) {
            size_t len = strlen(a) + 1;
            if ((g[k].text = malloc(len)))
                memcpy(g[k].text, a, len);
        }
        if (!g[k].text) {
            topo_name_groups_free(g, k);
            return TOPO_ENOMEM;
        }
        k++;
        i = j;
    }
    *groups = g;
    *n_groups = k;
    return TOPO_OK;
}
