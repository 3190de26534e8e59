/* cli/cmd_report.c — `nines report`: a Markdown and HTML report with charts,
 * of stored runs (--run ID, --last N) or of topology files run first. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

typedef struct ids {
    long long *v;
    int n, cap;
} ids;

static int ids_add(ids *l, long long id)
{
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 8;
        long long *nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = id;
    return 0;
}

/* "3", "3,5,8" */
static int parse_ids(const char *text, ids *l)
{
    char buf[32];
    const char *p = text;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        long long id;
        if (n == 0 || n >= sizeof buf) {
            cli_error("--run takes run ids such as 3 or 3,5,8 (got '%s')", text);
            return -1;
        }
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (cli_parse_ll("--run", buf, 1, (long long)9e18, &id))
            return -1;
        if (ids_add(l, id)) {
            cli_error("out of memory");
            return -1;
        }
        if (!c)
            return 0;
        p = c + 1;
    }
}

static char *dup_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* --view (Y16): the view's figures become each run's headline (the stored
 * runs keep the system's). A stored run whose design cannot be re-read is
 * checked against the views it ran. Returns an exit status. */
static int headline_view(report_run *runs, int n, const char *view)
{
    for (int i = 0; view && i < n; i++) {
        report_run *rr = &runs[i];
        int st = rr->topo ? cli_view_check(rr->topo, view) : EXIT_OK;
        if (st != EXIT_OK)
            return st;
        if (cli_view_headline(rr->res, view)) {
            char nm[256];
            cli_error("run %lld has no view '%s'", rr->id, cli_term(nm, sizeof nm, view));
            return EXIT_BADINPUT;
        }
    }
    return EXIT_OK;
}

/* Reads the runs from the store. */
static int gather_stored(const char *db, const ids *want, long long last, report_run **out, int *n)
{
    store *s = cli_store_open(db, STORE_READONLY);
    if (!s)
        return EXIT_RUNTIME;
    int status = EXIT_OK;
    ids use = {0};
    if (want->n > 0) {
        for (int i = 0; i < want->n; i++)
            ids_add(&use, want->v[i]);
    } else {
        store_row *rows = NULL;
        int nr = 0;
        int rc = store_list_runs(s, &rows, &nr);
        if (rc) {
            cli_store_error(s, rc);
            store_close(s);
            return EXIT_RUNTIME;
        }
        if (nr == 0) {
            cli_error("no runs stored in %s: 'nines run FILE' stores one, or give FILE... to "
                      "'nines report'", db);
            status = EXIT_BADINPUT;
        }
        for (long long i = nr > last ? nr - last : 0; i < nr; i++)
            ids_add(&use, rows[i].id);
        store_rows_free(rows, nr);
    }
    report_run *runs = calloc((size_t)use.n + 1, sizeof *runs);
    if (!runs) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
    }
    int got = 0;
    for (int i = 0; status == EXIT_OK && i < use.n; i++) {
        report_run *rr = &runs[got];
        int rc = store_get_run(s, use.v[i], &rr->res, &rr->meta);
        if (rc == STORE_ENOTFOUND) {
            cli_error("%s (try 'nines history --db %s')", store_errmsg(s), db);
            status = cli_exit_of_store(rc);
        } else if (rc) {
            cli_store_error(s, rc);
            status = cli_exit_of_store(rc);
        } else {
            rr->id = use.v[i];
            report_load_design(rr);
            got++;
        }
    }
    store_close(s);
    free(use.v);
    *out = runs;
    *n = got;
    return status;
}

