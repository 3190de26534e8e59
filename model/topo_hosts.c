/* model/topo_hosts.c — the `hosts` section: each host's name, position and
 * law (a profile's name or an inline pair); its `needs` are kept for
 * topo_needs.c, which resolves them once every name is known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

void topo_load_hosts(loader *L, ynode *hosts)
{
    static const char *const keys[] = {"profile", "needs"};
    topology *t = L->t;
    char path[512];
    ynode *m = topo_yaml_deref(hosts);
    if (!m || topo_load_is_null(m)) {
        topo_load_err(L, m ? m : NULL, "no hosts (expected a mapping of host names)");
        return;
    }
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "hosts is not a mapping (expected host names, e.g. ctl1: {profile: server})");
        return;
    }
    topo_load_check_keys(L, m, "hosts", NULL, -1);
    int n = m->n / 2;
    t->hosts = calloc((size_t)(n ? n : 1), sizeof *t->hosts);
    L->host_needs = calloc((size_t)(n ? n : 1), sizeof *L->host_needs);
    if (!t->hosts || !L->host_needs) {
        L->nomem = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        ynode *k = topo_yaml_deref(m->kids[2 * i]), *v = topo_yaml_deref(m->kids[2 * i + 1]);
        topo_host *h = &t->hosts[t->n_hosts];
        if (!k || k->type != Y_SCALAR)
            continue;
        if (topo_names_find(&L->host_ix, k->text) >= 0)
            continue; /* reported by topo_load_check_keys */
        if (!(h->name = topo_load_strdup(L, k->text)))
            return;
        if (topo_names_add(&L->host_ix, h->name, t->n_hosts) == TOPO_ENOMEM) {
            free(h->name);
            h->name = NULL;
            L->nomem = 1;
            return;
        }
        h->law = -1;
        h->pos = topo_load_pos_of(k);
        t->n_hosts++;
        snprintf(path, sizeof path, "hosts.%s", k->text);
        if (topo_load_is_null(v))
            continue;
        if (v->type != Y_MAP) {
            topo_load_err(L, v, "%s is not a mapping (expected {profile: NAME, needs: [HOSTS]} or {})", path);
            continue;
        }
        /* a law written on the host itself, as on a service's instance: say
           where it goes instead of "unknown key" for each of its keys */
        static const char *const law_keys[] = {"profile", "needs", "fail", "repair", "afr", "detect"};
        ynode *lk = NULL;
        for (int j = 2; j < 6 && !lk; j++)
            topo_yaml_map_get(v, law_keys[j], &lk);
        if (lk)
            topo_load_err(L, topo_yaml_deref(lk), "a host's law goes under 'profile' (expected %s: "
                                      "{profile: {fail: ..., repair: ...}} or a profile's name)",
                   path);
        topo_load_check_keys(L, v, path, lk ? law_keys : keys, lk ? 6 : 2);
        ynode *p = topo_yaml_map_get(v, "profile", NULL);
        if (p) {
            snprintf(path, sizeof path, "hosts.%s.profile", k->text);
            int law = topo_load_law_ref(L, p, path);
            /* -2: a law given but wrong (reported; the load fails), so that
               later checks do not say "no profile" again */
            h->law = law >= 0 ? law : -2;
        }
        L->host_needs[t->n_hosts - 1] = topo_yaml_map_get(v, "needs", NULL);
    }
}
