/* model/topo_check.c — hosts, services, the system and views: interpreted
 * from the YAML tree with every error located, then names resolved, needs
 * checked for cycles (the whole cycle is named) and the dependency orders
 * computed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static topo_pos pos_of(const ynode *n)
{
    topo_pos p = {0};
    if (n) {
        p.file = n->file;
        p.line = n->line;
        p.col = n->col;
    }
    return p;
}

static int is_null(ynode *v)
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

void topo_load_hosts(loader *L, ynode *hosts)
{
    static const char *const keys[] = {"profile", "needs"};
    topology *t = L->t;
    char path[512];
    ynode *m = topo_yaml_deref(hosts);
    if (!m || is_null(m)) {
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
        h->pos = pos_of(k);
        t->n_hosts++;
        snprintf(path, sizeof path, "hosts.%s", k->text);
        if (is_null(v))
            continue;
        if (v->type != Y_MAP) {
            topo_load_err(L, v, "%s is not a mapping (expected {profile: NAME, needs: [HOSTS]} or {})", path);
            continue;
        }
        /* a law written on the host itself, as on a service's instance: say
           where it goes instead of "unknown key" for each of its keys */
        static const char *const law_keys[] = {"profile", "needs", "fail", "repair", "afr"};
        ynode *lk = NULL;
        for (int j = 2; j < 5 && !lk; j++)
            topo_yaml_map_get(v, law_keys[j], &lk);
        if (lk)
            topo_load_err(L, topo_yaml_deref(lk), "a host's law goes under 'profile' (expected %s: "
                                      "{profile: {fail: ..., repair: ...}} or a profile's name)",
                   path);
        topo_load_check_keys(L, v, path, lk ? law_keys : keys, lk ? 5 : 2);
        ynode *p = topo_yaml_map_get(v, "profile", NULL);
        if (p) {
            snprintf(path, sizeof path, "hosts.%s.profile", k->text);
            int law = topo_load_law_ref(L, p, path);
            h->law = law >= 0 ? law : -1;
        }
        L->host_needs[t->n_hosts - 1] = topo_yaml_map_get(v, "needs", NULL);
    }
}

static int find_host(const loader *L, const char *s)
{
    return topo_names_find(&L->host_ix, s);
}

static int find_service(const loader *L, const char *s)
{
    return topo_names_find(&L->service_ix, s);
}

/* Resolves a list of names at path into indices; is_host: hosts, else services.
 * Reports unknown names (with a suggestion) and repeats. */
static int resolve_list(loader *L, ynode *v, const char *path, int is_host, int **out, int *n_out,
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
        if (!s) {
            bad = 1;
            continue;
        }
        int j = is_host ? find_host(L, s) : find_service(L, s);
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
            topo_load_err(L, it, "unknown %s '%s' in %s%s", is_host ? "host" : "service", s, path,
                          cands ? topo_suggest_text(s, cands, n_names, sugg, sizeof sugg) : "");
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
    }
}

/* Mode-specific keys: which mode each applies to. */
static const struct { const char *key; int mode; } mode_keys[] = {
    {"need", MODE_ACTIVE_ACTIVE}, {"rejoin", MODE_QUORUM}, {"bootstrap", MODE_QUORUM},
    {"failover", MODE_ACTIVE_PASSIVE}, {"standby", MODE_ACTIVE_PASSIVE},
    {"resync", MODE_ACTIVE_PASSIVE}};

