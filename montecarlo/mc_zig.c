/* montecarlo/mc_zig.c — the ziggurat's slow path (mc_zig.h): the tail
 * beyond r and the wedges, both exact. */
#include <math.h>

#include "mc_zig.h"

double mc_zig_exp_slow(mc_xoshiro *x, uint64_t b)
{
    /* the tail: r (= x_1) once per pass beyond it, by memorylessness */
    double r = 0x1.0p53 * mc_zig_layers[1].w, shift = 0;
    for (;;) {
        unsigned i = (unsigned)(b & (MC_ZIG_N - 1));
        uint64_t j = b >> 11;
        const mc_zig_layer *l = &mc_zig_layers[i];
        if (j < l->k)
            return shift + (double)j * l->w;
        if (i == 0) {
            shift += r; /* beyond r in layer 0: the tail, r + a fresh draw */
        } else {
            /* the wedge of layer i: x in [x_{i+1}, x_i), height uniform in
               [f(x_i), f(x_{i+1})); kept under the density */
            double xv = (double)j * l->w;
            double u = (double)(mc_xoshiro_next(x) >> 11) * 0x1.0p-53;
            double y = mc_zig_f[i] + u * (mc_zig_f[i + 1] - mc_zig_f[i]);
            if (y < exp(-xv))
                return shift + xv;
        }
        b = mc_xoshiro_next(x);
    }
}
