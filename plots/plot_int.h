/* plots/plot_int.h — private to plots/: the script buffer, the escaping of
 * strings and data fields, and running gnuplot (plot_gnuplot.c). */
#ifndef NINES_PLOTS_PLOT_INT_H
#define NINES_PLOTS_PLOT_INT_H

#include <stddef.h>

#include "plot.h"

/* A growing script. After an allocation failure `oom` is set and further
 * appends do nothing; plot_gp_run reports PLOT_ENOMEM. */
typedef struct gp_script {
    char *s;
    size_t len, cap;
    int oom;
    size_t out_at, out_end; /* where plot_gp_begin put the quoted output name, so
                               plot_gp_run can point gnuplot at a temporary file */
} gp_script;

void plot_gp_printf(gp_script *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a single-quoted gnuplot string: ' doubled, control, C1 and
 * bidi formatting characters turned into spaces, bytes that are not UTF-8
 * into '?' (NULL: ''). */
void plot_gp_str(gp_script *g, const char *s);
/* Appends s as one field of a tab-separated inline data block: tabs, newlines
 * and other control, C1 and bidi characters become spaces, bytes that are not
 * UTF-8 '?', '"' becomes '' (so gnuplot never
 * sees a quoted field), an empty or NULL string becomes " ". */
void plot_gp_field(gp_script *g, const char *s);
/* Appends a number as a data field ("NaN" when not finite). */
void plot_gp_num(gp_script *g, double v);

/* Starts a script for `out`: terminal from the extension, output, encoding,
 * palette (Okabe-Ito), fonts, key, grid, tab-separated data, no enhanced text
 * and the title. Returns PLOT_OK or PLOT_EINVALID (unknown extension). */
int plot_gp_begin(gp_script *g, const char *out, const char *title, char *err, size_t errlen);

/* Runs gnuplot on the script, checks its exit status, its stderr and that
 * out was written; frees the script. gnuplot writes a temporary file beside
 * out (.nines-XXXXXX) that is renamed to out once complete and removed
 * otherwise, so out is never half-written. A signal that interrupts the wait
 * (EINTR) kills gnuplot: PLOT_EINTR. */
int plot_gp_run(gp_script *g, const char *out, char *err, size_t errlen);

void plot_gp_free(gp_script *g);

#endif
