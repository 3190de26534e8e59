/* model/topo_entries.c — what the sections of named entries with targets
 * (`maintenance`, `common-cause`) share: the section's mapping, each entry's
 * name (a scalar key, not repeated) and its `targets` with the units they
 * stand for. One home for each rule, so both sections say the same errors.
 * Calls topo_ctx.c, topo_names.c and topo_yaml.c only.
 */
#include <stdio.h>

#include "model_int.h"

ynode *topo_load_section(loader *L, ynode *node, const char *section, const char *example)
{
    ynode *m = topo_yaml_deref(node);
    if (!m || topo_load_is_null(m))
        return NULL;
    if (m->type != Y_MAP) {
        topo_load_err(L, m, "%s is %s (expected a mapping of names to entries, e.g. %s)", section,
                      topo_load_type_name(m), example);
        return NULL;
    }
    topo_load_check_keys(L, m, section, NULL, -1);
    return m;
}

ynode *topo_load_entry_key(loader *L, ynode *m, int i, name_index *seen)
{
    ynode *k = topo_yaml_deref(m->kids[2 * i]);
    if (!k || k->type != Y_SCALAR)
        return NULL;
    int r = topo_names_add(seen, k->text, i);
    if (r == TOPO_ENOMEM) {
        L->nomem = 1;
        return NULL;
    }
    return r >= 0 ? NULL : k; /* r >= 0: a duplicate key, reported */
}

int topo_load_entry_targets(loader *L, ynode *tv, const char *path, load_target **tg, int *n,
                            topo_unit **units, int *n_units)
{
    char p[600]; /* as the sections' own buffers: the same truncation */
    snprintf(p, sizeof p, "%s.targets", path);
    if (topo_load_targets(L, tv, p, tg, n))
        return -1;
    topo_load_units(L, *tg, *n, units, n_units);
    return 0;
}
