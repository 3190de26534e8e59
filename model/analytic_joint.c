/* model/analytic_joint.c — the analytic solver's joint view of the parts
 * (docs/analytic.md, "Repair crews, frozen clocks, frequency and duration"):
 * repair crews (parts that share a crew form one Markov chain),
 * frozen-when-down (every part in one chain, or the series formula), and the
 * outage frequency of every target.
 *
 * DESIGN. It applies to a design of at most AN_JOINT_MAX_PARTS parts (hosts
 * with a law, members whose service has an instance law, common causes)
 * whose services are all static structures solved exactly (no chain, no
 * rejoin, no maintenance). Bit k of a mask is part k down. For every mask the
 * file first evaluates each target's structure (a member is up while none of
 * its parts is down, a service while `need` members are up, a target while
 * every service of its closure is). Then:
 * - parts with no crew (and not frozen) are independent alternating renewal
 *   processes: P(down) = (E[detect] + E[repair]) / cycle, any laws;
 * - the parts of one crew form a continuous-time Markov chain: each part up,
 *   in detection, waiting for the crew or in repair, and the waiting parts'
 *   order (first come, first served); exponential laws make it exact, others
 *   are replaced by the exponential of the same mean (approximate). Crews are
 *   independent of one another and of the other parts;
 * - frozen-when-down: every part is in one chain whose failures stop while
 *   the system is down. When the system is a series of every part (any one
 *   part down takes it down), at most one part is down at a time and the
 *   system is a semi-Markov process: per hour of system up time part i fails
 *   1 / E[fail_i] times and each failure costs E[detect_i] + E[repair_i] of
 *   downtime, so A = 1 / (1 + sum_i (E[detect_i] + E[repair_i]) / E[fail_i])
 *   for any laws (Birolini, Reliability Engineering, 2017, Table 6.10; no
 *   queue can form, so crews play no part).
 * The outage frequency of a target is the probability flow from its up
 * states to its down states: sum over masks where it is up, and over up parts
 * whose failure takes it down, of P(mask) x the part's failure rate given up
 * (1 / E[fail]: for independent parts this is Birnbaum's importance x the
 * part's cycle frequency, Billinton & Allan, Reliability Evaluation of Power
 * Systems, 1996, section 11.3). Repairs never take a target down, detections
 * change nothing that a target sees.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#define HOURS_PER_YEAR 8760.0

enum { PH_UP, PH_DETECT, PH_WAIT, PH_REPAIR };

typedef struct jpart {
    const topo_law *law;
    int crew;          /* -1: unlimited */
    int exp;           /* 1: every law of it exponential (or none) */
    double fail_rate, detect_rate, repair_rate; /* 1 / mean; detect <= 0: none */
} jpart;

typedef struct jctx {
    solver *sv;
    int np;
    jpart part[AN_JOINT_MAX_PARTS];
    uint32_t *need;        /* per member: its parts' bits */
    unsigned char *up;     /* (2^np) x n_targets: target up under mask */
    int *cnt;              /* per service: scratch */
    int frozen;
} jctx;

/* A distribution over masks: n entries of (mask, probability). */
typedef struct jdist {
    uint32_t *mask;
    double *p;
    int n;
} jdist;

static int law_crew_of(const topology *t, int law)
{
    if (law < 0)
        return -1;
    int c = t->laws[law].crew;
    return c >= 0 && c < t->n_crews ? c : -1;
}

int analytic_uses_crews(const topology *t)
{
    for (int l = 0; l < t->n_laws; l++)
        if (law_crew_of(t, l) >= 0 && topo_law_parts(t, l) > 0)
            return 1;
    return 0;
}

static void add_part(jctx *x, const topology *t, int law)
{
    jpart *p = &x->part[x->np++];
    const topo_law *l = &t->laws[law];
    p->law = l;
    p->crew = law_crew_of(t, law);
    p->fail_rate = 1 / law_mean(&l->fail);
    p->repair_rate = 1 / law_mean(&l->repair);
    p->detect_rate = law_is_none(&l->detect) ? 0 : 1 / law_mean(&l->detect);
    p->exp = law_is_exponential(&l->fail) && law_is_exponential(&l->repair) &&
             (law_is_none(&l->detect) || law_is_exponential(&l->detect));
}

