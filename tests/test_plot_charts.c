/* tests/test_plot_charts.c — every chart kind draws a valid SVG / PNG; hostile
 * names run nothing; a missing gnuplot leaves the script beside the output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot.h"

static char dir[256];
static char marker[300];

/* Every trick a name could use to run a command or break the script. */
static const char *const hostile[] = {
    "db`touch build/tests/plot-marker`",
    "x'; system(\"touch build/tests/plot-marker\"); '",
    "a\"b\nset output '/tmp/evil'\n!touch build/tests/plot-marker",
    "; !touch build/tests/plot-marker",
    "@MARK \\ back\\slash\tEOD",
};

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static int svg_valid(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>/dev/null", path);
    return system(cmd) == 0;
}

static int file_contains(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strstr(buf, needle) != NULL;
}

static void test_designs_hostile_svg(void)
{
    plot_design d[5];
    memset(d, 0, sizeof d);
    for (int i = 0; i < 5; i++) {
        d[i].label = hostile[i];
        d[i].nines = 2.385 + 0.5 * i;
        d[i].lo = d[i].nines - 0.1;
        d[i].hi = d[i].nines + 0.12;
        d[i].has_band = i % 2 == 0;
        d[i].band_lo = 2.0 + i * 0.3;
        d[i].band_hi = 3.0 + i * 0.3;
        d[i].band_label = hostile[(i + 1) % 5];
    }
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "designs.svg");
    int rc = plot_designs(out, hostile[1], d, 5, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_designs: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(access(marker, F_OK) != 0);
    CU_ASSERT(access("/tmp/evil", F_OK) != 0);
    /* the label is drawn, quotes shown as '' */
    CU_ASSERT(file_contains(out, "touch build/tests/plot-marker"));
}

static void test_hist_png_signature_and_size(void)
{
    double edge[4] = {1, 10, 100, 1000}, years[3] = {12, 7.5, 3};
    plot_hist h = {0};
    h.title = hostile[0];
    h.n = 3;
    h.edge = edge;
    h.years = years;
    h.zero_years = 78;
    h.sla_minutes = 262.8;
    h.sla_label = hostile[2];
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "hist.png");
    int rc = plot_downtime_hist(out, &h, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_downtime_hist: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    unsigned char b[24] = {0};
    FILE *f = fopen(out, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fread(b, 1, 24, f), 24);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    CU_ASSERT(memcmp(b, sig, 8) == 0);
    CU_ASSERT(memcmp(b + 12, "IHDR", 4) == 0);
    unsigned w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    unsigned hgt = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    CU_ASSERT_EQUAL(w, 1280);
    CU_ASSERT_EQUAL(hgt, 720);
    CU_ASSERT(access(marker, F_OK) != 0);
}

static void test_convergence_and_lines(void)
{
    long long t[5] = {10, 100, 1000, 10000, 100000};
    double a[5] = {0.9991, 0.99935, 0.99941, 0.999402, 0.9994015};
    double lo[5], hi[5];
    for (int i = 0; i < 5; i++) {
        lo[i] = a[i] - 0.001 / (i + 1);
        hi[i] = a[i] + 0.001 / (i + 1);
    }
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "conv.svg");
    CU_ASSERT_EQUAL(plot_convergence(out, hostile[3], t, a, lo, hi, 5, err, sizeof err), PLOT_OK);
    CU_ASSERT(svg_valid(out));

    double x[3] = {0, 1, 2}, y[3] = {0.99, 0.995, 0.999};
    plot_series s[2] = {{hostile[4], 3, x, y, NULL, NULL}, {hostile[0], 3, x, a, lo, hi}};
    plot_lines c = {0};
    c.title = "sweep";
    c.x_label = hostile[1];
    c.y_label = "availability";
    c.x_ticks = hostile;
    c.series = s;
    c.n_series = 2;
    path_of(out, sizeof out, "lines.pdf");
    CU_ASSERT_EQUAL(plot_lines_draw(out, &c, err, sizeof err), PLOT_OK);
    CU_ASSERT(file_contains(out, "%PDF"));
    CU_ASSERT(access(marker, F_OK) != 0);

    /* a sweep's chart: the one band is named in the key even beside a line
       without one (the exact values) */
    plot_series sw[2] = {{"simulated", 3, x, a, lo, hi}, {"exact (analytic)", 3, x, y, NULL, NULL}};
    c.series = sw;
    c.x_ticks = NULL;
    path_of(out, sizeof out, "sweep-key.svg");
    CU_ASSERT_EQUAL(plot_lines_draw(out, &c, err, sizeof err), PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(file_contains(out, "95% interval"));
    CU_ASSERT(file_contains(out, "exact (analytic)"));
}

