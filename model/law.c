/* model/law.c — distributions of durations (hours): moments, survival, tail
 * integrals and draws, for the six law kinds of DESIGN.md.
 *
 * Canonical parameters (topology.h) and the closed forms used here:
 *   exponential(mean a)     S(t) = exp(-t/a)           E[(X-t)+] = a exp(-t/a)
 *   weibull(shape k, scale l)  S(t) = exp(-(t/l)^k)
 *       mean l G(1+1/k), var l^2 (G(1+2/k) - G(1+1/k)^2)
 *       E[(X-t)+] = l G(1+1/k) Q(1/k, (t/l)^k)   (Q: regularised upper
 *       incomplete gamma; substitute x = (u/l)^k in the integral of S)
 *   lognormal(mu, sigma)    S(t) = Phi((mu - ln t)/sigma)
 *       mean exp(mu + s^2/2), var (exp(s^2) - 1) exp(2mu + s^2)
 *       E[(X-t)+] = mean Phi((mu + s^2 - ln t)/s) - t Phi((mu - ln t)/s)
 *   gamma(shape k, scale th)  S(t) = Q(k, t/th), mean k th, var k th^2
 *       E[(X-t)+] = k th Q(k+1, t/th) - t Q(k, t/th)
 *   fixed(v)                S(t) = [t < v],            E[(X-t)+] = (v-t)+
 *   uniform(a, b)           S(t) = (b-t)/(b-a) on [a,b], E[(X-t)+] = (b-t)^2/(2(b-a))
 * (standard results; e.g. Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions). Draws use gsl_ran_*; GSL's Weibull takes (scale, shape).
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "topology.h"

const char *law_kind_name(law_kind k)
{
    switch (k) {
    case LAW_EXPONENTIAL: return "exponential";
    case LAW_WEIBULL: return "weibull";
    case LAW_LOGNORMAL: return "lognormal";
    case LAW_GAMMA: return "gamma";
    case LAW_FIXED: return "fixed";
    case LAW_UNIFORM: return "uniform";
    }
    return "unknown";
}

/* Q(a, x) without GSL's error handler: 0 where it underflows. */
static double gamma_q(double a, double x)
{
    gsl_sf_result r;
    if (x <= 0)
        return 1.0;
    if (gsl_sf_gamma_inc_Q_e(a, x, &r) != GSL_SUCCESS)
        return 0.0;
    return r.val;
}

double law_mean(const law_dist *d)
{
    switch (d->kind) {
    case LAW_EXPONENTIAL:
    case LAW_FIXED:
        return d->a;
    case LAW_WEIBULL:
        return d->b * gsl_sf_gamma(1.0 + 1.0 / d->a);
    case LAW_LOGNORMAL:
        return exp(d->a + 0.5 * d->b * d->b);
    case LAW_GAMMA:
        return d->a * d->b;
    case LAW_UNIFORM:
        return 0.5 * (d->a + d->b);
    }
    return NAN;
}

double law_variance(const law_dist *d)
{
    switch (d->kind) {
    case LAW_EXPONENTIAL:
        return d->a * d->a;
    case LAW_FIXED:
        return 0.0;
    case LAW_WEIBULL: {
        double g1 = gsl_sf_gamma(1.0 + 1.0 / d->a);
        return d->b * d->b * (gsl_sf_gamma(1.0 + 2.0 / d->a) - g1 * g1);
    }
    case LAW_LOGNORMAL: {
        double s2 = d->b * d->b;
        return expm1(s2) * exp(2.0 * d->a + s2);
    }
    case LAW_GAMMA:
        return d->a * d->b * d->b;
    case LAW_UNIFORM:
        return (d->b - d->a) * (d->b - d->a) / 12.0;
    }
    return NAN;
}

