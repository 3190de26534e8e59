/* cli/report_compare.c — the report's "Designs side by side" (several runs):
 * a table of every run's nines, its published band and where its interval
 * stands against it, and the writes it loses per year; the chart of nines
 * per design over the bands, then its two panels (issue 15): downtime by
 * cause and writes lost per year (cli/compare_panels.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "compare_panels.h"
#include "report_int.h"

/* The comparison's second and third panels (issue 15), rows in the order
 * of the designs chart. */
static void panels(doc *d, const report_run *runs, const plot_design *bars, int n)
{
    cli_panels p;
    const char **names = calloc((size_t)n, sizeof *names);
    const mc_result **res = calloc((size_t)n, sizeof *res);
    double *nines = calloc((size_t)n, sizeof *nines);
    if (!names || !res || !nines) {
        cli_error("out of memory");
        d->status = EXIT_RUNTIME;
        goto done;
    }
    for (int i = 0; i < n; i++) {
        names[i] = bars[i].label;
        res[i] = runs[i].res;
        nines[i] = bars[i].nines;
    }
    if (cli_panels_make(&p, names, res, nines, n)) {
        cli_error("out of memory");
        d->status = EXIT_RUNTIME;
        goto done;
    }
    chart_args ca = {.kind = CH_CAUSES, .title = p.causes.title, .n = n, .causes = &p.causes};
    report_doc_chart(d, "designs-causes",
                     "Each design's downtime per year split by cause: the share of each cause "
                     "in the bar, the total per year at its right (docs/semantics.md, "
                     "\"Downtime by cause\").", &ca);
    chart_args cl = {.kind = CH_LOSS, .title = p.loss.title, .n = n, .loss = &p.loss};
    report_doc_chart(d, "designs-loss",
                     "Seconds of writes each design loses per year, with the 95% interval; "
                     "0 s: replication that loses nothing; no bar: no replication modelled.",
                     &cl);
    cli_panels_free(&p);
done:
    free(names);
    free(res);
    free(nines);
}

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
        int known;
        double lost = study_loss_seconds(r->services, r->n_services, &known);
        if (known)
            report_lines_addf(&cells, "%.3g s", lost);
        else
            report_lines_addf(&cells, "-");
    }
    static const char *const hdr[] = {"design", "nines", "published", "95% interval is",
                                      "writes lost/yr"};
    report_doc_table(d, hdr, 5, &cells);
    chart_args ca = {.kind = CH_DESIGNS,
                     .title = "Nines per design, with 95% intervals and published bands",
                     .designs = bars, .n = n};
    report_doc_chart(d, "designs", ref ? "Each design's nines (bar, with its 95% interval) over the band "
                              "its reference publishes (grey)."
                            : "Each design's nines (bar, with its 95% interval).",
          &ca);
    if (ref && ref->source) {
        report_doc_paraf(d, "Published figures: %s (table %s).", ref->source, ref->name);
    }
    panels(d, runs, bars, n);
done:
    report_lines_release(&cells);
    ref_table_free(ref);
    free(keys);
    free(bars);
    free(labels);
}
