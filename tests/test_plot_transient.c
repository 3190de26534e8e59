/* tests/test_plot_transient.c — the chart of A(t) and R(t) (issue 14,
 * plot_transient_draw): a valid SVG, hostile titles and labels run nothing,
 * fewer than two points refused. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "harness.h"
#include "../plots/plot.h"

static void test_chart(void)
{
    mkdir("build/tests", 0755);
    const char *out = "build/tests/curve-chart.svg", *marker = "build/tests/curve-marker";
    remove(out);
    remove(marker);
    double t[3] = {0, 10, 20}, a[3] = {1, 0.99, 0.991}, lo[3] = {1, 0.98, 0.981},
           hi[3] = {1, 1, 1}, r[3] = {1, 0.8, 0.6}, ex[3] = {1, 0.992, 0.990};
    plot_transient c = {0};
    c.title = "x'; system(\"touch build/tests/curve-marker\"); '";
    c.n = 3;
    c.t = t;
    c.a = a;
    c.a_lo = lo;
    c.a_hi = hi;
    c.a_exact = ex;
    c.a_exact_label = "a`touch build/tests/curve-marker`";
    c.r = r;
    c.r_lo = lo;
    c.r_hi = hi;
    c.steady_a = 0.99;
    c.steady_label = "steady\nset output '/tmp/evil'";
    char err[512] = "";
    int rc = plot_transient_draw(out, &c, err, sizeof err);
    if (rc == PLOT_ENOGNUPLOT)
        return; /* no gnuplot here: nothing to check */
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    if (rc)
        fprintf(stderr, "plot_transient_draw: %s\n", err);
    CU_ASSERT(system("xmllint --noout build/tests/curve-chart.svg 2>/dev/null") == 0);
    struct stat st;
    CU_ASSERT(stat(marker, &st) != 0); /* nothing ran */
    c.n = 1;
    CU_ASSERT_EQUAL(plot_transient_draw(out, &c, err, sizeof err), PLOT_EINVALID);
    remove(out);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_chart);
}

int main(void)
{
    return harness_run("plot_transient", add);
}
