/* tests/test_plot_signals.c — a chart is written whole or not at all: gnuplot
 * draws into a temporary file beside the output that is renamed once complete
 * (with the mode a new file gets) and removed on failure; a caught signal
 * while gnuplot draws kills it (PLOT_EINTR), leaving no child and no file.
 * Fake gnuplots (shell scripts first on PATH) make failures and signals
 * happen on cue, without timing. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot.h"

static char dir[256];

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

/* Number of entries of folder d whose name starts with ".nines-". */
static int temps_in(const char *d)
{
    DIR *dp = opendir(d);
    int n = 0;
    struct dirent *e;
    while (dp && (e = readdir(dp)))
        n += strncmp(e->d_name, ".nines-", 7) == 0;
    if (dp)
        closedir(dp);
    return n;
}

/* Puts an executable `gnuplot` with body `body` in DIR/NAME and returns the
 * PATH to use (malloc'ed): that folder first. */
static char *fake_gnuplot(const char *name, const char *body)
{
    char bin[300], exe[340];
    path_of(bin, sizeof bin, name);
    mkdir(bin, 0755);
    snprintf(exe, sizeof exe, "%s/gnuplot", bin);
    FILE *f = fopen(exe, "w");
    if (!f)
        return NULL;
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(exe, 0755);
    const char *old = getenv("PATH");
    size_t n = strlen(bin) + (old ? strlen(old) : 0) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s:%s", bin, old ? old : "");
    return path;
}

static int draw_bars(const char *out, char *err, size_t errlen)
{
    double v[3] = {12.5, 3.25, 0.75};
    const char *l[3] = {"db", "api", "lb"};
    return plot_bars(out, "downtime", "minutes per year", l, v, NULL, NULL, 3, err, errlen);
}

static void test_chart_renamed_whole_with_umask_mode(void)
{
    char sub[300], out[340], err[1024] = "";
    path_of(sub, sizeof sub, "ok");
    mkdir(sub, 0755);
    snprintf(out, sizeof out, "%s/bars.svg", sub);
    mode_t old = umask(027);
    int rc = draw_bars(out, err, sizeof err);
    umask(old);
    CU_ASSERT_EQUAL(rc, PLOT_OK);
    struct stat st;
    CU_ASSERT_EQUAL(stat(out, &st), 0);
    CU_ASSERT(st.st_size > 500);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0640);
    CU_ASSERT_EQUAL(temps_in(sub), 0);
}

static void test_failed_gnuplot_leaves_nothing(void)
{
    char sub[300], out[340], err[1024] = "";
    path_of(sub, sizeof sub, "fail");
    mkdir(sub, 0755);
    snprintf(out, sizeof out, "%s/bars.svg", sub);
    /* an old chart must not pass for the new one */
    FILE *f = fopen(out, "w");
    if (f) {
        fputs("<svg>stale</svg>\n", f);
        fclose(f);
    }
    char *saved = strdup(getenv("PATH"));
    char *path = fake_gnuplot("bin-fail", "cat >/dev/null\necho 'line 3: boom' >&2\nexit 1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    setenv("PATH", path, 1);
    int rc = draw_bars(out, err, sizeof err);
    setenv("PATH", saved, 1);
    free(saved);
    free(path);
    CU_ASSERT_EQUAL(rc, PLOT_EGNUPLOT);
    CU_ASSERT(strstr(err, "boom") != NULL);
    CU_ASSERT(access(out, F_OK) != 0);
    CU_ASSERT_EQUAL(temps_in(sub), 0);
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

static void test_signal_kills_gnuplot(void)
{
    char sub[300], out[340], err[1024] = "";
    path_of(sub, sizeof sub, "sig");
    mkdir(sub, 0755);
    snprintf(out, sizeof out, "%s/bars.svg", sub);
    /* this gnuplot does not draw: once the script has started to arrive it
       signals its parent until it is killed (giving up after 100 signals, so
       that a regression fails instead of hanging) */
    char *saved = strdup(getenv("PATH"));
    char *path = fake_gnuplot("bin-sig", "read line\nn=0\n"
                                         "while [ $n -lt 100 ] && kill -USR1 $PPID; do\n"
                                         "    n=$((n + 1)); sleep 0.1\ndone");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_RESTART, as nines's own handler */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old);
    setenv("PATH", path, 1);
    int rc = draw_bars(out, err, sizeof err);
    setenv("PATH", saved, 1);
    sigaction(SIGUSR1, &old, NULL);
    free(saved);
    free(path);
    CU_ASSERT_EQUAL(rc, PLOT_EINTR);
    CU_ASSERT(got_usr1);
    CU_ASSERT(strstr(err, "interrupted") != NULL);
    CU_ASSERT_STRING_EQUAL(plot_strerror(PLOT_EINTR), "interrupted");
    CU_ASSERT(access(out, F_OK) != 0);
    CU_ASSERT_EQUAL(temps_in(sub), 0);
    /* gnuplot was killed and reaped: no child is left */
    errno = 0;
    CU_ASSERT_EQUAL(waitpid(-1, NULL, WNOHANG), -1);
    CU_ASSERT_EQUAL(errno, ECHILD);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_chart_renamed_whole_with_umask_mode);
    HARNESS_ADD(s, test_failed_gnuplot_leaves_nothing);
    HARNESS_ADD(s, test_signal_kills_gnuplot);
}

int main(void)
{
    snprintf(dir, sizeof dir, "build/tests/plotsig-XXXXXX");
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = harness_run("plot_signals", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
