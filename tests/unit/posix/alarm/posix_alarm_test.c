/* posix_alarm_test.c: PosixAlarmTest, cmocka tests of PosixLoop's Alarm
 * and McuSleep without the Clock above them. The wiring starts now() at
 * 0xffffff9c, so the first test crosses the 32-bit wrap on the real clock.
 * Also: a deadline in the past fires at once, start_at replaces and stop
 * cancels, sleep() waits without spinning, and a signal (EINTR) in poll()
 * neither fires the alarm early nor loses it. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/alarm.h"
#include "interfaces/mcu_sleep.h"
#include "lib/atomic.h"

enum { POSIXALARMTEST_SLACK_MS = 150, POSIXALARMTEST_LIMIT_MS = 2000 };

static struct {
    unsigned fired;
    time_ms_t fired_at;
    unsigned sleeps; /* sleep() calls of the last wait */
} posixalarmtest;

static volatile sig_atomic_t posixalarmtest_signalled;

void PosixAlarmTest__alarm__fired(void)
{
    posixalarmtest.fired++;
    posixalarmtest.fired_at = PosixAlarmTest__alarm__now();
}

static uint64_t posixalarmtest_real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* sleep() until the alarm fired `want` times, at most LIMIT real ms (each
 * sleep() is bounded by the armed alarm, so this cannot hang). */
static bool posixalarmtest_wait(unsigned want)
{
    uint64_t end = posixalarmtest_real_ms() + POSIXALARMTEST_LIMIT_MS;
    posixalarmtest.sleeps = 0;
    while (posixalarmtest.fired < want && posixalarmtest_real_ms() < end) {
        atomic_t a = atomic_begin();
        PosixAlarmTest__sleep__sleep();
        atomic_end(a);
        posixalarmtest.sleeps++;
    }
    return posixalarmtest.fired >= want;
}

static int posixalarmtest_setup(void **state)
{
    (void)state;
    PosixAlarmTest__alarm__stop();
    posixalarmtest.fired = 0;
    return 0;
}

/* Runs first: now() starts just before 2^32 and the alarm is due after it. */
static void posixalarmtest_fires_across_the_wrap(void **state)
{
    (void)state;
    time_ms_t t0 = PosixAlarmTest__alarm__now();
    assert_true(t0 >= 0xffffff9cu); /* the clock starts at clock_start */
    PosixAlarmTest__alarm__start_at(t0, 250);
    assert_true(posixalarmtest_wait(1));
    assert_true(posixalarmtest.fired_at < 0x80000000u); /* wrapped */
    assert_in_range((time_ms_t)(posixalarmtest.fired_at - t0), 250, 250 + POSIXALARMTEST_SLACK_MS);
}

static void posixalarmtest_past_deadline_fires_at_once(void **state)
{
    (void)state;
    time_ms_t now = PosixAlarmTest__alarm__now();
    PosixAlarmTest__alarm__start_at(now - 1000, 10);
    assert_true(posixalarmtest_wait(1));
    assert_int_equal(posixalarmtest.sleeps, 1);
    assert_in_range((time_ms_t)(posixalarmtest.fired_at - now), 0, 20);
}

static void posixalarmtest_start_replaces_and_stop_cancels(void **state)
{
    (void)state;
    time_ms_t t0 = PosixAlarmTest__alarm__now();
    PosixAlarmTest__alarm__start_at(t0, 20);
    PosixAlarmTest__alarm__stop();
    PosixAlarmTest__alarm__start_at(t0, 30);
    PosixAlarmTest__alarm__start_at(t0, 80); /* replaces the 30 */
    assert_true(posixalarmtest_wait(1));
    assert_int_equal(posixalarmtest.fired, 1);
    assert_in_range((time_ms_t)(posixalarmtest.fired_at - t0), 80, 80 + POSIXALARMTEST_SLACK_MS);
}

/* Waiting 100 ms takes a handful of poll() calls, not a spin. */
static void posixalarmtest_sleep_does_not_spin(void **state)
{
    (void)state;
    PosixAlarmTest__alarm__start_at(PosixAlarmTest__alarm__now(), 100);
    assert_true(posixalarmtest_wait(1));
    assert_in_range(posixalarmtest.sleeps, 1, 3);
}

static void posixalarmtest_on_sigalrm(int signo)
{
    (void)signo;
    posixalarmtest_signalled = 1;
}

static void posixalarmtest_signal_in_poll(void **state)
{
    (void)state;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = posixalarmtest_on_sigalrm; /* no SA_RESTART: poll() fails with EINTR */
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = 20000}};
    time_ms_t t0 = PosixAlarmTest__alarm__now();
    PosixAlarmTest__alarm__start_at(t0, 100);
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
    assert_true(posixalarmtest_wait(1));
    assert_true(posixalarmtest_signalled);
    assert_in_range((time_ms_t)(posixalarmtest.fired_at - t0), 100, 100 + POSIXALARMTEST_SLACK_MS);
    assert_in_range(posixalarmtest.sleeps, 2, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(posixalarmtest_fires_across_the_wrap, posixalarmtest_setup),
        cmocka_unit_test_setup(posixalarmtest_past_deadline_fires_at_once, posixalarmtest_setup),
        cmocka_unit_test_setup(posixalarmtest_start_replaces_and_stop_cancels, posixalarmtest_setup),
        cmocka_unit_test_setup(posixalarmtest_sleep_does_not_spin, posixalarmtest_setup),
        cmocka_unit_test_setup(posixalarmtest_signal_in_poll, posixalarmtest_setup),
    };
    wire_init();
    return cmocka_run_group_tests_name("posix_alarm", tests, NULL, NULL);
}
