/* hmac_test.c: HmacTest, the evidence for HMAC (HMAC-SHA256 over SHA2):
 *  - RFC 4231 test cases (cryptography_vectors/HMAC/rfc-4231-sha256.txt),
 *    one-shot, streamed, and checked with verify(),
 *  - every test of Wycheproof hmac_sha256_test.json, truncated tags
 *    included: a valid case must verify and match the tag's prefix, an
 *    invalid one must not verify; the summary line counts them,
 *  - final() leaves the context keyed (a second message costs no re-key),
 *    two contexts interleave, a copy forks, clear() wipes,
 *  - verify(): every single-bit flip and every length outside 1..32 fails,
 *  - differential: 4096 (key, message) pairs, keys 0..200 bytes (both
 *    sides of the 64-byte block), messages 0..1024, against OpenSSL's
 *    HMAC(), byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "interfaces/mac.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/crypto/common/tvec.h"

static void hmactest_openssl(const uint8_t *key, size_t klen, const uint8_t *msg, size_t len, uint8_t *out)
{
    unsigned n = 0;
    static const uint8_t empty[1];
    assert_non_null(HMAC(EVP_sha256(), klen ? key : empty, (int)klen, len ? msg : empty, len, out, &n));
    assert_int_equal(n, MAC_LEN);
}

/* One-shot, streamed in random pieces, and verify() with the full tag. */
static void hmactest_check(const uint8_t *key, size_t klen, const uint8_t *msg, size_t len,
                           const uint8_t *want, uint32_t seed)
{
    uint8_t got[MAC_LEN];
    HmacTest__mac__mac(key, (uint16_t)klen, msg, (uint16_t)len, got);
    assert_memory_equal(got, want, MAC_LEN);
    struct fake_prng r;
    fake_prng_seed(&r, seed);
    struct mac_ctx ctx;
    HmacTest__mac__init(&ctx, key, (uint16_t)klen);
    for (size_t off = 0; off < len;) {
        size_t n = fake_prng_below(&r, 131);
        if (n > len - off)
            n = len - off;
        HmacTest__mac__update(&ctx, msg + off, (uint16_t)n);
        off += n;
    }
    HmacTest__mac__final(&ctx, got);
    assert_memory_equal(got, want, MAC_LEN);
    HmacTest__mac__update(&ctx, msg, (uint16_t)len); /* the same message again on the still-keyed ctx */
    assert_true(HmacTest__mac__verify(&ctx, want, MAC_LEN));
    HmacTest__mac__clear(&ctx);
}

static void test_rfc4231(void **state)
{
    (void)state;
    struct tvec_rsp r;
    unsigned n = 0;
    assert_true(tvec_rsp_open(&r, CRYPTO_VECTORS "/HMAC/rfc-4231-sha256.txt"));
    while (tvec_rsp_next(&r)) {
        const char *k = tvec_field(&r, "Key"), *m = tvec_field(&r, "Msg"), *md = tvec_field(&r, "MD");
        assert_non_null(k);
        assert_non_null(m);
        assert_non_null(md);
        size_t klen = 0, mlen = 0;
        uint8_t *key = tvec_hex_alloc(k, &klen), *msg = tvec_hex_alloc(m, &mlen), want[MAC_LEN];
        assert_non_null(key);
        assert_non_null(msg);
        assert_int_equal(tvec_hex(md, want, sizeof want), MAC_LEN);
        hmactest_check(key, klen, msg, mlen, want, n);
        free(key);
        free(msg);
        n++;
    }
    tvec_rsp_close(&r);
    print_message("rfc-4231-sha256.txt: %u cases\n", n);
    assert_int_equal(n, 6); /* test cases 1-4, 6, 7 (5, truncation, is not in the file) */
}

static void test_wycheproof(void **state)
{
    (void)state;
    struct tjson *root = tjson_load(WYCHEPROOF_DIR "/hmac_sha256_test.json");
    assert_non_null(root);
    const struct tjson *groups = tjson_get(root, "testGroups");
    assert_non_null(groups);
    unsigned total = 0, passed = 0, skipped = 0, failed = 0;
    for (size_t g = 0; g < groups->count; g++) {
        const struct tjson *grp = groups->child[g];
        const struct tjson *tests = tjson_get(grp, "tests");
        long tag_bits = tjson_num(grp, "tagSize");
        assert_non_null(tests);
        assert_true(tag_bits > 0 && tag_bits % 8 == 0);
        for (size_t t = 0; t < tests->count; t++) {
            const struct tjson *tc = tests->child[t];
            const char *k = tjson_str(tc, "key"), *m = tjson_str(tc, "msg"), *tg = tjson_str(tc, "tag");
            const char *result = tjson_str(tc, "result");
            total++;
            if (!k || !m || !tg || !result) {
                failed++;
                continue;
            }
            size_t klen = 0, mlen = 0, tlen = 0;
            uint8_t *key = tvec_hex_alloc(k, &klen), *msg = tvec_hex_alloc(m, &mlen),
                    *tag = tvec_hex_alloc(tg, &tlen);
            bool ok = false;
            if (key && msg && tag && klen <= UINT16_MAX && mlen <= UINT16_MAX) {
                uint8_t full[MAC_LEN];
                struct mac_ctx ctx;
                HmacTest__mac__mac(key, (uint16_t)klen, msg, (uint16_t)mlen, full);
                HmacTest__mac__init(&ctx, key, (uint16_t)klen);
                HmacTest__mac__update(&ctx, msg, (uint16_t)mlen);
                bool verified = HmacTest__mac__verify(&ctx, tag, (uint16_t)tlen);
                HmacTest__mac__clear(&ctx);
                if (strcmp(result, "valid") == 0)
                    ok = verified && tlen == (size_t)tag_bits / 8 && memcmp(full, tag, tlen) == 0;
                else if (strcmp(result, "invalid") == 0)
                    ok = !verified;
                else /* "acceptable": either answer, but it must be the same as comparing */
                    ok = verified == (tlen >= 1 && tlen <= MAC_LEN && memcmp(full, tag, tlen) == 0);
            }
            if (ok) {
                passed++;
            } else {
                failed++;
                print_error("wycheproof hmac tcId %ld (%s) failed\n", tjson_num(tc, "tcId"), result);
            }
            free(key);
            free(msg);
            free(tag);
        }
    }
    long declared = tjson_num(root, "numberOfTests");
    printf("wycheproof hmac_sha256_test.json: %u cases, %u passed, %u skipped, %u failed\n", total, passed,
           skipped, failed);
    tjson_free(root);
    assert_int_equal(total, declared);
    assert_int_equal(failed, 0);
    assert_int_equal(skipped, 0);
}

