/* cli/cmd_analyze.c — `nines analyze FILE [--json]`: the analytic steady-state
 * availability of the system, every service and every view (analytic_solve),
 * each marked exact or approximate with its reason. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MINUTES_PER_YEAR 525600.0

/* Digits after the point that show about three significant digits of the
 * unavailability (0.99997079 for 4.5 nines). */
static int avail_decimals(double a)
{
    int d = a < 1 ? (int)ceil(units_nines(a)) + 3 : 12;
    if (d < 6)
        d = 6;
    if (d > 15)
        d = 15;
    return d;
}

/* cap: a service's capacity figures, NULL for the system and views (blank) */
static void table_row(FILE *f, const char *kind, const char *name, int name_w,
                      const analytic_figure *g, const analytic_capacity *cap, int *note)
{
    char a[40], nn[24], dt[40], how[24], fr[24], mo[40], cp[40] = "";
    snprintf(a, sizeof a, "%.*f", avail_decimals(g->availability), g->availability);
    snprintf(nn, sizeof nn, "%.2f", units_nines(g->availability));
    cli_format_minutes_dec(dt, sizeof dt, (1 - g->availability) * MINUTES_PER_YEAR, 2);
    /* outage frequency and mean duration: '-' where the solver gives none */
    if (isfinite(g->outages_per_year))
        snprintf(fr, sizeof fr, "%.4g", g->outages_per_year);
    else
        snprintf(fr, sizeof fr, "-");
    if (isfinite(g->mean_outage_hours))
        cli_format_minutes_dec(mo, sizeof mo, g->mean_outage_hours * 60, 2);
    else
        snprintf(mo, sizeof mo, "-");
    if (cap && isfinite(cap->capacity))
        snprintf(cp, sizeof cp, "%.*f%s", avail_decimals(cap->capacity), cap->capacity,
                 cap->exact ? "" : "~");
    if (g->exact)
        snprintf(how, sizeof how, "exact");
    else
        snprintf(how, sizeof how, "approx [%d]", ++*note);
    fprintf(f, "  %-8s %-*s  %-18s %6s  %12s  %10s  %12s  %-18s  %s\n", kind, name_w, name, a, nn, dt,
            fr, mo, cp, how);
}

/* Below the table: each service's member-hours lost, its blast radius (the
 * sizes with events, "k: rate/yr") and why its capacity is approximate
 * (marked '~' in the table). */
static void print_capacity(FILE *f, const topology *t, const analytic_result *r,
                           const topo_name_group *g, int ng)
{
    fprintf(f, "\n  capacity: mean fraction of members serving; blast radius: events/yr by members "
               "lost at once (sizes rarer than 1e-4/yr not shown)\n");
    for (int gi = 0; gi < (g ? ng : t->n_services); gi++) {
        int s = g ? g[gi].first : gi;
        const analytic_capacity *c = &r->capacity[s];
        if (g && g[gi].count > 1) /* a range's identical services (Y16) */
            fprintf(f, "  %s (%d, each): %.4g member-hours lost/yr", g[gi].text, g[gi].count,
                    c->member_hours_lost_per_year);
        else
            fprintf(f, "  %s: %.4g member-hours lost/yr", t->services[s].name,
                    c->member_hours_lost_per_year);
        if (c->blast) {
            fprintf(f, "; blast radius");
            int any = 0;
            for (int k = 0; k < c->n_blast; k++)
                if (c->blast[k] >= 1e-4) {
                    fprintf(f, "%s %d: %.3g", any ? "," : "", k + 1, c->blast[k]);
                    any = 1;
                }
            fprintf(f, "%s%s", any ? "" : " none", c->blast_exact ? "" : " (approx)");
        }
        fputc('\n', f);
        if (!c->exact && c->reason)
            fprintf(f, "      - capacity approximate: %s\n", c->reason);
        if (c->blast && !c->blast_exact && c->blast_reason)
            fprintf(f, "      - blast radius approximate: %s\n", c->blast_reason);
    }
}

/* Below the capacity lines: each service with data-loss figures, its loss
 * events and seconds of writes lost per year (docs/semantics.md, "Data
 * loss"), exact or why not. */
