/* montecarlo/mc_model.c — compiles a topology into the flat, read-only arrays
 * the trial loop walks: parts and their laws, and for every host and service
 * the list of what depends on it, so that an event re-evaluates only those.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc_int.h"

void *mc_alloc_lines(size_t n)
{
    size_t size = (n + MC_CACHE_LINE - 1) / MC_CACHE_LINE * MC_CACHE_LINE;
    void *p = aligned_alloc(MC_CACHE_LINE, size ? size : MC_CACHE_LINE);
    if (p)
        memset(p, 0, size ? size : MC_CACHE_LINE);
    return p;
}

/* Builds a CSR list: for each of n_keys keys, the values paired with it. */
typedef struct csr_pair {
    int key, val;
} csr_pair;

static int csr_build(const csr_pair *pairs, int n_pairs, int n_keys, int **at, int **vals)
{
    *at = calloc((size_t)n_keys + 1, sizeof **at);
    *vals = malloc(((size_t)n_pairs + 1) * sizeof **vals);
    if (!*at || !*vals)
        return MC_ENOMEM;
    for (int i = 0; i < n_pairs; i++)
        (*at)[pairs[i].key + 1]++;
    for (int k = 0; k < n_keys; k++)
        (*at)[k + 1] += (*at)[k];
    int *fill = malloc(((size_t)n_keys + 1) * sizeof *fill);
    if (!fill)
        return MC_ENOMEM;
    memcpy(fill, *at, ((size_t)n_keys + 1) * sizeof *fill);
    for (int i = 0; i < n_pairs; i++)
        (*vals)[fill[pairs[i].key]++] = pairs[i].val;
    free(fill);
    return 0;
}

int mc_model_init(mc_model *m, const topology *t, double mission)
{
    int rc = MC_ENOMEM, np = 0;
    csr_pair *pairs = NULL;
    memset(m, 0, sizeof *m);
    m->t = t;
    m->n_hosts = t->n_hosts;
    m->n_members = t->n_members;
    m->n_services = t->n_services;
    m->n_views = t->n_views;
    m->n_targets = 1 + t->n_services + t->n_views;
    m->mission = mission;
    if (mission >= MC_YEAR_H) {
        m->years = (long long)floor(mission / MC_YEAR_H);
        m->year_scale = 1;
    } else {
        m->years = 1;
        m->year_scale = MC_YEAR_H / mission;
    }
    m->sla_down_h = t->sla >= 0 ? (1 - t->sla) * MC_YEAR_H : -1;
    m->n_laws = t->n_laws;

    int maxp = t->n_hosts + t->n_members;
    m->parts = calloc((size_t)maxp + 1, sizeof *m->parts);
    m->host_part = malloc(((size_t)t->n_hosts + 1) * sizeof *m->host_part);
    m->member_part = malloc(((size_t)t->n_members + 1) * sizeof *m->member_part);
    m->view_size = calloc((size_t)m->n_targets, sizeof *m->view_size);
    m->has_rejoin = calloc((size_t)t->n_services + 1, 1);
    m->has_bootstrap = calloc((size_t)t->n_services + 1, 1);
    m->has_resync = calloc((size_t)t->n_services + 1, 1);
    if (!m->parts || !m->host_part || !m->member_part || !m->view_size || !m->has_rejoin ||
        !m->has_bootstrap || !m->has_resync)
        goto out;
    for (int s = 0; s < t->n_services; s++) {
        m->has_rejoin[s] = !law_is_none(&t->services[s].rejoin);
        m->has_bootstrap[s] = !law_is_none(&t->services[s].bootstrap);
        m->has_resync[s] = !law_is_none(&t->services[s].resync);
    }
    for (int h = 0; h < t->n_hosts; h++) {
        int law = t->hosts[h].law;
        m->host_part[h] = -1;
        if (law < 0)
            continue;
        mc_part *p = &m->parts[np];
        p->fail = &t->laws[law].fail;
        p->repair = &t->laws[law].repair;
        p->host = h;
        p->member = -1;
        p->law = law;
        m->host_part[h] = np++;
    }
    for (int i = 0; i < t->n_members; i++) {
        const topo_service *s = &t->services[t->members[i].service];
        m->member_part[i] = -1;
        if (s->instance < 0)
            continue;
        mc_part *p = &m->parts[np];
        p->fail = &t->laws[s->instance].fail;
        p->repair = &t->laws[s->instance].repair;
        p->host = -1;
        p->member = i;
        p->law = s->instance;
        p->cold = s->mode == MODE_ACTIVE_PASSIVE && s->cold;
        m->member_part[i] = np++;
    }
    m->n_parts = np;
    m->n_clocks = np + t->n_members + t->n_services;

    /* dependents */
    int n_pairs = t->n_members + t->n_services;
    for (int h = 0; h < t->n_hosts; h++)
        n_pairs += t->hosts[h].n_needs;
    for (int s = 0; s < t->n_services; s++)
        n_pairs += t->services[s].n_needs;
    n_pairs += t->system.n_services;
    for (int v = 0; v < t->n_views; v++)
        n_pairs += t->views[v].n_services;
    pairs = malloc(((size_t)n_pairs + 1) * sizeof *pairs);
    if (!pairs)
        goto out;

    int k = 0;
    for (int h = 0; h < t->n_hosts; h++)
        for (int j = 0; j < t->hosts[h].n_needs; j++)
            pairs[k++] = (csr_pair){t->hosts[h].needs[j], h};
    if (csr_build(pairs, k, t->n_hosts, &m->hdep_at, &m->hdep))
        goto out;
    k = 0;
    for (int i = 0; i < t->n_members; i++)
        pairs[k++] = (csr_pair){t->members[i].host, i};
    if (csr_build(pairs, k, t->n_hosts, &m->hmem_at, &m->hmem))
        goto out;
    k = 0;
    for (int s = 0; s < t->n_services; s++)
        for (int j = 0; j < t->services[s].n_needs; j++)
            pairs[k++] = (csr_pair){t->services[s].needs[j], s};
    if (csr_build(pairs, k, t->n_services, &m->sdep_at, &m->sdep))
        goto out;
    k = 0;
    for (int j = 0; j < t->system.n_services; j++)
        pairs[k++] = (csr_pair){t->system.services[j], 0};
    m->view_size[0] = t->system.n_services;
    for (int v = 0; v < t->n_views; v++) {
        int tg = 1 + t->n_services + v;
        for (int j = 0; j < t->views[v].n_services; j++)
            pairs[k++] = (csr_pair){t->views[v].services[j], tg};
        m->view_size[tg] = t->views[v].n_services;
    }
    if (csr_build(pairs, k, t->n_services, &m->sview_at, &m->sview))
        goto out;
    rc = 0;
out:
    free(pairs);
    if (rc)
        mc_model_release(m);
    return rc;
}

void mc_model_release(mc_model *m)
{
    if (!m)
        return;
    free(m->parts);
    free(m->host_part);
    free(m->member_part);
    free(m->hdep_at);
    free(m->hdep);
    free(m->hmem_at);
    free(m->hmem);
    free(m->sdep_at);
    free(m->sdep);
    free(m->sview_at);
    free(m->sview);
    free(m->view_size);
    free(m->has_rejoin);
    free(m->has_bootstrap);
    free(m->has_resync);
    memset(m, 0, sizeof *m);
}
