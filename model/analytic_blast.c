/* model/analytic_blast.c — the analytic solver's blast radius
 * (docs/semantics.md, "Capacity figures"; docs/analytic.md, "Blast
 * radius"): per service, the rate of events in which one part's failure
 * takes exactly k of its members from serving to not serving.
 *
 * DESIGN. Parts are independent alternating renewal processes. A part p
 * fails 8760 / (E[up] + E[detect] + E[repair]) times a year, and at each
 * failure the other parts are in their steady state, independent of p.
 * With D_p the members of the service whose closure holds p, G the
 * services its members need up (the gate, analytic.c) and A1, A0 the
 * probabilities that G is up with p up and with p down, the failure takes
 * k members down with probability
 *   (A1 - A0) PB_all(k) + A0 PB_Dp(k),
 * where PB_X(k) is the probability that exactly k members of X serve
 * before the failure (given p up): a gate that falls takes every serving
 * member with it, one that stays up only D_p's (a monotone structure is up
 * with p down only if it is up with p up). Members' readiness is
 * independent of G when no part is in the closure of a counted member and
 * of a gate member; members are conditioned on the parts that two or more
 * of them share (a switch: at most AN_BLAST_MAX_SHARED of them); A0 = 0 and
 * A1 = A(G) / a_p when every member of a gate service needs p (p in
 * series); otherwise the gate's part is left out (approximate).
 * Each member's own instance part counts as a part too.
 */
#include "analytic_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AN_BLAST_MAX_SHARED 10
#define AN_BLAST_WORK_MAX 1e8

typedef struct blast_ctx {
    solver *sv;
    int s;              /* the service */
    int n;              /* its members */
    int np;             /* part numbers: 0 .. np (+ n_members pseudo parts) */
    int **parts;        /* per member of s: its closure's part numbers */
    int *n_parts;
    int *in_s;          /* per part: how many members of s hold it */
    unsigned char *in_gate; /* per part: 1 if a gate member holds it, 2 if
                               every member of some gate service does */
    int *shared;        /* parts held by two or more members of s */
    int n_shared;
    double *r;          /* per member: P(ready) */
    double *pb, *tmp;   /* n + 1 */
    int *list, n_list;  /* the parts marked in in_s or in_gate (reset after) */
} blast_ctx;

/* Scratch shared by every service: per part number. */
typedef struct blast_scratch {
    int *in_s, *gcount, *list, *buf, *glist;
    unsigned char *in_gate;
} blast_scratch;

/* The law of part number p (pseudo part np + m: member m's own instance). */
static int part_law(const blast_ctx *x, int p)
{
    const topology *t = x->sv->t;
    if (p >= x->np)
        return t->services[t->members[p - x->np].service].instance;
    return analytic_part_law(t, p);
}

static double part_avail(const blast_ctx *x, int p)
{
    int law = part_law(x, p);
    return law >= 0 ? law_availability(&x->sv->t->laws[law]) : 1;
}

/* Cycles per year of part p (0 if it never fails). */
static double part_frequency(const blast_ctx *x, int p)
{
    int law = part_law(x, p);
    if (law < 0)
        return 0;
    const topo_law *l = &x->sv->t->laws[law];
    double down = law_mean(&l->detect) + law_mean(&l->repair);
    if (!(down > 0))
        return 0;
    return 8760.0 / (law_mean(&l->fail) + down);
}

/* Member m's closure part numbers into out (room: its priv, shared and
 * one); returns how many. */
static int member_parts(const blast_ctx *x, int m, int *out)
{
    const solver *sv = x->sv;
    const topology *t = sv->t;
    const an_member *am = &sv->members[m];
    int n = 0;
    for (int i = 0; i < am->n_priv; i++)
        out[n++] = am->priv[i];
    for (int i = 0; i < am->n_shared; i++)
        out[n++] = sv->shared_part[am->shared[i]];
    int own = t->n_hosts + t->n_ccfs + m, listed = 0;
    for (int i = 0; i < n; i++)
        listed |= out[i] == own;
    if (!listed && t->services[am->service].instance >= 0)
        out[n++] = x->np + m; /* its instance, folded into q */
    return n;
}

static int holds(const blast_ctx *x, int i, int p)
{
    for (int k = 0; k < x->n_parts[i]; k++)
        if (x->parts[i][k] == p)
            return 1;
    return 0;
}

/* x->pb[k] = P(exactly k members serve before p fails, given p up), over
 * the members of s (all) or those holding p, conditioned on the shared
 * parts other than p. */
