/* tests/test_plot_compare.c — the comparison's panels (plots/plot_compare.c,
 * issue 15): valid SVG with hostile names that run nothing; the shares
 * written in the stacked bars and the totals beside them; a loss of 0 is
 * written "0 s: loses nothing", an unknown one "no replication modelled";
 * only causes with downtime are in the key; bad arguments are refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot.h"

static char dir[256];
static const char *const marker = "build/tests/plot-compare-marker";

static const char *const hostile[] = {
    "db`touch build/tests/plot-compare-marker`",
    "x'; system(\"touch build/tests/plot-compare-marker\"); '",
    "a\"b\nset output '/tmp/evil'\n!touch build/tests/plot-compare-marker",
};

static int svg_valid(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>/dev/null", path);
    return system(cmd) == 0;
}

static int contains(const char *path, const char *needle)
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

static void test_causes_shares_and_key(void)
{
    static const char *const labels[] = {"design one", "design two", "never down"};
    static const char *const causes[] = {"failure", "crew-wait", "maintenance"};
    static const char *const colours[] = {"#0072B2", "#999999", "#E69F00"};
    static const int dark[] = {1, 0, 0};
    /* one: 45 min failure + 15 min maintenance (75% / 25%, 1 h); two: 1.5 min
       failure alone (100%); never down. crew-wait is 0 everywhere. */
    double minutes[] = {45, 0, 15, 1.5, 0, 0, 0, 0, 0};
    plot_causes c = {"Downtime per year by cause", 3, labels, 3, causes, colours, dark, minutes};
    char out[300], err[512] = "";
    snprintf(out, sizeof out, "%s/causes.svg", dir);
    int rc = plot_causes_draw(out, &c, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_causes_draw: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(contains(out, ">75%<"));
    CU_ASSERT(contains(out, ">25%<"));
    CU_ASSERT(contains(out, ">100%<"));
    CU_ASSERT(contains(out, ">1 h/yr<"));
    CU_ASSERT(contains(out, ">1.5 min/yr<"));
    CU_ASSERT(contains(out, ">no downtime<"));
    CU_ASSERT(contains(out, ">failure<"));
    CU_ASSERT(contains(out, ">maintenance<"));
    CU_ASSERT(!contains(out, ">crew-wait<")); /* no design has it: not in the key */
    CU_ASSERT(contains(out, ">design one<"));
}

static void test_loss_values(void)
{
    static const char *const labels[] = {"async pair", "galera", "no replication", "big"};
    double sec[] = {4.9, 0, NAN, 1800}, lo[] = {4.3, 0, NAN, NAN}, hi[] = {5.5, 0, NAN, NAN};
    plot_loss c = {"Writes lost per year", 4, labels, sec, lo, hi};
    char out[300], err[512] = "";
    snprintf(out, sizeof out, "%s/loss.svg", dir);
    int rc = plot_loss_draw(out, &c, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_loss_draw: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(contains(out, ">4.9 s<"));
    CU_ASSERT(contains(out, ">0 s: loses nothing<"));
    CU_ASSERT(contains(out, ">no replication modelled<"));
    CU_ASSERT(contains(out, ">30 min<"));
    CU_ASSERT(contains(out, "writes lost per year (minutes of writes)")); /* the axis's unit */
    CU_ASSERT(contains(out, ">async pair<"));
}

static void test_hostile_names(void)
{
    double minutes[] = {10, 5, 3, 0, 0, 7};
    plot_causes c = {hostile[1], 3, hostile, 2, hostile, NULL, NULL, minutes};
    double sec[] = {1, 0, NAN};
    plot_loss l = {hostile[2], 3, hostile, sec, NULL, NULL};
    char out[300], err[512] = "";
    snprintf(out, sizeof out, "%s/hostile-causes.svg", dir);
    CU_ASSERT_EQUAL(plot_causes_draw(out, &c, err, sizeof err), PLOT_OK);
    CU_ASSERT(svg_valid(out));
    CU_ASSERT(contains(out, "touch build/tests/plot-compare-marker"));
    snprintf(out, sizeof out, "%s/hostile-loss.png", dir);
    CU_ASSERT_EQUAL(plot_loss_draw(out, &l, err, sizeof err), PLOT_OK);
    CU_ASSERT(access(marker, F_OK) != 0);
    CU_ASSERT(access("/tmp/evil", F_OK) != 0);
}

static void test_bad_arguments(void)
{
    char out[300], err[512] = "";
    snprintf(out, sizeof out, "%s/bad.svg", dir);
    plot_causes c = {"t", 0, NULL, 0, NULL, NULL, NULL, NULL};
    CU_ASSERT_EQUAL(plot_causes_draw(out, &c, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT_STRING_EQUAL(err, "no design or no cause to draw");
    plot_loss l = {"t", 0, NULL, NULL, NULL, NULL};
    CU_ASSERT_EQUAL(plot_loss_draw(out, &l, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT_STRING_EQUAL(err, "no design to draw");
    static const char *const one[] = {"a"};
    double v[] = {1};
    plot_loss bad_ext = {"t", 1, one, v, NULL, NULL};
    snprintf(out, sizeof out, "%s/bad.txt", dir);
    CU_ASSERT_EQUAL(plot_loss_draw(out, &bad_ext, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(access(out, F_OK) != 0);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_causes_shares_and_key);
    HARNESS_ADD(s, test_loss_values);
    HARNESS_ADD(s, test_hostile_names);
    HARNESS_ADD(s, test_bad_arguments);
}

int main(void)
{
    snprintf(dir, sizeof dir, "build/tests/plotcmp-XXXXXX");
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    remove(marker);
    int rc = harness_run("plot_compare", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
