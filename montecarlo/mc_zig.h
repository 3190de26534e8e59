/* montecarlo/mc_zig.h — the standard exponential by the ziggurat method
 * (issue 18; Marsaglia and Tsang 2000, J. Stat. Softw. 5(8); docs/engine.md
 * "Exponential draws"), from 64-bit words of the trial's xoshiro256++ stream.
 *
 * One word b gives the layer i (its low 8 bits) and a 53-bit uniform j (its
 * high 53 bits): when j < k[i] the point j w[i] lies under the density and is
 * the draw (one word, a load, a compare and a multiply, about 98% of draws);
 * otherwise mc_zig_exp_slow decides, exactly: layer 0 beyond r is the tail,
 * drawn as r + a fresh draw (the law is memoryless), and a point in a layer's
 * wedge is kept when a fresh uniform height falls under exp(-x), else the
 * whole draw starts again. The tables (mc_zig_tab.c) are generated once by
 * tools/gen-zig.c and committed as hexadecimal constants: the same on every
 * machine.
 */
#ifndef NINES_MC_ZIG_H
#define NINES_MC_ZIG_H

#include <stdint.h>

#include "mc_int.h"

#define MC_ZIG_N 256

typedef struct mc_zig_layer {
    uint64_t k; /* floor(2^53 x_{i+1} / x_i) */
    double w;   /* x_i 2^-53 */
} mc_zig_layer;

extern const mc_zig_layer mc_zig_layers[MC_ZIG_N];
extern const double mc_zig_f[MC_ZIG_N + 1]; /* exp(-x_i); x_N = 0 */

/* The draws that miss the fast path; b is the word that missed. */
double mc_zig_exp_slow(mc_xoshiro *x, uint64_t b);

/* One draw of the standard exponential (mean 1). */
static inline double mc_zig_exp(mc_xoshiro *x)
{
    uint64_t b = mc_xoshiro_next(x);
    const mc_zig_layer *l = &mc_zig_layers[b & (MC_ZIG_N - 1)];
    uint64_t j = b >> 11;
    if (j < l->k)
        return (double)j * l->w;
    return mc_zig_exp_slow(x, b);
}

#endif
