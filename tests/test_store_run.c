/* tests/test_store_run.c — the results store: SHA-256 vectors, the round trip
 * of a run field by field (downtime by cause too), the files a run read
 * (schema 4), migration from schemas 1, 2 and 3 (old runs' causes read back
 * unknown, their includes not kept), concurrent writers, runs
 * killed mid-write, and the failures (locked, read-only, corrupt, full). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../data/store_int.h"

static char dir[256];

static void db_path(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    memcpy(d, s, n);
    return d;
}

static void fill_figures(mc_figures *f, const char *name, double base, int with_nan)
{
    f->name = dup_str(name);
    f->availability = 0.99912345678901234 - base * 1e-5;
    f->ci_lo = f->availability - 2.385e-5;
    f->ci_hi = f->availability + 2.385e-5;
    f->std_error = 1.2167e-5;
    f->nines = -log10(1 - f->availability);
    f->downtime_min_per_year = (1 - f->availability) * 525600;
    f->year_p50 = 101.25 + base;
    f->year_p95 = 310.5 + base;
    f->year_p99 = 612.75 + base;
    f->year_max = 1440.125 + base;
    f->outages_per_year = 0.4125 + base;
    f->outages = 41250 + (long long)base;
    f->mean_outage_min = with_nan ? NAN : 243.5;
    f->longest_outage_min = 9876.5;
    f->sla_breach = with_nan ? -1 : 0.0375;
    f->years = 100000;
    /* downtime by cause: nine values that sum to the total, one zero */
    double left = f->downtime_min_per_year;
    for (int c = 0; c < CAUSE_N; c++) {
        f->cause_min_per_year[c] = c == CAUSE_SPLIT_BRAIN ? 0 : left / (2.385 + c);
        left -= f->cause_min_per_year[c];
    }
    f->cause_min_per_year[CAUSE_FAILURE] += left;
    f->availability_unplanned = 1 - (f->downtime_min_per_year -
                                     f->cause_min_per_year[CAUSE_MAINTENANCE]) / 525600;
    f->unplanned_ci_lo = with_nan ? NAN : f->availability_unplanned - 1.875e-5;
    f->unplanned_ci_hi = f->availability_unplanned + 1.875e-5;
    for (int b = 0; b < MC_HIST_BINS; b += 37 + (int)base)
        f->hist[b] = 1 + b * 3 + (long long)base;
    f->hist[MC_HIST_BINS - 1] = 7;
}

static mc_result *make_result(double base)
{
    mc_result *r = mc_result_new(3, 2);
    r->name = dup_str("OpenStack control plane, 'three' controllers; `galera`");
    r->trials = 9999;
    r->trials_requested = 10000;
    r->partial = 1;
    r->seed = 0xfedcba9876543210ULL; /* above INT64_MAX: tests the bits */
    r->threads = 8;
    r->mission_hours = 87600;
    r->sla = 0.9995;
    fill_figures(&r->system, "system", base, 0);
    const char *svc[3] = {"mysql", "keystone", "vip \"quoted\""};
    for (int i = 0; i < 3; i++)
        fill_figures(&r->services[i], svc[i], base + i + 1, i == 2);
    fill_figures(&r->views[0], "tenant-api", base + 5, 0);
    fill_figures(&r->views[1], "admin", base + 6, 0);
    r->n_conv = 17;
    for (int i = 0; i < r->n_conv; i++) {
        r->conv[i].trials = 10LL << i;
        r->conv[i].availability = 0.999 + i * 1e-6;
        r->conv[i].ci_lo = r->conv[i].availability - 1e-4 / (i + 1);
        r->conv[i].ci_hi = r->conv[i].availability + 1e-4 / (i + 1);
    }
    r->events = 123456789012LL;
    r->seconds = 1.875;
    r->n_parts = 23;
    return r;
}

static const char topo_text[] = "format: nines/1\nname: test\nhosts: {a: {profile: x}}\n";

