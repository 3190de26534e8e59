/* cli/compare_panels.c — the flagship comparison's second and third panels
 * (issue 15): what plot_causes_draw and plot_loss_draw need, from runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_panels.h"
#include "../study/study.h"

/* Stacking order (the priority of docs/semantics.md, "Downtime by cause",
 * highest first: unplanned to the left, planned maintenance at the right). */
static const int stack[CAUSE_N] = {
    CAUSE_COMMON_CAUSE, CAUSE_CHANGE,   CAUSE_FAILURE, CAUSE_DETECTION,  CAUSE_CREW_WAIT,
    CAUSE_SPLIT_BRAIN,  CAUSE_FAILOVER, CAUSE_REJOIN,  CAUSE_MAINTENANCE};

/* Okabe-Ito (colour-blind safe) and a grey, by the stacking order; the
 * neighbours differ in lightness too, so the split reads in grey print;
 * a dark colour gets its share written in white. */
static const char *const colour[CAUSE_N] = {"#CC79A7", "#D55E00", "#0072B2", "#56B4E9",
                                            "#999999", "#000000", "#009E73", "#F0E442",
                                            "#E69F00"};
static const int dark[CAUSE_N] = {0, 1, 1, 0, 0, 1, 1, 0, 0};

void cli_panels_free(cli_panels *p)
{
    free(p->labels);
    free(p->minutes);
    free(p->sec);
    free(p->lo);
    free(p->hi);
    memset(p, 0, sizeof *p);
}

int cli_panels_make(cli_panels *p, const char *const *labels, const mc_result *const *res,
                    const double *nines, int n)
{
    memset(p, 0, sizeof *p);
    size_t k = n > 0 ? (size_t)n : 1;
    int *order = malloc(k * sizeof *order);
    p->labels = malloc(k * sizeof *p->labels);
    p->minutes = malloc(k * CAUSE_N * sizeof *p->minutes);
    p->sec = malloc(k * sizeof *p->sec);
    p->lo = malloc(k * sizeof *p->lo);
    p->hi = malloc(k * sizeof *p->hi);
    if (!order || !p->labels || !p->minutes || !p->sec || !p->lo || !p->hi) {
        free(order);
        cli_panels_free(p);
        return -1;
    }
    for (int c = 0; c < CAUSE_N; c++)
        p->names[c] = topo_cause_name(stack[c]);
    for (int i = 0; i < n; i++) { /* plot_designs' order: stable, largest first */
        int j = i;
        while (nines && n > PLOT_MAX_UPRIGHT && j > 0 &&
               (isnan(nines[order[j - 1]]) ? -INFINITY : nines[order[j - 1]]) <
                   (isnan(nines[i]) ? -INFINITY : nines[i])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (int r = 0; r < n; r++) {
        const mc_result *x = res[order[r]];
        p->labels[r] = labels[order[r]];
        for (int c = 0; c < CAUSE_N; c++)
            p->minutes[r * CAUSE_N + c] =
                study_causes_known(&x->system) ? x->system.cause_min_per_year[stack[c]] : 0;
        int known, with = 0, one = -1;
        p->sec[r] = study_loss_seconds(x->services, x->n_services, &known);
        for (int s = 0; s < x->n_services; s++)
            if (x->services[s].has_loss) {
                with++;
                one = s;
            }
        p->lo[r] = p->hi[r] = NAN;
        if (!known)
            p->sec[r] = NAN;
        else if (with == 1) {
            p->lo[r] = x->services[one].loss_seconds_ci_lo;
            p->hi[r] = x->services[one].loss_seconds_ci_hi;
        }
    }
    free(order);
    p->causes = (plot_causes){.title = "Downtime per year by cause", .n = n, .labels = p->labels,
                              .n_causes = CAUSE_N, .cause_names = p->names,
                              .colours = colour, .dark = dark, .minutes = p->minutes};
    p->loss = (plot_loss){.title = "Writes lost per year (seconds of writes, with the 95% interval)",
                          .n = n, .labels = p->labels, .seconds = p->sec, .lo = p->lo,
                          .hi = p->hi};
    return 0;
}

char *cli_panel_path(char *buf, size_t n, const char *out, const char *suffix)
{
    const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
    if (!dot || (slash && dot < slash))
        dot = out + strlen(out);
    int w = snprintf(buf, n, "%.*s-%s%s", (int)(dot - out), out, suffix, dot);
    return w < 0 || (size_t)w >= n ? NULL : buf;
}
