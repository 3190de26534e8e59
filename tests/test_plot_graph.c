/* tests/test_plot_graph.c — plot_graph_draw: a plain graph drawn by dot as
 * valid SVG or PNG; hostile labels (quotes, backslashes, newlines, < > &,
 * braces, attribute and HTML injections) are escaped exactly and add no
 * attribute, node or markup; a missing or failing dot leaves no file. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "../plots/plot.h"

static char dir[256];

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

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

/* Names that try to end the string, add attributes, start an HTML label,
 * expand dot's escapes or break a line. */
static const char *const hostile[] = {
    "q\", shape=none, URL=\"javascript:alert(1)",
    "back\\slash \\N \\G end\\",
    "two\nlines",
    "<<B>bold</B>> & &amp; &lt;",
    "{braces|record} <port>",
    "</TD></TR></TABLE>>]; evil [label=\"x",
};
enum { NH = sizeof hostile / sizeof hostile[0] };

/* A graph: every hostile name as a node, two in a cluster, edges of every
 * look, a legend of hostile texts. */
static int draw(const char *out, char *err, size_t errlen)
{
    plot_node nodes[NH];
    for (int i = 0; i < NH; i++)
        nodes[i] = (plot_node){hostile[i], (plot_node_look)(i % 4), i == 1, i < 2 ? 0 : -1,
                               i >= 2 && i <= 4 ? 1 : 0};
    plot_cluster clusters[1] = {{hostile[3]}};
    plot_edge edges[5] = {{0, 2, PLOT_EDGE_THIN, 0, 0},   {1, 3, PLOT_EDGE_SOLID, 0, 0},
                          {0, 4, PLOT_EDGE_BOLD, 1, 0},   {5, 2, PLOT_EDGE_DASHED, 0, 0},
                          {5, 3, PLOT_EDGE_DOTTED, 0, 0}};
    plot_key keys[3] = {{hostile[5], 0, PLOT_NODE_BOX, 1, 0},
                        {hostile[3], 1, 0, 0, PLOT_EDGE_DASHED},
                        {hostile[2], 0, PLOT_NODE_ROUND, 0, 0}};
    plot_graph g = {hostile[0], nodes, NH, clusters, 1, edges, 5, keys, 3};
    return plot_graph_draw(out, &g, err, errlen);
}

static void test_script_escapes_every_label(void)
{
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "hostile.dot");
    CU_ASSERT_EQUAL_FATAL(draw(out, err, sizeof err), PLOT_OK);
    const char *s = slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* quotes and backslashes escaped; no \N or \G left for dot to expand */
    CU_ASSERT(strstr(s, "label=\"q\\\", shape=none, URL=\\\"javascript:alert(1)\"") != NULL);
    CU_ASSERT(strstr(s, "label=\"back\\\\slash \\\\N \\\\G end\\\\\"") != NULL);
    /* a newline is a line break, never the end of a statement */
    CU_ASSERT(strstr(s, "label=\"two\\nlines\"") != NULL);
    /* & written as &amp; (dot would read an entity), < > plain in a string */
    CU_ASSERT(strstr(s, "label=\"<<B>bold</B>> &amp; &amp;amp; &amp;lt;\"") != NULL);
    /* the cluster's label, left-justified lines */
    CU_ASSERT(strstr(s, "graph [label=\"<<B>bold</B>> &amp; &amp;amp; &amp;lt;\\l\"") != NULL);
    /* in the legend (an HTML-like label) everything is an entity */
    CU_ASSERT(strstr(s, "&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;&gt;]; evil [label=&quot;x") != NULL);
    CU_ASSERT(strstr(s, "two<BR ALIGN=\"LEFT\"/>lines") != NULL);
    CU_ASSERT(strstr(s, "evil [label=\"x") == NULL);
}