static store_run_info make_info(void)
{
    store_run_info in = {0};
    in.topology_path = "topologies/examples/test.yaml";
    in.topology_text = topo_text;
    in.topology_len = sizeof topo_text - 1;
    in.options = "trials=10000 seed=18364758544493064720 threads=8 mission=87600h";
    in.command = "nines run topologies/examples/test.yaml --trials 10000";
    in.version = "0.1.0";
    in.started_utc = "2026-11-28T12:00:00Z";
    in.finished_utc = "2026-11-28T12:00:02Z";
    return in;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static int same_figures(const mc_figures *a, const mc_figures *b)
{
    int ok = strcmp(a->name, b->name) == 0;
    ok &= same_double(a->availability, b->availability) && same_double(a->ci_lo, b->ci_lo) &&
          same_double(a->ci_hi, b->ci_hi) && same_double(a->std_error, b->std_error) &&
          same_double(a->nines, b->nines) &&
          same_double(a->downtime_min_per_year, b->downtime_min_per_year) &&
          same_double(a->year_p50, b->year_p50) && same_double(a->year_p95, b->year_p95) &&
          same_double(a->year_p99, b->year_p99) && same_double(a->year_max, b->year_max) &&
          same_double(a->outages_per_year, b->outages_per_year) && a->outages == b->outages &&
          same_double(a->mean_outage_min, b->mean_outage_min) &&
          same_double(a->longest_outage_min, b->longest_outage_min) &&
          same_double(a->sla_breach, b->sla_breach) && a->years == b->years &&
          same_double(a->availability_unplanned, b->availability_unplanned) &&
          same_double(a->unplanned_ci_lo, b->unplanned_ci_lo) &&
          same_double(a->unplanned_ci_hi, b->unplanned_ci_hi);
    for (int c = 0; c < CAUSE_N; c++)
        ok &= same_double(a->cause_min_per_year[c], b->cause_min_per_year[c]);
    ok &= memcmp(a->hist, b->hist, sizeof a->hist) == 0;
    return ok;
}

static int same_result(const mc_result *a, const mc_result *b)
{
    int ok = strcmp(a->name, b->name) == 0 && a->trials == b->trials &&
             a->trials_requested == b->trials_requested && a->partial == b->partial &&
             a->seed == b->seed && a->threads == b->threads &&
             same_double(a->mission_hours, b->mission_hours) && same_double(a->sla, b->sla) &&
             a->n_services == b->n_services && a->n_views == b->n_views &&
             a->n_conv == b->n_conv && a->events == b->events && a->n_parts == b->n_parts &&
             same_double(a->seconds, b->seconds);
    if (!ok)
        return 0;
    ok &= same_figures(&a->system, &b->system);
    for (int i = 0; i < a->n_services; i++)
        ok &= same_figures(&a->services[i], &b->services[i]);
    for (int i = 0; i < a->n_views; i++)
        ok &= same_figures(&a->views[i], &b->views[i]);
    for (int i = 0; i < a->n_conv; i++)
        ok &= a->conv[i].trials == b->conv[i].trials &&
              same_double(a->conv[i].availability, b->conv[i].availability) &&
              same_double(a->conv[i].ci_lo, b->conv[i].ci_lo) &&
              same_double(a->conv[i].ci_hi, b->conv[i].ci_hi);
    return ok;
}

static int count_runs(const char *path)
{
    store *s = NULL;
    int n = -1;
    store_row *rows = NULL;
    if (store_open(path, STORE_READONLY, &s) == STORE_OK && store_list_runs(s, &rows, &n) == 0)
        store_rows_free(rows, n);
    store_close(s);
    return n;
}

static int integrity_ok(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

/* Every stored run is whole: 6 figure rows and 17 convergence points. */
static int runs_whole(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int bad = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM runs r WHERE"
                           " (SELECT count(*) FROM figures f WHERE f.run_id = r.id) != 6 OR"
                           " (SELECT count(*) FROM convergence c WHERE c.run_id = r.id) != 17",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        bad = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return bad == 0;
}

/* ---- tests ---- */

static void test_sha256_vectors(void)
{
    char h[65];
    store_sha256_hex("", 0, h);
    CU_ASSERT_STRING_EQUAL(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    store_sha256_hex("abc", 3, h);
    CU_ASSERT_STRING_EQUAL(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    store_sha256_hex(m448, strlen(m448), h);
    CU_ASSERT_STRING_EQUAL(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                       "klmnopqrlmnopqrsmnopqrstnopqrstu";
    store_sha256_hex(m896, strlen(m896), h);
    CU_ASSERT_STRING_EQUAL(h, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    char *mil = malloc(1000000);
    memset(mil, 'a', 1000000);
    store_sha256_hex(mil, 1000000, h);
    free(mil);
    CU_ASSERT_STRING_EQUAL(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* 55 and 56 bytes: the padding fits in one block, or needs two */
    char b55[56], b56[57];
    memset(b55, 'a', 55);
    memset(b56, 'a', 56);
    store_sha256_hex(b55, 55, h);
    CU_ASSERT_STRING_EQUAL(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    store_sha256_hex(b56, 56, h);
    CU_ASSERT_STRING_EQUAL(h, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

static void test_round_trip(void)
{
    char path[300];
    db_path(path, sizeof path, "round.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    CU_ASSERT_EQUAL(store_schema_version(s), STORE_SCHEMA_VERSION);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id1 = 0, id2 = 0;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id1), STORE_OK);
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id2), STORE_OK);
    CU_ASSERT(id1 > 0 && id2 == id1 + 1);
    mc_result *back = NULL;
    store_meta *m = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, id2, &back, &m), STORE_OK);
    CU_ASSERT(same_result(r, back));
    CU_ASSERT(isnan(back->services[2].mean_outage_min));
    CU_ASSERT_EQUAL(back->seed, 0xfedcba9876543210ULL);
    CU_ASSERT_STRING_EQUAL(m->topology_text, topo_text);
    CU_ASSERT_STRING_EQUAL(m->command, in.command);
    CU_ASSERT_STRING_EQUAL(m->options, in.options);
    CU_ASSERT_STRING_EQUAL(m->started_utc, in.started_utc);
    CU_ASSERT_STRING_EQUAL(m->version, "0.1.0");
    char sha[65];
    store_sha256_hex(topo_text, sizeof topo_text - 1, sha);
    CU_ASSERT_STRING_EQUAL(m->topology_sha256, sha);
    store_meta_free(m);
    mc_result_free(back);

    store_row *rows = NULL;
    int n = 0;
    CU_ASSERT_EQUAL(store_list_runs(s, &rows, &n), STORE_OK);
    CU_ASSERT_EQUAL(n, 2);
    if (n == 2) {
        CU_ASSERT_EQUAL(rows[1].id, id2);
        CU_ASSERT_EQUAL(rows[1].trials, 9999);
        CU_ASSERT_EQUAL(rows[1].partial, 1);
        CU_ASSERT(same_double(rows[1].availability, r->system.availability));
        CU_ASSERT_STRING_EQUAL(rows[1].name, r->name);
    }
    store_rows_free(rows, n);
    /* the text is kept once */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db, "SELECT count(*) FROM topologies", -1, &st, NULL);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);

    CU_ASSERT_EQUAL(store_get_run(s, 9999, &back, NULL), STORE_ENOTFOUND);
    CU_ASSERT_PTR_NULL(back);
    CU_ASSERT(strstr(store_errmsg(s), "no run 9999") != NULL);
    mc_result_free(r);
    store_close(s);
}

static void test_migrate_from_v1(void)
{
    char path[300];
    db_path(path, sizeof path, "v1.db");
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(db, store_schema_v1_sql, NULL, NULL, NULL), SQLITE_OK);
    char sha[65], sql[2048];
    store_sha256_hex(topo_text, sizeof topo_text - 1, sha);
    for (int i = 0; i < 3; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO runs(name, topology_path, topology_sha256, options, seed,"
                 " trials_requested, trials, partial, threads, mission_hours, sla, version,"
                 " started_utc, finished_utc, events, seconds, topology_text) VALUES("
                 "'old run %d', 'old.yaml', '%s', 'trials=1000', %d, 1000, 1000, 0, 2, 87600,"
                 " -1, '0.0.1', '2026-01-0%dT00:00:00Z', '2026-01-0%dT00:00:01Z', 5000, 0.25,"
                 " '%s');"
                 "INSERT INTO figures VALUES(%d, 0, 0, 'system', 0.9975, 0.997, 0.998, 0.00025,"
                 " 2.60206, 1314, 1000, 2000, 3000, 4000, 1.5, 1500, 876, 5000, -1, 10000);"
                 "INSERT INTO histogram VALUES(%d, 0, 0, 500, 42);"
                 "INSERT INTO convergence VALUES(%d, 0, 1000, 0.9975, 0.997, 0.998);",
                 i + 1, sha, 40 + i, i + 1, i + 1, topo_text, i + 1, i + 1, i + 1);
        CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    sqlite3_close(db);

    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    CU_ASSERT_EQUAL(store_schema_version(s), STORE_SCHEMA_VERSION);
    mc_result *r = NULL;
    store_meta *m = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, 2, &r, &m), STORE_OK);
    CU_ASSERT_STRING_EQUAL(r->name, "old run 2");
    CU_ASSERT_EQUAL(r->seed, 41);
    CU_ASSERT_EQUAL(r->system.hist[500], 42);
    CU_ASSERT_EQUAL(r->n_conv, 1);
    CU_ASSERT(same_double(r->system.availability, 0.9975));
    CU_ASSERT_PTR_NULL(m->command);
    CU_ASSERT_EQUAL(r->n_parts, 0);
    CU_ASSERT_STRING_EQUAL(m->topology_text, topo_text);
    mc_result_free(r);
    store_meta_free(m);
    /* the old column is gone, the new table holds the text once */
    sqlite3_stmt *st = NULL;
    CU_ASSERT_NOT_EQUAL(sqlite3_prepare_v2(s->db, "SELECT topology_text FROM runs", -1, &st, NULL),
                        SQLITE_OK);
    sqlite3_finalize(st);
    st = NULL;
    sqlite3_prepare_v2(s->db, "SELECT count(*) FROM topologies", -1, &st, NULL);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    /* and new runs go in after the old ones */
    mc_result *nr = make_result(1);
    store_run_info in = make_info();
    long long id = 0;
    CU_ASSERT_EQUAL(store_put_run(s, &in, nr, &id), STORE_OK);
    CU_ASSERT_EQUAL(id, 4);
    mc_result_free(nr);
    store_close(s);
    CU_ASSERT(integrity_ok(path));
}

/* A file of schema 2 (before downtime by cause): its runs read back with the
 * split unknown (NaN: the printers leave the keys out), and new runs store
 * theirs beside them. */
static void test_migrate_from_v2(void)
{
    char path[300];
    db_path(path, sizeof path, "v2.db");
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(db, store_schema_v2_sql, NULL, NULL, NULL), SQLITE_OK);
    const char *sql =
        "INSERT INTO runs(name, topology_path, topology_sha256, options, seed,"
        " trials_requested, trials, partial, threads, mission_hours, sla, version,"
        " started_utc, finished_utc, events, seconds, command, parts) VALUES("
        "'old run', 'old.yaml', NULL, 'trials=1000', 41, 1000, 1000, 0, 2, 87600,"
        " -1, '0.0.2', '2026-02-01T00:00:00Z', '2026-02-01T00:00:01Z', 5000, 0.25,"
        " 'nines run old.yaml', 3);"
        "INSERT INTO figures VALUES(1, 0, 0, 'system', 0.9975, 0.997, 0.998, 0.00025,"
        " 2.60206, 1314, 1000, 2000, 3000, 4000, 1.5, 1500, 876, 5000, -1, 10000);"
        "INSERT INTO figures VALUES(1, 1, 0, 'db', 0.9985, 0.998, 0.999, 0.00025,"
        " 2.82391, 788.4, 1000, 2000, 3000, 4000, 1.5, 1500, 876, 5000, -1, 10000);"
        "INSERT INTO convergence VALUES(1, 0, 1000, 0.9975, 0.997, 0.998);";
    CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    CU_ASSERT_EQUAL(store_schema_version(s), STORE_SCHEMA_VERSION);
    mc_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, 1, &r, NULL), STORE_OK);
    CU_ASSERT_EQUAL(r->n_services, 1);
    CU_ASSERT(same_double(r->system.availability, 0.9975));
    CU_ASSERT(same_double(r->services[0].downtime_min_per_year, 788.4));
    CU_ASSERT(isnan(r->system.availability_unplanned));
    CU_ASSERT(isnan(r->system.unplanned_ci_lo) && isnan(r->system.unplanned_ci_hi));
    for (int c = 0; c < CAUSE_N; c++)
        CU_ASSERT(isnan(r->system.cause_min_per_year[c]) &&
                  isnan(r->services[0].cause_min_per_year[c]));
    mc_result_free(r);

    /* a new run keeps its split, the old one stays unknown */
    mc_result *nr = make_result(2);
    store_run_info in = make_info();
    long long id = 0;
    CU_ASSERT_EQUAL(store_put_run(s, &in, nr, &id), STORE_OK);
    CU_ASSERT_EQUAL(id, 2);
    mc_result *back = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, id, &back, NULL), STORE_OK);
    CU_ASSERT(same_result(nr, back));
    double sum = 0;
    for (int c = 0; c < CAUSE_N; c++)
        sum += back->system.cause_min_per_year[c];
    CU_ASSERT_DOUBLE_EQUAL(sum, back->system.downtime_min_per_year,
                           1e-9 * back->system.downtime_min_per_year);
    CU_ASSERT(isnan(back->services[2].unplanned_ci_lo));
    mc_result_free(back);
    mc_result_free(nr);
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, 1, &r, NULL), STORE_OK);
    CU_ASSERT(isnan(r->system.cause_min_per_year[CAUSE_FAILURE]));
    mc_result_free(r);
    /* nine cause rows per target of the new run: system, 3 services, 2 views */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db, "SELECT count(*), count(DISTINCT cause) FROM causes", -1, &st, NULL);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 6 * CAUSE_N);
    CU_ASSERT_EQUAL(sqlite3_column_int(st, 1), CAUSE_N);
    sqlite3_finalize(st);
    store_close(s);
    CU_ASSERT(integrity_ok(path));
}

