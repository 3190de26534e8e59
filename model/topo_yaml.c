/* model/topo_yaml.c — YAML text to the loader's own tree (ynode), with
 * positions, through libfyaml's event parser; limits against alias bombs;
 * overrides (`--set a.b.c=VALUE`) applied to the tree.
 *
 * libfyaml's diagnostics are collected through its diag API (never printed)
 * and turned into our errors at libfyaml's own position (marks start at 0:
 * we add 1; its collected diagnostics already start at 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "model_int.h"
#include "text.h"

static ynode *node_new(ydoc *doc, ynode_type type, const char *file, const struct fy_mark *m)
{
    ynode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->file = file;
    n->line = m ? m->line + 1 : 0;
    n->col = m ? m->column + 1 : 0;
    n->next_alloc = doc->nodes;
    doc->nodes = n;
    return n;
}

ynode *topo_yaml_node_new(ydoc *doc, ynode_type type, const char *file, int line, int col)
{
    ynode *n = node_new(doc, type, file, NULL);
    if (n) {
        n->line = line;
        n->col = col;
    }
    return n;
}

static int node_push(ynode *parent, ynode *kid)
{
    if (parent->n == parent->cap) {
        int cap = parent->cap ? 2 * parent->cap : 8;
        ynode **p = realloc(parent->kids, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        parent->kids = p;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = kid;
    return 0;
}

/* The text of a single-quoted scalar from its source raw[0..n) (between the
 * quotes): '' is a quote; a line break with the blanks around it folds to a
 * space, k breaks in a row to k - 1 newlines (YAML 1.2, 7.3.2). libfyaml
 * 0.7's fy_token_get_text leaks a buffer on a scalar with a run of escaped
 * quotes ('a''''''''b'), so nines decodes these itself. Returns a malloc'ed
 * string and its length in *lenp, or NULL. */
static char *single_quoted_text(const char *raw, size_t n, size_t *lenp)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0, line_start = 0;
    while (i < n) {
        char c = raw[i];
        if (c == '\'' && i + 1 < n && raw[i + 1] == '\'') {
            out[o++] = '\'';
            i += 2;
            continue;
        }
        if (c != '\r' && c != '\n') {
            out[o++] = c;
            i++;
            continue;
        }
        while (o > line_start && (out[o - 1] == ' ' || out[o - 1] == '\t'))
            o--;
        int breaks = 0;
        while (i < n) {
            if (raw[i] == '\r' || raw[i] == '\n') {
                i += raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n' ? 2 : 1;
                breaks++;
            } else if (raw[i] == ' ' || raw[i] == '\t') {
                i++;
            } else {
                break;
            }
        }
        if (breaks == 1)
            out[o++] = ' ';
        for (int k = 1; k < breaks; k++)
            out[o++] = '\n';
        line_start = o;
    }
    out[o] = '\0';
    *lenp = o;
    return out;
}

/* A token's text as a malloc'ed string (its length in *lenp, which may be
 * NULL); src[0..srclen) is the parsed text, for single-quoted scalars. */
static char *token_text(struct fy_token *t, const char *src, size_t srclen, size_t *lenp)
{
    size_t len = 0;
    if (t && src && fy_token_get_type(t) == FYTT_SCALAR &&
        fy_token_scalar_style(t) == FYSS_SINGLE_QUOTED) {
        const struct fy_mark *a = fy_token_start_mark(t), *b = fy_token_end_mark(t);
        if (a && b && a->input_pos <= b->input_pos && b->input_pos <= srclen) {
            char *p = single_quoted_text(src + a->input_pos, b->input_pos - a->input_pos, &len);
            if (lenp)
                *lenp = len;
            return p;
        }
    }
    const char *s = t ? fy_token_get_text(t, &len) : "";
    if (!s)
        s = "", len = 0;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    if (lenp)
        *lenp = len;
    return p;
}

void topo_yaml_free(ydoc *doc)
{
    if (!doc)
        return;
    ynode *n = doc->nodes;
    while (n) {
        ynode *next = n->next_alloc;
        free(n->text);
        free(n->kids);
        free(n);
        n = next;
    }
    doc->nodes = NULL;
    doc->root = NULL;
}

