/* tests/test_mc_chunk_serial.c — a chunk as bytes (mc_chunk_serial, the
 * message between MPI ranks; docs/cluster.md). Every byte of every member
 * MC_CHUNK_FIELDS lists (mc_int.h) is filled with a pattern, packed, unpacked
 * into another slot and compared: a field the list carries but the
 * serializer lost, or an array the slot does not allocate, fails here. The
 * list itself is checked against struct mc_chunk at compile time
 * (mc_chunk.c), so a member added to mc_chunk without its line in the list
 * does not even build. Runs in the default build (no MPI needed). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../montecarlo/mc_int.h"

#define NT 3     /* targets */
#define NL 2     /* laws */
#define NLOSS 2  /* data-loss services */
#define NYB 37   /* years with downtime in the chunk */

static mc_model fake_model(void)
{
    mc_model m;
    memset(&m, 0, sizeof m);
    m.n_targets = NT;
    m.n_laws = NL;
    m.n_loss = NLOSS;
    return m;
}

/* Bytes a different pattern per call (xorshift), so no two fields look alike. */
static void fill(void *p, size_t bytes, uint32_t *x)
{
    unsigned char *b = p;
    for (size_t i = 0; i < bytes; i++) {
        *x ^= *x << 13;
        *x ^= *x >> 17;
        *x ^= *x << 5;
        b[i] = (unsigned char)(*x >> 7);
    }
}

static int slot(mc_chunk *c, const mc_model *m)
{
    if (mc_chunk_init(c, m->n_targets, m->n_laws))
        return -1;
    return mc_loss_chunk_init(c, m->n_loss);
}

#define FILL_A_LATER(T, name, count)
#define FILL_G_LATER(T, name, count, cap)

/* Fills every listed byte of c (n trials, NYB years) with a pattern; the
 * bytes the list sends. */
static size_t fill_chunk(mc_chunk *c, const mc_model *m, long long n_trials, uint32_t seed)
{
    size_t nt = (size_t)m->n_targets, nl = (size_t)m->n_laws, nloss = (size_t)m->n_loss, bytes = 0;
    uint32_t x = seed;
    c->ybins = realloc(c->ybins, NYB * sizeof *c->ybins);
    c->cap_ybins = NYB;
#define FILL_S(T, name)                                                                            \
    fill(&c->name, sizeof c->name, &x);                                                            \
    bytes += sizeof c->name;
#define NOTHING(T, name)
    MC_CHUNK_FIELDS(FILL_S, FILL_A_LATER, FILL_G_LATER, NOTHING)
    c->n = n_trials; /* the counts below depend on these two */
    c->n_ybins = NYB;
    size_t n = (size_t)c->n;
#define SKIP_S(T, name)
#define FILL_A(T, name, count)                                                                     \
    if ((size_t)(count) > 0) {                                                                     \
        CU_ASSERT_PTR_NOT_NULL_FATAL(c->name); /* the slot allocates every listed array */         \
        fill(c->name, (size_t)(count) * sizeof(T), &x);                                            \
    }                                                                                              \
    bytes += (size_t)(count) * sizeof(T);
#define FILL_G(T, name, count, cap) FILL_A(T, name, count)
    MC_CHUNK_FIELDS(SKIP_S, FILL_A, FILL_G, NOTHING)
    (void)nt, (void)nl, (void)nloss, (void)n;
    return bytes;
}
/* 1 if every listed byte of a and b is the same. */
static int same_chunk(const mc_chunk *a, const mc_chunk *b, const mc_model *m)
{
    size_t nt = (size_t)m->n_targets, nl = (size_t)m->n_laws, nloss = (size_t)m->n_loss;
    const mc_chunk *c = a;
    size_t n = (size_t)a->n;
    int same = 1;
#define SAME_S(T, name) same &= memcmp(&a->name, &b->name, sizeof a->name) == 0;
#define SAME_A(T, name, count)                                                                     \
    same &= (size_t)(count) == 0 || memcmp(a->name, b->name, (size_t)(count) * sizeof(T)) == 0;
#define SAME_G(T, name, count, cap) SAME_A(T, name, count)
#define SAME_L(T, name)
    MC_CHUNK_FIELDS(SAME_S, SAME_A, SAME_G, SAME_L)
    (void)nt, (void)nl, (void)nloss, (void)n, (void)c;
    return same;
}

