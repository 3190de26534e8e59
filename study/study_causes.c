/* study/study_causes.c — reading a target's downtime by cause
 * (docs/semantics.md, "Downtime by cause"): whether it is known, its causes
 * largest first, and the planned share, for the run table, `compare` and the
 * report.
 */
#include <math.h>

#include "study.h"

int study_causes_known(const mc_figures *f)
{
    for (int c = 0; c < CAUSE_N; c++)
        if (!isfinite(f->cause_min_per_year[c]))
            return 0;
    return 1;
}

int study_causes_ranked(const mc_figures *f, int order[CAUSE_N])
{
    int n = 0;
    if (!study_causes_known(f))
        return 0;
    for (int c = 0; c < CAUSE_N; c++) {
        if (!(f->cause_min_per_year[c] > 0))
            continue;
        /* insertion: larger first, equal ones in topo_cause order */
        int k = n++;
        while (k > 0 && f->cause_min_per_year[order[k - 1]] < f->cause_min_per_year[c]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = c;
    }
    return n;
}

double study_planned_share(const mc_figures *f)
{
    double total = 0;
    if (!study_causes_known(f))
        return NAN;
    for (int c = 0; c < CAUSE_N; c++)
        total += f->cause_min_per_year[c];
    return total > 0 ? f->cause_min_per_year[CAUSE_MAINTENANCE] / total : NAN;
}
