/* tests/test_model_include.c — `include` (model/topo_include.c): profiles from
 * other files, paths relative to the including file, precedence (a file's own
 * profiles win; among includes the first met wins), nested includes, every
 * file listed in topology->files, and the errors: missing, directory,
 * itself, a cycle through a chain, a file that is not a profile library, an
 * error inside an included file located in that file; --set overrides of
 * included profiles. Files are written to
 * a fresh temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "../model/topology.h"

static char dir[256];

static void put(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    for (char *c = p + strlen(dir) + 1; (c = strchr(c, '/')) != NULL; c++) {
        *c = '\0'; /* the folders on the way */
        mkdir(p, 0755);
        *c = '/';
    }
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static const char tail[] = "hosts:\n  a: { profile: server }\n  b: { profile: disk }\n"
                           "services:\n  s: { mode: single, hosts: [a] }\nsystem: [s]\n";

static const topo_load_options *load_opts; /* --set overrides, or NULL */

static int load(const char *name, topology **t, topo_errors *errs)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return topo_load(p, load_opts, t, errs);
}

static void test_precedence_and_nesting(void)
{
    char text[1024];
    put("lib/base.yaml", "format: nines/1\nname: base library\ndescription: deepest\n"
                         "profiles:\n  disk: { fail: 9y, repair: 9h }\n  server: { fail: 9y, repair: 9h }\n");
    put("lib/one.yaml", "format: nines/1\ninclude: [base.yaml]\n"
                        "profiles:\n  disk: { fail: 5y, repair: 4h }\n  server: { fail: 1y, repair: 1h }\n");
    put("lib/two.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 7y, repair: 7h }\n");
    snprintf(text, sizeof text,
             "format: nines/1\ninclude: [lib/one.yaml, lib/two.yaml]\n"
             "profiles:\n  server: { fail: 3y, repair: 8h }\n%s", tail);
    put("main.yaml", text);
    topology *t = NULL;
    topo_errors errs = {0};
    CU_ASSERT_EQUAL(load("main.yaml", &t, &errs), 0);
    CU_ASSERT_EQUAL(errs.n, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    int server = topo_find_law(t, "server"), disk = topo_find_law(t, "disk");
    CU_ASSERT_FATAL(server >= 0 && disk >= 0);
    /* own profile wins over every include */
    CU_ASSERT(harness_rel(t->laws[server].fail.a, 3 * 8760.0) < 1e-15);
    /* the first include (one.yaml) wins over its own include and over two.yaml */
    CU_ASSERT(harness_rel(t->laws[disk].fail.a, 5 * 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[disk].repair.a, 4.0) < 1e-15);
    /* the law's position is in the file that defined it */
    CU_ASSERT_PTR_NOT_NULL(strstr(t->laws[disk].pos.file, "lib/one.yaml"));
    CU_ASSERT_EQUAL(t->laws[disk].pos.line, 4);
    /* every file read, main first; the topology's name is the main file's */
    CU_ASSERT_EQUAL(t->n_files, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(t->files[0], "main.yaml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t->files[1], "lib/one.yaml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t->files[2], "lib/base.yaml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t->files[3], "lib/two.yaml"));
    CU_ASSERT_STRING_EQUAL(t->name, "main");
    CU_ASSERT_PTR_NULL(t->description);
    topo_free(t);
    topo_errors_release(&errs);
}

/* Every error of the load, one per line, with the temporary directory dropped. */
static const char *all_errors(const char *name, int want_rc, char *buf, size_t len)
{
    topology *t = NULL;
    topo_errors errs = {0};
    char one[1024];
    size_t d = strlen(dir);
    CU_ASSERT_EQUAL(load(name, &t, &errs), want_rc);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT(errs.n > 0);
    buf[0] = '\0';
    for (int i = 0; i < errs.n; i++) {
        const char *full = topo_diag_format(&errs.items[i], one, sizeof one);
        if (!strncmp(full, dir, d))
            full += d + 1;
        strncat(buf, full, len - strlen(buf) - 1);
        strncat(buf, "\n", len - strlen(buf) - 1);
    }
    topo_errors_release(&errs);
    return buf;
}

#define HAS_ERROR(name, line) CU_ASSERT_PTR_NOT_NULL(strstr(all_errors(name, TOPO_EINVALID, b, sizeof b), line "\n"))

static void test_errors(void)
{
    char text[1024], b[1024];
    mkdir(strcat(strcpy(text, dir), "/adir"), 0755);

    snprintf(text, sizeof text, "format: nines/1\ninclude: [nope.yaml]\n%s", tail);
    put("missing.yaml", text);
    all_errors("missing.yaml", TOPO_EINVALID, b, sizeof b);
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "missing.yaml:2:11: error: cannot find include 'nope.yaml' (looked in "));
    snprintf(text, sizeof text, "format: nines/1\ninclude: [sub/nope.yaml]\n%s", tail);
    put("missing2.yaml", text);
    all_errors("missing2.yaml", TOPO_EINVALID, b, sizeof b);
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "missing2.yaml:2:11: error: cannot read include 'sub/nope.yaml' ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "/sub/nope.yaml: no such file or directory)\n"));

    snprintf(text, sizeof text, "format: nines/1\ninclude: [adir]\n%s", tail);
    put("dir.yaml", text);
    HAS_ERROR("dir.yaml", "dir.yaml:2:11: error: include 'adir' is a directory (expected a nines/1 profile file)");

    snprintf(text, sizeof text, "format: nines/1\ninclude:\n  - self.yaml\n%s", tail);
    put("self.yaml", text);
    HAS_ERROR("self.yaml", "self.yaml:3:5: error: include 'self.yaml' includes itself: self.yaml -> self.yaml");

    put("c1.yaml", "format: nines/1\ninclude: [c2.yaml]\n");
    put("c2.yaml", "format: nines/1\ninclude: [c3.yaml]\n");
    put("c3.yaml", "format: nines/1\ninclude: [c1.yaml]\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [c1.yaml]\n%s", tail);
    put("chain.yaml", text);
    HAS_ERROR("chain.yaml", "c3.yaml:2:11: error: include 'c1.yaml' includes itself: c1.yaml -> c2.yaml -> c3.yaml -> c1.yaml");

    put("lib-bad.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 5y, repair: 4 }\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib-bad.yaml]\nprofiles:\n  server: { fail: 1y, repair: 1h }\n%s", tail);
    put("uses-bad.yaml", text);
    HAS_ERROR("uses-bad.yaml", "lib-bad.yaml:3:29: error: duration '4' has no unit (expected a number and one of ms s m h d w y, e.g. 30m)");

    put("lib-hosts.yaml", "format: nines/1\nhosts:\n  x: {}\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib-hosts.yaml]\n%s", tail);
    put("uses-hosts.yaml", text);
    HAS_ERROR("uses-hosts.yaml", "lib-hosts.yaml:2:1: error: unknown key 'hosts' in an included file (expected one of format, name, description, profiles, include)");

    put("lib-noformat.yaml", "profiles:\n  disk: { fail: 5y, repair: 4h }\n  server: { fail: 5y, repair: 4h }\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib-noformat.yaml]\n%s", tail);
    put("uses-noformat.yaml", text);
    HAS_ERROR("uses-noformat.yaml", "lib-noformat.yaml:1:1: error: missing 'format' (expected format: nines/1 at the top of an included file)");
}

