/* data/ref.c — reference tables: published availability figures read from
 * CSV files (data/reference/NAME.csv), found in the data folder, joined per
 * design into a band.
 *
 * DESIGN: a small RFC 4180 reader (quoted fields, "" inside quotes) over the
 * whole file in memory; lines starting with '#' are comments and become the
 * table's `source`. The header must start with design,low_percent,high_percent.
 * Every figure is checked (a number, 0..100, low <= high) and the first error
 * is reported with its line and column. Nothing here prints.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static char *dup_s(const char *s)
{
    return dup_n(s, strlen(s));
}

/* ---- the table ---- */

void ref_table_free(ref_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_rows; i++) {
        free(t->rows[i].design);
        free(t->rows[i].extra);
    }
    free(t->rows);
    free(t->name);
    free(t->path);
    free(t->source);
    free(t);
}

/* The table's name: the base name of path without ".csv". */
static char *name_of(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && !strcasecmp(b + n - 4, ".csv"))
        n -= 4;
    return dup_n(b, n);
}

/* ---- CSV fields of one record ---- */

typedef struct field {
    char *text;   /* unquoted, owned */
    int col;      /* 1-based column where the field starts */
} field;

typedef struct record {
    field *f;
    int n, cap;
} record;

static void record_clear(record *r)
{
    for (int i = 0; i < r->n; i++)
        free(r->f[i].text);
    r->n = 0;
}

static void record_release(record *r)
{
    record_clear(r);
    free(r->f);
    r->f = NULL;
    r->cap = 0;
}

static int record_push(record *r, char *text, int col)
{
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 8;
        field *f = realloc(r->f, (size_t)cap * sizeof *f);
        if (!f)
            return -1;
        r->f = f;
        r->cap = cap;
    }
    r->f[r->n].text = text;
    r->f[r->n].col = col;
    r->n++;
    return 0;
}

/* Reads one record starting at *p (not a comment line) up to the end of its
 * line (quoted fields may span lines). Advances *p and *line. Returns 0,
 * REF_ENOMEM, or REF_EPARSE with the diagnostic written. */
