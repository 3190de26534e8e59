/* cli/report_group.c — a range's services as one row in the report's
 * tables (Y16; docs/topology-format.md, "Ranges in outputs").
 */
#include <stdlib.h>

#include "report_int.h"

typedef struct alike {
    const mc_result *r;
    const topology *t; /* NULL: the figures alone */
} alike;

static int same(const void *ctx, int a, int b)
{
    const alike *c = ctx;
    return cli_same_figures(c->r->services, a, b) && (!c->t || cli_same_service(c->t, a, b));
}

int report_service_groups(const mc_result *r, const topology *t, topo_name_group **g, int *ng)
{
    const char **names = malloc((size_t)(r->n_services + 1) * sizeof *names);
    alike c = {r, t && t->n_services == r->n_services ? t : NULL};
    *g = NULL;
    *ng = 0;
    if (!names)
        return -1;
    for (int i = 0; i < r->n_services; i++)
        names[i] = r->services[i].name ? r->services[i].name : "";
    int rc = cli_group_names(names, r->n_services, same, &c, g, ng);
    free(names);
    return rc;
}
