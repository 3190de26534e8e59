/* data/store.c — opening and closing the results store.
 *
 * DESIGN. One SQLite file in WAL mode (readers never block the writer) with a
 * busy timeout, so that several nines processes can store runs at once. A
 * file whose permissions forbid writing is opened read-only even for root, so
 * that `chmod a-w` protects a store. Failures become STORE_E* codes and
 * messages in store_err.c; the schema is brought up to date by
 * store_schema.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

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
