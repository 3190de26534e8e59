/* model/model_int.h — private declarations of model/: the YAML tree the loader
 * builds from libfyaml's events, diagnostics helpers, the name index, and the
 * loader's state with the functions its files share.
 *
 * DESIGN: the loader reads a file with libfyaml's event parser and builds its
 * own small tree (ynode) in which every node keeps its file, line and column
 * (libfyaml 0.7 has no public start mark for document nodes). Aliases stay
 * links to their anchored node, so an alias bomb costs no memory; a check
 * (topo_yaml_check_limits) refuses documents whose expansion would be too large
 * before anything walks them. Overrides (`--set`) edit this tree before it is
 * interpreted. Every node belongs to its ydoc and is freed with it.
 *
 * DESIGN, the files of model/ and who may call whom: a file calls only
 * files listed below it (-> names the main ones), never one above, so the
 * call graph between files has no cycle (check: nm on the objects).
 *
 *   topo_load.c        topo_load, topo_load_string: the top-level keys; calls
 *                      each section's file, then topo_needs.c
 *   topo_scale.c       copies of a topology with scaled laws -> analytic*.c
 *   analytic*.c        the analytic solver (its files' order: analytic_int.h)
 *                      -> law.c only
 *   topo_include.c     `include`  -> topo_profiles.c, topo_overrides.c
 *   topo_hosts.c, topo_services.c, topo_views.c, topo_needs.c,
 *   topo_maintenance.c, topo_common_cause.c
 *                      one section each (`needs` resolved last)
 *   topo_entries.c     what maintenance and common-cause share: the
 *                      section's mapping, entry names, targets -> topo_ctx.c
 *   topo_ranges.c      ranges name[a:b] expanded before the sections are
 *                      read; topo_names_group (their inverse, for outputs
 *                      and messages)
 *   topo_replication.c a service's data-loss keys (from topo_services.c)
 *   topo_profiles.c    `profiles` -> topo_laws.c
 *   topo_overrides.c   --set overrides
 *   topo_laws.c        durations, laws, law references
 *   topo_file.c        reading files, the loader's documents
 *   topo_ctx.c         the loader's shared helpers (errors at a node, keys,
 *                      scalars, name lists)
 *   topo_lookup.c      topo_free and lookups by name
 *   topo_dup.c         the rules of a deep copy (topo_scale.c): strings,
 *                      arrays, positions, named entries (calls nothing)
 *   topo_yaml.c        the YAML tree      -> topo_diag.c, text.c
 *   topo_diag.c        diagnostics, did-you-mean -> text.c
 *   topo_names.c       the name index (calls nothing)
 *   law.c              laws' formulas     -> units.c
 *   units.c, text.c    call nothing
 *
 * A new section of the format (a new top-level key) gets its own file
 * beside topo_hosts.c, declares its topo_load_<section> below and is called
 * from topo_load.c's top_level; shared parsing helpers go to topo_ctx.c
 * (or topo_laws.c for anything that reads a law or a duration).
 */
#ifndef NINES_MODEL_INT_H
#define NINES_MODEL_INT_H

#include <stdarg.h>
#include <stddef.h>

#include "topology.h"

/* ---- the YAML tree ---- */

typedef enum ynode_type { Y_SCALAR, Y_MAP, Y_SEQ, Y_ALIAS } ynode_type;

typedef struct ynode {
    ynode_type type;
    char *text;           /* scalar text (NUL-terminated), alias: anchor name */
    int quoted;           /* scalar written in quotes */
    int bad_name;         /* a bad range, reported by topo_load_expand_ranges:
                             not reported again as an unknown name */
    const char *file;     /* points into topology->files (or the ydoc's name) */
    int line, col;        /* 1-based */
    struct ynode **kids;  /* map: key, value, key, value...; seq: items */
    int n, cap;
    struct ynode *target; /* alias: the anchored node */
    struct ynode *next_alloc;
} ynode;

typedef struct ydoc {
    ynode *root;   /* NULL for an empty document */
    ynode *nodes;  /* every node, for freeing */
} ydoc;

/* Limits against hostile documents (docs/limits.md). A file is read whole
 * and turned into nodes of about 150 bytes each: past TOPO_MAX_FILE_BYTES or
 * YAML_MAX_NODES values (scalars, lists, mappings, aliases) the load stops
 * with an error, so no file costs more than about 350 MB. A topology of
 * 100,000 hosts is 5 MB and 800,000 values. */
