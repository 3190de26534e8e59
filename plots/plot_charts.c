/* plots/plot_charts.c — the chart kinds of plot.h: designs over their
 * reference bands, the yearly downtime histogram, lines with an interval band
 * (convergence, sweeps) and bars (downtime by service). Each builds a script
 * with plot_int.h's escaping and hands it to plot_script_run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plot_int.h"

static int invalid(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s", what);
    return PLOT_EINVALID;
}

/* Intervals drawn as vectors (columns 1 x, 3 low, 4 high) with caps: gnuplot's
 * yerrorbars always draws a point in the middle. */
static void interval_bars(plot_script *g, const char *block)
{
    plot_script_printf(g, "  %s using 1:3:(0):($4-$3) with vectors nohead lt 8 lw 2 title '95%% interval', \\\n",
              block);
    plot_script_printf(g, "  %s using ($1-0.07):3:(0.14):(0) with vectors nohead lt 8 lw 2 notitle, \\\n",
              block);
    plot_script_printf(g, "  %s using ($1-0.07):4:(0.14):(0) with vectors nohead lt 8 lw 2 notitle", block);
}

/* Row order of a horizontal chart: order[rank] = index, largest value first
 * (NaN last), ties in the order given. */
static void sort_desc(const double *v, int n, int *order)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 1; i < n; i++) { /* insertion sort: stable, n is small */
        int k = order[i], j = i;
        double x = isnan(v[k]) ? -INFINITY : v[k];
        while (j > 0 && (isnan(v[order[j - 1]]) ? -INFINITY : v[order[j - 1]]) < x) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
}

/* The height of a horizontal chart of n rows of two-line labels. */
static int rows_height(int n)
{
    int h = 170 + 54 * n; /* rows of two lines, or of a name and its values */
    return h < 720 ? 720 : h;
}

/* Wrapping of the names under upright bars: about the characters a bar's
 * slot holds at the slide's font. */
static int upright_width(int n)
{
    int w = 100 / (n > 0 ? n : 1);
    return w < 10 ? 10 : w > 28 ? 28 : w;
}

enum { UPRIGHT_LINES = 4, ROW_LINES = 2, ROW_WIDTH = 34 };

