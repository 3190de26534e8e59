/* cli/cli_group.c — a range's identical members as one row (Y16; docs/
 * topology-format.md, "Ranges in outputs"). Consecutive names of one range
 * ("compute01" .. "compute20", topo_names_group) that are also alike by a
 * predicate (same law, needs and services for hosts; same mode, laws, needs
 * and alike hosts for services; the same figures' structure for a run's
 * rows) make one group "compute[01:20]"; where they differ the run is cut.
 * JSON never groups: machines read every member.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_group_names(const char *const *names, int n, cli_same_fn same, const void *ctx,
                    topo_name_group **out, int *n_out)
{
    topo_name_group *g = NULL, *o = malloc((size_t)(n > 0 ? n : 1) * sizeof *o);
    int ng = 0, k = 0;
    *out = NULL;
    *n_out = 0;
    if (!o || topo_names_group(names, n, &g, &ng)) {
        free(o);
        return -1;
    }
    for (int gi = 0; gi < ng; gi++) {
        int end = g[gi].first + g[gi].count;
        for (int i = g[gi].first; i < end;) {
            int j = i + 1;
            while (j < end && (!same || same(ctx, i, j)))
                j++;
            topo_name_group *sub = NULL;
            int ns = 0;
            if (topo_names_group(names + i, j - i, &sub, &ns)) {
                topo_name_groups_free(o, k);
                topo_name_groups_free(g, ng);
                return -1;
            }
            if (ns == 1 && j - i < CLI_GROUP_MIN) { /* too few: one by one */
                topo_name_groups_free(sub, ns);
                sub = NULL;
                ns = 0;
                for (int q = i; q < j; q++) {
                    size_t len = strlen(names[q]) + 1;
                    o[k].first = q;
                    o[k].count = 1;
                    if (!(o[k].text = malloc(len))) {
                        topo_name_groups_free(o, k);
                        topo_name_groups_free(g, ng);
                        return -1;
                    }
                    memcpy(o[k++].text, names[q], len);
                }
            }
            for (int q = 0; q < ns; q++) { /* one group: a part of a run is a run */
                o[k].first = i + sub[q].first;
                o[k].count = sub[q].count;
                o[k++].text = sub[q].text;
                sub[q].text = NULL;
            }
            topo_name_groups_free(sub, ns);
            i = j;
        }
    }
    topo_name_groups_free(g, ng);
    *out = o;
    *n_out = k;
    return 0;
}

char *cli_names_join(const char *const *names, int n)
{
    topo_name_group *g = NULL;
    int ng = 0;
    size_t len = 1;
    if (cli_group_names(names, n, NULL, NULL, &g, &ng))
        return NULL;
    for (int i = 0; i < ng; i++)
        len += strlen(g[i].text) + 2;
    char *s = malloc(len);
    if (s) {
        s[0] = '\0';
        for (int i = 0; i < ng; i++) {
            if (i)
                strcat(s, ", ");
            strcat(s, g[i].text);
        }
    }
    topo_name_groups_free(g, ng);
    return s;
}

char *cli_hosts_join(const topology *t, const int *hosts, int n)
{
    const char **names = malloc((size_t)(n > 0 ? n : 1) * sizeof *names);
    if (!names)
        return NULL;
    for (int i = 0; i < n; i++)
        names[i] = t->hosts[hosts[i]].name;
    char *s = cli_names_join(names, n);
    free(names);
    return s;
}

static int same_ints(const int *a, int na, const int *b, int nb)
{
    return na == nb && (na == 0 || !memcmp(a, b, (size_t)na * sizeof *a));
}

static int same_law(const law_dist *a, const law_dist *b)
{
    return a->kind == b->kind && a->a == b->a && a->b == b->b;
}

/* Laws la and lb of t (-1: none) alike: the same one, or one written
   twice (each inline law is a law of its own) */
