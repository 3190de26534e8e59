/* tests/test_mc_analytic.c — the engine against the analytic solver: on
 * every shipped example (topologies/examples/) and on 40 topologies drawn by
 * the generator below (fixed seeds; every mode, shared hosts, host needs,
 * service needs, views), wherever the solver says its figure is exact, the
 * simulated availability of the system, every service and every view is
 * within 4 standard errors of it. Missions are long against every repair and
 * delay, so the start-up effect is far below one standard error. On the
 * shipped OpenStack and MySQL designs, approximate figures too must stay
 * within 6 standard errors (docs/analytic.md gives each design's gap; (c)
 * was 23 standard errors off before its shared controllers went into the
 * chains); a design with operations is compared through its -failures-only
 * variant. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "harness.h"
#include "test_mc_util.h"

#define EXAMPLES "topologies/examples"
#define N_RANDOM 40

/* 1 if figure f has seen enough outages for its standard error to mean
 * something (the threshold of the warning of `nines run`). A design whose
 * unavailability is 1e-9 shows no outage at all in any affordable run: its
 * standard error is 0 and no 4-standard-error check can be made. */
static int enough_outages(const mc_figures *f)
{
    return f->outages >= 30;
}

/* Compares every exact figure with enough outages; returns the number of
 * figures compared, or -1 if one is off. */
static int compare(const topology *t, long long trials, uint64_t seed, const char *label)
{
    analytic_result *a = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &a), 0);
    mc_result *r = mc_test_run(t, trials, seed, 4, 0);
    if (!r) {
        analytic_result_free(a);
        return -1;
    }
    int n = 0, ok = 1;
    char what[1200];
    if (a->system.exact && enough_outages(&r->system)) {
        snprintf(what, sizeof what, "%s system", label);
        ok &= mc_test_within(what, &r->system, a->system.availability);
        n++;
    }
    for (int s = 0; s < t->n_services; s++)
        if (a->services[s].exact && enough_outages(&r->services[s])) {
            snprintf(what, sizeof what, "%s service %s", label, t->services[s].name);
            ok &= mc_test_within(what, &r->services[s], a->services[s].availability);
            n++;
        }
    for (int v = 0; v < t->n_views; v++)
        if (a->views[v].exact && enough_outages(&r->views[v])) {
            snprintf(what, sizeof what, "%s view %s", label, t->views[v].name);
            ok &= mc_test_within(what, &r->views[v], a->views[v].availability);
            n++;
        }
    mc_result_free(r);
    analytic_result_free(a);
    return ok ? n : -1;
}

/* Calls fn on every .yaml design of dir (loaded; a file that does not load is
 * a failure); returns the sum of what fn returns (figures compared, or -1 for
 * a design off), or -1 if dir does not exist (errno set). */
static int each_design(const char *dir, int (*fn)(const topology *t, const char *path),
                       int *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int figures = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        topology *t = mc_test_load_file(path);
        CU_ASSERT_PTR_NOT_NULL(t);
        if (!t)
            continue;
        int n = fn(t, path);
        CU_ASSERT(n >= 0);
        figures += n > 0 ? n : 0;
        ++*files;
        topo_free(t);
    }
    closedir(d);
    return figures;
}

static int compare_example(const topology *t, const char *path)
{
    return compare(t, 2000, 1234, path);
}

static void test_examples(void)
{
    int files = 0, figures = each_design(EXAMPLES, compare_example, &files);
    if (figures < 0) {
        CU_ASSERT_EQUAL(errno, ENOENT); /* not shipped yet: nothing to compare */
        fprintf(stderr, "\n  note: %s is absent, examples skipped\n", EXAMPLES);
        return;
    }
    fprintf(stderr, "\n  %d examples, %d figures compared\n", files, figures);
    CU_ASSERT(files > 0); /* the folder exists: it must hold examples */
    CU_ASSERT(figures > 0);
}

/* 1 if t uses an operations key (maintenance, a common cause, a law with
 * detect). Such a shipped design is not compared here: when it was added the
 * engine did not play operations yet, and the solver's operations figures
 * are approximations checked on their own (test_model_ops_analytic). Each
 * has a -failures-only variant, which is compared. Integrator: drop this
 * skip once the engine plays operations and the gaps are known. */
