/* cli/print_capacity.c — a run's capacity figures (docs/semantics.md,
 * "Capacity figures"): the mean fraction of members serving with its 95%
 * interval, member-hours lost per year and the blast radius, in the run
 * table and in the JSON of DESIGN.md (`capacity`, `capacity_ci95`,
 * `member_hours_lost_per_year`, `blast_radius` {"k": events per year}).
 * Runs stored before nines kept capacity (members 0) show none of it.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The key of blast bin b: "1" .. "64", then ">64". */
static void blast_key(char *buf, size_t n, int b)
{
    if (b < MC_BLAST_MAX)
        snprintf(buf, n, "%d", b + 1);
    else
        snprintf(buf, n, ">%d", MC_BLAST_MAX);
}

int cli_capacity_json(json_t *o, const mc_figures *g)
{
    if (g->members <= 0)
        return 0;
    int err = 0;
    err |= json_object_set_new(o, "members", json_integer(g->members));
    err |= json_object_set_new(o, "capacity", cli_json_number(g->capacity));
    json_t *ci = json_array();
    err |= json_array_append_new(ci, cli_json_number(g->capacity_ci_lo));
    err |= json_array_append_new(ci, cli_json_number(g->capacity_ci_hi));
    err |= json_object_set_new(o, "capacity_ci95", ci);
    err |= json_object_set_new(o, "capacity_std_error", cli_json_number(g->capacity_std_error));
    err |= json_object_set_new(o, "member_hours_lost_per_year",
                               cli_json_number(g->member_hours_lost_per_year));
    json_t *b = json_object();
    for (int k = 0; b && k < MC_BLAST_BINS; k++)
        if (g->blast[k] > 0) {
            char key[16];
            blast_key(key, sizeof key, k);
            err |= json_object_set_new(b, key, cli_json_number(g->blast[k]));
        }
    err |= json_object_set_new(o, "blast_radius", b);
    return err;
}

/* "1: 107.7, 20: 0.066" (at most `shown` sizes, the most frequent first...
 * in order of size), or "none". */
static void blast_line(char *line, size_t n, const mc_figures *g)
{
    size_t at = 0;
    line[0] = '\0';
    for (int k = 0; k < MC_BLAST_BINS && at < n; k++)
        if (g->blast[k] > 0) {
            char key[16];
            blast_key(key, sizeof key, k);
            at += (size_t)snprintf(line + at, n - at, "%s%s: %.3g", at ? ", " : "", key, g->blast[k]);
        }
    if (!at)
        snprintf(line, n, "none");
}

static void capacity_row(FILE *f, const char *kind, const mc_figures *g, int name_w, int ci_w)
{
    char nm[256], line[1024], c[48], lo[48], hi[48], ci[112];
    snprintf(c, sizeof c, "%.4f%%", 100 * g->capacity);
    snprintf(lo, sizeof lo, "%.4f%%", 100 * g->capacity_ci_lo);
    snprintf(hi, sizeof hi, "%.4f%%", 100 * g->capacity_ci_hi);
    snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
    blast_line(line, sizeof line, g);
    fprintf(f, "  %-8s %-*s %5d %10s  %-*s %10.4g  %s\n", kind, name_w, cli_term(nm, sizeof nm, g->name),
            g->members, c, ci_w, ci, g->member_hours_lost_per_year, line);
}

/* A range's alike services as one row (docs/topology-format.md, "Ranges in
 * outputs"): the members of each, the mean over them of the share serving,
 * the member-hours and each size's blast events (per member), and in place
 * of the interval each one's lowest to highest share serving. x: the mean
 * figures; ci: "each LO to HI". */
static void group_capacity(const mc_result *r, const topo_name_group *gr, mc_figures *x, char *ci,
                           size_t n)
{
    const mc_figures *m = &r->services[gr->first];
    double lo = m[0].capacity, hi = m[0].capacity;
    *x = m[0];
    x->capacity = x->member_hours_lost_per_year = 0;
    for (int b = 0; b < MC_BLAST_BINS; b++)
        x->blast[b] = 0;
    for (int k = 0; k < gr->count; k++) {
        x->capacity += m[k].capacity / gr->count;
        x->member_hours_lost_per_year += m[k].member_hours_lost_per_year / gr->count;
        for (int b = 0; b < MC_BLAST_BINS; b++)
            x->blast[b] += m[k].blast[b] / gr->count;
        lo = m[k].capacity < lo ? m[k].capacity : lo;
        hi = m[k].capacity > hi ? m[k].capacity : hi;
    }
    x->name = gr->text;
    snprintf(ci, n, "each %.4f%% to %.4f%%", 100 * lo, 100 * hi);
}

/* Shown: services of two members or more, and views of a design where some
 * member needs another locally or a view has need. g (ng groups of the
 * services, NULL: one by one): a group of more than one a row. */
void cli_print_capacity(FILE *f, const mc_result *r, int name_w, const topo_name_group *g, int ng)
{
    int any = 0, ci_w = 22;
    char ci[112];
    mc_figures x;
    for (int i = 0; i < r->n_services; i++)
        any |= r->services[i].members > 1;
    if (!any)
        return;
    for (int i = 0; g && i < ng; i++) /* the column as wide as its widest "each" */
        if (g[i].count > 1 && r->services[g[i].first].members > 1) {
            group_capacity(r, &g[i], &x, ci, sizeof ci);
            if ((int)strlen(ci) > ci_w)
                ci_w = (int)strlen(ci);
        }
    fputc('\n', f);
    fprintf(f, "  %-8s %-*s %5s %10s  %-*s %10s  %s\n", "capacity", name_w, "name", "mbrs", "serving",
            ci_w, "95% CI", "mbr-h/yr", "blast radius: events/yr by members lost at once");
    for (int i = 0; i < (g ? ng : r->n_services); i++) {
        const mc_figures *s = &r->services[g ? g[i].first : i];
        if (s->members <= 1)
            continue;
        if (g && g[i].count > 1) {
            group_capacity(r, &g[i], &x, ci, sizeof ci);
            char nm[256], line[1024], c[48];
            snprintf(c, sizeof c, "%.4f%%", 100 * x.capacity);
            blast_line(line, sizeof line, &x);
            fprintf(f, "  %-8s %-*s %5d %10s  %-*s %10.4g  %s\n", "service", name_w,
                    cli_term(nm, sizeof nm, x.name), x.members, c, ci_w, ci,
                    x.member_hours_lost_per_year, line);
        } else {
            capacity_row(f, "service", s, name_w, ci_w);
        }
    }
    for (int i = 0; i < r->n_views; i++)
        if (r->views[i].members > 1)
            capacity_row(f, "view", &r->views[i], name_w, ci_w);
}

void cli_print_headline_capacity(FILE *f, const mc_result *r)
{
    const mc_figures *g = &r->system;
    if (!cli_view_of(r) || g->members <= 0)
        return;
    char line[1024];
    fprintf(f, "  %-22s %.4f%% of %d members serving   95%% CI [%.4f%%, %.4f%%]\n", "capacity",
            100 * g->capacity, g->members, 100 * g->capacity_ci_lo, 100 * g->capacity_ci_hi);
    fprintf(f, "  %-22s %.4g\n", "member-hours lost/yr", g->member_hours_lost_per_year);
    blast_line(line, sizeof line, g);
    fprintf(f, "  %-22s %s (events/yr by members lost at once)\n", "blast radius", line);
}
