/* plots/plot.h — the public header of plots/: charts drawn by gnuplot, and
 * plain graphs (a topology's diagram) drawn by Graphviz's dot (section (f)).
 *
 * Each plot_* function writes a gnuplot script with its data inline
 * ("$data << EOD") to a `gnuplot` child through a pipe, and gnuplot writes the
 * chart to `out`. The terminal follows out's extension: .svg (svg), .png
 * (pngcairo), .pdf (pdfcairo); the size suits a slide (1280x720 pixels, or
 * 13.33x7.5 inches for PDF; a horizontal chart of many rows grows taller).
 * Colours are the Okabe-Ito colour-blind-safe palette. Fitting a slide
 * (plot_axes.c): the legend sits below the chart, outside the data; long
 * titles and names are wrapped onto several lines, never cut; durations are
 * drawn in the unit their size calls for (s, min, h, d); an axis of nines
 * has the downtime per year it means beside it; more than
 * PLOT_MAX_UPRIGHT bars become a horizontal chart sorted largest first.
 *
 * Safety: every string (titles, labels, keys, file names) reaches gnuplot
 * either as a single-quoted gnuplot string ('' doubling; gnuplot expands
 * neither backticks, @macros nor backslashes there) or as a field of the inline
 * data block; control characters (newlines, tabs, ...) become spaces. So no
 * name in a topology can run a command or break the script.
 *
 * plots/ depends on no other module of nines but model/text.h (which
 * characters may be shown): callers pass plain arrays.
 * Nothing here prints or exits. Every function returns PLOT_OK or a negative
 * PLOT_E* code and writes one message into err (lowercase, no full stop).
 * All pointers are borrowed for the call only. Functions are thread-safe, but
 * each call starts a gnuplot process.
 *
 * Global state: one, on purpose. The temporary files and gnuplot children of
 * the drawings in progress are listed in a process-wide table (plot_temp.c,
 * 16 fixed slots, lock-free, no allocation), because a signal handler gets no
 * argument: plot_abandon() can only find what to remove and kill through it.
 * Nothing else in plots/ is global; a drawing's own state lives in its call.
 *
 * Signals: gnuplot draws into a temporary file beside the output (.nines-
 * followed by six characters), renamed to the output once complete, so a
 * chart is never half-written. If a signal whose handler was installed
 * without SA_RESTART (as nines installs its SIGINT/SIGTERM/SIGHUP handler)
 * interrupts the call while it writes to or waits for gnuplot, gnuplot is
 * killed and waited for, the temporary file removed, and the call returns
 * PLOT_EINTR. No gnuplot outlives the call. A process that must exit at
 * once instead (a second signal) calls plot_abandon() from its handler.
 *
 * dot (section (f)) is run the same way: a temporary file renamed once
 * complete, killed on a signal (PLOT_EINTR).
 *
 * When gnuplot is not on PATH (PLOT_ENOGNUPLOT), the script with its data is
 * written to OUT.gp beside the requested output (so `gnuplot OUT.gp` draws the
 * chart later) and err names the package to install (gnuplot-nox).
 */
#ifndef NINES_PLOTS_PLOT_H
#define NINES_PLOTS_PLOT_H

#include <stddef.h>
#include <sys/types.h>

enum {
    PLOT_OK = 0,
    PLOT_ENOMEM = -1,      /* out of memory */
    PLOT_EINVALID = -2,    /* bad arguments: unknown extension, n < 1, NULL data */
    PLOT_ENOGNUPLOT = -3,  /* gnuplot is not on PATH: OUT.gp was written */
    PLOT_EGNUPLOT = -4,    /* gnuplot failed: err holds its first stderr line */
    PLOT_EIO = -5,         /* a pipe, process or file could not be made */
    PLOT_EINTR = -6,       /* a caught signal interrupted the drawing: gnuplot
                              was killed and waited for, nothing was written */
    PLOT_ENODOT = -7,      /* dot (Graphviz) is not on PATH: nothing was written */
    PLOT_EDOT = -8         /* dot failed: err holds its first stderr line */
};

/* More bars than this are drawn as horizontal bars sorted by value, largest
 * on top (plot_designs, plot_bars, plot_downtime_bars). */
#define PLOT_MAX_UPRIGHT 8

/* ---- (a) designs side by side: the flagship chart ---- */

/* One design: a bar of its nines with the 95% interval as an error bar, over
 * the shaded band its reference publishes (if has_band). All in nines
 * (-log10(1 - availability)), computed by the caller (cli/ uses units_nines of
 * model/: plots depends on no other module). */
