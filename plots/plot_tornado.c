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
    int rc = plot_script_begin(&g, out, c->title, err, errlen);
    if (rc) {
        plot_script_free(&g);
        return rc;
    }
    double lo = c->base, hi = c->base;
    /* row i sits at y = n - 1 - i (first row on top); bar 0 above bar 1 */
    plot_script_printf(&g, "$rows << EOD\n");
    for (int i = 0; i < c->n; i++) {
        const plot_tornado_row *r = &c->rows[i];
        plot_script_printf(&g, "%d\t", c->n - 1 - i);
        plot_script_field(&g, r->label);
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
        plot_script_printf(&g, "\n");
    }
    plot_script_printf(&g, "EOD\n");
    double pad = (hi - lo) * 0.08 + 0.01;
    plot_script_printf(&g, "set xlabel ");
    plot_script_str(&g, c->x_label);
    plot_script_printf(&g, "\nset xrange [%.10g:%.10g]\nset yrange [-0.7:%g]\n", lo - pad, hi + pad,
              c->n - 0.3);
    plot_script_printf(&g, "set style fill solid 0.85 border -1\nset ytics scale 0\n"
                  "set grid xtics noytics\n");
    plot_script_printf(&g, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lw 2 lc "
                  "rgb '#000000' front\n", c->base, c->base);
    /* boxxyerror: x y xlow xhigh ylow yhigh */
    plot_script_printf(&g, "plot $rows using (($3+$4)/2):($1+0.18):(($3<$4)?$3:$4):(($3<$4)?$4:$3):"
                  "($1+0.02):($1+0.34):ytic(2) with boxxyerror lt 1 title ");
    plot_script_str(&g, c->bar_label[0]);
    plot_script_printf(&g, ", \\\n  $rows using (($5+$6)/2):($1-0.18):(($5<$6)?$5:$6):(($5<$6)?$6:$5):"
                  "($1-0.34):($1-0.02) with boxxyerror lt 2 title ");
    plot_script_str(&g, c->bar_label[1]);
    plot_script_printf(&g, ", \\\n  NaN with lines dt 2 lw 2 lc rgb '#000000' title ");
    plot_script_str(&g, c->base_label ? c->base_label : "design as it is");
    plot_script_printf(&g, "\n");
    return plot_script_run(&g, out, err, errlen);
}