double law_survival(const law_dist *d, double t)
{
    if (t < 0)
        return 1.0;
    switch (d->kind) {
    case LAW_EXPONENTIAL:
        return exp(-t / d->a);
    case LAW_WEIBULL:
        return exp(-pow(t / d->b, d->a));
    case LAW_LOGNORMAL:
        if (t == 0)
            return 1.0;
        return gsl_cdf_ugaussian_Q((log(t) - d->a) / d->b);
    case LAW_GAMMA:
        return gamma_q(d->a, t / d->b);
    case LAW_FIXED:
        return t < d->a ? 1.0 : 0.0;
    case LAW_UNIFORM:
        if (t < d->a)
            return 1.0;
        if (t >= d->b)
            return 0.0;
        return (d->b - t) / (d->b - d->a);
    }
    return NAN;
}

double law_tail_integral(const law_dist *d, double t)
{
    if (t < 0) /* S(u) = 1 below 0 */
        return law_tail_integral(d, 0) - t;
    switch (d->kind) {
    case LAW_EXPONENTIAL:
        return d->a * exp(-t / d->a);
    case LAW_WEIBULL:
        return d->b * gsl_sf_gamma(1.0 + 1.0 / d->a) *
               gamma_q(1.0 / d->a, pow(t / d->b, d->a));
    case LAW_LOGNORMAL: {
        if (t == 0)
            return law_mean(d);
        double s = d->b, lt = log(t);
        return law_mean(d) * gsl_cdf_ugaussian_P((d->a + s * s - lt) / s) -
               t * gsl_cdf_ugaussian_P((d->a - lt) / s);
    }
    case LAW_GAMMA:
        return d->a * d->b * gamma_q(d->a + 1.0, t / d->b) - t * gamma_q(d->a, t / d->b);
    case LAW_FIXED:
        return t < d->a ? d->a - t : 0.0;
    case LAW_UNIFORM:
        if (t < d->a)
            return law_mean(d) - t;
        if (t >= d->b)
            return 0.0;
        return (d->b - t) * (d->b - t) / (2.0 * (d->b - d->a));
    }
    return NAN;
}

double law_sample(const law_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case LAW_EXPONENTIAL:
        return gsl_ran_exponential(r, d->a);
    case LAW_WEIBULL:
        return gsl_ran_weibull(r, d->b, d->a);
    case LAW_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a, d->b);
    case LAW_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case LAW_FIXED:
        return d->a;
    case LAW_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    }
    return NAN;
}

int law_is_exponential(const law_dist *d)
{
    return d->kind == LAW_EXPONENTIAL;
}

/* law_is_none: fixed at 0 (model/topology.h). */
int law_is_none(const law_dist *d)
{
    return d->kind == LAW_FIXED && d->a <= 0;
}

const char *law_describe(const law_dist *d, char *buf, size_t len)
{
    char x[32], y[32];
    switch (d->kind) {
    case LAW_EXPONENTIAL:
        snprintf(buf, len, "exponential(mean %s)", units_format_duration(d->a, x, sizeof x));
        break;
    case LAW_WEIBULL:
        snprintf(buf, len, "weibull(shape %g, mean %s)", d->a,
                 units_format_duration(law_mean(d), x, sizeof x));
        break;
    case LAW_LOGNORMAL:
        snprintf(buf, len, "lognormal(mean %s, sd %s)",
                 units_format_duration(law_mean(d), x, sizeof x),
                 units_format_duration(sqrt(law_variance(d)), y, sizeof y));
        break;
    case LAW_GAMMA:
        snprintf(buf, len, "gamma(shape %g, mean %s)", d->a,
                 units_format_duration(law_mean(d), x, sizeof x));
        break;
    case LAW_FIXED:
        snprintf(buf, len, "fixed(%s)", units_format_duration(d->a, x, sizeof x));
        break;
    case LAW_UNIFORM:
        snprintf(buf, len, "uniform(%s, %s)", units_format_duration(d->a, x, sizeof x),
                 units_format_duration(d->b, y, sizeof y));
        break;
    }
    return buf;
}

/* A renewal cycle of up, detect, repair (docs/semantics.md, "Detection"):
 * exact in the steady state for any laws. A law without detect (fixed 0)
 * adds nothing, so its figure is as it was before detection existed. */
double law_availability(const topo_law *l)
{
    double up = law_mean(&l->fail), down = law_mean(&l->repair);
    double detect = law_mean(&l->detect);
    if (detect > 0)
        down += detect;
    return up / (up + down);
}
