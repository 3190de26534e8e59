/* tests/test_model_fuzz_replay.c — replays every fuzzing finding kept in
 * tests/fuzz/regress/ through the very function the libFuzzer target runs
 * (fuzz_topo_run in tests/fuzz/fuzz_topo.h), so `make test` and
 * `make sanitize` catch a finding that comes back: a crash, a leak, a
 * sanitizer report or a hang shows up here too.
 *
 * A file's name says what it must now do:
 *   invalid-*  the load fails (TOPO_EINVALID) with at least one message
 *   valid-*    the load succeeds and the analytic solver gives figures in [0, 1]
 *   approx-*   as valid-*, and the system figure is marked approximate
 * Every file must also keep every invariant fuzz_topo_run checks. Some
 * findings also get an exact message check below. Run from the repository
 * root (relative includes in the inputs land in tests/fuzz/inc/).
 */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "fuzz/fuzz_topo.h"

#define REGRESS_DIR "tests/fuzz/regress"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The input files of REGRESS_DIR, sorted; *n gets how many. */
static char **list_inputs(int *n)
{
    DIR *d = opendir(REGRESS_DIR);
    char **names = NULL;
    int cap = 0;
    *n = 0;
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *s = e->d_name;
        if (strncmp(s, "invalid-", 8) && strncmp(s, "valid-", 6) && strncmp(s, "approx-", 7))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            char **p = realloc(names, (size_t)cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[*n] = strdup(s);
        if (names[*n])
            (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, (size_t)*n, sizeof *names, by_name);
    return names;
}

static void free_inputs(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Reads REGRESS_DIR/name; returns a malloc'ed buffer (NULL on failure). */
static unsigned char *read_input(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", REGRESS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            unsigned char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Runs one kept input; fills *o. Returns 0, or -1 if it could not be read. */
static int replay(const char *name, fuzz_topo_outcome *o)
{
    size_t len = 0;
    unsigned char *buf = read_input(name, &len);
    if (!buf)
        return -1;
    int rc = fuzz_topo_run(buf, len, o);
    free(buf);
    return rc ? 1 : 0;
}

static void report(int ok, const char *name, const char *what, const fuzz_topo_outcome *o)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s (load %d, %d errors, first: %s; solved %d, system %g%s%s)",
             name, what, o->load_rc, o->n_errors, o->first_error, o->solved, o->system,
             o->broken ? ", broken: " : "", o->broken ? o->broken : "");
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, __LINE__, msg, __FILE__, "", CU_FALSE);
}

