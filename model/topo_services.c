/* model/topo_services.c — the `services` section: mode, hosts (the members),
 * instance law, need, and each mode's settings (rejoin, bootstrap, failover,
 * switchover, standby, resync; replication and split brain through
 * topo_replication.c), with every error located; `needs` and
 * `needs-local` are kept for topo_needs.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static const char *const mode_names[] = {"single", "active-active", "quorum", "active-passive"};

static void add_members(loader *L, int s)
{
    topology *t = L->t;
    topo_service *sv = &t->services[s];
    if (t->n_members + sv->n_hosts > L->cap_members) {
        int cap = 2 * (t->n_members + sv->n_hosts) + 8;
        topo_member *p = realloc(t->members, (size_t)cap * sizeof *p);
        if (!p) {
            L->nomem = 1;
            return;
        }
        t->members = p;
        L->cap_members = cap;
    }
    sv->first_member = t->n_members;
    for (int i = 0; i < sv->n_hosts; i++) {
        topo_member *mb = &t->members[t->n_members++];
        mb->service = s;
        mb->host = sv->hosts[i];
        mb->rank = i;
        mb->local_needs = NULL; /* topo_needs.c fills them */
        mb->n_local_needs = 0;
    }
}

/* Mode-specific keys: which mode each applies to. */
static const struct { const char *key; int mode; } mode_keys[] = {
    {"need", MODE_ACTIVE_ACTIVE}, {"rejoin", MODE_QUORUM}, {"bootstrap", MODE_QUORUM},
    {"failover", MODE_ACTIVE_PASSIVE}, {"switchover", MODE_ACTIVE_PASSIVE},
    {"standby", MODE_ACTIVE_PASSIVE},
    {"resync", MODE_ACTIVE_PASSIVE}};

/* `failover` or `switchover` (key) of an active-passive service sv at path:
 * {time: a duration or a law, success: a ratio}, and for failover its
 * split-brain keys (topo_replication.c); a field left out keeps what *time
 * and *success hold. */
static void move(loader *L, topo_service *svc, ynode *v, const char *key, const char *path, int mode,
                 law_dist *time, double *success)
{
    static const char *const fkeys[] = {"time", "success", "split-brain", "split-brain-detect",
                                        "split-brain-recovery"};
    int is_failover = !strcmp(key, "failover");
    char p[600];
    ynode *fv = topo_yaml_map_get(v, key, NULL);
    if (!fv || mode != MODE_ACTIVE_PASSIVE)
        return;
    snprintf(p, sizeof p, "%s.%s", path, key);
    ynode *fm = topo_yaml_deref(fv);
    if (fm->type != Y_MAP) {
        topo_load_err(L, fm, "%s is not a mapping (expected {time: 4s, success: 99%%})", p);
        return;
    }
    if (topo_load_check_keys(L, fm, p, fkeys, 5))
        return;
    if (is_failover)
        topo_load_split_brain(L, svc, fm, p);
    for (int i = 2; i < 5 && !is_failover; i++) {
        ynode *kk = NULL;
        if (topo_yaml_map_get(fm, fkeys[i], &kk))
            topo_load_err(L, kk, "'%s' applies only to failover (%s: a planned move never splits)", fkeys[i], p);
    }
    ynode *tv = topo_yaml_map_get(fm, "time", NULL), *sv = topo_yaml_map_get(fm, "success", NULL);
    if (tv) {
        snprintf(p, sizeof p, "%s.%s.time", path, key);
        topo_load_dist(L, tv, p, 0, 1, time);
    }
    if (sv) {
        snprintf(p, sizeof p, "%s.%s.success", path, key);
        topo_load_ratio(L, sv, "success", p, 0, "99% or 0.99", success);
    }
}

