/* data/store_schema.c — the store's schema and its migrations.
 *
 * DESIGN. PRAGMA user_version holds the schema version. An empty file gets
 * the current schema; an older one is migrated one version at a time, each
 * step in its own IMMEDIATE transaction that re-reads the version first (so
 * two processes opening an old file at once migrate it once). A version newer
 * than ours is refused rather than guessed at.
 *
 *   v1  runs (with the topology's text inline), figures, histogram, convergence
 *   v2  topology texts move to `topologies`, keyed and deduplicated by SHA-256;
 *       runs gain `command` (how to reproduce the run) and `parts` (laws
 *       simulated; 0 for old runs)
 *   v3  downtime by cause: figures gain `availability_unplanned` and its
 *       interval, and `causes` holds each target's minutes per year of every
 *       cause (docs/semantics.md, "Downtime by cause"), one row per cause
 *       named as topo_cause_name names it. Runs stored before have NULL there
 *       and no `causes` rows: their split is unknown, not zero.
 *   v4  self-contained runs: `files` lists every file a run read (the main
 *       file and each include entry, in the order the loader met them; a
 *       file named again through another include is a repeat, same_idx),
 *       their paths as written, as read and resolved, and the SHA-256 of
 *       each text, kept in `topologies`. With the overrides in `options`
 *       they rebuild the design exactly (topo_load_sources). Runs stored
 *       before have no `files` rows: only their main text was kept.
 *   v5  data loss: `data_loss` holds each data-loss service's figures
 *       (store_loss.c). Runs stored before have no rows: not known.
 *   v6  capacity (Y16): `capacity` holds each target's members, capacity
 *       (mean fraction of members serving) with its interval and standard
 *       error, and member-hours lost per year; `blast_radius` its events per
 *       year by members lost at once (size MC_BLAST_MAX + 1: more). Runs
 *       stored before have no rows: their capacity is not known.
 */
#include <stdio.h>
#include <string.h>

#include "store_int.h"

/* The figures table; `extra` adds columns after `years` (ALTER TABLE ADD
 * COLUMN puts them there too, so a created and a migrated file agree). */
#define FIGURES_TABLE(extra)                                                       \
    "CREATE TABLE figures(\n"                                                      \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  kind INTEGER NOT NULL,          -- 0 system, 1 service, 2 view\n"          \
    "  idx INTEGER NOT NULL,           -- order in the topology\n"                \
    "  name TEXT NOT NULL,\n"                                                      \
    "  availability REAL, ci_lo REAL, ci_hi REAL, std_error REAL, nines REAL,\n"   \
    "  downtime_min_per_year REAL, year_p50 REAL, year_p95 REAL, year_p99 REAL,\n" \
    "  year_max REAL, outages_per_year REAL, outages INTEGER,\n"                   \
    "  mean_outage_min REAL, longest_outage_min REAL, sla_breach REAL,\n"          \
    "  years INTEGER,\n" extra                                                     \
    "  PRIMARY KEY(run_id, kind, idx)) WITHOUT ROWID;\n"

