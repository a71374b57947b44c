/* posix_loop_test.c: PosixLoopTest, cmocka tests of the posix loop on the
 * real clock: a Timer (Clock over PosixLoop's alarm) fires after about N ms
 * and no sooner; FdWatch reports a pipe readable, writable, hung up and
 * closed, to every client that watches it, and refuses bad arguments and a
 * full table (max_fds = 4 in the test wiring); Entropy gives varying bytes.
 * Every wait is bounded by a guard timer. */
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/entropy.h"
#include "interfaces/fd_watch.h"
#include "interfaces/mcu_sleep.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/atomic.h"

enum { POSIXLOOPTEST_WAIT_MS = 2000, POSIXLOOPTEST_SLACK_MS = 150 };

/* What one FdWatch client saw. */
struct posixlooptest_seen {
    unsigned count;
    int fd;
    uint8_t mask;
};

static struct {
    unsigned fired; /* timer */
    time_ms_t fired_at;
    bool guard_fired;
    struct posixlooptest_seen fds, fds2;
    int pipe[2];
} posixlooptest;

void PosixLoopTest__timer__fired(void)
{
    posixlooptest.fired++;
    posixlooptest.fired_at = PosixLoopTest__timer__now();
}

void PosixLoopTest__guard__fired(void)
{
    posixlooptest.guard_fired = true;
}

void PosixLoopTest__fds__ready(int fd, uint8_t mask)
{
    posixlooptest.fds.count++;
    posixlooptest.fds.fd = fd;
    posixlooptest.fds.mask = mask;
}

void PosixLoopTest__fds2__ready(int fd, uint8_t mask)
{
    posixlooptest.fds2.count++;
    posixlooptest.fds2.fd = fd;
    posixlooptest.fds2.mask = mask;
}

/* Run tasks, sleeping in poll() when idle, until *counter reaches want or
 * ms pass; true if it got there. */
static bool posixlooptest_wait(const unsigned *counter, unsigned want, uint32_t ms)
{
    posixlooptest.guard_fired = false;
    PosixLoopTest__guard__start_one_shot(ms);
    while (*counter < want && !posixlooptest.guard_fired) {
        if (!PosixLoopTest__loop__run_next()) {
            atomic_t a = atomic_begin();
            PosixLoopTest__sleep__sleep();
            atomic_end(a);
        }
    }
    PosixLoopTest__guard__stop();
    return *counter >= want;
}

static int posixlooptest_setup(void **state)
{
    (void)state;
    memset(&posixlooptest.fds, 0, sizeof posixlooptest.fds);
    memset(&posixlooptest.fds2, 0, sizeof posixlooptest.fds2);
    posixlooptest.fired = 0;
    return pipe(posixlooptest.pipe);
}

static int posixlooptest_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) {
        PosixLoopTest__fds__unwatch(posixlooptest.pipe[i]);
        PosixLoopTest__fds2__unwatch(posixlooptest.pipe[i]);
        if (posixlooptest.pipe[i] >= 0)
            close(posixlooptest.pipe[i]);
    }
    PosixLoopTest__timer__stop();
    (void)PosixLoopTest__loop__run_until_idle();
    return 0;
}

static void posixlooptest_write_byte(void)
{
    assert_int_equal(write(posixlooptest.pipe[1], "x", 1), 1);
}

/* ---- timers on the real clock ----------------------------------------- */

static void posixlooptest_one_shot_fires_after_dt(void **state)
{
    (void)state;
    time_ms_t t0 = PosixLoopTest__timer__now();
    PosixLoopTest__timer__start_one_shot(60);
    assert_true(posixlooptest_wait(&posixlooptest.fired, 1, POSIXLOOPTEST_WAIT_MS));
    time_ms_t elapsed = posixlooptest.fired_at - t0;
    assert_in_range(elapsed, 60, 60 + POSIXLOOPTEST_SLACK_MS);
    assert_false(PosixLoopTest__timer__is_running());
}

static void posixlooptest_periodic_does_not_drift(void **state)
{
    (void)state;
    time_ms_t t0 = PosixLoopTest__timer__now();
    PosixLoopTest__timer__start_periodic(20);
    assert_true(posixlooptest_wait(&posixlooptest.fired, 5, POSIXLOOPTEST_WAIT_MS));
    PosixLoopTest__timer__stop();
    time_ms_t elapsed = posixlooptest.fired_at - t0;
    assert_in_range(elapsed, 100, 100 + POSIXLOOPTEST_SLACK_MS);
}

/* ---- FdWatch ----------------------------------------------------------- */

static void posixlooptest_pipe_readable(void **state)
{
    (void)state;
    char byte;
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], FD_READABLE), E_OK);
    assert_false(posixlooptest_wait(&posixlooptest.fds.count, 1, 30)); /* nothing written yet */
    posixlooptest_write_byte();
    assert_true(posixlooptest_wait(&posixlooptest.fds.count, 1, POSIXLOOPTEST_WAIT_MS));
    assert_int_equal(posixlooptest.fds.fd, posixlooptest.pipe[0]);
    assert_int_equal(posixlooptest.fds.mask, FD_READABLE);
    assert_int_equal(read(posixlooptest.pipe[0], &byte, 1), 1);
    PosixLoopTest__fds__unwatch(posixlooptest.pipe[0]);
    posixlooptest_write_byte();
    unsigned seen = posixlooptest.fds.count;
    assert_false(posixlooptest_wait(&posixlooptest.fds.count, seen + 1, 50)); /* unwatched */
}

