/* model/topo_laws.c — laws as written in topology files, to law_dist in
 * canonical parameters (topology.h), with every error located.
 *
 *   fail: 3y                                exponential, mean 3 y
 *   {dist: exponential, mean: D} | {afr: R} exponential (mean 1 y / -ln(1 - R))
 *   {dist: weibull, shape: k, mean: D}      scale = mean / Gamma(1 + 1/k)
 *   {dist: weibull, shape: k, scale: D}
 *   {dist: lognormal, mean: D, sd: D}       sigma^2 = ln(1 + sd^2/mean^2),
 *                                           mu = ln(mean) - sigma^2/2
 *   {dist: lognormal, median: D, sigma: s}  mu = ln(median)
 *   {dist: gamma, shape: k, mean: D}        scale = mean / k
 *   {dist: fixed, value: D}
 *   {dist: uniform, min: D, max: D}
 * Where a delay is expected (rejoin, bootstrap, failover.time, switchover.time,
 * resync, a maintenance's duration and recovery, replication.lag,
 * failover.split-brain-detect and -recovery) a bare duration is a fixed
 * law and zero is allowed ("none"). A law's `detect` reads like its repair (a
 * bare duration is an exponential mean), 0 allowed: none (fixed 0).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_sf_gamma.h>

#include "model_int.h"

static const char *const dist_names[] = {"exponential", "weibull", "lognormal",
                                         "gamma", "fixed", "uniform"};

/* "nan", ".inf", "-Inf"...: YAML spellings of non-finite numbers. */
static int looks_non_finite(const char *s)
{
    while (*s == '+' || *s == '-' || *s == '.')
        s++;
    return !strncasecmp(s, "nan", 3) || !strncasecmp(s, "inf", 3);
}

int topo_load_duration(loader *L, ynode *n, const char *path, int min_zero, double max, double *out)
{
    const char *s = topo_load_scalar(L, n, path, "a duration such as 30m");
    char why[64], lim[32];
    double h;
    if (!s)
        return -1;
    n = topo_yaml_deref(n);
    if (looks_non_finite(s)) {
        topo_load_err(L, n, "duration '%s' in %s is not a finite number (expected a number and one of ms s m h d w y, e.g. 30m)",
                      s, path);
        return -1;
    }
    if (units_parse_duration(s, &h, why, sizeof why)) {
        if (!strcmp(why, "no unit"))
            topo_load_err(L, n, "duration '%s' has no unit (expected a number and one of ms s m h d w y, e.g. 30m)", s);
        else if (!strcmp(why, "negative"))
            topo_load_err(L, n, "negative duration '%s' in %s (expected %s)", s, path,
                          min_zero ? "0 or more" : "more than 0");
        else if (!strcmp(why, "unknown unit"))
            topo_load_err(L, n, "duration '%s' in %s has an unknown unit (expected one of ms s m h d w y)", s, path);
        else if (!strcmp(why, "not finite"))
            topo_load_err(L, n, "duration '%s' in %s is not a finite number (expected a number and one of ms s m h d w y, e.g. 30m)",
                          s, path);
        else
            topo_load_err(L, n, "bad duration '%s' in %s (expected a number and one of ms s m h d w y, e.g. 30m)", s, path);
        return -1;
    }
    if (!min_zero && h == 0) {
        topo_load_err(L, n, "zero duration '%s' in %s (expected more than 0)", s, path);
        return -1;
    }
    if (h > max) {
        topo_load_err(L, n, "duration '%s' in %s is absurd (expected at most %s)", s, path,
                      units_format_duration(max, lim, sizeof lim));
        return -1;
    }
    *out = h;
    return 0;
}

