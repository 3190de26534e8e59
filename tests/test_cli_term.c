/* tests/test_cli_term.c — text nines did not write, on its way to a terminal
 * or a JSON document (cli_term, cli_json_text and cli_json_print;
 * docs/security.md; which
 * characters are unsafe: test_model_text.c): controls, C1, bidi controls and bytes that are not UTF-8
 * are escaped; printable UTF-8 is kept; a cut never splits a character. Also
 * the one downtime formatter every table uses (cli_format_minutes), the
 * progress bar's ETA and the bounds of a run with few outages. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../cli/cli.h"

static void test_escapes(void)
{
    char b[256];
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "evil \x1b]0;pwned\x07\x1b[2J\r"),
                           "evil \\x1b]0;pwned\\x07\\x1b[2J\\x0d");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "a\nb\tc\x7f"), "a\\x0ab\\x09c\\x7f");
    /* U+202E (right-to-left override), U+2066, U+200F, U+061C, C1 U+009B */
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "box\xe2\x80\xaetxt"), "box\\u202etxt");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "\xe2\x81\xa6x\xe2\x80\x8f\xd8\x9c"),
                           "\\u2066x\\u200f\\u061c");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "csi\xc2\x9b" "31m"), "csi\\u009b31m");
    /* not UTF-8: a lone continuation, a cut sequence, an overlong '/', a surrogate */
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "a\x80z"), "a\\x80z");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "a\xe2\x80"), "a\\xe2\\x80");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "\xc0\xaf"), "\\xc0\\xaf");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "\xed\xa0\x80"), "\\xed\\xa0\\x80");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, NULL), "");
}

static void test_keeps_printable(void)
{
    char b[256];
    const char *s = "Caf\xc3\xa9 \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac \xe2\x9c\x93 x'); DROP TABLE runs;-- "
                    "<script>$(x)`y`\\";
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, s), s);
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
}

static void test_cut(void)
{
    char b[12];
    /* fits exactly: no cut */
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "abcdefghijk"), "abcdefghijk");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "abcdefghijkl"), "abcdefgh...");
    /* never half a character, never half an escape's room */
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "abcdefg\xc3\xa9\xc3\xa9\xc3\xa9"), "abcdefg...");
    CU_ASSERT_STRING_EQUAL(cli_term(b, sizeof b, "\xe6\x9d\xb1\xe4\xba\xac\xe6\x9d\xb1\xe4\xba\xac"),
                           "\xe6\x9d\xb1\xe4\xba\xac...");
    char tiny[3];
    CU_ASSERT_STRING_EQUAL(cli_term(tiny, sizeof tiny, "\x1b[2J"), "");
}

/* What cli_json_print writes of a document (it releases doc). */
static char *json_text(json_t *doc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(cli_json_print(m, doc), EXIT_OK);
    fclose(m);
    return buf;
}

static void test_json(void)
{
    json_t *doc = json_array();
    json_array_append_new(doc, cli_json_text("q\"\\\x1b[2J\r\n\x7f\xc2\x9b\xe2\x80\xae\xff\xc3\xa9"));
    char *buf = json_text(doc);
    CU_ASSERT_STRING_EQUAL(buf, "[\"q\\\"\\\\\\u001b[2J\\r\\n\\u007f\\u009b\\u202e\\ufffd\xc3\xa9\"]\n");
    free(buf);

    /* doubles read back exactly; not finite is null; keys keep their order,
       a key that is not UTF-8 is made so */
    doc = json_object();
    json_object_set_new(doc, "z", cli_json_number(0.1 + 0.2));
    json_object_set_new(doc, "a", cli_json_number(8760));
    json_object_set_new(doc, "m", cli_json_number(1.0 / 3 * 1e-5));
    json_object_set_new(doc, "n", cli_json_number(NAN));
    CU_ASSERT_EQUAL(cli_json_set(doc, "k\xff", cli_json_number(-INFINITY)), 0);
    buf = json_text(doc);
    CU_ASSERT_STRING_EQUAL(buf, "{\"z\": 0.30000000000000004, \"a\": 8760.0, "
                                "\"m\": 3.3333333333333333e-6, \"n\": null, \"k\\ufffd\": null}\n");
    CU_ASSERT_EQUAL(strtod(strstr(buf, "0.3"), NULL), 0.1 + 0.2);
    free(buf);

    /* a builder that ran out of memory hands over NULL: exit status 2 */
    fflush(stderr);
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
    CU_ASSERT_FATAL(saved >= 0 && devnull >= 0);
    dup2(devnull, 2);
    CU_ASSERT_EQUAL(cli_json_print(stdout, NULL), EXIT_RUNTIME);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(devnull);
}