/* Schema 4: every file a run read, kept with its paths, its SHA-256 and its
 * text (once per SHA-256, with the main file's); a repeat keeps the first's
 * digest and no text of its own. */
static void test_files_kept(void)
{
    char path[300];
    db_path(path, sizeof path, "files.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    char main_text[] = "format: nines/1\ninclude: [lib.yaml, again.yaml]\n";
    char lib_text[] = "format: nines/1\nprofiles:\n  p: { fail: 2.385y, repair: 4h }\n";
    char again_text[] = "format: nines/1\ninclude: [lib.yaml]\n";
    topo_source src[4] = {
        {-1, (char *)"m.yaml", (char *)"m.yaml", (char *)"/x/m.yaml", main_text, sizeof main_text - 1, -1},
        {0, (char *)"lib.yaml", (char *)"lib.yaml", (char *)"/x/lib.yaml", lib_text, sizeof lib_text - 1, -1},
        {0, (char *)"again.yaml", (char *)"again.yaml", (char *)"/x/again.yaml", again_text, sizeof again_text - 1, -1},
        {2, (char *)"lib.yaml", (char *)"lib.yaml", (char *)"/x/lib.yaml", NULL, 0, 1}};
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    in.topology_text = main_text;
    in.topology_len = sizeof main_text - 1;
    in.sources = src;
    in.n_sources = 4;
    long long id = 0;
    CU_ASSERT_EQUAL_FATAL(store_put_run(s, &in, r, &id), STORE_OK);
    mc_result *back = NULL;
    store_meta *m = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, id, &back, &m), STORE_OK);
    CU_ASSERT_EQUAL_FATAL(m->n_sources, 4);
    char sha[65];
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(m->sources[i].from, src[i].from);
        CU_ASSERT_EQUAL(m->sources[i].same, src[i].same);
        CU_ASSERT_STRING_EQUAL(m->sources[i].written, src[i].written);
        CU_ASSERT_STRING_EQUAL(m->sources[i].path, src[i].path);
        CU_ASSERT_STRING_EQUAL(m->sources[i].resolved, src[i].resolved);
        const topo_source *t = src[i].text ? &src[i] : &src[src[i].same];
        store_sha256_hex(t->text, t->len, sha);
        CU_ASSERT_STRING_EQUAL(m->sources_sha256[i], sha);
        if (src[i].text) {
            CU_ASSERT_EQUAL(m->sources[i].len, src[i].len);
            CU_ASSERT_STRING_EQUAL(m->sources[i].text, src[i].text);
        } else {
            CU_ASSERT_PTR_NULL(m->sources[i].text);
        }
    }
    store_meta_free(m);
    mc_result_free(back);
    /* three texts, each once */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db, "SELECT count(*) FROM topologies", -1, &st, NULL);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 3);
    sqlite3_finalize(st);
    mc_result_free(r);
    store_close(s);
    CU_ASSERT(integrity_ok(path));
}