static int read_record(const char **p, const char *end, int *line, const char *path,
                       record *r, char *err, size_t errlen)
{
    const char *s = *p, *line_start = s;
    record_clear(r);
    for (;;) {
        int col = (int)(s - line_start) + 1;
        char *buf = NULL;
        size_t n = 0;
        if (s < end && *s == '"') {
            int start_line = *line;
            buf = malloc((size_t)(end - s) + 1);
            if (!buf)
                return REF_ENOMEM;
            s++;
            for (;;) {
                if (s >= end) {
                    free(buf);
                    set_err(err, errlen, "%s:%d:%d: error: unterminated quoted field "
                            "(expected a closing '\"')", path, start_line, col);
                    return REF_EPARSE;
                }
                if (*s == '"') {
                    if (s + 1 < end && s[1] == '"') {
                        buf[n++] = '"';
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                if (*s == '\n') {
                    (*line)++;
                    line_start = s + 1;
                }
                buf[n++] = *s++;
            }
            buf[n] = 0;
            if (s < end && *s != ',' && *s != '\n' && *s != '\r') {
                free(buf);
                set_err(err, errlen, "%s:%d:%d: error: unexpected '%c' after a quoted field "
                        "(expected ',' or the end of the line)", path, *line,
                        (int)(s - line_start) + 1, *s);
                return REF_EPARSE;
            }
        } else {
            const char *b = s;
            while (s < end && *s != ',' && *s != '\n' && *s != '\r')
                s++;
            /* trim blanks around an unquoted field */
            const char *e = s;
            while (b < e && (*b == ' ' || *b == '\t'))
                b++, col++;
            while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            buf = dup_n(b, (size_t)(e - b));
            if (!buf)
                return REF_ENOMEM;
        }
        if (record_push(r, buf, col)) {
            free(buf);
            return REF_ENOMEM;
        }
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        if (s < end && *s == '\r')
            s++;
        if (s < end && *s == '\n')
            s++;
        (*line)++;
        *p = s;
        return 0;
    }
}

static int blank_record(const record *r)
{
    return r->n == 1 && !r->f[0].text[0];
}

/* Parses a percent figure ("99.9", "99.9%") into a ratio. */
static int parse_percent(const char *text, double *ratio)
{
    char *e;
    errno = 0;
    double v = strtod(text, &e);
    if (e == text || errno)
        return -1;
    if (*e == '%')
        e++;
    if (*e || !isfinite(v) || v < 0 || v > 100)
        return -1;
    *ratio = v / 100.0;
    return 0;
}

static int append_source(char **src, size_t *len, const char *b, size_t n)
{
    char *s = realloc(*src, *len + n + 2);
    if (!s)
        return -1;
    if (*len)
        s[(*len)++] = '\n';
    memcpy(s + *len, b, n);
    *len += n;
    s[*len] = 0;
    *src = s;
    return 0;
}

static const char *const HEADER[3] = {"design", "low_percent", "high_percent"};

int ref_parse(const char *text, size_t len, const char *path, ref_table **out,
              char *err, size_t errlen)
{
    const char *p = text, *end = text + len;
    int line = 1, rc = REF_OK, have_header = 0, cap = 0;
    size_t src_len = 0;
    record r = {0};
    ref_table *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t || !(t->name = name_of(path)) || !(t->path = dup_s(path)) ||
        !(t->source = dup_s(""))) {
        rc = REF_ENOMEM;
        goto fail;
    }
    while (p < end) {
        if (*p == '#') {
            const char *b = p + 1, *e = memchr(p, '\n', (size_t)(end - p));
            if (!e)
                e = end;
            p = e < end ? e + 1 : end;
            if (b < e && *b == ' ')
                b++;
            const char *ee = e;
            if (ee > b && ee[-1] == '\r')
                ee--;
            if (append_source(&t->source, &src_len, b, (size_t)(ee - b))) {
                rc = REF_ENOMEM;
                goto fail;
            }
            line++;
            continue;
        }
        int rec_line = line;
        if ((rc = read_record(&p, end, &line, path, &r, err, errlen)))
            goto fail;
        if (blank_record(&r))
            continue;
        if (!have_header) {
            for (int k = 0; k < 3; k++) {
                if (k >= r.n || strcasecmp(r.f[k].text, HEADER[k])) {
                    set_err(err, errlen, "%s:%d:%d: error: bad header: column %d is '%s' "
                            "(expected design,low_percent,high_percent,...)", path, rec_line,
                            k < r.n ? r.f[k].col : 1, k + 1, k < r.n ? r.f[k].text : "");
                    rc = REF_EPARSE;
                    goto fail;
                }
            }
            have_header = 1;
            continue;
        }
        if (r.n < 3) {
            set_err(err, errlen, "%s:%d:%d: error: %d field%s on this row (expected at least 3: "
                    "design,low_percent,high_percent)", path, rec_line, 1, r.n, r.n == 1 ? "" : "s");
            rc = REF_EPARSE;
            goto fail;
        }
        if (!r.f[0].text[0]) {
            set_err(err, errlen, "%s:%d:1: error: empty design name (expected the name a "
                    "topology's reference: key gives)", path, rec_line);
            rc = REF_EPARSE;
            goto fail;
        }
        double v[2];
        for (int k = 1; k <= 2; k++) {
            if (parse_percent(r.f[k].text, &v[k - 1])) {
                set_err(err, errlen, "%s:%d:%d: error: bad %s '%s' (expected a percentage "
                        "between 0 and 100, such as 99.9)", path, rec_line, r.f[k].col,
                        HEADER[k], r.f[k].text);
                rc = REF_EPARSE;
                goto fail;
            }
        }
        if (v[0] > v[1]) {
            set_err(err, errlen, "%s:%d:%d: error: low_percent %s is above high_percent %s "
                    "(expected low <= high)", path, rec_line, r.f[1].col, r.f[1].text, r.f[2].text);
            rc = REF_EPARSE;
            goto fail;
        }
        if (t->n_rows == cap) {
            int nc = cap ? 2 * cap : 8;
            ref_row *rows = realloc(t->rows, (size_t)nc * sizeof *rows);
            if (!rows) {
                rc = REF_ENOMEM;
                goto fail;
            }
            t->rows = rows;
            cap = nc;
        }
        ref_row *row = &t->rows[t->n_rows];
        memset(row, 0, sizeof *row);
        row->low = v[0];
        row->high = v[1];
        row->line = rec_line;
        size_t xl = 1;
        for (int k = 3; k < r.n; k++)
            xl += strlen(r.f[k].text) + 2;
        row->design = dup_s(r.f[0].text);
        row->extra = malloc(xl);
        t->n_rows++;
        if (!row->design || !row->extra) {
            rc = REF_ENOMEM;
            goto fail;
        }
        row->extra[0] = 0;
        for (int k = 3; k < r.n; k++) {
            if (k > 3)
                strcat(row->extra, ", ");
            strcat(row->extra, r.f[k].text);
        }
    }
    if (!have_header) {
        set_err(err, errlen, "%s:%d:1: error: no header line (expected "
                "design,low_percent,high_percent,...)", path, line);
        rc = REF_EPARSE;
        goto fail;
    }
    record_release(&r);
    *out = t;
    return REF_OK;
fail:
    if (rc == REF_ENOMEM)
        set_err(err, errlen, "%s: error: out of memory", path);
    record_release(&r);
    ref_table_free(t);
    return rc;
}

int ref_load(const char *path, ref_table **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, errlen, "%s: error: cannot read the reference table (%s)", path,
                strerror(errno));
        return REF_EIO;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int rc = REF_OK;
    while (buf) {
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (!buf) {
        set_err(err, errlen, "%s: error: out of memory", path);
        rc = REF_ENOMEM;
    } else if (ferror(f)) {
        set_err(err, errlen, "%s: error: cannot read the reference table (%s)", path,
                strerror(errno));
        rc = REF_EIO;
    } else {
        rc = ref_parse(buf, n, path, out, err, errlen);
    }
    free(buf);
    fclose(f);
    return rc;
}

/* Compares names ignoring case and surrounding blanks. */
static int same_design(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && isspace((unsigned char)a[na - 1]))
        na--;
    while (nb && isspace((unsigned char)b[nb - 1]))
        nb--;
    return na == nb && !strncasecmp(a, b, na);
}

