/* sleep_probe.c: SleepProbe, a pass-through McuSleep that counts how often
 * the scheduler slept. Counting happens inside the scheduler's atomic
 * section (sleep() is called in one), so the count needs no lock of its
 * own; it saturates at UINT16_MAX. */
#include "interfaces/mcu_sleep.h"
#include "tests/unit/msp430/interfaces/sleep_probe.h"

static uint16_t sleepprobe_count;

void SleepProbe__sleep__sleep(void)
{
    if (sleepprobe_count != UINT16_MAX)
        sleepprobe_count++;
    SleepProbe__real__sleep();
}

uint16_t SleepProbe__probe__count(void)
{
    return sleepprobe_count;
}

void SleepProbe__probe__reset(void)
{
    sleepprobe_count = 0;
}