static void test_diamond_is_fine(void)
{
    char text[1024];
    put("d-base.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 5y, repair: 4h }\n  server: { fail: 2y, repair: 2h }\n");
    put("d-left.yaml", "format: nines/1\ninclude: [d-base.yaml]\n");
    put("d-right.yaml", "format: nines/1\ninclude: [d-base.yaml]\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [d-left.yaml, d-right.yaml]\n%s", tail);
    put("diamond.yaml", text);
    topology *t = NULL;
    topo_errors errs = {0};
    CU_ASSERT_EQUAL(load("diamond.yaml", &t, &errs), 0);
    CU_ASSERT_EQUAL(errs.n, 0);
    CU_ASSERT_PTR_NOT_NULL(t);
    if (t)
        CU_ASSERT_EQUAL(t->n_files, 4);
    topo_free(t);
    topo_errors_release(&errs);
}

/* `--set profiles.NAME.KEY=V` reaches the file whose definition of NAME wins:
 * the main file's own, else the first include met (depth first), never a
 * definition that loses; a profile defined nowhere is an error naming the
 * path with a suggestion. */
static void test_overrides_reach_included_profiles(void)
{
    char text[1024], b[4096];
    put("lib/s-base.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 9y, repair: 9h }\n"
                           "  server: { fail: 9y, repair: 9h }\n");
    put("lib/s-one.yaml", "format: nines/1\ninclude: [s-base.yaml]\n"
                          "profiles:\n  disk: { fail: 5y, repair: 4h }\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib/s-one.yaml]\n"
                                "profiles:\n  server: { fail: 3y, repair: 8h }\n%s", tail);
    put("s-main.yaml", text);
    topo_set set[] = {{"profiles.disk.repair", "30m"},   /* s-one.yaml's wins over s-base's */
                      {"profiles.server.fail", "6y"}};   /* the main file's own */
    topo_load_options o = {.set = set, .n_set = 2};
    load_opts = &o;
    topology *t = NULL;
    topo_errors errs = {0};
    CU_ASSERT_EQUAL(load("s-main.yaml", &t, &errs), 0);
    CU_ASSERT_EQUAL(errs.n, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    int server = topo_find_law(t, "server"), disk = topo_find_law(t, "disk");
    CU_ASSERT_FATAL(server >= 0 && disk >= 0);
    CU_ASSERT(harness_rel(t->laws[disk].repair.a, 0.5) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[disk].fail.a, 5 * 8760.0) < 1e-15); /* untouched */
    CU_ASSERT(harness_rel(t->laws[server].fail.a, 6 * 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(t->laws[server].repair.a, 8.0) < 1e-15);
    topo_free(t);
    topo_errors_release(&errs);

    /* only in the deepest include: applied there */
    put("lib/s-shallow.yaml", "format: nines/1\ninclude: [s-base.yaml]\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib/s-shallow.yaml]\n%s", tail);
    put("s-deep.yaml", text);
    topo_set deep[] = {{"profiles.server.repair", "{dist: weibull, shape: 2, mean: 2h}"}};
    o.set = deep;
    o.n_set = 1;
    CU_ASSERT_EQUAL(load("s-deep.yaml", &t, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    server = topo_find_law(t, "server");
    CU_ASSERT_EQUAL(t->laws[server].repair.kind, LAW_WEIBULL);
    topo_free(t);
    topo_errors_release(&errs);

    /* a bad value is judged where the replaced value was, in the include */
    topo_set negative[] = {{"profiles.disk.repair", "-1h"}};
    o.set = negative;
    HAS_ERROR("s-main.yaml", "lib/s-one.yaml:4:29: error: negative duration '-1h' in "
                             "profiles.disk.repair (expected more than 0)");
    /* a profile defined nowhere */
    topo_set typo[] = {{"profiles.dsk.repair", "1h"}};
    o.set = typo;
    HAS_ERROR("s-main.yaml", "s-main.yaml: error: bad --set path 'profiles.dsk.repair': no "
                             "profile 'dsk' in the file or its includes (did you mean "
                             "'profiles.disk.repair'?)");
    load_opts = NULL;
}

/* A bare include name: beside the including file, then each folder of
 * $NINES_PATH in order, then the profile library; a path with a slash is
 * never searched. Each step is shown by a profile library of the same name
 * in every place, with a different law. */
static void test_search_path(void)
{
    char text[1024], p1[600], p2[600], lib[600], b[4096];
    snprintf(p1, sizeof p1, "%s/np1", dir);
    snprintf(p2, sizeof p2, "%s/np2", dir);
    snprintf(lib, sizeof lib, "%s/library", dir);
    mkdir(p1, 0755);
    mkdir(p2, 0755);
    mkdir(lib, 0755);
    put("np1/.keep", "");
    put("np2/srch.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 2y, repair: 2h }\n  server: { fail: 2y, repair: 2h }\n");
    put("library/srch.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 3y, repair: 3h }\n  server: { fail: 3y, repair: 3h }\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [srch.yaml]\n%s", tail);
    put("sp/main.yaml", text);
    topo_load_options o = {.library = lib};
    load_opts = &o;
    char env[1300];
    snprintf(env, sizeof env, ":%s::%s", p1, p2); /* empty parts are skipped */
    setenv("NINES_PATH", env, 1);
    topology *t = NULL;
    topo_errors errs = {0};
    /* NINES_PATH: np1 has no srch.yaml, np2 has */
    CU_ASSERT_EQUAL(load("sp/main.yaml", &t, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[topo_find_law(t, "disk")].repair.a, 2.0) < 1e-15);
    CU_ASSERT_EQUAL(t->n_sources, 2);
    CU_ASSERT_STRING_EQUAL(t->sources[1].written, "srch.yaml");
    CU_ASSERT_PTR_NOT_NULL(strstr(t->sources[1].path, "/np2/srch.yaml"));
    topo_free(t);
    /* beside the including file wins over NINES_PATH */
    put("sp/srch.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 1y, repair: 1h }\n  server: { fail: 1y, repair: 1h }\n");
    CU_ASSERT_EQUAL(load("sp/main.yaml", &t, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[topo_find_law(t, "disk")].repair.a, 1.0) < 1e-15);
    topo_free(t);
    /* without NINES_PATH: the library */
    char side[700];
    snprintf(side, sizeof side, "%s/sp/srch.yaml", dir);
    remove(side);
    unsetenv("NINES_PATH");
    CU_ASSERT_EQUAL(load("sp/main.yaml", &t, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT(harness_rel(t->laws[topo_find_law(t, "disk")].repair.a, 3.0) < 1e-15);
    topo_free(t);
    /* a path with a slash is not searched */
    snprintf(text, sizeof text, "format: nines/1\ninclude: [./srch.yaml]\n%s", tail);
    put("sp/slash.yaml", text);
    all_errors("sp/slash.yaml", TOPO_EINVALID, b, sizeof b);
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "sp/slash.yaml:2:11: error: cannot read include './srch.yaml' ("));
    /* found nowhere: one error (not one per use of its profiles) naming
       every place searched and the fix */
    snprintf(text, sizeof text, "format: nines/1\ninclude: [nowhere.yaml]\n%s", tail);
    put("sp/none.yaml", text);
    setenv("NINES_PATH", env, 1);
    CU_ASSERT_EQUAL(load("sp/none.yaml", &t, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    char want[4096], got[4096];
    snprintf(want, sizeof want, "%s/sp/none.yaml:2:11: error: cannot find include 'nowhere.yaml' "
             "(looked in %s/sp, $NINES_PATH: %s, %s, the library %s: put it beside the including "
             "file, add its folder to NINES_PATH, or write its path)", dir, dir, p1, p2, lib);
    CU_ASSERT_STRING_EQUAL(topo_diag_format(&errs.items[0], got, sizeof got), want);
    topo_errors_release(&errs);
    unsetenv("NINES_PATH");
    CU_ASSERT_EQUAL(load("sp/none.yaml", &t, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL_FATAL(errs.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(topo_diag_format(&errs.items[0], got, sizeof got),
                                  "/sp, $NINES_PATH (not set), the library "));
    topo_errors_release(&errs);
    /* an include with errors of its own: those errors, no "unknown profile" */
    put("sp/broken.yaml", "format: nines/1\nprofiles: [oops]\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [broken.yaml]\n%s", tail);
    put("sp/usesbroken.yaml", text);
    all_errors("sp/usesbroken.yaml", TOPO_EINVALID, b, sizeof b);
    CU_ASSERT_PTR_NULL(strstr(b, "unknown profile"));
    load_opts = NULL;
}

/* topology->sources: every file read and every include entry (a diamond's
 * second path to a file is a repeat), with its text; topo_load_sources
 * loads them again from memory only: the files changed or removed on the
 * disk afterwards change nothing. */
static void test_sources_and_memory(void)
{
    char text[1024], b[2048];
    put("m/lib/base.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 5y, repair: 4h }\n");
    put("m/lib/left.yaml", "format: nines/1\ninclude: [base.yaml]\nprofiles:\n  server: { fail: 2y, repair: 7h }\n");
    put("m/right.yaml", "format: nines/1\ninclude: [lib/base.yaml]\n");
    snprintf(text, sizeof text, "format: nines/1\ninclude: [lib/left.yaml, right.yaml]\n%s", tail);
    put("m/main.yaml", text);
    topology *t = NULL;
    topo_errors errs = {0};
    CU_ASSERT_EQUAL_FATAL(load("m/main.yaml", &t, &errs), 0);
    CU_ASSERT_EQUAL_FATAL(t->n_sources, 5);
    const topo_source *s = t->sources;
    CU_ASSERT_EQUAL(s[0].from, -1);
    CU_ASSERT_STRING_EQUAL(s[0].text, text);
    CU_ASSERT_EQUAL(s[0].len, strlen(text));
    CU_ASSERT(s[1].from == 0 && !strcmp(s[1].written, "lib/left.yaml") && s[1].same == -1);
    CU_ASSERT(s[2].from == 1 && !strcmp(s[2].written, "base.yaml") && s[2].same == -1);
    CU_ASSERT_STRING_EQUAL(s[2].text, "format: nines/1\nprofiles:\n  disk: { fail: 5y, repair: 4h }\n");
    CU_ASSERT(s[3].from == 0 && !strcmp(s[3].written, "right.yaml"));
    CU_ASSERT(s[4].from == 3 && !strcmp(s[4].written, "lib/base.yaml") && s[4].same == 2 &&
              !s[4].text);
    CU_ASSERT_STRING_EQUAL(s[4].resolved, s[2].resolved);
    CU_ASSERT_EQUAL(s[2].resolved[0], '/');

    /* change every file on the disk, then load from memory */
    put("m/lib/base.yaml", "format: nines/1\nprofiles:\n  disk: { fail: 1y, repair: 99h }\n");
    put("m/lib/left.yaml", "garbage: [\n");
    topology *m = NULL;
    topo_set set[] = {{"profiles.server.repair", "3h"}};
    topo_load_options o = {.set = set, .n_set = 1};
    CU_ASSERT_EQUAL_FATAL(topo_load_sources(t->sources, t->n_sources, &o, &m, &errs), 0);
    CU_ASSERT_EQUAL(errs.n, 0);
    int disk = topo_find_law(m, "disk"), server = topo_find_law(m, "server");
    CU_ASSERT_FATAL(disk >= 0 && server >= 0);
    CU_ASSERT(harness_rel(m->laws[disk].repair.a, 4.0) < 1e-15);
    CU_ASSERT(harness_rel(m->laws[server].repair.a, 3.0) < 1e-15);
    CU_ASSERT_STRING_EQUAL(m->overrides, "profiles.server.repair=3h\n");
    /* the same sources again, the same files named in positions */
    CU_ASSERT_EQUAL(m->n_sources, 5);
    CU_ASSERT_EQUAL(m->n_files, t->n_files);
    for (int i = 0; i < m->n_sources && i < 5; i++) {
        CU_ASSERT_STRING_EQUAL(m->sources[i].path, s[i].path);
        CU_ASSERT_EQUAL(m->sources[i].from, s[i].from);
        CU_ASSERT_EQUAL(m->sources[i].same, s[i].same);
    }
    CU_ASSERT_STRING_EQUAL(m->laws[disk].pos.file, t->laws[topo_find_law(t, "disk")].pos.file);
    topo_free(m);

    /* only the main file kept (a run stored before its includes were): the
       include is an error, never read from the disk */
    CU_ASSERT_EQUAL(topo_load_sources(t->sources, 1, NULL, &m, &errs), TOPO_EINVALID);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_EQUAL_FATAL(errs.n, 2); /* each include, no unknown profile */
    topo_diag_format(&errs.items[0], b, sizeof b);
    CU_ASSERT_PTR_NOT_NULL(strstr(b, "m/main.yaml:2:11: error: include 'lib/left.yaml' was not "
                                     "kept with the design (only the files kept are read, never "
                                     "the disk)"));
    topo_errors_release(&errs);
    /* no main file */
    CU_ASSERT_EQUAL(topo_load_sources(t->sources + 1, 1, NULL, &m, &errs), TOPO_EINVALID);
    CU_ASSERT_EQUAL(errs.n, 1);
    topo_errors_release(&errs);
    topo_free(t);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_precedence_and_nesting);
    HARNESS_ADD(s, test_errors);
    HARNESS_ADD(s, test_diamond_is_fine);
    HARNESS_ADD(s, test_search_path);
    HARNESS_ADD(s, test_sources_and_memory);
    HARNESS_ADD(s, test_overrides_reach_included_profiles);
}

static void remove_tree(const char *d)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", d);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/nines-include.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char lib[300];
    snprintf(lib, sizeof lib, "%s/lib", dir);
    mkdir(lib, 0755);
    int rc = harness_run("model_include", add);
    remove_tree(dir);
    return rc;
}
