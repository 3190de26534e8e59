/* plots/plot_axes.c — what makes a chart fit a slide: long names wrapped onto
 * several lines (never cut), axes labelled in the unit of the data (seconds,
 * minutes, hours or days chosen by magnitude) and the downtime per year
 * beside an axis of nines.
 *
 * DESIGN. A wrapped name is split here, in C, into at most `lines` pieces,
 * each written as its own escaped data field (plot_script_field) or its own
 * single-quoted string (plot_script_str); the script joins them with "\n",
 * a constant of ours, in a gnuplot expression. So wrapping adds nothing that
 * a name could use: gnuplot still only ever sees a name inside a data field
 * or a single-quoted string.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"

/* Whether the line may break after the byte c (the break character stays on
 * the line, except blanks and controls, which are dropped). */
static int breaks_after(unsigned char c)
{
    return c == '-' || c == '/' || c == '_' || c == ',' || c == '.' || c == ':' || c == ';' ||
           c == ')';
}

static int blank(unsigned char c)
{
    return c == ' ' || (c && c < 0x20) || c == 0x7f;
}

/* Characters (code points, counted by their lead bytes) in s[0..n). */
static int chars(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xc0) != 0x80;
    return k;
}

int plot_wrap(const char *s, int width, int lines, plot_piece *piece)
{
    s = s ? s : "";
    if (width < 4)
        width = 4;
    int n = 0;
    const char *p = s;
    while (n < lines) {
        while (blank((unsigned char)*p))
            p++;
        size_t rest = strlen(p);
        if (!rest)
            break;
        if (n == lines - 1 || chars(p, rest) <= width) { /* the last line takes the rest */
            piece[n].s = p;
            piece[n].len = rest;
            while (piece[n].len && blank((unsigned char)p[piece[n].len - 1]))
                piece[n].len--;
            n++;
            break;
        }
        /* the end of the last break opportunity within width characters */
        size_t i = 0, cut = 0, resume = 0;
        int k = 0;
        while (p[i]) {
            unsigned char c = (unsigned char)p[i];
            if ((c & 0xc0) != 0x80) {
                if (k == width) {
                    if (blank(c)) { /* a word that ends right at the width */
                        cut = i;
                        resume = i + 1;
                    }
                    break;
                }
                k++;
            }
            if (blank(c) && i > 0) {
                cut = i;
                resume = i + 1;
            } else if (breaks_after(c) && (c & 0x80) == 0) {
                cut = i + 1;
                resume = i + 1;
            }
            i++;
        }
        if (!cut) { /* one long word: break it at a character boundary */
            while (i > 0 && ((unsigned char)p[i] & 0xc0) == 0x80)
                i--;
            cut = resume = i ? i : 1;
        }
        piece[n].s = p;
        piece[n].len = cut;
        while (piece[n].len && blank((unsigned char)p[piece[n].len - 1]))
            piece[n].len--;
        n++;
        p += resume;
    }
    if (n == 0) {
        piece[0].s = "";
        piece[0].len = 0;
        n = 1;
    }
    return n;
}

/* A piece as a NUL-terminated copy (NULL when out of memory). */
static char *piece_dup(const plot_piece *pc)
{
    char *c = malloc(pc->len + 1);
    if (c) {
        memcpy(c, pc->s, pc->len);
        c[pc->len] = '\0';
    }
    return c;
}

int plot_script_wrapped_fields(plot_script *g, const char *s, int width, int lines)
{
    plot_piece pc[PLOT_WRAP_MAX];
    if (lines > PLOT_WRAP_MAX)
        lines = PLOT_WRAP_MAX;
    int n = plot_wrap(s, width, lines, pc);
    for (int i = 0; i < lines; i++) {
        if (i)
            plot_script_printf(g, "\t");
        char *c = i < n ? piece_dup(&pc[i]) : NULL;
        if (i < n && !c)
            g->oom = 1;
        plot_script_field(g, c); /* NULL or "": a blank field, which wrapN skips */
        free(c);
    }
    plot_script_printf(g, "\t."); /* gnuplot would drop a blank last field */
    return n;
}

void plot_script_wrap_function(plot_script *g, int lines)
{
    if (lines > PLOT_WRAP_MAX)
        lines = PLOT_WRAP_MAX;
    plot_script_printf(g, "blank(s) = (s eq '' || s eq ' ')\n");
    plot_script_printf(g, "wrap%d(c) = strcol(c)", lines);
    for (int i = 1; i < lines; i++)
        plot_script_printf(g, ".(blank(strcol(c+%d)) ? '' : \"\\n\".strcol(c+%d))", i, i);
    plot_script_printf(g, "\n");
}

void plot_script_str_wrapped(plot_script *g, const char *s, int width)
{
    plot_piece pc[PLOT_WRAP_MAX];
    int n = plot_wrap(s, width, PLOT_WRAP_MAX, pc);
    for (int i = 0; i < n; i++) {
        char *c = piece_dup(&pc[i]);
        if (!c)
            g->oom = 1;
        if (i)
            plot_script_printf(g, ".\"\\n\".");
        plot_script_str(g, c);
        free(c);
    }
}

/* ---- durations ---- */

/* v with two significant figures at most below 10, none above ("8.8", "53",
 * "365"), without a trailing ".0". */
