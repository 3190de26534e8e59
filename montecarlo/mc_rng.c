/* montecarlo/mc_rng.c — the engine's generator: xoshiro256++ (Blackman and
 * Vigna, 2019) wrapped as a gsl_rng_type so that laws are drawn with gsl_ran_*,
 * and the derivation of one independent stream per (seed, trial) by splitmix64.
 */
#include <stdint.h>

#include "mc_int.h"

/* splitmix64's output function (Steele, Lea and Flood, 2014). */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void seed_state(mc_xoshiro *x, uint64_t seed, uint64_t trial)
{
    uint64_t a = seed, b = trial ^ 0x6A09E667F3BCC909ULL;
    uint64_t mix = splitmix64(&a) ^ (splitmix64(&b) * 0xD1342543DE82EF95ULL);
    for (int k = 0; k < 4; k++)
        x->s[k] = splitmix64(&mix);
    if (!(x->s[0] | x->s[1] | x->s[2] | x->s[3]))
        x->s[0] = 1;
}

static void xoshiro_set(void *state, unsigned long seed)
{
    seed_state(state, (uint64_t)seed, 0);
}

static unsigned long xoshiro_get(void *state)
{
    return (unsigned long)(mc_xoshiro_next(state) >> 32);
}

/* In [0, 1) with 53 random bits. */
static double xoshiro_get_double(void *state)
{
    return (double)(mc_xoshiro_next(state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256++", 0xffffffffUL, 0, sizeof(mc_xoshiro),
    xoshiro_set, xoshiro_get, xoshiro_get_double,
};

const gsl_rng_type *const mc_rng_xoshiro256pp = &xoshiro_type;

void mc_rng_seed_trial(gsl_rng *r, uint64_t seed, uint64_t trial)
{
    seed_state(r->state, seed, trial);
}
