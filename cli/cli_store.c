/* cli/cli_store.c — storing runs from the commands, and printing store
 * failures with the fix. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_store.h"

/* The folder that holds path ("." for a bare name); 0 if it does not fit. */
static int folder_of(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    if (n + 1 > len)
        return 0;
    memcpy(buf, !slash ? "." : path, n);
    buf[n] = '\0';
    return 1;
}

void cli_store_error(const store *s, int code)
{
    const char *path = store_path(s);
    char fix[4096], dir[1024];
    switch (code) {
    case STORE_EBUSY:
        snprintf(fix, sizeof fix, "another nines is writing to it: try again, or use --db OTHER.db");
        break;
    case STORE_EREADONLY:
        if (access(path, W_OK) == 0 && folder_of(path, dir, sizeof dir) &&
            access(dir, W_OK) != 0)
            /* WAL mode keeps PATH-wal and PATH-shm beside the file */
            snprintf(fix, sizeof fix, "its folder %s is read-only and SQLite must create "
                                      "%s-wal and %s-shm there: make the folder writable, or "
                                      "use --db OTHER.db or --no-db", dir, path, path);
        else
            snprintf(fix, sizeof fix, "make it writable with 'chmod u+w %s', or use --db "
                                      "OTHER.db or --no-db", path);
        break;
    case STORE_ECORRUPT:
        snprintf(fix, sizeof fix, "move it aside with 'mv %s %s.bad', or use --db OTHER.db",
                 path, path);
        break;
    case STORE_EFULL:
        snprintf(fix, sizeof fix, "free some disk space or raise 'ulimit -f', or use --db on "
                                  "another disk");
        break;
    case STORE_EIO:
        if (access(path, F_OK) != 0 && folder_of(path, dir, sizeof dir) &&
            access(dir, F_OK) != 0)
            snprintf(fix, sizeof fix, "its folder %s does not exist: create it, or use "
                                      "--db OTHER.db or --no-db", dir);
        else if (access(path, F_OK) != 0 && folder_of(path, dir, sizeof dir) &&
                 access(dir, W_OK) != 0)
            snprintf(fix, sizeof fix, "its folder %s is not writable: use --db OTHER.db "
                                      "or --no-db", dir);
        else
            snprintf(fix, sizeof fix, "check the path and its permissions, or use --db "
                                      "OTHER.db");
        break;
    case STORE_ENOTFOUND:
        snprintf(fix, sizeof fix, "'nines history --db %s' lists the stored runs; "
                                  "'nines run FILE' stores one", path);
        break;
    default:
        fix[0] = '\0';
    }
    if (*fix)
        cli_error("%s (%s)", store_errmsg(s), fix);
    else
        cli_error("%s", store_errmsg(s));
}

store *cli_store_open(const char *path, int mode)
{
    store *s = NULL;
    int rc = store_open(path, mode, &s);
    if (rc == STORE_OK)
        return s;
    if (!s)
        cli_error("cannot open %s: out of memory", path);
    else
        cli_store_error(s, rc);
    store_close(s);
    return NULL;
}

/* Appends text to buf, quoted for a POSIX shell where needed. */
int cli_run_id(const char *cmd, const char *text, long long *id)
{
    if (!text) {
        cli_error("%s needs a run ID (try 'nines history' to list them)", cmd);
        return -1;
    }
    return cli_parse_ll("ID", text, 1, (long long)9e18, id) ? -1 : 0;
}

static void shell_word(char *buf, size_t len, const char *w)
{
    size_t n = strlen(buf);
    int plain = *w != '\0';
    for (const char *p = w; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:+,@%",
                    *p))
            plain = 0;
    if (plain) {
        snprintf(buf + n, len - n, "%s", w);
        return;
    }
    if (n + 1 < len)
        buf[n++] = '\'', buf[n] = '\0';
    for (const char *p = w; *p && n + 5 < len; p++) {
        if (*p == '\'') {
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else {
            buf[n++] = *p;
        }
        buf[n] = '\0';
    }
    if (n + 1 < len)
        buf[n++] = '\'', buf[n] = '\0';
}

/* Room for shell_word(w): every character quoted at worst, plus quotes. */
static size_t word_room(const char *w)
{
    return 4 * strlen(w ? w : "FILE") + 3;
}