static void posixlooptest_pipe_writable(void **state)
{
    (void)state;
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[1], FD_WRITABLE), E_OK);
    assert_true(posixlooptest_wait(&posixlooptest.fds.count, 1, POSIXLOOPTEST_WAIT_MS));
    assert_int_equal(posixlooptest.fds.fd, posixlooptest.pipe[1]);
    assert_int_equal(posixlooptest.fds.mask, FD_WRITABLE);
}

static void posixlooptest_two_clients_one_fd(void **state)
{
    (void)state;
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], FD_READABLE), E_OK);
    assert_int_equal(PosixLoopTest__fds2__watch(posixlooptest.pipe[0], FD_READABLE), E_OK);
    posixlooptest_write_byte();
    assert_true(posixlooptest_wait(&posixlooptest.fds2.count, 1, POSIXLOOPTEST_WAIT_MS));
    assert_true(posixlooptest.fds.count >= 1);
    assert_int_equal(posixlooptest.fds.fd, posixlooptest.pipe[0]);
    assert_int_equal(posixlooptest.fds2.fd, posixlooptest.pipe[0]);
}

static void posixlooptest_hangup_is_error(void **state)
{
    (void)state;
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], FD_READABLE), E_OK);
    close(posixlooptest.pipe[1]);
    posixlooptest.pipe[1] = -1;
    assert_true(posixlooptest_wait(&posixlooptest.fds.count, 1, POSIXLOOPTEST_WAIT_MS));
    assert_true(posixlooptest.fds.mask & FD_ERROR);
}

/* A descriptor closed while watched is reported once and dropped, so it
 * cannot make every later poll() return at once. */
static void posixlooptest_closed_fd_is_dropped(void **state)
{
    (void)state;
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], FD_READABLE), E_OK);
    close(posixlooptest.pipe[0]);
    assert_true(posixlooptest_wait(&posixlooptest.fds.count, 1, POSIXLOOPTEST_WAIT_MS));
    assert_int_equal(posixlooptest.fds.mask, FD_ERROR);
    posixlooptest.pipe[0] = -1;
    assert_false(posixlooptest_wait(&posixlooptest.fds.count, 2, 50));
}

static void posixlooptest_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(PosixLoopTest__fds__watch(-1, FD_READABLE), E_INVAL);
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], 0), E_INVAL);
    assert_int_equal(PosixLoopTest__fds__watch(posixlooptest.pipe[0], 0x80), E_INVAL);
    PosixLoopTest__fds__unwatch(12345); /* never watched: harmless */
}

static void posixlooptest_table_full(void **state)
{
    (void)state;
    int fd[5];
    for (int i = 0; i < 5; i++) {
        fd[i] = dup(posixlooptest.pipe[1]);
        assert_true(fd[i] >= 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(PosixLoopTest__fds__watch(fd[i], FD_WRITABLE), E_OK);
    assert_int_equal(PosixLoopTest__fds__watch(fd[4], FD_WRITABLE), E_NOMEM);
    assert_int_equal(PosixLoopTest__fds2__watch(fd[0], FD_WRITABLE), E_NOMEM);
    /* a new mask for a watched fd takes no new entry */
    assert_int_equal(PosixLoopTest__fds__watch(fd[0], FD_READABLE | FD_WRITABLE), E_OK);
    PosixLoopTest__fds__unwatch(fd[3]);
    assert_int_equal(PosixLoopTest__fds__watch(fd[4], FD_WRITABLE), E_OK);
    for (int i = 0; i < 5; i++) {
        PosixLoopTest__fds__unwatch(fd[i]);
        close(fd[i]);
    }
}

/* ---- Entropy ----------------------------------------------------------- */

static void posixlooptest_entropy_varies(void **state)
{
    (void)state;
    static uint8_t big[65535];
    uint8_t a[32], b[32], zero[32] = {0};
    assert_int_equal(PosixLoopTest__entropy__fill(a, sizeof a), E_OK);
    assert_int_equal(PosixLoopTest__entropy__fill(b, sizeof b), E_OK);
    assert_memory_not_equal(a, b, sizeof a);
    assert_memory_not_equal(a, zero, sizeof a);
    assert_int_equal(PosixLoopTest__entropy__fill(a, 0), E_OK);
    assert_int_equal(PosixLoopTest__entropy__fill(big, sizeof big), E_OK);
    unsigned ones = 0;
    for (size_t i = 0; i < sizeof big; i++)
        ones += (unsigned)__builtin_popcount(big[i]);
    /* 524280 bits: the count of ones is within 5 sigma (~1800) of half */
    assert_in_range(ones, 262140 - 2000, 262140 + 2000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(posixlooptest_one_shot_fires_after_dt, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_periodic_does_not_drift, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_pipe_readable, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_pipe_writable, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_two_clients_one_fd, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_hangup_is_error, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_closed_fd_is_dropped, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_bad_arguments, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_table_full, posixlooptest_setup,
                                        posixlooptest_teardown),
        cmocka_unit_test_setup_teardown(posixlooptest_entropy_varies, posixlooptest_setup,
                                        posixlooptest_teardown),
    };
    wire_init();
    return cmocka_run_group_tests_name("posix_loop", tests, NULL, NULL);
}
