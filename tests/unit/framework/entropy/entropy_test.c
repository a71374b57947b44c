/* entropy_test.c: EntropyTest, cmocka tests of FakeEntropy: a seed fixes
 * the byte stream (across any split into fill() calls), different seeds
 * give different streams, and fail_next() injects failures. */
#include <string.h>

#include "tests/unit/test_cmocka.h"

#include "interfaces/entropy.h"
#include "tests/fakes/interfaces/fake_seed.h"

static void test_same_seed_same_stream(void **state)
{
    (void)state;
    uint8_t one[64], parts[64], other[64];
    EntropyTest__seed__reseed(1234);
    assert_int_equal(EntropyTest__entropy__fill(one, sizeof one), E_OK);
    assert_int_equal(EntropyTest__seed__bytes(), 64);
    EntropyTest__seed__reseed(1234);
    assert_int_equal(EntropyTest__entropy__fill(parts, 3), E_OK); /* splits do not matter */
    assert_int_equal(EntropyTest__entropy__fill(parts + 3, 0), E_OK);
    assert_int_equal(EntropyTest__entropy__fill(parts + 3, 29), E_OK);
    assert_int_equal(EntropyTest__entropy__fill(parts + 32, 32), E_OK);
    assert_memory_equal(one, parts, sizeof one);
    EntropyTest__seed__reseed(1235);
    assert_int_equal(EntropyTest__entropy__fill(other, sizeof other), E_OK);
    assert_memory_not_equal(one, other, sizeof one);
}

static void test_bytes_look_random(void **state)
{
    (void)state;
    static uint8_t buf[8192];
    unsigned count[256] = {0};
    EntropyTest__seed__reseed(99);
    assert_int_equal(EntropyTest__entropy__fill(buf, sizeof buf), E_OK);
    for (size_t i = 0; i < sizeof buf; i++)
        count[buf[i]]++;
    for (int v = 0; v < 256; v++)
        assert_in_range(count[v], 8, 60); /* mean 32: a stuck or short-cycled stream fails */
}

static void test_fail_next(void **state)
{
    (void)state;
    uint8_t a[8], b[8];
    EntropyTest__seed__reseed(5);
    EntropyTest__seed__fail_next(2);
    assert_int_equal(EntropyTest__entropy__fill(a, sizeof a), E_FAIL);
    assert_int_equal(EntropyTest__entropy__fill(a, sizeof a), E_FAIL);
    assert_int_equal(EntropyTest__seed__bytes(), 0); /* failures consume nothing */
    assert_int_equal(EntropyTest__entropy__fill(a, sizeof a), E_OK);
    EntropyTest__seed__reseed(5);
    assert_int_equal(EntropyTest__entropy__fill(b, sizeof b), E_OK);
    assert_memory_equal(a, b, sizeof a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_stream),
        cmocka_unit_test(test_bytes_look_random),
        cmocka_unit_test(test_fail_next),
    };
    wire_init();
    return cmocka_run_group_tests_name("fake_entropy", tests, NULL, NULL);
}
