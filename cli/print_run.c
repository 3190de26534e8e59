/* cli/print_run.c — how a run is printed: the aligned table people read and
 * the JSON object of DESIGN.md. `nines run`, `nines show` and `nines compare`
 * all print runs through these, so a stored run reads as it was printed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/text.h"
#include "cli.h"

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\b':
            fputs("\\b", f);
            break;
        case '\f':
            fputs("\\f", f);
            break;
        default: {
            /* controls, C1, bidi controls as \uXXXX (the value is the same),
               a byte that is not UTF-8 as U+FFFD (JSON is UTF-8) */
            unsigned cp;
            int unsafe, k = text_char((const char *)p, &cp, &unsafe);
            if (unsafe)
                fprintf(f, "\\u%04x", cp);
            else
                fwrite(p, 1, (size_t)k, f);
            p += k - 1;
        }
        }
    }
    fputc('"', f);
}

/* A JSON number; null where the value is not finite. */
static void json_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.15g", x);
    else
        fputs("null", f);
}

/* ---------- the table ---------- */

/* Decimals that show an availability to about two significant digits of its
 * unavailability. */
static int pct_decimals(double nines)
{
    int d = (int)ceil(nines) + 1;
    if (d < 3)
        d = 3;
    if (d > 10)
        d = 10;
    return d;
}

static const char *fmt_pct(char *buf, size_t n, double a, int dec)
{
    snprintf(buf, n, "%.*f%%", dec, 100 * a);
    return buf;
}

static const char *fmt_mission(char *buf, size_t n, double hours)
{
    return units_format_duration(hours, buf, n);
}

static void row(FILE *f, const char *label, const char *value)
{
    fprintf(f, "  %-22s %s\n", label, value);
}

static void target_row(FILE *f, const char *kind, const mc_figures *g, int name_w)
{
    char a[48], lo[48], hi[48], dt[48], ci[112];
    int dec = pct_decimals(g->nines);
    fmt_pct(lo, sizeof lo, g->ci_lo, dec);
    fmt_pct(hi, sizeof hi, g->ci_hi, dec);
    snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
    char nm[256];
    fprintf(f, "  %-8s %-*s %14s  %-30s %6.2f  %12s\n", kind, name_w, cli_term(nm, sizeof nm, g->name),
            fmt_pct(a, sizeof a, g->availability, dec), ci, g->nines,
            cli_format_minutes(dt, sizeof dt, g->downtime_min_per_year));
}

void cli_print_run(FILE *f, const mc_result *r)
{
    const mc_figures *s = &r->system;
    char b1[64], b2[64], b3[64], line[256];
    int dec = pct_decimals(s->nines);

    char nm[512];
    fprintf(f, "%s\n", r->name ? cli_term(nm, sizeof nm, r->name) : "(unnamed)");
    fprintf(f, "  %lld trials, seed %llu, mission %s\n", r->trials,
            (unsigned long long)r->seed, fmt_mission(b1, sizeof b1, r->mission_hours));
    if (r->partial)
        fprintf(f, "  PARTIAL: interrupted after %lld of %lld trials\n", r->trials,
                r->trials_requested);
    fputc('\n', f);

    snprintf(line, sizeof line, "%s   95%% CI [%s, %s]", fmt_pct(b1, sizeof b1, s->availability, dec),
             fmt_pct(b2, sizeof b2, s->ci_lo, dec), fmt_pct(b3, sizeof b3, s->ci_hi, dec));
    row(f, "availability", line);
    snprintf(line, sizeof line, "%.2f", s->nines);
    row(f, "nines", line);
    snprintf(line, sizeof line, "%s mean, %s P95 of years", cli_format_minutes(b1, sizeof b1, s->downtime_min_per_year),
             cli_format_minutes(b2, sizeof b2, s->year_p95));
    row(f, "downtime per year", line);
    snprintf(line, sizeof line, "%.4g (%lld outages observed)", s->outages_per_year, s->outages);
    row(f, "outages per year", line);
    snprintf(line, sizeof line, "%s (longest %s)", cli_format_minutes(b1, sizeof b1, s->mean_outage_min),
             cli_format_minutes(b2, sizeof b2, s->longest_outage_min));
    row(f, "mean outage", line);
    if (r->sla >= 0 && s->sla_breach >= 0) {
        snprintf(line, sizeof line, "%.2f%% of years below %.6g%%", 100 * s->sla_breach,
                 100 * r->sla);
    } else {
        snprintf(line, sizeof line, "n/a (no sla in the design)");
    }
    row(f, "SLA breach chance", line);

    int name_w = 12;
    for (int i = 0; i < r->n_services + r->n_views; i++) {
        const mc_figures *g = i < r->n_services ? &r->services[i] : &r->views[i - r->n_services];
        if ((int)strlen(cli_term(nm, sizeof nm, g->name)) > name_w)
            name_w = (int)strlen(nm);
    }
    if (name_w > 40)
        name_w = 40;
    if (r->n_services + r->n_views > 0) {
        fputc('\n', f);
        fprintf(f, "  %-8s %-*s %14s  %-30s %6s  %12s\n", "", name_w, "name", "availability",
                "95% CI", "nines", "downtime/yr");
        for (int i = 0; i < r->n_services; i++)
            target_row(f, "service", &r->services[i], name_w);
        for (int i = 0; i < r->n_views; i++)
            target_row(f, "view", &r->views[i], name_w);
    }

    fputc('\n', f);
    fprintf(f, "  %lld events in %.2f s\n", r->events, r->seconds);
    if (s->outages < 30) {
        double rate = r->trials > 0 ? (double)s->outages / (double)r->trials : 0;
        if (s->outages > 0)
            fprintf(f, "warning: only %lld system outages observed: the interval is not to be "
                       "trusted; about %.0f trials would see 30\n",
                    s->outages, ceil(30.0 / rate));
        else
            fprintf(f, "warning: no system outage observed: the interval is not to be trusted; "
                       "run more than %lld trials to see 30\n",
                    30 * r->trials);
    }
}

