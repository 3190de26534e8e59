/* study/study_int.h — private to study/: the roles of a law's parts
 * (study_roles.c), used by the ranking (study_rank.c). */
#ifndef NINES_STUDY_STUDY_INT_H
#define NINES_STUDY_STUDY_INT_H

#include "study.h"

/* The parts of one law that stand in one place: hosts that run the same
 * services, the members of one service, or one common cause. */
typedef enum study_role_kind { ROLE_HOSTS, ROLE_MEMBERS, ROLE_CCF } study_role_kind;

typedef struct study_role {
    study_role_kind kind;
    int *hosts;      /* ROLE_HOSTS: host indices, in topology order */
    int n_hosts;
    int service;     /* ROLE_MEMBERS: the service whose instance law it is */
    int ccf;         /* ROLE_CCF: the common cause */
    char *name;      /* "server on ctl1, ctl2, ctl3 (hosts of keystone,
                        mysql)", "LAW as instances of SERVICE", "LAW as
                        common-cause.NAME" (owned) */
} study_role;

/* The roles of law `law` of t, in the order of their first part (hosts,
 * then members, then common causes). Returns STUDY_OK with *roles (free
 * with study_roles_free) and *n (0 for a law no part runs), or
 * STUDY_ENOMEM with *roles NULL. */
int study_roles_of(const topology *t, int law, study_role **roles, int *n);
void study_roles_free(study_role *roles, int n); /* NULL ok */

/* A deep copy of t in which the parts of role r of law `law` run a law of
 * their own: a copy of it named r->name, index *role_law (the last). The
 * system is the same; the role's law can then be scaled or measured alone.
 * Returns STUDY_OK with *out (topo_free), or STUDY_ENOMEM with *out NULL. */
int study_role_copy(const topology *t, int law, const study_role *r, topology **out,
                    int *role_law);

#endif
