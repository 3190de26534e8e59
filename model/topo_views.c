/* model/topo_views.c — the `system` and `views` sections: named lists of
 * services.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static void one_view(loader *L, topo_view *vw, const char *name, ynode *at, ynode *v, const char *path)
{
    vw->pos = topo_load_pos_of(at);
    if (!(vw->name = topo_load_strdup(L, name)))
        return;
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
