/* data/store.h — the public header of data/: the SQLite results store (store_*)
 * and the reference tables of published availability figures (ref_*).
 *
 * Nothing here prints or exits: functions return 0 or a negative code and keep
 * a message for the caller (store_errmsg / the err buffer).
 */
#ifndef NINES_DATA_STORE_H
#define NINES_DATA_STORE_H

#include <stddef.h>

#include "../model/topology.h"
#include "../montecarlo/mc.h"

/* ===================== results store (store_*) ===================== */
/* Every run is kept in one SQLite file (WAL mode, busy timeout 5 s, schema
 * versioned by PRAGMA user_version and migrated on open; see
 * docs/store-and-reports.md). A run is written in one transaction: after a
 * failure or a crash the file holds either the whole run or none of it.
 *
 * A store handle is used from one thread at a time; several processes may
 * write the same file at once (each write waits up to the busy timeout).
 * Functions return STORE_OK or a negative STORE_E* code; store_errmsg gives
 * the message of the last failure (naming the file), valid until the next
 * call on the handle.
 */
enum {
    STORE_OK = 0,
    STORE_ENOMEM = -1,     /* out of memory */
    STORE_EIO = -2,        /* the file cannot be opened, created or read */
    STORE_EBUSY = -3,      /* locked by another process beyond the busy timeout */
    STORE_EREADONLY = -4,  /* the file (or its folder) is read-only */
    STORE_ECORRUPT = -5,   /* the file is not a database, or is damaged */
    STORE_EFULL = -6,      /* the disk (or quota) is full */
    STORE_ENOTFOUND = -7,  /* no run with that id / no database file (read mode) */
    STORE_EVERSION = -8,   /* the schema is newer than this program */
    STORE_ESQL = -9        /* any other SQLite failure (message says which) */
};

#define STORE_SCHEMA_VERSION 7
#define STORE_BUSY_TIMEOUT_MS 5000

typedef struct store store;

/* Opening modes. */
enum {
    STORE_READWRITE = 0,   /* create the file if missing, migrate if older */
    STORE_READONLY = 1     /* for readers (history, show, report): never create
                              the file (STORE_ENOTFOUND); an older schema is
                              still migrated when the file is writable */
};

/* Opens (or creates) the store at path. *out is set even on failure (except
 * STORE_ENOMEM) so that store_errmsg can be read: close it with store_close. */
int store_open(const char *path, int mode, store **out);
void store_close(store *s); /* NULL ok */
const char *store_errmsg(const store *s); /* NULL s: "out of memory" */
const char *store_path(const store *s);
/* The schema version of the open file (after any migration). */
int store_schema_version(store *s);

/* What a run was made from, beside its figures. Strings are borrowed;
 * NULL stands for "unknown" (stored as NULL). */
typedef struct store_run_info {
    const char *topology_path;
    const char *topology_text;  /* the main file's full text */
    size_t topology_len;
    /* every file the load read (topology->sources: the main file first,
       then each include entry), each kept with its paths and SHA-256; NULL:
       only the main text is kept */
    const topo_source *sources;
    int n_sources;
    const char *options;        /* e.g. "trials=10000 seed=1 threads=8 mission=87600h" */
    const char *command;        /* the command that reproduces the run */
    const char *version;        /* NINES_VERSION */
    const char *started_utc;    /* ISO 8601, e.g. 2026-11-28T12:00:00Z */
    const char *finished_utc;
} store_run_info;

/* Writes r and info in one transaction; *id is the new run's id. On failure
 * the transaction is rolled back and the file is as before. */
int store_put_run(store *s, const store_run_info *info, const mc_result *r, long long *id);

/* A stored run's description (owned; free with store_meta_free). */
typedef struct store_meta {
    long long id;
    char *name, *topology_path, *topology_sha256, *options, *command, *version;
    char *started_utc, *finished_utc;
    char *topology_text;        /* NUL-terminated */
    size_t topology_len;
    /* the files kept (schema 4): the main file first, then every include
       entry, as topology->sources held them (a repeat's text is NULL; a text
       missing from the file too), ready for topo_load_sources; NULL and 0
       for a run stored before schema 4, which kept only its main text */
    topo_source *sources;
    int n_sources;
    char **sources_sha256;      /* the SHA-256 of each source's text */
} store_meta;

/* Rebuilds the run `id`: *out equals the mc_result that was stored, field
 * by field (free with mc_result_free); meta may be NULL. STORE_ENOTFOUND if
 * there is no such run. */
int store_get_run(store *s, long long id, mc_result **out, store_meta **meta);
void store_meta_free(store_meta *m); /* NULL ok */

