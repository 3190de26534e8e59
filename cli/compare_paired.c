/* cli/compare_paired.c — `nines compare`'s paired comparison (Y16; docs/
 * method.md, "Paired comparison"): B - A of the headline's downtime per year
 * and capacity, trial by trial (common random numbers: same seed, trial i
 * of both designs from the same stream), with the 95% interval of the mean
 * difference and whether it is significant; for the table and the JSON
 * (`paired`).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../study/study.h"

int cli_paired_of(const mc_result *a, const mc_result *b, cli_paired *out)
{
    memset(out, 0, sizeof *out);
    if (!a || !b || !a->trial_down || !b->trial_down || a->partial || b->partial ||
        a->trials != b->trials || a->seed != b->seed)
        return 0;
    study_paired(a->trial_down, b->trial_down, a->trials, 525600.0, &out->downtime);
    study_paired(a->trial_capacity, b->trial_capacity, a->trials, 1.0, &out->capacity);
    if (a->rare || b->rare) { /* rare events (issue 18): capacity is not weighted */
        study_paired_diff *c = &out->capacity;
        c->mean = c->ci_lo = c->ci_hi = c->std_error = NAN;
        c->significant = 0;
    }
    out->known = 1;
    return 1;
}

static json_t *diff_json(const study_paired_diff *d)
{
    json_t *o = json_object(), *ci = json_array();
    int err = !o;
    err |= json_object_set_new(o, "difference", cli_json_number(d->mean));
    err |= json_array_append_new(ci, cli_json_number(d->ci_lo));
    err |= json_array_append_new(ci, cli_json_number(d->ci_hi));
    err |= json_object_set_new(o, "ci95", ci);
    err |= json_object_set_new(o, "std_error", cli_json_number(d->std_error));
    err |= json_object_set_new(o, "significant", json_boolean(d->significant));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *cli_paired_json(const char *a, const char *b, const cli_paired *p)
{
    json_t *o = json_object();
    int err = !o;
    err |= json_object_set_new(o, "a", cli_json_text(a));
    err |= json_object_set_new(o, "b", cli_json_text(b));
    err |= json_object_set_new(o, "trials", json_integer(p->downtime.trials));
    err |= json_object_set_new(o, "downtime_minutes_per_year", diff_json(&p->downtime));
    err |= json_object_set_new(o, "capacity", diff_json(&p->capacity));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *signed_minutes(char *buf, size_t n, double m)
{
    char t[48];
    cli_format_minutes(t, sizeof t, m < 0 ? -m : m);
    snprintf(buf, n, "%s%s", m < 0 ? "-" : m > 0 ? "+" : "", t);
    return buf;
}

void cli_print_paired(FILE *f, const char *a, const char *b, const cli_paired *p)
{
    char na[256], nb[256], x[64], lo[64], hi[64];
    const study_paired_diff *d = &p->downtime, *c = &p->capacity;
    fprintf(f, "\npaired, B - A (common random numbers, %lld trials each):\n", d->trials);
    fprintf(f, "  B %s - A %s\n", cli_term(nb, sizeof nb, b), cli_term(na, sizeof na, a));
    fprintf(f, "  downtime/yr  %s   95%% CI [%s, %s]   %s\n", signed_minutes(x, sizeof x, d->mean),
            signed_minutes(lo, sizeof lo, d->ci_lo), signed_minutes(hi, sizeof hi, d->ci_hi),
            d->significant ? "significant" : "not significant (the interval contains 0)");
    if (isnan(c->mean)) { /* rare events (issue 18) */
        fprintf(f, "  capacity     not estimated under importance sampling\n");
        return;
    }
    fprintf(f, "  capacity     %+.4f%%   95%% CI [%+.4f%%, %+.4f%%]   %s\n", 100 * c->mean,
            100 * c->ci_lo, 100 * c->ci_hi,
            c->significant ? "significant" : "not significant (the interval contains 0)");
}