static void one_service(loader *L, topo_service *sv, ynode *k, ynode *v)
{
    static const char *const keys[] = {"mode", "hosts", "instance", "need", "rejoin",
                                       "bootstrap", "failover", "standby", "resync", "needs"};
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
    } else if (!hv || is_null(hv)) {
        topo_load_err(L, hv ? topo_yaml_deref(hv) : k, "%s %s (expected a list of host names)",
                      hv ? "empty" : "missing 'hosts' in", hv ? p : path);
    } else {
        ynode *hd = topo_yaml_deref(hv);
        int listed = hd->type == Y_SEQ ? hd->n : 1;
        resolve_list(L, hv, p, 1, &sv->hosts, &sv->n_hosts, "expected each host once");
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
        sv->instance = law >= 0 ? law : -1;
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
    ynode *fv = topo_yaml_map_get(v, "failover", NULL);
    if (fv && mode == MODE_ACTIVE_PASSIVE) {
        static const char *const fkeys[] = {"time", "success"};
        snprintf(p, sizeof p, "%s.failover", path);
        ynode *fm = topo_yaml_deref(fv);
        if (fm->type != Y_MAP) {
            topo_load_err(L, fm, "%s is not a mapping (expected {time: 4s, success: 99%%})", p);
        } else if (!topo_load_check_keys(L, fm, p, fkeys, 2)) {
            ynode *tv = topo_yaml_map_get(fm, "time", NULL), *sv2 = topo_yaml_map_get(fm, "success", NULL);
            if (tv) {
                snprintf(p, sizeof p, "%s.failover.time", path);
                topo_load_dist(L, tv, p, 0, 1, &sv->failover_time);
            }
            if (sv2) {
                snprintf(p, sizeof p, "%s.failover.success", path);
                const char *s = topo_load_scalar(L, sv2, p, "a ratio such as 99%");
                double r;
                char why[64];
                ynode *sd = topo_yaml_deref(sv2);
                if (s && units_parse_ratio(s, &r, why, sizeof why))
                    topo_load_err(L, sd, "bad success '%s' in %s (expected a ratio such as 99%% or 0.99)", s, p);
                else if (s && !(r >= 0 && r <= 1))
                    topo_load_err(L, sd, "success '%s' in %s is outside [0, 1] (expected a ratio such as 99%% or 0.99)",
                                  s, p);
                else if (s)
                    sv->failover_success = r;
            }
        }
    }
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
    if (!m || is_null(m) || m->type != Y_MAP) {
        if (m && !is_null(m))
            topo_load_err(L, m, "services is not a mapping (expected service names, e.g. api: {mode: single, hosts: [a]})");
        return;
    }
    topo_load_check_keys(L, m, "services", NULL, -1);
    int n = m->n / 2;
    t->services = calloc((size_t)(n ? n : 1), sizeof *t->services);
    L->service_needs = calloc((size_t)(n ? n : 1), sizeof *L->service_needs);
    if (!t->services || !L->service_needs) {
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
        if (!k || k->type != Y_SCALAR || find_service(L, k->text) >= 0)
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
        sv->pos = pos_of(k);
        sv->instance = -1;
        ks[t->n_services] = k;
        vals[t->n_services] = topo_yaml_deref(m->kids[2 * i + 1]);
        t->n_services++;
    }
    for (int i = 0; i < t->n_services && !L->nomem; i++) {
        one_service(L, &t->services[i], ks[i], vals[i]);
        add_members(L, i);
        if (vals[i] && vals[i]->type == Y_MAP)
            L->service_needs[i] = topo_yaml_map_get(vals[i], "needs", NULL);
    }
    free(vals);
    free(ks);
}