typedef struct plot_design {
    const char *label;          /* the design's name (x tick) */
    double nines;               /* the estimate */
    double lo, hi;              /* the 95% interval, in nines */
    int has_band;               /* 1: draw the reference band below */
    double band_lo, band_hi;    /* the published band, in nines (lo may == hi) */
    const char *band_label;     /* e.g. "Heartbeat/DRBD"; may be NULL; kept in the
                                   script's data (the key says "published band") */
} plot_design;

int plot_designs(const char *out, const char *title, const plot_design *d, int n,
                 char *err, size_t errlen);

/* ---- (a2) the flagship's second and third panels (plot_compare.c, issue 15) ----
 *
 * Horizontal rows, one per design, drawn top to bottom in the order given
 * (the caller lines them up with plot_designs' rows). */

#define PLOT_CAUSES_MAX 16

/* Downtime per year split by cause: one stacked bar per design, each
 * segment a cause's share of that design's downtime (the bars are all
 * 100% long: the totals of a comparison span from seconds to days, which a
 * common linear axis would hide and a logarithmic one would distort), the
 * total per year written at the right of each bar, each segment's share
 * written in it when it is 8% or more. Only causes with downtime in some
 * design are drawn and listed in the key, in the order given (the stacking
 * order, left to right). */
typedef struct plot_causes {
    const char *title;
    int n;                          /* designs */
    const char *const *labels;      /* n names */
    int n_causes;                   /* <= PLOT_CAUSES_MAX */
    const char *const *cause_names; /* n_causes key entries */
    const char *const *colours;     /* n_causes '#rrggbb' (NULL or a NULL entry: grey) */
    const int *dark;                /* n_causes: 1 when the share inside is written white; may be NULL */
    const double *minutes;          /* n x n_causes: minutes per year, row by row */
} plot_causes;

int plot_causes_draw(const char *out, const plot_causes *c, char *err, size_t errlen);

/* Writes lost per year: one bar per design, seconds[i] with its 95% interval
 * (lo and hi NULL, or a NaN entry: none). A design that loses nothing has a
 * bar of 0 written "0 s: loses nothing"; seconds[i] NaN means no
 * replication is modelled: no bar, written "no replication modelled". The
 * axis is in seconds, minutes or hours by the largest value. */
typedef struct plot_loss {
    const char *title;
    int n;
    const char *const *labels;
    const double *seconds;
    const double *lo, *hi;
} plot_loss;

int plot_loss_draw(const char *out, const plot_loss *c, char *err, size_t errlen);

/* ---- (b) distribution of yearly downtime ---- */

/* A histogram of simulated calendar years by downtime: n bins, bin i holds
 * years[i] years with downtime in [edge[i], edge[i+1]) minutes (edge has n+1
 * increasing entries, all > 0: the x axis is logarithmic). Years with no
 * downtime at all cannot sit on a log axis: pass their count in zero_years
 * (shown in the key). If sla_minutes > 0 a vertical line marks the yearly
 * downtime budget of the SLA (labelled sla_label, may be NULL). */
typedef struct plot_hist {
    const char *title;
    int n;
    const double *edge;         /* n + 1 edges, minutes */
    const double *years;        /* n counts */
    double zero_years;
    double sla_minutes;         /* <= 0: no line */
    const char *sla_label;
    double mean_minutes;        /* > 0: a line at the mean downtime per year */
    double p95_minutes;         /* > 0: a line at the P95 year */
} plot_hist;

int plot_downtime_hist(const char *out, const plot_hist *h, char *err, size_t errlen);

/* ---- (c) lines with an interval band: convergence, sweeps ---- */

/* One series: y against x with an optional band [lo, hi] (lo and hi both NULL:
 * no band). Points with a NaN y are skipped. */
typedef struct plot_series {
    const char *label;          /* key entry; may be NULL */
    int n;
    const double *x, *y, *lo, *hi;
} plot_series;

typedef struct plot_lines {
    const char *title, *x_label, *y_label;
    int x_log;                  /* 1: logarithmic x axis (x > 0) */
    const char *const *x_ticks; /* NULL, or series[0].n tick labels placed at
                                   series[0].x (for non-numeric sweeps) */
    const plot_series *series;
    int n_series;
    const char *hline_label;    /* non-NULL: a dashed horizontal line at hline_y */
    double hline_y;
    int y_nines;                /* 1: y is in nines: a downtime-per-year axis beside it */
    int x_minutes;              /* 1: x values are durations in minutes: tics in s, min, h, d */
} plot_lines;

