/* posix_log_test.c: PosixLogTest, cmocka tests of PosixLog and PosixLeds.
 * stderr is pointed at a pipe while a test logs, then read back: the line
 * format "<s>.<ms> <E|W|I|D> <source>: <text>", numbers and hex, the level
 * threshold and WIRE_LOG, the cut of an over-long line, an unfinished line,
 * and the LED change lines. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/leds.h"
#include "interfaces/log.h"

enum { POSIXLOGTEST_OUT = 4096 };

static char posixlogtest_out[POSIXLOGTEST_OUT];

/* Run action with stderr going to a pipe; what it wrote ends up in
 * posixlogtest_out (NUL-terminated). */
static void posixlogtest_capture(void (*action)(void))
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(p[1], STDERR_FILENO) >= 0);
    action();
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    close(p[1]);
    ssize_t n = read(p[0], posixlogtest_out, sizeof posixlogtest_out - 1);
    close(p[0]);
    posixlogtest_out[n > 0 ? n : 0] = '\0';
}

/* Check "<digits>.<3 digits> " and return what follows it. */
static const char *posixlogtest_after_time(const char *line)
{
    const char *p = line;
    assert_true(*p >= '0' && *p <= '9');
    while (*p >= '0' && *p <= '9')
        p++;
    assert_int_equal(*p, '.');
    for (int i = 1; i <= 3; i++)
        assert_true(p[i] >= '0' && p[i] <= '9');
    assert_int_equal(p[4], ' ');
    return p + 5;
}

/* ---- actions (run with stderr captured) -------------------------------- */

static void posixlogtest_parts(void)
{
    static const uint8_t bytes[] = {0xde, 0xad, 0x00, 0x0f};
    assert_true(PosixLogTest__log__begin(LOG_WARN, "udp"));
    PosixLogTest__log__str("port ");
    PosixLogTest__log__u32(5683);
    PosixLogTest__log__str(" x=");
    PosixLogTest__log__i32(-42);
    PosixLogTest__log__str(" ");
    PosixLogTest__log__hex(bytes, sizeof bytes);
    PosixLogTest__log__end();
}

static void posixlogtest_extremes(void)
{
    assert_true(PosixLogTest__log__begin(LOG_ERROR, "n"));
    PosixLogTest__log__i32(INT32_MIN);
    PosixLogTest__log__str(" ");
    PosixLogTest__log__i32(INT32_MAX);
    PosixLogTest__log__str(" ");
    PosixLogTest__log__u32(UINT32_MAX);
    PosixLogTest__log__str(" ");
    PosixLogTest__log__u32(0);
    PosixLogTest__log__str(" ");
    PosixLogTest__log__i32(0);
    PosixLogTest__log__end();
}

static void posixlogtest_filtered(void)
{
    assert_false(PosixLogTest__log__begin(LOG_DEBUG, "dbg"));
    PosixLogTest__log__str("never");
    PosixLogTest__log__end();
    PosixLogTest__log__end(); /* end without begin */
}

static void posixlogtest_long(void)
{
    char text[1001];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    assert_true(PosixLogTest__log__begin(LOG_INFO, "long"));
    PosixLogTest__log__str(text);
    PosixLogTest__log__end();
}

static void posixlogtest_unfinished(void)
{
    assert_true(PosixLogTest__log__begin(LOG_INFO, "a"));
    PosixLogTest__log__str("one");
    assert_true(PosixLogTest__log__begin(LOG_INFO, "b"));
    PosixLogTest__log__str("two");
    PosixLogTest__log__end();
}

static void posixlogtest_levels(void)
{
    static const uint8_t levels[] = {LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG};
    for (unsigned i = 0; i < sizeof levels; i++) {
        if (PosixLogTest__log__begin(levels[i], "lvl")) {
            PosixLogTest__log__u32(levels[i]);
            PosixLogTest__log__end();
        }
    }
}

