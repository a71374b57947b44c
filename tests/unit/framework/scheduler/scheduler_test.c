/* scheduler_test.c: SchedulerTest, cmocka tests of the Scheduler through
 * the real generated task glue: this component's tasks a, b, c and again
 * are clients of Scheduler.tasks like any component's. Each task appends
 * its letter to a trace, so FIFO order is a string compare. FakeSleep
 * stands in for the MCU's sleep and FakeAlarm for the interrupt that ends
 * it (tests/wirings/scheduler.wire). */
#include <string.h>

#include "tests/unit/test_cmocka.h"

#include "interfaces/alarm.h"
#include "interfaces/task_loop.h"
#include "tests/fakes/interfaces/fake_time.h"

static struct {
    char trace[64];
    uint8_t len;
    void (*on_a)(void);  /* extra work for task a, per test */
    uint16_t again_left; /* task `again` re-posts itself while > 0 */
    err_t repost_result; /* what a post from inside a task returned */
    bool stop_in_b;
    bool stop_in_c;
} schedulertest;

static void schedulertest_mark(char c)
{
    if (schedulertest.len < sizeof schedulertest.trace - 1)
        schedulertest.trace[schedulertest.len++] = c;
    schedulertest.trace[schedulertest.len] = '\0';
}

void SchedulerTest__task__a(void)
{
    schedulertest_mark('a');
    if (schedulertest.on_a)
        schedulertest.on_a();
}

void SchedulerTest__task__b(void)
{
    schedulertest_mark('b');
    if (schedulertest.stop_in_b)
        SchedulerTest__loop__stop();
}

void SchedulerTest__task__c(void)
{
    schedulertest_mark('c');
    if (schedulertest.stop_in_c)
        SchedulerTest__loop__stop();
}

void SchedulerTest__task__again(void)
{
    if (schedulertest.again_left && --schedulertest.again_left)
        (void)SchedulerTest__post__again();
}

/* The "interrupt": FakeAlarm signals it from inside FakeSleep's sleep(),
 * i.e. inside run_forever()'s atomic section, as a real ISR would. */
void SchedulerTest__alarm__fired(void)
{
    schedulertest_mark('!');
    assert_int_equal(SchedulerTest__post__c(), E_OK);
}

static int schedulertest_setup(void **state)
{
    (void)state;
    memset(&schedulertest, 0, sizeof schedulertest);
    return 0;
}

static int schedulertest_teardown(void **state)
{
    (void)state;
    SchedulerTest__alarm__stop();
    schedulertest.on_a = NULL;
    schedulertest.stop_in_b = schedulertest.stop_in_c = false;
    (void)SchedulerTest__loop__run_until_idle();
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_fifo_order(void **state)
{
    (void)state;
    assert_int_equal(SchedulerTest__post__c(), E_OK);
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    assert_int_equal(SchedulerTest__post__b(), E_OK);
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 3);
    assert_string_equal(schedulertest.trace, "cab");
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 0);
}

static void test_repost_of_queued_task_is_a_noop(void **state)
{
    (void)state;
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    assert_int_equal(SchedulerTest__post__b(), E_OK);
    assert_int_equal(SchedulerTest__post__a(), E_BUSY); /* queued: no second slot */
    assert_int_equal(SchedulerTest__post__b(), E_BUSY);
    assert_int_equal(SchedulerTest__post__c(), E_OK);
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 3);
    assert_string_equal(schedulertest.trace, "abc"); /* the first post's place is kept */
}

static void schedulertest_a_posts_b_and_itself(void)
{
    if (schedulertest.len == 1) {
        assert_int_equal(SchedulerTest__post__b(), E_OK);
        /* a is running, not queued: it may post itself again */
        schedulertest.repost_result = SchedulerTest__post__a();
        assert_int_equal(SchedulerTest__post__a(), E_BUSY);
    }
}

static void test_post_from_inside_a_task(void **state)
{
    (void)state;
    schedulertest.on_a = schedulertest_a_posts_b_and_itself;
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    assert_int_equal(SchedulerTest__post__c(), E_OK);
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 4);
    assert_int_equal(schedulertest.repost_result, E_OK);
    assert_string_equal(schedulertest.trace, "acba"); /* b and a went behind c */
}

