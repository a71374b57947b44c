/* msp430_scheduler_test.c: Msp430SchedulerTest, cmocka tests (in the
 * simulator) of the Scheduler's idle path and the Clock's timers on the
 * msp430sim platform's real drivers: Msp430Sleep (LPM3) and Msp430Alarm
 * (Timer_A interrupts). SleepProbe counts the Scheduler's sleep() calls
 * (tests/wirings/msp430_scheduler.wire).
 *
 * What a count shows: run_forever() sleeps only with its queue empty, and
 * each sleep lasts until an interrupt that posted work (the alarm's), so a
 * timer that expires n times costs n sleeps. A sleep that returned without
 * a wake-up would be counted again at once; a wake-up that was lost would
 * never end the run (a simrun timeout). Simulated time: 1 ms = 8388.6
 * MCLK cycles. */
#include <string.h>

#include "tests/unit/test_cmocka.h"

#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "tests/unit/msp430/interfaces/sleep_probe.h"

enum { MSP430SCHEDTEST_LOG = 32 };

static struct {
    time_ms_t at[MSP430SCHEDTEST_LOG]; /* tick's expiries */
    uint16_t ticks;
    uint16_t stop_after; /* tick stops the loop at this many expiries */
    uint16_t again_left;
} msp430schedtest;

void Msp430SchedulerTest__tick__fired(void)
{
    if (msp430schedtest.ticks < MSP430SCHEDTEST_LOG)
        msp430schedtest.at[msp430schedtest.ticks] = Msp430SchedulerTest__tick__now();
    msp430schedtest.ticks++;
    if (msp430schedtest.ticks == msp430schedtest.stop_after) {
        Msp430SchedulerTest__tick__stop();
        Msp430SchedulerTest__loop__stop();
    }
}

void Msp430SchedulerTest__other__fired(void)
{
    fail_msg("the other timer is never due in these tests");
}

/* Leaves interrupts disabled, with the alarm's interrupt pending: the
 * scheduler then finds its queue empty with the wake-up already there. */
void Msp430SchedulerTest__task__arm_pending(void)
{
    __asm__ __volatile__("dint\n\tnop" : : : "memory");
    Msp430SchedulerTest__tick__start_one_shot(0); /* due now: the alarm sets CCIFG */
}

void Msp430SchedulerTest__task__again(void)
{
    if (msp430schedtest.again_left && --msp430schedtest.again_left)
        (void)Msp430SchedulerTest__post__again();
    else
        Msp430SchedulerTest__loop__stop();
}

static int msp430schedtest_setup(void **state)
{
    (void)state;
    memset(&msp430schedtest, 0, sizeof msp430schedtest);
    Msp430SchedulerTest__probe__reset();
    return 0;
}

static int msp430schedtest_teardown(void **state)
{
    (void)state;
    __asm__ __volatile__("eint\n\tnop" : : : "memory");
    Msp430SchedulerTest__tick__stop();
    Msp430SchedulerTest__other__stop();
    (void)Msp430SchedulerTest__loop__run_until_idle();
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

/* A 10 ms periodic timer, 20 expiries: each on its millisecond, one sleep
 * each (woken by the compare interrupt only). */
static void test_periodic_timer_one_sleep_per_expiry(void **state)
{
    (void)state;
    time_ms_t t0 = Msp430SchedulerTest__tick__now();
    msp430schedtest.stop_after = 20;
    Msp430SchedulerTest__tick__start_periodic(10);
    Msp430SchedulerTest__loop__run_forever();
    assert_int_equal(msp430schedtest.ticks, 20);
    /* start_periodic() takes its own now(), which may be a millisecond on */
    assert_in_range(msp430schedtest.at[0] - t0, 10, 11);
    for (uint16_t k = 1; k < 20; k++)
        assert_int_equal(msp430schedtest.at[k], msp430schedtest.at[0] + 10u * k);
    assert_int_equal(Msp430SchedulerTest__probe__count(), 20);
}

/* 4.5 s: two counter overflows (every 2 s) pass without waking the CPU. */
static void test_long_timer_sleeps_once(void **state)
{
    (void)state;
    msp430schedtest.stop_after = 1;
    Msp430SchedulerTest__other__start_one_shot(60000); /* later: the alarm follows the earliest */
    time_ms_t t0 = Msp430SchedulerTest__tick__now();
    Msp430SchedulerTest__tick__start_one_shot_at(t0, 4500);
    Msp430SchedulerTest__loop__run_forever();
    assert_int_equal(msp430schedtest.at[0], t0 + 4500);
    assert_int_equal(Msp430SchedulerTest__probe__count(), 1);
}

/* The lossless sleep: the alarm's interrupt is pending (interrupts off)
 * when the scheduler checks its queue; McuSleep's `bis #GIE|LPM3, SR`
 * takes it and the Clock's task runs. One sleep, no time lost. */
static void test_wakeup_pending_at_the_idle_check_is_not_lost(void **state)
{
    (void)state;
    time_ms_t t0 = Msp430SchedulerTest__tick__now();
    msp430schedtest.stop_after = 1;
    assert_int_equal(Msp430SchedulerTest__post__arm_pending(), E_OK);
    Msp430SchedulerTest__loop__run_forever();
    assert_int_equal(msp430schedtest.ticks, 1);
    assert_in_range(msp430schedtest.at[0] - t0, 0, 1);
    assert_int_equal(Msp430SchedulerTest__probe__count(), 1);
}

/* While tasks are queued the scheduler never sleeps. */
static void test_no_sleep_while_tasks_are_queued(void **state)
{
    (void)state;
    msp430schedtest.again_left = 500;
    assert_int_equal(Msp430SchedulerTest__post__again(), E_OK);
    Msp430SchedulerTest__loop__run_forever();
    assert_int_equal(msp430schedtest.again_left, 0);
    assert_int_equal(Msp430SchedulerTest__probe__count(), 0);
}

int main(void)
{
#define MSP430SCHEDTEST(f) cmocka_unit_test_setup_teardown(f, msp430schedtest_setup, msp430schedtest_teardown)
    const struct CMUnitTest tests[] = {
        MSP430SCHEDTEST(test_periodic_timer_one_sleep_per_expiry),
        MSP430SCHEDTEST(test_long_timer_sleeps_once),
        MSP430SCHEDTEST(test_wakeup_pending_at_the_idle_check_is_not_lost),
        MSP430SCHEDTEST(test_no_sleep_while_tasks_are_queued),
    };
    wire_init();
    __asm__ __volatile__("eint\n\tnop" : : : "memory");
    return cmocka_run_group_tests_name("msp430_scheduler", tests, NULL, NULL);
}
