/* study/study_paired.c — a paired comparison of two runs with common random
 * numbers (docs/method.md, "Paired comparison"): trial i of run A and trial
 * i of run B draw from the same stream (same seed), so the per-trial
 * difference B - A has a far smaller spread than two independent runs; its
 * mean and Student-t 95% interval say how much B differs from A, and the
 * difference is significant when the interval does not contain 0.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "study.h"

void study_paired(const double *a, const double *b, long long n, double scale,
                  study_paired_diff *out)
{
    double mean = 0, m2 = 0;
    for (long long i = 0; i < n; i++) { /* Welford */
        double d = scale * (b[i] - a[i]);
        double delta = d - mean;
        mean += delta / (double)(i + 1);
        m2 += delta * (d - mean);
    }
    out->trials = n;
    out->mean = n > 0 ? mean : 0;
    out->std_error = n > 1 ? sqrt(m2 / (double)(n - 1) / (double)n) : 0;
    double tq = n > 1 ? gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) : 0;
    out->ci_lo = out->mean - tq * out->std_error;
    out->ci_hi = out->mean + tq * out->std_error;
    out->significant = n > 1 && (out->ci_lo > 0 || out->ci_hi < 0);
}
