/* montecarlo/mc_mpi.c — mc_mpi_run: the chunks of one mc_run shared among the
 * ranks of an MPI job (built only with -DNINES_MPI: make MPI=1). The only
 * file that calls MPI; only the thread that calls mc_run does (funneled).
 *
 * DESIGN. Every rank runs the same command, so every rank enters mc_run with
 * the same topology and options, in the same order. Rank 0 owns the chunk
 * counter: a rank sends it ASK (with the chunks of its last batch, as bytes),
 * rank 0 answers GO (a batch: chunks [first, first + count)) or DONE; rank 0
 * computes batches itself in between, serving messages from its pool's tick
 * (every millisecond). Work is thus handed out on demand: a slow node simply
 * asks less often. Rank 0 keeps each chunk's bytes until every chunk before it
 * has arrived, then folds them in chunk order: exactly the fold of
 * mc_pool_run, so every figure is the one of a single process, whatever the
 * ranks and threads. Chunks are handed out at most `window` ahead of the
 * fold, so memory stays bounded when one rank lags.
 *
 * Stopping: a signal on any rank (mpirun turns Ctrl-C into SIGTERM on every
 * rank) stops the job: rank 0 sends HALT to the ranks computing, answers DONE
 * to every ASK, waits for every rank's last chunks and keeps the completed
 * prefix, like one process. A rank that does not answer within
 * MPI_STOP_WAIT seconds is lost (killed, crashed, its node gone): mc_mpi_run
 * returns MC_ERANK and nothing is kept; mc_mpi_finish then aborts the job.
 * At the end rank 0 sends every rank the run's sums (job->state), so every
 * rank builds the same result and takes the same path afterwards.
 */
#include <mpi.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mc_int.h"

enum { TAG_UP = 7301, TAG_DOWN, TAG_STATE };
enum { UP_ASK = 1, UP_FAILED };
enum { DOWN_GO = 1, DOWN_DONE, DOWN_HALT };

#define MPI_STOP_WAIT 3.0   /* seconds rank 0 waits for every rank once the job stops */
#define MPI_BATCH_MAX 16    /* chunks per batch at most */
#define MPI_NAP_NS 100000L  /* waiting for a message: look every 0.1 ms, without spinning */

/* A run lost a rank: MPI_Finalize would wait for it for ever. */
static int lost_rank;

int mc_mpi_init(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    return provided >= MPI_THREAD_FUNNELED ? 0 : -1;
}

