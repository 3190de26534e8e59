/* data/store_loss.c — a run's data-loss figures in the store (schema 5): one
 * row per service with data-loss figures (docs/semantics.md, "Data loss") in
 * the table `data_loss`, keyed by run id and the service's index. A run
 * stored before schema 5 has no rows: its services read with has_loss 0, the
 * figures "not known" (and left out of the JSON), never zero.
 */
#include "store_int.h"

int store_loss_put(store *s, long long rid, const mc_result *r)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO data_loss VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                                -1, &st, NULL);
    for (int i = 0; rc == SQLITE_OK && i < r->n_services; i++) {
        const mc_figures *f = &r->services[i];
        if (!f->has_loss)
            continue;
        const double v[] = {f->loss_events_per_year, f->loss_events_ci_lo, f->loss_events_ci_hi,
                            f->loss_seconds_per_year, f->loss_seconds_ci_lo, f->loss_seconds_ci_hi,
                            f->year_with_loss_probability, f->year_loss_ci_lo, f->year_loss_ci_hi,
                            f->loss_largest_seconds};
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_int(st, 2, i);
        for (int k = 0; k < 10; k++)
            sqlite3_bind_double(st, 3 + k, v[k]);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

int store_loss_get(store *s, long long rid, mc_result *r)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT * FROM data_loss WHERE run_id = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_int64(st, 1, rid);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        int i = sqlite3_column_int(st, 1);
        if (i < 0 || i >= r->n_services)
            continue;
        mc_figures *f = &r->services[i];
        double *const v[] = {&f->loss_events_per_year, &f->loss_events_ci_lo, &f->loss_events_ci_hi,
                             &f->loss_seconds_per_year, &f->loss_seconds_ci_lo, &f->loss_seconds_ci_hi,
                             &f->year_with_loss_probability, &f->year_loss_ci_lo, &f->year_loss_ci_hi,
                             &f->loss_largest_seconds};
        f->has_loss = 1;
        for (int k = 0; k < 10; k++)
            *v[k] = sqlite3_column_double(st, 2 + k);
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    return rc;
}