static void test_minutes(void)
{
    char b[32];
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 0), "0 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, -1), "0 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, NAN), "0 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 0.5), "30.0 s");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 42.13), "42.1 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes_dec(b, sizeof b, 22.714, 2), "22.71 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes_dec(b, sizeof b, 0.25, 2), "15.0 s");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 119.9), "119.9 min");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 120), "2.0 h");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 47.9 * 60), "47.9 h");
    CU_ASSERT_STRING_EQUAL(cli_format_minutes(b, sizeof b, 3 * 1440), "3.0 d");
}

/* The progress bar's ETA: none too early, at the end or when absurd. */
static void test_eta(void)
{
    char b[32];
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.01, 30), "");  /* < 5% */
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.5, 1.5), "");   /* < 2 s */
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 1, 10), "");
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.05, 20000), ""); /* 105.6 h */
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.25, 4.2), " ETA 13s");
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.5, 119.6), " ETA 2m00s");
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.4, 205), " ETA 5m08s");
    CU_ASSERT_STRING_EQUAL(cli_format_eta(b, sizeof b, 0.1, 500), " ETA 1h15m");
}

/* Few outages (docs/method.md): the rule of three, the chi-square bound on
 * the rate and the Clopper-Pearson bound on unavailability. */
static void test_trust(void)
{
    cli_trust t;
    cli_trust_counts(0, 10000, 87600, &t);
    CU_ASSERT(t.few);
    CU_ASSERT_DOUBLE_EQUAL(t.years, 1e5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t.rate_upper, -log(0.05) / 1e5, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(t.u_upper, 1 - pow(0.05, 1e-4), 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(t.nines_lower, 3.5235620517, 1e-9);
    /* k = 2: chi2_0.95(6) / 2 = 6.2957936219; P(Bin(10000, u) <= 2) = 0.05 */
    cli_trust_counts(2, 10000, 87600, &t);
    CU_ASSERT_DOUBLE_EQUAL(t.rate_upper, 6.2957936219 / 1e5, 1e-14);
    double u = t.u_upper, n = 10000;
    double p = pow(1 - u, n) + n * u * pow(1 - u, n - 1) +
               n * (n - 1) / 2 * u * u * pow(1 - u, n - 2);
    CU_ASSERT_DOUBLE_EQUAL(p, 0.05, 1e-9);
    cli_trust_counts(30, 10000, 87600, &t);
    CU_ASSERT(!t.few);
    char b[32];
    mc_result r = {0};
    r.trials = 10000;
    r.mission_hours = 87600;
    r.system.outages = 0;
    r.system.nines = 12;
    CU_ASSERT_STRING_EQUAL(cli_format_nines(b, sizeof b, &r, &r.system), "\u22653.52");
    r.system.outages = 31;
    r.system.nines = 4.104;
    CU_ASSERT_STRING_EQUAL(cli_format_nines(b, sizeof b, &r, &r.system), "4.10");
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_escapes);
    HARNESS_ADD(s, test_keeps_printable);
    HARNESS_ADD(s, test_cut);
    HARNESS_ADD(s, test_json);
    HARNESS_ADD(s, test_minutes);
    HARNESS_ADD(s, test_eta);
    HARNESS_ADD(s, test_trust);
}

int main(void)
{
    return harness_run("cli_term", add);
}
