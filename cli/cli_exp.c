/* cli/cli_exp.c — `--exp-sampler ziggurat|inverse` (issue 18;
 * docs/exp-sampler.md): how the engine draws exponential laws, and how the
 * JSON, the reproduce command and the stored options say so.
 *
 * ziggurat (the default): Marsaglia and Tsang's ziggurat (montecarlo/mc_zig.h).
 * inverse: the inverse transform -mean log(1 - u) that every run stored before
 * issue 18 used; rerun picks it from the store so those runs still repeat bit
 * for bit. Both samplers are exact; the same seed gives different histories.
 */
#include <string.h>

#include "cli.h"

int cli_set_exp_sampler(void *dest, const char *flag, const char *value)
{
    int *e = dest;
    if (!strcmp(value, "ziggurat"))
        *e = MC_EXP_ZIGGURAT;
    else if (!strcmp(value, "inverse"))
        *e = MC_EXP_INVERSE;
    else {
        cli_error("%s takes ziggurat or inverse (got '%s')", flag, value);
        return -1;
    }
    return 0;
}

const char *cli_exp_name(int sampler)
{
    return sampler == MC_EXP_INVERSE ? "inverse" : "ziggurat";
}

int cli_exp_json(json_t *o, const mc_result *r)
{
    return json_object_set_new(o, "exp_sampler", cli_json_text(cli_exp_name(r->exp_sampler)));
}
