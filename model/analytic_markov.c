/* model/analytic_markov.c — the continuous-time Markov chain of one dynamic
 * service (active-passive, quorum with bootstrap), solved with GSL.
 *
 * DESIGN. A state is a short byte string: per member its down mask (one bit
 * per part; all ones for a member held down) and one flag (active-passive:
 * eligible, i.e. up and resync over; quorum: counts, i.e. up and rejoin over),
 * then the service's own fields (active-passive: active member, failover
 * target, failover origin, member waited for; quorum: up). The states reached
 * from the start are found breadth first (an open-addressing hash of the byte
 * strings); each state lists its transitions with their rates exactly as
 * docs/semantics.md describes a history, with instantaneous delays (rate <= 0)
 * applied at once and an instantaneous failover split by its success
 * probability. Then Q^T pi = 0 with the last equation replaced by sum pi = 1
 * is solved by LU decomposition (gsl_linalg_LU_decomp / LU_solve).
 *
 * A part with a detection delay and a repair is down in two phases: when any
 * part of the chain has one, the state ends with one more byte per member
 * and one for the common parts, bit p set while part p is in detection
 * (its down bit is set throughout). Without detection the state is as it
 * was, so chains without it are solved exactly as before.
 *
 * Normalisation keeps the chain small: a down member's flag is 0, the active
 * member's flag is 1 (its eligibility never matters while it is active).
 *
 * analytic_chain_split sums the same stationary distribution by the state of
 * each member's split part (hosts it shares with other services) to give
 * P(up | common parts up, those split parts down) for every combination.
 */
#include "analytic_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#define NONE 255

/* active-passive: the service's own bytes after the members' */
enum { AP_ACT, AP_FO_TO, AP_FO_FROM, AP_WAIT };
#define MAXLEN (3 * AN_CHAIN_MAX_MEMBERS + 7)

typedef an_trans chain_trans;

/* Data loss (analytic_chain_loss): a transition that makes a member active
 * that is not the member active last is a loss event: by a failover that
 * succeeds, or by the first return after every member was down. */
enum { LOSS_NONE, LOSS_FAILOVER, LOSS_RETURN };

typedef struct chain_space {
    const an_chain *c;
    int len;                 /* bytes per state */
    unsigned char *states;   /* n_states * len */
    int n_states, cap_states;
    int *hash;               /* index + 1, 0 empty */
    int hash_cap;
    chain_trans *tr;
    int n_tr, cap_tr;
    int from;                /* state being expanded */
    int det;                 /* first detection byte (member i: det + i,
                                common parts: det + n); -1: none */
    int failed;              /* AN_CHAIN_* error met while exploring */
    /* data loss: the byte holding the member active last (-1: not tracked) */
    int last;
} chain_space;

static uint64_t state_hash(const unsigned char *s, int len)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int space_rehash(chain_space *sp, int cap)
{
    int *h = calloc((size_t)cap, sizeof *h);
    if (!h)
        return AN_CHAIN_ENOMEM;
    for (int i = 0; i < sp->n_states; i++) {
        uint64_t k = state_hash(sp->states + (size_t)i * sp->len, sp->len) & (uint64_t)(cap - 1);
        while (h[k])
            k = (k + 1) & (uint64_t)(cap - 1);
        h[k] = i + 1;
    }
    free(sp->hash);
    sp->hash = h;
    sp->hash_cap = cap;
    return 0;
}

/* Index of state s, adding it if new; negative on error. */
static int space_index(chain_space *sp, const unsigned char *s)
{
    uint64_t mask = (uint64_t)(sp->hash_cap - 1);
    uint64_t k = state_hash(s, sp->len) & mask;
    while (sp->hash[k]) {
        int i = sp->hash[k] - 1;
        if (memcmp(sp->states + (size_t)i * sp->len, s, (size_t)sp->len) == 0)
            return i;
        k = (k + 1) & mask;
    }
    if (sp->n_states >= AN_CHAIN_MAX_STATES)
        return AN_CHAIN_ETOOBIG;
    if (sp->n_states == sp->cap_states) {
        int cap = sp->cap_states ? 2 * sp->cap_states : 64;
        unsigned char *ns = realloc(sp->states, (size_t)cap * sp->len);
        if (!ns)
            return AN_CHAIN_ENOMEM;
        sp->states = ns;
        sp->cap_states = cap;
    }
    memcpy(sp->states + (size_t)sp->n_states * sp->len, s, (size_t)sp->len);
    sp->hash[k] = sp->n_states + 1;
    int idx = sp->n_states++;
    if (2 * sp->n_states > sp->hash_cap) {
        int rc = space_rehash(sp, 2 * sp->hash_cap);
        if (rc)
            return rc;
    }
    return idx;
}