/* Target j up (tup[j]) with the parts of mask down. */
static void eval_mask(const jctx *x, uint32_t mask, unsigned char *tup)
{
    const solver *sv = x->sv;
    const topology *t = sv->t;
    int ns = t->n_services;
    for (int s = 0; s < ns; s++) {
        const topo_service *ts = &t->services[s];
        int c = 0;
        for (int i = 0; i < ts->n_hosts; i++)
            c += !(x->need[ts->first_member + i] & mask);
        x->cnt[s] = c >= ts->need;
    }
    for (int j = 0; j < sv->n_targets; j++) {
        const unsigned char *in = sv->in_target + (size_t)j * ns;
        const topo_view *vw = j > ns ? &t->views[j - 1 - ns] : j == 0 ? &t->system : NULL;
        int up = 1;
        if (vw && vw->need_members > 0) {
            /* a view with need: its serving members (ready, gate up) */
            int serving = 0;
            for (int i = 0; i < vw->n_services; i++) {
                int s = vw->services[i];
                const unsigned char *g = sv->gate + (size_t)s * ns;
                const topo_service *ts = &t->services[s];
                int open = 1;
                for (int y = 0; y < ns && open; y++)
                    open = !g[y] || x->cnt[y];
                for (int k = 0; open && k < ts->n_hosts; k++)
                    serving += !(x->need[ts->first_member + k] & mask);
            }
            tup[j] = serving >= vw->need_members;
            continue;
        }
        for (int s = 0; s < ns && up; s++)
            if (in[s] && !x->cnt[s])
                up = 0;
        tup[j] = (unsigned char)up;
    }
}

/* ---------- one Markov chain over some parts ---------- */

typedef struct jspace {
    const jctx *x;
    const int *list;   /* the chain's parts (indices into x->part) */
    int n;             /* how many */
    int w;             /* bytes per state: phase[n], queue position[n] */
    unsigned char *st; /* states, w bytes each */
    int n_states, cap;
    int *hash;         /* open addressing, -1 empty */
    size_t hcap;
    int *from, *to;
    double *rate;
    int n_tr, cap_tr;
    int too_big, oom;
} jspace;

