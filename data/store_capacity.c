/* data/store_capacity.c — a run's capacity figures in the store (schema 6,
 * docs/store.md): table `capacity` (per target: members, capacity and its
 * interval and standard error, member-hours lost per year) and table
 * `blast_radius` (per target and size: events per year; size MC_BLAST_MAX
 * + 1 stands for "more than MC_BLAST_MAX"). A run stored before schema 6
 * has no rows: its capacity is not known (members 0) and not printed.
 */
#include "store_int.h"

enum { KIND_SYSTEM = 0, KIND_SERVICE = 1, KIND_VIEW = 2 };

static int put_one(sqlite3_stmt *cap, sqlite3_stmt *blast, long long rid, int kind, int idx,
                   const mc_figures *f)
{
    if (f->members <= 0)
        return SQLITE_OK;
    sqlite3_bind_int64(cap, 1, rid);
    sqlite3_bind_int(cap, 2, kind);
    sqlite3_bind_int(cap, 3, idx);
    sqlite3_bind_int(cap, 4, f->members);
    sqlite3_bind_double(cap, 5, f->capacity);
    sqlite3_bind_double(cap, 6, f->capacity_ci_lo);
    sqlite3_bind_double(cap, 7, f->capacity_ci_hi);
    sqlite3_bind_double(cap, 8, f->capacity_std_error);
    sqlite3_bind_double(cap, 9, f->member_hours_lost_per_year);
    int rc = sqlite3_step(cap);
    sqlite3_reset(cap);
    if (rc != SQLITE_DONE)
        return rc;
    for (int b = 0; b < MC_BLAST_BINS; b++) {
        if (!(f->blast[b] > 0))
            continue;
        sqlite3_bind_int64(blast, 1, rid);
        sqlite3_bind_int(blast, 2, kind);
        sqlite3_bind_int(blast, 3, idx);
        sqlite3_bind_int(blast, 4, b + 1);
        sqlite3_bind_double(blast, 5, f->blast[b]);
        rc = sqlite3_step(blast);
        sqlite3_reset(blast);
        if (rc != SQLITE_DONE)
            return rc;
    }
    return SQLITE_OK;
}

int store_capacity_put(store *s, long long rid, const mc_result *r)
{
    sqlite3_stmt *cap = NULL, *blast = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO capacity(run_id, kind, idx, members, capacity, ci_lo,"
                                " ci_hi, std_error, member_hours_lost_per_year)"
                                " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                                -1, &cap, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO blast_radius(run_id, kind, idx, size, per_year)"
                                " VALUES(?1,?2,?3,?4,?5)",
                                -1, &blast, NULL);
    if (rc == SQLITE_OK)
        rc = put_one(cap, blast, rid, KIND_SYSTEM, 0, &r->system);
    for (int i = 0; rc == SQLITE_OK && i < r->n_services; i++)
        rc = put_one(cap, blast, rid, KIND_SERVICE, i, &r->services[i]);
    for (int i = 0; rc == SQLITE_OK && i < r->n_views; i++)
        rc = put_one(cap, blast, rid, KIND_VIEW, i, &r->views[i]);
    sqlite3_finalize(cap);
    sqlite3_finalize(blast);
    return rc;
}

static mc_figures *target(mc_result *r, int kind, int idx)
{
    if (kind == KIND_SYSTEM && idx == 0)
        return &r->system;
    if (kind == KIND_SERVICE && idx >= 0 && idx < r->n_services)
        return &r->services[idx];
    if (kind == KIND_VIEW && idx >= 0 && idx < r->n_views)
        return &r->views[idx];
    return NULL;
}

int store_capacity_get(store *s, long long id, mc_result *r)
{
    sqlite3_stmt *cap = NULL, *blast = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT kind, idx, members, capacity, ci_lo, ci_hi, std_error,"
                                " member_hours_lost_per_year FROM capacity WHERE run_id = ?1",
                                -1, &cap, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db,
                                "SELECT kind, idx, size, per_year FROM blast_radius WHERE run_id = ?1",
                                -1, &blast, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(cap, 1, id);
        sqlite3_bind_int64(blast, 1, id);
        while ((rc = sqlite3_step(cap)) == SQLITE_ROW) {
            mc_figures *f = target(r, sqlite3_column_int(cap, 0), sqlite3_column_int(cap, 1));
            if (!f)
                continue;
            f->members = sqlite3_column_int(cap, 2);
            f->capacity = sqlite3_column_double(cap, 3);
            f->capacity_ci_lo = sqlite3_column_double(cap, 4);
            f->capacity_ci_hi = sqlite3_column_double(cap, 5);
            f->capacity_std_error = sqlite3_column_double(cap, 6);
            f->member_hours_lost_per_year = sqlite3_column_double(cap, 7);
        }
    }
    if (rc == SQLITE_DONE) {
        while ((rc = sqlite3_step(blast)) == SQLITE_ROW) {
            mc_figures *f = target(r, sqlite3_column_int(blast, 0), sqlite3_column_int(blast, 1));
            int b = sqlite3_column_int(blast, 2) - 1;
            if (f && b >= 0 && b < MC_BLAST_BINS)
                f->blast[b] = sqlite3_column_double(blast, 3);
        }
    }
    sqlite3_finalize(cap);
    sqlite3_finalize(blast);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