/* A file of schema 3 (before the files were kept): migrated to 4, its runs
 * read back with no sources (only their main text), new runs keep theirs. */
static void test_migrate_from_v3(void)
{
    char path[300];
    db_path(path, sizeof path, "v3.db");
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(db, store_schema_v3_sql, NULL, NULL, NULL), SQLITE_OK);
    const char *sql =
        "INSERT INTO topologies VALUES('abc', 'format: nines/1');"
        "INSERT INTO runs(name, topology_path, topology_sha256, options, seed,"
        " trials_requested, trials, partial, threads, mission_hours, sla, version,"
        " started_utc, finished_utc, events, seconds, command, parts) VALUES("
        "'v3 run', '/old/v3.yaml', 'abc', 'trials=1000', 41, 1000, 1000, 0, 2, 87600,"
        " -1, '0.0.3', '2026-03-01T00:00:00Z', '2026-03-01T00:00:01Z', 5000, 0.25,"
        " 'nines run v3.yaml', 3);"
        "INSERT INTO figures(run_id, kind, idx, name, availability) VALUES(1, 0, 0, 'system', 0.9975);";
    CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    CU_ASSERT_EQUAL(store_schema_version(s), STORE_SCHEMA_VERSION);
    mc_result *r = NULL;
    store_meta *m = NULL;
    CU_ASSERT_EQUAL_FATAL(store_get_run(s, 1, &r, &m), STORE_OK);
    CU_ASSERT(same_double(r->system.availability, 0.9975));
    CU_ASSERT_STRING_EQUAL(m->topology_text, "format: nines/1");
    CU_ASSERT_EQUAL(m->n_sources, 0);
    CU_ASSERT_PTR_NULL(m->sources);
    store_meta_free(m);
    mc_result_free(r);
    store_close(s);
    CU_ASSERT(integrity_ok(path));
}

