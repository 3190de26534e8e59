/* cli/cmd_check.c — `nines check FILE...`: validates topology files and
 * prints one summary line per valid file; every error of an invalid file goes
 * to stderr. Exit 1 if any file is invalid, 2 if memory ran out. */
#include <stdlib.h>

#include "cli.h"

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int cmd_check(int argc, char **argv)
{
    int status = EXIT_OK, n = 0;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    const cli_opt opts[] = {
        CLI_OPT_HELP,
        {0}};
    const cli_cmd spec = {
        .name = "check",
        .synopsis = "usage: nines check FILE...\n"
                    "\n"
                    "Validates each topology file (and its includes) and prints one line per\n"
                    "valid file: its name, hosts, services, members, laws and mission.\n"
                    "Every error of an invalid file is printed to stderr as\n"
                    "FILE:LINE:COL: error: ...; the exit status is 1 if any file is invalid.\n"
                    "\n"
                    "options:\n",
        .column = 14, .opts = opts, .args_name = "FILE", .args = paths, .n_args = &n};
    int parsed = cli_opts_parse(&spec, argc, argv);
    if (parsed) {
        free(paths);
        return parsed > 0 ? EXIT_OK : EXIT_BADINPUT;
    }
    if (!n) {
        free(paths);
        cli_error("missing FILE (usage: nines check FILE...)");
        return EXIT_BADINPUT;
    }
    for (int i = 0; i < n; i++) {
        const char *path = paths[i];
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
    free(paths);
    fflush(stdout);
    return status;
}
