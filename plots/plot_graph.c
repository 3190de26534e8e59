/* plots/plot_graph.c — a plain graph drawn by Graphviz (plot.h, section (f)):
 * the description becomes a dot script, handed to a `dot` child through a
 * pipe by plot_child_draw (plot_gnuplot.c), as gnuplot's scripts are.
 *
 * DESIGN. Identifiers in the script are ours (n0, cluster_0, k0): text
 * appears only as the value of a double-quoted label, escaped by dot_str.
 * Each look is a fixed set of attributes written here, so the caller chooses
 * among looks and never writes an attribute. Nodes are written inside their
 * cluster's subgraph (that is what puts them in it); an edge between
 * clusters is an edge between two of their nodes clipped at the cluster
 * borders (compound=true, ltail/lhead). A cluster's nodes, and each row of
 * nodes outside clusters, sit on one rank in the order given, held by flat
 * invisible edges; remincross=false keeps dot's last crossing pass from
 * undoing that order. The legend is one node holding an HTML-like table
 * (fixed markup, the key texts escaped as HTML): a single node takes no rank
 * of its own, so it never stretches the drawing.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../model/text.h"
#include "plot_int.h"

/* Okabe-Ito, as the charts */
#define BLUE "#0072B2"
#define ORANGE "#E69F00"
#define VERMILLION "#D55E00"

int plot_graph_format_ok(const char *out)
{
    const char *dot = out ? strrchr(out, '.') : NULL;
    return dot && (!strcasecmp(dot, ".svg") || !strcasecmp(dot, ".png"));
}

/* s as a double-quoted dot string (plot.h, "Safety"); with left, every
 * line is left-justified (each ends in \l, the last too). */
static void dot_text(plot_script *g, const char *s, int left)
{
    plot_script_printf(g, "\"");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        unsigned cp;
        int unsafe, k = text_char((const char *)p, &cp, &unsafe);
        if (*p == '"' || *p == '\\')
            plot_script_printf(g, "\\%c", *p);
        else if (*p == '&')
            plot_script_printf(g, "&amp;");
        else if (*p == '\n')
            plot_script_printf(g, left ? "\\l" : "\\n");
        else if (unsafe)
            plot_script_printf(g, "%c", cp == 0xfffd && k == 1 && *p >= 0x80 ? '?' : ' ');
        else
            plot_script_printf(g, "%.*s", k, (const char *)p);
        p += k;
    }
    plot_script_printf(g, left ? "\\l\"" : "\"");
}

static void dot_str(plot_script *g, const char *s)
{
    dot_text(g, s, 0);
}

static const char *node_attrs(plot_node_look look)
{
    switch (look) {
    case PLOT_NODE_ROUND:
        return "shape=box, style=\"rounded,filled\", fillcolor=\"#DCEBF7\", color=\"" BLUE
               "\", fontsize=11";
    case PLOT_NODE_ALERT:
        return "shape=octagon, style=filled, fillcolor=\"#FBE0D0\", color=\"" VERMILLION
               "\", penwidth=1.5";
    case PLOT_NODE_NOTE:
        return "shape=note, style=filled, fillcolor=\"#FFF6C8\", color=\"#9A8400\"";
    case PLOT_NODE_BOX:
    default:
        return "shape=box, style=filled, fillcolor=white, color=\"#333333\"";
    }
}

static const char *edge_attrs(plot_edge_look look)
{
    switch (look) {
    case PLOT_EDGE_SOLID: return "color=\"#222222\", penwidth=1.4";
    case PLOT_EDGE_BOLD: return "color=\"" BLUE "\", penwidth=2.6, arrowsize=0.9";
    case PLOT_EDGE_DASHED:
        return "color=\"" VERMILLION "\", style=dashed, penwidth=1.6, arrowhead=none";
    case PLOT_EDGE_DOTTED: return "color=\"#777777\", style=dotted, penwidth=1.8, arrowhead=none";
    case PLOT_EDGE_THIN:
    default: return "color=\"#9A9A9A\", penwidth=1, arrowsize=0.6";
    }
}

