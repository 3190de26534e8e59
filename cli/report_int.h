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

typedef enum { CH_DESIGNS, CH_HIST, CH_CONV, CH_BARS, CH_DURATIONS,
               CH_TRANSIENT /* issue 14: A(t) and R(t) */,
               CH_CAUSES, CH_LOSS /* the comparison's panels (issue 15) */ } chart_kind;

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
    /* --- issue 14 --- */
    const plot_transient *transient;      /* CH_TRANSIENT */
    /* the comparison's panels (issue 15) */
    const plot_causes *causes;            /* CH_CAUSES */
    const plot_loss *loss;                /* CH_LOSS */
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
/* The same with every column left-aligned (tables of words). */
void report_doc_table_left(doc *d, const char *const *header, int ncol, const lines *cells);
/* A file's text, verbatim, under a caption (plain text): in Markdown a
   fenced block, written byte for byte (no entity, no escape; the fence is
   longer than any run of backticks in the text, and a text without a final
   newline gets one before the closing fence); in HTML a <pre>, escaped for
   HTML. */
void report_doc_verbatim(doc *d, const char *caption, const char *text, size_t len);
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
/* A run with transient figures (issue 14; report_transient.c): R, A and IR
   at each time, the MTTF from new, and the chart of A(t) and R(t) (file
   NAME-transient.svg). Nothing for a run without them. */
void report_transient_section(doc *d, const report_run *rr, const char *name);
/* Everything about one run; index numbers an unstored run's charts; with
   summary set it opens with the run's summary (report_run.c). */
void report_run_section(doc *d, report_run *rr, int index, int summary);

/* ---- the executive summary (report_summary.c) ---- */

/* What the summary of one run needs beyond its figures: the analytic
   steady state and the ranking of the changes that gain most. */
typedef struct report_summary {
    int solved;            /* the analytic solver solved the design */
    double steady;         /* its steady-state system availability */
    int steady_exact;
    int ranked;            /* rows hold the ranking (study_rank_laws) */
    study_law *rows;       /* owned */
    int n_rows;
    double base_nines;     /* the design's nines the gains are counted from */
    long long sim_trials;  /* trials of each simulated change; 0: none simulated */
    char note[2048];       /* why there is no ranking (plain text) */
    /* --view (Y16): the design with the headline view as its system, which
       the rows' names are borrowed from (owned; NULL without a view) */
    topology *view_topo;
} report_summary;

/* A range's services as groups for the report's tables (Y16): alike by
 * cli_same_figures and, with the design at hand (t may be NULL), by
 * cli_same_service. 0 with *g (topo_name_groups_free), -1 when out of
 * memory. */
int report_service_groups(const mc_result *r, const topology *t, topo_name_group **g, int *ng);

/* Solves rr's design and ranks its changes as report_opts says, into
   rr->sum (left NULL when out of memory); a signal sets d->stopped. */
void report_summary_prepare(doc *d, report_run *rr);
/* The summary of one run under a heading of this level: the headline
   figures, the largest causes of downtime, the three changes that gain
   most and the assumptions. */
void report_summary_section(doc *d, const report_run *rr, int level);
/* The summary of several runs: one table comparing them. */
void report_summary_table(doc *d, const report_run *runs, int n);
void report_summary_free(report_summary *s);
/* "Designs side by side" of several runs (report_compare.c). */
void report_designs_section(doc *d, report_run *runs, int n);

/* ---- data loss (report_loss.c, issue 15) ---- */

/* "Data loss" of one run: a line per service with data-loss figures (loss
   events, seconds lost per year, the chance a year loses any write, the
   largest loss, with intervals); nothing when no service has them. */
void report_loss_section(doc *d, const mc_result *r, const topology *t);
/* The same in one sentence per service, for the summary; nothing likewise. */
void report_loss_summary(doc *d, const mc_result *r, const topology *t);

/* Appends one formatted line to l (dropped when out of memory). */
void report_lines_addf(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees l's lines; l is empty and reusable after. */
void report_lines_release(lines *l);

#endif
