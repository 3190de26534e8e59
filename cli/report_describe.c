/* cli/report_describe.c — the design in words: one line per host, service,
 * the system and each view, for a run's "The design" list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* A view's services, a range's written as the range (Y16). */
static void view_services(const topology *t, const topo_view *v, char *buf, size_t cap)
{
    const char **names = malloc((size_t)(v->n_services + 1) * sizeof *names);
    char *joined = NULL;
    for (int k = 0; names && k < v->n_services; k++)
        names[k] = t->services[v->services[k]].name;
    if (names)
        joined = cli_names_join(names, v->n_services);
    buf[0] = '\0';
    if (joined)
        snprintf(buf, cap, "%s", joined);
    for (int k = 0; !joined && k < v->n_services; k++) {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", k ? ", " : "", t->services[v->services[k]].name);
    }
    free(joined);
    free(names);
}

void report_describe_design(const topology *t, lines *l)
{
    char a[128], b[128], c[128];
    /* a range's identical hosts on one line, "host compute[01:20] (20
       hosts, each)" (Y16) */
    const char **hn = malloc((size_t)(t->n_hosts > 0 ? t->n_hosts : 1) * sizeof *hn);
    topo_name_group *hg = NULL;
    int nhg = 0;
    for (int i = 0; hn && i < t->n_hosts; i++)
        hn[i] = t->hosts[i].name;
    if (!hn || cli_group_names(hn, t->n_hosts, cli_same_host, t, &hg, &nhg)) {
        nhg = 0;
        hg = NULL;
    }
    for (int gi = 0, i = 0; gi < (hg ? nhg : t->n_hosts); gi++) {
        i = hg ? hg[gi].first : gi;
        const topo_host *h = &t->hosts[i];
        char nm[600];
        if (hg && hg[gi].count > 1)
            snprintf(nm, sizeof nm, "%s (%d hosts, each)", hg[gi].text, hg[gi].count);
        else
            snprintf(nm, sizeof nm, "%s", h->name);
        char needs[1024] = "";
        for (int k = 0; k < h->n_needs; k++) {
            size_t n = strlen(needs);
            snprintf(needs + n, sizeof needs - n, "%s%s", k ? ", " : "", t->hosts[h->needs[k]].name);
        }
        if (h->law >= 0) {
            const topo_law *w = &t->laws[h->law];
            report_lines_addf(l, "host %s: fails after %s, repaired in %s (law '%s')%s%s", nm,
                 law_describe(&w->fail, a, sizeof a), law_describe(&w->repair, b, sizeof b),
                 w->name, *needs ? "; down whenever one of these is down: " : "", needs);
        } else {
            report_lines_addf(l, "host %s: never fails by itself%s%s", nm,
                 *needs ? "; down whenever one of these is down: " : "", needs);
        }
    }
    topo_name_groups_free(hg, nhg);
    free(hn);
    /* a range's identical services on one line (Y16) */
    const char **sn = malloc((size_t)(t->n_services + 1) * sizeof *sn);
    topo_name_group *sg = NULL;
    int nsg = 0;
    for (int i = 0; sn && i < t->n_services; i++)
        sn[i] = t->services[i].name;
    if (!sn || cli_group_names(sn, t->n_services, cli_same_service, t, &sg, &nsg)) {
        sg = NULL;
        nsg = 0;
    }
    for (int gi = 0, i = 0; gi < (sg ? nsg : t->n_services); gi++) {
        i = sg ? sg[gi].first : gi;
        const topo_service *s = &t->services[i];
        char hosts[1024] = "", needs[1024] = "", extra[4096] = "", inst[512], sname[600];
        if (sg && sg[gi].count > 1)
            snprintf(sname, sizeof sname, "%s (%d services, each)", sg[gi].text, sg[gi].count);
        else
            snprintf(sname, sizeof sname, "%s", s->name);
        char *joined = cli_hosts_join(t, s->hosts, s->n_hosts); /* ranges as ranges (Y16) */
        if (joined)
            snprintf(hosts, sizeof hosts, "%s", joined);
        free(joined);
        for (int k = 0; !*hosts && k < s->n_hosts; k++) {
            size_t n = strlen(hosts);
            snprintf(hosts + n, sizeof hosts - n, "%s%s", k ? ", " : "", t->hosts[s->hosts[k]].name);
        }
        for (int k = 0; k < s->n_needs; k++) {
            size_t n = strlen(needs);
            snprintf(needs + n, sizeof needs - n, "%s%s", k ? ", " : "",
                     t->services[s->needs[k]].name);
        }
        if (s->instance >= 0) {
            const topo_law *w = &t->laws[s->instance];
            snprintf(inst, sizeof inst, "each instance fails after %s and is repaired in %s",
                     law_describe(&w->fail, a, sizeof a), law_describe(&w->repair, b, sizeof b));
        } else {
            snprintf(inst, sizeof inst, "its instances never fail by themselves");
        }
        switch (s->mode) {
        case MODE_SINGLE:
            snprintf(extra, sizeof extra, "a single instance on %s", hosts);
            break;
        case MODE_ACTIVE_ACTIVE:
            snprintf(extra, sizeof extra, "active-active on %s, up while at least %d of %d are up",
                     hosts, s->need, s->n_hosts);
            break;
        case MODE_QUORUM:
            snprintf(extra, sizeof extra, "quorum on %s, up while at least %d of %d are up%s%s%s%s",
                     hosts, s->need, s->n_hosts,
                     law_is_none(&s->rejoin) ? "" : "; a returning member counts after ",
                     law_is_none(&s->rejoin) ? "" : law_describe(&s->rejoin, a, sizeof a),
                     law_is_none(&s->bootstrap) ? "" : "; after quorum is lost, recovery also needs a manual bootstrap taking ",
                     law_is_none(&s->bootstrap) ? "" : law_describe(&s->bootstrap, b, sizeof b));
            break;
        case MODE_ACTIVE_PASSIVE:
            snprintf(extra, sizeof extra,
                     "active-passive on %s (first active), failover takes %s and succeeds %.4g%% "
                     "of the time, %s standby%s%s",
                     hosts, law_describe(&s->failover_time, a, sizeof a),
                     100 * s->failover_success, s->cold ? "cold" : "hot",
                     law_is_none(&s->resync) ? "" : "; a repaired member can take over after ",
                     law_is_none(&s->resync) ? "" : law_describe(&s->resync, c, sizeof c));
            break;
        }
        report_lines_addf(l, "service %s: %s; %s%s%s", sname, extra, inst,
             *needs ? "; needs the services " : "", needs);
    }
    topo_name_groups_free(sg, nsg);
    free(sn);
    char sys[2048] = "";
    view_services(t, &t->system, sys, sizeof sys);
    if (t->system.need_members > 0) /* {services, need} (Y16) */
        report_lines_addf(l, "the system is up while at least %d of the members of these "
                          "services serve: %s", t->system.need_members, sys);
    else
        report_lines_addf(l, "the system is up while all of these services are up: %s", sys);
    for (int v = 0; v < t->n_views; v++) {
        char vs[2048] = "";
        view_services(t, &t->views[v], vs, sizeof vs);
        if (t->views[v].need_members > 0) /* {services, need} (Y16) */
            report_lines_addf(l, "view %s is up while at least %d of the members of these "
                              "services serve: %s", t->views[v].name, t->views[v].need_members, vs);
        else
            report_lines_addf(l, "view %s is up while all of these are up: %s", t->views[v].name, vs);
    }
    report_lines_addf(l, "mission (one simulated history): %s%s%s", report_duration(a, sizeof a, t->mission),
         t->reference ? "; stands for the reference row " : "", t->reference ? t->reference : "");
}
