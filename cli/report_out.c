/* cli/report_out.c — the report's blocks (report_int.h), each written twice:
 * escaped for Markdown into report.md and for HTML into report.html; charts
 * drawn with plots/ as SVG files and inlined into the HTML.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "report_int.h"

/* ---------- escaping ---------- */

static void md_text(FILE *f, const char *s)
{
    unsigned cp;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '<')
            fputs("&lt;", f);
        else if (*p == '>')
            fputs("&gt;", f);
        else if (*p == '&')
            fputs("&amp;", f);
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            fputc(' ', f);
        else if (strchr("\\`*_[]|~", *p))
            fprintf(f, "\\%c", *p);
        else {
            /* a whole character; controls, C1 and bidi controls are dropped */
            int unsafe, k = text_char((const char *)p, &cp, &unsafe);
            if (!unsafe)
                fwrite(p, 1, (size_t)k, f);
            p += k - 1;
        }
    }
}

static void html_text(FILE *f, const char *s)
{
    unsigned cp;
    int k, unsafe;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* a whole character; controls (but newline and tab), C1 and bidi
               controls are dropped */
            k = text_char((const char *)p, &cp, &unsafe);
            if (!unsafe || *p == '\n' || *p == '\t')
                fwrite(p, 1, (size_t)k, f);
            p += k - 1;
        }
    }
}

/* ---------- blocks ---------- */

void report_doc_heading(doc *d, int level, const char *text)
{
    fprintf(d->md, "\n%.*s ", level, "######");
    md_text(d->md, text);
    fputs("\n\n", d->md);
    fprintf(d->html, "<h%d>", level);
    html_text(d->html, text);
    fprintf(d->html, "</h%d>\n", level);
}

void report_doc_para(doc *d, const char *text)
{
    md_text(d->md, text);
    fputs("\n\n", d->md);
    fputs("<p>", d->html);
    html_text(d->html, text);
    fputs("</p>\n", d->html);
}

void report_doc_paraf(doc *d, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    report_doc_para(d, buf);
}

void report_lines_addf(lines *l, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 16;
        char **nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv)
            return;
        l->v = nv;
        l->cap = nc;
    }
    size_t n = strlen(buf) + 1;
    char *s = malloc(n);
    if (!s)
        return;
    memcpy(s, buf, n);
    l->v[l->n++] = s;
}

