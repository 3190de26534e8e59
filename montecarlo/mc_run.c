/* montecarlo/mc_run.c — mc_run: validates options, compiles the model, runs
 * the pool over chunks of trials, folds each chunk in trial order and turns
 * the sums into an mc_result. Also the result's constructor and destructor.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "mc_int.h"

const char *mc_strerror(int code)
{
    switch (code) {
    case MC_OK:
        return "no error";
    case MC_ENOMEM:
        return "out of memory";
    case MC_EINVALID:
        return "invalid simulation options";
    case MC_EINTERRUPTED:
        return "interrupted";
    case MC_ETOOBIG:
        return "the run would need more memory than this machine has (about 16 KB per service and view, "
               "and 4.4 KB more per thread: use fewer --threads; docs/limits.md)";
    case MC_ETOOLONG:
        return "a trial would simulate more than 10^9 events (a law's mean up + down time is far too short "
               "for the mission; docs/limits.md)";
    case MC_ERANK:
        return "an MPI rank stopped answering (died or was killed): the run is lost and nothing was "
               "stored (docs/cluster.md)";
    default:
        return "unknown error";
    }
}

static char *dup_str(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

mc_result *mc_result_new(int n_services, int n_views)
{
    mc_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n_services = n_services;
    r->n_views = n_views;
    r->services = calloc((size_t)n_services + 1, sizeof *r->services);
    r->views = calloc((size_t)n_views + 1, sizeof *r->views);
    r->sla = -1;
    r->delay_share = -1;
    r->frozen = -1;
    if (!r->services || !r->views) {
        mc_result_free(r);
        return NULL;
    }
    return r;
}

void mc_result_free(mc_result *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->system.name);
    for (int i = 0; i < r->n_services && r->services; i++)
        free(r->services[i].name);
    for (int i = 0; i < r->n_views && r->views; i++)
        free(r->views[i].name);
    free(r->services);
    free(r->views);
    free(r->law_share);
    free(r->trial_down); /* per-trial values (Y16) */
    free(r->trial_capacity);
    free(r->repairs);
    free(r->rare_note); /* rare events (issue 18) */
    for (int k = 0; k < MC_AT_MAX; k++)
        free(r->at_label[k]);
    free(r);
}

/* ---------- a run ---------- */

typedef struct run {
    const mc_model *m;
    const mc_options *opt;
    long long trials;
    mc_ws **ws;          /* per worker */
    mc_chunk *ring;
    int n_ring;
    mc_acc *acc;         /* per target */
    double *share;       /* n_laws + 1: system downtime hours by law, then delays */
    atomic_int halt;     /* the pool's stop flag for the workers */
    long long done;      /* trials reduced */
    long long events;
    long long conv_at[MC_CONV_POINTS];
    int n_conv_at, next_conv;
    mc_conv_point conv[MC_CONV_POINTS];
    int n_conv;
    mc_loss_acc *loss_acc; /* data loss: per data-loss service */
    /* per-trial values (Y16): only with opt->keep_trials */
    double *keep_down, *keep_cap;
    /* transient figures (issue 14) */
    mc_tacc_tr tr;
} run;

/* MPI (W19; docs/cluster.md): EVERY member of run, in declaration order, one
 * line each: F(type, name, dims) a sum of the run, which rank 0 sends every
 * other rank once the chunks are folded (so every rank builds the same
 * result); P(type, name, count) a pointer to `count` such sums (r: the run);
 * L(type, name, dims) this rank's own, not sent. A struct built from the
 * list must be run (checked below at compile time): a member added to run
 * without its line here does not compile. */
