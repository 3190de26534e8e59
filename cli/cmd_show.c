/* cli/cmd_show.c — `nines show ID`: a stored run, printed exactly as `nines
 * run` printed it (the same printers, from the mc_result read back). */
#include <stdio.h>
#include <string.h>

#include "cli_store.h"

int cmd_show(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    int json = 0;
    long long id = 0;
    const char *id_text = NULL;
    const cli_opt opts[] = {
        {"db", 0, "PATH", cli_set_text, &o.db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"json", 0, NULL, cli_set_flag, &json,
         .help = "print the run's JSON object, as 'nines run --json' did"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "show",
        .synopsis = "usage: nines show ID [--db PATH] [--json]\n"
                    "\n"
                    "Prints the stored run ID as 'nines run' printed it ('nines history' lists\n"
                    "the ids), followed on stderr by where it came from and how to reproduce it.\n"
                    "\n",
        .column = 13, .opts = opts, .args_name = "ID", .args_max = 1, .args = &id_text};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (!id_text) {
        cli_error("show needs a run ID (try 'nines history' to list them)");
        return EXIT_BADINPUT;
    }
    if (cli_parse_ll("ID", id_text, 1, (long long)9e18, &id))
        return EXIT_BADINPUT;
    store *s = cli_store_open(o.db, STORE_READONLY);
    if (!s)
        return EXIT_RUNTIME;
    mc_result *r = NULL;
    store_meta *m = NULL;
    int rc = store_get_run(s, id, &r, &m);
    int status = EXIT_OK;
    if (rc == STORE_ENOTFOUND) {
        cli_error("%s (try 'nines history --db %s')", store_errmsg(s), o.db);
        status = cli_exit_of_store(rc);
    } else if (rc != STORE_OK) {
        cli_store_error(s, rc);
        status = cli_exit_of_store(rc);
    } else {
        if (json)
            status = cli_print_run_json(stdout, r);
        else
            cli_print_run(stdout, r);
        if (!json) {
            /* what the file says is shown, never obeyed by the terminal */
            char db[1024], at[64], ver[64], cmd[4096];
            fprintf(stderr, "run %lld of %s, started %s, nines %s; reproduce with: %s\n", id,
                    cli_term(db, sizeof db, o.db),
                    cli_term(at, sizeof at, m->started_utc ? m->started_utc : "?"),
                    cli_term(ver, sizeof ver, m->version ? m->version : "?"),
                    cli_term(cmd, sizeof cmd, m->command ? m->command : "?"));
        }
    }
    mc_result_free(r);
    store_meta_free(m);
    store_close(s);
    return status;
}