static void node_line(plot_script *s, const char *id, int i, const char *label,
                      plot_node_look look, int marked)
{
    plot_script_printf(s, "  %s%d [label=", id, i);
    dot_str(s, label);
    plot_script_printf(s, ", %s", node_attrs(look));
    if (marked) /* after the look's own fill and width: these win */
        plot_script_printf(s, ", fillcolor=\"" ORANGE "\", penwidth=2.6");
    plot_script_printf(s, "];\n");
}

/* s as text of an HTML-like label: '&', '<', '>', '"' as entities, '\n'
 * a line break, controls and bidi characters spaces, bytes that are not
 * UTF-8 '?'. (Only the legend is such a label.) */
static void html_str(plot_script *g, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        unsigned cp;
        int unsafe, k = text_char((const char *)p, &cp, &unsafe);
        if (*p == '&')
            plot_script_printf(g, "&amp;");
        else if (*p == '<')
            plot_script_printf(g, "&lt;");
        else if (*p == '>')
            plot_script_printf(g, "&gt;");
        else if (*p == '"')
            plot_script_printf(g, "&quot;");
        else if (*p == '\n')
            plot_script_printf(g, "<BR ALIGN=\"LEFT\"/>");
        else if (unsafe)
            plot_script_printf(g, "%c", cp == 0xfffd && k == 1 && *p >= 0x80 ? '?' : ' ');
        else
            plot_script_printf(g, "%.*s", k, (const char *)p);
        p += k;
    }
}

/* The sample cell of a node look in the legend: its colours and border. */
static const char *key_node_cell(plot_node_look look, int marked)
{
    if (marked)
        return "BORDER=\"2\" COLOR=\"#333333\" BGCOLOR=\"" ORANGE "\"";
    switch (look) {
    case PLOT_NODE_ROUND:
        return "BORDER=\"1\" STYLE=\"rounded\" COLOR=\"" BLUE "\" BGCOLOR=\"#DCEBF7\"";
    case PLOT_NODE_ALERT:
        return "BORDER=\"1\" COLOR=\"" VERMILLION "\" BGCOLOR=\"#FBE0D0\"";
    case PLOT_NODE_NOTE:
        return "BORDER=\"1\" COLOR=\"#9A8400\" BGCOLOR=\"#FFF6C8\"";
    case PLOT_NODE_BOX:
    default:
        return "BORDER=\"1\" COLOR=\"#333333\" BGCOLOR=\"white\"";
    }
}

/* The sample of an edge look: a line of box-drawing characters in its
 * colour (an HTML-like table holds no real edge). */
static const char *key_edge_text(plot_edge_look look)
{
    switch (look) {
    case PLOT_EDGE_SOLID: return "<FONT COLOR=\"#222222\">\u2500\u2500\u2500\u2500\u25BA</FONT>";
    case PLOT_EDGE_BOLD:
        return "<FONT COLOR=\"" BLUE "\"><B>\u2501\u2501\u2501\u2501\u25BA</B></FONT>";
    case PLOT_EDGE_DASHED:
        return "<FONT COLOR=\"" VERMILLION "\">\u254C\u254C\u254C\u254C\u254C</FONT>";
    case PLOT_EDGE_DOTTED:
        return "<FONT COLOR=\"#777777\">\u2508\u2508\u2508\u2508\u2508</FONT>";
    case PLOT_EDGE_THIN:
    default: return "<FONT COLOR=\"#9A9A9A\">\u2500\u2500\u2500\u2500\u25B8</FONT>";
    }
}

/* The legend: one node holding a table, a sample and its text per row. A
 * single node takes no rank of its own, so the legend never stretches the
 * graph; dot places it beside the graph's top. */
