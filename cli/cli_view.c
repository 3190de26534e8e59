/* cli/cli_view.c — `--view NAME` (run, show, compare, sweep, sensitivity,
 * report): the named view's figures become the headline. The view is
 * checked against the design before anything runs (an unknown one is an
 * error with its did-you-mean); after the run, its figures and the system's
 * swap places in the result, so every table, JSON document, verdict and
 * ranking that reads the headline reads the view, and the system appears
 * among the views under its own name. The stored run keeps the system as
 * its headline (the swap is done after storing, or on a copy).
 * `sensitivity` and the report's ranking go further: cli_view_as_system
 * makes the view the design's system, so the solver and the engine rank by
 * it.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_view_check(const topology *t, const char *name)
{
    if (!name || !strcmp(name, "system"))
        return EXIT_OK;
    for (int v = 0; v < t->n_views; v++)
        if (!strcmp(t->views[v].name, name))
            return EXIT_OK;
    const char *cands[257];
    int n = 0;
    cands[n++] = "system";
    for (int v = 0; v < t->n_views && n < 257; v++)
        cands[n++] = t->views[v].name;
    const char *best = topo_suggest(name, cands, n);
    char nm[256];
    cli_term(nm, sizeof nm, name);
    if (best)
        cli_error("unknown view '%s' (did you mean '%s'?)", nm, best);
    else if (t->n_views == 0)
        cli_error("unknown view '%s' (the design has no views: only 'system')", nm);
    else {
        char list[512];
        size_t at = 0;
        list[0] = '\0';
        for (int v = 0; v < t->n_views && at < sizeof list - 8; v++)
            at += (size_t)snprintf(list + at, sizeof list - at, ", %s", t->views[v].name);
        if (at >= sizeof list - 8)
            snprintf(list + sizeof list - 8, 8, ", ...");
        cli_error("unknown view '%s' (expected system%s)", nm, list);
    }
    return EXIT_BADINPUT;
}

int cli_view_headline(mc_result *r, const char *name)
{
    if (!r || !name || !strcmp(name, "system"))
        return 0;
    for (int v = 0; v < r->n_views; v++)
        if (r->views[v].name && !strcmp(r->views[v].name, name)) {
            mc_figures tmp = r->system;
            r->system = r->views[v];
            r->views[v] = tmp;
            return 0;
        }
    return -1;
}

void cli_view_restore(mc_result *r)
{
    if (!r || !cli_view_of(r))
        return;
    for (int v = 0; v < r->n_views; v++)
        if (r->views[v].name && !strcmp(r->views[v].name, "system")) {
            mc_figures tmp = r->system;
            r->system = r->views[v];
            r->views[v] = tmp;
            return;
        }
}

int cli_view_target(const topology *t, const char *name)
{
    for (int v = 0; name && v < t->n_views; v++)
        if (!strcmp(t->views[v].name, name))
            return 1 + t->n_services + v;
    return 0;
}

const char *cli_view_of(const mc_result *r)
{
    const char *n = r->system.name;
    return n && strcmp(n, "system") ? n : NULL;
}

int cli_view_as_system(topology *t, const char *name)
{
    int v = cli_view_target(t, name) - 1 - t->n_services;
    if (!name || v < 0)
        return -1;
    topo_view *a = &t->system, *b = &t->views[v];
    int *sv = a->services, n = a->n_services, k = a->need_members;
    double f = a->need_fraction;
    a->services = b->services;
    a->n_services = b->n_services;
    a->need_fraction = b->need_fraction;
    a->need_members = b->need_members;
    b->services = sv;
    b->n_services = n;
    b->need_fraction = f;
    b->need_members = k;
    return 0;
}
