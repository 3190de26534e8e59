/* montecarlo/mc_pool.c — the thread pool: the only file with threads.
 *
 * Workers claim chunks in increasing order and fill a ring of `ring` slots;
 * a worker may run chunk c only once chunk c - ring has been reduced, so
 * memory is fixed whatever the number of trials. The calling thread reduces
 * chunks strictly in order (which makes every floating-point sum independent
 * of the number of threads), calls `tick` about ten times a second, and on a
 * stop request stops handing out chunks, waits for the workers and returns
 * the completed prefix.
 *
 * The caller's stop flag (job->stop, typically set by a signal handler) is
 * read only here, on the calling thread; the workers block the termination
 * signals, so the handler never runs on one of them. When the pool quits it
 * raises job->halt, a C11 atomic, which the workers poll inside their trials.
 * Everything else the threads share is guarded by the mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "mc_int.h"

typedef struct pool {
    const mc_pool_job *job;
    pthread_mutex_t mu;
    pthread_cond_t wake_main, wake_workers;
    long long next;      /* next chunk to hand out */
    long long reduced;   /* chunks reduced so far */
    long long *done;     /* per slot: chunk number + 1 once complete */
    int running;         /* workers still running */
    int quit;            /* stop handing out chunks */
    int failed;          /* a worker reported an error */
} pool;

typedef struct worker_arg {
    pool *p;
    int w;
} worker_arg;

/* Stops handing out chunks and tells the workers to leave the ones they run
 * (called with the mutex held). */
static void pool_quit(pool *p)
{
    p->quit = 1;
    if (p->job->halt)
        atomic_store_explicit(p->job->halt, 1, memory_order_relaxed);
    pthread_cond_broadcast(&p->wake_workers);
}

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pool *p = wa->p;
    const mc_pool_job *job = p->job;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->next < job->n_chunks && p->next >= p->reduced + job->ring)
            pthread_cond_wait(&p->wake_workers, &p->mu);
        if (p->quit || p->next >= job->n_chunks)
            break;
        long long c = p->next++;
        int slot = (int)(c % job->ring);
        pthread_mutex_unlock(&p->mu);
        int rc = job->work(job->ctx, wa->w, c, slot);
        pthread_mutex_lock(&p->mu);
        if (rc == 0) {
            p->done[slot] = c + 1;
            pthread_cond_signal(&p->wake_main);
        } else {
            if (rc < 0)
                p->failed = 1;
            pool_quit(p);
            break;
        }
    }
    p->running--;
    pthread_cond_signal(&p->wake_main);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void deadline_in(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_nsec += ms * 1000000L;
    while (ts->tv_nsec >= 1000000000L) {
        ts->tv_nsec -= 1000000000L;
        ts->tv_sec++;
    }
}

long long mc_pool_run(const mc_pool_job *job)
{
    pool p = {0};
    long long result = MC_ENOMEM;
    int started = 0;
    pthread_t *th = calloc((size_t)job->threads, sizeof *th);
    worker_arg *args = calloc((size_t)job->threads, sizeof *args);
    p.done = calloc((size_t)job->ring, sizeof *p.done);
    p.job = job;
    if (!th || !args || !p.done)
        goto out_free;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.wake_main, NULL);
    pthread_cond_init(&p.wake_workers, NULL);

    /* workers inherit this mask: termination signals go to other threads */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    pthread_mutex_lock(&p.mu);
    for (int w = 0; w < job->threads; w++) {
        args[w].p = &p;
        args[w].w = w;
        if (pthread_create(&th[w], NULL, worker_main, &args[w]))
            break;
        started++;
        p.running++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (started == 0) {
        pthread_mutex_unlock(&p.mu);
        goto out;
    }
    struct timespec next_tick;
    long tick_ms = job->tick_ms > 0 ? job->tick_ms : 100;
    deadline_in(&next_tick, tick_ms);
    while (p.reduced < job->n_chunks) {
        int slot = (int)(p.reduced % job->ring);
        if (p.done[slot] == p.reduced + 1) {
            long long c = p.reduced;
            pthread_mutex_unlock(&p.mu);
            job->reduce(job->ctx, c, slot);
            pthread_mutex_lock(&p.mu);
            p.done[slot] = 0;
            p.reduced++;
            pthread_cond_broadcast(&p.wake_workers);
            continue;
        }
        if (job->stop && *job->stop && !p.quit)
            pool_quit(&p);
        if (p.running == 0)
            break; /* stopped or failed: what is complete is reduced */
        int rc = pthread_cond_timedwait(&p.wake_main, &p.mu, &next_tick);
        if (rc == ETIMEDOUT) {
            deadline_in(&next_tick, tick_ms);
            if (job->tick) {
                pthread_mutex_unlock(&p.mu);
                job->tick(job->ctx);
                pthread_mutex_lock(&p.mu);
            }
        }
    }
    pool_quit(&p);
    pthread_mutex_unlock(&p.mu);
    result = p.failed ? MC_ENOMEM : p.reduced;
out:
    if (started < job->threads && result >= 0 && started == 0)
        result = MC_ENOMEM;
    for (int w = 0; w < started; w++)
        pthread_join(th[w], NULL);
    pthread_cond_destroy(&p.wake_main);
    pthread_cond_destroy(&p.wake_workers);
    pthread_mutex_destroy(&p.mu);
out_free:
    free(th);
    free(args);
    free(p.done);
    return result;
}
