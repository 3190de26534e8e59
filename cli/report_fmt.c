/* cli/report_fmt.c — figures as the report writes them: minutes and
 * durations (percent decimals: cli_percent_decimals; chart titles keep whole
 * names, which plots/ wraps).
 */
#include <math.h>
#include <stdio.h>

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
