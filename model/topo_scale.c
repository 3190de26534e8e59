/* model/topo_scale.c — deep copies of a topology, and copies with one law's
 * fail or repair times scaled, for `nines sensitivity` (what happens when a
 * law's mean time to fail or to repair is halved or doubled). The solver's
 * figures on such copies and the importance measures are in
 * analytic_importance.c, above this file.
 *
 * DESIGN: a scaled copy is an ordinary topology, so analytic_solve and mc_run
 * work on it unchanged. Scaling stays within the law's scale family (every
 * draw is multiplied by the factor), so its shape (Weibull k, gamma k,
 * lognormal sigma, the coefficient of variation) is kept and only its time
 * scale moves. The copy owns every string and array, allocated one by one as
 * the loader does, so topo_free frees it; positions (topo_pos.file) point
 * into the copy's own `files`.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analytic_int.h"
#include "model_int.h"

int law_dist_scale(law_dist *d, double f)
{
    if (!(f > 0) || !isfinite(f))
        return -1;
    switch (d->kind) {
    case LAW_EXPONENTIAL: /* a = mean */
    case LAW_FIXED:       /* a = value */
        d->a *= f;
        break;
    case LAW_WEIBULL: /* b = scale lambda */
    case LAW_GAMMA:   /* b = scale theta */
        d->b *= f;
        break;
    case LAW_LOGNORMAL: /* ln(fX) = ln X + ln f: mu moves, sigma stays */
        d->a += log(f);
        break;
    case LAW_UNIFORM: /* [min, max] -> [f min, f max] */
        d->a *= f;
        d->b *= f;
        break;
    }
    return 0;
}

int topo_law_parts(const topology *t, int law)
{
    int n = 0;
    if (law < 0 || law >= t->n_laws)
        return 0;
    for (int h = 0; h < t->n_hosts; h++)
        n += t->hosts[h].law == law;
    for (int s = 0; s < t->n_services; s++)
        if (t->services[s].instance == law)
            n += t->services[s].n_hosts;
    for (int c = 0; c < t->n_ccfs; c++)
        n += t->ccfs[c].law == law;
    return n;
}

/* ---- copying ---- */

/* The rules of a copy are topo_dup.c's. */
static int dup_ints(int **dst, const int *src, int n)
{
    int fail;
    *dst = topo_dup_block(src, n, sizeof **dst, &fail);
    return -fail;
}

/* Where laws, maintenance entries, common causes and crews keep what they
 * own (topo_dup_entries). */
static const topo_entry_layout law_layout = {
    sizeof(topo_law), offsetof(topo_law, name), offsetof(topo_law, pos), 0, 0, 0};
static const topo_entry_layout maint_layout = {
    sizeof(topo_maint), offsetof(topo_maint, name), offsetof(topo_maint, pos),
    offsetof(topo_maint, units), offsetof(topo_maint, n_units), 1};
static const topo_entry_layout ccf_layout = {
    sizeof(topo_ccf), offsetof(topo_ccf, name), offsetof(topo_ccf, pos),
    offsetof(topo_ccf, units), offsetof(topo_ccf, n_units), 1};
static const topo_entry_layout crew_layout = {
    sizeof(topo_crew), offsetof(topo_crew, name), offsetof(topo_crew, pos), 0, 0, 0};

static int copy_view(const topology *t, const topology *c, const topo_view *v, topo_view *o)
{
    o->n_services = v->n_services;
    o->need_fraction = v->need_fraction;
    o->need_members = v->need_members;
    o->pos = topo_dup_pos(t, c, v->pos);
    if (topo_dup_str(&o->name, v->name) || dup_ints(&o->services, v->services, v->n_services))
        return -1;
    return 0;
}

/* Fills c (calloc'd) from t. Each array's count is set only once the array
 * exists, so topo_free can free a copy that failed half-way. */
