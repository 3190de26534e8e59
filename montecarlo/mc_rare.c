/* montecarlo/mc_rare.c — rare events (issue 18): importance sampling by
 * failure biasing with likelihood ratios (docs/rare-events.md).
 *
 * DESIGN. The history is simulated under a changed law Q: while every
 * target is up, every part that is up, not frozen and has an exponential
 * failure law (not a cold instance) fails theta times faster, theta chosen
 * at each instant from the past alone (predictable): with Lambda the
 * nominal failure rate of those parts and Delta the time to the next
 * scheduled event of a down part (its repair's or detection's end, already
 * drawn) or to the history's end, whichever comes first, theta = max(1,
 * -ln(1 - p) / (Lambda Delta)), so that one of them fails within Delta with
 * chance p (MC_RARE_P, 0.7). With a part down this is failure biasing
 * (Lewis and Boehm 1984; Shahabuddin 1994); with every part up it is
 * forcing, a failure within the mission made likely (theta is 1 as soon as
 * failures are common enough without it). While a target is down nothing is
 * biased. At every instant the residuals of the parts whose rate changes
 * are redrawn (memoryless), so the rates are piecewise constant between
 * instants. Everything else (repairs, detection, failover, rejoin, the
 * parts with other laws) keeps its nominal law: biasing a subset of the
 * clocks is still a valid change of measure.
 *
 * The likelihood ratio dP/dQ of the history so far, L, is kept as log L:
 * a biased part of nominal rate l that survives s hours adds (theta - 1) l s,
 * its failure adds -ln theta. Nothing is biased while a target is down, so
 * L is constant over every target's outage, and weighting the outage (its
 * downtime, its causes, its count) by L there is unbiased by optional
 * stopping (L is a Q-martingale; E_P[X] = E_Q[X L_tau] for X known at the
 * stopping time tau). The per-trial sample is the weighted down fraction;
 * trials stay i.i.d., so the Student-t interval over trials is honest.
 *
 * Reproducible: the extra draws come from the trial's own stream, in event
 * order; nothing here depends on the thread. A crude run never calls in
 * here and its rare_w is exactly 1, so its figures are bit for bit those
 * of a run without this file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_ws.h"

/* ---------- what can run under importance sampling ---------- */

static int law_exp(const topology *t, int law)
{
    return law >= 0 && t->laws[law].fail.kind == LAW_EXPONENTIAL;
}

int mc_rare_check(const topology *t, const mc_options *opt, char *why, size_t n)
{
    const char *no = NULL;
    int biasable = 0;
    if (t->n_maint > 0)
        no = "it does not support maintenance windows";
    else if (t->frozen_when_down)
        no = "it does not support frozen-when-down";
    else if (opt && (opt->n_at > 0 || opt->until_failure))
        no = "it does not support transient figures (--at, --until-failure)";
    else if (opt && opt->attribute)
        no = "it does not support downtime attribution";
    for (int s = 0; !no && s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        if (sv->repl_mode != REPL_NONE || sv->split_brain > 0)
            no = "it does not support data loss (replication or split-brain)";
        else if (!sv->cold && law_exp(t, sv->instance))
            biasable = 1;
    }
    for (int h = 0; !no && h < t->n_hosts; h++)
        biasable |= law_exp(t, t->hosts[h].law);
    for (int c = 0; !no && c < t->n_ccfs; c++)
        biasable |= law_exp(t, t->ccfs[c].law);
    if (!no && !biasable)
        no = "no part has an exponential failure law to bias";
    if (why && n)
        snprintf(why, n, "%s", no ? no : "");
    return !no;
}

int mc_rare_model(mc_model *m, const topology *t, const mc_options *opt)
{
    m->rare = 0;
    m->rare_p = MC_RARE_P;
    if (!opt->rare)
        return 0;
    if (!mc_rare_check(t, opt, NULL, 0))
        return MC_EINVALID;
    if (opt->rare_p > 0) {
        if (!(opt->rare_p < 1))
            return MC_EINVALID;
        m->rare_p = opt->rare_p;
    }
    m->rare = 1;
    return 0;
}

/* ---------- one history ---------- */

int mc_rare_ws_alloc(mc_ws *ws)
{
    ws->rare_w = 1;
    if (!ws->m->rare)
        return 0;
    size_t n = (size_t)ws->m->n_parts + 1;
    ws->rare_b = mc_alloc_lines(n * sizeof *ws->rare_b);
    ws->rare_dlist = mc_alloc_lines(n * sizeof *ws->rare_dlist);
    ws->rare_dpos = mc_alloc_lines(n * sizeof *ws->rare_dpos);
    return ws->rare_b && ws->rare_dlist && ws->rare_dpos ? 0 : MC_ENOMEM;
}

void mc_rare_ws_free(mc_ws *ws)
{
    free(ws->rare_b);
    free(ws->rare_dlist);
    free(ws->rare_dpos);
}

/* A part whose failure can be biased (maintenance and frozen-when-down are
   refused, so only a cold instance can be frozen, and it is never biased). */
static inline int law_biasable(const mc_part *pt)
{
    return pt->fail.kind == LAW_EXPONENTIAL && !pt->cold;
}

static inline int biasable(const mc_ws *ws, int p)
{
    return law_biasable(&ws->m->parts[p]) && ws->part_up[p] && !ws->freeze[p];
}

static void down_add(mc_ws *ws, int p)
{
    ws->rare_dpos[p] = ws->rare_ndown;
    ws->rare_dlist[ws->rare_ndown++] = p;
}

