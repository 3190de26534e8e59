/* cli/cli_signal.c — Ctrl-C and friends: the stop flag the engine reads, the
 * exit status of an interrupted command, and the handlers. It calls nothing
 * else of cli/, so every other file may use it.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../plots/plot.h"
#include "cli.h"

/* Written by the handler, read by the thread that called mc_run (the
 * engine's workers block these signals, so the handler never runs on one). */
static volatile int stop_flag;

volatile int *cli_stop_flag(void)
{
    return &stop_flag;
}

int cli_interrupted_status(void)
{
    return stop_flag > 0 && stop_flag < 64 ? 128 + stop_flag : EXIT_INTERRUPTED;
}

static void on_signal(int sig)
{
    if (stop_flag) {
        /* a second signal: the user insists. Exit now, but leave no
           temporary file and no gnuplot behind (the store needs nothing:
           SQLite rolls an unfinished transaction back when next opened) */
        plot_abandon();
        _exit(128 + sig);
    }
    stop_flag = sig;
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct sigaction hup;
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
        sigaction(SIGHUP, &sa, NULL); /* under nohup, a hangup stays ignored */
    signal(SIGPIPE, SIG_IGN);
}

