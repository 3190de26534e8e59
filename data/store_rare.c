/* data/store_rare.c — what a run keeps of its rare-event method (issue 18;
 * docs/rare-events.md): one row in run_rare for a run made under importance
 * sampling or whose method --rare auto chose (its note), none for a plain
 * crude run. The table is created when first needed (CREATE TABLE IF NOT
 * EXISTS), so the schema's version does not move; a database without it, or
 * a run without a row, reads as crude with no note. show prints the method
 * and rerun repeats it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define RARE_TABLE \
    "CREATE TABLE IF NOT EXISTS run_rare(            -- issue 18: the method of a run\n" \
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,\n" \
    "  method TEXT NOT NULL, p REAL, ess REAL, note TEXT);\n"

int store_rare_put(store *s, long long rid, const mc_result *r)
{
    if (!r->rare && !r->rare_note)
        return SQLITE_OK;
    int rc = sqlite3_exec(s->db, RARE_TABLE, NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "INSERT INTO run_rare VALUES(?1,?2,?3,?4,?5)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_text(st, 2, r->rare ? "importance-sampling" : "crude", -1, SQLITE_STATIC);
        if (r->rare) {
            sqlite3_bind_double(st, 3, r->rare_p);
            sqlite3_bind_double(st, 4, r->rare_ess);
        }
        if (r->rare_note)
            sqlite3_bind_text(st, 5, r->rare_note, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The figures importance sampling does not estimate read back as NaN (the
   store keeps a NaN as NULL). */
static void not_estimated(mc_figures *f)
{
    f->year_p50 = f->year_p95 = f->year_p99 = f->year_max = NAN;
    f->longest_outage_min = NAN;
    if (f->sla_breach >= 0)
        f->sla_breach = NAN;
}

int store_side_row(store *s, const char *sql, long long id, sqlite3_stmt **st)
{
    *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        sqlite3_finalize(*st); /* no table: no run of this database has a row */
        *st = NULL;
        return SQLITE_OK;
    }
    sqlite3_bind_int64(*st, 1, id);
    int rc = sqlite3_step(*st);
    if (rc == SQLITE_ROW)
        return rc;
    sqlite3_finalize(*st);
    *st = NULL;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_rare_get(store *s, long long id, mc_result *r, int *oom)
{
    sqlite3_stmt *st;
    int rc = store_side_row(s, "SELECT method, p, ess, note FROM run_rare WHERE run_id = ?1", id,
                            &st);
    if (rc != SQLITE_ROW) /* no table or no row: crude, no note */
        return rc;
    const unsigned char *m = sqlite3_column_text(st, 0);
    r->rare = m && !strcmp((const char *)m, "importance-sampling");
    r->rare_p = sqlite3_column_double(st, 1);
    r->rare_ess = sqlite3_column_double(st, 2);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
        const unsigned char *t = sqlite3_column_text(st, 3);
        size_t n = (size_t)sqlite3_column_bytes(st, 3);
        free(r->rare_note);
        if ((r->rare_note = malloc(n + 1))) {
            memcpy(r->rare_note, t, n);
            r->rare_note[n] = 0;
        } else {
            *oom = 1;
        }
    }
    if (r->rare) {
        not_estimated(&r->system);
        for (int i = 0; i < r->n_services; i++)
            not_estimated(&r->services[i]);
        for (int i = 0; i < r->n_views; i++)
            not_estimated(&r->views[i]);
    }
    sqlite3_finalize(st);
    return SQLITE_OK;
}
