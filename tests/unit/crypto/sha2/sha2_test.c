/* sha2_test.c: Sha2Test, the evidence for SHA2 (SHA-256):
 *  - the FIPS 180-4 examples and the one-million-'a' message (tests/vectors),
 *  - every message of NIST CAVP SHA256ShortMsg.rsp and SHA256LongMsg.rsp and
 *    the 100 checkpoints of SHA256Monte.rsp (python3-cryptography-vectors),
 *    each one-shot and streamed in pieces,
 *  - streaming: every split point of messages up to three blocks, forking a
 *    context by copying it, final() wiping the context,
 *  - the 64-bit length: a context that has absorbed 2^32 - 64 bytes (the
 *    state set directly) continues across the 32-bit byte-count carry,
 *    compared with OpenSSL's SHA256_CTX set to the same state,
 *  - differential: 4096 messages of every length 0..1024 and random lengths,
 *    random chunking, against OpenSSL's EVP SHA-256, byte for byte.
 * Vector files are read at test time. */
#define OPENSSL_SUPPRESS_DEPRECATED /* SHA256_CTX: the only way to set OpenSSL's length counter */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "interfaces/hash.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/crypto/common/tvec.h"

static void sha2test_oneshot_and_streamed(const uint8_t *msg, size_t len, const uint8_t *want, uint32_t seed)
{
    uint8_t got[HASH_LEN];
    if (len <= UINT16_MAX) {
        Sha2Test__hash__digest(msg, (uint16_t)len, got);
        assert_memory_equal(got, want, HASH_LEN);
    }
    /* streamed in random pieces of 0..130 bytes */
    struct fake_prng r;
    fake_prng_seed(&r, seed);
    struct hash_ctx ctx;
    Sha2Test__hash__init(&ctx);
    for (size_t off = 0; off < len;) {
        size_t n = fake_prng_below(&r, 131);
        if (n > len - off)
            n = len - off;
        Sha2Test__hash__update(&ctx, msg + off, (uint16_t)n);
        off += n;
    }
    Sha2Test__hash__final(&ctx, got);
    assert_memory_equal(got, want, HASH_LEN);
}

static void test_fips180_examples(void **state)
{
    (void)state;
    struct tvec_rsp r;
    unsigned n = 0;
    assert_true(tvec_rsp_open(&r, TEST_VECTORS_DIR "/fips180-4-sha256.txt"));
    while (tvec_rsp_next(&r)) {
        const char *text = tvec_field(&r, "Text"), *md = tvec_field(&r, "MD"),
                   *rep = tvec_field(&r, "Repeat");
        assert_non_null(text);
        assert_non_null(md);
        uint8_t want[HASH_LEN];
        assert_int_equal(tvec_hex(md, want, sizeof want), HASH_LEN);
        size_t tl = strlen(text), repeat = rep ? strtoul(rep, NULL, 10) : 1;
        uint8_t *msg = malloc(tl * repeat);
        assert_non_null(msg);
        for (size_t i = 0; i < repeat; i++)
            memcpy(msg + i * tl, text, tl);
        sha2test_oneshot_and_streamed(msg, tl * repeat, want, (uint32_t)n);
        if (repeat > 1) {
            /* the FIPS 180-2 B.3 way too: the text fed once per update */
            struct hash_ctx ctx;
            uint8_t got[HASH_LEN];
            Sha2Test__hash__init(&ctx);
            for (size_t i = 0; i < repeat; i++)
                Sha2Test__hash__update(&ctx, (const uint8_t *)text, (uint16_t)tl);
            Sha2Test__hash__final(&ctx, got);
            assert_memory_equal(got, want, HASH_LEN);
        }
        free(msg);
        n++;
    }
    tvec_rsp_close(&r);
    assert_int_equal(n, 3);
}

