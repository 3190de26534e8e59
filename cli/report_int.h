/* cli/report_int.h — private to the report (report_doc.c, report_out.c):
 * the two documents written side by side and the blocks they are made of.
 * Every block is given as plain text and written twice, escaped for
 * Markdown into report.md and for HTML into report.html (report_out.c), so
 * report_doc.c, which decides the content, never escapes anything itself.
 */
#ifndef NINES_CLI_REPORT_INT_H
#define NINES_CLI_REPORT_INT_H

#include <stdio.h>

#include "../plots/plot.h"
#include "report.h"

typedef struct doc {
    FILE *md, *html;
    const report_opts *o;
    int status;            /* EXIT_OK, or EXIT_RUNTIME once a chart failed */
    int gnuplot_missing;   /* reported once */
    int stopped;           /* a signal came: draw nothing more */
} doc;

/* A growing list of plain-text lines. */
typedef struct lines {
    char **v;
    int n, cap;
} lines;

typedef enum { CH_DESIGNS, CH_HIST, CH_CONV, CH_BARS } chart_kind;

typedef struct chart_args {
    chart_kind kind;
    const char *title;
    const plot_design *designs;
    int n;
    const plot_hist *hist;
    const long long *trials;
    const double *y, *lo, *hi;
    const char *const *labels;
} chart_args;

/* Blocks of both documents; text is plain (escaped here). */
void doc_heading(doc *d, int level, const char *text);
void doc_para(doc *d, const char *text);
void doc_paraf(doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A bulleted list of l's lines. */
void doc_list(doc *d, const lines *l);
/* A table: cells holds rows * ncol strings, row by row, after the header;
   the first column left-aligned, the others right-aligned. */
void doc_table(doc *d, const char *const *header, int ncol, const lines *cells);
/* The topology's text, verbatim: an indented block in Markdown, <pre> in
   HTML (under a summary line). */
void doc_code(doc *d, const char *summary, const char *text);
/* Draws one chart as DIR/NAME.svg (and NAME.png with --png) and places it in
   both documents; a failure is printed once and noted in the documents
   (d->status becomes EXIT_RUNTIME). */
void doc_chart(doc *d, const char *name, const char *caption, const chart_args *a);

/* Appends one formatted line to l (dropped when out of memory). */
void lines_addf(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees l's lines; l is empty and reusable after. */
void lines_release(lines *l);

#endif
