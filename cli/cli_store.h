/* cli/cli_store.h — private to the store's commands (cli_store.c, history,
 * show, report): opening the store with errors printed for people, and the
 * command that reproduces a run. */
#ifndef NINES_CLI_STORE_H
#define NINES_CLI_STORE_H

#include <stddef.h>

#include "../data/store.h"
#include "cli.h"

/* Prints "nines: error: MESSAGE (FIX)" for a store failure: the store's
 * message (naming the file) and what to do about it. */
void cli_store_error(const store *s, int code);

/* Opens the store at path in mode (STORE_READWRITE / STORE_READONLY),
 * printing what went wrong; returns the store or NULL. */
store *cli_store_open(const char *path, int mode);
/* The stored run ID that command cmd (show, rerun) was given: 0, or -1 after
 * saying what is wrong (none given, or not a positive integer). */
int cli_run_id(const char *cmd, const char *text, long long *id);

/* The command that reproduces run r of topology t (loaded from path):
 * "nines run PATH --trials N --seed S", plus --mission when it differs from
 * the file's and the transient flags it ran with (--at, --window,
 * --until-failure, --until-cap, --start steady: cli_repro_z14); a topology loaded with --set overrides (a sweep's point) gives
 * "nines sweep PATH --set PATH=VALUE ... --trials N --seed S", a one-point
 * sweep that draws the same numbers. Words are quoted for a POSIX shell.
 * Returns a malloc'ed string, or NULL when out of memory. */
char *cli_repro_command(const char *path, const topology *t, const mc_result *r);

/* The `options` stored with run r of t: "trials=N seed=S threads=T
 * mission=Hh", then a line "set PATH=VALUE" per override (malloc'ed, or
 * NULL when out of memory). */
char *cli_run_options(const topology *t, const mc_result *r);

/* The overrides recorded in stored options (the "set PATH=VALUE" lines),
 * as load options: *set is malloc'ed (free it and *buf), pointing into *buf.
 * Returns the count (0: none, *set and *buf NULL) or -1 when out of memory. */
int cli_options_overrides(const char *options, topo_set **set, char **buf);

/* The design of stored run m, loaded from the files kept with it only
 * (topo_load_sources with the run's overrides; never the disk). A run
 * stored before schema 4 kept only its main text: an include it names was
 * not kept (and is not read). Returns the topology (free with topo_free),
 * or NULL with the reason in why (n bytes); *status (may be NULL) gets
 * EXIT_BADINPUT or EXIT_RUNTIME (out of memory). */
topology *cli_stored_design(const store_meta *m, char *why, size_t n, int *status);

/* The sources of stored run m: m->sources, or for a run stored before
 * schema 4 one source made of its main text (into *one); n gets their
 * number (0: nothing kept). */
const topo_source *cli_stored_sources(const store_meta *m, topo_source *one, int *n);

/* ---- issue 14: the transient flags of a stored run (run_repro_z14.c) ---- */
/* Bytes cli_repro_z14 may append for r. */
size_t cli_repro_z14_room(const mc_result *r);
/* Appends to buf (len bytes, NUL-terminated) the flags that made r's
 * transient figures and start: " --at 168h,1y --window 12h --until-failure
 * --until-cap Dh --start steady", each only when not the default. */
void cli_repro_z14(char *buf, size_t len, const mc_result *r);
/* The options that give stored run r again (its times, window, until-failure
 * with the cap it ran with, and start). */
void cli_at_from_result(cli_at *a, const mc_result *r);

#endif