int plot_lines_draw(const char *out, const plot_lines *c, char *err, size_t errlen);

/* Convergence of a run: the running availability estimate and its 95%
 * interval against trials done (log x), n points. */
int plot_convergence(const char *out, const char *title, const long long *trials,
                     const double *availability, const double *lo, const double *hi,
                     int n, char *err, size_t errlen);

/* ---- (d) bars: downtime by service ---- */

/* One bar per label (values[i], e.g. downtime minutes per year), with an
 * optional interval (lo and hi both NULL: none). */
int plot_bars(const char *out, const char *title, const char *y_label,
              const char *const *labels, const double *values, const double *lo,
              const double *hi, int n, char *err, size_t errlen);

/* Downtime per year, one bar per label: minutes[i] with an optional interval
 * (lo and hi both NULL: none), all in minutes; the axis is drawn in seconds,
 * minutes, hours or days by the largest value. */
int plot_downtime_bars(const char *out, const char *title, const char *const *labels,
                       const double *minutes, const double *lo, const double *hi, int n,
                       char *err, size_t errlen);

/* ---- (f) how long outages last ---- */

/* One horizontal row per label: a bar to the mean length of its outages and
 * a mark at the longest, in minutes, on a logarithmic axis labelled in s,
 * min, h, d; rows sorted by mean, longest on top. A row with no outage (mean
 * NaN or <= 0) is drawn empty and says so. */
typedef struct plot_durations {
    const char *title;
    int n;
    const char *const *labels;
    const double *mean;         /* minutes */
    const double *longest;      /* minutes */
} plot_durations;

int plot_durations_draw(const char *out, const plot_durations *c, char *err, size_t errlen);

/* ---- (e) tornado: what to improve first (plot_tornado.c) ---- */

/* One row of a tornado chart: two horizontal bars around a vertical line at
 * `base`, the first from lo[0] to hi[0], the second from lo[1] to hi[1] (a
 * NaN end: that bar is not drawn). Rows are drawn top to bottom in the order
 * given (pass the most important first). */
typedef struct plot_tornado_row {
    const char *label;          /* y tick */
    double lo[2], hi[2];
} plot_tornado_row;

typedef struct plot_tornado {
    const char *title, *x_label;
    const char *bar_label[2];   /* key entries of the two bars */
    double base;                /* the vertical line */
    const char *base_label;     /* its key entry; may be NULL */
    const plot_tornado_row *rows;
    int n;
} plot_tornado;

int plot_tornado_draw(const char *out, const plot_tornado *c, char *err, size_t errlen);

/* ---- (f) a graph drawn by Graphviz: the topology diagram (plot_graph.c) ----
 *
 * A plain description: nodes (a label, a look, the cluster they sit in),
 * labelled clusters, edges with a look, and a legend. plot_graph_draw writes
 * it as a dot script to a `dot` child through a pipe (dot -Tsvg or -Tpng by
 * out's extension; .dot writes the script itself, for people who want to
 * restyle it), with the same temporary file, stderr capture and signal
 * handling as gnuplot (plot_child_draw in plot_int.h): out is never
 * half-written, PLOT_EINTR kills dot.
 *
 * Safety: node, cluster and graph identifiers are ours (n0, cluster_0, ...);
 * text reaches dot only inside double-quoted labels, where '"' and '\' are
 * escaped (no \N, \G or \L expansion, no end of string), '&' is written as
 * &amp; (dot would read an entity), control, C1 and bidi characters become
 * spaces, bytes that are not UTF-8 '?', and '\n' a line break. No shape is a
 * record and only the legend is an HTML-like label (its texts escaped as
 * HTML: &amp; &lt; &gt; &quot;), so '<', '>', '{', '}' and '|' in a name are
 * plain characters. Attributes are fixed per look, never built from text. */

typedef enum plot_node_look {
    PLOT_NODE_BOX,      /* a white rectangle (a host) */
    PLOT_NODE_ROUND,    /* a small pale blue rounded box (a member) */
    PLOT_NODE_ALERT,    /* a vermillion octagon (a common cause) */
    PLOT_NODE_NOTE      /* a pale yellow note (planned work) */
} plot_node_look;

