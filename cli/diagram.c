/* cli/diagram.c — a topology as a diagram: builds the plain graph of
 * plots/plot.h (section (f)) from a topology and has plots/ draw it with
 * Graphviz. Used by `nines diagram` and by every report.
 *
 * What is drawn (docs/store-and-reports.md, "The topology diagram"):
 * - each host, a box; a shared host (members of two or more services run on
 *   it, or two or more hosts need it: one failure there hits several
 *   things) is filled orange;
 * - each service, a cluster labelled with its name, its mode and what keeps
 *   it up (need, quorum, failover); each of its members a rounded box inside
 *   it, with a thin arrow to the host it runs on;
 * - host `needs` as black arrows, service `needs` as thick blue arrows
 *   between clusters;
 * - each common cause an octagon with dashed lines to its hosts or members,
 *   each maintenance entry a note with dotted lines to its units;
 * - a legend of the looks that appear.
 * Everything is allocated here and freed before returning; plots/ escapes
 * every name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../plots/plot.h"
#include "cli.h"

/* Growing arrays and the label strings they point to, owned here. */
typedef struct build {
    plot_node *nodes;       int n_nodes, cap_nodes;
    plot_cluster *clusters; int n_clusters;
    plot_edge *edges;       int n_edges, cap_edges;
    char **texts;           int n_texts, cap_texts;
    int oom;
} build;

static void *grow(void *v, int *cap, int need, size_t size, int *oom)
{
    if (need <= *cap)
        return v;
    int nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *nv = realloc(v, (size_t)nc * size);
    if (!nv) {
        *oom = 1;
        return v;
    }
    *cap = nc;
    return nv;
}

/* A label built with printf, kept until the build is released; "" when out
 * of memory (b->oom is then set). */
