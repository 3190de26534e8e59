/* cli/print_run.c — how a run is printed: the aligned table people read and
 * the JSON object of DESIGN.md. `nines run`, `nines show` and `nines compare`
 * all print runs through these, so a stored run reads as it was printed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/text.h"
#include "cli.h"

/* ---------- the table ---------- */

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

/* s right-aligned in w terminal columns ("\u2265" is one column). */
static void put_right(FILE *f, const char *s, int w)
{
    fprintf(f, "%*s%s", w > (int)cli_text_cols(s) ? w - (int)cli_text_cols(s) : 0, "", s);
}

static void target_row(FILE *f, const char *kind, const mc_result *r, const mc_figures *g,
                       int name_w)
{
    char a[48], lo[48], hi[48], dt[48], ci[112], ni[32];
    int dec = cli_percent_decimals(g->nines);
    fmt_pct(lo, sizeof lo, g->ci_lo, dec);
    fmt_pct(hi, sizeof hi, g->ci_hi, dec);
    if (g->outages == 0) /* no interval from zero outages: the bound */
        snprintf(ci, sizeof ci, "U < %.2g at 95%%", cli_trust_u_upper(r, g));
    else
        snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
    char nm[256];
    if (g->outages == 0)
        snprintf(a, sizeof a, "no downtime");
    else
        fmt_pct(a, sizeof a, g->availability, dec);
    fprintf(f, "  %-8s %-*s %14s  %-30s ", kind, name_w, cli_term(nm, sizeof nm, g->name), a, ci);
    put_right(f, cli_format_nines(ni, sizeof ni, r, g), 6);
    fprintf(f, "  %12s\n", cli_format_minutes(dt, sizeof dt, g->downtime_min_per_year));
}

/* A range's services with the same figures' structure as one row (Y16;
 * docs/topology-format.md, "Ranges in outputs"): the name "vm[1:6]", the
 * mean of their availabilities and downtimes, and in place of the
 * interval the lowest and highest of them ("each LO to HI"). */
static void group_row(FILE *f, const mc_result *r, const topo_name_group *gr, int name_w)
{
    const mc_figures *m = &r->services[gr->first];
    int n = gr->count;
    mc_figures x = m[0];
    double sum = 0, down = 0, lo = m[0].availability, hi = m[0].availability;
    long long outages = 0;
    for (int k = 0; k < n; k++) {
        sum += m[k].availability;
        down += m[k].downtime_min_per_year;
        outages += m[k].outages;
        lo = fmin(lo, m[k].availability);
        hi = fmax(hi, m[k].availability);
    }
    x.availability = sum / n;
    x.downtime_min_per_year = down / n;
    x.nines = units_nines(x.availability);
    x.outages = outages;
    char a[48], l[48], h[48], dt[48], ci[160], ni[32], nm[256];
    int dec = cli_percent_decimals(x.nines);
    if (m[0].outages == 0) { /* none of them down (the same structure) */
        snprintf(a, sizeof a, "no downtime");
        snprintf(ci, sizeof ci, "each U < %.2g at 95%%", cli_trust_u_upper(r, &m[0]));
    } else {
        fmt_pct(a, sizeof a, x.availability, dec);
        fmt_pct(l, sizeof l, lo, dec);
        fmt_pct(h, sizeof h, hi, dec);
        snprintf(ci, sizeof ci, "each %s to %s", l, h);
    }
    fprintf(f, "  %-8s %-*s %14s  %-30s ", "service", name_w, cli_term(nm, sizeof nm, gr->text),
            a, ci);
    put_right(f, cli_format_nines(ni, sizeof ni, r, &x), 6);
    fprintf(f, "  %12s\n", cli_format_minutes(dt, sizeof dt, x.downtime_min_per_year));
}

/* A share of downtime in percent, with a digit more when it is small. */
static void fmt_share(char *buf, size_t n, double x)
{
    if (100 * x >= 9.95)
        snprintf(buf, n, "%.0f%%", 100 * x);
    else
        snprintf(buf, n, "%.2g%%", 100 * x);
}

/* The system's downtime by cause on one line: the causes with some downtime,
 * largest first (the four largest, then what the rest add up to), and the
 * unplanned availability when some downtime was planned. */
