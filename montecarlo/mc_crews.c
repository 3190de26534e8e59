/* montecarlo/mc_crews.c — repair crews and frozen-when-down in the engine
 * (docs/semantics.md, "Repair crews", "Frozen while the system is down"),
 * and the compilation of issue 14's options into the model.
 *
 * DESIGN. A crew is a counter of repairs running and a FIFO of waiting
 * parts, linked through part_next (no allocation in the loop). A part of a
 * law with `crew` asks for it when its repair is due (its failure without
 * detection, or its detection's end): it starts its repair draw at once
 * while the crew has a free member, else it waits (part_wait: its downtime
 * is crew-wait). When a repair ends the crew's head starts at that instant.
 * Events of one instant run in clock order (parts in declaration order:
 * hosts, members, common causes), which is the order ties join the queue.
 * Frozen: while the system is down every part holds one more freeze reason
 * (mc_freeze_add): an up part's clock stops with its remaining life kept, a
 * down part's repair goes on and its next up period starts frozen.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_ws.h"

void mc_crew_ready(mc_ws *ws, int p)
{
    const mc_model *m = ws->m;
    int c = m->parts[p].crew;
    ws->cause_dirty = 1;
    if (ws->crew_busy[c] < m->crew_size[c]) {
        ws->crew_busy[c]++;
        mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &m->parts[p].repair));
        return;
    }
    mc_queue_cancel(&ws->q, p); /* its clock fired: it rests while it waits */
    ws->part_wait[p] = 1;
    ws->part_next[p] = -1;
    if (ws->crew_tail[c] >= 0)
        ws->part_next[ws->crew_tail[c]] = p;
    else
        ws->crew_head[c] = p;
    ws->crew_tail[c] = p;
}

void mc_crew_done(mc_ws *ws, int c)
{
    int p = ws->crew_head[c];
    if (p < 0) {
        ws->crew_busy[c]--;
        return;
    }
    ws->cause_dirty = 1;
    ws->crew_head[c] = ws->part_next[p];
    if (ws->crew_head[c] < 0)
        ws->crew_tail[c] = -1;
    ws->part_wait[p] = 0;
    mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &ws->m->parts[p].repair));
}

void mc_frozen_set(mc_ws *ws, int down)
{
    if (down == ws->frozen_sys)
        return;
    ws->frozen_sys = down;
    int np = ws->m->n_parts;
    for (int p = 0; p < np; p++)
        if (down)
            mc_freeze_add(ws, p);
        else
            mc_freeze_remove(ws, p);
}

/* ---------- compiling ---------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int mc_z14_model(mc_model *m, const topology *t, const mc_options *opt)
{
    m->n_crews = t->n_crews > 0 ? t->n_crews : 0;
    m->crew_size = calloc((size_t)m->n_crews + 1, sizeof *m->crew_size);
    if (!m->crew_size)
        return MC_ENOMEM;
    for (int c = 0; c < m->n_crews; c++)
        m->crew_size[c] = t->crews[c].size > 0 ? t->crews[c].size : 1;
    int any_crew = 0;
    for (int p = 0; p < m->n_parts; p++) {
        int c = t->laws[m->parts[p].law].crew;
        m->parts[p].crew = c >= 0 && c < m->n_crews ? c : -1;
        any_crew |= m->parts[p].crew >= 0;
    }
    if (any_crew)
        m->plain = 0; /* a down part may be waiting: crew-wait */
    m->frozen = t->frozen_when_down != 0;
    m->start_steady = opt->start_steady != 0;
    if (opt->n_at < 0 || opt->n_at > MC_AT_MAX || !(opt->window >= 0) || !isfinite(opt->window))
        return MC_EINVALID;
    m->n_at = opt->n_at;
    m->window = opt->window;
    m->transient = opt->n_at > 0;
    double end = 0;
    for (int k = 0; k < opt->n_at; k++) {
        double a = opt->at[k];
        if (!(a > 0) || !(a + opt->window <= m->mission))
            return MC_EINVALID;
        m->at[k] = a;
        if (a > end)
            end = a;
    }
    m->curve_end = end;
    m->until_failure = m->transient && opt->until_failure;
    m->until_cap = opt->until_cap > 0 ? opt->until_cap : 1000 * m->mission;
    if (m->until_cap < m->mission)
        m->until_cap = m->mission;
    if (m->transient) {
        /* the points, sorted by time (slot kept): the at times, then the
           curve's (slot MC_AT_MAX + j) */
        struct {
            double t;
            int slot;
        } pts[MC_AT_MAX + MC_CURVE_POINTS];
        int n = 0;
        for (int k = 0; k < m->n_at; k++)
            pts[n].t = m->at[k], pts[n++].slot = k;
        for (int j = 0; j < MC_CURVE_POINTS; j++)
            pts[n].t = end * j / (MC_CURVE_POINTS - 1), pts[n++].slot = MC_AT_MAX + j;
        qsort(pts, (size_t)n, sizeof pts[0], cmp_double); /* t is the first field */
        for (int k = 0; k < n; k++) {
            m->pt_time[k] = pts[k].t;
            m->pt_slot[k] = pts[k].slot;
        }
        m->n_pts = n;
    }
    m->z14 = any_crew || m->frozen || m->start_steady || m->transient;
    return 0;
}

