/* study/study_rank.c — sensitivity: what to improve first.
 *
 * For every law used by a part: Birnbaum and criticality importance from
 * the analytic solver, and the nines when its mean time to fail or to repair
 * is halved or doubled (exact through the solver when it and the base are
 * exact, else a simulated scaled copy with the caller's seed, so that the
 * differences are not noise). Ranking: by the gain in nines of the better
 * of doubling the time to fail and halving the time to repair; ties (within
 * 1e-9 nines) by criticality. A simulated gain below the noise of the base
 * run counts as no gain, so laws whose effect is lost in the noise are
 * ordered by criticality. See docs/sensitivity.md.
 *
 * Maintenance entries are ranked beside the laws: a row changes an entry's
 * `every` and `duration` (and one more its `error` and `recovery`) by the
 * same factors, on a changed deep copy of the topology (topo_copy), solved
 * or simulated like a law's change. A common cause's own law is a law of
 * the topology (named "common-cause.NAME" when it is the cause's own) and
 * is ranked as one.
 *
 * Fast mode (study_rank_options.top > 0, on a design the solver is not
 * exact on): the solver's approximation gives every row its importance (one
 * central difference instead of three) and its four changes, and ranks the
 * rows; the `top` first are then simulated, each change on change_trials
 * histories against the design run again on those same histories (common
 * random numbers: the difference is the change's effect, the base run's
 * noise mostly cancels), so that sensitivity costs a few runs, not 4 per
 * row. The other rows keep the solver's figures, their gain taken against
 * the solver's own figure for the design.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

static const double fail_factor[STUDY_N_CHANGES] = {0.5, 2, 1, 1};
static const double repair_factor[STUDY_N_CHANGES] = {1, 1, 0.5, 2};
/* what the progress bar and the JSON keys call each change, per row kind */
static const char *const change_name[6][STUDY_N_CHANGES] = {
    {"fail_half", "fail_double", "repair_half", "repair_double"},
    {"every_half", "every_double", "duration_half", "duration_double"},
    {"error_double", "error_half", "recovery_half", "recovery_double"},
    {"fail_half", "fail_double", "repair_half", "repair_double"},
    {"", "", "time_half", "time_double"},
    {"", "", "time_half", "time_double"}};

const char *study_change_name(study_row_kind kind, int c)
{
    if ((int)kind < 0 || kind > STUDY_ROW_SWITCHOVER || c < 0 || c >= STUDY_N_CHANGES)
        return "";
    return change_name[kind][c];
}

const char *study_source_name(study_source s)
{
    return s == STUDY_SRC_SOLVER      ? "solver"
           : s == STUDY_SRC_SIMULATED ? "simulation"
                                      : "solver-approximation";
}

long long study_change_trials(long long trials, int top)
{
    if (top < 1 || trials < 1)
        return trials;
    long long m = 3 * trials / (4 * (long long)top + 1);
    long long floor = trials < 1000 ? trials : 1000;
    return m < floor ? floor : m > trials ? trials : m;
}

void study_rows_free(study_law *rows, int n)
{
    for (int i = 0; rows && i < n; i++)
        free(rows[i].owned_name);
    free(rows);
}

double study_base_nines(const analytic_result *a, const mc_result *base)
{
    return a->system.exact ? units_nines(a->system.availability) : base->system.nines;
}

double study_noise(const mc_result *base)
{
    /* d nines = d A / ((1 - A) ln 10) */
    double u = 1 - base->system.availability;
    return u > 0 ? 2 * base->system.std_error / (u * log(10)) : 0;
}

/* A row's criticality for the order; rows without one (maintenance) last. */
static double crit_of(const study_law *r)
{
    return isnan(r->imp.criticality) ? -INFINITY : r->imp.criticality;
}

