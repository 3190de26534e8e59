/* data/store_run.c — writing a run, reading it back, listing the history.
 *
 * DESIGN. store_put_run writes the run row, its topology text (once per
 * SHA-256), one `figures` row per target (system, services, views), the
 * non-zero histogram bins of each, its downtime by cause (all nine causes,
 * zeros too) and the convergence points, all inside one BEGIN IMMEDIATE ...
 * COMMIT with prepared statements; any failure rolls the whole run back.
 * SQLite turns NaN into NULL: NULL is read back as NaN, so a round trip is
 * exact. A run stored before schema 3 has no causes and a NULL unplanned
 * availability: it reads back with NaN there (unknown), which the printers
 * leave out. Every file the run read goes to `files` (schema 4), its text
 * to `topologies` once per SHA-256, like the main file's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

enum { KIND_SYSTEM = 0, KIND_SERVICE = 1, KIND_VIEW = 2 };

static char *dup_text(const unsigned char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        if (s)
            memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* A column as a new string (NULL column: NULL, *oom untouched). */
static char *col_text(sqlite3_stmt *st, int i, int *oom)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return NULL;
    const unsigned char *t = sqlite3_column_text(st, i);
    char *d = dup_text(t, (size_t)sqlite3_column_bytes(st, i));
    if (!d)
        *oom = 1;
    return d;
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no row, then resets it. */
static int run_stmt(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int put_figures(sqlite3_stmt *fig, sqlite3_stmt *hist, sqlite3_stmt *cause, long long id,
                       int kind, int idx, const mc_figures *f)
{
    int k = 1;
    sqlite3_bind_int64(fig, k++, id);
    sqlite3_bind_int(fig, k++, kind);
    sqlite3_bind_int(fig, k++, idx);
    bind_text(fig, k++, f->name ? f->name : "");
    const double v[] = {f->availability, f->ci_lo, f->ci_hi, f->std_error, f->nines,
                        f->downtime_min_per_year, f->year_p50, f->year_p95, f->year_p99,
                        f->year_max, f->outages_per_year};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        sqlite3_bind_double(fig, k++, v[i]);
    sqlite3_bind_int64(fig, k++, f->outages);
    sqlite3_bind_double(fig, k++, f->mean_outage_min);
    sqlite3_bind_double(fig, k++, f->longest_outage_min);
    sqlite3_bind_double(fig, k++, f->sla_breach);
    sqlite3_bind_int64(fig, k++, f->years);
    sqlite3_bind_double(fig, k++, f->availability_unplanned);
    sqlite3_bind_double(fig, k++, f->unplanned_ci_lo);
    sqlite3_bind_double(fig, k++, f->unplanned_ci_hi);
    int rc = run_stmt(fig);
    for (int c = 0; rc == SQLITE_OK && c < CAUSE_N; c++) {
        sqlite3_bind_int64(cause, 1, id);
        sqlite3_bind_int(cause, 2, kind);
        sqlite3_bind_int(cause, 3, idx);
        bind_text(cause, 4, topo_cause_name(c));
        sqlite3_bind_double(cause, 5, f->cause_min_per_year[c]);
        rc = run_stmt(cause);
    }
    for (int b = 0; rc == SQLITE_OK && b < MC_HIST_BINS; b++) {
        if (!f->hist[b])
            continue;
        sqlite3_bind_int64(hist, 1, id);
        sqlite3_bind_int(hist, 2, kind);
        sqlite3_bind_int(hist, 3, idx);
        sqlite3_bind_int(hist, 4, b);
        sqlite3_bind_int64(hist, 5, f->hist[b]);
        rc = run_stmt(hist);
    }
    return rc;
}

int store_put_run(store *s, const store_run_info *info, const mc_result *r, long long *id)
{
    static const char *const sql[] = {
        "INSERT OR IGNORE INTO topologies(sha256, text) VALUES(?1, ?2)",
        "INSERT INTO runs(name, topology_path, topology_sha256, options, seed,"
        " trials_requested, trials, partial, threads, mission_hours, sla, version,"
        " started_utc, finished_utc, events, seconds, command, parts)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
        "INSERT INTO figures VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
        "?17,?18,?19,?20,?21,?22,?23)",
        "INSERT INTO histogram(run_id, kind, idx, bin, years) VALUES(?1,?2,?3,?4,?5)",
        "INSERT INTO convergence(run_id, k, trials, availability, ci_lo, ci_hi)"
        " VALUES(?1,?2,?3,?4,?5,?6)",
        "INSERT INTO causes(run_id, kind, idx, cause, minutes_per_year) VALUES(?1,?2,?3,?4,?5)",
        "INSERT INTO files(run_id, idx, from_idx, written, path, resolved, sha256, same_idx)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
    };
    enum { N = sizeof sql / sizeof sql[0] };
    sqlite3_stmt *st[N] = {0};
    const char *doing = "cannot store the run in";
    int rc, code = STORE_OK, begun = 0;
    char sha[65] = "";
    int n_src = info && info->sources ? info->n_sources : 0;
    char (*shas)[65] = NULL;
    *id = 0;

    if (s->readonly)
        return store_failf(s, STORE_EREADONLY, "%s %s: the database is read-only", doing, s->path);
    if (n_src > 0 && !(shas = calloc((size_t)n_src, sizeof *shas)))
        return store_failf(s, STORE_ENOMEM, "%s %s: out of memory", doing, s->path);
    for (int i = 0; i < n_src; i++)
        if (info->sources[i].text)
            store_sha256_hex(info->sources[i].text, info->sources[i].len, shas[i]);
    for (int i = 0; i < n_src; i++) /* a repeat: the text read first */
        if (!info->sources[i].text && info->sources[i].same >= 0 && info->sources[i].same < i)
            memcpy(shas[i], shas[info->sources[i].same], 65);
    for (int i = 0; i < N; i++) {
        rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st[i], NULL);
        if (rc != SQLITE_OK)
            goto fail;
    }
    rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        goto fail;
    begun = 1;
    if (info && info->topology_text) {
        store_sha256_hex(info->topology_text, info->topology_len, sha);
        sqlite3_bind_text(st[0], 1, sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st[0], 2, info->topology_text, (int)info->topology_len, SQLITE_TRANSIENT);
        if ((rc = run_stmt(st[0])) != SQLITE_OK)
            goto fail;
    }
    sqlite3_stmt *run = st[1];
    bind_text(run, 1, r->name ? r->name : "");
    bind_text(run, 2, info ? info->topology_path : NULL);
    bind_text(run, 3, *sha ? sha : NULL);
    bind_text(run, 4, info ? info->options : NULL);
    sqlite3_bind_int64(run, 5, (sqlite3_int64)r->seed);
    sqlite3_bind_int64(run, 6, r->trials_requested);
    sqlite3_bind_int64(run, 7, r->trials);
    sqlite3_bind_int(run, 8, r->partial);
    sqlite3_bind_int(run, 9, r->threads);
    sqlite3_bind_double(run, 10, r->mission_hours);
    sqlite3_bind_double(run, 11, r->sla);
    bind_text(run, 12, info ? info->version : NULL);
    bind_text(run, 13, info ? info->started_utc : NULL);
    bind_text(run, 14, info ? info->finished_utc : NULL);
    sqlite3_bind_int64(run, 15, r->events);
    sqlite3_bind_double(run, 16, r->seconds);
    bind_text(run, 17, info ? info->command : NULL);
    sqlite3_bind_int(run, 18, r->n_parts);
    if ((rc = run_stmt(run)) != SQLITE_OK)
        goto fail;
    long long rid = sqlite3_last_insert_rowid(s->db);
    rc = put_figures(st[2], st[3], st[5], rid, KIND_SYSTEM, 0, &r->system);
    for (int i = 0; rc == SQLITE_OK && i < r->n_services; i++)
        rc = put_figures(st[2], st[3], st[5], rid, KIND_SERVICE, i, &r->services[i]);
    for (int i = 0; rc == SQLITE_OK && i < r->n_views; i++)
        rc = put_figures(st[2], st[3], st[5], rid, KIND_VIEW, i, &r->views[i]);
    if (rc == SQLITE_OK)
        rc = store_loss_put(s, rid, r); /* data loss (schema 5) */
    if (rc == SQLITE_OK)
        rc = store_capacity_put(s, rid, r); /* capacity (Y16) */
    for (int i = 0; rc == SQLITE_OK && i < r->n_conv && i < MC_CONV_POINTS; i++) {
        const mc_conv_point *c = &r->conv[i];
        sqlite3_bind_int64(st[4], 1, rid);
        sqlite3_bind_int(st[4], 2, i);
        sqlite3_bind_int64(st[4], 3, c->trials);
        sqlite3_bind_double(st[4], 4, c->availability);
        sqlite3_bind_double(st[4], 5, c->ci_lo);
        sqlite3_bind_double(st[4], 6, c->ci_hi);
        rc = run_stmt(st[4]);
    }
    for (int i = 0; rc == SQLITE_OK && i < n_src; i++) {
        const topo_source *src = &info->sources[i];
        if (src->text) {
            sqlite3_bind_text(st[0], 1, shas[i], -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st[0], 2, src->text, (int)src->len, SQLITE_TRANSIENT);
            if ((rc = run_stmt(st[0])) != SQLITE_OK)
                break;
        }
        sqlite3_stmt *f = st[6];
        sqlite3_bind_int64(f, 1, rid);
        sqlite3_bind_int(f, 2, i);
        if (src->from >= 0)
            sqlite3_bind_int(f, 3, src->from);
        bind_text(f, 4, src->written ? src->written : "");
        bind_text(f, 5, src->path ? src->path : "");
        bind_text(f, 6, src->resolved ? src->resolved : src->path ? src->path : "");
        bind_text(f, 7, *shas[i] ? shas[i] : NULL);
        if (src->same >= 0)
            sqlite3_bind_int(f, 8, src->same);
        rc = run_stmt(f);
    }
    if (rc == SQLITE_OK)
        rc = store_z14_put(s, rid, r);
    if (rc == SQLITE_OK) /* rare events (issue 18) */
        rc = store_rare_put(s, rid, r);
    if (rc == SQLITE_OK) /* the exponential sampler (issue 18) */
        rc = store_exp_put(s, rid, r);
    if (rc != SQLITE_OK)
        goto fail;
    rc = store_exec(s, "COMMIT");
    if (rc != SQLITE_OK)
        goto fail;
    *id = rid;
    goto done;
fail:
    code = store_fail(s, rc, doing);
    if (begun)
        store_exec(s, "ROLLBACK");
done:
    for (int i = 0; i < N; i++)
        sqlite3_finalize(st[i]);
    free(shas);
    return code;
}

