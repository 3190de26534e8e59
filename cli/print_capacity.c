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

static void capacity_row(FILE *f, const char *kind, const mc_figures *g, int name_w)
{
    char nm[256], line[1024], c[48], lo[48], hi[48], ci[112];
    snprintf(c, sizeof c, "%.4f%%", 100 * g->capacity);
    snprintf(lo, sizeof lo, "%.4f%%", 100 * g->capacity_ci_lo);
    snprintf(hi, sizeof hi, "%.4f%%", 100 * g->capacity_ci_hi);
    snprintf(ci, sizeof ci, "[%s, %s]", lo, hi);
    blast_line(line, sizeof line, g);
    fprintf(f, "  %-8s %-*s %5d %10s  %-22s %10.4g  %s\n", kind, name_w, cli_term(nm, sizeof nm, g->name),
            g->members, c, ci, g->member_hours_lost_per_year, line);
}

/* Shown: services of two members or more, and views of a design where some
 * member needs another locally or a view has need. */
void cli_print_capacity(FILE *f, const mc_result *r, int name_w)
{
    int any = 0;
    for (int i = 0; i < r->n_services; i++)
        any |= r->services[i].members > 1;
    if (!any)
        return;
    fputc('\n', f);
    fprintf(f, "  %-8s %-*s %5s %10s  %-22s %10s  %s\n", "capacity", name_w, "name", "mbrs", "serving",
            "95% CI", "mbr-h/yr", "blast radius: events/yr by members lost at once");
    for (int i = 0; i < r->n_services; i++)
        if (r->services[i].members > 1)
            capacity_row(f, "service", &r->services[i], name_w);
    for (int i = 0; i < r->n_views; i++)
        if (r->views[i].members > 1)
            capacity_row(f, "view", &r->views[i], name_w);
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