/* A plain number in (lo, hi] (lo_open) or [lo, hi]. */
static int topo_load_number(loader *L, ynode *n, const char *path, double lo, double hi, double *out)
{
    const char *s = topo_load_scalar(L, n, path, "a number");
    char *end;
    if (!s)
        return -1;
    n = topo_yaml_deref(n);
    if (looks_non_finite(s)) {
        topo_load_err(L, n, "'%s' in %s is not a finite number (expected a number more than 0)", s, path);
        return -1;
    }
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == s || *end) {
        topo_load_err(L, n, "'%s' in %s is not a number (expected a plain number such as 0.8)", s, path);
        return -1;
    }
    if (!isfinite(v)) {
        topo_load_err(L, n, "'%s' in %s is not a finite number (expected a number more than 0)", s, path);
        return -1;
    }
    if (v <= 0) {
        topo_load_err(L, n, "%s must be more than 0 (got %s)", path, s);
        return -1;
    }
    if (v < lo || v > hi) {
        topo_load_err(L, n, "%s %s is absurd (expected between %g and %g)", path, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int has(ynode *m, const char *key)
{
    return topo_yaml_map_get(m, key, NULL) != NULL;
}

int topo_load_dist(loader *L, ynode *n, const char *path, int exp_short, int delay, law_dist *out)
{
    static const char *const keys[] = {"dist", "mean", "shape", "scale", "sd", "median",
                                       "sigma", "value", "min", "max", "afr"};
    char p[512], sugg[128];
    ynode *m = topo_yaml_deref(n);
    double maxd = TOPO_MAX_DURATION;
    if (!m)
        return -1;
    if (m->type == Y_SCALAR) {
        double h;
        if (topo_load_duration(L, m, path, delay, maxd, &h))
            return -1;
        out->kind = exp_short ? LAW_EXPONENTIAL : LAW_FIXED;
        out->a = h;
        out->b = 0;
        return 0;
    }
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "%s is a list (expected a duration such as 30m or a law such as {dist: exponential, mean: 2m})", path);
        return -1;
    }
    if (topo_load_check_keys(L, m, path, keys, (int)(sizeof keys / sizeof keys[0])))
        return -1;
    int before = L->errs->n;
    ynode *dk = NULL, *dv = topo_yaml_map_get(m, "dist", &dk);
    law_kind kind;
    if (!dv) {
        if (has(m, "afr"))
            kind = LAW_EXPONENTIAL;
        else {
            topo_load_err(L, m, "missing 'dist' in %s (expected one of exponential, weibull, lognormal, gamma, fixed, uniform)", path);
            return -1;
        }
    } else {
        snprintf(p, sizeof p, "%s.dist", path);
        const char *d = topo_load_scalar(L, dv, p, "a distribution name");
        int k = -1;
        if (!d)
            return -1;
        for (int i = 0; i < 6; i++)
            if (!strcmp(d, dist_names[i]))
                k = i;
        if (k < 0) {
            if (topo_suggest(d, dist_names, 6))
                topo_load_err(L, topo_yaml_deref(dv), "unknown distribution '%s' in %s%s", d, path,
                              topo_suggest_text(d, dist_names, 6, sugg, sizeof sugg));
            else
                topo_load_err(L, topo_yaml_deref(dv), "unknown distribution '%s' in %s (expected exponential, weibull, lognormal, gamma, fixed or uniform)",
                              d, path);
            return -1;
        }
        kind = (law_kind)k;
    }
    /* which parameters this law takes */
    static const char *const params[] = {"mean", "shape", "scale", "sd", "median",
                                         "sigma", "value", "min", "max", "afr"};
    static const char *const allowed[6] = {
        "mean afr", "shape mean scale", "mean sd median sigma", "shape mean", "value", "min max"};
    static const char *const needs[6] = {
        "mean (or afr)", "shape and mean or scale", "mean and sd, or median and sigma",
        "shape and mean", "value", "min and max"};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        ynode *kn = NULL;
        if (!topo_yaml_map_get(m, params[i], &kn))
            continue;
        const char *al = allowed[kind];
        size_t pl = strlen(params[i]);
        int ok = 0;
        for (const char *q = al; (q = strstr(q, params[i])) != NULL; q += pl)
            if ((q == al || q[-1] == ' ') && (q[pl] == ' ' || q[pl] == '\0'))
                ok = 1;
        if (!ok)
            topo_load_err(L, kn, "'%s' does not apply to a %s law in %s (expected %s)", params[i],
                          law_kind_name(kind), path, needs[kind]);
    }
    if (L->errs->n > before)
        return -1;
#define GET(key) topo_yaml_map_get(m, key, NULL)
#define MISSING(what) \
    do { \
        topo_load_err(L, m, "missing %s in %s (a %s law needs %s)", what, path, law_kind_name(kind), needs[kind]); \
        return -1; \
    } while (0)
