/* model/topo_maintenance.c — the `maintenance` section: planned work,
 * repeated (docs/semantics.md, "Maintenance"). Each entry's targets become
 * units (topo_unit: a host, or each member of a service in its `hosts`
 * order); `every` and `duration` are required, `rolling` defaults to true,
 * `start` to absent (-1: uniform per trial), `error` to 0 and `recovery` to
 * none (fixed 0).
 *
 * DESIGN: `duration` and `recovery` are delays: a bare duration is a fixed
 * law, as for failover.time. `recovery` without `error` is an error (it
 * would never be used), while `error: 0` with a recovery is accepted, so that
 * a sweep over error may pass through 0. A window must fit in its period:
 * the mean duration (times the number of units when rolling) must be shorter
 * than `every`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static const char *const keys[] = {"targets", "every", "duration", "rolling",
                                   "start", "error", "recovery"};
#define N_KEYS ((int)(sizeof keys / sizeof keys[0]))

/* A required key: NULL after saying it is missing (unless a typo of it is
 * reported already). */
static ynode *required(loader *L, ynode *k, ynode *v, const char *key, const char *path,
                       const char *expected)
{
    ynode *x = topo_yaml_map_get(v, key, NULL);
    if (!x && !topo_load_typo_of(v, key, keys, N_KEYS))
        topo_load_err(L, k, "missing '%s' in %s (expected %s)", key, path, expected);
    return x;
}

static void one_entry(loader *L, topo_maint *mt, ynode *k, ynode *v)
{
    char path[512], p[600], a[32], b[32];
    snprintf(path, sizeof path, "maintenance.%s", k->text);
    mt->rolling = 1;
    mt->start = -1;
    mt->duration.kind = mt->recovery.kind = LAW_FIXED;
    if (!v || v->type != Y_MAP) {
        topo_load_err(L, v ? v : k, "%s is %s (expected {targets: [...], every: 30d, duration: 1h})", path,
                      topo_load_is_null(v) ? "empty" : topo_load_type_name(v));
        return;
    }
    topo_load_check_keys(L, v, path, keys, N_KEYS);

    ynode *tv = required(L, k, v, "targets", path, "a list of hosts and services");
    ynode *ev = required(L, k, v, "every", path, "the time between windows, e.g. every: 30d");
    ynode *dv = required(L, k, v, "duration", path, "a duration such as 1h or a law");
    int ok_every = 0, ok_duration = 0;
    if (tv) {
        load_target *tg = NULL;
        int n = 0;
        topo_load_entry_targets(L, tv, path, &tg, &n, &mt->units, &mt->n_units);
        free(tg);
    }
    if (ev) {
        snprintf(p, sizeof p, "%s.every", path);
        ok_every = !topo_load_duration(L, ev, p, 0, TOPO_MAX_DURATION, &mt->every);
    }
    if (dv) {
        snprintf(p, sizeof p, "%s.duration", path);
        ok_duration = !topo_load_dist(L, dv, p, 0, 0, &mt->duration);
    }
    ynode *rv = topo_yaml_map_get(v, "rolling", NULL);
    if (rv) {
        snprintf(p, sizeof p, "%s.rolling", path);
        const char *s = topo_load_scalar(L, rv, p, "true or false");
        if (s && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")))
            mt->rolling = 0;
        else if (s && strcmp(s, "true") && strcmp(s, "True") && strcmp(s, "TRUE"))
            topo_load_err(L, topo_yaml_deref(rv), "rolling '%s' in %s is not true or false (expected true: one "
                                                  "target after another, or false: all at once)", s, path);
    }
    ynode *sv = topo_yaml_map_get(v, "start", NULL);
    if (sv) {
        snprintf(p, sizeof p, "%s.start", path);
        topo_load_duration(L, sv, p, 1, TOPO_MAX_DURATION, &mt->start);
    }
    ynode *errk = NULL, *errv = topo_yaml_map_get(v, "error", &errk);
    if (errv) {
        snprintf(p, sizeof p, "%s.error", path);
        topo_load_ratio(L, errv, "error", p, 0, "2% or 0.02", &mt->error);
    }
    ynode *reck = NULL, *recv = topo_yaml_map_get(v, "recovery", &reck);
    if (recv && !errv) {
        topo_load_err(L, reck, "'recovery' in %s without 'error' would never be used (add error: the chance "
                               "that the work goes wrong, e.g. error: 2%%)", path);
    } else if (recv) {
        snprintf(p, sizeof p, "%s.recovery", path);
        topo_load_dist(L, recv, p, 0, 1, &mt->recovery);
    } else if (mt->error > 0) {
        topo_load_err(L, errk, "missing 'recovery' in %s (error '%s' needs the extra downtime when the work "
                               "goes wrong, e.g. recovery: 2h)", path, topo_yaml_deref(errv)->text);
    }

    /* a window must fit in its period */
    if (!ok_every || !ok_duration)
        return;
    double d = law_mean(&mt->duration);
    ynode *en = topo_yaml_deref(ev);
    units_format_duration(d, b, sizeof b);
    if (d >= mt->every) {
        if (mt->duration.kind == LAW_FIXED)
            topo_load_err(L, en, "every '%s' in %s is not longer than its duration '%s' (expected every "
                                 "longer than one unit's work)", en->text, path, b);
        else
            topo_load_err(L, en, "every '%s' in %s is not longer than its duration (mean %s) (expected every "
                                 "longer than one unit's work)", en->text, path, b);
    } else if (mt->rolling && mt->n_units > 1 && mt->n_units * d >= mt->every) {
        units_format_duration(mt->n_units * d, a, sizeof a);
        topo_load_err(L, en, "a rolling window of %d targets lasts about %s, as long as every '%s' in %s "
                             "(expected every longer than %d x %s, or rolling: false)",
                      mt->n_units, a, en->text, path, mt->n_units, b);
    }
}

void topo_load_maintenance(loader *L, ynode *maint)
{
    topology *t = L->t;
    ynode *m = topo_load_section(L, maint, "maintenance",
                                 "patching: {targets: [ctl1, ctl2], every: 30d, duration: 1h}");
    if (!m)
        return;
    int n = m->n / 2;
    t->maint = calloc((size_t)(n ? n : 1), sizeof *t->maint);
    if (!t->maint) {
        L->nomem = 1;
        return;
    }
    name_index seen = {0};
    for (int i = 0; i < n && !L->nomem; i++) {
        ynode *k = topo_load_entry_key(L, m, i, &seen);
        if (!k)
            continue;
        topo_maint *mt = &t->maint[t->n_maint];
        if (!(mt->name = topo_load_strdup(L, k->text)))
            break;
        mt->pos = topo_load_pos_of(k);
        t->n_maint++;
        one_entry(L, mt, k, topo_yaml_deref(m->kids[2 * i + 1]));
    }
    topo_names_release(&seen);
}
