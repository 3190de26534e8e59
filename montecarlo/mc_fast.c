/* montecarlo/mc_fast.c — the trial loop of plain models (issue 18, "speed on
 * small models"): parts with two states on hosts and instances, services
 * single, active-active or quorum without rejoin or bootstrap, and nothing
 * else. It gives the figures of the general loop (mc_trial.c) bit for bit,
 * in a fraction of its instructions.
 *
 * DESIGN. Eligible (mc_fast_ws_alloc): a plain model with one cause
 * (ws->one_cause: no detect, maintenance, common cause or crew; only
 * services that count, mc_svc_counting: single, active-active, and quorum
 * without rejoin or bootstrap), no needs between hosts or between services,
 * no cold instance, no data loss, no view with need or needs-local (no
 * capacity lists), no transient figure or steady start (m->z14), no
 * importance sampling (m->rare), and NINES_NO_FAST unset (m->no_fast). In
 * such a model every part always has exactly one clock scheduled, and the
 * only event is a part's: a failure (draw its repair) or a repair (draw its
 * next up period). So the queue is a heap of (time, part) pairs whose top is
 * replaced and sifted down at every event: no positions, no cancel. Ties go
 * by part id, as in mc_queue.c, so the events come in the same order (the
 * order (time, id) is total: any heap pops the same sequence). A member is
 * up while none of its parts (its host's, its instance) is down (a count);
 * a service is up while at least `need` members are; a view (the system
 * included) while none of its listed services is down. A quorum without
 * rejoin or bootstrap is such a count, its need the majority (topology
 * loader: n / 2 + 1): in the general loop a member counts exactly while it
 * is up (no rejoin delay), quorum_eval sets the mode to count >= need with
 * no bootstrap timer, and the members not counting are the members down,
 * so its cause is always `failure` (mc_cause.c) and the charges of a down
 * target sum, outage by outage in the same order, to its down hours; its
 * serving members and blast radius are the active-active ones
 * (mc_cap_member_changed after the same svc_eval).
 *
 * What the general loop computes, it computes in the same order with the
 * same operations: the draws (the trial's stream from mc_rng_seed_trial,
 * the parts' first up periods in part order, then one draw per event);
 * the targets touched in an instant, flushed once the instant is over
 * (outages, yearly downtime, longest outage, weighted counts); member-hours
 * not serving and the blast radius of each failure (capacity); the downtime
 * shares by law (--attribute); the trial's down and unplanned fractions, its
 * failure hours, capacity, years with downtime and events. year_close,
 * add_down and outage_end are mc_trial.c's (a change there must be made here
 * too: tests/cli/test_fast.sh compares the two loops' --json), with
 * shortcuts that change no bit: an event that ends its instant with nothing
 * pending records its targets' outages at once (no touched list); an
 * outage inside the current year, away from its end, skips the division
 * that finds the year; a year's histogram bin comes from a table by the
 * exponent and top mantissa bits (mc_fast_hist_bin); a view listing one
 * service (a mirror) shares that service's records instead of keeping its
 * own, and what is the same for several targets or a sum of ones is set
 * once per chunk (copy_mirrors: the chunk's sums start at 0): a mirror's
 * outage sums, years and blast radius, the blast bin of instance
 * failures, the weighted outage counts of a crude run.
 *
 * The commonest shape, one service whose parts are its members' instances
 * and whose views (the system included) list it alone (the single part,
 * k-of-n groups, a quorum on hosts without laws), has a loop of its own
 * (trial_run_one): the service's
 * state and record in locals, each part's state in its clock's id.
 *
 * Layering: called by mc_trial.c (mc_ws_new, mc_ws_run_chunk); calls
 * mc_capacity.c (mc_cap_trial_finish), mc_stats.c and mc_rng.c only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc_ws.h"

/* The hot path of one event is inlined whole (GCC and Clang; elsewhere
 * plain inline). */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* ws->rare_w: exactly 1 in a crude run (mc_rare.c), and importance
 * sampling never takes this loop: x * 1.0 is x, 1.0 * 1.0 is 1.0. */
#define RARE_W 1.0

/* A scheduled part clock. */
typedef struct fclock {
    double t;
    int id;
} fclock;

/* A service in a history: its members up (= serving: no service needs),
 * its state, member-hours not serving (ws->cap_lost_h's sum, written back
 * at the trial's end for mc_cap_trial_finish), and the model's constants
 * next to them. */
typedef struct fsvc {
    int count, up;
    double lost_h, since;
    int need, n_members;
    int v0, v1;         /* the views listing it with other services: f->view[v0, v1) */
    int r0, r1;         /* the views listing it alone (its mirrors): f->mirror[r0, r1) */
    long long inst_fails; /* instance failures this chunk (blast bin 0 of
                           it and of the views listing it: added at the
                           chunk's end, integer sums in any order) */
} fsvc;

