/* cli/cli_rare.c — `--rare auto|off|is` (issue 18; docs/rare-events.md):
 * which method a run uses, and how the table, the JSON and the store say so.
 *
 * off: crude Monte Carlo, as before. is: importance sampling by failure
 * biasing (montecarlo/mc_rare.c), refused with the feature named when the
 * design or the options need what it does not support. auto (the default of
 * run, compare and sweep): importance sampling when crude sampling would see
 * fewer than MC_TRUST_OUTAGES system outages and the design allows it, else
 * crude. The expected count is the exact analytic solver's outage frequency
 * x trials x mission where the solver is exact for the design; otherwise the
 * crude run is made first and, if it saw fewer, the run is made again under
 * importance sampling. A run that auto leaves crude has the figures of
 * --rare off to the last bit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_set_rare(void *dest, const char *flag, const char *value)
{
    int *r = dest;
    if (!strcmp(value, "auto"))
        *r = CLI_RARE_AUTO;
    else if (!strcmp(value, "off"))
        *r = CLI_RARE_OFF;
    else if (!strcmp(value, "is"))
        *r = CLI_RARE_IS;
    else {
        cli_error("%s takes auto, off or is (got '%s')", flag, value);
        return -1;
    }
    return 0;
}

/* Expected system outages of a crude run from the exact solver, or -1 when
 * the solver is not exact for t (or fails). */
static double expected_outages(const topology *t, const mc_options *mo)
{
    analytic_result *a = NULL;
    double e = -1;
    if (analytic_solve(t, &a) == TOPO_OK && a && a->system.exact &&
        isfinite(a->system.outages_per_year)) {
        double mission = mo->mission > 0 ? mo->mission : t->mission;
        e = a->system.outages_per_year * (double)mo->trials * mission / 8760.0;
    }
    analytic_result_free(a);
    return e;
}

/* Parts the engine simulates: hosts with a law, service instances, common
 * causes. Under importance sampling an instant with a biasing to change
 * redraws every biased part, so auto keeps to designs of at most
 * CLI_RARE_AUTO_PARTS parts (--rare is still runs larger ones, slower). */
#define CLI_RARE_AUTO_PARTS 200

static long parts_of(const topology *t)
{
    long n = t->n_ccfs;
    for (int h = 0; h < t->n_hosts; h++)
        n += t->hosts[h].law >= 0;
    for (int s = 0; s < t->n_services; s++)
        n += t->services[s].instance >= 0 ? t->services[s].n_hosts : 0;
    return n;
}

/* Failures a history expects, over every part with a failure law: the
 * mission over the law's mean. The likelihood ratio of importance sampling
 * multiplies one factor per biased period, so over histories that see many
 * failures the weights degenerate (one history carries the estimate) and the
 * biased failures multiply the events: auto keeps to designs whose history
 * expects at most CLI_RARE_AUTO_FAILURES failures (docs/rare-events.md). */
#define CLI_RARE_AUTO_FAILURES 3.0

static double failures_per_history(const topology *t, const mc_options *mo)
{
    double mission = mo->mission > 0 ? mo->mission : t->mission, n = 0;
    for (int h = 0; h < t->n_hosts; h++)
        if (t->hosts[h].law >= 0)
            n += mission / law_mean(&t->laws[t->hosts[h].law].fail);
    for (int s = 0; s < t->n_services; s++)
        if (t->services[s].instance >= 0)
            n += t->services[s].n_hosts * mission /
                 law_mean(&t->laws[t->services[s].instance].fail);
    for (int c = 0; c < t->n_ccfs; c++)
        if (t->ccfs[c].law >= 0)
            n += mission / law_mean(&t->laws[t->ccfs[c].law].fail);
    return n;
}

/* Sets (*out)->rare_note to note (a copy); MC_ENOMEM on out of memory. */
static int set_note(mc_result *r, const char *note)
{
    if (!r)
        return MC_OK;
    free(r->rare_note);
    r->rare_note = strdup(note);
    return r->rare_note ? MC_OK : MC_ENOMEM;
}