static void print_loss(FILE *f, const topology *t, const analytic_result *r)
{
    int any = 0;
    for (int s = 0; r->loss && s < t->n_services; s++) {
        const analytic_loss *l = &r->loss[s];
        if (!l->has)
            continue;
        if (!any++)
            fprintf(f, "\n  data loss: loss events/yr and seconds of writes lost/yr "
                       "(docs/semantics.md, \"Data loss\")\n");
        if (isnan(l->events_per_year))
            fprintf(f, "  %s: - (not computed)\n", t->services[s].name);
        else
            fprintf(f, "  %s: %.4g events/yr, %.4g s of writes/yr (%s)\n", t->services[s].name,
                    l->events_per_year, l->seconds_per_year, l->exact ? "exact" : "approx");
        const char *why = l->reason && !l->exact ? l->reason : "";
        for (const char *next; *why; why = next) {
            size_t n = cli_reason_len(why, &next);
            fprintf(f, "      - %.*s\n", (int)n, why);
        }
    }
}

/* One note below the table: a figure approximate through a service it needs
 * points at that service's note; a service's own reasons (joined by "; " in
 * the result) are printed one to a line. */
static void print_note(FILE *f, int note, const char *name, const analytic_figure *g,
                       const topology *t, const int *svc_note)
{
    const char *why = g->reason ? g->reason : "";
    int k = g->through;
    if (k >= 0 && k < t->n_services && svc_note && svc_note[k]) {
        fprintf(f, "  [%d] %s: through '%s' [%d]", note, name, t->services[k].name, svc_note[k]);
        if (g->through_more)
            fprintf(f, " and %d more service%s", g->through_more, g->through_more > 1 ? "s" : "");
        fputc('\n', f);
        return;
    }
    fprintf(f, "  [%d] %s:\n", note, name);
    for (const char *next; *why; why = next) {
        size_t n = cli_reason_len(why, &next);
        fprintf(f, "      - %.*s\n", (int)n, why);
    }
}

/* The repair and ageing assumptions (docs/semantics.md): "repairs
 * unlimited" or the crews that some part uses, and whether failures go on
 * while the system is down. */
static void print_assumptions(FILE *f, const topology *t)
{
    int named = 0;
    for (int c = 0; c < t->n_crews; c++) {
        int used = 0;
        for (int l = 0; l < t->n_laws && !used; l++)
            used = t->laws[l].crew == c && topo_law_parts(t, l) > 0;
        if (!used)
            continue;
        fprintf(f, "%s'%s' (%d at a time)", named ? ", " : "  repairs by crew ", t->crews[c].name,
                t->crews[c].size);
        named++;
    }
    fprintf(f, "%s; %s\n", named ? ", the rest unlimited" : "  repairs unlimited",
            t->frozen_when_down ? "frozen: no part ages or fails while the system is down"
                                : "failures go on while the system is down");
}

/* Two figures the same to the last digits shown (both not finite: same). */
static int same_number(double a, double b)
{
    if (!isfinite(a) || !isfinite(b))
        return !isfinite(a) && !isfinite(b);
    return fabs(a - b) <= 1e-12 * fmax(1, fabs(a));
}

/* cli_same_fn over the solved services (Y16): alike (cli_same_service),
 * every figure exact and the same: one row "vm[1:6] (6, each)". */
static int same_solved(const void *ctx, int a, int b)
{
    const analytic_result *r = ((const void *const *)ctx)[1];
    const analytic_figure *x = &r->services[a], *y = &r->services[b];
    const analytic_capacity *p = &r->capacity[a], *q = &r->capacity[b];
    if (!cli_same_service(((const void *const *)ctx)[0], a, b) || !x->exact || !y->exact ||
        !p->exact || !q->exact || !same_number(x->availability, y->availability) ||
        !same_number(x->availability_unplanned, y->availability_unplanned) ||
        !same_number(x->outages_per_year, y->outages_per_year) ||
        !same_number(x->mean_outage_hours, y->mean_outage_hours) ||
        !same_number(p->capacity, q->capacity) ||
        !same_number(p->member_hours_lost_per_year, q->member_hours_lost_per_year) ||
        !p->blast != !q->blast || p->n_blast != q->n_blast || p->blast_exact != q->blast_exact)
        return 0;
    for (int k = 0; p->blast && k < p->n_blast; k++)
        if (!same_number(p->blast[k], q->blast[k]))
            return 0;
    return 1;
}

