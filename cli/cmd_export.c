/* cli/cmd_export.c — `nines export ID DIR`: writes the files kept with a
 * stored run back to a folder, laid out so that `nines run DIR/MAIN.yaml`
 * reads exactly them (docs/store-and-reports.md, "Exporting a run").
 *
 * DESIGN. Where each file goes is worked out from the include entries as
 * written, never from the stored paths: the main file goes first, and each
 * include lands where its entry, read from its including file's new place,
 * points (a bare name beside the including file, where the search looks
 * first, wherever it was found at the time). Entries that climb above the
 * main file's folder ("../profiles/x.yaml") make the main file go that many
 * folders deep, named after the folders it was in, so every ".." stays inside
 * DIR. An absolute entry cannot be moved: its file is written under
 * DIR/_absolute/ and a note says that `run` reads the absolute path. Paths
 * are built from components only (no "", "." or ".."), folders are created
 * one by one and never followed through a symbolic link, files are opened
 * with O_NOFOLLOW and, without --force, O_EXCL: nothing is written outside
 * DIR, and nothing is overwritten unless asked. Every text is checked
 * against its stored SHA-256 before anything is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_store.h"

#define MAX_PARTS 64

/* A place relative to the main file's folder: `ups` folders up, then parts. */
typedef struct place {
    int ups, n, absolute;
    const char *part[MAX_PARTS];
    char rel[4096];     /* under DIR, once laid out */
} place;

/* Applies the '/'-separated components of path (copied into buf, split in
 * place) to p. Returns 0, or -1 if there are too many. */
static int walk(place *p, char *buf)
{
    char *save = NULL;
    for (char *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (!strcmp(c, "."))
            continue;
        if (!strcmp(c, "..")) {
            if (p->n > 0)
                p->n--;
            else
                p->ups++;
            continue;
        }
        if (p->n >= MAX_PARTS)
            return -1;
        p->part[p->n++] = c;
    }
    return 0;
}

/* Creates DIR/rel's folders one by one; never through a symbolic link. */
static int make_folders(const char *dir, const char *rel, char *err, size_t n)
{
    char path[4096];
    int k = snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (k < 0 || (size_t)k >= sizeof path) {
        snprintf(err, n, "the path of %.200s under %.200s is too long", rel, dir);
        return -1;
    }
    size_t skip = strlen(dir) + 1;
    for (char *c = path + skip; (c = strchr(c, '/')) != NULL; c++) {
        *c = '\0';
        struct stat st;
        if (mkdir(path, 0777) && errno != EEXIST) {
            snprintf(err, n, "cannot create the folder %.4000s: %s", path, strerror(errno));
            return -1;
        }
        if (lstat(path, &st) || !S_ISDIR(st.st_mode)) {
            snprintf(err, n, "%.4000s is not a folder (or is a symbolic link): nothing is "
                             "written through it", path);
            return -1;
        }
        *c = '/';
    }
    return 0;
}