static void causes_line(char *line, size_t n, const mc_figures *s, int dec)
{
    enum { SHOWN = 4 };
    int order[CAUSE_N], k = study_causes_ranked(s, order);
    size_t at = 0;
    char m[48], p[24];
    if (!study_causes_known(s)) {
        snprintf(line, n, "unknown (run stored before nines kept causes)");
        return;
    }
    if (!k) {
        snprintf(line, n, "none");
        return;
    }
    double total = 0, rest = 0;
    for (int c = 0; c < CAUSE_N; c++)
        total += s->cause_min_per_year[c];
    line[0] = '\0';
    for (int i = 0; i < k && at < n; i++) {
        double v = s->cause_min_per_year[order[i]];
        if (i >= SHOWN) {
            rest += v;
            continue;
        }
        fmt_share(p, sizeof p, v / total);
        at += (size_t)snprintf(line + at, n - at, "%s%s %s (%s)", i ? ", " : "",
                               topo_cause_name(order[i]), cli_format_minutes(m, sizeof m, v), p);
    }
    if (k > SHOWN && at < n) {
        fmt_share(p, sizeof p, rest / total);
        at += (size_t)snprintf(line + at, n - at, ", %d more %s (%s)", k - SHOWN,
                               cli_format_minutes(m, sizeof m, rest), p);
    }
    if (s->cause_min_per_year[CAUSE_MAINTENANCE] > 0 && !isnan(s->availability_unplanned) &&
        at < n) {
        fmt_share(p, sizeof p, s->cause_min_per_year[CAUSE_MAINTENANCE] / total);
        snprintf(line + at, n - at, "; %s planned, unplanned availability %.*f%%", p, dec,
                 100 * s->availability_unplanned);
    }
}

/* Data loss: a line per service with data-loss figures (docs/semantics.md,
 * "Data loss"), under the services' table; g (ng groups, as the table's;
 * NULL: one by one): a range's alike services as one line, the mean over
 * them of each figure and in place of the interval each one's lowest to
 * highest seconds of writes per year (docs/topology-format.md, "Ranges in
 * outputs"). */
static void data_loss_rows(FILE *f, const mc_result *r, int name_w, const topo_name_group *g,
                           int ng)
{
    char nm[256], b[48];
    for (int i = 0; i < (g ? ng : r->n_services); i++) {
        int n = g ? g[i].count : 1;
        const mc_figures *m = &r->services[g ? g[i].first : i];
        if (!m->has_loss) /* the same for the whole group (cli_same_figures) */
            continue;
        double lo, hi;
        mc_figures x = cli_loss_group(m, n, &lo, &hi);
        if (n > 1)
            x.name = g[i].text;
        fprintf(f, "  %-8s %-*s ", "loss", name_w, cli_term(nm, sizeof nm, x.name));
        if (x.loss_events_per_year <= 0) {
            fprintf(f, "none (no write lost in %lld trials%s)\n", r->trials,
                    n > 1 ? " by any of them" : "");
            continue;
        }
        if (n > 1)
            fprintf(f, "%.4g events/yr, %.4g s of writes/yr each %.4g to %.4g, %s of years, "
                       "largest %.4g s\n",
                    x.loss_events_per_year, x.loss_seconds_per_year, lo, hi,
                    fmt_pct(b, sizeof b, x.year_with_loss_probability, 2), x.loss_largest_seconds);
        else
            fprintf(f, "%.4g events/yr, %.4g s of writes/yr [%.4g, %.4g], %s of years, largest %.4g s\n",
                    x.loss_events_per_year, x.loss_seconds_per_year, x.loss_seconds_ci_lo,
                    x.loss_seconds_ci_hi, fmt_pct(b, sizeof b, x.year_with_loss_probability, 2),
                    x.loss_largest_seconds);
    }
}

/* cli_same_fn for the run table's groups (Y16): the same figures'
 * structure and, with the design at hand, alike services. */
typedef struct run_alike {
    const mc_result *r;
    const topology *t;
} run_alike;

static int same_row(const void *ctx, int a, int b)
{
    const run_alike *c = ctx;
    return cli_same_figures(c->r->services, a, b) && (!c->t || cli_same_service(c->t, a, b));
}

void cli_print_run(FILE *f, const mc_result *r)
{
    cli_print_run_design(f, r, NULL);
}

