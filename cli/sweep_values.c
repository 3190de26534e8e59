/* cli/sweep_values.c — parses one `--set PATH=VALUES` of `nines sweep` into
 * the list of YAML texts to load at each point.
 *
 * VALUES is either a list, `1h,4h,24h` (split at commas outside braces,
 * brackets and quotes, so `{dist: weibull, shape: 2, mean: 1y}` is one value),
 * or a range `LO..HI[:lin:N | :log:N]`:
 *   - durations (`1h..72h:log:8`) are written in LO's unit;
 *   - percentages (`99%..99.9%:lin:4`) in percent;
 *   - plain numbers (`0.5..0.9:lin:5`) as numbers;
 *   - whole numbers without a spacing (`1..5`) step by one.
 * Every value also gets a number for charts: hours for a duration, the ratio
 * for a percentage, the number itself; NAN when it is none of these (a law).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { SWEEP_MAX_VALUES = 1000 };

static void why_set(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void why_set(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* A plain number: the whole text is a finite decimal. */
static int parse_number(const char *s, double *x)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return -1;
    *x = v;
    return 0;
}

/* The number a value stands for (hours, ratio, number), or NAN. */
static double value_number(const char *s)
{
    double x;
    char why[64];
    size_t n = strlen(s);
    if (!units_parse_duration(s, &x, why, sizeof why))
        return x;
    if (n && s[n - 1] == '%' && !units_parse_ratio(s, &x, why, sizeof why))
        return x;
    if (!parse_number(s, &x))
        return x;
    return NAN;
}

static int push(sweep_axis *ax, char *text, char *why, size_t len)
{
    if (!text) {
        why_set(why, len, "out of memory");
        return -1;
    }
    if (ax->n >= SWEEP_MAX_VALUES) {
        free(text);
        why_set(why, len, "too many values (at most %d)", SWEEP_MAX_VALUES);
        return -1;
    }
    if (ax->n == ax->cap) {
        int cap = ax->cap ? 2 * ax->cap : 8;
        char **v = realloc(ax->values, (size_t)cap * sizeof *v);
        double *x = v ? realloc(ax->x, (size_t)cap * sizeof *x) : NULL;
        if (v)
            ax->values = v;
        if (x)
            ax->x = x;
        if (!v || !x) {
            free(text);
            why_set(why, len, "out of memory");
            return -1;
        }
        ax->cap = cap;
    }
    ax->values[ax->n] = text;
    ax->x[ax->n] = value_number(text);
    ax->n++;
    return 0;
}

/* Splits a list at top-level commas; trims blanks around each value. */
static int parse_list(sweep_axis *ax, const char *s, char *why, size_t len)
{
    int depth = 0;
    char quote = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            else if (!*p) {
                why_set(why, len, "unclosed quote in '%s'", s);
                return -1;
            }
            continue;
        }
        if (*p == '"' || *p == '\'')
            quote = *p;
        else if (*p == '{' || *p == '[')
            depth++;
        else if ((*p == '}' || *p == ']') && depth > 0)
            depth--;
        else if ((*p == ',' && depth == 0) || !*p) {
            const char *a = start, *b = p;
            while (a < b && isspace((unsigned char)*a))
                a++;
            while (b > a && isspace((unsigned char)b[-1]))
                b--;
            if (a == b) {
                why_set(why, len, "empty value in the list '%s'", s);
                return -1;
            }
            if (push(ax, dup_range(a, (size_t)(b - a)), why, len))
                return -1;
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return 0;
}

typedef enum { END_DURATION, END_RATIO, END_NUMBER } end_kind;

/* One end of a range: its number and kind; for a duration, the unit text. */
static int parse_end(const char *s, double *x, end_kind *k, char *unit, size_t ulen)
{
    char why[64];
    size_t n = strlen(s);
    if (!units_parse_duration(s, x, why, sizeof why)) {
        size_t u = n;
        while (u > 0 && isalpha((unsigned char)s[u - 1]))
            u--;
        snprintf(unit, ulen, "%s", s + u);
        *k = END_DURATION;
        return 0;
    }
    if (n && s[n - 1] == '%' && !units_parse_ratio(s, x, why, sizeof why)) {
        *k = END_RATIO;
        return 0;
    }
    if (!parse_number(s, x)) {
        *k = END_NUMBER;
        return 0;
    }
    return -1;
}

