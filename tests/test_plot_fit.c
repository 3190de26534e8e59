/* tests/test_plot_fit.c — charts fit for a slide (plots/plot_axes.c): long
 * names wrapped and never cut, durations in the unit of their size, the
 * downtime per year beside the nines, many bars horizontal and sorted, the
 * outage-length chart; read back from the scripts written when gnuplot is
 * missing, and drawn for real. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot_int.h"

static char dir[256];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Runs draw with PATH emptied (no gnuplot) and returns the script it left in
 * OUT.gp (static buffer), or NULL. */
static const char *script_of(const char *name, int (*draw)(const char *out, void *arg), void *arg)
{
    char out[300], gp[320], empty[300];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    snprintf(gp, sizeof gp, "%s.gp", out);
    snprintf(empty, sizeof empty, "%s/emptybin", dir);
    mkdir(empty, 0755);
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    setenv("PATH", empty, 1);
    int rc = draw(out, arg);
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
    CU_ASSERT_EQUAL(rc, PLOT_ENOGNUPLOT);
    return slurp(gp);
}

static void test_wrap_never_cuts(void)
{
    plot_piece p[PLOT_WRAP_MAX];
    int n = plot_wrap("Heartbeat + SAN (convention SAN)", 14, 4, p);
    CU_ASSERT_EQUAL(n, 4);
    CU_ASSERT(p[0].len == 11 && !strncmp(p[0].s, "Heartbeat +", 11));
    CU_ASSERT(p[1].len == 3 && !strncmp(p[1].s, "SAN", 3));
    CU_ASSERT(p[2].len == 11 && !strncmp(p[2].s, "(convention", 11));
    CU_ASSERT(p[3].len == 4 && !strncmp(p[3].s, "SAN)", 4));
    /* after a hyphen or a dot; the last line takes all that is left */
    n = plot_wrap("services.nova-scheduler.failover.time", 12, 2, p);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT(p[0].len == 9 && !strncmp(p[0].s, "services.", 9));
    CU_ASSERT(p[1].len == 28 && !strncmp(p[1].s, "nova-scheduler.failover.time", 28));
    /* a word longer than the width is broken at a character boundary */
    n = plot_wrap("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4, 3, p);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(p[0].len, 8);
    CU_ASSERT_EQUAL(p[1].len, 4);
    n = plot_wrap("short", 20, 3, p);
    CU_ASSERT(n == 1 && p[0].len == 5);
    n = plot_wrap("", 20, 3, p);
    CU_ASSERT(n == 1 && p[0].len == 0);
}

static void test_time_labels_and_units(void)
{
    char b[32];
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 0.5), "30 s");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 525600e-4), "53 min");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 525.6), "8.8 h");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 5256), "3.6 d");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 60), "1 h");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 525600), "1 y");
    CU_ASSERT_STRING_EQUAL(plot_time_label(b, sizeof b, 525600e-7), "3.2 s");
    CU_ASSERT_STRING_EQUAL(plot_time_unit(1.5).name, "seconds");
    CU_ASSERT_STRING_EQUAL(plot_time_unit(50).name, "minutes");
    CU_ASSERT_STRING_EQUAL(plot_time_unit(600).name, "hours");
    CU_ASSERT_STRING_EQUAL(plot_time_unit(10000).name, "days");
    CU_ASSERT_DOUBLE_EQUAL(plot_nice_step(7, 7), 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(plot_nice_step(0.6, 7), 0.1, 1e-12);
}

static const char *long_name =
    "a design whose name is far longer than forty characters, ending in the UNIQUE-TAIL";

static int draw_designs(const char *out, void *arg)
{
    int n = *(int *)arg;
    plot_design d[12];
    memset(d, 0, sizeof d);
    static char labels[12][32];
    for (int i = 0; i < n; i++) {
        snprintf(labels[i], sizeof labels[i], "design-%d", i);
        d[i].label = i == 1 ? long_name : labels[i];
        d[i].nines = 2 + 0.25 * i * (i % 2 ? 1 : -0.5) + 2;
        d[i].lo = d[i].nines - 0.05;
        d[i].hi = d[i].nines + 0.05;
    }
    char err[1024];
    return plot_designs(out, long_name, d, n, err, sizeof err);
}

