/* cli/cli.h — private header of cli/: the command table, exit statuses and the
 * helpers every command shares (flags, signals, progress, printing a run).
 * Only cli/ prints and chooses exit statuses; the modules return codes.
 */
#ifndef NINES_CLI_H
#define NINES_CLI_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/topology.h"
#include "../montecarlo/mc.h"
#include "../study/study.h"

enum {
    EXIT_OK = 0,
    EXIT_BADINPUT = 1,    /* bad topology or flags */
    EXIT_RUNTIME = 2,     /* database, gnuplot, out of memory */
    EXIT_INTERRUPTED = 130
};

/* cli_exit_of: the one mapping from a module's error code to the exit status
 * (cli_exit.c), one function per family; each gives EXIT_OK for 0.
 *   engine (MC_*): bad options or a trial too long for the limit
 *     (MC_EINVALID, MC_ETOOLONG) are bad input; an interruption gives
 *     cli_interrupted_status(); anything else (memory, size) is runtime.
 *   topology and analytic solver (TOPO_*): out of memory or too large for
 *     the solver (TOPO_ENOMEM, TOPO_ETOOBIG) are runtime; anything else (the
 *     file has errors or cannot be read) is bad input.
 *   charts (PLOT_*): bad chart arguments (PLOT_EINVALID) are bad input; an
 *     interruption gives cli_interrupted_status(); anything else (gnuplot
 *     missing or failing, a pipe, memory) is runtime.
 *   store (STORE_*): no such run or database (STORE_ENOTFOUND) is bad input;
 *     anything else is runtime. */
int cli_exit_of_mc(int rc);
int cli_exit_of_topo(int rc);
int cli_exit_of_plot(int rc);
int cli_exit_of_store(int rc);

