/* model/topo_common_cause.c — the `common-cause` section (docs/semantics.md,
 * "Common causes"): each entry is one more part, whose targets (hosts, or
 * each member of a service) are down while it is down. Its law is either
 * given (`law`: a profile's name or an inline {fail, repair, detect}, named
 * "common-cause.NAME" when inline) or made from a beta factor.
 *
 * DESIGN, beta: every target must have a part (a host's profile, a service's
 * instance) failing by the same exponential law (mean m) with the same
 * repair and detect laws. The loader adds two laws: "common-cause.NAME"
 * (the cause: fail exponential mean m/b) and "common-cause.NAME.targets"
 * (fail exponential mean m/(1-b)), both with the targets' repair and detect;
 * the targets' parts take the second (host->law, service->instance), so
 * other users of the same profile keep theirs. A part may be in one beta
 * group only: its law would otherwise be split twice.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static const char *const keys[] = {"targets", "law", "beta"};
#define N_KEYS ((int)(sizeof keys / sizeof keys[0]))

static int same_dist(const law_dist *x, const law_dist *y)
{
    return x->kind == y->kind && fabs(x->a - y->a) <= 1e-12 * fabs(x->a) &&
           fabs(x->b - y->b) <= 1e-12 * fabs(x->b);
}

static const char *describe(const law_dist *d, char *buf, size_t n)
{
    if (d->kind == LAW_FIXED && d->a == 0)
        return snprintf(buf, n, "none"), buf;
    return law_describe(d, buf, n);
}

static const char *target_name(const topology *t, const load_target *g)
{
    return g->host >= 0 ? t->hosts[g->host].name : t->services[g->service].name;
}

/* The law of a target's part (-1: none). */
static int part_law(const topology *t, const load_target *g)
{
    return g->host >= 0 ? t->hosts[g->host].law : t->services[g->service].instance;
}

/* Checks a beta group's targets; returns the law they share, or -1 after an
 * error. group_host/group_service: the beta group (index + 1) each part is
 * in already. */
static int beta_law(loader *L, const char *path, const load_target *tg, int n,
                    const int *group_host, const int *group_service)
{
    const topology *t = L->t;
    char x[96], y[96];
    int first = -1, ok = 1;
    for (int i = 0; i < n; i++) {
        const load_target *g = &tg[i];
        const char *what = g->host >= 0 ? "host" : "service";
        int in = g->host >= 0 ? group_host[g->host] : group_service[g->service];
        int law = part_law(t, g);
        if (in) {
            topo_load_err(L, g->at, "%s '%s' in %s is already in the beta group 'common-cause.%s' "
                                    "(expected each part in one beta group at most)",
                          what, target_name(t, g), path, t->ccfs[in - 1].name);
            ok = 0;
            continue;
        }
        if (law == -2) { /* its law is wrong: said already */
            ok = 0;
            continue;
        }
        if (law < 0) {
            topo_load_err(L, g->at, "%s '%s' in %s has no %s, so it never fails (beta needs every "
                                    "target to fail by the same exponential law; use law: instead)",
                          what, target_name(t, g), path, g->host >= 0 ? "profile" : "instance");
            ok = 0;
            continue;
        }
        const topo_law *l = &t->laws[law];
        if (!law_is_exponential(&l->fail)) {
            topo_load_err(L, g->at, "%s '%s' in %s fails by %s (beta needs an exponential fail law on "
                                    "every target; use law: instead)",
                          what, target_name(t, g), path, law_describe(&l->fail, x, sizeof x));
            ok = 0;
            continue;
        }
        if (first < 0) {
            first = i;
            continue;
        }
        const topo_law *f = &t->laws[part_law(t, &tg[first])];
        static const char *const fields[] = {"fails by", "is repaired by", "detects by"};
        static const char *const names[] = {"fail", "repair", "detect"};
        const law_dist *mine[] = {&l->fail, &l->repair, &l->detect};
        const law_dist *theirs[] = {&f->fail, &f->repair, &f->detect};
        for (int j = 0; j < 3; j++) {
            if (same_dist(mine[j], theirs[j]))
                continue;
            topo_load_err(L, g->at, "%s '%s' in %s %s %s, '%s' %s %s (beta needs the same %s law "
                                    "on every target)",
                          what, target_name(t, g), path, fields[j], describe(mine[j], x, sizeof x),
                          target_name(t, &tg[first]), fields[j], describe(theirs[j], y, sizeof y),
                          names[j]);
            ok = 0;
            break;
        }
    }
    return ok && first >= 0 ? part_law(t, &tg[first]) : -1;
}

