/* cli/report_doc.c — the report of `nines report`: report.md, a
 * self-contained report.html (charts inlined as SVG) and the chart files.
 *
 * DESIGN. Every piece of content is built once as plain text (a heading, a
 * paragraph, a list, a table, a chart) and emitted twice by report_out.c:
 * escaped for Markdown into report.md and escaped for HTML into
 * report.html. Names from a topology therefore never reach either document
 * unescaped. Charts are drawn with plots/ (which escapes for gnuplot) as SVG
 * (and PNG with --png); the HTML carries the SVG inline, so the one file can
 * be mailed. The sections that decide what the report says live in
 * report_run.c (one run; with report_describe.c and report_check.c) and
 * report_compare.c (several runs side by side); this file opens the two
 * documents, writes the sections in order and puts the files in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_int.h"

/* ---------- the documents ---------- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>nines report</title>\n<style>\n"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "max-width:70em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n"
    "h1,h2,h3{line-height:1.2}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\n"
    "table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.n{text-align:right;"
    "font-variant-numeric:tabular-nums}th{background:#f2f2f2}\n"
    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;"
    "font-size:.9em}\n"
    "pre{background:#f7f7f7;padding:1em;overflow:auto}details{margin:1em 0}\n"
    "pre.design{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em}\n"
    "</style>\n</head>\n<body>\n";

/* Opens a new file DIR/.nines-NAME.PID to be renamed to DIR/NAME once
 * complete (so a document is never half-written); the mode follows the
 * umask like any new file. NULL with errno on failure. */
static FILE *open_temp(const char *dir, const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/.nines-%s.%ld", dir, name, (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno == EEXIST && !remove(path)) /* left by a killed nines */
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (fd >= 0 && !f) {
        close(fd);
        remove(path);
    }
    if (f)
        plot_temp_track(path); /* removed by a second Ctrl-C too */
    return f;
}

int report_write(const report_opts *o, report_run *runs, int n)
{
    char md_path[4096], html_path[4096], md_tmp[4200], html_tmp[4200], when[32];
    doc d = {0};
    d.o = o;
    if (mc_mpi_rank() > 0) /* MPI: only rank 0 writes the report */
        return EXIT_OK;
    if (mkdir(o->dir, 0777) && errno != EEXIST) {
        cli_error("cannot create the folder %s: %s", o->dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    snprintf(md_path, sizeof md_path, "%s/report.md", o->dir);
    snprintf(html_path, sizeof html_path, "%s/report.html", o->dir);
    d.md = open_temp(o->dir, "report.md", md_tmp, sizeof md_tmp);
    d.html = d.md ? open_temp(o->dir, "report.html", html_tmp, sizeof html_tmp) : NULL;
    if (!d.md || !d.html) {
        cli_error("cannot write %s: %s", d.md ? html_path : md_path, strerror(errno));
        if (d.md) {
            fclose(d.md);
            remove(md_tmp);
            plot_temp_untrack(md_tmp);
        }
        return EXIT_RUNTIME;
    }
    cli_now_utc(when, sizeof when);
    fputs(html_head, d.html);
    fputs("# nines report\n\n", d.md);
    fputs("<h1>nines report</h1>\n", d.html);
    report_doc_paraf(&d, "%d run%s, written %s by nines %s from %s.", n, n == 1 ? "" : "s", when,
          NINES_VERSION, o->db ? o->db : "runs made for this report");
    /* the summary first: one run's, or a table of several, each run's own
       opening its section */
    for (int i = 0; i < n && !d.stopped; i++)
        report_summary_prepare(&d, &runs[i]);
    if (n == 1 && !d.stopped)
        report_summary_section(&d, &runs[0], 2);
    else if (!d.stopped)
        report_summary_table(&d, runs, n);
    if (n > 1 && !d.stopped)
        report_designs_section(&d, runs, n);
    for (int i = 0; i < n && !d.stopped; i++)
        report_run_section(&d, &runs[i], i, n > 1);
    fputs("</body>\n</html>\n", d.html);
    int bad = ferror(d.md) || ferror(d.html);
    bad |= fclose(d.md) != 0;
    bad |= fclose(d.html) != 0;
    int status = d.status;
    if (d.stopped || *cli_stop_flag()) {
        remove(md_tmp);
        remove(html_tmp);
        cli_error("interrupted: the report was not written (charts already drawn stay in %s)",
                  o->dir);
        status = cli_interrupted_status();
    } else if (bad || rename(md_tmp, md_path) || rename(html_tmp, html_path)) {
        cli_error("cannot write the report into %s: %s", o->dir, strerror(errno));
        remove(md_tmp);
        remove(html_tmp);
        status = EXIT_RUNTIME;
    }
    plot_temp_untrack(md_tmp);
    plot_temp_untrack(html_tmp);
    return status;
}

void report_load_design(report_run *rr)
{
    rr->topo = cli_stored_design(rr->meta, rr->topo_why, sizeof rr->topo_why, NULL);
}

void report_run_release(report_run *rr)
{
    mc_result_free(rr->res);
    store_meta_free(rr->meta);
    topo_free(rr->topo);
    report_summary_free(rr->sum);
    memset(rr, 0, sizeof *rr);
}