static void test_newer_schema_refused(void)
{
    char path[300];
    db_path(path, sizeof path, "v9.db");
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE runs(id); PRAGMA user_version = 9;", NULL, NULL, NULL);
    sqlite3_close(db);
    store *s = NULL;
    CU_ASSERT_EQUAL(store_open(path, STORE_READWRITE, &s), STORE_EVERSION);
    CU_ASSERT(strstr(store_errmsg(s), "upgrade nines") != NULL);
    store_close(s);
    /* a foreign SQLite database is not taken over */
    db_path(path, sizeof path, "foreign.db");
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE photos(id);", NULL, NULL, NULL);
    sqlite3_close(db);
    CU_ASSERT_EQUAL(store_open(path, STORE_READWRITE, &s), STORE_ECORRUPT);
    CU_ASSERT(strstr(store_errmsg(s), "not a nines store") != NULL);
    store_close(s);
}

static void test_four_writers(void)
{
    char path[300];
    db_path(path, sizeof path, "concurrent.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    store_close(s);
    pid_t pid[4];
    for (int p = 0; p < 4; p++) {
        pid[p] = fork();
        if (pid[p] == 0) {
            store *c = NULL;
            int bad = store_open(path, STORE_READWRITE, &c) != STORE_OK;
            mc_result *r = make_result(p);
            store_run_info in = make_info();
            for (int i = 0; i < 25 && !bad; i++) {
                long long id;
                if (store_put_run(c, &in, r, &id) != STORE_OK) {
                    fprintf(stderr, "writer %d: %s\n", p, store_errmsg(c));
                    bad = 1;
                }
            }
            mc_result_free(r);
            store_close(c);
            _exit(bad);
        }
    }
    int failed = 0;
    for (int p = 0; p < 4; p++) {
        int st = 0;
        waitpid(pid[p], &st, 0);
        failed += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_EQUAL(count_runs(path), 100);
    CU_ASSERT(integrity_ok(path));
    CU_ASSERT(runs_whole(path));
}

static void test_killed_mid_transaction(void)
{
    char path[300];
    db_path(path, sizeof path, "killed.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_OK);
    store_close(s);
    pid_t pid = fork();
    if (pid == 0) {
        store *c = NULL;
        store_open(path, STORE_READWRITE, &c);
        store_exec(c, "BEGIN IMMEDIATE");
        store_exec(c, "INSERT INTO runs(name, seed, trials_requested, trials, partial, threads,"
                      " mission_hours, sla, events, seconds) VALUES('half', 1, 1, 1, 0, 1, 1,"
                      " -1, 1, 1)");
        store_exec(c, "INSERT INTO figures(run_id, kind, idx, name) VALUES(last_insert_rowid(),"
                      " 0, 0, 'system')");
        raise(SIGKILL);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CU_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    CU_ASSERT_EQUAL(count_runs(path), 1);
    CU_ASSERT(integrity_ok(path));
    /* kill a looping writer at points spread over its work */
    unsigned lcg = 2385;
    for (int k = 0; k < 12; k++) {
        pid = fork();
        if (pid == 0) {
            store *c = NULL;
            if (store_open(path, STORE_READWRITE, &c) == STORE_OK)
                for (;;)
                    store_put_run(c, &in, r, &id);
            _exit(1);
        }
        lcg = lcg * 1103515245u + 12345u;
        usleep(2000 + (lcg >> 8) % 30000);
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    mc_result_free(r);
    CU_ASSERT(integrity_ok(path));
    CU_ASSERT(runs_whole(path));
    CU_ASSERT(count_runs(path) >= 1);
}

static void test_locked(void)
{
    char path[300];
    db_path(path, sizeof path, "locked.db");
    store *a = NULL, *b = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &a), STORE_OK);
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &b), STORE_OK);
    sqlite3_busy_timeout(b->db, 50);
    CU_ASSERT_EQUAL(store_exec(a, "BEGIN IMMEDIATE"), SQLITE_OK);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id = -1;
    CU_ASSERT_EQUAL(store_put_run(b, &in, r, &id), STORE_EBUSY);
    CU_ASSERT_EQUAL(id, 0);
    CU_ASSERT(strstr(store_errmsg(b), "locked") != NULL);
    CU_ASSERT(strstr(store_errmsg(b), path) != NULL);
    store_exec(a, "ROLLBACK");
    CU_ASSERT_EQUAL(store_put_run(b, &in, r, &id), STORE_OK);
    mc_result_free(r);
    store_close(a);
    store_close(b);
}

static void test_read_only(void)
{
    char path[300];
    db_path(path, sizeof path, "ro.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_OK);
    store_close(s);
    chmod(path, 0444);
    CU_ASSERT_EQUAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_EREADONLY);
    CU_ASSERT(strstr(store_errmsg(s), "read-only") != NULL);
    store_close(s);
    chmod(path, 0644);
    CU_ASSERT_EQUAL(count_runs(path), 1);
    mc_result_free(r);
}

static void test_corrupt(void)
{
    char path[300];
    db_path(path, sizeof path, "corrupt.db");
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 200; i++)
        fputs("this is not a database, only text that must not be lost\n", f);
    fclose(f);
    struct stat before, after;
    stat(path, &before);
    store *s = NULL;
    CU_ASSERT_EQUAL(store_open(path, STORE_READWRITE, &s), STORE_ECORRUPT);
    CU_ASSERT(strstr(store_errmsg(s), "file is not a database") != NULL);
    CU_ASSERT(strstr(store_errmsg(s), path) != NULL);
    store_close(s);
    stat(path, &after);
    CU_ASSERT_EQUAL(before.st_size, after.st_size);
    CU_ASSERT_EQUAL(store_open(path, STORE_READONLY, &s), STORE_ECORRUPT);
    store_close(s);
    db_path(path, sizeof path, "missing.db");
    CU_ASSERT_EQUAL(store_open(path, STORE_READONLY, &s), STORE_ENOTFOUND);
    store_close(s);
    CU_ASSERT(access(path, F_OK) != 0);
}