/* Laws and their roles first, then delays, then maintenance. */
static int kind_group(const study_law *r)
{
    return r->kind == STUDY_ROW_LAW || r->kind == STUDY_ROW_ROLE           ? 0
           : r->kind == STUDY_ROW_FAILOVER || r->kind == STUDY_ROW_SWITCHOVER ? 1
                                                                               : 2;
}

static int cmp_laws(const void *a, const void *b)
{
    const study_law *x = a, *y = b;
    if (fabs(x->rank_gain - y->rank_gain) > 1e-9)
        return x->rank_gain > y->rank_gain ? -1 : 1;
    if (crit_of(x) != crit_of(y))
        return crit_of(x) > crit_of(y) ? -1 : 1;
    /* laws first, by index, each before its roles; then delays by service;
       then maintenance in file order, an entry's every/duration row before
       its error row */
    if (kind_group(x) != kind_group(y))
        return kind_group(x) - kind_group(y);
    if (kind_group(x) == 0)
        return x->law != y->law ? x->law - y->law : x->role - y->role;
    if (kind_group(x) == 1)
        return x->service != y->service ? x->service - y->service
                                        : (int)x->kind - (int)y->kind;
    if (x->maint != y->maint)
        return x->maint - y->maint;
    return (int)x->kind - (int)y->kind;
}

/* One ranking's state: the caller's options, and in fast mode the
 * solver's figure for the design (the base of the approximate rows). */
typedef struct ranker {
    const study_rank_options *o;
    const study_fast_options *f; /* fast mode only */
    int fast;          /* top > 0 on a design the solver is not exact on */
    double sys;        /* fast: the solver's A_sys of the design */
    double sys_nines;  /* fast: its nines */
} ranker;

/* The importance of law `law` of t in fast mode: analytic_importance's
 * derivative from one central difference (step h/4, its smallest) rather
 * than three, and A_sys (sys) solved once for every row. The design is not
 * exact here, so neither is this figure. */
static int approx_importance(const topology *t, int law, double sys, law_importance *out)
{
    memset(out, 0, sizeof *out);
    out->parts = topo_law_parts(t, law);
    out->system = sys;
    out->exact = 0;
    const topo_law *l = &t->laws[law];
    double f = law_mean(&l->fail), r = law_mean(&l->repair);
    int det = law_mean(&l->detect) > 0;
    if (det)
        r += law_mean(&l->detect);
    double p0 = law_availability(l);
    out->availability = p0;
    if (!(r > 0) || !(f > 0) || !(p0 > 0) || !(p0 < 1)) {
        out->birnbaum = NAN;
        out->criticality = 0;
        return STUDY_OK;
    }
    double h = fmin(0.01, fmin(p0, 1 - p0) / 2) / 4, a[2];
    for (int k = 0; k < 2; k++) {
        double p = k ? p0 - h : p0 + h, s = f * (1 - p) / (p * r);
        topology *c = NULL;
        analytic_result *res = NULL;
        if (topo_scale_law(t, law, 1, s, &c))
            return STUDY_ENOMEM;
        if (det) /* the down time is detection and repair: both scaled */
            law_dist_scale(&c->laws[law].detect, s);
        int rc = analytic_solve(c, &res);
        topo_free(c);
        if (rc)
            return STUDY_ENOMEM;
        a[k] = res->system.availability;
        analytic_result_free(res);
    }
    out->birnbaum = (a[0] - a[1]) / (2 * h);
    out->criticality = sys < 1 ? out->birnbaum * (1 - p0) / (1 - sys) : 0;
    return STUDY_OK;
}

/* The importance of a law row: exact (analytic_importance) or, in fast
 * mode, the approximation above. */
static int row_importance(const topology *t, int law, const ranker *k, law_importance *imp)
{
    if (k->fast)
        return approx_importance(t, law, k->sys, imp);
    return analytic_importance(t, law, imp) ? STUDY_ENOMEM : STUDY_OK;
}

/* The nines of change c of law `law` of t (row's law, or its role's law on
 * a copy) into row->nines[c]. */