char *cli_repro_command(const char *path, const topology *t, const mc_result *r)
{
    const char *ov = t->overrides;
    size_t len = word_room(path) + 192 + (ov ? 4 * strlen(ov) + 16 * 8 : 0) + cli_repro_z14_room(r);
    for (const char *p = ov; p && *p; p++)
        len += *p == '\n' ? 16 : 0;
    char *buf = malloc(len);
    if (!buf)
        return NULL;
    snprintf(buf, len, "nines %s ", ov ? "sweep" : "run");
    shell_word(buf, len, path ? path : "FILE");
    for (const char *p = ov; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t k = nl ? (size_t)(nl - p) : strlen(p);
        char *one = strndup(p, k);
        if (!one) {
            free(buf);
            return NULL;
        }
        size_t n = strlen(buf);
        snprintf(buf + n, len - n, " --set ");
        shell_word(buf, len, one);
        free(one);
        p += k + (nl ? 1 : 0);
    }
    size_t n = strlen(buf);
    snprintf(buf + n, len - n, " --trials %lld --seed %llu", r->trials_requested,
             (unsigned long long)r->seed);
    if (t->mission > 0 && r->mission_hours != t->mission) {
        n = strlen(buf);
        snprintf(buf + n, len - n, " --mission %.17gh", r->mission_hours);
    }
    cli_repro_z14(buf, len, r); /* --at, --window, --until-failure, --start (issue 14) */
    if (r->rare) { /* rare events (issue 18) */
        n = strlen(buf);
        snprintf(buf + n, len - n, " --rare is");
    } else if (!r->rare_note) {
        /* crude without auto's note: --rare off was asked for (or the run
           predates issue 18); auto might now choose importance sampling */
        n = strlen(buf);
        snprintf(buf + n, len - n, " --rare off");
    }
    if (r->exp_sampler != MC_EXP_ZIGGURAT) { /* issue 18: not the default sampler */
        n = strlen(buf);
        snprintf(buf + n, len - n, " --exp-sampler %s", cli_exp_name(r->exp_sampler));
    }
    return buf;
}

char *cli_run_options(const topology *t, const mc_result *r)
{
    const char *ov = t->overrides ? t->overrides : "";
    size_t len = 192 + 2 * strlen(ov); /* 32 more for exp_sampler (issue 18) */
    char *buf = malloc(len);
    if (!buf)
        return NULL;
    int n = snprintf(buf, len, "trials=%lld seed=%llu threads=%d mission=%.17gh",
                     r->trials_requested, (unsigned long long)r->seed, r->threads,
                     r->mission_hours);
    if (r->rare) /* rare events (issue 18) */
        n += snprintf(buf + n, len - (size_t)n, " rare=is");
    if (r->exp_sampler != MC_EXP_ZIGGURAT) /* issue 18 */
        n += snprintf(buf + n, len - (size_t)n, " exp_sampler=%s", cli_exp_name(r->exp_sampler));
    for (const char *p = ov; *p;) {
        const char *nl = strchr(p, '\n');
        int k = nl ? (int)(nl - p) : (int)strlen(p);
        n += snprintf(buf + n, len - (size_t)n, "\nset %.*s", k, p);
        p += k + (nl ? 1 : 0);
    }
    return buf;
}