static void down_remove(mc_ws *ws, int p)
{
    int k = ws->rare_dpos[p], last = ws->rare_dlist[--ws->rare_ndown];
    ws->rare_dlist[k] = last;
    ws->rare_dpos[last] = k;
}

/* log L up to now: the biased parts all survived since rare_t. */
static void accrue(mc_ws *ws)
{
    if (ws->rare_on && ws->now > ws->rare_t)
        ws->rare_logl += (ws->rare_theta - 1) * ws->rare_lam * (ws->now - ws->rare_t);
    ws->rare_t = ws->now;
}

void mc_rare_trial_init(mc_ws *ws)
{
    const mc_model *m = ws->m;
    ws->rare_w = 1;
    ws->rare_logl = 0;
    ws->rare_t = 0;
    ws->rare_theta = 1;
    ws->rare_lam = 0;
    ws->rare_on = 0;
    ws->rare_lam_up = 0;
    ws->rare_ndown = 0;
    memset(ws->rare_b, 0, (size_t)m->n_parts * sizeof *ws->rare_b);
    for (int p = 0; p < m->n_parts; p++) {
        if (!ws->part_up[p])
            down_add(ws, p);
        else if (biasable(ws, p))
            ws->rare_lam_up += 1 / m->parts[p].fail.a;
    }
    mc_rare_instant(ws);
}

void mc_rare_part(mc_ws *ws, int p)
{
    const mc_part *pt = &ws->m->parts[p];
    if (ws->part_up[p]) { /* fails */
        if (ws->rare_b[p]) {
            accrue(ws);
            ws->rare_logl -= log(ws->rare_theta);
            ws->rare_lam -= 1 / pt->fail.a;
            ws->rare_b[p] = 0;
        }
        if (law_biasable(pt) && !ws->freeze[p])
            ws->rare_lam_up -= 1 / pt->fail.a;
        down_add(ws, p);
    } else if (!ws->part_detect[p]) { /* its repair ends */
        down_remove(ws, p);
        if (law_biasable(pt) && !ws->freeze[p])
            ws->rare_lam_up += 1 / pt->fail.a;
    }
}

void mc_rare_instant(mc_ws *ws)
{
    const mc_model *m = ws->m;
    int biasing = ws->n_down == 0; /* every target up */
    if (!biasing && !ws->rare_on)
        return; /* nominal before and after: L did not move */
    accrue(ws);
    double theta = 1;
    if (biasing) {
        double delta = m->mission - ws->now, lam = ws->rare_lam_up;
        for (int k = 0; k < ws->rare_ndown; k++) {
            int p = ws->rare_dlist[k];
            if (ws->q.pos[p] >= 0 && ws->q.time[p] - ws->now < delta)
                delta = ws->q.time[p] - ws->now;
        }
        if (lam > 0 && delta > 0 && isfinite(delta))
            theta = fmax(1, -log1p(-m->rare_p) / (lam * delta));
    }
    if (theta == 1 && !ws->rare_on) {
        ws->rare_theta = 1;
        return; /* nothing biased, nothing to bias */
    }
    ws->rare_on = 0;
    ws->rare_lam = 0;
    ws->rare_theta = theta;
    for (int p = 0; p < m->n_parts; p++) {
        const mc_part *pt = &m->parts[p];
        if (theta > 1 && biasable(ws, p)) {
            /* a fresh residual at theta times the rate (memoryless) */
            double u = (double)(mc_xoshiro_next(ws->rng->state) >> 11) * 0x1.0p-53;
            mc_queue_set(&ws->q, p, ws->now - pt->fail.a / theta * log(1 - u));
            ws->rare_b[p] = 1;
            ws->rare_on = 1;
            ws->rare_lam += 1 / pt->fail.a;
        } else if (ws->rare_b[p]) {
            ws->rare_b[p] = 0;
            if (ws->part_up[p] && !ws->freeze[p])
                mc_queue_set(&ws->q, p, ws->now + mc_draw(ws, &pt->fail));
        }
    }
    ws->rare_w = exp(ws->rare_logl);
}

/* ---------- the figures ---------- */

static void figures(mc_figures *f, const mc_acc *a, const mc_model *m)
{
    double n = (double)a->n, wo = a->t.w_outages;
    double u = a->mean_down > 0 ? a->mean_down : 0;
    f->outages_per_year = a->n > 0 ? wo / (n * m->mission / MC_YEAR_H) : 0;
    f->mean_outage_min = wo > 0 ? u * n * m->mission * 60.0 / wo : 0;
    /* a year's downtime and the longest outage need the law of a year, not
       a mean: not estimated under importance sampling */
    f->year_p50 = f->year_p95 = f->year_p99 = f->year_max = NAN;
    f->longest_outage_min = NAN;
    if (f->sla_breach >= 0)
        f->sla_breach = NAN;
    memset(f->hist, 0, sizeof f->hist);
    f->members = 0; /* capacity: not estimated (shown as for an old run) */
}

void mc_rare_result(mc_result *res, const mc_acc *acc, const mc_model *m)
{
    res->rare = 1;
    res->rare_p = m->rare_p;
    figures(&res->system, &acc[0], m);
    for (int s = 0; s < res->n_services; s++)
        figures(&res->services[s], &acc[1 + s], m);
    for (int v = 0; v < res->n_views; v++)
        figures(&res->views[v], &acc[1 + res->n_services + v], m);
    double w = acc[0].t.w_outages, w2 = acc[0].t.w2_outages;
    res->rare_ess = w2 > 0 ? w * w / w2 : 0;
}
