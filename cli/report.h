/* cli/report.h — private to `nines report` (cmd_report.c gathers the runs,
 * report_doc.c and the report_*.c sections write report.md, report.html
 * and the charts). */
#ifndef NINES_CLI_REPORT_H
#define NINES_CLI_REPORT_H

#include "cli_store.h"

/* One run to report: its figures, where it came from, and its design
 * re-read from the stored text (NULL, with why in topo_why, if that failed). */
typedef struct report_run {
    long long id;          /* run id in the store; 0 if not stored (--no-db) */
    mc_result *res;        /* owned */
    store_meta *meta;      /* owned: path, text, command, version, times */
    topology *topo;        /* owned; may be NULL */
    char topo_why[512];
    struct report_summary *sum;  /* owned: the summary's figures and ranking
                                    (report_summary.c), made by report_write */
} report_run;

typedef struct report_opts {
    const char *dir;       /* --out */
    const char *db;        /* where the runs are stored (for the text) */
    int png;               /* --png: PNG copies of every chart */
    /* The summary's "changes that gain most" (the ranking of `nines
       sensitivity`, study_rank_laws): with sens_trials 0, ranked only where
       the analytic solver is exact on the design and on every changed copy
       (cheap, no simulation), else a note naming the command; with
       sens_trials N, ranked always, each change the solver is not exact on
       simulated with N trials (the run's seed and mission), as `nines
       sensitivity FILE --trials N --seed S` does. no_sens: never ranked. */
    int no_sens;           /* --no-sensitivity */
    long long sens_trials; /* --sensitivity-trials N */
    int threads;           /* --threads, for those simulations */
    int quiet;             /* no progress bar */
} report_opts;

/* Writes DIR/report.md, DIR/report.html and the charts of n runs. Prints
 * what went wrong; returns EXIT_OK or EXIT_RUNTIME (the documents are
 * written even when a chart could not be drawn). */
int report_write(const report_opts *o, report_run *runs, int n);

/* Re-reads run->meta's topology text into run->topo (or sets topo_why). */
void report_load_design(report_run *run);

void report_run_release(report_run *run);

#endif