static void serving_before(blast_ctx *x, int p, int all)
{
    int n = x->n;
    for (int k = 0; k <= n; k++)
        x->pb[k] = 0;
    int q[AN_BLAST_MAX_SHARED], nq = 0;
    for (int i = 0; i < x->n_shared && nq < AN_BLAST_MAX_SHARED; i++)
        if (x->shared[i] != p)
            q[nq++] = x->shared[i];
    for (unsigned long st = 0; st < (1UL << nq); st++) {
        double w = 1;
        for (int j = 0; j < nq; j++) {
            double a = part_avail(x, q[j]);
            w *= (st >> j) & 1 ? 1 - a : a;
        }
        if (w == 0)
            continue;
        double *f = x->tmp;
        for (int k = 0; k <= n; k++)
            f[k] = 0;
        f[0] = 1;
        for (int i = 0; i < n; i++) {
            int mine = holds(x, i, p);
            if (!all && !mine)
                continue;
            double a = x->r[i] / (mine ? part_avail(x, p) : 1);
            for (int j = 0; j < nq && a > 0; j++)
                if (holds(x, i, q[j]))
                    a = (st >> j) & 1 ? 0 : a / part_avail(x, q[j]);
            for (int k = n; k >= 1; k--)
                f[k] = f[k] * (1 - a) + f[k - 1] * a;
            f[0] *= 1 - a;
        }
        for (int k = 0; k <= n; k++)
            x->pb[k] += w * f[k];
    }
}

/* Blast radius of service s into out[0 .. n) (out[k - 1]: size k); *why
 * gets why it is approximate (a static string) or stays NULL. Returns 0 or
 * -1 when out of memory. */
static int service_blast(solver *sv, int s, double *out, const char **why, blast_scratch *z)
{
    const topology *t = sv->t;
    const topo_service *ts = &t->services[s];
    int ns = t->n_services;
    blast_ctx x;
    memset(&x, 0, sizeof x);
    x.sv = sv;
    x.s = s;
    x.n = ts->n_hosts;
    x.np = t->n_hosts + t->n_ccfs + t->n_members;
    int total = x.np + t->n_members;
    int rc = -1;
    int *buf = z->buf, *gcount = z->gcount;
    x.in_s = z->in_s;
    x.in_gate = z->in_gate;
    x.list = z->list;
    x.parts = calloc((size_t)x.n + 1, sizeof *x.parts);
    x.n_parts = calloc((size_t)x.n + 1, sizeof *x.n_parts);
    x.shared = malloc(((size_t)total + 1) * sizeof *x.shared);
    x.r = malloc(((size_t)x.n + 1) * sizeof *x.r);
    x.pb = malloc(((size_t)x.n + 1) * sizeof *x.pb);
    x.tmp = malloc(((size_t)x.n + 1) * sizeof *x.tmp);
    if (!x.parts || !x.n_parts || !x.shared || !x.r || !x.pb || !x.tmp)
        goto done;
    for (int i = 0; i < x.n; i++) {
        int m = ts->first_member + i;
        int k = member_parts(&x, m, buf);
        x.parts[i] = malloc(((size_t)k + 1) * sizeof **x.parts);
        if (!x.parts[i])
            goto done;
        memcpy(x.parts[i], buf, (size_t)k * sizeof *buf);
        x.n_parts[i] = k;
        for (int j = 0; j < k; j++) {
            if (!x.in_s[buf[j]] && !x.in_gate[buf[j]])
                x.list[x.n_list++] = buf[j];
            if (x.in_s[buf[j]]++ == 1)
                x.shared[x.n_shared++] = buf[j];
        }
        x.r[i] = sv->members[m].q;
        for (int j = 0; j < sv->members[m].n_shared; j++)
            x.r[i] *= analytic_part_availability(t, sv->shared_part[sv->members[m].shared[j]]);
        if (sv->members[m].n_units)
            *why = "maintenance takes members down: its windows are left out";
    }
    if (x.n_shared > AN_BLAST_MAX_SHARED)
        *why = "more than 10 parts are shared between its members: the rest taken as "
               "independent";
    /* the gate: which parts its members hold, and which every member of a
       gate service holds (in series) */
    const unsigned char *gate = sv->gate + (size_t)s * ns;
    int n_glist = 0;
    for (int y = 0; y < ns; y++) {
        if (!gate[y])
            continue;
        const topo_service *gy = &t->services[y];
        if (!sv->svc[y].exact)
            *why = "a service its members need is approximate";
        for (int i = 0; i < gy->n_hosts; i++) {
            int m = gy->first_member + i;
            int k = member_parts(&x, m, buf);
            if (sv->members[m].n_units)
                *why = "maintenance takes members down: its windows are left out";
            for (int j = 0; j < k; j++) {
                if (!x.in_s[buf[j]] && !x.in_gate[buf[j]])
                    x.list[x.n_list++] = buf[j];
                x.in_gate[buf[j]] |= 1;
                if (gcount[buf[j]]++ == 0)
                    z->glist[n_glist++] = buf[j];
            }
        }
        for (int i = 0; i < n_glist; i++) {
            int p = z->glist[i];
            if (gcount[p] == gy->n_hosts && gy->n_hosts > 0)
                x.in_gate[p] |= 2;
            gcount[p] = 0;
        }
        n_glist = 0;
    }
    double ag = sv->counts[s].tot[0]; /* P(gate up) */
    double work = 0;
    for (int i = 0; i < x.n_list; i++) {
        int p = x.list[i];
        double f = part_frequency(&x, p);
        if (!(f > 0))
            continue;
        if (x.in_s[p] && x.in_gate[p])
            *why = "a part is needed both by its members and by the services they need: "
                   "taken as independent";
        double a = part_avail(&x, p), a1 = ag, a0 = ag;
        if (x.in_gate[p] & 2) {
            a1 = ag / a;
            a0 = 0;
        } else if (x.in_gate[p]) {
            *why = "failures of parts that only some members of the services it needs depend "
                   "on are left out of the gate";
        }
        work += (double)x.n * x.n * (1UL << (x.n_shared < AN_BLAST_MAX_SHARED ? x.n_shared
                                                                              : AN_BLAST_MAX_SHARED));
        if (work > AN_BLAST_WORK_MAX) {
            rc = 1;
            goto done;
        }
        if (a1 - a0 > 0) {
            serving_before(&x, p, 1);
            for (int k = 1; k <= x.n; k++)
                out[k - 1] += f * (a1 - a0) * x.pb[k];
        }
        if (x.in_s[p] && a0 > 0) {
            serving_before(&x, p, 0);
            for (int k = 1; k <= x.n; k++)
                out[k - 1] += f * a0 * x.pb[k];
        }
    }
    rc = 0;
done:
    for (int i = 0; i < x.n_list; i++) {
        x.in_s[x.list[i]] = 0;
        x.in_gate[x.list[i]] = 0;
    }
    for (int i = 0; x.parts && i < x.n; i++)
        free(x.parts[i]);
    free(x.parts);
    free(x.n_parts);
    free(x.shared);
    free(x.r);
    free(x.pb);
    free(x.tmp);
    return rc;
}

