/* model/topo_lookup.c — a loaded topology's lifetime and lookups: topo_free,
 * topo_find_host, topo_find_service, topo_find_law, topo_mode_name,
 * topo_repl_name (topology.h).
 */
#include <stdlib.h>
#include <string.h>

#include "topology.h"

void topo_free(topology *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->name);
    free(t->description);
    free(t->reference);
    free(t->text);
    free(t->overrides);
    for (int i = 0; i < t->n_laws; i++)
        free(t->laws[i].name);
    free(t->laws);
    for (int i = 0; i < t->n_hosts; i++) {
        free(t->hosts[i].name);
        free(t->hosts[i].needs);
    }
    free(t->hosts);
    for (int i = 0; i < t->n_services; i++) {
        free(t->services[i].name);
        free(t->services[i].hosts);
        free(t->services[i].needs);
        free(t->services[i].needs_local);
    }
    free(t->services);
    for (int i = 0; t->members && i < t->n_members; i++)
        free(t->members[i].local_needs);
    free(t->members);
    free(t->system.name);
    free(t->system.services);
    for (int i = 0; i < t->n_views; i++) {
        free(t->views[i].name);
        free(t->views[i].services);
    }
    free(t->views);
    for (int i = 0; t->maint && i < t->n_maint; i++) {
        free(t->maint[i].name);
        free(t->maint[i].units);
    }
    free(t->maint);
    for (int i = 0; t->ccfs && i < t->n_ccfs; i++) {
        free(t->ccfs[i].name);
        free(t->ccfs[i].units);
    }
    free(t->ccfs);
    for (int i = 0; t->crews && i < t->n_crews; i++)
        free(t->crews[i].name);
    free(t->crews);
    free(t->host_order);
    free(t->service_order);
    for (int i = 0; i < t->n_files; i++)
        free(t->files[i]);
    free(t->files);
    for (int i = 0; t->sources && i < t->n_sources; i++) {
        free(t->sources[i].written);
        free(t->sources[i].path);
        free(t->sources[i].resolved);
        free(t->sources[i].text);
    }
    free(t->sources);
    free(t);
}

int topo_find_host(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_hosts; i++)
        if (!strcmp(t->hosts[i].name, name))
            return i;
    return -1;
}

int topo_find_service(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_services; i++)
        if (!strcmp(t->services[i].name, name))
            return i;
    return -1;
}

int topo_find_law(const topology *t, const char *name)
{
    for (int i = 0; t && i < t->n_laws; i++)
        if (!strcmp(t->laws[i].name, name))
            return i;
    return -1;
}

const char *topo_mode_name(topo_mode m)
{
    switch (m) {
    case MODE_SINGLE: return "single";
    case MODE_ACTIVE_ACTIVE: return "active-active";
    case MODE_QUORUM: return "quorum";
    case MODE_ACTIVE_PASSIVE: return "active-passive";
    }
    return "unknown";
}

const char *topo_repl_name(topo_repl r)
{
    switch (r) {
    case REPL_NONE: return "none";
    case REPL_ASYNC: return "async";
    case REPL_SEMI_SYNC: return "semi-sync";
    case REPL_SYNC: return "sync";
    }
    return "unknown";
}
