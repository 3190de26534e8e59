/* study/study_roles.c — the roles of a law's parts, for sensitivity.
 *
 * A profile used by ctl1..3 (hosts of keystone and mysql) and by db1..2
 * (hosts of galera) stands in two places: improving the servers under the
 * controllers and those under the database are two different changes, and
 * sensitivity ranks them apart (docs/sensitivity.md, "Roles"). Hosts of a
 * law are grouped by the set of services that have a member on them; the
 * members that run a law as their instance law are grouped by service; each
 * common cause with the law is a role of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study_int.h"

void study_roles_free(study_role *roles, int n)
{
    for (int i = 0; roles && i < n; i++) {
        free(roles[i].hosts);
        free(roles[i].name);
    }
    free(roles);
}

/* 1 if hosts a and b have members of exactly the same services. */
static int same_services(const topology *t, int a, int b)
{
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        int in_a = 0, in_b = 0;
        for (int k = 0; k < sv->n_hosts; k++) {
            in_a |= sv->hosts[k] == a;
            in_b |= sv->hosts[k] == b;
        }
        if (in_a != in_b)
            return 0;
    }
    return 1;
}

/* Appends text to *buf (grown as needed); returns -1 when out of memory. */
static int add_text(char **buf, size_t *len, size_t *cap, const char *text)
{
    size_t n = strlen(text);
    if (*len + n + 1 > *cap) {
        size_t c = (*len + n + 1) * 2;
        char *b = realloc(*buf, c);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, text, n + 1);
    *len += n;
    return 0;
}

/* "LAW on a, b, c (hosts of s1, s2)": four names or fewer written out,
 * more as ranges ("compute[01:20]"); four services or fewer, else the first
 * three and how many more. */
static char *hosts_name(const topology *t, int law, const int *hosts, int n)
{
    char *b = NULL, more[48];
    size_t len = 0, cap = 0;
    int err = add_text(&b, &len, &cap, t->laws[law].name);
    err |= add_text(&b, &len, &cap, " on ");
    const char **names = malloc((size_t)n * sizeof *names);
    topo_name_group *g = NULL;
    int ng = 0;
    if (!names)
        err = 1;
    for (int i = 0; !err && i < n; i++)
        names[i] = t->hosts[hosts[i]].name;
    if (!err && n > 4 && !topo_names_group(names, n, &g, &ng)) {
        for (int i = 0; i < ng && !err; i++)
            err |= add_text(&b, &len, &cap, i ? ", " : "") |
                   add_text(&b, &len, &cap, g[i].text);
        topo_name_groups_free(g, ng);
    } else {
        for (int i = 0; i < n && !err; i++)
            err |= add_text(&b, &len, &cap, i ? ", " : "") | add_text(&b, &len, &cap, names[i]);
    }
    free(names);
    int shown = 0, total = 0;
    for (int s = 0; s < t->n_services && !err; s++) {
        const topo_service *sv = &t->services[s];
        int in = 0;
        for (int k = 0; k < sv->n_hosts; k++)
            in |= sv->hosts[k] == hosts[0];
        if (!in)
            continue;
        total++;
        if (shown == 3 && total > 4)
            continue;
        err |= add_text(&b, &len, &cap, shown ? ", " : " (hosts of ") |
               add_text(&b, &len, &cap, sv->name);
        shown++;
    }
    if (total > shown) {
        snprintf(more, sizeof more, " and %d more", total - shown);
        err |= add_text(&b, &len, &cap, more);
    }
    err |= add_text(&b, &len, &cap, total ? ")" : " (running no service)");
    if (err) {
        free(b);
        return NULL;
    }
    return b;
}

static char *joined(const char *a, const char *mid, const char *c)
{
    size_t n = strlen(a) + strlen(mid) + strlen(c) + 1;
    char *b = malloc(n);
    if (b)
        snprintf(b, n, "%s%s%s", a, mid, c);
    return b;
}

int study_roles_of(const topology *t, int law, study_role **roles, int *n)
{
    int cap = t->n_hosts + t->n_services + t->n_ccfs + 1, k = 0;
    study_role *r = calloc((size_t)cap, sizeof *r);
    int *taken = calloc((size_t)t->n_hosts + 1, sizeof *taken);
    *roles = NULL;
    *n = 0;
    if (!r || !taken)
        goto nomem;
    for (int h = 0; h < t->n_hosts; h++) {
        if (t->hosts[h].law != law || taken[h])
            continue;
        study_role *x = &r[k++];
        x->kind = ROLE_HOSTS;
        x->service = x->ccf = -1;
        if (!(x->hosts = malloc((size_t)t->n_hosts * sizeof *x->hosts)))
            goto nomem;
        for (int j = h; j < t->n_hosts; j++)
            if (t->hosts[j].law == law && !taken[j] && same_services(t, h, j)) {
                taken[j] = 1;
                x->hosts[x->n_hosts++] = j;
            }
        if (!(x->name = hosts_name(t, law, x->hosts, x->n_hosts)))
            goto nomem;
    }
    for (int s = 0; s < t->n_services; s++) {
        if (t->services[s].instance != law || !t->services[s].n_hosts)
            continue;
        study_role *x = &r[k++];
        x->kind = ROLE_MEMBERS;
        x->service = s;
        x->ccf = -1;
        if (!(x->name = joined(t->laws[law].name, " as instances of ", t->services[s].name)))
            goto nomem;
    }
    for (int c = 0; c < t->n_ccfs; c++) {
        if (t->ccfs[c].law != law)
            continue;
        study_role *x = &r[k++];
        x->kind = ROLE_CCF;
        x->service = -1;
        x->ccf = c;
        if (!(x->name = joined(t->laws[law].name, " as common-cause.", t->ccfs[c].name)))
            goto nomem;
    }
    free(taken);
    *roles = r;
    *n = k;
    return STUDY_OK;
nomem:
    free(taken);
    study_roles_free(r, k);
    return STUDY_ENOMEM;
}

int study_role_copy(const topology *t, int law, const study_role *r, topology **out,
                    int *role_law)
{
    topology *c = NULL;
    *out = NULL;
    if (topo_copy(t, &c))
        return STUDY_ENOMEM;
    topo_law *laws = realloc(c->laws, ((size_t)c->n_laws + 1) * sizeof *laws);
    if (!laws) {
        topo_free(c);
        return STUDY_ENOMEM;
    }
    c->laws = laws;
    int nl = c->n_laws;
    laws[nl] = t->laws[law];
    laws[nl].pos = c->laws[law].pos;
    if (!(laws[nl].name = joined(r->name, "", ""))) {
        topo_free(c);
        return STUDY_ENOMEM;
    }
    c->n_laws++;
    if (r->kind == ROLE_HOSTS)
        for (int i = 0; i < r->n_hosts; i++)
            c->hosts[r->hosts[i]].law = nl;
    else if (r->kind == ROLE_MEMBERS)
        c->services[r->service].instance = nl;
    else
        c->ccfs[r->ccf].law = nl;
    *role_law = nl;
    *out = c;
    return STUDY_OK;
}