static int parse_range(sweep_axis *ax, const char *s, const char *dots, char *why, size_t len)
{
    char lo_s[128], hi_s[128], unit[16] = "", spacing[8] = "";
    const char *hi_start = dots + 2, *colon = strchr(hi_start, ':');
    size_t lo_n = (size_t)(dots - s), hi_n = colon ? (size_t)(colon - hi_start) : strlen(hi_start);
    long long steps = 0;
    const char *expect = "expected LO..HI, LO..HI:lin:N or LO..HI:log:N, e.g. 1h..72h:log:8 or 1..5";

    if (lo_n == 0 || hi_n == 0 || lo_n >= sizeof lo_s || hi_n >= sizeof hi_s) {
        why_set(why, len, "bad range '%s' (%s)", s, expect);
        return -1;
    }
    memcpy(lo_s, s, lo_n);
    lo_s[lo_n] = '\0';
    memcpy(hi_s, hi_start, hi_n);
    hi_s[hi_n] = '\0';
    if (colon) {
        const char *c2 = strchr(colon + 1, ':');
        char *end;
        size_t sn = c2 ? (size_t)(c2 - colon - 1) : 0;
        if (!c2 || sn >= sizeof spacing) {
            why_set(why, len, "bad spacing in the range '%s' (%s)", s, expect);
            return -1;
        }
        memcpy(spacing, colon + 1, sn);
        spacing[sn] = '\0';
        if (strcmp(spacing, "lin") && strcmp(spacing, "log")) {
            why_set(why, len, "unknown spacing '%s' in the range '%s' (expected lin or log)",
                    spacing, s);
            return -1;
        }
        errno = 0;
        steps = strtoll(c2 + 1, &end, 10);
        if (end == c2 + 1 || *end || errno || steps < 2 || steps > SWEEP_MAX_VALUES) {
            why_set(why, len, "bad number of points '%s' in the range '%s' "
                    "(expected a whole number from 2 to %d)", c2 + 1, s, SWEEP_MAX_VALUES);
            return -1;
        }
    }

    double lo, hi, scale = 1;
    end_kind klo, khi;
    char unit_hi[16];
    if (parse_end(lo_s, &lo, &klo, unit, sizeof unit)) {
        why_set(why, len, "bad start '%s' of the range '%s' (expected a duration such as 1h, "
                "a percentage such as 99%%, or a number)", lo_s, s);
        return -1;
    }
    if (parse_end(hi_s, &hi, &khi, unit_hi, sizeof unit_hi)) {
        why_set(why, len, "bad end '%s' of the range '%s' (expected a duration such as 72h, "
                "a percentage such as 99.9%%, or a number)", hi_s, s);
        return -1;
    }
    if (klo != khi) {
        why_set(why, len, "the ends of the range '%s' are not of one kind "
                "(both durations, both percentages or both numbers)", s);
        return -1;
    }
    if (!(hi > lo)) {
        why_set(why, len, "the range '%s' must go from low to high", s);
        return -1;
    }
    if (!steps) {
        if (klo != END_NUMBER || lo != floor(lo) || hi != floor(hi)) {
            why_set(why, len, "the range '%s' needs :lin:N or :log:N "
                    "(only whole numbers such as 1..5 step by one)", s);
            return -1;
        }
        if (hi - lo + 1 > SWEEP_MAX_VALUES) {
            why_set(why, len, "too many values in the range '%s' (at most %d)", s,
                    SWEEP_MAX_VALUES);
            return -1;
        }
        for (double v = lo; v <= hi; v += 1) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.0f", v);
            if (push(ax, dup_range(buf, strlen(buf)), why, len))
                return -1;
        }
        return 0;
    }
    int log_spaced = !strcmp(spacing, "log");
    if (log_spaced && !(lo > 0)) {
        why_set(why, len, "a log range must start above zero (got '%s')", s);
        return -1;
    }
    if (klo == END_DURATION) {
        char one[32], w[64];
        snprintf(one, sizeof one, "1%s", unit);
        if (units_parse_duration(one, &scale, w, sizeof w) || !(scale > 0))
            scale = 1, snprintf(unit, sizeof unit, "h");
    }
    for (long long i = 0; i < steps; i++) {
        double f = (double)i / (double)(steps - 1), v;
        char buf[64];
        if (i == steps - 1)
            v = hi;
        else if (log_spaced)
            v = lo * pow(hi / lo, f);
        else
            v = lo + (hi - lo) * f;
        if (klo == END_DURATION)
            snprintf(buf, sizeof buf, "%.6g%s", v / scale, unit);
        else if (klo == END_RATIO)
            snprintf(buf, sizeof buf, "%.6g%%", 100 * v);
        else
            snprintf(buf, sizeof buf, "%.6g", v);
        if (push(ax, dup_range(buf, strlen(buf)), why, len))
            return -1;
    }
    return 0;
}

int sweep_axis_parse(const char *arg, sweep_axis *ax, char *why, size_t len)
{
    const char *eq = strchr(arg, '=');
    memset(ax, 0, sizeof *ax);
    if (!eq || eq == arg) {
        why_set(why, len, "--set takes PATH=VALUES, e.g. profiles.server.repair=1h,4h,24h "
                "(got '%s')", arg);
        return -1;
    }
    if (!(ax->path = dup_range(arg, (size_t)(eq - arg)))) {
        why_set(why, len, "out of memory");
        return -1;
    }
    const char *v = eq + 1, *dots = strstr(v, "..");
    int rc;
    if (!*v) {
        why_set(why, len, "--set %s= has no values (expected a list such as 1h,4h,24h "
                "or a range such as 1h..72h:log:8)", ax->path);
        rc = -1;
    } else if (dots && !strpbrk(v, "{[,\"'")) {
        rc = parse_range(ax, v, dots, why, len);
    } else {
        rc = parse_list(ax, v, why, len);
    }
    if (rc)
        sweep_axis_release(ax);
    return rc;
}

void sweep_axis_release(sweep_axis *ax)
{
    if (!ax)
        return;
    free(ax->path);
    for (int i = 0; i < ax->n; i++)
        free(ax->values[i]);
    free(ax->values);
    free(ax->x);
    memset(ax, 0, sizeof *ax);
}
