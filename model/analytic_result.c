/* model/analytic_result.c — the analytic solver's result: the reasons the
 * work limits add, each target's figure (clamped availability, exact or the
 * reason it is approximate, the service it is approximate through) and
 * analytic_result_free.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Marks the services the work limits cut short approximate, with why.
 * Returns 0 or -1 when out of memory. */
int analytic_note_limits(solver *sv)
{
    for (int s = 0; s < sv->t->n_services; s++) {
        an_service *as = &sv->svc[s];
        char *text = NULL;
        if (as->capped && as->kind == KIND_CHAIN) {
            text = analytic_printf("the solver's work limit for Markov chains was reached: some "
                              "states of its shared hosts are solved as a static structure "
                              "(no delays)");
            if (!text || analytic_reason_add(&as->reason, text))
                goto oom;
            free(text);
            as->exact = 0;
        }
        if (as->enum_parts) {
            text = analytic_printf("%d hosts are shared between members: within the solver's work "
                              "limit only the states with at most %d of them down are "
                              "enumerated, the rest (probability at most %.3g) as if each "
                              "member had its own copy of those hosts",
                              as->enum_parts, as->enum_down, as->enum_left);
            if (!text || analytic_reason_add(&as->reason, text))
                goto oom;
            free(text);
            as->exact = 0;
        }
        continue;
    oom:
        free(text);
        return -1;
    }
    return 0;
}

/* ---------- the result ---------- */

/* Reason of a target from its services: its own (a service's) or the first
 * approximate service it depends on. Returns a malloc'ed string, NULL when
 * exact; *oom on failure. */
static char *services_reason(const solver *sv, int j, int *oom, int *through, int *through_more)
{
    const topology *t = sv->t;
    const unsigned char *in = sv->in_target + (size_t)j * t->n_services;
    int self = j >= 1 && j <= t->n_services ? j - 1 : -1;
    if (self >= 0 && !sv->svc[self].exact) {
        char *s = analytic_printf("%s", sv->svc[self].reason);
        *oom = !s;
        return s;
    }
    int first = -1, more = 0;
    for (int s = 0; s < t->n_services; s++)
        if (in[s] && !sv->svc[s].exact) {
            if (first < 0)
                first = s;
            else
                more++;
        }
    if (first < 0)
        return NULL;
    *through = first;
    *through_more = more;
    char *r = more ? analytic_printf("through '%s' (and %d more): %s", t->services[first].name, more,
                                sv->svc[first].reason)
                   : analytic_printf("through '%s': %s", t->services[first].name,
                                sv->svc[first].reason);
    *oom = !r;
    return r;
}

/* The reason of target j: its services' then maintenance's ("; " between). */
static char *target_reason(const solver *sv, int j, int *oom, int *through, int *through_more)
{
    char *r = services_reason(sv, j, oom, through, through_more);
    const char *m = sv->treason ? sv->treason[j] : NULL;
    if (*oom || !m)
        return r;
    if (analytic_reason_add(&r, m)) {
        free(r);
        *oom = 1;
        return NULL;
    }
    return r;
}

static int target_exact(const solver *sv, int j)
{
    if (sv->treason && sv->treason[j])
        return 0;
    const unsigned char *in = sv->in_target + (size_t)j * sv->t->n_services;
    for (int s = 0; s < sv->t->n_services; s++)
        if (in[s] && !sv->svc[s].exact)
            return 0;
    return 1;
}

