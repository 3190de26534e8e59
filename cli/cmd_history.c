/* cli/cmd_history.c — `nines history`: the runs kept in the store, one line
 * each (or a JSON array). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"

static const char *fmt_minutes(char *buf, size_t n, double m)
{
    if (isnan(m)) {
        snprintf(buf, n, "-");
        return buf;
    }
    return cli_format_minutes(buf, n, m);
}

/* The runs as an array of objects; NULL when out of memory (jansson's
 * setters fail on a NULL object or value and free what they could not set). */
static json_t *history_json(const store_row *rows, int n)
{
    json_t *list = json_array();
    int err = !list;
    for (int i = 0; i < n && !err; i++) {
        const store_row *w = &rows[i];
        json_t *o = json_object();
        err |= json_object_set_new(o, "id", json_integer(w->id));
        err |= json_object_set_new(o, "started", cli_json_text(w->started_utc ? w->started_utc : ""));
        err |= json_object_set_new(o, "name", cli_json_text(w->name));
        err |= json_object_set_new(o, "trials", json_integer(w->trials));
        err |= json_object_set_new(o, "partial", json_boolean(w->partial));
        err |= json_object_set_new(o, "availability", cli_json_number(w->availability));
        err |= json_object_set_new(o, "nines", cli_json_number(w->nines));
        err |= json_object_set_new(o, "downtime_minutes_per_year",
                                   cli_json_number(w->downtime_min_per_year));
        err |= json_array_append_new(list, o);
    }
    if (err) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The runs as a table; the name is the last column and printed whole
 * (escaped, never cut), so a long sweep point's name keeps the others
 * aligned. Returns 0, or -1 when out of memory (nothing printed). */
static int print_table(const store_row *rows, int n)
{
    printf("%5s  %-20s  %10s  %13s  %6s  %11s  %s\n", "id", "started (UTC)", "trials",
           "availability", "nines", "downtime/yr", "name");
    for (int i = 0; i < n; i++) {
        const store_row *w = &rows[i];
        char trials[32], avail[32], dt[32];
        /* a stored name is shown, never obeyed by the terminal: an escape
           takes at most 10 characters per byte ("\\u202e" for 3 bytes) */
        size_t cap = 10 * strlen(w->name ? w->name : "") + 16;
        char *name = malloc(cap);
        if (!name)
            return -1;
        snprintf(trials, sizeof trials, "%lld%s", w->trials, w->partial ? "*" : "");
        if (isnan(w->availability))
            snprintf(avail, sizeof avail, "-");
        else
            snprintf(avail, sizeof avail, "%.6f%%", 100 * w->availability);
        char nines[32];
        if (w->availability >= 1) { /* no downtime: never the cap, the bound */
            cli_trust tr;
            cli_trust_counts(0, w->trials, 8760, &tr);
            snprintf(nines, sizeof nines, "%*s\u2265%.2f", tr.nines_lower < 10, "",
                     tr.nines_lower);
        } else {
            snprintf(nines, sizeof nines, "%6.2f", w->nines);
        }
        printf("%5lld  %-20s  %10s  %13s  %s  %11s  %s\n", w->id,
               w->started_utc ? w->started_utc : "-", trials, avail, nines,
               fmt_minutes(dt, sizeof dt, w->downtime_min_per_year),
               cli_term(name, cap, w->name));
        free(name);
    }
    return 0;
}

/* --last N */
static int set_last(void *dest, const char *flag, const char *value)
{
    return cli_parse_ll(flag, value, 1, 1000000000, dest);
}

int cmd_history(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    int json = 0;
    long long last = 0;
    const cli_opt opts[] = {
        {"last", 0, "N", set_last, &last, .help = "only the N most recent runs (still oldest first)"},
        {"db", 0, "PATH", cli_set_text, &o.db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"json", 0, NULL, cli_set_flag, &json,
         .help = "print a JSON array of objects instead of the table"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "history",
        .synopsis = "usage: nines history [--last N] [--db PATH] [--json]\n"
                    "\n"
                    "Lists the runs stored in the database, oldest first: id, when it started\n"
                    "(UTC), trials, availability, nines, mean downtime per year and the\n"
                    "design's name (whole, last). A '*' after the trials marks a partial\n"
                    "(interrupted) run.\n"
                    "'nines show ID' prints one run in full; 'nines report --run ID' writes a\n"
                    "report of it.\n"
                    "\n",
        .column = 13, .opts = opts};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    store *s = NULL;
    int rc = store_open(o.db, STORE_READONLY, &s);
    if (rc == STORE_ENOTFOUND) {
        store_close(s);
        int st = json ? cli_json_print(stdout, json_array()) : EXIT_OK;
        fprintf(stderr, "nines: no runs stored yet: there is no database at %s\n", o.db);
        return st;
    }
    if (rc != STORE_OK) {
        if (s)
            cli_store_error(s, rc);
        else
            cli_error("cannot open %s: out of memory", o.db);
        store_close(s);
        return EXIT_RUNTIME;
    }
    store_row *rows = NULL;
    int n = 0;
    rc = store_list_runs(s, &rows, &n);
    if (rc != STORE_OK) {
        cli_store_error(s, rc);
        store_close(s);
        return EXIT_RUNTIME;
    }
    int status = EXIT_OK, skip = last > 0 && last < n ? n - (int)last : 0;
    if (json)
        status = cli_json_print(stdout, history_json(rows + skip, n - skip));
    else if (n == 0)
        fprintf(stderr, "nines: no runs stored yet in %s\n", o.db);
    else if (print_table(rows + skip, n - skip)) {
        cli_error("out of memory: the history could not be printed");
        status = EXIT_RUNTIME;
    }
    store_rows_free(rows, n);
    store_close(s);
    return status;
}