static int change_nines(const topology *t, int law, const ranker *k, study_law *row, int c)
{
    const study_rank_options *o = k->o;
    double a;
    int ex = 0;
    if (analytic_solve_scaled(t, law, fail_factor[c], repair_factor[c], &a, &ex))
        return STUDY_ENOMEM;
    if ((ex && o->base_exact) || k->fast) {
        row->nines[c] = units_nines(a);
        if (k->fast) /* simulated later if the row is among the top */
            row->source = STUDY_SRC_APPROX;
        return STUDY_OK;
    }
    /* not exact: simulate the scaled copy with the base run's seed */
    topology *copy = NULL;
    mc_result *r = NULL;
    char label[96];
    row->exact = 0;
    row->source = STUDY_SRC_SIMULATED;
    if (topo_scale_law(t, law, fail_factor[c], repair_factor[c], &copy))
        return STUDY_ENOMEM;
    snprintf(label, sizeof label, "%.40s %s", row->name, change_name[STUDY_ROW_LAW][c]);
    int st = o->simulate(o->simulate_ctx, copy, label, &r);
    if (!st)
        row->nines[c] = r->system.nines;
    mc_result_free(r);
    topo_free(copy);
    return st ? STUDY_ESIMULATE : STUDY_OK;
}

/* every, duration (first row) or error, recovery (second row) of each change */
static const double maint_first[STUDY_N_CHANGES] = {0.5, 2, 1, 1};
static const double maint_second[STUDY_N_CHANGES] = {1, 1, 0.5, 2};
static const double error_factor[STUDY_N_CHANGES] = {2, 0.5, 1, 1};

/* A deep copy of t with change c of row's maintenance entry or delay made. */
static int maint_copy(const topology *t, const study_law *row, int c, topology **out)
{
    if (topo_copy(t, out))
        return STUDY_ENOMEM;
    if (row->kind == STUDY_ROW_FAILOVER || row->kind == STUDY_ROW_SWITCHOVER) {
        topo_service *sv = &(*out)->services[row->service];
        law_dist_scale(row->kind == STUDY_ROW_FAILOVER ? &sv->failover_time
                                                       : &sv->switchover_time,
                       repair_factor[c]);
        return STUDY_OK;
    }
    topo_maint *m = &(*out)->maint[row->maint];
    if (row->kind == STUDY_ROW_MAINT) {
        m->every *= maint_first[c];
        law_dist_scale(&m->duration, maint_second[c]);
    } else {
        m->error = fmin(1, m->error * error_factor[c]);
        law_dist_scale(&m->recovery, maint_second[c]);
    }
    return STUDY_OK;
}

/* The nines of change c of a maintenance row into row->nines[c]: solved
 * where the solver is exact on the copy and on the base, else simulated. */
static int maint_change_nines(const topology *t, const ranker *k, study_law *row, int c)
{
    const study_rank_options *o = k->o;
    topology *copy = NULL;
    analytic_result *a = NULL;
    mc_result *r = NULL;
    char label[160];
    int st = maint_copy(t, row, c, &copy);
    if (st)
        return st;
    if (analytic_solve(copy, &a)) {
        topo_free(copy);
        return STUDY_ENOMEM;
    }
    if ((a->system.exact && o->base_exact) || k->fast) {
        row->nines[c] = units_nines(a->system.availability);
        if (k->fast)
            row->source = STUDY_SRC_APPROX;
    } else {
        row->exact = 0;
        row->source = STUDY_SRC_SIMULATED;
        snprintf(label, sizeof label, "%.60s %s", row->name, change_name[row->kind][c]);
        st = o->simulate(o->simulate_ctx, copy, label, &r) ? STUDY_ESIMULATE : STUDY_OK;
        if (!st)
            row->nines[c] = r->system.nines;
    }
    mc_result_free(r);
    analytic_result_free(a);
    topo_free(copy);
    return st;
}

