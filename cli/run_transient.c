/* cli/run_transient.c — `run`'s options and lines for issue 14: the
 * assumptions a run made (repairs unlimited or by crews, failures going on
 * or frozen while the system is down, the start), and the transient figures
 * (--at, --window, --until-failure, --until-cap, --start).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_set_at(void *dest, const char *flag, const char *value)
{
    cli_at *a = dest;
    const char *p = value;
    a->n = 0;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char item[32], why[128];
        double h = 0;
        if (len == 0 || len >= sizeof item) {
            cli_error("%s takes durations separated by commas, e.g. 168h,1y (got '%s')", flag, value);
            return -1;
        }
        memcpy(item, p, len);
        item[len] = 0;
        why[0] = 0;
        if (units_parse_duration(item, &h, why, sizeof why) || !(h > 0)) {
            cli_error("%s takes positive durations such as 168h or 1y (got '%s'%s%s)", flag, item,
                      why[0] ? ": " : "", why);
            return -1;
        }
        if (a->n == MC_AT_MAX) {
            cli_error("%s takes at most %d times", flag, MC_AT_MAX);
            return -1;
        }
        a->at[a->n] = h;
        memcpy(a->label[a->n], item, len + 1);
        a->n++;
        p += len + (e ? 1 : 0);
        if (e && !*p) {
            cli_error("%s ends with a comma (got '%s')", flag, value);
            return -1;
        }
    }
    if (a->n == 0) {
        cli_error("%s needs at least one duration, e.g. 168h", flag);
        return -1;
    }
    return 0;
}

int cli_set_window(void *dest, const char *flag, const char *value)
{
    char why[128];
    double h = 0;
    why[0] = 0;
    if (units_parse_duration(value, &h, why, sizeof why) || !(h >= 0)) {
        cli_error("%s takes a duration such as 12h (got '%s'%s%s)", flag, value, why[0] ? ": " : "",
                  why);
        return -1;
    }
    *(double *)dest = h;
    return 0;
}

int cli_set_start(void *dest, const char *flag, const char *value)
{
    if (!strcmp(value, "new") || !strcmp(value, "steady")) {
        *(int *)dest = !strcmp(value, "steady");
        return 0;
    }
    cli_error("%s takes 'new' or 'steady' (got '%s')", flag, value);
    return -1;
}

void cli_at_mission(cli_at *a, double mission)
{
    a->n = 1;
    a->at[0] = mission;
    units_format_duration(mission, a->label[0], sizeof a->label[0]);
}

int cli_at_check(const cli_at *a, double mission)
{
    char b1[48], b2[48];
    if ((a->window > 0 || a->until_failure || a->until_cap > 0) && a->n == 0) {
        cli_error("--window, --until-failure and --until-cap go with --at (e.g. --at 168h)");
        return -1;
    }
    for (int k = 0; k < a->n; k++)
        if (a->at[k] + a->window > mission) {
            cli_error("--at %s%s%s is past the mission (%s): give a longer --mission", a->label[k],
                      a->window > 0 ? " plus --window " : "",
                      a->window > 0 ? units_format_duration(a->window, b1, sizeof b1) : "",
                      units_format_duration(mission, b2, sizeof b2));
            return -1;
        }
    if (a->until_cap > 0 && a->until_cap < mission) {
        cli_error("--until-cap must be at least the mission (%s)",
                  units_format_duration(mission, b2, sizeof b2));
        return -1;
    }
    return 0;
}

void cli_at_options(const cli_at *a, mc_options *mo)
{
    mo->n_at = a->n;
    for (int k = 0; k < a->n; k++) {
        mo->at[k] = a->at[k];
        mo->at_label[k] = a->label[k];
    }
    mo->window = a->window;
    mo->until_failure = a->until_failure;
    mo->until_cap = a->until_cap;
    mo->start_steady = a->steady;
}

/* The label of time k: as written, else formatted. */
static const char *at_label(const mc_result *r, int k, char *buf, size_t n)
{
    if (r->at_label[k])
        return r->at_label[k];
    return units_format_duration(r->at[k], buf, n);
}