int plot_designs(const char *out, const char *title, const plot_design *d, int n,
                 char *err, size_t errlen)
{
    if (!d || n < 1)
        return invalid(err, errlen, "no design to draw");
    int horizontal = n > PLOT_MAX_UPRIGHT;
    int *order = malloc((size_t)n * sizeof *order);
    double *key = malloc((size_t)n * sizeof *key);
    if (!order || !key) {
        free(order);
        free(key);
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        key[i] = d[i].nines;
        order[i] = i;
    }
    if (horizontal)
        sort_desc(key, n, order);
    free(key);
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, title, horizontal ? rows_height(n) : 720, err, errlen);
    if (rc) {
        free(order);
        plot_script_free(&g);
        return rc;
    }
    double top = 1;
    int any_band = 0, lines = horizontal ? ROW_LINES : UPRIGHT_LINES, used = 1;
    int width = horizontal ? ROW_WIDTH : upright_width(n);
    /* 1 position, 2 nines, 3 lo, 4 hi, 5 band lo, 6 band hi, 7 band label, 8.. the name */
    plot_script_printf(&g, "$designs << EOD\n");
    for (int r = 0; r < n; r++) {
        const plot_design *x = &d[order[r]];
        double blo = x->has_band ? x->band_lo : NAN, bhi = x->has_band ? x->band_hi : NAN;
        plot_script_printf(&g, "%d\t", horizontal ? n - 1 - r : r);
        plot_script_num(&g, x->nines);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, x->lo);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, x->hi);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, blo);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, bhi);
        plot_script_printf(&g, "\t");
        plot_script_field(&g, x->has_band ? x->band_label : NULL);
        plot_script_printf(&g, "\t");
        int k = plot_script_wrapped_fields(&g, x->label, width, lines);
        used = k > used ? k : used;
        plot_script_printf(&g, "\n");
        if (isfinite(x->hi) && x->hi > top)
            top = x->hi;
        if (isfinite(bhi) && bhi > top)
            top = bhi;
        any_band |= x->has_band;
    }
    plot_script_printf(&g, "EOD\n");
    free(order);
    plot_script_wrap_function(&g, lines);
    plot_script_printf(&g, "set style fill solid 0.85 border -1\n");
    if (!horizontal) {
        plot_script_printf(&g, "set ylabel 'availability (nines: -log10 of unavailability)'\n");
        plot_axis_nines(&g, "y", "y2", 0, ceil(top + 0.5));
        plot_script_printf(&g, "set xrange [-0.6:%g]\n", n - 0.4);
        plot_script_printf(&g, "set boxwidth 0.4\n");
        plot_script_printf(&g, "set xtics scale 0\nset bmargin %d\n", used + 3);
        plot_script_printf(&g, "plot ");
        if (any_band)
            plot_script_printf(&g, "$designs using 1:(($5+$6)/2):($1-0.45):($1+0.45):($5-0.04):($6+0.04) "
                          "with boxxyerror fs solid 0.45 noborder lc rgb '#999999' "
                          "title 'published band', \\\n  ");
        plot_script_printf(&g, "$designs using 1:2:xtic(wrap%d(8)) with boxes lt 1 title 'simulated', \\\n",
                           lines);
        interval_bars(&g, "$designs");
        plot_script_printf(&g, ", \\\n");
        plot_script_printf(&g, "  $designs using 1:4:(sprintf('%%.2f', $2)) with labels offset 0,1 notitle\n");
    } else {
        plot_script_printf(&g, "set xlabel 'availability (nines: -log10 of unavailability)'\n");
        plot_axis_nines(&g, "x", "x2", 0, ceil(top + 0.7));
        plot_script_printf(&g, "set yrange [-0.6:%g]\n", n - 0.4);
        plot_script_printf(&g, "set ytics scale 0\nset grid xtics noytics\n");
        plot_script_printf(&g, "set bmargin 6\nset rmargin 6\n");
        plot_script_printf(&g, "plot ");
        if (any_band)
            plot_script_printf(&g, "$designs using (($5+$6)/2):1:($5-0.04):($6+0.04):($1-0.45):($1+0.45) "
                          "with boxxyerror fs solid 0.45 noborder lc rgb '#999999' "
                          "title 'published band', \\\n  ");
        plot_script_printf(&g, "$designs using ($2/2):1:(0):2:($1-0.22):($1+0.22):ytic(wrap%d(8)) "
                           "with boxxyerror lt 1 title 'simulated', \\\n", lines);
        plot_script_printf(&g, "  $designs using 3:1:($4-$3):(0) with vectors nohead lt 8 lw 2 "
                           "title '95%% interval', \\\n");
        plot_script_printf(&g, "  $designs using 3:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle, \\\n");
        plot_script_printf(&g, "  $designs using 4:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle, \\\n");
        plot_script_printf(&g, "  $designs using 4:1:(sprintf('%%.2f', $2)) with labels left offset 1,0 notitle\n");
    }
    return plot_script_run(&g, out, err, errlen);
}

