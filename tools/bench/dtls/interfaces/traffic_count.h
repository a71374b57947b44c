/* traffic_count.h: the TrafficCount interface: what crossed a counting tap
 * (tools/bench/dtls/tap), for the bench's bytes-on-the-wire figures. */
#ifndef IF_TRAFFIC_COUNT_H
#define IF_TRAFFIC_COUNT_H
#include "interfaces/types.h"

/** Running totals of the datagrams a tap passed, both directions. */
struct TrafficCount_if {
    /** @command Datagrams sent and received so far. */
    uint32_t (*datagrams)(void);
    /** @command Payload bytes of those datagrams. */
    uint32_t (*bytes)(void);
};
#endif