static void test_designs_fit(void)
{
    int n = 5;
    const char *gp = script_of("d5.svg", draw_designs, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    /* the long name is wrapped into fields, its end is kept */
    CU_ASSERT(strstr(gp, "UNIQUE-TAIL") != NULL);
    CU_ASSERT(strstr(gp, "xtic(wrap4(8))") != NULL);
    /* the title too, on lines joined in a gnuplot expression */
    CU_ASSERT(strstr(gp, "set title 'a design whose name is far longer than forty characters, ending in the "
                         "UNIQUE-'.\"\\n\".'TAIL'") != NULL);
    /* the downtime per year beside the nines: 4 nines is 53 min */
    CU_ASSERT(strstr(gp, "set y2label 'downtime per year'") != NULL);
    CU_ASSERT(strstr(gp, "'53 min' 4") != NULL);
    CU_ASSERT(strstr(gp, "set key outside bottom center horizontal") != NULL);
    CU_ASSERT(strstr(gp, "rotate") == NULL);
    /* more than 8: horizontal bars, largest first (on top: position n-1) */
    n = 12;
    gp = script_of("d12.svg", draw_designs, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    CU_ASSERT(strstr(gp, "ytic(wrap2(8)) with boxxyerror") != NULL);
    CU_ASSERT(strstr(gp, "set x2label 'downtime per year'") != NULL);
    const char *row = strstr(gp, "$designs << EOD\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(row);
    row += strlen("$designs << EOD\n");
    /* design 11 has the most nines: 2 + 0.25*11 + 2 */
    CU_ASSERT(!strncmp(row, "11\t6.75\t", 8));
    CU_ASSERT(strstr(row, "design-11") < strstr(row, "design-9"));
    CU_ASSERT(strstr(gp, "set terminal svg size 1280,818") != NULL); /* taller: 170 + 54 n */
}

static int draw_downtime_bars(const char *out, void *arg)
{
    const double *v = arg;
    const char *l[3] = {"a", "b", "c"};
    char err[1024];
    return plot_downtime_bars(out, "t", l, v, NULL, NULL, 3, err, sizeof err);
}

static void test_downtime_bars_unit(void)
{
    double secs[3] = {0.5, 1.25, 0.1}; /* minutes: at most 75 s */
    const char *gp = script_of("ds.svg", draw_downtime_bars, secs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    CU_ASSERT(strstr(gp, "set ylabel 'downtime per year (seconds)'") != NULL);
    CU_ASSERT(strstr(gp, "1\t75\t") != NULL);
    double hours[3] = {600, 1200, 30};
    gp = script_of("dh.svg", draw_downtime_bars, hours);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    CU_ASSERT(strstr(gp, "set ylabel 'downtime per year (hours)'") != NULL);
    CU_ASSERT(strstr(gp, "1\t20\t") != NULL);
}

static int draw_hist(const char *out, void *arg)
{
    (void)arg;
    double edge[4] = {0.1, 1, 10, 100}, years[3] = {5, 3, 1};
    plot_hist h = {0};
    h.title = "h";
    h.n = 3;
    h.edge = edge;
    h.years = years;
    h.zero_years = 7;
    h.mean_minutes = 12;
    h.p95_minutes = 60;
    char err[1024];
    return plot_downtime_hist(out, &h, err, sizeof err);
}

static void test_hist_time_axis(void)
{
    const char *gp = script_of("h.svg", draw_hist, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
    CU_ASSERT(strstr(gp, "set xtics ('10 s' 0.1666666667, '1 min' 1, '10 min' 10, '1 h' 60)") != NULL);
    CU_ASSERT(strstr(gp, "'mean: 12 min per year'") != NULL);
    CU_ASSERT(strstr(gp, "'P95 year: 1 h'") != NULL);
    CU_ASSERT(strstr(gp, "'years without downtime: 7'") != NULL);
}

static void test_durations_drawn(void)
{
    const char *l[3] = {"system", "db`touch build/tests/fit-marker`", "never"};
    double mean[3] = {4.2, 130, NAN}, longest[3] = {3600, 3300, NAN};
    plot_durations c = {"how long an outage lasts", 3, l, mean, longest};
    char out[300], err[1024] = "";
    snprintf(out, sizeof out, "%s/durations.svg", dir);
    int rc = plot_durations_draw(out, &c, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_durations_draw: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    const char *svg = slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    CU_ASSERT(strstr(svg, "mean 2.2 h, longest 2.3 d") != NULL);
    CU_ASSERT(strstr(svg, "mean 4.2 min, longest 2.5 d") != NULL);
    CU_ASSERT(strstr(svg, "no outage") != NULL);
    CU_ASSERT(access("build/tests/fit-marker", F_OK) != 0);
    c.n = 0;
    CU_ASSERT_EQUAL(plot_durations_draw(out, &c, err, sizeof err), PLOT_EINVALID);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_wrap_never_cuts);
    HARNESS_ADD(s, test_time_labels_and_units);
    HARNESS_ADD(s, test_designs_fit);
    HARNESS_ADD(s, test_downtime_bars_unit);
    HARNESS_ADD(s, test_hist_time_axis);
    HARNESS_ADD(s, test_durations_drawn);
}

int main(void)
{
    snprintf(dir, sizeof dir, "build/tests/plotfit-XXXXXX");
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = harness_run("plot_fit", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