/* Sets up a maintenance row (kind, entry m, "maintenance.NAME[.error]") and
 * its four changes. */
static int maint_row(const topology *t, const ranker *k, study_law *row, study_row_kind kind,
                     int m)
{
    const study_rank_options *o = k->o;
    const topo_maint *e = &t->maint[m];
    const char *suffix = kind == STUDY_ROW_MAINT_ERROR ? ".error" : "";
    size_t len = strlen("maintenance.") + strlen(e->name) + strlen(suffix) + 1;
    row->kind = kind;
    row->law = row->service = row->role = -1;
    row->maint = m;
    row->share = NAN;
    row->imp.parts = e->n_units;
    row->imp.availability = row->imp.system = NAN;
    row->imp.birnbaum = row->imp.criticality = NAN;
    row->exact = o->base_exact;
    row->imp.exact = o->base_exact;
    if (!(row->owned_name = malloc(len)))
        return STUDY_ENOMEM;
    snprintf(row->owned_name, len, "maintenance.%s%s", e->name, suffix);
    row->name = row->owned_name;
    for (int c = 0; c < STUDY_N_CHANGES; c++) {
        int rc = maint_change_nines(t, k, row, c);
        if (rc)
            return rc;
    }
    return STUDY_OK;
}

/* A delay row: service s's failover or switchover time halved and doubled
 * (its first two changes have no meaning: NAN). */
static int delay_row(const topology *t, const ranker *k, study_law *row, study_row_kind kind,
                     int s)
{
    const study_rank_options *o = k->o;
    const char *what = kind == STUDY_ROW_FAILOVER ? "failover" : "switchover";
    size_t len = strlen("services.") + strlen(t->services[s].name) + strlen(what) + 8;
    row->kind = kind;
    row->law = row->maint = row->role = -1;
    row->service = s;
    row->share = NAN;
    row->imp.parts = t->services[s].n_hosts;
    row->imp.availability = row->imp.system = NAN;
    row->imp.birnbaum = row->imp.criticality = NAN;
    row->exact = row->imp.exact = o->base_exact;
    if (!(row->owned_name = malloc(len)))
        return STUDY_ENOMEM;
    snprintf(row->owned_name, len, "services.%s.%s.time", t->services[s].name, what);
    row->name = row->owned_name;
    row->nines[STUDY_FAIL_HALF] = row->nines[STUDY_FAIL_DOUBLE] = NAN;
    for (int c = STUDY_REPAIR_HALF; c < STUDY_N_CHANGES; c++) {
        int rc = maint_change_nines(t, k, row, c);
        if (rc)
            return rc;
    }
    return STUDY_OK;
}

/* The rows of the roles of law row->law when its parts stand in more than
 * one place, into rows[*n..]; each measured on a copy where the role's
 * parts run a law of their own. */
static int role_rows(const topology *t, const ranker *k, const study_law *law_row,
                     study_law *rows, int *n)
{
    study_role *roles = NULL;
    int n_roles = 0, rc = study_roles_of(t, law_row->law, &roles, &n_roles);
    for (int i = 0; !rc && n_roles > 1 && i < n_roles; i++) {
        topology *c = NULL;
        int rl = -1;
        study_law *row = &rows[(*n)++]; /* counted now: freed on failure */
        row->kind = STUDY_ROW_ROLE;
        row->law = law_row->law;
        row->maint = row->service = -1;
        row->role = i;
        row->share = NAN;
        rc = study_role_copy(t, law_row->law, &roles[i], &c, &rl);
        row->owned_name = roles[i].name; /* the row's now */
        row->name = row->owned_name;
        roles[i].name = NULL;
        if (rc)
            break;
        rc = row_importance(c, rl, k, &row->imp);
        row->exact = row->imp.exact;
        for (int ch = 0; !rc && ch < STUDY_N_CHANGES; ch++)
            rc = change_nines(c, rl, k, row, ch);
        topo_free(c);
    }
    study_roles_free(roles, n_roles);
    return rc;
}