struct mc_fast {
    fclock *heap;       /* n_parts clocks, heap-ordered by (t, id) */
    int *pm_at, *pm;    /* CSR over parts: the members a part's state reaches */
    unsigned char *mdn; /* per member: its parts down */
    int *svc_of;        /* per member: its service */
    fsvc *svc;          /* per service */
    int *view, *mirror; /* view targets, CSR by fsvc v0/v1 and r0/r1 */
    int *mirror_of;     /* per target: the service a view lists alone, or -1 */
    int sys_rec;        /* the target whose tstate says the system's state
                           (the system's service if it is a mirror, else 0) */
    struct fpart *part; /* per part */
    mc_fast_hist hist;  /* year_close's bins */
    int one_svc;        /* one service, every part an instance moving its
                           member alone, every other target a mirror of it:
                           trial_run_one */
    const law_dist **law_of; /* one_svc: per clock id 2 p + s, part p's law
                                drawn at the end of state s (0 down: its up
                                period, 1 up: its repair) */
};

/* A part: its laws (law[1] drawn when it fails: the repair), what its
 * failure is for the blast radius, and the one service it moves. */
struct fpart {
    const law_dist *law[2];
    int svc;            /* an instance on a host without a part of its own:
                           its member's service (the member is up exactly
                           while the part is); else -1 (the CSR pm) */
    int failing;        /* member_moved's `failing` on a failure: 1 a host's
                           part, 2 an instance */
    int law_id;         /* attribution */
};

/* A view that lists one service only (the system of one service, most
 * often) is up exactly while that service is: every outage, year and
 * downtime of the service is its own, to the bit (the same additions of
 * the same numbers). It is not followed in the loop: the service's outage
 * records are copied to it at the chunk's end (copy_mirrors), and its down
 * fraction is the service's. */

/* ---------- eligibility and the compiled lists ---------- */

static int eligible(const mc_ws *ws)
{
    const mc_model *m = ws->m;
    if (m->no_fast || !ws->one_cause || m->z14 || m->rare || m->n_loss || ws->cap_lists ||
        m->n_maint || m->n_ccfs || m->n_crews || m->n_parts < 1)
        return 0;
    if (m->hneed_at[m->n_hosts] > 0 || m->sneed_at[m->n_services] > 0)
        return 0;
    for (int p = 0; p < m->n_parts; p++) {
        const mc_part *pt = &m->parts[p];
        if (pt->has_detect || pt->cold || pt->crew >= 0 || pt->ccf >= 0 ||
            (pt->host < 0 && pt->member < 0))
            return 0;
    }
    for (int s = 0; s < m->n_services; s++)
        if (!mc_svc_counting(&m->services[s]))
            return 0;
    return 1;
}

static void fast_free(struct mc_fast *f)
{
    if (!f)
        return;
    free(f->heap);
    free(f->pm_at);
    free(f->pm);
    free(f->mdn);
    free(f->svc_of);
    free(f->svc);
    free(f->view);
    free(f->mirror);
    free(f->mirror_of);
    free(f->part);
    free(f->law_of);
    free(f);
}