#define SUB(key) (snprintf(p, sizeof p, "%s.%s", path, key), p)
    double x, y;
    out->kind = kind;
    out->b = 0;
    switch (kind) {
    case LAW_EXPONENTIAL:
        if (GET("afr")) {
            char why[64];
            ynode *an = topo_yaml_deref(GET("afr"));
            const char *s = topo_load_scalar(L, an, SUB("afr"), "a ratio such as 2%");
            if (!s)
                return -1;
            if (GET("mean")) {
                topo_load_err(L, m, "both 'mean' and 'afr' in %s (expected one of them)", path);
                return -1;
            }
            if (looks_non_finite(s) || units_parse_ratio(s, &x, why, sizeof why)) {
                topo_load_err(L, an, "bad afr '%s' in %s (expected a ratio such as 2%% or 0.02)", s, path);
                return -1;
            }
            if (!(x > 0 && x < 1)) {
                topo_load_err(L, an, "afr '%s' in %s is outside (0, 1) (expected a yearly failure ratio such as 2%%)", s, path);
                return -1;
            }
            out->a = 8760.0 / -log1p(-x);
            if (out->a > maxd) {
                topo_load_err(L, an, "afr '%s' in %s is absurd (mean time to fail over 1000y)", s, path);
                return -1;
            }
            return 0;
        }
        if (!GET("mean"))
            MISSING("'mean'");
        if (topo_load_duration(L, GET("mean"), SUB("mean"), 0, maxd, &out->a))
            return -1;
        return 0;
    case LAW_WEIBULL:
    case LAW_GAMMA:
        if (!GET("shape"))
            MISSING("'shape'");
        if (kind == LAW_WEIBULL && GET("mean") && GET("scale")) {
            topo_load_err(L, m, "both 'mean' and 'scale' in %s (expected one of them)", path);
            return -1;
        }
        if (!GET("mean") && !(kind == LAW_WEIBULL && GET("scale")))
            MISSING(kind == LAW_WEIBULL ? "'mean' or 'scale'" : "'mean'");
        if (topo_load_number(L, GET("shape"), SUB("shape"), TOPO_MIN_SHAPE, TOPO_MAX_SHAPE, &out->a))
            return -1;
        if (GET("mean")) {
            if (topo_load_duration(L, GET("mean"), SUB("mean"), 0, maxd, &x))
                return -1;
            out->b = kind == LAW_WEIBULL ? x / gsl_sf_gamma(1.0 + 1.0 / out->a) : x / out->a;
        } else if (topo_load_duration(L, GET("scale"), SUB("scale"), 0, maxd, &out->b))
            return -1;
        return 0;
    case LAW_LOGNORMAL:
        if (GET("mean") || GET("sd")) {
            if (GET("median") || GET("sigma")) {
                topo_load_err(L, m, "both mean/sd and median/sigma in %s (expected one pair)", path);
                return -1;
            }
            if (!GET("mean"))
                MISSING("'mean'");
            if (!GET("sd"))
                MISSING("'sd'");
            if (topo_load_duration(L, GET("mean"), SUB("mean"), 0, maxd, &x) ||
                topo_load_duration(L, GET("sd"), SUB("sd"), 0, maxd, &y))
                return -1;
            double s2 = log1p((y / x) * (y / x));
            if (s2 > TOPO_MAX_SIGMA * TOPO_MAX_SIGMA) {
                topo_load_err(L, m, "sd of %s is absurd against its mean (expected sigma at most %g)", path, TOPO_MAX_SIGMA);
                return -1;
            }
            out->a = log(x) - 0.5 * s2;
            out->b = sqrt(s2);
            return 0;
        }
        if (!GET("median"))
            MISSING("'median'");
        if (!GET("sigma"))
            MISSING("'sigma'");
        if (topo_load_duration(L, GET("median"), SUB("median"), 0, maxd, &x) ||
            topo_load_number(L, GET("sigma"), SUB("sigma"), 1e-6, TOPO_MAX_SIGMA, &out->b))
            return -1;
        out->a = log(x);
        return 0;
    case LAW_FIXED:
        if (!GET("value"))
            MISSING("'value'");
        return topo_load_duration(L, GET("value"), SUB("value"), delay, maxd, &out->a);
    case LAW_UNIFORM:
        if (!GET("min"))
            MISSING("'min'");
        if (!GET("max"))
            MISSING("'max'");
        if (topo_load_duration(L, GET("min"), SUB("min"), 1, maxd, &out->a) ||
            topo_load_duration(L, GET("max"), SUB("max"), 0, maxd, &out->b))
            return -1;
        if (!(out->b > out->a)) {
            topo_load_err(L, topo_yaml_deref(GET("max")), "max of %s is not more than its min (expected min < max; use dist: fixed for one value)",
                          path);
            return -1;
        }
        return 0;
    }
#undef GET
#undef MISSING
#undef SUB
    return -1;
}

