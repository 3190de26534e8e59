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
/* (declarations owned by the store's author) */

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