static void round_trip(long long n_trials)
{
    mc_model m = fake_model();
    mc_chunk a, b;
    CU_ASSERT_EQUAL_FATAL(slot(&a, &m), 0);
    CU_ASSERT_EQUAL_FATAL(slot(&b, &m), 0);
    size_t bytes = fill_chunk(&a, &m, n_trials, 2463534242u);
    fill_chunk(&b, &m, MC_CHUNK, 88675123u); /* b holds other bytes everywhere */
    CU_ASSERT_FALSE(same_chunk(&a, &b, &m));
    free(b.ybins); /* and has no room for a's years */
    b.ybins = NULL;
    b.n_ybins = b.cap_ybins = 0;

    long long size = mc_chunk_serial(&a, &m, MC_CHUNK_SIZE, NULL);
    CU_ASSERT_EQUAL(size, (long long)bytes);
    unsigned char *buf = malloc((size_t)size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_EQUAL(mc_chunk_serial(&a, &m, MC_CHUNK_PACK, buf), size);
    CU_ASSERT_EQUAL(mc_chunk_serial(&b, &m, MC_CHUNK_UNPACK, buf), size);
    CU_ASSERT_TRUE(same_chunk(&a, &b, &m));
    CU_ASSERT_EQUAL(b.n, n_trials);
    CU_ASSERT_EQUAL(b.n_ybins, (size_t)NYB);
    CU_ASSERT_TRUE(b.cap_ybins >= (size_t)NYB);
    free(buf);
    mc_chunk_release(&a);
    mc_chunk_release(&b);
}

static void test_full_chunk_round_trips_every_byte(void)
{
    round_trip(MC_CHUNK);
}

/* The last chunk of a run: only its n trials' rows travel. */
static void test_part_chunk_round_trips_its_trials(void)
{
    round_trip(17);
}

/* A model without data-loss services: the loss array is NULL and sends nothing. */
static void test_no_loss_services_sends_no_loss_bytes(void)
{
    mc_model m = fake_model(), m0 = fake_model();
    m0.n_loss = 0;
    mc_chunk a, a0;
    CU_ASSERT_EQUAL_FATAL(slot(&a, &m), 0);
    CU_ASSERT_EQUAL_FATAL(slot(&a0, &m0), 0);
    CU_ASSERT_PTR_NULL(a0.loss);
    fill_chunk(&a, &m, MC_CHUNK, 1u);
    fill_chunk(&a0, &m0, MC_CHUNK, 1u);
    long long d = mc_chunk_serial(&a, &m, MC_CHUNK_SIZE, NULL) -
                  mc_chunk_serial(&a0, &m0, MC_CHUNK_SIZE, NULL);
    CU_ASSERT_EQUAL(d, (long long)(MC_CHUNK * NLOSS * MC_LOSS_VALS * sizeof(double)));
    mc_chunk_release(&a);
    mc_chunk_release(&a0);
}

/* Bytes that do not make a chunk (a trial count past MC_CHUNK) are refused. */
static void test_bad_trial_count_is_refused(void)
{
    mc_model m = fake_model();
    mc_chunk a;
    CU_ASSERT_EQUAL_FATAL(slot(&a, &m), 0);
    fill_chunk(&a, &m, MC_CHUNK, 7u);
    long long size = mc_chunk_serial(&a, &m, MC_CHUNK_SIZE, NULL);
    unsigned char *buf = malloc((size_t)size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    mc_chunk_serial(&a, &m, MC_CHUNK_PACK, buf);
    long long bad = MC_CHUNK + 1;
    memcpy(buf + sizeof(long long), &bad, sizeof bad); /* the scalars travel first: first, then n */
    CU_ASSERT_EQUAL(mc_chunk_serial(&a, &m, MC_CHUNK_UNPACK, buf), MC_EINVALID);
    free(buf);
    mc_chunk_release(&a);
}

static void add(CU_pSuite s)
{
    HARNESS_ADD(s, test_full_chunk_round_trips_every_byte);
    HARNESS_ADD(s, test_part_chunk_round_trips_its_trials);
    HARNESS_ADD(s, test_no_loss_services_sends_no_loss_bytes);
    HARNESS_ADD(s, test_bad_trial_count_is_refused);
}

int main(void)
{
    return harness_run("mc_chunk_serial", add);
}
