/* model/analytic_memo.c — memoisation of the solver's Markov chains across
 * the many solves of one sensitivity study (analytic_memo in topology.h,
 * docs/sensitivity.md, "Cost").
 *
 * DESIGN. A study solves the same design over and over with one law, one
 * delay or one maintenance entry changed. Most changes leave most chains as
 * they were: a chain is a function of its an_chain alone, so
 * - every solved chain's figures (availability, the split conditionals,
 *   the number of states, the return code) are kept under a key that is the
 *   an_chain's every field written out (an_memo_lookup / an_memo_store): a
 *   chain met again is not solved again, and its figures are the very same
 *   bits;
 * - a chain that did change (a law that enters it scaled) has, as long as no
 *   rate crosses zero, the same states and transitions with other rates.
 *   The dense LU factorization of the first chain solved on a state space is
 *   kept (an_memo_keep_lu); a later chain on the same states is solved by
 *   GMRES, right-preconditioned by that factorization (each step one sparse
 *   product, O(transitions), and two triangular solves, O(n^2), instead of
 *   a new O(n^3) factorization): a few dozen steps reach the residual of a
 *   dense solve. Its residual is then checked: above 1e-13 relative the
 *   chain is solved densely as before.
 *   tests/test_analytic_memo.c checks that the figures agree with a fresh
 *   dense solve to 1e-12 relative, on every change of a design with an
 *   active-passive VIP chain.
 * The memo in use is this thread's (analytic_memo_use): the simulation's
 * worker threads and every other caller of analytic_solve never see one, so
 * they solve exactly as before.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#define MEMO_MAX_RESULTS 8192
#define MEMO_LU_BYTES ((size_t)64 << 20) /* factorizations kept, at most */
#define GMRES_RESTART 40
#define GMRES_CYCLES 6

typedef struct memo_result {
    uint64_t hash;
    double *key;
    int key_len;
    int rc, n_states;
    double availability;
    double *cond; /* 2^n entries, NULL when the chain had none */
    int n_cond;
} memo_result;

typedef struct memo_lu {
    unsigned char *states; /* n x len bytes */
    int n, len;
    gsl_matrix *lu;
    gsl_permutation *perm;
} memo_lu;

struct analytic_memo {
    memo_result *res;
    int n_res, cap_res;
    memo_lu *lus;
    int n_lus;
    size_t lu_bytes;
    analytic_memo_stats stats;
};

static _Thread_local analytic_memo *current;

analytic_memo *analytic_memo_new(void)
{
    return calloc(1, sizeof(analytic_memo));
}

void analytic_memo_free(analytic_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_res; i++) {
        free(m->res[i].key);
        free(m->res[i].cond);
    }
    free(m->res);
    for (int i = 0; i < m->n_lus; i++) {
        free(m->lus[i].states);
        gsl_matrix_free(m->lus[i].lu);
        gsl_permutation_free(m->lus[i].perm);
    }
    free(m->lus);
    if (current == m)
        current = NULL;
    free(m);
}

analytic_memo *analytic_memo_use(analytic_memo *m)
{
    analytic_memo *old = current;
    current = m;
    return old;
}

analytic_memo_stats analytic_memo_get_stats(const analytic_memo *m)
{
    analytic_memo_stats z;
    memset(&z, 0, sizeof z);
    return m ? m->stats : z;
}

/* ---------- figures of whole chains ---------- */

static void put_part(double *k, int *n, const an_chain_part *p)
{
    k[(*n)++] = p->fail_rate;
    k[(*n)++] = p->repair_rate;
    k[(*n)++] = p->instance;
    k[(*n)++] = p->detect_rate;
}

