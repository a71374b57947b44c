/* msp430_alarm_test.c: Msp430AlarmTest, cmocka tests (in the simulator) of
 * Msp430Alarm on the simulated Timer_A and of Msp430Sleep, without the
 * Clock or the Scheduler above them (tests/wirings/msp430_alarm.wire).
 *
 * Everything here is real: the compare and overflow interrupts, LPM3 with
 * ACLK running, the wake-up from the handler. fired() runs in the compare
 * interrupt and records now(); a test then checks that the alarm fired in
 * the very millisecond it was due. Waiting is the scheduler's idiom: check
 * the condition and sleep() in one atomic section, counting sleeps. One
 * sleep per alarm shows that the CPU really stopped (a sleep that did not
 * would return at once and be counted again and again) and that the
 * overflow interrupts (one every 2000 ms) let it sleep on.
 *
 * Simulated time: 1 ms = 8388.6 MCLK cycles (ACLK = MCLK / 256). now()
 * starts 1000 ms before the 32-bit wrap (the wiring's `start`), so the
 * first test crosses it. A wait that never ends is a simrun timeout. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "tests/unit/test_cmocka.h"

#include "interfaces/alarm.h"
#include "interfaces/mcu_sleep.h"
#include "lib/atomic.h"
#include "lib/time_ms.h"

static struct {
    volatile uint16_t fired;
    volatile time_ms_t fired_at;
    volatile uint16_t rearm_left; /* fired() re-arms for 1 ms later while > 0 */
    uint16_t sleeps;              /* sleep() calls of the last wait */
} msp430alarmtest;

/* Interrupt context (Msp430Alarm's compare handler). */
void Msp430AlarmTest__alarm__fired(void)
{
    msp430alarmtest.fired_at = Msp430AlarmTest__alarm__now();
    msp430alarmtest.fired++;
    if (msp430alarmtest.rearm_left) {
        msp430alarmtest.rearm_left--;
        Msp430AlarmTest__alarm__start_at(msp430alarmtest.fired_at, 1);
    }
}

/* Sleep until fired() has run `want` times in all. */
static void msp430alarmtest_wait(uint16_t want)
{
    msp430alarmtest.sleeps = 0;
    atomic_t a = atomic_begin();
    while (msp430alarmtest.fired < want) {
        Msp430AlarmTest__sleep__sleep();
        msp430alarmtest.sleeps++;
    }
    atomic_end(a);
}

/* Arm for t0 + dt, sleep until it fires, check it fired in its millisecond
 * after exactly one sleep. */
static void msp430alarmtest_fire_at(time_ms_t t0, time_ms_t dt)
{
    uint16_t before = msp430alarmtest.fired;
    Msp430AlarmTest__alarm__start_at(t0, dt);
    msp430alarmtest_wait(before + 1);
    assert_int_equal(msp430alarmtest.fired_at, (time_ms_t)(t0 + dt));
    assert_int_equal(msp430alarmtest.sleeps, 1);
}

/* Busy-wait (interrupts on, not sleeping) until now() reaches t. */
static void msp430alarmtest_spin_until(time_ms_t t)
{
    while (time_before(Msp430AlarmTest__alarm__now(), t))
        ;
}

static int msp430alarmtest_setup(void **state)
{
    (void)state;
    msp430alarmtest.rearm_left = 0;
    return 0;
}