/* Every kept input keeps every invariant and does what its name says. */
static void test_every_finding(void)
{
    int n = 0;
    char **names = list_inputs(&n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    for (int i = 0; i < n; i++) {
        fuzz_topo_outcome o;
        int rc = replay(names[i], &o);
        if (rc < 0) {
            memset(&o, 0, sizeof o);
            report(0, names[i], "cannot be read", &o);
            continue;
        }
        report(rc == 0, names[i], "keeps the invariants", &o);
        if (!strncmp(names[i], "invalid-", 8)) {
            report(o.load_rc == TOPO_EINVALID && o.n_errors > 0 && o.first_error[0],
                   names[i], "is refused with a message", &o);
        } else {
            report(o.load_rc == TOPO_OK && o.solved && o.system >= 0 && o.system <= 1,
                   names[i], "loads and solves to a figure in [0, 1]", &o);
            if (!strncmp(names[i], "approx-", 7))
                report(o.solved && !o.exact, names[i], "is marked approximate", &o);
        }
    }
    free_inputs(names, n);
}

/* The corpus holds what the README's findings table lists. */
static void test_corpus_present(void)
{
    int n = 0;
    char **names = list_inputs(&n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    CU_ASSERT(n >= 3);
    free_inputs(names, n);
}

/* Runs text (not a file) and checks the first message exactly. */
static void expect_first_error(const char *text, size_t len, const char *want)
{
    fuzz_topo_outcome o;
    CU_ASSERT_EQUAL(fuzz_topo_run((const uint8_t *)text, len, &o), 0);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);
    CU_ASSERT_EQUAL(o.n_errors, 1);
    CU_ASSERT_STRING_EQUAL(o.first_error, want);
}

/* libfyaml 0.7 looped for ever on a directive line with a broken UTF-8
 * sequence; now any byte that is not UTF-8 is refused first, at its place
 * (columns count characters). */
static void test_not_utf8(void)
{
    static const char hang[] = "ces: \n% x\xe3[";
    expect_first_error(hang, sizeof hang - 1,
                       FUZZ_TOPO_PATH ":2:4: error: not UTF-8 text: byte 0xe3 "
                       "(expected a UTF-8 encoded file)");
    /* a UTF-16 file (byte order mark FF FE) was read as an empty file */
    static const char utf16[] = "\xff\xfe" "f\0o\0r\0m\0a\0t\0";
    expect_first_error(utf16, sizeof utf16 - 1,
                       FUZZ_TOPO_PATH ":1:1: error: not UTF-8 text: byte 0xff "
                       "(expected a UTF-8 encoded file)");
    /* a character of two bytes counts as one column */
    static const char latin1[] = "name: \xc3\xa9t\xe9\n";
    expect_first_error(latin1, sizeof latin1 - 1,
                       FUZZ_TOPO_PATH ":1:9: error: not UTF-8 text: byte 0xe9 "
                       "(expected a UTF-8 encoded file)");
    /* a sequence cut short by the end of the text */
    static const char cut[] = "format: nines/1\n# \xe2\x82";
    expect_first_error(cut, sizeof cut - 1,
                       FUZZ_TOPO_PATH ":2:3: error: not UTF-8 text: byte 0xe2 "
                       "(expected a UTF-8 encoded file)");
}

/* Valid UTF-8 (a byte order mark, accents, an emoji in a comment) still loads. */
static void test_utf8_still_loads(void)
{
    static const char text[] =
        "\xef\xbb\xbf" "format: nines/1\n"
        "name: caf\xc3\xa9 \xf0\x9f\x98\x80\n"
        "# r\xc3\xa9plique\n"
        "hosts:\n  a: { profile: { fail: 3y, repair: 8h } }\n"
        "services:\n  s: { mode: single, hosts: [a] }\n"
        "system: [s]\n";
    fuzz_topo_outcome o;
    CU_ASSERT_EQUAL(fuzz_topo_run((const uint8_t *)text, sizeof text - 1, &o), 0);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_OK);
    CU_ASSERT(o.solved);
    /* one host, mean up 3 y, mean down 8 h */
    CU_ASSERT(harness_rel(o.system, 3 * 8760.0 / (3 * 8760.0 + 8)) < 1e-9);
    CU_ASSERT(o.exact);
}

/* libfyaml 0.7 leaked a buffer on a single-quoted scalar with a run of
 * escaped quotes and decoded it wrongly; nines decodes single-quoted scalars
 * itself (YAML 1.2: '' is a quote, a line break folds to a space, k breaks
 * in a row to k - 1 newlines, blanks around breaks go). */
static void test_single_quoted(void)
{
    static const char text[] =
        "format: nines/1\n"
        "name: 'it''''s '''''''''''''''''''''''''''''''''\n"
        "description: ' lead\n   fold \n\n  para\n\n\n  end '\n"
        "reference: '''q'''\n"
        "hosts:\n  'a''b': { profile: { fail: 3y, repair: 8h } }\n"
        "services:\n  s: { mode: single, hosts: ['a''b'] }\n"
        "system: [s]\n";
    topology *t = NULL;
    topo_errors errs = {0};
    int rc = topo_load_string(text, sizeof text - 1, "sq.yaml", NULL, &t, &errs);
    CU_ASSERT_EQUAL(rc, TOPO_OK);
    CU_ASSERT_EQUAL(errs.n, 0);
    if (t) {
        CU_ASSERT_STRING_EQUAL(t->name, "it''s ''''''''''''''''");
        CU_ASSERT_STRING_EQUAL(t->description, " lead fold\npara\n\nend ");
        CU_ASSERT_STRING_EQUAL(t->reference, "'q'");
        CU_ASSERT_EQUAL(topo_find_host(t, "a'b"), 0);
    }
    topo_free(t);
    topo_errors_release(&errs);
}

