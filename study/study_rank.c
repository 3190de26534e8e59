/* study/study_rank.c — sensitivity: what to improve first.
 *
 * For every law used by a part: Birnbaum and criticality importance from
 * the analytic solver, and the nines when its mean time to fail or to repair
 * is halved or doubled (exact through the solver when it and the base are
 * exact, else a simulated scaled copy with the caller's seed, so that the
 * differences are not noise). Ranking: by the gain in nines of the better
 * of doubling the time to fail and halving the time to repair; ties (within
 * 1e-9 nines) by criticality. A simulated gain below the noise of the base
 * run counts as no gain, so laws whose effect is lost in the noise are
 * ordered by criticality. See docs/sensitivity.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "study.h"

static const double fail_factor[STUDY_N_CHANGES] = {0.5, 2, 1, 1};
static const double repair_factor[STUDY_N_CHANGES] = {1, 1, 0.5, 2};
/* what the progress bar calls each change */
static const char *const change_name[STUDY_N_CHANGES] = {
    "fail_half", "fail_double", "repair_half", "repair_double"};

double study_base_nines(const analytic_result *a, const mc_result *base)
{
    return a->system.exact ? units_nines(a->system.availability) : base->system.nines;
}

double study_noise(const mc_result *base)
{
    /* d nines = d A / ((1 - A) ln 10) */
    double u = 1 - base->system.availability;
    return u > 0 ? 2 * base->system.std_error / (u * log(10)) : 0;
}

static int cmp_laws(const void *a, const void *b)
{
    const study_law *x = a, *y = b;
    if (fabs(x->rank_gain - y->rank_gain) > 1e-9)
        return x->rank_gain > y->rank_gain ? -1 : 1;
    if (x->imp.criticality != y->imp.criticality)
        return x->imp.criticality > y->imp.criticality ? -1 : 1;
    return x->law - y->law;
}

/* The nines of change c of row's law into row->nines[c]. */
static int change_nines(const topology *t, const study_rank_options *o, study_law *row, int c)
{
    double a;
    int ex = 0;
    if (analytic_solve_scaled(t, row->law, fail_factor[c], repair_factor[c], &a, &ex))
        return STUDY_ENOMEM;
    if (ex && o->base_exact) {
        row->nines[c] = units_nines(a);
        return STUDY_OK;
    }
    /* not exact: simulate the scaled copy with the base run's seed */
    topology *copy = NULL;
    mc_result *r = NULL;
    char label[96];
    row->exact = 0;
    if (topo_scale_law(t, row->law, fail_factor[c], repair_factor[c], &copy))
        return STUDY_ENOMEM;
    snprintf(label, sizeof label, "%.40s %s", row->name, change_name[c]);
    int st = o->simulate(o->simulate_ctx, copy, label, &r);
    if (!st)
        row->nines[c] = r->system.nines;
    mc_result_free(r);
    topo_free(copy);
    return st ? STUDY_ESIMULATE : STUDY_OK;
}

int study_rank_laws(const topology *t, const study_rank_options *o, study_law **laws,
                    int *n, int *stopped)
{
    study_law *rows = calloc((size_t)t->n_laws + 1, sizeof *rows);
    int n_rows = 0, rc = STUDY_OK;
    *laws = NULL;
    *n = 0;
    *stopped = 0;
    if (!rows)
        return STUDY_ENOMEM;
    for (int l = 0; l < t->n_laws; l++) {
        study_law *row = &rows[n_rows];
        if (o->stop && *o->stop) {
            /* thousands of laws take minutes: a stop ranks those done */
            *stopped = 1;
            break;
        }
        if (!topo_law_parts(t, l))
            continue; /* defined but used by no part: it cannot matter */
        row->law = l;
        row->name = t->laws[l].name;
        row->share = NAN;
        if (analytic_importance(t, l, &row->imp)) {
            rc = STUDY_ENOMEM;
            goto fail;
        }
        row->exact = row->imp.exact;
        for (int c = 0; c < STUDY_N_CHANGES; c++)
            if ((rc = change_nines(t, o, row, c)))
                goto fail;
        row->gain = fmax(row->nines[STUDY_FAIL_DOUBLE], row->nines[STUDY_REPAIR_HALF]) -
                    o->base_nines;
        /* a simulated gain smaller than the noise of the base run ranks as no
           gain: such laws are then ordered by criticality */
        row->rank_gain = row->exact || row->gain > o->noise ? row->gain : 0;
        n_rows++;
    }
    qsort(rows, (size_t)n_rows, sizeof *rows, cmp_laws);
    *laws = rows;
    *n = n_rows;
    return STUDY_OK;
fail:
    free(rows);
    return rc;
}

int study_law_shares(const mc_result *base, int n_topo_laws, study_law *laws, int n,
                     double *delay_share)
{
    if (!base->law_share || base->n_laws != n_topo_laws)
        return 0;
    for (int i = 0; i < n; i++)
        laws[i].share = base->law_share[laws[i].law];
    *delay_share = base->delay_share;
    return 1;
}
