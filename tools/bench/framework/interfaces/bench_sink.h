/* bench_sink.h: the BenchSink interface: a trivial command, so that the
 * bench can time a call across a wire against a call through an ops table. */
#ifndef IF_BENCH_SINK_H
#define IF_BENCH_SINK_H
#include "interfaces/types.h"

/** Accumulates values. */
struct BenchSink_if {
    /** @command Add value to the running sum; returns the new sum. */
    uint32_t (*add)(uint32_t value);
};
#endif