static const char *text(build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *text(build *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    b->texts = grow(b->texts, &b->cap_texts, b->n_texts + 1, sizeof *b->texts, &b->oom);
    char *s = n >= 0 && !b->oom ? malloc((size_t)n + 1) : NULL;
    if (!s) {
        b->oom = 1;
        return "";
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->texts[b->n_texts++] = s;
    return s;
}

static int add_node(build *b, const char *label, plot_node_look look, int marked, int cluster,
                    int row)
{
    b->nodes = grow(b->nodes, &b->cap_nodes, b->n_nodes + 1, sizeof *b->nodes, &b->oom);
    if (b->oom)
        return 0;
    b->nodes[b->n_nodes] = (plot_node){label, look, marked, cluster, row};
    return b->n_nodes++;
}

static void add_edge(build *b, int from, int to, plot_edge_look look, int clip)
{
    b->edges = grow(b->edges, &b->cap_edges, b->n_edges + 1, sizeof *b->edges, &b->oom);
    if (b->oom)
        return;
    b->edges[b->n_edges++] = (plot_edge){from, to, look, clip, clip};
}

static void build_release(build *b)
{
    for (int i = 0; i < b->n_texts; i++)
        free(b->texts[i]);
    free(b->texts);
    free(b->nodes);
    free(b->clusters);
    free(b->edges);
}

/* A law's duration for a label: "4s" when fixed, else "mean 5m". */
static const char *duration(char *buf, size_t n, const law_dist *l)
{
    char d[64];
    units_format_duration(law_mean(l), d, sizeof d);
    snprintf(buf, n, "%s%s", l->kind == LAW_FIXED ? "" : "mean ", d);
    return buf;
}

/* The cluster label of service s: its name, then its mode and what keeps it
 * up, then its recovery details. */
static const char *service_label(build *b, const topology *t, int si)
{
    const topo_service *s = &t->services[si];
    char mode[256] = "", more[256] = "", a[80], c[80];
    switch (s->mode) {
    case MODE_SINGLE:
        snprintf(mode, sizeof mode, "single");
        break;
    case MODE_ACTIVE_ACTIVE:
        snprintf(mode, sizeof mode, "active-active: %d of %d needed", s->need, s->n_hosts);
        break;
    case MODE_QUORUM:
        snprintf(mode, sizeof mode, "quorum: %d of %d needed", s->need, s->n_hosts);
        if (!law_is_none(&s->rejoin) || !law_is_none(&s->bootstrap))
            snprintf(more, sizeof more, "%s%s%s%s%s",
                     law_is_none(&s->rejoin) ? "" : "rejoin ",
                     law_is_none(&s->rejoin) ? "" : duration(a, sizeof a, &s->rejoin),
                     !law_is_none(&s->rejoin) && !law_is_none(&s->bootstrap) ? ", " : "",
                     law_is_none(&s->bootstrap) ? "" : "bootstrap ",
                     law_is_none(&s->bootstrap) ? "" : duration(c, sizeof c, &s->bootstrap));
        break;
    case MODE_ACTIVE_PASSIVE:
        snprintf(mode, sizeof mode, "active-passive, %s standby", s->cold ? "cold" : "hot");
        snprintf(more, sizeof more, "failover %s, %.4g%% succeed%s%s",
                 duration(a, sizeof a, &s->failover_time), 100 * s->failover_success,
                 law_is_none(&s->resync) ? "" : ", resync ",
                 law_is_none(&s->resync) ? "" : duration(c, sizeof c, &s->resync));
        break;
    }
    int in_system = 0;
    for (int k = 0; k < t->system.n_services; k++)
        in_system |= t->system.services[k] == si;
    return text(b, "%s%s\n%s%s%s", s->name, in_system ? "" : " (not in the system)", mode,
                *more ? "\n" : "", more);
}

/* 1 if host h is shared: members of two or more services run on it, or two
 * or more hosts need it. */
static int host_shared(const topology *t, int h)
{
    int services = 0, needed_by = 0;
    for (int s = 0; s < t->n_services; s++)
        for (int k = 0; k < t->services[s].n_hosts; k++)
            if (t->services[s].hosts[k] == h) {
                services++;
                break;
            }
    for (int o = 0; o < t->n_hosts; o++)
        for (int k = 0; k < t->hosts[o].n_needs; k++)
            needed_by += t->hosts[o].needs[k] == h;
    return services >= 2 || needed_by >= 2;
}

/* The node of unit u (a host: its node; a member: its member node). */
static int unit_node(const topo_unit *u, const int *host_node, const int *member_node)
{
    return u->member >= 0 ? member_node[u->member] : host_node[u->host];
}

/* An edge unless the same one was just drawn: the members of a group of
 * hosts or members share their node (Y16), so their edges coincide. */
static void add_edge_once(build *b, int from, int to, plot_edge_look look, int clip)
{
    for (int i = b->n_edges - 1; i >= 0 && i >= b->n_edges - 64; i--)
        if (b->edges[i].from == from && b->edges[i].to == to && b->edges[i].look == look)
            return;
    add_edge(b, from, to, look, clip);
}

/* Groups of t's hosts for the drawing (cli_group_names with cli_same_host):
 * group[h] is the index of h's group's first host, and count[h] the size
 * of the group h starts (0 for the others). Returns 0, or -1 when out of
 * memory. */
static int host_groups(const topology *t, int *group, int *count, char **label)
{
    const char **names = malloc((size_t)(t->n_hosts + 1) * sizeof *names);
    topo_name_group *g = NULL;
    int ng = 0;
    if (!names)
        return -1;
    for (int h = 0; h < t->n_hosts; h++)
        names[h] = t->hosts[h].name;
    if (cli_group_names(names, t->n_hosts, cli_same_host, t, &g, &ng)) {
        free(names);
        return -1;
    }
    for (int i = 0; i < ng; i++) {
        for (int k = 0; k < g[i].count; k++)
            group[g[i].first + k] = g[i].first;
        count[g[i].first] = g[i].count;
        label[g[i].first] = g[i].text; /* taken */
        g[i].text = NULL;
    }
    topo_name_groups_free(g, ng);
    free(names);
    return 0;
}

/* Rows of hosts, top to bottom, so that the drawing reads as a stack: row
 * 1 holds the hosts no host needs, row r + 1 the hosts needed from row r or
 * lower (the longest chain of needs above them). Within a row, hosts are in
 * the order of the first host above that needs them (then in file order),
 * so that the arrows between rows do not cross for a tree. Fills row[h] and
 * order[] (hosts, row by row). Returns 0, or -1 when out of memory. */
static int host_rows(const topology *t, int *row, int *order)
{
    int n = t->n_hosts;
    double *key = calloc((size_t)n + 1, sizeof *key);
    if (!key)
        return -1;
    for (int h = 0; h < n; h++)
        row[h] = 1;
    /* host_order puts every host after the hosts it needs: walking it
       backwards meets each host before the hosts it needs */
    for (int k = n - 1; k >= 0; k--) {
        int h = t->host_order[k];
        for (int j = 0; j < t->hosts[h].n_needs; j++) {
            int d = t->hosts[h].needs[j];
            if (row[d] < row[h] + 1)
                row[d] = row[h] + 1;
        }
    }
    int max_row = 1;
    for (int h = 0; h < n; h++)
        max_row = row[h] > max_row ? row[h] : max_row;
    int m = 0;
    for (int r = 1; r <= max_row; r++) {
        int start = m;
        for (int h = 0; h < n; h++) {
            if (row[h] != r)
                continue;
            /* the position of the first already placed host that needs h */
            key[h] = (double)n + h;
            for (int i = 0; i < start && key[h] >= n; i++)
                for (int j = 0; j < t->hosts[order[i]].n_needs; j++)
                    if (t->hosts[order[i]].needs[j] == h) {
                        key[h] = i + (double)h / (n + 1);
                        break;
                    }
            order[m++] = h;
        }
        for (int i = start + 1; i < m; i++) /* insertion sort by key: rows are short */
            for (int j = i; j > start && key[order[j - 1]] > key[order[j]]; j--) {
                int x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
    }
    free(key);
    return 0;
}

int cli_diagram_size(const topology *t)
{
    return t->n_hosts + t->n_members + t->n_ccfs + t->n_maint;
}

int cli_diagram_draw(const topology *t, const char *out, char *err, size_t errlen)
{
    build b = {0};
    int any_shared = 0, any_host_needs = 0, any_service_needs = 0;
    int *row = calloc((size_t)t->n_hosts + 1, sizeof *row);
    int *order = calloc((size_t)t->n_hosts + 1, sizeof *order);
    int *host_node = calloc((size_t)t->n_hosts + 1, sizeof *host_node);
    int *member_node = calloc((size_t)t->n_members + 1, sizeof *member_node);
    /* a range's identical hosts are one box (Y16) */
    int *group = calloc((size_t)t->n_hosts + 1, sizeof *group);
    int *count = calloc((size_t)t->n_hosts + 1, sizeof *count);
    char **glabel = calloc((size_t)t->n_hosts + 1, sizeof *glabel);
    if (!row || !order || !host_node || !member_node || !group || !count || !glabel ||
        host_rows(t, row, order) || host_groups(t, group, count, glabel))
        b.oom = 1;
    /* hosts first, row by row: host h is node host_node[h], one node for a
       group (its hosts have the same needs, so the same row) */
    for (int k = 0; !b.oom && k < t->n_hosts; k++) {
        int h = order[k], shared = host_shared(t, h);
        if (group[h] != h) {
            host_node[h] = host_node[group[h]];
            continue;
        }
        any_shared |= shared;
        any_host_needs |= t->hosts[h].n_needs > 0;
        const char *label = count[h] > 1 ? text(&b, "%s\n%d hosts", glabel[h], count[h])
                                         : t->hosts[h].name;
        host_node[h] = add_node(&b, label, PLOT_NODE_BOX, shared, -1, row[h]);
    }
    for (int k = 0; !b.oom && k < t->n_hosts; k++) /* a group after its first host */
        host_node[order[k]] = host_node[group[order[k]]];
    /* then the members, in topology order: member m is node member_node[m];
       the members of a service on one group of hosts are one node */
    b.clusters = calloc((size_t)t->n_services + 1, sizeof *b.clusters);
    if (!b.clusters)
        b.oom = 1;
    b.n_clusters = b.clusters ? t->n_services : 0;
    for (int m = 0; !b.oom && m < t->n_members; m++) {
        const topo_member *mb = &t->members[m];
        const topo_service *s = &t->services[mb->service];
        int gh = group[mb->host];
        if (s->mode != MODE_ACTIVE_PASSIVE && count[gh] > 1 && m > 0 &&
            t->members[m - 1].service == mb->service && group[t->members[m - 1].host] == gh) {
            member_node[m] = member_node[m - 1];
            continue;
        }
        const char *host = t->hosts[mb->host].name;
        const char *label = host;
        if (s->mode == MODE_ACTIVE_PASSIVE)
            label = text(&b, "%s\n%s", host, mb->rank == 0 ? "active" : "standby");
        else if (count[gh] > 1) {
            int n = 0;
            for (int q = m; q < t->n_members && t->members[q].service == mb->service &&
                            group[t->members[q].host] == gh; q++)
                n++;
            label = n > 1 ? text(&b, "%s\n%d members", glabel[gh], n) : host;
        }
        member_node[m] = add_node(&b, label, PLOT_NODE_ROUND, 0, mb->service, 0);
        add_edge(&b, member_node[m], host_node[mb->host], PLOT_EDGE_THIN, 0);
    }
    for (int s = 0; !b.oom && s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        b.clusters[s].label = service_label(&b, t, s);
        for (int k = 0; k < sv->n_needs; k++) {
            const topo_service *to = &t->services[sv->needs[k]];
            /* from the middle member to the middle one: the arrow leaves and
               enters each cluster near its centre */
            add_edge(&b, member_node[sv->first_member + sv->n_hosts / 2],
                     member_node[to->first_member + to->n_hosts / 2], PLOT_EDGE_BOLD, 1);
            any_service_needs = 1;
        }
    }
    for (int h = 0; !b.oom && h < t->n_hosts; h++)
        for (int k = 0; group[h] == h && k < t->hosts[h].n_needs; k++)
            add_edge(&b, host_node[h], host_node[t->hosts[h].needs[k]], PLOT_EDGE_SOLID, 0);
    for (int c = 0; !b.oom && c < t->n_ccfs; c++) {
        const topo_ccf *f = &t->ccfs[c];
        int n = add_node(&b, text(&b, "%s\ncommon cause", f->name), PLOT_NODE_ALERT, 0, -1, 0);
        for (int u = 0; u < f->n_units; u++)
            add_edge_once(&b, n, unit_node(&f->units[u], host_node, member_node),
                          PLOT_EDGE_DASHED, 0);
    }
    for (int w = 0; !b.oom && w < t->n_maint; w++) {
        const topo_maint *mt = &t->maint[w];
        char every[64];
        units_format_duration(mt->every, every, sizeof every);
        int n = add_node(&b, text(&b, "%s\nmaintenance every %s%s", mt->name, every,
                                  mt->n_units > 1 ? (mt->rolling ? ", rolling" : ", all at once")
                                                  : ""),
                         PLOT_NODE_NOTE, 0, -1, 0);
        for (int u = 0; u < mt->n_units; u++)
            add_edge_once(&b, n, unit_node(&mt->units[u], host_node, member_node),
                          PLOT_EDGE_DOTTED, 0);
    }

    /* the legend: only what appears */
    plot_key keys[9];
    int nk = 0;
    keys[nk++] = (plot_key){"host", 0, PLOT_NODE_BOX, 0, 0};
    if (any_shared)
        keys[nk++] = (plot_key){"shared host: one failure\nhits several services or hosts", 0,
                                PLOT_NODE_BOX, 1, 0};
    if (t->n_members > 0) {
        keys[nk++] = (plot_key){"member: a service's\ninstance on a host", 0, PLOT_NODE_ROUND, 0, 0};
        keys[nk++] = (plot_key){"runs on", 1, 0, 0, PLOT_EDGE_THIN};
    }
    if (any_host_needs)
        keys[nk++] = (plot_key){"host needs host", 1, 0, 0, PLOT_EDGE_SOLID};
    if (any_service_needs)
        keys[nk++] = (plot_key){"service needs service", 1, 0, 0, PLOT_EDGE_BOLD};
    if (t->n_ccfs > 0)
        keys[nk++] = (plot_key){"common cause: downs\nall it touches at once", 1, 0, 0,
                                PLOT_EDGE_DASHED};
    if (t->n_maint > 0)
        keys[nk++] = (plot_key){"planned work on", 1, 0, 0, PLOT_EDGE_DOTTED};

    int rc;
    if (b.oom) {
        snprintf(err, errlen, "out of memory");
        rc = PLOT_ENOMEM;
    } else {
        plot_graph g = {t->name, b.nodes, b.n_nodes, b.clusters, b.n_clusters,
                        b.edges, b.n_edges, keys, nk};
        rc = plot_graph_draw(out, &g, err, errlen);
    }
    build_release(&b);
    for (int h = 0; glabel && h < t->n_hosts; h++)
        free(glabel[h]);
    free(glabel);
    free(group);
    free(count);
    free(member_node);
    free(row);
    free(order);
    free(host_node);
    return rc;
}