/* Every field chain_solve reads, in order; returns the length. */
static int chain_key(const an_chain *c, double *k)
{
    int n = 0;
    k[n++] = c->quorum;
    k[n++] = c->n;
    for (int i = 0; i < c->n; i++) {
        const an_chain_member *m = &c->m[i];
        k[n++] = m->n_parts;
        k[n++] = m->forced_down;
        k[n++] = m->split;
        for (int p = 0; p < m->n_parts; p++)
            put_part(k, &n, &m->parts[p]);
    }
    k[n++] = c->n_common;
    for (int i = 0; i < c->n_common; i++)
        put_part(k, &n, &c->common[i]);
    k[n++] = c->need;
    k[n++] = c->rejoin_rate;
    k[n++] = c->bootstrap_rate;
    k[n++] = c->failover_rate;
    k[n++] = c->success;
    k[n++] = c->cold;
    k[n++] = c->resync_rate;
    return n;
}

#define KEY_MAX (12 + AN_CHAIN_MAX_MEMBERS * (3 + 4 * AN_CHAIN_MAX_PARTS) + \
                 4 * AN_CHAIN_MAX_COMMON)

static uint64_t key_hash(const double *k, int n)
{
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *b = (const unsigned char *)k;
    for (size_t i = 0; i < (size_t)n * sizeof *k; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Only chains whose members and parts are within the limits get here
 * (chain_solve checks them first). */
int an_memo_lookup(const an_chain *c, int *rc, double *availability, double *cond,
                   int *n_states)
{
    analytic_memo *m = current;
    if (!m)
        return 0;
    double k[KEY_MAX];
    int n = chain_key(c, k);
    uint64_t h = key_hash(k, n);
    for (int i = 0; i < m->n_res; i++) {
        const memo_result *r = &m->res[i];
        if (r->hash != h || r->key_len != n || memcmp(r->key, k, (size_t)n * sizeof *k))
            continue;
        if (cond && !r->cond)
            return 0; /* solved without its conditionals: solve again */
        *rc = r->rc;
        *availability = r->availability;
        if (cond)
            memcpy(cond, r->cond, (size_t)r->n_cond * sizeof *cond);
        if (n_states)
            *n_states = r->n_states;
        m->stats.hits++;
        return 1;
    }
    m->stats.misses++;
    return 0;
}

void an_memo_store(const an_chain *c, int rc, double availability, const double *cond,
                   int n_states)
{
    analytic_memo *m = current;
    if (!m || m->n_res >= MEMO_MAX_RESULTS)
        return;
    if (m->n_res == m->cap_res) {
        int cap = m->cap_res ? 2 * m->cap_res : 64;
        memo_result *nr = realloc(m->res, (size_t)cap * sizeof *nr);
        if (!nr)
            return; /* not kept: only slower */
        m->res = nr;
        m->cap_res = cap;
    }
    double k[KEY_MAX];
    int n = chain_key(c, k);
    memo_result r;
    memset(&r, 0, sizeof r);
    r.hash = key_hash(k, n);
    r.key_len = n;
    r.rc = rc;
    r.n_states = n_states;
    r.availability = availability;
    r.key = malloc((size_t)n * sizeof *k);
    if (!r.key)
        return;
    memcpy(r.key, k, (size_t)n * sizeof *k);
    if (cond) {
        r.n_cond = 1 << c->n;
        r.cond = malloc((size_t)r.n_cond * sizeof *cond);
        if (!r.cond) {
            free(r.key);
            return;
        }
        memcpy(r.cond, cond, (size_t)r.n_cond * sizeof *cond);
    }
    /* a later solve of the same chain with its conditionals replaces one
       without them */
    for (int i = 0; i < m->n_res; i++)
        if (m->res[i].hash == r.hash && m->res[i].key_len == n &&
            !memcmp(m->res[i].key, k, (size_t)n * sizeof *k)) {
            free(m->res[i].key);
            free(m->res[i].cond);
            m->res[i] = r;
            return;
        }
    m->res[m->n_res++] = r;
}

/* ---------- chains on a state space already factorized ---------- */

int an_memo_wants_lu(int n)
{
    analytic_memo *m = current;
    return m && m->lu_bytes + (size_t)n * (size_t)n * sizeof(double) <= MEMO_LU_BYTES;
}

static const memo_lu *find_lu(const analytic_memo *m, const unsigned char *states, int n,
                              int len)
{
    for (int i = 0; i < m->n_lus; i++) {
        const memo_lu *l = &m->lus[i];
        if (l->n == n && l->len == len && !memcmp(l->states, states, (size_t)n * (size_t)len))
            return l;
    }
    return NULL;
}

void an_memo_keep_lu(const unsigned char *states, int n, int len, gsl_matrix **lu,
                     gsl_permutation **perm)
{
    analytic_memo *m = current;
    if (!m || !an_memo_wants_lu(n) || find_lu(m, states, n, len))
        return;
    memo_lu *nl = realloc(m->lus, ((size_t)m->n_lus + 1) * sizeof *nl);
    if (!nl)
        return;
    m->lus = nl;
    memo_lu *l = &m->lus[m->n_lus];
    l->states = malloc((size_t)n * (size_t)len);
    if (!l->states)
        return;
    memcpy(l->states, states, (size_t)n * (size_t)len);
    l->n = n;
    l->len = len;
    l->lu = *lu;
    l->perm = *perm;
    *lu = NULL; /* the memo's now */
    *perm = NULL;
    m->n_lus++;
    m->lu_bytes += (size_t)n * (size_t)n * sizeof(double);
}

/* y = A x, A: Q^T with its last row replaced by ones. */
static void apply(const an_trans *tr, int n_tr, int n, const double *x, double *y)
{
    memset(y, 0, (size_t)n * sizeof *y);
    for (int k = 0; k < n_tr; k++) {
        double f = tr[k].rate * x[tr[k].from];
        y[tr[k].to] += f;
        y[tr[k].from] -= f;
    }
    double s = 0;
    for (int j = 0; j < n; j++)
        s += x[j];
    y[n - 1] = s;
}

static double norm2(const double *v, int n)
{
    double s = 0;
    for (int j = 0; j < n; j++)
        s += v[j] * v[j];
    return sqrt(s);
}

static double norm_inf(const double *v, int n)
{
    double s = 0;
    for (int j = 0; j < n; j++)
        s = fmax(s, fabs(v[j]));
    return s;
}

/* z = M^-1 v through the kept factorization (in place) */
static void precondition(const memo_lu *l, double *v)
{
    gsl_vector_view w = gsl_vector_view_array(v, (size_t)l->n);
    gsl_linalg_LU_svx(l->lu, l->perm, &w.vector);
}

/* Right-preconditioned restarted GMRES for A x = e_(n-1), x from M^-1 b.
 * Returns 1 with x when the residual is at a dense solve's level. */
static int gmres(const memo_lu *l, const an_trans *tr, int n_tr, double *x)
{
    int n = l->n, mr = GMRES_RESTART < n ? GMRES_RESTART : n;
    double *V = malloc((size_t)(mr + 1) * (size_t)n * sizeof *V);
    double *H = calloc((size_t)(mr + 1) * (size_t)mr, sizeof *H);
    double *r = malloc((size_t)n * sizeof *r), *w = malloc((size_t)n * sizeof *w);
    double cs[GMRES_RESTART], sn[GMRES_RESTART], g[GMRES_RESTART + 1], yv[GMRES_RESTART];
    int ok = 0;
    if (!V || !H || !r || !w)
        goto done;
    /* |A|_inf: the scale of a dense solve's residual */
    double a_norm = 0;
    {
        double *rs = calloc((size_t)n, sizeof *rs);
        if (!rs)
            goto done;
        for (int k = 0; k < n_tr; k++) {
            rs[tr[k].to] += fabs(tr[k].rate);
            rs[tr[k].from] += fabs(tr[k].rate);
        }
        rs[n - 1] = n;
        a_norm = norm_inf(rs, n);
        free(rs);
    }
    memset(x, 0, (size_t)n * sizeof *x);
    x[n - 1] = 1;
    precondition(l, x);
    for (int cycle = 0; cycle < GMRES_CYCLES; cycle++) {
        apply(tr, n_tr, n, x, r);
        for (int j = 0; j < n; j++)
            r[j] = -r[j];
        r[n - 1] += 1;
        double beta = norm2(r, n), target = 1e-16 * a_norm * norm_inf(x, n);
        if (norm_inf(r, n) <= target) {
            ok = 1;
            break;
        }
        for (int j = 0; j < n; j++)
            V[j] = r[j] / beta;
        memset(g, 0, sizeof g);
        g[0] = beta;
        int k = 0;
        for (; k < mr; k++) {
            double *vk = V + (size_t)k * n, *vn = V + (size_t)(k + 1) * n;
            memcpy(w, vk, (size_t)n * sizeof *w);
            precondition(l, w);
            apply(tr, n_tr, n, w, vn);
            for (int i = 0; i <= k; i++) { /* modified Gram-Schmidt */
                const double *vi = V + (size_t)i * n;
                double h = 0;
                for (int j = 0; j < n; j++)
                    h += vn[j] * vi[j];
                H[(size_t)i * mr + k] = h;
                for (int j = 0; j < n; j++)
                    vn[j] -= h * vi[j];
            }
            double hn = norm2(vn, n);
            H[(size_t)(k + 1) * mr + k] = hn;
            if (hn > 0)
                for (int j = 0; j < n; j++)
                    vn[j] /= hn;
            for (int i = 0; i < k; i++) { /* earlier rotations */
                double a = H[(size_t)i * mr + k], b = H[(size_t)(i + 1) * mr + k];
                H[(size_t)i * mr + k] = cs[i] * a + sn[i] * b;
                H[(size_t)(i + 1) * mr + k] = -sn[i] * a + cs[i] * b;
            }
            double a = H[(size_t)k * mr + k], b = H[(size_t)(k + 1) * mr + k];
            double d = hypot(a, b);
            cs[k] = d > 0 ? a / d : 1;
            sn[k] = d > 0 ? b / d : 0;
            H[(size_t)k * mr + k] = d;
            H[(size_t)(k + 1) * mr + k] = 0;
            g[k + 1] = -sn[k] * g[k];
            g[k] = cs[k] * g[k];
            if (fabs(g[k + 1]) <= 0.1 * target || !(hn > 0)) {
                k++;
                break;
            }
        }
        /* y = H^-1 g, x += M^-1 V y */
        for (int i = k - 1; i >= 0; i--) {
            double s = g[i];
            for (int j = i + 1; j < k; j++)
                s -= H[(size_t)i * mr + j] * yv[j];
            yv[i] = H[(size_t)i * mr + i] != 0 ? s / H[(size_t)i * mr + i] : 0;
        }
        memset(w, 0, (size_t)n * sizeof *w);
        for (int i = 0; i < k; i++) {
            const double *vi = V + (size_t)i * n;
            for (int j = 0; j < n; j++)
                w[j] += yv[i] * vi[j];
        }
        precondition(l, w);
        for (int j = 0; j < n; j++)
            x[j] += w[j];
    }
    if (!ok) { /* the last cycle's result, if good enough */
        apply(tr, n_tr, n, x, r);
        r[n - 1] -= 1;
        ok = norm_inf(r, n) <= 1e-13 * a_norm * norm_inf(x, n);
    }
done:
    free(V);
    free(H);
    free(r);
    free(w);
    return ok;
}

int an_memo_stationary(const unsigned char *states, int n, int len, const an_trans *tr,
                       int n_tr, double *pi)
{
    analytic_memo *m = current;
    if (!m || n < 2)
        return 0;
    const memo_lu *l = find_lu(m, states, n, len);
    if (!l)
        return 0;
    if (!gmres(l, tr, n_tr, pi)) {
        m->stats.dense_fallbacks++;
        return 0;
    }
    m->stats.iterative++;
    return 1;
}
