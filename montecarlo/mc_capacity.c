/* montecarlo/mc_capacity.c — capacity in a history (docs/semantics.md,
 * "Capacity: name ranges, needs-local, serving members, views with need" and
 * "Capacity figures"): which members serve, views with need, member-hours
 * not serving, and the blast radius of each part's failure.
 *
 * DESIGN. A member is ready while it is up and every member it needs on its
 * own host (needs-local) serves: the event loop keeps member_up as "ready"
 * by adding cap_lneed_down (local needs not serving) to its test, so every
 * mode rule reads ready. A member serves while ready and every service its
 * service needs is up (cap_needs_ok, compared with svc_down_needs at the top
 * of svc_eval). When a member starts or stops serving, its service's count
 * moves (integrating member-hours not serving since the last move), the
 * views with need that list its service move (a view is down while fewer
 * than need_members serve: view_down 1), and the members that need it
 * locally are evaluated again, in the order of the CSR (services in order,
 * then hosts). While a part's failure spreads (on_part sets cap_failing),
 * each service's net loss is counted; when it has spread, the loss of each
 * service and of each view listing it (the sum over its listed services) is
 * one event of that size. A view's capacity per trial is its listed
 * services' serving member-hours over its members' hours. Without
 * needs-local or views with need the lists are empty and the only work per
 * event is a count per member that changes.
 *
 * Files: this one holds the model, the chunk, the figures and a trial's
 * start and end; serving as it spreads (mc_cap_member_changed,
 * mc_cap_needs_changed) is in the evaluation core, mc_eval.c, and the
 * causes of a member not ready or a view with need down in mc_cause.c
 * (both are recursive with those files' own functions).
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "mc_ws.h"

/* ---------- the model ---------- */

int mc_cap_model_init(mc_model *m, const topology *t)
{
    int nm = t->n_members, nt = m->n_targets, ns = t->n_services;
    int n_local = 0, n_vlist = 0;
    for (int i = 0; i < nm; i++)
        n_local += t->members[i].n_local_needs;
    m->cap_local = n_local > 0;
    m->lneed_at = calloc((size_t)nm + 1, sizeof *m->lneed_at);
    m->lneed = malloc(((size_t)n_local + 1) * sizeof *m->lneed);
    m->ldep_at = calloc((size_t)nm + 2, sizeof *m->ldep_at);
    m->ldep = malloc(((size_t)n_local + 1) * sizeof *m->ldep);
    m->tneed = calloc((size_t)nt, sizeof *m->tneed);
    m->tmem = calloc((size_t)nt, sizeof *m->tmem);
    m->snview_at = calloc((size_t)ns + 2, sizeof *m->snview_at);
    if (!m->lneed_at || !m->lneed || !m->ldep_at || !m->ldep || !m->tneed || !m->tmem ||
        !m->snview_at)
        return MC_ENOMEM;
    /* local needs, and their reverse (members in index order: services in
       order, then hosts) */
    int k = 0;
    for (int i = 0; i < nm; i++) {
        m->lneed_at[i] = k;
        for (int j = 0; j < t->members[i].n_local_needs; j++) {
            int x = t->members[i].local_needs[j];
            m->lneed[k++] = x;
            m->ldep_at[x + 2]++;
        }
    }
    m->lneed_at[nm] = k;
    for (int j = 0; j < nm; j++)
        m->ldep_at[j + 2] += m->ldep_at[j + 1];
    for (int i = 0; i < nm; i++)
        for (int q = m->lneed_at[i]; q < m->lneed_at[i + 1]; q++)
            m->ldep[m->ldep_at[m->lneed[q] + 1]++] = i;
    /* members counted per target; views with need */
    for (int s = 0; s < ns; s++)
        m->tmem[1 + s] = t->services[s].n_hosts;
    for (int tg = 0; tg < nt; tg++) {
        if (tg >= 1 && tg <= ns)
            continue;
        const topo_view *vw = tg == 0 ? &t->system : &t->views[tg - 1 - ns];
        for (int j = 0; j < vw->n_services; j++)
            m->tmem[tg] += t->services[vw->services[j]].n_hosts;
        if (vw->need_members > 0) {
            m->tneed[tg] = vw->need_members;
            n_vlist += vw->n_services;
            for (int j = 0; j < vw->n_services; j++)
                m->snview_at[vw->services[j] + 2]++;
        }
    }
    m->snview = malloc(((size_t)n_vlist + 1) * sizeof *m->snview);
    if (!m->snview)
        return MC_ENOMEM;
    for (int s = 0; s < ns; s++)
        m->snview_at[s + 2] += m->snview_at[s + 1];
    for (int tg = 0; tg < nt; tg++)
        if (m->tneed[tg])
            for (int q = m->tsvc_at[tg]; q < m->tsvc_at[tg + 1]; q++)
                m->snview[m->snview_at[m->tsvc[q] + 1]++] = tg;
    /* their causes go through members: never the plain shortcut */
    if (m->cap_local || n_vlist)
        m->plain = 0;
    return 0;
}

