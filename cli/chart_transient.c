/* cli/chart_transient.c — the chart of a run's transient figures (issue
 * 14): A(t) and R(t) on the engine's curve (MC_CURVE_POINTS times from 0 to
 * the last --at time), each with its 95% band, the solver's exact A(t)
 * where it has one (analytic_point_availability) and its steady state.
 * Drawn by `run --chart` and by the report for a run with transient figures.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../plots/plot.h"
#include "cli.h"

/* Designs up to this many parts get the analytic curve (65 solves). */
#define CURVE_MAX_PARTS 400

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

int cli_transient_curve(const mc_result *r, const topology *t, cli_curve *c)
{
    memset(c, 0, sizeof *c);
    c->steady_a = NAN;
    if (r->n_at <= 0 || !(r->curve_end > 0) || r->trials < 1)
        return -1;
    double n = (double)r->trials;
    for (int j = 0; j < MC_CURVE_POINTS; j++) {
        c->t[j] = r->curve_end * j / (MC_CURVE_POINTS - 1);
        double a = r->curve_a[j], rr = r->curve_r[j];
        double sa = sqrt(a * (1 - a) / n), sr = sqrt(rr * (1 - rr) / n);
        c->a[j] = a;
        c->a_lo[j] = clamp01(a - 1.959963984540054 * sa);
        c->a_hi[j] = clamp01(a + 1.959963984540054 * sa);
        c->r[j] = rr;
        c->r_lo[j] = clamp01(rr - 1.959963984540054 * sr);
        c->r_hi[j] = clamp01(rr + 1.959963984540054 * sr);
    }
    c->why = "the design could not be re-read";
    if (!t)
        return 0;
    analytic_result *res = NULL;
    if (analytic_solve(t, &res) == 0) {
        c->steady_a = res->system.availability;
        c->steady_exact = res->system.exact;
    }
    analytic_result_free(res);
    int parts = t->n_hosts + t->n_members;
    c->why = "the design is too large for the analytic curve";
    if (parts <= CURVE_MAX_PARTS &&
        analytic_point_availability(t, c->t, MC_CURVE_POINTS, r->start_steady, c->a_exact,
                                    &c->why) == 0) {
        c->has_exact = 1;
        c->why = NULL;
    }
    return 0;
}

void cli_transient_plot(const mc_result *r, const cli_curve *c, plot_transient *p, char *title,
                        size_t tlen, char *steady, size_t slen)
{
    snprintf(title, tlen, "%s: availability A(t) and reliability R(t), from %s",
             r->name ? r->name : "", r->start_steady ? "the steady state" : "new");
    snprintf(steady, slen, "steady state %.6f (%s)", c->steady_a,
             c->steady_exact ? "exact" : "approximate");
    memset(p, 0, sizeof *p);
    p->title = title;
    p->n = MC_CURVE_POINTS;
    p->t = c->t;
    p->a = c->a;
    p->a_lo = c->a_lo;
    p->a_hi = c->a_hi;
    p->a_exact = c->has_exact ? c->a_exact : NULL;
    p->a_exact_label = "A(t) exact";
    p->r = c->r;
    p->r_lo = c->r_lo;
    p->r_hi = c->r_hi;
    p->steady_a = c->steady_a;
    p->steady_label = isfinite(c->steady_a) ? steady : NULL;
}

int cli_transient_chart(const char *out, const mc_result *r, const cli_curve *c, char *err,
                        size_t errlen)
{
    char title[1200], steady[160];
    plot_transient p;
    cli_transient_plot(r, c, &p, title, sizeof title, steady, sizeof steady);
    return plot_transient_draw(out, &p, err, errlen);
}

int cli_run_chart(const char *out, const mc_result *r, const topology *t)
{
    cli_curve c;
    char err[2048] = "";
    if (cli_transient_curve(r, t, &c)) {
        cli_error("no transient curve to draw for '%s' (run with --at)", out);
        return EXIT_BADINPUT;
    }
    int rc = cli_transient_chart(out, r, &c, err, sizeof err);
    if (rc == PLOT_EINTR) {
        cli_error("interrupted: the chart '%s' was not drawn", out);
        return cli_interrupted_status();
    }
    if (rc) {
        cli_error("cannot draw the chart '%s': %s", out, err[0] ? err : plot_strerror(rc));
        return cli_exit_of_plot(rc);
    }
    return EXIT_OK;
}
