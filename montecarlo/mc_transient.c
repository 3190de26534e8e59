/* montecarlo/mc_transient.c — transient figures and the steady start (issue
 * 14): R(t), the point availability A(t), the interval reliability IR(t, θ)
 * and the MTTF from new; and `--start steady`, each part's first state
 * drawn from its stationary law.
 *
 * DESIGN. The system's transitions (the end of an instant where target 0
 * changed, mc_z14_system) close the points whose time has passed: a point
 * at t takes the state the system held just before the transition (the
 * state is right-continuous: a point at the very instant of a change takes
 * the new state). The first transition down is the trial's first outage; a
 * transition down inside [t, t + θ] breaks the window of t. At the trial's
 * end the points left take the state at the end; with --until-failure a
 * trial without an outage runs on, events only (no figure is touched), until
 * the system goes down or the cap (that loop is mc_trial.c's: this file
 * sits below the event loop). The chunk keeps the first outage of each
 * trial (the MTTF's mean and spread are folded in trial order) and integer
 * counts per point.
 *
 * Steady start: a part is up with probability MTTF / (MTTF + MTTD + MTTR),
 * else in detection or repair in proportion to their means; the time left
 * of the phase it is in is drawn from the phase law's equilibrium
 * (residual-life) density S(x) / mean: a length-biased draw L (density
 * x f(x) / mean, closed forms below) times a uniform. For an exponential law
 * that is the law itself.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "mc_ws.h"

void mc_z14_trial_reset(mc_ws *ws)
{
    const mc_model *m = ws->m;
    if (m->n_crews) {
        for (int c = 0; c < m->n_crews; c++) {
            ws->crew_busy[c] = 0;
            ws->crew_head[c] = ws->crew_tail[c] = -1;
        }
        memset(ws->part_wait, 0, (size_t)m->n_parts);
    }
    ws->frozen_sys = 0;
    ws->first_out = -1;
    ws->tr_up = 1;
    ws->next_pt = 0;
    memset(ws->ir_ok, 1, sizeof ws->ir_ok);
}

/* ---------- the steady start ---------- */

/* A length-biased draw of d: density x f(x) / mean. */
static double length_biased(mc_ws *ws, const law_dist *d)
{
    gsl_rng *r = ws->rng;
    switch (d->kind) {
    case LAW_EXPONENTIAL: /* gamma(2, mean) */
        return gsl_ran_gamma(r, 2, d->a);
    case LAW_WEIBULL: /* (X / lambda)^k ~ gamma(1 + 1/k, 1) */
        return d->b * pow(gsl_ran_gamma(r, 1 + 1 / d->a, 1), 1 / d->a);
    case LAW_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a + d->b * d->b, d->b);
    case LAW_GAMMA:
        return gsl_ran_gamma(r, d->a + 1, d->b);
    case LAW_FIXED:
        return d->a;
    case LAW_UNIFORM: {
        double u = gsl_rng_uniform(r);
        return sqrt(d->a * d->a + u * (d->b * d->b - d->a * d->a));
    }
    }
    return 0;
}

/* A draw of the time left in a period of law d met at a random time. */
static double residual(mc_ws *ws, const law_dist *d)
{
    if (d->kind == LAW_EXPONENTIAL)
        return mc_draw(ws, d);
    double len = length_biased(ws, d);
    return gsl_rng_uniform(ws->rng) * len;
}

void mc_steady_part(mc_ws *ws, int p)
{
    const mc_model *m = ws->m;
    const mc_part *pt = &m->parts[p];
    double up = law_mean(&pt->fail), det = pt->has_detect ? law_mean(&pt->detect) : 0;
    double rep = law_mean(&pt->repair);
    double u = gsl_rng_uniform(ws->rng) * (up + det + rep);
    if (u < up) {
        double d = residual(ws, &pt->fail);
        if (ws->freeze[p])
            ws->remaining[p] = d;
        else
            mc_queue_set(&ws->q, p, d);
        return;
    }
    ws->part_up[p] = 0;
    if (m->attribute && ws->law_down[pt->law]++ == 0)
        ws->n_laws_down++;
    if (u < up + det) {
        ws->part_detect[p] = 1;
        mc_queue_set(&ws->q, p, residual(ws, &pt->detect));
        return;
    }
    int c = pt->crew;
    if (c >= 0 && ws->crew_busy[c] >= m->crew_size[c]) {
        /* the crew is busy with parts declared before: wait (approximate:
           the joint law of a crew is not a product of the parts' laws) */
        ws->now = 0;
        mc_crew_ready(ws, p);
        return;
    }
    if (c >= 0)
        ws->crew_busy[c]++;
    mc_queue_set(&ws->q, p, residual(ws, &pt->repair));
}