static void print_table(FILE *f, const topology *t, const analytic_result *r)
{
    int w = 6;
    /* a range's identical services as one row (Y16; NULL: one by one) */
    const char **names = malloc((size_t)(t->n_services + 1) * sizeof *names);
    const void *ctx[2] = {t, r};
    topo_name_group *g = NULL;
    int ng = 0;
    for (int s = 0; names && s < t->n_services; s++)
        names[s] = t->services[s].name;
    if (!names || cli_group_names(names, t->n_services, same_solved, ctx, &g, &ng))
        g = NULL;
    free(names);
    char (*label)[300] = g ? calloc((size_t)ng + 1, sizeof *label) : NULL;
    for (int gi = 0; label && gi < ng; gi++) {
        if (g[gi].count > 1)
            snprintf(label[gi], sizeof label[gi], "%s (%d, each)", g[gi].text, g[gi].count);
        else
            snprintf(label[gi], sizeof label[gi], "%s", t->services[g[gi].first].name);
        if ((int)strlen(label[gi]) > w)
            w = (int)strlen(label[gi]);
    }
    if (!label) {
        topo_name_groups_free(g, ng);
        g = NULL;
    }
    for (int s = 0; s < t->n_services; s++)
        if ((int)strlen(t->services[s].name) > w)
            w = (int)strlen(t->services[s].name);
    for (int v = 0; v < t->n_views; v++)
        if ((int)strlen(t->views[v].name) > w)
            w = (int)strlen(t->views[v].name);
    fprintf(f, "%s (steady state, analytic)\n", t->name ? t->name : t->path);
    fprintf(f, "  %-8s %-*s  %-18s %6s  %12s  %10s  %12s  %-18s  %s\n", "", w, "name", "availability",
            "nines", "downtime/yr", "outages/yr", "mean outage", "capacity", "method");
    int note = 0;
    table_row(f, "system", "", w, &r->system, NULL, &note);
    for (int gi = 0; gi < (g ? ng : t->n_services); gi++) {
        int s = g ? g[gi].first : gi;
        table_row(f, "service", g ? label[gi] : t->services[s].name, w, &r->services[s],
                  &r->capacity[s], &note);
    }
    for (int v = 0; v < t->n_views; v++)
        table_row(f, "view", t->views[v].name, w, &r->views[v], NULL, &note);
    print_assumptions(f, t);
    print_capacity(f, t, r, g, ng);
    print_loss(f, t, r);
    topo_name_groups_free(g, ng);
    free(label);
    if (!note)
        return;
    fputc('\n', f);
    /* the note number of every approximate service, for "through 'X' [n]" */
    int *svc_note = calloc((size_t)t->n_services + 1, sizeof *svc_note);
    note = !r->system.exact;
    for (int s = 0; s < t->n_services; s++)
        if (!r->services[s].exact && svc_note)
            svc_note[s] = ++note;
    note = 0;
    if (!r->system.exact)
        print_note(f, ++note, "system", &r->system, t, svc_note);
    for (int s = 0; s < t->n_services; s++)
        if (!r->services[s].exact)
            print_note(f, ++note, t->services[s].name, &r->services[s], t, svc_note);
    for (int v = 0; v < t->n_views; v++)
        if (!r->views[v].exact)
            print_note(f, ++note, t->views[v].name, &r->views[v], t, svc_note);
    free(svc_note);
}

/* A figure's keys into o; nonzero when out of memory (jansson's setters
 * fail on a NULL object or value and free what they could not set). */
static int json_figure(json_t *o, const analytic_figure *g)
{
    int err = 0;
    err |= json_object_set_new(o, "availability", cli_json_number(g->availability));
    /* without the planned part of maintenance (docs/semantics.md), exact
       under the same flag */
    err |= json_object_set_new(o, "availability_unplanned",
                               cli_json_number(g->availability_unplanned));
    err |= json_object_set_new(o, "exact", json_boolean(g->exact));
    err |= json_object_set_new(o, "nines", cli_json_number(units_nines(g->availability)));
    err |= json_object_set_new(o, "downtime_minutes_per_year",
                               cli_json_number((1 - g->availability) * MINUTES_PER_YEAR));
    /* null where the solver gives no frequency (docs/analytic.md) */
    err |= json_object_set_new(o, "outages_per_year", cli_json_number(g->outages_per_year));
    err |= json_object_set_new(o, "mean_outage_minutes", cli_json_number(g->mean_outage_hours * 60));
    if (!g->exact)
        err |= json_object_set_new(o, "reason", cli_json_text(g->reason ? g->reason : ""));
    return err;
}

/* A service's capacity keys (DESIGN.md, "Additions to nines/1"):
 * capacity, member_hours_lost_per_year, blast_radius {"k": events per year}
 * (sizes with events only), and capacity_exact with capacity_reason. */
