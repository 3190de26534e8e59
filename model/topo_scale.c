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
#include <stdlib.h>
#include <string.h>

#include "analytic_int.h"

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

static int dup_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    size_t n = strlen(src) + 1;
    if (!(*dst = malloc(n)))
        return -1;
    memcpy(*dst, src, n);
    return 0;
}

static int dup_ints(int **dst, const int *src, int n)
{
    *dst = NULL;
    if (!src || n <= 0)
        return 0;
    if (!(*dst = malloc((size_t)n * sizeof **dst)))
        return -1;
    memcpy(*dst, src, (size_t)n * sizeof **dst);
    return 0;
}

/* The copy's own file name for a position taken from t (same index in files). */
static topo_pos map_pos(const topology *t, const topology *c, topo_pos p)
{
    const char *f = p.file;
    p.file = NULL;
    if (!f)
        return p;
    for (int i = 0; i < t->n_files; i++)
        if (t->files[i] == f) {
            p.file = c->files[i];
            return p;
        }
    for (int i = 0; i < t->n_files; i++) /* not the same pointer: match by text */
        if (t->files[i] && !strcmp(t->files[i], f)) {
            p.file = c->files[i];
            return p;
        }
    return p;
}

static int dup_units(topo_unit **dst, const topo_unit *src, int n)
{
    *dst = NULL;
    if (!src || n <= 0)
        return 0;
    if (!(*dst = malloc((size_t)n * sizeof **dst)))
        return -1;
    memcpy(*dst, src, (size_t)n * sizeof **dst);
    return 0;
}

static int copy_view(const topology *t, const topology *c, const topo_view *v, topo_view *o)
{
    o->n_services = v->n_services;
    o->need_fraction = v->need_fraction;
    o->need_members = v->need_members;
    o->pos = map_pos(t, c, v->pos);
    if (dup_str(&o->name, v->name) || dup_ints(&o->services, v->services, v->n_services))
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
    if (dup_str(&c->path, t->path) || dup_str(&c->name, t->name) ||
        dup_str(&c->description, t->description) || dup_str(&c->reference, t->reference) ||
        dup_str(&c->overrides, t->overrides))
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
            if (dup_str(&c->files[i], t->files[i]))
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
            if (dup_str(&d->written, s->written) || dup_str(&d->path, s->path) ||
                dup_str(&d->resolved, s->resolved))
                return -1;
            if (s->text) {
                if (!(d->text = malloc(s->len + 1)))
                    return -1;
                memcpy(d->text, s->text, s->len + 1);
            }
        }
    }

    if (t->n_laws > 0) {
        if (!(c->laws = calloc((size_t)t->n_laws, sizeof *c->laws)))
            return -1;
        c->n_laws = t->n_laws;
        for (int i = 0; i < t->n_laws; i++) {
            c->laws[i] = t->laws[i];
            c->laws[i].name = NULL;
            c->laws[i].pos = map_pos(t, c, t->laws[i].pos);
            if (dup_str(&c->laws[i].name, t->laws[i].name))
                return -1;
        }
    }

    if (t->n_hosts > 0) {
        if (!(c->hosts = calloc((size_t)t->n_hosts, sizeof *c->hosts)))
            return -1;
        c->n_hosts = t->n_hosts;
        for (int i = 0; i < t->n_hosts; i++) {
            const topo_host *h = &t->hosts[i];
            c->hosts[i].law = h->law;
            c->hosts[i].n_needs = h->n_needs;
            c->hosts[i].pos = map_pos(t, c, h->pos);
            if (dup_str(&c->hosts[i].name, h->name) ||
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
            o->pos = map_pos(t, c, s->pos);
            if (dup_str(&o->name, s->name) || dup_ints(&o->hosts, s->hosts, s->n_hosts) ||
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
    if (t->n_maint > 0) {
        if (!(c->maint = calloc((size_t)t->n_maint, sizeof *c->maint)))
            return -1;
        c->n_maint = t->n_maint;
        for (int i = 0; i < t->n_maint; i++) {
            topo_maint *o = &c->maint[i];
            *o = t->maint[i];
            o->name = NULL;
            o->units = NULL;
            o->pos = map_pos(t, c, t->maint[i].pos);
            if (dup_str(&o->name, t->maint[i].name) ||
                dup_units(&o->units, t->maint[i].units, t->maint[i].n_units))
                return -1;
        }
    }
    if (t->n_ccfs > 0) {
        if (!(c->ccfs = calloc((size_t)t->n_ccfs, sizeof *c->ccfs)))
            return -1;
        c->n_ccfs = t->n_ccfs;
        for (int i = 0; i < t->n_ccfs; i++) {
            topo_ccf *o = &c->ccfs[i];
            *o = t->ccfs[i];
            o->name = NULL;
            o->units = NULL;
            o->pos = map_pos(t, c, t->ccfs[i].pos);
            if (dup_str(&o->name, t->ccfs[i].name) ||
                dup_units(&o->units, t->ccfs[i].units, t->ccfs[i].n_units))
                return -1;
        }
    }
    if (t->n_crews > 0) {
        if (!(c->crews = calloc((size_t)t->n_crews, sizeof *c->crews)))
            return -1;
        c->n_crews = t->n_crews;
        for (int i = 0; i < t->n_crews; i++) {
            c->crews[i] = t->crews[i];
            c->crews[i].name = NULL;
            c->crews[i].pos = map_pos(t, c, t->crews[i].pos);
            if (dup_str(&c->crews[i].name, t->crews[i].name))
                return -1;
        }
    }
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
