/* montecarlo/mc_chunk.c — a ring slot: the per-trial results of one chunk of
 * trials, filled by one worker (mc_ws_run_chunk) and folded in trial order by
 * the calling thread (mc_acc_add_chunk). Each slot's arrays start on their
 * own cache lines, so two workers never write the same line.
 */
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

long long mc_chunk_serial(mc_chunk *c, int n_targets, int n_laws, int dir, unsigned char *buf)
{
    size_t at = 0, nt = (size_t)n_targets;
#define MC_FIELD(p, bytes) chunk_field(dir, buf, &at, (p), (bytes))
    /* scalars first: the arrays' lengths depend on them */
    MC_FIELD(&c->first, sizeof c->first);
    MC_FIELD(&c->n, sizeof c->n);
    MC_FIELD(&c->complete, sizeof c->complete);
    MC_FIELD(&c->n_ybins, sizeof c->n_ybins);
    MC_FIELD(&c->events, sizeof c->events);
    if (c->n < 0 || c->n > MC_CHUNK)
        return MC_EINVALID;
    if (dir == MC_CHUNK_UNPACK && c->n_ybins > c->cap_ybins) {
        uint32_t *y = realloc(c->ybins, c->n_ybins * sizeof *y);
        if (!y)
            return MC_ENOMEM;
        c->ybins = y;
        c->cap_ybins = c->n_ybins;
    }
    size_t n = (size_t)c->n;
    /* one line per field, scalars above: a new per-chunk field adds its line */
    MC_FIELD(c->down, n * nt * sizeof *c->down);
    MC_FIELD(c->unplanned, n * nt * sizeof *c->unplanned);
    MC_FIELD(c->acc, nt * sizeof *c->acc);
    MC_FIELD(c->share, ((size_t)n_laws + 1) * sizeof *c->share);
    MC_FIELD(c->cause, nt * CAUSE_N * sizeof *c->cause);
    MC_FIELD(c->ybins, c->n_ybins * sizeof *c->ybins);
#undef MC_FIELD
    return (long long)at;
}
