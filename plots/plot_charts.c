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

/* Intervals drawn as vectors (columns 1 x, 4 low, 5 high) with caps: gnuplot's
 * yerrorbars always draws a point in the middle. */
static void interval_bars(plot_script *g, const char *block)
{
    plot_script_printf(g, "  %s using 1:4:(0):($5-$4) with vectors nohead lt 8 lw 2 title '95%% interval', \\\n",
              block);
    plot_script_printf(g, "  %s using ($1-0.07):4:(0.14):(0) with vectors nohead lt 8 lw 2 notitle, \\\n",
              block);
    plot_script_printf(g, "  %s using ($1-0.07):5:(0.14):(0) with vectors nohead lt 8 lw 2 notitle", block);
}

int plot_designs(const char *out, const char *title, const plot_design *d, int n,
                 char *err, size_t errlen)
{
    if (!d || n < 1)
        return invalid(err, errlen, "no design to draw");
    plot_script g = {0};
    int rc = plot_script_begin(&g, out, title, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    double top = 1;
    int any_band = 0;
    plot_script_printf(&g, "$designs << EOD\n");
    for (int i = 0; i < n; i++) {
        const plot_design *x = &d[i];
        double blo = x->has_band ? x->band_lo : NAN, bhi = x->has_band ? x->band_hi : NAN;
        plot_script_printf(&g, "%d\t", i);
        plot_script_field(&g, x->label);
        plot_script_printf(&g, "\t");
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
        plot_script_printf(&g, "\n");
        if (isfinite(x->hi) && x->hi > top)
            top = x->hi;
        if (isfinite(bhi) && bhi > top)
            top = bhi;
        any_band |= x->has_band;
    }
    plot_script_printf(&g, "EOD\n");
    plot_script_printf(&g, "set ylabel 'availability (nines: -log10 of unavailability)'\n");
    plot_script_printf(&g, "set xrange [-0.6:%g]\nset yrange [0:%g]\n", n - 0.4, ceil(top + 0.5));
    plot_script_printf(&g, "set boxwidth 0.4\nset style fill solid 0.85 border -1\n");
    plot_script_printf(&g, "set xtics scale 0%s\n", n > 4 ? " rotate by -25" : "");
    plot_script_printf(&g, "plot ");
    if (any_band)
        plot_script_printf(&g, "$designs using 1:(($6+$7)/2):($1-0.45):($1+0.45):($6-0.04):($7+0.04) "
                      "with boxxyerror fs solid 0.45 noborder lc rgb '#999999' "
                      "title 'published band', \\\n  ");
    plot_script_printf(&g, "$designs using 1:3:xtic(2) with boxes lt 1 title 'simulated', \\\n");
    interval_bars(&g, "$designs");
    plot_script_printf(&g, ", \\\n");
    plot_script_printf(&g, "  $designs using 1:5:(sprintf('%%.2f', $3)) with labels offset 0,1 notitle\n");
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
    plot_script_printf(&g, "set logscale x\nset format x '%%g'\n");
    plot_script_printf(&g, "set xlabel 'downtime in one calendar year (minutes, log scale)'\n");
    plot_script_printf(&g, "set ylabel 'simulated years'\nset yrange [0:*]\n");
    plot_script_printf(&g, "set style fill solid 0.8 border -1\n");
    double xmax = h->edge[h->n];
    if (h->sla_minutes > 0) {
        plot_script_printf(&g, "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead front lt 4 dt 2 lw 3\n",
                  h->sla_minutes, h->sla_minutes);
        if (h->sla_minutes * 1.5 > xmax)
            xmax = h->sla_minutes * 1.5;
    }
    plot_script_printf(&g, "set xrange [%.10g:%.10g]\n", h->edge[0], xmax);
    plot_script_printf(&g, "set label 2 'years without downtime: %.0f' at graph 0.02, graph 0.96 left\n",
              h->zero_years);
    plot_script_printf(&g, "plot $hist using (sqrt($1*$2)):($3/2):1:2:(0):3 with boxxyerror lt 1 "
                  "title 'years by downtime'");
    if (h->sla_minutes > 0) {
        plot_script_printf(&g, ", \\\n  NaN with lines lt 4 dt 2 lw 3 title ");
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
        }
        plot_script_printf(&g, "EOD\n");
    }
    if (c->x_log)
        plot_script_printf(&g, "set logscale x\nset format x '%%g'\n");
    plot_script_printf(&g, "set format y '%%.6g'\nset xlabel ");
    plot_script_str(&g, c->x_label);
    plot_script_printf(&g, "\nset ylabel ");
    plot_script_str(&g, c->y_label);
    plot_script_printf(&g, "\n");
    if (c->hline_label) {
        plot_script_printf(&g, "set arrow 1 from graph 0, first %.12g to graph 1, first %.12g nohead "
                      "lt 8 dt 2 lw 2\n", c->hline_y, c->hline_y);
        plot_script_printf(&g, "set label 1 ");
        plot_script_str(&g, c->hline_label);
        plot_script_printf(&g, " at graph 0.01, first %.12g offset 0,0.7 left\n", c->hline_y);
    }
    /* one band is named in the key; several are named by their lines */
    int bands = 0;
    for (int s = 0; s < c->n_series; s++)
        bands += c->series[s].lo && c->series[s].hi;
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
    for (int i = 0; i < n; i++) {
        x[i] = (double)trials[i];
        if (cap) /* an availability cannot exceed 1: neither does its band */
            cap[i] = hi[i] > 1 ? 1 : hi[i];
    }
    plot_series s = {"running estimate", n, x, availability, lo, cap};
    plot_lines c = {0};
    c.title = title;
    c.x_label = "trials done (log scale)";
    c.y_label = "availability";
    c.x_log = 1;
    c.series = &s;
    c.n_series = 1;
    c.hline_label = "final estimate";
    c.hline_y = availability[n - 1];
    int rc = plot_lines_draw(out, &c, err, errlen);
    free(x);
    free(cap);
    return rc;
}

int plot_bars(const char *out, const char *title, const char *y_label,
              const char *const *labels, const double *values, const double *lo,
              const double *hi, int n, char *err, size_t errlen)
{
    if (!labels || !values || n < 1)
        return invalid(err, errlen, "no bar to draw");
    plot_script g = {0};
    int rc = plot_script_begin(&g, out, title, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    int interval = lo && hi;
    plot_script_printf(&g, "$bars << EOD\n");
    for (int i = 0; i < n; i++) {
        plot_script_printf(&g, "%d\t", i);
        plot_script_field(&g, labels[i]);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, values[i]);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval ? lo[i] : NAN);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval ? hi[i] : NAN);
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    plot_script_printf(&g, "set ylabel ");
    plot_script_str(&g, y_label);
    plot_script_printf(&g, "\nset xrange [-0.6:%g]\nset yrange [0:*]\n", n - 0.4);
    plot_script_printf(&g, "set boxwidth 0.6\nset style fill solid 0.85 border -1\n");
    plot_script_printf(&g, "set xtics scale 0%s\n", n > 5 ? " rotate by -25" : "");
    plot_script_printf(&g, "plot $bars using 1:3:xtic(2) with boxes lt 2 title ");
    plot_script_str(&g, y_label);
    if (interval) {
        plot_script_printf(&g, ", \\\n");
        interval_bars(&g, "$bars");
    }
    /* the value above the bar, or above its interval's top (not on its cap) */
    plot_script_printf(&g, ", \\\n  $bars using 1:%d:(sprintf('%%.3g', $3)) with labels offset 0,1 notitle\n",
              interval ? 5 : 3);
    return plot_script_run(&g, out, err, errlen);
}
