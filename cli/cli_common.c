/* cli/cli_common.c — flags, errors, signals and the progress bar shared by
 * every command. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../model/text.h"
#include "../plots/plot.h"
#include "cli.h"

/* cli_term, keeping newlines when lines is 1. */
static const char *term_text(char *buf, size_t n, const char *s, int lines)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t o = 0;
    if (!n)
        return buf;
    while (*p) {
        unsigned c = 0;
        int k = text_utf8_next(p, 4, &c);
        char piece[16];
        if (!k)
            snprintf(piece, sizeof piece, "\\x%02x", *p), k = 1;
        else if (!text_char_safe(c) && !(lines && c == '\n'))
            snprintf(piece, sizeof piece, c < 0x80 ? "\\x%02x" : "\\u%04x", c);
        else
            snprintf(piece, sizeof piece, "%.*s", k, (const char *)p);
        size_t pl = strlen(piece);
        if (o + pl + 1 > n) {
            /* cut: make room for "..." without splitting a character */
            while (o > 0 && o + 4 > n)
                for (o--; o > 0 && ((unsigned char)buf[o] & 0xc0) == 0x80; o--)
                    ;
            if (o + 4 <= n)
                memcpy(buf + o, "...", 3), o += 3;
            break;
        }
        memcpy(buf + o, piece, pl);
        o += pl;
        p += k;
    }
    buf[o] = '\0';
    return buf;
}

const char *cli_term(char *buf, size_t n, const char *s)
{
    return term_text(buf, n, s, 0);
}

void cli_error(const char *fmt, ...)
{
    char msg[4096], safe[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "nines: error: %s\n", term_text(safe, sizeof safe, msg, 1));
}

void cli_print_topo_errors(const topo_errors *errs)
{
    char buf[2048], safe[4096];
    for (int i = 0; i < errs->n; i++)
        fprintf(stderr, "%s\n", cli_term(safe, sizeof safe,
                                         topo_diag_format(&errs->items[i], buf, sizeof buf)));
}

topology *cli_load(const char *path, const topo_load_options *opts, int *status)
{
    topo_errors errs = {0};
    topology *t = NULL;
    int rc = topo_load(path, opts, &t, &errs);
    if (rc != TOPO_OK) {
        cli_print_topo_errors(&errs);
        if (rc == TOPO_ENOMEM)
            cli_error("out of memory while loading '%s'", path);
        *status = cli_exit_of_topo(rc);
    }
    topo_errors_release(&errs);
    return t;
}

int cli_parse_ll(const char *flag, const char *text, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end != text && !*end && errno == ERANGE) { /* digits, but past long long */
        cli_error("%s must be between %lld and %lld (got '%s')", flag, lo, hi, text);
        return -1;
    }
    if (end == text || *end || errno) {
        cli_error("%s takes a whole number (got '%s')", flag, text);
        return -1;
    }
    if (v < lo || v > hi) {
        cli_error("%s must be between %lld and %lld (got %lld)", flag, lo, hi, v);
        return -1;
    }
    *out = v;
    return 0;
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

void cli_sim_defaults(cli_sim *o)
{
    memset(o, 0, sizeof *o);
    o->trials = 10000;
    o->seed = 1;
    o->threads = online_cpus();
    const char *env = getenv("NINES_DB");
    o->db = env && *env ? env : "nines.db";
}

void cli_now_utc(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- progress bar ---- */

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_bar_init(cli_bar *b, const char *label, int quiet)
{
    b->enabled = !quiet && isatty(STDERR_FILENO);
    b->label = label;
    b->started = cli_now();
    b->drawn = 0;
}

const char *cli_format_eta(char *buf, size_t n, double frac, double elapsed)
{
    /* only once it means something (5% done and 2 s spent: the first chunks
       run while threads start), never an absurd one (past 4 days: none) */
    double left = frac > 0 ? elapsed / frac - elapsed : INFINITY;
    buf[0] = '\0';
    if (!(frac >= 0.05 && frac < 1 && elapsed >= 2 && left < 96 * 3600.0))
        return buf;
    long sec = (long)(left + 0.5);
    if (sec < 60)
        snprintf(buf, n, " ETA %lds", sec);
    else if (sec < 3600)
        snprintf(buf, n, " ETA %ldm%02lds", sec / 60, sec % 60);
    else
        snprintf(buf, n, " ETA %ldh%02ldm", sec / 3600, sec / 60 % 60);
    return buf;
}

void cli_progress(void *ctx, long long done, long long total)
{
    cli_bar *b = ctx;
    if (!b || !b->enabled || total <= 0)
        return;
    double frac = (double)done / (double)total;
    double el = cli_now() - b->started;
    int width = 30, fill = (int)(frac * width + 0.5);
    char bar[64];
    for (int k = 0; k < width; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[width] = 0;
    char eta[32];
    cli_format_eta(eta, sizeof eta, frac, el);
    char label[41]; /* cut at a character, never inside one */
    fprintf(stderr, "\r%s [%s] %3.0f%% %lld/%lld%s   ", cli_term(label, sizeof label, b->label),
            bar, 100 * frac, done, total, eta);
    fflush(stderr);
    b->drawn = 1;
}

void cli_bar_done(cli_bar *b)
{
    if (b && b->drawn) {
        fprintf(stderr, "\r%*s\r", 100, "");
        fflush(stderr);
        b->drawn = 0;
    }
}

size_t cli_reason_len(const char *why, const char **next)
{
    const char *sep = strstr(why, "; ");
    size_t n = sep ? (size_t)(sep - why) : strlen(why);
    *next = sep ? sep + 2 : why + n;
    return n;
}

/* cli_percent_decimals: ceil(nines) + 1, from 3 to 10 (cli/cli.h). */
int cli_percent_decimals(double nines)
{
    int d = isfinite(nines) ? (int)ceil(nines) + 1 : 3;
    return d < 3 ? 3 : d > 10 ? 10 : d;
}

const char *cli_format_minutes(char *buf, size_t n, double m)
{
    return cli_format_minutes_dec(buf, n, m, 1);
}

const char *cli_format_minutes_dec(char *buf, size_t n, double m, int decimals)
{
    if (!(m > 0))
        snprintf(buf, n, "0 min");
    else if (m < 1)
        snprintf(buf, n, "%.1f s", m * 60);
    else if (m < 120)
        snprintf(buf, n, "%.*f min", decimals, m);
    else if (m < 48 * 60)
        snprintf(buf, n, "%.1f h", m / 60);
    else
        snprintf(buf, n, "%.1f d", m / 1440);
    return buf;
}
