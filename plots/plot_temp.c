/* plots/plot_temp.c — the temporary files and gnuplot children of drawings
 * in progress, so that a process that must exit at once (a second Ctrl-C)
 * can remove and kill them from its signal handler (plot.h, plot_abandon).
 *
 * DESIGN. A fixed table, no allocation: a slot is claimed with a
 * compare-and-swap on its state (several threads may draw at once), filled,
 * then published; plot_abandon, called from a signal handler, reads only
 * published slots and calls only unlink(2) and kill(2), which are
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

void plot_temp_untrack(const char *path)
{
    for (int i = 0; path && i < N_SLOTS; i++) {
        int expect = READY;
        if (!slots[i].child && !strcmp(slots[i].path, path) &&
            atomic_compare_exchange_strong(&slots[i].state, &expect, FILLING)) {
            slots[i].path[0] = '\0';
            atomic_store(&slots[i].state, FREE);
            return;
        }
    }
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
    for (int i = 0; i < N_SLOTS; i++) {
        int expect = READY;
        if (slots[i].child == pid &&
            atomic_compare_exchange_strong(&slots[i].state, &expect, FILLING)) {
            slots[i].child = 0;
            atomic_store(&slots[i].state, FREE);
            return;
        }
    }
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