int topo_load_pair(loader *L, ynode *n, const char *path, law_dist *fail, law_dist *repair,
                   law_dist *detect, int *crew)
{
    static const char *const keys[] = {"fail", "repair", "detect", "crew"};
    char p[512];
    ynode *m = topo_yaml_deref(n);
    detect->kind = LAW_FIXED;
    detect->a = detect->b = 0;
    *crew = -1;
    if (!m)
        return -1;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "%s is not a law (expected a profile name or {fail: ..., repair: ...})", path);
        return -1;
    }
    if (topo_load_check_keys(L, m, path, keys, 4))
        return -1;
    ynode *f = topo_yaml_map_get(m, "fail", NULL), *r = topo_yaml_map_get(m, "repair", NULL);
    ynode *d = topo_yaml_map_get(m, "detect", NULL);
    int bad = 0;
    if (!f) {
        if (!topo_load_typo_of(m, "fail", keys, 4))
            topo_load_err(L, m, "missing 'fail' in %s (expected fail and repair)", path);
        bad = 1;
    }
    if (!r) {
        if (!topo_load_typo_of(m, "repair", keys, 4))
            topo_load_err(L, m, "missing 'repair' in %s (expected fail and repair)", path);
        bad = 1;
    }
    if (f) {
        snprintf(p, sizeof p, "%s.fail", path);
        bad |= topo_load_dist(L, f, p, 1, 0, fail) != 0;
    }
    if (r) {
        snprintf(p, sizeof p, "%s.repair", path);
        bad |= topo_load_dist(L, r, p, 1, 0, repair) != 0;
    }
    if (d) {
        /* like repair: a bare duration is an exponential mean; 0 means none */
        snprintf(p, sizeof p, "%s.detect", path);
        if (topo_load_dist(L, d, p, 1, 1, detect))
            bad = 1;
        else if (detect->kind == LAW_EXPONENTIAL && detect->a == 0)
            detect->kind = LAW_FIXED;
    }
    ynode *c = topo_yaml_map_get(m, "crew", NULL);
    if (c) {
        snprintf(p, sizeof p, "%s.crew", path);
        *crew = topo_load_crew_ref(L, c, p);
        bad |= *crew < 0;
    }
    return bad ? -1 : 0;
}

int topo_load_add_law(loader *L, const char *name, const law_dist *fail, const law_dist *repair,
                      const law_dist *detect, const ynode *at)
{
    topology *t = L->t;
    if (t->n_laws == L->cap_laws) {
        int cap = L->cap_laws ? 2 * L->cap_laws : 8;
        topo_law *p = realloc(t->laws, (size_t)cap * sizeof *p);
        if (!p) {
            L->nomem = 1;
            return -1;
        }
        t->laws = p;
        L->cap_laws = cap;
    }
    topo_law *l = &t->laws[t->n_laws];
    memset(l, 0, sizeof *l);
    if (!(l->name = topo_load_strdup(L, name)))
        return -1;
    l->fail = *fail;
    l->repair = *repair;
    l->detect = *detect;
    l->crew = -1;
    if (at) {
        l->pos.file = at->file;
        l->pos.line = at->line;
        l->pos.col = at->col;
    }
    return t->n_laws++;
}

int topo_load_law_ref(loader *L, ynode *n, const char *path)
{
    ynode *v = topo_yaml_deref(n);
    if (!v)
        return -2;
    if (v->type == Y_SCALAR) {
        const char *cands[512];
        char sugg[160];
        int nc = 0;
        int i = topo_names_find(&L->profile_ix, v->text);
        if (i >= 0) {
            profile_def *p = &L->profiles[i];
            if (!p->ok)
                return -2;
            if (p->law < 0)
                p->law = topo_load_add_law(L, p->name, &p->fail, &p->repair, &p->detect, p->key);
            if (p->law >= 0)
                L->t->laws[p->law].crew = p->crew;
            return p->law < 0 ? -2 : p->law;
        }
        for (i = 0; i < L->n_profiles && nc < 512 && L->errs && L->errs->n < TOPO_SUGGEST_ERRORS; i++)
            cands[nc++] = L->profiles[i].name;
        if (L->quiet_profiles)
            L->failed = 1;
        else if (!*v->text)
            topo_load_err(L, v, "empty %s (expected a profile name or {fail: ..., repair: ...})", path);
        else if (L->n_profiles == 0)
            topo_load_err(L, v, "unknown profile '%s' in %s (no profiles are defined: add it under "
                         "'profiles:', include a file that has it, or write the law here, "
                         "{fail: ..., repair: ...})", v->text, path);
        else
            topo_load_err(L, v, "unknown profile '%s' in %s%s", v->text, path,
                          topo_suggest_text(v->text, cands, nc, sugg, sizeof sugg));
        return -2;
    }
    law_dist f, r, d;
    int crew;
    if (topo_load_pair(L, v, path, &f, &r, &d, &crew))
        return -2;
    int i = topo_load_add_law(L, path, &f, &r, &d, v);
    if (i >= 0)
        L->t->laws[i].crew = crew;
    return i < 0 ? -2 : i;
}
