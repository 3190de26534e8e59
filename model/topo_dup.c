/* model/topo_dup.c — the rules of a deep copy of a topology (topo_scale.c's
 * topo_copy): a string, an array of plain values, a position in the copy's
 * files, and an array of named entries (laws, maintenance, common causes,
 * crews) that own their name and units. Calls nothing of model/.
 */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

int topo_dup_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    size_t n = strlen(src) + 1;
    if (!(*dst = malloc(n)))
        return -1;
    memcpy(*dst, src, n);
    return 0;
}

void *topo_dup_block(const void *src, int n, size_t size, int *fail)
{
    *fail = 0;
    if (!src || n <= 0)
        return NULL;
    void *p = malloc((size_t)n * size);
    if (!p) {
        *fail = 1;
        return NULL;
    }
    memcpy(p, src, (size_t)n * size);
    return p;
}

topo_pos topo_dup_pos(const topology *t, const topology *c, topo_pos p)
{
    const char *f = p.file;
    p.file = NULL;
    if (!f)
        return p;
    for (int i = 0; i < t->n_files; i++)
        if (t->files[i] == f) {
            p.file = c->files[i];
            return p;
        }
    for (int i = 0; i < t->n_files; i++) /* not the same pointer: match by text */
        if (t->files[i] && !strcmp(t->files[i], f)) {
            p.file = c->files[i];
            return p;
        }
    return p;
}

/* Frees what entries [0, n) of a (not yet in the copy) own. */
static void free_entries(unsigned char *a, int n, const topo_entry_layout *l)
{
    for (int i = 0; i < n; i++) {
        unsigned char *e = a + (size_t)i * l->size;
        void *p;
        memcpy(&p, e + l->name, sizeof p);
        free(p);
        if (l->has_units) {
            memcpy(&p, e + l->units, sizeof p);
            free(p);
        }
    }
    free(a);
}

void *topo_dup_entries(const topology *t, const topology *c, const void *src, int n,
                       const topo_entry_layout *l, int *n_dst, int *fail)
{
    *fail = 0;
    if (n <= 0)
        return NULL;
    unsigned char *a = malloc((size_t)n * l->size);
    if (!a) {
        *fail = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const unsigned char *from = (const unsigned char *)src + (size_t)i * l->size;
        unsigned char *to = a + (size_t)i * l->size;
        memcpy(to, from, l->size);
        char *name;
        topo_pos pos;
        memcpy(&name, from + l->name, sizeof name);
        memcpy(&pos, from + l->pos, sizeof pos);
        pos = topo_dup_pos(t, c, pos);
        memcpy(to + l->pos, &pos, sizeof pos);
        char *own = NULL;
        int bad = topo_dup_str(&own, name);
        memcpy(to + l->name, &own, sizeof own);
        if (l->has_units) {
            topo_unit *units;
            int n_units, no;
            memcpy(&units, from + l->units, sizeof units);
            memcpy(&n_units, from + l->n_units, sizeof n_units);
            topo_unit *mine = topo_dup_block(units, n_units, sizeof *units, &no);
            memcpy(to + l->units, &mine, sizeof mine);
            bad |= no;
        }
        if (bad) {
            free_entries(a, i + 1, l);
            *fail = 1;
            return NULL;
        }
    }
    *n_dst = n;
    return a;
}
