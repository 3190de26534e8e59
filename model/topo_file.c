/* model/topo_file.c — the files a load reads: a whole file read with its
 * size limit, the topology's list of file names (positions point into it)
 * and the loader's YAML documents.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model_int.h"

const char *topo_load_add_file(loader *L, const char *path)
{
    topology *t = L->t;
    for (int i = 0; i < t->n_files; i++)
        if (!strcmp(t->files[i], path))
            return t->files[i];
    char **p = realloc(t->files, (size_t)(t->n_files + 1) * sizeof *p);
    if (!p) {
        L->nomem = 1;
        return NULL;
    }
    t->files = p;
    if (!(t->files[t->n_files] = topo_load_strdup(L, path)))
        return NULL;
    return t->files[t->n_files++];
}

int topo_load_read_file(const char *path, char **text, size_t *len)
{
    struct stat st;
    if (stat(path, &st))
        return errno;
    if (S_ISDIR(st.st_mode))
        return EISDIR;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n > (size_t)TOPO_MAX_FILE_BYTES) { /* also for a pipe, where stat says 0 */
            free(buf);
            fclose(f);
            return EFBIG;
        }
        if (n + 1 >= cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (!buf)
        return ENOMEM;
    if (err) {
        free(buf);
        return err;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

void topo_load_strerror(int e, char *buf, size_t n)
{
    snprintf(buf, n, "%s", strerror(e));
    if (buf[0] >= 'A' && buf[0] <= 'Z')
        buf[0] = (char)(buf[0] - 'A' + 'a');
}

int topo_load_add_source(loader *L, int from, const char *written, const char *path,
                         const char *resolved, char *text, size_t len, int same, int mem)
{
    topology *t = L->t;
    if (t->n_sources == L->cap_sources) {
        int cap = L->cap_sources ? 2 * L->cap_sources : 4;
        topo_source *p = realloc(t->sources, (size_t)cap * sizeof *p);
        if (p)
            t->sources = p;
        int *m = p ? realloc(L->mem_of, (size_t)cap * sizeof *m) : NULL;
        if (m)
            L->mem_of = m;
        if (!p || !m) {
            free(text);
            L->nomem = 1;
            return -1;
        }
        L->cap_sources = cap;
    }
    topo_source *s = &t->sources[t->n_sources];
    memset(s, 0, sizeof *s);
    s->from = from;
    s->same = same;
    s->text = text;
    s->len = len;
    L->mem_of[t->n_sources] = mem;
    t->n_sources++; /* counted at once: topo_free frees what is there */
    if (!(s->written = topo_load_strdup(L, written)) || !(s->path = topo_load_strdup(L, path)) ||
        !(s->resolved = topo_load_strdup(L, resolved ? resolved : path)))
        return -1;
    return t->n_sources - 1;
}

ydoc *topo_load_new_doc(loader *L)
{
    if (L->n_docs == L->cap_docs) {
        int cap = L->cap_docs ? 2 * L->cap_docs : 4;
        ydoc *p = realloc(L->docs, (size_t)cap * sizeof *p);
        if (!p) {
            L->nomem = 1;
            return NULL;
        }
        L->docs = p;
        L->cap_docs = cap;
    }
    ydoc *d = &L->docs[L->n_docs++];
    d->root = d->nodes = NULL;
    return d;
}
