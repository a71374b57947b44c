/* timer_test.c: TimerTest, cmocka tests of the Clock through five Timer
 * clients wired to Platform.timer, with Clock's Alarm replaced by FakeAlarm
 * (tests/wirings/timer.wire; timer16.wire runs the same tests over the
 * 16-bit hardware counter model). Time moves only in timertest_run_for(),
 * which alternates "run every queued task" with "step the fake clock to
 * the next alarm", the way a mote alternates tasks and sleep, so every
 * expiry is checked to the millisecond. */
#include <string.h>

#include "tests/unit/test_cmocka.h"

#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "tests/fakes/interfaces/fake_time.h"

enum { TIMERTEST_N = 5, TIMERTEST_LOG = 256 };

struct timertest_event {
    uint8_t timer;
    time_ms_t at;
};

static struct {
    struct timertest_event log[TIMERTEST_LOG];
    uint16_t count;
    uint16_t per_timer[TIMERTEST_N];
    /* per-test behaviour of the fired handlers */
    void (*on_fired)(uint8_t timer);
} timertest;

/* The five Timer clients as one table, so tests can loop over them. */
static void timertest_start_one_shot(uint8_t i, time_ms_t dt)
{
    switch (i) {
    case 0:
        TimerTest__t0__start_one_shot(dt);
        break;
    case 1:
        TimerTest__t1__start_one_shot(dt);
        break;
    case 2:
        TimerTest__t2__start_one_shot(dt);
        break;
    case 3:
        TimerTest__t3__start_one_shot(dt);
        break;
    default:
        TimerTest__t4__start_one_shot(dt);
        break;
    }
}

static void timertest_start_one_shot_at(uint8_t i, time_ms_t t0, time_ms_t dt)
{
    switch (i) {
    case 0:
        TimerTest__t0__start_one_shot_at(t0, dt);
        break;
    case 1:
        TimerTest__t1__start_one_shot_at(t0, dt);
        break;
    case 2:
        TimerTest__t2__start_one_shot_at(t0, dt);
        break;
    case 3:
        TimerTest__t3__start_one_shot_at(t0, dt);
        break;
    default:
        TimerTest__t4__start_one_shot_at(t0, dt);
        break;
    }
}

static void timertest_start_periodic(uint8_t i, time_ms_t period)
{
    switch (i) {
    case 0:
        TimerTest__t0__start_periodic(period);
        break;
    case 1:
        TimerTest__t1__start_periodic(period);
        break;
    case 2:
        TimerTest__t2__start_periodic(period);
        break;
    case 3:
        TimerTest__t3__start_periodic(period);
        break;
    default:
        TimerTest__t4__start_periodic(period);
        break;
    }
}

static void timertest_stop(uint8_t i)
{
    switch (i) {
    case 0:
        TimerTest__t0__stop();
        break;
    case 1:
        TimerTest__t1__stop();
        break;
    case 2:
        TimerTest__t2__stop();
        break;
    case 3:
        TimerTest__t3__stop();
        break;
    default:
        TimerTest__t4__stop();
        break;
    }
}

static bool timertest_is_running(uint8_t i)
{
    switch (i) {
    case 0:
        return TimerTest__t0__is_running();
    case 1:
        return TimerTest__t1__is_running();
    case 2:
        return TimerTest__t2__is_running();
    case 3:
        return TimerTest__t3__is_running();
    default:
        return TimerTest__t4__is_running();
    }
}

static time_ms_t timertest_now(void)
{
    return TimerTest__t0__now();
}

static void timertest_fired(uint8_t i)
{
    if (timertest.count < TIMERTEST_LOG) {
        timertest.log[timertest.count].timer = i;
        timertest.log[timertest.count].at = timertest_now();
    }
    timertest.count++;
    timertest.per_timer[i]++;
    if (timertest.on_fired)
        timertest.on_fired(i);
}

void TimerTest__t0__fired(void)
{
    timertest_fired(0);
}

void TimerTest__t1__fired(void)
{
    timertest_fired(1);
}

void TimerTest__t2__fired(void)
{
    timertest_fired(2);
}

void TimerTest__t3__fired(void)
{
    timertest_fired(3);
}

void TimerTest__t4__fired(void)
{
    timertest_fired(4);
}

/* Run tasks and move the clock until dt ms have passed: the mote's life
 * (tasks in zero time, sleep until the next alarm) in fast forward. */
static void timertest_run_for(time_ms_t dt)
{
    time_ms_t end = timertest_now() + dt;
    for (;;) {
        (void)TimerTest__loop__run_until_idle();
        if (!TimerTest__time__step(end - timertest_now()))
            break;
    }
    (void)TimerTest__loop__run_until_idle();
}