/* ---------- JSON ---------- */

static void json_figures(FILE *f, const mc_figures *g, int full)
{
    fputs("\"availability\": ", f);
    json_num(f, g->availability);
    fputs(", \"ci95\": [", f);
    json_num(f, g->ci_lo);
    fputs(", ", f);
    json_num(f, g->ci_hi);
    fputs("], \"std_error\": ", f);
    json_num(f, g->std_error);
    fputs(", \"nines\": ", f);
    json_num(f, g->nines);
    fputs(", \"downtime_minutes_per_year\": ", f);
    json_num(f, g->downtime_min_per_year);
    fputs(", \"downtime_minutes_per_year_p50\": ", f);
    json_num(f, g->year_p50);
    fputs(", \"downtime_minutes_per_year_p95\": ", f);
    json_num(f, g->year_p95);
    fputs(", \"downtime_minutes_per_year_p99\": ", f);
    json_num(f, g->year_p99);
    fputs(", \"downtime_minutes_per_year_max\": ", f);
    json_num(f, g->year_max);
    fprintf(f, ", \"outages\": %lld, \"outages_per_year\": ", g->outages);
    json_num(f, g->outages_per_year);
    fputs(", \"mean_outage_minutes\": ", f);
    json_num(f, g->mean_outage_min);
    fputs(", \"longest_outage_minutes\": ", f);
    json_num(f, g->longest_outage_min);
    fputs(", \"sla_breach_probability\": ", f);
    if (g->sla_breach >= 0)
        json_num(f, g->sla_breach);
    else
        fputs("null", f);
    if (full)
        fprintf(f, ", \"years\": %lld", g->years);
}

static void json_group(FILE *f, const char *key, const mc_figures *g, int n)
{
    fprintf(f, ",\n \"%s\": {", key);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",\n  " : "\n  ", f);
        cli_json_string(f, g[i].name);
        fputs(": {", f);
        json_figures(f, &g[i], 0);
        fputs("}", f);
    }
    fputs(n ? "\n }" : "}", f);
}

void cli_print_run_json(FILE *f, const mc_result *r)
{
    fputs("{\"name\": ", f);
    cli_json_string(f, r->name);
    fprintf(f, ", \"trials\": %lld, \"trials_requested\": %lld, \"partial\": %s, \"seed\": %llu, "
               "\"threads\": %d, \"mission_hours\": ",
            r->trials, r->trials_requested, r->partial ? "true" : "false",
            (unsigned long long)r->seed, r->threads);
    json_num(f, r->mission_hours);
    fputs(", \"sla\": ", f);
    if (r->sla >= 0)
        json_num(f, r->sla);
    else
        fputs("null", f);
    fputs(",\n ", f);
    json_figures(f, &r->system, 1);
    json_group(f, "services", r->services, r->n_services);
    json_group(f, "views", r->views, r->n_views);
    fputs(",\n \"convergence\": [", f);
    for (int i = 0; i < r->n_conv; i++) {
        fprintf(f, "%s{\"trials\": %lld, \"availability\": ", i ? ", " : "", r->conv[i].trials);
        json_num(f, r->conv[i].availability);
        fputs(", \"ci95\": [", f);
        json_num(f, r->conv[i].ci_lo);
        fputs(", ", f);
        json_num(f, r->conv[i].ci_hi);
        fputs("]}", f);
    }
    fprintf(f, "],\n \"events\": %lld, \"seconds\": ", r->events);
    json_num(f, r->seconds);
    if (r->n_parts > 0)
        fprintf(f, ", \"parts\": %d", r->n_parts);
    fputs(", \"version\": ", f);
    cli_json_string(f, NINES_VERSION);
    fputs("}\n", f);
}
