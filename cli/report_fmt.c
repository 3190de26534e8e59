/* cli/report_fmt.c — figures as the report writes them: minutes, durations
 * and names short enough for a chart title (percent decimals:
 * cli_percent_decimals).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_int.h"

const char *report_minutes(char *buf, size_t n, double m)
{
    if (isnan(m)) {
        snprintf(buf, n, "-");
        return buf;
    }
    return cli_format_minutes(buf, n, m);
}

const char *report_duration(char *buf, size_t n, double hours)
{
    return units_format_duration(hours, buf, n);
}

const char *report_short_name(char *buf, size_t n, const char *name)
{
    const size_t max = 40;
    name = name ? name : "";
    if (strlen(name) <= max || n < max + 4) {
        snprintf(buf, n, "%s", name);
        return buf;
    }
    size_t k = max;
    while (k > 0 && ((unsigned char)name[k] & 0xc0) == 0x80)
        k--;
    snprintf(buf, n, "%.*s...", (int)k, name);
    return buf;
}
