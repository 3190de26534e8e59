/* montecarlo/mc_stats.c — the figures of a run: streaming accumulators folded
 * in trial order (chunk means and variances from gsl_stats_*, combined by the
 * pairwise formula of Chan, Golub and LeVeque, 1979), the 95% interval from
 * Student's t (gsl_cdf_tdist_Pinv), and the yearly-downtime histogram.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "mc_int.h"

double mc_hist_edge(int b)
{
    if (b <= 0)
        return 0;
    return MC_HIST_MIN_MIN * pow(10.0, (double)(b - 1) / MC_HIST_PER_DECADE);
}

/* The bin of `minutes`: log10 gives it to within one, the edges settle it
 * (edge: mc_hist_edge's values, or NULL to compute them). */
static int hist_bin(const double *edge, double minutes)
{
    if (!(minutes > 0))
        return 0;
    double x = floor(log10(minutes / MC_HIST_MIN_MIN) * MC_HIST_PER_DECADE);
    if (x < 0)
        return 1;
    if (x >= MC_HIST_BINS - 2)
        return MC_HIST_BINS - 1;
    int b = 1 + (int)x;
    /* guard the rounding of log10 at bin edges */
    if (b > 1 && minutes < (edge ? edge[b] : mc_hist_edge(b)))
        b--;
    else if (b < MC_HIST_BINS - 1 && minutes >= (edge ? edge[b + 1] : mc_hist_edge(b + 1)))
        b++;
    return b;
}

int mc_hist_bin(double minutes)
{
    return hist_bin(NULL, minutes);
}

void mc_hist_edges(double *edge)
{
    for (int b = 0; b <= MC_HIST_BINS; b++)
        edge[b] = mc_hist_edge(b);
}

int mc_hist_bin_at(const double *edge, double minutes)
{
    return hist_bin(edge, minutes);
}

/* The value of a bin: 0 for bin 0, else the geometric middle of the bin. */
static double bin_value(int b)
{
    if (b <= 0)
        return 0;
    return MC_HIST_MIN_MIN * pow(10.0, (b - 0.5) / MC_HIST_PER_DECADE);
}

double mc_hist_percentile(const long long *hist, double p)
{
    long long total = 0;
    for (int b = 0; b < MC_HIST_BINS; b++)
        total += hist[b];
    if (total <= 0)
        return 0;
    if (p < 0)
        p = 0;
    if (p > 1)
        p = 1;
    /* the smallest value v with at least p * total years <= v */
    double need = p * (double)total;
    long long cum = 0;
    for (int b = 0; b < MC_HIST_BINS; b++) {
        cum += hist[b];
        if (hist[b] && (double)cum >= need)
            return bin_value(b);
    }
    return bin_value(MC_HIST_BINS - 1);
}

/* Folds the n values x[0], x[stride], ... into the running mean and sum of
 * squared deviations (*mean, *m2) of na values (Chan, Golub and LeVeque). */
static void merge_moments(double *mean, double *m2, long long na, const double *x, size_t stride,
                          size_t n)
{
    double mb = gsl_stats_mean(x, stride, n);
    double m2b = n > 1 ? gsl_stats_variance_m(x, stride, n, mb) * (double)(n - 1) : 0;
    double fa = (double)na, nb = (double)n, nn = fa + nb;
    double delta = mb - *mean;
    *mean += delta * nb / nn;
    *m2 += m2b + delta * delta * fa * nb / nn;
}

void mc_acc_add_chunk(mc_acc *acc, int n_targets, const mc_chunk *c)
{
    size_t n = (size_t)c->n;
    if (n == 0)
        return;
    for (int k = 0; k < n_targets; k++) {
        mc_acc *a = &acc[k];
        merge_moments(&a->mean_down, &a->m2, a->n, c->down + k, (size_t)n_targets, n);
        merge_moments(&a->mean_unpl, &a->m2_unpl, a->n, c->unplanned + k, (size_t)n_targets, n);
        for (int j = 0; j < CAUSE_N; j++)
            a->cause_h[j] += c->cause[(size_t)k * CAUSE_N + (size_t)j];
        a->n += (long long)n;
        const mc_tacc *t = &c->acc[k];
        a->t.outages += t->outages;
        if (t->longest_h > a->t.longest_h)
            a->t.longest_h = t->longest_h;
        if (t->year_max_min > a->t.year_max_min)
            a->t.year_max_min = t->year_max_min;
        a->t.breaches += t->breaches;
        a->t.nz_years += t->nz_years;
        a->t.w_outages += t->w_outages; /* rare events (issue 18) */
        a->t.w2_outages += t->w2_outages;
    }
    for (size_t i = 0; i < c->n_ybins; i++) {
        uint32_t e = c->ybins[i];
        acc[e >> 10].hist[e & 1023]++;
    }
}

void mc_acc_figures(const mc_acc *a, const mc_model *m, mc_figures *f)
{
    double n = (double)a->n;
    double u = a->mean_down;
    if (u < 0)
        u = 0;
    f->availability = 1 - u;
    double sd = a->n > 1 ? sqrt(a->m2 / (n - 1)) : 0;
    f->std_error = a->n > 0 ? sd / sqrt(n) : 0;
    double tq = a->n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) : 0;
    f->ci_lo = f->availability - tq * f->std_error;
    f->ci_hi = f->availability + tq * f->std_error;
    if (f->ci_lo < 0)
        f->ci_lo = 0;
    if (f->ci_hi > 1)
        f->ci_hi = 1;
    f->nines = units_nines_of_unavailability(u);
    f->downtime_min_per_year = u * 525600.0;
    f->outages = a->t.outages;
    double mission_years = m->mission / MC_YEAR_H;
    f->outages_per_year = a->n > 0 ? (double)a->t.outages / (n * mission_years) : 0;
    f->mean_outage_min = a->t.outages > 0 ? u * n * m->mission * 60.0 / (double)a->t.outages : 0;
    f->longest_outage_min = a->t.longest_h * 60.0;
    f->years = a->n * m->years;
    memcpy(f->hist, a->hist, sizeof f->hist);
    f->hist[0] = f->years - a->t.nz_years;
    f->year_max = a->t.year_max_min;
    /* a percentile is read from its bin (about 2.3% wide): never above the
       exact maximum (it was, e.g. P95 1428.9 min with a maximum of 1412.6) */
    f->year_p50 = fmin(mc_hist_percentile(f->hist, 0.50), f->year_max);
    f->year_p95 = fmin(mc_hist_percentile(f->hist, 0.95), f->year_max);
    f->year_p99 = fmin(mc_hist_percentile(f->hist, 0.99), f->year_max);
    f->sla_breach = m->sla_down_h >= 0 && f->years > 0 ? (double)a->t.breaches / (double)f->years : -1;
    /* downtime by cause, and the availability without the planned part */
    for (int c = 0; c < CAUSE_N; c++)
        f->cause_min_per_year[c] = a->n > 0 ? a->cause_h[c] / (n * m->mission) * 525600.0 : 0;
    double uu = a->mean_unpl > 0 ? a->mean_unpl : 0;
    double usd = a->n > 1 ? sqrt(a->m2_unpl / (n - 1)) : 0;
    double use = a->n > 0 ? usd / sqrt(n) : 0;
    f->availability_unplanned = 1 - uu;
    f->unplanned_ci_lo = fmax(0, f->availability_unplanned - tq * use);
    f->unplanned_ci_hi = fmin(1, f->availability_unplanned + tq * use);
}

void mc_stats_merge(double *mean, double *m2, long long na, const double *x, size_t stride,
                    size_t n)
{
    merge_moments(mean, m2, na, x, stride, n);
}
