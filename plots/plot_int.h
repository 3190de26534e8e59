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

/* Runs gnuplot on the script, checks its exit status, its stderr and that
 * out was written; frees the script. gnuplot writes a temporary file beside
 * out (.nines-XXXXXX) that is renamed to out once complete and removed
 * otherwise, so out is never half-written. A signal that interrupts the wait
 * (EINTR) kills gnuplot: PLOT_EINTR. */
int plot_script_run(plot_script *g, const char *out, char *err, size_t errlen);

void plot_script_free(plot_script *g);

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

#endif