static int json_capacity(json_t *o, const analytic_capacity *c)
{
    int err = 0;
    err |= json_object_set_new(o, "capacity", cli_json_number(c->capacity));
    err |= json_object_set_new(o, "member_hours_lost_per_year",
                               cli_json_number(c->member_hours_lost_per_year));
    err |= json_object_set_new(o, "capacity_exact", json_boolean(c->exact));
    if (!c->exact)
        err |= json_object_set_new(o, "capacity_reason", cli_json_text(c->reason ? c->reason : ""));
    if (c->blast) {
        json_t *b = json_object();
        for (int k = 0; b && k < c->n_blast; k++)
            if (c->blast[k] > 0) {
                char key[16];
                snprintf(key, sizeof key, "%d", k + 1);
                err |= json_object_set_new(b, key, cli_json_number(c->blast[k]));
            }
        err |= json_object_set_new(o, "blast_radius", b);
        err |= json_object_set_new(o, "blast_radius_exact", json_boolean(c->blast_exact));
        if (!c->blast_exact)
            err |= json_object_set_new(o, "blast_radius_reason",
                                       cli_json_text(c->blast_reason ? c->blast_reason : ""));
    }
    return err;
}

/* A service's "data_loss" (the names of run --json's, docs/semantics.md):
 * events_per_year, seconds_per_year (null when not computed), exact, and
 * reason when approximate; nonzero when out of memory. */
static int json_loss(json_t *o, const analytic_loss *l)
{
    json_t *d = json_object();
    int err = !d;
    err |= json_object_set_new(d, "events_per_year", cli_json_number(l->events_per_year));
    err |= json_object_set_new(d, "seconds_per_year", cli_json_number(l->seconds_per_year));
    err |= json_object_set_new(d, "exact", json_boolean(l->exact));
    if (!l->exact)
        err |= json_object_set_new(d, "reason", cli_json_text(l->reason ? l->reason : ""));
    err |= json_object_set_new(o, "data_loss", d);
    return err;
}

static json_t *analysis_json(const topology *t, const analytic_result *r)
{
    json_t *o = json_object(), *services = json_object(), *views = json_object();
    int err = json_object_set_new(o, "name", cli_json_text(t->name ? t->name : ""));
    err |= !o || json_figure(o, &r->system);
    for (int s = 0; s < t->n_services; s++) {
        json_t *one = json_object();
        err |= !one || json_figure(one, &r->services[s]) || json_capacity(one, &r->capacity[s]);
        if (one && r->loss && r->loss[s].has)
            err |= json_loss(one, &r->loss[s]);
        err |= json_object_set_new(services, t->services[s].name, one);
    }
    for (int v = 0; v < t->n_views; v++) {
        json_t *one = json_object();
        err |= !one || json_figure(one, &r->views[v]);
        err |= json_object_set_new(views, t->views[v].name, one);
    }
    err |= json_object_set_new(o, "services", services);
    err |= json_object_set_new(o, "views", views);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int cmd_analyze(int argc, char **argv)
{
    const char *file = NULL;
    int json = 0;
    const cli_opt opts[] = {
        {"json", 0, NULL, cli_set_flag, &json,
         .help = "print one JSON object instead of the table"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "analyze",
        .synopsis = "usage: nines analyze FILE [--json]\n"
                    "\n"
                    "Computes the steady-state availability of the design in FILE without\n"
                    "simulating: the long-run fraction of time the system, each service and\n"
                    "each view is up, with nines and downtime per year. Each part contributes\n"
                    "A = mean up / (mean up + mean down); hosts shared by several services\n"
                    "are conditioned on exactly, never multiplied away. Active-passive\n"
                    "failover, quorum rejoin and bootstrap are solved as Markov chains.\n"
                    "Every figure says whether it is exact; an approximate one says why.\n"
                    "\n",
        .column = 14, .opts = opts, .args_name = "FILE", .args_max = 1, .args = &file};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (!file) {
        cli_error("missing FILE (usage: nines analyze FILE [--json])");
        return EXIT_BADINPUT;
    }
    int status = EXIT_OK;
    topology *t = cli_load(file, NULL, &status);
    if (!t)
        return status;
    analytic_result *r = NULL;
    int rc = analytic_solve(t, &r);
    if (rc) {
        if (rc == TOPO_ETOOBIG)
            cli_error("'%s' is too large for the analytic solver (more than 1 GB for %d services and %d members; "
                      "docs/limits.md): use nines run", file, t->n_services, t->n_members);
        else
            cli_error("out of memory while solving '%s'", file);
        topo_free(t);
        return cli_exit_of_topo(rc);
    }
    int status_out = EXIT_OK;
    if (json)
        status_out = cli_json_print(stdout, analysis_json(t, r));
    else
        print_table(stdout, t, r);
    analytic_result_free(r);
    topo_free(t);
    if (fflush(stdout) != 0) {
        cli_error("cannot write the output");
        return EXIT_RUNTIME;
    }
    return status_out;
}