static void emit(chain_space *sp, const unsigned char *s, double rate)
{
    if (sp->failed || rate <= 0)
        return;
    unsigned char u[MAXLEN];
    int loss = LOSS_NONE;
    if (sp->last >= 0 && !sp->c->quorum) {
        /* the member active last, and whether this move loses writes */
        const unsigned char *f = sp->states + (size_t)sp->from * sp->len;
        const unsigned char *ff = f + 2 * sp->c->n;
        int act = s[2 * sp->c->n + AP_ACT];
        memcpy(u, s, (size_t)sp->len);
        if (act != NONE) {
            u[sp->last] = (unsigned char)act;
            if (act != f[sp->last])
                loss = ff[AP_ACT] != NONE || ff[AP_FO_TO] == act ? LOSS_FAILOVER : LOSS_RETURN;
        }
        s = u;
    }
    int to = space_index(sp, s);
    if (to < 0) {
        sp->failed = to;
        return;
    }
    if (to == sp->from)
        return;
    if (sp->n_tr == sp->cap_tr) {
        int cap = sp->cap_tr ? 2 * sp->cap_tr : 256;
        chain_trans *nt = realloc(sp->tr, (size_t)cap * sizeof *nt);
        if (!nt) {
            sp->failed = AN_CHAIN_ENOMEM;
            return;
        }
        sp->tr = nt;
        sp->cap_tr = cap;
    }
    sp->tr[sp->n_tr++] = (chain_trans){ sp->from, to, rate, loss };
}

/* The byte holding the down mask of the common parts. */
static int common_at(const an_chain *c)
{
    return 2 * c->n + (c->quorum ? 1 : 4);
}

/* Part `bit` of member i (i == n: the common parts) has just failed in t:
 * in detection first when it has a detection phase. */
static void mark_detection(const chain_space *sp, unsigned char *t, int i, unsigned bit,
                           const an_chain_part *part)
{
    if (sp->det >= 0 && part->detect_rate > 0)
        t[sp->det + i] |= (unsigned char)bit;
}

/* 1 if part `bit` of member i (i == n: the common parts), down in s, is in
 * its detection phase. */
static int in_detection(const chain_space *sp, const unsigned char *s, int i, unsigned bit)
{
    return sp->det >= 0 && (s[sp->det + i] & bit);
}

static int member_up(const an_chain *c, const unsigned char *s, int i)
{
    return s[2 * i] == 0 && s[common_at(c)] == 0;
}

/* ---------- active-passive ---------- */

/* The service waits for member i: active at once if it is up. */
static void ap_wait_for(const an_chain *c, unsigned char *s, int i)
{
    unsigned char *f = s + 2 * c->n;
    if (member_up(c, s, i)) {
        f[AP_ACT] = (unsigned char)i;
        s[2 * i + 1] = 1;
    } else {
        f[AP_WAIT] = (unsigned char)i;
    }
}

/* s: member i has just gone down (already marked); emits the consequences. */
static void ap_member_down(chain_space *sp, unsigned char *s, int i, double rate)
{
    const an_chain *c = sp->c;
    unsigned char *f = s + 2 * c->n;
    s[2 * i + 1] = 0;
    if (f[AP_ACT] != i) {
        emit(sp, s, rate);
        return;
    }
    f[AP_ACT] = NONE;
    int j = -1;
    for (int k = 0; k < c->n && j < 0; k++)
        if (k != i && member_up(c, s, k) && s[2 * k + 1])
            j = k;
    if (j < 0) {
        emit(sp, s, rate); /* no active member */
        return;
    }
    if (c->failover_rate > 0) {
        f[AP_FO_TO] = (unsigned char)j;
        f[AP_FO_FROM] = (unsigned char)i;
        emit(sp, s, rate);
        return;
    }
    unsigned char u[MAXLEN];
    memcpy(u, s, (size_t)sp->len);
    u[2 * c->n + AP_ACT] = (unsigned char)j;
    u[2 * j + 1] = 1;
    emit(sp, u, rate * c->success);
    memcpy(u, s, (size_t)sp->len);
    ap_wait_for(c, u, i);
    emit(sp, u, rate * (1 - c->success));
}