static void posixlogtest_leds_changes(void)
{
    PosixLogTest__leds__set(LED_RED | LED_BLUE);
    PosixLogTest__leds__set(LED_RED | LED_BLUE); /* no change: no line */
    PosixLogTest__leds__toggle(LED_RED);
    PosixLogTest__leds__set(0x80);
    PosixLogTest__leds__set(0);
}

/* ---- tests ------------------------------------------------------------- */

static void posixlogtest_line_format(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_parts);
    assert_string_equal(posixlogtest_after_time(posixlogtest_out), "W udp: port 5683 x=-42 dead000f\n");
}

static void posixlogtest_number_extremes(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_extremes);
    assert_string_equal(posixlogtest_after_time(posixlogtest_out),
                        "E n: -2147483648 2147483647 4294967295 0 0\n");
}

static void posixlogtest_below_threshold_writes_nothing(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_filtered);
    assert_string_equal(posixlogtest_out, "");
}

static void posixlogtest_long_line_is_cut(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_long);
    size_t len = strlen(posixlogtest_out);
    assert_int_equal(len, 512);
    assert_string_equal(posixlogtest_out + len - 4, "...\n");
    assert_non_null(strstr(posixlogtest_out, "I long: aaaa"));
}

static void posixlogtest_unfinished_line_is_emitted(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_unfinished);
    const char *second = strchr(posixlogtest_out, '\n');
    assert_non_null(second);
    assert_memory_equal(posixlogtest_after_time(posixlogtest_out), "I a: one\n", 9);
    assert_string_equal(posixlogtest_after_time(second + 1), "I b: two\n");
}

/* WIRE_LOG, read at init, overrides the `level` parameter. */
static void posixlogtest_environment_sets_level(void **state)
{
    (void)state;
    assert_int_equal(setenv("WIRE_LOG", "debug", 1), 0);
    wire_init();
    posixlogtest_capture(posixlogtest_levels);
    assert_non_null(strstr(posixlogtest_out, "D lvl: 3\n"));
    assert_int_equal(setenv("WIRE_LOG", "0", 1), 0);
    wire_init();
    posixlogtest_capture(posixlogtest_levels);
    assert_non_null(strstr(posixlogtest_out, "E lvl: 0\n"));
    assert_null(strstr(posixlogtest_out, "W lvl"));
    assert_int_equal(setenv("WIRE_LOG", "loud", 1), 0); /* not understood: the parameter */
    wire_init();
    posixlogtest_capture(posixlogtest_levels);
    assert_non_null(strstr(posixlogtest_out, "I lvl: 2\n"));
    assert_null(strstr(posixlogtest_out, "D lvl"));
    assert_int_equal(unsetenv("WIRE_LOG"), 0);
    wire_init();
}

static void posixlogtest_leds_log_changes(void **state)
{
    (void)state;
    posixlogtest_capture(posixlogtest_leds_changes);
    const char *want[] = {"I leds: 0x05 [R.B]\n", "I leds: 0x04 [..B]\n", "I leds: 0x80 [...]\n",
                          "I leds: 0x00 [...]\n"};
    const char *line = posixlogtest_out;
    for (unsigned i = 0; i < 4; i++) {
        assert_non_null(line);
        assert_memory_equal(posixlogtest_after_time(line), want[i], strlen(want[i]));
        line = strchr(line, '\n') + 1;
    }
    assert_string_equal(line, "");
    assert_int_equal(PosixLogTest__leds__get(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(posixlogtest_line_format),
        cmocka_unit_test(posixlogtest_number_extremes),
        cmocka_unit_test(posixlogtest_below_threshold_writes_nothing),
        cmocka_unit_test(posixlogtest_long_line_is_cut),
        cmocka_unit_test(posixlogtest_unfinished_line_is_emitted),
        cmocka_unit_test(posixlogtest_environment_sets_level),
        cmocka_unit_test(posixlogtest_leds_log_changes),
    };
    (void)unsetenv("WIRE_LOG");
    wire_init();
    return cmocka_run_group_tests_name("posix_log", tests, NULL, NULL);
}