/* The gain of a row against the design's nines `base`, and the gain it
 * ranks by, a simulated one measured against `noise`. */
static void set_gain(study_law *row, double base, double noise)
{
    row->gain = fmax(row->nines[STUDY_FAIL_DOUBLE], row->nines[STUDY_REPAIR_HALF]) - base;
    /* the solver's figures carry no noise, exact or approximate */
    int sure = row->exact || row->source == STUDY_SRC_APPROX;
    /* a simulated gain smaller than the noise of the base run ranks as no
       gain: such rows are then ordered by criticality */
    row->rank_gain = sure || row->gain > noise ? row->gain : 0;
    /* and is no measurable effect either way (two standard errors) */
    row->measurable = sure || (noise > 0 && fabs(row->gain) >= noise);
}

/* The gain of a row just measured: an approximate row's against the
 * solver's own figure for the design, so that the solver's bias cancels. */
static void row_gain(study_law *row, const ranker *k)
{
    if (row->source == STUDY_SRC_APPROX)
        set_gain(row, k->sys_nines, 0);
    else
        set_gain(row, k->o->base_nines, k->o->noise);
}

/* A deep copy of t with change c of row made, whatever its kind. */
static int row_change_copy(const topology *t, const study_law *row, int c, topology **out)
{
    *out = NULL;
    if (row->kind == STUDY_ROW_LAW)
        return topo_scale_law(t, row->law, fail_factor[c], repair_factor[c], out)
                   ? STUDY_ENOMEM : STUDY_OK;
    if (row->kind != STUDY_ROW_ROLE)
        return maint_copy(t, row, c, out);
    study_role *roles = NULL;
    topology *rc_copy = NULL;
    int n_roles = 0, rl = -1, rc = study_roles_of(t, row->law, &roles, &n_roles);
    if (!rc && (row->role < 0 || row->role >= n_roles))
        rc = STUDY_ENOMEM; /* cannot happen: the roles are those of the row */
    if (!rc)
        rc = study_role_copy(t, row->law, &roles[row->role], &rc_copy, &rl);
    if (!rc && topo_scale_law(rc_copy, rl, fail_factor[c], repair_factor[c], out))
        rc = STUDY_ENOMEM;
    topo_free(rc_copy);
    study_roles_free(roles, n_roles);
    return rc;
}

/* Runs one simulation for the fast mode: `trials` histories through
 * simulate_trials, or the caller's simulate (the base run's) without it. */
static int simulate_n(const ranker *k, const topology *t, const char *label,
                      long long trials, double *nines, double *noise)
{
    const study_rank_options *o = k->o;
    mc_result *r = NULL;
    int st = k->f->simulate_trials
                 ? k->f->simulate_trials(o->simulate_ctx, t, label, trials, &r)
                 : o->simulate(o->simulate_ctx, t, label, &r);
    if (!st) {
        *nines = r->system.nines;
        if (noise)
            *noise = study_noise(r);
    }
    mc_result_free(r);
    return st ? STUDY_ESIMULATE : STUDY_OK;
}

static int cmp_row_ptrs(const void *a, const void *b)
{
    return cmp_laws(*(const study_law *const *)a, *(const study_law *const *)b);
}

/* Fast mode, second step: the o->top first rows by the solver's gain have
 * their changes simulated on m histories each, against the design simulated
 * on the same m histories: change c's nines are the design's plus the
 * difference of the two (common random numbers), its noise the m-history
 * run's two standard errors. */
