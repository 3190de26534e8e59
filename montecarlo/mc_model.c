/* montecarlo/mc_model.c — compiles a topology into the flat, read-only arrays
 * the trial loop walks: parts and their laws, members, services with their
 * mode's rule and delay laws, and for every host and service the list of
 * what depends on it, so that an event re-evaluates only those. The loop
 * (mc_trial.c) reads this model and never the topology.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc_int.h"

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

/* The laws of part p from topology law l (index law). */
static void part_law(mc_part *p, const topo_law *l, int law)
{
    p->fail = l->fail;
    p->repair = l->repair;
    p->detect = l->detect;
    p->has_detect = !law_is_none(&l->detect);
    p->law = law;
    p->ccf = -1;
    p->crew = -1; /* crews: set by mc_z14_model */
}

int mc_model_init(mc_model *m, const topology *t, double mission)
{
    int rc = MC_ENOMEM, np = 0;
    csr_pair *pairs = NULL;
    memset(m, 0, sizeof *m);
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

    int maxp = t->n_hosts + t->n_members + t->n_ccfs;
    int n_units = 0;
    for (int c = 0; c < t->n_ccfs; c++)
        n_units += t->ccfs[c].n_units;
    for (int e = 0; e < t->n_maint; e++)
        n_units += t->maint[e].n_units;
    m->n_ccfs = t->n_ccfs;
    m->n_maint = t->n_maint;
    for (int c = 0; c < CAUSE_N; c++)
        m->cause_prio[c] = topo_cause_priority(c);
    m->parts = calloc((size_t)maxp + 1, sizeof *m->parts);
    m->units = calloc((size_t)n_units + 1, sizeof *m->units);
    m->ccf_at = calloc((size_t)t->n_ccfs + 1, sizeof *m->ccf_at);
    m->maint = calloc((size_t)t->n_maint + 1, sizeof *m->maint);
    if (!m->units || !m->ccf_at || !m->maint)
        goto out;
    m->members = calloc((size_t)t->n_members + 1, sizeof *m->members);
    m->services = calloc((size_t)t->n_services + 1, sizeof *m->services);
    m->service_order = calloc((size_t)t->n_services + 1, sizeof *m->service_order);
    m->host_part = malloc(((size_t)t->n_hosts + 1) * sizeof *m->host_part);
    m->view_size = calloc((size_t)m->n_targets, sizeof *m->view_size);
    if (!m->parts || !m->members || !m->services || !m->service_order || !m->host_part ||
        !m->view_size)
        goto out;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        mc_service *ms = &m->services[s];
        ms->mode = sv->mode;
        ms->need = sv->need;
        ms->first_member = sv->first_member;
        ms->n_members = sv->n_hosts;
        ms->cold = sv->mode == MODE_ACTIVE_PASSIVE && sv->cold;
        ms->has_rejoin = !law_is_none(&sv->rejoin);
        ms->has_bootstrap = !law_is_none(&sv->bootstrap);
        ms->has_resync = !law_is_none(&sv->resync);
        ms->failover_success = sv->failover_success;
        ms->rejoin = sv->rejoin;
        ms->bootstrap = sv->bootstrap;
        ms->failover = sv->failover_time;
        ms->resync = sv->resync;
        ms->switchover = sv->switchover_time;
        ms->switchover_success = sv->switchover_success;
        m->service_order[s] = t->service_order[s];
    }
    for (int h = 0; h < t->n_hosts; h++) {
        int law = t->hosts[h].law;
        m->host_part[h] = -1;
        if (law < 0)
            continue;
        mc_part *p = &m->parts[np];
        part_law(p, &t->laws[law], law);
        p->host = h;
        p->member = -1;
        m->host_part[h] = np++;
    }
    for (int i = 0; i < t->n_members; i++) {
        const topo_service *s = &t->services[t->members[i].service];
        mc_member *mm = &m->members[i];
        mm->service = t->members[i].service;
        mm->host = t->members[i].host;
        mm->part = -1;
        if (s->instance < 0)
            continue;
        mc_part *p = &m->parts[np];
        part_law(p, &t->laws[s->instance], s->instance);
        p->host = -1;
        p->member = i;
        p->cold = s->mode == MODE_ACTIVE_PASSIVE && s->cold;
        mm->part = np++;
    }
    /* common causes: parts after every other part, their units first in
       `units` */
    m->first_ccf_part = np;
    int nu = 0;
    for (int c = 0; c < t->n_ccfs; c++) {
        const topo_ccf *cf = &t->ccfs[c];
        mc_part *p = &m->parts[np++];
        part_law(p, &t->laws[cf->law], cf->law);
        p->host = p->member = -1;
        p->ccf = c;
        m->ccf_at[c] = nu;
        for (int k = 0; k < cf->n_units; k++)
            m->units[nu++] = (mc_unit){cf->units[k].host, cf->units[k].member};
    }
    m->ccf_at[t->n_ccfs] = nu;
    for (int e = 0; e < t->n_maint; e++) {
        const topo_maint *tm = &t->maint[e];
        mc_maint *mt = &m->maint[e];
        mt->first_unit = nu;
        mt->n_units = tm->n_units;
        mt->every = tm->every;
        mt->start = tm->start;
        mt->error = tm->error;
        mt->rolling = tm->rolling;
        mt->duration = tm->duration;
        mt->recovery = tm->recovery;
        mt->has_recovery = !law_is_none(&tm->recovery);
        for (int k = 0; k < tm->n_units; k++)
            m->units[nu++] = (mc_unit){tm->units[k].host, tm->units[k].member};
    }
    m->n_units = nu;
    m->n_parts = np;
    m->plain = t->n_maint == 0 && t->n_ccfs == 0;
    for (int p = 0; p < np; p++)
        m->plain &= !m->parts[p].has_detect;
    m->first_maint_clock = np + t->n_members + t->n_services;
    m->n_clocks = m->first_maint_clock + 2 * t->n_maint;
    if (mc_loss_model(m, t)) /* data loss: after every other clock */
        goto out;

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
    for (int h = 0; h < t->n_hosts; h++)
        for (int j = 0; j < t->hosts[h].n_needs; j++)
            pairs[k++] = (csr_pair){h, t->hosts[h].needs[j]};
    if (csr_build(pairs, k, t->n_hosts, &m->hneed_at, &m->hneed))
        goto out;
    k = 0;
    for (int i = 0; i < t->n_members; i++)
        pairs[k++] = (csr_pair){t->members[i].host, i};
    if (csr_build(pairs, k, t->n_hosts, &m->hmem_at, &m->hmem))
        goto out;
    k = 0;
    for (int s = 0; s < t->n_services; s++)
        for (int j = 0; j < t->services[s].n_needs; j++)
            pairs[k++] = (csr_pair){s, t->services[s].needs[j]};
    if (csr_build(pairs, k, t->n_services, &m->sneed_at, &m->sneed))
        goto out;
    k = 0;
    for (int s = 0; s < t->n_services; s++)
        for (int j = 0; j < t->services[s].n_needs; j++)
            pairs[k++] = (csr_pair){t->services[s].needs[j], s};
    if (csr_build(pairs, k, t->n_services, &m->sdep_at, &m->sdep))
        goto out;
    k = 0;
    /* views with need (Y16) are not counted by services: mc_capacity.c */
    for (int j = 0; j < t->system.n_services && !t->system.need_members; j++)
        pairs[k++] = (csr_pair){t->system.services[j], 0};
    m->view_size[0] = t->system.n_services;
    for (int v = 0; v < t->n_views; v++) {
        int tg = 1 + t->n_services + v;
        for (int j = 0; j < t->views[v].n_services && !t->views[v].need_members; j++)
            pairs[k++] = (csr_pair){t->views[v].services[j], tg};
        m->view_size[tg] = t->views[v].n_services;
    }
    if (csr_build(pairs, k, t->n_services, &m->sview_at, &m->sview))
        goto out;
    k = 0;
    for (int j = 0; j < t->system.n_services; j++)
        pairs[k++] = (csr_pair){0, t->system.services[j]};
    for (int v = 0; v < t->n_views; v++)
        for (int j = 0; j < t->views[v].n_services; j++)
            pairs[k++] = (csr_pair){1 + t->n_services + v, t->views[v].services[j]};
    if (csr_build(pairs, k, m->n_targets, &m->tsvc_at, &m->tsvc))
        goto out;
    if (mc_cap_model_init(m, t)) /* capacity (Y16) */
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
    free(m->crew_size);
    free(m->members);
    free(m->services);
    free(m->service_order);
    free(m->host_part);
    free(m->maint);
    free(m->units);
    free(m->ccf_at);
    free(m->hneed_at);
    free(m->hneed);
    free(m->tsvc_at);
    free(m->tsvc);
    free(m->hdep_at);
    free(m->hdep);
    free(m->hmem_at);
    free(m->hmem);
    free(m->sneed_at);
    free(m->sneed);
    free(m->sdep_at);
    free(m->sdep);
    free(m->sview_at);
    free(m->sview);
    free(m->view_size);
    free(m->loss_svc);
    mc_cap_model_release(m); /* capacity (Y16) */
    memset(m, 0, sizeof *m);
}
