/* model/topo_profiles.c — the `profiles` section of a topology or an
 * included file: named {fail, repair} pairs, parsed when read and turned into
 * a law of the topology when first used (topo_load_law_ref). A file's own
 * profiles win over included ones; among includes, the first definition met
 * (in include order, depth first) wins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

void topo_load_profiles(loader *L, ynode *profiles)
{
    char path[512];
    ynode *m = topo_yaml_deref(profiles);
    if (!m || (m->type == Y_SCALAR && !*m->text && !m->quoted))
        return;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "profiles is %s (expected a mapping of profile names to {fail: ..., repair: ...})",
                      topo_load_type_name(m));
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
        p->ok = topo_load_pair(L, p->val, path, &p->fail, &p->repair, &p->detect, &p->crew) == 0;
    }
}
