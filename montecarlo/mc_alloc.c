/* montecarlo/mc_alloc.c — memory on whole cache lines (mc_int.h,
 * mc_alloc_lines): the lowest file of the engine, it calls nothing of ours.
 */
#include <stdlib.h>
#include <string.h>

#include "mc_int.h"

void *mc_alloc_lines(size_t n)
{
    size_t size = (n + MC_CACHE_LINE - 1) / MC_CACHE_LINE * MC_CACHE_LINE;
    void *p = aligned_alloc(MC_CACHE_LINE, size ? size : MC_CACHE_LINE);
    if (p)
        memset(p, 0, size ? size : MC_CACHE_LINE);
    return p;
}
