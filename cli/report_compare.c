/* cli/report_compare.c — the report's "Designs side by side" (several runs):
 * a table of every run's nines, its published band and where its interval
 * stands against it, and the chart of nines per design over the bands.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report_int.h"

void report_designs_section(doc *d, report_run *runs, int n)
{
    report_doc_heading(d, 2, "Designs side by side");
    plot_design *bars = calloc((size_t)n, sizeof *bars);
    char (*labels)[1100] = calloc((size_t)n, sizeof *labels);
    ref_table *ref = NULL;
    const char **keys = calloc((size_t)n, sizeof *keys);
    lines cells = {0};
    if (!bars || !labels || !keys) {
        cli_error("out of memory");
        d->status = EXIT_RUNTIME;
        goto done;
    }
    int any_key = 0;
    for (int i = 0; i < n; i++) {
        keys[i] = runs[i].topo ? runs[i].topo->reference : NULL;
        any_key |= keys[i] != NULL;
    }
    if (any_key) {
        char dir[4096], err[1024];
        if (ref_find_dir(dir, sizeof dir, err, sizeof err) == REF_OK)
            (void)ref_pick(dir, keys, n, &ref, err, sizeof err);
    }
    for (int i = 0; i < n; i++) {
        const mc_result *r = runs[i].res;
        double lo = 0, hi = 0;
        if (runs[i].id > 0)
            snprintf(labels[i], sizeof labels[i], "%s (#%lld)", r->name ? r->name : "", runs[i].id);
        else
            snprintf(labels[i], sizeof labels[i], "%s", r->name ? r->name : "");
        bars[i].label = labels[i];
        bars[i].nines = units_nines(r->system.availability);
        bars[i].lo = units_nines(r->system.ci_lo);
        bars[i].hi = units_nines(r->system.ci_hi);
        if (ref && keys[i] && ref_band(ref, keys[i], &lo, &hi) > 0) {
            bars[i].has_band = 1;
            bars[i].band_lo = units_nines(lo);
            bars[i].band_hi = units_nines(hi);
            bars[i].band_label = keys[i];
        }
        char b[64]; /* (the other figures are in the summary table) */
        report_lines_addf(&cells, "%s", labels[i]);
        report_lines_addf(&cells, "%s", cli_format_nines(b, sizeof b, r, &r->system));
        if (bars[i].has_band && lo == hi)
            report_lines_addf(&cells, "%.6g%% (%s)", 100 * lo, keys[i]);
        else if (bars[i].has_band)
            report_lines_addf(&cells, "%.6g%% to %.6g%% (%s)", 100 * lo, 100 * hi, keys[i]);
        else
            report_lines_addf(&cells, "-");
        report_lines_addf(&cells, "%s", study_verdict(&r->system, bars[i].has_band, lo, hi));
    }
    static const char *const hdr[] = {"design", "nines", "published", "95% interval is"};
    report_doc_table(d, hdr, 4, &cells);
    chart_args ca = {CH_DESIGNS, "Nines per design, with 95% intervals and published bands",
                     bars, n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    report_doc_chart(d, "designs", ref ? "Each design's nines (bar, with its 95% interval) over the band "
                              "its reference publishes (grey)."
                            : "Each design's nines (bar, with its 95% interval).",
          &ca);
    if (ref && ref->source) {
        report_doc_paraf(d, "Published figures: %s (table %s).", ref->source, ref->name);
    }
done:
    report_lines_release(&cells);
    ref_table_free(ref);
    free(keys);
    free(bars);
    free(labels);
}
