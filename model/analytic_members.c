/* model/analytic_members.c — the analytic solver's members and parts: each
 * member's closure (its host, every host that host needs, and the common
 * causes acting on any of them or on the member itself), split into private
 * parts (folded into the member's probability q) and shared parts (in the
 * closures of two or more members, enumerated by analytic_enum.c); which
 * members each maintenance unit takes down; and the names and laws of parts.
 *
 * needs-local (docs/semantics.md, "needs-local: ready and serving members"):
 * a member's closure also holds the closures of the members it needs
 * locally (recursively), and the instance part of every member that another
 * member needs locally is a part of its own (shared between it and the
 * members that need it) instead of being folded into its q. A file without
 * needs-local has no such part: its closures are as before.
 *
 * Parts are numbered: host h is part h, common cause c is part n_hosts + c,
 * the instance of member m (only for members needed locally, whose service
 * has an instance law) part n_hosts + n_ccfs + m.
 */
#include "analytic_int.h"

#include <stdio.h>
#include <stdlib.h>

int analytic_part_law(const topology *t, int part)
{
    if (part < t->n_hosts)
        return t->hosts[part].law;
    if (part < t->n_hosts + t->n_ccfs)
        return t->ccfs[part - t->n_hosts].law;
    return t->services[t->members[part - t->n_hosts - t->n_ccfs].service].instance;
}

double analytic_part_availability(const topology *t, int part)
{
    int law = analytic_part_law(t, part);
    return law >= 0 ? law_availability(&t->laws[law]) : 1;
}