typedef enum plot_edge_look {
    PLOT_EDGE_THIN,     /* thin, grey, solid ("runs on") */
    PLOT_EDGE_SOLID,    /* black, solid ("needs") */
    PLOT_EDGE_BOLD,     /* thick, blue, solid (between clusters) */
    PLOT_EDGE_DASHED,   /* vermillion, dashed, no arrow head (a common cause) */
    PLOT_EDGE_DOTTED    /* grey, dotted, no arrow head (planned work) */
} plot_edge_look;

typedef struct plot_node {
    const char *label;    /* shown; '\n' breaks the line; NULL: "" */
    plot_node_look look;
    int marked;           /* 1: stands out (orange fill, thick border) */
    int cluster;          /* index into clusters, or -1: none; a cluster's
                             nodes sit side by side in one row, in the order
                             of the array */
    int row;              /* outside clusters: nodes with the same row > 0 sit
                             side by side in one row, in the order of the
                             array (no edge may join two of them); 0: free */
} plot_node;

typedef struct plot_cluster {
    const char *label;    /* shown at its top; '\n' breaks the line */
} plot_cluster;

typedef struct plot_edge {
    int from, to;         /* node indices; drawn with an arrow head at `to` */
    plot_edge_look look;
    /* 1: the end stops at the border of the node's cluster, so the edge
       reads as one between clusters (the node must be in one) */
    int clip_from, clip_to;
} plot_edge;

/* One legend entry: a sample node of `node` (is_edge 0), or a sample edge
 * of `edge` (is_edge 1), with its explanation. */
typedef struct plot_key {
    const char *label;
    int is_edge;
    plot_node_look node;
    int marked;
    plot_edge_look edge;
} plot_key;

typedef struct plot_graph {
    const char *title;    /* above the graph; may be NULL */
    const plot_node *nodes;       int n_nodes;     /* n_nodes >= 1 */
    const plot_cluster *clusters; int n_clusters;
    const plot_edge *edges;       int n_edges;
    const plot_key *keys;         int n_keys;      /* the legend; 0: none */
} plot_graph;

/* Draws g into out (.svg, .png, or .dot for the script alone). Returns
 * PLOT_OK, PLOT_EINVALID (another extension, no node, an index out of
 * range, a control character in out), PLOT_ENODOT (err: "dot (Graphviz) not
 * found: install graphviz (make deps)"), PLOT_EDOT, PLOT_ENOMEM, PLOT_EIO
 * or PLOT_EINTR. */
int plot_graph_draw(const char *out, const plot_graph *g, char *err, size_t errlen);

/* 1 if out ends in .svg or .png (any case): what plot_graph_draw renders. */
int plot_graph_format_ok(const char *out);

/* ---- (g) transient figures: A(t) and R(t) (issue 14; plot_transient.c) ---- */

/* Two panels over the same times t[0..n) (hours, increasing, from 0): the
 * point availability A(t) above, the reliability R(t) below, each as the
 * simulated curve with its 95% band (lo/hi NULL: no band) and, where given
 * (non-NULL), the analytic curve as a dashed line; steady_a (NaN: none) is
 * drawn as a dotted line in the A panel, labelled steady_label. Times are
 * drawn in the unit their size calls for. */
typedef struct plot_transient {
    const char *title;
    int n;
    const double *t;                  /* hours */
    const double *a, *a_lo, *a_hi;    /* simulated A(t) and its band */
    const double *a_exact;            /* analytic A(t), or NULL */
    const char *a_exact_label;        /* its key entry */
    const double *r, *r_lo, *r_hi;    /* simulated R(t) and its band */
    const double *r_exact;            /* analytic R(t), or NULL */
    const char *r_exact_label;
    double steady_a;                  /* NaN: no line */
    const char *steady_label;
} plot_transient;

int plot_transient_draw(const char *out, const plot_transient *c, char *err, size_t errlen);

/* ---- helpers ---- */

/* 1 if out ends in .svg, .png or .pdf (any case), else 0. */
int plot_format_ok(const char *out);

const char *plot_strerror(int code);

/* Temporary files and gnuplot children of the drawings in progress (and of
 * any caller's own temporaries, such as a report being written): tracked
 * while they exist, so that plot_abandon() can remove every such file and
 * kill every such child. plot_abandon is async-signal-safe: it is meant for a
 * signal handler that exits at once (nines does on a second Ctrl-C); the
 * others are thread-safe. Up to 16 are tracked; beyond, or for a path longer
 * than PATH_MAX, tracking is silently skipped. */
void plot_temp_track(const char *path);
void plot_temp_untrack(const char *path);
void plot_child_track(pid_t pid);
void plot_child_untrack(pid_t pid);
void plot_abandon(void);

#endif