#define HISTORY_TABLES                                                             \
    "CREATE TABLE histogram(           -- non-zero bins of yearly downtime\n"     \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  kind INTEGER NOT NULL, idx INTEGER NOT NULL,\n"                             \
    "  bin INTEGER NOT NULL, years INTEGER NOT NULL,\n"                            \
    "  PRIMARY KEY(run_id, kind, idx, bin)) WITHOUT ROWID;\n"                      \
    "CREATE TABLE convergence(\n"                                                  \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  k INTEGER NOT NULL, trials INTEGER NOT NULL,\n"                             \
    "  availability REAL, ci_lo REAL, ci_hi REAL,\n"                               \
    "  PRIMARY KEY(run_id, k)) WITHOUT ROWID;\n"

#define RUN_COLUMNS                                                                \
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"                                    \
    "  name TEXT NOT NULL,\n"                                                      \
    "  topology_path TEXT,\n"                                                      \
    "  topology_sha256 TEXT,\n"                                                    \
    "  options TEXT,\n"                                                            \
    "  seed INTEGER NOT NULL,          -- the uint64 seed's bits\n"               \
    "  trials_requested INTEGER NOT NULL,\n"                                       \
    "  trials INTEGER NOT NULL,\n"                                                 \
    "  partial INTEGER NOT NULL,\n"                                                \
    "  threads INTEGER NOT NULL,\n"                                                \
    "  mission_hours REAL NOT NULL,\n"                                             \
    "  sla REAL NOT NULL,\n"                                                       \
    "  version TEXT,\n"                                                            \
    "  started_utc TEXT,\n"                                                        \
    "  finished_utc TEXT,\n"                                                       \
    "  events INTEGER NOT NULL,\n"                                                 \
    "  seconds REAL NOT NULL"

#define TOPOLOGIES_TABLE                                                           \
    "CREATE TABLE topologies(\n"                                                   \
    "  sha256 TEXT PRIMARY KEY,\n"                                                 \
    "  text TEXT NOT NULL) WITHOUT ROWID;\n"

#define RUNS_TABLE_V2                                                              \
    "CREATE TABLE runs(\n" RUN_COLUMNS ",\n  command TEXT,\n  parts INTEGER NOT NULL DEFAULT 0);\n"

const char store_schema_v1_sql[] =
    "CREATE TABLE runs(\n" RUN_COLUMNS ",\n  topology_text TEXT);\n" FIGURES_TABLE("")
    HISTORY_TABLES
    "PRAGMA user_version = 1;\n";

const char store_schema_v2_sql[] =
    TOPOLOGIES_TABLE RUNS_TABLE_V2 FIGURES_TABLE("") HISTORY_TABLES
    "PRAGMA user_version = 2;\n";

#define UNPLANNED_COLUMNS                                                          \
    "  availability_unplanned REAL, unplanned_ci_lo REAL, unplanned_ci_hi REAL,\n"

#define CAUSES_TABLE                                                               \
    "CREATE TABLE causes(              -- downtime by cause, minutes per year\n"  \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  kind INTEGER NOT NULL, idx INTEGER NOT NULL,\n"                             \
    "  cause TEXT NOT NULL,            -- failure, detection, ..., split-brain\n"  \
    "  minutes_per_year REAL,\n"                                                   \
    "  PRIMARY KEY(run_id, kind, idx, cause)) WITHOUT ROWID;\n"

const char store_schema_v3_sql[] =
    TOPOLOGIES_TABLE RUNS_TABLE_V2 FIGURES_TABLE(UNPLANNED_COLUMNS) HISTORY_TABLES CAUSES_TABLE
    "PRAGMA user_version = 3;\n";

#define FILES_TABLE                                                                \
    "CREATE TABLE files(               -- every file a run read\n"                \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  idx INTEGER NOT NULL,           -- 0 the main file, then in the order met\n" \
    "  from_idx INTEGER,               -- the file whose include named it\n"       \
    "  written TEXT NOT NULL,          -- the include entry as written\n"          \
    "  path TEXT NOT NULL,             -- the file as read\n"                      \
    "  resolved TEXT NOT NULL,         -- its real path\n"                         \
    "  sha256 TEXT,                    -- of its text, in topologies\n"            \
    "  same_idx INTEGER,               -- a repeat: the idx that read it\n"        \
    "  PRIMARY KEY(run_id, idx)) WITHOUT ROWID;\n"

#define DATA_LOSS_TABLE                                                            \
    "CREATE TABLE data_loss(           -- per service with replication or split brain\n" \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  idx INTEGER NOT NULL,           -- the service's order in the topology\n"  \
    "  events_per_year REAL, events_ci_lo REAL, events_ci_hi REAL,\n"            \
    "  seconds_per_year REAL, seconds_ci_lo REAL, seconds_ci_hi REAL,\n"         \
    "  year_with_loss REAL, year_ci_lo REAL, year_ci_hi REAL,\n"                  \
    "  largest_seconds REAL,\n"                                                   \
    "  PRIMARY KEY(run_id, idx)) WITHOUT ROWID;\n"

static const char migrate_1_to_2_sql[] =
    TOPOLOGIES_TABLE
    "INSERT OR IGNORE INTO topologies(sha256, text)\n"
    "  SELECT topology_sha256, topology_text FROM runs\n"
    "  WHERE topology_sha256 IS NOT NULL AND topology_text IS NOT NULL;\n"
    "ALTER TABLE runs DROP COLUMN topology_text;\n"
    "ALTER TABLE runs ADD COLUMN command TEXT;\n"
    "ALTER TABLE runs ADD COLUMN parts INTEGER NOT NULL DEFAULT 0;\n"
    "PRAGMA user_version = 2;\n";

static const char migrate_2_to_3_sql[] =
    "ALTER TABLE figures ADD COLUMN availability_unplanned REAL;\n"
    "ALTER TABLE figures ADD COLUMN unplanned_ci_lo REAL;\n"
    "ALTER TABLE figures ADD COLUMN unplanned_ci_hi REAL;\n"
    CAUSES_TABLE
    "PRAGMA user_version = 3;\n";

static const char migrate_3_to_4_sql[] =
    FILES_TABLE
    "PRAGMA user_version = 4;\n";

