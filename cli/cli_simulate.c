/* cli/cli_simulate.c — one simulation with a command's options: the engine's
 * options from cli_sim (trials, seed, threads, mission, the headline view,
 * the transient times), the progress bar and the stop flag. It sits above
 * cli_common.c, cli_view.c and run_transient.c, so none of them calls back.
 */
#include "cli.h"

int cli_simulate(const cli_sim *o, const topology *t, const char *label, int attribute,
                 mc_result **out)
{
    cli_bar bar;
    mc_options mo = {0};
    cli_bar_init(&bar, label, o->quiet);
    mo.trials = o->trials;
    mo.seed = o->seed;
    mo.threads = o->threads;
    mo.mission = o->mission;
    mo.stop = cli_stop_flag();
    mo.progress = cli_progress;
    mo.progress_ctx = &bar;
    mo.attribute = attribute;
    mo.keep_trials = o->keep_trials; /* paired compare (Y16) */
    mo.keep_target = cli_view_target(t, o->view);
    cli_at_options(&o->at, &mo);
    mo.exp_sampler = o->exp_sampler; /* --exp-sampler (issue 18) */
    int rc = cli_rare_run(o->rare, t, &mo, out); /* --rare (issue 18) */
    cli_bar_done(&bar);
    return rc;
}
