/* model/topo_replication.c — a service's data-loss keys: `replication` (mode
 * async with its `lag`, semi-sync or sync) and the split-brain keys of
 * `failover` (split-brain, split-brain-detect, split-brain-recovery), with
 * their defaults and every error located. The rules they feed are in
 * docs/semantics.md, "Data loss"; the decisions below are listed there too:
 *
 * - `replication` applies to active-passive and quorum services; a quorum
 *   service takes only `sync` (it commits on a majority: there is no active
 *   member whose unreplicated writes a move could lose).
 * - `lag` is required for async and refused for semi-sync and sync; it is a
 *   delay (a bare duration is fixed, 0 allowed).
 * - the split-brain keys live inside `failover` (a planned switchover never
 *   splits); written at the service level they are an error that says where
 *   they go. `split-brain-detect` and `split-brain-recovery` are delays
 *   (bare: fixed, 0 allowed), defaults 30 min and 1 h; given without
 *   `split-brain` they are an error (never used), as a maintenance's
 *   recovery without error.
 */
#include <stdio.h>
#include <string.h>

#include "model_int.h"

static const char *const repl_names[] = {"async", "semi-sync", "sync"};

static void set_fixed(law_dist *d, double hours)
{
    d->kind = LAW_FIXED;
    d->a = hours;
    d->b = 0;
}

/* The value of `mode` in replication map m at path: a topo_repl, or
 * REPL_NONE after an error. */
static topo_repl repl_mode(loader *L, ynode *m, ynode *mode_key_owner, const char *path)
{
    static const char *const keys[] = {"mode", "lag"};
    char p[640], sugg[160];
    ynode *mv = topo_yaml_map_get(m, "mode", NULL);
    if (!mv) {
        if (!topo_load_typo_of(m, "mode", keys, 2))
            topo_load_err(L, mode_key_owner, "missing 'mode' in %s (expected async, semi-sync or sync)", path);
        return REPL_NONE;
    }
    snprintf(p, sizeof p, "%s.mode", path);
    const char *s = topo_load_scalar(L, mv, p, "a replication mode");
    if (!s)
        return REPL_NONE;
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, repl_names[i]))
            return (topo_repl)(REPL_ASYNC + i);
    if (topo_suggest(s, repl_names, 3))
        topo_load_err(L, topo_yaml_deref(mv), "unknown replication mode '%s' in %s%s", s, path,
                      topo_suggest_text(s, repl_names, 3, sugg, sizeof sugg));
    else
        topo_load_err(L, topo_yaml_deref(mv), "unknown replication mode '%s' in %s (expected async, semi-sync or sync)",
                      s, path);
    return REPL_NONE;
}

/* `split-brain`, `split-brain-detect` and `split-brain-recovery` written in
 * the service's own map v (path services.NAME): each is an error naming
 * where it belongs. */
static void misplaced(loader *L, ynode *v, const char *path)
{
    static const char *const keys[] = {"split-brain", "split-brain-detect", "split-brain-recovery"};
    for (int i = 0; i < 3; i++) {
        ynode *k = NULL;
        if (topo_yaml_map_get(v, keys[i], &k))
            topo_load_err(L, k, "'%s' belongs in the failover of %s (write it as %s.failover.%s)", keys[i],
                          path, path, keys[i]);
    }
}

void topo_load_replication(loader *L, topo_service *sv, ynode *v, int mode, const char *path)
{
    static const char *const keys[] = {"mode", "lag"};
    char p[560];
    sv->repl_mode = REPL_NONE;
    set_fixed(&sv->repl_lag, 0);
    sv->split_brain = 0;
    set_fixed(&sv->split_brain_detect, 0.5);
    set_fixed(&sv->split_brain_recovery, 1.0);
    misplaced(L, v, path);

    ynode *rk = NULL, *rv = topo_yaml_map_get(v, "replication", &rk);
    if (!rv)
        return;
    if (mode == MODE_SINGLE || mode == MODE_ACTIVE_ACTIVE) {
        topo_load_err(L, rk, "'replication' applies only to active-passive and quorum services (%s is %s)", path,
                      topo_mode_name((topo_mode)mode));
        return;
    }
    snprintf(p, sizeof p, "%s.replication", path);
    ynode *m = topo_yaml_deref(rv);
    if (!m || m->type != Y_MAP) {
        topo_load_err(L, m ? m : rk, "%s is %s (expected a mapping such as {mode: async, lag: 1s} or {mode: sync})",
                      p, m ? topo_load_type_name(m) : "empty");
        return;
    }
    topo_load_check_keys(L, m, p, keys, 2);
    topo_repl r = repl_mode(L, m, rk, p);
    ynode *lk = NULL, *lv = topo_yaml_map_get(m, "lag", &lk);
    if (r == REPL_NONE)
        return;
    if (mode == MODE_QUORUM && r != REPL_SYNC) {
        topo_load_err(L, topo_yaml_deref(topo_yaml_map_get(m, "mode", NULL)),
                      "replication mode '%s' in %s does not fit a quorum service (it commits on a majority: expected sync)",
                      repl_names[r - REPL_ASYNC], p);
        return;
    }
    if (r == REPL_ASYNC && !lv) {
        topo_load_err(L, rk, "missing 'lag' in %s (async loses the writes of its lag at each failover: e.g. lag: 1s, or a law)",
                      p);
        return;
    }
    if (r != REPL_ASYNC && lv) {
        topo_load_err(L, lk, "'lag' applies only to async replication (%s is %s: it loses nothing)", p,
                      repl_names[r - REPL_ASYNC]);
        return;
    }
    if (lv) {
        char lp[600];
        snprintf(lp, sizeof lp, "%s.lag", p);
        if (topo_load_dist(L, lv, lp, 0, 1, &sv->repl_lag))
            return;
    }
    sv->repl_mode = r;
}

void topo_load_split_brain(loader *L, topo_service *sv, ynode *fm, const char *path)
{
    static const char *const delays[] = {"split-brain-detect", "split-brain-recovery"};
    law_dist *slots[] = {&sv->split_brain_detect, &sv->split_brain_recovery};
    char p[600];
    ynode *sk = NULL, *sb = topo_yaml_map_get(fm, "split-brain", &sk);
    if (sb) {
        snprintf(p, sizeof p, "%s.split-brain", path);
        topo_load_ratio(L, sb, "split-brain", p, 0, "0.5% or 0.005", &sv->split_brain);
    }
    for (int i = 0; i < 2; i++) {
        ynode *dk = NULL, *dv = topo_yaml_map_get(fm, delays[i], &dk);
        if (!dv)
            continue;
        if (!sb) {
            topo_load_err(L, dk, "'%s' in %s without 'split-brain' (it would never be used: add e.g. split-brain: 0.5%%)",
                          delays[i], path);
            continue;
        }
        snprintf(p, sizeof p, "%s.%s", path, delays[i]);
        topo_load_dist(L, dv, p, 0, 1, slots[i]);
    }
}