#define RUN_FIELDS(F, P, L)                                       \
    L(const mc_model *, m, )                                      \
    L(const mc_options *, opt, )                                  \
    L(long long, trials, )                                        \
    L(mc_ws **, ws, )                                             \
    L(mc_chunk *, ring, )                                         \
    L(int, n_ring, )                                              \
    P(mc_acc, acc, r->m->n_targets)                               \
    P(double, share, r->m->n_laws + 1)                            \
    L(atomic_int, halt, )                                         \
    F(long long, done, )                                          \
    F(long long, events, )                                        \
    L(long long, conv_at, [MC_CONV_POINTS])                       \
    L(int, n_conv_at, )                                           \
    F(int, next_conv, )                                           \
    F(mc_conv_point, conv, [MC_CONV_POINTS])                      \
    F(int, n_conv, )                                              \
    P(mc_loss_acc, loss_acc, r->m->n_loss + 1)                    \
    P(double, keep_down, r->keep_down ? r->trials : 0)            \
    P(double, keep_cap, r->keep_cap ? r->trials : 0)              \
    F(mc_tacc_tr, tr, )

#define LISTED_F(T, name, dims) T name dims;
#define LISTED_P(T, name, count) T *name;
struct run_listed {
    RUN_FIELDS(LISTED_F, LISTED_P, LISTED_F)
};
_Static_assert(sizeof(struct run_listed) == sizeof(run),
               "run has a member RUN_FIELDS (mc_run.c) does not list: add its line there");
#define SAME_OFFSET(name)                                                                          \
    _Static_assert(offsetof(struct run_listed, name) == offsetof(run, name),                       \
                   "RUN_FIELDS (mc_run.c) is not in run's order at member " #name);
#define OFFSET_F(T, name, dims) SAME_OFFSET(name)
#define OFFSET_P(T, name, count) SAME_OFFSET(name)
RUN_FIELDS(OFFSET_F, OFFSET_P, OFFSET_F)

#ifdef NINES_MPI
#define RUN_N_STATE (0 RUN_FIELDS(COUNT_F, COUNT_P, COUNT_L))
#define COUNT_F(T, name, dims) +1
#define COUNT_P(T, name, count) +1
#define COUNT_L(T, name, dims)

/* The regions of r that rank 0 sends every rank (RUN_N_STATE of them). */
static void run_state(run *r, mc_mpi_region *out)
{
    int k = 0;
#define STATE_F(T, name, dims) out[k++] = (mc_mpi_region){&r->name, sizeof r->name};
#define STATE_P(T, name, count) out[k++] = (mc_mpi_region){r->name, (size_t)(count) * sizeof *r->name};
    RUN_FIELDS(STATE_F, STATE_P, COUNT_L)
}
#endif

static int run_work(void *ctx, int w, long long chunk, int slot)
{
    run *r = ctx;
    mc_chunk *c = &r->ring[slot];
    long long first = chunk * MC_CHUNK;
    long long n = r->trials - first < MC_CHUNK ? r->trials - first : MC_CHUNK;
    mc_chunk_reset(c, r->m->n_targets, r->m->n_laws, first, n);
    return mc_ws_run_chunk(r->ws[w], c);
}

static void conv_point(run *r, mc_conv_point *pt)
{
    const mc_acc *a = &r->acc[0];
    double n = (double)a->n;
    double sd = a->n > 1 ? sqrt(a->m2 / (n - 1)) : 0;
    pt->trials = a->n;
    pt->availability = 1 - a->mean_down;
    double half = a->n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) * sd / sqrt(n) : 0;
    pt->ci_lo = pt->availability - half;
    pt->ci_hi = pt->availability + half;
}

/* Folds chunk c (the next in trial order) into the run's sums. */
static void run_fold(void *ctx, const mc_chunk *c)
{
    run *r = ctx;
    /* capacity (Y16), before mc_acc_add_chunk moves acc->n */
    mc_cap_acc_add_chunk(r->acc, r->m->n_targets, c);
    mc_acc_add_chunk(r->acc, r->m->n_targets, c);
    if (r->m->n_loss)
        mc_loss_add_chunk(r->loss_acc, r->m, c);
    for (int l = 0; r->m->attribute && l <= r->m->n_laws; l++)
        r->share[l] += c->share[l];
    if (r->keep_down) /* per-trial values (Y16) */
        mc_cap_keep_chunk(r->keep_down, r->keep_cap, r->m->n_targets, r->opt->keep_target, c);
    if (r->m->transient)
        mc_tr_add_chunk(&r->tr, c);
    r->done += c->n;
    r->events += c->events;
    if (r->next_conv < r->n_conv_at && r->done >= r->conv_at[r->next_conv]) {
        conv_point(r, &r->conv[r->n_conv++]);
        while (r->next_conv < r->n_conv_at && r->done >= r->conv_at[r->next_conv])
            r->next_conv++;
    }
}