/* s: member i has just come up (mask already 0). */
static void ap_member_up(const an_chain *c, unsigned char *s, int i)
{
    unsigned char *f = s + 2 * c->n;
    s[2 * i + 1] = c->resync_rate > 0 ? 0 : 1;
    if (f[AP_WAIT] == i) {
        f[AP_WAIT] = NONE;
        f[AP_ACT] = (unsigned char)i;
        s[2 * i + 1] = 1;
    } else if (f[AP_ACT] == NONE && f[AP_FO_TO] == NONE && f[AP_WAIT] == NONE) {
        f[AP_ACT] = (unsigned char)i;
        s[2 * i + 1] = 1;
    }
}

static void ap_expand(chain_space *sp, const unsigned char *s)
{
    const an_chain *c = sp->c;
    const unsigned char *f = s + 2 * c->n;
    unsigned char t[MAXLEN];
    for (int i = 0; i < c->n; i++) {
        const an_chain_member *m = &c->m[i];
        if (m->forced_down)
            continue;
        for (int p = 0; p < m->n_parts; p++) {
            unsigned char bit = (unsigned char)(1u << p);
            memcpy(t, s, (size_t)sp->len);
            if (!(s[2 * i] & bit)) {
                if (c->cold && m->parts[p].instance && f[AP_ACT] != i)
                    continue; /* a cold standby's instance does not age */
                t[2 * i] |= bit;
                mark_detection(sp, t, i, bit, &m->parts[p]);
                if (member_up(c, s, i))
                    ap_member_down(sp, t, i, m->parts[p].fail_rate);
                else
                    emit(sp, t, m->parts[p].fail_rate);
            } else if (in_detection(sp, s, i, bit)) { /* detected: repair starts */
                t[sp->det + i] &= (unsigned char)~bit;
                emit(sp, t, m->parts[p].detect_rate);
            } else {
                t[2 * i] &= (unsigned char)~bit;
                if (member_up(c, t, i))
                    ap_member_up(c, t, i);
                emit(sp, t, m->parts[p].repair_rate);
            }
        }
        if (c->resync_rate > 0 && member_up(c, s, i) && !s[2 * i + 1] && f[AP_ACT] != i) {
            memcpy(t, s, (size_t)sp->len);
            unsigned char *g = t + 2 * c->n;
            t[2 * i + 1] = 1;
            if (g[AP_ACT] == NONE && g[AP_FO_TO] == NONE && g[AP_WAIT] == NONE)
                g[AP_ACT] = (unsigned char)i;
            emit(sp, t, c->resync_rate);
        }
    }
    if (f[AP_FO_TO] != NONE) {
        int j = f[AP_FO_TO], i = f[AP_FO_FROM];
        memcpy(t, s, (size_t)sp->len);
        unsigned char *g = t + 2 * c->n;
        g[AP_FO_TO] = NONE;
        g[AP_FO_FROM] = NONE;
        unsigned char u[MAXLEN];
        memcpy(u, t, (size_t)sp->len);
        if (member_up(c, u, j)) {
            u[2 * c->n + AP_ACT] = (unsigned char)j;
            u[2 * j + 1] = 1;
        } else {
            ap_wait_for(c, u, i);
        }
        emit(sp, u, c->failover_rate * c->success);
        memcpy(u, t, (size_t)sp->len);
        ap_wait_for(c, u, i);
        emit(sp, u, c->failover_rate * (1 - c->success));
    }
}

static int ap_up(const an_chain *c, const unsigned char *s)
{
    return s[2 * c->n + AP_ACT] != NONE;
}

/* ---------- quorum ---------- */

static void quorum_settle(const an_chain *c, unsigned char *s)
{
    int count = 0;
    for (int i = 0; i < c->n; i++)
        count += member_up(c, s, i) && s[2 * i + 1];
    if (count < c->need)
        s[2 * c->n] = 0;
    else if (c->bootstrap_rate <= 0)
        s[2 * c->n] = 1;
}

