/* tests/test_store_ref.c — reference tables (data/ref.c): CSV parsing with
 * comments and quotes, both copies of the replication row, percent to ratio,
 * lookup by design, the shipped table, the data folder and clear errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "../data/store.h"

#define SHIPPED "data/reference/mysqlperformanceblog-2009.csv"

static ref_table *parse(const char *text, char *err, size_t errlen, int *rc)
{
    ref_table *t = NULL;
    *rc = ref_parse(text, strlen(text), "dir/sample-2001.csv", &t, err, errlen);
    return t;
}

static void test_comments_and_rows(void)
{
    char err[512] = "";
    int rc;
    ref_table *t = parse("# A. Author, \"A title\", 2009\n"
                         "#second line of the source\n"
                         "design,low_percent,high_percent,copy\n"
                         "alpha,98.25,99.5,first\n"
                         "\n"
                         "# a comment between rows\n"
                         "\"beta, quoted\",99.9%,99.99,\"say \"\"hi\"\"\"\n",
                         err, sizeof err, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, REF_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->name, "sample-2001");
    CU_ASSERT_STRING_EQUAL(t->source, "A. Author, \"A title\", 2009\nsecond line of the source\n"
                                      "a comment between rows");
    CU_ASSERT_EQUAL_FATAL(t->n_rows, 2);
    CU_ASSERT_STRING_EQUAL(t->rows[0].design, "alpha");
    CU_ASSERT(harness_rel(t->rows[0].low, 0.9825) < 1e-12);
    CU_ASSERT(harness_rel(t->rows[0].high, 0.995) < 1e-12);
    CU_ASSERT_STRING_EQUAL(t->rows[0].extra, "first");
    CU_ASSERT_EQUAL(t->rows[0].line, 4);
    CU_ASSERT_STRING_EQUAL(t->rows[1].design, "beta, quoted");
    CU_ASSERT(harness_rel(t->rows[1].low, 0.999) < 1e-12);
    CU_ASSERT(harness_rel(t->rows[1].high, 0.9999) < 1e-12);
    CU_ASSERT_STRING_EQUAL(t->rows[1].extra, "say \"hi\"");
    CU_ASSERT_EQUAL(t->rows[1].line, 7);
    ref_table_free(t);
}

static void test_crlf_and_no_extra_columns(void)
{
    char err[512] = "";
    int rc;
    ref_table *t = parse("design,low_percent,high_percent\r\nx,90,95.5\r\n", err, sizeof err, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, REF_OK);
    CU_ASSERT_EQUAL_FATAL(t->n_rows, 1);
    CU_ASSERT_STRING_EQUAL(t->rows[0].extra, "");
    CU_ASSERT(harness_rel(t->rows[0].high, 0.955) < 1e-12);
    ref_table_free(t);
}

static void test_shipped_table(void)
{
    char err[512] = "";
    ref_table *t = NULL;
    CU_ASSERT_EQUAL_FATAL(ref_load(SHIPPED, &t, err, sizeof err), REF_OK);
    CU_ASSERT_STRING_EQUAL(t->name, "mysqlperformanceblog-2009");
    CU_ASSERT_EQUAL(t->n_rows, 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(t->source, "Trudeau"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t->source, "2009-10-16"));
    /* both published copies of the simple-replication row are kept */
    int repl = 0;
    for (int i = 0; i < t->n_rows; i++)
        if (!strcmp(t->rows[i].design, "simple replication"))
            repl++;
    CU_ASSERT_EQUAL(repl, 2);
    CU_ASSERT_STRING_EQUAL(t->rows[0].extra, "percona.com (current)");
    CU_ASSERT(harness_rel(t->rows[1].high, 0.99) < 1e-12);
    CU_ASSERT_STRING_EQUAL(t->rows[1].extra, "planet.mysql.com (2009)");
    ref_table_free(t);
}

static void test_band_lookup(void)
{
    char err[512] = "";
    ref_table *t = NULL;
    double lo = -1, hi = -1;
    CU_ASSERT_EQUAL_FATAL(ref_load(SHIPPED, &t, err, sizeof err), REF_OK);
    /* the two replication rows join into 98 .. 99.9 */
    CU_ASSERT_EQUAL(ref_band(t, "simple replication", &lo, &hi), 2);
    CU_ASSERT(harness_rel(lo, 0.98) < 1e-12);
    CU_ASSERT(harness_rel(hi, 0.999) < 1e-12);
    /* case and surrounding blanks do not matter */
    CU_ASSERT_EQUAL(ref_band(t, "  heartbeat/drbd ", &lo, &hi), 1);
    CU_ASSERT(harness_rel(lo, 0.999) < 1e-12);
    CU_ASSERT(harness_rel(hi, 0.999) < 1e-12);
    CU_ASSERT_EQUAL(ref_band(t, "Heartbeat/SAN (depends on SAN)", &lo, &hi), 1);
    CU_ASSERT(harness_rel(lo, 0.995) < 1e-12);
    CU_ASSERT_EQUAL(ref_band(t, "NDB Cluster", &lo, &hi), 1);
    CU_ASSERT(harness_rel(hi, 0.99999) < 1e-12);
    lo = 0.123;
    CU_ASSERT_EQUAL(ref_band(t, "Galera", &lo, &hi), 0);
    CU_ASSERT_EQUAL(lo, 0.123); /* untouched */
    CU_ASSERT_EQUAL(ref_band(t, NULL, &lo, &hi), 0);
    ref_table_free(t);
}

static void expect_error(const char *text, int rc_expected, const char *needle)
{
    char err[512] = "";
    int rc;
    ref_table *t = parse(text, err, sizeof err, &rc);
    CU_ASSERT_EQUAL(rc, rc_expected);
    CU_ASSERT_PTR_NULL(t);
    if (!strstr(err, needle))
        fprintf(stderr, "\n  got '%s', expected it to contain '%s'\n", err, needle);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
    ref_table_free(t);
}