static size_t state_hash(const unsigned char *s, int w)
{
    size_t h = 1469598103934665603u;
    for (int i = 0; i < w; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}

/* The index of state s, added if new (-1: too many states or no memory). */
static int state_index(jspace *sp, const unsigned char *s)
{
    size_t h = state_hash(s, sp->w) & (sp->hcap - 1);
    while (sp->hash[h] >= 0) {
        if (!memcmp(sp->st + (size_t)sp->hash[h] * sp->w, s, (size_t)sp->w))
            return sp->hash[h];
        h = (h + 1) & (sp->hcap - 1);
    }
    if (sp->n_states == AN_JOINT_MAX_STATES) {
        sp->too_big = 1;
        return -1;
    }
    memcpy(sp->st + (size_t)sp->n_states * sp->w, s, (size_t)sp->w);
    sp->hash[h] = sp->n_states;
    return sp->n_states++;
}

static void emit(jspace *sp, int from, const unsigned char *s, double rate)
{
    if (sp->too_big || sp->oom || !(rate > 0))
        return;
    int to = state_index(sp, s);
    if (to < 0)
        return;
    if (sp->n_tr == sp->cap_tr) {
        int cap = sp->cap_tr ? 2 * sp->cap_tr : 256;
        int *f = realloc(sp->from, (size_t)cap * sizeof *f);
        if (f)
            sp->from = f;
        int *t = realloc(sp->to, (size_t)cap * sizeof *t);
        if (t)
            sp->to = t;
        double *r = realloc(sp->rate, (size_t)cap * sizeof *r);
        if (r)
            sp->rate = r;
        if (!f || !t || !r) {
            sp->oom = 1;
            return;
        }
        sp->cap_tr = cap;
    }
    sp->from[sp->n_tr] = from;
    sp->to[sp->n_tr] = to;
    sp->rate[sp->n_tr++] = rate;
}

/* Down mask (bits of x->part) of state s. */
static uint32_t state_mask(const jspace *sp, const unsigned char *s)
{
    uint32_t m = 0;
    for (int i = 0; i < sp->n; i++)
        if (s[i] != PH_UP)
            m |= (uint32_t)1 << sp->list[i];
    return m;
}

/* Part i of state s (a copy in t) is ready for repair: into repair if its
 * crew has a free member, else at the end of its crew's queue. */
static void to_repair(const jspace *sp, unsigned char *t, int i)
{
    const topology *top = sp->x->sv->t;
    int crew = sp->x->part[sp->list[i]].crew;
    if (crew < 0) {
        t[i] = PH_REPAIR;
        return;
    }
    int busy = 0, queued = 0;
    for (int k = 0; k < sp->n; k++)
        if (sp->x->part[sp->list[k]].crew == crew) {
            busy += t[k] == PH_REPAIR;
            queued += t[k] == PH_WAIT;
        }
    if (busy < top->crews[crew].size) {
        t[i] = PH_REPAIR;
    } else {
        t[i] = PH_WAIT;
        t[sp->n + i] = (unsigned char)queued;
    }
}

static void expand(jspace *sp, int from)
{
    const jctx *x = sp->x;
    int n = sp->n, w = sp->w;
    unsigned char s[2 * AN_JOINT_MAX_PARTS], t[2 * AN_JOINT_MAX_PARTS];
    memcpy(s, sp->st + (size_t)from * w, (size_t)w);
    int frozen = x->frozen && !x->up[(size_t)state_mask(sp, s) * x->sv->n_targets];
    for (int i = 0; i < n && !sp->too_big && !sp->oom; i++) {
        const jpart *p = &x->part[sp->list[i]];
        memcpy(t, s, (size_t)w);
        if (s[i] == PH_UP) {
            if (frozen)
                continue;
            if (p->detect_rate > 0)
                t[i] = PH_DETECT;
            else
                to_repair(sp, t, i);
            emit(sp, from, t, p->fail_rate);
        } else if (s[i] == PH_DETECT) {
            to_repair(sp, t, i);
            emit(sp, from, t, p->detect_rate);
        } else if (s[i] == PH_REPAIR) {
            t[i] = PH_UP;
            if (p->crew >= 0)
                for (int k = 0; k < n; k++)
                    if (x->part[sp->list[k]].crew == p->crew && t[k] == PH_WAIT) {
                        if (t[n + k] == 0) {
                            t[k] = PH_REPAIR;
                            t[n + k] = 0;
                        } else {
                            t[n + k]--;
                        }
                    }
            emit(sp, from, t, p->repair_rate);
        }
    }
}

static int stationary(const jspace *sp, double *pi)
{
    int n = sp->n_states;
    int rc = -1;
    gsl_matrix *a = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *b = gsl_vector_calloc((size_t)n);
    gsl_vector *v = gsl_vector_alloc((size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    if (!a || !b || !v || !perm)
        goto done;
    for (int k = 0; k < sp->n_tr; k++) {
        *gsl_matrix_ptr(a, (size_t)sp->to[k], (size_t)sp->from[k]) += sp->rate[k];
        *gsl_matrix_ptr(a, (size_t)sp->from[k], (size_t)sp->from[k]) -= sp->rate[k];
    }
    for (int j = 0; j < n; j++)
        gsl_matrix_set(a, (size_t)(n - 1), (size_t)j, 1.0);
    gsl_vector_set(b, (size_t)(n - 1), 1.0);
    int sign;
    rc = -2;
    if (gsl_linalg_LU_decomp(a, perm, &sign))
        goto done;
    for (int j = 0; j < n; j++)
        if (gsl_matrix_get(a, (size_t)j, (size_t)j) == 0)
            goto done;
    if (gsl_linalg_LU_solve(a, perm, b, v))
        goto done;
    for (int j = 0; j < n; j++)
        pi[j] = gsl_vector_get(v, (size_t)j);
    rc = 0;
done:
    gsl_permutation_free(perm);
    gsl_vector_free(v);
    gsl_vector_free(b);
    gsl_matrix_free(a);
    return rc;
}

/* The stationary distribution of the down masks of the chain over parts
 * list[0..n). Returns 0, 1 (too many states), -1 (no memory) or -2
 * (singular). */
static int chain_masks(const jctx *x, const int *list, int n, jdist *out)
{
    jspace sp;
    memset(&sp, 0, sizeof sp);
    sp.x = x;
    sp.list = list;
    sp.n = n;
    sp.w = 2 * n;
    sp.hcap = 2;
    while (sp.hcap < 2 * (size_t)AN_JOINT_MAX_STATES)
        sp.hcap *= 2;
    sp.st = malloc((size_t)AN_JOINT_MAX_STATES * (size_t)sp.w);
    sp.hash = malloc(sp.hcap * sizeof *sp.hash);
    double *pi = NULL;
    int rc = -1;
    if (!sp.st || !sp.hash)
        goto done;
    for (size_t h = 0; h < sp.hcap; h++)
        sp.hash[h] = -1;
    unsigned char s0[2 * AN_JOINT_MAX_PARTS] = {0};
    state_index(&sp, s0);
    for (int k = 0; k < sp.n_states && !sp.too_big && !sp.oom; k++)
        expand(&sp, k);
    if (sp.oom)
        goto done;
    rc = 1;
    if (sp.too_big)
        goto done;
    rc = -1;
    pi = malloc((size_t)sp.n_states * sizeof *pi);
    out->mask = malloc((size_t)sp.n_states * sizeof *out->mask);
    out->p = malloc((size_t)sp.n_states * sizeof *out->p);
    if (!pi || !out->mask || !out->p)
        goto done;
    if ((rc = stationary(&sp, pi)))
        goto done;
    out->n = 0;
    for (int k = 0; k < sp.n_states; k++) {
        uint32_t m = state_mask(&sp, sp.st + (size_t)k * sp.w);
        int at = 0;
        while (at < out->n && out->mask[at] != m)
            at++;
        if (at == out->n) {
            out->mask[out->n] = m;
            out->p[out->n++] = 0;
        }
        out->p[at] += pi[k] < 0 ? 0 : pi[k];
    }
    x->sv->chain_work += (double)sp.n_states * sp.n_states * sp.n_states;
    rc = 0;
done:
    free(pi);
    free(sp.st);
    free(sp.hash);
    free(sp.from);
    free(sp.to);
    free(sp.rate);
    return rc;
}

/* a := a x b (masks on disjoint parts). Returns 0 or -1. */
static int dist_product(jdist *a, const jdist *b)
{
    size_t n = (size_t)a->n * (size_t)b->n;
    uint32_t *m = malloc((n ? n : 1) * sizeof *m);
    double *p = malloc((n ? n : 1) * sizeof *p);
    if (!m || !p) {
        free(m);
        free(p);
        return -1;
    }
    size_t k = 0;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++) {
            m[k] = a->mask[i] | b->mask[j];
            p[k++] = a->p[i] * b->p[j];
        }
    free(a->mask);
    free(a->p);
    a->mask = m;
    a->p = p;
    a->n = (int)n;
    return 0;
}

/* An independent part: down with its stationary probability, any law. */
static int dist_independent(jdist *a, const jpart *p, int bit)
{
    double down = 1 - law_availability(p->law);
    jdist b;
    uint32_t m[2] = { 0, (uint32_t)1 << bit };
    double q[2] = { 1 - down, down };
    b.mask = m;
    b.p = q;
    b.n = 2;
    return dist_product(a, &b);
}

/* ---------- the figures ---------- */

/* Why the joint view cannot apply (NULL: it can). */
static const char *not_joint(const solver *sv)
{
    const topology *t = sv->t;
    if (t->n_maint)
        return "with maintenance";
    for (int s = 0; s < t->n_services; s++)
        if (sv->svc[s].kind != KIND_STATIC || !sv->svc[s].exact)
            return "a service is not a static structure (a chain or a rejoin delay)";
    return NULL;
}

static int build_parts(jctx *x)
{
    const solver *sv = x->sv;
    const topology *t = sv->t;
    int nh = t->n_hosts;
    /* part number -> bit: hosts, common causes, then members' instances
       (parts of the closures of members that need them locally) */
    int *bit = malloc(((size_t)nh + t->n_ccfs + t->n_members + 1) * sizeof *bit);
    int *ibit = malloc(((size_t)t->n_members + 1) * sizeof *ibit);
    int rc = -1;
    if (!bit || !ibit)
        goto done;
    x->np = 0;
    rc = 1;
    for (int h = 0; h < nh; h++) {
        bit[h] = -1;
        if (t->hosts[h].law >= 0) {
            if (x->np == AN_JOINT_MAX_PARTS)
                goto done;
            bit[h] = x->np;
            add_part(x, t, t->hosts[h].law);
        }
    }
    for (int m = 0; m < t->n_members; m++) {
        int law = t->services[t->members[m].service].instance;
        ibit[m] = -1;
        if (law >= 0) {
            if (x->np == AN_JOINT_MAX_PARTS)
                goto done;
            ibit[m] = x->np;
            add_part(x, t, law);
        }
    }
    for (int c = 0; c < t->n_ccfs; c++) {
        bit[nh + c] = -1;
        if (t->ccfs[c].law >= 0) {
            if (x->np == AN_JOINT_MAX_PARTS)
                goto done;
            bit[nh + c] = x->np;
            add_part(x, t, t->ccfs[c].law);
        }
    }
    for (int m = 0; m < t->n_members; m++)
        bit[nh + t->n_ccfs + m] = ibit[m];
    for (int m = 0; m < t->n_members; m++) {
        const an_member *am = &sv->members[m];
        uint32_t need = ibit[m] >= 0 ? (uint32_t)1 << ibit[m] : 0;
        for (int i = 0; i < am->n_priv; i++)
            if (bit[am->priv[i]] >= 0)
                need |= (uint32_t)1 << bit[am->priv[i]];
        for (int i = 0; i < am->n_shared; i++) {
            int p = sv->shared_part[am->shared[i]];
            if (bit[p] >= 0)
                need |= (uint32_t)1 << bit[p];
        }
        x->need[m] = need;
    }
    rc = 0;
done:
    free(bit);
    free(ibit);
    return rc;
}

/* Sets avail, freq (outages per year) for every target from the mask
 * distribution d. */
static void figures(const jctx *x, const jdist *d, double *avail, double *freq)
{
    int nt = x->sv->n_targets;
    for (int j = 0; j < nt; j++)
        avail[j] = freq[j] = 0;
    for (int k = 0; k < d->n; k++) {
        uint32_t m = d->mask[k];
        double p = d->p[k];
        const unsigned char *up = x->up + (size_t)m * nt;
        for (int j = 0; j < nt; j++)
            avail[j] += up[j] ? p : 0;
        for (int i = 0; i < x->np; i++) {
            uint32_t b = (uint32_t)1 << i;
            if (m & b)
                continue;
            const unsigned char *up2 = x->up + (size_t)(m | b) * nt;
            for (int j = 0; j < nt; j++)
                if (up[j] && !up2[j])
                    freq[j] += p * x->part[i].fail_rate;
        }
    }
    for (int j = 0; j < nt; j++)
        freq[j] *= HOURS_PER_YEAR;
}

/* Frozen, the system a series of every part: the semi-Markov formula. */
static int frozen_series(const jctx *x)
{
    int nt = x->sv->n_targets;
    for (int i = 0; i < x->np; i++)
        if (x->up[((size_t)1 << i) * nt])
            return 0;
    return 1;
}

static void frozen_series_figures(const jctx *x, double *avail, double *freq)
{
    int nt = x->sv->n_targets;
    double sum = 0;
    for (int i = 0; i < x->np; i++)
        sum += (law_mean(&x->part[i].law->detect) + law_mean(&x->part[i].law->repair)) /
               law_mean(&x->part[i].law->fail);
    double a0 = 1 / (1 + sum);
    for (int j = 0; j < nt; j++) {
        avail[j] = a0;
        freq[j] = 0;
    }
    for (int i = 0; i < x->np; i++) {
        const topo_law *l = x->part[i].law;
        double pdown = a0 * (law_mean(&l->detect) + law_mean(&l->repair)) / law_mean(&l->fail);
        const unsigned char *up = x->up + ((size_t)1 << i) * nt;
        for (int j = 0; j < nt; j++) {
            if (up[j])
                avail[j] += pdown;
            else
                freq[j] += a0 / law_mean(&l->fail) * HOURS_PER_YEAR;
        }
    }
}

/* Adds reason text to every target (sv->treason, allocated here if needed).
 * Returns 0 or -1. */
static int reason_all(solver *sv, const char *text)
{
    if (!sv->treason && !(sv->treason = calloc((size_t)sv->n_targets, sizeof *sv->treason)))
        return -1;
    for (int j = 0; j < sv->n_targets; j++)
        if (analytic_reason_add(&sv->treason[j], text))
            return -1;
    return 0;
}

int analytic_joint_solve(solver *sv, double *avail, double *unplanned, double *freq,
                         int want_freq)
{
    const topology *t = sv->t;
    int nt = sv->n_targets;
    int crews = analytic_uses_crews(t), frozen = t->frozen_when_down;
    for (int j = 0; j < nt; j++)
        freq[j] = NAN;
    jctx x;
    memset(&x, 0, sizeof x);
    x.sv = sv;
    x.frozen = frozen;
    jdist d = { NULL, NULL, 0 };
    double *a2 = NULL, *f2 = NULL;
    char *why = NULL;
    int rc = -1, br;
    const char *no = not_joint(sv);
    if (!crews && !frozen && !want_freq)
        return 0;
    x.need = malloc(((size_t)t->n_members + 1) * sizeof *x.need);
    x.cnt = malloc(((size_t)t->n_services + 1) * sizeof *x.cnt);
    if (!x.need || !x.cnt)
        goto done;
    if (!no && (br = build_parts(&x)) != 0) {
        if (br < 0)
            goto done;
        no = "more than " AN_JOINT_MAX_PARTS_TEXT " parts";
    }
    if (!no && (double)((size_t)1 << x.np) * nt > AN_JOINT_MAX_TABLE)
        no = "too many parts and targets for the solver's table of structure states";
    if (no) {
        rc = 0;
        if (!crews && !frozen)
            goto done;
        why = analytic_printf("%s%s%s not solved jointly (%s): %s", crews ? "repair crews" : "",
                              crews && frozen ? " and " : "", frozen ? "frozen clocks" : "", no,
                              crews && frozen ? "repairs taken as unlimited and failures as going on "
                                                "while the system is down"
                              : crews ? "repairs taken as unlimited"
                                      : "failures taken as going on while the system is down");
        rc = why && !reason_all(sv, why) ? 0 : -1;
        goto done;
    }
    size_t nmask = (size_t)1 << x.np;
    x.up = malloc(nmask * (size_t)nt);
    a2 = malloc((size_t)nt * sizeof *a2);
    f2 = malloc((size_t)nt * sizeof *f2);
    d.mask = malloc(sizeof *d.mask);
    d.p = malloc(sizeof *d.p);
    if (!x.up || !a2 || !f2 || !d.mask || !d.p)
        goto done;
    for (size_t m = 0; m < nmask; m++)
        eval_mask(&x, (uint32_t)m, x.up + m * nt);
    d.mask[0] = 0;
    d.p[0] = 1;
    d.n = 1;
    int exact = 1;
    if (frozen && frozen_series(&x)) {
        frozen_series_figures(&x, a2, f2);
    } else {
        int list[AN_JOINT_MAX_PARTS];
        /* frozen: one chain of every part; else one chain per crew */
        for (int c = frozen ? -1 : 0; c < (frozen ? 0 : t->n_crews); c++) {
            int n = 0;
            for (int i = 0; i < x.np; i++)
                if (frozen || x.part[i].crew == c) {
                    list[n++] = i;
                    exact &= x.part[i].exp;
                }
            if (!n)
                continue;
            jdist cd = { NULL, NULL, 0 };
            int cr = chain_masks(&x, list, n, &cd);
            if (cr == 0)
                cr = dist_product(&d, &cd);
            free(cd.mask);
            free(cd.p);
            if (cr == -1)
                goto done;
            if (cr) {
                rc = 0;
                why = analytic_printf("%s not solved jointly (%s): %s",
                                      frozen ? "frozen clocks" : "repair crews",
                                      cr == 1 ? "a chain of more than " AN_JOINT_MAX_STATES_TEXT " states"
                                              : "no unique steady state",
                                      frozen ? "failures taken as going on while the system is down"
                                             : "repairs taken as unlimited");
                rc = why && !reason_all(sv, why) ? 0 : -1;
                goto done;
            }
        }
        for (int i = 0; i < x.np && !frozen; i++)
            if (x.part[i].crew < 0 && dist_independent(&d, &x.part[i], i))
                goto done;
        figures(&x, &d, a2, f2);
    }
    for (int j = 0; j < nt; j++)
        freq[j] = f2[j];
    if (crews || frozen) {
        for (int j = 0; j < nt; j++)
            avail[j] = unplanned[j] = a2[j];
        if (!exact) {
            why = analytic_printf("%s: a law that is not exponential is taken as the exponential "
                                  "of the same mean", frozen ? "frozen clocks" : "repair crews");
            if (!why || reason_all(sv, why))
                goto done;
        }
    }
    rc = 0;
done:
    free(why);
    free(x.need);
    free(x.cnt);
    free(x.up);
    free(a2);
    free(f2);
    free(d.mask);
    free(d.p);
    return rc;
}