static int copy_into(const topology *t, topology *c)
{
    c->mission = t->mission;
    c->sla = t->sla;
    c->frozen_when_down = t->frozen_when_down;
    if (topo_dup_str(&c->path, t->path) || topo_dup_str(&c->name, t->name) ||
        topo_dup_str(&c->description, t->description) || topo_dup_str(&c->reference, t->reference) ||
        topo_dup_str(&c->overrides, t->overrides))
        return -1;
    if (t->text) {
        if (!(c->text = malloc(t->text_len + 1)))
            return -1;
        memcpy(c->text, t->text, t->text_len);
        c->text[t->text_len] = '\0';
        c->text_len = t->text_len;
    }

    if (t->n_files > 0) {
        if (!(c->files = calloc((size_t)t->n_files, sizeof *c->files)))
            return -1;
        c->n_files = t->n_files;
        for (int i = 0; i < t->n_files; i++)
            if (topo_dup_str(&c->files[i], t->files[i]))
                return -1;
    }

    if (t->n_sources > 0) {
        if (!(c->sources = calloc((size_t)t->n_sources, sizeof *c->sources)))
            return -1;
        c->n_sources = t->n_sources;
        for (int i = 0; i < t->n_sources; i++) {
            const topo_source *s = &t->sources[i];
            topo_source *d = &c->sources[i];
            d->from = s->from;
            d->same = s->same;
            d->len = s->len;
            if (topo_dup_str(&d->written, s->written) || topo_dup_str(&d->path, s->path) ||
                topo_dup_str(&d->resolved, s->resolved))
                return -1;
            if (s->text) {
                if (!(d->text = malloc(s->len + 1)))
                    return -1;
                memcpy(d->text, s->text, s->len + 1);
            }
        }
    }

    int fail;
    c->laws = topo_dup_entries(t, c, t->laws, t->n_laws, &law_layout, &c->n_laws, &fail);
    if (fail)
        return -1;

    if (t->n_hosts > 0) {
        if (!(c->hosts = calloc((size_t)t->n_hosts, sizeof *c->hosts)))
            return -1;
        c->n_hosts = t->n_hosts;
        for (int i = 0; i < t->n_hosts; i++) {
            const topo_host *h = &t->hosts[i];
            c->hosts[i].law = h->law;
            c->hosts[i].n_needs = h->n_needs;
            c->hosts[i].pos = topo_dup_pos(t, c, h->pos);
            if (topo_dup_str(&c->hosts[i].name, h->name) ||
                dup_ints(&c->hosts[i].needs, h->needs, h->n_needs))
                return -1;
        }
        if (dup_ints(&c->host_order, t->host_order, t->n_hosts))
            return -1;
    }

    if (t->n_services > 0) {
        if (!(c->services = calloc((size_t)t->n_services, sizeof *c->services)))
            return -1;
        c->n_services = t->n_services;
        for (int i = 0; i < t->n_services; i++) {
            const topo_service *s = &t->services[i];
            topo_service *o = &c->services[i];
            *o = *s;
            o->name = NULL;
            o->hosts = NULL;
            o->needs = NULL;
            o->needs_local = NULL;
            o->pos = topo_dup_pos(t, c, s->pos);
            if (topo_dup_str(&o->name, s->name) || dup_ints(&o->hosts, s->hosts, s->n_hosts) ||
                dup_ints(&o->needs, s->needs, s->n_needs) ||
                dup_ints(&o->needs_local, s->needs_local, s->n_needs_local))
                return -1;
        }
        if (dup_ints(&c->service_order, t->service_order, t->n_services))
            return -1;
    }

    if (t->n_members > 0) {
        if (!(c->members = malloc((size_t)t->n_members * sizeof *c->members)))
            return -1;
        memcpy(c->members, t->members, (size_t)t->n_members * sizeof *c->members);
        for (int i = 0; i < t->n_members; i++)
            c->members[i].local_needs = NULL; /* the copy's own, below */
        c->n_members = t->n_members;
        for (int i = 0; i < t->n_members; i++)
            if (dup_ints(&c->members[i].local_needs, t->members[i].local_needs,
                         t->members[i].n_local_needs))
                return -1;
    }

    if (copy_view(t, c, &t->system, &c->system))
        return -1;
    c->maint = topo_dup_entries(t, c, t->maint, t->n_maint, &maint_layout, &c->n_maint, &fail);
    if (fail)
        return -1;
    c->ccfs = topo_dup_entries(t, c, t->ccfs, t->n_ccfs, &ccf_layout, &c->n_ccfs, &fail);
    if (fail)
        return -1;
    c->crews = topo_dup_entries(t, c, t->crews, t->n_crews, &crew_layout, &c->n_crews, &fail);
    if (fail)
        return -1;
    if (t->n_views > 0) {
        if (!(c->views = calloc((size_t)t->n_views, sizeof *c->views)))
            return -1;
        c->n_views = t->n_views;
        for (int i = 0; i < t->n_views; i++)
            if (copy_view(t, c, &t->views[i], &c->views[i]))
                return -1;
    }
    return 0;
}

int topo_copy(const topology *t, topology **out)
{
    topology *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c)
        return TOPO_ENOMEM;
    if (copy_into(t, c)) {
        topo_free(c);
        return TOPO_ENOMEM;
    }
    *out = c;
    return TOPO_OK;
}

int topo_scale_law(const topology *t, int law, double fail_factor,
                   double repair_factor, topology **out)
{
    topology *c;
    int rc;
    *out = NULL;
    if (law < 0 || law >= t->n_laws || !(fail_factor > 0) || !isfinite(fail_factor) ||
        !(repair_factor > 0) || !isfinite(repair_factor))
        return TOPO_EINVALID;
    if ((rc = topo_copy(t, &c)))
        return rc;
    law_dist_scale(&c->laws[law].fail, fail_factor);
    law_dist_scale(&c->laws[law].repair, repair_factor);
    *out = c;
    return TOPO_OK;
}