static void read_figures(sqlite3_stmt *q, mc_figures *f, int *oom)
{
    int k = 3; /* after run_id, kind, idx */
    free(f->name);
    f->name = col_text(q, k++, oom);
    double *v[] = {&f->availability, &f->ci_lo, &f->ci_hi, &f->std_error, &f->nines,
                   &f->downtime_min_per_year, &f->year_p50, &f->year_p95, &f->year_p99,
                   &f->year_max, &f->outages_per_year};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        *v[i] = col_real(q, k++);
    f->outages = sqlite3_column_int64(q, k++);
    f->mean_outage_min = col_real(q, k++);
    f->longest_outage_min = col_real(q, k++);
    f->sla_breach = col_real(q, k++);
    f->years = sqlite3_column_int64(q, k++);
    /* schema 3 (NULL, read as NaN, for runs stored before) */
    f->availability_unplanned = col_real(q, k++);
    f->unplanned_ci_lo = col_real(q, k++);
    f->unplanned_ci_hi = col_real(q, k++);
}

/* Before the causes are read: unknown, as for a run stored before schema 3. */
static void causes_unknown(mc_figures *f)
{
    for (int c = 0; c < CAUSE_N; c++)
        f->cause_min_per_year[c] = NAN;
}

/* The index of a stored cause's name; -1 for a name this nines does not know. */
static int cause_index(const unsigned char *name)
{
    for (int c = 0; name && c < CAUSE_N; c++)
        if (!strcmp((const char *)name, topo_cause_name(c)))
            return c;
    return -1;
}