static void one_service(loader *L, topo_service *sv, ynode *k, ynode *v)
{
    static const char *const keys[] = {"mode", "hosts", "instance", "need", "rejoin",
                                       "bootstrap", "failover", "switchover", "standby", "resync",
                                       "needs", "needs-local", "replication", "split-brain",
                                       "split-brain-detect", "split-brain-recovery"};
    char path[512], p[600], sugg[160];
    const char *name = k->text;
    snprintf(path, sizeof path, "services.%s", name);
    if (!v || v->type != Y_MAP) {
        topo_load_err(L, v ? v : k, "%s is not a mapping (expected mode, hosts and the mode's settings)", path);
        return;
    }
    topo_load_check_keys(L, v, path, keys, (int)(sizeof keys / sizeof keys[0]));

    ynode *modek, *mv = topo_yaml_map_get(v, "mode", &modek);
    int mode = -1;
    if (!mv) {
        if (!topo_load_typo_of(v, "mode", keys, (int)(sizeof keys / sizeof keys[0])))
            topo_load_err(L, k, "missing 'mode' in %s (expected single, active-active, quorum or active-passive)", path);
    } else {
        snprintf(p, sizeof p, "%s.mode", path);
        const char *s = topo_load_scalar(L, mv, p, "a mode");
        if (s) {
            for (int i = 0; i < 4; i++)
                if (!strcmp(s, mode_names[i]))
                    mode = i;
            if (mode < 0 && topo_suggest(s, mode_names, 4))
                topo_load_err(L, topo_yaml_deref(mv), "unknown mode '%s' in %s%s", s, path,
                              topo_suggest_text(s, mode_names, 4, sugg, sizeof sugg));
            else if (mode < 0)
                topo_load_err(L, topo_yaml_deref(mv), "unknown mode '%s' in %s (expected single, active-active, quorum or active-passive)",
                              s, path);
        }
    }
    sv->mode = mode >= 0 ? (topo_mode)mode : MODE_SINGLE;

    ynode *hv = topo_yaml_map_get(v, "hosts", NULL);
    snprintf(p, sizeof p, "%s.hosts", path);
    if (!hv && topo_load_typo_of(v, "hosts", keys, (int)(sizeof keys / sizeof keys[0]))) {
        /* the unknown key says it */
    } else if (!hv || topo_load_is_null(hv)) {
        topo_load_err(L, hv ? topo_yaml_deref(hv) : k, "%s %s (expected a list of host names)",
                      hv ? "empty" : "missing 'hosts' in", hv ? p : path);
    } else {
        ynode *hd = topo_yaml_deref(hv);
        int listed = hd->type == Y_SEQ ? hd->n : 1;
        topo_load_resolve_list(L, hv, p, 1, &sv->hosts, &sv->n_hosts, "expected each host once");
        if (hd->type == Y_SEQ && hd->n == 0)
            topo_load_err(L, hd, "empty %s (expected a list of host names)", p);
        else if (mode == MODE_SINGLE && listed != 1)
            topo_load_err(L, hd, "single service '%s' has %d hosts (expected exactly one; use active-active or quorum for more)",
                          name, listed);
        else if (mode == MODE_ACTIVE_PASSIVE && listed < 2)
            topo_load_err(L, hd, "active-passive service '%s' has %d host (expected at least two)", name, listed);
    }

    for (size_t i = 0; i < sizeof mode_keys / sizeof mode_keys[0]; i++) {
        ynode *kk = NULL;
        if (mode >= 0 && topo_yaml_map_get(v, mode_keys[i].key, &kk) && mode != mode_keys[i].mode)
            topo_load_err(L, kk, "'%s' applies only to %s services (%s is %s)", mode_keys[i].key,
                          mode_names[mode_keys[i].mode], path, mode_names[mode]);
    }

    ynode *iv = topo_yaml_map_get(v, "instance", NULL);
    sv->instance = -1;
    if (iv) {
        snprintf(p, sizeof p, "%s.instance", path);
        int law = topo_load_law_ref(L, iv, p);
        sv->instance = law >= 0 ? law : -2; /* -2: given but wrong, as for hosts */
    }

    sv->need = 1;
    if (mode == MODE_QUORUM)
        sv->need = sv->n_hosts / 2 + 1;
    ynode *nv = topo_yaml_map_get(v, "need", NULL);
    if (nv && mode == MODE_ACTIVE_ACTIVE) {
        snprintf(p, sizeof p, "%s.need", path);
        const char *s = topo_load_scalar(L, nv, p, "a whole number");
        if (s) {
            char *end;
            long x = strtol(s, &end, 10);
            ynode *nd = topo_yaml_deref(nv);
            if (end == s || *end)
                topo_load_err(L, nd, "need '%s' in %s is not a whole number (expected 1 to the number of hosts)", s, path);
            else if (x < 1)
                topo_load_err(L, nd, "need %s in %s is less than 1 (expected 1 to the number of hosts)", s, path);
            else if (hv && x > sv->n_hosts && sv->n_hosts > 0)
                topo_load_err(L, nd, "need %ld in %s is more than its %d hosts (expected 1 to %d)", x, path,
                              sv->n_hosts, sv->n_hosts);
            else
                sv->need = (int)x;
        }
    }

    static const char *const delays[] = {"rejoin", "bootstrap", "resync"};
    law_dist *slots[] = {&sv->rejoin, &sv->bootstrap, &sv->resync};
    for (int i = 0; i < 3; i++) {
        slots[i]->kind = LAW_FIXED;
        slots[i]->a = slots[i]->b = 0;
        ynode *dv = topo_yaml_map_get(v, delays[i], NULL);
        if (dv && mode == (i < 2 ? MODE_QUORUM : MODE_ACTIVE_PASSIVE)) {
            snprintf(p, sizeof p, "%s.%s", path, delays[i]);
            topo_load_dist(L, dv, p, 0, 1, slots[i]);
        }
    }
    sv->failover_time.kind = LAW_FIXED;
    sv->failover_time.a = sv->failover_time.b = 0;
    sv->failover_success = 1.0;
    topo_load_replication(L, sv, v, mode, path);
    move(L, sv, v, "failover", path, mode, &sv->failover_time, &sv->failover_success);
    /* each field of switchover missing: the failover's (docs/semantics.md) */
    sv->switchover_time = sv->failover_time;
    sv->switchover_success = sv->failover_success;
    move(L, sv, v, "switchover", path, mode, &sv->switchover_time, &sv->switchover_success);
    sv->cold = 0;
    ynode *stv = topo_yaml_map_get(v, "standby", NULL);
    if (stv && mode == MODE_ACTIVE_PASSIVE) {
        snprintf(p, sizeof p, "%s.standby", path);
        const char *s = topo_load_scalar(L, stv, p, "hot or cold");
        if (s && !strcmp(s, "cold"))
            sv->cold = 1;
        else if (s && strcmp(s, "hot"))
            topo_load_err(L, topo_yaml_deref(stv), "unknown standby '%s' in %s (expected hot or cold)", s, path);
    }
}