#define YAML_MAX_ALIAS_EXPANSIONS 1000
#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES 2000000
#define TOPO_MAX_FILE_BYTES (32L * 1024 * 1024)
/* At most this many diagnostics are kept; one more says the rest were left
 * out, and did-you-mean suggestions are computed only for the first
 * TOPO_SUGGEST_ERRORS (each compares with every name). */
#define TOPO_MAX_ERRORS 1000
#define TOPO_SUGGEST_ERRORS 50

/* Parses text into *doc. Malformed YAML: returns TOPO_EINVALID with
 * libfyaml's own messages (position and text) in errs, located in `file`.
 * Only the first document of a stream is read; more is an error. */
int topo_yaml_parse(const char *text, size_t len, const char *file, ydoc *doc,
                    topo_errors *errs);
void topo_yaml_free(ydoc *doc);
/* Rewrites in place every character a scalar may not hold (controls, C1,
 * bidi controls, bytes that are not UTF-8; tab and newline too) as '?': for
 * text that does not come from the YAML, such as a name made from a file name. */
void topo_yaml_text_clean(char *s);
/* A new node of doc at (file, line, col), with no text and no kids, or NULL
 * when out of memory; freed with doc. */
ynode *topo_yaml_node_new(ydoc *doc, ynode_type type, const char *file, int line, int col);
/* Follows aliases. NULL-safe. */
ynode *topo_yaml_deref(ynode *n);
/* Refuses depth > YAML_MAX_DEPTH or more than YAML_MAX_ALIAS_EXPANSIONS alias
 * expansions; returns 0 or TOPO_EINVALID (one error). */
int topo_yaml_check_limits(const ydoc *doc, const char *file, topo_errors *errs);
/* Value of key in map m (after deref), or NULL. *keyp gets the key node. */
ynode *topo_yaml_map_get(ynode *m, const char *key, ynode **keyp);
/* 0 if an override's path and value hold only printable UTF-8 text (every
 * message about it quotes them); else adds the error (at file) and returns
 * TOPO_EINVALID. topo_yaml_apply_set checks it first. */
int topo_yaml_set_text_ok(const char *file, const topo_set *set, topo_errors *errs);
/* Applies one override "a.b.c" = value (YAML text) to doc; on a bad path adds
 * an error (with a suggestion) located at the file. Returns 0 or TOPO_EINVALID. */
int topo_yaml_apply_set(ydoc *doc, const char *file, const topo_set *set, topo_errors *errs);

/* ---- diagnostics ---- */

/* Appends an error at (file, line, col) (line 0: no position). Returns
 * TOPO_ENOMEM if it could not be stored, else TOPO_EINVALID. */