int mc_fast_ws_alloc(mc_ws *ws)
{
    const mc_model *m = ws->m;
    ws->fast = NULL;
    if (!eligible(ws))
        return 0;
    struct mc_fast *f = mc_alloc_lines(sizeof *f);
    if (!f)
        return MC_ENOMEM;
    int np = m->n_parts, nm = m->n_members, ns = m->n_services, nt = m->n_targets, n = 0;
    for (int p = 0; p < np; p++) {
        const mc_part *pt = &m->parts[p];
        n += pt->host >= 0 ? m->hmem_at[pt->host + 1] - m->hmem_at[pt->host] : 1;
    }
    size_t nv = (size_t)m->sview_at[ns] + 1;
    f->heap = mc_alloc_lines((size_t)np * sizeof *f->heap);
    f->pm_at = mc_alloc_lines(((size_t)np + 1) * sizeof *f->pm_at);
    f->pm = mc_alloc_lines(((size_t)n + 1) * sizeof *f->pm);
    f->mdn = mc_alloc_lines(((size_t)nm + 1) * sizeof *f->mdn);
    f->svc_of = mc_alloc_lines(((size_t)nm + 1) * sizeof *f->svc_of);
    f->svc = mc_alloc_lines(((size_t)ns + 1) * sizeof *f->svc);
    f->view = mc_alloc_lines(nv * sizeof *f->view);
    f->mirror = mc_alloc_lines(nv * sizeof *f->mirror);
    f->mirror_of = mc_alloc_lines(((size_t)nt + 1) * sizeof *f->mirror_of);
    f->part = mc_alloc_lines(((size_t)np + 1) * sizeof *f->part);
    if (!f->heap || !f->pm_at || !f->pm || !f->mdn || !f->svc_of || !f->svc || !f->view ||
        !f->mirror || !f->mirror_of || !f->part) {
        fast_free(f);
        return MC_ENOMEM;
    }
    /* a host's part reaches its members in the order of hmem (mc_eval.c's
       host_eval), an instance its own member */
    n = 0;
    for (int p = 0; p < np; p++) {
        const mc_part *pt = &m->parts[p];
        f->pm_at[p] = n;
        /* an instance on a host without a part of its own: its member is
           up exactly while it is */
        f->part[p] = (struct fpart){
            .law = {&pt->fail, &pt->repair},
            .svc = pt->host < 0 && m->host_part[m->members[pt->member].host] < 0
                       ? m->members[pt->member].service
                       : -1,
            .failing = pt->host >= 0 ? 1 : 2,
            .law_id = pt->law,
        };
        if (pt->host >= 0)
            for (int k = m->hmem_at[pt->host]; k < m->hmem_at[pt->host + 1]; k++)
                f->pm[n++] = m->hmem[k];
        else
            f->pm[n++] = pt->member;
    }
    f->pm_at[np] = n;
    for (int i = 0; i < nm; i++)
        f->svc_of[i] = m->members[i].service;
    for (int tg = 0; tg < nt; tg++) {
        int alone = !(tg >= 1 && tg <= ns) && m->tsvc_at[tg + 1] - m->tsvc_at[tg] == 1;
        f->mirror_of[tg] = alone ? m->tsvc[m->tsvc_at[tg]] : -1;
    }
    f->sys_rec = f->mirror_of[0] >= 0 ? 1 + f->mirror_of[0] : 0;
    int a = 0, b = 0;
    for (int k = 0; k < ns; k++) {
        const mc_service *sv = &m->services[k];
        fsvc *x = &f->svc[k];
        *x = (fsvc){.need = sv->need, .n_members = sv->n_members, .v0 = a, .r0 = b};
        for (int q = m->sview_at[k]; q < m->sview_at[k + 1]; q++) {
            int tg = m->sview[q];
            if (f->mirror_of[tg] == k)
                f->mirror[b++] = tg;
            else
                f->view[a++] = tg;
        }
        x->v1 = a;
        x->r1 = b;
    }
    f->one_svc = ns == 1 && f->svc[0].v0 == f->svc[0].v1;
    for (int p = 0; p < np; p++)
        f->one_svc &= f->part[p].svc == 0;
    for (int tg = 0; tg < nt; tg++)
        f->one_svc &= tg == 1 || f->mirror_of[tg] == 0;
    if (f->one_svc) {
        f->law_of = mc_alloc_lines(2 * (size_t)np * sizeof *f->law_of);
        if (!f->law_of) {
            fast_free(f);
            return MC_ENOMEM;
        }
        for (int p = 0; p < np; p++) {
            f->law_of[2 * p] = f->part[p].law[0];
            f->law_of[2 * p + 1] = f->part[p].law[1];
        }
    }
    mc_fast_hist_init(&f->hist, ws->hist_edge);
    ws->fast = f;
    return 0;
}

int mc_fast_shape(const mc_ws *ws)
{
    return !ws->fast ? 0 : ws->fast->one_svc ? 2 : 1;
}

void mc_fast_ws_free(mc_ws *ws)
{
    fast_free(ws->fast);
    ws->fast = NULL;
}

/* mc_draw (mc_ws.h) with the generator's state at hand: the same draws. */
static inline double draw(mc_ws *ws, const law_dist *d)
{
    if (d->kind == LAW_EXPONENTIAL) {
        if (ws->m->exp_zig) /* issue 18: the ziggurat (mc_zig.h) */
            return d->a * mc_zig_exp(&ws->rng_state);
        double u = (double)(mc_xoshiro_next(&ws->rng_state) >> 11) * 0x1.0p-53;
        return -d->a * log(1 - u);
    }
    return law_sample(d, ws->rng);
}

/* ---------- the heap ---------- */

static inline int fbefore(const fclock *a, const fclock *b)
{
    return a->t < b->t || (a->t == b->t && a->id < b->id);
}

/* Sifts clock c down from position i of a heap of n. */
static inline void sift_down(fclock *h, int n, int i, fclock c)
{
    for (;;) {
        int l = 2 * i + 1;
        if (l >= n)
            break;
        int b = l;
        if (l + 1 < n && fbefore(&h[l + 1], &h[l]))
            b = l + 1;
        if (!fbefore(&h[b], &c))
            break;
        h[i] = h[b];
        i = b;
    }
    h[i] = c;
}

/* Replaces the top of a heap of n by c: sift_down, with the cases of one
 * and two clocks written out (n is a constant where they are meant). */
static inline void replace_top(fclock *h, int n, fclock c)
{
    if (n == 1) {
        h[0] = c;
    } else if (n == 2) {
        if (fbefore(&h[1], &c)) {
            h[0] = h[1];
            h[1] = c;
        } else {
            h[0] = c;
        }
    } else {
        sift_down(h, n, 0, c);
    }
}