int cli_rare_run(int mode, const topology *t, mc_options *mo, mc_result **out)
{
    char why[240], note[400];
    mo->rare = 0;
    if (mode == CLI_RARE_OFF)
        return mc_run(t, mo, out);
    int ok = mc_rare_check(t, mo, why, sizeof why);
    if (mode == CLI_RARE_IS) {
        if (!ok) {
            cli_error("--rare is: importance sampling cannot run on '%s': %s (use --rare off "
                      "or auto; docs/rare-events.md)", t->name ? t->name : "", why);
            *out = NULL;
            return MC_EINVALID;
        }
        mo->rare = 1;
        int rc = mc_run(t, mo, out);
        int nrc = set_note(*out, "--rare is");
        return rc == MC_OK && nrc ? nrc : rc;
    }
    /* auto */
    if (ok && parts_of(t) > CLI_RARE_AUTO_PARTS) {
        ok = 0;
        snprintf(why, sizeof why, "auto keeps to designs of at most %d parts (this one has %ld; "
                 "--rare is runs it)", CLI_RARE_AUTO_PARTS, parts_of(t));
    }
    double fph = ok ? failures_per_history(t, mo) : 0;
    if (ok && !(fph <= CLI_RARE_AUTO_FAILURES)) {
        ok = 0;
        snprintf(why, sizeof why, "auto keeps to designs whose history expects at most %.0f part "
                 "failures (this one: %.3g; the weights would degenerate; --rare is with a "
                 "shorter --mission runs it)", CLI_RARE_AUTO_FAILURES, fph);
    }
    if (!ok) {
        int rc = mc_run(t, mo, out);
        /* the reason matters only when crude sampling saw too few outages */
        if (rc == MC_OK && *out && (*out)->system.outages >= MC_TRUST_OUTAGES)
            snprintf(note, sizeof note, "auto: crude (%lld system outages seen)",
                     (*out)->system.outages);
        else
            snprintf(note, sizeof note, "auto: crude (importance sampling cannot run: %s)", why);
        int nrc = set_note(*out, note);
        return rc == MC_OK && nrc ? nrc : rc;
    }
    double e = expected_outages(t, mo);
    if (e >= 0) {
        if (e >= MC_TRUST_OUTAGES) {
            snprintf(note, sizeof note,
                     "auto: crude (the exact solver expects %.3g system outages in this run)", e);
        } else {
            mo->rare = 1;
            snprintf(note, sizeof note,
                     "auto: importance sampling (the exact solver expects %.3g system outages "
                     "from crude sampling, fewer than %d)", e, MC_TRUST_OUTAGES);
        }
        int rc = mc_run(t, mo, out);
        int nrc = set_note(*out, note);
        return rc == MC_OK && nrc ? nrc : rc;
    }
    /* no exact solver: the crude run, then importance sampling if it saw too few */
    int rc = mc_run(t, mo, out);
    if (rc != MC_OK || (*out)->system.outages >= MC_TRUST_OUTAGES) {
        snprintf(note, sizeof note, "auto: crude (%lld system outages seen)",
                 *out ? (*out)->system.outages : 0LL);
        int nrc = set_note(*out, note);
        return rc == MC_OK && nrc ? nrc : rc;
    }
    long long seen = (*out)->system.outages;
    mc_result_free(*out);
    *out = NULL;
    mo->rare = 1;
    rc = mc_run(t, mo, out);
    snprintf(note, sizeof note,
             "auto: importance sampling (the crude run saw %lld system outage%s, fewer than %d)",
             seen, seen == 1 ? "" : "s", MC_TRUST_OUTAGES);
    int nrc = set_note(*out, note);
    return rc == MC_OK && nrc ? nrc : rc;
}

const char *cli_rare_minutes(char *buf, size_t n, double m)
{
    if (isnan(m)) {
        snprintf(buf, n, "-");
        return buf;
    }
    return cli_format_minutes(buf, n, m);
}

const char *cli_rare_method(const mc_result *r)
{
    return r->rare ? "importance-sampling" : "crude";
}

void cli_rare_print(FILE *f, const mc_result *r)
{
    if (!r->rare && !r->rare_note)
        return;
    char nm[400];
    if (r->rare)
        fprintf(f, "  %-22s importance sampling (failure biasing, p = %.2g), effective sample "
                   "size %.0f%s%s%s\n",
                "method", r->rare_p, r->rare_ess, r->rare_note ? "; " : "",
                r->rare_note ? cli_term(nm, sizeof nm, r->rare_note) : "",
                "; P95 of years, longest outage, SLA breach, capacity: not estimated");
    else
        fprintf(f, "  %-22s crude Monte Carlo; %s\n", "method",
                cli_term(nm, sizeof nm, r->rare_note));
}

void cli_rare_footnote(FILE *f, const mc_result *r, int i, int *k)
{
    char nm[256];
    if (!r || !r->rare)
        return;
    if (*k == 0)
        fprintf(f, "importance sampling (--rare; docs/rare-events.md: P95 of years, longest "
                   "outage, capacity not estimated) for ");
    if (r->name)
        fprintf(f, "%s%s", *k ? ", " : "", cli_term(nm, sizeof nm, r->name));
    else
        fprintf(f, "%spoint %d", *k ? ", " : "", i + 1);
    ++*k;
}

int cli_rare_json(json_t *o, const mc_result *r)
{
    json_t *x = json_object();
    int err = !x;
    err |= json_object_set_new(x, "method", json_string(cli_rare_method(r)));
    if (r->rare) {
        err |= json_object_set_new(x, "biasing", json_string("failure-biasing"));
        err |= json_object_set_new(x, "theta_rule",
                                   json_string("p of a failure before the next repair"));
        err |= json_object_set_new(x, "p", cli_json_number(r->rare_p));
        err |= json_object_set_new(x, "effective_sample_size", cli_json_number(r->rare_ess));
    }
    err |= json_object_set_new(x, "note", r->rare_note ? cli_json_text(r->rare_note) : json_null());
    err |= json_object_set_new(o, "rare", x);
    return err;
}
