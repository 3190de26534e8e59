/* plots/plot_int.h — private to plots/: the script buffer, the escaping of
 * strings and data fields, and running gnuplot or dot as a child
 * (plot_gnuplot.c). */
#ifndef NINES_PLOTS_PLOT_INT_H
#define NINES_PLOTS_PLOT_INT_H

#include <stddef.h>

#include "plot.h"

/* A growing script. After an allocation failure `oom` is set and further
 * appends do nothing; plot_script_run reports PLOT_ENOMEM. */
typedef struct plot_script {
    char *s;
    size_t len, cap;
    int oom;
    size_t out_at, out_end; /* where plot_script_begin put the quoted output name, so
                               plot_script_run can point gnuplot at a temporary file */
} plot_script;

void plot_script_printf(plot_script *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a single-quoted gnuplot string: ' doubled, control, C1 and
 * bidi formatting characters turned into spaces, bytes that are not UTF-8
 * into '?' (NULL: ''). */
void plot_script_str(plot_script *g, const char *s);
/* Appends s as one field of a tab-separated inline data block: tabs, newlines
 * and other control, C1 and bidi characters become spaces, bytes that are not
 * UTF-8 '?', '"' becomes '' (so gnuplot never
 * sees a quoted field), an empty or NULL string becomes " ". */
void plot_script_field(plot_script *g, const char *s);
/* Appends a number as a data field ("NaN" when not finite). */
void plot_script_num(plot_script *g, double v);

/* Starts a script for `out`: terminal from the extension, output, encoding,
 * palette (Okabe-Ito), fonts, key, grid, tab-separated data, no enhanced text
 * and the title. Returns PLOT_OK or PLOT_EINVALID (unknown extension). */
int plot_script_begin(plot_script *g, const char *out, const char *title, char *err, size_t errlen);
/* The same for a chart `height` pixels tall (1280 wide; a PDF in proportion):
 * a long list of rows gets the room its labels need. */
int plot_script_begin_tall(plot_script *g, const char *out, const char *title, int height,
                           char *err, size_t errlen);

/* Runs gnuplot on the script, checks its exit status, its stderr and that
 * out was written; frees the script. gnuplot writes a temporary file beside
 * out (.nines-XXXXXX) that is renamed to out once complete and removed
 * otherwise, so out is never half-written. A signal that interrupts the wait
 * (EINTR) kills gnuplot: PLOT_EINTR. */
int plot_script_run(plot_script *g, const char *out, char *err, size_t errlen);

void plot_script_free(plot_script *g);
/* Appends a file name as a gnuplot string: its bytes kept as they are (the
 * file must be the one asked for), ' doubled; plot_script_begin refuses
 * control characters (plot_script.c). */
void plot_script_path(plot_script *g, const char *s);

/* Internal to plots/: the program is not on PATH (callers turn it into
 * PLOT_ENOGNUPLOT or PLOT_ENODOT with their own message). */
enum { PLOT_ENOPROG = -100 };

/* 1 if an executable `prog` is on PATH, else 0. */
int plot_on_path(const char *prog);

/* Runs prog (found on PATH; argv[0] is its name) with the script g on its
 * stdin, and puts what it drew at out, whole or not at all: it draws into a
 * temporary file beside out (.nines-XXXXXX), renamed to out once the child
 * exited 0 and wrote something, removed otherwise. With to_stdout the child
 * writes the drawing on its stdout (dot), which is that file; otherwise the
 * script names its output (gnuplot's `set output`, placed by gp_begin) and
 * is pointed at the file. stderr is captured: on failure err says
 * "PROG failed drawing OUT: its first error line" and the call returns
 * `failed`. SIGPIPE is blocked while writing; a caught signal that
 * interrupts the write or the wait kills the child: PLOT_EINTR. Also
 * PLOT_ENOMEM, PLOT_EIO, or PLOT_ENOPROG (err untouched). g is not freed. */
int plot_child_draw(const char *prog, char *const argv[], plot_script *g, int to_stdout,
                    const char *out, int failed, char *err, size_t errlen);

/* Writes g's text to path through a temporary file beside it, renamed once
 * complete. Returns 0, or the errno of what failed (nothing is left). */
int plot_script_save(const plot_script *g, const char *path);

/* ---- fitting a slide (plot_axes.c) ---- */

/* A piece of a name: s[0..len), not NUL-terminated. */
typedef struct plot_piece {
    const char *s;
    size_t len;
} plot_piece;

#define PLOT_WRAP_MAX 4

/* Splits s into at most `lines` pieces of about `width` characters, at a
 * blank (dropped) or after - / _ , . : ; ) (kept), a long word at a character
 * boundary; the last piece takes all that is left, so nothing is ever cut.
 * Returns the number of pieces (>= 1; an empty s gives one empty piece). */
int plot_wrap(const char *s, int width, int lines, plot_piece *piece);
/* Appends s wrapped as exactly `lines` (<= PLOT_WRAP_MAX) tab-separated data
 * fields, each escaped by plot_script_field (lines not needed are " "), then
 * a field "." (gnuplot drops a blank last field of a row, and would show the
 * row before's). Returns the number of lines s needed. */
int plot_script_wrapped_fields(plot_script *g, const char *s, int width, int lines);
/* Defines the gnuplot function wrapN(c) (N = lines): the fields c .. c+N-1
 * joined by newlines, blank ones left out, for xtic(wrapN(2)) and labels. */
void plot_script_wrap_function(plot_script *g, int lines);
/* Appends s as single-quoted strings (plot_script_str), one per wrapped
 * line, joined by ."\n". (a gnuplot string expression, for titles). */
void plot_script_str_wrapped(plot_script *g, const char *s, int width);

/* About how many rows a key of these titles (NULL ones are not shown)
 * takes below a chart width_px wide, for the bottom margin. */
int plot_key_rows(const char *const *titles, int n, int width_px);

/* A duration in minutes as a short tick label: "30 s", "5 min", "8.8 h",
 * "3.7 d", "1 y"; "0" for 0. Returns buf. */
const char *plot_time_label(char *buf, size_t n, double minutes);
/* The unit to draw durations of at most max_minutes in: its name and its
 * size in minutes (seconds below 2 min, minutes below 3 h, hours below 3 d,
 * then days). */
typedef struct plot_unit {
    const char *name;
    double minutes;
} plot_unit;
plot_unit plot_time_unit(double max_minutes);
/* Tics of a logarithmic axis ("x", "y", ...) of durations in minutes over
 * [lo, hi], at round values labelled in s, min, h, d or y. */
void plot_axis_time_log(plot_script *g, const char *axis, double lo, double hi);
/* Tics of a linear axis ("x", "y", ...) of durations in minutes over
 * [lo, hi], at a round step in the unit their size calls for (nothing when
 * the range is empty). */
void plot_axis_time_linear(plot_script *g, const char *axis, double lo, double hi);
/* A round step giving about target steps over range. */
double plot_nice_step(double range, int target);
/* An axis of nines over [lo, hi] (its tics at a round step) and its twin
 * ("y2" beside "y", "x2" above "x") over the same range labelled with the
 * downtime per year each value of nines means; sets both ranges and the
 * border. */
void plot_axis_nines(plot_script *g, const char *axis, const char *twin, double lo, double hi);

#endif