static void test_svg_valid_and_nothing_injected(void)
{
    char out[300], err[1024] = "", cmd[400];
    path_of(out, sizeof out, "hostile.svg");
    int rc = draw(out, err, sizeof err);
    if (rc)
        fprintf(stderr, "plot_graph_draw: %s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, PLOT_OK);
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>/dev/null", out);
    CU_ASSERT(system(cmd) == 0);
    const char *s = slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* exactly our nodes (NH and the legend), clusters, edges: nothing added */
    CU_ASSERT_EQUAL(count(s, "class=\"node\""), NH + 1);
    CU_ASSERT_EQUAL(count(s, "class=\"cluster\""), 1);
    CU_ASSERT_EQUAL(count(s, "class=\"edge\""), 5); /* (invisible ones are not drawn) */
    CU_ASSERT(strstr(s, "<a ") == NULL);
    CU_ASSERT(strstr(s, "xlink:href") == NULL);
    CU_ASSERT(strstr(s, "<b>") == NULL && strstr(s, "font-weight=\"bold\">bold") == NULL);
    /* the names are shown as written */
    CU_ASSERT(strstr(s, "q&quot;, shape=none, URL=&quot;javascript:alert(1)") != NULL);
    CU_ASSERT(strstr(s, "back\\slash \\N \\G end\\<") != NULL);
    CU_ASSERT(strstr(s, "&lt;&lt;B&gt;bold&lt;/B&gt;&gt; &amp; &amp;amp; &amp;lt;") != NULL);
    CU_ASSERT(strstr(s, "{braces|record} &lt;port&gt;") != NULL);
    CU_ASSERT(strstr(s, ">two</text>") != NULL && strstr(s, ">lines</text>") != NULL);
}

static void test_png(void)
{
    char out[300], err[1024] = "";
    path_of(out, sizeof out, "hostile.png");
    CU_ASSERT_EQUAL_FATAL(draw(out, err, sizeof err), PLOT_OK);
    unsigned char b[8] = {0};
    FILE *f = fopen(out, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fread(b, 1, 8, f), 8);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    CU_ASSERT(memcmp(b, sig, 8) == 0);
}

static void test_invalid_descriptions(void)
{
    char out[300], err[1024] = "";
    plot_node n[2] = {{"a", PLOT_NODE_BOX, 0, -1, 0}, {"b", PLOT_NODE_BOX, 0, 3, 0}};
    plot_edge e[1] = {{0, 2, PLOT_EDGE_THIN, 0, 0}};
    plot_graph g = {"t", n, 1, NULL, 0, e, 1, NULL, 0};
    path_of(out, sizeof out, "bad.svg");
    CU_ASSERT_EQUAL(plot_graph_draw(out, &g, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(strstr(err, "edge") != NULL);
    g.n_edges = 0;
    g.n_nodes = 2; /* cluster 3 of none */
    CU_ASSERT_EQUAL(plot_graph_draw(out, &g, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(strstr(err, "cluster") != NULL);
    g.n_nodes = 0;
    CU_ASSERT_EQUAL(plot_graph_draw(out, &g, err, sizeof err), PLOT_EINVALID);
    g.n_nodes = 1;
    path_of(out, sizeof out, "bad.pdf");
    CU_ASSERT_EQUAL(plot_graph_draw(out, &g, err, sizeof err), PLOT_EINVALID);
    CU_ASSERT(strstr(err, ".svg or .png") != NULL);
    CU_ASSERT(plot_graph_format_ok("A.SVG") && plot_graph_format_ok("a.png"));
    CU_ASSERT(!plot_graph_format_ok("a.pdf") && !plot_graph_format_ok("a.svg.txt"));
    CU_ASSERT(access(out, F_OK) != 0);
}

/* With PATH set to path, draws OUT (NAME in dir); returns the code. */
static int draw_with_path(const char *path, const char *name, char *out, size_t outlen, char *err,
                          size_t errlen)
{
    char *saved = strdup(getenv("PATH"));
    setenv("PATH", path, 1);
    path_of(out, outlen, name);
    plot_node n[1] = {{"a", PLOT_NODE_BOX, 0, -1, 0}};
    plot_graph g = {"t", n, 1, NULL, 0, NULL, 0, NULL, 0};
    int rc = plot_graph_draw(out, &g, err, errlen);
    setenv("PATH", saved, 1);
    free(saved);
    return rc;
}

static void test_missing_dot(void)
{
    char bin[300], out[300], err[1024] = "";
    path_of(bin, sizeof bin, "emptybin");
    mkdir(bin, 0755);
    int rc = draw_with_path(bin, "nodot.svg", out, sizeof out, err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_ENODOT);
    CU_ASSERT_STRING_EQUAL(err, "dot (Graphviz) not found: install graphviz (make deps)");
    CU_ASSERT(access(out, F_OK) != 0);
    CU_ASSERT_STRING_EQUAL(plot_strerror(PLOT_ENODOT), "dot (Graphviz) is not installed");
}

/* A dot that writes half a picture and fails: nothing is left. */
static void test_failing_dot_leaves_nothing(void)
{
    char bin[300], exe[340], out[300], err[1024] = "", path[700];
    path_of(bin, sizeof bin, "faildot");
    mkdir(bin, 0755);
    snprintf(exe, sizeof exe, "%s/dot", bin);
    FILE *f = fopen(exe, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "#!/bin/sh\ncat >/dev/null\nprintf '<svg half'\n"
               "echo 'Error: <stdin>: syntax error in line 3' >&2\nexit 1\n");
    fclose(f);
    chmod(exe, 0755);
    snprintf(path, sizeof path, "%s:%s", bin, getenv("PATH"));
    int rc = draw_with_path(path, "fail.svg", out, sizeof out, err, sizeof err);
    CU_ASSERT_EQUAL(rc, PLOT_EDOT);
    CU_ASSERT(strstr(err, "dot failed drawing") != NULL);
    CU_ASSERT(strstr(err, "syntax error in line 3") != NULL);
    CU_ASSERT(access(out, F_OK) != 0);
    CU_ASSERT_EQUAL(temps_in(dir), 0);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_script_escapes_every_label);
    HARNESS_ADD(s, test_svg_valid_and_nothing_injected);
    HARNESS_ADD(s, test_png);
    HARNESS_ADD(s, test_invalid_descriptions);
    HARNESS_ADD(s, test_missing_dot);
    HARNESS_ADD(s, test_failing_dot_leaves_nothing);
}

int main(void)
{
    snprintf(dir, sizeof dir, "build/tests/graph-XXXXXX");
    mkdir("build", 0755);
    mkdir("build/tests", 0755);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = harness_run("plot_graph", add);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