static void test_disk_full(void)
{
    char path[300];
    db_path(path, sizeof path, "full.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_OK);
    /* no room for one more page: the next run cannot fit */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s->db, "PRAGMA page_count", -1, &st, NULL);
    sqlite3_step(st);
    int pages = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", pages);
    store_exec(s, sql);
    for (int b = 0; b < MC_HIST_BINS; b++)
        r->system.hist[b] = b + 1;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_EFULL);
    CU_ASSERT(strstr(store_errmsg(s), "disk is full") != NULL);
    store_close(s);
    CU_ASSERT_EQUAL(count_runs(path), 1);
    CU_ASSERT(runs_whole(path));
    mc_result_free(r);
}

/* Past the file size limit (ulimit -f) with SIGXFSZ ignored, as main does: the
 * write fails with EFBIG, which SQLite reports as an I/O error; the store says
 * STORE_EFULL with the cause, and the run before is intact. */
static void test_file_size_limit(void)
{
    char path[300];
    db_path(path, sizeof path, "fsize.db");
    store *s = NULL;
    CU_ASSERT_EQUAL_FATAL(store_open(path, STORE_READWRITE, &s), STORE_OK);
    mc_result *r = make_result(0);
    store_run_info in = make_info();
    long long id;
    CU_ASSERT_EQUAL(store_put_run(s, &in, r, &id), STORE_OK);
    store_close(s);
    pid_t pid = fork();
    if (pid == 0) {
        /* a topology text far larger than the limit leaves no room */
        static char big[300000];
        memset(big, 'x', sizeof big - 1);
        in.topology_text = big;
        in.topology_len = sizeof big - 1;
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {128 * 1024, 128 * 1024};
        setrlimit(RLIMIT_FSIZE, &lim);
        store *c = NULL;
        int code = store_open(path, STORE_READWRITE, &c);
        if (code == STORE_OK)
            code = store_put_run(c, &in, r, &id);
        int named = strstr(store_errmsg(c), "file size limit") != NULL &&
                    strstr(store_errmsg(c), path) != NULL;
        store_close(c);
        _exit(code == STORE_EFULL && named ? 0 : 1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CU_ASSERT_EQUAL(count_runs(path), 1);
    CU_ASSERT(integrity_ok(path));
    CU_ASSERT(runs_whole(path));
    mc_result_free(r);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_sha256_vectors);
    HARNESS_ADD(s, test_round_trip);
    HARNESS_ADD(s, test_migrate_from_v1);
    HARNESS_ADD(s, test_migrate_from_v2);
    HARNESS_ADD(s, test_files_kept);
    HARNESS_ADD(s, test_migrate_from_v3);
    HARNESS_ADD(s, test_newer_schema_refused);
    HARNESS_ADD(s, test_four_writers);
    HARNESS_ADD(s, test_killed_mid_transaction);
    HARNESS_ADD(s, test_locked);
    HARNESS_ADD(s, test_read_only);
    HARNESS_ADD(s, test_corrupt);
    HARNESS_ADD(s, test_disk_full);
    HARNESS_ADD(s, test_file_size_limit);
}

int main(void)
{
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    snprintf(dir, sizeof dir, "build/tests/store-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = harness_run("store_run", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