static int same_law_index(const topology *t, int la, int lb)
{
    if (la == lb)
        return 1;
    if (la < 0 || lb < 0)
        return 0;
    const topo_law *x = &t->laws[la], *y = &t->laws[lb];
    return same_law(&x->fail, &y->fail) && same_law(&x->repair, &y->repair) &&
           same_law(&x->detect, &y->detect) && x->crew == y->crew;
}

int cli_same_host(const void *ctx, int a, int b)
{
    const topology *t = ctx;
    const topo_host *x = &t->hosts[a], *y = &t->hosts[b];
    if (!same_law_index(t, x->law, y->law) || !same_ints(x->needs, x->n_needs, y->needs, y->n_needs))
        return 0;
    for (int o = 0; o < t->n_hosts; o++) /* needed by the same hosts */
        for (int k = 0; k < t->hosts[o].n_needs; k++)
            if ((t->hosts[o].needs[k] == a) != (t->hosts[o].needs[k] == b))
                return 0;
    for (int s = 0; s < t->n_services; s++) { /* running the same services */
        int ca = 0, cb = 0;
        for (int k = 0; k < t->services[s].n_hosts; k++) {
            ca += t->services[s].hosts[k] == a;
            cb += t->services[s].hosts[k] == b;
        }
        if (ca != cb)
            return 0;
    }
    return 1;
}


int cli_same_service(const void *ctx, int a, int b)
{
    const topology *t = ctx;
    const topo_service *x = &t->services[a], *y = &t->services[b];
    if (x->mode != y->mode || !same_law_index(t, x->instance, y->instance) || x->need != y->need ||
        x->n_hosts != y->n_hosts || !same_ints(x->needs, x->n_needs, y->needs, y->n_needs) ||
        !same_ints(x->needs_local, x->n_needs_local, y->needs_local, y->n_needs_local) ||
        x->failover_success != y->failover_success || x->cold != y->cold ||
        x->switchover_success != y->switchover_success || x->repl_mode != y->repl_mode ||
        x->split_brain != y->split_brain || !same_law(&x->rejoin, &y->rejoin) ||
        !same_law(&x->bootstrap, &y->bootstrap) || !same_law(&x->failover_time, &y->failover_time) ||
        !same_law(&x->resync, &y->resync) || !same_law(&x->switchover_time, &y->switchover_time) ||
        !same_law(&x->repl_lag, &y->repl_lag))
        return 0;
    for (int k = 0; k < x->n_hosts; k++)
        if (x->hosts[k] != y->hosts[k] &&
            !same_law_index(t, t->hosts[x->hosts[k]].law, t->hosts[y->hosts[k]].law))
            return 0;
    for (int s = 0; s < t->n_services; s++) /* needed by the same services */
        for (int k = 0; k < t->services[s].n_needs; k++)
            if ((t->services[s].needs[k] == a) != (t->services[s].needs[k] == b))
                return 0;
    return 1;
}

int cli_same_figures(const void *ctx, int a, int b)
{
    const mc_figures *f = ctx;
    return f[a].members == f[b].members && f[a].has_loss == f[b].has_loss &&
           (f[a].outages == 0) == (f[b].outages == 0);
}

mc_figures cli_loss_group(const mc_figures *m, int n, double *lo, double *hi)
{
    mc_figures x = m[0];
    *lo = *hi = m[0].loss_seconds_per_year;
    if (n <= 1)
        return x;
    x.loss_events_per_year = x.loss_seconds_per_year = 0;
    x.year_with_loss_probability = x.loss_largest_seconds = 0;
    for (int k = 0; k < n; k++) {
        x.loss_events_per_year += m[k].loss_events_per_year / n;
        x.loss_seconds_per_year += m[k].loss_seconds_per_year / n;
        x.year_with_loss_probability += m[k].year_with_loss_probability / n;
        x.loss_largest_seconds = fmax(x.loss_largest_seconds, m[k].loss_largest_seconds);
        *lo = fmin(*lo, m[k].loss_seconds_per_year);
        *hi = fmax(*hi, m[k].loss_seconds_per_year);
    }
    return x;
}