static inline void push(fclock *h, int n, fclock c)
{
    int i = n;
    while (i > 0) {
        int p = (i - 1) >> 1;
        if (!fbefore(&c, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = c;
}

/* ---------- targets and outages (mc_trial.c's, with mirrors) ---------- */

/* the slice of a double > 0: its exponent and top mantissa bits */
static inline uint64_t hist_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u >> (52 - MC_FAST_HIST_BITS);
}

void mc_fast_hist_init(mc_fast_hist *h, const double *edge)
{
    h->edge = edge;
    h->key0 = hist_key(edge[2]);
    /* slice k's lowest value is the double of bits k << (52 - BITS); its
       bin, by bisection over [2, MC_HIST_BINS - 2) (2 below edge[2]) */
    for (int k = 0; k < MC_FAST_HIST_KEYS; k++) {
        uint64_t u = (h->key0 + (uint64_t)k) << (52 - MC_FAST_HIST_BITS);
        double x;
        memcpy(&x, &u, sizeof x);
        int lo = 2, hi = MC_HIST_BINS - 2; /* edge[lo] <= x < edge[hi], or lo = 2 */
        while (hi - lo > 1) {
            int mid = (lo + hi) >> 1;
            if (x >= edge[mid])
                lo = mid;
            else
                hi = mid;
        }
        h->tab[k] = (uint16_t)lo;
    }
}

int mc_fast_hist_bin(const mc_fast_hist *h, double minutes)
{
    const double *edge = h->edge;
    /* below edge[2] and from edge[MC_HIST_BINS - 2] on, mc_hist_bin_at's
       own cases (bin 1, the last bin) decide */
    if (!(minutes >= edge[2]) || minutes >= edge[MC_HIST_BINS - 2])
        return mc_hist_bin_at(edge, minutes);
    uint64_t k = hist_key(minutes) - h->key0;
    if (k >= MC_FAST_HIST_KEYS) /* (the table covers the range: never) */
        return mc_hist_bin_at(edge, minutes);
    /* a slice is narrower than a bin (its values within a factor
       1 + 2^-BITS, a bin's 10^(1/100)): the bin of its lowest value or
       the next */
    int b = h->tab[k];
    return b + (minutes >= edge[b + 1]);
}

/* Closes calendar year `year` of target tg, its downtime *year_down:
 * records it if it had downtime (its mirrors': copy_mirrors). */
static void year_close_at(mc_ws *ws, const struct mc_fast *f, int tg, int year,
                          double *year_down)
{
    const mc_model *m = ws->m;
    if (*year_down <= 0 || year >= m->years)
        return;
    double minutes = *year_down * m->year_scale * 60.0;
    mc_tacc *a = &ws->chunk->acc[tg];
    a->nz_years++;
    if (minutes > a->year_max_min)
        a->year_max_min = minutes;
    if (m->sla_down_h >= 0 && *year_down * m->year_scale > m->sla_down_h)
        a->breaches++;
    ws->ybins[ws->n_ybins++] = (uint32_t)tg << 10 | (uint32_t)mc_fast_hist_bin(&f->hist, minutes);
    *year_down = 0;
}

/* Closes calendar year s->year of target tg. */
static void year_close(mc_ws *ws, const struct mc_fast *f, int tg, tstate *s)
{
    year_close_at(ws, f, tg, s->year, &s->year_down);
}

/* add_down's general case: [a, b) split at the years' ends, into target
 * tg's year *year and its downtime *year_down. */
HOT void add_down_years(mc_ws *ws, const struct mc_fast *f, int tg, int *year, double *year_down,
                        double a, double b)
{
    while (a < b) {
        int y = (int)(a / MC_YEAR_H);
        double end = (y + 1) * MC_YEAR_H;
        double seg = b < end ? b : end;
        if (y != *year) {
            year_close_at(ws, f, tg, *year, year_down);
            *year = y;
        }
        *year_down += seg - a;
        a = seg;
    }
}

/* Adds the downtime [a, b) of target tg, split by calendar year. */
HOT void add_down(mc_ws *ws, const struct mc_fast *f, int tg, double a, double b)
{
    tstate *s = &ws->ts[tg];
    s->down += (b - a) * RARE_W;
    /* most outages lie inside the year being accumulated, well away from
       its end: (int)(a / MC_YEAR_H) is then s->year (a / MC_YEAR_H >=
       s->year exactly, and < s->year + 1 whatever the rounding), no
       division needed */
    double lo = s->year * MC_YEAR_H;
    if (a >= lo && b < lo + (MC_YEAR_H - 1e-3)) {
        s->year_down += b - a;
        return;
    }
    add_down_years(ws, f, tg, &s->year, &s->year_down, a, b);
}

/* One outage of target tg ends at t. Its weighted counts (w_outages,
 * w2_outages: sums of ones in a crude run, RARE_W) are its count, set at
 * the chunk's end (copy_mirrors); its mirrors' records are its own,
 * copied there too. */
HOT void outage_end(mc_ws *ws, const struct mc_fast *f, int tg, double t)
{
    tstate *s = &ws->ts[tg];
    mc_tacc *a = &ws->chunk->acc[tg];
    double len = t - s->down_start;
    a->outages++;
    if (len > a->longest_h)
        a->longest_h = len;
    add_down(ws, f, tg, s->down_start, t);
}

/* Target tg changed state at the end of an instant: an outage starts or
 * ends. */
HOT void target_moved(mc_ws *ws, const struct mc_fast *f, int tg, int up)
{
    tstate *s = &ws->ts[tg];
    s->up = up; /* (a mirror's tstate is not kept: f->sys_rec) */
    if (!up)
        s->down_start = ws->now;
    else
        outage_end(ws, f, tg, ws->now);
}

static inline void touch(mc_ws *ws, int tg)
{
    if (!ws->is_touched[tg]) {
        ws->is_touched[tg] = 1;
        ws->touched[ws->n_touched++] = tg;
    }
}

/* The end of an instant: the outages of the targets touched. */
static void flush(mc_ws *ws, const struct mc_fast *f)
{
    const mc_model *m = ws->m;
    int ns = m->n_services;
    for (int k = 0; k < ws->n_touched; k++) {
        int tg = ws->touched[k];
        ws->is_touched[tg] = 0;
        int up = tg >= 1 && tg <= ns ? f->svc[tg - 1].up : ws->view_down[tg] == 0;
        if (up != ws->ts[tg].up)
            target_moved(ws, f, tg, up);
    }
    ws->n_touched = 0;
}

/* ---------- events ---------- */

/* A member of service s went down (d = -1) or up (+1): the service's count,
 * state and serving members. `direct`: this event ends its instant and
 * nothing is pending, so the targets that change are recorded at once
 * (within one event every change goes the same way: each target changes at
 * most once), else they are touched for flush. `failing`: 0 a repair, 1 a
 * host's failure (the members each service lost go to cap_net, binned by
 * failure_end), 2 an instance's failure (one member: binned at once). */
HOT void svc_moved(mc_ws *ws, const struct mc_fast *f, int s, int d, int up, int direct)
{
    const fsvc *sv = &f->svc[s];
    if (direct)
        target_moved(ws, f, 1 + s, up);
    else
        touch(ws, 1 + s);
    for (int k = sv->v0; k < sv->v1; k++) {
        int tg = f->view[k];
        int v = ws->view_down[tg] -= d;
        if (!direct)
            touch(ws, tg);
        else if (v == (d < 0)) /* 0 -> 1 on a failure, 1 -> 0 on a repair */
            target_moved(ws, f, tg, v == 0);
    }
}

/* A host's failure took a member of service s. */
static void svc_hit(mc_ws *ws, int s)
{
    if (!ws->cap_is_hit[1 + s]) {
        ws->cap_is_hit[1 + s] = 1;
        ws->cap_hit[ws->n_cap_hit++] = 1 + s;
    }
    ws->cap_net[1 + s]++;
}

HOT void member_moved(mc_ws *ws, const struct mc_fast *f, int s, int d, int failing,
                                int direct)
{
    fsvc *sv = &f->svc[s];
    int c = sv->count;
    double now = ws->now;
    /* capacity: the member stops or starts serving */
    sv->lost_h += (double)(sv->n_members - c) * (now - sv->since);
    sv->since = now;
    sv->count = c += d;
    int up = c >= sv->need;
    if (up != sv->up) {
        sv->up = up;
        svc_moved(ws, f, s, d, up, direct);
    }
    if (failing == 2) { /* one member: bin 0 of each (mc_cap_blast_add's k = 1),
                           added at the chunk's end (copy_mirrors) */
        sv->inst_fails++;
    } else if (failing) {
        svc_hit(ws, s);
    }
}

/* member_moved for a host's part (each member it reaches): not inlined,
 * so that the instance's path keeps member_moved inline. */
static void member_moved_host(mc_ws *ws, const struct mc_fast *f, int s, int d, int failing,
                              int direct)
{
    member_moved(ws, f, s, d, failing, direct);
}

/* The blast radius of a failure that took cap_net[1 + s] members of each
 * service hit: one event of that size for the service and one for each view
 * listing it (the sum over its listed services hit). */
static void failure_end(mc_ws *ws, const struct mc_fast *f)
{
    const fsvc *sv = f->svc;
    int n_svc = ws->n_cap_hit;
    for (int j = 0; j < n_svc; j++) {
        int tg = ws->cap_hit[j], s = tg - 1, net = ws->cap_net[tg];
        mc_cap_blast_add(ws, tg, net);
        if (n_svc == 1) {
            for (int q = sv[s].v0; q < sv[s].v1; q++)
                mc_cap_blast_add(ws, f->view[q], net);
            break;
        }
        for (int q = sv[s].v0; q < sv[s].v1; q++)
            mc_cap_hit(ws, f->view[q], net);
    }
    for (int j = n_svc > 1 ? n_svc : ws->n_cap_hit; j < ws->n_cap_hit; j++)
        mc_cap_blast_add(ws, ws->cap_hit[j], ws->cap_net[ws->cap_hit[j]]);
    for (int j = 0; j < ws->n_cap_hit; j++) {
        ws->cap_net[ws->cap_hit[j]] = 0;
        ws->cap_is_hit[ws->cap_hit[j]] = 0;
    }
    ws->n_cap_hit = 0;
}

/* ---------- one trial ---------- */

static void trial_init(mc_ws *ws, struct mc_fast *f, long long trial)
{
    const mc_model *m = ws->m;
    mc_rng_seed_trial(ws->rng, ws->seed, (uint64_t)trial);
    ws->now = 0;
    ws->n_touched = 0;
    ws->n_ybins = 0;
    ws->since = 0;
    ws->n_laws_down = 0;
    for (int l = 0; l < m->n_laws; l++)
        ws->law_down[l] = 0;
    for (int i = 0; i < m->n_members; i++)
        f->mdn[i] = 0;
    for (int s = 0; s < m->n_services; s++) {
        fsvc *sv = &f->svc[s];
        sv->count = sv->n_members;
        sv->up = sv->n_members >= sv->need;
        sv->lost_h = 0;
        sv->since = 0;
    }
    for (int k = 0; k < m->n_targets; k++) {
        ws->view_down[k] = 0;
        ws->is_touched[k] = 0;
        ws->cap_net[k] = 0;
        ws->cap_is_hit[k] = 0;
    }
    for (int s = 0; s < m->n_services; s++)
        if (!f->svc[s].up)
            for (int k = m->sview_at[s]; k < m->sview_at[s + 1]; k++)
                ws->view_down[m->sview[k]]++;
    ws->n_cap_hit = 0;
    for (int k = 0; k < m->n_targets; k++) {
        tstate *s = &ws->ts[k];
        s->up = k >= 1 && k <= m->n_services ? f->svc[k - 1].up : ws->view_down[k] == 0;
        s->down_start = 0;
        s->down = 0;
        s->year = 0;
        s->year_down = 0;
    }
    /* every part up, its first up period drawn in part order */
    for (int p = 0; p < m->n_parts; p++) {
        ws->part_up[p] = 1;
        push(f->heap, p, (fclock){ws->now + draw(ws, &m->parts[p].fail), p});
    }
}

/* Closes the trial (mc_trial.c's trial_finish): the outages still running
 * are cut at the mission's end; each target's down fraction, unplanned
 * fraction (all of it: one cause) and failure hours. A mirror's are its
 * service's. */
static void trial_finish(mc_ws *ws, const struct mc_fast *f, double *down, double *unplanned)
{
    const mc_model *m = ws->m;
    ws->now = m->mission;
    if (m->attribute)
        mc_attribute_until(ws, ws->ts[f->sys_rec].up, m->mission);
    double *cause = ws->chunk->cause;
    for (int k = 0; k < m->n_targets; k++) {
        if (f->mirror_of[k] < 0) {
            tstate *s = &ws->ts[k];
            if (!s->up)
                outage_end(ws, f, k, m->mission);
            year_close(ws, f, k, s);
        }
    }
    for (int k = 0; k < m->n_targets; k++) {
        int src = f->mirror_of[k] < 0 ? k : 1 + f->mirror_of[k];
        double dh = ws->ts[src].down;
        down[k] = dh / m->mission;
        /* one cause: failure hours are the down hours, maintenance none
           (the other causes' hours are zeros: adding them changes nothing) */
        double u = (dh - 0.0) / m->mission;
        unplanned[k] = u > 0 ? u : 0;
        cause[(size_t)k * CAUSE_N + CAUSE_FAILURE] += dh;
    }
}

static int halted(mc_ws *ws)
{
    return ws->halt && atomic_load_explicit(ws->halt, memory_order_relaxed);
}

/* One trial; `attribute` is m->attribute, a constant at each call so that
 * the loop without attribution has no test of it. */
HOT int trial_run(mc_ws *ws, struct mc_fast *f, long long trial, double *down,
             double *unplanned, const int attribute)
{
    const mc_model *m = ws->m;
    const int np = m->n_parts;
    const double mission = m->mission;
    fclock *heap = f->heap;
    long long events = 0;
    trial_init(ws, f, trial);
    for (;;) {
        double t = heap[0].t;
        if (t >= mission)
            break;
        int p = heap[0].id;
        const struct fpart *pt = &f->part[p];
        if (attribute && t != ws->since)
            mc_attribute_until(ws, ws->ts[f->sys_rec].up, t);
        ws->now = t;
        int fails = ws->part_up[p];
        ws->part_up[p] = (unsigned char)!fails;
        if (attribute)
            mc_law_count(ws, pt->law_id, fails);
        double d = draw(ws, pt->law[fails]);
        sift_down(heap, np, 0, (fclock){t + d, p});
        /* the instant is over once the next clock is later */
        int ends = heap[0].t != t;
        int direct = ends && ws->n_touched == 0;
        /* the members it reaches: up while none of their parts is down */
        int dd = fails ? -1 : 1, failing = fails ? pt->failing : 0;
        if (pt->svc >= 0) /* its member moves with it */
            member_moved(ws, f, pt->svc, dd, failing, direct);
        else
            for (int k = f->pm_at[p]; k < f->pm_at[p + 1]; k++) {
                int mem = f->pm[k];
                int was = f->mdn[mem];
                f->mdn[mem] = (unsigned char)(was - dd);
                if (fails ? was == 0 : was == 1)
                    member_moved_host(ws, f, f->svc_of[mem], dd, failing, direct);
            }
        if (ws->n_cap_hit)
            failure_end(ws, f);
        if (ws->n_touched && ends)
            flush(ws, f);
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    if (ws->n_touched)
        flush(ws, f);
    trial_finish(ws, f, down, unplanned);
    return 0;
}

/* trial_run for f->one_svc without attribution: the one service's state
 * in locals. Every event moves one of its members (an instance's member is
 * up exactly while the instance is), so the service's count, serving hours
 * and state change as member_moved changes them; its outage is recorded
 * when an instant ends with the service's state not the recorded one (as
 * flush would: the state can change at most once per event, and an
 * instant that brings it back leaves it as recorded). A clock's id is
 * 2 part + 1 while the part is up, 2 part while it is down (ws->part_up
 * is not kept): ids of different parts order as the parts do, so ties go
 * as in trial_run; f->law_of[id] is the law its end draws. */
HOT int trial_run_one(mc_ws *ws, struct mc_fast *f, long long trial, double *down,
                      double *unplanned, const int n_parts)
{
    const mc_model *m = ws->m;
    const int np = n_parts ? n_parts : m->n_parts; /* n_parts: 1, 2 or 0 (any) */
    const double mission = m->mission;
    fclock *heap = f->heap;
    const law_dist *const *law_of = f->law_of;
    fsvc *sv = &f->svc[0];
    tstate *ts = &ws->ts[1];
    long long events = 0;
    /* trial_init, of what this loop and trial_finish read: the service,
       its record (ws->ts[1]: a mirror's is not kept), the parts */
    mc_rng_seed_trial(ws->rng, ws->seed, (uint64_t)trial);
    ws->n_ybins = 0;
    const int n = sv->n_members, max_out = n - sv->need;
    int out = 0, up = out <= max_out; /* out: members down, n - count */
    double lost_h = 0, since = 0;
    int rec_up = up;
    double down_start = 0, down_h = 0, year_down = 0;
    int year = 0;
    double ylo = 0, yhi = MC_YEAR_H - 1e-3; /* year 0's, as add_down's */
    for (int q = 0; q < np; q++) /* every part up, its first up period drawn
                                    in part order (at ws->now = 0) */
        push(heap, q, (fclock){0.0 + draw(ws, law_of[2 * q]), 2 * q + 1});
    long long outages = 0;
    double longest = 0; /* the trial's: the chunk's is the max of the trials' */
    for (;;) {
        double t = heap[0].t;
        if (t >= mission)
            break;
        int id = heap[0].id, fails = id & 1;
        double d = draw(ws, law_of[id]);
        replace_top(heap, np, (fclock){t + d, id ^ 1});
        /* member_moved: adding (n - count) * (t - since) = +0.0 when every
           member serves changes no bit of lost_h (>= +0) */
        if (out != 0)
            lost_h += (double)out * (t - since);
        since = t;
        out += 2 * fails - 1;
        up = out <= max_out; /* count >= need */
        if (up != rec_up && heap[0].t != t) { /* the instant is over */
            rec_up = up;
            if (!up) {
                down_start = t;
            } else { /* outage_end */
                double len = t - down_start;
                outages++;
                if (len > longest)
                    longest = len;
                down_h += (t - down_start) * RARE_W;
                if (down_start >= ylo && t < yhi) {
                    year_down += t - down_start;
                } else {
                    add_down_years(ws, f, 1, &year, &year_down, down_start, t);
                    ylo = year * MC_YEAR_H;
                    yhi = ylo + (MC_YEAR_H - 1e-3);
                }
            }
        }
        if ((++events & (MC_STOP_EVERY - 1)) == 0 && halted(ws)) {
            ws->events += events;
            return 1;
        }
    }
    ws->events += events;
    sv->count = n - out;
    sv->up = up;
    sv->lost_h = lost_h;
    sv->since = since;
    /* instance failures: a part's events alternate from a failure, so it
       failed (its events + 1 if down) / 2 times */
    sv->inst_fails += (events + out) / 2;
    ts->up = rec_up;
    ts->down_start = down_start;
    ts->down = down_h;
    ts->year = year;
    ts->year_down = year_down;
    mc_tacc *a = &ws->chunk->acc[1];
    a->outages += outages;
    if (longest > a->longest_h)
        a->longest_h = longest;
    trial_finish(ws, f, down, unplanned);
    return 0;
}

/* trial_run_one with the heap's size a constant for one and two parts. */
static int run_one(mc_ws *ws, struct mc_fast *f, long long trial, double *down,
                   double *unplanned)
{
    switch (ws->m->n_parts) {
    case 1:
        return trial_run_one(ws, f, trial, down, unplanned, 1);
    case 2:
        return trial_run_one(ws, f, trial, down, unplanned, 2);
    default:
        return trial_run_one(ws, f, trial, down, unplanned, 0);
    }
}

/* The chunk's records kept once for several targets, once its trials are
 * over (the chunk's sums start at 0: mc_chunk_reset): the blast bin 0 of
 * instance failures; each target's weighted outage counts (sums of ones:
 * exactly the count, below 2^53); a mirror's records, which are its
 * service's to the bit (the same operations on the same numbers): its
 * outage sums, its years (a bin of the service's is one of the mirror's)
 * and its blast radius, failure by failure. */
static int copy_mirrors(const mc_model *m, struct mc_fast *f, mc_chunk *c)
{
    for (int s = 0; s < m->n_services; s++) {
        fsvc *sv = &f->svc[s];
        c->blast[(size_t)(1 + s) * MC_BLAST_BINS] += sv->inst_fails;
        for (int k = sv->v0; k < sv->v1; k++)
            c->blast[(size_t)f->view[k] * MC_BLAST_BINS] += sv->inst_fails;
    }
    for (int tg = 0; tg < m->n_targets; tg++) {
        mc_tacc *a = &c->acc[tg];
        a->w_outages = (double)a->outages * RARE_W;
        a->w2_outages = (double)a->outages * (RARE_W * RARE_W);
    }
    int any = 0;
    for (int tg = 0; tg < m->n_targets; tg++) {
        int s = f->mirror_of[tg];
        if (s < 0)
            continue;
        any = 1;
        c->acc[tg] = c->acc[1 + s];
        for (int b = 0; b < MC_BLAST_BINS; b++)
            c->blast[(size_t)tg * MC_BLAST_BINS + (size_t)b] +=
                c->blast[(size_t)(1 + s) * MC_BLAST_BINS + (size_t)b];
    }
    if (!any)
        return 0;
    /* the mirrors' years: one entry per mirror for each of its service's */
    size_t n = c->n_ybins, add = 0;
    for (int tg = 0; tg < m->n_targets; tg++) {
        uint32_t key = (uint32_t)(1 + f->mirror_of[tg]);
        if (f->mirror_of[tg] >= 0)
            for (size_t i = 0; i < n; i++)
                add += c->ybins[i] >> 10 == key;
    }
    if (n + add > c->cap_ybins) {
        uint32_t *nb = realloc(c->ybins, (n + add) * sizeof *nb);
        if (!nb)
            return MC_ENOMEM;
        c->ybins = nb;
        c->cap_ybins = n + add;
    }
    uint32_t *y = c->ybins;
    for (int tg = 0; tg < m->n_targets; tg++) {
        uint32_t key = (uint32_t)(1 + f->mirror_of[tg]), to = (uint32_t)tg << 10;
        if (f->mirror_of[tg] >= 0)
            for (size_t i = 0; i < n; i++)
                if (y[i] >> 10 == key)
                    y[c->n_ybins++] = to | (y[i] & 1023);
    }
    return 0;
}

int mc_fast_run_chunk(mc_ws *ws, mc_chunk *c)
{
    struct mc_fast *f = ws->fast;
    const int nt = ws->m->n_targets;
    ws->chunk = c;
    ws->events = 0;
    for (int s = 0; s < ws->m->n_services; s++)
        f->svc[s].inst_fails = 0;
    for (long long i = 0; i < c->n; i++) {
        if (halted(ws))
            return 1;
        double *down = c->down + (size_t)i * (size_t)nt;
        double *unplanned = c->unplanned + (size_t)i * (size_t)nt;
        if (ws->m->attribute ? trial_run(ws, f, c->first + i, down, unplanned, 1)
            : f->one_svc     ? run_one(ws, f, c->first + i, down, unplanned)
                             : trial_run(ws, f, c->first + i, down, unplanned, 0)) {
            c->events += ws->events;
            return 1;
        }
        for (int s = 0; s < ws->m->n_services; s++) { /* for mc_cap_trial_finish */
            ws->cap_count[1 + s] = f->svc[s].count;
            ws->cap_lost_h[s] = f->svc[s].lost_h;
            ws->cap_since[s] = f->svc[s].since;
        }
        mc_cap_trial_finish(ws, c->capacity + (size_t)i * (size_t)nt);
        if (c->n_ybins + ws->n_ybins > c->cap_ybins) {
            size_t cap = (c->cap_ybins ? c->cap_ybins * 2 : 256) + ws->n_ybins;
            uint32_t *nb = realloc(c->ybins, cap * sizeof *nb);
            if (!nb)
                return MC_ENOMEM;
            c->ybins = nb;
            c->cap_ybins = cap;
        }
        if (ws->n_ybins) {
            memcpy(c->ybins + c->n_ybins, ws->ybins, ws->n_ybins * sizeof *ws->ybins);
            c->n_ybins += ws->n_ybins;
        }
    }
    int rc = copy_mirrors(ws->m, f, c);
    if (rc)
        return rc;
    c->events += ws->events;
    c->complete = 1;
    return 0;
}