/* Appends printf-style text to buf (cap bytes) at *at. */
static void put(char *buf, size_t cap, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *at, *at < cap ? cap - *at : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *at += (size_t)n;
}

static analytic_result *solve_text(const char *text, topology **tp)
{
    topo_errors errs = {0};
    analytic_result *r = NULL;
    *tp = NULL;
    int rc = topo_load_string(text, strlen(text), "limits.yaml", NULL, tp, &errs);
    CU_ASSERT_EQUAL(rc, TOPO_OK);
    topo_errors_release(&errs);
    if (rc == TOPO_OK)
        CU_ASSERT_EQUAL(analytic_solve(*tp, &r), 0);
    return r;
}

/* 40 hosts shared by two active-active services (need 38 of 40): 2^40
 * states of the shared hosts, which took hours. Past the work limit the
 * solver enumerates only the states with at most K hosts down (here K = 4)
 * and estimates the rest (probability 1.7e-12) as if hosts were private;
 * every state in which the system is up has at most 2 hosts down, so the
 * figure is the exact one to 1e-9: P(at most 2 of 40 down) with
 * A = 3y / (3y + 8h) each. */
static void test_work_limit_shared_hosts(void)
{
    static char text[8192];
    size_t at = 0;
    put(text, sizeof text, &at, "format: nines/1\nprofiles:\n  p: { fail: 3y, repair: 8h }\nhosts:\n");
    for (int i = 1; i <= 40; i++)
        put(text, sizeof text, &at, "  h%d: { profile: p }\n", i);
    put(text, sizeof text, &at, "services:\n  a: &aa { mode: active-active, need: 38, hosts: [");
    for (int i = 1; i <= 40; i++)
        put(text, sizeof text, &at, "%sh%d", i > 1 ? ", " : "", i);
    put(text, sizeof text, &at, "] }\n  b: *aa\nsystem: [a, b]\n");
    CU_ASSERT_FATAL(at < sizeof text);
    topology *t;
    analytic_result *r = solve_text(text, &t);
    if (r) {
        double p = 26280.0 / 26288.0, q = 1 - p;
        double want = pow(p, 40) + 40 * pow(p, 39) * q + 780 * pow(p, 38) * q * q;
        CU_ASSERT(harness_rel(r->system.availability, want) < 1e-9);
        CU_ASSERT_EQUAL(r->system.exact, 0);
        CU_ASSERT_PTR_NOT_NULL(r->system.reason);
        if (r->system.reason)
            CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason, "40 hosts are shared between members: "
                                                            "within the solver's work limit only the "
                                                            "states with at most 4 of them down"));
    }
    analytic_result_free(r);
    topo_free(t);
}

/* 40 active-passive services, each a Markov chain of about 1100 states
 * (three members, each an instance and a host): the first ones are solved
 * exactly, then the chain work limit makes the rest static structures,
 * marked approximate with the reason. */
static void test_work_limit_chains(void)
{
    static char text[16384];
    size_t at = 0;
    put(text, sizeof text, &at, "format: nines/1\nprofiles:\n  p: { fail: 3y, repair: 8h }\nhosts:\n");
    for (int s = 1; s <= 40; s++)
        for (int i = 1; i <= 3; i++)
            put(text, sizeof text, &at, "  h%d-%d: { profile: p }\n", s, i);
    put(text, sizeof text, &at, "services:\n");
    for (int s = 1; s <= 40; s++)
        put(text, sizeof text, &at,
            "  s%d: { mode: active-passive, hosts: [h%d-1, h%d-2, h%d-3], instance: p,"
            " failover: { time: { dist: exponential, mean: 4s }, success: 99%% },"
            " resync: { dist: exponential, mean: 1h } }\n", s, s, s, s);
    put(text, sizeof text, &at, "system: [");
    for (int s = 1; s <= 40; s++)
        put(text, sizeof text, &at, "%ss%d", s > 1 ? ", " : "", s);
    put(text, sizeof text, &at, "]\n");
    CU_ASSERT_FATAL(at < sizeof text);
    topology *t;
    analytic_result *r = solve_text(text, &t);
    if (r) {
        CU_ASSERT_EQUAL(r->services[0].exact, 1);
        CU_ASSERT_EQUAL(r->services[39].exact, 0);
        CU_ASSERT_EQUAL(r->system.exact, 0);
        if (r->services[39].reason)
            CU_ASSERT_PTR_NOT_NULL(strstr(r->services[39].reason,
                                          "the solver's work limit for Markov chains was reached"));
        /* the static structure ignores failover: it is at least the chain's figure */
        CU_ASSERT(r->services[39].availability >= r->services[0].availability);
        CU_ASSERT(r->services[39].availability - r->services[0].availability < 1e-4);
    }
    analytic_result_free(r);
    topo_free(t);
}