int cli_options_overrides(const char *options, topo_set **set, char **buf)
{
    *set = NULL;
    *buf = NULL;
    int lines = 0;
    for (const char *p = options; p && *p; p++)
        lines += *p == '\n';
    if (!lines)
        return 0;
    if (!(*buf = strdup(options)) || !(*set = calloc((size_t)lines, sizeof **set))) {
        free(*buf);
        *buf = NULL;
        return -1;
    }
    int n = 0;
    char *save = NULL;
    for (char *line = strtok_r(*buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strncmp(line, "set ", 4) ? NULL : strchr(line + 4, '=');
        if (!eq || eq == line + 4)
            continue; /* the first line, or not one of ours */
        *eq = '\0';
        (*set)[n].path = line + 4;
        (*set)[n].value = eq + 1;
        n++;
    }
    if (!n) {
        free(*set);
        free(*buf);
        *set = NULL;
        *buf = NULL;
    }
    return n;
}

int cli_store_run(const cli_sim *o, const topology *t, const mc_result *r,
                  const char *started_utc, long long *run_id)
{
    *run_id = 0;
    if (o->no_db || mc_mpi_rank() > 0) /* under MPI only rank 0 stores */
        return EXIT_OK;
    store *s = cli_store_open(o->db, STORE_READWRITE);
    if (!s)
        return EXIT_RUNTIME;
    char finished[32], abs[PATH_MAX];
    /* the absolute path: a report made from another folder still finds the
       file's includes, and the command reproduces the run from anywhere */
    const char *path = t->path && realpath(t->path, abs) ? abs : t->path;
    char *options = cli_run_options(t, r), *command = cli_repro_command(path, t, r);
    if (!options || !command) {
        free(options);
        free(command);
        store_close(s);
        cli_error("out of memory: the run could not be stored");
        return EXIT_RUNTIME;
    }
    cli_now_utc(finished, sizeof finished);
    store_run_info in = {0};
    in.topology_path = path;
    in.topology_text = t->text;
    in.topology_len = t->text ? t->text_len : 0;
    in.sources = t->sources;
    in.n_sources = t->n_sources;
    in.options = options;
    in.command = command;
    in.version = NINES_VERSION;
    in.started_utc = started_utc;
    in.finished_utc = finished;
    int rc = store_put_run(s, &in, r, run_id);
    if (rc != STORE_OK)
        cli_store_error(s, rc);
    store_close(s);
    free(options);
    free(command);
    return cli_exit_of_store(rc);
}

int cli_store_batch_run(cli_store_batch *b, const cli_sim *o, const topology *t,
                        const mc_result *r, const char *started_utc, long long *run_id)
{
    *run_id = 0;
    if (o->no_db)
        return EXIT_OK;
    b->total++;
    if (b->failed)
        return EXIT_RUNTIME;
    int st = cli_store_run(o, t, r, started_utc, run_id);
    if (st == EXIT_OK)
        b->stored++;
    else
        b->failed = 1;
    return st;
}

void cli_store_batch_done(const cli_store_batch *b, const cli_sim *o)
{
    char db[1024];
    if (b->failed)
        fprintf(stderr, "nines: note: %d of %d runs stored in %s; %d not stored (each stored "
                        "run is whole; the figures printed are complete)\n",
                b->stored, b->total, cli_term(db, sizeof db, o->db), b->total - b->stored);
}

const topo_source *cli_stored_sources(const store_meta *m, topo_source *one, int *n)
{
    *n = 0;
    if (m && m->n_sources > 0) {
        *n = m->n_sources;
        return m->sources;
    }
    if (!m || !m->topology_text)
        return NULL;
    memset(one, 0, sizeof *one);
    one->from = -1;
    one->same = -1;
    one->written = one->path = one->resolved =
        m->topology_path ? m->topology_path : (char *)"stored.yaml";
    one->text = m->topology_text;
    one->len = m->topology_len;
    *n = 1;
    return one;
}

topology *cli_stored_design(const store_meta *m, char *why, size_t n, int *status)
{
    topo_source one;
    int n_src = 0;
    const topo_source *src = cli_stored_sources(m, &one, &n_src);
    if (status)
        *status = EXIT_BADINPUT;
    if (!src) {
        snprintf(why, n, "the run was stored without its topology");
        return NULL;
    }
    /* a sweep's point: the design with the overrides it was run with */
    topo_set *set = NULL;
    char *set_buf = NULL;
    int n_set = cli_options_overrides(m->options, &set, &set_buf);
    if (n_set < 0) {
        snprintf(why, n, "out of memory");
        if (status)
            *status = EXIT_RUNTIME;
        return NULL;
    }
    topo_load_options lo = {.set = set, .n_set = n_set};
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load_sources(src, n_src, &lo, &t, &errs);
    free(set);
    free(set_buf);
    if (rc) {
        char buf[600] = "unknown error";
        if (errs.n > 0)
            topo_diag_format(&errs.items[0], buf, sizeof buf);
        if (m->n_sources == 0 && errs.n > 0 && strstr(errs.items[0].msg, "was not kept"))
            snprintf(why, n, "its included files were not kept (the run was stored before "
                             "nines kept them, schema 4), and are not re-read from the disk");
        else
            snprintf(why, n, "%s", buf);
        if (status)
            *status = rc == TOPO_ENOMEM ? EXIT_RUNTIME : EXIT_BADINPUT;
        t = NULL;
    }
    topo_errors_release(&errs);
    return t;
}
