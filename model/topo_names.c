/* model/topo_names.c — a name index: an open-addressing hash table from
 * strings to ints, so that the loader finds a host, service, profile or key
 * among n in constant time instead of comparing with all n (a topology with
 * 100,000 hosts would otherwise cost 10^10 string comparisons).
 *
 * Keys are borrowed: the table stores the pointers it is given, which must
 * outlive it. Linear probing over a power-of-two table kept at most half full;
 * FNV-1a hashes the bytes. Nothing is ever removed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"

static uint64_t hash_name(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static int grow(name_index *x, size_t cap)
{
    const char **keys = calloc(cap, sizeof *keys);
    int *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return TOPO_ENOMEM;
    }
    for (size_t i = 0; i < x->cap; i++) {
        if (!x->keys[i])
            continue;
        size_t j = (size_t)hash_name(x->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = x->keys[i];
        vals[j] = x->vals[i];
    }
    free(x->keys);
    free(x->vals);
    x->keys = keys;
    x->vals = vals;
    x->cap = cap;
    return 0;
}

int topo_names_find(const name_index *x, const char *key)
{
    if (!x->cap)
        return -1;
    size_t j = (size_t)hash_name(key) & (x->cap - 1);
    while (x->keys[j]) {
        if (!strcmp(x->keys[j], key))
            return x->vals[j];
        j = (j + 1) & (x->cap - 1);
    }
    return -1;
}

int topo_names_add(name_index *x, const char *key, int val)
{
    if (2 * (x->n + 1) > x->cap && grow(x, x->cap ? 2 * x->cap : 16))
        return TOPO_ENOMEM;
    size_t j = (size_t)hash_name(key) & (x->cap - 1);
    while (x->keys[j]) {
        if (!strcmp(x->keys[j], key))
            return x->vals[j];
        j = (j + 1) & (x->cap - 1);
    }
    x->keys[j] = key;
    x->vals[j] = val;
    x->n++;
    return -1;
}

void topo_names_release(name_index *x)
{
    if (!x)
        return;
    free(x->keys);
    free(x->vals);
    memset(x, 0, sizeof *x);
}