/* An include naming a device or a pipe was read for ever (/dev/zero until
 * memory ran out, /dev/stdin until the pipe closed): includes must be
 * regular files. */
static void test_include_device(void)
{
    static const char text[] = "format: nines/1\ninclude: [/dev/zero, /dev/null]\n"
                               "hosts:\n  a: {}\nservices:\n  s: { mode: single, hosts: [a] }\n"
                               "system: [s]\n";
    fuzz_topo_outcome o;
    CU_ASSERT_EQUAL(fuzz_topo_run((const uint8_t *)text, sizeof text - 1, &o), 0);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);
    CU_ASSERT_STRING_EQUAL(o.first_error, FUZZ_TOPO_PATH ":2:11: error: include '/dev/zero' is "
                                          "not a regular file (expected a nines/1 profile file)");
    CU_ASSERT_EQUAL(o.n_errors, 2);
}

/* libfyaml 0.7 crashed (SEGV in fy_parser_destroy) on "? h:" and a tab
 * followed by NUL; a NUL byte anywhere is refused before libfyaml runs. */
static void test_nul_byte(void)
{
    static const char crash[] = "? h:\t";
    expect_first_error(crash, sizeof crash, /* with its NUL */
                       FUZZ_TOPO_PATH ":1:6: error: NUL byte in the file (expected UTF-8 text)");
    static const char comment[] = "format: nines/1\n# a\0b\n";
    expect_first_error(comment, sizeof comment - 1,
                       FUZZ_TOPO_PATH ":2:4: error: NUL byte in the file (expected UTF-8 text)");
}

/* The design the override tests change: one host, up 3 y, down 8 h on average. */
#define SET_DESIGN "format: nines/1\n" \
                   "profiles:\n  p: &p { fail: 3y, repair: 8h }\n" \
                   "hosts:\n  a: { profile: p }\n  b: { profile: *p }\n" \
                   "services:\n  s: { mode: single, hosts: [a] }\n" \
                   "system: [s]\n"

static fuzz_topo_outcome run_text(const char *text)
{
    fuzz_topo_outcome o;
    CU_ASSERT_EQUAL(fuzz_topo_run((const uint8_t *)text, strlen(text), &o), 0);
    return o;
}

/* "#set PATH=VALUE" lines at the start of an input reach the loader as
 * overrides: the value is YAML text spliced in place of the old value. */
static void test_overrides_applied(void)
{
    fuzz_topo_outcome o = run_text(SET_DESIGN);
    CU_ASSERT_EQUAL(o.n_set, 0);
    CU_ASSERT(harness_rel(o.system, 26280.0 / 26288.0) < 1e-9);

    o = run_text("#set profiles.p.repair=16h\n" SET_DESIGN);
    CU_ASSERT_EQUAL(o.n_set, 1);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_OK);
    CU_ASSERT(harness_rel(o.system, 26280.0 / 26296.0) < 1e-9);

    /* a law as a YAML map, then a second override of the same value: the last wins */
    o = run_text("#set profiles.p.repair={dist: exponential, mean: 2h}\n"
                 "#set profiles.p.repair=4h\n" SET_DESIGN);
    CU_ASSERT_EQUAL(o.n_set, 2);
    CU_ASSERT(harness_rel(o.system, 26280.0 / 26284.0) < 1e-9);

    /* a new key, and a list: s now runs on b, whose profile is p's anchor */
    o = run_text("#set services.s.hosts=[b]\n#set hosts.b.profile.fail=6y\n" SET_DESIGN);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_OK);
    CU_ASSERT(harness_rel(o.system, 52560.0 / 52568.0) < 1e-9);

    /* the last line may end without a newline (then the document is empty) */
    o = run_text("#set mission=2y");
    CU_ASSERT_EQUAL(o.n_set, 1);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);

    /* "#set" without its space, or not at the very start: a YAML comment */
    o = run_text("#setprofiles.p.repair=16h\n" SET_DESIGN);
    CU_ASSERT_EQUAL(o.n_set, 0);
    CU_ASSERT(harness_rel(o.system, 26280.0 / 26288.0) < 1e-9);
    o = run_text("\n#set profiles.p.repair=16h\n" SET_DESIGN);
    CU_ASSERT_EQUAL(o.n_set, 0);
    CU_ASSERT(harness_rel(o.system, 26280.0 / 26288.0) < 1e-9);
}

