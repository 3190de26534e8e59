/* montecarlo/mc_queue.c — the event queue: an indexed binary min-heap of
 * clocks ordered by (time, id). Each part and timer has one clock; setting a
 * clock moves it in place (no insert/delete churn), and ties are broken by id
 * so that the order of simultaneous events is fixed.
 */
#include <stdlib.h>

#include "mc_int.h"

int mc_queue_init(mc_queue *q, int n_clocks)
{
    size_t n = n_clocks > 0 ? (size_t)n_clocks : 1;
    q->n = 0;
    q->heap = mc_alloc_lines(n * sizeof *q->heap);
    q->pos = mc_alloc_lines(n * sizeof *q->pos);
    q->time = mc_alloc_lines(n * sizeof *q->time);
    if (!q->heap || !q->pos || !q->time) {
        mc_queue_release(q);
        return MC_ENOMEM;
    }
    mc_queue_clear(q, n_clocks);
    return 0;
}

void mc_queue_release(mc_queue *q)
{
    if (!q)
        return;
    free(q->heap);
    free(q->pos);
    free(q->time);
    q->heap = q->pos = NULL;
    q->time = NULL;
    q->n = 0;
}

void mc_queue_clear(mc_queue *q, int n_clocks)
{
    q->n = 0;
    for (int i = 0; i < n_clocks; i++)
        q->pos[i] = -1;
}

static inline int before(const mc_queue *q, int a, int b)
{
    double ta = q->time[a], tb = q->time[b];
    return ta < tb || (ta == tb && a < b);
}

static void sift_up(mc_queue *q, int i, int id)
{
    while (i > 0) {
        int p = (i - 1) >> 1, pid = q->heap[p];
        if (!before(q, id, pid))
            break;
        q->heap[i] = pid;
        q->pos[pid] = i;
        i = p;
    }
    q->heap[i] = id;
    q->pos[id] = i;
}

static void sift_down(mc_queue *q, int i, int id)
{
    int n = q->n;
    for (;;) {
        int l = 2 * i + 1, best = id, bi = i;
        if (l >= n)
            break;
        if (before(q, q->heap[l], best)) {
            best = q->heap[l];
            bi = l;
        }
        if (l + 1 < n && before(q, q->heap[l + 1], best)) {
            best = q->heap[l + 1];
            bi = l + 1;
        }
        if (bi == i)
            break;
        q->heap[i] = best;
        q->pos[best] = i;
        i = bi;
    }
    q->heap[i] = id;
    q->pos[id] = i;
}

void mc_queue_set(mc_queue *q, int id, double t)
{
    int i = q->pos[id];
    if (i < 0) {
        q->time[id] = t;
        sift_up(q, q->n++, id);
        return;
    }
    double old = q->time[id];
    q->time[id] = t;
    if (t < old)
        sift_up(q, i, id);
    else
        sift_down(q, i, id);
}

void mc_queue_cancel(mc_queue *q, int id)
{
    int i = q->pos[id];
    if (i < 0)
        return;
    q->pos[id] = -1;
    int last = q->heap[--q->n];
    if (i == q->n)
        return;
    /* put the last clock in the hole and restore order either way */
    if (i > 0 && before(q, last, q->heap[(i - 1) >> 1]))
        sift_up(q, i, last);
    else
        sift_down(q, i, last);
}
