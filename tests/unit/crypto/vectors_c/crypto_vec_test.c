/* crypto_vec_test.c: CryptoVecTest, the published vectors on any platform,
 * above all on the MSP430 instruction set (msp430sim), from tables that
 * gen_vectors.py writes at build time from the vector files:
 *  - FIPS 180-4 examples, the one-million-'a' message streamed, CAVP
 *    SHA256ShortMsg (all 65) and the first SHA256LongMsg messages, one-shot
 *    and streamed in 7-byte pieces; the first SHA256Monte checkpoint (the
 *    million-'a' message is left out of the MSP430 image: see gen_vectors.py),
 *  - RFC 4231 (all six cases in the file), one-shot, streamed, verified,
 *  - a sample of Wycheproof hmac_sha256_test.json (every third test, valid,
 *    invalid and truncated tags; the rest counted as skipped),
 *  - the TLS 1.2 PRF vector, and every prefix of it,
 *  - 64 pseudo-random messages (lengths around every block boundary up to
 *    575 bytes) against digests from Python's hashlib.
 * crypto_vectors.wire runs it over SHA2's default variant (assembly on the
 * MSP430), crypto_vectors_c.wire over the compact C variant: so the
 * assembly and the C are tested against the same tables. */
#include "tests/unit/test_cmocka.h"
#include <string.h>

#include "crypto_vectors.h"
#include "interfaces/cipher_suite.h"
#include "interfaces/hash.h"
#include "interfaces/mac.h"
#include "tests/fakes/fake_prng.h"

#define CRYPTOVECTEST_AT(span) (cryptovectest_blob + (span).off)

static void test_sha256(void **state)
{
    (void)state;
    uint8_t got[HASH_LEN], chunk[256];
    struct hash_ctx ctx;
    for (size_t i = 0; i < sizeof cryptovectest_sha / sizeof cryptovectest_sha[0]; i++) {
        const struct cryptovectest_sha *v = &cryptovectest_sha[i];
        const uint8_t *msg = CRYPTOVECTEST_AT(v->msg), *md = cryptovectest_blob + v->md;
        if (v->repeat == 1) {
            CryptoVecTest__hash__digest(msg, v->msg.len, got);
            assert_memory_equal(got, md, HASH_LEN);
            CryptoVecTest__hash__init(&ctx);
            for (uint16_t off = 0; off < v->msg.len; off = (uint16_t)(off + 7))
                CryptoVecTest__hash__update(&ctx, msg + off,
                                            v->msg.len - off < 7 ? (uint16_t)(v->msg.len - off) : 7);
            CryptoVecTest__hash__final(&ctx, got);
            assert_memory_equal(got, md, HASH_LEN);
            continue;
        }
        /* a repeated text (the million 'a'): whole copies of it, 256 bytes at most per update */
        uint16_t per = (uint16_t)(sizeof chunk / v->msg.len), fill = (uint16_t)(per * v->msg.len);
        for (uint16_t k = 0; k < per; k++)
            memcpy(chunk + k * v->msg.len, msg, v->msg.len);
        CryptoVecTest__hash__init(&ctx);
        uint32_t left = v->repeat;
        while (left >= per) {
            CryptoVecTest__hash__update(&ctx, chunk, fill);
            left -= per;
        }
        CryptoVecTest__hash__update(&ctx, chunk, (uint16_t)(left * v->msg.len));
        CryptoVecTest__hash__final(&ctx, got);
        assert_memory_equal(got, md, HASH_LEN);
    }
    print_message("SHA-256: %u vectors (FIPS 180-4, CAVP Short, Long)\n",
                  (unsigned)(sizeof cryptovectest_sha / sizeof cryptovectest_sha[0]));
}

/* SHAVS Monte: MD0 = MD1 = MD2 = Seed; MDi = SHA(MDi-3 || MDi-2 || MDi-1) for
 * i = 3..1002; the checkpoint is MD1002, the next seed. */
static void test_sha256_monte(void **state)
{
    (void)state;
    static uint8_t m[3 * HASH_LEN];
    uint8_t seed[HASH_LEN];
    memcpy(seed, cryptovectest_blob + cryptovectest_monte_seed, HASH_LEN);
    for (unsigned j = 0; j < cryptovectest_monte_count; j++) {
        memcpy(m, seed, HASH_LEN);
        memcpy(m + HASH_LEN, seed, HASH_LEN);
        memcpy(m + 2 * HASH_LEN, seed, HASH_LEN);
        for (unsigned i = 3; i <= 1002; i++) {
            uint8_t md[HASH_LEN];
            CryptoVecTest__hash__digest(m, sizeof m, md);
            memmove(m, m + HASH_LEN, 2 * HASH_LEN);
            memcpy(m + 2 * HASH_LEN, md, HASH_LEN);
        }
        memcpy(seed, m + 2 * HASH_LEN, HASH_LEN);
        assert_memory_equal(seed, cryptovectest_blob + cryptovectest_monte[j], HASH_LEN);
    }
    print_message("SHA-256 Monte: %u checkpoints\n", (unsigned)cryptovectest_monte_count);
}

/* Messages of lengths around every block boundary, their bytes from
 * fake_prng and their digests from Python's hashlib (gen_vectors.py): the
 * table both SHA2 variants of the simulator run against (assembly in
 * crypto_vectors.wire, C in crypto_vectors_c.wire). One-shot, and streamed
 * in pieces of 1..64 bytes. */