int plot_downtime_hist(const char *out, const plot_hist *h, char *err, size_t errlen)
{
    if (!h || h->n < 1 || !h->edge || !h->years)
        return invalid(err, errlen, "no histogram to draw");
    for (int i = 0; i <= h->n; i++)
        if (!(h->edge[i] > 0) || (i > 0 && !(h->edge[i] > h->edge[i - 1])))
            return invalid(err, errlen, "histogram edges must be positive and increasing");
    plot_script g = {0};
    int rc = plot_script_begin(&g, out, h->title, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    plot_script_printf(&g, "$hist << EOD\n");
    for (int i = 0; i < h->n; i++) {
        plot_script_num(&g, h->edge[i]);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, h->edge[i + 1]);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, h->years[i]);
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    double xmin = h->edge[0], xmax = h->edge[h->n];
    const double mark[3] = {h->sla_minutes, h->mean_minutes, h->p95_minutes};
    for (int k = 0; k < 3; k++)
        if (mark[k] > 0) {
            xmax = fmax(xmax, mark[k] * 1.5);
            xmin = fmin(xmin, mark[k] / 1.5);
        }
    plot_script_printf(&g, "set logscale x\n");
    plot_axis_time_log(&g, "x", xmin, xmax);
    plot_script_printf(&g, "set xlabel 'downtime in one calendar year (log scale)'\n");
    plot_script_printf(&g, "set ylabel 'simulated years'\nset yrange [0:*]\n");
    plot_script_printf(&g, "set style fill solid 0.8 border -1\n");
    plot_script_printf(&g, "set xrange [%.10g:%.10g]\n", xmin, xmax);
    char zero[64];
    snprintf(zero, sizeof zero, "years without downtime: %.0f", h->zero_years);
    /* vertical marks: the mean year, the P95 year, the SLA budget */
    static const int lt[3] = {4, 8, 3}, dt[3] = {2, 3, 4};
    const double at[3] = {h->sla_minutes, h->mean_minutes, h->p95_minutes};
    for (int k = 0; k < 3; k++)
        if (at[k] > 0)
            plot_script_printf(&g, "set arrow %d from %.10g, graph 0 to %.10g, graph 1 nohead front "
                               "lt %d dt %d lw 3\n", k + 1, at[k], at[k], lt[k], dt[k]);
    char b[32], t[3][96];
    snprintf(t[0], sizeof t[0], "mean: %s per year", plot_time_label(b, sizeof b, h->mean_minutes));
    snprintf(t[1], sizeof t[1], "P95 year: %s", plot_time_label(b, sizeof b, h->p95_minutes));
    const char *keys[5] = {"years by downtime", zero, h->mean_minutes > 0 ? t[0] : NULL,
                           h->p95_minutes > 0 ? t[1] : NULL,
                           h->sla_minutes > 0 ? (h->sla_label ? h->sla_label : "SLA budget") : NULL};
    plot_script_printf(&g, "set bmargin %d\n", 4 + plot_key_rows(keys, 5, 1150));
    plot_script_printf(&g, "plot $hist using (sqrt($1*$2)):($3/2):1:2:(0):3 with boxxyerror lt 1 "
                  "title 'years by downtime', \\\n  NaN with dots lc rgb 'white' title ");
    plot_script_str(&g, zero);
    if (h->mean_minutes > 0) {
        plot_script_printf(&g, ", \\\n  NaN with lines lt %d dt %d lw 3 title ", lt[1], dt[1]);
        plot_script_str(&g, t[0]);
    }
    if (h->p95_minutes > 0) {
        plot_script_printf(&g, ", \\\n  NaN with lines lt %d dt %d lw 3 title ", lt[2], dt[2]);
        plot_script_str(&g, t[1]);
    }
    if (h->sla_minutes > 0) {
        plot_script_printf(&g, ", \\\n  NaN with lines lt %d dt %d lw 3 title ", lt[0], dt[0]);
        plot_script_str(&g, h->sla_label ? h->sla_label : "SLA budget");
    }
    plot_script_printf(&g, "\n");
    return plot_script_run(&g, out, err, errlen);
}


