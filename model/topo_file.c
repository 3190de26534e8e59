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
