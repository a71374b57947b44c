/* timer.h: the Timer interface: virtual one-shot and periodic timers. */
#ifndef IF_TIMER_H
#define IF_TIMER_H
#include "interfaces/types.h"

/** A virtual millisecond timer. A provider serves many of them (one per
 * client id) over one Alarm; `fired` always runs in a task. */
struct Timer_if {
    /** @command Fire once, dt ms from now. Restarts a running timer. */
    void (*start_one_shot)(time_ms_t dt);
    /** @command Fire every period ms, the first time period ms from now.
     * Expiries are scheduled from the previous deadline, so they do not drift. */
    void (*start_periodic)(time_ms_t period);
    /** @command Fire once at t0 + dt (wrap-safe), t0 possibly in the past. */
    void (*start_one_shot_at)(time_ms_t t0, time_ms_t dt);
    /** @command Stop the timer; no `fired` follows, even if one was due. */
    void (*stop)(void);
    /** @command True while the timer is started and has not expired. */
    bool (*is_running)(void);
    /** @command The current time. */
    time_ms_t (*now)(void);
    /** @event The timer expired. */
    void (*fired)(void);
};
#endif
