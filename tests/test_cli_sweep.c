/* tests/test_cli_sweep.c — the VALUES of `nines sweep --set PATH=VALUES`
 * (cli/sweep_values.c): lists split at top-level commas only, log and linear
 * ranges of durations, percentages and numbers, whole-number steps, the
 * number behind each value, and an error that says what was expected for every
 * malformed form. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "../cli/cli.h"

static int parse(const char *arg, sweep_axis *ax, char *why, size_t len)
{
    why[0] = '\0';
    int rc = sweep_axis_parse(arg, ax, why, len);
    if (rc)
        fprintf(stderr, "  [%s] -> %s\n", arg, why);
    return rc;
}

static void test_list(void)
{
    sweep_axis ax;
    char why[256];
    CU_ASSERT_EQUAL_FATAL(parse("profiles.server.repair=1h, 4h ,24h", &ax, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(ax.path, "profiles.server.repair");
    CU_ASSERT_EQUAL_FATAL(ax.n, 3);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "1h");
    CU_ASSERT_STRING_EQUAL(ax.values[1], "4h");
    CU_ASSERT_STRING_EQUAL(ax.values[2], "24h");
    CU_ASSERT_DOUBLE_EQUAL(ax.x[2], 24.0, 1e-12);
    sweep_axis_release(&ax);
    CU_ASSERT_PTR_NULL(ax.path);
}

static void test_list_keeps_laws_whole(void)
{
    sweep_axis ax;
    char why[256];
    CU_ASSERT_EQUAL_FATAL(parse("profiles.disk.fail={dist: weibull, shape: 0.7, mean: 10y},"
                                "3y,[a, b]", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 3);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "{dist: weibull, shape: 0.7, mean: 10y}");
    CU_ASSERT(isnan(ax.x[0]));
    CU_ASSERT_STRING_EQUAL(ax.values[1], "3y");
    CU_ASSERT_DOUBLE_EQUAL(ax.x[1], 3 * 8760.0, 1e-9);
    CU_ASSERT_STRING_EQUAL(ax.values[2], "[a, b]");
    sweep_axis_release(&ax);
}

static void test_log_range(void)
{
    sweep_axis ax;
    char why[256];
    CU_ASSERT_EQUAL_FATAL(parse("profiles.server.repair=1h..72h:log:4", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 4);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "1h");
    CU_ASSERT_STRING_EQUAL(ax.values[1], "4.16017h");
    CU_ASSERT_STRING_EQUAL(ax.values[2], "17.307h");
    CU_ASSERT_STRING_EQUAL(ax.values[3], "72h");
    CU_ASSERT(harness_rel(ax.x[1], 4.16017) < 1e-12);
    sweep_axis_release(&ax);
    /* written in the unit of the first end */
    CU_ASSERT_EQUAL_FATAL(parse("mission=30m..2d:log:3", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 3);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "30m");
    CU_ASSERT_STRING_EQUAL(ax.values[1], "293.939m");
    CU_ASSERT_STRING_EQUAL(ax.values[2], "2880m");
    sweep_axis_release(&ax);
}

static void test_lin_ranges(void)
{
    sweep_axis ax;
    char why[256];
    CU_ASSERT_EQUAL_FATAL(parse("p=2h..8h:lin:4", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 4);
    CU_ASSERT_STRING_EQUAL(ax.values[1], "4h");
    CU_ASSERT_STRING_EQUAL(ax.values[3], "8h");
    sweep_axis_release(&ax);
    CU_ASSERT_EQUAL_FATAL(parse("services.vip.failover.success=99%..99.9%:lin:4", &ax, why,
                                sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 4);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "99%");
    CU_ASSERT_STRING_EQUAL(ax.values[1], "99.3%");
    CU_ASSERT_STRING_EQUAL(ax.values[3], "99.9%");
    CU_ASSERT(harness_rel(ax.x[1], 0.993) < 1e-12);
    sweep_axis_release(&ax);
    CU_ASSERT_EQUAL_FATAL(parse("x=0.5..0.9:lin:5", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 5);
    CU_ASSERT_STRING_EQUAL(ax.values[2], "0.7");
    sweep_axis_release(&ax);
}

static void test_whole_numbers(void)
{
    sweep_axis ax;
    char why[256];
    CU_ASSERT_EQUAL_FATAL(parse("services.api.need=1..5", &ax, why, sizeof why), 0);
    CU_ASSERT_EQUAL_FATAL(ax.n, 5);
    CU_ASSERT_STRING_EQUAL(ax.values[0], "1");
    CU_ASSERT_STRING_EQUAL(ax.values[4], "5");
    CU_ASSERT_DOUBLE_EQUAL(ax.x[3], 4.0, 0);
    sweep_axis_release(&ax);
}

static void expect_error(const char *arg, const char *needle)
{
    sweep_axis ax;
    char why[256] = "";
    int rc = sweep_axis_parse(arg, &ax, why, sizeof why);
    CU_ASSERT_EQUAL(rc, -1);
    if (!strstr(why, needle))
        fprintf(stderr, "  [%s]: '%s' lacks '%s'\n", arg, why, needle);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, needle));
    CU_ASSERT_PTR_NULL(ax.path);
    CU_ASSERT_EQUAL(ax.n, 0);
}

static void test_errors(void)
{
    expect_error("profiles.server.repair", "--set takes PATH=VALUES");
    expect_error("=1h", "--set takes PATH=VALUES");
    expect_error("p=", "has no values");
    expect_error("p=1h,,2h", "empty value in the list");
    expect_error("p=1h..", "bad range '1h..'");
    expect_error("p=..3h", "bad range");
    expect_error("p=1h..72h", "needs :lin:N or :log:N");
    expect_error("p=1h..72h:cubic:3", "unknown spacing 'cubic'");
    expect_error("p=1h..72h:log:1", "bad number of points '1'");
    expect_error("p=1h..72h:log:x", "bad number of points 'x'");
    expect_error("p=1h..72h:log", "bad spacing");
    expect_error("p=0h..72h:log:3", "a log range must start above zero");
    expect_error("p=72h..1h:log:3", "must go from low to high");
    expect_error("p=1h..99%:lin:3", "not of one kind");
    expect_error("p=abc..3h:lin:3", "bad start 'abc'");
    expect_error("p=1h..xyz:lin:3", "bad end 'xyz'");
    expect_error("p=1..2000000", "too many values");
    expect_error("p=\"1h,2h", "unclosed quote");
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_list);
    HARNESS_ADD(s, test_list_keeps_laws_whole);
    HARNESS_ADD(s, test_log_range);
    HARNESS_ADD(s, test_lin_ranges);
    HARNESS_ADD(s, test_whole_numbers);
    HARNESS_ADD(s, test_errors);
}

int main(void)
{
    return harness_run("cli_sweep", add);
}