void mc_steady_apply(mc_ws *ws)
{
    const mc_model *m = ws->m;
    ws->now = 0;
    for (int p = 0; p < m->n_parts; p++) {
        if (ws->part_up[p])
            continue;
        const mc_part *pt = &m->parts[p];
        if (pt->host >= 0)
            mc_host_eval(ws, pt->host);
        else if (pt->member >= 0)
            mc_member_eval(ws, pt->member);
        else
            mc_ccf_changed(ws, pt->ccf, 1);
    }
}

void mc_z14_trial_start(mc_ws *ws)
{
    ws->now = 0;
    if (ws->ts[0].up != ws->tr_up || (ws->m->frozen && !ws->ts[0].up))
        mc_z14_system(ws, ws->ts[0].up);
}

/* ---------- transient figures ---------- */

void mc_z14_system(mc_ws *ws, int up)
{
    const mc_model *m = ws->m;
    if (m->frozen)
        mc_frozen_set(ws, !up);
    if (!m->transient)
        return;
    double now = ws->now;
    while (ws->next_pt < m->n_pts && m->pt_time[ws->next_pt] < now)
        ws->pt_up[ws->next_pt++] = (unsigned char)ws->tr_up;
    ws->tr_up = up;
    if (up)
        return;
    if (ws->first_out < 0)
        ws->first_out = now;
    for (int k = 0; k < m->n_at; k++)
        if (m->at[k] <= now && now <= m->at[k] + m->window)
            ws->ir_ok[k] = 0;
}

int mc_z14_trial_end(mc_ws *ws, mc_chunk *c, long long i)
{
    const mc_model *m = ws->m;
    while (ws->next_pt < m->n_pts)
        ws->pt_up[ws->next_pt++] = (unsigned char)ws->tr_up;
    /* a trial without an outage ran on to the cap with --until-failure
       (mc_trial.c) */
    double end = m->until_failure ? m->until_cap : m->mission;
    mc_tchunk *tc = c->tr;
    double fo = ws->first_out;
    tc->censored[i] = fo < 0;
    tc->first_out[i] = fo < 0 ? end : fo;
    for (int k = 0; k < m->n_pts; k++) {
        int slot = m->pt_slot[k];
        int a = ws->pt_up[k], r = fo < 0 || fo > m->pt_time[k];
        if (slot < MC_AT_MAX) {
            tc->a[slot] += a;
            tc->r[slot] += r;
            tc->ir[slot] += a && ws->ir_ok[slot];
        } else {
            tc->ca[slot - MC_AT_MAX] += a;
            tc->cr[slot - MC_AT_MAX] += r;
        }
    }
    return 0;
}

void mc_tr_add_chunk(mc_tacc_tr *a, const mc_chunk *c)
{
    const mc_tchunk *tc = c->tr;
    for (long long i = 0; i < c->n; i++) {
        double x = tc->first_out[i];
        a->n++;
        double d = x - a->mean;
        a->mean += d / (double)a->n;
        a->m2 += d * (x - a->mean);
        a->censored += tc->censored[i];
    }
    for (int k = 0; k < MC_AT_MAX; k++) {
        a->r[k] += tc->r[k];
        a->a[k] += tc->a[k];
        a->ir[k] += tc->ir[k];
    }
    for (int j = 0; j < MC_CURVE_POINTS; j++) {
        a->cr[j] += tc->cr[j];
        a->ca[j] += tc->ca[j];
    }
}
