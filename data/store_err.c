/* data/store_err.c — the store's errors (every SQLite failure mapped to a
 * STORE_E* code and a message naming the file and the cause, kept in the
 * handle) and store_exec. The lowest file of the store: store.c,
 * store_schema.c and store_run.c call it, it calls none of them, so the calls
 * between the store's files all point one way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

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
