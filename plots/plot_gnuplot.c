/* plots/plot_gnuplot.c — the gnuplot child: building a script safely, choosing
 * the terminal, running gnuplot (or dot, plot_graph.c) through a pipe and
 * checking what it did.
 *
 * DESIGN. gnuplot runs a script; a topology's names end up in it. Strings go
 * into single-quoted gnuplot strings, where gnuplot interprets nothing but ''
 * (no backslash escapes, no `command` substitution, no @macro expansion), and
 * control characters (a newline would end the command) are replaced by
 * spaces. Labels of data points go into the inline data block as
 * tab-separated fields, never into commands. The child's stdin is a pipe
 * (the script), its stdout /dev/null and its stderr a temporary file read
 * after it exits (no deadlock however much it writes). SIGPIPE is blocked in
 * the calling thread while writing, so a gnuplot that dies early gives EPIPE,
 * not a dead caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>

#include "../model/text.h"
#include "plot_int.h"

extern char **environ;


int plot_format_ok(const char *out)
{
    const char *dot = out ? strrchr(out, '.') : NULL;
    return dot && (!strcasecmp(dot, ".svg") || !strcasecmp(dot, ".png") ||
                   !strcasecmp(dot, ".pdf"));
}

const char *plot_strerror(int code)
{
    switch (code) {
    case PLOT_OK: return "no error";
    case PLOT_ENOMEM: return "out of memory";
    case PLOT_EINVALID: return "invalid chart arguments";
    case PLOT_ENOGNUPLOT: return "gnuplot is not installed";
    case PLOT_EGNUPLOT: return "gnuplot failed";
    case PLOT_EIO: return "cannot run gnuplot";
    case PLOT_EINTR: return "interrupted";
    case PLOT_ENODOT: return "dot (Graphviz) is not installed";
    case PLOT_EDOT: return "dot failed";
    default: return "unknown plot error";
    }
}

int plot_script_begin(plot_script *g, const char *out, const char *title, char *err, size_t errlen)
{
    return plot_script_begin_tall(g, out, title, 720, err, errlen);
}

int plot_script_begin_tall(plot_script *g, const char *out, const char *title, int height,
                           char *err, size_t errlen)
{
    if (!plot_format_ok(out)) {
        snprintf(err, errlen, "cannot tell the chart format of '%s' (expected .svg, .png or .pdf)",
                 out ? out : "");
        return PLOT_EINVALID;
    }
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            snprintf(err, errlen, "a chart's file name may not hold control characters "
                                  "(byte 0x%02x): choose another name", *p);
            return PLOT_EINVALID;
        }
    const char *ext = strrchr(out, '.') + 1;
    plot_script_printf(g, "# written by nines: a chart with its data inline\n");
    plot_script_printf(g, "set encoding utf8\n");
    if (!strcasecmp(ext, "svg"))
        plot_script_printf(g, "set terminal svg size 1280,%d dynamic noenhanced font 'Helvetica,18' "
                     "background rgb 'white'\n", height);
    else if (!strcasecmp(ext, "png"))
        plot_script_printf(g, "set terminal pngcairo size 1280,%d noenhanced font 'Sans,14' "
                     "background rgb 'white'\n", height);
    else
        plot_script_printf(g, "set terminal pdfcairo size 13.33in,%.2fin noenhanced font 'Sans,14'\n",
                           7.5 * height / 720.0);
    plot_script_printf(g, "set output ");
    g->out_at = g->len;
    plot_script_path(g, out);
    g->out_end = g->len;
    plot_script_printf(g, "\nset datafile separator \"\\t\"\n");
    /* Okabe-Ito: blue, orange, bluish green, vermillion, sky blue, reddish
     * purple, yellow, black */
    static const char *const pal[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                      "#56B4E9", "#CC79A7", "#F0E442", "#000000"};
    for (int i = 0; i < 8; i++)
        plot_script_printf(g, "set linetype %d lc rgb '%s' lw 2 pt 7 ps 1.2\n", i + 1, pal[i]);
    plot_script_printf(g, "set linetype cycle 8\n");
    /* the key below the chart, in rows: it never hides data nor narrows the plot */
    plot_script_printf(g, "set key outside bottom center horizontal box opaque\n");
    plot_script_printf(g, "set border 3\nset tics nomirror out\n");
    plot_script_printf(g, "set grid ytics lc rgb '#d0d0d0' lw 1 dt 3\n");
    plot_script_printf(g, "set title ");
    plot_script_str_wrapped(g, title, 80); /* a long title on several lines, never cut */
    plot_script_printf(g, " font ',20'\n");
    return PLOT_OK;
}