/* At most FUZZ_TOPO_MAX_SET lines are overrides; line numbers are those of
 * the input (each override line is loaded as an empty line). */
static void test_overrides_framing(void)
{
    char text[2048];
    size_t at = 0;
    for (int i = 0; i < FUZZ_TOPO_MAX_SET + 1; i++)
        put(text, sizeof text, &at, "#set profiles.p.repair=%dh\n", i + 1);
    put(text, sizeof text, &at, "%s", SET_DESIGN "views:\n  v: [nope]\n");
    CU_ASSERT_FATAL(at < sizeof text);
    fuzz_topo_outcome o = run_text(text);
    CU_ASSERT_EQUAL(o.n_set, FUZZ_TOPO_MAX_SET);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);
    /* 9 lines, then the design's 11th line: the 20th of the input */
    CU_ASSERT_STRING_EQUAL(o.first_error, FUZZ_TOPO_PATH ":20:7: error: unknown service 'nope' "
                                          "in views.v");
    /* the same without the bad view loads, with the 8th override applied
       last (the 9th "#set" line is a comment of the document) */
    at = 0;
    for (int i = 0; i < FUZZ_TOPO_MAX_SET + 1; i++)
        put(text, sizeof text, &at, "#set profiles.p.repair=%dh\n", i + 1);
    put(text, sizeof text, &at, "%s", SET_DESIGN);
    o = run_text(text);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_OK);
    CU_ASSERT(harness_rel(o.system, 26280.0 / (26280.0 + FUZZ_TOPO_MAX_SET)) < 1e-9);
}

/* A bad override is refused with a message naming the file (no line: it is
 * not in the file), with a suggestion when a key is near. */
