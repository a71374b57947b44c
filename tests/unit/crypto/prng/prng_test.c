/* prng_test.c: PrngTest, the evidence for PRNG (HMAC_DRBG, SP 800-90A):
 * byte-for-byte agreement with OpenSSL 3's EVP_RAND "HMAC-DRBG" (digest
 * SHA256) instantiated over a "TEST-RAND" parent that hands it the same
 * entropy input and nonce that our Entropy (this driver) hands PRNG:
 * instantiate with personalisation strings of 0..60 bytes, generate of
 * 0..1024 bytes, explicit reseeds with additional input, the automatic
 * reseed when the reseed counter passes reseed_interval (5 in the test
 * wiring), and the lazy instantiate of a first generate(). Then the error
 * paths: a failing entropy source at instantiate (entropy or nonce), at an
 * explicit reseed and at the automatic reseed gives E_FAIL and a zeroed
 * buffer, and the generator recovers when entropy comes back.
 *
 * Two differences of convention, not of the algorithm, are bridged here:
 *  - OpenSSL uses "OpenSSL NIST SP 800-90A DRBG" as the personalisation
 *    string when given none (NULL); we always pass one (possibly empty,
 *    with a non-NULL pointer), so both use exactly the same.
 *  - OpenSSL reseeds when generate_counter >= reseed_requests, SP 800-90A
 *    (and PRNG) when reseed_counter > reseed_interval: OpenSSL's
 *    reseed_requests is set to PRNG's reseed_interval + 1 so both reseed
 *    before the same request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "tests/unit/crypto/prng/interfaces/entropy_script.h"
#include "interfaces/random.h"
#include "tests/fakes/fake_prng.h"

enum { PRNGTEST_ENTROPY = 32, PRNGTEST_NONCE = 16, PRNGTEST_INTERVAL = 5 };

static void prngtest_push(const uint8_t *p, size_t n)
{
    PrngTest__entropy__push(p, (uint16_t)n);
}

static size_t prngtest_pending(void)
{
    return PrngTest__entropy__pending();
}

static void prngtest_random(struct fake_prng *r, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)fake_prng_next(r);
}

/* ---- OpenSSL's HMAC-DRBG over TEST-RAND ---- */

struct prngtest_ossl {
    EVP_RAND_CTX *parent, *drbg;
};

static void prngtest_ossl_entropy(struct prngtest_ossl *o, const uint8_t *entropy, size_t n,
                                  const uint8_t *nonce, size_t nn)
{
    OSSL_PARAM p[3], *q = p;
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, (void *)entropy, n);
    if (nonce)
        *q++ = OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_NONCE, (void *)nonce, nn);
    *q = OSSL_PARAM_construct_end();
    assert_int_equal(EVP_RAND_CTX_set_params(o->parent, p), 1);
}

static void prngtest_ossl_new(struct prngtest_ossl *o, const uint8_t *entropy, const uint8_t *nonce,
                              const uint8_t *perso, size_t plen)
{
    EVP_RAND *test = EVP_RAND_fetch(NULL, "TEST-RAND", NULL), *hmac = EVP_RAND_fetch(NULL, "HMAC-DRBG", NULL);
    assert_non_null(test);
    assert_non_null(hmac);
    o->parent = EVP_RAND_CTX_new(test, NULL);
    unsigned strength = 256;
    OSSL_PARAM ps[] = {OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
                       OSSL_PARAM_construct_end()};
    assert_int_equal(EVP_RAND_CTX_set_params(o->parent, ps), 1);
    prngtest_ossl_entropy(o, entropy, PRNGTEST_ENTROPY, nonce, PRNGTEST_NONCE);
    assert_int_equal(EVP_RAND_instantiate(o->parent, strength, 0, NULL, 0, NULL), 1);
    o->drbg = EVP_RAND_CTX_new(hmac, o->parent);
    unsigned requests = PRNGTEST_INTERVAL + 1;
    OSSL_PARAM pd[] = {OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_DIGEST, "SHA256", 0),
                       OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_MAC, "HMAC", 0),
                       OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &requests),
                       OSSL_PARAM_construct_end()};
    assert_int_equal(EVP_RAND_CTX_set_params(o->drbg, pd), 1);
    static const uint8_t empty[1];
    if (EVP_RAND_instantiate(o->drbg, strength, 0, plen ? perso : empty, plen, NULL) != 1) {
        ERR_print_errors_fp(stderr);
        fail();
    }
    EVP_RAND_free(test);
    EVP_RAND_free(hmac);
}

static void prngtest_ossl_free(struct prngtest_ossl *o)
{
    EVP_RAND_CTX_free(o->drbg);
    EVP_RAND_CTX_free(o->parent);
}

static void prngtest_ossl_generate(struct prngtest_ossl *o, uint8_t *out, size_t n)
{
    static uint8_t dummy[1];
    assert_int_equal(EVP_RAND_generate(o->drbg, n ? out : dummy, n, 256, 0, NULL, 0), 1);
}

