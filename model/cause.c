/* model/cause.c — the names and priorities of the causes of downtime
 * (docs/semantics.md, "Downtime by cause"). */
#include "topology.h"

static const char *const cause_names[CAUSE_N] = {
    [CAUSE_FAILURE] = "failure",
    [CAUSE_DETECTION] = "detection",
    [CAUSE_CREW_WAIT] = "crew-wait",
    [CAUSE_FAILOVER] = "failover",
    [CAUSE_REJOIN] = "rejoin",
    [CAUSE_MAINTENANCE] = "maintenance",
    [CAUSE_CHANGE] = "change",
    [CAUSE_COMMON_CAUSE] = "common-cause",
    [CAUSE_SPLIT_BRAIN] = "split-brain",
};

/* unplanned before planned; the widest cause first, then operations, then
   independent failures, then the recovery machinery's delays */
static const int cause_priority[CAUSE_N] = {
    [CAUSE_COMMON_CAUSE] = 8,
    [CAUSE_CHANGE] = 7,
    [CAUSE_FAILURE] = 6,
    [CAUSE_DETECTION] = 5,
    [CAUSE_CREW_WAIT] = 4,
    [CAUSE_SPLIT_BRAIN] = 3,
    [CAUSE_FAILOVER] = 2,
    [CAUSE_REJOIN] = 1,
    [CAUSE_MAINTENANCE] = 0,
};

const char *topo_cause_name(int cause)
{
    return cause >= 0 && cause < CAUSE_N ? cause_names[cause] : NULL;
}

int topo_cause_priority(int cause)
{
    return cause >= 0 && cause < CAUSE_N ? cause_priority[cause] : -1;
}