static int simulate_top(const topology *t, const ranker *k, study_law *rows, int n,
                        int *stopped)
{
    const study_rank_options *o = k->o;
    const study_fast_options *f = k->f;
    study_law **ord = malloc(((size_t)n + 1) * sizeof *ord);
    if (!ord)
        return STUDY_ENOMEM;
    for (int i = 0; i < n; i++)
        ord[i] = &rows[i];
    qsort(ord, (size_t)n, sizeof *ord, cmp_row_ptrs);
    int top = f->top < n ? f->top : n, rc = STUDY_OK;
    long long m = f->change_trials > 0 && f->change_trials < f->trials
                      ? f->change_trials
                      : f->change_trials > 0 ? f->trials : study_change_trials(f->trials, top);
    if (!f->simulate_trials)
        m = f->trials;
    double base_m = o->base_nines, noise = o->noise;
    char label[160];
    if (top > 0 && m < f->trials && !(o->stop && *o->stop)) {
        snprintf(label, sizeof label, "%.60s on %lld histories", t->name ? t->name : "design", m);
        rc = simulate_n(k, t, label, m, &base_m, &noise);
    }
    for (int i = 0; !rc && i < top; i++) {
        study_law *row = ord[i];
        double sim[STUDY_N_CHANGES];
        if (o->stop && *o->stop) {
            *stopped = 1;
            break;
        }
        for (int c = 0; !rc && c < STUDY_N_CHANGES; c++) {
            topology *copy = NULL;
            sim[c] = NAN;
            if (isnan(row->nines[c]))
                continue; /* a delay's first two changes */
            if ((rc = row_change_copy(t, row, c, &copy)))
                break;
            snprintf(label, sizeof label, "%.60s %s", row->name, change_name[row->kind][c]);
            rc = simulate_n(k, copy, label, m, &sim[c], NULL);
            topo_free(copy);
        }
        if (rc)
            break;
        for (int c = 0; c < STUDY_N_CHANGES; c++) {
            if (isnan(row->nines[c]))
                continue;
            /* a run without downtime has no finite nines: then the raw figure */
            row->nines[c] = isfinite(base_m) && isfinite(sim[c])
                                ? o->base_nines + (sim[c] - base_m) : sim[c];
        }
        double approx = row->rank_gain; /* the solver's gain */
        row->source = STUDY_SRC_SIMULATED;
        set_gain(row, o->base_nines, noise);
        /* a gain the simulation cannot tell from noise ranks by the
           solver's, at most the noise: below every measured gain, among
           the rows the solver alone ranks */
        if (!row->measurable)
            row->rank_gain = fmax(0, fmin(approx, noise));
    }
    free(ord);
    return rc;
}

int study_rank_laws(const topology *t, const study_rank_options *o, study_law **laws,
                    int *n, int *stopped)
{
    return study_rank_laws_fast(t, o, NULL, laws, n, stopped);
}

static int rank_laws(const topology *t, const study_rank_options *o,
                     const study_fast_options *f, study_law **laws, int *n, int *stopped);

/* Every solve of the ranking through one memo (analytic_memo in
 * topology.h): a change that leaves a chain as it was does not solve it
 * again, and one that changes its rates starts from the design's
 * factorization. Without memory for it, the solves are made as before. */
int study_rank_laws_fast(const topology *t, const study_rank_options *o,
                         const study_fast_options *f, study_law **laws, int *n, int *stopped)
{
    analytic_memo *memo = analytic_memo_new();
    analytic_memo *old = analytic_memo_use(memo);
    int rc = rank_laws(t, o, f, laws, n, stopped);
    analytic_memo_use(old);
    analytic_memo_free(memo);
    return rc;
}