static void short_num(char *buf, size_t n, double v)
{
    if (v >= 9.95)
        snprintf(buf, n, "%.0f", v);
    else if (v >= 0.995)
        snprintf(buf, n, "%.1f", v);
    else
        snprintf(buf, n, "%.2g", v);
    char *dot = strchr(buf, '.');
    if (dot && !strchr(buf, 'e')) {
        char *e = buf + strlen(buf);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
}

const char *plot_time_label(char *buf, size_t n, double minutes)
{
    char v[32];
    if (!(minutes > 0)) {
        snprintf(buf, n, "0");
        return buf;
    }
    if (minutes < 1) {
        short_num(v, sizeof v, minutes * 60);
        snprintf(buf, n, "%s s", v);
    } else if (minutes < 60) {
        short_num(v, sizeof v, minutes);
        snprintf(buf, n, "%s min", v);
    } else if (minutes < 1440) {
        short_num(v, sizeof v, minutes / 60);
        snprintf(buf, n, "%s h", v);
    } else if (minutes < 525600 * 0.999) {
        short_num(v, sizeof v, minutes / 1440);
        snprintf(buf, n, "%s d", v);
    } else {
        short_num(v, sizeof v, minutes / 525600);
        snprintf(buf, n, "%s y", v);
    }
    return buf;
}

plot_unit plot_time_unit(double max_minutes)
{
    if (!(max_minutes >= 2))
        return (plot_unit){"seconds", 1.0 / 60};
    if (max_minutes < 180)
        return (plot_unit){"minutes", 1};
    if (max_minutes < 4320)
        return (plot_unit){"hours", 60};
    return (plot_unit){"days", 1440};
}

void plot_axis_time_log(plot_script *g, const char *axis, double lo, double hi)
{
    /* round values a reader knows, in minutes: 0.1 s .. 10 y */
    static const double coarse[] = {1.0 / 600, 1.0 / 60, 10.0 / 60, 1, 10, 60, 600, 1440,
                                    14400, 525600, 5256000};
    static const double fine[] = {1.0 / 600, 1.0 / 120, 1.0 / 60, 5.0 / 60, 15.0 / 60, 30.0 / 60,
                                  1, 2, 5, 15, 30, 60, 120, 360, 720, 1440, 2880, 10080,
                                  43200, 131400, 525600, 2628000, 5256000};
    const double *t = coarse;
    int nt = (int)(sizeof coarse / sizeof coarse[0]);
    if (hi / lo < 300) {
        t = fine;
        nt = (int)(sizeof fine / sizeof fine[0]);
    }
    plot_script_printf(g, "set %stics (", axis);
    int first = 1;
    for (int i = 0; i < nt; i++) {
        if (t[i] < lo * 0.999 || t[i] > hi * 1.001)
            continue;
        char b[32];
        plot_script_printf(g, "%s'%s' %.10g", first ? "" : ", ", plot_time_label(b, sizeof b, t[i]),
                           t[i]);
        first = 0;
    }
    plot_script_printf(g, ")\n");
    if (first) /* no round value in the range: gnuplot's own */
        plot_script_printf(g, "set %stics autofreq\n", axis);
}

double plot_nice_step(double range, int target)
{
    if (!(range > 0) || target < 1)
        return 1;
    double raw = range / target, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

void plot_axis_nines(plot_script *g, const char *axis, const char *twin, double lo, double hi)
{
    double step = plot_nice_step(hi - lo, 7);
    if (step < 0.05)
        step = 0.05;
    plot_script_printf(g, "set %stics %.10g\n", axis, step);
    plot_script_printf(g, "set %stics out nomirror (", twin);
    int first = 1;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) {
        char b[32];
        plot_script_printf(g, "%s'%s' %.10g", first ? "" : ", ",
                           plot_time_label(b, sizeof b, 525600 * pow(10, -v)), v);
        first = 0;
    }
    plot_script_printf(g, ")\n");
    plot_script_printf(g, "set %slabel 'downtime per year' offset %s\n", twin,
                       twin[0] == 'y' ? "-1,0" : "0,-0.5");
    plot_script_printf(g, "set %srange [%.10g:%.10g]\nset %srange [%.10g:%.10g]\n", axis, lo, hi,
                       twin, lo, hi);
    plot_script_printf(g, "set border %d\n", twin[0] == 'y' ? 11 : 7);
}

int plot_key_rows(const char *const *titles, int n, int width_px)
{
    int longest = 0, k = 0;
    for (int i = 0; i < n; i++)
        if (titles[i]) {
            int c = chars(titles[i], strlen(titles[i]));
            longest = c > longest ? c : longest;
            k++;
        }
    if (!k)
        return 0;
    int per = (longest + 8) * 9; /* an entry: its text and sample at the slide's font */
    int cols = width_px / (per > 0 ? per : 1);
    cols = cols < 1 ? 1 : cols;
    return (k + cols - 1) / cols;
}

void plot_axis_time_linear(plot_script *g, const char *axis, double lo, double hi)
{
    plot_unit u = plot_time_unit(fmax(fabs(lo), fabs(hi)));
    double step = plot_nice_step((hi - lo) / u.minutes, 8) * u.minutes;
    if (!(step > 0))
        return;
    plot_script_printf(g, "set %stics (", axis);
    int first = 1;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
        char b[32];
        plot_script_printf(g, "%s'%s' %.10g", first ? "" : ", ", plot_time_label(b, sizeof b, v), v);
        first = 0;
    }
    plot_script_printf(g, ")\n");
}