static void one_entry(loader *L, topo_ccf *c, ynode *k, ynode *v, int *group_host,
                      int *group_service)
{
    topology *t = L->t;
    char path[512], p[600], name[600];
    snprintf(path, sizeof path, "common-cause.%s", k->text);
    c->law = -1;
    c->beta = -1;
    if (!v || v->type != Y_MAP) {
        topo_load_err(L, v ? v : k, "%s is %s (expected {targets: [...], law: {fail: ..., repair: ...}} "
                                    "or {targets: [...], beta: 5%%})",
                      path, topo_load_is_null(v) ? "empty" : topo_load_type_name(v));
        return;
    }
    topo_load_check_keys(L, v, path, keys, N_KEYS);
    ynode *tv = topo_yaml_map_get(v, "targets", NULL);
    ynode *lk = NULL, *lv = topo_yaml_map_get(v, "law", &lk);
    ynode *bk = NULL, *bv = topo_yaml_map_get(v, "beta", &bk);
    load_target *tg = NULL;
    int n = 0, ok_targets = 0;
    if (!tv) {
        if (!topo_load_typo_of(v, "targets", keys, N_KEYS))
            topo_load_err(L, k, "missing 'targets' in %s (expected a list of hosts and services)", path);
    } else {
        ok_targets = !topo_load_entry_targets(L, tv, path, &tg, &n, &c->units, &c->n_units);
    }
    if (lv && bv) {
        topo_load_err(L, bk, "both 'law' and 'beta' in %s (expected one of them: the cause's own law, "
                             "or a beta factor of the targets' law)", path);
    } else if (lv) {
        snprintf(p, sizeof p, "%s.law", path);
        int before = t->n_laws;
        int law = topo_load_law_ref(L, lv, p);
        if (law >= 0 && law >= before && topo_yaml_deref(lv)->type == Y_MAP) {
            /* an inline law: named after the cause */
            char *s = topo_load_strdup(L, path);
            if (s) {
                free(t->laws[law].name);
                t->laws[law].name = s;
            }
        }
        c->law = law >= 0 ? law : -1;
    } else if (bv) {
        double b;
        snprintf(p, sizeof p, "%s.beta", path);
        if (!topo_load_ratio(L, bv, "beta", p, 1, "5% or 0.05", &b) && ok_targets) {
            snprintf(p, sizeof p, "%s.targets", path);
            int law = beta_law(L, p, tg, n, group_host, group_service);
            if (law >= 0) {
                const topo_law *l = &t->laws[law];
                law_dist fail = l->fail, repair = l->repair, detect = l->detect;
                double m = fail.a;
                fail.a = m / b;
                int cause = topo_load_add_law(L, path, &fail, &repair, &detect, k);
                fail.a = m / (1 - b);
                snprintf(name, sizeof name, "%s.targets", path);
                int own = cause < 0 ? -1 : topo_load_add_law(L, name, &fail, &repair, &detect, k);
                if (own >= 0) {
                    /* the cause is repaired like the targets: by their crew */
                    t->laws[cause].crew = t->laws[own].crew = t->laws[law].crew;
                    c->law = cause;
                    c->beta = b;
                    for (int i = 0; i < n; i++) {
                        if (tg[i].host >= 0) {
                            t->hosts[tg[i].host].law = own;
                            group_host[tg[i].host] = (int)(c - t->ccfs) + 1;
                        } else {
                            t->services[tg[i].service].instance = own;
                            group_service[tg[i].service] = (int)(c - t->ccfs) + 1;
                        }
                    }
                }
            }
        }
    } else if (!topo_load_typo_of(v, "law", keys, N_KEYS) && !topo_load_typo_of(v, "beta", keys, N_KEYS)) {
        topo_load_err(L, k, "missing 'law' or 'beta' in %s (expected law: {fail: ..., repair: ...} or a "
                            "profile's name, or beta: 5%%)", path);
    }
    free(tg);
}

void topo_load_common_cause(loader *L, ynode *ccf)
{
    topology *t = L->t;
    ynode *m = topo_load_section(L, ccf, "common-cause",
                                 "galera-bug: {targets: [mysql], law: {fail: 5y, repair: 30m}}");
    if (!m)
        return;
    int n = m->n / 2;
    name_index seen = {0};
    t->ccfs = calloc((size_t)(n ? n : 1), sizeof *t->ccfs);
    int *group_host = calloc((size_t)t->n_hosts + 1, sizeof *group_host);
    int *group_service = calloc((size_t)t->n_services + 1, sizeof *group_service);
    if (!t->ccfs || !group_host || !group_service) {
        L->nomem = 1;
        goto done;
    }
    for (int i = 0; i < n && !L->nomem; i++) {
        ynode *k = topo_load_entry_key(L, m, i, &seen);
        if (!k)
            continue;
        topo_ccf *c = &t->ccfs[t->n_ccfs];
        if (!(c->name = topo_load_strdup(L, k->text)))
            break;
        c->pos = topo_load_pos_of(k);
        c->law = -1;
        c->beta = -1;
        t->n_ccfs++;
        one_entry(L, c, k, topo_yaml_deref(m->kids[2 * i + 1]), group_host, group_service);
    }
done:
    topo_names_release(&seen);
    free(group_host);
    free(group_service);
}
