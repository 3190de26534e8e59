/* plots/plot_transient.c — the transient figures of a run (issue 14): the
 * point availability A(t) and the reliability R(t) against t, two panels
 * of one chart, each the simulated curve with its 95% band and, where the
 * solver has one, the analytic curve dashed.
 *
 * DESIGN. A(t) stays near 1 while R(t) falls towards 0: on one axis A would
 * be a flat line at the top, so each has its own panel (gnuplot multiplot,
 * A above R) over the same times, with its own y range fitted to its data.
 * Times go to gnuplot in minutes so the tics read in the unit their size
 * calls for (plot_time_unit), as every other chart of durations.
 */
#include <math.h>
#include <stdio.h>

#include "plot_int.h"


/* One panel's data block: minutes, simulated, lo, hi, exact. */
static void block(plot_script *g, const char *name, const plot_transient *c, const double *y,
                  const double *lo, const double *hi, const double *exact, double *ymin)
{
    plot_script_printf(g, "%s << EOD\n", name);
    for (int i = 0; i < c->n; i++) {
        double v[5] = {60 * c->t[i], y[i], lo && hi ? lo[i] : NAN, lo && hi ? hi[i] : NAN,
                       exact ? exact[i] : NAN};
        for (int k = 0; k < 5; k++) {
            plot_script_num(g, v[k]);
            plot_script_printf(g, "%s", k < 4 ? "\t" : "\n");
            if (k > 0 && isfinite(v[k]) && v[k] < *ymin)
                *ymin = v[k];
        }
    }
    plot_script_printf(g, "EOD\n");
}

/* y from a little under the lowest value to a little over 1. */
static void y_range(plot_script *g, double ymin, double extra_top)
{
    if (!(ymin < 1))
        ymin = 0.99;
    if (ymin < 0)
        ymin = 0;
    double span = 1 - ymin;
    double lo = ymin - 0.06 * span, hi = 1 + (0.04 + extra_top) * span;
    if (lo < 0 && ymin >= 0)
        lo = 0;
    plot_script_printf(g, "set yrange [%.12g:%.12g]\nset format y '%%.10g'\n", lo, hi);
}

static void panel_plot(plot_script *g, const char *data, const char *sim_label, int band,
                       const char *exact_label, int exact, int lt, double level,
                       const char *level_label)
{
    plot_script_printf(g, "plot ");
    if (band)
        plot_script_printf(g, "%s using 1:3:4 with filledcurves fs transparent solid 0.25 lt %d "
                              "title '95%% interval', \\\n  ", data, lt);
    plot_script_printf(g, "%s using 1:2 with lines lt %d lw 2.5 title ", data, lt);
    plot_script_str(g, sim_label);
    if (exact) {
        plot_script_printf(g, ", \\\n  %s using 1:5 with lines lt 8 dt 2 lw 2 title ", data);
        plot_script_str(g, exact_label ? exact_label : "analytic");
    }
    if (isfinite(level) && level_label) { /* a level line, named in the key */
        plot_script_printf(g, ", \\\n  %.12g with lines lt 3 dt 3 lw 2 title ", level);
        plot_script_str(g, level_label);
    }
    plot_script_printf(g, "\n");
}

int plot_transient_draw(const char *out, const plot_transient *c, char *err, size_t errlen)
{
    if (!c || c->n < 2 || !c->t || !c->a || !c->r) {
        snprintf(err, errlen, "no transient curve to draw (it needs two times or more)");
        return PLOT_EINVALID;
    }
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, c->title, 960, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    double amin = isfinite(c->steady_a) ? c->steady_a : 1, rmin = 1;
    block(&g, "$a", c, c->a, c->a_lo, c->a_hi, c->a_exact, &amin);
    block(&g, "$r", c, c->r, c->r_lo, c->r_hi, c->r_exact, &rmin);
    double x0 = 60 * c->t[0], x1 = 60 * c->t[c->n - 1];
    plot_script_printf(&g, "set xrange [%.12g:%.12g]\n", x0, x1);
    if (x1 > x0)
        plot_axis_time_linear(&g, "x", x0, x1);
    plot_script_printf(&g, "set multiplot layout 2,1\nset bmargin 6\nset lmargin 16\nset key maxrows 2\n");
    /* A(t) */
    plot_script_printf(&g, "set ylabel 'point availability A(t)'\n");
    y_range(&g, amin, 0.1);
    panel_plot(&g, "$a", "A(t) simulated", c->a_lo && c->a_hi, c->a_exact_label, c->a_exact != NULL, 1,
               c->steady_a, c->steady_label);
    /* R(t) */
    plot_script_printf(&g, "unset title\nset xlabel 'time from the start'\nset bmargin 5\n");
    plot_script_printf(&g, "set ylabel 'reliability R(t): no outage in [0, t]'\n");
    y_range(&g, rmin, 0);
    panel_plot(&g, "$r", "R(t) simulated", c->r_lo && c->r_hi, c->r_exact_label, c->r_exact != NULL, 2,
               NAN, NULL);
    plot_script_printf(&g, "unset multiplot\n");
    return plot_script_run(&g, out, err, errlen);
}