static void test_overrides_refused(void)
{
    static const struct { const char *set, *want; } cases[] = {
        {"#set profiles.pp.repair=4h\n",
         FUZZ_TOPO_PATH ": error: bad --set path 'profiles.pp.repair': no profile 'pp' in the "
         "file or its includes (did you mean 'profiles.p.repair'?)"},
        {"#set mission.x=1\n",
         FUZZ_TOPO_PATH ": error: bad --set path 'mission.x': no key 'mission' in the document"},
        {"#set profiles.p.repair.mean=4h\n",
         FUZZ_TOPO_PATH ": error: bad --set path 'profiles.p.repair.mean': 'profiles.p.repair' "
         "is not a mapping (expected a dotted path of keys)"},
        {"#set =4h\n",
         FUZZ_TOPO_PATH ": error: bad --set path '' (expected a dotted path such as "
         "profiles.server.repair)"},
        {"#set profiles.p.repair=\n",
         FUZZ_TOPO_PATH ": error: bad --set value '' for profiles.p.repair (expected YAML such as "
         "4h, 2 or {dist: weibull, shape: 2, mean: 1y})"},
        {"#set profiles.p.repair\n",
         FUZZ_TOPO_PATH ": error: bad --set value '' for profiles.p.repair (expected YAML such as "
         "4h, 2 or {dist: weibull, shape: 2, mean: 1y})"},
        {"#set profiles.p.repair={\n",
         FUZZ_TOPO_PATH ": error: bad --set value '{' for profiles.p.repair (expected YAML such "
         "as 4h, 2 or {dist: weibull, shape: 2, mean: 1y})"},
        /* a value is parsed on its own: an alias to the file's anchor is unknown */
        {"#set hosts.a.profile=*p\n",
         FUZZ_TOPO_PATH ": error: bad --set value '*p' for hosts.a.profile (expected YAML such "
         "as 4h, 2 or {dist: weibull, shape: 2, mean: 1y})"},
        /* the path and the value are shown with their control characters
           escaped, and refused: a new key would be a name (F7) */
        {"#set hosts.\x1b[31mevil={profile: p}\n",
         FUZZ_TOPO_PATH ": error: unprintable character in --set path 'hosts.\\x1b[31mevil' "
         "(expected UTF-8 text without control characters)"},
        {"#set name=\xe2\x80\xaemoc.evil\n",
         FUZZ_TOPO_PATH ": error: unprintable character in --set value '\\u202emoc.evil' for name "
         "(expected UTF-8 text without control characters)"},
        {"#set profiles.p.repair=4h\x7f\n",
         FUZZ_TOPO_PATH ": error: unprintable character in --set value '4h\\x7f' for "
         "profiles.p.repair (expected UTF-8 text without control characters)"},
        {"#set hosts. c={profile: p}\n",
         FUZZ_TOPO_PATH ": error: bad --set path 'hosts. c': new key ' c' starts or ends with a "
         "space (expected the key without them)"},
        /* an empty key was reported as "'profiles' is not a mapping" */
        {"#set profiles..repair=4h\n",
         FUZZ_TOPO_PATH ": error: bad --set path 'profiles..repair': an empty key after 'profiles' "
         "(expected keys joined by single dots)"},
        {"#set .mission=4h\n",
         FUZZ_TOPO_PATH ": error: bad --set path '.mission': an empty key at the start (expected "
         "keys joined by single dots)"},
        /* an override that loads but is wrong is reported at the old value */
        {"#set profiles.p.repair=4 parsecs\n",
         FUZZ_TOPO_PATH ":4:29: error: duration '4 parsecs' in profiles.p.repair has an unknown "
         "unit (expected one of ms s m h d w y)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", cases[i].set, SET_DESIGN);
        fuzz_topo_outcome o = run_text(text);
        CU_ASSERT_EQUAL(o.n_set, 1);
        CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);
        report(!strcmp(o.first_error, cases[i].want), cases[i].set, cases[i].want, &o);
    }
}

/* F8: control characters reached messages. A name's check stopped looking
 * once its shown form was full (a key of 200 characters hid a control
 * character after them); libfyaml's messages quote the input; a message cut
 * at 1 KB could end inside a UTF-8 sequence. */