int ref_band(const ref_table *t, const char *design, double *low, double *high)
{
    int n = 0;
    if (!t || !design)
        return 0;
    for (int i = 0; i < t->n_rows; i++) {
        const ref_row *r = &t->rows[i];
        if (!same_design(r->design, design))
            continue;
        if (!n || r->low < *low)
            *low = r->low;
        if (!n || r->high > *high)
            *high = r->high;
        n++;
    }
    return n;
}

/* ---- the data folder ---- */

static int is_dir(const char *p)
{
    struct stat st;
    return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static int has_csv(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    if (!d)
        return 0;
    while (!found && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        found = n > 4 && !strcasecmp(e->d_name + n - 4, ".csv");
    }
    closedir(d);
    return found;
}

int ref_find_dir(char *buf, size_t len, char *err, size_t errlen)
{
    char cand[6][PATH_MAX];
    int n = 0;
    const char *env = getenv("NINES_DATA");
    if (env && *env) {
        snprintf(cand[n++], PATH_MAX, "%s/reference", env);
        if (has_csv(env))
            snprintf(cand[n++], PATH_MAX, "%s", env);
    }
    snprintf(cand[n++], PATH_MAX, "data/reference");
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(cand[n++], PATH_MAX, "%.*s/data/reference", PATH_MAX - 32, exe);
            snprintf(cand[n++], PATH_MAX, "%.*s/../share/nines/reference", PATH_MAX - 32, exe);
        }
    }
    snprintf(cand[n++], PATH_MAX, "/usr/local/share/nines/reference");
    for (int i = 0; i < n; i++) {
        if (is_dir(cand[i]) && has_csv(cand[i])) {
            if (strlen(cand[i]) >= len) {
                set_err(err, errlen, "%s: error: path too long", cand[i]);
                return REF_ENOTFOUND;
            }
            strcpy(buf, cand[i]);
            return REF_OK;
        }
    }
    if (is_dir("/usr/share/nines/reference") && has_csv("/usr/share/nines/reference")) {
        snprintf(buf, len, "/usr/share/nines/reference");
        return REF_OK;
    }
    set_err(err, errlen, "no reference tables found (looked in $NINES_DATA/reference, "
            "./data/reference, next to the nines binary and PREFIX/share/nines/reference)");
    return REF_ENOTFOUND;
}

