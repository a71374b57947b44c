/* harness_test.c: the MSP430 cmocka stand-in (platforms/msp430/cmocka)
 * tested in the simulator by check_harness.py, which reads the console:
 * every assertion macro passes where it should (one test), print_message()
 * formats like printf, and the first failing assertion prints
 * "FAIL test_name file:line: ..." and stops the image at `fail` (simrun
 * exit status 1), so the test after it never runs. Not run on the host:
 * this tests the stand-in, not cmocka. */
#include <stdint.h>

#include "tests/unit/test_cmocka.h"

static int harnesstest_setup(void **state)
{
    static int value = 7;
    *state = &value;
    return 0;
}

static void test_every_assertion_passes(void **state)
{
    static const uint8_t a[] = {1, 2, 3}, b[] = {1, 2, 3}, c[] = {1, 2, 4};
    assert_int_equal(*(int *)*state, 7);
    assert_true(1);
    assert_false(0);
    assert_int_equal(-1, -1);
    assert_int_equal(0xFFFFFFFFUL, 0xFFFFFFFFUL);
    assert_int_not_equal(1, 2);
    assert_in_range(5, 5, 6);
    assert_not_in_range(7, 5, 6);
    assert_ptr_equal(a, a);
    assert_ptr_not_equal(a, b);
    assert_null(NULL);
    assert_non_null(a);
    assert_string_equal("abc", "abc");
    assert_string_not_equal("abc", "abd");
    assert_string_not_equal("ab", "abc");
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
}

static void test_print_message_formats(void **state)
{
    (void)state;
    print_message("fmt: %d %u %x %X %lu %ld %llu %s %c %5u|%-4d|%04x %% %zu\n", -42, 65535u, 0xbeefu, 0xbeefu,
                  4000000000UL, -2000000000L, 18446744073709551615ULL, "str", 'c', 7u, 3, 0x2a, (size_t)9);
}

static void test_fails_here(void **state)
{
    (void)state;
    assert_int_equal(2 + 2, 5);
}

static void test_never_runs(void **state)
{
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_assertion_passes, harnesstest_setup),
        cmocka_unit_test(test_print_message_formats),
        cmocka_unit_test(test_fails_here),
        cmocka_unit_test(test_never_runs),
    };
    return cmocka_run_group_tests_name("harness", tests, NULL, NULL);
}
