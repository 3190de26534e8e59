/* montecarlo/mc_loss.c — data loss and split brain in a history, and their
 * figures (docs/semantics.md, "Data loss: replication and split brain").
 *
 * DESIGN. A service with `replication` or `failover.split-brain` > 0 is a
 * data-loss service. The active-passive code of mc_eval.c calls
 * mc_loss_move when the active role moves after the active member went down
 * unplanned: a failover that succeeds, or the first return of a member other
 * than the last active one. The draws at that moment follow the order fixed
 * by semantics.md: the split (only for a failover, only when split-brain >
 * 0), the lag (async only), the detect (only for a split). A split brain is
 * found a detect draw later (pending[]), when a recovery is drawn and the
 * service is held down (svc_sb_down, cause `split-brain`) until the latest
 * recovery ends; all of that runs on one clock per data-loss service, placed
 * after every other clock so a file without these keys keeps its clock ids
 * and draws. The clock's event (mc_trial.c) is mc_loss_on_clock, then the
 * service's evaluation (mc_eval.c), then mc_loss_schedule: this file calls
 * nothing above the queue, so the evaluation core can call mc_loss_move. Quorum services with `replication: sync` are data-loss services
 * that never call mc_loss_move: their figures are 0.
 *
 * Per trial: loss events per year, seconds lost per year, the fraction of the
 * counted calendar years (as for yearly downtime) with a loss > 0, the
 * largest loss; reduced in trial order by the pairwise moments of mc_stats.c,
 * the 95% interval from Student's t.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "mc_ws.h"

/* ---------- the model ---------- */

int mc_loss_model(mc_model *m, const topology *t)
{
    m->n_loss = 0;
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        mc_service *ms = &m->services[s];
        ms->loss = -1;
        if (sv->repl_mode == REPL_NONE && !(sv->split_brain > 0))
            continue;
        ms->loss = m->n_loss++;
        ms->repl = sv->repl_mode;
        ms->lag = sv->repl_lag;
        ms->split_brain = sv->mode == MODE_ACTIVE_PASSIVE ? sv->split_brain : 0;
        ms->sb_detect = sv->split_brain_detect;
        ms->sb_recovery = sv->split_brain_recovery;
    }
    m->loss_svc = malloc(((size_t)m->n_loss + 1) * sizeof *m->loss_svc);
    if (!m->loss_svc)
        return MC_ENOMEM;
    for (int s = 0; s < t->n_services; s++)
        if (m->services[s].loss >= 0)
            m->loss_svc[m->services[s].loss] = s;
    m->first_loss_clock = m->n_clocks;
    m->n_clocks += m->n_loss;
    return 0;
}

int mc_loss_chunk_init(mc_chunk *c, int n_loss)
{
    if (n_loss <= 0)
        return 0;
    c->loss = mc_alloc_lines((size_t)MC_CHUNK * (size_t)n_loss * MC_LOSS_VALS * sizeof *c->loss);
    return c->loss ? 0 : MC_ENOMEM;
}

/* ---------- a history ---------- */

void mc_loss_trial_init(mc_ws *ws)
{
    const mc_model *m = ws->m;
    for (int k = 0; k < m->n_loss; k++) {
        mc_loss_ts *st = &ws->loss_ts[k];
        memset(st, 0, sizeof *st);
        st->last_year = -1;
        ws->svc_sb_down[m->loss_svc[k]] = 0;
    }
}

/* One loss event of `seconds` at the current instant. */
static void loss_add(mc_ws *ws, mc_loss_ts *st, double seconds)
{
    st->events++;
    st->seconds += seconds;
    if (seconds > st->largest)
        st->largest = seconds;
    long long y = (long long)(ws->now / MC_YEAR_H);
    if (seconds > 0 && y < ws->m->years && y != st->last_year) {
        st->years++;
        st->last_year = y;
    }
}

/* Schedules loss service k's clock at its next change: the first split to
 * be found, or the end of the recovery holding it down. */
void mc_loss_schedule(mc_ws *ws, int k)
{
    const mc_loss_ts *st = &ws->loss_ts[k];
    double next = INFINITY;
    for (int i = 0; i < st->n_pending; i++)
        if (st->pending[i] < next)
            next = st->pending[i];
    if (ws->svc_sb_down[ws->m->loss_svc[k]] && st->rec_until < next)
        next = st->rec_until;
    if (isfinite(next))
        mc_queue_set(&ws->q, ws->m->first_loss_clock + k, next);
    else
        mc_queue_cancel(&ws->q, ws->m->first_loss_clock + k);
}