int topo_err_add(topo_errors *errs, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int topo_err_vadd(topo_errors *errs, const char *file, int line, int col,
                  const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* Sorts errors by file (in the order of `files`), line and column; stable. */
void topo_err_sort(topo_errors *errs, char *const *files, int n_files);
/* Formats " (did you mean 'X'?)" into buf if there is a suggestion, else "". */
const char *topo_suggest_text(const char *word, const char *const *cands, int n,
                              char *buf, size_t len);

/* ---- laws and units ---- */

/* Largest duration accepted anywhere but `mission` (1000 y), in hours (the
 * mission's bounds are in topology.h). */
#define TOPO_MAX_DURATION (1000.0 * 8760.0)
/* Plain numbers in laws: Weibull and gamma shape, lognormal sigma. */
#define TOPO_MIN_SHAPE 0.01
#define TOPO_MAX_SHAPE 100.0
#define TOPO_MAX_SIGMA 10.0

/* ---- name index (topo_names.c) ---- */

/* Strings to values >= 0 in constant time (open addressing). Init with {0};
 * keys are borrowed and must outlive the index. */
typedef struct name_index {
    const char **keys;
    int *vals;
    size_t cap, n;
} name_index;

/* The value of key, or -1 if absent. */
int topo_names_find(const name_index *x, const char *key);
/* Adds key -> val (val >= 0). Returns -1 if added, the value already there
 * if key was present (nothing changed), or TOPO_ENOMEM. */
int topo_names_add(name_index *x, const char *key, int val);
void topo_names_release(name_index *x); /* NULL ok; reusable afterwards */

/* ---- the loader's state (every topo_*.c file of the loader) ---- */

typedef struct profile_def {
    const char *name;   /* the key's text (owned by its ydoc) */
    ynode *key, *val;
    int ok;             /* parsed without error */
    law_dist fail, repair, detect;
    int crew;           /* index in topology->crews, or -1 */
    int law;            /* index in topology->laws once used, else -1 */
} profile_def;

typedef struct loader {
    topology *t;
    topo_errors *errs;
    int nomem;          /* an allocation failed: give up with TOPO_ENOMEM */
    int failed;         /* at least one error */
    profile_def *profiles; int n_profiles, cap_profiles;
    ydoc *docs; int n_docs, cap_docs;      /* every document read */
    char **chain; int n_chain;             /* real paths of the include stack */
    int cap_laws, cap_members;
    ynode **host_needs, **service_needs; /* `needs` values, resolved last */
    ynode **service_needs_local;          /* `needs-local` values, likewise */
    /* a key of hosts (services) was a bad range (reported): names it would
       have made are not reported as unknown */
    int range_bad_hosts, range_bad_services;
    /* a section is missing or misspelt (already reported): names that would
       be found in it are not reported again as unknown */
    int quiet_hosts, quiet_services, quiet_profiles;
    /* names to indices: hosts, services (topology order) and profiles */
    name_index host_ix, service_ix, profile_ix;
    name_index crew_ix;  /* `crews` (topo_crews.c) */
    /* topo_load_resolve_list's repeat check: mark[i] == stamp when i is listed */
    int *host_mark, *service_mark, stamp;
    /* real paths of every file included so far (owned), each read once */
    char **included; int n_included;
    name_index included_ix;
    /* --set overrides of a profile the main file does not define
       ("profiles.NAME.KEY..."): applied to the included file whose
       definition of NAME wins, as it is read (pending[i] == 1 until then) */
    const topo_set *set; int n_set;
    unsigned char *pending;
    /* topo_load_sources: the files in memory (the disk is never read) and,
       for each of t->sources, the index in mem it came from */
    const topo_source *mem; int n_mem;
    int *mem_of; int cap_sources;
    const char *library;   /* the profile library folder (topology.h) */
} loader;

/* ---- ranges (topo_ranges.c) ---- */

/* Expands every range `name[a:b]` of the main document d, before any section
 * is read: a range key of `hosts` or `services` becomes one entry per name
 * (each with the range's value, shared), and a range in a list of names
 * (hosts.X.needs, services.X.hosts, needs, needs-local, system, views,
 * maintenance and common-cause targets; a lone name counts as a list) becomes
 * its names in place. Every name made keeps the range's position. Reports
 * bad, reversed, too large and mixed-width ranges (the node gets bad_name),
 * names of a range that clash with another key of the same mapping (the
 * later entry is dropped), and ranges that would make more than
 * YAML_MAX_NODES values in all. A document without ranges is left as it is. */
void topo_load_expand_ranges(loader *L, ydoc *d);

/* ---- shared helpers (topo_ctx.c) ---- */

/* Adds an error located at node at (or at the file with no position). */
void topo_load_err(loader *L, const ynode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A copy of s owned by the caller (sets L->nomem on failure). */
char *topo_load_strdup(loader *L, const char *s);
/* "a mapping", "a list" or "a scalar", for messages. */
const char *topo_load_type_name(const ynode *n);
/* The scalar text of n (after aliases), or NULL with an error naming path and
 * what was expected. */
const char *topo_load_scalar(loader *L, ynode *n, const char *path, const char *expected);
/* Checks the keys of map m (after aliases): every key a scalar, known (else
 * did-you-mean among allowed) and not repeated. Returns 0 if m is a map. */
int topo_load_check_keys(loader *L, ynode *m, const char *path, const char *const *allowed, int n);

/* 1 if map m has an unknown key (not in allowed) that looks like a typo of
 * `name`: then "missing 'name'" would only repeat the unknown-key error. */
int topo_load_typo_of(ynode *m, const char *name, const char *const *allowed, int n);
/* The position of node n ({0} for NULL). */
topo_pos topo_load_pos_of(const ynode *n);
/* 1 if v (after aliases) is absent or null: empty, ~ or null unquoted. */
int topo_load_is_null(ynode *v);
/* Checks `format: nines/1` in root; what: "the file" or "an included file". */
void topo_load_check_format(loader *L, ynode *root, const char *what);
/* Resolves a list of names at path (a lone scalar counts as a list of one)
 * into indices *out (malloc'ed), *n_out of them; is_host: hosts, else
 * services. Reports unknown names (with a suggestion) and repeats (saying
 * what_repeat). Returns 0, or -1 after an error or when out of memory. */
int topo_load_resolve_list(loader *L, ynode *v, const char *path, int is_host, int **out, int *n_out,
                           const char *what_repeat);

/* A ratio at path ("2%" or "0.02"; key names it in messages) in [0, 1], or
 * in (0, 1) when open; example: a ratio for "expected a ratio such as ...".
 * Returns 0, or -1 after an error. */
int topo_load_ratio(loader *L, ynode *n, const char *key, const char *path, int open,
                    const char *example, double *out);

/* One name of a `targets` list (maintenance, common-cause): a host (service
 * -1) or a service (host -1), and the node that names it. */
typedef struct load_target {
    int host, service;
    ynode *at;
} load_target;

/* Resolves the `targets` list v at path (a lone scalar counts as a list of
 * one) into *out (malloc'ed, in order), *n_out of them. Reports an empty
 * list, a name that is neither a host nor a service (did-you-mean among
 * both), a name that is both, and a name listed twice. Returns 0, or -1
 * after an error or when out of memory (*out then holds the good ones). */
int topo_load_targets(loader *L, ynode *v, const char *path, load_target **out, int *n_out);
/* The units targets stand for (topology.h, topo_unit): a host itself, a
 * service each of its members in `hosts` order. Returns 0, or -1 when out
 * of memory (L->nomem set). */
int topo_load_units(loader *L, const load_target *tg, int n, topo_unit **units, int *n_units);

/* ---- sections of named entries with targets (topo_entries.c) ---- */

/* The mapping of section (maintenance, common-cause) at node, its keys
 * checked; NULL when absent or null, or after an error "SECTION is a list
 * (expected a mapping of names to entries, e.g. EXAMPLE)". */
ynode *topo_load_section(loader *L, ynode *node, const char *section, const char *example);
/* The key node of entry i of section m when it is a scalar named for the
 * first time (added to seen); NULL otherwise (a repeat is reported by the
 * key check; L->nomem set when out of memory). */
ynode *topo_load_entry_key(loader *L, ynode *m, int i, name_index *seen);
/* An entry's `targets` tv at path: resolved into *tg (malloc'ed, the
 * caller frees it), *n of them, and the units they stand for. Returns 0, or
 * -1 after an error (units not set). */
int topo_load_entry_targets(loader *L, ynode *tv, const char *path, load_target **tg, int *n,
                            topo_unit **units, int *n_units);

/* ---- deep copies (topo_dup.c, for topo_scale.c's topo_copy) ---- */

/* *dst: a malloc'ed copy of src (NULL for NULL). 0, or -1 when out of memory. */
int topo_dup_str(char **dst, const char *src);
/* A malloc'ed copy of n values of `size` bytes at src; NULL when there are
 * none (src NULL or n <= 0) or out of memory (then *fail is 1, else 0). */
void *topo_dup_block(const void *src, int n, size_t size, int *fail);
/* Position p of t, its file pointing into c's `files` (same index). */
topo_pos topo_dup_pos(const topology *t, const topology *c, topo_pos p);
/* Where an entry type keeps what it owns (offsetof): its name (char *), its
 * position (topo_pos) and, with has_units, its units (topo_unit *) and
 * their count (int). */
typedef struct topo_entry_layout {
    size_t size, name, pos, units, n_units;
    int has_units;
} topo_entry_layout;
/* A copy for c of the n entries of t at src: each a copy of its struct with
 * its own name (and units), its position in c's files. Returns the
 * malloc'ed array and sets *n_dst; NULL when n <= 0, or out of memory (then
 * *fail is 1 and nothing is left allocated, *n_dst untouched). */
void *topo_dup_entries(const topology *t, const topology *c, const void *src, int n,
                       const topo_entry_layout *l, int *n_dst, int *fail);

/* ---- files and documents (topo_file.c) ---- */

/* Adds path to topology->files (once); returns the stored string or NULL. */
const char *topo_load_add_file(loader *L, const char *path);
/* Reads a whole file (at most TOPO_MAX_FILE_BYTES) into *text (malloc'ed,
 * NUL-terminated), *len bytes; returns 0, or errno (EISDIR, EFBIG...). */
int topo_load_read_file(const char *path, char **text, size_t *len);
/* strerror(e) into buf, starting in lower case (for messages). */
void topo_load_strerror(int e, char *buf, size_t n);
/* Appends a source to topology->sources (topology.h, topo_source): the
 * strings are copied, text (NULL for a repeat) is taken (freed on failure);
 * mem: the index in L->mem it came from (-1 from the disk). Returns its
 * index, or -1 when out of memory (L->nomem set). */
int topo_load_add_source(loader *L, int from, const char *written, const char *path,
                         const char *resolved, char *text, size_t len, int same, int mem);
/* A new empty document owned by the loader, or NULL (sets L->nomem). */
ydoc *topo_load_new_doc(loader *L);

/* ---- laws (topo_laws.c) ---- */

/* A duration (hours) at path: 0 ok, -1 after an error. min_zero: 0 allowed. */
int topo_load_duration(loader *L, ynode *n, const char *path, int min_zero, double max, double *out);
/* A law of durations at path: a duration (exponential mean when exp_short,
 * else a fixed value) or a long-form map. delay: zero values allowed. */
int topo_load_dist(loader *L, ynode *n, const char *path, int exp_short, int delay, law_dist *out);
/* A {fail, repair, detect, crew} law at path (detect: fixed 0 when absent;
 * *crew: the crew's index, or -1 when absent or wrong). */
int topo_load_pair(loader *L, ynode *n, const char *path, law_dist *fail, law_dist *repair,
                   law_dist *detect, int *crew);
/* Adds a law named name (copied) to the topology, located at `at` (may be
 * NULL); returns its index, or -1 when out of memory (L->nomem set). */
int topo_load_add_law(loader *L, const char *name, const law_dist *fail, const law_dist *repair,
                      const law_dist *detect, const ynode *at);
/* A law reference (profile name or inline pair) at path; returns a law index,
 * or -2 after an error. */
int topo_load_law_ref(loader *L, ynode *n, const char *path);

/* ---- one function per section of the format ---- */

/* `profiles` of one file: adds those not defined already (topo_profiles.c). */
void topo_load_profiles(loader *L, ynode *profiles);
/* --set overrides of the main file's tree d, before it is interpreted; those
 * of profiles d does not define wait in L->pending. Fills topology->overrides.
 * Returns TOPO_OK, TOPO_EINVALID or TOPO_ENOMEM (topo_overrides.c). */
int topo_load_apply_sets(loader *L, ydoc *d, const topo_load_options *opts);
/* Applies the pending overrides of profiles that included file d (named
 * file) defines first, before its profiles are read (topo_overrides.c). */
void topo_load_apply_pending_sets(loader *L, ydoc *d, const char *file);
/* Reports each override still pending once every include is read: no file
 * defines its profile (topo_overrides.c). */
void topo_load_report_unused_sets(loader *L);
/* `include` of the file named from (topology->sources[from_src]): reads
 * each file (on the search path of topology.h, or from L->mem), its
 * profiles and its own includes (topo_include.c). */
void topo_load_includes(loader *L, ynode *inc, const char *from, int from_src);
/* `hosts` (topo_hosts.c); their needs wait in L->host_needs. */
void topo_load_hosts(loader *L, ynode *hosts);
/* `services` and their members (topo_services.c); needs wait in
 * L->service_needs. */
void topo_load_services(loader *L, ynode *services);
/* A service's `replication` from its map v (path services.NAME; mode -1 if
 * unknown), with every data-loss default set (no replication, split brain 0,
 * detect 30 min, recovery 1 h); the split-brain keys written in v are errors
 * that say they belong in `failover` (topo_replication.c). */
void topo_load_replication(loader *L, topo_service *sv, ynode *v, int mode, const char *path);
/* The split-brain keys of the `failover` map fm at path
 * (services.NAME.failover), over the defaults topo_load_replication set
 * (topo_replication.c). */
void topo_load_split_brain(loader *L, topo_service *sv, ynode *fm, const char *path);
/* `system` (root's key, for its position) and `views` (topo_views.c). */
void topo_load_views(loader *L, ynode *root, ynode *system, ynode *views);
/* `maintenance`: targets resolved into units, every, duration, rolling,
 * start, error and recovery, with their checks (topo_maintenance.c). */
void topo_load_maintenance(loader *L, ynode *maint);
/* `common-cause`: targets, and a law (a profile or inline) or a beta factor;
 * beta adds the cause's law and the targets' new law and gives it to them
 * (topo_common_cause.c). */
void topo_load_common_cause(loader *L, ynode *ccf);
/* `crews` (topo_crews.c): names and sizes, read before the profiles so
   that a law's `crew` resolves when it is read. */
void topo_load_crews(loader *L, ynode *crews);
/* A law's `crew` value at path: the crew's index, or -1 after an error
   (unknown crew, with a did-you-mean). */
int topo_load_crew_ref(loader *L, ynode *n, const char *path);
/* `frozen-when-down`: true or false (topo_crews.c). */
void topo_load_frozen(loader *L, ynode *v);
/* Resolves every host's and service's needs and every service's
 * needs-local (checked against the hosts, and into topo_member.local_needs),
 * reports cycles (through needs and needs-local) and fills host_order and
 * service_order; frees L->host_needs, L->service_needs,
 * L->service_needs_local (topo_needs.c). */
void topo_load_needs(loader *L);

#endif
