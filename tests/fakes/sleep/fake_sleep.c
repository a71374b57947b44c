/* fake_sleep.c: FakeSleep, the idle path of a simulated node. The
 * Scheduler calls sleep() (inside an atomic section) when no task is
 * queued; a real MCU would stop until an interrupt. Here the clock jumps
 * to the pending alarm's deadline and the alarm fires, which posts the
 * task that ends the sleep; with no alarm armed it moves max_step_ms and
 * returns, so a test that forgets to stop the loop still ends (its guard
 * timer fires) instead of hanging in a busy loop of zero-time sleeps. */
#include "interfaces/mcu_sleep.h"
#include "tests/fakes/interfaces/fake_time.h"

void FakeSleep__sleep__sleep(void)
{
    (void)FakeSleep__time__step((time_ms_t)FakeSleep__max_step_ms);
}
