/* pool_test.c: PoolTest, cmocka tests of Memory (components/memory) through
 * the Pool interface: objects distinct, aligned and zeroed, exhaustion,
 * LIFO reuse, wipe on free, double frees and foreign, interior and NULL
 * pointers refused and counted, index_of/at, a pool shared by two users,
 * and a long random alloc/free run against a model. The pools are
 * declared in tests/wirings/dtls_pool.wire: a (4 x 24 bytes), b (1 x 3,
 * two users), c (200 x 10). */
#include <string.h>

#include "interfaces/pool.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/test_cmocka.h"

static struct pool_stats pooltest_a_stats(void)
{
    struct pool_stats s;
    PoolTest__a__stats(&s);
    return s;
}

static struct pool_stats pooltest_c_stats(void)
{
    struct pool_stats s;
    PoolTest__c__stats(&s);
    return s;
}

#if defined(__MSP430__)
#define POOLTEST_SEEDS 3 /* the simulator runs some 100x slower than the host */
#else
#define POOLTEST_SEEDS 20
#endif

static bool pooltest_all(const uint8_t *p, uint8_t v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != v)
            return false;
    }
    return true;
}

/* Every test leaves its pools empty again. */
static int pooltest_teardown(void **state)
{
    (void)state;
    for (uint16_t i = 0; i < 4; i++) {
        void *p = PoolTest__a__at(i);
        if (p)
            assert_int_equal(PoolTest__a__free(p), E_OK);
    }
    void *p = PoolTest__b__at(0);
    if (p)
        assert_int_equal(PoolTest__b__free(p), E_OK);
    for (uint16_t i = 0; i < 200; i++) {
        p = PoolTest__c__at(i);
        if (p)
            assert_int_equal(PoolTest__c__free(p), E_OK);
    }
    return 0;
}

static void test_fresh_pool(void **state)
{
    (void)state;
    struct pool_stats s = pooltest_a_stats();
    assert_int_equal(s.capacity, 4);
    assert_int_equal(s.in_use, 0);
    assert_int_equal(PoolTest__a__object_size(), 24);
    assert_int_equal(PoolTest__b__object_size(), 3);
    assert_int_equal(PoolTest__c__object_size(), 10);
    for (uint16_t i = 0; i < 4; i++)
        assert_null(PoolTest__a__at(i));
    assert_null(PoolTest__a__at(4));
    assert_null(PoolTest__a__at(POOL_NONE));
}

/* All objects: distinct, aligned for anything, zeroed, not overlapping. */
static void test_alloc_all(void **state)
{
    (void)state;
    uint8_t *obj[4];
    for (int i = 0; i < 4; i++) {
        obj[i] = PoolTest__a__alloc();
        assert_non_null(obj[i]);
        assert_int_equal((uintptr_t)obj[i] % _Alignof(max_align_t), 0);
        assert_true(pooltest_all(obj[i], 0, 24));
        assert_int_not_equal(PoolTest__a__index_of(obj[i]), POOL_NONE);
        assert_ptr_equal(PoolTest__a__at(PoolTest__a__index_of(obj[i])), obj[i]);
        memset(obj[i], 0x10 + i, 24); /* the whole usable size */
    }
    for (int i = 0; i < 4; i++) {
        assert_true(pooltest_all(obj[i], (uint8_t)(0x10 + i), 24));
        for (int j = 0; j < i; j++)
            assert_ptr_not_equal(obj[i], obj[j]);
    }
    struct pool_stats s = pooltest_a_stats();
    assert_int_equal(s.in_use, 4);
    assert_true(s.peak >= 4);
}

/* Exhaustion: NULL, counted; a free makes room for exactly one more. */
static void test_exhaustion(void **state)
{
    (void)state;
    void *obj[4];
    for (int i = 0; i < 4; i++)
        obj[i] = PoolTest__a__alloc();
    uint16_t failures = pooltest_a_stats().failures;
    assert_null(PoolTest__a__alloc());
    assert_null(PoolTest__a__alloc());
    struct pool_stats s = pooltest_a_stats();
    assert_int_equal(s.failures, failures + 2);
    assert_int_equal(s.in_use, 4);
    assert_int_equal(PoolTest__a__free(obj[2]), E_OK);
    void *again = PoolTest__a__alloc();
    assert_ptr_equal(again, obj[2]); /* LIFO: the one just freed */
    assert_null(PoolTest__a__alloc());
}

/* free() wipes the object at once; the next alloc() of it is zeroed. */
static void test_wipe_on_free(void **state)
{
    (void)state;
    uint8_t *p = PoolTest__a__alloc();
    memset(p, 0xA5, 24);
    assert_int_equal(PoolTest__a__free(p), E_OK);
    assert_true(pooltest_all(p, 0, 24)); /* static storage: still readable here */
    uint8_t *q = PoolTest__a__alloc();
    assert_ptr_equal(p, q);
    assert_true(pooltest_all(q, 0, 24));
}

static void test_double_free(void **state)
{
    (void)state;
    void *p = PoolTest__a__alloc();
    void *q = PoolTest__a__alloc();
    uint16_t bad = pooltest_a_stats().bad_frees;
    assert_int_equal(PoolTest__a__free(p), E_OK);
    assert_int_equal(PoolTest__a__free(p), E_ALREADY);
    assert_int_equal(PoolTest__a__free(p), E_ALREADY);
    struct pool_stats s = pooltest_a_stats();
    assert_int_equal(s.bad_frees, bad + 2);
    assert_int_equal(s.in_use, 1); /* the refused frees changed nothing */
    assert_int_equal(PoolTest__a__index_of(p), POOL_NONE);
    assert_int_not_equal(PoolTest__a__index_of(q), POOL_NONE);
    /* the free list is intact: exactly three more objects */
    void *r[3];
    for (int i = 0; i < 3; i++)
        assert_non_null(r[i] = PoolTest__a__alloc());
    assert_null(PoolTest__a__alloc());
    assert_ptr_not_equal(r[0], r[1]);
    assert_ptr_not_equal(r[1], r[2]);
    assert_ptr_not_equal(r[0], r[2]);
}

