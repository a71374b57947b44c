/* sleep_probe.h: the SleepProbe interface (tests only): how often the
 * scheduler went to sleep, as counted by the SleepProbe component. */
#ifndef IF_SLEEP_PROBE_H
#define IF_SLEEP_PROBE_H
#include "interfaces/types.h"

/** Read and reset the count of McuSleep.sleep() calls passed through. */
struct SleepProbe_if {
    /** @command sleep() calls since the last reset(). */
    uint16_t (*count)(void);
    /** @command Start counting from 0. */
    void (*reset)(void);
};
#endif