static void prngtest_ossl_reseed(struct prngtest_ossl *o, const uint8_t *entropy, const uint8_t *adin,
                                 size_t alen)
{
    prngtest_ossl_entropy(o, entropy, PRNGTEST_ENTROPY, NULL, 0);
    assert_int_equal(EVP_RAND_reseed(o->drbg, 0, NULL, 0, alen ? adin : NULL, alen), 1);
}

/* ---- tests ---- */

/* The very first generate() instantiates with no personalisation: the
 * same as OpenSSL instantiated with an empty one. (First in the list: the
 * image's PRNG is unseeded only once.) */
static void test_lazy_instantiate(void **state)
{
    (void)state;
    uint8_t e[PRNGTEST_ENTROPY + PRNGTEST_NONCE], want[100], got[100];
    for (size_t i = 0; i < sizeof e; i++)
        e[i] = (uint8_t)(i * 3 + 1);
    prngtest_push(e, sizeof e);
    assert_int_equal(PrngTest__random__generate(got, sizeof got), E_OK);
    assert_int_equal(prngtest_pending(), 0);
    struct prngtest_ossl o;
    prngtest_ossl_new(&o, e, e + PRNGTEST_ENTROPY, NULL, 0);
    prngtest_ossl_generate(&o, want, sizeof want);
    assert_memory_equal(got, want, sizeof got);
    prngtest_ossl_free(&o);
}

/* Random walks of instantiate / generate / reseed, byte for byte. With
 * PRNGTEST_INTERVAL = 5, walks of 40 steps also cross automatic reseeds:
 * before each generate that will reseed, both get the same fresh entropy. */
static void test_vs_openssl(void **state)
{
    (void)state;
    struct fake_prng r;
    fake_prng_seed(&r, 90);
    unsigned generates = 0, reseeds = 0, auto_reseeds = 0, bytes = 0;
    static uint8_t want[1024], got[1024];
    for (unsigned walk = 0; walk < 200; walk++) {
        uint8_t entropy[PRNGTEST_ENTROPY], nonce[PRNGTEST_NONCE], perso[60];
        size_t plen = fake_prng_below(&r, sizeof perso + 1);
        prngtest_random(&r, entropy, sizeof entropy);
        prngtest_random(&r, nonce, sizeof nonce);
        prngtest_random(&r, perso, plen);
        prngtest_push(entropy, sizeof entropy);
        prngtest_push(nonce, sizeof nonce);
        assert_int_equal(PrngTest__random__instantiate(perso, (uint16_t)plen), E_OK);
        assert_int_equal(prngtest_pending(), 0);
        struct prngtest_ossl o;
        prngtest_ossl_new(&o, entropy, nonce, perso, plen);
        unsigned counter = 1; /* SP 800-90A reseed_counter, tracked here */
        for (unsigned step = 0; step < 40; step++) {
            if (fake_prng_below(&r, 4) == 0) {
                uint8_t adin[60];
                size_t alen = fake_prng_below(&r, sizeof adin + 1);
                prngtest_random(&r, entropy, sizeof entropy);
                prngtest_random(&r, adin, alen);
                prngtest_push(entropy, sizeof entropy);
                assert_int_equal(PrngTest__random__reseed(adin, (uint16_t)alen), E_OK);
                prngtest_ossl_reseed(&o, entropy, adin, alen);
                counter = 1;
                reseeds++;
            } else {
                size_t n = fake_prng_below(&r, 4) ? fake_prng_below(&r, 65) : fake_prng_below(&r, 1025);
                if (n > 0 && counter > PRNGTEST_INTERVAL) {
                    prngtest_random(&r, entropy, sizeof entropy);
                    prngtest_push(entropy, sizeof entropy);
                    prngtest_ossl_entropy(&o, entropy, sizeof entropy, NULL, 0);
                    counter = 1;
                    auto_reseeds++;
                }
                assert_int_equal(PrngTest__random__generate(got, (uint16_t)n), E_OK);
                prngtest_ossl_generate(&o, want, n);
                if (memcmp(got, want, n) != 0)
                    print_error("walk %u step %u: generate %zu, counter %u, %u reseeds before\n", walk, step,
                                n, counter, reseeds);
                assert_memory_equal(got, want, n);
                counter += n > 0; /* a request for 0 bytes changes nothing, in both */
                generates++;
                bytes += (unsigned)n;
            }
            assert_int_equal(prngtest_pending(), 0); /* exactly the entropy expected, when expected */
        }
        prngtest_ossl_free(&o);
    }
    print_message(
        "HMAC_DRBG vs OpenSSL HMAC-DRBG: 200 instantiations, %u generates (%u bytes), %u reseeds, %u "
        "automatic reseeds, all equal\n",
        generates, bytes, reseeds, auto_reseeds);
}