void cli_print_run_z14(FILE *f, const mc_result *r)
{
    char b1[64], b2[64], line[512];
    if (r->repairs && r->frozen >= 0) {
        snprintf(line, sizeof line, "repairs %s%s; failures %s while the system is down%s",
                 strcmp(r->repairs, "unlimited") ? "by crews " : "", r->repairs,
                 r->frozen ? "frozen" : "go on",
                 r->start_steady ? "; start steady" : "");
        fprintf(f, "  %-22s %s\n", "assumptions", line);
    }
    if (r->n_at <= 0)
        return;
    fputc('\n', f);
    for (int k = 0; k < r->n_at; k++) {
        const char *lb = at_label(r, k, b1, sizeof b1);
        int n = snprintf(line, sizeof line, "R %.6f \u00b1 %.2g   A %.6f \u00b1 %.2g",
                         r->reliability[k], r->reliability_se[k], r->point_availability[k],
                         r->point_availability_se[k]);
        if (r->window > 0 && n > 0 && (size_t)n < sizeof line)
            snprintf(line + n, sizeof line - (size_t)n, "   IR(%s) %.6f \u00b1 %.2g",
                     units_format_duration(r->window, b2, sizeof b2), r->interval_reliability[k],
                     r->interval_reliability_se[k]);
        char lab[96];
        snprintf(lab, sizeof lab, "at %s", lb);
        fprintf(f, "  %-22s %s\n", lab, line);
    }
    snprintf(line, sizeof line, "%.6g h   95%% CI [%.6g, %.6g]", r->mttf_hours, r->mttf_ci_lo,
             r->mttf_ci_hi);
    fprintf(f, "  %-22s %s\n", "MTTF from new", line);
    if (r->censored_trials > 0)
        fprintf(f, "  %-22s %lld of %lld trials saw no outage by %s (censored): the MTTF is a "
                   "lower bound%s\n", "", r->censored_trials, r->trials,
                units_format_duration(r->until_failure ? r->until_cap : r->mission_hours, b1, sizeof b1),
                r->until_failure ? "" : "; --until-failure runs each history to its first outage");
}

int cli_run_json_z14(json_t *o, const mc_result *r)
{
    int err = 0;
    char b[64];
    if (r->repairs && r->frozen >= 0) {
        json_t *as = json_object();
        err |= json_object_set_new(as, "repairs", cli_json_text(r->repairs));
        err |= json_object_set_new(as, "failures_while_down",
                                   cli_json_text(r->frozen ? "frozen" : "continue"));
        err |= json_object_set_new(as, "start", cli_json_text(r->start_steady ? "steady" : "new"));
        err |= json_object_set_new(o, "assumptions", as);
    }
    if (r->n_at <= 0)
        return err;
    json_t *rel = json_object(), *pa = json_object(), *ir = json_object();
    json_t *rel_se = json_object(), *pa_se = json_object(), *ir_se = json_object();
    for (int k = 0; k < r->n_at; k++) {
        const char *lb = at_label(r, k, b, sizeof b);
        err |= cli_json_set(rel, lb, cli_json_number(r->reliability[k]));
        err |= cli_json_set(rel_se, lb, cli_json_number(r->reliability_se[k]));
        err |= cli_json_set(pa, lb, cli_json_number(r->point_availability[k]));
        err |= cli_json_set(pa_se, lb, cli_json_number(r->point_availability_se[k]));
        if (r->window > 0) {
            err |= cli_json_set(ir, lb, cli_json_number(r->interval_reliability[k]));
            err |= cli_json_set(ir_se, lb, cli_json_number(r->interval_reliability_se[k]));
        }
    }
    err |= json_object_set_new(o, "reliability", rel);
    err |= json_object_set_new(o, "reliability_std_error", rel_se);
    err |= json_object_set_new(o, "point_availability", pa);
    err |= json_object_set_new(o, "point_availability_std_error", pa_se);
    if (r->window > 0) {
        err |= json_object_set_new(o, "interval_reliability", ir);
        err |= json_object_set_new(o, "interval_reliability_std_error", ir_se);
        err |= json_object_set_new(o, "window_hours", cli_json_number(r->window));
    } else {
        json_decref(ir);
        json_decref(ir_se);
    }
    err |= json_object_set_new(o, "mttf_hours", cli_json_number(r->mttf_hours));
    json_t *ci = json_array();
    err |= json_array_append_new(ci, cli_json_number(r->mttf_ci_lo));
    err |= json_array_append_new(ci, cli_json_number(r->mttf_ci_hi));
    err |= json_object_set_new(o, "mttf_ci95", ci);
    err |= json_object_set_new(o, "censored_trials", json_integer(r->censored_trials));
    err |= json_object_set_new(o, "mttf_lower_bound", json_boolean(r->censored_trials > 0));
    err |= json_object_set_new(o, "until_failure", json_boolean(r->until_failure));
    json_t *curve = json_array();
    for (int j = 0; j < MC_CURVE_POINTS; j++) {
        json_t *p = json_array();
        err |= json_array_append_new(p, cli_json_number(r->curve_end * j / (MC_CURVE_POINTS - 1)));
        err |= json_array_append_new(p, cli_json_number(r->curve_r[j]));
        err |= json_array_append_new(p, cli_json_number(r->curve_a[j]));
        err |= json_array_append_new(curve, p);
    }
    err |= json_object_set_new(o, "transient_curve", curve);
    return err;
}
