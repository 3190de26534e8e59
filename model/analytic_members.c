/* model/analytic_members.c — the analytic solver's members: each member's
 * closure of hosts (its host and every host that host needs), split into
 * private parts (folded into the member's probability q) and shared parts
 * (hosts in the closures of two or more members, enumerated by
 * analytic_enum.c).
 */
#include "analytic_int.h"

#include <stdlib.h>

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Host scratch for closures: nh ints each. */
typedef struct an_closure {
    int *pos;   /* host -> its index in host_order */
    int *stamp; /* host -> tag of the last closure that reached it */
    int *stack, *list;
} an_closure;

/* The hosts with a law among h and every host it needs (transitively), in
 * host order, into x->list; returns how many. tag: a number not used before.
 * Iterative: a chain of 100,000 `needs` makes no deep recursion. */
static int host_closure(const topology *t, int h, an_closure *x, int tag)
{
    int top = 0, n = 0;
    x->stack[top++] = h;
    x->stamp[h] = tag;
    while (top > 0) {
        int g = x->stack[--top];
        if (t->hosts[g].law >= 0)
            x->list[n++] = x->pos[g];
        for (int i = 0; i < t->hosts[g].n_needs; i++) {
            int k = t->hosts[g].needs[i];
            if (x->stamp[k] != tag) {
                x->stamp[k] = tag;
                x->stack[top++] = k;
            }
        }
    }
    qsort(x->list, (size_t)n, sizeof *x->list, by_int);
    for (int i = 0; i < n; i++)
        x->list[i] = t->host_order ? t->host_order[x->list[i]] : x->list[i];
    return n;
}

int analytic_build_members(solver *sv)
{
    const topology *t = sv->t;
    int nh = t->n_hosts, nm = t->n_members;
    int rc = -1;
    an_closure x;
    x.pos = malloc(((size_t)nh + 1) * sizeof(int));
    x.stamp = calloc((size_t)nh + 1, sizeof(int));
    x.stack = malloc(((size_t)nh + 1) * sizeof(int));
    x.list = malloc(((size_t)nh + 1) * sizeof(int));
    int *use = calloc((size_t)nh + 1, sizeof *use);
    sv->host_shared = malloc(((size_t)nh + 1) * sizeof *sv->host_shared);
    sv->shared_host = malloc(((size_t)nh + 1) * sizeof *sv->shared_host);
    if (!x.pos || !x.stamp || !x.stack || !x.list || !use || !sv->host_shared || !sv->shared_host)
        goto done;
    for (int k = 0; k < nh; k++)
        x.pos[t->host_order ? t->host_order[k] : k] = k;
    double bytes = (double)sv->n_targets * (double)t->n_services;
    for (int m = 0; m < nm; m++) {
        int n = host_closure(t, t->members[m].host, &x, m + 1);
        for (int i = 0; i < n; i++)
            use[x.list[i]]++;
        bytes += 8.0 * (n + 1);
        if (bytes > AN_MEMORY_MAX) {
            sv->too_big = 1;
            goto done;
        }
    }
    /* shared parts in host_order: every host after the hosts it needs */
    sv->n_shared = 0;
    for (int h = 0; h < nh; h++)
        sv->host_shared[h] = -1;
    for (int k = 0; k < nh; k++) {
        int h = t->host_order ? t->host_order[k] : k;
        if (use[h] >= 2) {
            sv->host_shared[h] = sv->n_shared;
            sv->shared_host[sv->n_shared++] = h;
        }
    }
    sv->part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->part_members);
    sv->n_part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->n_part_members);
    if (!sv->part_members || !sv->n_part_members)
        goto done;
    for (int s = 0; s < sv->n_shared; s++) {
        sv->part_members[s] = malloc((size_t)use[sv->shared_host[s]] * sizeof(int));
        if (!sv->part_members[s])
            goto done;
    }
    for (int m = 0; m < nm; m++) {
        an_member *am = &sv->members[m];
        const topo_member *tm = &t->members[m];
        const topo_service *ts = &t->services[tm->service];
        am->service = tm->service;
        int n = host_closure(t, tm->host, &x, nm + m + 1);
        am->shared = malloc(((size_t)n + 1) * sizeof(int));
        am->priv = malloc(((size_t)n + 1) * sizeof(int));
        if (!am->shared || !am->priv)
            goto done;
        am->q = ts->instance >= 0 ? law_availability(&t->laws[ts->instance]) : 1;
        for (int i = 0; i < n; i++) {
            int h = x.list[i];
            int s = sv->host_shared[h];
            if (s >= 0) {
                am->shared[am->n_shared++] = s;
                sv->part_members[s][sv->n_part_members[s]++] = m;
            } else {
                am->priv[am->n_priv++] = h;
                am->q *= law_availability(&t->laws[t->hosts[h].law]);
            }
        }
    }
    rc = 0;
done:
    free(x.pos);
    free(x.stamp);
    free(x.stack);
    free(x.list);
    free(use);
    return rc;
}
