/* plots/plot_compare.c — the second and third panels of the flagship
 * comparison (issue 15): each design's downtime per year split by cause
 * (one stacked bar per design) and the seconds of writes it loses per year.
 * Both are horizontal rows, drawn top to bottom in the order given, so the
 * caller can line them up with the first panel (plot_designs). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plot_int.h"

enum { ROWS_LINES = 2, ROWS_WIDTH = 34 };

/* The height of a chart of n rows of two-line names. */
static int panel_height(int n)
{
    int h = 200 + 54 * n;
    return h < 720 ? 720 : h;
}

/* The end of a row of the inline data: its figure's text, then the design's
 * name wrapped on ROWS_LINES fields. */
static void row_end(plot_script *g, const char *text, const char *label)
{
    plot_script_printf(g, "\t");
    plot_script_field(g, text);
    plot_script_printf(g, "\t");
    plot_script_wrapped_fields(g, label, ROWS_WIDTH, ROWS_LINES);
    plot_script_printf(g, "\n");
}

int plot_causes_draw(const char *out, const plot_causes *c, char *err, size_t errlen)
{
    if (!c || c->n < 1 || !c->labels || !c->minutes || c->n_causes < 1 || !c->cause_names ||
        c->n_causes > PLOT_CAUSES_MAX) {
        snprintf(err, errlen, "no design or no cause to draw");
        return PLOT_EINVALID;
    }
    int n = c->n, m = c->n_causes;
    /* only the causes some design has downtime from: the key lists what is drawn */
    int shown[PLOT_CAUSES_MAX], k = 0;
    for (int j = 0; j < m; j++) {
        int any = 0;
        for (int i = 0; i < n; i++)
            any |= c->minutes[i * m + j] > 0;
        if (any)
            shown[k++] = j;
    }
    const char *titles[PLOT_CAUSES_MAX];
    for (int j = 0; j < k; j++)
        titles[j] = c->cause_names[shown[j]];
    int key_rows = plot_key_rows(titles, k, 1280);
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, c->title, panel_height(n) + 24 * key_rows, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    /* 1 position, 2 zero, 3 .. 2+k the cumulative share (%) at the end of
       each shown cause, 3+k the total per year as text, 4+k.. the name */
    plot_script_printf(&g, "$causes << EOD\n");
    for (int i = 0; i < n; i++) {
        double total = 0, at = 0;
        for (int j = 0; j < m; j++)
            if (c->minutes[i * m + j] > 0)
                total += c->minutes[i * m + j];
        plot_script_printf(&g, "%d\t0", n - 1 - i);
        for (int j = 0; j < k; j++) {
            double v = c->minutes[i * m + shown[j]];
            if (total > 0 && v > 0)
                at += 100 * v / total;
            plot_script_printf(&g, "\t");
            plot_script_num(&g, total > 0 ? (j == k - 1 ? 100 : at) : 0);
        }
        char b[48], t[64];
        if (total > 0)
            snprintf(t, sizeof t, "%s/yr", plot_time_label(b, sizeof b, total));
        else
            snprintf(t, sizeof t, "no downtime");
        row_end(&g, t, c->labels[i]);
    }
    plot_script_printf(&g, "EOD\n");
    plot_script_wrap_function(&g, ROWS_LINES);
    /* black borders between the segments, and each segment's share written
       in it when it is wide enough: the split reads in grey print too */
    plot_script_printf(&g, "set style fill solid 1.0 border lc rgb '#222222'\n");
    plot_script_printf(&g, "set xlabel 'share of the design''s downtime per year (%%); "
                           "its total at the right'\n");
    plot_script_printf(&g, "set xrange [0:125]\nset xtics 0,20,100\n");
    plot_script_printf(&g, "set yrange [-0.6:%g]\n", n - 0.4);
    plot_script_printf(&g, "set ytics scale 0\nset grid xtics noytics\n");
    plot_script_printf(&g, "set bmargin %d\n", 5 + key_rows);
    plot_script_printf(&g, "set key outside bottom center horizontal maxrows %d\n",
                       key_rows > 0 ? key_rows : 1);
    plot_script_printf(&g, "plot ");
    for (int j = 0; j < k; j++) {
        int s = 2 + j, e = 3 + j, cause = shown[j];
        const char *colour = c->colours && c->colours[cause] ? c->colours[cause] : "#999999";
        plot_script_printf(&g, "$causes using (($%d+$%d)/2):1:%d:%d:($1-0.3):($1+0.3)", s, e, s, e);
        if (j == 0) /* the names, once */
            plot_script_printf(&g, ":ytic(wrap%d(%d))", ROWS_LINES, 4 + k);
        plot_script_printf(&g, " with boxxyerror lc rgb ");
        plot_script_str(&g, colour);
        plot_script_printf(&g, " title ");
        plot_script_str(&g, c->cause_names[cause]);
        plot_script_printf(&g, ", \\\n  ");
    }
    for (int j = 0; j < k; j++) {
        int s = 2 + j, e = 3 + j, cause = shown[j];
        int dark = c->dark && c->dark[cause];
        plot_script_printf(&g, "$causes using (($%d+$%d)/2):1:($%d-$%d >= 8 ? sprintf('%%.0f%%%%', "
                               "$%d-$%d) : '') with labels tc rgb '%s' notitle, \\\n  ",
                           s, e, e, s, e, s, dark ? "#ffffff" : "#000000");
    }
    plot_script_printf(&g, "$causes using ($%d > 0 ? 101 : 1):1:%d with labels left notitle\n",
                       2 + k, 3 + k);
    return plot_script_run(&g, out, err, errlen);
}

