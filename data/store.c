/* data/store.c — opening the results store, and its errors.
 *
 * DESIGN. One SQLite file in WAL mode (readers never block the writer) with a
 * busy timeout, so that several nines processes can store runs at once. A
 * file whose permissions forbid writing is opened read-only even for root, so
 * that `chmod a-w` protects a store. Every SQLite failure is mapped to a
 * STORE_E* code and a message naming the file and the cause.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

const char *store_strerror(int code)
{
    switch (code) {
    case STORE_OK: return "no error";
    case STORE_ENOMEM: return "out of memory";
    case STORE_EIO: return "cannot open or read the database file";
    case STORE_EBUSY: return "the database is locked by another process";
    case STORE_EREADONLY: return "the database is read-only";
    case STORE_ECORRUPT: return "the file is not a nines database or is damaged";
    case STORE_EFULL: return "the disk is full";
    case STORE_ENOTFOUND: return "not found";
    case STORE_EVERSION: return "the database schema is newer than this nines";
    case STORE_ESQL: return "database error";
    default: return "unknown store error";
    }
}

int store_failf(store *s, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    return code;
}

int store_fail(store *s, int rc, const char *doing)
{
    /* the cause of an I/O error: SQLite keeps it only for some calls, so the
       errno of the failed write (nothing has run since) stands in */
    int sys = errno;
    if (s->db && sqlite3_system_errno(s->db))
        sys = sqlite3_system_errno(s->db);
    int code;
    const char *why;
    switch (rc & 0xff) {
    case SQLITE_NOMEM: code = STORE_ENOMEM, why = "out of memory"; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = STORE_EBUSY;
        why = "the database is locked by another process (waited 5 s)";
        break;
    case SQLITE_READONLY: code = STORE_EREADONLY, why = "the database is read-only"; break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        code = STORE_ECORRUPT;
        why = (rc & 0xff) == SQLITE_NOTADB ? "file is not a database"
                                           : "the database file is damaged";
        break;
    case SQLITE_FULL: code = STORE_EFULL, why = "the disk is full"; break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
        /* a write past the disk or the file size limit is an I/O error to SQLite */
        if (sys == EFBIG) {
            code = STORE_EFULL;
            why = "the file size limit (ulimit -f) is reached";
            break;
        }
        if (sys == ENOSPC || sys == EDQUOT) {
            code = STORE_EFULL;
            why = "the disk is full";
            break;
        }
        code = STORE_EIO;
        why = s->db ? sqlite3_errmsg(s->db) : "cannot open the file";
        break;
    default:
        code = STORE_ESQL;
        why = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
        break;
    }
    snprintf(s->msg, sizeof s->msg, "%s %s: %s", doing, s->path, why);
    return code;
}

int store_exec(store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

const char *store_errmsg(const store *s)
{
    return s ? s->msg : "out of memory";
}

const char *store_path(const store *s)
{
    return s ? s->path : "";
}

int store_schema_version(store *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* A reader of a WAL store in a folder it cannot write (SQLite cannot create
 * PATH-shm there): if no PATH-wal exists, every committed run is in the file
 * itself and nobody can be writing (a writer needs PATH-wal), so the file is
 * reopened as immutable. Returns SQLITE_OK or the failure rc (kept). */
static int open_immutable(store *s, int rc)
{
    if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
        return rc;
    size_t n = strlen(s->path);
    char *uri = malloc(3 * n + 32), *wal = malloc(n + 5);
    int out = rc;
    if (!uri || !wal)
        goto done;
    memcpy(wal, s->path, n);
    memcpy(wal + n, "-wal", 5);
    if (access(wal, F_OK) == 0)
        goto done;
    /* file:PATH?immutable=1 with every byte but [A-Za-z0-9/._~-] as %XX */
    size_t o = 0;
    o += (size_t)sprintf(uri, "file:");
    for (const unsigned char *p = (const unsigned char *)s->path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/._~-", *p))
            uri[o++] = (char)*p;
        else
            o += (size_t)sprintf(uri + o, "%%%02X", *p);
    }
    strcpy(uri + o, "?immutable=1");
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        sqlite3_close(db);
        goto done;
    }
    sqlite3_close(s->db);
    s->db = db;
    sqlite3_extended_result_codes(s->db, 1);
    s->readonly = 1;
    out = SQLITE_OK;
done:
    free(uri);
    free(wal);
    return out;
}

int store_open(const char *path, int mode, store **out)
{
    *out = NULL;
    store *s = calloc(1, sizeof *s);
    if (!s)
        return STORE_ENOMEM;
    size_t n = strlen(path) + 1;
    s->path = malloc(n);
    if (!s->path) {
        free(s);
        return STORE_ENOMEM;
    }
    memcpy(s->path, path, n);
    *out = s;

    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && mode == STORE_READONLY)
        return store_failf(s, STORE_ENOTFOUND, "no database at %s", path);
    if (exists && !S_ISREG(st.st_mode))
        return store_failf(s, STORE_EIO, "cannot open %s: it is not a regular file", path);
    s->readonly = exists && (st.st_mode & 0222) == 0;
    int flags = s->readonly ? SQLITE_OPEN_READONLY
                            : SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot open");
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    /* reading the header here finds a file that is not a database */
    rc = store_exec(s, "SELECT count(*) FROM sqlite_master");
    if (rc != SQLITE_OK && mode == STORE_READONLY && open_immutable(s, rc) == SQLITE_OK)
        rc = store_exec(s, "SELECT count(*) FROM sqlite_master");
    if (rc != SQLITE_OK)
        return store_fail(s, rc, "cannot read");
    if (!s->readonly) {
        rc = store_exec(s, "PRAGMA journal_mode = WAL");
        if (rc != SQLITE_OK)
            return store_fail(s, rc, "cannot use");
        store_exec(s, "PRAGMA synchronous = NORMAL");
    }
    return store_schema_update(s);
}

void store_close(store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}