static void test_malformed(void)
{
    expect_error("# c\ndesign,low_percent,high_percent\nok,90,91\nbad,ninety,95\n", REF_EPARSE,
                 "dir/sample-2001.csv:4:5: error: bad low_percent 'ninety' (expected a percentage");
    expect_error("design,low_percent,high_percent\nx,99,101\n", REF_EPARSE,
                 "dir/sample-2001.csv:2:6: error: bad high_percent '101'");
    expect_error("design,low_percent,high_percent\nx,99.9,99\n", REF_EPARSE,
                 ":2:3: error: low_percent 99.9 is above high_percent 99 (expected low <= high)");
    expect_error("design,low_percent,high_percent\nx,99\n", REF_EPARSE,
                 ":2:1: error: 2 fields on this row (expected at least 3");
    expect_error("name,low,high\nx,1,2\n", REF_EPARSE,
                 ":1:1: error: bad header: column 1 is 'name' (expected design,low_percent,high_percent");
    expect_error("# only comments\n", REF_EPARSE, ":2:1: error: no header line");
    expect_error("design,low_percent,high_percent\n\"open,1,2\n", REF_EPARSE,
                 ":2:1: error: unterminated quoted field");
    expect_error("design,low_percent,high_percent\n\"a\"b,1,2\n", REF_EPARSE,
                 ":2:4: error: unexpected 'b' after a quoted field");
    expect_error("design,low_percent,high_percent\n,1,2\n", REF_EPARSE,
                 ":2:1: error: empty design name");
}

static void test_unreadable(void)
{
    char err[512] = "";
    ref_table *t = (ref_table *)1;
    CU_ASSERT_EQUAL(ref_load("data/reference/no-such-table.csv", &t, err, sizeof err), REF_EIO);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no-such-table.csv: error: cannot read"));
}

static void test_folder(void)
{
    char dir[64] = "";
    char err[512] = "";
    char **names = NULL;
    int n = 0;
    unsetenv("NINES_DATA");
    CU_ASSERT_EQUAL_FATAL(ref_find_dir(dir, sizeof dir, err, sizeof err), REF_OK);
    CU_ASSERT_STRING_EQUAL(dir, "data/reference");
    CU_ASSERT_EQUAL_FATAL(ref_list(dir, &names, &n, err, sizeof err), REF_OK);
    int found = 0;
    for (int i = 0; i < n; i++)
        found += !strcmp(names[i], "mysqlperformanceblog-2009");
    CU_ASSERT_EQUAL(found, 1);
    ref_names_free(names, n);

    ref_table *t = NULL;
    CU_ASSERT_EQUAL(ref_load_named(dir, "mysqlperformanceblog-2009", &t, err, sizeof err), REF_OK);
    CU_ASSERT_PTR_NOT_NULL(t);
    ref_table_free(t);
    t = NULL;
    CU_ASSERT_EQUAL(ref_load_named(dir, "uptime-2030", &t, err, sizeof err), REF_ENOTFOUND);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown reference 'uptime-2030' (expected one of:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "mysqlperformanceblog-2009"));
}

/* A private folder through $NINES_DATA: the picker takes the table that
 * matches the most keys. */
static void test_pick_and_env(void)
{
    char tmpl[] = "/tmp/nines-ref-XXXXXX";
    char *base = mkdtemp(tmpl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(base);
    char sub[256], a[300], b[300], dir[512], err[512] = "";
    snprintf(sub, sizeof sub, "%s/reference", base);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    snprintf(a, sizeof a, "%s/a-table.csv", sub);
    snprintf(b, sizeof b, "%s/b-table.csv", sub);
    FILE *f = fopen(a, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("design,low_percent,high_percent\none,90,91\n", f);
    fclose(f);
    f = fopen(b, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("design,low_percent,high_percent\none,92,93\ntwo,94,95\n", f);
    fclose(f);

    setenv("NINES_DATA", base, 1);
    CU_ASSERT_EQUAL(ref_find_dir(dir, sizeof dir, err, sizeof err), REF_OK);
    CU_ASSERT_STRING_EQUAL(dir, sub);
    unsetenv("NINES_DATA");

    const char *keys[] = {"one", NULL, "two", "three"};
    ref_table *t = NULL;
    CU_ASSERT_EQUAL(ref_pick(sub, keys, 4, &t, err, sizeof err), REF_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->name, "b-table");
    ref_table_free(t);
    const char *none[] = {"three"};
    t = (ref_table *)1;
    CU_ASSERT_EQUAL(ref_pick(sub, none, 1, &t, err, sizeof err), REF_OK);
    CU_ASSERT_PTR_NULL(t);

    /* a malformed table in the folder is an error naming its line */
    f = fopen(a, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("design,low_percent,high_percent\none,ninety,91\n", f);
    fclose(f);
    t = NULL;
    CU_ASSERT_EQUAL(ref_pick(sub, keys, 4, &t, err, sizeof err), REF_EPARSE);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "a-table.csv:2:5: error: bad low_percent 'ninety'"));

    unlink(a);
    unlink(b);
    rmdir(sub);
    rmdir(base);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_comments_and_rows);
    HARNESS_ADD(s, test_crlf_and_no_extra_columns);
    HARNESS_ADD(s, test_shipped_table);
    HARNESS_ADD(s, test_band_lookup);
    HARNESS_ADD(s, test_malformed);
    HARNESS_ADD(s, test_unreadable);
    HARNESS_ADD(s, test_folder);
    HARNESS_ADD(s, test_pick_and_env);
}

int main(void)
{
    return harness_run("store_ref", add);
}