void mc_cap_model_release(mc_model *m)
{
    free(m->lneed_at);
    free(m->lneed);
    free(m->ldep_at);
    free(m->ldep);
    free(m->tneed);
    free(m->tmem);
    free(m->snview_at);
    free(m->snview);
}

/* ---------- chunks and figures ---------- */

int mc_cap_chunk_init(mc_chunk *c, int n_targets)
{
    c->capacity = mc_alloc_lines((size_t)MC_CHUNK * (size_t)n_targets * sizeof *c->capacity);
    c->blast = mc_alloc_lines((size_t)n_targets * MC_BLAST_BINS * sizeof *c->blast);
    return c->capacity && c->blast ? 0 : MC_ENOMEM;
}

void mc_cap_chunk_release(mc_chunk *c)
{
    free(c->capacity);
    free(c->blast);
    c->capacity = NULL;
    c->blast = NULL;
}

void mc_cap_chunk_reset(mc_chunk *c, int n_targets)
{
    memset(c->blast, 0, (size_t)n_targets * MC_BLAST_BINS * sizeof *c->blast);
}

/* Called before mc_acc_add_chunk moves a->n on. */
void mc_cap_acc_add_chunk(mc_acc *acc, int n_targets, const mc_chunk *c)
{
    size_t n = (size_t)c->n;
    for (int k = 0; k < n_targets && n > 0; k++) {
        mc_acc *a = &acc[k];
        mc_stats_merge(&a->mean_cap, &a->m2_cap, a->n, c->capacity + k, (size_t)n_targets, n);
        for (int b = 0; b < MC_BLAST_BINS; b++)
            a->blast[b] += c->blast[(size_t)k * MC_BLAST_BINS + (size_t)b];
    }
}

static void cap_figures(mc_figures *f, const mc_acc *a, const mc_model *m, int members)
{
    double n = (double)a->n;
    f->members = members;
    f->capacity = a->mean_cap;
    double sd = a->n > 1 ? sqrt(a->m2_cap / (n - 1)) : 0;
    f->capacity_std_error = a->n > 0 ? sd / sqrt(n) : 0;
    double tq = a->n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) : 0;
    f->capacity_ci_lo = fmax(0, f->capacity - tq * f->capacity_std_error);
    f->capacity_ci_hi = fmin(1, f->capacity + tq * f->capacity_std_error);
    f->member_hours_lost_per_year = (1 - f->capacity) * members * MC_YEAR_H;
    double years = n * m->mission / MC_YEAR_H;
    for (int b = 0; b < MC_BLAST_BINS; b++)
        f->blast[b] = years > 0 ? (double)a->blast[b] / years : 0;
}

void mc_cap_result(mc_result *res, const mc_acc *acc, const mc_model *m)
{
    cap_figures(&res->system, &acc[0], m, m->tmem[0]);
    for (int s = 0; s < m->n_services; s++)
        cap_figures(&res->services[s], &acc[1 + s], m, m->tmem[1 + s]);
    for (int v = 0; v < m->n_views; v++)
        cap_figures(&res->views[v], &acc[1 + m->n_services + v], m, m->tmem[1 + m->n_services + v]);
}

void mc_cap_keep_chunk(double *down, double *cap, int n_targets, int tg, const mc_chunk *c)
{
    for (long long i = 0; i < c->n; i++) {
        size_t k = (size_t)i * (size_t)n_targets + (size_t)tg;
        down[c->first + i] = c->down[k];
        cap[c->first + i] = c->capacity[k];
    }
}

/* ---------- a history ---------- */

#define CAP_ALLOC(field, n) \
    do { \
        if (!((ws->field) = mc_alloc_lines(((size_t)(n) + 1) * sizeof *(ws->field)))) \
            return MC_ENOMEM; \
    } while (0)

int mc_cap_ws_alloc(mc_ws *ws)
{
    const mc_model *m = ws->m;
    CAP_ALLOC(cap_serving, m->n_members);
    CAP_ALLOC(cap_lneed_down, m->n_members);
    CAP_ALLOC(cap_needs_ok, m->n_services);
    CAP_ALLOC(cap_count, m->n_targets);
    CAP_ALLOC(cap_since, m->n_services);
    CAP_ALLOC(cap_lost_h, m->n_services);
    CAP_ALLOC(cap_net, m->n_targets);
    CAP_ALLOC(cap_hit, m->n_targets);
    CAP_ALLOC(cap_is_hit, m->n_targets);
    return 0;
}

