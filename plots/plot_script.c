/* plots/plot_script.c — a gnuplot script as it grows: appending text,
 * strings, data fields, numbers and file names safely (the escaping rules are
 * in plot_gnuplot.c's DESIGN and docs/security.md). It calls nothing else of
 * plots/, so plot_axes.c and plot_gnuplot.c both build on it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "plot_int.h"

static int reserve(plot_script *g, size_t more)
{
    if (g->oom)
        return -1;
    if (g->len + more + 1 <= g->cap)
        return 0;
    size_t cap = g->cap ? g->cap : 4096;
    while (cap < g->len + more + 1)
        cap *= 2;
    char *s = realloc(g->s, cap);
    if (!s) {
        g->oom = 1;
        return -1;
    }
    g->s = s;
    g->cap = cap;
    return 0;
}

static void put_char(plot_script *g, char c)
{
    if (reserve(g, 1))
        return;
    g->s[g->len++] = c;
    g->s[g->len] = '\0';
}

void plot_script_printf(plot_script *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(g, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(g->s + g->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    g->len += (size_t)n;
}

/* Appends the character at p (or a stand-in), returns its length: a byte
 * that is not UTF-8 becomes '?', a control, C1 or bidi formatting character
 * a space (text from a crafted database may hold any byte); `quote` is
 * doubled ('' in a gnuplot string, "" turned into '' in a data field). */
static size_t put_text_char(plot_script *g, const unsigned char *p, char quote)
{
    unsigned cp;
    int unsafe, k = text_char((const char *)p, &cp, &unsafe);
    if (*p == (unsigned char)quote) {
        put_char(g, '\'');
        put_char(g, '\'');
    } else if (unsafe) {
        put_char(g, cp == 0xfffd && k == 1 && *p >= 0x80 ? '?' : ' ');
    } else {
        for (int i = 0; i < k; i++)
            put_char(g, (char)p[i]);
    }
    return (size_t)k;
}

void plot_script_str(plot_script *g, const char *s)
{
    put_char(g, '\'');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;)
        p += put_text_char(g, p, '\'');
    put_char(g, '\'');
}

/* A file name as a gnuplot string: its bytes kept as they are (the file must
 * be the one asked for), ' doubled; plot_script_begin refuses control characters. */
void plot_script_path(plot_script *g, const char *s)
{
    put_char(g, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            put_char(g, '\'');
        put_char(g, *p);
    }
    put_char(g, '\'');
}

void plot_script_field(plot_script *g, const char *s)
{
    if (!s || !*s) {
        put_char(g, ' ');
        return;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p;)
        p += put_text_char(g, p, '"');
}

void plot_script_num(plot_script *g, double v)
{
    if (isfinite(v))
        plot_script_printf(g, "%.10g", v);
    else
        plot_script_printf(g, "NaN");
}

void plot_script_free(plot_script *g)
{
    free(g->s);
    g->s = NULL;
    g->len = g->cap = 0;
}