static void run_reduce(void *ctx, long long chunk, int slot)
{
    run *r = ctx;
    (void)chunk;
    run_fold(r, &r->ring[slot]);
}

static void run_tick(void *ctx)
{
    run *r = ctx;
    if (r->opt->progress)
        r->opt->progress(r->opt->progress_ctx, r->done, r->trials);
}

/* Log-spaced trial counts from one chunk to the whole run (deduplicated). */
static void conv_plan(run *r)
{
    long long n = r->trials, lo = n < MC_CHUNK ? n : MC_CHUNK;
    r->n_conv_at = 0;
    for (int k = 0; k < MC_CONV_POINTS; k++) {
        double x = exp(log((double)lo) + (log((double)n) - log((double)lo)) * k / (MC_CONV_POINTS - 1));
        long long v = (long long)ceil(x - 1e-9);
        if (v > n || k == MC_CONV_POINTS - 1)
            v = n;
        if (r->n_conv_at == 0 || v > r->conv_at[r->n_conv_at - 1])
            r->conv_at[r->n_conv_at++] = v;
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int fill_figures(mc_figures *f, const mc_acc *a, const mc_model *m, const char *name)
{
    mc_acc_figures(a, m, f);
    f->name = dup_str(name);
    return f->name ? 0 : MC_ENOMEM;
}

static mc_result *make_result(const run *r, const topology *t, int threads)
{
    const mc_model *m = r->m;
    mc_result *res = mc_result_new(t->n_services, t->n_views);
    if (!res)
        return NULL;
    res->name = dup_str(t->name);
    if (!res->name)
        goto fail;
    res->trials = r->done;
    res->trials_requested = r->trials;
    res->partial = r->done < r->trials;
    res->seed = r->opt->seed;
    res->threads = threads;
    res->mission_hours = m->mission;
    res->sla = t->sla >= 0 ? t->sla : -1;
    if (fill_figures(&res->system, &r->acc[0], m, "system"))
        goto fail;
    for (int s = 0; s < t->n_services; s++)
        if (fill_figures(&res->services[s], &r->acc[1 + s], m, t->services[s].name))
            goto fail;
    for (int v = 0; v < t->n_views; v++)
        if (fill_figures(&res->views[v], &r->acc[1 + t->n_services + v], m, t->views[v].name))
            goto fail;
    mc_loss_result(r->loss_acc, m, res);
    mc_cap_result(res, r->acc, m); /* capacity (Y16) */
    memcpy(res->conv, r->conv, sizeof res->conv);
    res->n_conv = r->n_conv;
    res->events = r->events;
    res->n_parts = m->n_parts;
    if (m->attribute) {
        double total = 0;
        for (int l = 0; l <= m->n_laws; l++)
            total += r->share[l];
        res->n_laws = m->n_laws;
        res->law_share = calloc((size_t)m->n_laws + 1, sizeof *res->law_share);
        if (!res->law_share)
            goto fail;
        for (int l = 0; l < m->n_laws; l++)
            res->law_share[l] = total > 0 ? r->share[l] / total : 0;
        res->delay_share = total > 0 ? r->share[m->n_laws] / total : 0;
    }
    if (mc_z14_result(res, t, m, &r->tr, r->opt))
        goto fail;
    if (m->rare) /* rare events (issue 18) */
        mc_rare_result(res, r->acc, m);
    res->exp_sampler = m->exp_zig ? MC_EXP_ZIGGURAT : MC_EXP_INVERSE; /* issue 18 */
    return res;
fail:
    mc_result_free(res);
    return NULL;
}

/* Mean events of one up/down cycle of law l, over its mean length: 2, or 3
 * with a detect phase. */
static double cycle_events(const topo_law *l, double mission)
{
    int detect = !law_is_none(&l->detect);
    return (detect ? 3 : 2) * mission /
           (law_mean(&l->fail) + law_mean(&l->repair) + (detect ? law_mean(&l->detect) : 0));
}

/* Expected events of one trial: per part, 2 (3 with a detect phase) per
 * mean up/down cycle (an upper bound for cold standbys, whose instances
 * rest while idle); per maintenance entry, its windows and at most three
 * events per unit in each. */
static double expected_events(const topology *t, double mission)
{
    double e = 0;
    for (int h = 0; h < t->n_hosts; h++) {
        const topo_law *l = t->hosts[h].law >= 0 ? &t->laws[t->hosts[h].law] : NULL;
        if (l)
            e += cycle_events(l, mission);
    }
    for (int s = 0; s < t->n_services; s++) {
        const topo_service *sv = &t->services[s];
        if (sv->instance >= 0)
            e += sv->n_hosts * cycle_events(&t->laws[sv->instance], mission);
    }
    for (int c = 0; c < t->n_ccfs; c++)
        e += cycle_events(&t->laws[t->ccfs[c].law], mission);
    for (int k = 0; k < t->n_maint; k++)
        e += (1 + 3.0 * t->maint[k].n_units) * mission / t->maint[k].every;
    return e;
}

/* Bytes a run keeps whatever the trials (the figures of every target in the
 * accumulators, the result and the chunks in flight), against the machine's
 * memory: past it, the kernel would kill nines half-way (memory is
 * overcommitted, so malloc alone does not fail) rather than let it say so. */
static int fits_in_memory(const topology *t, int threads)
{
    double targets = 1.0 + t->n_services + t->n_views;
    double per_target = sizeof(mc_acc) + sizeof(mc_figures) +
                        4.0 * threads * (2 * MC_CHUNK * sizeof(double) + sizeof(mc_tacc) +
                                         CAUSE_N * sizeof(double));
    double bytes = targets * per_target;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages <= 0 || page <= 0 || bytes <= (double)pages * (double)page;
}

int mc_run(const topology *t, const mc_options *opt, mc_result **out)
{
    *out = NULL;
    if (!t || !opt || opt->trials < 1 || opt->threads < 1 || opt->threads > 256)
        return MC_EINVALID;
    if (opt->keep_trials &&
        (opt->keep_target < 0 || opt->keep_target > t->n_services + t->n_views))
        return MC_EINVALID;
    double mission = opt->mission > 0 ? opt->mission : t->mission;
    if (!(mission > 0) || !isfinite(mission))
        return MC_EINVALID;
    if (!(expected_events(t, mission) <= MC_MAX_TRIAL_EVENTS))
        return MC_ETOOLONG;
    long long chunks = (opt->trials + MC_CHUNK - 1) / MC_CHUNK;
    if (!fits_in_memory(t, chunks < opt->threads ? (int)chunks : opt->threads))
        return MC_ETOOBIG;

    double started = now_seconds();
    int rc = MC_ENOMEM;
    mc_model m;
    run r;
    memset(&r, 0, sizeof r);
    atomic_init(&r.halt, 0);
    if (mc_model_init(&m, t, mission))
        return MC_ENOMEM;
    if ((rc = mc_z14_model(&m, t, opt)) != 0) {
        mc_model_release(&m);
        return rc;
    }
    if ((rc = mc_rare_model(&m, t, opt)) != 0) { /* rare events (issue 18) */
        mc_model_release(&m);
        return rc;
    }
    rc = MC_ENOMEM;
    m.attribute = opt->attribute != 0;
    /* issue 18: NINES_NO_FAST=1 forces the general loop (docs/limits.md) */
    const char *no_fast = getenv("NINES_NO_FAST");
    m.no_fast = no_fast && *no_fast && strcmp(no_fast, "0") != 0;
    m.exp_zig = opt->exp_sampler != MC_EXP_INVERSE; /* issue 18: mc_zig.h */
    r.m = &m;
    r.opt = opt;
    r.trials = opt->trials;
    long long n_chunks = (r.trials + MC_CHUNK - 1) / MC_CHUNK;
    int threads = opt->threads;
    if ((long long)threads > n_chunks)
        threads = (int)n_chunks;
    r.n_ring = 4 * threads;
    r.ws = calloc((size_t)threads, sizeof *r.ws);
    r.ring = calloc((size_t)r.n_ring, sizeof *r.ring);
    r.acc = calloc((size_t)m.n_targets, sizeof *r.acc);
    r.share = calloc((size_t)m.n_laws + 1, sizeof *r.share);
    r.loss_acc = calloc((size_t)m.n_loss + 1, sizeof *r.loss_acc);
    if (!r.ws || !r.ring || !r.acc || !r.share || !r.loss_acc)
        goto out;
    if (opt->keep_trials && /* per-trial values (Y16) */
        (!(r.keep_down = malloc((size_t)r.trials * sizeof *r.keep_down)) ||
         !(r.keep_cap = malloc((size_t)r.trials * sizeof *r.keep_cap))))
        goto out;
    for (int w = 0; w < threads; w++)
        if (!(r.ws[w] = mc_ws_new(&m, opt->seed, &r.halt)))
            goto out;
    for (int i = 0; i < r.n_ring; i++)
        if (mc_chunk_init(&r.ring[i], m.n_targets, m.n_laws) ||
            mc_loss_chunk_init(&r.ring[i], m.n_loss))
            goto out;
    conv_plan(&r);

    mc_pool_job job = {
        .threads = threads, .n_chunks = n_chunks, .ring = r.n_ring, .stop = opt->stop, .halt = &r.halt,
        .work = run_work, .reduce = run_reduce, .tick = run_tick, .ctx = &r,
    };
    long long reduced;
#ifdef NINES_MPI
    if (mc_mpi_size() > 1) {
        /* MPI (W19): rank 0 folds every rank's chunks in order (unpacked
           into scratch), then sends each rank the run's sums (RUN_FIELDS) */
        mc_mpi_region state[RUN_N_STATE];
        run_state(&r, state);
        mc_chunk scratch;
        if (mc_chunk_init(&scratch, m.n_targets, m.n_laws))
            goto out;
        if (mc_loss_chunk_init(&scratch, m.n_loss)) {
            mc_chunk_release(&scratch);
            goto out;
        }
        mc_mpi_job mj = {.pool = job, .ring = r.ring, .m = &m, .scratch = &scratch,
                         .fold = run_fold, .state = state, .n_state = RUN_N_STATE};
        reduced = mc_mpi_run(&mj);
        mc_chunk_release(&scratch);
        if (reduced == MC_ERANK || reduced == MC_ETOOBIG)
            rc = (int)reduced;
    } else
#endif
        reduced = mc_pool_run(&job);
    if (reduced < 0)
        goto out;
    if (reduced < n_chunks && !(opt->stop && *opt->stop))
        goto out; /* a worker failed */
    if (r.done > 0) {
        *out = make_result(&r, t, opt->threads);
        if (!*out)
            goto out;
        (*out)->seconds = now_seconds() - started;
        (*out)->trial_down = r.keep_down; /* per-trial values (Y16) */
        (*out)->trial_capacity = r.keep_cap;
        (*out)->keep_target = opt->keep_target;
        r.keep_down = r.keep_cap = NULL;
    }
    rc = r.done < r.trials ? MC_EINTERRUPTED : MC_OK;
    if (rc == MC_OK && opt->progress)
        opt->progress(opt->progress_ctx, r.done, r.trials);
out:
    if (r.ws)
        for (int w = 0; w < threads; w++)
            mc_ws_free(r.ws[w]);
    if (r.ring)
        for (int i = 0; i < r.n_ring; i++)
            mc_chunk_release(&r.ring[i]);
    free(r.ws);
    free(r.ring);
    free(r.acc);
    free(r.share);
    free(r.loss_acc);
    free(r.keep_down);
    free(r.keep_cap);
    mc_model_release(&m);
    return rc;
}