/* final() leaves ctx keyed: message after message on one ctx equals fresh
 * one-shots; two contexts under different keys interleave; a copy forks. */
static void test_keyed_reuse_and_interleave(void **state)
{
    (void)state;
    uint8_t k1[20], k2[100], msg[200], want[MAC_LEN], got[MAC_LEN];
    for (size_t i = 0; i < sizeof k1; i++)
        k1[i] = (uint8_t)(i + 1);
    for (size_t i = 0; i < sizeof k2; i++)
        k2[i] = (uint8_t)(0xA0 ^ i);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13);
    struct mac_ctx a, b, fork;
    HmacTest__mac__init(&a, k1, sizeof k1);
    HmacTest__mac__init(&b, k2, sizeof k2);
    for (size_t len = 0; len <= sizeof msg; len += 17) {
        HmacTest__mac__update(&a, msg, (uint16_t)(len / 2));
        HmacTest__mac__update(&b, msg, (uint16_t)len);
        fork = a;
        HmacTest__mac__update(&a, msg + len / 2, (uint16_t)(len - len / 2));
        HmacTest__mac__final(&b, got);
        hmactest_openssl(k2, sizeof k2, msg, len, want);
        assert_memory_equal(got, want, MAC_LEN);
        HmacTest__mac__final(&a, got);
        hmactest_openssl(k1, sizeof k1, msg, len, want);
        assert_memory_equal(got, want, MAC_LEN);
        HmacTest__mac__final(&fork, got);
        hmactest_openssl(k1, sizeof k1, msg, len / 2, want);
        assert_memory_equal(got, want, MAC_LEN);
    }
    struct mac_ctx zero;
    memset(&zero, 0, sizeof zero);
    HmacTest__mac__clear(&a);
    assert_memory_equal(&a, &zero, sizeof a);
    HmacTest__mac__clear(&b);
    HmacTest__mac__clear(&fork);
}

/* verify(): the right tag and every prefix of it verify; any flipped bit,
 * length 0 or a length above 32 does not. */
static void test_verify(void **state)
{
    (void)state;
    static const uint8_t key[] = "key", msg[] = "The quick brown fox jumps over the lazy dog";
    uint8_t tag[MAC_LEN + 1];
    struct mac_ctx ctx;
    HmacTest__mac__mac(key, 3, msg, sizeof msg - 1, tag);
    tag[MAC_LEN] = 0;
    HmacTest__mac__init(&ctx, key, 3);
    for (uint16_t len = 0; len <= MAC_LEN + 1; len++) {
        HmacTest__mac__update(&ctx, msg, sizeof msg - 1);
        assert_int_equal(HmacTest__mac__verify(&ctx, tag, len), len >= 1 && len <= MAC_LEN);
    }
    for (unsigned bit = 0; bit < 8 * MAC_LEN; bit++) {
        tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        HmacTest__mac__update(&ctx, msg, sizeof msg - 1);
        assert_false(HmacTest__mac__verify(&ctx, tag, MAC_LEN));
        tag[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    HmacTest__mac__update(&ctx, msg, sizeof msg - 1);
    assert_true(HmacTest__mac__verify(&ctx, tag, MAC_LEN));
    HmacTest__mac__clear(&ctx);
}

static void test_differential_openssl(void **state)
{
    (void)state;
    enum { CASES = 4096, MAX = 1024, KMAX = 200 };
    static uint8_t msg[MAX], key[KMAX];
    struct fake_prng r;
    fake_prng_seed(&r, 4231);
    for (unsigned c = 0; c < CASES; c++) {
        size_t len = c <= MAX ? c : fake_prng_below(&r, MAX + 1);
        size_t klen = c <= KMAX ? c : fake_prng_below(&r, KMAX + 1);
        for (size_t i = 0; i < len; i++)
            msg[i] = (uint8_t)fake_prng_next(&r);
        for (size_t i = 0; i < klen; i++)
            key[i] = (uint8_t)fake_prng_next(&r);
        uint8_t want[MAC_LEN];
        hmactest_openssl(key, klen, msg, len, want);
        hmactest_check(key, klen, msg, len, want, c);
    }
    print_message("HMAC-SHA256 vs OpenSSL: %u cases, keys 0..%u, messages 0..%u, all equal\n",
                  (unsigned)CASES, (unsigned)KMAX, (unsigned)MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4231),
        cmocka_unit_test(test_wycheproof),
        cmocka_unit_test(test_keyed_reuse_and_interleave),
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_differential_openssl),
    };
    wire_init();
    return cmocka_run_group_tests_name("hmac", tests, NULL, NULL);
}