ynode *topo_yaml_deref(ynode *n)
{
    int guard = 0;
    while (n && n->type == Y_ALIAS && guard++ < 100)
        n = n->target;
    return n && n->type == Y_ALIAS ? NULL : n;
}

typedef struct anchor { char *name; ynode *node; } anchor;

/* Whether code point c may appear in a topology's text: not a C0 control
 * (tab and newline only where lines are allowed), DEL, a C1 control, or a
 * bidirectional formatting character (which reorders what a terminal shows). */
static int text_char_ok(unsigned c, int lines)
{
    if (c == '\t' || c == '\n')
        return lines;
    return text_char_safe(c);
}

/* Checks a scalar's len bytes. Names and values may hold printable text only;
 * `lines` (a description) also allows tabs and newlines. On a bad character
 * returns -1 and writes into why the text with the character shown as \xNN
 * or \uNNNN. Nothing a topology says can then reach a terminal as a control
 * sequence (docs/security.md). */
static int text_check(const char *text, size_t len, int lines, char *why, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, o = 0;
    int bad = 0, full = 0;
    while (i < len) {
        unsigned c = 0;
        int k = text_utf8_next(s + i, len - i, &c);
        int ok = k && text_char_ok(c, lines);
        bad |= !ok;
        char piece[16];
        if (!k)
            snprintf(piece, sizeof piece, "\\x%02x", s[i]), k = 1;
        else if (!ok || c == '\t' || c == '\n') /* the message is one line */
            snprintf(piece, sizeof piece, c < 0x80 ? "\\x%02x" : "\\u%04x", c);
        else
            snprintf(piece, sizeof piece, "%.*s", k, (const char *)s + i);
        i += (size_t)k;
        if (full) /* why is full: keep looking for a bad character */
            continue;
        size_t pl = strlen(piece);
        if (o + pl + 4 >= n) {
            if (o + 4 < n)
                memcpy(why + o, "...", 4), o += 3;
            full = 1;
            continue;
        }
        memcpy(why + o, piece, pl + 1);
        o += pl;
    }
    if (o < n)
        why[o] = '\0';
    return bad ? -1 : 0;
}

/* Refuses text that is not UTF-8 before libfyaml sees it: libfyaml 0.7 loops
 * for ever on some invalid bytes (a directive line "%\xe3"), reads a file
 * that starts with FF FE as UTF-16 (an "empty" file), and crashes on some
 * NUL bytes. Returns 0, or TOPO_EINVALID with one error at the first bad
 * byte (columns count characters, as libfyaml's do). */
static int utf8_check(const char *text, size_t len, const char *file, topo_errors *errs)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    int line = 1, col = 1;
    while (i < len) {
        unsigned c = 0;
        int k = text_utf8_next(s + i, len - i, &c);
        if (!k) {
            topo_err_add(errs, file, line, col,
                         "not UTF-8 text: byte 0x%02x (expected a UTF-8 encoded file)", s[i]);
            return TOPO_EINVALID;
        }
        if (c == 0) { /* libfyaml 0.7 crashes on "? h:\t" followed by NUL */
            topo_err_add(errs, file, line, col, "NUL byte in the file (expected UTF-8 text)");
            return TOPO_EINVALID;
        }
        i += (size_t)k;
        if (c == '\n')
            line++, col = 1;
        else
            col++;
    }
    return TOPO_OK;
}

