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

/* The nines of change c of law `law` of t (row's law, or its role's law on
 * a copy) into row->nines[c]. */
static int change_nines(const topology *t, int law, const study_rank_options *o, study_law *row,
                        int c)
{
    double a;
    int ex = 0;
    if (analytic_solve_scaled(t, law, fail_factor[c], repair_factor[c], &a, &ex))
        return STUDY_ENOMEM;
    if (ex && o->base_exact) {
        row->nines[c] = units_nines(a);
        return STUDY_OK;
    }
    /* not exact: simulate the scaled copy with the base run's seed */
    topology *copy = NULL;
    mc_result *r = NULL;
    char label[96];
    row->exact = 0;
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
static int maint_change_nines(const topology *t, const study_rank_options *o, study_law *row,
                              int c)
{
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
    if (a->system.exact && o->base_exact) {
        row->nines[c] = units_nines(a->system.availability);
    } else {
        row->exact = 0;
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
static int maint_row(const topology *t, const study_rank_options *o, study_law *row,
                     study_row_kind kind, int m)
{
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
        int rc = maint_change_nines(t, o, row, c);
        if (rc)
            return rc;
    }
    return STUDY_OK;
}

/* A delay row: service s's failover or switchover time halved and doubled
 * (its first two changes have no meaning: NAN). */
static int delay_row(const topology *t, const study_rank_options *o, study_law *row,
                     study_row_kind kind, int s)
{
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
        int rc = maint_change_nines(t, o, row, c);
        if (rc)
            return rc;
    }
    return STUDY_OK;
}

/* The rows of the roles of law row->law when its parts stand in more than
 * one place, into rows[*n..]; each measured on a copy where the role's
 * parts run a law of their own. */
static int role_rows(const topology *t, const study_rank_options *o, const study_law *law_row,
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
        if (analytic_importance(c, rl, &row->imp))
            rc = STUDY_ENOMEM;
        row->exact = row->imp.exact;
        for (int k = 0; !rc && k < STUDY_N_CHANGES; k++)
            rc = change_nines(c, rl, o, row, k);
        topo_free(c);
    }
    study_roles_free(roles, n_roles);
    return rc;
}

/* The gain of a row and the gain it ranks by. */
static void row_gain(study_law *row, const study_rank_options *o)
{
    row->gain = fmax(row->nines[STUDY_FAIL_DOUBLE], row->nines[STUDY_REPAIR_HALF]) -
                o->base_nines;
    /* a simulated gain smaller than the noise of the base run ranks as no
       gain: such rows are then ordered by criticality */
    row->rank_gain = row->exact || row->gain > o->noise ? row->gain : 0;
    /* and is no measurable effect either way (two standard errors) */
    row->measurable = row->exact || (o->noise > 0 && fabs(row->gain) >= o->noise);
}

int study_rank_laws(const topology *t, const study_rank_options *o, study_law **laws,
                    int *n, int *stopped)
{
    /* a law, a role per host, per service and per common cause at most, two
       delays per service, two rows per maintenance entry */
    size_t cap = (size_t)t->n_laws + (size_t)t->n_hosts + 3 * (size_t)t->n_services +
                 (size_t)t->n_ccfs + 2 * (size_t)t->n_maint + 1;
    study_law *rows = calloc(cap, sizeof *rows);
    int n_rows = 0, rc = STUDY_OK;
    *laws = NULL;
    *n = 0;
    *stopped = 0;
    if (!rows)
        return STUDY_ENOMEM;
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
        if (analytic_importance(t, l, &row->imp)) {
            rc = STUDY_ENOMEM;
            goto fail;
        }
        row->exact = row->imp.exact;
        for (int c = 0; c < STUDY_N_CHANGES; c++)
            if ((rc = change_nines(t, l, o, row, c)))
                goto fail;
        row_gain(row, o);
        n_rows++;
        int first = n_rows;
        if ((rc = role_rows(t, o, row, rows, &n_rows)))
            goto fail;
        for (int i = first; i < n_rows; i++)
            row_gain(&rows[i], o);
    }
    for (int s = 0; s < t->n_services && !*stopped; s++) {
        const topo_service *sv = &t->services[s];
        if (sv->mode != MODE_ACTIVE_PASSIVE)
            continue;
        for (int k = STUDY_ROW_FAILOVER; k <= STUDY_ROW_SWITCHOVER; k++) {
            const law_dist *d = k == STUDY_ROW_FAILOVER ? &sv->failover_time : &sv->switchover_time;
            if (law_is_none(d) || (k == STUDY_ROW_SWITCHOVER && !t->n_maint))
                continue;
            if (o->stop && *o->stop) {
                *stopped = 1;
                break;
            }
            study_law *row = &rows[n_rows++];
            if ((rc = delay_row(t, o, row, (study_row_kind)k, s)))
                goto fail;
            row_gain(row, o);
        }
    }
    for (int m = 0; m < t->n_maint && !*stopped; m++) {
        for (int k = STUDY_ROW_MAINT; k <= STUDY_ROW_MAINT_ERROR; k++) {
            if (k == STUDY_ROW_MAINT_ERROR && !(t->maint[m].error > 0))
                continue;
            if (o->stop && *o->stop) {
                *stopped = 1;
                break;
            }
            study_law *row = &rows[n_rows++]; /* counted now: freed on failure */
            if ((rc = maint_row(t, o, row, (study_row_kind)k, m)))
                goto fail;
            row_gain(row, o);
        }
    }
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