int cmd_export(int argc, char **argv)
{
    cli_sim o;
    cli_sim_defaults(&o);
    const char *db = o.db;
    const char **args = calloc((size_t)argc + 1, sizeof *args);
    int n_args = 0, force = 0;
    if (!args) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    const cli_opt opts[] = {
        {"db", 0, "PATH", cli_set_db, &db, .help = "the SQLite file",
         .def = "$NINES_DB, else nines.db"},
        {"force", 0, NULL, cli_set_flag, &force, .help = "overwrite files that exist"},
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "export",
        .synopsis = "usage: nines export ID DIR [--db PATH] [--force]\n"
                    "\n"
                    "Writes the files kept with the stored run ID (its main file and every\n"
                    "include, byte for byte) into the folder DIR, laid out so that 'nines run'\n"
                    "of the main file there reads exactly them. An include that climbs out of\n"
                    "the main file's folder (../x.yaml) puts the main file that many folders\n"
                    "deep; an absolute include is written under DIR/_absolute/. Nothing is\n"
                    "written outside DIR, and no file is overwritten without --force.\n"
                    "\n",
        .column = 14, .opts = opts, .args_name = "ID and DIR", .args = args, .n_args = &n_args};
    int parsed = cli_opts_parse(&spec, argc, argv);
    long long id = 0;
    const char *dir = args[1];
    if (parsed || n_args != 2 || cli_parse_ll("ID", args[0], 1, (long long)9e18, &id) || !*dir) {
        if (!parsed && n_args != 2)
            cli_error("export takes a run ID and a folder DIR (try 'nines export --help')");
        else if (!parsed && dir && !*dir)
            cli_error("export needs a folder name");
        free(args);
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    }
    store *s = cli_store_open(db, STORE_READONLY);
    if (!s) {
        free(args);
        return EXIT_RUNTIME;
    }
    mc_result *r = NULL;
    store_meta *m = NULL;
    place *pl = NULL;
    char **bufs = NULL;
    int status = EXIT_OK, n = 0;
    int rc = store_get_run(s, id, &r, &m);
    if (rc == STORE_ENOTFOUND) {
        cli_error("%s (try 'nines history --db %s')", store_errmsg(s), db);
        status = cli_exit_of_store(rc);
        goto done;
    } else if (rc != STORE_OK) {
        cli_store_error(s, rc);
        status = cli_exit_of_store(rc);
        goto done;
    }
    topo_source one;
    const topo_source *src = cli_stored_sources(m, &one, &n);
    if (!src) {
        cli_error("run %lld was stored without its topology: nothing to export", id);
        status = EXIT_BADINPUT;
        goto done;
    }
    pl = calloc((size_t)n, sizeof *pl);
    bufs = calloc((size_t)n, sizeof *bufs);
    if (!pl || !bufs) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    /* where each file goes, relative to the main file's folder */
    int deepest = 0;
    char err[8192], shown[4096];
    for (int i = 0; i < n; i++) {
        const topo_source *x = &src[i];
        if (!x->text)
            continue; /* a repeat, or a text not kept: nothing to write */
        if (m->sources_sha256 && m->sources_sha256[i]) {
            char sha[65];
            store_sha256_hex(x->text, x->len, sha);
            if (strcmp(sha, m->sources_sha256[i])) {
                cli_error("the stored text of %s does not match its SHA-256: the store is "
                          "damaged, nothing written", cli_term(shown, sizeof shown, x->path));
                status = EXIT_RUNTIME;
                goto done;
            }
        }
        const char *w = x->written ? x->written : "main.yaml";
        place *p = &pl[i];
        int bad = 0;
        if (i == 0) {
            const char *b = strrchr(w, '/');
            bufs[i] = strdup(b ? b + 1 : w);
        } else if (x->from < 0 || x->from >= i || !src[x->from].text) {
            bad = 1;
        } else if (w[0] == '/') {
            p->absolute = 1;
            bufs[i] = strdup(w);
        } else {
            const place *f = &pl[x->from];
            p->ups = f->ups;
            p->n = f->n - 1; /* its folder */
            memcpy(p->part, f->part, sizeof p->part);
            bufs[i] = strdup(w);
        }
        if (!bad && !bufs[i]) {
            cli_error("out of memory");
            status = EXIT_RUNTIME;
            goto done;
        }
        if (bad || walk(p, bufs[i]) || p->n == 0) {
            cli_error("cannot place the kept file %s (include '%s'): nothing written",
                      cli_term(shown, sizeof shown, x->path), w);
            status = EXIT_BADINPUT;
            goto done;
        }
        if (!p->absolute && p->ups > deepest)
            deepest = p->ups;
    }
    /* the folders the main file was in, named as they were (else up1, ...) */
    const char *anc[MAX_PARTS];
    char *resolved = strdup(src[0].resolved ? src[0].resolved : "");
    if (!resolved || deepest > MAX_PARTS) {
        free(resolved);
        cli_error(resolved ? "includes climb too far above the main file to export" : "out of memory");
        status = resolved ? EXIT_BADINPUT : EXIT_RUNTIME;
        goto done;
    }
    {
        char *parts[MAX_PARTS * 4];
        int np = 0;
        char *save = NULL, *last = strrchr(resolved, '/');
        if (last)
            *last = '\0'; /* its folder */
        for (char *c = strtok_r(resolved, "/", &save); c && np < MAX_PARTS * 4;
             c = strtok_r(NULL, "/", &save))
            parts[np++] = c;
        char names[MAX_PARTS][16];
        for (int k = 0; k < deepest; k++) {
            int j = np - deepest + k;
            if (last && j >= 0 && strcmp(parts[j], ".") && strcmp(parts[j], ".."))
                anc[k] = parts[j];
            else {
                snprintf(names[k], sizeof names[k], "up%d", deepest - k);
                anc[k] = names[k];
            }
        }
        for (int i = 0; i < n; i++) {
            place *p = &pl[i];
            if (!src[i].text)
                continue;
            size_t at = 0;
            p->rel[0] = '\0';
            if (p->absolute)
                at += (size_t)snprintf(p->rel, sizeof p->rel, "_absolute/");
            for (int k = 0; !p->absolute && k < deepest - p->ups; k++)
                at += (size_t)snprintf(p->rel + at, at < sizeof p->rel ? sizeof p->rel - at : 0,
                                       "%s/", anc[k]);
            for (int k = 0; k < p->n; k++)
                at += (size_t)snprintf(p->rel + at, at < sizeof p->rel ? sizeof p->rel - at : 0,
                                       "%s%s", p->part[k], k + 1 < p->n ? "/" : "");
            if (at >= sizeof p->rel) {
                free(resolved);
                cli_error("the path of %s is too long to export", src[i].path);
                status = EXIT_BADINPUT;
                goto done;
            }
        }
    }
    free(resolved);
    /* two kept files in one place must be one file */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (src[i].text && src[j].text && !strcmp(pl[i].rel, pl[j].rel) &&
                (src[i].len != src[j].len || memcmp(src[i].text, src[j].text, src[i].len))) {
                cli_error("two kept files would both be %s/%s (%s and %s): nothing written", dir,
                          pl[i].rel, src[j].path, src[i].path);
                status = EXIT_BADINPUT;
                goto done;
            }
    if (mkdir(dir, 0777) && errno != EEXIST) {
        cli_error("cannot create the folder %s: %s", dir, strerror(errno));
        status = EXIT_RUNTIME;
        goto done;
    }
    char path[8192];
    if (!force)
        for (int i = 0; i < n; i++) {
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dir, pl[i].rel);
            if (src[i].text && lstat(path, &st) == 0) {
                cli_error("%s exists: nothing written (use --force to overwrite, or another "
                          "folder)", path);
                status = EXIT_BADINPUT;
                goto done;
            }
        }
    for (int i = 0; i < n; i++) {
        if (!src[i].text)
            continue;
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= src[j].text && !strcmp(pl[i].rel, pl[j].rel);
        if (dup)
            continue;
        if (make_folders(dir, pl[i].rel, err, sizeof err)) {
            cli_error("%s", err);
            status = EXIT_RUNTIME;
            goto done;
        }
        snprintf(path, sizeof path, "%s/%s", dir, pl[i].rel);
        int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL), 0666);
        FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
        int bad = !f || fwrite(src[i].text, 1, src[i].len, f) != src[i].len;
        if (f)
            bad |= fclose(f) != 0;
        else if (fd >= 0)
            close(fd);
        if (bad) {
            cli_error("cannot write %s: %s", path, strerror(errno));
            status = EXIT_RUNTIME;
            goto done;
        }
        if (i == 0)
            printf("%s/%s  main file (was %s)\n", dir, pl[i].rel,
                   cli_term(shown, sizeof shown, src[i].resolved));
        else
            printf("%s/%s  include '%s' (was %s)\n", dir, pl[i].rel, src[i].written,
                   cli_term(shown, sizeof shown, src[i].resolved));
        if (pl[i].absolute)
            fprintf(stderr, "nines: note: include '%s' is an absolute path: 'nines run' reads "
                            "it there, not %s/%s, unless the include is changed\n",
                    src[i].written, dir, pl[i].rel);
    }
    if (m->n_sources == 0)
        fprintf(stderr, "nines: note: run %lld was stored before nines kept included files: "
                        "only its main file is exported\n", id);
    topo_set *set = NULL;
    char *set_buf = NULL;
    int n_set = cli_options_overrides(m->options, &set, &set_buf);
    fprintf(stderr, "nines: 'nines %s %s/%s", n_set > 0 ? "sweep" : "run", dir, pl[0].rel);
    for (int i = 0; i < n_set; i++) {
        char pv[2048];
        snprintf(pv, sizeof pv, "%s=%s", set[i].path, set[i].value);
        fprintf(stderr, " --set \"%s\"", cli_term(shown, sizeof shown, pv));
    }
    fprintf(stderr, " --trials %lld --seed %llu' repeats it ('nines rerun %lld' checks it)\n",
            r->trials_requested, (unsigned long long)r->seed, id);
    free(set);
    free(set_buf);
done:
    free(args);
    for (int i = 0; bufs && i < n; i++)
        free(bufs[i]);
    free(bufs);
    free(pl);
    mc_result_free(r);
    store_meta_free(m);
    store_close(s);
    return status;
}