static void quorum_expand(chain_space *sp, const unsigned char *s)
{
    const an_chain *c = sp->c;
    unsigned char t[MAXLEN];
    for (int i = 0; i < c->n; i++) {
        const an_chain_member *m = &c->m[i];
        if (m->forced_down)
            continue;
        for (int p = 0; p < m->n_parts; p++) {
            unsigned char bit = (unsigned char)(1u << p);
            memcpy(t, s, (size_t)sp->len);
            double rate;
            if (!(s[2 * i] & bit)) {
                t[2 * i] |= bit;
                t[2 * i + 1] = 0;
                mark_detection(sp, t, i, bit, &m->parts[p]);
                rate = m->parts[p].fail_rate;
            } else if (in_detection(sp, s, i, bit)) {
                t[sp->det + i] &= (unsigned char)~bit;
                emit(sp, t, m->parts[p].detect_rate);
                continue;
            } else {
                t[2 * i] &= (unsigned char)~bit;
                if (member_up(c, t, i))
                    t[2 * i + 1] = c->rejoin_rate > 0 ? 0 : 1;
                rate = m->parts[p].repair_rate;
            }
            quorum_settle(c, t);
            emit(sp, t, rate);
        }
        if (c->rejoin_rate > 0 && member_up(c, s, i) && !s[2 * i + 1]) {
            memcpy(t, s, (size_t)sp->len);
            t[2 * i + 1] = 1;
            quorum_settle(c, t);
            emit(sp, t, c->rejoin_rate);
        }
    }
    if (c->bootstrap_rate > 0 && !s[2 * c->n]) {
        memcpy(t, s, (size_t)sp->len);
        t[2 * c->n] = 1;
        quorum_settle(c, t);
        if (t[2 * c->n])
            emit(sp, t, c->bootstrap_rate);
    }
}

/* Failures and repairs of the common parts (both modes). */
static void common_expand(chain_space *sp, const unsigned char *s)
{
    const an_chain *c = sp->c;
    int at = common_at(c);
    unsigned char t[MAXLEN];
    for (int k = 0; k < c->n_common; k++) {
        unsigned char bit = (unsigned char)(1u << k);
        memcpy(t, s, (size_t)sp->len);
        if (!(s[at] & bit)) {
            t[at] |= bit;
            mark_detection(sp, t, c->n, bit, &c->common[k]);
            if (s[at] == 0) { /* every member goes down at once */
                for (int i = 0; i < c->n; i++)
                    t[2 * i + 1] = 0;
                if (c->quorum) {
                    quorum_settle(c, t);
                } else if (t[2 * c->n + AP_ACT] != NONE) {
                    t[2 * c->n + AP_ACT] = NONE; /* no member is eligible */
                }
            }
            emit(sp, t, c->common[k].fail_rate);
        } else if (in_detection(sp, s, c->n, bit)) {
            t[sp->det + c->n] &= (unsigned char)~bit;
            emit(sp, t, c->common[k].detect_rate);
        } else {
            t[at] &= (unsigned char)~bit;
            if (t[at] == 0) /* members whose own parts are up come up, in order */
                for (int i = 0; i < c->n; i++) {
                    if (c->m[i].forced_down || t[2 * i] != 0)
                        continue;
                    if (c->quorum)
                        t[2 * i + 1] = c->rejoin_rate > 0 ? 0 : 1;
                    else
                        ap_member_up(c, t, i);
                }
            if (c->quorum)
                quorum_settle(c, t);
            emit(sp, t, c->common[k].repair_rate);
        }
    }
}

/* ---------- solving ---------- */