int plot_loss_draw(const char *out, const plot_loss *c, char *err, size_t errlen)
{
    if (!c || c->n < 1 || !c->labels || !c->seconds) {
        snprintf(err, errlen, "no design to draw");
        return PLOT_EINVALID;
    }
    int n = c->n, interval = c->lo && c->hi;
    double top = 0;
    for (int i = 0; i < n; i++) {
        double v = c->seconds[i];
        if (interval && isfinite(c->hi[i]))
            v = fmax(v, c->hi[i]);
        if (isfinite(v))
            top = fmax(top, v);
    }
    plot_unit u = plot_time_unit(top / 60);
    double unit_s = 60 * u.minutes;
    plot_script g = {0};
    int rc = plot_script_begin_tall(&g, out, c->title, panel_height(n), err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    /* 1 position, 2 value (0 when not modelled), 3 low, 4 high, 5 where the
       value is written, 6 the value as text, 7.. the name */
    plot_script_printf(&g, "$loss << EOD\n");
    for (int i = 0; i < n; i++) {
        double v = c->seconds[i];
        int known = !isnan(v);
        plot_script_printf(&g, "%d\t", n - 1 - i);
        plot_script_num(&g, known ? v / unit_s : 0);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval && known ? c->lo[i] / unit_s : NAN);
        plot_script_printf(&g, "\t");
        plot_script_num(&g, interval && known ? c->hi[i] / unit_s : NAN);
        double at = known ? v : 0; /* where the value is written */
        if (interval && known && isfinite(c->hi[i]) && c->hi[i] > at)
            at = c->hi[i];
        plot_script_printf(&g, "\t");
        plot_script_num(&g, at / unit_s);
        char t[64], b[32];
        if (!known)
            snprintf(t, sizeof t, "no replication modelled");
        else if (v <= 0)
            snprintf(t, sizeof t, "0 s: loses nothing");
        else
            snprintf(t, sizeof t, "%s", plot_time_label(b, sizeof b, v / 60));
        row_end(&g, t, c->labels[i]);
    }
    plot_script_printf(&g, "EOD\n");
    plot_script_wrap_function(&g, ROWS_LINES);
    plot_script_printf(&g, "set style fill solid 0.85 border -1\n");
    plot_script_printf(&g, "set xlabel 'writes lost per year (%s of writes)'\n", u.name);
    plot_script_printf(&g, "set xrange [0:%.10g]\n", top > 0 ? 1.35 * top / unit_s : 1);
    plot_script_printf(&g, "set yrange [-0.6:%g]\n", n - 0.4);
    plot_script_printf(&g, "set ytics scale 0\nset grid xtics noytics\nset bmargin 6\n");
    plot_script_printf(&g, "plot $loss using ($2/2):1:(0):2:($1-0.3):($1+0.3):ytic(wrap%d(7)) "
                           "with boxxyerror lt 4 title 'writes lost per year'",
                       ROWS_LINES);
    if (interval) {
        plot_script_printf(&g, ", \\\n  $loss using 3:1:($4-$3):(0) with vectors nohead lt 8 lw 2 "
                               "title '95%% interval', \\\n");
        plot_script_printf(&g, "  $loss using 3:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle, \\\n");
        plot_script_printf(&g, "  $loss using 4:($1-0.12):(0):(0.24) with vectors nohead lt 8 lw 2 notitle");
    }
    /* the value beside the bar (or its interval), "0 s" for a design that loses nothing */
    plot_script_printf(&g, ", \\\n  $loss using 5:1:6 with labels left offset 1,0 notitle\n");
    return plot_script_run(&g, out, err, errlen);
}