/* Every command: argv[0] is the command's name; returns the exit status. */
int cmd_check(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diagram(int argc, char **argv);

/* ---- the topology diagram (diagram.c) ---- */

/* Draws t as a diagram into out (.svg or .png; .dot: the Graphviz script)
 * with plots/ (plot_graph_draw): hosts, services with their members, needs,
 * shared hosts, common causes and maintenance, a legend. Returns PLOT_OK or
 * a PLOT_E* code with its message in err (PLOT_ENODOT: dot is missing). */
int cli_diagram_draw(const topology *t, const char *out, char *err, size_t errlen);
/* The boxes a diagram of t holds (hosts, members, common causes,
 * maintenance entries). Past CLI_DIAGRAM_REPORT_MAX a report leaves the
 * diagram out: unreadable on a page, and dot's time grows fast (about a
 * second for 800 boxes, minutes for 4000: docs/limits.md). */
int cli_diagram_size(const topology *t);
#define CLI_DIAGRAM_REPORT_MAX 400
int cmd_export(int argc, char **argv);
int cmd_rerun(int argc, char **argv);

/* ---- flags shared by the simulating commands (cli_common.c) ---- */

/* `run`'s transient options (cli/run_transient.c). */
typedef struct cli_at {
    int n;
    double at[MC_AT_MAX];        /* hours */
    char label[MC_AT_MAX][32];   /* as written */
    double window;               /* --window, hours (0: none) */
    int until_failure;           /* --until-failure */
    double until_cap;            /* --until-cap, hours (0: 1000 x mission) */
    int steady;                  /* --start steady */
} cli_at;

int cli_set_at(void *dest, const char *flag, const char *value);     /* cli_at */
int cli_set_window(void *dest, const char *flag, const char *value); /* double, hours */
int cli_set_start(void *dest, const char *flag, const char *value);  /* int: 1 steady */
/* Checks the times against the mission (hours); prints the error. 0 or -1. */
int cli_at_check(const cli_at *a, double mission);
/* --chart without --at: one time, the mission (labelled as formatted). */
void cli_at_mission(cli_at *a, double mission);
/* Copies the options into mo. */
void cli_at_options(const cli_at *a, mc_options *mo);
/* The table's and the JSON's parts: assumptions and transient figures. */
void cli_print_run_z14(FILE *f, const mc_result *r);
int cli_run_json_z14(json_t *o, const mc_result *r);

/* The chart of A(t) and R(t) (issue 14; cli/chart_transient.c): the
 * engine's curve with 95% bands (binomial), the solver's steady state and,
 * where it has one, its exact A(t). */
typedef struct cli_curve {
    double t[MC_CURVE_POINTS];                     /* hours */
    double a[MC_CURVE_POINTS], a_lo[MC_CURVE_POINTS], a_hi[MC_CURVE_POINTS];
    double r[MC_CURVE_POINTS], r_lo[MC_CURVE_POINTS], r_hi[MC_CURVE_POINTS];
    double a_exact[MC_CURVE_POINTS];
    int has_exact;          /* 1: a_exact holds the analytic A(t) */
    const char *why;        /* else why not (static text) */
    double steady_a;        /* the solver's steady state (NaN: none) */
    int steady_exact;
} cli_curve;
/* Fills c from r (and t, which may be NULL: no analytic curve); -1 if r has
 * no transient figures. */
int cli_transient_curve(const mc_result *r, const topology *t, cli_curve *c);
/* The chart's arguments: p points into c, title and steady (buffers of
 * tlen and slen bytes that must outlive p). */
struct plot_transient;
void cli_transient_plot(const mc_result *r, const cli_curve *c, struct plot_transient *p,
                        char *title, size_t tlen, char *steady, size_t slen);
/* Draws c to out (.svg, .png, .pdf): a PLOT_* code, err filled. */
int cli_transient_chart(const char *out, const mc_result *r, const cli_curve *c, char *err,
                        size_t errlen);
/* `run --chart OUT`: draws r's chart, prints what failed; an exit status. */
int cli_run_chart(const char *out, const mc_result *r, const topology *t);

typedef struct cli_sim {
    long long trials;    /* --trials N   (default 10000) */
    uint64_t seed;       /* --seed S     (default 1) */
    int threads;         /* --threads T  (default: online CPUs) */
    double mission;      /* --mission D  (hours; 0 = the topology's) */
    const char *db;      /* --db PATH    (default $NINES_DB or nines.db) */
    int no_db;           /* --no-db */
    int json;            /* --json */
    int quiet;           /* --quiet: no progress bar */
    const char *view;    /* --view NAME: the headline view (Y16), or NULL */
    int keep_trials;     /* keep the headline's per-trial values (paired compare) */
    /* transient figures and the steady start (issue 14; cli/run_transient.c) */
    cli_at at;           /* --at, --window, --until-failure, --until-cap, --start */
    /* rare events (issue 18; cli/cli_rare.c): CLI_RARE_OFF (the default of
       cli_sim_defaults), CLI_RARE_AUTO (run, compare, sweep) or CLI_RARE_IS */
    int rare;
    /* the exponential sampler (issue 18; cli/cli_exp.c): MC_EXP_ZIGGURAT (the
       default of cli_sim_defaults) or MC_EXP_INVERSE */
    int exp_sampler;
} cli_sim;

/* ---- rare events (issue 18; cli/cli_rare.c, docs/rare-events.md) ---- */
enum { CLI_RARE_OFF = 0, CLI_RARE_AUTO = 1, CLI_RARE_IS = 2 };
int cli_set_rare(void *dest, const char *flag, const char *value); /* int: auto|off|is */
#define CLI_OPT_RARE(o) \
    {"rare", 0, "auto|off|is", cli_set_rare, &(o).rare, \
     .help = "rare events: importance sampling (is), crude (off), or is\nwhen crude would see " \
             "under 30 system outages (auto)", .def = "auto"}
/* mc_run with the method of mode: sets mo->rare, and (*out)->rare_note for
   auto and is; prints its own error when --rare is cannot run (MC_EINVALID). */
int cli_rare_run(int mode, const topology *t, mc_options *mo, mc_result **out);
const char *cli_rare_method(const mc_result *r); /* "importance-sampling" or "crude" */
/* cli_format_minutes, or "-" for a figure not estimated (NaN) */
const char *cli_rare_minutes(char *buf, size_t n, double m);
void cli_rare_print(FILE *f, const mc_result *r); /* the table's "method" row, if any */
int cli_rare_json(json_t *o, const mc_result *r); /* "rare": {...}; nonzero on OOM */
/* compare and sweep: the footnote naming the runs made under importance
   sampling; call for each run i (k counts those named; 0 at first), then
   end the line if k > 0 */
void cli_rare_footnote(FILE *f, const mc_result *r, int i, int *k);

/* ---- the exponential sampler (issue 18; cli/cli_exp.c, docs/exp-sampler.md) ---- */
int cli_set_exp_sampler(void *dest, const char *flag, const char *value); /* int */
#define CLI_OPT_EXP_SAMPLER(o) \
    {"exp-sampler", 0, "ziggurat|inverse", cli_set_exp_sampler, &(o).exp_sampler, \
     .help = "how exponential laws are drawn: the ziggurat, or the\ninverse " \
             "transform of runs stored before it", .def = "ziggurat"}
const char *cli_exp_name(int sampler); /* "ziggurat" or "inverse" */
int cli_exp_json(json_t *o, const mc_result *r); /* "exp_sampler": name; nonzero on OOM */

void cli_sim_defaults(cli_sim *o);

/* ---- options from a table (cli_opts.c) ----
 *
 * Each command declares its options once, in a table of cli_opt rows (a
 * row with no name ends it), and itself in a cli_cmd:
 *
 *     const cli_opt opts[] = {
 *         {"trials", 0, "N", cli_set_trials, &o.trials,
 *          .help = "histories to simulate", .def = "10000"},
 *         {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "no progress bar"},
 *         CLI_OPT_HELP,
 *         {0}};
 *     const cli_cmd spec = {.name = "run", .synopsis = "usage: ...\n\n",
 *                           .column = 14, .opts = opts, .args_name = "FILE",
 *                           .args_max = 1, .args = &file};
 *     int parsed = cli_opts_parse(&spec, argc, argv); // 1: help shown, -1: error
 *
 * cli_opts_parse hands the table to getopt_long, in order (options may
 * follow the positional arguments; "--" ends the options), and calls each
 * row's setter with the option's value: the setters are the validators and
 * print their own error. From the same table come the help (the synopsis,
 * one line per listed option, the notes) and the error for an unknown
 * option with its did-you-mean, the nearest of the table's names
 * ("unknown option '--trails' for run (did you mean '--trials'?)"). Long
 * names must be given whole: getopt's abbreviations ("--tri") are unknown.
 *
 * A row's help line: its label, "--name ARG" unless `label` says otherwise
 * (to show a short name, "--quiet, -q"), padded to the command's column
 * (or alone on its line if wider); then `help`, then " (default DEF)" when
 * def is set (a DEF starting with ':' describes the default rather than
 * naming it: " (default: online CPUs)"), then `more`. A '\n' in them goes
 * on under the column. help NULL: the option is not listed (the help names
 * it elsewhere, as "--no-db: don't store"); it is still suggested. help "":
 * listed on the next row's line, the labels joined by ", ". */

typedef struct cli_opt {
    const char *name;    /* long name without "--"; NULL ends the table */
    int short_name;      /* 'q' for -q, or 0 */
    const char *arg;     /* "N" for --trials N; NULL: takes no value */
    /* Takes the option: value is NULL for an option without one; flag is
     * "--name" for errors. Returns 0, or -1 after printing the error.
     * NULL: this is -h/--help, which prints the help. */
    int (*set)(void *dest, const char *flag, const char *value);
    void *dest;
    const char *help;    /* see above */
    const char *def;     /* the default shown, or NULL */
    const char *more;    /* help text after the default, or NULL */
    const char *label;   /* left column, if not "--name ARG" */
} cli_opt;

/* The -h/--help row, listed as "-h, --help    this help"; a command that
 * does not list it has {"help", 'h', .help = NULL}. */
#define CLI_OPT_HELP {"help", 'h', NULL, NULL, NULL, "this help", NULL, NULL, "-h, --help"}

typedef struct cli_cmd {
    const char *name;       /* "run", for errors */
    const char *synopsis;   /* help text above the options ("usage: ...") */
    const char *notes;      /* help text below them, or NULL */
    int column;             /* width of the label column (after 2 spaces) */
    const cli_opt *opts;
    /* Positional arguments: what they are ("FILE", for "run takes one FILE
     * (got 'a' and 'b')"; NULL: none are taken), 1 if one at most (0: any
     * number), where they go, in order (room for argc of them), and where
     * their number goes (or NULL). */
    const char *args_name;
    int args_max;
    const char **args;
    int *n_args;
} cli_cmd;

/* Parses argv[1..argc) (argv[0] is the command's name) by c's table.
 * Returns 0 when done, 1 if -h/--help printed the help to stdout (the
 * command exits 0), -1 after printing the error of an unknown option, a
 * missing or bad value or a positional argument too many (exit 1). argv is
 * read in order and never permuted; each parse starts afresh. */
int cli_opts_parse(const cli_cmd *c, int argc, char **argv);
/* Prints c's help: the synopsis, the listed options, the notes. */
void cli_opts_help(const cli_cmd *c, FILE *f);

/* Setters for cli_opt.set; dest points to the type named. */
int cli_set_flag(void *dest, const char *flag, const char *value);    /* int: 1 */
int cli_set_text(void *dest, const char *flag, const char *value);    /* const char * */
int cli_set_trials(void *dest, const char *flag, const char *value);  /* long long, 1..1e12 */
int cli_set_seed(void *dest, const char *flag, const char *value);    /* uint64_t */
int cli_set_threads(void *dest, const char *flag, const char *value); /* int, 1..256 */
int cli_set_mission(void *dest, const char *flag, const char *value); /* double, hours */
int cli_set_db(void *dest, const char *flag, const char *value);      /* const char *, not "" */
/* const char *, a file ending in .svg, .png or .pdf */
int cli_set_chart(void *dest, const char *flag, const char *value);

/* Parses a whole number in [lo, hi] for flag `flag`; prints and returns -1 on error. */
int cli_parse_ll(const char *flag, const char *text, long long lo, long long hi, long long *out);

/* Text for a terminal (docs/security.md): copies s into buf (n bytes) with
 * every C0 control (newline and tab too), DEL, C1 control, bidirectional
 * formatting character and byte that is not UTF-8 shown as \xNN or \uNNNN, so
 * that no name, path or stored text can move the cursor, retitle the window
 * or reorder a line; printable UTF-8 is kept. Cut with "..." if longer than
 * buf. Returns buf. Every printer passes text it did not write through it
 * (the loader already refuses such characters in topologies). */
const char *cli_term(char *buf, size_t n, const char *s);
/* Prints "nines: error: ..." (printf-style) to stderr, through cli_term
 * (the message's own newlines are kept). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints every diagnostic as FILE:LINE:COL: error: MSG to stderr (through
 * cli_term). */
void cli_print_topo_errors(const topo_errors *errs);

/* Loads a topology and prints its errors; returns the topology or NULL (and
 * sets *status to EXIT_BADINPUT, or EXIT_RUNTIME when out of memory). */
topology *cli_load(const char *path, const topo_load_options *opts, int *status);

/* SIGINT, SIGTERM and SIGHUP set the flag returned by cli_stop_flag to the
 * signal's number (a second one exits at once with 128 + its number);
 * SIGHUP is left alone when it is ignored already (nohup). The
 * handler is installed without SA_RESTART, so a wait for gnuplot is cut short
 * (plots/ then kills it). SIGPIPE is ignored: output to a closed pipe fails
 * quietly and the command still stores what it simulated. Semantics of every
 * command under a signal: docs/store-and-reports.md, "Signals". */
void cli_install_signals(void);
volatile int *cli_stop_flag(void);
/* The exit status of a command stopped by a signal: 128 + its number (130
 * for SIGINT, 143 for SIGTERM, 129 for SIGHUP), 130 if none was caught. */
int cli_interrupted_status(void);

/* The progress bar's " ETA 5m07s" for frac of the work done in elapsed
 * seconds: "" before 5% and 2 s, at the end, or past 4 days. Returns buf. */
const char *cli_format_eta(char *buf, size_t n, double frac, double elapsed);

/* A progress bar with ETA on stderr, drawn only when stderr is a terminal and
 * quiet is 0; use cli_progress as an mc_progress_fn with a cli_bar context. */
typedef struct cli_bar {
    int enabled;
    const char *label;
    double started;  /* monotonic seconds */
    int drawn;
} cli_bar;
void cli_bar_init(cli_bar *b, const char *label, int quiet);
void cli_progress(void *ctx, long long done, long long total);
void cli_bar_done(cli_bar *b);
double cli_now(void); /* monotonic seconds */

/* The current time, UTC, ISO 8601 ("2026-11-28T12:00:00Z"). */
void cli_now_utc(char *buf, size_t len);

/* mc_run of t with o's trials, seed, threads and mission, Ctrl-C's stop flag
 * and a progress bar labelled `label` (none with o->quiet or off a
 * terminal); attribute: measure each law's share of downtime. Returns
 * mc_run's code; *out as mc_run leaves it. */
int cli_simulate(const cli_sim *o, const topology *t, const char *label, int attribute,
                 mc_result **out);

/* The analytic solver joins a figure's reasons with "; " (model/analytic.c):
 * the length of the reason that starts at why, and in *next where the one
 * after it starts (at the final NUL when there is none). */
size_t cli_reason_len(const char *why, const char **next);

/* Minutes for people: "0 min" (for 0 or less), seconds, minutes, hours or
 * days with one decimal ("42.1 min", "3.5 h"); returns buf. Every table of
 * nines writes downtime with it. cli_format_minutes_dec gives minutes
 * (1 to 120) `decimals` decimals instead (analyze: "22.71 min"). */
const char *cli_format_minutes(char *buf, size_t n, double m);
const char *cli_format_minutes_dec(char *buf, size_t n, double m, int decimals);

/* cli_percent_decimals: the one rule for the digits after the point of an
 * availability written as a percentage (run, show, compare, sweep, report):
 * ceil(nines) + 1, from 3 to 10 (3 when nines is not finite), which shows
 * the unavailability to four significant digits: 98.530%, 99.997242%,
 * 99.991990%. (analyze writes a ratio with the same digits: ceil + 3.) */
int cli_percent_decimals(double nines);

/* ---- printing a run (print_run.c): `run` and `show` print the same ---- */

/* The aligned table: system figures, then one row per service and per view. */
void cli_print_run(FILE *f, const mc_result *r);
/* The same, a range's services grouped only where they are alike in the
 * design too (cli_same_service; design NULL: by their figures alone). */
void cli_print_run_design(FILE *f, const mc_result *r, const topology *design);
/* The JSON object of DESIGN.md as a new jansson object (the caller owns
 * it); NULL when out of memory. `compare` puts its own keys in front. */
json_t *cli_run_json(const mc_result *r);
/* Prints cli_run_json(r) with cli_json_print; returns its exit status. */
int cli_print_run_json(FILE *f, const mc_result *r);

/* ---- --view NAME (cli_view.c, Y16): a view's figures as the headline ---- */

/* The option's row for a cli_sim o. */
#define CLI_OPT_VIEW(o)                                                            \
    {"view", 0, "NAME", cli_set_text, &(o).view,                                   \
     .help = "make this view's figures the headline", .def = ": the system"}
/* EXIT_OK if name is NULL, "system" or a view of t; else prints "unknown
 * view 'x' (did you mean 'y'?)" and returns EXIT_BADINPUT. */
int cli_view_check(const topology *t, const char *name);
/* Swaps the figures of view `name` with the system's in r (the view becomes
 * the headline, the system one of the views); 0, or -1 if r has no such
 * view. NULL or "system": nothing. */
int cli_view_headline(mc_result *r, const char *name);
/* Undoes cli_view_headline: the system back as the headline. */
void cli_view_restore(mc_result *r);
/* The headline's view name when it is not the system, else NULL. */
const char *cli_view_of(const mc_result *r);
/* The engine's target of view `name` in t: 0 the system (NULL, "system" or
 * unknown), 1 + n_services + v view v. */
int cli_view_target(const topology *t, const char *name);
/* Makes view `name` of t the system in t itself: the two swap their
 * services and need (names and positions stay), so the solver and the
 * engine measure the view as target 0 (sensitivity and the report's
 * ranking rank by it). Calling it again undoes it. 0, or -1 if t has no
 * such view (or name is NULL or "system": nothing done). */
int cli_view_as_system(topology *t, const char *name);

/* ---- a range's identical members as one row (cli_group.c, Y16) ---- */

/* The fewest names a group has: a shorter run is listed name by name (a
 * pair or three read well one by one, and a pair's redundancy is worth
 * seeing). */
#define CLI_GROUP_MIN 4
/* Whether items a < b of a list are alike (ctx: what the list is of). */
typedef int (*cli_same_fn)(const void *ctx, int a, int b);
/* Splits names[0..n) into groups: runs of one range (topo_names_group) cut
 * where same(ctx, first of the run, k) fails (same NULL: alike), a run of
 * fewer than CLI_GROUP_MIN names one group per name. 0 with
 * *out (free with topo_name_groups_free), or -1 when out of memory. */
int cli_group_names(const char *const *names, int n, cli_same_fn same, const void *ctx,
                    topo_name_group **out, int *n_out);
/* The data-loss figures of a range's n alike services m[0..n) as one row:
 * the mean of each figure, the largest single loss of any of them, and in
 * *lo, *hi each one's lowest and highest seconds of writes lost per year. */
mc_figures cli_loss_group(const mc_figures *m, int n, double *lo, double *hi);
/* The names joined by ", ", each run of a range written as the range
 * ("compute[01:20], net1"); malloc'd, NULL when out of memory. */
char *cli_names_join(const char *const *names, int n);
/* The same for host indices of t. */
char *cli_hosts_join(const topology *t, const int *hosts, int n);
/* cli_same_fn over t's hosts (ctx t): same law and needs, needed by the same
 * hosts, running the same services. */
int cli_same_host(const void *ctx, int a, int b);
/* cli_same_fn over t's services (ctx t): same mode, laws, need, needs,
 * needs-local and hosts of the same laws, needed by the same services. */
int cli_same_service(const void *ctx, int a, int b);
/* cli_same_fn over an array of mc_figures (ctx): the same figures'
 * structure (members, data loss, any outage). */
int cli_same_figures(const void *ctx, int a, int b);

/* ---- paired comparison (compare_paired.c, Y16) ---- */

typedef struct cli_paired {
    int known;                    /* both runs kept their per-trial values */
    study_paired_diff downtime;   /* B - A, minutes per year */
    study_paired_diff capacity;   /* B - A, fraction of members serving */
} cli_paired;
/* B - A from the per-trial values of two complete runs of the same seed and
 * trials; 1, or 0 when not computable (out->known 0). */
int cli_paired_of(const mc_result *a, const mc_result *b, cli_paired *out);
/* {"a", "b", "trials", "downtime_minutes_per_year": {"difference", "ci95",
 * "std_error", "significant"}, "capacity": {...}}; NULL when out of memory. */
json_t *cli_paired_json(const char *a, const char *b, const cli_paired *p);
void cli_print_paired(FILE *f, const char *a, const char *b, const cli_paired *p);

/* ---- capacity (print_capacity.c, Y16): mean fraction of members serving,
 * member-hours lost, blast radius ---- */

/* Sets "members", "capacity", "capacity_ci95", "capacity_std_error",
 * "member_hours_lost_per_year" and "blast_radius" in o when g knows them
 * (members > 0); nonzero when out of memory. */
int cli_capacity_json(json_t *o, const mc_figures *g);
/* The capacity rows under the run table (services of two members or more,
   and views), when some service has two members or more; g (ng groups of
   the services, as the run table's; NULL: one by one): a range's alike
   services as one row, the mean of the members and "each LO to HI" of
   the share serving (docs/topology-format.md, "Ranges in outputs"). */
void cli_print_capacity(FILE *f, const mc_result *r, int name_w, const topo_name_group *g, int ng);
/* The headline's capacity row when the headline is a view (--view). */
void cli_print_headline_capacity(FILE *f, const mc_result *r);

/* ---- few outages (cli_trust.c): never a silent 100% (docs/method.md) ---- */

/* What a target's figures may claim when they rest on few outages. */
typedef struct cli_trust {
    int few;            /* outages < MC_TRUST_OUTAGES */
    long long outages;
    double years;       /* simulated: trials x mission */
    double rate_upper;  /* outages per year, one-sided 95%: chi2_0.95(2k+2) / 2T */
    double u_upper;     /* unavailability, one-sided 95%, distribution-free: the
                           Clopper-Pearson bound on P(a trial has downtime) */
    double nines_lower; /* units_nines(1 - u_upper) */
} cli_trust;
void cli_trust_of(const mc_result *r, const mc_figures *g, cli_trust *out);
/* The same from counts: outages seen in trials histories of mission_hours. */
void cli_trust_counts(long long outages, long long trials, double mission_hours,
                      cli_trust *out);
double cli_trust_u_upper(const mc_result *r, const mc_figures *g); /* its u_upper */
/* Target g's nines for a table: "4.10", or "\u22653.52" (its lower bound)
 * when g saw no outage: never the cap of a degenerate 100%. Returns buf. */
const char *cli_format_nines(char *buf, size_t n, const mc_result *r, const mc_figures *g);
/* The warning of a figure with few outages, without "warning: " ("" when
 * there are enough). Returns buf. */
const char *cli_trust_warning(char *buf, size_t n, const mc_result *r, const mc_figures *g);
/* Sets "few_outages" in o, and with few outages the bounds
 * ("outage_rate_per_year_upper95", "unavailability_upper95",
 * "nines_lower95") and "warning". Returns nonzero when out of memory. */
int cli_trust_json(json_t *o, const mc_result *r, const mc_figures *g);
/* The columns a UTF-8 string takes in a terminal (code points). */
size_t cli_text_cols(const char *s);

/* ---- JSON (cli_json.c): every --json document is built with jansson ---- */

/* A new JSON string holding s (NULL as ""), each byte that is not UTF-8
 * replaced by U+FFFD so that the document stays UTF-8; NULL when out of
 * memory. */
json_t *cli_json_text(const char *s);
/* json_object_set_new with a key that is not ours (a name, a path): the key
 * made valid UTF-8 as by cli_json_text. Takes value's reference (released
 * on failure); returns 0, or -1 when o or value is NULL or out of memory. */
int cli_json_set(json_t *o, const char *key, json_t *value);
/* A new JSON number holding x exactly, or null where x is not finite; NULL
 * when out of memory. */
json_t *cli_json_number(double x);
/* Prints doc on f as one line of JSON and a newline, and releases doc (it
 * takes the caller's reference, so a builder's result is passed straight
 * in). Doubles are written to 17 significant digits (they read back
 * exactly), keys in the order they were set, and DEL, C1 and bidi controls
 * as \uXXXX like C0 (docs/security.md). Returns EXIT_OK, or prints "out of
 * memory" and returns EXIT_RUNTIME when doc is NULL (a builder ran out of
 * memory) or cannot be written out. Errors writing to f are left to the
 * caller (fflush/ferror), as for the tables. */
int cli_json_print(FILE *f, json_t *doc);

/* ---- storing a run (cli_store.c) ---- */

/* Stores a finished (or partial) run unless o->no_db, printing what went
 * wrong; fills *run_id (0 if not stored). Returns EXIT_OK or EXIT_RUNTIME. */
int cli_store_run(const cli_sim *o, const topology *t, const mc_result *r,
                  const char *started_utc, long long *run_id);

/* Storing the runs of a command that makes several (compare, sweep, report
 * FILE...): each run is its own transaction, as with `run`. After the first
 * failure nothing more is stored (a locked, full or read-only store would
 * fail again, or make each design wait), so the file keeps the runs stored
 * before the failure, each whole. Start with a zeroed cli_store_batch. */
typedef struct cli_store_batch {
    int failed;          /* a store failed: store no more */
    int stored, total;   /* runs stored, runs offered */
} cli_store_batch;
/* Stores like cli_store_run unless an earlier run of the batch failed (then
 * stores nothing, *run_id = 0, and returns EXIT_RUNTIME). */
int cli_store_batch_run(cli_store_batch *b, const cli_sim *o, const topology *t,
                        const mc_result *r, const char *started_utc, long long *run_id);
/* After a failure, says on stderr how many runs were stored and how many not. */
void cli_store_batch_done(const cli_store_batch *b, const cli_sim *o);

/* Help texts: cli_usage prints the command list. */
void cli_usage(FILE *f);

/* ---- sweep values (sweep_values.c) ---- */

/* One `--set PATH=VALUES` of `nines sweep`: an axis of the sweep's grid
 * (study/study.h). */
typedef study_axis sweep_axis;

/* Parses "PATH=V1,V2,..." or "PATH=LO..HI[:lin:N|:log:N]" into *ax (owned:
 * release with sweep_axis_release). Returns 0, or -1 with the reason in why
 * (nothing to release). */
int sweep_axis_parse(const char *arg, sweep_axis *ax, char *why, size_t len);
void sweep_axis_release(sweep_axis *ax); /* NULL ok */

#endif
