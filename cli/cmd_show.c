/* cli/cmd_show.c — `nines show ID`: a stored run, printed exactly as `nines
 * run` printed it (the same printers, from the mc_result read back). */
#include <stdio.h>
#include <string.h>

#include "cli_store.h"

/* --design: the files kept with the run and the laws read from them (never
 * from the disk), after the run's table, or as "design" in its JSON. */
static void print_design(FILE *f, const store_meta *m, const topology *t, const char *why)
{
    char a[256], b[256], c[256], shown[4096];
    topo_source one;
    int n = 0;
    const topo_source *src = cli_stored_sources(m, &one, &n);
    fprintf(f, "\ndesign as run (from the files kept with the run, never re-read from the disk):\n");
    for (int i = 0; i < n; i++) {
        if (!src[i].text)
            continue;
        const char *sha = m->sources_sha256 && m->sources_sha256[i] ? m->sources_sha256[i]
                          : i == 0 && m->topology_sha256 ? m->topology_sha256 : "?";
        if (i == 0)
            fprintf(f, "  file     %s  sha256 %s\n", cli_term(shown, sizeof shown, src[i].resolved), sha);
        else
            fprintf(f, "  include  %s  sha256 %s\n", cli_term(shown, sizeof shown, src[i].resolved), sha);
    }
    if (m->n_sources == 0)
        fprintf(f, "  includes not kept (run stored before nines kept them)\n");
    if (!t) {
        fprintf(f, "  laws     unknown: %s\n", cli_term(shown, sizeof shown, why));
        return;
    }
    for (int i = 0; i < t->n_laws; i++) {
        const topo_law *l = &t->laws[i];
        fprintf(f, "  law      %s: fail %s, repair %s", cli_term(shown, sizeof shown, l->name),
                law_describe(&l->fail, a, sizeof a), law_describe(&l->repair, b, sizeof b));
        if (!law_is_none(&l->detect))
            fprintf(f, ", detect %s", law_describe(&l->detect, c, sizeof c));
        fputc('\n', f);
    }
}

static json_t *design_json(const store_meta *m, const topology *t, const char *why)
{
    char a[256];
    topo_source one;
    int n = 0;
    const topo_source *src = cli_stored_sources(m, &one, &n);
    json_t *d = json_object(), *files = json_array(), *laws = json_array();
    if (!d || !files || !laws) {
        json_decref(d);
        json_decref(files);
        json_decref(laws);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (!src[i].text)
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "path", cli_json_text(src[i].resolved));
        json_object_set_new(o, "written", cli_json_text(src[i].written));
        json_object_set_new(o, "sha256", cli_json_text(m->sources_sha256 && m->sources_sha256[i]
                                                           ? m->sources_sha256[i]
                                                           : m->topology_sha256));
        json_array_append_new(files, o);
    }
    json_object_set_new(d, "files", files);
    json_object_set_new(d, "includes_kept", json_boolean(m->n_sources > 0));
    for (int i = 0; t && i < t->n_laws; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", cli_json_text(t->laws[i].name));
        json_object_set_new(o, "fail", cli_json_text(law_describe(&t->laws[i].fail, a, sizeof a)));
        json_object_set_new(o, "repair", cli_json_text(law_describe(&t->laws[i].repair, a, sizeof a)));
        json_object_set_new(o, "detect", cli_json_text(law_describe(&t->laws[i].detect, a, sizeof a)));
        json_array_append_new(laws, o);
    }
    json_object_set_new(d, "laws", laws);
    if (!t)
        json_object_set_new(d, "error", cli_json_text(why));
    return d;
}

int cmd_show(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    int json = 0, design = 0;
    long long id = 0;
    const char *id_text = NULL;
    const cli_opt opts[] = {
        {"db", 0, "PATH", cli_set_text, &o.db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"json", 0, NULL, cli_set_flag, &json,
         .help = "print the run's JSON object, as 'nines run --json' did"},
        {"design", 0, NULL, cli_set_flag, &design,
         .help = "also the files kept with the run and the laws read\nfrom them"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "show",
        .synopsis = "usage: nines show ID [--db PATH] [--json] [--design]\n"
                    "\n"
                    "Prints the stored run ID as 'nines run' printed it ('nines history' lists\n"
                    "the ids), followed on stderr by where it came from and how to reproduce it.\n"
                    "\n",
        .column = 13, .opts = opts, .args_name = "ID", .args_max = 1, .args = &id_text};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed)
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    if (cli_run_id("show", id_text, &id))
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
        /* the design from the kept files only: a file changed on the disk
           since changes nothing here */
        char why[700] = "";
        topology *t = cli_stored_design(m, why, sizeof why, NULL);
        if (json && design) {
            json_t *doc = cli_run_json(r);
            if (doc && json_object_set_new(doc, "design", design_json(m, t, why))) {
                json_decref(doc);
                doc = NULL;
            }
            status = cli_json_print(stdout, doc);
        } else if (json) {
            status = cli_print_run_json(stdout, r);
        } else {
            cli_print_run_design(stdout, r, t); /* a range's alike services as one row (Y16) */
            if (design)
                print_design(stdout, m, t, why);
        }
        if (!json) {
            char sh[1400];
            int includes = 0;
            for (int i = 1; i < m->n_sources; i++)
                includes += m->sources[i].text != NULL;
            if (m->n_sources == 0 && !t)
                fprintf(stderr, "its included files were not kept (stored before nines kept "
                                "them): %s\n", cli_term(sh, sizeof sh, why));
            else if (m->n_sources > 0)
                fprintf(stderr, "kept with it: the main file and %d include%s ('nines export %lld "
                                "DIR' writes them back, 'nines rerun %lld' repeats it)\n",
                        includes, includes == 1 ? "" : "s", id, id);
        }
        topo_free(t);
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