/* Pointers that are not an object of this pool. */
static void test_foreign_pointers(void **state)
{
    (void)state;
    uint8_t *p = PoolTest__a__alloc();
    uint8_t *other = PoolTest__c__alloc();
    uint8_t local[32];
    uint16_t bad = pooltest_a_stats().bad_frees;
    assert_int_equal(PoolTest__a__free(NULL), E_INVAL);
    assert_int_equal(PoolTest__a__free(local), E_INVAL);
    assert_int_equal(PoolTest__a__free(other), E_INVAL);  /* another pool's */
    assert_int_equal(PoolTest__a__free(p + 1), E_INVAL);  /* interior */
    assert_int_equal(PoolTest__a__free(p + 24), E_INVAL); /* between objects or past the end */
    assert_int_equal(PoolTest__a__free((void *)((uintptr_t)p - 1)), E_INVAL);
    assert_int_equal(PoolTest__a__free((void *)(uintptr_t)1), E_INVAL);
    assert_int_equal(PoolTest__a__free((void *)UINTPTR_MAX), E_INVAL);
    assert_int_equal(pooltest_a_stats().bad_frees, bad + 8);
    assert_int_equal(pooltest_a_stats().in_use, 1);
    assert_int_equal(PoolTest__a__index_of(local), POOL_NONE);
    assert_int_equal(PoolTest__a__index_of(p + 1), POOL_NONE);
    assert_int_equal(PoolTest__a__index_of(NULL), POOL_NONE);
    assert_int_equal(PoolTest__c__free(other), E_OK);
    assert_int_equal(PoolTest__a__free(p), E_OK);
}

/* One pool, two users: the same objects and the same counters. */
static void test_shared_pool(void **state)
{
    (void)state;
    uint8_t *p = PoolTest__b__alloc();
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    assert_null(PoolTest__b2__alloc()); /* the single object is taken */
    assert_ptr_equal(PoolTest__b2__at(0), p);
    assert_int_equal(PoolTest__b2__free(p), E_OK);
    assert_ptr_equal(PoolTest__b2__alloc(), p);
    struct pool_stats s1, s2;
    PoolTest__b__stats(&s1);
    PoolTest__b2__stats(&s2);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_int_equal(s1.capacity, 1);
    assert_int_equal(s1.failures, 1);
}

/* Random allocs and frees (valid, double, foreign) against a model. */
static void test_random_model(void **state)
{
    (void)state;
    static uint8_t *live[200];
    struct fake_prng rng;
    for (uint32_t seed = 1; seed <= POOLTEST_SEEDS; seed++) {
        fake_prng_seed(&rng, seed);
        unsigned n = 0;
        struct pool_stats before = pooltest_c_stats();
        uint16_t fails = 0, bad = 0;
        for (uint16_t step = 0; step < 5000; step++) {
            uint16_t op = fake_prng_below(&rng, 10);
            if (op < 5) {
                uint8_t *p = PoolTest__c__alloc();
                if (n == 200) {
                    assert_null(p);
                    fails++;
                    continue;
                }
                assert_non_null(p);
                assert_true(pooltest_all(p, 0, 10));
                for (unsigned i = 0; i < n; i++)
                    assert_ptr_not_equal(live[i], p);
                memset(p, (int)(n + 1), 10);
                live[n++] = p;
            } else if (op < 9 && n > 0) {
                unsigned k = fake_prng_below(&rng, (uint16_t)n);
                assert_int_equal(PoolTest__c__free(live[k]), E_OK);
                if (fake_prng_below(&rng, 4) == 0) {
                    assert_int_equal(PoolTest__c__free(live[k]), E_ALREADY);
                    bad++;
                }
                live[k] = live[--n];
            } else if (n > 0) {
                uint8_t *inside = live[fake_prng_below(&rng, (uint16_t)n)] + 1 + fake_prng_below(&rng, 9);
                assert_int_equal(PoolTest__c__free(inside), E_INVAL);
                bad++;
            }
            assert_int_equal(pooltest_c_stats().in_use, n);
        }
        struct pool_stats after = pooltest_c_stats();
        assert_int_equal(after.failures, (uint16_t)(before.failures + fails));
        assert_int_equal(after.bad_frees, (uint16_t)(before.bad_frees + bad));
        for (unsigned i = 0; i < n; i++)
            assert_int_equal(PoolTest__c__free(live[i]), E_OK);
    }
    assert_int_equal(pooltest_c_stats().in_use, 0);
    assert_true(pooltest_c_stats().peak <= 200);
}

int main(void)
{
#define POOLTEST(f) cmocka_unit_test_teardown(f, pooltest_teardown)
    const struct CMUnitTest tests[] = {
        POOLTEST(test_fresh_pool),   POOLTEST(test_alloc_all),    POOLTEST(test_exhaustion),
        POOLTEST(test_wipe_on_free), POOLTEST(test_double_free),  POOLTEST(test_foreign_pointers),
        POOLTEST(test_shared_pool),  POOLTEST(test_random_model),
    };
    wire_init();
    return cmocka_run_group_tests_name("dtls_pool", tests, NULL, NULL);
}