static void test_control_chars_in_messages(void)
{
    char text[1024], want[512];
    size_t at = 0;
    put(text, sizeof text, &at, "format: nines/1\nprofiles:\n  ");
    for (int i = 0; i < 250; i++)
        put(text, sizeof text, &at, "a");
    put(text, sizeof text, &at, "\x10: { fail: 1y, repair: 1h }\n");
    at = 0;
    put(want, sizeof want, &at, FUZZ_TOPO_PATH ":3:3: error: control character in '");
    for (int i = 0; i < 195; i++)
        put(want, sizeof want, &at, "a");
    put(want, sizeof want, &at, "...' (expected printable text; a name or value is one line)");
    expect_first_error(text, strlen(text), want);

    static const char escape[] = "format: nines/1\nname: \"a\\\x7f\"\n";
    expect_first_error(escape, sizeof escape - 1, FUZZ_TOPO_PATH ":2:9: error: invalid escape "
                                                  "'\\x7f' in double-quoted string");

    /* an alias's name is not checked like text (it is no name of the
       design) but an unknown one is quoted: here with U+061C, a bidi mark */
    static const char alias[] = "format: nines/1\nname: *a\xd8\x9c" "b\n";
    expect_first_error(alias, sizeof alias - 1, FUZZ_TOPO_PATH ":2:8: error: unknown alias "
                                                "'*a\\u061cb' (no anchor '&a\\u061cb' before it)");

    /* a name cut to fit a path of 512 bytes ("services.NAME") ended inside
       an e-acute, in the middle of the message: the byte left shows as '?' */
    at = 0;
    put(text, sizeof text, &at, "format: nines/1\nhosts:\n  h: {}\nservices:\n  a");
    for (int i = 0; i < 300; i++)
        put(text, sizeof text, &at, "\xc3\xa9");
    put(text, sizeof text, &at, ": { mode: single, hosts: [nope] }\n");
    CU_ASSERT_FATAL(at < sizeof text);
    {
        topology *tp = NULL;
        topo_errors e = {0};
        char msg[1024];
        size_t m = 0;
        put(msg, sizeof msg, &m, "unknown host 'nope' in services.a");
        for (int i = 0; i < 250; i++)
            put(msg, sizeof msg, &m, "\xc3\xa9");
        put(msg, sizeof msg, &m, "?.hosts");
        CU_ASSERT_EQUAL(topo_load_string(text, at, "mid.yaml", NULL, &tp, &e), TOPO_EINVALID);
        int found = 0; /* among "missing 'system'" and this */
        for (int i = 0; i < e.n; i++)
            found += !strcmp(e.items[i].msg, msg);
        CU_ASSERT_EQUAL(found, 1);
        topo_free(tp);
        topo_errors_release(&e);
    }

    /* "bad --set path '<511 bytes>': no key '<509 bytes>' ..." is cut at
       1023 bytes, which fell in the middle of an e-acute */
    at = 0;
    put(text, sizeof text, &at, "#set ");
    for (int i = 0; i < 254; i++)
        put(text, sizeof text, &at, "\xc3\xa9");
    put(text, sizeof text, &at, ".bb=1\n%s", SET_DESIGN);
    topo_set set = {text + 5, "1"};
    char *eq = strchr(text, '=');
    *eq = '\0';
    topo_load_options opts = {.set = &set, .n_set = 1};
    topology *t = NULL;
    topo_errors errs = {0};
    CU_ASSERT_EQUAL(topo_load_string(eq + 3, strlen(eq + 3), "cut.yaml", &opts, &t, &errs),
                    TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    size_t len = strlen(errs.items[0].msg);
    CU_ASSERT(len == 1022); /* the last whole character */
    CU_ASSERT(fuzz_topo_text_ok(errs.items[0].msg, 0));
    topo_free(t);
    topo_errors_release(&errs);
}

/* F12: a key that is not a scalar (a flow sequence, a mapping) beside a range
 * key was not counted by the first pass of the range expansion, and the
 * second wrote one entry past the array (heap-buffer-overflow in
 * expand_entries). Now the key is refused like any other such key. */
static void test_range_key_beside_other_key(void)
{
    static const char list_key[] = "format: nines/1\nprofiles:\n  p: { fail: 3y, repair: 8h }\n"
                                   "hosts:\n  [a]: { profile: p }\n  c[1:4]: { profile: p }\n"
                                   "services:\n  s: { mode: single, hosts: [c1] }\nsystem: [s]\n";
    expect_first_error(list_key, sizeof list_key - 1,
                       FUZZ_TOPO_PATH ":5:3: error: a key in hosts is a list (expected a name)");
    static const char map_key[] = "format: nines/1\nprofiles:\n  p: { fail: 3y, repair: 8h }\n"
                                  "hosts:\n  c[1:2]: { profile: p }\nservices:\n"
                                  "  ? needs-local: [s]\n  s[1:2]: { mode: single, hosts: [c1] }\n"
                                  "system: [s1]\n";
    expect_first_error(map_key, sizeof map_key - 1,
                       FUZZ_TOPO_PATH ":7:5: error: a key in services is a mapping (expected a "
                       "name)");
}

/* F13: once a range had passed the budget of YAML values, a later range key
 * was counted as one entry by the first pass and expanded by the second
 * (found by reading the code for F12). Now only the first is reported and
 * the later one is not expanded. */
static void test_range_key_after_budget(void)
{
    fuzz_topo_outcome o;
    CU_ASSERT_EQUAL(replay("invalid-range-key-after-budget", &o), 0);
    CU_ASSERT_EQUAL(o.load_rc, TOPO_EINVALID);
    CU_ASSERT_STRING_EQUAL(o.first_error,
                           FUZZ_TOPO_PATH ":7:3: error: range 'a[1:9000]' in hosts makes the file "
                           "more than 2000000 YAML values (expected a topology of at most about "
                           "250,000 hosts)");
}

/* Reads REGRESS_DIR/name and solves it (it has no override lines). */
static analytic_result *solve_input(const char *name, topology **tp)
{
    size_t len = 0;
    unsigned char *buf = read_input(name, &len);
    *tp = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    char *text = malloc(len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memcpy(text, buf, len);
    text[len] = '\0';
    free(buf);
    analytic_result *r = solve_text(text, tp);
    free(text);
    return r;
}

/* F14: the ranges example (41 hosts shared, a view needing 18 of 20 VMs)
 * took 3 s of CPU under the fuzzer: the enumeration's work limit counted
 * 1 + members per state, but each state also updates the counts of serving
 * members (the view's distribution of 19 terms over 20 members, both
 * figures): 20 times more. With that work counted, the limit stops at 3
 * hosts down, not 4; the figure is the one with 4 to 1e-9 (the bound on the
 * states left out is 7.3e-11). */
static void test_work_limit_counts(void)
{
    topology *t;
    analytic_result *r = solve_input("approx-ranges-view-need-enum-slow", &t);
    if (r) {
        CU_ASSERT(harness_rel(r->system.availability, 0.999642107564) < 1e-9);
        CU_ASSERT_EQUAL(r->system.exact, 0);
        CU_ASSERT_PTR_NOT_NULL(r->system.reason);
        if (r->system.reason)
            CU_ASSERT_PTR_NOT_NULL(strstr(r->system.reason,
                                          "41 hosts are shared between members: within the "
                                          "solver's work limit only the states with at most 3 "
                                          "of them down are enumerated, the rest (probability "
                                          "at most 7.28e-11)"));
    }
    analytic_result_free(r);
    topo_free(t);
}

/* F15: the operations example took 6 s of CPU in the harness: each solve
 * is bounded (a Markov chain of 1609 states, 0.4 s of dense LU), but the
 * harness ran 15 of them (importance of two laws). Importance is now
 * checked only after a first solve of at most 0.05 s; the figure is the
 * solver's as before. */
static void test_operations_example_in_harness(void)
{
    static const char *const names[] = {"approx-operations-importance-slow",
                                        "approx-operations-set-importance-slow"};
    for (int i = 0; i < 2; i++) {
        fuzz_topo_outcome o;
        CU_ASSERT_EQUAL(replay(names[i], &o), 0);
        CU_ASSERT_EQUAL(o.load_rc, TOPO_OK);
        CU_ASSERT_EQUAL(o.solved, 1);
        CU_ASSERT_EQUAL(o.exact, 0);
        /* the harness gives the solver's own figure for the file (its #set
           lines change mission and sla only, which a steady state ignores) */
        char path[512];
        snprintf(path, sizeof path, "%s/%s", REGRESS_DIR, names[i]);
        topology *t = NULL;
        topo_errors errs = {0};
        analytic_result *r = NULL;
        CU_ASSERT_EQUAL_FATAL(topo_load(path, NULL, &t, &errs), TOPO_OK);
        CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &r), TOPO_OK);
        CU_ASSERT(harness_rel(o.system, r->system.availability) < 1e-12);
        CU_ASSERT(o.system > 0.999 && o.system < 1);
        analytic_result_free(r);
        topo_free(t);
        topo_errors_release(&errs);
    }
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_corpus_present);
    HARNESS_ADD(s, test_every_finding);
    HARNESS_ADD(s, test_not_utf8);
    HARNESS_ADD(s, test_utf8_still_loads);
    HARNESS_ADD(s, test_nul_byte);
    HARNESS_ADD(s, test_single_quoted);
    HARNESS_ADD(s, test_include_device);
    HARNESS_ADD(s, test_work_limit_shared_hosts);
    HARNESS_ADD(s, test_work_limit_chains);
    HARNESS_ADD(s, test_range_key_beside_other_key);
    HARNESS_ADD(s, test_range_key_after_budget);
    HARNESS_ADD(s, test_work_limit_counts);
    HARNESS_ADD(s, test_operations_example_in_harness);
    HARNESS_ADD(s, test_overrides_applied);
    HARNESS_ADD(s, test_overrides_framing);
    HARNESS_ADD(s, test_overrides_refused);
    HARNESS_ADD(s, test_control_chars_in_messages);
}

int main(void)
{
    return harness_run("model_fuzz_replay", add);
}
