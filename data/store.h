/* data/store.h — the public header of data/: the SQLite results store (store_*)
 * and the reference tables of published availability figures (ref_*).
 *
 * Nothing here prints or exits: functions return 0 or a negative code and keep
 * a message for the caller (store_errmsg / the err buffer).
 */
#ifndef NINES_DATA_STORE_H
#define NINES_DATA_STORE_H

#include <stddef.h>

#include "../model/topology.h"
#include "../montecarlo/mc.h"

/* ===================== results store (store_*) ===================== */
/* (declarations owned by the store's author) */

/* ===================== reference tables (ref_*) ===================== */
/* (declarations owned by the reference loader's author) */

#endif