static mc_figures *target(mc_result *r, int kind, int idx)
{
    if (kind == KIND_SYSTEM && idx == 0)
        return &r->system;
    if (kind == KIND_SERVICE && idx >= 0 && idx < r->n_services)
        return &r->services[idx];
    if (kind == KIND_VIEW && idx >= 0 && idx < r->n_views)
        return &r->views[idx];
    return NULL;
}

void store_meta_free(store_meta *m)
{
    if (!m)
        return;
    free(m->name);
    free(m->topology_path);
    free(m->topology_sha256);
    free(m->options);
    free(m->command);
    free(m->version);
    free(m->started_utc);
    free(m->finished_utc);
    free(m->topology_text);
    for (int i = 0; m->sources && i < m->n_sources; i++) {
        free(m->sources[i].written);
        free(m->sources[i].path);
        free(m->sources[i].resolved);
        free(m->sources[i].text);
        free(m->sources_sha256 ? m->sources_sha256[i] : NULL);
    }
    free(m->sources);
    free(m->sources_sha256);
    free(m);
}

/* The run's `files` rows (schema 4) into m->sources; none for a run stored
 * before. Returns an SQLite code; *oom set when out of memory. */
static int read_sources(sqlite3_stmt *q, store_meta *m, int *oom)
{
    int rc, cap = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (m->n_sources == cap) {
            int nc = cap ? 2 * cap : 4;
            topo_source *v = realloc(m->sources, (size_t)nc * sizeof *v);
            if (v)
                m->sources = v;
            char **h = v ? realloc(m->sources_sha256, (size_t)nc * sizeof *h) : NULL;
            if (h)
                m->sources_sha256 = h;
            if (!v || !h) {
                *oom = 1;
                return SQLITE_OK;
            }
            cap = nc;
        }
        topo_source *src = &m->sources[m->n_sources];
        memset(src, 0, sizeof *src);
        m->sources_sha256[m->n_sources] = NULL;
        m->n_sources++;
        src->from = sqlite3_column_type(q, 0) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 0);
        src->written = col_text(q, 1, oom);
        src->path = col_text(q, 2, oom);
        src->resolved = col_text(q, 3, oom);
        m->sources_sha256[m->n_sources - 1] = col_text(q, 4, oom);
        src->same = sqlite3_column_type(q, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 5);
        if (src->same < 0 && sqlite3_column_type(q, 6) != SQLITE_NULL) {
            src->text = col_text(q, 6, oom);
            src->len = (size_t)sqlite3_column_bytes(q, 6);
        }
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int store_get_run(store *s, long long id, mc_result **out, store_meta **meta)
{
    static const char *const sql[] = {
        "SELECT r.name, r.topology_path, r.topology_sha256, r.options, r.seed,"
        " r.trials_requested, r.trials, r.partial, r.threads, r.mission_hours, r.sla,"
        " r.version, r.started_utc, r.finished_utc, r.events, r.seconds, r.command, t.text,"
        " r.parts,"
        " (SELECT count(*) FROM figures f WHERE f.run_id = r.id AND f.kind = 1),"
        " (SELECT count(*) FROM figures f WHERE f.run_id = r.id AND f.kind = 2)"
        " FROM runs r LEFT JOIN topologies t ON t.sha256 = r.topology_sha256 WHERE r.id = ?1",
        "SELECT * FROM figures WHERE run_id = ?1 ORDER BY kind, idx",
        "SELECT kind, idx, bin, years FROM histogram WHERE run_id = ?1",
        "SELECT k, trials, availability, ci_lo, ci_hi FROM convergence WHERE run_id = ?1"
        " ORDER BY k",
        "SELECT kind, idx, cause, minutes_per_year FROM causes WHERE run_id = ?1",
        "SELECT f.from_idx, f.written, f.path, f.resolved, f.sha256, f.same_idx, t.text"
        " FROM files f LEFT JOIN topologies t ON t.sha256 = f.sha256 WHERE f.run_id = ?1"
        " ORDER BY f.idx",
    };
    enum { N = sizeof sql / sizeof sql[0] };
    sqlite3_stmt *st[N] = {0};
    const char *doing = "cannot read the run from";
    mc_result *r = NULL;
    store_meta *m = NULL;
    int rc, code = STORE_OK, oom = 0;
    *out = NULL;
    if (meta)
        *meta = NULL;

    for (int i = 0; i < N; i++) {
        rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st[i], NULL);
        if (rc != SQLITE_OK)
            goto fail;
        sqlite3_bind_int64(st[i], 1, id);
    }
    /* one read transaction: the run cannot change half-way */
    if ((rc = store_exec(s, "BEGIN")) != SQLITE_OK)
        goto fail;
    sqlite3_stmt *q = st[0];
    rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        code = store_failf(s, STORE_ENOTFOUND, "no run %lld in %s", id, s->path);
        goto done;
    }
    if (rc != SQLITE_ROW)
        goto fail;
    r = mc_result_new(sqlite3_column_int(q, 19), sqlite3_column_int(q, 20));
    m = calloc(1, sizeof *m);
    if (!r || !m) {
        oom = 1;
        goto done;
    }
    r->name = col_text(q, 0, &oom);
    r->seed = (uint64_t)sqlite3_column_int64(q, 4);
    r->trials_requested = sqlite3_column_int64(q, 5);
    r->trials = sqlite3_column_int64(q, 6);
    r->partial = sqlite3_column_int(q, 7);
    r->threads = sqlite3_column_int(q, 8);
    r->mission_hours = col_real(q, 9);
    r->sla = col_real(q, 10);
    r->events = sqlite3_column_int64(q, 14);
    r->seconds = col_real(q, 15);
    r->n_parts = sqlite3_column_int(q, 18);
    causes_unknown(&r->system);
    for (int i = 0; i < r->n_services; i++)
        causes_unknown(&r->services[i]);
    for (int i = 0; i < r->n_views; i++)
        causes_unknown(&r->views[i]);
    m->id = id;
    m->name = col_text(q, 0, &oom);
    m->topology_path = col_text(q, 1, &oom);
    m->topology_sha256 = col_text(q, 2, &oom);
    m->options = col_text(q, 3, &oom);
    m->version = col_text(q, 11, &oom);
    m->started_utc = col_text(q, 12, &oom);
    m->finished_utc = col_text(q, 13, &oom);
    m->command = col_text(q, 16, &oom);
    m->topology_text = col_text(q, 17, &oom);
    m->topology_len = m->topology_text ? strlen(m->topology_text) : 0;

    while ((rc = sqlite3_step(st[1])) == SQLITE_ROW) {
        mc_figures *f = target(r, sqlite3_column_int(st[1], 1), sqlite3_column_int(st[1], 2));
        if (f)
            read_figures(st[1], f, &oom);
    }
    if (rc != SQLITE_DONE)
        goto fail;
    while ((rc = sqlite3_step(st[2])) == SQLITE_ROW) {
        mc_figures *f = target(r, sqlite3_column_int(st[2], 0), sqlite3_column_int(st[2], 1));
        int b = sqlite3_column_int(st[2], 2);
        if (f && b >= 0 && b < MC_HIST_BINS)
            f->hist[b] = sqlite3_column_int64(st[2], 3);
    }
    if (rc != SQLITE_DONE)
        goto fail;
    while ((rc = sqlite3_step(st[3])) == SQLITE_ROW) {
        int k = sqlite3_column_int(st[3], 0);
        if (k < 0 || k >= MC_CONV_POINTS)
            continue;
        mc_conv_point *c = &r->conv[k];
        c->trials = sqlite3_column_int64(st[3], 1);
        c->availability = col_real(st[3], 2);
        c->ci_lo = col_real(st[3], 3);
        c->ci_hi = col_real(st[3], 4);
        if (k + 1 > r->n_conv)
            r->n_conv = k + 1;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    while ((rc = sqlite3_step(st[4])) == SQLITE_ROW) {
        mc_figures *f = target(r, sqlite3_column_int(st[4], 0), sqlite3_column_int(st[4], 1));
        int c = cause_index(sqlite3_column_text(st[4], 2));
        if (f && c >= 0)
            f->cause_min_per_year[c] = col_real(st[4], 3);
    }
    if (rc != SQLITE_DONE)
        goto fail;
    if ((rc = read_sources(st[5], m, &oom)) != SQLITE_OK)
        goto fail;
    if ((rc = store_loss_get(s, id, r)) != SQLITE_OK) /* data loss (schema 5) */
        goto fail;
    if ((rc = store_capacity_get(s, id, r)) != SQLITE_OK) /* capacity (Y16) */
        goto fail;
    if ((rc = store_z14_get(s, id, r, &oom)) != SQLITE_OK)
        goto fail;
    if ((rc = store_rare_get(s, id, r, &oom)) != SQLITE_OK) /* rare events (issue 18) */
        goto fail;
    if ((rc = store_exp_get(s, id, r)) != SQLITE_OK) /* the exponential sampler (issue 18) */
        goto fail;
    goto done;
fail:
    code = store_fail(s, rc, doing);
done:
    if (oom && !code)
        code = store_failf(s, STORE_ENOMEM, "%s %s: out of memory", doing, s->path);
    for (int i = 0; i < N; i++)
        sqlite3_finalize(st[i]);
    if (!sqlite3_get_autocommit(s->db))
        store_exec(s, "COMMIT");
    if (code) {
        mc_result_free(r);
        store_meta_free(m);
        return code;
    }
    *out = r;
    if (meta)
        *meta = m;
    else
        store_meta_free(m);
    return STORE_OK;
}