static void legend(plot_script *s, const plot_key *k, int n)
{
    plot_script_printf(s, "  legend [shape=plaintext, margin=0, label=<<TABLE BORDER=\"1\" "
                 "COLOR=\"#BBBBBB\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\" "
                 "STYLE=\"rounded\">\n"
                 "    <TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>\n");
    for (int i = 0; i < n; i++) {
        if (k[i].is_edge)
            plot_script_printf(s, "    <TR><TD>%s</TD>", key_edge_text(k[i].edge));
        else
            plot_script_printf(s, "    <TR><TD %s WIDTH=\"44\" HEIGHT=\"20\"> </TD>",
                      key_node_cell(k[i].node, k[i].marked));
        plot_script_printf(s, "<TD ALIGN=\"LEFT\">");
        html_str(s, k[i].label);
        plot_script_printf(s, "<BR ALIGN=\"LEFT\"/></TD></TR>\n");
    }
    plot_script_printf(s, "  </TABLE>>];\n");
}

static int invalid(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s", what);
    return PLOT_EINVALID;
}

/* Checks the description before anything is written. */
static int check_graph(const char *out, const plot_graph *g, char *err, size_t errlen)
{
    const char *ext = out ? strrchr(out, '.') : NULL;
    if (!plot_graph_format_ok(out) && !(ext && !strcasecmp(ext, ".dot"))) {
        snprintf(err, errlen, "cannot tell the diagram format of '%s' (expected .svg or .png)",
                 out ? out : "");
        return PLOT_EINVALID;
    }
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            snprintf(err, errlen, "a diagram's file name may not hold control characters "
                                  "(byte 0x%02x): choose another name", *p);
            return PLOT_EINVALID;
        }
    if (!g || !g->nodes || g->n_nodes < 1)
        return invalid(err, errlen, "no node to draw");
    if (g->n_clusters < 0 || (g->n_clusters && !g->clusters) || g->n_edges < 0 ||
        (g->n_edges && !g->edges) || g->n_keys < 0 || (g->n_keys && !g->keys))
        return invalid(err, errlen, "a list of the graph is missing");
    for (int i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].cluster < -1 || g->nodes[i].cluster >= g->n_clusters)
            return invalid(err, errlen, "a node's cluster is out of range");
    for (int i = 0; i < g->n_edges; i++) {
        const plot_edge *e = &g->edges[i];
        if (e->from < 0 || e->from >= g->n_nodes || e->to < 0 || e->to >= g->n_nodes)
            return invalid(err, errlen, "an edge's node is out of range");
        if ((e->clip_from && g->nodes[e->from].cluster < 0) ||
            (e->clip_to && g->nodes[e->to].cluster < 0))
            return invalid(err, errlen, "an edge is clipped at a node outside every cluster");
    }
    return PLOT_OK;
}

/* The rows of nodes outside clusters: each on one rank, kept in order by
 * flat invisible edges (remincross=false keeps dot from undoing them). */
static void rows(plot_script *s, const plot_graph *g)
{
    for (int i = 0; i < g->n_nodes; i++) {
        int r = g->nodes[i].row, first = 1;
        if (r <= 0 || g->nodes[i].cluster >= 0)
            continue;
        for (int j = 0; j < i; j++) /* written once, from its first node */
            first &= !(g->nodes[j].row == r && g->nodes[j].cluster < 0);
        if (!first)
            continue;
        plot_script_printf(s, "  { rank=same;");
        for (int j = i; j < g->n_nodes; j++)
            if (g->nodes[j].row == r && g->nodes[j].cluster < 0)
                plot_script_printf(s, " n%d;", j);
        plot_script_printf(s, " }\n");
        for (int j = i + 1, prev = i; j < g->n_nodes; j++)
            if (g->nodes[j].row == r && g->nodes[j].cluster < 0) {
                plot_script_printf(s, "  n%d -> n%d [style=invis];\n", prev, j);
                prev = j;
            }
    }
}

