/* cli/report_int.h — private to the report (report_*.c): the two documents
 * written side by side, the blocks they are made of, and the sections.
 * Every block is given as plain text and written twice, escaped for
 * Markdown into report.md and for HTML into report.html (report_out.c), so
 * the sections, which decide the content, never escape anything themselves.
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
    int dot_missing;       /* reported once */
    int stopped;           /* a signal came: draw nothing more */
} doc;

/* A growing list of plain-text lines. */
typedef struct lines {
    char **v;
    int n, cap;
} lines;

typedef enum { CH_DESIGNS, CH_HIST, CH_CONV, CH_BARS, CH_DURATIONS } chart_kind;

typedef struct chart_args {
    chart_kind kind;
    const char *title;
    const plot_design *designs;
    int n;
    const plot_hist *hist;
    const long long *trials;
    const double *y, *lo, *hi;
    const char *const *labels;            /* CH_BARS: downtime per year in minutes */
    const plot_durations *durations;      /* CH_DURATIONS */
} chart_args;

/* Blocks of both documents; text is plain (escaped here). */
void report_doc_heading(doc *d, int level, const char *text);
void report_doc_para(doc *d, const char *text);
void report_doc_paraf(doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A bulleted list of l's lines. */
void report_doc_list(doc *d, const lines *l);
/* A table: cells holds rows * ncol strings, row by row, after the header;
   the first column left-aligned, the others right-aligned. */
void report_doc_table(doc *d, const char *const *header, int ncol, const lines *cells);
/* The topology's text, verbatim: an indented block in Markdown, <pre> in
   HTML (under a summary line). */
void report_doc_code(doc *d, const char *summary, const char *text);
/* Draws one chart as DIR/NAME.svg (and NAME.png with --png) and places it in
   both documents; a failure is printed once and noted in the documents
   (d->status becomes EXIT_RUNTIME). */
void report_doc_chart(doc *d, const char *name, const char *caption, const chart_args *a);
/* Draws the topology's diagram (cli_diagram_draw) as DIR/NAME.svg (and
   NAME.png with --png) and places it in both documents. Without dot, or
   for a design too large to draw, the documents say so in its place and the
   report still succeeds (a warning on stderr, once); a dot that fails is a
   chart that failed (d->status becomes EXIT_RUNTIME). */
void report_doc_diagram(doc *d, const char *name, const topology *t);

/* ---- figures as the report writes them (report_fmt.c) ---- */

/* Minutes for people (cli_format_minutes); "-" when m is NAN (the figure
   does not exist). Returns buf. */
const char *report_minutes(char *buf, size_t n, double m);
/* A duration in hours as units_format_duration writes it. Returns buf. */
const char *report_duration(char *buf, size_t n, double hours);

/* ---- the sections ---- */

/* The design in words, one line per host, service, the system and each
   view, appended to l (report_describe.c). */
void report_describe_design(const topology *t, lines *l);
/* "Against the analytic solver" of one run (report_check.c). */
void report_check_section(doc *d, const report_run *rr);
/* Everything about one run; index numbers an unstored run's charts
   (report_run.c). */
void report_run_section(doc *d, report_run *rr, int index);
/* "Designs side by side" of several runs (report_compare.c). */
void report_designs_section(doc *d, report_run *runs, int n);

/* Appends one formatted line to l (dropped when out of memory). */
void report_lines_addf(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees l's lines; l is empty and reusable after. */
void report_lines_release(lines *l);

#endif