void topo_yaml_text_clean(char *s)
{
    size_t len = strlen(s), i = 0, o = 0;
    while (i < len) {
        unsigned c = 0;
        int k = text_utf8_next((const unsigned char *)s + i, len - i, &c);
        if (!k || !text_char_ok(c, 0)) {
            s[o++] = '?';
            i += k ? (size_t)k : 1;
        } else {
            memmove(s + o, s + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    s[o] = '\0';
}

static void diag_drop(struct fy_diag *d, void *user, const char *buf, size_t len)
{
    (void)d, (void)user, (void)buf, (void)len;
}

/* A hint for libfyaml's error at (line, col) of text (both from 1; columns
 * count characters): a range such as compute[01:20] written unquoted inside
 * a flow list or mapping makes libfyaml say "missing comma in flow sequence"
 * at its '['. Writes " (the range ... must be quoted ...)" into hint, or "". */
static void range_hint(const char *text, size_t len, int line, int col, const char *msg,
                       char *hint, size_t n)
{
    static const char seq[] = "missing comma in flow sequence",
                      map[] = "missing comma in flow mapping";
    size_t i = 0;
    hint[0] = '\0';
    int in_seq = !strncmp(msg, seq, sizeof seq - 1);
    if ((!in_seq && strncmp(msg, map, sizeof map - 1)) || line < 1 || col < 1)
        return;
    for (int l = 1; l < line && i < len; i++)
        l += text[i] == '\n';
    for (int c = 1; c < col && i < len && text[i] != '\n'; i++)
        c += ((unsigned char)text[i] & 0xC0) != 0x80 && /* a character's first byte */
             (i + 1 >= len || ((unsigned char)text[i + 1] & 0xC0) != 0x80);
    if (i >= len || text[i] != '[' || i == 0)
        return;
    /* the name before '[' (back to a flow indicator or a blank), then the
       bracket up to ']' holding a ':', then the rest of the name */
    size_t a = i, z = i + 1;
    while (a > 0 && !strchr(" \t\n,[]{}", text[a - 1]))
        a--;
    while (z < len && text[z] != ']' && !strchr(" \t\n,[{}", text[z]))
        z++;
    if (a == i || z >= len || text[z] != ']' || !memchr(text + i, ':', z - i))
        return;
    z++;
    while (z < len && !strchr(" \t\n,[]{}:", text[z]))
        z++;
    int w = (int)(z - a) < 120 ? (int)(z - a) : 120;
    snprintf(hint, n, " (the range '%.*s' must be quoted inside %s: write \"%.*s\", or use a "
             "block %s)", w, text + a, in_seq ? "[...]" : "{...}", w, text + a,
             in_seq ? "list" : "mapping");
}

/* Copies libfyaml's collected errors into errs; returns how many. text is
 * the parsed text, for hints. */
static int take_fy_errors(struct fy_diag *diag, const char *file, const char *text, size_t len,
                          topo_errors *errs)
{
    void *it = NULL;
    struct fy_diag_error *e;
    int n = 0;
    while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
        if (e->type < FYET_ERROR)
            continue;
        const char *raw = e->msg ? e->msg : "malformed YAML";
        char msg[512];
        /* libfyaml quotes the input ("invalid escape '<DEL>'"): shown escaped */
        text_check(raw, strlen(raw), 0, msg, sizeof msg);
        /* collected errors already count lines and columns from 1 (unlike
           marks): a tab at the very start of a file is reported at 1:1 */
        char hint[400];
        range_hint(text, len, e->line, e->column, msg, hint, sizeof hint);
        topo_err_add(errs, file, e->line, e->column, "%s%s", msg, hint);
        n++;
        break; /* the first parse error; later ones are its echoes */
    }
    return n;
}

int topo_yaml_parse(const char *text, size_t len, const char *file, ydoc *doc, topo_errors *errs)
{
    struct fy_diag_cfg dcfg;
    struct fy_diag *diag;
    struct fy_parser *fyp = NULL;
    struct fy_event *ev;
    ynode *stack[YAML_MAX_DEPTH + 2];
    int depth = 0, docs = 0, rc = TOPO_OK;
    anchor *anchors = NULL;
    int n_anchors = 0, cap_anchors = 0;
    long n_values = 0, n_aliases = 0;

    doc->root = NULL;
    doc->nodes = NULL;
    if (len > (size_t)TOPO_MAX_FILE_BYTES) {
        topo_err_add(errs, file, 0, 0, "larger than %ld MB (expected a topology of at most %ld MB)",
                     TOPO_MAX_FILE_BYTES >> 20, TOPO_MAX_FILE_BYTES >> 20);
        return TOPO_EINVALID;
    }
    if (utf8_check(text, len, file, errs))
        return TOPO_EINVALID;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_drop;
    dcfg.colorize = false;
    diag = fy_diag_create(&dcfg);
    if (!diag)
        return TOPO_ENOMEM;
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg = {.search_path = "", .flags = FYPCF_QUIET, .diag = diag};
    fyp = fy_parser_create(&pcfg);
    if (!fyp || fy_parser_set_string(fyp, text, len)) {
        rc = TOPO_ENOMEM;
        goto done;
    }
    while ((ev = fy_parser_parse(fyp)) != NULL) {
        ynode *n = NULL;
        struct fy_token *anchor_tok = NULL;
        const struct fy_mark *m = fy_event_start_mark(ev);
        switch (ev->type) {
        case FYET_DOCUMENT_START:
            docs++;
            break;
        case FYET_SCALAR:
            n = node_new(doc, Y_SCALAR, file, m);
            if (n) {
                size_t tl = 0;
                n->text = token_text(ev->scalar.value, text, len, &tl);
                /* a description's value may hold lines; nothing may hold controls */
                ynode *up = depth > 0 ? stack[depth - 1] : NULL;
                int lines = up && up->type == Y_MAP && up->n % 2 == 1 &&
                            up->kids[up->n - 1]->type == Y_SCALAR &&
                            !strcmp(up->kids[up->n - 1]->text, "description");
                const char *tt = n->text;
                char shown[200];
                /* a key is a name or a keyword; `name:` is the design's name */
                int named = up && up->type == Y_MAP &&
                            (up->n % 2 == 0 || (up->kids[up->n - 1]->type == Y_SCALAR &&
                                                !strcmp(up->kids[up->n - 1]->text, "name")));
                if (tt && text_check(tt, tl, lines, shown, sizeof shown)) {
                    topo_err_add(errs, file, n->line, n->col,
                                 "control character in '%s' (expected printable text%s)", shown,
                                 lines ? "" : "; a name or value is one line");
                    rc = TOPO_EINVALID;
                } else if (tt && named && strspn(tt, " ") == tl) {
                    /* a blank name shows as nothing in every table */
                    topo_err_add(errs, file, n->line, n->col,
                                 "empty name '%s' (expected a name such as ctl1)", tt);
                    rc = TOPO_EINVALID;
                } else if (tt && named && (tt[0] == ' ' || tt[tl - 1] == ' ')) {
                    /* 'db ' and 'db' would look the same in every table */
                    topo_err_add(errs, file, n->line, n->col,
                                 "name '%s' starts or ends with a space (expected the name "
                                 "without them)", tt);
                    rc = TOPO_EINVALID;
                }
                enum fy_scalar_style st = ev->scalar.value ? fy_token_scalar_style(ev->scalar.value) : FYSS_PLAIN;
                n->quoted = st == FYSS_SINGLE_QUOTED || st == FYSS_DOUBLE_QUOTED;
                if (!n->text)
                    n = NULL;
            }
            anchor_tok = ev->scalar.anchor;
            break;
        case FYET_ALIAS:
            n = node_new(doc, Y_ALIAS, file, m);
            if (n && !(n->text = token_text(ev->alias.anchor, NULL, 0, NULL)))
                n = NULL;
            if (n) {
                for (int i = n_anchors - 1; i >= 0; i--)
                    if (!strcmp(anchors[i].name, n->text)) {
                        n->target = anchors[i].node;
                        break;
                    }
                if (!n->target) {
                    char shown[200]; /* an alias's name is not checked as text is */
                    text_check(n->text, strlen(n->text), 0, shown, sizeof shown);
                    topo_err_add(errs, file, n->line, n->col, "unknown alias '*%s' (no anchor '&%s' before it)",
                                 shown, shown);
                    rc = TOPO_EINVALID;
                }
            }
            break;
        case FYET_MAPPING_START:
        case FYET_SEQUENCE_START:
            n = node_new(doc, ev->type == FYET_MAPPING_START ? Y_MAP : Y_SEQ, file, m);
            anchor_tok = ev->type == FYET_MAPPING_START ? ev->mapping_start.anchor
                                                        : ev->sequence_start.anchor;
            break;
        case FYET_MAPPING_END:
        case FYET_SEQUENCE_END:
            if (depth > 0)
                depth--;
            break;
        default:
            break;
        }
        int is_value = ev->type == FYET_SCALAR || ev->type == FYET_ALIAS ||
                       ev->type == FYET_MAPPING_START || ev->type == FYET_SEQUENCE_START;
        char *anchor_name = anchor_tok ? token_text(anchor_tok, NULL, 0, NULL) : NULL;
        fy_parser_event_free(fyp, ev);
        if (anchor_tok && !anchor_name) {
            rc = TOPO_ENOMEM;
            goto done;
        }
        if (is_value && !n) {
            free(anchor_name);
            rc = TOPO_ENOMEM;
            goto done;
        }
        if (!is_value)
            continue;
        /* every alias is at least one expansion: past the limit, stop here
           rather than look up anchors for each of millions of aliases */
        if (++n_values > YAML_MAX_NODES ||
            (n->type == Y_ALIAS && ++n_aliases > YAML_MAX_ALIAS_EXPANSIONS)) {
            if (n->type == Y_ALIAS && n_aliases > YAML_MAX_ALIAS_EXPANSIONS)
                topo_err_add(errs, file, n->line, n->col,
                             "more than %d aliases (refusing a possible alias bomb)",
                             YAML_MAX_ALIAS_EXPANSIONS);
            else
                topo_err_add(errs, file, n->line, n->col,
                             "more than %d YAML values (expected a topology of at most about 250,000 hosts)",
                             YAML_MAX_NODES);
            free(anchor_name);
            rc = TOPO_EINVALID;
            goto done;
        }
        if (anchor_tok) {
            if (n_anchors == cap_anchors) {
                int cap = cap_anchors ? 2 * cap_anchors : 8;
                anchor *p = realloc(anchors, (size_t)cap * sizeof *p);
                if (!p) {
                    free(anchor_name);
                    rc = TOPO_ENOMEM;
                    goto done;
                }
                anchors = p;
                cap_anchors = cap;
            }
            anchors[n_anchors].node = n;
            anchors[n_anchors].name = anchor_name;
            n_anchors++;
        }
        if (docs > 1) {
            if (rc == TOPO_OK)
                rc = topo_err_add(errs, file, n->line, n->col,
                                  "more than one YAML document (expected one topology per file)");
            continue;
        }
        if (depth == 0) {
            if (!doc->root)
                doc->root = n;
        } else if (node_push(stack[depth - 1], n)) {
            rc = TOPO_ENOMEM;
            goto done;
        }
        if (n->type == Y_MAP || n->type == Y_SEQ) {
            if (depth >= YAML_MAX_DEPTH) {
                rc = topo_err_add(errs, file, n->line, n->col,
                                  "nesting deeper than %d levels (expected a topology)", YAML_MAX_DEPTH);
                goto done;
            }
            stack[depth++] = n;
        }
    }
    if (fy_parser_get_stream_error(fyp)) {
        if (!take_fy_errors(diag, file, text, len, errs))
            topo_err_add(errs, file, 0, 0, "malformed YAML");
        rc = TOPO_EINVALID;
    }
done:
    for (int i = 0; i < n_anchors; i++)
        free(anchors[i].name);
    free(anchors);
    if (fyp)
        fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    if (rc != TOPO_OK)
        topo_yaml_free(doc);
    return rc;
}

/* Counts alias expansions and depth, stopping at the limits. */
static int walk_limits(const ynode *n, int depth, int *expansions, const ynode **at, int *why)
{
    if (!n)
        return 0;
    if (depth > YAML_MAX_DEPTH) {
        *at = n;
        *why = 1;
        return -1;
    }
    if (n->type == Y_ALIAS) {
        if (++*expansions > YAML_MAX_ALIAS_EXPANSIONS) {
            *at = n;
            *why = 2;
            return -1;
        }
        return walk_limits(n->target, depth, expansions, at, why);
    }
    for (int i = 0; i < n->n; i++)
        if (walk_limits(n->kids[i], depth + 1, expansions, at, why))
            return -1;
    return 0;
}

int topo_yaml_check_limits(const ydoc *doc, const char *file, topo_errors *errs)
{
    int expansions = 0, why = 0;
    const ynode *at = NULL;
    if (!walk_limits(doc->root, 0, &expansions, &at, &why))
        return TOPO_OK;
    if (why == 1)
        return topo_err_add(errs, file, at->line, at->col,
                            "nesting deeper than %d levels through aliases (expected a topology)",
                            YAML_MAX_DEPTH);
    return topo_err_add(errs, file, at->line, at->col,
                        "more than %d alias expansions (refusing a possible alias bomb)",
                        YAML_MAX_ALIAS_EXPANSIONS);
}

ynode *topo_yaml_map_get(ynode *m, const char *key, ynode **keyp)
{
    m = topo_yaml_deref(m);
    if (keyp)
        *keyp = NULL;
    if (!m || m->type != Y_MAP)
        return NULL;
    for (int i = 0; i + 1 < m->n; i += 2) {
        ynode *k = topo_yaml_deref(m->kids[i]);
        if (k && k->type == Y_SCALAR && !strcmp(k->text, key)) {
            if (keyp)
                *keyp = k;
            return m->kids[i + 1];
        }
    }
    return NULL;
}

/* Moves every node of src (a parsed value) into doc, placed at (file, line, col). */
static void adopt(ydoc *doc, ydoc *src, const char *file, int line, int col)
{
    ynode *n = src->nodes, *last = NULL;
    for (; n; n = n->next_alloc) {
        n->file = file;
        n->line = line;
        n->col = col;
        last = n;
    }
    if (last) {
        last->next_alloc = doc->nodes;
        doc->nodes = src->nodes;
    }
    src->nodes = NULL;
}

/* A shallow copy of the mapping m, owned by doc: its own list of kids, the
   kids themselves shared. Returns NULL when out of memory. */
static ynode *map_copy(ydoc *doc, const ynode *m)
{
    ynode *c = node_new(doc, Y_MAP, m->file, NULL);
    if (!c)
        return NULL;
    c->line = m->line;
    c->col = m->col;
    if (m->n) {
        if (!(c->kids = malloc((size_t)m->n * sizeof *c->kids)))
            return NULL;
        memcpy(c->kids, m->kids, (size_t)m->n * sizeof *c->kids);
        c->n = c->cap = m->n;
    }
    return c;
}

int topo_yaml_set_text_ok(const char *file, const topo_set *set, topo_errors *errs)
{
    char shown[200];
    if (text_check(set->path, strlen(set->path), 0, shown, sizeof shown))
        return topo_err_add(errs, file, 0, 0, "unprintable character in --set path '%s' "
                            "(expected UTF-8 text without control characters)", shown);
    if (text_check(set->value, strlen(set->value), 0, shown, sizeof shown))
        return topo_err_add(errs, file, 0, 0, "unprintable character in --set value '%s' for %s "
                            "(expected UTF-8 text without control characters)", shown, set->path);
    return TOPO_OK;
}

int topo_yaml_apply_set(ydoc *doc, const char *file, const topo_set *set, topo_errors *errs)
{
    char path[512];
    size_t plen = strlen(set->path);
    /* every message below quotes the path or the value, and a new key
       becomes a name: what the file's text may not hold, they may not either */
    if (topo_yaml_set_text_ok(file, set, errs))
        return TOPO_EINVALID;
    if (plen == 0 || plen >= sizeof path) {
        char shown[200];
        text_check(set->path, plen, 0, shown, sizeof shown); /* cut short */
        return topo_err_add(errs, file, 0, 0, "bad --set path '%s' (expected a dotted path such as profiles.server.repair)",
                            shown);
    }
    memcpy(path, set->path, plen + 1);
    ynode *cur = topo_yaml_deref(doc->root);
    char *seg = path, *dot;
    char done[512] = "";
    int shared = doc->root && doc->root->type == Y_ALIAS;
    for (;;) {
        dot = strchr(seg, '.');
        if (dot)
            *dot = '\0';
        if (!*seg)
            return topo_err_add(errs, file, 0, 0, "bad --set path '%s': an empty key %s%s%s "
                                "(expected keys joined by single dots)", set->path,
                                *done ? "after '" : "at the start", done, *done ? "'" : "");
        if (!cur || cur->type != Y_MAP)
            return topo_err_add(errs, file, 0, 0, "bad --set path '%s': '%s' is not a mapping (expected a dotted path of keys)",
                                set->path, *done ? done : "the document");
        ynode *key = NULL, *val = topo_yaml_map_get(cur, seg, &key);
        if (!dot) {
            if (!val && (seg[0] == ' ' || seg[strlen(seg) - 1] == ' '))
                return topo_err_add(errs, file, 0, 0, "bad --set path '%s': new key '%s' starts or "
                                    "ends with a space (expected the key without them)",
                                    set->path, seg);
            ydoc v = {0};
            topo_errors verrs = {0};
            int rc = topo_yaml_parse(set->value, strlen(set->value), file, &v, &verrs);
            topo_errors_release(&verrs);
            if (rc == TOPO_ENOMEM)
                return rc;
            if (rc || !v.root) {
                topo_yaml_free(&v);
                return topo_err_add(errs, file, 0, 0, "bad --set value '%s' for %s (expected YAML such as 4h, 2 or {dist: weibull, shape: 2, mean: 1y})",
                                    set->value, set->path);
            }
            ynode *newv = v.root;
            if (val) {
                adopt(doc, &v, val->file, val->line, val->col);
                for (int i = 1; i < cur->n; i += 2)
                    if (cur->kids[i] == val)
                        cur->kids[i] = newv;
                return TOPO_OK;
            }
            adopt(doc, &v, cur->file, cur->line, cur->col);
            ynode *k = node_new(doc, Y_SCALAR, cur->file, NULL);
            if (!k || !(k->text = malloc(strlen(seg) + 1)))
                return TOPO_ENOMEM;
            strcpy(k->text, seg);
            k->line = cur->line;
            k->col = cur->col;
            if (node_push(cur, k) || node_push(cur, newv))
                return TOPO_ENOMEM;
            return TOPO_OK;
        }
        if (!val) {
            const char *cands[256];
            char full[600], sugg[700];
            int n = 0;
            for (int i = 0; i + 1 < cur->n && n < 256; i += 2) {
                ynode *k = topo_yaml_deref(cur->kids[i]);
                if (k && k->type == Y_SCALAR)
                    cands[n++] = k->text;
            }
            const char *best = topo_suggest(seg, cands, n);
            sugg[0] = '\0';
            if (best) {
                snprintf(full, sizeof full, "%s%s%s%s%s", done, *done ? "." : "", best,
                         ".", dot + 1);
                snprintf(sugg, sizeof sugg, " (did you mean '%s'?)", full);
            }
            return topo_err_add(errs, file, 0, 0, "bad --set path '%s': no key '%s' in %s%s",
                                set->path, seg, *done ? done : "the document", sugg);
        }
        if (*done)
            strncat(done, ".", sizeof done - strlen(done) - 1);
        strncat(done, seg, sizeof done - strlen(done) - 1);
        ynode *next = topo_yaml_deref(val);
        /* An alias on the path, or any mapping below one, is shared with the
           anchor's other users: the override takes a copy of each mapping
           from there on, so that it changes this place only (--set
           hosts.c.profile.repair=1d through 'profile: *p' leaves profile p
           and its other users as written; docs/sensitivity.md). */
        if (val->type == Y_ALIAS)
            shared = 1;
        if (shared && next && next->type == Y_MAP) {
            ynode *copy = map_copy(doc, next);
            if (!copy)
                return TOPO_ENOMEM;
            for (int i = 1; i < cur->n; i += 2)
                if (cur->kids[i] == val)
                    cur->kids[i] = copy;
            next = copy;
        }
        cur = next;
        seg = dot + 1;
    }
}