static const char migrate_4_to_5_sql[] =
    DATA_LOSS_TABLE
    "PRAGMA user_version = 5;\n";

#define CAPACITY_TABLES                                                            \
    "CREATE TABLE capacity(            -- capacity figures of each target\n"      \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  kind INTEGER NOT NULL, idx INTEGER NOT NULL,\n"                             \
    "  members INTEGER NOT NULL,\n"                                                \
    "  capacity REAL, ci_lo REAL, ci_hi REAL, std_error REAL,\n"                   \
    "  member_hours_lost_per_year REAL,\n"                                         \
    "  PRIMARY KEY(run_id, kind, idx)) WITHOUT ROWID;\n"                           \
    "CREATE TABLE blast_radius(        -- events per year by members lost\n"      \
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"           \
    "  kind INTEGER NOT NULL, idx INTEGER NOT NULL,\n"                             \
    "  size INTEGER NOT NULL,          -- members lost at once; 65: more than 64\n" \
    "  per_year REAL,\n"                                                           \
    "  PRIMARY KEY(run_id, kind, idx, size)) WITHOUT ROWID;\n"

static const char schema_v6_sql[] =
    TOPOLOGIES_TABLE RUNS_TABLE_V2 FIGURES_TABLE(UNPLANNED_COLUMNS) HISTORY_TABLES CAUSES_TABLE
    FILES_TABLE DATA_LOSS_TABLE CAPACITY_TABLES
    "PRAGMA user_version = 6;\n";

static const char migrate_5_to_6_sql[] =
    CAPACITY_TABLES
    "PRAGMA user_version = 6;\n";

static int read_int(store *s, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* One step (create or migrate) inside an IMMEDIATE transaction; `from` is
 * the version the step expects. Returns STORE_OK (also when another process
 * did the step first). */
static int step(store *s, int from, const char *sql, const char *doing)
{
    int rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        return store_fail(s, rc, doing);
    int v = -1, tables = 0;
    rc = read_int(s, "PRAGMA user_version", &v);
    if (rc == SQLITE_OK)
        rc = read_int(s, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc == SQLITE_OK && v == from && !(from == 0 && tables > 0))
        rc = store_exec(s, sql);
    if (rc == SQLITE_OK)
        rc = store_exec(s, "COMMIT");
    if (rc != SQLITE_OK) {
        int code = store_fail(s, rc, doing);
        store_exec(s, "ROLLBACK");
        return code;
    }
    return STORE_OK;
}

int store_schema_update(store *s)
{
    int v = 0, tables = 0;
    int rc = read_int(s, "PRAGMA user_version", &v);
    if (rc == SQLITE_OK)
        rc = read_int(s, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot read");
    if (v == STORE_SCHEMA_VERSION)
        return STORE_OK;
    if (v > STORE_SCHEMA_VERSION)
        return store_failf(s, STORE_EVERSION,
                           "cannot use %s: its schema version %d is newer than this nines "
                           "understands (%d): upgrade nines",
                           s->path, v, STORE_SCHEMA_VERSION);
    if (v == 0 && tables > 0)
        return store_failf(s, STORE_ECORRUPT,
                           "cannot use %s: it is an SQLite database but not a nines store", s->path);
    if (s->readonly)
        return store_failf(s, STORE_EREADONLY,
                           "cannot use %s: it is read-only and its schema (version %d) must be "
                           "updated to version %d first",
                           s->path, v, STORE_SCHEMA_VERSION);
    int code = STORE_OK;
    if (v == 0)
        code = step(s, 0, schema_v6_sql, "cannot create the schema in");
    else if (v == 1)
        code = step(s, 1, migrate_1_to_2_sql, "cannot migrate (schema 1 to 2)");
    else if (v == 2)
        code = step(s, 2, migrate_2_to_3_sql, "cannot migrate (schema 2 to 3)");
    else if (v == 3)
        code = step(s, 3, migrate_3_to_4_sql, "cannot migrate (schema 3 to 4)");
    else if (v == 4)
        code = step(s, 4, migrate_4_to_5_sql, "cannot migrate (schema 4 to 5)");
    else if (v == 5)
        code = step(s, 5, migrate_5_to_6_sql, "cannot migrate (schema 5 to 6)");
    else if (v == 6) /* issue 14: transient figures, crews (store_z14.c) */
        code = step(s, 6, store_z14_migrate_sql, "cannot migrate (schema 6 to 7)");
    if (code)
        return code;
    rc = read_int(s, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot read");
    if (v != STORE_SCHEMA_VERSION) /* a file created by someone else at once */
        return store_schema_update(s);
    return STORE_OK;
}
