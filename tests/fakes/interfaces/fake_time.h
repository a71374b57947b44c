/* fake_time.h: the FakeTime interface (tests only): lets a test driver move
 * FakeAlarm's clock, so that timer behaviour is tested deterministically,
 * without sleeping and without depending on the host's load. */
#ifndef IF_FAKE_TIME_H
#define IF_FAKE_TIME_H
#include "interfaces/types.h"

/** The test's hand on the clock behind a FakeAlarm. Time only moves when a
 * test calls step(); tasks run in zero time. */
struct FakeTime_if {
    /** @command Set the clock to now (use while no alarm is pending). */
    void (*set)(time_ms_t now);
    /** @command Advance the clock by at most max_dt ms. If the pending
     * alarm expires on the way, stop exactly at its deadline, signal
     * Alarm.fired and return true (an alarm already due fires without
     * advancing); otherwise advance the full max_dt and return false. */
    bool (*step)(time_ms_t max_dt);
    /** @command True if an alarm is armed (start_at without fired or stop). */
    bool (*pending)(void);
    /** @command The armed alarm's deadline, t0 + dt. */
    time_ms_t (*deadline)(void);
    /** @command How many times Alarm.fired was signalled. */
    uint32_t (*fired_count)(void);
    /** @command True if FakeAlarm models a 16-bit hardware counter. */
    bool (*counter16)(void);
    /** @command 16-bit model: counter overflows serviced so far (else 0). */
    uint32_t (*overflows)(void);
};
#endif
