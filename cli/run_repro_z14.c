/* cli/run_repro_z14.c — what a stored run of issue 14 needs to be repeated:
 * the flags that change its figures (--at, --window, --until-failure,
 * --until-cap, --start steady) written back into the command that
 * reproduces it, and read back from the stored result by `rerun`.
 *
 * DESIGN. The stored result is the whole of what the flags were: store_z14
 * keeps the times (with their labels as written), the window, until_failure
 * with the cap it resolved to, and the start. The command writes each time
 * as its label (else in hours, %.17g: the same double back) and only what
 * differs from the defaults, so a plain run's command is unchanged.
 */
#include <stdio.h>
#include <string.h>

#include "cli_store.h"

/* Appends s to buf (len bytes); stops at the end, never overflows. */
static void add(char *buf, size_t len, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 < len)
        snprintf(buf + n, len - n, "%s", s);
}

size_t cli_repro_z14_room(const mc_result *r)
{
    return r->n_at > 0 ? 96 + (size_t)r->n_at * 40 : 24;
}

void cli_repro_z14(char *buf, size_t len, const mc_result *r)
{
    char w[64];
    if (r->n_at > 0) {
        add(buf, len, " --at ");
        for (int k = 0; k < r->n_at && k < MC_AT_MAX; k++) {
            const char *lb = r->at_label[k];
            int plain = lb && *lb && strlen(lb) < 32 && !strpbrk(lb, ", '\"\\$`;&|<>()");
            if (plain)
                snprintf(w, sizeof w, "%s%s", k ? "," : "", lb);
            else
                snprintf(w, sizeof w, "%s%.17gh", k ? "," : "", r->at[k]);
            add(buf, len, w);
        }
        if (r->window > 0) {
            snprintf(w, sizeof w, " --window %.17gh", r->window);
            add(buf, len, w);
        }
        if (r->until_failure) {
            add(buf, len, " --until-failure");
            if (r->until_cap > 0 && r->until_cap != 1000 * r->mission_hours) {
                snprintf(w, sizeof w, " --until-cap %.17gh", r->until_cap);
                add(buf, len, w);
            }
        }
    }
    if (r->start_steady)
        add(buf, len, " --start steady");
}

void cli_at_from_result(cli_at *a, const mc_result *r)
{
    memset(a, 0, sizeof *a);
    a->n = r->n_at > 0 && r->n_at <= MC_AT_MAX ? r->n_at : 0;
    for (int k = 0; k < a->n; k++) {
        a->at[k] = r->at[k];
        if (r->at_label[k] && strlen(r->at_label[k]) < sizeof a->label[k])
            memcpy(a->label[k], r->at_label[k], strlen(r->at_label[k]) + 1);
        else
            snprintf(a->label[k], sizeof a->label[k], "%.17gh", r->at[k]);
    }
    if (a->n > 0) {
        a->window = r->window;
        a->until_failure = r->until_failure;
        a->until_cap = r->until_failure ? r->until_cap : 0;
    }
    a->steady = r->start_steady;
}