/* Short and Long: `Len` bits (a multiple of 8: byte-oriented files), `Msg`, `MD`. */
static unsigned sha2test_cavp(const char *path)
{
    struct tvec_rsp r;
    unsigned n = 0;
    assert_true(tvec_rsp_open(&r, path));
    while (tvec_rsp_next(&r)) {
        const char *len = tvec_field(&r, "Len"), *msg = tvec_field(&r, "Msg"), *md = tvec_field(&r, "MD");
        if (!len)
            continue;
        assert_non_null(msg);
        assert_non_null(md);
        size_t bits = strtoul(len, NULL, 10), mlen = 0;
        assert_int_equal(bits % 8, 0);
        uint8_t *m = tvec_hex_alloc(msg, &mlen);
        uint8_t want[HASH_LEN];
        assert_non_null(m);
        assert_int_equal(tvec_hex(md, want, sizeof want), HASH_LEN);
        assert_true(mlen >= bits / 8); /* Len = 0 has Msg = 00 */
        sha2test_oneshot_and_streamed(m, bits / 8, want, (uint32_t)n);
        free(m);
        n++;
    }
    tvec_rsp_close(&r);
    return n;
}

static void test_cavp_short(void **state)
{
    (void)state;
    unsigned n = sha2test_cavp(CRYPTO_VECTORS "/hashes/SHA2/SHA256ShortMsg.rsp");
    print_message("SHA256ShortMsg.rsp: %u messages\n", n);
    assert_int_equal(n, 65); /* Len = 0, 8, ..., 512 */
}

static void test_cavp_long(void **state)
{
    (void)state;
    unsigned n = sha2test_cavp(CRYPTO_VECTORS "/hashes/SHA2/SHA256LongMsg.rsp");
    print_message("SHA256LongMsg.rsp: %u messages\n", n);
    assert_int_equal(n, 64);
}

/* SHAVS 6.4: for j in 0..99: MD0 = MD1 = MD2 = Seed; for i in 3..1002:
 * MDi = SHA(MDi-3 || MDi-2 || MDi-1); the checkpoint is MD1002, the next Seed. */
static void test_cavp_monte(void **state)
{
    (void)state;
    struct tvec_rsp r;
    uint8_t seed[HASH_LEN], md[3][HASH_LEN], m[3 * HASH_LEN];
    unsigned checkpoints = 0;
    bool have_seed = false;
    assert_true(tvec_rsp_open(&r, CRYPTO_VECTORS "/hashes/SHA2/SHA256Monte.rsp"));
    while (tvec_rsp_next(&r)) {
        const char *s = tvec_field(&r, "Seed");
        if (s) {
            assert_int_equal(tvec_hex(s, seed, sizeof seed), HASH_LEN);
            have_seed = true;
            continue;
        }
        const char *count = tvec_field(&r, "COUNT"), *want_hex = tvec_field(&r, "MD");
        assert_true(have_seed);
        assert_non_null(count);
        assert_non_null(want_hex);
        assert_int_equal(strtoul(count, NULL, 10), checkpoints);
        memcpy(md[0], seed, HASH_LEN);
        memcpy(md[1], seed, HASH_LEN);
        memcpy(md[2], seed, HASH_LEN);
        for (int i = 3; i <= 1002; i++) {
            memcpy(m, md[0], HASH_LEN);
            memcpy(m + HASH_LEN, md[1], HASH_LEN);
            memcpy(m + 2 * HASH_LEN, md[2], HASH_LEN);
            memmove(md[0], md[1], 2 * HASH_LEN);
            Sha2Test__hash__digest(m, sizeof m, md[2]);
        }
        uint8_t want[HASH_LEN];
        assert_int_equal(tvec_hex(want_hex, want, sizeof want), HASH_LEN);
        assert_memory_equal(md[2], want, HASH_LEN);
        memcpy(seed, md[2], HASH_LEN);
        checkpoints++;
    }
    tvec_rsp_close(&r);
    assert_int_equal(checkpoints, 100);
}

static void sha2test_openssl(const uint8_t *msg, size_t len, uint8_t *out)
{
    unsigned n = 0;
    assert_int_equal(EVP_Digest(msg, len, out, &n, EVP_sha256(), NULL), 1);
    assert_int_equal(n, HASH_LEN);
}

/* Every split of messages of 0..192 bytes into two updates, and into three
 * around the block boundaries, gives the one-shot digest. */
