/* study/study_sweep.c — the grid of a sweep: how many points, which values
 * each point takes on every axis, and the name of each point's run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

int study_grid_size(const study_axis *ax, int n_axes, int max, int *n)
{
    int k = 1;
    for (int a = 0; a < n_axes; a++) {
        if ((long long)k * ax[a].n > max)
            return STUDY_ETOOMANY;
        k *= ax[a].n;
    }
    *n = k;
    return STUDY_OK;
}

void study_grid_point(const study_axis *ax, int n_axes, int i, int *idx, topo_set *set)
{
    int rest = i;
    for (int a = n_axes - 1; a >= 0; a--) {
        idx[a] = rest % ax[a].n;
        rest /= ax[a].n;
        set[a].path = ax[a].path;
        set[a].value = ax[a].values[idx[a]];
    }
}

int study_point_name(mc_result *r, const study_axis *ax, int n_axes, const int *idx)
{
    size_t len = strlen(r->name) + 4;
    for (int a = 0; a < n_axes; a++)
        len += strlen(ax[a].path) + strlen(ax[a].values[idx[a]]) + 3;
    char *s = malloc(len), *q = s;
    if (!s)
        return STUDY_ENOMEM;
    q += sprintf(q, "%s [", r->name);
    for (int a = 0; a < n_axes; a++)
        q += sprintf(q, "%s%s=%s", a ? ", " : "", ax[a].path, ax[a].values[idx[a]]);
    sprintf(q, "]");
    free(r->name);
    r->name = s;
    return STUDY_OK;
}