int analytic_make_result(solver *sv, const double *avail, const double *unplanned,
                         const double *freq, analytic_result **out)
{
    const topology *t = sv->t;
    int nt = sv->n_targets;
    analytic_result *r = calloc(1, sizeof *r);
    char **reasons = calloc((size_t)nt, sizeof *reasons);
    int *through = NULL; /* per target: first service it is approximate through, how many more */
    int rc = TOPO_ENOMEM;
    if (!r || !reasons)
        goto fail;
    r->services = calloc((size_t)t->n_services + 1, sizeof *r->services);
    r->views = calloc((size_t)t->n_views + 1, sizeof *r->views);
    if (!r->services || !r->views)
        goto fail;
    through = malloc(2 * (size_t)nt * sizeof *through);
    if (!through)
        goto fail;
    size_t total = 1;
    for (int j = 0; j < nt; j++) {
        int oom = 0;
        through[2 * j] = -1;
        through[2 * j + 1] = 0;
        reasons[j] = target_reason(sv, j, &oom, &through[2 * j], &through[2 * j + 1]);
        if (oom)
            goto fail;
        if (reasons[j])
            total += strlen(reasons[j]) + 1;
    }
    for (int s = 0; s < t->n_services; s++) {
        if (sv->cap_reason && sv->cap_reason[s])
            total += strlen(sv->cap_reason[s]) + 1;
        if (sv->blast_reason && sv->blast_reason[s])
            total += strlen(sv->blast_reason[s]) + 1;
    }
    r->capacity = calloc((size_t)t->n_services + 1, sizeof *r->capacity);
    if (!r->capacity)
        goto fail;
    r->n_capacity = t->n_services;
    r->notes = malloc(total);
    if (!r->notes)
        goto fail;
    size_t at = 0;
    for (int j = 0; j < nt; j++) {
        analytic_figure *f = j == 0 ? &r->system
                           : j <= t->n_services ? &r->services[j - 1]
                                                : &r->views[j - 1 - t->n_services];
        double a = avail[j];
        f->availability = a < 0 ? 0 : a > 1 ? 1 : a;
        /* the same without planned downtime: never below the availability */
        double u = sv->t->n_maint ? unplanned[j] : a;
        f->availability_unplanned = u < f->availability ? f->availability : u > 1 ? 1 : u;
        f->exact = target_exact(sv, j);
        /* outages per year; mean outage = downtime per year / outages */
        f->outages_per_year = freq[j];
        f->mean_outage_hours = freq[j] > 0 ? (1 - f->availability) * 8760.0 / freq[j] : NAN;
        f->reason = NULL;
        f->through = through[2 * j];
        f->through_more = through[2 * j + 1];
        if (reasons[j]) {
            size_t n = strlen(reasons[j]) + 1;
            memcpy(r->notes + at, reasons[j], n);
            f->reason = r->notes + at;
            at += n;
        }
    }
    for (int s = 0; s < t->n_services; s++) {
        analytic_capacity *c = &r->capacity[s];
        int n = t->services[s].n_hosts;
        c->capacity = sv->cap ? sv->cap[s] : NAN;
        c->member_hours_lost_per_year = (1 - c->capacity) * n * 8760.0;
        c->exact = sv->cap_exact ? sv->cap_exact[s] : 0;
        const char *why[2] = { sv->cap_reason ? sv->cap_reason[s] : NULL,
                               sv->blast_reason ? sv->blast_reason[s] : NULL };
        for (int k = 0; k < 2; k++) {
            const char **into = k ? &c->blast_reason : &c->reason;
            if (!why[k])
                continue;
            size_t len = strlen(why[k]) + 1;
            memcpy(r->notes + at, why[k], len);
            *into = r->notes + at;
            at += len;
        }
        if (sv->blast && sv->blast[s]) {
            c->blast = sv->blast[s];
            sv->blast[s] = NULL; /* the result owns it now */
            c->n_blast = n;
            c->blast_exact = !c->blast_reason;
        }
    }
    r->notes[at] = '\0';
    *out = r;
    r = NULL;
    rc = 0;
fail:
    if (reasons)
        for (int j = 0; j < nt; j++)
            free(reasons[j]);
    free(reasons);
    free(through);
    analytic_result_free(r);
    return rc;
}

void analytic_result_free(analytic_result *r)
{
    if (!r)
        return;
    for (int s = 0; r->capacity && s < r->n_capacity; s++)
        free(r->capacity[s].blast);
    for (int s = 0; r->loss && s < r->n_capacity; s++)
        free(r->loss[s].reason);
    free(r->loss);
    free(r->capacity);
    free(r->services);
    free(r->views);
    free(r->notes);
    free(r);
}