/* ---------- the result ---------- */

static double binom_se(long long k, long long n)
{
    if (n < 1)
        return 0;
    double p = (double)k / (double)n;
    return sqrt(p * (1 - p) / (double)n);
}

int mc_z14_result(mc_result *res, const topology *t, const mc_model *m, const mc_tacc_tr *a,
                  const mc_options *opt)
{
    res->frozen = m->frozen;
    res->start_steady = m->start_steady;
    /* "unlimited", or every crew a law uses: "onsite (1), night (2)" */
    size_t len = 16;
    for (int c = 0; c < t->n_crews; c++)
        len += strlen(t->crews[c].name) + 32;
    res->repairs = malloc(len);
    if (!res->repairs)
        return MC_ENOMEM;
    size_t at = 0;
    res->repairs[0] = 0;
    for (int c = 0; c < m->n_crews; c++) {
        int used = 0;
        for (int p = 0; p < m->n_parts && !used; p++)
            used = m->parts[p].crew == c;
        if (used)
            at += (size_t)snprintf(res->repairs + at, len - at, "%s%s (%d)", at ? ", " : "",
                                   t->crews[c].name, m->crew_size[c]);
    }
    if (at == 0)
        snprintf(res->repairs, len, "unlimited");
    if (!m->transient)
        return 0;
    res->n_at = m->n_at;
    res->window = m->window;
    long long n = a->n;
    for (int k = 0; k < m->n_at; k++) {
        res->at[k] = m->at[k];
        if (opt->at_label[k]) {
            size_t sz = strlen(opt->at_label[k]) + 1;
            if (!(res->at_label[k] = malloc(sz)))
                return MC_ENOMEM;
            memcpy(res->at_label[k], opt->at_label[k], sz);
        }
        res->reliability[k] = n ? (double)a->r[k] / (double)n : 0;
        res->reliability_se[k] = binom_se(a->r[k], n);
        res->point_availability[k] = n ? (double)a->a[k] / (double)n : 0;
        res->point_availability_se[k] = binom_se(a->a[k], n);
        res->interval_reliability[k] = n ? (double)a->ir[k] / (double)n : 0;
        res->interval_reliability_se[k] = binom_se(a->ir[k], n);
    }
    res->mttf_hours = a->mean;
    double se = n > 1 ? sqrt(a->m2 / (double)(n - 1) / (double)n) : 0;
    res->mttf_ci_lo = a->mean - 1.959963984540054 * se;
    res->mttf_ci_hi = a->mean + 1.959963984540054 * se;
    res->censored_trials = a->censored;
    res->until_failure = m->until_failure;
    res->until_cap = m->until_failure ? m->until_cap : 0;
    res->curve_end = m->curve_end;
    for (int j = 0; j < MC_CURVE_POINTS; j++) {
        res->curve_r[j] = n ? (double)a->cr[j] / (double)n : 0;
        res->curve_a[j] = n ? (double)a->ca[j] / (double)n : 0;
    }
    return 0;
}