int plot_lines_draw(const char *out, const plot_lines *c, char *err, size_t errlen)
{
    if (!c || c->n_series < 1 || !c->series)
        return invalid(err, errlen, "no series to draw");
    for (int s = 0; s < c->n_series; s++)
        if (c->series[s].n < 1 || !c->series[s].x || !c->series[s].y)
            return invalid(err, errlen, "a series has no points");
    plot_script g = {0};
    int rc = plot_script_begin(&g, out, c->title, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (int s = 0; s < c->n_series; s++) {
        const plot_series *p = &c->series[s];
        plot_script_printf(&g, "$s%d << EOD\n", s);
        for (int i = 0; i < p->n; i++) {
            plot_script_num(&g, p->x[i]);
            plot_script_printf(&g, "\t");
            plot_script_num(&g, p->y[i]);
            plot_script_printf(&g, "\t");
            plot_script_num(&g, p->lo && p->hi ? p->lo[i] : NAN);
            plot_script_printf(&g, "\t");
            plot_script_num(&g, p->lo && p->hi ? p->hi[i] : NAN);
            plot_script_printf(&g, "\t");
            plot_script_field(&g, s == 0 && c->x_ticks ? c->x_ticks[i] : NULL);
            plot_script_printf(&g, "\n");
            if (isfinite(p->x[i])) {
                xmin = fmin(xmin, p->x[i]);
                xmax = fmax(xmax, p->x[i]);
            }
            double v[3] = {p->y[i], p->lo && p->hi ? p->lo[i] : NAN, p->lo && p->hi ? p->hi[i] : NAN};
            for (int k = 0; k < 3; k++)
                if (isfinite(v[k])) {
                    ymin = fmin(ymin, v[k]);
                    ymax = fmax(ymax, v[k]);
                }
        }
        plot_script_printf(&g, "EOD\n");
    }
    if (c->x_log)
        plot_script_printf(&g, "set logscale x\nset format x '%%g'\n");
    if (c->x_minutes && !c->x_ticks && xmin < xmax) {
        if (c->x_log && xmin > 0)
            plot_axis_time_log(&g, "x", xmin, xmax);
        else
            plot_axis_time_linear(&g, "x", xmin, xmax);
    }
    plot_script_printf(&g, "set format y '%%.10g'\nset xlabel ");
    plot_script_str(&g, c->x_label);
    plot_script_printf(&g, "\nset ylabel ");
    plot_script_str(&g, c->y_label);
    plot_script_printf(&g, "\n");
    if (c->y_nines && ymin <= ymax) {
        double pad = (ymax - ymin) * 0.08 + 0.02;
        plot_axis_nines(&g, "y", "y2", ymin - pad, ymax + pad);
    }
    if (c->hline_label) {
        plot_script_printf(&g, "set arrow 1 from graph 0, first %.12g to graph 1, first %.12g nohead "
                      "lt 8 dt 2 lw 2\n", c->hline_y, c->hline_y);
        plot_script_printf(&g, "set label 1 ");
        plot_script_str(&g, c->hline_label);
        plot_script_printf(&g, " at graph 0.01, first %.12g offset 0,0.7 left\n", c->hline_y);
    }
    /* one band is named in the key; several are named by their lines */
    int bands = 0, n_keys = 0;
    const char **keys = malloc((size_t)c->n_series * 2 * sizeof *keys);
    for (int s = 0; s < c->n_series; s++)
        bands += c->series[s].lo && c->series[s].hi;
    for (int s = 0; keys && s < c->n_series; s++) {
        if (c->series[s].lo && c->series[s].hi && bands == 1)
            keys[n_keys++] = "95% interval";
        keys[n_keys++] = c->series[s].label;
    }
    plot_script_printf(&g, "set bmargin %d\nset autoscale xfix\nset offsets graph 0.02, graph 0.02, 0, 0\n",
                       4 + (keys ? plot_key_rows(keys, n_keys, 1150) : c->n_series));
    free(keys);
    plot_script_printf(&g, "plot ");
    for (int s = 0; s < c->n_series; s++) {
        const plot_series *p = &c->series[s];
        if (p->lo && p->hi) {
            plot_script_printf(&g, "$s%d using 1:3:4 with filledcurves fs transparent solid 0.25 "
                          "lt %d title ", s, s % 8 + 1);
            plot_script_str(&g, bands == 1 ? "95% interval" : "");
            plot_script_printf(&g, ", \\\n  ");
        }
        plot_script_printf(&g, "$s%d using 1:2%s with linespoints lt %d title ", s,
                  s == 0 && c->x_ticks ? ":xtic(5)" : "", s % 8 + 1);
        plot_script_str(&g, p->label ? p->label : "");
        plot_script_printf(&g, "%s", s + 1 < c->n_series ? ", \\\n  " : "\n");
    }
    return plot_script_run(&g, out, err, errlen);
}

int plot_convergence(const char *out, const char *title, const long long *trials,
                     const double *availability, const double *lo, const double *hi,
                     int n, char *err, size_t errlen)
{
    if (!trials || !availability || n < 1)
        return invalid(err, errlen, "no convergence points to draw");
    double *x = malloc((size_t)n * sizeof *x);
    if (!x) {
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    double *cap = hi ? malloc((size_t)n * sizeof *cap) : NULL;
    if (hi && !cap) {
        free(x);
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    /* in percent: 99.9967, not 0.999967 */
    double *pct = malloc((size_t)n * 3 * sizeof *pct);
    if (!pct) {
        free(x);
        free(cap);
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        x[i] = (double)trials[i];
        if (cap) /* an availability cannot exceed 1: neither does its band */
            cap[i] = 100 * (hi[i] > 1 ? 1 : hi[i]);
        pct[i] = 100 * availability[i];
        pct[n + i] = lo ? 100 * lo[i] : NAN;
    }
    plot_series s = {"running estimate", n, x, pct, lo ? pct + n : NULL, cap};
    plot_lines c = {0};
    c.title = title;
    c.x_label = "trials done (log scale)";
    c.y_label = "availability (%)";
    c.x_log = 1;
    c.series = &s;
    c.n_series = 1;
    c.hline_label = "final estimate";
    c.hline_y = pct[n - 1];
    int rc = plot_lines_draw(out, &c, err, errlen);
    free(x);
    free(cap);
    free(pct);
    return rc;
}

/* Bars of values v (with an interval when lo and hi), scaled by 1/unit;
 * upright up to PLOT_MAX_UPRIGHT bars, else horizontal and sorted. */
static int bars_draw(const char *out, const char *title, const char *value_label,
                     const char *const *labels, const double *v, const double *lo,
                     const double *hi, int n, double unit, char *err, size_t errlen)
{
    if (!labels || !v || n < 1)
        return invalid(err, errlen, "no bar to draw");
    int horizontal = n > PLOT_MAX_UPRIGHT, interval = lo && hi;
    int *order = malloc((size_t)n * sizeof *order);
    if (!order) {
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    if (horizontal)
        sort_desc(v, n, order);
    else
        for (int i = 0; i < n; i++)
            order[i] = i;
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, title, horizontal ? rows_height(n) : 720, err, errlen);
    if (rc) {
        free(order);
        plot_script_free(&g);
        return rc;
    }
    int lines = horizontal ? ROW_LINES : UPRIGHT_LINES, used = 1;
    int width = horizontal ? ROW_WIDTH : upright_width(n);
    /* 1 position, 2 value, 3 low, 4 high, 5.. the name */
    plot_script_printf(&g, "$bars << EOD\n");
    for (int r = 0; r < n; r++) {
        int i = order[r];
        plot_script_printf(&g, "%d\t", horizontal ? n - 1 - r : r);
        plot_script_num(&g, v[i] / unit);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval ? lo[i] / unit : NAN);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval ? hi[i] / unit : NAN);
        plot_script_printf(&g, "\t");
        int k = plot_script_wrapped_fields(&g, labels[i], width, lines);
        used = k > used ? k : used;
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    free(order);
    plot_script_wrap_function(&g, lines);
    plot_script_printf(&g, "set style fill solid 0.85 border -1\n");
    if (!horizontal) {
        plot_script_printf(&g, "set ylabel ");
        plot_script_str(&g, value_label);
        plot_script_printf(&g, "\nset xrange [-0.6:%g]\nset yrange [0:*]\n", n - 0.4);
        plot_script_printf(&g, "set boxwidth 0.6\n");
        plot_script_printf(&g, "set xtics scale 0\nset bmargin %d\n", used + 3);
        plot_script_printf(&g, "plot $bars using 1:2:xtic(wrap%d(5)) with boxes lt 2 title ", lines);
        plot_script_str(&g, value_label);
        if (interval) {
            plot_script_printf(&g, ", \\\n");
            interval_bars(&g, "$bars");
        }
        /* the value above the bar, or above its interval's top (not on its cap) */
        plot_script_printf(&g, ", \\\n  $bars using 1:%d:(sprintf('%%.3g', $2)) with labels offset 0,1 notitle\n",
                  interval ? 4 : 2);
    } else {
        plot_script_printf(&g, "set xlabel ");
        plot_script_str(&g, value_label);
        plot_script_printf(&g, "\nset yrange [-0.6:%g]\nset xrange [0:*]\n", n - 0.4);
        plot_script_printf(&g, "set offsets 0, graph 0.12, 0, 0\n"); /* room for the values */
        plot_script_printf(&g, "set ytics scale 0\nset grid xtics noytics\nset bmargin 6\n");
        plot_script_printf(&g, "plot $bars using ($2/2):1:(0):2:($1-0.3):($1+0.3):ytic(wrap%d(5)) "
                           "with boxxyerror lt 2 title ", lines);
        plot_script_str(&g, value_label);
        if (interval) {
            plot_script_printf(&g, ", \\\n  $bars using 3:1:($4-$3):(0) with vectors nohead lt 8 lw 2 "
                               "title '95%% interval', \\\n");
            plot_script_printf(&g, "  $bars using 3:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle, \\\n");
            plot_script_printf(&g, "  $bars using 4:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle");
        }
        plot_script_printf(&g, ", \\\n  $bars using %d:1:(sprintf('%%.3g', $2)) with labels left offset 1,0 notitle\n",
                  interval ? 4 : 2);
    }
    return plot_script_run(&g, out, err, errlen);
}

int plot_bars(const char *out, const char *title, const char *y_label,
              const char *const *labels, const double *values, const double *lo,
              const double *hi, int n, char *err, size_t errlen)
{
    return bars_draw(out, title, y_label, labels, values, lo, hi, n, 1, err, errlen);
}

int plot_downtime_bars(const char *out, const char *title, const char *const *labels,
                       const double *minutes, const double *lo, const double *hi, int n,
                       char *err, size_t errlen)
{
    if (!labels || !minutes || n < 1)
        return invalid(err, errlen, "no bar to draw");
    double top = 0;
    for (int i = 0; i < n; i++) {
        double v = lo && hi ? fmax(minutes[i], hi[i]) : minutes[i];
        if (isfinite(v))
            top = fmax(top, v);
    }
    plot_unit u = plot_time_unit(top);
    char label[64];
    snprintf(label, sizeof label, "downtime per year (%s)", u.name);
    return bars_draw(out, title, label, labels, minutes, lo, hi, n, u.minutes, err, errlen);
}

int plot_durations_draw(const char *out, const plot_durations *c, char *err, size_t errlen)
{
    if (!c || c->n < 1 || !c->labels || !c->mean || !c->longest)
        return invalid(err, errlen, "no outage length to draw");
    int n = c->n, *order = malloc((size_t)n * sizeof *order);
    if (!order) {
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    sort_desc(c->mean, n, order);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        double a = c->mean[i], z = c->longest[i];
        if (isfinite(a) && a > 0) {
            lo = fmin(lo, a);
            hi = fmax(hi, a);
        }
        if (isfinite(z) && z > 0) {
            lo = fmin(lo, z);
            hi = fmax(hi, z);
        }
    }
    if (!(lo <= hi)) { /* no outage at all */
        lo = 1;
        hi = 60;
    }
    lo /= 3;
    hi *= 3;
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, c->title, rows_height(n), err, errlen);
    if (rc) {
        free(order);
        plot_script_free(&g);
        return rc;
    }
    /* 1 position, 2 mean, 3 longest, 4 5 the name, 6 ".", 7 the values in words */
    plot_script_printf(&g, "$rows << EOD\n");
    for (int r = 0; r < n; r++) {
        int i = order[r];
        double a = c->mean[i], z = c->longest[i];
        int some = isfinite(a) && a > 0;
        char t[96], b1[32], b2[32];
        if (some && isfinite(z) && z > 0)
            snprintf(t, sizeof t, "mean %s, longest %s", plot_time_label(b1, sizeof b1, a),
                     plot_time_label(b2, sizeof b2, z));
        else if (some)
            snprintf(t, sizeof t, "mean %s", plot_time_label(b1, sizeof b1, a));
        else
            snprintf(t, sizeof t, "no outage");
        plot_script_printf(&g, "%d\t", n - 1 - r);
        plot_script_num(&g, some ? a : NAN);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, some && z > 0 ? z : NAN);
        plot_script_printf(&g, "\t");
        plot_script_wrapped_fields(&g, c->labels[i], ROW_WIDTH, ROW_LINES);
        plot_script_printf(&g, "\t");
        plot_script_field(&g, t);
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    free(order);
    plot_script_wrap_function(&g, ROW_LINES);
    plot_script_printf(&g, "set logscale x\n");
    plot_axis_time_log(&g, "x", lo, hi);
    plot_script_printf(&g, "set xrange [%.10g:%.10g]\nset yrange [-0.6:%g]\n", lo, hi, n - 0.4);
    plot_script_printf(&g, "set xlabel 'length of one outage (log scale)'\n");
    plot_script_printf(&g, "set style fill solid 0.85 border -1\n");
    plot_script_printf(&g, "set ytics scale 0\nset grid xtics noytics\nset bmargin 6\n");
    /* the name, then its mean and longest in words, as the row's label */
    plot_script_printf(&g, "plot $rows using (sqrt(%.10g*$2)):1:(%.10g):2:($1-0.3):($1+0.3):"
                       "ytic(wrap%d(4).\"\\n\".strcol(7)) with boxxyerror lt 1 title 'mean outage', \\\n",
                       lo, lo, ROW_LINES);
    plot_script_printf(&g, "  $rows using 3:1 with points lt 4 pt 9 ps 2 title 'longest outage'\n");
    return plot_script_run(&g, out, err, errlen);
}