const char *analytic_part_name(const topology *t, int part, char *buf, size_t len)
{
    if (part < t->n_hosts) {
        snprintf(buf, len, "host '%s'", t->hosts[part].name);
    } else if (part < t->n_hosts + t->n_ccfs) {
        snprintf(buf, len, "common cause '%s'", t->ccfs[part - t->n_hosts].name);
    } else {
        const topo_member *tm = &t->members[part - t->n_hosts - t->n_ccfs];
        snprintf(buf, len, "instance of '%s' on '%s'", t->services[tm->service].name,
                 t->hosts[tm->host].name);
    }
    return buf;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Scratch for closures. */
typedef struct an_closure {
    int *pos;       /* host -> its index in host_order */
    int *stamp;     /* host -> tag of the last closure that reached it */
    int *cstamp;    /* common cause -> tag of the last closure that took it */
    int *stack, *list;
    int *ccf_start; /* host h's common causes: ccf_of[ccf_start[h] .. [h + 1]) */
    int *ccf_of;
    int *unit_start;/* host h's maintenance units (entry, unit pairs):
                       unit_of[2 unit_start[h] .. 2 unit_start[h + 1]) */
    int *unit_of;
    int *units;     /* out: the (entry, unit) pairs that take the member down */
    int n_units;
    const unsigned char *needed; /* per member: 1 if another needs it locally
                                    (NULL: no needs-local in the file) */
    int *mstack;    /* members of the closure still to visit */
    int *mstamp;    /* member -> tag of the last closure that reached it */
} an_closure;

static void add_ccf(const topology *t, an_closure *x, int c, int tag, int *n)
{
    if (x->cstamp[c] == tag)
        return;
    x->cstamp[c] = tag;
    x->list[(*n)++] = t->n_hosts + c;
}

/* The parts of member m's closure in enumeration order into x->list (hosts
 * with a law in host order, then common causes in file order, then the
 * instance parts of members needed locally); returns how many. The closure
 * takes in the members m needs locally, recursively. With units != 0,
 * x->units gets the maintenance units that take the member (or a member it
 * needs locally) down. tag: a number not used before. Iterative: a chain of
 * 100,000 `needs` makes no deep recursion. */
static int member_closure(const topology *t, int m, an_closure *x, int tag, int units)
{
    int n = 0, mtop = 0;
    x->n_units = 0;
    x->mstack[mtop++] = m;
    x->mstamp[m] = tag;
    while (mtop > 0) {
        /* member y: m itself, then the members it needs locally (recursively) */
        int y = x->mstack[--mtop];
        int top = 0;
        int h = t->members[y].host;
        if (x->needed && x->needed[y] && t->services[t->members[y].service].instance >= 0)
            x->list[n++] = t->n_hosts + t->n_ccfs + y;
        if (x->stamp[h] != tag) {
            x->stack[top++] = h;
            x->stamp[h] = tag;
        }
        while (top > 0) {
            int g = x->stack[--top];
            if (t->hosts[g].law >= 0)
                x->list[n++] = x->pos[g];
            for (int i = x->ccf_start[g]; i < x->ccf_start[g + 1]; i++)
                add_ccf(t, x, x->ccf_of[i], tag, &n);
            for (int i = x->unit_start[g]; units && i < x->unit_start[g + 1]; i++) {
                x->units[2 * x->n_units] = x->unit_of[2 * i];
                x->units[2 * x->n_units + 1] = x->unit_of[2 * i + 1];
                x->n_units++;
            }
            for (int i = 0; i < t->hosts[g].n_needs; i++) {
                int k = t->hosts[g].needs[i];
                if (x->stamp[k] != tag) {
                    x->stamp[k] = tag;
                    x->stack[top++] = k;
                }
            }
        }
        for (int c = 0; c < t->n_ccfs; c++)
            for (int u = 0; u < t->ccfs[c].n_units; u++)
                if (t->ccfs[c].units[u].member == y)
                    add_ccf(t, x, c, tag, &n);
        for (int e = 0; units && e < t->n_maint; e++)
            for (int u = 0; u < t->maint[e].n_units; u++)
                if (t->maint[e].units[u].member == y) {
                    x->units[2 * x->n_units] = e;
                    x->units[2 * x->n_units + 1] = u;
                    x->n_units++;
                }
        for (int i = 0; i < t->members[y].n_local_needs; i++) {
            int l = t->members[y].local_needs[i];
            if (x->mstamp[l] != tag) {
                x->mstamp[l] = tag;
                x->mstack[mtop++] = l;
            }
        }
    }
    /* positions: hosts by host order, then common causes (part numbers) */
    qsort(x->list, (size_t)n, sizeof *x->list, by_int);
    for (int i = 0; i < n; i++)
        if (x->list[i] < t->n_hosts)
            x->list[i] = t->host_order ? t->host_order[x->list[i]] : x->list[i];
    return n;
}

/* Per host, its host units of common causes and of maintenance entries
 * (counting sort into x->ccf_of and x->unit_of). Returns 0 or -1. */
static int index_units(const topology *t, an_closure *x)
{
    int nh = t->n_hosts;
    int n_ccf_units = 0, n_maint_units = 0;
    for (int c = 0; c < t->n_ccfs; c++)
        n_ccf_units += t->ccfs[c].n_units;
    for (int e = 0; e < t->n_maint; e++)
        n_maint_units += t->maint[e].n_units;
    x->ccf_start = calloc((size_t)nh + 2, sizeof(int));
    x->unit_start = calloc((size_t)nh + 2, sizeof(int));
    x->ccf_of = malloc(((size_t)n_ccf_units + 1) * sizeof(int));
    x->unit_of = malloc(2 * ((size_t)n_maint_units + 1) * sizeof(int));
    x->units = malloc(2 * ((size_t)n_maint_units + 1) * sizeof(int));
    if (!x->ccf_start || !x->unit_start || !x->ccf_of || !x->unit_of || !x->units)
        return -1;
    for (int c = 0; c < t->n_ccfs; c++)
        for (int u = 0; u < t->ccfs[c].n_units; u++)
            if (t->ccfs[c].units[u].host >= 0)
                x->ccf_start[t->ccfs[c].units[u].host + 1]++;
    for (int e = 0; e < t->n_maint; e++)
        for (int u = 0; u < t->maint[e].n_units; u++)
            if (t->maint[e].units[u].host >= 0)
                x->unit_start[t->maint[e].units[u].host + 1]++;
    for (int h = 0; h < nh; h++) {
        x->ccf_start[h + 1] += x->ccf_start[h];
        x->unit_start[h + 1] += x->unit_start[h];
    }
    int *fill = calloc((size_t)nh + 1, sizeof *fill);
    if (!fill)
        return -1;
    for (int c = 0; c < t->n_ccfs; c++)
        for (int u = 0; u < t->ccfs[c].n_units; u++) {
            int h = t->ccfs[c].units[u].host;
            if (h >= 0)
                x->ccf_of[x->ccf_start[h] + fill[h]++] = c;
        }
    for (int h = 0; h < nh; h++)
        fill[h] = 0;
    for (int e = 0; e < t->n_maint; e++)
        for (int u = 0; u < t->maint[e].n_units; u++) {
            int h = t->maint[e].units[u].host;
            if (h >= 0) {
                int at = x->unit_start[h] + fill[h]++;
                x->unit_of[2 * at] = e;
                x->unit_of[2 * at + 1] = u;
            }
        }
    free(fill);
    return 0;
}

int analytic_build_members(solver *sv)
{
    const topology *t = sv->t;
    int nh = t->n_hosts, nm = t->n_members, np = t->n_hosts + t->n_ccfs + t->n_members;
    int rc = -1;
    an_closure x = { 0 };
    unsigned char *needed = NULL;
    for (int m = 0; m < nm; m++)
        for (int i = 0; i < t->members[m].n_local_needs; i++) {
            if (!needed && !(needed = calloc((size_t)nm, 1)))
                return -1;
            needed[t->members[m].local_needs[i]] = 1;
        }
    x.needed = needed;
    x.mstack = malloc(((size_t)nm + 1) * sizeof(int));
    x.mstamp = calloc((size_t)nm + 1, sizeof(int));
    x.pos = malloc(((size_t)nh + 1) * sizeof(int));
    x.stamp = calloc((size_t)nh + 1, sizeof(int));
    x.cstamp = calloc((size_t)t->n_ccfs + 1, sizeof(int));
    x.stack = malloc(((size_t)nh + 1) * sizeof(int));
    x.list = malloc(((size_t)np + 1) * sizeof(int));
    int *use = calloc((size_t)np + 1, sizeof *use);
    sv->part_shared = malloc(((size_t)np + 1) * sizeof *sv->part_shared);
    sv->shared_part = malloc(((size_t)np + 1) * sizeof *sv->shared_part);
    if (!x.mstack || !x.mstamp || !x.pos || !x.stamp || !x.cstamp || !x.stack || !x.list || !use || !sv->part_shared ||
        !sv->shared_part || index_units(t, &x))
        goto done;
    for (int k = 0; k < nh; k++)
        x.pos[t->host_order ? t->host_order[k] : k] = k;
    double bytes = (double)sv->n_targets * (double)t->n_services;
    for (int m = 0; m < nm; m++) {
        int n = member_closure(t, m, &x, m + 1, 0);
        for (int i = 0; i < n; i++)
            use[x.list[i]]++;
        bytes += 8.0 * (n + 1);
        if (bytes > AN_MEMORY_MAX) {
            sv->too_big = 1;
            goto done;
        }
    }
    /* shared parts in host_order (every host after the hosts it needs), then
       the common causes */
    sv->n_shared = 0;
    for (int p = 0; p < np; p++)
        sv->part_shared[p] = -1;
    for (int k = 0; k < np; k++) {
        int p = k < nh && t->host_order ? t->host_order[k] : k;
        if (use[p] >= 2) {
            sv->part_shared[p] = sv->n_shared;
            sv->shared_part[sv->n_shared++] = p;
        }
    }
    sv->part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->part_members);
    sv->n_part_members = calloc((size_t)sv->n_shared + 1, sizeof *sv->n_part_members);
    if (!sv->part_members || !sv->n_part_members)
        goto done;
    for (int s = 0; s < sv->n_shared; s++) {
        sv->part_members[s] = malloc((size_t)use[sv->shared_part[s]] * sizeof(int));
        if (!sv->part_members[s])
            goto done;
    }
    for (int m = 0; m < nm; m++) {
        an_member *am = &sv->members[m];
        const topo_member *tm = &t->members[m];
        const topo_service *ts = &t->services[tm->service];
        am->service = tm->service;
        int n = member_closure(t, m, &x, nm + m + 1, 1);
        am->shared = malloc(((size_t)n + 1) * sizeof(int));
        am->priv = malloc(((size_t)n + 1) * sizeof(int));
        am->units = malloc(2 * ((size_t)x.n_units + 1) * sizeof(int));
        if (!am->shared || !am->priv || !am->units)
            goto done;
        for (int i = 0; i < 2 * x.n_units; i++)
            am->units[i] = x.units[i];
        am->n_units = x.n_units;
        /* a member needed locally has its instance among its parts */
        am->q = ts->instance >= 0 && !(needed && needed[m])
                    ? law_availability(&t->laws[ts->instance]) : 1;
        for (int i = 0; i < n; i++) {
            int p = x.list[i];
            int s = sv->part_shared[p];
            if (s >= 0) {
                am->shared[am->n_shared++] = s;
                sv->part_members[s][sv->n_part_members[s]++] = m;
            } else {
                am->priv[am->n_priv++] = p;
                am->q *= analytic_part_availability(t, p);
            }
        }
    }
    rc = 0;
done:
    free(x.pos);
    free(x.stamp);
    free(x.cstamp);
    free(x.stack);
    free(x.list);
    free(x.ccf_start);
    free(x.unit_start);
    free(x.ccf_of);
    free(x.unit_of);
    free(x.units);
    free(x.mstack);
    free(x.mstamp);
    free(needed);
    free(use);
    return rc;
}
