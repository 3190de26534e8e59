/* data/store_exp.c — the exponential sampler a run drew with (issue 18;
 * docs/exp-sampler.md): one row in run_exp for every run stored since the
 * ziggurat came in ("ziggurat" or "inverse"). The table is created when first
 * needed (CREATE TABLE IF NOT EXISTS), so the schema's version does not move;
 * a database without it, or a run without a row, was made before issue 18 and
 * so with the inverse transform. rerun draws with the stored sampler.
 */
#include <string.h>

#include "store_int.h"

#define EXP_TABLE \
    "CREATE TABLE IF NOT EXISTS run_exp(             -- issue 18: how exponential laws were drawn\n" \
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,\n" \
    "  sampler TEXT NOT NULL);\n"

int store_exp_put(store *s, long long rid, const mc_result *r)
{
    int rc = sqlite3_exec(s->db, EXP_TABLE, NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "INSERT INTO run_exp VALUES(?1,?2)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_text(st, 2, r->exp_sampler == MC_EXP_INVERSE ? "inverse" : "ziggurat", -1,
                          SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_exp_get(store *s, long long id, mc_result *r)
{
    r->exp_sampler = MC_EXP_INVERSE; /* no table or no row: made before issue 18 */
    sqlite3_stmt *st;
    int rc = store_side_row(s, "SELECT sampler FROM run_exp WHERE run_id = ?1", id, &st);
    if (rc != SQLITE_ROW)
        return rc;
    const unsigned char *m = sqlite3_column_text(st, 0);
    r->exp_sampler =
        m && !strcmp((const char *)m, "ziggurat") ? MC_EXP_ZIGGURAT : MC_EXP_INVERSE;
    sqlite3_finalize(st);
    return SQLITE_OK;
}
