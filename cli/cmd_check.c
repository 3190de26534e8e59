/* cli/cmd_check.c — `nines check FILE...`: validates topology files and
 * prints one summary line per valid file; every error of an invalid file goes
 * to stderr. Exit 1 if any file is invalid, 2 if memory ran out. */
#include <string.h>

#include "cli.h"

static void check_help(FILE *f)
{
    fprintf(f,
            "usage: nines check FILE...\n"
            "\n"
            "Validates each topology file (and its includes) and prints one line per\n"
            "valid file: its name, hosts, services, members, laws and mission.\n"
            "Every error of an invalid file is printed to stderr as\n"
            "FILE:LINE:COL: error: ...; the exit status is 1 if any file is invalid.\n"
            "\n"
            "options:\n"
            "  -h, --help    this help\n");
}

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int cmd_check(int argc, char **argv)
{
    int status = EXIT_OK, files = 0, only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && !strcmp(a, "--")) {
            only_files = 1;
            continue;
        }
        if (!only_files && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
            check_help(stdout);
            return EXIT_OK;
        }
        if (!only_files && a[0] == '-' && a[1]) {
            cli_unknown_option("check", a, check_help);
            return EXIT_BADINPUT;
        }
    }
    only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *path = argv[i];
        if (!only_files && !strcmp(path, "--")) {
            only_files = 1;
            continue;
        }
        files++;
        int st = EXIT_OK;
        topology *t = cli_load(path, NULL, &st);
        if (!t) {
            if (st > status || status == EXIT_OK)
                status = st == EXIT_RUNTIME ? EXIT_RUNTIME : (status == EXIT_RUNTIME ? status : st);
            continue;
        }
        char mission[32], shown[1024];
        printf("%s: ok: \"%s\" %d %s, %d %s, %d %s, %d %s, mission %s\n",
               cli_term(shown, sizeof shown, path), t->name,
               t->n_hosts, plural(t->n_hosts, "host", "hosts"), t->n_services,
               plural(t->n_services, "service", "services"), t->n_members,
               plural(t->n_members, "member", "members"), t->n_laws,
               plural(t->n_laws, "law", "laws"),
               units_format_duration(t->mission, mission, sizeof mission));
        topo_free(t);
    }
    if (!files) {
        cli_error("missing FILE (usage: nines check FILE...)");
        return EXIT_BADINPUT;
    }
    fflush(stdout);
    return status;
}
