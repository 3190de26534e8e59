/* cli/cli_trust.c — never a silent 100%: what a figure that rests on fewer
 * than MC_TRUST_OUTAGES outages may still claim, and how every table says
 * it (docs/method.md, "Few outages: what a run can still claim").
 *
 * Two one-sided 95% bounds, each sound without any assumption on the laws:
 *   - the outage rate, outages as a Poisson process over the T simulated
 *     years: k outages give rate < chi2_0.95(2k + 2) / (2T) (k = 0: the rule
 *     of three, -ln 0.05 / T = 3.0 / T);
 *   - the unavailability: a trial's downtime fraction D lies in [0, 1], so
 *     U = E[D] <= P(D > 0); at most k of the n independent trials had any
 *     downtime (every down period is an outage), and the Clopper-Pearson
 *     bound on P(D > 0) with k successes in n (k = 0: 1 - 0.05^(1/n), about
 *     3 / n) bounds U. It is loose, since it cannot know how long an
 *     outage lasts, and it is the only bound a run without outages allows.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cli.h"

/* The u with P(Bin(n, u) <= k) = 0.05, 0 < k < n: P(Bin(n, u) <= k) =
 * Q_beta(u; k + 1, n - k) falls as u grows; bisection on ln u (GSL's
 * inverse of the beta law does not converge for u near 1e-4 at n = 1e4). */
static double clopper_pearson_upper(long long k, long long n)
{
    double lo = log(DBL_MIN), hi = 0;
    for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (gsl_cdf_beta_Q(exp(mid), (double)k + 1, (double)(n - k)) > 0.05)
            lo = mid;
        else
            hi = mid;
    }
    return exp(0.5 * (lo + hi));
}

void cli_trust_counts(long long outages, long long trials, double mission_hours, cli_trust *out)
{
    long long k = outages < 0 ? 0 : outages, n = trials;
    memset(out, 0, sizeof *out);
    out->outages = k;
    out->few = k < MC_TRUST_OUTAGES;
    out->years = (double)n * mission_hours / 8760.0;
    out->rate_upper = out->years > 0 ? gsl_cdf_chisq_Pinv(0.95, 2.0 * (double)k + 2) /
                                           (2 * out->years)
                                     : NAN;
    if (n <= 0 || k >= n)
        out->u_upper = 1;
    else if (k == 0)
        out->u_upper = -expm1(log(0.05) / (double)n);
    else
        out->u_upper = clopper_pearson_upper(k, n);
    out->nines_lower = units_nines(1 - out->u_upper);
}

void cli_trust_of(const mc_result *r, const mc_figures *g, cli_trust *out)
{
    cli_trust_counts(g->outages, r->trials, r->mission_hours, out);
    if (r->rare) {
        /* importance sampling (issue 18; docs/rare-events.md): the outages
           were seen under the biased law, so the crude bounds do not hold;
           the system's interval also needs enough effective outages */
        out->few |= g == &r->system && (r->rare_ess < MC_TRUST_OUTAGES ||
                                         r->rare_ess < 0.01 * (double)g->outages);
        out->rate_upper = out->u_upper = out->nines_lower = NAN;
    }
}

double cli_trust_u_upper(const mc_result *r, const mc_figures *g)
{
    cli_trust t;
    cli_trust_of(r, g, &t);
    return t.u_upper;
}

const char *cli_format_nines(char *buf, size_t n, const mc_result *r, const mc_figures *g)
{
    cli_trust t;
    cli_trust_of(r, g, &t);
    if (t.outages == 0 && r->rare)
        snprintf(buf, n, "-"); /* importance sampling saw nothing: no bound */
    else if (t.outages == 0)
        snprintf(buf, n, "\u2265%.2f", t.nines_lower);
    else
        snprintf(buf, n, "%.2f", g->nines);
    return buf;
}

const char *cli_trust_warning(char *buf, size_t n, const mc_result *r, const mc_figures *g)
{
    cli_trust t;
    char m[32];
    const char *sys = g == &r->system ? "system " : "";
    cli_trust_of(r, g, &t);
    buf[0] = '\0';
    if (!t.few)
        return buf;
    units_format_duration(r->mission_hours, m, sizeof m);
    if (r->rare)
        snprintf(buf, n,
                 "importance sampling saw %lld %soutage%s (effective sample size %.0f of the "
                 "system's: under 30, or under 1%% of the outages when the weights degenerate "
                 "over long histories): the 95%% interval is not to be trusted; run more "
                 "trials, a shorter --mission, or --rare off (docs/rare-events.md)",
                 t.outages, sys, t.outages == 1 ? "" : "s", r->rare_ess);
    else if (t.outages == 0)
        snprintf(buf, n,
                 "no %soutage in %.4g simulated years (%lld trials of %s): outage rate < %.2g "
                 "per year at 95%%; the unavailability is not measurable with this many trials "
                 "(not knowing how long an outage lasts, only U < %.2g at 95%%, %.2f nines or "
                 "more); run more than %lld trials to see %d",
                 sys, t.years, r->trials, m, t.rate_upper, t.u_upper, t.nines_lower,
                 MC_TRUST_OUTAGES * r->trials, MC_TRUST_OUTAGES);
    else
        snprintf(buf, n,
                 "only %lld %soutage%s in %.4g simulated years: the 95%% interval is not to be "
                 "trusted (outage rate < %.2g per year at 95%%; without assuming how long an "
                 "outage lasts, U < %.2g at 95%%); about %.0f trials would see %d",
                 t.outages, sys, t.outages == 1 ? "" : "s", t.years, t.rate_upper, t.u_upper,
                 ceil(MC_TRUST_OUTAGES * (double)r->trials / (double)t.outages),
                 MC_TRUST_OUTAGES);
    return buf;
}

int cli_trust_json(json_t *o, const mc_result *r, const mc_figures *g)
{
    cli_trust t;
    char w[512];
    int err = 0;
    cli_trust_of(r, g, &t);
    err |= json_object_set_new(o, "few_outages", json_boolean(t.few));
    if (!t.few)
        return err;
    err |= json_object_set_new(o, "outage_rate_per_year_upper95", cli_json_number(t.rate_upper));
    err |= json_object_set_new(o, "unavailability_upper95", cli_json_number(t.u_upper));
    err |= json_object_set_new(o, "nines_lower95", cli_json_number(t.nines_lower));
    err |= json_object_set_new(o, "warning", cli_json_text(cli_trust_warning(w, sizeof w, r, g)));
    return err;
}

size_t cli_text_cols(const char *s)
{
    size_t c = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        c += (*p & 0xc0) != 0x80;
    return c;
}