static bool prngtest_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* Entropy fails at instantiate (entropy input, then nonce): E_FAIL, and
 * generate() refuses (zeroed output) until a seeding succeeds; then the
 * output is that of the successful seeding. */
static void test_entropy_failure_at_instantiate(void **state)
{
    (void)state;
    uint8_t e[PRNGTEST_ENTROPY + PRNGTEST_NONCE], buf[48], want[48];
    for (size_t i = 0; i < sizeof e; i++)
        e[i] = (uint8_t)(0x40 + i);
    static const uint8_t perso[] = "node 7";

    PrngTest__entropy__fail_mask(1); /* the entropy input fails */
    assert_int_equal(PrngTest__random__instantiate(perso, sizeof perso), E_FAIL);
    prngtest_push(e, PRNGTEST_ENTROPY);
    PrngTest__entropy__fail_mask(2); /* the entropy input arrives, the nonce fails */
    assert_int_equal(PrngTest__random__instantiate(perso, sizeof perso), E_FAIL);
    assert_int_equal(prngtest_pending(), 0);
    memset(buf, 0xAA, sizeof buf);
    PrngTest__entropy__fail_mask(1); /* unseeded: generate() tries to instantiate, and fails */
    assert_int_equal(PrngTest__random__generate(buf, sizeof buf), E_FAIL);
    assert_true(prngtest_zero(buf, sizeof buf));

    prngtest_push(e, sizeof e); /* recovery: a seeding succeeds and matches OpenSSL */
    assert_int_equal(PrngTest__random__instantiate(perso, sizeof perso), E_OK);
    assert_int_equal(PrngTest__random__generate(buf, sizeof buf), E_OK);
    struct prngtest_ossl o;
    prngtest_ossl_new(&o, e, e + PRNGTEST_ENTROPY, perso, sizeof perso);
    prngtest_ossl_generate(&o, want, sizeof want);
    assert_memory_equal(buf, want, sizeof buf);
    prngtest_ossl_free(&o);
}

/* Entropy fails at an explicit reseed (E_FAIL, the state unchanged: the
 * next output is what it would have been without the reseed) and at the
 * automatic reseed (E_FAIL, zeroed output, the reseed is tried again on the
 * next generate and then succeeds). */
static void test_entropy_failure_at_reseed(void **state)
{
    (void)state;
    uint8_t e[PRNGTEST_ENTROPY + PRNGTEST_NONCE], e2[PRNGTEST_ENTROPY], buf[40], want[40];
    for (size_t i = 0; i < sizeof e; i++)
        e[i] = (uint8_t)(0x11 * i);
    for (size_t i = 0; i < sizeof e2; i++)
        e2[i] = (uint8_t)(0xC0 ^ i);
    prngtest_push(e, sizeof e);
    assert_int_equal(PrngTest__random__instantiate((const uint8_t *)"", 0), E_OK);
    struct prngtest_ossl o;
    prngtest_ossl_new(&o, e, e + PRNGTEST_ENTROPY, NULL, 0);

    PrngTest__entropy__fail_mask(1);
    assert_int_equal(PrngTest__random__reseed((const uint8_t *)"x", 1), E_FAIL);
    for (unsigned i = 0; i < PRNGTEST_INTERVAL; i++) { /* requests 1..5: no reseed due */
        assert_int_equal(PrngTest__random__generate(buf, sizeof buf), E_OK);
        prngtest_ossl_generate(&o, want, sizeof want);
        assert_memory_equal(buf, want, sizeof buf);
    }
    memset(buf, 0xAA, sizeof buf);
    PrngTest__entropy__fail_mask(1); /* request 6: the automatic reseed fails */
    assert_int_equal(PrngTest__random__generate(buf, sizeof buf), E_FAIL);
    assert_true(prngtest_zero(buf, sizeof buf));
    prngtest_push(e2, sizeof e2); /* and is tried again */
    assert_int_equal(PrngTest__random__generate(buf, sizeof buf), E_OK);
    assert_int_equal(prngtest_pending(), 0);
    prngtest_ossl_entropy(&o, e2, sizeof e2, NULL, 0);
    prngtest_ossl_generate(&o, want, sizeof want);
    assert_memory_equal(buf, want, sizeof buf);
    prngtest_ossl_free(&o);
}

/* No test may have asked for entropy it did not script. */
static int prngtest_teardown(void **state)
{
    (void)state;
    assert_int_equal(PrngTest__entropy__underruns(), 0);
    PrngTest__entropy__fail_mask(0);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_lazy_instantiate, prngtest_teardown),
        cmocka_unit_test_teardown(test_vs_openssl, prngtest_teardown),
        cmocka_unit_test_teardown(test_entropy_failure_at_instantiate, prngtest_teardown),
        cmocka_unit_test_teardown(test_entropy_failure_at_reseed, prngtest_teardown),
    };
    wire_init();
    return cmocka_run_group_tests_name("prng", tests, NULL, NULL);
}
