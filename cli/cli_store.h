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

/* The command that reproduces a run: "nines run PATH --trials N --seed S"
 * (plus --mission when it differs from the file's). */
void cli_repro_command(char *buf, size_t len, const char *path, const mc_result *r,
                       double file_mission_hours);

/* The current time, UTC, ISO 8601 ("2026-11-28T12:00:00Z"). */
void cli_now_utc(char *buf, size_t len);

#endif
