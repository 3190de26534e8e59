/* model/analytic_base.c — small helpers every file of the analytic solver
 * uses: reasons (why a figure is approximate) as growing malloc'ed text, and
 * whether a delay is instantaneous. They call nothing of the solver.
 */
#include "analytic_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

char *analytic_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

int analytic_reason_add(char **reason, const char *text)
{
    char *s = *reason ? analytic_printf("%s; %s", *reason, text) : analytic_printf("%s", text);
    if (!s)
        return -1;
    free(*reason);
    *reason = s;
    return 0;
}

