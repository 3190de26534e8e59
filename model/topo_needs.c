/* model/topo_needs.c — `needs` of hosts and services, resolved once every
 * name is known: cycles found (the whole cycle is named) and the
 * dependencies-first orders computed (host_order, service_order).
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
        t->host_order = order_graph(L, nh, adj, n_adj, names, pos, "host");
    for (int i = 0; i < ns && L->service_needs; i++) {
        topo_service *s = &t->services[i];
        if (L->service_needs[i] && !topo_load_is_null(L->service_needs[i])) {
            snprintf(path, sizeof path, "services.%s.needs", s->name);
            topo_load_resolve_list(L, L->service_needs[i], path, 0, &s->needs, &s->n_needs,
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