void ref_names_free(char **names, int n)
{
    if (!names)
        return;
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ref_list(const char *dir, char ***names, int *n, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    int cnt = 0, cap = 0;
    *names = NULL;
    *n = 0;
    if (!d) {
        set_err(err, errlen, "%s: error: cannot read the reference folder (%s)", dir,
                strerror(errno));
        return REF_EIO;
    }
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcasecmp(e->d_name + len - 4, ".csv") || e->d_name[0] == '.')
            continue;
        if (cnt == cap) {
            int nc = cap ? 2 * cap : 8;
            char **nv = realloc(v, (size_t)nc * sizeof *nv);
            if (!nv)
                goto nomem;
            v = nv;
            cap = nc;
        }
        if (!(v[cnt] = dup_n(e->d_name, len - 4)))
            goto nomem;
        cnt++;
    }
    closedir(d);
    if (cnt)
        qsort(v, (size_t)cnt, sizeof *v, cmp_names);
    *names = v;
    *n = cnt;
    return REF_OK;
nomem:
    closedir(d);
    ref_names_free(v, cnt);
    set_err(err, errlen, "%s: error: out of memory", dir);
    return REF_ENOMEM;
}

int ref_load_named(const char *dir, const char *name, ref_table **out,
                   char *err, size_t errlen)
{
    char **names;
    int n, rc;
    *out = NULL;
    if ((rc = ref_list(dir, &names, &n, err, errlen)))
        return rc;
    int found = -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            found = i;
    if (found < 0) {
        size_t used = 0;
        set_err(err, errlen, "unknown reference '%s' (expected one of:", name);
        used = err ? strlen(err) : 0;
        for (int i = 0; err && i < n && used + 2 < errlen; i++) {
            snprintf(err + used, errlen - used, " %s", names[i]);
            used = strlen(err);
        }
        if (err && used + 2 < errlen)
            snprintf(err + used, errlen - used, "%s)", n ? "" : " none found");
        ref_names_free(names, n);
        return REF_ENOTFOUND;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    ref_names_free(names, n);
    return ref_load(path, out, err, errlen);
}

int ref_pick(const char *dir, const char *const *keys, int n, ref_table **out,
             char *err, size_t errlen)
{
    char **names;
    int cnt, rc, best_score = 0;
    ref_table *best = NULL;
    *out = NULL;
    if ((rc = ref_list(dir, &names, &cnt, err, errlen)))
        return rc;
    for (int i = 0; i < cnt; i++) {
        ref_table *t;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.csv", dir, names[i]);
        if ((rc = ref_load(path, &t, err, errlen)))
            break;
        int score = 0;
        double lo, hi;
        for (int k = 0; k < n; k++)
            if (keys[k] && ref_band(t, keys[k], &lo, &hi))
                score++;
        if (score > best_score) {
            ref_table_free(best);
            best = t;
            best_score = score;
        } else {
            ref_table_free(t);
        }
    }
    ref_names_free(names, cnt);
    if (rc) {
        ref_table_free(best);
        return rc;
    }
    *out = best;
    return REF_OK;
}