void mc_loss_move(mc_ws *ws, int s, int failover)
{
    const mc_service *sv = &ws->m->services[s];
    mc_loss_ts *st = &ws->loss_ts[sv->loss];
    int split = failover && sv->split_brain > 0 && gsl_rng_uniform(ws->rng) < sv->split_brain;
    if (sv->repl == REPL_ASYNC)
        loss_add(ws, st, mc_draw(ws, &sv->lag) * 3600.0);
    if (!split)
        return;
    double d = mc_draw(ws, &sv->sb_detect);
    loss_add(ws, st, d * 3600.0);
    if (st->n_pending < MC_LOSS_PENDING) {
        st->pending[st->n_pending++] = ws->now + d;
    } else {
        /* more splits diverging at once than slots (never seen): the
           newest is found with the last slot's, at the later time */
        double *last = &st->pending[MC_LOSS_PENDING - 1];
        if (ws->now + d > *last)
            *last = ws->now + d;
    }
    mc_loss_schedule(ws, sv->loss);
}

void mc_loss_on_clock(mc_ws *ws, int k)
{
    int s = ws->m->loss_svc[k];
    const mc_service *sv = &ws->m->services[s];
    mc_loss_ts *st = &ws->loss_ts[k];
    ws->cause_dirty = 1;
    /* splits found now: each draws its recovery */
    for (int i = 0; i < st->n_pending;) {
        if (st->pending[i] > ws->now) {
            i++;
            continue;
        }
        st->pending[i] = st->pending[--st->n_pending];
        double end = ws->now + mc_draw(ws, &sv->sb_recovery);
        if (!ws->svc_sb_down[s] || end > st->rec_until)
            st->rec_until = end;
        ws->svc_sb_down[s] = 1;
    }
    if (ws->svc_sb_down[s] && st->rec_until <= ws->now)
        ws->svc_sb_down[s] = 0;
}

void mc_loss_trial_finish(mc_ws *ws, long long i)
{
    const mc_model *m = ws->m;
    double years = m->mission / MC_YEAR_H;
    for (int k = 0; k < m->n_loss; k++) {
        const mc_loss_ts *st = &ws->loss_ts[k];
        double *v = ws->chunk->loss + ((size_t)i * (size_t)m->n_loss + (size_t)k) * MC_LOSS_VALS;
        v[MC_LOSS_EVENTS] = (double)st->events / years;
        v[MC_LOSS_SECONDS] = st->seconds / years;
        v[MC_LOSS_YEARS] = (double)st->years / (double)m->years;
        v[MC_LOSS_LARGEST] = st->largest;
    }
}

/* ---------- figures ---------- */

void mc_loss_add_chunk(mc_loss_acc *acc, const mc_model *m, const mc_chunk *c)
{
    size_t n = (size_t)c->n, stride = (size_t)m->n_loss * MC_LOSS_VALS;
    if (n == 0)
        return;
    for (int k = 0; k < m->n_loss; k++) {
        mc_loss_acc *a = &acc[k];
        const double *x = c->loss + (size_t)k * MC_LOSS_VALS;
        for (int j = 0; j < MC_LOSS_LARGEST; j++) {
            /* pairwise moments (Chan, Golub and LeVeque), as mc_stats.c */
            double mb = gsl_stats_mean(x + j, stride, n);
            double m2b = n > 1 ? gsl_stats_variance_m(x + j, stride, n, mb) * (double)(n - 1) : 0;
            double na = (double)a->n, nb = (double)n, nn = na + nb, delta = mb - a->mean[j];
            a->mean[j] += delta * nb / nn;
            a->m2[j] += m2b + delta * delta * na * nb / nn;
        }
        for (size_t i = 0; i < n; i++)
            if (x[i * stride + MC_LOSS_LARGEST] > a->largest)
                a->largest = x[i * stride + MC_LOSS_LARGEST];
        a->n += (long long)n;
    }
}

/* The mean of slot j with its 95% interval (clipped at lo_min, hi_max). */
static void loss_ci(const mc_loss_acc *a, int j, double hi_max, double *mean, double *lo, double *hi)
{
    double n = (double)a->n;
    double se = a->n > 1 ? sqrt(a->m2[j] / (n - 1)) / sqrt(n) : 0;
    double tq = a->n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) : 0;
    *mean = a->mean[j] > 0 ? a->mean[j] : 0;
    *lo = fmax(0, *mean - tq * se);
    *hi = fmin(hi_max, *mean + tq * se);
}

void mc_loss_result(const mc_loss_acc *acc, const mc_model *m, mc_result *res)
{
    for (int k = 0; k < m->n_loss; k++) {
        const mc_loss_acc *a = &acc[k];
        mc_figures *f = &res->services[m->loss_svc[k]];
        f->has_loss = 1;
        loss_ci(a, MC_LOSS_EVENTS, INFINITY, &f->loss_events_per_year, &f->loss_events_ci_lo,
                &f->loss_events_ci_hi);
        loss_ci(a, MC_LOSS_SECONDS, INFINITY, &f->loss_seconds_per_year, &f->loss_seconds_ci_lo,
                &f->loss_seconds_ci_hi);
        loss_ci(a, MC_LOSS_YEARS, 1, &f->year_with_loss_probability, &f->year_loss_ci_lo,
                &f->year_loss_ci_hi);
        f->loss_largest_seconds = a->largest;
    }
}