static void one_view(loader *L, topo_view *vw, const char *name, ynode *at, ynode *v, const char *path)
{
    vw->pos = pos_of(at);
    if (!(vw->name = topo_load_strdup(L, name)))
        return;
    if (!v || is_null(v) || (topo_yaml_deref(v)->type == Y_SEQ && topo_yaml_deref(v)->n == 0)) {
        topo_load_err(L, v ? topo_yaml_deref(v) : at, "empty %s (expected at least one service)", path);
        return;
    }
    resolve_list(L, v, path, 0, &vw->services, &vw->n_services, "expected each service once");
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
    if (!m || is_null(m))
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

/* Depth-first search for cycles and a dependencies-first order.
 * state: 0 new, 1 on the stack, 2 done. */
typedef struct graph {
    int n;
    int **adj;
    int *n_adj;
    const char *const *names;
} graph;

/* Depth-first from u without recursion (a chain of 100,000 hosts each
 * needing the previous one would overflow the C stack): stack[] holds the
 * path, edge[] the next edge to follow at each level. */
static void dfs(loader *L, const graph *g, int u, int *state, int *stack, int *edge, int *order,
                int *n_order, const char *what, const topo_pos *pos)
{
    int depth = 0;
    state[u] = 1;
    stack[depth] = u;
    edge[depth++] = 0;
    while (depth > 0) {
        int x = stack[depth - 1];
        if (edge[depth - 1] == g->n_adj[x]) {
            state[x] = 2;
            order[(*n_order)++] = x;
            depth--;
            continue;
        }
        int w = g->adj[x][edge[depth - 1]++];
        if (state[w] == 0) {
            state[w] = 1;
            stack[depth] = w;
            edge[depth++] = 0;
        } else if (state[w] == 1) {
            char msg[1024];
            size_t off = 0;
            int start = depth - 1;
            while (start > 0 && stack[start] != w)
                start--;
            for (int j = start; j < depth && off < sizeof msg; j++)
                off += (size_t)snprintf(msg + off, sizeof msg - off, "%s -> ", g->names[stack[j]]);
            if (off < sizeof msg)
                snprintf(msg + off, sizeof msg - off, "%s", g->names[w]);
            topo_pos p = pos[w];
            topo_err_add(L->errs, p.file, p.line, p.col, "cycle in %s needs: %s", what, msg);
            L->failed = 1;
        }
    }
}

static int *order_graph(loader *L, int n, int **adj, int *n_adj, const char *const *names,
                        const topo_pos *pos, const char *what)
{
    int *state = calloc((size_t)(n ? n : 1), sizeof *state);
    int *stack = malloc((size_t)(n ? n : 1) * sizeof *stack);
    int *order = malloc((size_t)(n ? n : 1) * sizeof *order);
    int *edge = malloc((size_t)(n ? n : 1) * sizeof *edge);
    int n_order = 0;
    graph g = {n, adj, n_adj, names};
    if (!state || !stack || !order || !edge) {
        free(state);
        free(stack);
        free(order);
        free(edge);
        L->nomem = 1;
        return NULL;
    }
    for (int u = 0; u < n; u++)
        if (state[u] == 0)
            dfs(L, &g, u, state, stack, edge, order, &n_order, what, pos);
    free(state);
    free(stack);
    free(edge);
    return order;
}

void topo_load_orders(loader *L)
{
    topology *t = L->t;
    char path[512];
    int nh = t->n_hosts, ns = t->n_services;
    int **adj = malloc((size_t)(nh > ns ? nh : ns ? ns : 1) * sizeof *adj);
    int *n_adj = calloc((size_t)(nh > ns ? nh : ns ? ns : 1), sizeof *n_adj);
    const char **names = malloc((size_t)(nh > ns ? nh : ns ? ns : 1) * sizeof *names);
    topo_pos *pos = malloc((size_t)(nh > ns ? nh : ns ? ns : 1) * sizeof *pos);
    if (!adj || !n_adj || !names || !pos) {
        L->nomem = 1;
        goto out;
    }
    for (int i = 0; i < nh && L->host_needs; i++) {
        topo_host *h = &t->hosts[i];
        if (L->host_needs[i] && !is_null(L->host_needs[i])) {
            snprintf(path, sizeof path, "hosts.%s.needs", h->name);
            resolve_list(L, L->host_needs[i], path, 1, &h->needs, &h->n_needs,
                         "expected each host once");
        }
        adj[i] = h->needs;
        n_adj[i] = h->n_needs;
        names[i] = h->name;
        pos[i] = h->pos;
    }
    if (nh && !L->nomem)
        t->host_order = order_graph(L, nh, adj, n_adj, names, pos, "host");
    for (int i = 0; i < ns && L->service_needs; i++) {
        topo_service *s = &t->services[i];
        if (L->service_needs[i] && !is_null(L->service_needs[i])) {
            snprintf(path, sizeof path, "services.%s.needs", s->name);
            resolve_list(L, L->service_needs[i], path, 0, &s->needs, &s->n_needs,
                         "expected each service once");
        }
        adj[i] = s->needs;
        n_adj[i] = s->n_needs;
        names[i] = s->name;
        pos[i] = s->pos;
    }
    if (ns && !L->nomem)
        t->service_order = order_graph(L, ns, adj, n_adj, names, pos, "service");
out:
    free(adj);
    free(n_adj);
    free(names);
    free(pos);
    free(L->host_needs);
    free(L->service_needs);
    L->host_needs = L->service_needs = NULL;
}
