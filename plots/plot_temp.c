/* plots/plot_temp.c — the temporary files and gnuplot children of drawings
 * in progress, so that a process that must exit at once (a second Ctrl-C)
 * can remove and kill them from its signal handler (plot.h, plot_abandon).
 *
 * DESIGN. The one global of plots/, and it must be one: plot_abandon runs in
 * a signal handler, which receives no context, so what it cleans up has to be
 * reachable from a static table (a per-call list would be invisible to it).
 * A fixed table, no allocation: a slot is claimed with a
 * compare-and-swap on its state (several threads may draw at once), filled,
 * then published (READY); untracking takes a ready slot back the same way
 * before reading it. plot_abandon, called from a signal handler, reads only
 * ready slots and calls only unlink(2) and kill(2), which are
 * async-signal-safe. A path too long for a slot, or a full table, is simply
 * not tracked: the file is then removed by the normal path only.
 */
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"

enum { N_SLOTS = 16, FREE = 0, FILLING = 1, READY = 2 };

static struct {
    atomic_int state;
    char path[PATH_MAX];
    pid_t child; /* 0: a file */
} slots[N_SLOTS];

static int claim(void)
{
    for (int i = 0; i < N_SLOTS; i++) {
        int expect = FREE;
        if (atomic_compare_exchange_strong(&slots[i].state, &expect, FILLING))
            return i;
    }
    return -1;
}

void plot_temp_track(const char *path)
{
    if (!path || strlen(path) >= PATH_MAX)
        return;
    int i = claim();
    if (i < 0)
        return;
    strcpy(slots[i].path, path);
    slots[i].child = 0;
    atomic_store(&slots[i].state, READY);
}

/* Frees the first ready slot that `mine` says is the one: each slot is taken
 * (READY -> FILLING) before it is read, so a slot another thread is filling
 * is never read; one that is not ours is put back. A slot busy during the
 * scan may be ours, held for a moment by a thread looking for its own: the
 * scan is then made again until ours is found or no slot was busy. */
static void release_first(int (*mine)(int i, const void *key), const void *key)
{
    for (;;) {
        int busy = 0;
        for (int i = 0; i < N_SLOTS; i++) {
            int expect = READY;
            if (!atomic_compare_exchange_strong(&slots[i].state, &expect, FILLING)) {
                busy |= expect == FILLING;
                continue;
            }
            if (mine(i, key)) {
                slots[i].path[0] = '\0';
                slots[i].child = 0;
                atomic_store(&slots[i].state, FREE);
                return;
            }
            atomic_store(&slots[i].state, READY);
        }
        if (!busy)
            return; /* not tracked (a full table skipped it) */
    }
}

static int is_path(int i, const void *key)
{
    return !slots[i].child && !strcmp(slots[i].path, key);
}

static int is_child(int i, const void *key)
{
    return slots[i].child == *(const pid_t *)key;
}

void plot_temp_untrack(const char *path)
{
    if (path)
        release_first(is_path, path);
}

void plot_child_track(pid_t pid)
{
    int i = claim();
    if (i < 0)
        return;
    slots[i].path[0] = '\0';
    slots[i].child = pid;
    atomic_store(&slots[i].state, READY);
}

void plot_child_untrack(pid_t pid)
{
    if (pid > 0)
        release_first(is_child, &pid);
}

void plot_abandon(void)
{
    for (int i = 0; i < N_SLOTS; i++) {
        if (atomic_load(&slots[i].state) != READY)
            continue;
        if (slots[i].child > 0)
            kill(slots[i].child, SIGKILL);
        else if (slots[i].path[0])
            unlink(slots[i].path);
    }
}
