/* tests/test_model_units.c — durations with units and ratios
 * (model/units.c): every unit, decimals, exponents, every error reason, the
 * readable formatting of hours, and nines with their cap (units_nines). */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "../model/topology.h"

static double dur(const char *s)
{
    double h = NAN;
    char why[64];
    CU_ASSERT_EQUAL_FATAL(units_parse_duration(s, &h, why, sizeof why), 0);
    return h;
}

static const char *dur_why(const char *s)
{
    static char why[64];
    double h = -7.25;
    why[0] = '\0';
    CU_ASSERT_EQUAL(units_parse_duration(s, &h, why, sizeof why), -1);
    CU_ASSERT_EQUAL(h, -7.25); /* untouched on error */
    return why;
}

static void test_every_unit(void)
{
    CU_ASSERT(harness_rel(dur("250ms"), 250.0 / 3600000.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("45s"), 45.0 / 3600.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("30m"), 0.5) < 1e-15);
    CU_ASSERT(harness_rel(dur("8h"), 8.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("3d"), 72.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("2w"), 336.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("3y"), 26280.0) < 1e-15);
}

static void test_decimals_and_forms(void)
{
    CU_ASSERT(harness_rel(dur("1.5h"), 1.5) < 1e-15);
    CU_ASSERT(harness_rel(dur(".5d"), 12.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("2.385y"), 2.385 * 8760.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("1e3s"), 1000.0 / 3600.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("3 y"), 26280.0) < 1e-15);
    CU_ASSERT(harness_rel(dur("+4h"), 4.0) < 1e-15);
    CU_ASSERT_EQUAL(dur("0s"), 0.0);
}

static void test_duration_errors(void)
{
    CU_ASSERT_STRING_EQUAL(dur_why("30"), "no unit");
    CU_ASSERT_STRING_EQUAL(dur_why("2.5"), "no unit");
    CU_ASSERT_STRING_EQUAL(dur_why("-2h"), "negative");
    CU_ASSERT_STRING_EQUAL(dur_why("3yr"), "unknown unit");
    CU_ASSERT_STRING_EQUAL(dur_why("3M"), "unknown unit");
    CU_ASSERT_STRING_EQUAL(dur_why("h"), "not a number");
    CU_ASSERT_STRING_EQUAL(dur_why("soon"), "not a number");
    CU_ASSERT_STRING_EQUAL(dur_why(""), "empty");
    CU_ASSERT_STRING_EQUAL(dur_why("nanh"), "not a number");
    CU_ASSERT_STRING_EQUAL(dur_why("1e999h"), "not finite");
    CU_ASSERT_STRING_EQUAL(dur_why("0x10h"), "unknown unit");
}

static void test_ratios(void)
{
    double r = -1;
    char why[64];
    CU_ASSERT_EQUAL(units_parse_ratio("99%", &r, why, sizeof why), 0);
    CU_ASSERT(harness_rel(r, 0.99) < 1e-15);
    CU_ASSERT_EQUAL(units_parse_ratio("99.95%", &r, why, sizeof why), 0);
    CU_ASSERT(harness_rel(r, 0.9995) < 1e-15);
    CU_ASSERT_EQUAL(units_parse_ratio("0.99", &r, why, sizeof why), 0);
    CU_ASSERT(harness_rel(r, 0.99) < 1e-15);
    CU_ASSERT_EQUAL(units_parse_ratio("1", &r, why, sizeof why), 0);
    CU_ASSERT_EQUAL(r, 1.0);
    /* out of range is the caller's judgement, not a parse error */
    CU_ASSERT_EQUAL(units_parse_ratio("150%", &r, why, sizeof why), 0);
    CU_ASSERT(harness_rel(r, 1.5) < 1e-15);
    CU_ASSERT_EQUAL(units_parse_ratio("high", &r, why, sizeof why), -1);
    CU_ASSERT_STRING_EQUAL(why, "not a number");
    CU_ASSERT_EQUAL(units_parse_ratio("99%%", &r, why, sizeof why), -1);
    CU_ASSERT_STRING_EQUAL(why, "not a ratio");
    CU_ASSERT_EQUAL(units_parse_ratio("", &r, why, sizeof why), -1);
}

static void test_format(void)
{
    char b[32];
    CU_ASSERT_STRING_EQUAL(units_format_duration(26280.0, b, sizeof b), "3y");
    CU_ASSERT_STRING_EQUAL(units_format_duration(8.0, b, sizeof b), "8h");
    CU_ASSERT_STRING_EQUAL(units_format_duration(60.0, b, sizeof b), "2.5d");
    CU_ASSERT_STRING_EQUAL(units_format_duration(4.0 / 3600.0, b, sizeof b), "4s");
    CU_ASSERT_STRING_EQUAL(units_format_duration(0.5, b, sizeof b), "30m");
    CU_ASSERT_STRING_EQUAL(units_format_duration(0.25 / 3600.0, b, sizeof b), "250ms");
    CU_ASSERT_STRING_EQUAL(units_format_duration(0.0, b, sizeof b), "0s");
    CU_ASSERT_STRING_EQUAL(units_format_duration(10000.0 * 8760.0, b, sizeof b), "10000y");
    /* a formatted duration parses back to the same hours (4 digits) */
    double h = dur(units_format_duration(1234.5, b, sizeof b));
    CU_ASSERT(harness_rel(h, 1234.5) < 1e-3);
}

/* units_nines: -log10(1 - a), capped at TOPO_NINES_CAP (12) from above and at
 * an availability of 1 or more (or NaN); the unavailability form agrees. */
static void test_nines(void)
{
    CU_ASSERT(harness_rel(units_nines(0.999), 3.0) < 1e-9);
    CU_ASSERT(harness_rel(units_nines(0.99997079), 4.5344684) < 1e-7);
    CU_ASSERT_EQUAL(units_nines(0.0), 0.0);
    CU_ASSERT_EQUAL(units_nines(1.0), TOPO_NINES_CAP);
    CU_ASSERT_EQUAL(units_nines(1.5), TOPO_NINES_CAP);
    CU_ASSERT_EQUAL(units_nines(NAN), TOPO_NINES_CAP);
    CU_ASSERT_EQUAL(units_nines(1 - 1e-14), TOPO_NINES_CAP);
    CU_ASSERT_EQUAL(units_nines_of_unavailability(1e-12), 12.0);
    CU_ASSERT_EQUAL(units_nines_of_unavailability(3.7e-13), TOPO_NINES_CAP);
    CU_ASSERT_EQUAL(units_nines_of_unavailability(0.0), TOPO_NINES_CAP);
    CU_ASSERT(harness_rel(units_nines_of_unavailability(2.385e-4), -log10(2.385e-4)) < 1e-15);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_every_unit);
    HARNESS_ADD(s, test_decimals_and_forms);
    HARNESS_ADD(s, test_duration_errors);
    HARNESS_ADD(s, test_ratios);
    HARNESS_ADD(s, test_format);
    HARNESS_ADD(s, test_nines);
}

int main(void)
{
    return harness_run("model_units", add);
}