void report_lines_release(lines *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void report_doc_list(doc *d, const lines *l)
{
    fputs("<ul>\n", d->html);
    for (int i = 0; i < l->n; i++) {
        fputs("- ", d->md);
        md_text(d->md, l->v[i]);
        fputc('\n', d->md);
        fputs("<li>", d->html);
        html_text(d->html, l->v[i]);
        fputs("</li>\n", d->html);
    }
    fputc('\n', d->md);
    fputs("</ul>\n", d->html);
}

/* A table: cells holds nrows * ncol strings, row by row, after the header;
   the first `left` columns left-aligned, the others right-aligned. */
static void table(doc *d, const char *const *header, int ncol, const lines *cells, int left)
{
    fputs("|", d->md);
    fputs("<table>\n<tr>", d->html);
    for (int c = 0; c < ncol; c++) {
        fputc(' ', d->md);
        md_text(d->md, header[c]);
        fputs(" |", d->md);
        fputs("<th>", d->html);
        html_text(d->html, header[c]);
        fputs("</th>", d->html);
    }
    fputs("\n|", d->md);
    for (int c = 0; c < ncol; c++)
        fputs(c >= left ? "---:|" : "---|", d->md);
    fputs("</tr>\n", d->html);
    for (int i = 0; i + ncol <= cells->n; i += ncol) {
        fputs("\n|", d->md);
        fputs("<tr>", d->html);
        for (int c = 0; c < ncol; c++) {
            fputc(' ', d->md);
            md_text(d->md, cells->v[i + c]);
            fputs(" |", d->md);
            fputs(c >= left ? "<td class=\"n\">" : "<td>", d->html);
            html_text(d->html, cells->v[i + c]);
            fputs("</td>", d->html);
        }
        fputs("</tr>\n", d->html);
    }
    fputs("\n\n", d->md);
    fputs("</table>\n", d->html);
}

void report_doc_table(doc *d, const char *const *header, int ncol, const lines *cells)
{
    table(d, header, ncol, cells, 1);
}

void report_doc_table_left(doc *d, const char *const *header, int ncol, const lines *cells)
{
    table(d, header, ncol, cells, ncol);
}

/* A file's text, verbatim (report_int.h): a fenced block in Markdown, where
 * nothing is escaped (CommonMark takes its content literally, so an entity
 * there would show as typed), and a <pre> in HTML, escaped for HTML. */
void report_doc_verbatim(doc *d, const char *caption, const char *text, size_t len)
{
    size_t run = 0, longest = 0;
    if (!text)
        text = "", len = 0;
    for (size_t i = 0; i < len; i++) {
        run = text[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    report_doc_para(d, caption);
    for (size_t i = 0; i < fence; i++)
        fputc('`', d->md);
    fputc('\n', d->md);
    fwrite(text, 1, len, d->md);
    if (len > 0 && text[len - 1] != '\n')
        fputc('\n', d->md);
    for (size_t i = 0; i < fence; i++)
        fputc('`', d->md);
    fputs("\n\n", d->md);
    fputs("<pre class=\"design\">", d->html);
    html_text(d->html, text);
    fputs("</pre>\n", d->html);
}

/* ---------- charts ---------- */

static int draw(const chart_args *a, const char *out, char *err, size_t len)
{
    switch (a->kind) {
    case CH_DESIGNS: return plot_designs(out, a->title, a->designs, a->n, err, len);
    case CH_HIST: return plot_downtime_hist(out, a->hist, err, len);
    case CH_CONV:
        return plot_convergence(out, a->title, a->trials, a->y, a->lo, a->hi, a->n, err, len);
    case CH_BARS:
        return plot_downtime_bars(out, a->title, a->labels, a->y, a->lo, a->hi, a->n, err, len);
    case CH_DURATIONS: return plot_durations_draw(out, a->durations, err, len);
    case CH_TRANSIENT: return plot_transient_draw(out, a->transient, err, len);
    case CH_CAUSES: return plot_causes_draw(out, a->causes, err, len);
    case CH_LOSS: return plot_loss_draw(out, a->loss, err, len);
    }
    return PLOT_EINVALID;
}

/* Copies the SVG file into the HTML, from its <svg element on. */
static int inline_svg(FILE *html, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[8192];
    size_t n;
    int started = 0;
    while ((n = fread(buf, 1, sizeof buf - 1, f)) > 0) {
        buf[n] = '\0';
        char *s = buf;
        if (!started) {
            s = strstr(buf, "<svg");
            if (!s)
                continue; /* the prolog is short: <svg comes in the first block */
            started = 1;
        }
        fwrite(s, 1, n - (size_t)(s - buf), html);
    }
    fclose(f);
    return started ? 0 : -1;
}

/* Draws one chart as NAME.svg (and NAME.png with --png) and places it in both
 * documents; a failure is printed once and noted in the documents. */
void report_doc_chart(doc *d, const char *name, const char *caption, const chart_args *a)
{
    char svg[4096], png[4096], err[2048] = "";
    if (d->stopped || *cli_stop_flag()) {
        d->stopped = 1; /* the documents will be dropped: no more charts */
        return;
    }
    snprintf(svg, sizeof svg, "%s/%s.svg", d->o->dir, name);
    snprintf(png, sizeof png, "%s/%s.png", d->o->dir, name);
    int rc = draw(a, svg, err, sizeof err);
    if (rc == PLOT_OK && d->o->png)
        rc = draw(a, png, err, sizeof err);
    if (rc == PLOT_EINTR) {
        d->stopped = 1;
        return;
    }
    fputs("<figure>", d->html);
    if (rc == PLOT_OK) {
        fprintf(d->md, "![");
        md_text(d->md, caption);
        fprintf(d->md, "](%s.svg)\n\n", name);
        if (inline_svg(d->html, svg))
            fprintf(d->html, "<p>(chart %s.svg could not be read back)</p>", name);
    } else {
        if (rc != PLOT_ENOGNUPLOT || !d->gnuplot_missing)
            cli_error("cannot draw the chart %s: %s", svg, err[0] ? err : plot_strerror(rc));
        d->gnuplot_missing |= rc == PLOT_ENOGNUPLOT;
        d->status = EXIT_RUNTIME;
        char note[2300];
        snprintf(note, sizeof note, "(chart not drawn: %s)",
                 rc == PLOT_ENOGNUPLOT ? "gnuplot is not installed; its script is in the .gp file "
                                         "beside where the chart would be"
                                       : err);
        md_text(d->md, note);
        fputs("\n\n", d->md);
        html_text(d->html, note);
    }
    fputs("<figcaption>", d->html);
    html_text(d->html, caption);
    fputs("</figcaption></figure>\n", d->html);
}

/* The design as a diagram (report_int.h). */
void report_doc_diagram(doc *d, const char *name, const topology *t)
{
    char svg[4096], png[4096], err[2048] = "", note[2300] = "";
    int rc = PLOT_OK, size = cli_diagram_size(t);
    if (d->stopped || *cli_stop_flag()) {
        d->stopped = 1;
        return;
    }
    snprintf(svg, sizeof svg, "%s/%s.svg", d->o->dir, name);
    snprintf(png, sizeof png, "%s/%s.png", d->o->dir, name);
    if (size > CLI_DIAGRAM_REPORT_MAX) {
        snprintf(note, sizeof note, "(no diagram: the design has %d hosts, members, common causes "
                                    "and maintenance entries, more than %d can show on a page; "
                                    "'nines diagram FILE --out OUT.svg' draws it anyway)",
                 size, CLI_DIAGRAM_REPORT_MAX);
    } else {
        rc = cli_diagram_draw(t, svg, err, sizeof err);
        if (rc == PLOT_OK && d->o->png)
            rc = cli_diagram_draw(t, png, err, sizeof err);
    }
    if (rc == PLOT_EINTR) {
        d->stopped = 1;
        return;
    }
    fputs("<figure>", d->html);
    if (!*note && rc == PLOT_OK) {
        fprintf(d->md, "![");
        md_text(d->md, "The design as run");
        fprintf(d->md, "](%s.svg)\n\n", name);
        if (inline_svg(d->html, svg))
            fprintf(d->html, "<p>(diagram %s.svg could not be read back)</p>", name);
    } else {
        if (rc == PLOT_ENODOT) {
            if (!d->dot_missing)
                fprintf(stderr, "nines: warning: %s; the report shows no topology diagram\n", err);
            d->dot_missing = 1;
            snprintf(note, sizeof note, "(no diagram: %s)", err);
        } else if (rc != PLOT_OK) {
            cli_error("cannot draw the diagram %s: %s", svg, err[0] ? err : plot_strerror(rc));
            d->status = EXIT_RUNTIME;
            snprintf(note, sizeof note, "(diagram not drawn: %s)", err[0] ? err : plot_strerror(rc));
        }
        md_text(d->md, note);
        fputs("\n\n", d->md);
        html_text(d->html, note);
    }
    fputs("<figcaption>", d->html);
    html_text(d->html, "The design: hosts (boxes; shared ones in orange), each service framed "
                       "with its members and its mode, needs as arrows, common causes and "
                       "maintenance with lines to what they take down.");
    fputs("</figcaption></figure>\n", d->html);
}