int plot_on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return 0;
    char buf[4096];
    const char *p = path;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        if (n == 0)
            snprintf(buf, sizeof buf, "./%s", prog);
        else
            snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog);
        if (access(buf, X_OK) == 0)
            return 1;
        p += n;
        if (*p == ':')
            p++;
    }
    return 0;
}

static char *temp_beside(const char *out);
static void temp_drop(char *tmp);

int plot_script_save(const plot_script *g, const char *path)
{
    char *tmp = temp_beside(path);
    int e = tmp ? 0 : errno;
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    if (tmp && !f)
        e = errno;
    if (f && fwrite(g->s, 1, g->len, f) != g->len)
        e = errno ? errno : EIO;
    if (f && fclose(f) && !e)
        e = errno;
    if (tmp && !e && rename(tmp, path))
        e = errno;
    if (tmp) {
        if (e)
            remove(tmp);
        temp_drop(tmp);
    }
    return e;
}

/* gnuplot is missing: writes the script to OUT.gp (through a temporary file
 * renamed once complete) and says how to draw it. */
static int write_script_file(const plot_script *g, const char *out, char *err, size_t errlen)
{
    size_t n = strlen(out) + 4;
    char *gp = malloc(n);
    if (!gp) {
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    snprintf(gp, n, "%s.gp", out);
    int e = plot_script_save(g, gp);
    if (!e)
        snprintf(err, errlen, "gnuplot is not installed (install the gnuplot-nox package); "
                              "the chart's script and data were written to %s: run "
                              "'gnuplot %s' to draw it",
                 gp, gp);
    else
        snprintf(err, errlen, "gnuplot is not installed (install the gnuplot-nox package), "
                              "and the script could not be written to %s: %s",
                 gp, strerror(e));
    free(gp);
    return PLOT_ENOGNUPLOT;
}

/* First non-blank line of the captured stderr, or "". */
static void first_line(FILE *f, char *buf, size_t len)
{
    buf[0] = '\0';
    rewind(f);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t' || *s == '^')
            s++;
        if (*s) {
            snprintf(buf, len, "%.*s", (int)(len - 1), s);
            if (strstr(s, "rror") || strstr(s, "line "))
                return; /* keep the most telling line */
        }
    }
}

/* Writes the script into the pipe with SIGPIPE blocked in this thread.
 * Returns 0, -1 on a write error (gnuplot died), -2 if a signal interrupted
 * a write (EINTR). */
static int write_all(int fd, const char *s, size_t len)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    int rc = 0;
    while (len > 0) {
        ssize_t w = write(fd, s, len);
        if (w < 0) {
            rc = errno == EINTR ? -2 : -1;
            break;
        }
        s += w;
        len -= (size_t)w;
    }
    if (rc == -1) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
            ; /* drop the SIGPIPE we caused */
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* The process's umask, read without changing it (umask(2) would, and is not
 * thread-safe): from /proc/self/status on Linux, else the usual 022. */
static mode_t current_umask(void)
{
    unsigned mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Umask: %o", &mask) == 1)
            break;
    if (f)
        fclose(f);
    return (mode_t)(mask & 0777);
}

/* A new temporary file beside out ("DIR/.nines-XXXXXX") for the child to
 * write; returns its malloc'ed name, or NULL with errno (no room, or the
 * folder is not writable: gnuplot then writes out itself and reports why it
 * cannot). */
static char *temp_beside(const char *out)
{
    const char *slash = strrchr(out, '/');
    size_t dir = slash ? (size_t)(slash - out) + 1 : 0;
    size_t n = dir + sizeof ".nines-XXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        return NULL;
    snprintf(tmp, n, "%.*s.nines-XXXXXX", (int)dir, out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return NULL;
    }
    plot_temp_track(tmp); /* removed by plot_abandon if nines must exit at once */
    /* mkstemp makes it 0600: give the chart the mode a new file would get */
    (void)fchmod(fd, 0666 & ~current_umask());
    close(fd);
    return tmp;
}

/* Forgets a temporary file made by temp_beside (renamed or removed) and
 * frees its name. */
static void temp_drop(char *tmp)
{
    plot_temp_untrack(tmp);
    free(tmp);
}

/* The script with its output name replaced by tmp (into *h). */
static void retarget(const plot_script *g, const char *tmp, plot_script *h)
{
    plot_script_printf(h, "%.*s", (int)g->out_at, g->s);
    plot_script_path(h, tmp);
    plot_script_printf(h, "%s", g->s + g->out_end);
}