static void test_every_split(void **state)
{
    (void)state;
    uint8_t msg[192], want[HASH_LEN], got[HASH_LEN];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len++) {
        sha2test_openssl(msg, len, want);
        for (size_t a = 0; a <= len; a++) {
            struct hash_ctx ctx;
            Sha2Test__hash__init(&ctx);
            Sha2Test__hash__update(&ctx, msg, (uint16_t)a);
            Sha2Test__hash__update(&ctx, NULL, 0);
            size_t b = a + (len - a) / 2;
            Sha2Test__hash__update(&ctx, msg + a, (uint16_t)(b - a));
            Sha2Test__hash__update(&ctx, msg + b, (uint16_t)(len - b));
            Sha2Test__hash__final(&ctx, got);
            assert_memory_equal(got, want, HASH_LEN);
        }
    }
}

/* A context copied mid-stream is an independent hash (the DTLS transcript
 * takes the Finished hash this way and goes on). final() wipes. */
static void test_fork_and_wipe(void **state)
{
    (void)state;
    uint8_t msg[300], want1[HASH_LEN], want2[HASH_LEN], got[HASH_LEN];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i ^ 0x5a);
    sha2test_openssl(msg, 100, want1);
    sha2test_openssl(msg, sizeof msg, want2);
    struct hash_ctx a, b, zero;
    Sha2Test__hash__init(&a);
    Sha2Test__hash__update(&a, msg, 100);
    b = a;
    Sha2Test__hash__update(&a, msg + 100, sizeof msg - 100);
    Sha2Test__hash__final(&b, got);
    assert_memory_equal(got, want1, HASH_LEN);
    Sha2Test__hash__final(&a, got);
    assert_memory_equal(got, want2, HASH_LEN);
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&a, &zero, sizeof a);
    assert_memory_equal(&b, &zero, sizeof b);
}

/* The byte count crosses 2^32 (the bit count 2^35): both words must end up
 * in the padding. OpenSSL's context is set to the same chaining value and
 * bit count, then both absorb the same 200 bytes. */
static void test_length_carry(void **state)
{
    (void)state;
    uint8_t msg[200], want[HASH_LEN], got[HASH_LEN];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)i;
    static const uint32_t lo[] = {0xFFFFFFC0u, 0xFFFFFF00u, 0x1FFFFFC0u, 0x20000000u};
    for (size_t k = 0; k < sizeof lo / sizeof lo[0]; k++) {
        struct hash_ctx ctx;
        SHA256_CTX o;
        Sha2Test__hash__init(&ctx);
        SHA256_Init(&o);
        for (int i = 0; i < 8; i++)
            ctx.st.h[i] = o.h[i] = 0x01020304u * (uint32_t)(i + 1);
        uint64_t bits = ((((uint64_t)5 << 32) | lo[k]) << 3);
        ctx.st.bits_lo = (uint32_t)bits;
        ctx.st.bits_hi = (uint32_t)(bits >> 32);
        o.Nl = (SHA_LONG)bits;
        o.Nh = (SHA_LONG)(bits >> 32);
        Sha2Test__hash__update(&ctx, msg, sizeof msg);
        SHA256_Update(&o, msg, sizeof msg);
        Sha2Test__hash__final(&ctx, got);
        SHA256_Final(want, &o);
        assert_memory_equal(got, want, HASH_LEN);
    }
}

static void test_differential_openssl(void **state)
{
    (void)state;
    enum { CASES = 4096, MAX = 1024 };
    static uint8_t msg[MAX];
    struct fake_prng r;
    fake_prng_seed(&r, 20240501);
    for (unsigned c = 0; c < CASES; c++) {
        size_t len = c <= MAX ? c : fake_prng_below(&r, MAX + 1);
        for (size_t i = 0; i < len; i++)
            msg[i] = (uint8_t)fake_prng_next(&r);
        uint8_t want[HASH_LEN];
        sha2test_openssl(msg, len, want);
        sha2test_oneshot_and_streamed(msg, len, want, c);
    }
    print_message("SHA-256 vs OpenSSL: %u messages, lengths 0..%u, all equal\n", (unsigned)CASES,
                  (unsigned)MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips180_examples), cmocka_unit_test(test_cavp_short),
        cmocka_unit_test(test_cavp_long),        cmocka_unit_test(test_cavp_monte),
        cmocka_unit_test(test_every_split),      cmocka_unit_test(test_fork_and_wipe),
        cmocka_unit_test(test_length_carry),     cmocka_unit_test(test_differential_openssl),
    };
    wire_init();
    return cmocka_run_group_tests_name("sha2", tests, NULL, NULL);
}