void mc_cap_ws_free(mc_ws *ws)
{
    free(ws->cap_serving);
    free(ws->cap_lneed_down);
    free(ws->cap_needs_ok);
    free(ws->cap_count);
    free(ws->cap_since);
    free(ws->cap_lost_h);
    free(ws->cap_net);
    free(ws->cap_hit);
    free(ws->cap_is_hit);
}

/* At time 0 every part is up and every mode holds (the loader keeps a
 * service's need within its members), so every service is up and every
 * member ready; serving follows from the needs as computed by trial_init. */
void mc_cap_trial_init(mc_ws *ws)
{
    const mc_model *m = ws->m;
    for (int s = 0; s < m->n_services; s++) {
        const mc_service *sv = &m->services[s];
        int ok = ws->svc_down_needs[s] == 0;
        ws->cap_needs_ok[s] = (unsigned char)ok;
        ws->cap_count[1 + s] = ok ? sv->n_members : 0;
        ws->cap_since[s] = 0;
        ws->cap_lost_h[s] = 0;
        for (int i = sv->first_member; i < sv->first_member + sv->n_members; i++) {
            ws->cap_serving[i] = (unsigned char)ok;
            ws->cap_lneed_down[i] = 0;
        }
    }
    for (int tg = 0; tg < m->n_targets; tg++) {
        ws->cap_net[tg] = 0;
        ws->cap_is_hit[tg] = 0;
        if (!m->tneed[tg])
            continue;
        int c = 0;
        for (int q = m->tsvc_at[tg]; q < m->tsvc_at[tg + 1]; q++)
            c += ws->cap_count[1 + m->tsvc[q]];
        ws->cap_count[tg] = c;
        ws->view_down[tg] = c < m->tneed[tg];
    }
    ws->n_cap_hit = 0;
    ws->cap_failing = 0;
}

void mc_cap_failure_end(mc_ws *ws)
{
    const mc_model *m = ws->m;
    ws->cap_failing = 0;
    int n_svc = ws->n_cap_hit; /* services only so far: views are added below */
    if (n_svc == 1) {
        /* one service hit (a member's own part, most often): each view
           listing it lost what it lost, nothing else moved */
        int tg = ws->cap_hit[0], s = tg - 1, net = ws->cap_net[tg];
        ws->cap_net[tg] = 0;
        ws->cap_is_hit[tg] = 0;
        ws->n_cap_hit = 0;
        if (net <= 0)
            return;
        mc_cap_blast_add(ws, tg, net);
        for (int q = m->sview_at[s]; q < m->sview_at[s + 1]; q++)
            mc_cap_blast_add(ws, m->sview[q], net);
        for (int q = m->snview_at[s]; q < m->snview_at[s + 1]; q++)
            mc_cap_blast_add(ws, m->snview[q], net);
        return;
    }
    for (int j = 0; j < n_svc; j++) {
        int tg = ws->cap_hit[j], s = tg - 1, net = ws->cap_net[tg];
        mc_cap_blast_add(ws, tg, net);
        if (net <= 0)
            continue;
        for (int q = m->sview_at[s]; q < m->sview_at[s + 1]; q++)
            mc_cap_hit(ws, m->sview[q], net);
        for (int q = m->snview_at[s]; q < m->snview_at[s + 1]; q++)
            mc_cap_hit(ws, m->snview[q], net);
    }
    for (int j = n_svc; j < ws->n_cap_hit; j++)
        mc_cap_blast_add(ws, ws->cap_hit[j], ws->cap_net[ws->cap_hit[j]]);
    for (int j = 0; j < ws->n_cap_hit; j++) {
        ws->cap_net[ws->cap_hit[j]] = 0;
        ws->cap_is_hit[ws->cap_hit[j]] = 0;
    }
    ws->n_cap_hit = 0;
}

void mc_cap_trial_finish(mc_ws *ws, double *capacity)
{
    const mc_model *m = ws->m;
    double mission = m->mission;
    for (int s = 0; s < m->n_services; s++) {
        int n = m->services[s].n_members;
        ws->cap_lost_h[s] += (double)(n - ws->cap_count[1 + s]) * (mission - ws->cap_since[s]);
        ws->cap_since[s] = mission;
        capacity[1 + s] = n > 0 ? 1 - ws->cap_lost_h[s] / ((double)n * mission) : 1;
    }
    for (int tg = 0; tg < m->n_targets; tg++) {
        if (tg >= 1 && tg <= m->n_services)
            continue;
        double lost = 0;
        for (int q = m->tsvc_at[tg]; q < m->tsvc_at[tg + 1]; q++)
            lost += ws->cap_lost_h[m->tsvc[q]];
        capacity[tg] = m->tmem[tg] > 0 ? 1 - lost / ((double)m->tmem[tg] * mission) : 1;
    }
}