void topo_load_services(loader *L, ynode *services)
{
    topology *t = L->t;
    ynode *m = topo_yaml_deref(services);
    if (!m || topo_load_is_null(m) || m->type != Y_MAP) {
        if (m && !topo_load_is_null(m))
            topo_load_err(L, m, "services is not a mapping (expected service names, e.g. api: {mode: single, hosts: [a]})");
        return;
    }
    topo_load_check_keys(L, m, "services", NULL, -1);
    int n = m->n / 2;
    t->services = calloc((size_t)(n ? n : 1), sizeof *t->services);
    L->service_needs = calloc((size_t)(n ? n : 1), sizeof *L->service_needs);
    L->service_needs_local = calloc((size_t)(n ? n : 1), sizeof *L->service_needs_local);
    if (!t->services || !L->service_needs || !L->service_needs_local) {
        L->nomem = 1;
        return;
    }
    /* names first, so `needs` may name services defined later */
    ynode **vals = calloc((size_t)(n ? n : 1), sizeof *vals);
    ynode **ks = calloc((size_t)(n ? n : 1), sizeof *ks);
    if (!vals || !ks) {
        free(vals);
        free(ks);
        L->nomem = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        ynode *k = topo_yaml_deref(m->kids[2 * i]);
        if (!k || k->type != Y_SCALAR || topo_names_find(&L->service_ix, k->text) >= 0)
            continue;
        topo_service *sv = &t->services[t->n_services];
        if (!(sv->name = topo_load_strdup(L, k->text)))
            break;
        if (topo_names_add(&L->service_ix, sv->name, t->n_services) == TOPO_ENOMEM) {
            free(sv->name);
            sv->name = NULL;
            L->nomem = 1;
            break;
        }
        sv->pos = topo_load_pos_of(k);
        sv->instance = -1;
        ks[t->n_services] = k;
        vals[t->n_services] = topo_yaml_deref(m->kids[2 * i + 1]);
        t->n_services++;
    }
    for (int i = 0; i < t->n_services && !L->nomem; i++) {
        one_service(L, &t->services[i], ks[i], vals[i]);
        add_members(L, i);
        if (vals[i] && vals[i]->type == Y_MAP) {
            L->service_needs[i] = topo_yaml_map_get(vals[i], "needs", NULL);
            L->service_needs_local[i] = topo_yaml_map_get(vals[i], "needs-local", NULL);
        }
    }
    free(vals);
    free(ks);
}