void cli_print_run_design(FILE *f, const mc_result *r, const topology *design)
{
    const mc_figures *s = &r->system;
    char b1[64], b2[64], b3[64], line[512];
    int dec = cli_percent_decimals(s->nines);

    char nm[512];
    fprintf(f, "%s\n", r->name ? cli_term(nm, sizeof nm, r->name) : "(unnamed)");
    fprintf(f, "  %lld trials, seed %llu, mission %s\n", r->trials,
            (unsigned long long)r->seed, fmt_mission(b1, sizeof b1, r->mission_hours));
    if (cli_view_of(r)) /* --view (Y16) */
        fprintf(f, "  headline: view %s (the system is listed with the views)\n",
                cli_term(nm, sizeof nm, cli_view_of(r)));
    if (r->partial)
        fprintf(f, "  PARTIAL: interrupted after %lld of %lld trials\n", r->trials,
                r->trials_requested);
    fputc('\n', f);

    cli_trust tr;
    cli_trust_of(r, s, &tr);
    if (tr.outages == 0 && !r->rare) {
        /* never a silent 100%: no interval from zero outages, only a bound */
        snprintf(line, sizeof line, "no downtime seen   95%% bound: unavailability < %.2g "
                 "(one-sided)", tr.u_upper);
        row(f, "availability", line);
        snprintf(line, sizeof line, "\u2265 %.2f (no outage in %lld trials)", tr.nines_lower,
                 r->trials);
        row(f, "nines", line);
    } else {
        snprintf(line, sizeof line, "%s   95%% CI [%s, %s]%s",
                 fmt_pct(b1, sizeof b1, s->availability, dec), fmt_pct(b2, sizeof b2, s->ci_lo, dec),
                 fmt_pct(b3, sizeof b3, s->ci_hi, dec), tr.few ? " (few outages: see below)" : "");
        row(f, "availability", line);
        snprintf(line, sizeof line, "%.2f", s->nines);
        row(f, "nines", line);
    }
    snprintf(line, sizeof line, "%s mean, %s P95 of years", cli_format_minutes(b1, sizeof b1, s->downtime_min_per_year),
             cli_rare_minutes(b2, sizeof b2, s->year_p95));
    row(f, "downtime per year", line);
    snprintf(line, sizeof line, "%.4g (%lld outages observed)", s->outages_per_year, s->outages);
    row(f, "outages per year", line);
    snprintf(line, sizeof line, "%s (longest %s)", cli_format_minutes(b1, sizeof b1, s->mean_outage_min),
             cli_rare_minutes(b2, sizeof b2, s->longest_outage_min));
    row(f, "mean outage", line);
    if (r->sla >= 0 && isnan(s->sla_breach)) {
        snprintf(line, sizeof line, "not estimated under importance sampling");
    } else if (r->sla >= 0 && s->sla_breach >= 0) {
        snprintf(line, sizeof line, "%.2f%% of years below %.6g%%", 100 * s->sla_breach,
                 100 * r->sla);
    } else {
        snprintf(line, sizeof line, "n/a (no sla in the design)");
    }
    row(f, "SLA breach chance", line);
    causes_line(line, sizeof line, s, dec);
    row(f, "downtime by cause", line);
    cli_print_headline_capacity(f, r); /* capacity (Y16) */

    int name_w = 12;
    /* a range's services with the same figures' structure as one row (Y16;
       g NULL: one by one) */
    const char **gn = malloc((size_t)(r->n_services + 1) * sizeof *gn);
    topo_name_group *g = NULL;
    int ng = 0;
    for (int i = 0; gn && i < r->n_services; i++)
        gn[i] = r->services[i].name ? r->services[i].name : "";
    run_alike alike = {r, design && design->n_services == r->n_services ? design : NULL};
    if (!gn || cli_group_names(gn, r->n_services, same_row, &alike, &g, &ng))
        g = NULL;
    free(gn);
    for (int i = 0; g && i < ng; i++)
        if (g[i].count > 1 && (int)strlen(cli_term(nm, sizeof nm, g[i].text)) > name_w)
            name_w = (int)strlen(nm);
    for (int i = 0; i < r->n_services + r->n_views; i++) {
        const mc_figures *t = i < r->n_services ? &r->services[i] : &r->views[i - r->n_services];
        if ((int)strlen(cli_term(nm, sizeof nm, t->name)) > name_w)
            name_w = (int)strlen(nm);
    }
    if (name_w > 40)
        name_w = 40;
    if (r->n_services + r->n_views > 0) {
        fputc('\n', f);
        fprintf(f, "  %-8s %-*s %14s  %-30s %6s  %12s\n", "", name_w, "name", "availability",
                "95% CI", "nines", "downtime/yr");
        for (int i = 0; i < (g ? ng : r->n_services); i++) {
            if (g && g[i].count > 1)
                group_row(f, r, &g[i], name_w);
            else
                target_row(f, "service", r, &r->services[g ? g[i].first : i], name_w);
        }
        for (int i = 0; i < r->n_views; i++)
            target_row(f, "view", r, &r->views[i], name_w);
        data_loss_rows(f, r, name_w, g, ng);
    }
    cli_print_capacity(f, r, name_w, g, ng); /* capacity (Y16) */
    topo_name_groups_free(g, ng);

    cli_print_run_z14(f, r);
    cli_rare_print(f, r); /* rare events (issue 18) */
    fputc('\n', f);
    fprintf(f, "  %lld events in %.2f s\n", r->events, r->seconds);
    if (tr.few) {
        char w[512];
        fprintf(f, "warning: %s\n", cli_trust_warning(w, sizeof w, r, s));
    }
}