static int chain_stationary(chain_space *sp, double *pi)
{
    int n = sp->n_states;
    int rc = AN_CHAIN_ENOMEM;
    if (an_memo_stationary(sp->states, n, sp->len, sp->tr, sp->n_tr, pi))
        return AN_CHAIN_OK;
    gsl_matrix *a = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *b = gsl_vector_calloc((size_t)n);
    gsl_vector *x = gsl_vector_alloc((size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    if (!a || !b || !x || !perm)
        goto done;
    for (int k = 0; k < sp->n_tr; k++) {
        const chain_trans *tr = &sp->tr[k];
        /* row j of Q^T: inflow into j minus outflow from j */
        *gsl_matrix_ptr(a, (size_t)tr->to, (size_t)tr->from) += tr->rate;
        *gsl_matrix_ptr(a, (size_t)tr->from, (size_t)tr->from) -= tr->rate;
    }
    for (int j = 0; j < n; j++)
        gsl_matrix_set(a, (size_t)(n - 1), (size_t)j, 1.0);
    gsl_vector_set(b, (size_t)(n - 1), 1.0);
    int sign;
    rc = AN_CHAIN_ESINGULAR;
    if (gsl_linalg_LU_decomp(a, perm, &sign))
        goto done;
    for (int j = 0; j < n; j++)
        if (gsl_matrix_get(a, (size_t)j, (size_t)j) == 0)
            goto done;
    if (gsl_linalg_LU_solve(a, perm, b, x))
        goto done;
    for (int j = 0; j < n; j++)
        pi[j] = gsl_vector_get(x, (size_t)j);
    rc = AN_CHAIN_OK;
    /* sensitivity: kept to solve the same states with other rates */
    an_memo_keep_lu(sp->states, n, sp->len, &a, &perm);
done:
    gsl_permutation_free(perm);
    gsl_vector_free(x);
    gsl_vector_free(b);
    gsl_matrix_free(a);
    return rc;
}

/* Fills cond (2^n entries) from the stationary distribution pi. */
static int split_conditionals(const chain_space *sp, const double *pi, double *cond)
{
    const an_chain *c = sp->c;
    size_t nm = (size_t)1 << c->n;
    double *acc = calloc(2 * nm, sizeof *acc); /* P(mask), then P(up, mask) */
    if (!acc)
        return AN_CHAIN_ENOMEM;
    for (int k = 0; k < sp->n_states; k++) {
        const unsigned char *s = sp->states + (size_t)k * sp->len;
        if (s[common_at(c)] != 0)
            continue;
        size_t mask = 0;
        for (int i = 0; i < c->n; i++)
            if (c->m[i].split && (s[2 * i] & (1u << (c->m[i].split - 1))))
                mask |= (size_t)1 << i;
        acc[mask] += pi[k];
        if (c->quorum ? s[2 * c->n] : ap_up(c, s))
            acc[nm + mask] += pi[k];
    }
    for (size_t k = 0; k < nm; k++) {
        double a = acc[k] > 0 ? acc[nm + k] / acc[k] : 0;
        cond[k] = a < 0 ? 0 : a > 1 ? 1 : a;
    }
    free(acc);
    return AN_CHAIN_OK;
}

static int chain_solve(const an_chain *c, double *availability, double *cond, double *loss,
                       int *n_states);

int analytic_chain_solve(const an_chain *c, double *availability, int *n_states)
{
    return chain_solve(c, availability, NULL, NULL, n_states);
}

int analytic_chain_split(const an_chain *c, double *cond, int *n_states)
{
    double a;
    return chain_solve(c, &a, cond, NULL, n_states);
}

int analytic_chain_loss(const an_chain *c, double *failovers, double *returns, int *n_states)
{
    double a, loss[2] = { 0, 0 };
    int rc = c->quorum ? AN_CHAIN_OK : chain_solve(c, &a, NULL, loss, n_states);
    *failovers = loss[0];
    *returns = loss[1];
    return rc;
}

static int chain_solve_fresh(const an_chain *c, double *availability, double *cond,
                             double *loss, int *n_states);

/* chain_solve_fresh, through this thread's memo when there is one.
   loss (active-passive, may be NULL): the rates of the loss events, by a
   failover then by a return, summed over the whole stationary distribution
   (not conditioned on the common parts); asked for, the chain is solved
   afresh (the memo keeps no loss rates). */
static int chain_solve(const an_chain *c, double *availability, double *cond, double *loss,
                       int *n_states)
{
    if (loss || c->n < 1 || c->n > AN_CHAIN_MAX_MEMBERS || c->n_common > AN_CHAIN_MAX_COMMON)
        return chain_solve_fresh(c, availability, cond, loss, n_states);
    for (int i = 0; i < c->n; i++)
        if (c->m[i].n_parts > AN_CHAIN_MAX_PARTS)
            return chain_solve_fresh(c, availability, cond, NULL, n_states);
    int rc, ns = n_states ? *n_states : 0;
    if (an_memo_lookup(c, &rc, availability, cond, n_states))
        return rc;
    rc = chain_solve_fresh(c, availability, cond, NULL, &ns);
    if (n_states)
        *n_states = ns;
    if (rc == AN_CHAIN_OK) /* failures are not kept: solved again */
        an_memo_store(c, rc, *availability, cond, ns);
    return rc;
}

static int chain_solve_fresh(const an_chain *c, double *availability, double *cond,
                             double *loss, int *n_states)
{
    if (c->n < 1 || c->n > AN_CHAIN_MAX_MEMBERS)
        return AN_CHAIN_ETOOBIG;
    for (int i = 0; i < c->n; i++)
        if (c->m[i].n_parts > AN_CHAIN_MAX_PARTS)
            return AN_CHAIN_ETOOBIG;
    chain_space sp;
    memset(&sp, 0, sizeof sp);
    sp.c = c;
    if (c->n_common > AN_CHAIN_MAX_COMMON)
        return AN_CHAIN_ETOOBIG;
    sp.len = 2 * c->n + (c->quorum ? 1 : 4) + 1;
    sp.det = -1;
    int detect = 0;
    for (int i = 0; i < c->n; i++)
        for (int p = 0; p < c->m[i].n_parts; p++)
            detect |= c->m[i].parts[p].detect_rate > 0;
    for (int k = 0; k < c->n_common; k++)
        detect |= c->common[k].detect_rate > 0;
    if (detect) {
        sp.det = sp.len;
        sp.len += c->n + 1;
    }
    sp.last = -1;
    if (loss && !c->quorum)
        sp.last = sp.len++;
    double *pi = NULL;
    int rc = space_rehash(&sp, 256);
    if (rc)
        goto done;

    /* the start: every member up and eligible (counting), the first member
       that is not held down active */
    unsigned char s0[MAXLEN];
    memset(s0, 0, sizeof s0);
    int first = -1;
    for (int i = 0; i < c->n; i++) {
        if (c->m[i].forced_down) {
            s0[2 * i] = 0xff;
        } else {
            s0[2 * i + 1] = 1;
            if (first < 0)
                first = i;
        }
    }
    if (first < 0) { /* every member held down: never up */
        *availability = 0;
        if (cond)
            memset(cond, 0, ((size_t)1 << c->n) * sizeof *cond);
        if (n_states)
            *n_states = 1;
        rc = AN_CHAIN_OK;
        goto done;
    }
    if (c->quorum) {
        s0[2 * c->n] = 1;
        quorum_settle(c, s0);
    } else {
        memset(s0 + 2 * c->n, NONE, 4);
        s0[2 * c->n + AP_ACT] = (unsigned char)first;
        if (sp.last >= 0)
            s0[sp.last] = (unsigned char)first;
    }
    rc = space_index(&sp, s0);
    if (rc < 0)
        goto done;
    for (int k = 0; k < sp.n_states && !sp.failed; k++) {
        unsigned char s[MAXLEN];
        memcpy(s, sp.states + (size_t)k * sp.len, (size_t)sp.len);
        sp.from = k;
        if (c->quorum)
            quorum_expand(&sp, s);
        else
            ap_expand(&sp, s);
        common_expand(&sp, s);
    }
    rc = sp.failed;
    if (rc)
        goto done;
    pi = malloc((size_t)sp.n_states * sizeof *pi);
    rc = AN_CHAIN_ENOMEM;
    if (!pi)
        goto done;
    rc = chain_stationary(&sp, pi);
    if (rc)
        goto done;
    double up = 0, common_up = 0;
    for (int k = 0; k < sp.n_states; k++) {
        const unsigned char *s = sp.states + (size_t)k * sp.len;
        if (s[common_at(c)] == 0)
            common_up += pi[k];
        if (c->quorum ? s[2 * c->n] : ap_up(c, s))
            up += pi[k];
    }
    if (common_up > 0)
        up /= common_up;
    *availability = up < 0 ? 0 : up > 1 ? 1 : up;
    if (cond && (rc = split_conditionals(&sp, pi, cond)))
        goto done;
    for (int k = 0; loss && k < sp.n_tr; k++)
        if (sp.tr[k].loss)
            loss[sp.tr[k].loss - 1] += pi[sp.tr[k].from] * sp.tr[k].rate;
    if (n_states)
        *n_states = sp.n_states;
done:
    free(pi);
    free(sp.states);
    free(sp.hash);
    free(sp.tr);
    return rc < 0 ? rc : AN_CHAIN_OK;
}