static void test_sha256_random(void **state)
{
    (void)state;
    static uint8_t msg[576];
    uint8_t got[HASH_LEN];
    struct hash_ctx ctx;
    for (size_t i = 0; i < sizeof cryptovectest_random / sizeof cryptovectest_random[0]; i++) {
        const struct cryptovectest_random *v = &cryptovectest_random[i];
        struct fake_prng r;
        assert_true(v->len <= sizeof msg);
        fake_prng_seed(&r, v->seed);
        for (uint16_t k = 0; k < v->len; k++)
            msg[k] = (uint8_t)fake_prng_next(&r);
        CryptoVecTest__hash__digest(msg, v->len, got);
        assert_memory_equal(got, cryptovectest_blob + v->md, HASH_LEN);
        uint16_t piece = (uint16_t)(1 + i % 64);
        CryptoVecTest__hash__init(&ctx);
        for (uint16_t off = 0; off < v->len; off = (uint16_t)(off + piece))
            CryptoVecTest__hash__update(&ctx, msg + off,
                                        v->len - off < piece ? (uint16_t)(v->len - off) : piece);
        CryptoVecTest__hash__final(&ctx, got);
        assert_memory_equal(got, cryptovectest_blob + v->md, HASH_LEN);
    }
    print_message("SHA-256: %u pseudo-random messages vs hashlib\n",
                  (unsigned)(sizeof cryptovectest_random / sizeof cryptovectest_random[0]));
}

static void test_hmac_rfc4231(void **state)
{
    (void)state;
    uint8_t got[MAC_LEN];
    struct mac_ctx ctx;
    for (size_t i = 0; i < sizeof cryptovectest_hmac / sizeof cryptovectest_hmac[0]; i++) {
        const struct cryptovectest_hmac *v = &cryptovectest_hmac[i];
        const uint8_t *key = CRYPTOVECTEST_AT(v->key), *msg = CRYPTOVECTEST_AT(v->msg);
        CryptoVecTest__mac__mac(key, v->key.len, msg, v->msg.len, got);
        assert_memory_equal(got, CRYPTOVECTEST_AT(v->tag), MAC_LEN);
        CryptoVecTest__mac__init(&ctx, key, v->key.len);
        for (uint16_t off = 0; off < v->msg.len; off = (uint16_t)(off + 5))
            CryptoVecTest__mac__update(&ctx, msg + off,
                                       v->msg.len - off < 5 ? (uint16_t)(v->msg.len - off) : 5);
        assert_true(CryptoVecTest__mac__verify(&ctx, CRYPTOVECTEST_AT(v->tag), MAC_LEN));
        CryptoVecTest__mac__clear(&ctx);
    }
    print_message("RFC 4231: %u cases\n",
                  (unsigned)(sizeof cryptovectest_hmac / sizeof cryptovectest_hmac[0]));
}

static void test_hmac_wycheproof_sample(void **state)
{
    (void)state;
    unsigned n = sizeof cryptovectest_wyc / sizeof cryptovectest_wyc[0], passed = 0, failed = 0;
    for (unsigned i = 0; i < n; i++) {
        const struct cryptovectest_wyc *v = &cryptovectest_wyc[i];
        uint8_t full[MAC_LEN];
        struct mac_ctx ctx;
        CryptoVecTest__mac__mac(CRYPTOVECTEST_AT(v->key), v->key.len, CRYPTOVECTEST_AT(v->msg), v->msg.len,
                                full);
        CryptoVecTest__mac__init(&ctx, CRYPTOVECTEST_AT(v->key), v->key.len);
        CryptoVecTest__mac__update(&ctx, CRYPTOVECTEST_AT(v->msg), v->msg.len);
        bool verified = CryptoVecTest__mac__verify(&ctx, CRYPTOVECTEST_AT(v->tag), v->tag.len);
        CryptoVecTest__mac__clear(&ctx);
        bool ok = v->valid ? verified && v->tag.len == v->tag_size &&
                                 memcmp(full, CRYPTOVECTEST_AT(v->tag), v->tag.len) == 0
                           : !verified;
        if (ok) {
            passed++;
        } else {
            failed++;
            print_error("wycheproof hmac tcId %u failed\n", (unsigned)v->tc_id);
        }
    }
    print_message("wycheproof hmac_sha256_test.json: %u cases, %u passed, %u skipped, %u failed\n",
                  (unsigned)cryptovectest_wyc_total, passed, (unsigned)cryptovectest_wyc_total - n, failed);
    assert_int_equal(failed, 0);
    assert_int_equal(passed, n);
}

static void test_prf(void **state)
{
    (void)state;
    uint8_t got[128];
    for (size_t i = 0; i < sizeof cryptovectest_prf / sizeof cryptovectest_prf[0]; i++) {
        const struct cryptovectest_prf *v = &cryptovectest_prf[i];
        assert_true(v->out.len <= sizeof got - 1);
        for (uint16_t len = 0; len <= v->out.len; len++) {
            memset(got, 0xA5, sizeof got);
            assert_int_equal(CryptoVecTest__suite__prf(CRYPTOVECTEST_AT(v->secret), v->secret.len,
                                                       (const char *)CRYPTOVECTEST_AT(v->label),
                                                       CRYPTOVECTEST_AT(v->seed), v->seed.len, got, len),
                             E_OK);
            assert_memory_equal(got, CRYPTOVECTEST_AT(v->out), len);
            assert_int_equal(got[len], 0xA5);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_sha256_monte),
        cmocka_unit_test(test_sha256_random),
        cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_hmac_wycheproof_sample),
        cmocka_unit_test(test_prf),
    };
    wire_init();
    return cmocka_run_group_tests_name("crypto_vectors", tests, NULL, NULL);
}
