/* model/topo_needs.c — `needs` of hosts and services and `needs-local` of
 * services, resolved once every name is known: needs-local checked against
 * the hosts and resolved into each member's local members, cycles found (the
 * whole cycle is named; needs-local edges count) and the dependencies-first
 * orders computed (host_order, service_order: every service after those it
 * needs or needs-local).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

/* Depth-first search for cycles and a dependencies-first order.
 * state: 0 new, 1 on the stack, 2 done. */
typedef struct graph {
    int n;
    int **adj;
    int *n_adj;
    const char *const *names;
    const int *n_plain; /* services: adj[u][0..n_plain[u]) are `needs`, the
                           rest `needs-local`; NULL: every edge is `needs` */
} graph;

/* The cycle stack[start..depth) -> w as "a needs-local b, b needs a" (at
 * least one edge is needs-local), into msg. */
static void local_cycle(const graph *g, const int *stack, const int *edge, int start, int depth,
                        int w, char *msg, size_t len)
{
    size_t off = 0;
    msg[0] = '\0';
    for (int j = start; j < depth && off < len; j++) {
        int u = stack[j], to = j + 1 < depth ? stack[j + 1] : w;
        int local = edge[j] - 1 >= g->n_plain[u];
        off += (size_t)snprintf(msg + off, len - off, "%s%s %s %s", j > start ? ", " : "",
                                g->names[u], local ? "needs-local" : "needs", g->names[to]);
    }
}

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
            int start = depth - 1, local = 0;
            while (start > 0 && stack[start] != w)
                start--;
            for (int j = start; j < depth && g->n_plain; j++)
                local |= edge[j] - 1 >= g->n_plain[stack[j]];
            if (local) {
                local_cycle(g, stack, edge, start, depth, w, msg, sizeof msg);
                topo_pos p = pos[w];
                topo_err_add(L->errs, p.file, p.line, p.col, "cycle through needs-local: %s", msg);
                L->failed = 1;
                continue;
            }
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
                        const int *n_plain, const topo_pos *pos, const char *what)
{
    int *state = calloc((size_t)(n ? n : 1), sizeof *state);
    int *stack = malloc((size_t)(n ? n : 1) * sizeof *stack);
    int *order = malloc((size_t)(n ? n : 1) * sizeof *order);
    int *edge = malloc((size_t)(n ? n : 1) * sizeof *edge);
    int n_order = 0;
    graph g = {n, adj, n_adj, names, n_plain};
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

/* The services' order through needs and needs-local: adj[i] becomes
 * needs followed by needs-local (for the order only; freed here). */
static void order_services_local(loader *L, int **adj, int *n_adj, const char *const *names,
                                 const topo_pos *pos)
{
    topology *t = L->t;
    int ns = t->n_services;
    int *n_plain = malloc((size_t)ns * sizeof *n_plain);
    int **both = calloc((size_t)ns, sizeof *both);
    if (!n_plain || !both) {
        L->nomem = 1;
        goto out;
    }
    for (int i = 0; i < ns; i++) {
        const topo_service *s = &t->services[i];
        n_plain[i] = s->n_needs;
        n_adj[i] = s->n_needs + s->n_needs_local;
        if (!(both[i] = malloc((size_t)(n_adj[i] ? n_adj[i] : 1) * sizeof **both))) {
            L->nomem = 1;
            goto out;
        }
        if (s->n_needs)
            memcpy(both[i], s->needs, (size_t)s->n_needs * sizeof **both);
        if (s->n_needs_local)
            memcpy(both[i] + s->n_needs, s->needs_local, (size_t)s->n_needs_local * sizeof **both);
        adj[i] = both[i];
    }
    t->service_order = order_graph(L, ns, adj, n_adj, names, n_plain, pos, "service");
out:
    for (int i = 0; both && i < ns; i++)
        free(both[i]);
    free(both);
    free(n_plain);
}

/* The hosts of service s that service o does not run on, as text grouped
 * into ranges ("compute[03:05], db1"; cut after about 300 characters) into
 * buf; returns how many. at[]: host -> rank in o, -1 elsewhere. */
static int missing_hosts(loader *L, const topo_service *s, const int *at, char *buf, size_t len)
{
    const topology *t = L->t;
    const char **miss = malloc((size_t)(s->n_hosts ? s->n_hosts : 1) * sizeof *miss);
    topo_name_group *g = NULL;
    int n = 0, ng = 0;
    buf[0] = '\0';
    if (!miss) {
        L->nomem = 1;
        return 0;
    }
    for (int q = 0; q < s->n_hosts; q++)
        if (at[s->hosts[q]] < 0)
            miss[n++] = t->hosts[s->hosts[q]].name;
    if (n && topo_names_group(miss, n, &g, &ng) == TOPO_OK) {
        size_t off = 0;
        for (int k = 0; k < ng && off < len; k++) {
            if (off > 300) {
                snprintf(buf + off, len - off, ", ...");
                break;
            }
            off += (size_t)snprintf(buf + off, len - off, "%s%s", k ? ", " : "", g[k].text);
        }
    } else if (n) {
        L->nomem = 1;
    }
    topo_name_groups_free(g, ng);
    free(miss);
    return n;
}

/* `needs-local` of service i: resolved (unknown names and repeats reported
 * by topo_load_resolve_list), itself and services missing on one of its
 * hosts reported, then each member's local_needs filled. */
static void needs_local(loader *L, int i)
{
    topology *t = L->t;
    topo_service *s = &t->services[i];
    ynode *v = L->service_needs_local[i], **items, *one;
    char path[512], hosts[512];
    int *idx = NULL, n = 0, kept = 0, bad;
    if (topo_load_is_null(v))
        return;
    snprintf(path, sizeof path, "services.%s.needs-local", s->name);
    bad = topo_load_resolve_list(L, v, path, 0, &idx, &n, "expected each service once") != 0;
    int *at = malloc((size_t)(t->n_hosts ? t->n_hosts : 1) * sizeof *at);
    if (!at || L->nomem) {
        free(idx);
        free(at);
        L->nomem = 1;
        return;
    }
    for (int h = 0; h < t->n_hosts; h++)
        at[h] = -1;
    /* the node of idx[k]: the k-th first naming of a known service */
    ynode *d = topo_yaml_deref(v);
    int cnt = d->type == Y_SEQ ? d->n : 1, k = 0;
    items = d->type == Y_SEQ ? d->kids : (one = d, &one);
    for (int j = 0; j < cnt && k < n; j++) {
        ynode *it = topo_yaml_deref(items[j]);
        int o = idx[k];
        const topo_service *os = &t->services[o];
        if (!it || it->type != Y_SCALAR || strcmp(it->text, os->name))
            continue;
        k++;
        if (o == i) {
            topo_load_err(L, it, "service '%s' needs-local itself in %s (expected other services "
                                 "that run on its hosts)", s->name, path);
            bad = 1;
            continue;
        }
        if (os->n_hosts == 0) { /* its hosts are wrong: reported already */
            bad = 1;
            continue;
        }
        for (int r = 0; r < os->n_hosts; r++)
            at[os->hosts[r]] = r;
        int miss = missing_hosts(L, s, at, hosts, sizeof hosts);
        for (int r = 0; r < os->n_hosts; r++)
            at[os->hosts[r]] = -1;
        if (miss == 1)
            topo_load_err(L, it, "service '%s' in %s does not run on host '%s' of %s (expected "
                                 "it on every host of %s)", os->name, path, hosts, s->name, s->name);
        else if (miss > 1)
            topo_load_err(L, it, "service '%s' in %s does not run on %d hosts of %s: %s (expected "
                                 "it on every host of %s)", os->name, path, miss, s->name, hosts,
                          s->name);
        if (miss) {
            bad = 1;
            continue;
        }
        idx[kept++] = o;
    }
    s->needs_local = idx;
    s->n_needs_local = kept;
    if (!kept) {
        free(idx);
        s->needs_local = NULL;
    }
    /* each member's local members, once every name is good */
    for (int q = 0; q < s->n_hosts && kept && !bad && !L->nomem; q++) {
        topo_member *mb = &t->members[s->first_member + q];
        if (!(mb->local_needs = malloc((size_t)kept * sizeof *mb->local_needs)))
            L->nomem = 1;
        else
            mb->n_local_needs = kept;
    }
    for (int j = 0; j < kept && !bad && !L->nomem; j++) {
        const topo_service *os = &t->services[s->needs_local[j]];
        for (int r = 0; r < os->n_hosts; r++)
            at[os->hosts[r]] = r;
        for (int q = 0; q < s->n_hosts; q++)
            t->members[s->first_member + q].local_needs[j] = os->first_member + at[s->hosts[q]];
        for (int r = 0; r < os->n_hosts; r++)
            at[os->hosts[r]] = -1;
    }
    free(at);
}

void topo_load_needs(loader *L)
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
        if (L->host_needs[i] && !topo_load_is_null(L->host_needs[i])) {
            snprintf(path, sizeof path, "hosts.%s.needs", h->name);
            topo_load_resolve_list(L, L->host_needs[i], path, 1, &h->needs, &h->n_needs,
                         "expected each host once");
        }
        adj[i] = h->needs;
        n_adj[i] = h->n_needs;
        names[i] = h->name;
        pos[i] = h->pos;
    }
    if (nh && !L->nomem)
        t->host_order = order_graph(L, nh, adj, n_adj, names, NULL, pos, "host");
    int any_local = 0;
    for (int i = 0; i < ns && L->service_needs; i++) {
        topo_service *s = &t->services[i];
        if (L->service_needs[i] && !topo_load_is_null(L->service_needs[i])) {
            snprintf(path, sizeof path, "services.%s.needs", s->name);
            topo_load_resolve_list(L, L->service_needs[i], path, 0, &s->needs, &s->n_needs,
                         "expected each service once");
        }
        if (L->service_needs_local && L->service_needs_local[i] && !L->nomem)
            needs_local(L, i);
        any_local |= s->n_needs_local > 0;
        adj[i] = s->needs;
        n_adj[i] = s->n_needs;
        names[i] = s->name;
        pos[i] = s->pos;
    }
    if (any_local && !L->nomem)
        order_services_local(L, adj, n_adj, names, pos);
    else if (ns && !L->nomem)
        t->service_order = order_graph(L, ns, adj, n_adj, names, NULL, pos, "service");
out:
    free(adj);
    free(n_adj);
    free(names);
    free(pos);
    free(L->host_needs);
    free(L->service_needs);
    free(L->service_needs_local);
    L->host_needs = L->service_needs = L->service_needs_local = NULL;
}