/* ---------- JSON ---------- */

/* {"failure": m, ..., "split-brain": m}: minutes per year of every cause, in
 * topo_cause order; NULL when out of memory. */
static json_t *json_causes(const mc_figures *g)
{
    json_t *o = json_object();
    int err = !o;
    for (int c = 0; c < CAUSE_N && !err; c++)
        err |= json_object_set_new(o, topo_cause_name(c), cli_json_number(g->cause_min_per_year[c]));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* [lo, hi] as a JSON array (NULL when out of memory). */
static json_t *json_ci(double lo, double hi)
{
    json_t *a = json_array();
    if (json_array_append_new(a, cli_json_number(lo)) || json_array_append_new(a, cli_json_number(hi))) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* "data_loss" of a service with data-loss figures (DESIGN.md): each
 * estimate with its "<name>_ci95"; NULL when out of memory. */
static json_t *json_data_loss(const mc_figures *g)
{
    json_t *o = json_object();
    int err = !o;
    err |= json_object_set_new(o, "events_per_year", cli_json_number(g->loss_events_per_year));
    err |= json_object_set_new(o, "events_per_year_ci95",
                               json_ci(g->loss_events_ci_lo, g->loss_events_ci_hi));
    err |= json_object_set_new(o, "seconds_per_year", cli_json_number(g->loss_seconds_per_year));
    err |= json_object_set_new(o, "seconds_per_year_ci95",
                               json_ci(g->loss_seconds_ci_lo, g->loss_seconds_ci_hi));
    err |= json_object_set_new(o, "year_with_loss_probability",
                               cli_json_number(g->year_with_loss_probability));
    err |= json_object_set_new(o, "year_with_loss_probability_ci95",
                               json_ci(g->year_loss_ci_lo, g->year_loss_ci_hi));
    err |= json_object_set_new(o, "largest_seconds", cli_json_number(g->loss_largest_seconds));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The figures of one target into o; returns nonzero when out of memory
 * (jansson's setters free the value they could not set, and fail on a NULL
 * object or value, so one check at the end covers every step). */
static int json_figures(json_t *o, const mc_result *r, const mc_figures *g, int full)
{
    int err = 0;
    err |= json_object_set_new(o, "availability", cli_json_number(g->availability));
    json_t *ci = json_array();
    err |= json_array_append_new(ci, cli_json_number(g->ci_lo));
    err |= json_array_append_new(ci, cli_json_number(g->ci_hi));
    err |= json_object_set_new(o, "ci95", ci);
    /* the split by cause is unknown (NaN) for runs stored before nines kept
       it: those keys are left out rather than guessed */
    if (!isnan(g->availability_unplanned)) {
        err |= json_object_set_new(o, "availability_unplanned",
                                   cli_json_number(g->availability_unplanned));
        json_t *uci = json_array();
        err |= json_array_append_new(uci, cli_json_number(g->unplanned_ci_lo));
        err |= json_array_append_new(uci, cli_json_number(g->unplanned_ci_hi));
        err |= json_object_set_new(o, "availability_unplanned_ci95", uci);
    }
    err |= json_object_set_new(o, "std_error", cli_json_number(g->std_error));
    err |= json_object_set_new(o, "nines", cli_json_number(g->nines));
    err |= cli_trust_json(o, r, g);
    err |= json_object_set_new(o, "downtime_minutes_per_year",
                               cli_json_number(g->downtime_min_per_year));
    err |= json_object_set_new(o, "downtime_minutes_per_year_p50", cli_json_number(g->year_p50));
    err |= json_object_set_new(o, "downtime_minutes_per_year_p95", cli_json_number(g->year_p95));
    err |= json_object_set_new(o, "downtime_minutes_per_year_p99", cli_json_number(g->year_p99));
    err |= json_object_set_new(o, "downtime_minutes_per_year_max", cli_json_number(g->year_max));
    err |= json_object_set_new(o, "outages", json_integer(g->outages));
    err |= json_object_set_new(o, "outages_per_year", cli_json_number(g->outages_per_year));
    err |= json_object_set_new(o, "mean_outage_minutes", cli_json_number(g->mean_outage_min));
    err |= json_object_set_new(o, "longest_outage_minutes",
                               cli_json_number(g->longest_outage_min));
    if (study_causes_known(g))
        err |= json_object_set_new(o, "downtime_by_cause", json_causes(g));
    err |= json_object_set_new(o, "sla_breach_probability",
                               g->sla_breach >= 0 ? cli_json_number(g->sla_breach) : json_null());
    if (full)
        err |= json_object_set_new(o, "years", json_integer(g->years));
    if (g->has_loss)
        err |= json_object_set_new(o, "data_loss", json_data_loss(g));
    err |= cli_capacity_json(o, g); /* capacity (Y16) */
    return err;
}

/* {"<name>": {figures}, ...} of n targets; NULL when out of memory. */
static json_t *json_group(const mc_result *r, const mc_figures *g, int n)
{
    json_t *group = json_object();
    int err = !group;
    for (int i = 0; i < n && !err; i++) {
        json_t *one = json_object();
        err |= !one || json_figures(one, r, &g[i], 0);
        err |= cli_json_set(group, g[i].name, one);
    }
    if (err) {
        json_decref(group);
        return NULL;
    }
    return group;
}

json_t *cli_run_json(const mc_result *r)
{
    json_t *o = json_object();
    int err = !o;
    err |= json_object_set_new(o, "name", cli_json_text(r->name));
    err |= json_object_set_new(o, "trials", json_integer(r->trials));
    err |= json_object_set_new(o, "trials_requested", json_integer(r->trials_requested));
    err |= json_object_set_new(o, "partial", json_boolean(r->partial));
    err |= json_object_set_new(o, "seed", json_integer((json_int_t)r->seed));
    err |= json_object_set_new(o, "threads", json_integer(r->threads));
    err |= json_object_set_new(o, "mission_hours", cli_json_number(r->mission_hours));
    err |= json_object_set_new(o, "sla", r->sla >= 0 ? cli_json_number(r->sla) : json_null());
    if (cli_view_of(r)) /* --view (Y16): the headline's figures are this view's */
        err |= json_object_set_new(o, "headline", cli_json_text(cli_view_of(r)));
    err |= !o || json_figures(o, r, &r->system, 1);
    err |= json_object_set_new(o, "services", json_group(r, r->services, r->n_services));
    err |= json_object_set_new(o, "views", json_group(r, r->views, r->n_views));
    err |= cli_run_json_z14(o, r);
    err |= cli_rare_json(o, r); /* rare events (issue 18) */
    err |= cli_exp_json(o, r);  /* the exponential sampler (issue 18) */
    json_t *conv = json_array();
    for (int i = 0; i < r->n_conv; i++) {
        json_t *c = json_object(), *ci = json_array();
        err |= json_object_set_new(c, "trials", json_integer(r->conv[i].trials));
        err |= json_object_set_new(c, "availability", cli_json_number(r->conv[i].availability));
        err |= json_array_append_new(ci, cli_json_number(r->conv[i].ci_lo));
        err |= json_array_append_new(ci, cli_json_number(r->conv[i].ci_hi));
        err |= json_object_set_new(c, "ci95", ci);
        err |= json_array_append_new(conv, c);
    }
    err |= json_object_set_new(o, "convergence", conv);
    err |= json_object_set_new(o, "events", json_integer(r->events));
    err |= json_object_set_new(o, "seconds", cli_json_number(r->seconds));
    if (r->n_parts > 0)
        err |= json_object_set_new(o, "parts", json_integer(r->n_parts));
    err |= json_object_set_new(o, "version", cli_json_text(NINES_VERSION));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int cli_print_run_json(FILE *f, const mc_result *r)
{
    return cli_json_print(f, cli_run_json(r));
}