/* Waits for the child; returns 0, or -2 if a signal interrupted the wait. */
static int wait_child(pid_t pid, int *status)
{
    if (waitpid(pid, status, 0) == pid)
        return 0;
    return errno == EINTR ? -2 : -1;
}


int plot_child_draw(const char *prog, char *const argv[], plot_script *g, int to_stdout,
                    const char *out, int failed, char *err, size_t errlen)
{
    int rc = PLOT_OK;
    FILE *errf = NULL;
    int fds[2] = {-1, -1};
    int spawned = 0;
    pid_t pid = 0;
    posix_spawn_file_actions_t fa;
    int fa_ok = 0;
    char *tmp = NULL;
    plot_script h = {0};
    const plot_script *script = g;

    if (g->oom) {
        snprintf(err, errlen, "out of memory");
        rc = PLOT_ENOMEM;
        goto done;
    }
    if (!plot_on_path(prog)) {
        rc = PLOT_ENOPROG;
        goto done;
    }
    errf = tmpfile();
    if (!errf || pipe(fds)) {
        snprintf(err, errlen, "cannot run %s: %s", prog, strerror(errno));
        rc = PLOT_EIO;
        goto done;
    }
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    remove(out); /* so that a stale drawing never passes for a new one */
    if ((to_stdout || g->out_end > g->out_at) && (tmp = temp_beside(out)) == NULL && to_stdout) {
        snprintf(err, errlen, "cannot write %s: %s", out, strerror(errno));
        rc = PLOT_EIO;
        goto done;
    }
    if (posix_spawn_file_actions_init(&fa)) {
        snprintf(err, errlen, "out of memory");
        rc = PLOT_ENOMEM;
        goto done;
    }
    fa_ok = 1;
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    if (to_stdout)
        posix_spawn_file_actions_addopen(&fa, 1, tmp, O_WRONLY | O_TRUNC, 0);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
    if (fds[0] != 0) /* (a parent without stdin may get the pipe as fd 0) */
        posix_spawn_file_actions_addclose(&fa, fds[0]);
    if (tmp && !to_stdout) {
        retarget(g, tmp, &h);
        if (h.oom) {
            snprintf(err, errlen, "out of memory");
            rc = PLOT_ENOMEM;
            goto done;
        }
        script = &h;
    }
    int e = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
    close(fds[0]);
    fds[0] = -1;
    if (e) {
        if (e == ENOENT) {
            rc = PLOT_ENOPROG;
        } else {
            snprintf(err, errlen, "cannot run %s: %s", prog, strerror(e));
            rc = PLOT_EIO;
        }
        goto done;
    }
    spawned = 1;
    plot_child_track(pid);
    int werr = write_all(fds[1], script->s, script->len);
    close(fds[1]);
    fds[1] = -1;
    int status = 0;
    if (werr == -2 || wait_child(pid, &status) == -2) {
        /* a caught signal: the caller wants to stop, not to wait for a drawing */
        kill(pid, SIGKILL);
        snprintf(err, errlen, "interrupted while drawing %s", out);
        rc = PLOT_EINTR;
        goto done;
    }
    spawned = 0;
    plot_child_untrack(pid);
    char line[400];
    first_line(errf, line, sizeof line);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || werr) {
        snprintf(err, errlen, "%s failed drawing %s: %s", prog, out,
                 *line ? line : "it exited with an error");
        rc = failed;
        goto done;
    }
    struct stat st;
    const char *drawn = tmp ? tmp : out;
    if (stat(drawn, &st) || st.st_size == 0) {
        snprintf(err, errlen, "%s did not write %s%s%s", prog, out, *line ? ": " : "", line);
        rc = failed;
    } else if (tmp && rename(tmp, out)) {
        snprintf(err, errlen, "cannot write %s: %s", out, strerror(errno));
        rc = PLOT_EIO;
    }
done:
    if (spawned) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        plot_child_untrack(pid);
    }
    if (tmp) {
        if (rc != PLOT_OK)
            remove(tmp);
        temp_drop(tmp);
    }
    plot_script_free(&h);
    if (fa_ok)
        posix_spawn_file_actions_destroy(&fa);
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    if (errf)
        fclose(errf);
    return rc;
}

int plot_script_run(plot_script *g, const char *out, char *err, size_t errlen)
{
    char *argv[] = {(char *)"gnuplot", NULL};
    plot_script_printf(g, "unset output\n");
    int rc = plot_child_draw("gnuplot", argv, g, 0, out, PLOT_EGNUPLOT, err, errlen);
    if (rc == PLOT_ENOPROG)
        rc = write_script_file(g, out, err, errlen);
    plot_script_free(g);
    return rc;
}