static int uses_operations(const topology *t)
{
    int ops = t->n_maint > 0 || t->n_ccfs > 0;
    for (int i = 0; i < t->n_laws && !ops; i++)
        ops = !law_is_none(&t->laws[i].detect);
    return ops;
}

/* A shipped design: exact figures within 4 standard errors, approximate ones
 * within 6 (system and services). Returns the figures compared. */
static int compare_shipped(const topology *t, const char *path)
{
    if (uses_operations(t))
        return 0;
    analytic_result *a = NULL;
    CU_ASSERT_EQUAL_FATAL(analytic_solve(t, &a), 0);
    mc_result *r = mc_test_run(t, 4000, 5, 4, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int figures = 0;
    for (int s = -1; s < t->n_services; s++) {
        const mc_figures *f = s < 0 ? &r->system : &r->services[s];
        const analytic_figure *g = s < 0 ? &a->system : &a->services[s];
        if (!enough_outages(f))
            continue;
        double z = (g->availability - f->availability) / f->std_error;
        double allow = g->exact ? 4 : 6;
        if (!(fabs(z) <= allow))
            fprintf(stderr, "\n  %s %s: analytic %.10f (%s), simulated %.10f, %.1f standard errors\n",
                    path, s < 0 ? "system" : t->services[s].name, g->availability,
                    g->exact ? "exact" : "approximate", f->availability, z);
        CU_ASSERT(fabs(z) <= allow);
        figures++;
    }
    mc_result_free(r);
    analytic_result_free(a);
    return figures;
}

static void test_shipped_designs(void)
{
    int files = 0;
    int n = each_design("topologies/openstack", compare_shipped, &files);
    int m = each_design("topologies/mysql", compare_shipped, &files);
    CU_ASSERT(n > 0 && m > 0);
    fprintf(stderr, "\n  %d figures of %d shipped designs compared\n", n + m, files);
    CU_ASSERT(n + m >= 40);
}

/* ---------- the generator ---------- */

typedef struct text {
    char buf[16384];
    size_t n;
} text;

static void put(text *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(x->buf + x->n, sizeof x->buf - x->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        x->n += (size_t)k;
    if (x->n >= sizeof x->buf)
        x->n = sizeof x->buf - 1;
}

static double uniform(gsl_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gsl_rng_uniform(r);
}

static int pick(gsl_rng *r, int n)
{
    return (int)gsl_rng_uniform_int(r, (unsigned long)n);
}

/* An exponential failure/repair pair. */
static void put_law(text *x, gsl_rng *r, double fail_lo, double fail_hi)
{
    put(x, "{ fail: %.1fh, repair: %.2fh }", uniform(r, fail_lo, fail_hi), uniform(r, 0.5, 12));
}

/* Chooses k distinct hosts out of n into out (in increasing order). */
static void choose(gsl_rng *r, int n, int k, int *out)
{
    int idx[16];
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + pick(r, n - i);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
    }
    for (int i = 0; i < k; i++)
        out[i] = idx[i];
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
            int tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
}

/* Topology number k: 3 to 6 hosts (most fail, some need an earlier one),
 * 2 to 4 services cycling through the four modes (starting at mode k % 4),
 * service needs on earlier services, a system list, 0 to 2 views. */
static void generate(int k, text *x)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1000 + (unsigned long)k);
    int nh = 3 + pick(r, 4), ns = 2 + pick(r, 3);
    x->n = 0;
    put(x, "format: nines/1\nname: random %d\nmission: 15y\nhosts:\n", k);
    for (int h = 0; h < nh; h++) {
        int has_law = gsl_rng_uniform(r) < 0.75;
        put(x, "  h%d: {", h);
        if (has_law) {
            put(x, " profile: ");
            put_law(x, r, 800, 6000);
        }
        if (h > 0 && gsl_rng_uniform(r) < 0.3)
            put(x, "%s needs: [h%d]", has_law ? "," : "", pick(r, h));
        put(x, " }\n");
    }
    put(x, "services:\n");
    for (int s = 0; s < ns; s++) {
        int mode = (k + s) % 4, n, hosts[16];
        static const char *names[] = {"single", "active-active", "quorum", "active-passive"};
        n = mode == 0 ? 1 : 2 + pick(r, nh - 1 < 3 ? nh - 1 : 3);
        if (n > nh)
            n = nh;
        choose(r, nh, n, hosts);
        put(x, "  s%d:\n    mode: %s\n    hosts: [", s, names[mode]);
        for (int i = 0; i < n; i++)
            put(x, "%sh%d", i ? ", " : "", hosts[i]);
        put(x, "]\n");
        if (gsl_rng_uniform(r) < 0.85) {
            put(x, "    instance: ");
            put_law(x, r, 300, 3000);
            put(x, "\n");
        }
        if (mode == 1)
            put(x, "    need: %d\n", 1 + pick(r, n));
        if (mode == 2) {
            if (gsl_rng_uniform(r) < 0.5)
                put(x, "    rejoin: { dist: exponential, mean: %.1fm }\n", uniform(r, 5, 60));
            if (gsl_rng_uniform(r) < 0.5)
                put(x, "    bootstrap: { dist: exponential, mean: %.1fm }\n", uniform(r, 10, 120));
        }
        if (mode == 3) {
            double u = gsl_rng_uniform(r);
            if (u < 0.4)
                put(x, "    failover: { time: { dist: exponential, mean: %.1fm }, success: %.1f%% }\n",
                    uniform(r, 1, 30), uniform(r, 85, 100));
            else if (u < 0.6)
                put(x, "    failover: { success: %.1f%% }\n", uniform(r, 85, 100));
            if (gsl_rng_uniform(r) < 0.25)
                put(x, "    standby: cold\n");
            if (gsl_rng_uniform(r) < 0.25)
                put(x, "    resync: { dist: exponential, mean: %.1fm }\n", uniform(r, 5, 60));
        }
        if (s > 0 && gsl_rng_uniform(r) < 0.35)
            put(x, "    needs: [s%d]\n", pick(r, s));
    }
    /* the system: every service with probability 0.7 (at least one) */
    put(x, "system: [s%d", ns - 1);
    for (int s = 0; s < ns - 1; s++)
        if (gsl_rng_uniform(r) < 0.7)
            put(x, ", s%d", s);
    put(x, "]\n");
    int nv = pick(r, 3);
    if (nv) {
        put(x, "views:\n");
        for (int v = 0; v < nv; v++) {
            int a = pick(r, ns), b = pick(r, ns);
            if (a == b)
                put(x, "  v%d: [s%d]\n", v, a);
            else
                put(x, "  v%d: [s%d, s%d]\n", v, a, b);
        }
    }
    gsl_rng_free(r);
}