static int rank_laws(const topology *t, const study_rank_options *o,
                     const study_fast_options *f, study_law **laws, int *n, int *stopped)
{
    /* a law, a role per host, per service and per common cause at most, two
       delays per service, two rows per maintenance entry */
    size_t cap = (size_t)t->n_laws + (size_t)t->n_hosts + 3 * (size_t)t->n_services +
                 (size_t)t->n_ccfs + 2 * (size_t)t->n_maint + 1;
    study_law *rows = calloc(cap, sizeof *rows);
    int n_rows = 0, rc = STUDY_OK;
    ranker k = {o, f, f && f->top > 0 && !o->base_exact, NAN, NAN};
    *laws = NULL;
    *n = 0;
    *stopped = 0;
    if (!rows)
        return STUDY_ENOMEM;
    if (k.fast) {
        /* the solver's figure for the design, once for every row */
        analytic_result *a = NULL;
        if (analytic_solve(t, &a)) {
            free(rows);
            return STUDY_ENOMEM;
        }
        k.sys = a->system.availability;
        k.sys_nines = units_nines(k.sys);
        analytic_result_free(a);
    }
    for (int l = 0; l < t->n_laws; l++) {
        study_law *row = &rows[n_rows];
        if (o->stop && *o->stop) {
            /* thousands of laws take minutes: a stop ranks those done */
            *stopped = 1;
            break;
        }
        if (!topo_law_parts(t, l))
            continue; /* defined but used by no part: it cannot matter */
        row->kind = STUDY_ROW_LAW;
        row->law = l;
        row->maint = row->service = row->role = -1;
        row->name = t->laws[l].name;
        row->share = NAN;
        if ((rc = row_importance(t, l, &k, &row->imp)))
            goto fail;
        row->exact = row->imp.exact;
        for (int c = 0; c < STUDY_N_CHANGES; c++)
            if ((rc = change_nines(t, l, &k, row, c)))
                goto fail;
        row_gain(row, &k);
        n_rows++;
        int first = n_rows;
        if ((rc = role_rows(t, &k, row, rows, &n_rows)))
            goto fail;
        for (int i = first; i < n_rows; i++)
            row_gain(&rows[i], &k);
    }
    for (int s = 0; s < t->n_services && !*stopped; s++) {
        const topo_service *sv = &t->services[s];
        if (sv->mode != MODE_ACTIVE_PASSIVE)
            continue;
        for (int kind = STUDY_ROW_FAILOVER; kind <= STUDY_ROW_SWITCHOVER; kind++) {
            const law_dist *d =
                kind == STUDY_ROW_FAILOVER ? &sv->failover_time : &sv->switchover_time;
            if (law_is_none(d) || (kind == STUDY_ROW_SWITCHOVER && !t->n_maint))
                continue;
            if (o->stop && *o->stop) {
                *stopped = 1;
                break;
            }
            study_law *row = &rows[n_rows++];
            if ((rc = delay_row(t, &k, row, (study_row_kind)kind, s)))
                goto fail;
            row_gain(row, &k);
        }
    }
    for (int m = 0; m < t->n_maint && !*stopped; m++) {
        for (int kind = STUDY_ROW_MAINT; kind <= STUDY_ROW_MAINT_ERROR; kind++) {
            if (kind == STUDY_ROW_MAINT_ERROR && !(t->maint[m].error > 0))
                continue;
            if (o->stop && *o->stop) {
                *stopped = 1;
                break;
            }
            study_law *row = &rows[n_rows++]; /* counted now: freed on failure */
            if ((rc = maint_row(t, &k, row, (study_row_kind)kind, m)))
                goto fail;
            row_gain(row, &k);
        }
    }
    if (k.fast && !*stopped && (rc = simulate_top(t, &k, rows, n_rows, stopped)))
        goto fail;
    qsort(rows, (size_t)n_rows, sizeof *rows, cmp_laws);
    *laws = rows;
    *n = n_rows;
    return STUDY_OK;
fail:
    study_rows_free(rows, n_rows);
    return rc;
}

int study_law_shares(const mc_result *base, int n_topo_laws, study_law *laws, int n,
                     double *delay_share)
{
    if (!base->law_share || base->n_laws != n_topo_laws)
        return 0;
    for (int i = 0; i < n; i++)
        if (laws[i].kind == STUDY_ROW_LAW && laws[i].law >= 0 && laws[i].law < n_topo_laws)
            laws[i].share = base->law_share[laws[i].law];
    *delay_share = base->delay_share;
    return 1;
}