int mc_mpi_rank(void)
{
    int on = 0, rank = 0;
    MPI_Initialized(&on);
    if (on)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int mc_mpi_size(void)
{
    int on = 0, size = 1;
    MPI_Initialized(&on);
    if (on)
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

int mc_mpi_finish(int status)
{
    if (lost_rank)
        MPI_Abort(MPI_COMM_WORLD, status ? status : 2);
    MPI_Finalize();
    return status;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void nap(void)
{
    struct timespec ts = {0, MPI_NAP_NS};
    nanosleep(&ts, NULL);
}

/* A growing byte buffer. */
typedef struct bytes {
    unsigned char *p;
    size_t n, cap;
} bytes;

static int bytes_reserve(bytes *b, size_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more)
        cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Appends slot c as (size, bytes); -1 on out of memory. */
static int bytes_put_chunk(bytes *b, const mc_mpi_job *job, mc_chunk *c)
{
    long long size = mc_chunk_serial(c, job->m, MC_CHUNK_SIZE, NULL);
    if (size < 0 || bytes_reserve(b, sizeof size + (size_t)size))
        return -1;
    memcpy(b->p + b->n, &size, sizeof size);
    mc_chunk_serial(c, job->m, MC_CHUNK_PACK, b->p + b->n + sizeof size);
    b->n += sizeof size + (size_t)size;
    return 0;
}

/* Waits (napping) for a message from src with tag; receives it into b. */
static int recv_bytes(int src, int tag, bytes *b, int *from)
{
    MPI_Status st;
    int flag = 0, count = 0;
    for (;;) {
        MPI_Iprobe(src, tag, MPI_COMM_WORLD, &flag, &st);
        if (flag)
            break;
        nap();
    }
    MPI_Get_count(&st, MPI_BYTE, &count);
    b->n = 0;
    if (bytes_reserve(b, (size_t)count))
        return -1;
    MPI_Recv(b->p, count, MPI_BYTE, st.MPI_SOURCE, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    b->n = (size_t)count;
    if (from)
        *from = st.MPI_SOURCE;
    return 0;
}

static void send_down(int rank, long long kind, long long first, long long count)
{
    long long m[3] = {kind, first, count};
    MPI_Send(m, (int)sizeof m, MPI_BYTE, rank, TAG_DOWN, MPI_COMM_WORLD);
}

/* ---------- a batch of chunks through the local pool ---------- */

typedef struct batch {
    const mc_mpi_job *job;
    long long first;            /* global index of the batch's chunk 0 */
    volatile int stop;          /* the local pool's stop flag */
    int failed;
    bytes *out;                 /* a worker: the packed chunks to send */
    struct coord *coord;        /* rank 0: where chunks are held */
    int halted;                 /* a worker: HALT received */
} batch;

static int batch_work(void *ctx, int w, long long k, int slot)
{
    batch *b = ctx;
    return b->job->pool.work(b->job->pool.ctx, w, b->first + k, slot);
}

/* Runs batch b's n chunks through the local pool: pj's job, with b's stop
 * flag and chunk numbers, `reduce` and `tick` every tick_ms. The pool's
 * result (chunks done, < 0 on error). */
static long long batch_run(const mc_pool_job *pj, batch *b, long long n,
                           void (*reduce)(void *, long long, int), void (*tick)(void *),
                           int tick_ms)
{
    mc_pool_job bj = *pj;
    bj.n_chunks = n;
    bj.threads = n < pj->threads ? (int)n : pj->threads;
    bj.stop = &b->stop;
    bj.work = batch_work;
    bj.reduce = reduce;
    bj.tick = tick;
    bj.ctx = b;
    bj.tick_ms = tick_ms;
    if (pj->halt)
        atomic_store(pj->halt, 0);
    return mc_pool_run(&bj);
}

/* ---------- rank 0 ---------- */

typedef struct coord {
    const mc_mpi_job *job;
    int size;
    long long next;       /* next chunk to hand out */
    long long folded;     /* chunks folded */
    long long window;     /* chunks handed out at most this far past the fold */
    unsigned char **held; /* window slots: chunk c's bytes at c % window */
    int *parked;          /* per rank: its ASK waits for the window (its
                             threads), or 0 */
    char *finished;       /* per rank: answered DONE */
    int stopping, stop_value, failed;
    double stop_at, last_tick;
    bytes msg;
} coord;

static int hold(coord *k, const unsigned char *p, size_t n)
{
    long long first;
    /* a packed chunk starts with c->first: the first scalar of MC_CHUNK_FIELDS */
    _Static_assert(offsetof(mc_chunk, first) == 0, "mc_chunk must start with first (hold)");
    memcpy(&first, p, sizeof first);
    long long c = first / MC_CHUNK;
    if (c < k->folded || c >= k->folded + k->window || k->held[c % k->window])
        return -1;
    unsigned char *copy = malloc(n);
    if (!copy)
        return -1;
    memcpy(copy, p, n);
    k->held[c % k->window] = copy;
    return 0;
}

static void fold_ready(coord *k)
{
    const mc_mpi_job *job = k->job;
    unsigned char **slot;
    while (k->folded < job->pool.n_chunks && *(slot = &k->held[k->folded % k->window])) {
        if (mc_chunk_serial(job->scratch, job->m, MC_CHUNK_UNPACK, *slot) < 0) {
            k->failed = 1;
            return;
        }
        free(*slot);
        *slot = NULL;
        job->fold(job->pool.ctx, job->scratch);
        k->folded++;
    }
}

static long long batch_size(int threads)
{
    long long b = 4LL * threads;
    return b > MPI_BATCH_MAX ? MPI_BATCH_MAX : b;
}

/* Claims up to batch_size(threads) chunks: their count (0: none now). */
static long long claim(coord *k, int threads, long long *first)
{
    long long n = batch_size(threads);
    long long left = k->job->pool.n_chunks - k->next, room = k->folded + k->window - k->next;
    if (n > left)
        n = left;
    if (n > room)
        n = room;
    if (k->stopping || k->failed || n <= 0)
        return 0;
    *first = k->next;
    k->next += n;
    return n;
}

static void answer(coord *k, int rank, int threads)
{
    long long first = 0, n;
    k->parked[rank] = 0;
    if (k->stopping || k->failed || k->next >= k->job->pool.n_chunks) {
        send_down(rank, DOWN_DONE, 0, 0);
        k->finished[rank] = 1;
    } else if ((n = claim(k, threads, &first)) > 0) {
        send_down(rank, DOWN_GO, first, n);
    } else {
        k->parked[rank] = threads > 0 ? threads : 1;
    }
}

static void start_stop(coord *k, int value)
{
    if (!k->stop_value)
        k->stop_value = value;
    if (k->stopping)
        return;
    k->stopping = 1;
    k->stop_at = now_s();
    for (int r = 1; r < k->size; r++)
        if (k->parked[r])
            answer(k, r, k->parked[r]);
        else if (!k->finished[r])
            send_down(r, DOWN_HALT, 0, 0);
}

/* Receives every message waiting, folds what it can, answers the parked. */
static void serve(coord *k)
{
    int flag = 0;
    MPI_Status st;
    for (;;) {
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_UP, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            break;
        int from = 0;
        if (recv_bytes(st.MPI_SOURCE, TAG_UP, &k->msg, &from) || k->msg.n < 4 * sizeof(long long)) {
            k->failed = 1;
            start_stop(k, 0);
            continue;
        }
        long long h[4]; /* kind, stop value, chunks, threads */
        memcpy(h, k->msg.p, sizeof h);
        size_t at = sizeof h;
        for (long long i = 0; i < h[2]; i++) {
            long long size;
            memcpy(&size, k->msg.p + at, sizeof size);
            at += sizeof size;
            if (hold(k, k->msg.p + at, (size_t)size))
                k->failed = 1;
            at += (size_t)size;
        }
        if (h[0] == UP_FAILED)
            k->failed = 1;
        if (k->failed || h[1])
            start_stop(k, (int)h[1]);
        answer(k, from, (int)h[3]);
    }
    fold_ready(k);
    if (k->failed)
        start_stop(k, 0);
    for (int r = 1; r < k->size; r++)
        if (k->parked[r])
            answer(k, r, k->parked[r]);
}

static void root_tick(coord *k)
{
    double t = now_s();
    if (t - k->last_tick >= 0.1) {
        k->last_tick = t;
        if (k->job->pool.tick)
            k->job->pool.tick(k->job->pool.ctx);
    }
}

static void root_pool_reduce(void *ctx, long long kk, int slot)
{
    batch *b = ctx;
    coord *k = b->coord;
    (void)kk;
    bytes one = {0};
    if (bytes_put_chunk(&one, b->job, &b->job->ring[slot]) ||
        hold(k, one.p + sizeof(long long), one.n - sizeof(long long)))
        k->failed = 1;
    free(one.p);
    fold_ready(k);
}

static void root_pool_tick(void *ctx)
{
    batch *b = ctx;
    coord *k = b->coord;
    serve(k);
    const volatile int *stop = k->job->pool.stop;
    if (stop && *stop)
        start_stop(k, *stop);
    if (k->stopping)
        b->stop = 1;
    root_tick(k);
}

static int all_finished(const coord *k)
{
    for (int r = 1; r < k->size; r++)
        if (!k->finished[r])
            return 0;
    return 1;
}

static long long run_root(const mc_mpi_job *job, int size)
{
    const mc_pool_job *pj = &job->pool;
    coord k;
    memset(&k, 0, sizeof k);
    k.job = job;
    k.size = size;
    k.window = 4 * MPI_BATCH_MAX * (long long)size;
    k.held = calloc((size_t)k.window, sizeof *k.held);
    k.parked = calloc((size_t)size, sizeof *k.parked);
    k.finished = calloc((size_t)size, 1);
    k.last_tick = now_s();
    long long result = MC_ENOMEM;
    if (!k.held || !k.parked || !k.finished) {
        lost_rank = 1; /* the others would wait for rank 0: end the job */
        goto out;
    }
    for (;;) {
        serve(&k);
        if (pj->stop && *pj->stop)
            start_stop(&k, *pj->stop);
        root_tick(&k);
        if (all_finished(&k) && (k.stopping || k.folded >= pj->n_chunks))
            break;
        if (k.stopping && now_s() - k.stop_at > MPI_STOP_WAIT) {
            lost_rank = 1;
            result = MC_ERANK;
            goto out;
        }
        long long first = 0, n = claim(&k, pj->threads, &first);
        if (n == 0) {
            nap();
            continue;
        }
        batch b = {.job = job, .first = first, .coord = &k};
        long long got = batch_run(pj, &b, n, root_pool_reduce, root_pool_tick, 1);
        if (got < 0) {
            k.failed = 1;
            start_stop(&k, 0);
        } else if (got < n && !k.stopping) {
            start_stop(&k, pj->stop && *pj->stop ? *pj->stop : 0);
        }
    }
    /* every rank gets the sums folded here */
    long long h[3] = {k.folded, k.stop_value, k.failed};
    bytes st = {0};
    size_t total = sizeof h;
    for (int i = 0; i < job->n_state; i++)
        total += job->state[i].n;
    if (total > INT_MAX || bytes_reserve(&st, total)) {
        /* one message holds at most INT_MAX bytes (docs/cluster.md: about 130
           million trials per design for compare's per-trial values) */
        lost_rank = 1; /* the others wait for the state: end the job */
        result = total > INT_MAX ? MC_ETOOBIG : MC_ENOMEM;
        goto out;
    }
    memcpy(st.p, h, sizeof h);
    st.n = sizeof h;
    for (int i = 0; i < job->n_state; i++) {
        if (job->state[i].n) /* an empty region may be NULL */
            memcpy(st.p + st.n, job->state[i].p, job->state[i].n);
        st.n += job->state[i].n;
    }
    for (int r = 1; r < size; r++)
        MPI_Send(st.p, (int)st.n, MPI_BYTE, r, TAG_STATE, MPI_COMM_WORLD);
    free(st.p);
    if (k.stop_value && pj->stop && !*pj->stop)
        *pj->stop = k.stop_value;
    result = k.failed ? MC_ENOMEM : k.folded;
out:
    if (k.held)
        for (long long i = 0; i < k.window; i++)
            free(k.held[i]);
    free(k.held);
    free(k.parked);
    free(k.finished);
    free(k.msg.p);
    return result;
}

/* ---------- the other ranks ---------- */

static void worker_pool_reduce(void *ctx, long long kk, int slot)
{
    batch *b = ctx;
    (void)kk;
    if (bytes_put_chunk(b->out, b->job, &b->job->ring[slot]))
        b->failed = 1;
}

/* Looks for HALT from rank 0 and at this rank's own stop flag. */
static void worker_pool_tick(void *ctx)
{
    batch *b = ctx;
    int flag = 0;
    MPI_Iprobe(0, TAG_DOWN, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (flag) { /* while a batch runs, rank 0 sends nothing but HALT */
        long long m[3];
        MPI_Recv(m, (int)sizeof m, MPI_BYTE, 0, TAG_DOWN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        b->halted = 1;
        b->stop = 1;
    }
    const volatile int *stop = b->job->pool.stop;
    if (stop && *stop)
        b->stop = 1;
}

static long long run_worker(const mc_mpi_job *job)
{
    const mc_pool_job *pj = &job->pool;
    bytes out = {0}, in = {0};
    long long h[4] = {UP_ASK, 0, 0, pj->threads};
    int failed = 0;
    if (bytes_reserve(&out, sizeof h))
        failed = 1;
    out.n = sizeof h;
    for (;;) {
        h[0] = failed ? UP_FAILED : UP_ASK;
        h[1] = pj->stop ? *pj->stop : 0;
        if (out.p)
            memcpy(out.p, h, sizeof h);
        MPI_Send(out.p ? out.p : (unsigned char *)h, out.p ? (int)out.n : (int)sizeof h, MPI_BYTE, 0,
                 TAG_UP, MPI_COMM_WORLD);
        out.n = sizeof h;
        h[2] = 0;
        long long m[3];
        do {
            MPI_Status st;
            int flag = 0;
            while (MPI_Iprobe(0, TAG_DOWN, MPI_COMM_WORLD, &flag, &st), !flag)
                nap();
            MPI_Recv(m, (int)sizeof m, MPI_BYTE, 0, TAG_DOWN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } while (m[0] == DOWN_HALT);
        if (m[0] == DOWN_DONE)
            break;
        batch b = {.job = job, .first = m[1], .out = &out};
        long long got = batch_run(pj, &b, m[2], worker_pool_reduce, worker_pool_tick, 10);
        if (got < 0 || b.failed)
            failed = 1;
        h[2] = got > 0 && !b.failed ? got : 0;
        if (b.failed)
            out.n = sizeof h;
    }
    long long result = MC_ENOMEM;
    size_t total = 3 * sizeof(long long);
    for (int i = 0; i < job->n_state; i++)
        total += job->state[i].n;
    if (recv_bytes(0, TAG_STATE, &in, NULL) == 0 && in.n == total) {
        long long s[3];
        memcpy(s, in.p, sizeof s);
        size_t at = sizeof s;
        for (int i = 0; i < job->n_state; i++) {
            if (job->state[i].n) /* an empty region may be NULL */
                memcpy(job->state[i].p, in.p + at, job->state[i].n);
            at += job->state[i].n;
        }
        if (s[1] && pj->stop && !*pj->stop)
            *pj->stop = (int)s[1];
        result = s[2] ? MC_ENOMEM : s[0];
    }
    free(out.p);
    free(in.p);
    return result;
}

long long mc_mpi_run(const mc_mpi_job *job)
{
    int size = mc_mpi_size();
    return mc_mpi_rank() == 0 ? run_root(job, size) : run_worker(job);
}