static void test_random_topologies(void)
{
    int compared = 0, figures = 0, modes_seen[4] = {0};
    text x;
    for (int k = 0; k < N_RANDOM; k++) {
        char label[64];
        generate(k, &x);
        snprintf(label, sizeof label, "random-%d.yaml", k);
        topology *t = mc_test_load_text(x.buf, label);
        CU_ASSERT_PTR_NOT_NULL(t);
        if (!t)
            continue;
        int n = compare(t, 400, 4242 + (uint64_t)k, label);
        if (n < 0)
            fprintf(stderr, "  (topology of the failure:)\n%s\n", x.buf);
        CU_ASSERT(n >= 0);
        if (n > 0) {
            compared++;
            figures += n;
            for (int s = 0; s < t->n_services; s++)
                modes_seen[t->services[s].mode]++;
        }
        topo_free(t);
    }
    fprintf(stderr, "\n  %d of %d generated topologies compared (%d figures)\n", compared, N_RANDOM, figures);
    CU_ASSERT(compared >= 20);
    for (int m = 0; m < 4; m++)
        CU_ASSERT(modes_seen[m] > 0);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_examples);
    HARNESS_ADD(s, test_random_topologies);
    HARNESS_ADD(s, test_shipped_designs);
}

int main(void)
{
    return harness_run("mc_analytic", add);
}
