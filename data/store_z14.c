/* data/store_z14.c — what a run keeps of issue 14 (schema 7): its
 * assumptions (repairs, frozen, start) and its transient figures (R, A, IR
 * at each --at time, the MTTF, the curves), in three tables keyed by run
 * id. A run stored before has no row: its assumptions read as unknown
 * (repairs NULL, frozen -1) and it has no transient figures.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define Z14_TABLES \
    "CREATE TABLE IF NOT EXISTS run_assumptions(     -- issue 14: one row per run\n" \
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,\n" \
    "  repairs TEXT, frozen INTEGER, start_steady INTEGER,\n" \
    "  n_at INTEGER, window_hours REAL, until_failure INTEGER, until_cap REAL,\n" \
    "  mttf_hours REAL, mttf_ci_lo REAL, mttf_ci_hi REAL, censored INTEGER,\n" \
    "  curve_end REAL);\n" \
    "CREATE TABLE IF NOT EXISTS transient_at(        -- R, A, IR at each --at time\n" \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n" \
    "  k INTEGER NOT NULL, at_hours REAL, label TEXT,\n" \
    "  r REAL, r_se REAL, a REAL, a_se REAL, ir REAL, ir_se REAL,\n" \
    "  PRIMARY KEY(run_id, k)) WITHOUT ROWID;\n" \
    "CREATE TABLE IF NOT EXISTS transient_curve(     -- R(t) and A(t) on the curve's points\n" \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n" \
    "  j INTEGER NOT NULL, r REAL, a REAL,\n" \
    "  PRIMARY KEY(run_id, j)) WITHOUT ROWID;\n"

const char store_z14_tables_sql[] = Z14_TABLES;
/* The runs stored before get a row of NULLs: their assumptions are not
   known. A run stored since has a row only when it differs from the
   defaults (repairs unlimited, failures go on, start new, no --at), so a
   plain run costs no page more. */
const char store_z14_migrate_sql[] =
    Z14_TABLES "INSERT OR IGNORE INTO run_assumptions(run_id) SELECT id FROM runs;\n"
    "PRAGMA user_version = 7;\n";

static int done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_z14_put(store *s, long long rid, const mc_result *r)
{
    static const char *const sql[] = {
        "INSERT INTO run_assumptions VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
        "INSERT INTO transient_at VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
        "INSERT INTO transient_curve VALUES(?1,?2,?3,?4)",
    };
    sqlite3_stmt *st[3] = {0};
    int rc = SQLITE_OK;
    int plain = r->repairs && !strcmp(r->repairs, "unlimited") && r->frozen == 0 &&
                !r->start_steady && r->n_at <= 0;
    if (plain || (!r->repairs && r->n_at <= 0))
        return SQLITE_OK;
    for (int i = 0; i < 3 && rc == SQLITE_OK; i++)
        rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st[i], NULL);
    if (rc == SQLITE_OK) {
        sqlite3_stmt *a = st[0];
        sqlite3_bind_int64(a, 1, rid);
        if (r->repairs)
            sqlite3_bind_text(a, 2, r->repairs, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(a, 3, r->frozen);
        sqlite3_bind_int(a, 4, r->start_steady);
        sqlite3_bind_int(a, 5, r->n_at);
        sqlite3_bind_double(a, 6, r->window);
        sqlite3_bind_int(a, 7, r->until_failure);
        sqlite3_bind_double(a, 8, r->until_cap);
        sqlite3_bind_double(a, 9, r->mttf_hours);
        sqlite3_bind_double(a, 10, r->mttf_ci_lo);
        sqlite3_bind_double(a, 11, r->mttf_ci_hi);
        sqlite3_bind_int64(a, 12, r->censored_trials);
        sqlite3_bind_double(a, 13, r->curve_end);
        rc = done(a);
    }
    for (int k = 0; rc == SQLITE_OK && k < r->n_at && k < MC_AT_MAX; k++) {
        sqlite3_stmt *a = st[1];
        sqlite3_bind_int64(a, 1, rid);
        sqlite3_bind_int(a, 2, k);
        sqlite3_bind_double(a, 3, r->at[k]);
        if (r->at_label[k])
            sqlite3_bind_text(a, 4, r->at_label[k], -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(a, 5, r->reliability[k]);
        sqlite3_bind_double(a, 6, r->reliability_se[k]);
        sqlite3_bind_double(a, 7, r->point_availability[k]);
        sqlite3_bind_double(a, 8, r->point_availability_se[k]);
        sqlite3_bind_double(a, 9, r->interval_reliability[k]);
        sqlite3_bind_double(a, 10, r->interval_reliability_se[k]);
        rc = done(a);
    }
    for (int j = 0; rc == SQLITE_OK && r->n_at > 0 && j < MC_CURVE_POINTS; j++) {
        sqlite3_stmt *a = st[2];
        sqlite3_bind_int64(a, 1, rid);
        sqlite3_bind_int(a, 2, j);
        sqlite3_bind_double(a, 3, r->curve_r[j]);
        sqlite3_bind_double(a, 4, r->curve_a[j]);
        rc = done(a);
    }
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(st[i]);
    return rc;
}

static char *col_dup(sqlite3_stmt *st, int i, int *oom)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    char *d = malloc(n + 1);
    if (!d) {
        *oom = 1;
        return NULL;
    }
    memcpy(d, t, n);
    d[n] = 0;
    return d;
}