/* Runs every file, stores it, and keeps it for the report. */
static int gather_files(const cli_sim *o, const char **files, int nf, report_run **out, int *n)
{
    report_run *runs = calloc((size_t)nf + 1, sizeof *runs);
    int status = EXIT_OK, got = 0;
    *out = runs;
    *n = 0;
    if (!runs) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    cli_install_signals();
    for (int i = 0; i < nf && status == EXIT_OK; i++) {
        topology *t = cli_load(files[i], NULL, &status);
        if (!t)
            break;
        if ((status = cli_view_check(t, o->view)) != EXIT_OK) { /* --view (Y16) */
            topo_free(t);
            break;
        }
        char started[32], finished[32], sha[65], abs[PATH_MAX];
        const char *path = t->path && realpath(t->path, abs) ? abs : t->path;
        mc_result *res = NULL;
        cli_now_utc(started, sizeof started);
        int rc = cli_simulate(o, t, t->name, 0, &res);
        if (rc != MC_OK) {
            if (rc == MC_EINTERRUPTED) {
                long long id = 0;
                if (res) /* kept, marked partial, as every command keeps one */
                    cli_store_run(o, t, res, started, &id);
                cli_error("interrupted while running %s: no report written", files[i]);
                status = cli_interrupted_status();
            } else {
                cli_error("cannot simulate '%s': %s", files[i], mc_strerror(rc));
                status = cli_exit_of_mc(rc);
            }
            mc_result_free(res);
            topo_free(t);
            break;
        }
        long long id = 0;
        status = cli_store_run(o, t, res, started, &id);
        cli_now_utc(finished, sizeof finished);
        report_run *rr = &runs[got++];
        rr->id = id;
        rr->res = res;
        rr->meta = calloc(1, sizeof *rr->meta);
        char *command = cli_repro_command(path, t, res);
        if (rr->meta) {
            store_meta *m = rr->meta;
            m->id = id;
            m->name = dup_str(res->name);
            m->topology_path = dup_str(path);
            if (t->text) {
                store_sha256_hex(t->text, t->text_len, sha);
                m->topology_sha256 = dup_str(sha);
                m->topology_text = malloc(t->text_len + 1);
                if (m->topology_text) {
                    memcpy(m->topology_text, t->text, t->text_len);
                    m->topology_text[t->text_len] = '\0';
                    m->topology_len = t->text_len;
                }
            }
            m->command = command;
            command = NULL;
            m->version = dup_str(NINES_VERSION);
            m->started_utc = dup_str(started);
            m->finished_utc = dup_str(finished);
        }
        free(command); /* (not taken when meta could not be made) */
        rr->topo = t;
        char shown[1024];
        if (!o->quiet)
            fprintf(stderr, "nines: ran %s%s\n", cli_term(shown, sizeof shown, files[i]),
                    id > 0 ? "" : " (not stored)");
    }
    *n = got;
    return status;
}

/* --out DIR: a folder's name, not "". */
static int set_out(void *dest, const char *flag, const char *value)
{
    if (!*value) {
        cli_error("%s needs a folder name", flag);
        return -1;
    }
    *(const char **)dest = value;
    return 0;
}

/* --run ID or --run 3,5,8: more ids. */
static int set_ids(void *dest, const char *flag, const char *value)
{
    (void)flag;
    return parse_ids(value, dest);
}

/* --last N */
static int set_last(void *dest, const char *flag, const char *value)
{
    return cli_parse_ll(flag, value, 1, 1000000, dest);
}

