/* data/store_int.h — private to the store (data/store*.c) and its tests: the
 * handle, error mapping and the schema.
 *
 * Calls between the files point one way: store.c (open, close) ->
 * store_schema.c (schema, migrations) -> store_err.c (errors, store_exec);
 * store.c and store_run.c (runs) -> store_err.c; store_run.c ->
 * store_sha256.c (Nettle), which calls no other store file. */
#ifndef NINES_DATA_STORE_INT_H
#define NINES_DATA_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

struct store {
    sqlite3 *db;
    char *path;
    int readonly;      /* opened read-only (file without write permission) */
    char msg[1024];
};

/* ---------- errors (store_err.c) ---------- */

/* Sets the handle's message to "DOING PATH: WHY" from SQLite's code rc and
 * returns the matching STORE_E* code. */
int store_fail(store *s, int rc, const char *doing);
/* The same for a failure that is not SQLite's. */
int store_failf(store *s, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Runs sql (no results); returns an SQLite code. */
int store_exec(store *s, const char *sql);

/* ---------- schema (store_schema.c) ---------- */

/* Brings the open file to STORE_SCHEMA_VERSION: creates the schema in an
 * empty file, migrates an older one step by step, each in one transaction.
 * Refuses a newer schema (STORE_EVERSION) or a foreign database. */
int store_schema_update(store *s);

/* The schemas of versions 1, 2 and 3 (for tests that build an old file by hand). */
extern const char store_schema_v1_sql[];
extern const char store_schema_v2_sql[];
extern const char store_schema_v3_sql[];

/* ---------- data loss (store_loss.c, schema 5) ---------- */

/* Writes / reads the data-loss rows of run rid (inside the caller's
 * transaction); SQLite codes. Reading sets has_loss on the services found. */
int store_loss_put(store *s, long long rid, const mc_result *r);
int store_loss_get(store *s, long long rid, mc_result *r);
/* ---------- capacity (store_capacity.c, schema 6; Y16) ---------- */

/* Inserts the capacity rows of r for run rid (inside the caller's
 * transaction); returns an SQLite code. */
int store_capacity_put(store *s, long long rid, const mc_result *r);
/* Reads the capacity rows of run id into r (none: members stay 0, not
 * known); returns an SQLite code. */
int store_capacity_get(store *s, long long id, mc_result *r);
/* ---------- issue 14: assumptions and transient figures (store_z14.c) ---------- */

/* The tables of schema 7 (run_assumptions, transient_at, transient_curve). */
extern const char store_z14_tables_sql[];
extern const char store_z14_migrate_sql[]; /* the tables, then user_version 7 */
/* Writes / reads run rid's rows (none for an older run); SQLite codes. */
int store_z14_put(store *s, long long rid, const mc_result *r);
int store_z14_get(store *s, long long id, mc_result *r, int *oom);
/* ---------- tables created when first needed (issue 18) ---------- */
/* Steps `sql` (one parameter: ?1 = run id) over a table that may not exist
   (run_rare, run_exp: created by the first run that writes one): SQLITE_ROW
   with *st on the run's row (the caller finalizes it), else *st is NULL and
   the result is SQLITE_OK (no table, or no row) or an SQLite error. */
int store_side_row(store *s, const char *sql, long long id, sqlite3_stmt **st);
/* ---------- issue 18: the rare-event method (store_rare.c) ---------- */
/* Writes / reads run rid's row of run_rare (none: crude, no note); SQLite codes. */
int store_rare_put(store *s, long long rid, const mc_result *r);
int store_rare_get(store *s, long long id, mc_result *r, int *oom);
/* ---------- issue 18: the exponential sampler (store_exp.c) ---------- */
/* Writes / reads run rid's row of run_exp (none: the inverse transform of the
   runs stored before issue 18); SQLite codes. */
int store_exp_put(store *s, long long rid, const mc_result *r);
int store_exp_get(store *s, long long id, mc_result *r);

#endif