static int timertest_setup(void **state)
{
    (void)state;
    memset(&timertest, 0, sizeof timertest);
    return 0;
}

static int timertest_teardown(void **state)
{
    (void)state;
    timertest.on_fired = NULL;
    for (uint8_t i = 0; i < TIMERTEST_N; i++) {
        timertest_stop(i);
        assert_false(timertest_is_running(i));
    }
    timertest_run_for(0);
    assert_false(TimerTest__time__pending()); /* no timer left: alarm stopped */
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_one_shot(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    TimerTest__t0__start_one_shot(100);
    assert_true(TimerTest__t0__is_running());
    assert_true(TimerTest__time__pending());
    assert_int_equal(TimerTest__time__deadline(), t + 100);
    timertest_run_for(99);
    assert_int_equal(timertest.count, 0);
    timertest_run_for(1);
    assert_int_equal(timertest.count, 1);
    assert_int_equal(timertest.log[0].at, t + 100);
    assert_false(TimerTest__t0__is_running());
    timertest_run_for(10000);
    assert_int_equal(timertest.count, 1);
}

static void test_periodic_without_drift(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest_start_periodic(1, 10);
    timertest_run_for(1000);
    assert_int_equal(timertest.count, 100);
    for (uint16_t k = 0; k < 100; k++)
        assert_int_equal(timertest.log[k].at, t + 10u * (k + 1u));
    assert_true(TimerTest__t1__is_running());
}

/* The task that signals fired runs 7 ms late (a long task before it): the
 * late expiry is signalled late, but the next is still on the 10 ms grid. */
static void test_periodic_late_task_does_not_drift(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    TimerTest__t2__start_periodic(10);
    assert_true(TimerTest__time__step(1000)); /* the alarm at t + 10 posts Clock's task... */
    assert_int_equal(timertest_now(), t + 10);
    TimerTest__time__set(t + 17); /* ...which only runs 7 ms later */
    (void)TimerTest__loop__run_until_idle();
    assert_int_equal(timertest.count, 1);
    assert_int_equal(timertest.log[0].at, t + 17);
    assert_int_equal(TimerTest__time__deadline(), t + 20);
    timertest_run_for(3 + 19); /* to t + 39 */
    assert_int_equal(timertest.count, 3);
    assert_int_equal(timertest.log[1].at, t + 20);
    assert_int_equal(timertest.log[2].at, t + 30);
}

/* All five due at one instant: one alarm, one pass, five events. */
static void test_many_timers_at_one_instant(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    uint32_t alarms = TimerTest__time__fired_count();
    for (uint8_t i = 0; i < TIMERTEST_N; i++)
        timertest_start_one_shot_at(i, t, 50);
    TimerTest__t4__start_periodic(50); /* a periodic one on the same instant */
    timertest_run_for(50);
    assert_int_equal(timertest.count, TIMERTEST_N);
    for (uint8_t i = 0; i < TIMERTEST_N; i++) {
        assert_int_equal(timertest.per_timer[i], 1);
        assert_int_equal(timertest.log[i].at, t + 50);
    }
    assert_int_equal(TimerTest__time__fired_count(), alarms + 1);
    assert_true(TimerTest__t4__is_running());
    assert_int_equal(TimerTest__time__deadline(), t + 100);
}

/* The alarm always points at the earliest running timer. */
static void test_alarm_follows_the_earliest_deadline(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    TimerTest__t0__start_one_shot(300);
    assert_int_equal(TimerTest__time__deadline(), t + 300);
    TimerTest__t1__start_one_shot(100);
    assert_int_equal(TimerTest__time__deadline(), t + 100);
    TimerTest__t2__start_one_shot(200);
    assert_int_equal(TimerTest__time__deadline(), t + 100);
    TimerTest__t1__stop();
    assert_int_equal(TimerTest__time__deadline(), t + 200);
    timertest_run_for(200);
    assert_int_equal(timertest.count, 1);
    assert_int_equal(TimerTest__time__deadline(), t + 300);
    TimerTest__t0__stop();
    assert_false(TimerTest__time__pending());
}

static void test_stop_prevents_a_due_expiry(void **state)
{
    (void)state;
    TimerTest__t3__start_one_shot(10);
    assert_true(TimerTest__time__step(100)); /* due: Clock's task is queued */
    TimerTest__t3__stop();                   /* a task before it stops the timer */
    assert_false(TimerTest__t3__is_running());
    timertest_run_for(100);
    assert_int_equal(timertest.count, 0);
}

/* Whichever of two timers due together fires first stops the other. */
static void timertest_stop_the_other(uint8_t i)
{
    timertest_stop(i == 0 ? 1 : 0);
}

static void test_cancel_inside_a_handler(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest.on_fired = timertest_stop_the_other;
    timertest_start_one_shot_at(0, t, 40);
    timertest_start_one_shot_at(1, t, 40);
    timertest_run_for(100);
    assert_int_equal(timertest.count, 1);
    assert_false(TimerTest__t0__is_running());
    assert_false(TimerTest__t1__is_running());
}

/* A one-shot that re-arms itself three times from its handler. */
static void timertest_rearm(uint8_t i)
{
    if (timertest.per_timer[i] < 4)
        timertest_start_one_shot(i, 25);
}

static void test_rearm_inside_a_handler(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest.on_fired = timertest_rearm;
    TimerTest__t2__start_one_shot(25);
    timertest_run_for(1000);
    assert_int_equal(timertest.count, 4);
    for (uint16_t k = 0; k < 4; k++)
        assert_int_equal(timertest.log[k].at, t + 25u * (k + 1u));
}

/* A handler that restarts timers with dt = 0 cannot keep one pass going:
 * each restart waits for the next pass (a new alarm, fired at once). */
static void timertest_rearm_zero(uint8_t i)
{
    if (i == 0 && timertest.per_timer[0] < 3)
        TimerTest__t0__start_one_shot(0);
    if (i == 0 && timertest.per_timer[0] == 1)
        TimerTest__t4__start_one_shot(0); /* a later id, started mid-pass */
}

static void test_rearm_with_zero_delay_fires_in_the_next_pass(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    uint32_t alarms = TimerTest__time__fired_count();
    timertest.on_fired = timertest_rearm_zero;
    TimerTest__t0__start_one_shot(5);
    timertest_run_for(0);
    assert_int_equal(timertest.count, 0);
    timertest_run_for(5);
    assert_int_equal(timertest.per_timer[0], 3);
    assert_int_equal(timertest.per_timer[4], 1);
    for (uint16_t k = 0; k < timertest.count; k++)
        assert_int_equal(timertest.log[k].at, t + 5); /* all at one instant, in 3 passes */
    assert_int_equal(TimerTest__time__fired_count(), alarms + 3);
}

static void timertest_stop_self(uint8_t i)
{
    if (timertest.per_timer[i] == 3)
        timertest_stop(i);
}

static void test_periodic_stopped_or_changed_in_its_handler(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest.on_fired = timertest_stop_self;
    TimerTest__t3__start_periodic(20);
    timertest_run_for(500);
    assert_int_equal(timertest.count, 3);
    assert_int_equal(timertest.log[2].at, t + 60);
    timertest.on_fired = NULL;
    /* restarting a running periodic timer replaces its period and phase */
    t = timertest_now();
    TimerTest__t3__start_periodic(20);
    timertest_run_for(30);
    TimerTest__t3__start_periodic(7);
    timertest_run_for(14);
    assert_int_equal(timertest.count, 6);
    assert_int_equal(timertest.log[3].at, t + 20);
    assert_int_equal(timertest.log[4].at, t + 37);
    assert_int_equal(timertest.log[5].at, t + 44);
}

static void test_start_at_in_the_past_fires_at_once(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest_run_for(1000);
    TimerTest__t1__start_one_shot_at(t, 300); /* due 700 ms ago */
    timertest_run_for(0);
    assert_int_equal(timertest.count, 1);
    assert_int_equal(timertest.log[0].at, t + 1000);
    TimerTest__t1__start_one_shot_at(t + 1000, 5); /* from now: a plain one-shot */
    timertest_run_for(5);
    assert_int_equal(timertest.count, 2);
    assert_int_equal(timertest.log[1].at, t + 1005);
}

static void test_zero_period_and_huge_delay(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    TimerTest__t0__start_periodic(0); /* treated as 1 ms */
    timertest_run_for(10);
    assert_int_equal(timertest.count, 10);
    TimerTest__t0__stop();
    TimerTest__t1__start_one_shot(0xFFFFFFFFUL); /* clamped to 2^31 - 1 */
    assert_int_equal(TimerTest__time__deadline(), t + 10 + 0x7FFFFFFFUL);
    timertest_run_for(100000);
    assert_int_equal(timertest.count, 10);
    assert_true(TimerTest__t1__is_running());
}

/* The 32-bit clock wraps after 49.7 days: timers on both sides of it. */
static void test_wrap_of_the_32_bit_clock(void **state)
{
    (void)state;
    time_ms_t t = 0xFFFFFF00UL;
    TimerTest__time__set(t);
    assert_int_equal(timertest_now(), t);
    TimerTest__t0__start_one_shot(0x200);                   /* due at 0x100, after the wrap */
    TimerTest__t1__start_one_shot(0x80);                    /* due before the wrap */
    TimerTest__t2__start_periodic(100);                     /* ticks straight through it */
    assert_int_equal(TimerTest__time__deadline(), t + 100); /* the earliest of the three */
    timertest_run_for(0x200);
    assert_int_equal(timertest.per_timer[0], 1);
    assert_int_equal(timertest.per_timer[1], 1);
    assert_int_equal(timertest.per_timer[2], 5);
    time_ms_t last = 0;
    for (uint16_t k = 0; k < timertest.count; k++) {
        if (k)
            assert_true(timertest.log[k].at - last < 0x200); /* in order across the wrap */
        last = timertest.log[k].at;
        if (timertest.log[k].timer == 0)
            assert_int_equal(timertest.log[k].at, 0x100);
        if (timertest.log[k].timer == 1)
            assert_int_equal(timertest.log[k].at, 0xFFFFFF80UL);
    }
    assert_int_equal(timertest_now(), 0x100);
}

/* Longer than the 16-bit counter's period, and a deadline right on a
 * counter overflow (the compare and the overflow interrupt at one instant). */
static void test_long_delays_and_the_16_bit_counter(void **state)
{
    (void)state;
    TimerTest__time__set(0x0001FFF0UL);
    uint32_t overflows = TimerTest__time__overflows();
    TimerTest__t0__start_one_shot(0x10); /* due at 0x00020000 exactly */
    timertest_run_for(0x10);
    assert_int_equal(timertest.count, 1);
    assert_int_equal(timertest.log[0].at, 0x00020000UL);
    time_ms_t t = timertest_now();
    TimerTest__t1__start_one_shot(200000); /* three counter periods and some */
    TimerTest__t2__start_periodic(65536);  /* lands on the same counter value */
    timertest_run_for(200000);
    assert_int_equal(timertest.per_timer[1], 1);
    assert_int_equal(timertest.per_timer[2], 3);
    for (uint16_t k = 1; k < timertest.count; k++) {
        if (timertest.log[k].timer == 1)
            assert_int_equal(timertest.log[k].at, t + 200000UL);
    }
    if (TimerTest__time__counter16())
        assert_int_equal(TimerTest__time__overflows() - overflows, 4);
    else
        assert_int_equal(TimerTest__time__overflows(), 0);
}

/* run_forever() with FakeSleep: the whole scenario runs inside the loop. */
static void timertest_stop_loop_at_5(uint8_t i)
{
    if (timertest.per_timer[i] == 5)
        TimerTest__loop__stop();
}

static void test_run_forever_sleeps_between_expiries(void **state)
{
    (void)state;
    time_ms_t t = timertest_now();
    timertest.on_fired = timertest_stop_loop_at_5;
    TimerTest__t4__start_periodic(1000);
    TimerTest__loop__run_forever();
    assert_int_equal(timertest.count, 5);
    assert_int_equal(timertest_now(), t + 5000);
}

int main(void)
{
#define TIMERTEST(f) cmocka_unit_test_setup_teardown(f, timertest_setup, timertest_teardown)
    const struct CMUnitTest tests[] = {
        TIMERTEST(test_one_shot),
        TIMERTEST(test_periodic_without_drift),
        TIMERTEST(test_periodic_late_task_does_not_drift),
        TIMERTEST(test_many_timers_at_one_instant),
        TIMERTEST(test_alarm_follows_the_earliest_deadline),
        TIMERTEST(test_stop_prevents_a_due_expiry),
        TIMERTEST(test_cancel_inside_a_handler),
        TIMERTEST(test_rearm_inside_a_handler),
        TIMERTEST(test_rearm_with_zero_delay_fires_in_the_next_pass),
        TIMERTEST(test_periodic_stopped_or_changed_in_its_handler),
        TIMERTEST(test_start_at_in_the_past_fires_at_once),
        TIMERTEST(test_zero_period_and_huge_delay),
        TIMERTEST(test_wrap_of_the_32_bit_clock),
        TIMERTEST(test_long_delays_and_the_16_bit_counter),
        TIMERTEST(test_run_forever_sleeps_between_expiries),
    };
    wire_init();
    return cmocka_run_group_tests_name(TimerTest__time__counter16() ? "timer (16-bit counter)" : "timer",
                                       tests, NULL, NULL);
}