static void test_run_until_idle_counts(void **state)
{
    (void)state;
    schedulertest.again_left = 1000;
    assert_int_equal(SchedulerTest__post__again(), E_OK);
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 1000);
    assert_int_equal(schedulertest.again_left, 0);
}

static void test_run_next(void **state)
{
    (void)state;
    assert_false(SchedulerTest__loop__run_next());
    assert_int_equal(SchedulerTest__post__b(), E_OK);
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    assert_true(SchedulerTest__loop__run_next());
    assert_string_equal(schedulertest.trace, "b");
    assert_int_equal(SchedulerTest__post__b(), E_OK); /* b ran: may be posted again */
    assert_true(SchedulerTest__loop__run_next());
    assert_true(SchedulerTest__loop__run_next());
    assert_false(SchedulerTest__loop__run_next());
    assert_string_equal(schedulertest.trace, "bab");
}

static void test_run_forever_returns_after_the_current_task(void **state)
{
    (void)state;
    schedulertest.stop_in_b = true;
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    assert_int_equal(SchedulerTest__post__b(), E_OK);
    assert_int_equal(SchedulerTest__post__c(), E_OK);
    SchedulerTest__loop__run_forever();
    assert_string_equal(schedulertest.trace, "ab"); /* c is still queued */
    schedulertest.stop_in_b = false;
    assert_int_equal(SchedulerTest__post__c(), E_BUSY);
    assert_int_equal(SchedulerTest__loop__run_until_idle(), 1);
    assert_string_equal(schedulertest.trace, "abc");
}

static void test_stop_before_run_forever_is_kept(void **state)
{
    (void)state;
    SchedulerTest__loop__stop(); /* e.g. Process.exit() during boot */
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    SchedulerTest__loop__run_forever(); /* returns at once */
    assert_string_equal(schedulertest.trace, "");
    /* the stop was consumed: the next run_forever() runs until c stops it */
    schedulertest.stop_in_c = true;
    assert_int_equal(SchedulerTest__post__c(), E_OK);
    SchedulerTest__loop__run_forever();
    assert_string_equal(schedulertest.trace, "ac");
}

/* Idle: run_forever() sleeps (FakeSleep moves the clock to the alarm), the
 * alarm's "interrupt" posts c, and c stops the loop. No wake-up is lost and
 * no time passes while tasks are queued. */
static void test_run_forever_sleeps_until_an_interrupt_posts(void **state)
{
    (void)state;
    time_ms_t t0 = SchedulerTest__alarm__now();
    uint32_t fired = SchedulerTest__time__fired_count();
    schedulertest.stop_in_c = true;
    assert_int_equal(SchedulerTest__post__a(), E_OK);
    SchedulerTest__alarm__start_at(t0, 250);
    SchedulerTest__loop__run_forever();
    assert_string_equal(schedulertest.trace, "a!c");
    assert_int_equal(SchedulerTest__alarm__now() - t0, 250);
    assert_int_equal(SchedulerTest__time__fired_count(), fired + 1);
}

int main(void)
{
#define SCHEDULERTEST(f) cmocka_unit_test_setup_teardown(f, schedulertest_setup, schedulertest_teardown)
    const struct CMUnitTest tests[] = {
        SCHEDULERTEST(test_fifo_order),
        SCHEDULERTEST(test_repost_of_queued_task_is_a_noop),
        SCHEDULERTEST(test_post_from_inside_a_task),
        SCHEDULERTEST(test_run_until_idle_counts),
        SCHEDULERTEST(test_run_next),
        SCHEDULERTEST(test_run_forever_returns_after_the_current_task),
        SCHEDULERTEST(test_stop_before_run_forever_is_kept),
        SCHEDULERTEST(test_run_forever_sleeps_until_an_interrupt_posts),
    };
    wire_init();
    return cmocka_run_group_tests_name("scheduler", tests, NULL, NULL);
}
