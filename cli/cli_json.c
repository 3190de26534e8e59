/* cli/cli_json.c — every `--json` document is a jansson tree: the values nines
 * puts in it (text made valid UTF-8, numbers or null) and the one printer,
 * which writes doubles so that they read back exactly and keeps unsafe
 * characters out of the terminal (docs/security.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "cli.h"

json_t *cli_json_text(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s), bad = 0;
    for (const char *p = s; *p;) {
        unsigned cp;
        int unsafe, k = text_char(p, &cp, &unsafe);
        bad += unsafe && cp == 0xFFFD;
        p += k;
    }
    if (!bad)
        return json_stringn(s, n);
    /* each byte that is not UTF-8 (1 byte) becomes U+FFFD (3 bytes) */
    char *ok = malloc(n + 2 * bad + 1), *o = ok;
    if (!ok)
        return NULL;
    for (const char *p = s; *p;) {
        unsigned cp;
        int unsafe, k = text_char(p, &cp, &unsafe);
        if (unsafe && cp == 0xFFFD) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
        } else {
            memcpy(o, p, (size_t)k);
            o += k;
        }
        p += k;
    }
    json_t *v = json_stringn(ok, (size_t)(o - ok));
    free(ok);
    return v;
}

int cli_json_set(json_t *o, const char *key, json_t *value)
{
    json_t *k = cli_json_text(key);
    int rc = json_object_set_new(o, k ? json_string_value(k) : "", k ? value : NULL);
    if (!k)
        json_decref(value);
    json_decref(k);
    return rc;
}

json_t *cli_json_number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* Writes jansson's text of a document to f with every character that
 * text_char_safe refuses (DEL, C1, bidi controls; jansson escapes C0
 * itself) as \uXXXX, U+FFFD (what cli_json_text put for a byte that is not
 * UTF-8) as \ufffd, and \u escapes in lower case, as `cli_term` writes them. Outside strings a JSON text holds only ASCII punctuation, numbers
 * and literals, so this changes no value. */
static void write_safe(FILE *f, const char *s)
{
    while (*s) {
        if (*s == '\\') {
            /* an escape: \X, or \uXXXX written in lower case */
            fputc(*s++, f);
            if (*s == 'u') {
                fputc(*s++, f);
                for (int i = 0; i < 4 && *s; i++, s++)
                    fputc(*s >= 'A' && *s <= 'F' ? *s - 'A' + 'a' : *s, f);
            } else if (*s) {
                fputc(*s++, f);
            }
            continue;
        }
        unsigned cp;
        int unsafe, k = text_char(s, &cp, &unsafe);
        if (unsafe || cp == 0xFFFD)
            fprintf(f, "\\u%04x", cp);
        else
            fwrite(s, 1, (size_t)k, f);
        s += k;
    }
}

int cli_json_print(FILE *f, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (!text) {
        cli_error("out of memory: the JSON could not be printed");
        return EXIT_RUNTIME;
    }
    write_safe(f, text);
    fputc('\n', f);
    free(text);
    return EXIT_OK;
}
