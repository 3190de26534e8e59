/* tests/test_plot_tornado.c — the tornado chart (plots/plot_tornado.c): an
 * SVG is written with every row's label, a hostile label cannot run a command,
 * and bad arguments are refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = calloc((size_t)n + 1, 1)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static void test_tornado_svg(void)
{
    char dir[] = "/tmp/nines-tornado.XXXXXX", out[128], flag[128], label[256], err[512] = "";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/t.svg", dir);
    snprintf(flag, sizeof flag, "%s/pwned", dir);
    snprintf(label, sizeof label, "evil' `touch %s` '\n@x", flag);
    plot_tornado_row rows[3] = {
        {"switch", {3.1, 3.2}, {3.6, 3.45}},  /* lo[2], hi[2] */
        {label, {3.3, 3.34}, {3.35, 3.36}},
        {"services.api.instance", {3.349, NAN}, {3.351, NAN}}, /* no second bar */
    };
    plot_tornado c = {0};
    c.title = "pair: what to improve first";
    c.x_label = "nines";
    c.bar_label[0] = "fail";
    c.bar_label[1] = "repair";
    c.base = 3.35;
    c.rows = rows;
    c.n = 3;
    int rc = plot_tornado_draw(out, &c, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_tornado_draw: %s\n", err);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    char *svg = slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "<svg"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "switch"));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "services.api.instance"));
    CU_ASSERT_NOT_EQUAL(access(flag, F_OK), 0); /* the label ran nothing */
    free(svg);
    unlink(out);
    rmdir(dir);
}

static void test_tornado_refuses_nothing(void)
{
    char err[256] = "";
    plot_tornado c = {0};
    CU_ASSERT_EQUAL(plot_tornado_draw("/tmp/x.svg", &c, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT_STRING_EQUAL(err, "no row to draw");
    plot_tornado_row r = {"a", {1, 2}, {1, 2}};
    c.rows = &r;
    c.n = 1;
    CU_ASSERT_EQUAL(plot_tornado_draw("/tmp/x.txt", &c, err, sizeof err), PLOT_EINVALID);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_tornado_svg);
    HARNESS_ADD(s, test_tornado_refuses_nothing);
}

int main(void)
{
    return harness_run("plot_tornado", add);
}