/* The whole script. */
static void script(plot_script *s, const plot_graph *g, int png)
{
    plot_script_printf(s, "// written by nines: a diagram; draw it with 'dot -Tsvg -o OUT.svg FILE'\n");
    plot_script_printf(s, "digraph nines {\n");
    plot_script_printf(s, "  graph [charset=\"UTF-8\", rankdir=TB, newrank=true, compound=true, remincross=false, "
                 "fontname=\"Helvetica\", fontsize=20, labelloc=t, nodesep=0.3, "
                 "ranksep=0.5, pad=0.3, bgcolor=white%s, label=",
              png ? ", dpi=110" : "");
    dot_str(s, g->title);
    plot_script_printf(s, "];\n");
    plot_script_printf(s, "  node [fontname=\"Helvetica\", fontsize=12, margin=\"0.12,0.05\"];\n");
    plot_script_printf(s, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (int c = 0; c < g->n_clusters; c++) {
        plot_script_printf(s, "  subgraph cluster_%d {\n    graph [label=", c);
        dot_text(s, g->clusters[c].label, 1);
        plot_script_printf(s, ", style=\"rounded,filled\", fillcolor=\"#F3F3F3\", color=\"#A0A0A0\", "
                     "fontsize=12, labeljust=l];\n");
        /* one row, in the order given: flat invisible edges keep it */
        plot_script_printf(s, "    { rank=same;");
        for (int i = 0; i < g->n_nodes; i++)
            if (g->nodes[i].cluster == c)
                plot_script_printf(s, " n%d;", i);
        plot_script_printf(s, " }\n");
        for (int i = 0, prev = -1; i < g->n_nodes; i++)
            if (g->nodes[i].cluster == c) {
                if (prev >= 0)
                    plot_script_printf(s, "    n%d -> n%d [style=invis];\n", prev, i);
                prev = i;
            }
        for (int i = 0; i < g->n_nodes; i++)
            if (g->nodes[i].cluster == c) {
                plot_script_printf(s, "  ");
                node_line(s, "n", i, g->nodes[i].label, g->nodes[i].look, g->nodes[i].marked);
            }
        plot_script_printf(s, "  }\n");
    }
    for (int i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].cluster < 0)
            node_line(s, "n", i, g->nodes[i].label, g->nodes[i].look, g->nodes[i].marked);
    rows(s, g);
    for (int i = 0; i < g->n_edges; i++) {
        const plot_edge *e = &g->edges[i];
        plot_script_printf(s, "  n%d -> n%d [%s", e->from, e->to, edge_attrs(e->look));
        if (e->clip_from)
            plot_script_printf(s, ", ltail=cluster_%d", g->nodes[e->from].cluster);
        if (e->clip_to)
            plot_script_printf(s, ", lhead=cluster_%d", g->nodes[e->to].cluster);
        plot_script_printf(s, "];\n");
    }
    if (g->n_keys > 0)
        legend(s, g->keys, g->n_keys);
    plot_script_printf(s, "}\n");
}

int plot_graph_draw(const char *out, const plot_graph *g, char *err, size_t errlen)
{
    int rc = check_graph(out, g, err, errlen);
    if (rc)
        return rc;
    const char *ext = strrchr(out, '.') + 1;
    int png = !strcasecmp(ext, "png");
    plot_script s = {0};
    script(&s, g, png);
    if (s.oom) {
        plot_script_free(&s);
        snprintf(err, errlen, "out of memory");
        return PLOT_ENOMEM;
    }
    if (!strcasecmp(ext, "dot")) {
        int e = plot_script_save(&s, out);
        plot_script_free(&s);
        if (e)
            snprintf(err, errlen, "cannot write %s: %s", out, strerror(e));
        return e ? PLOT_EIO : PLOT_OK;
    }
    char *argv[] = {(char *)"dot", (char *)(png ? "-Tpng" : "-Tsvg"), NULL};
    rc = plot_child_draw("dot", argv, &s, 1, out, PLOT_EDOT, err, errlen);
    plot_script_free(&s);
    if (rc == PLOT_ENOPROG) {
        snprintf(err, errlen, "dot (Graphviz) not found: install graphviz (make deps)");
        rc = PLOT_ENODOT;
    }
    return rc;
}
