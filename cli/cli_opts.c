/* cli/cli_opts.c — options from a table: one driver (getopt_long) parses
 * every command's flags, prints its help and names an unknown option with
 * its did-you-mean, all from the command's cli_opt table (cli.h). */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../plots/plot.h"
#include "cli.h"

enum {
    MAX_OPTS = 48,     /* rows in one table */
    LONG_VAL = 0x100   /* getopt_long's value for row i: LONG_VAL + i */
};

/* ---- help ---- */

/* The left column of row o: its label, or "--name ARG". */
static void label_of(const cli_opt *o, char *buf, size_t n)
{
    if (o->label)
        snprintf(buf, n, "%s", o->label);
    else if (o->arg)
        snprintf(buf, n, "--%s %s", o->name, o->arg);
    else
        snprintf(buf, n, "--%s", o->name);
}

/* s, each of its newlines followed by indent spaces. */
static void put_text(FILE *f, const char *s, int indent)
{
    for (; *s; s++) {
        fputc(*s, f);
        if (*s == '\n')
            fprintf(f, "%*s", indent, "");
    }
}

void cli_opts_help(const cli_cmd *c, FILE *f)
{
    int indent = 2 + c->column;
    fputs(c->synopsis, f);
    for (const cli_opt *o = c->opts; o->name; o++) {
        char label[256], one[128];
        size_t len = 0;
        if (!o->help)
            continue;
        label[0] = '\0';
        for (;; o++) { /* rows with help "" share the next one's line */
            label_of(o, one, sizeof one);
            len += (size_t)snprintf(label + len, sizeof label - len, "%s%s", len ? ", " : "", one);
            if (len >= sizeof label)
                len = sizeof label - 1;
            if (*o->help || !o[1].name)
                break;
        }
        fprintf(f, "  %s", label);
        if ((int)len + 2 > c->column)
            fprintf(f, "\n%*s", indent, "");
        else
            fprintf(f, "%*s", c->column - (int)len, "");
        put_text(f, o->help, indent);
        if (o->def)
            fprintf(f, " (default%s%s)", o->def[0] == ':' ? "" : " ", o->def);
        if (o->more)
            put_text(f, o->more, indent);
        fputc('\n', f);
    }
    if (c->notes)
        fputs(c->notes, f);
}

/* ---- errors ---- */

/* "unknown option '--trails' for run (did you mean '--trials'?)": the
 * suggestion is the nearest of the table's names. */
static void unknown_option(const cli_cmd *c, const char *arg)
{
    char names[MAX_OPTS][64], word[64];
    const char *cands[MAX_OPTS], *best = NULL;
    int n = 0;
    for (const cli_opt *o = c->opts; o->name && n < MAX_OPTS; o++, n++) {
        snprintf(names[n], sizeof names[n], "--%s", o->name);
        cands[n] = names[n];
    }
    /* "--trails=5" is looked up as "--trails" */
    snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
    if (n)
        best = topo_suggest(word, cands, n);
    if (best)
        cli_error("unknown option '%s' for %s (did you mean '%s'?)", arg, c->name, best);
    else
        cli_error("unknown option '%s' for %s (try 'nines %s --help')", arg, c->name, c->name);
}

/* 1 if argv element a spells row o's long name whole ("--trials",
 * "--trials=5"), not one of getopt's abbreviations ("--tri"). */
static int whole_name(const char *a, const cli_opt *o)
{
    size_t n = strlen(o->name);
    return !strncmp(a, "--", 2) && !strncmp(a + 2, o->name, n) && (!a[2 + n] || a[2 + n] == '=');
}

/* Takes positional argument a (the n-th); -1 (printed) if c takes no more. */
static int take_arg(const cli_cmd *c, const char *a, int *n)
{
    if (!c->args_name) {
        cli_error("unknown argument '%s' for %s (try 'nines %s --help')", a, c->name, c->name);
        return -1;
    }
    if (c->args_max && *n >= c->args_max) {
        cli_error("%s takes one %s (got '%s' and '%s')", c->name, c->args_name, c->args[0], a);
        return -1;
    }
    c->args[(*n)++] = a;
    if (c->n_args)
        *c->n_args = *n;
    return 0;
}

/* ---- the driver ---- */

/* The row of getopt_long's result r (a row's LONG_VAL + i or its short name). */
static const cli_opt *row_of(const cli_cmd *c, int r)
{
    if (r >= LONG_VAL)
        return &c->opts[r - LONG_VAL];
    for (const cli_opt *o = c->opts; o->name; o++)
        if (o->short_name && o->short_name == r)
            return o;
    return NULL;
}