int store_z14_get(store *s, long long id, mc_result *r, int *oom)
{
    static const char *const sql[] = {
        "SELECT repairs, frozen, start_steady, n_at, window_hours, until_failure, until_cap,"
        " mttf_hours, mttf_ci_lo, mttf_ci_hi, censored, curve_end"
        " FROM run_assumptions WHERE run_id = ?1",
        "SELECT k, at_hours, label, r, r_se, a, a_se, ir, ir_se FROM transient_at WHERE run_id = ?1",
        "SELECT j, r, a FROM transient_curve WHERE run_id = ?1",
    };
    sqlite3_stmt *st[3] = {0};
    int rc = SQLITE_OK;
    for (int i = 0; i < 3 && rc == SQLITE_OK; i++) {
        rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st[i], NULL);
        if (rc == SQLITE_OK)
            sqlite3_bind_int64(st[i], 1, id);
    }
    if (rc == SQLITE_OK && (rc = sqlite3_step(st[0])) == SQLITE_DONE) {
        /* no row: the defaults */
        r->frozen = 0;
        r->start_steady = 0;
        if (!(r->repairs = malloc(sizeof "unlimited")))
            *oom = 1;
        else
            memcpy(r->repairs, "unlimited", sizeof "unlimited");
    } else if (rc == SQLITE_ROW) {
        sqlite3_stmt *q = st[0];
        r->repairs = col_dup(q, 0, oom);
        /* a row of NULLs: a run stored before schema 7, not known */
        r->frozen = r->repairs ? sqlite3_column_int(q, 1) : -1;
        r->start_steady = sqlite3_column_int(q, 2);
        r->n_at = sqlite3_column_int(q, 3);
        if (r->n_at < 0 || r->n_at > MC_AT_MAX)
            r->n_at = 0;
        r->window = sqlite3_column_double(q, 4);
        r->until_failure = sqlite3_column_int(q, 5);
        r->until_cap = sqlite3_column_double(q, 6);
        r->mttf_hours = sqlite3_column_double(q, 7);
        r->mttf_ci_lo = sqlite3_column_double(q, 8);
        r->mttf_ci_hi = sqlite3_column_double(q, 9);
        r->censored_trials = sqlite3_column_int64(q, 10);
        r->curve_end = sqlite3_column_double(q, 11);
        rc = SQLITE_DONE;
    }
    if (rc == SQLITE_DONE)
        while ((rc = sqlite3_step(st[1])) == SQLITE_ROW) {
            sqlite3_stmt *q = st[1];
            int k = sqlite3_column_int(q, 0);
            if (k < 0 || k >= MC_AT_MAX)
                continue;
            r->at[k] = sqlite3_column_double(q, 1);
            free(r->at_label[k]);
            r->at_label[k] = col_dup(q, 2, oom);
            r->reliability[k] = sqlite3_column_double(q, 3);
            r->reliability_se[k] = sqlite3_column_double(q, 4);
            r->point_availability[k] = sqlite3_column_double(q, 5);
            r->point_availability_se[k] = sqlite3_column_double(q, 6);
            r->interval_reliability[k] = sqlite3_column_double(q, 7);
            r->interval_reliability_se[k] = sqlite3_column_double(q, 8);
        }
    if (rc == SQLITE_DONE)
        while ((rc = sqlite3_step(st[2])) == SQLITE_ROW) {
            int j = sqlite3_column_int(st[2], 0);
            if (j < 0 || j >= MC_CURVE_POINTS)
                continue;
            r->curve_r[j] = sqlite3_column_double(st[2], 1);
            r->curve_a[j] = sqlite3_column_double(st[2], 2);
        }
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(st[i]);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
