/* model/units.c — durations with units and ratios, as written in topology
 * files: "30m", "1.5h", "3y", "250ms"; "99%", "99.95%", "0.99"; and nines
 * (units_nines, capped at TOPO_NINES_CAP).
 *
 * Units: ms, s, m (minutes), h, d, w (168 h), y (8760 h: a 365-day year).
 * Every duration is returned in hours. A bare number is refused: a duration
 * always carries its unit, so "30" cannot silently mean minutes or hours.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topology.h"

static void set_why(char *why, size_t len, const char *text)
{
    if (why && len)
        snprintf(why, len, "%s", text);
}

/* Parses a plain decimal number at the start of s (no hex, no inf/nan);
 * returns the number of characters used, 0 if none. */
static size_t parse_number(const char *s, double *v)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (isdigit((unsigned char)s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++, digits++;
    }
    if (!digits)
        return 0;
    if ((s[i] == 'e' || s[i] == 'E') &&
        (isdigit((unsigned char)s[i + 1]) ||
         ((s[i + 1] == '+' || s[i + 1] == '-') && isdigit((unsigned char)s[i + 2])))) {
        i += 2;
        while (isdigit((unsigned char)s[i]))
            i++;
    }
    char buf[64];
    if (i >= sizeof buf)
        return 0;
    memcpy(buf, s, i);
    buf[i] = '\0';
    errno = 0;
    *v = strtod(buf, NULL);
    return i;
}

/* The number that starts text (after blanks) into *v; returns what follows
 * it (after spaces), or NULL with why set ("empty", "not a number"). */
static const char *leading_number(const char *text, double *v, char *why, size_t whylen)
{
    if (!text || !*text) {
        set_why(why, whylen, "empty");
        return NULL;
    }
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = parse_number(s, v);
    if (!n) {
        set_why(why, whylen, "not a number");
        return NULL;
    }
    s += n;
    while (*s == ' ')
        s++;
    return s;
}

int units_parse_duration(const char *text, double *hours, char *why, size_t whylen)
{
    static const struct { const char *unit; double hours; } units[] = {
        {"ms", 1.0 / 3600000.0}, {"s", 1.0 / 3600.0}, {"m", 1.0 / 60.0},
        {"h", 1.0}, {"d", 24.0}, {"w", 168.0}, {"y", 8760.0}};
    double v;
    const char *u = leading_number(text, &v, why, whylen);
    if (!u)
        return -1;
    size_t ulen = strlen(u);
    while (ulen && isspace((unsigned char)u[ulen - 1]))
        ulen--;
    if (ulen == 0) {
        set_why(why, whylen, "no unit");
        return -1;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strlen(units[i].unit) == ulen && !strncmp(u, units[i].unit, ulen)) {
            if (!isfinite(v)) {
                set_why(why, whylen, "not finite");
                return -1;
            }
            if (v < 0) {
                set_why(why, whylen, "negative");
                return -1;
            }
            *hours = v * units[i].hours;
            return 0;
        }
    }
    set_why(why, whylen, "unknown unit");
    return -1;
}

int units_parse_ratio(const char *text, double *ratio, char *why, size_t whylen)
{
    double v;
    const char *rest = leading_number(text, &v, why, whylen);
    if (!rest)
        return -1;
    int percent = 0;
    if (*rest == '%') {
        percent = 1;
        rest++;
    }
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest) {
        set_why(why, whylen, "not a ratio");
        return -1;
    }
    if (!isfinite(v)) {
        set_why(why, whylen, "not finite");
        return -1;
    }
    *ratio = percent ? v / 100.0 : v;
    return 0;
}

const char *units_format_duration(double hours, char *buf, size_t len)
{
    static const struct { const char *unit; double hours; } units[] = {
        {"y", 8760.0}, {"d", 24.0}, {"h", 1.0}, {"m", 1.0 / 60.0},
        {"s", 1.0 / 3600.0}, {"ms", 1.0 / 3600000.0}};
    if (!isfinite(hours)) {
        snprintf(buf, len, "%g", hours);
        return buf;
    }
    if (hours == 0) {
        snprintf(buf, len, "0s");
        return buf;
    }
    double a = fabs(hours);
    size_t i = 0;
    while (i + 1 < sizeof units / sizeof units[0] && a < units[i].hours)
        i++;
    double v = hours / units[i].hours;
    if (fabs(v) >= 1e4)
        snprintf(buf, len, "%.0f%s", v, units[i].unit);
    else
        snprintf(buf, len, "%.4g%s", v, units[i].unit);
    return buf;
}

/* units_nines: -log10(1 - a) capped at TOPO_NINES_CAP (model/topology.h). */
double units_nines_of_unavailability(double unavailability)
{
    if (!(unavailability > 0))
        return TOPO_NINES_CAP;
    double n = -log10(unavailability);
    return n > TOPO_NINES_CAP ? TOPO_NINES_CAP : n;
}

double units_nines(double availability)
{
    return units_nines_of_unavailability(1 - availability);
}
