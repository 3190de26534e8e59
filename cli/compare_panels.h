/* cli/compare_panels.h — the second and third panels of the flagship
 * comparison (issue 15): downtime per year by cause and writes lost per
 * year, built from runs for `nines compare --chart` and the report's
 * "Designs side by side" (docs/store-and-reports.md, "The comparison's
 * panels"). */
#ifndef NINES_CLI_COMPARE_PANELS_H
#define NINES_CLI_COMPARE_PANELS_H

#include <stddef.h>

#include "../montecarlo/mc.h"
#include "../plots/plot.h"

typedef struct cli_panels {
    plot_causes causes;  /* ready to draw (plot_causes_draw) */
    plot_loss loss;      /* ready to draw (plot_loss_draw) */
    /* owned */
    const char **labels;
    double *minutes, *sec, *lo, *hi;
    const char *names[CAUSE_N]; /* the causes in stacking order */
} cli_panels;

/* Fills p from n runs named labels[i]: rows in the order plot_designs draws
 * them (given order up to PLOT_MAX_UPRIGHT designs; else by nines[i],
 * largest first, ties in the given order). A design's loss is the sum over
 * its services with data-loss figures, with that service's 95% interval
 * when it has exactly one (none otherwise); NAN when none has figures.
 * Causes are stacked in the order of their priority (docs/semantics.md,
 * "Downtime by cause"): common-cause first, maintenance last. Returns 0, or
 * -1 when out of memory (p is then empty). */
int cli_panels_make(cli_panels *p, const char *const *labels, const mc_result *const *res,
                    const double *nines, int n);
void cli_panels_free(cli_panels *p);

/* The file of a panel beside the chart OUT: OUT with "-SUFFIX" before its
 * extension ("report/mysql-ha.svg", "causes" -> "report/mysql-ha-causes.svg").
 * Returns buf, or NULL when it does not fit. */
char *cli_panel_path(char *buf, size_t n, const char *out, const char *suffix);

#endif
