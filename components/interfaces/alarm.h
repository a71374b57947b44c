/* alarm.h: the Alarm interface: one hardware alarm on 32-bit milliseconds. */
#ifndef IF_ALARM_H
#define IF_ALARM_H
#include "interfaces/types.h"

/** A single alarm on the platform's free-running millisecond counter
 * (extended in software from a 16-bit timer on MSP430). The Timer
 * provider multiplexes virtual timers over it. */
struct Alarm_if {
    /** @command @async The current time. */
    time_ms_t (*now)(void);
    /** @command @async Fire at t0 + dt (wrap-safe); if that instant has
     * already passed, fire as soon as possible. Replaces a pending alarm. */
    void (*start_at)(time_ms_t t0, time_ms_t dt);
    /** @command @async Cancel the pending alarm, if any. */
    void (*stop)(void);
    /** @event @async The alarm expired (may run in interrupt context). */
    void (*fired)(void);
};
#endif
