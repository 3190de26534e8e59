/* model/topo_views.c — the `system` and `views` sections: named lists of
 * services, each a plain list (up while all are up) or {services: [...],
 * need: 80%} (up while that share of their members serve).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* `need` of a view at path (the share of members that must serve) into
 * vw, once its services are resolved. */
static void view_need(loader *L, topo_view *vw, ynode *nv, const char *path)
{
    const char *expected = "a share of the members of its services, such as 80%";
    char why[64];
    double r;
    const char *s = topo_load_scalar(L, nv, path, expected);
    ynode *n = topo_yaml_deref(nv);
    if (!s)
        return;
    if (units_parse_ratio(s, &r, why, sizeof why)) {
        topo_load_err(L, n, "bad need '%s' in %s (expected %s or 0.8)", s, path, expected);
        return;
    }
    if (!(r > 0 && r <= 1)) {
        topo_load_err(L, n, "need '%s' in %s is outside (0, 100%%] (expected %s)", s, path, expected);
        return;
    }
    if (r == 1 && !strchr(s, '%')) {
        /* a count of one member, or all of them? */
        topo_load_err(L, n, "need '%s' in %s is ambiguous (expected %s, or 100%% for all of them)", s,
                      path, expected);
        return;
    }
    int members = 0;
    for (int i = 0; i < vw->n_services; i++)
        members += L->t->services[vw->services[i]].n_hosts;
    vw->need_fraction = r;
    /* the least whole k >= r x members; 1e-9 absorbs rounding (0.7 x 10) */
    vw->need_members = (int)ceil(r * members - 1e-9);
    if (vw->need_members < 1 && members > 0)
        vw->need_members = 1;
}

/* The form {services: [...], need: 80%} of a view at path. */
static void view_map(loader *L, topo_view *vw, ynode *at, ynode *m, const char *path)
{
    static const char *const keys[] = {"services", "need"};
    char p[600];
    topo_load_check_keys(L, m, path, keys, 2);
    ynode *sv = topo_yaml_map_get(m, "services", NULL), *nv = topo_yaml_map_get(m, "need", NULL);
    snprintf(p, sizeof p, "%s.services", path);
    if (!sv) {
        if (!topo_load_typo_of(m, "services", keys, 2))
            topo_load_err(L, m, "missing 'services' in %s (expected {services: [SERVICES], need: 80%%})",
                          path);
        return;
    }
    ynode *sd = topo_yaml_deref(sv);
    if (topo_load_is_null(sv) || (sd->type == Y_SEQ && sd->n == 0)) {
        topo_load_err(L, sd ? sd : at, "empty %s (expected at least one service)", p);
        return;
    }
    if (topo_load_resolve_list(L, sv, p, 0, &vw->services, &vw->n_services,
                               "expected each service once") || !nv)
        return;
    snprintf(p, sizeof p, "%s.need", path);
    view_need(L, vw, nv, p);
}

static void one_view(loader *L, topo_view *vw, const char *name, ynode *at, ynode *v, const char *path)
{
    vw->pos = topo_load_pos_of(at);
    vw->need_fraction = 0; /* a plain list */
    vw->need_members = 0;
    if (!(vw->name = topo_load_strdup(L, name)))
        return;
    if (v && topo_yaml_deref(v) && topo_yaml_deref(v)->type == Y_MAP) {
        view_map(L, vw, at, topo_yaml_deref(v), path);
        return;
    }
    if (!v || topo_load_is_null(v) || (topo_yaml_deref(v)->type == Y_SEQ && topo_yaml_deref(v)->n == 0)) {
        topo_load_err(L, v ? topo_yaml_deref(v) : at, "empty %s (expected at least one service)", path);
        return;
    }
    topo_load_resolve_list(L, v, path, 0, &vw->services, &vw->n_services, "expected each service once");
}

void topo_load_views(loader *L, ynode *root, ynode *system, ynode *views)
{
    topology *t = L->t;
    ynode *sk = NULL;
    topo_yaml_map_get(root, "system", &sk);
    if (!system) {
        topo_load_err(L, root, "missing 'system' (expected the list of services the design needs, e.g. system: [api])");
        L->t->system.name = topo_load_strdup(L, "system");
    } else {
        one_view(L, &t->system, "system", sk, system, "system");
    }
    ynode *m = topo_yaml_deref(views);
    if (!m || topo_load_is_null(m))
        return;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "views is not a mapping (expected view names, each a list of services)");
        return;
    }
    topo_load_check_keys(L, m, "views", NULL, -1);
    int n = m->n / 2;
    name_index seen = {0};
    t->views = calloc((size_t)(n ? n : 1), sizeof *t->views);
    if (!t->views) {
        L->nomem = 1;
        return;
    }
    for (int i = 0; i < n && !L->nomem; i++) {
        ynode *k = topo_yaml_deref(m->kids[2 * i]);
        char path[512];
        if (!k || k->type != Y_SCALAR)
            continue;
        int dup = topo_names_add(&seen, k->text, i);
        if (dup == TOPO_ENOMEM)
            L->nomem = 1;
        if (dup != -1)
            continue;
        snprintf(path, sizeof path, "views.%s", k->text);
        if (!strcmp(k->text, "system")) {
            topo_load_err(L, k, "a view cannot be named 'system' (the system is listed under system: give the view another name)");
            continue;
        }
        one_view(L, &t->views[t->n_views++], k->text, k, m->kids[2 * i + 1], path);
    }
    topo_names_release(&seen);
}