int analytic_blast_solve(solver *sv)
{
    const topology *t = sv->t;
    int ns = t->n_services;
    sv->blast = calloc((size_t)ns + 1, sizeof *sv->blast);
    sv->blast_reason = calloc((size_t)ns + 1, sizeof *sv->blast_reason);
    if (!sv->blast || !sv->blast_reason)
        return -1;
    int joint = analytic_uses_crews(t) || t->frozen_when_down;
    size_t total = (size_t)t->n_hosts + t->n_ccfs + 2 * (size_t)t->n_members + 2;
    blast_scratch z;
    z.in_s = calloc(total, sizeof *z.in_s);
    z.gcount = calloc(total, sizeof *z.gcount);
    z.list = malloc(total * sizeof *z.list);
    z.buf = malloc(total * sizeof *z.buf);
    z.glist = malloc(total * sizeof *z.glist);
    z.in_gate = calloc(total, 1);
    int rc = z.in_s && z.gcount && z.list && z.buf && z.glist && z.in_gate ? 0 : -1;
    for (int s = 0; s < ns && !rc; s++) {
        int n = t->services[s].n_hosts;
        sv->blast[s] = calloc((size_t)n + 1, sizeof **sv->blast);
        if (!sv->blast[s]) {
            rc = -1;
            break;
        }
        const char *why = NULL;
        int br = service_blast(sv, s, sv->blast[s], &why, &z);
        if (br < 0) {
            rc = -1;
            break;
        }
        if (br > 0) { /* past the work limit: not computed */
            free(sv->blast[s]);
            sv->blast[s] = NULL;
            continue;
        }
        if (!why && joint)
            why = "repair crews or frozen clocks are not taken into account (parts taken as "
                  "independent)";
        if (why && !(sv->blast_reason[s] = analytic_printf("%s", why)))
            rc = -1;
    }
    free(z.in_s);
    free(z.gcount);
    free(z.list);
    free(z.buf);
    free(z.glist);
    free(z.in_gate);
    return rc;
}