int cmd_report(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    const char *out = NULL;
    ids want = {0};
    long long last = 0, sens_trials = 0;
    int png = 0, no_sens = 0, nf = 0, status = EXIT_OK, n = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    report_run *runs = NULL;
    if (!files) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    const cli_opt opts[] = {
        {"out", 0, "DIR", set_out, &out, .help = "the folder to write (created if missing)"},
        {"run", 0, "ID", set_ids, &want,
         .help = "a stored run ('nines history' lists them); repeat it or\n"
                 "give a list, e.g. --run 3,5,8"},
        {"last", 0, "N", set_last, &last, .help = "the N most recent stored runs"},
        {"png", 0, NULL, cli_set_flag, &png,
         .help = "also write every chart as PNG (1280x720, for slides)"},
        {"sensitivity-trials", 0, "N", cli_set_trials, &sens_trials,
         .help = "rank the summary's changes on every design, simulating\n"
                 "each change the solver is not exact on with N trials\n"
                 "(default: exact designs of up to 200 parts only, solved)"},
        {"no-sensitivity", 0, NULL, cli_set_flag, &no_sens,
         .help = "no ranking of changes in the summary"},
        {"db", 0, "PATH", cli_set_db, &o.db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"no-db", 0, NULL, cli_set_flag, &o.no_db, .help = "with FILE...: do not store the runs"},
        {"trials", 0, "N", cli_set_trials, &o.trials, .help = ""},
        {"seed", 0, "S", cli_set_seed, &o.seed, .help = ""},
        {"threads", 0, "T", cli_set_threads, &o.threads, .help = ""},
        {"mission", 0, "D", cli_set_mission, &o.mission, .help = ""},
        {"quiet", 'q', NULL, cli_set_flag, &o.quiet, .help = "as for 'nines run'"},
        {"json", 0, NULL, cli_set_flag, &o.json, .help = NULL}, /* accepted, and ignored */
        {"view", 0, "NAME", cli_set_text, &o.view, /* --view (Y16) */
         .help = "make this view's figures each run's headline (summary,\n"
                 "figures, causes, charts, the ranking of changes)", .def = ": the system"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "report",
        .synopsis = "usage: nines report --out DIR [--db PATH] [--run ID]... [--last N] [--png]\n"
                    "                    [--sensitivity-trials N | --no-sensitivity] [--view NAME]\n"
                    "       nines report --out DIR [--trials N] [--seed S] [--threads T] [--mission D]\n"
                    "                    [--db PATH | --no-db] [--png] [--quiet]\n"
                    "                    [--sensitivity-trials N | --no-sensitivity] [--view NAME]\n"
                    "                    FILE...\n"
                    "\n"
                    "Writes DIR/report.md and a self-contained DIR/report.html (charts inline)\n"
                    "that open with a summary: the headline figures, the largest causes of\n"
                    "downtime, the three changes that gain most (as 'nines sensitivity' ranks\n"
                    "them) and the assumptions (with several runs, a table comparing them).\n"
                    "Then per run: the yearly-downtime and outage-length charts, the design as\n"
                    "run (every file it read, verbatim), the design in words and as a diagram,\n"
                    "the figures of the system, every service and view, the check against the\n"
                    "analytic solver, more charts and how to reproduce it; with several runs,\n"
                    "a chart of the designs side by side over their published reference bands.\n"
                    "Chart files (SVG) are written beside the report.\n"
                    "\n"
                    "The first form reports stored runs (default: the last one). The second\n"
                    "runs each FILE first (same seed for all), stores it, then reports them.\n"
                    "\n",
        .notes = "\n"
                 "Charts need gnuplot (package gnuplot-nox); without it the report is written,\n"
                 "each chart's script is left as a .gp file, and the exit status is 2.\n",
        .column = 15, .opts = opts, .args_name = "FILE", .args = files, .n_args = &nf};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed) {
        status = parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
        goto done;
    }
    if (!out) {
        cli_error("report needs --out DIR, the folder to write the report into");
        status = EXIT_BADINPUT;
        goto done;
    }
    if (nf > 0 && (want.n > 0 || last > 0)) {
        cli_error("report takes either stored runs (--run, --last) or FILE... to run, not both");
        status = EXIT_BADINPUT;
        goto done;
    }
    if (no_sens && sens_trials > 0) {
        cli_error("report takes --no-sensitivity or --sensitivity-trials, not both");
        status = EXIT_BADINPUT;
        goto done;
    }
    if (want.n > 0 && last > 0) {
        cli_error("report takes --run or --last, not both");
        status = EXIT_BADINPUT;
        goto done;
    }
    cli_install_signals(); /* also while drawing the charts of stored runs */
    if (nf > 0)
        status = gather_files(&o, files, nf, &runs, &n);
    else
        status = gather_stored(o.db, &want, last > 0 ? last : 1, &runs, &n);
    if (status == EXIT_OK && o.view && strcmp(o.view, "system"))
        status = headline_view(runs, n, o.view);
    if (status == EXIT_OK && n > 0) {
        report_opts ro = {out, nf > 0 && o.no_db ? NULL : o.db, png, no_sens, sens_trials,
                          o.threads, o.quiet};
        status = report_write(&ro, runs, n);
        if (!o.quiet && !*cli_stop_flag())
            fprintf(stderr, "nines: report of %d run%s written to %s/report.md and %s/report.html\n",
                    n, n == 1 ? "" : "s", out, out);
    }
done:
    for (int i = 0; runs && i < n; i++)
        report_run_release(&runs[i]);
    free(runs);
    free(want.v);
    free(files);
    return status;
}