int cli_opts_parse(const cli_cmd *c, int argc, char **argv)
{
    struct option lo[MAX_OPTS + 1];
    /* '-': options and arguments in order (an argument comes back as 1);
       ':': a missing value comes back as ':' */
    char shorts[2 + 2 * MAX_OPTS + 1] = "-:";
    int n = 0, k = 2, n_args = 0;
    for (const cli_opt *o = c->opts; o->name; o++, n++) {
        if (n == MAX_OPTS) {
            cli_error("%s declares more than %d options", c->name, MAX_OPTS);
            return -1;
        }
        lo[n].name = o->name;
        lo[n].has_arg = o->arg ? required_argument : no_argument;
        lo[n].flag = NULL;
        lo[n].val = LONG_VAL + n;
        if (o->short_name) {
            shorts[k++] = (char)o->short_name;
            if (o->arg)
                shorts[k++] = ':';
        }
    }
    memset(&lo[n], 0, sizeof lo[n]);
    shorts[k] = '\0';
    if (c->n_args)
        *c->n_args = 0;

    optind = 0; /* a fresh scan */
    opterr = 0; /* errors are ours */
    for (;;) {
        /* the element getopt_long reads next: a new one, or the rest of
           a group of short options ("-qz") */
        int at = optind ? optind : 1;
        const char *cur = at < argc ? argv[at] : "";
        int r = getopt_long(argc, argv, shorts, lo, NULL);
        if (r == -1)
            break;
        if (r == 1) {
            if (take_arg(c, optarg, &n_args))
                return -1;
            continue;
        }
        const cli_opt *o = row_of(c, r == ':' ? optopt : r);
        if (r == '?' || !o || (cur[1] == '-' && !whole_name(cur, o))) {
            unknown_option(c, cur);
            return -1;
        }
        char flag[80];
        snprintf(flag, sizeof flag, "--%s", o->name);
        if (r == ':') {
            cli_error("%s needs a value", flag);
            return -1;
        }
        if (!o->set) {
            cli_opts_help(c, stdout);
            return 1;
        }
        if (o->set(o->dest, flag, o->arg ? optarg : NULL))
            return -1;
    }
    for (int i = optind; i < argc; i++) /* after "--" */
        if (take_arg(c, argv[i], &n_args))
            return -1;
    return 0;
}

/* ---- setters ---- */

int cli_set_flag(void *dest, const char *flag, const char *value)
{
    (void)flag, (void)value;
    *(int *)dest = 1;
    return 0;
}

int cli_set_text(void *dest, const char *flag, const char *value)
{
    (void)flag;
    *(const char **)dest = value;
    return 0;
}

int cli_set_trials(void *dest, const char *flag, const char *value)
{
    return cli_parse_ll(flag, value, 1, 1000000000000LL, dest);
}

int cli_set_seed(void *dest, const char *flag, const char *value)
{
    long long n;
    if (cli_parse_ll(flag, value, 0, LLONG_MAX, &n))
        return -1;
    *(uint64_t *)dest = (uint64_t)n;
    return 0;
}

int cli_set_threads(void *dest, const char *flag, const char *value)
{
    long long n;
    if (cli_parse_ll(flag, value, 1, 256, &n))
        return -1;
    *(int *)dest = (int)n;
    return 0;
}

int cli_set_mission(void *dest, const char *flag, const char *value)
{
    char why[128];
    double h;
    if (units_parse_duration(value, &h, why, sizeof why) || h <= 0) {
        cli_error("%s takes a positive duration with a unit such as 10y or 500d (got '%s'%s%s)",
                  flag, value, h <= 0 && !why[0] ? "" : ": ", why);
        return -1;
    }
    if (h > TOPO_MAX_MISSION) {
        cli_error("%s over 10000y is absurd (got '%s')", flag, value);
        return -1;
    }
    if (h < TOPO_MIN_MISSION) {
        cli_error("%s under 1m is too short to measure anything (got '%s')", flag, value);
        return -1;
    }
    *(double *)dest = h;
    return 0;
}

int cli_set_db(void *dest, const char *flag, const char *value)
{
    if (!*value) {
        cli_error("%s needs a file name", flag);
        return -1;
    }
    *(const char **)dest = value;
    return 0;
}

int cli_set_chart(void *dest, const char *flag, const char *value)
{
    if (!plot_format_ok(value)) {
        cli_error("%s takes a file ending in .svg, .png or .pdf (got '%s')", flag, value);
        return -1;
    }
    *(const char **)dest = value;
    return 0;
}
