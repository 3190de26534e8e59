/* study/study_compare.c — designs against a reference table: each design's
 * published band and the verdict of its 95% interval against it; and the
 * module's error messages (study_strerror).
 */
#include <math.h>

#include "study.h"

const char *study_strerror(int code)
{
    switch (code) {
    case STUDY_OK:
        return "no error";
    case STUDY_ENOMEM:
        return "out of memory";
    case STUDY_ESIMULATE:
        return "a simulation failed";
    case STUDY_ETOOMANY:
        return "too many points";
    default:
        return "unknown error";
    }
}

int study_band(const ref_table *ref, const topology *t, int match_name, double *lo,
               double *hi)
{
    if (!ref)
        return 0;
    if (t->reference)
        return ref_band(ref, t->reference, lo, hi) > 0;
    /* the table was named: a design without a key may still match by name */
    if (match_name)
        return ref_band(ref, t->name, lo, hi) > 0;
    return 0;
}

const char *study_verdict_unplanned(const mc_figures *s, int has_band, double lo, double hi)
{
    if (!has_band)
        return "no reference";
    if (isnan(s->availability_unplanned))
        return "unknown";
    if (s->unplanned_ci_hi < lo)
        return "below";
    if (s->unplanned_ci_lo > hi)
        return "above";
    return "within";
}

double study_loss_seconds(const mc_figures *services, int n, int *known)
{
    double sum = 0;
    *known = 0;
    for (int i = 0; i < n; i++)
        if (services[i].has_loss) {
            *known = 1;
            sum += services[i].loss_seconds_per_year;
        }
    return sum;
}

const char *study_verdict(const mc_figures *s, int has_band, double lo, double hi)
{
    if (!has_band)
        return "no reference";
    if (s->ci_hi < lo)
        return "below";
    if (s->ci_lo > hi)
        return "above";
    return "within";
}