static int msp430alarmtest_teardown(void **state)
{
    (void)state;
    Msp430AlarmTest__alarm__stop();
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_wrap_of_the_32_bit_clock(void **state)
{
    (void)state;
    time_ms_t t0 = Msp430AlarmTest__alarm__now();
    assert_in_range(t0 - (time_ms_t)Msp430AlarmTest__start, 0, 100); /* just booted */
    msp430alarmtest_fire_at(t0, 1500);
    assert_in_range(msp430alarmtest.fired_at, 1, 600); /* past the wrap */
}

/* now() read in a tight loop moves by 0 or 1 ms per read. */
static void test_now_counts_milliseconds(void **state)
{
    (void)state;
    time_ms_t start = Msp430AlarmTest__alarm__now();
    time_ms_t last = start;
    while (last - start < 300) {
        time_ms_t t = Msp430AlarmTest__alarm__now();
        assert_in_range(t - last, 0, 1);
        last = t;
    }
}

/* With interrupts off across a counter overflow, the overflow is pending
 * and not yet counted in the software high part: now() must count it
 * itself (TAIFG), and agree with itself once the interrupt has run. */
static void test_now_with_an_overflow_pending(void **state)
{
    (void)state;
    atomic_t a = atomic_begin();
    time_ms_t last = Msp430AlarmTest__alarm__now();
    uint16_t reads = 0;
    while (!(MSP430_TACTL & MSP430_TAIFG)) { /* at most 2000 ms */
        time_ms_t t = Msp430AlarmTest__alarm__now();
        assert_in_range(t - last, 0, 1);
        last = t;
    }
    while (reads < 2000) { /* and on, with the overflow pending */
        time_ms_t t = Msp430AlarmTest__alarm__now();
        assert_in_range(t - last, 0, 1);
        last = t;
        reads++;
    }
    assert_true(MSP430_TACTL & MSP430_TAIFG); /* still not serviced */
    atomic_end(a);                            /* the overflow interrupt runs here */
    time_ms_t t = Msp430AlarmTest__alarm__now();
    assert_false(MSP430_TACTL & MSP430_TAIFG);
    assert_in_range(t - last, 0, 1);
}

/* Delays within a counter period, one period, and beyond: each fires in
 * the millisecond it is due, after one sleep. */
static void test_fires_in_its_millisecond(void **state)
{
    (void)state;
    static const time_ms_t delays[] = {1, 2, 3, 31, 100, 999, 1999, 2000, 2001, 2600};
    for (uint16_t i = 0; i < sizeof delays / sizeof delays[0]; i++)
        msp430alarmtest_fire_at(Msp430AlarmTest__alarm__now(), delays[i]);
}

/* Deadlines on a counter overflow (TAR = 0, CCR0 = 0: the compare and the
 * overflow at one instant) and one millisecond either side. The counter
 * wraps every 2000 ms counted from `start`. */
static void test_deadline_at_a_counter_overflow(void **state)
{
    (void)state;
    static const int8_t around[] = {0, -1, 1};
    for (uint16_t i = 0; i < sizeof around / sizeof around[0]; i++) {
        time_ms_t t0 = Msp430AlarmTest__alarm__now();
        time_ms_t since = t0 - (time_ms_t)Msp430AlarmTest__start;
        time_ms_t boundary = t0 - since % 2000u + 2000u; /* the next overflow */
        if (boundary - t0 < 10)
            boundary += 2000u;
        msp430alarmtest_fire_at(t0, boundary + (time_ms_t)(int32_t)around[i] - t0);
    }
}

/* A deadline already passed fires at once: with interrupts on, before
 * start_at() returns. */
static void test_deadline_in_the_past_fires_at_once(void **state)
{
    (void)state;
    time_ms_t t = Msp430AlarmTest__alarm__now();
    uint16_t before = msp430alarmtest.fired;
    Msp430AlarmTest__alarm__start_at(t - 100, 50);
    assert_int_equal(msp430alarmtest.fired, before + 1);
    assert_in_range(msp430alarmtest.fired_at - t, 0, 1);
    t = Msp430AlarmTest__alarm__now();
    Msp430AlarmTest__alarm__start_at(t, 0); /* exactly now counts as reached */
    assert_int_equal(msp430alarmtest.fired, before + 2);
    assert_in_range(msp430alarmtest.fired_at - t, 0, 1);
}

/* The lossless sleep: the alarm's interrupt becomes pending inside the
 * atomic section, after the condition was checked and before sleep(). The
 * sleep instruction itself enables interrupts, takes it and wakes. */
static void test_interrupt_pending_at_sleep_is_not_lost(void **state)
{
    (void)state;
    uint16_t before = msp430alarmtest.fired;
    atomic_t a = atomic_begin();
    time_ms_t t = Msp430AlarmTest__alarm__now();
    Msp430AlarmTest__alarm__start_at(t, 0); /* due: CCIFG set, interrupts off */
    assert_int_equal(msp430alarmtest.fired, before);
    msp430alarmtest.sleeps = 0;
    while (msp430alarmtest.fired == before) {
        Msp430AlarmTest__sleep__sleep();
        msp430alarmtest.sleeps++;
    }
    atomic_end(a);
    assert_int_equal(msp430alarmtest.sleeps, 1);
    assert_in_range(msp430alarmtest.fired_at - t, 0, 1);
    /* the same for a deadline that comes while the atomic section lasts */
    a = atomic_begin();
    t = Msp430AlarmTest__alarm__now();
    Msp430AlarmTest__alarm__start_at(t, 2);
    while (time_before(Msp430AlarmTest__alarm__now(), t + 5))
        ; /* the compare matches here, interrupts off */
    msp430alarmtest.sleeps = 0;
    while (msp430alarmtest.fired == before + 1) {
        Msp430AlarmTest__sleep__sleep();
        msp430alarmtest.sleeps++;
    }
    atomic_end(a);
    assert_int_equal(msp430alarmtest.sleeps, 1);
    assert_in_range(msp430alarmtest.fired_at, t + 5, t + 6); /* taken when sleep() enabled interrupts */
}

static void test_restart_replaces_and_stop_cancels(void **state)
{
    (void)state;
    time_ms_t t = Msp430AlarmTest__alarm__now();
    uint16_t before = msp430alarmtest.fired;
    Msp430AlarmTest__alarm__start_at(t, 100);
    msp430alarmtest_fire_at(t, 30); /* replaces the first */
    msp430alarmtest_spin_until(t + 150);
    assert_int_equal(msp430alarmtest.fired, before + 1); /* the first never fires */
    t = Msp430AlarmTest__alarm__now();
    Msp430AlarmTest__alarm__start_at(t, 20);
    Msp430AlarmTest__alarm__stop();
    msp430alarmtest_spin_until(t + 60);
    assert_int_equal(msp430alarmtest.fired, before + 1);
    /* stop() also drops an alarm that is already due */
    atomic_t a = atomic_begin();
    Msp430AlarmTest__alarm__start_at(t, 0); /* due: its interrupt is pending */
    Msp430AlarmTest__alarm__stop();
    atomic_end(a);
    msp430alarmtest_spin_until(t + 70);
    assert_int_equal(msp430alarmtest.fired, before + 1);
}

/* fired() re-arms from interrupt context, 20 times, 1 ms apart. */
static void test_rearm_from_the_handler(void **state)
{
    (void)state;
    time_ms_t t = Msp430AlarmTest__alarm__now();
    uint16_t before = msp430alarmtest.fired;
    msp430alarmtest.rearm_left = 20;
    Msp430AlarmTest__alarm__start_at(t, 1);
    msp430alarmtest_wait(before + 21);
    assert_int_equal(msp430alarmtest.fired_at, t + 21);
    assert_int_equal(msp430alarmtest.sleeps, 21);
}

int main(void)
{
#define MSP430ALARMTEST(f) cmocka_unit_test_setup_teardown(f, msp430alarmtest_setup, msp430alarmtest_teardown)
    const struct CMUnitTest tests[] = {
        MSP430ALARMTEST(test_wrap_of_the_32_bit_clock), /* first: now() starts just before the wrap */
        MSP430ALARMTEST(test_now_counts_milliseconds),
        MSP430ALARMTEST(test_now_with_an_overflow_pending),
        MSP430ALARMTEST(test_fires_in_its_millisecond),
        MSP430ALARMTEST(test_deadline_at_a_counter_overflow),
        MSP430ALARMTEST(test_deadline_in_the_past_fires_at_once),
        MSP430ALARMTEST(test_interrupt_pending_at_sleep_is_not_lost),
        MSP430ALARMTEST(test_restart_replaces_and_stop_cancels),
        MSP430ALARMTEST(test_rearm_from_the_handler),
    };
    wire_init();
    __asm__ __volatile__("eint\n\tnop" : : : "memory");
    return cmocka_run_group_tests_name("msp430_alarm", tests, NULL, NULL);
}
