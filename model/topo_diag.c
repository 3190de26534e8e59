/* model/topo_diag.c — the error list of a load: adding, sorting, formatting,
 * and did-you-mean suggestions by edit distance (Levenshtein, as git's
 * "did you mean" does for commands).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "text.h"

void topo_errors_release(topo_errors *errs)
{
    if (!errs)
        return;
    for (int i = 0; i < errs->n; i++) {
        free(errs->items[i].file);
        free(errs->items[i].msg);
    }
    free(errs->items);
    errs->items = NULL;
    errs->n = errs->cap = 0;
}

const char *topo_diag_format(const topo_diag *d, char *buf, size_t len)
{
    if (d->file && d->line > 0)
        snprintf(buf, len, "%s:%d:%d: error: %s", d->file, d->line, d->col, d->msg);
    else if (d->file)
        snprintf(buf, len, "%s: error: %s", d->file, d->msg);
    else
        snprintf(buf, len, "error: %s", d->msg);
    return buf;
}

static char *dup_text(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int topo_err_vadd(topo_errors *errs, const char *file, int line, int col,
                  const char *fmt, va_list ap)
{
    char msg[1024];
    if (!errs)
        return TOPO_EINVALID;
    if (errs->n > TOPO_MAX_ERRORS)
        return TOPO_EINVALID; /* the list is full: the note below says so */
    if (errs->n == TOPO_MAX_ERRORS) {
        /* no line: sorted first among this file's errors */
        snprintf(msg, sizeof msg, "more than %d errors, only the first %d are shown (fix those first)",
                 TOPO_MAX_ERRORS, TOPO_MAX_ERRORS);
        line = col = 0;
    } else if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg) {
        /* cut short: never inside a UTF-8 sequence (a message is text) */
        size_t end = sizeof msg - 1, lead = end;
        while (lead > 0 && ((unsigned char)msg[lead - 1] & 0xc0) == 0x80)
            lead--;
        if (lead > 0) {
            unsigned char c = (unsigned char)msg[lead - 1];
            size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (need > end - (lead - 1))
                msg[lead - 1] = '\0';
        }
    }
    /* the last guard of the rule that nothing shown holds a control
       character (docs/security.md): the parts of a message are checked
       where they come from, but a name cut to fit a path ("services.NAME"
       in 512 bytes) may end inside a UTF-8 sequence; any such byte, or
       unsafe character, becomes '?' */
    for (size_t i = 0, n = strlen(msg); i < n;) {
        unsigned c = 0;
        int k = text_utf8_next((const unsigned char *)msg + i, n - i, &c);
        if (!k || !text_char_safe(c)) {
            for (int j = 0; j < (k ? k : 1); j++)
                msg[i + (size_t)j] = '?';
        }
        i += k ? (size_t)k : 1;
    }
    if (errs->n == errs->cap) {
        int cap = errs->cap ? 2 * errs->cap : 16;
        topo_diag *p = realloc(errs->items, (size_t)cap * sizeof *p);
        if (!p)
            return TOPO_ENOMEM;
        errs->items = p;
        errs->cap = cap;
    }
    topo_diag *d = &errs->items[errs->n];
    d->file = file ? dup_text(file) : NULL;
    d->msg = dup_text(msg);
    d->line = line;
    d->col = col;
    if ((file && !d->file) || !d->msg) {
        free(d->file);
        free(d->msg);
        return TOPO_ENOMEM;
    }
    errs->n++;
    return TOPO_EINVALID;
}

int topo_err_add(topo_errors *errs, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = topo_err_vadd(errs, file, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

static int file_rank(const char *f, char *const *files, int n)
{
    if (!f)
        return -1;
    for (int i = 0; i < n; i++)
        if (files[i] && !strcmp(files[i], f))
            return i;
    return n;
}

static int diag_before(const topo_diag *a, const topo_diag *b, char *const *files, int n)
{
    int fa = file_rank(a->file, files, n), fb = file_rank(b->file, files, n);
    if (fa != fb)
        return fa < fb;
    if (a->line != b->line)
        return a->line < b->line;
    return a->col < b->col;
}

void topo_err_sort(topo_errors *errs, char *const *files, int n_files)
{
    /* insertion sort: stable, and lists are short */
    for (int i = 1; i < errs->n; i++) {
        topo_diag d = errs->items[i];
        int j = i;
        while (j > 0 && diag_before(&d, &errs->items[j - 1], files, n_files)) {
            errs->items[j] = errs->items[j - 1];
            j--;
        }
        errs->items[j] = d;
    }
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *topo_suggest(const char *word, const char *const *cands, int n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(word);
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    if (limit < 2 && len >= 4)
        limit = 2;
    for (int i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = edit_distance(word, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best && best_d <= limit && best_d < len ? best : NULL;
}

const char *topo_suggest_text(const char *word, const char *const *cands, int n,
                              char *buf, size_t len)
{
    const char *s = topo_suggest(word, cands, n);
    if (s)
        snprintf(buf, len, " (did you mean '%s'?)", s);
    else if (len)
        buf[0] = '\0';
    return buf;
}