void store_rows_free(store_row *rows, int n)
{
    for (int i = 0; rows && i < n; i++) {
        free(rows[i].started_utc);
        free(rows[i].name);
    }
    free(rows);
}

int store_list_runs(store *s, store_row **rows, int *n)
{
    const char *sql =
        "SELECT r.id, r.started_utc, r.name, r.trials, r.partial, f.availability, f.nines,"
        " f.downtime_min_per_year FROM runs r"
        " LEFT JOIN figures f ON f.run_id = r.id AND f.kind = 0 AND f.idx = 0 ORDER BY r.id";
    sqlite3_stmt *st = NULL;
    store_row *v = NULL;
    int cnt = 0, cap = 0, oom = 0, code = STORE_OK;
    *rows = NULL;
    *n = 0;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        code = store_fail(s, rc, "cannot list the runs of");
        goto done;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            int nc = cap ? cap * 2 : 64;
            store_row *nv = realloc(v, (size_t)nc * sizeof *nv);
            if (!nv) {
                oom = 1;
                break;
            }
            v = nv;
            cap = nc;
        }
        store_row *w = &v[cnt++];
        memset(w, 0, sizeof *w);
        w->id = sqlite3_column_int64(st, 0);
        w->started_utc = col_text(st, 1, &oom);
        w->name = col_text(st, 2, &oom);
        w->trials = sqlite3_column_int64(st, 3);
        w->partial = sqlite3_column_int(st, 4);
        w->availability = col_real(st, 5);
        w->nines = col_real(st, 6);
        w->downtime_min_per_year = col_real(st, 7);
    }
    if (oom)
        code = store_failf(s, STORE_ENOMEM, "cannot list the runs of %s: out of memory", s->path);
    else if (rc != SQLITE_DONE)
        code = store_fail(s, rc, "cannot list the runs of");
done:
    sqlite3_finalize(st);
    if (code) {
        store_rows_free(v, cnt);
        return code;
    }
    *rows = v;
    *n = cnt;
    return STORE_OK;
}
