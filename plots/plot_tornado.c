/* plots/plot_tornado.c — the tornado chart of `nines sensitivity`: for each
 * row (a law) two horizontal bars (its time to fail halved..doubled, its time
 * to repair doubled..halved) around a vertical line at the design's value.
 * Built with plot_int.h's escaping and handed to plot_script_run. */
#include <math.h>
#include <stdio.h>

#include "plot_int.h"

int plot_tornado_draw(const char *out, const plot_tornado *c, char *err, size_t errlen)
{
    if (!c || !c->rows || c->n < 1) {
        snprintf(err, errlen, "no row to draw");
        return PLOT_EINVALID;
    }
    plot_script g = {0};
    /* room for two-line labels when there are many rows */
    int rc = plot_script_begin_tall(&g, out, c->title, c->n > 10 ? 170 + 54 * c->n : 720, err,
                                    errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    double lo = c->base, hi = c->base;
    /* row i sits at y = n - 1 - i (first row on top); bar 0 above bar 1 */
    plot_script_printf(&g, "$rows << EOD\n");
    /* 1 position, 2 3 the first bar, 4 5 the second, 6 7 the label's lines */
    for (int i = 0; i < c->n; i++) {
        const plot_tornado_row *r = &c->rows[i];
        plot_script_printf(&g, "%d", c->n - 1 - i);
        for (int b = 0; b < 2; b++) {
            double a = fmin(r->lo[b], r->hi[b]), z = fmax(r->lo[b], r->hi[b]);
            if (isfinite(a) && isfinite(z)) {
                lo = fmin(lo, a);
                hi = fmax(hi, z);
            }
            plot_script_printf(&g, "\t");
            plot_script_num(&g, r->lo[b]);
            plot_script_printf(&g, "\t");
            plot_script_num(&g, r->hi[b]);
        }
        plot_script_printf(&g, "\t");
        plot_script_wrapped_fields(&g, r->label, 34, 2);
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    double pad = (hi - lo) * 0.08 + 0.01;
    plot_script_wrap_function(&g, 2);
    plot_script_printf(&g, "set xlabel ");
    plot_script_str(&g, c->x_label);
    plot_script_printf(&g, "\n");
    /* nines below, the downtime per year they mean above */
    plot_axis_nines(&g, "x", "x2", lo - pad, hi + pad);
    plot_script_printf(&g, "set yrange [-0.7:%g]\n", c->n - 0.3);
    plot_script_printf(&g, "set style fill solid 0.85 border -1\nset ytics scale 0\n"
                  "set grid xtics noytics\n");
    plot_script_printf(&g, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lw 2 lc "
                  "rgb '#000000' front\n", c->base, c->base);
    /* boxxyerror: x y xlow xhigh ylow yhigh */
    plot_script_printf(&g, "set bmargin 6\nset rmargin 6\n"); /* tics, label and key below */
    plot_script_printf(&g, "plot $rows using (($2+$3)/2):($1+0.18):(($2<$3)?$2:$3):(($2<$3)?$3:$2):"
                  "($1+0.02):($1+0.34):ytic(wrap2(6)) with boxxyerror lt 1 title ");
    plot_script_str(&g, c->bar_label[0]);
    plot_script_printf(&g, ", \\\n  $rows using (($4+$5)/2):($1-0.18):(($4<$5)?$4:$5):(($4<$5)?$5:$4):"
                  "($1-0.34):($1-0.02) with boxxyerror lt 2 title ");
    plot_script_str(&g, c->bar_label[1]);
    plot_script_printf(&g, ", \\\n  NaN with lines dt 2 lw 2 lc rgb '#000000' title ");
    plot_script_str(&g, c->base_label ? c->base_label : "design as it is");
    plot_script_printf(&g, "\n");
    return plot_script_run(&g, out, err, errlen);
}