static void test_bars_svg(void)
{
    double v[5] = {12.5, 3.25, 0.5, 44, 2.385}, lo[5], hi[5];
    for (int i = 0; i < 5; i++) {
        lo[i] = v[i] * 0.9;
        hi[i] = v[i] * 1.1;
    }
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "bars.svg");
    CU_ASSERT_EQUAL(plot_bars(out, "downtime by service", "downtime (minutes per year)",
                              hostile, v, lo, hi, 5, err, sizeof err), PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(access(marker, F_OK) != 0);
}

static void test_bad_extension_and_empty(void)
{
    double v = 1;
    const char *l = "x";
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "bars.gif");
    CU_ASSERT_EQUAL(plot_bars(out, "t", "y", &l, &v, NULL, NULL, 1, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(strstr(err, ".svg") != NULL);
    CU_ASSERT_EQUAL(plot_bars(out, "t", "y", &l, &v, NULL, NULL, 0, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(plot_format_ok("A.PNG"));
    CU_ASSERT(!plot_format_ok("a.svg.txt"));
}

/* plot_bars of two bars (with intervals if lo and hi) with PATH set to an
 * empty folder (no gnuplot): the script goes to OUT.gp, whose name is put in
 * gp. */
static int bars_without_gnuplot(const char *name, const char *title, const char *y_label,
                                const char *const *l, const double *lo, const double *hi,
                                char *gp, size_t gplen, char *err, size_t errlen)
{
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    char empty[300], out[300];
    path_of(empty, sizeof empty, "emptybin");
    mkdir(empty, 0755);
    setenv("PATH", empty, 1);
    double v[2] = {1.5, 2.5};
    path_of(out, sizeof out, name);
    snprintf(gp, gplen, "%s.gp", out);
    int rc = plot_bars(out, title, y_label, l, v, lo, hi, 2, err, errlen);
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
    CU_ASSERT(access(out, F_OK) != 0);
    return rc;
}

static void test_missing_gnuplot_writes_script(void)
{
    const char *l[2] = {"a", "b"};
    char gp[320], err[1024] = "";
    int rc = bars_without_gnuplot("nognuplot.svg", "t", "y", l, NULL, NULL, gp, sizeof gp,
                                  err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_ENOGNUPLOT);
    CU_ASSERT(strstr(err, "gnuplot-nox") != NULL);
    CU_ASSERT(strstr(err, gp) != NULL);
    CU_ASSERT(file_contains(gp, "$bars << EOD"));
    /* each value (column 2) is written above its bar ... */
    CU_ASSERT(file_contains(gp, "$bars using 1:2:(sprintf('%.3g', $2)) with labels"));
    /* ... or above its interval's top (column 4), not on the interval's cap */
    const double lo[2] = {1.2, 2.1}, hi[2] = {1.8, 2.9};
    rc = bars_without_gnuplot("nognuplot-ci.svg", "t", "y", l, lo, hi, gp, sizeof gp, err,
                              sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_ENOGNUPLOT);
    CU_ASSERT(file_contains(gp, "$bars using 1:4:(sprintf('%.3g', $2)) with labels"));
}

static void test_gnuplot_failure_reported(void)
{
    double v[2] = {1.5, 2.5};
    const char *l[2] = {"a", "b"};
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "no/such/folder/bars.svg");
    int rc = plot_bars(out, "t", "y", l, v, NULL, NULL, 2, err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_EGNUPLOT);
    CU_ASSERT(strstr(err, "bars.svg") != NULL);
    CU_ASSERT(access(out, F_OK) != 0);
}

/* Text from a crafted database may hold C1 controls, bidi overrides and
 * bytes that are not UTF-8: none reaches the script (read back from the
 * OUT.gp written when gnuplot is missing), printable UTF-8 stays. */
static void test_unsafe_characters_never_reach_gnuplot(void)
{
    const char *l[2] = {"csi\xc2\x9b[2J caf\xc3\xa9", "rlo\xe2\x80\xaetxt bad\xff"};
    char gp[320], err[1024] = "";
    int rc = bars_without_gnuplot("unsafe.svg", "title\xe2\x81\xa6x", "y\xd8\x9c", l, NULL,
                                  NULL, gp, sizeof gp, err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_ENOGNUPLOT);
    CU_ASSERT(file_contains(gp, "csi [2J caf\xc3\xa9")); /* C1 -> space, e-acute kept */
    CU_ASSERT(file_contains(gp, "rlo txt bad?"));          /* bidi -> space, 0xff -> ? */
    CU_ASSERT(file_contains(gp, "'title x'"));
    CU_ASSERT(!file_contains(gp, "\xc2\x9b"));
    CU_ASSERT(!file_contains(gp, "\xe2\x80\xae"));
    CU_ASSERT(!file_contains(gp, "\xe2\x81\xa6"));
    CU_ASSERT(!file_contains(gp, "\xd8\x9c"));
    CU_ASSERT(!file_contains(gp, "\xff"));
}

/* A chart's own file name keeps its bytes (the file must be the one asked
 * for) but may not hold a control character, which would end the command. */
static void test_control_character_in_file_name_refused(void)
{
    double v[2] = {1.5, 2.5};
    const char *l[2] = {"a", "b"};
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "two\nlines.svg");
    int rc = plot_bars(out, "t", "y", l, v, NULL, NULL, 2, err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_EINVALID);
    CU_ASSERT(strstr(err, "control character") != NULL);
    CU_ASSERT(access(out, F_OK) != 0);
    /* a name that is not UTF-8 is drawn under exactly that name */
    path_of(out, sizeof out, "caf\xe9.svg");
    rc = plot_bars(out, "t", "y", l, v, NULL, NULL, 2, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_bars: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    CU_ASSERT(access(out, F_OK) == 0);
}

/* No temporary file is left in the folder after any of the above. */
static void test_no_temporary_left(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q '^\\.nines-'", dir);
    CU_ASSERT(system(cmd) != 0);
}

/* plot_abandon removes the tracked files and kills the tracked children;
 * untracked ones are left alone. */
static void test_abandon(void)
{
    char a[300], b[300];
    path_of(a, sizeof a, ".nines-abandon-a");
    path_of(b, sizeof b, ".nines-abandon-b");
    FILE *f = fopen(a, "w");
    FILE *g = fopen(b, "w");
    CU_ASSERT_FATAL(f && g);
    fclose(f);
    fclose(g);
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    CU_ASSERT_FATAL(child > 0);
    plot_temp_track(a);
    plot_temp_track(b);
    plot_temp_untrack(b);
    plot_child_track(child);
    plot_abandon();
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
    CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    plot_child_untrack(child);
    plot_temp_untrack(a);
    CU_ASSERT(access(a, F_OK) != 0);
    CU_ASSERT(access(b, F_OK) == 0);
    remove(b);
}

/* Threads that track and untrack at once leave every slot free: afterwards
 * all 16 slots can hold a file, and plot_abandon removes all 16. */
static void *track_loop(void *arg)
{
    char p[64];
    snprintf(p, sizeof p, "/nonexistent/nines-track-%d", *(int *)arg);
    for (int i = 0; i < 20000; i++) {
        plot_temp_track(p);
        plot_child_track((pid_t)(1000000 + *(int *)arg)); /* never signalled: untracked first */
        plot_child_untrack((pid_t)(1000000 + *(int *)arg));
        plot_temp_untrack(p);
    }
    return NULL;
}

static void test_tracking_threads(void)
{
    pthread_t th[4];
    int ids[4];
    for (int i = 0; i < 4; i++) {
        ids[i] = i;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, track_loop, &ids[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    char f[16][300];
    for (int i = 0; i < 16; i++) {
        char name[32];
        snprintf(name, sizeof name, ".nines-slot-%d", i);
        path_of(f[i], sizeof f[i], name);
        FILE *w = fopen(f[i], "w");
        CU_ASSERT_FATAL(w != NULL);
        fclose(w);
        plot_temp_track(f[i]);
    }
    plot_abandon();
    for (int i = 0; i < 16; i++) {
        CU_ASSERT(access(f[i], F_OK) != 0);
        plot_temp_untrack(f[i]);
    }
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_designs_hostile_svg);
    HARNESS_ADD(s, test_hist_png_signature_and_size);
    HARNESS_ADD(s, test_convergence_and_lines);
    HARNESS_ADD(s, test_bars_svg);
    HARNESS_ADD(s, test_bad_extension_and_empty);
    HARNESS_ADD(s, test_missing_gnuplot_writes_script);
    HARNESS_ADD(s, test_gnuplot_failure_reported);
    HARNESS_ADD(s, test_unsafe_characters_never_reach_gnuplot);
    HARNESS_ADD(s, test_control_character_in_file_name_refused);
    HARNESS_ADD(s, test_abandon);
    HARNESS_ADD(s, test_tracking_threads);
    HARNESS_ADD(s, test_no_temporary_left);
}

int main(void)
{
    snprintf(dir, sizeof dir, "build/tests/plot-XXXXXX");
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(marker, sizeof marker, "build/tests/plot-marker");
    remove(marker);
    int rc = harness_run("plot_charts", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
