/* montecarlo/mc_chunk.c — a ring slot: the per-trial results of one chunk of
 * trials, filled by one worker (mc_ws_run_chunk) and folded in trial order by
 * the calling thread (mc_acc_add_chunk). Each slot's arrays start on their
 * own cache lines, so two workers never write the same line.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mc_int.h"

int mc_chunk_init(mc_chunk *c, int n_targets, int n_laws)
{
    memset(c, 0, sizeof *c);
    c->down = mc_alloc_lines((size_t)MC_CHUNK * (size_t)n_targets * sizeof *c->down);
    c->acc = mc_alloc_lines((size_t)n_targets * sizeof *c->acc);
    c->share = mc_alloc_lines(((size_t)n_laws + 1) * sizeof *c->share);
    c->cause = mc_alloc_lines((size_t)n_targets * CAUSE_N * sizeof *c->cause);
    c->unplanned = mc_alloc_lines((size_t)MC_CHUNK * (size_t)n_targets * sizeof *c->unplanned);
    c->tr = mc_alloc_lines(sizeof *c->tr);
    if (!c->down || !c->acc || !c->share || !c->cause || !c->unplanned || !c->tr ||
        mc_cap_chunk_init(c, n_targets) /* capacity (Y16) */) {
        mc_chunk_release(c);
        return MC_ENOMEM;
    }
    return 0;
}

void mc_chunk_release(mc_chunk *c)
{
    if (!c)
        return;
    free(c->down);
    free(c->acc);
    free(c->share);
    free(c->cause);
    free(c->unplanned);
    free(c->ybins);
    free(c->loss);
    mc_cap_chunk_release(c); /* capacity (Y16) */
    free(c->tr);
    memset(c, 0, sizeof *c);
}

void mc_chunk_reset(mc_chunk *c, int n_targets, int n_laws, long long first, long long n)
{
    memset(c->share, 0, ((size_t)n_laws + 1) * sizeof *c->share);
    memset(c->cause, 0, (size_t)n_targets * CAUSE_N * sizeof *c->cause);
    c->first = first;
    c->n = n;
    c->complete = 0;
    c->n_ybins = 0;
    c->events = 0;
    memset(c->acc, 0, (size_t)n_targets * sizeof *c->acc);
    mc_cap_chunk_reset(c, n_targets); /* capacity (Y16) */
    memset(c->tr, 0, sizeof *c->tr);
}

/* ---------- MPI: a chunk as bytes (W19) ---------- */

/* A struct built from MC_CHUNK_FIELDS (mc_int.h) must be mc_chunk: same size,
 * every listed member at the same offset. A member added to mc_chunk without
 * its line in MC_CHUNK_FIELDS fails here, at compile time. */
#define LISTED_S(T, name) T name;
#define LISTED_A(T, name, count) T *name;
#define LISTED_G(T, name, count, cap) T *name;
struct mc_chunk_listed {
    MC_CHUNK_FIELDS(LISTED_S, LISTED_A, LISTED_G, LISTED_S)
};
_Static_assert(sizeof(struct mc_chunk_listed) == sizeof(mc_chunk),
               "mc_chunk has a member MC_CHUNK_FIELDS (mc_int.h) does not list: add its line there");
#define SAME_OFFSET(name)                                                                          \
    _Static_assert(offsetof(struct mc_chunk_listed, name) == offsetof(mc_chunk, name),             \
                   "MC_CHUNK_FIELDS (mc_int.h) is not in mc_chunk's order at member " #name);
#define OFFSET_S(T, name) SAME_OFFSET(name)
#define OFFSET_A(T, name, count) SAME_OFFSET(name)
#define OFFSET_G(T, name, count, cap) SAME_OFFSET(name)
MC_CHUNK_FIELDS(OFFSET_S, OFFSET_A, OFFSET_G, OFFSET_S)

/* Copies `bytes` bytes between the field at p and the buffer (dir
 * MC_CHUNK_PACK: field to buffer, MC_CHUNK_UNPACK: buffer to field,
 * MC_CHUNK_SIZE: neither) and advances the offset. */
static void chunk_field(int dir, unsigned char *buf, size_t *at, void *p, size_t bytes)
{
    if (bytes == 0)
        return;
    if (dir == MC_CHUNK_PACK)
        memcpy(buf + *at, p, bytes);
    else if (dir == MC_CHUNK_UNPACK)
        memcpy(p, buf + *at, bytes);
    *at += bytes;
}

long long mc_chunk_serial(mc_chunk *c, const mc_model *m, int dir, unsigned char *buf)
{
    size_t at = 0, nt = (size_t)m->n_targets, nl = (size_t)m->n_laws, nloss = (size_t)m->n_loss;
    /* scalars first: the arrays' counts depend on them */
#define SCALAR(T, name) chunk_field(dir, buf, &at, &c->name, sizeof c->name);
#define SKIP_A(T, name, count)
#define SKIP_G(T, name, count, cap)
#define SKIP_L(T, name)
    MC_CHUNK_FIELDS(SCALAR, SKIP_A, SKIP_G, SKIP_L)
    if (c->n < 0 || c->n > MC_CHUNK)
        return MC_EINVALID;
    size_t n = (size_t)c->n;
    /* then the arrays, in the list's order */
#define SKIP_S(T, name)
#define ARRAY(T, name, count) chunk_field(dir, buf, &at, c->name, (size_t)(count) * sizeof(T));
#define GROWN(T, name, count, cap)                                                                 \
    if (dir == MC_CHUNK_UNPACK && (size_t)(count) > (cap)) {                                       \
        T *grown = realloc(c->name, (size_t)(count) * sizeof(T));                                  \
        if (!grown)                                                                                \
            return MC_ENOMEM;                                                                      \
        c->name = grown;                                                                           \
        (cap) = (size_t)(count);                                                                   \
    }                                                                                              \
    ARRAY(T, name, count)
    MC_CHUNK_FIELDS(SKIP_S, ARRAY, GROWN, SKIP_L)
    (void)n, (void)nt, (void)nl, (void)nloss;
    return (long long)at;
}