/* One line of the history. */
typedef struct store_row {
    long long id;
    char *started_utc, *name;
    long long trials;
    int partial;
    double availability, nines, downtime_min_per_year;
} store_row;

/* Every run, by increasing id: *rows (free with store_rows_free), *n. */
int store_list_runs(store *s, store_row **rows, int *n);
void store_rows_free(store_row *rows, int n);

/* SHA-256 (FIPS 180-4) of len bytes, as 64 lowercase hex digits and a NUL,
 * computed by Nettle. Cannot fail (no allocation); thread-safe. */
void store_sha256_hex(const void *data, size_t len, char out[65]);

const char *store_strerror(int code);

/* ===================== reference tables (ref_*) ===================== */
/* A reference table is a CSV file under a data folder's reference/ directory:
 *
 *   # comment lines (the source of the figures) start with '#'
 *   design,low_percent,high_percent[,more columns...]
 *   Heartbeat/DRBD,99.9,99.9,both
 *
 * Its NAME is the file's base name without ".csv" ("mysqlperformanceblog-2009").
 * Percent figures are read as ratios (99.9 -> 0.999). A design may have several
 * rows (two published copies of one figure): ref_band joins them.
 * Fields may be quoted ("a, b") as in RFC 4180. Tables are immutable once
 * loaded and may be read from any thread.
 *
 * Errors: functions return 0 or a negative REF_E* code and write one complete
 * diagnostic into err: "PATH:LINE:COL: error: what is wrong (got 'x', expected
 * y)" for a malformed file, "PATH: error: ..." when it cannot be read; with
 * REF_ENOTFOUND only, err is a plain message without location or "error:"
 * (the caller prefixes it, e.g. "nines: error: ").
 */
enum {
    REF_OK = 0,
    REF_EIO = -1,       /* a file or folder could not be read */
    REF_EPARSE = -2,    /* malformed CSV: see err */
    REF_ENOMEM = -3,
    REF_ENOTFOUND = -4  /* no data folder, or no table of that name */
};

typedef struct ref_row {
    char *design;        /* the design column, as written */
    double low, high;    /* ratios in [0, 1], low <= high */
    char *extra;         /* the remaining columns joined with ", " ("" if none) */
    int line;            /* line in the file (1-based) */
} ref_row;

typedef struct ref_table {
    char *name;          /* base name without .csv */
    char *path;          /* the file read */
    char *source;        /* the comment lines (without '# '), joined with '\n' */
    ref_row *rows;
    int n_rows;
} ref_table;

/* Parses CSV text; path names it in diagnostics and gives the table its name.
 * Returns REF_OK and a new table (free with ref_table_free), or REF_EPARSE /
 * REF_ENOMEM with *out NULL and the diagnostic in err. */
int ref_parse(const char *text, size_t len, const char *path, ref_table **out,
              char *err, size_t errlen);

/* Reads and parses one CSV file (REF_EIO if it cannot be read). */
int ref_load(const char *path, ref_table **out, char *err, size_t errlen);

void ref_table_free(ref_table *t); /* NULL ok */

/* Joins the rows whose design equals `design` (ignoring case and surrounding
 * blanks): *low = the lowest low, *high = the highest high. Returns the number
 * of rows matched (0: none, *low and *high untouched). */
int ref_band(const ref_table *t, const char *design, double *low, double *high);

/* The reference folder: the first of $NINES_DATA/reference (or $NINES_DATA
 * itself if it holds CSV files), ./data/reference, DIR/data/reference and
 * DIR/../share/nines/reference where DIR holds the running binary, and
 * /usr/local/share/nines/reference, /usr/share/nines/reference that exists.
 * Writes it into buf; returns REF_OK or REF_ENOTFOUND (err lists the places). */
int ref_find_dir(char *buf, size_t len, char *err, size_t errlen);

/* The names of the tables in dir (every *.csv), sorted. Returns REF_OK and a
 * new array of n new strings (free with ref_names_free), or REF_EIO / REF_ENOMEM. */
int ref_list(const char *dir, char ***names, int *n, char *err, size_t errlen);
void ref_names_free(char **names, int n);

/* Loads the table NAME from dir; REF_ENOTFOUND (err lists the available
 * names) if there is no dir/NAME.csv. */
int ref_load_named(const char *dir, const char *name, ref_table **out,
                   char *err, size_t errlen);

/* Of every table in dir, loads the one whose rows match the most of the n
 * design keys (NULL keys are skipped; ties go to the first name in order).
 * *out is NULL (and REF_OK is returned) if no table matches any key. A table
 * that fails to parse is an error. */
int ref_pick(const char *dir, const char *const *keys, int n, ref_table **out,
             char *err, size_t errlen);

#endif
