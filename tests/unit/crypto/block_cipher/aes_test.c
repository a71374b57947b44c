/* aes_test.c: AesTest, cmocka tests of whichever BlockCipher the wiring
 * gives it (OpenSslAes, Rijndael, Rijndael compact): the FIPS-197 AES-128
 * examples (tests/vectors/fips197-aes128.txt), the NIST CAVP AES ECB
 * known-answer (GFSbox, KeySbox, VarKey, VarTxt) and multi-block message
 * (MMT) files for 128-bit keys, read at test time from Debian's
 * python3-cryptography-vectors (both the ENCRYPT and the DECRYPT sections:
 * each pair is a forward AES check), random keys and blocks against
 * OpenSSL's libcrypto, and the key life cycle of the interface. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "interfaces/block_cipher.h"
#include "tests/unit/crypto/common/tvec.h"

static uint64_t aestest_rng = 0x0123456789abcdefu;

/* splitmix64: a fixed, seeded stream (tests are deterministic). */
static uint64_t aestest_next(void)
{
    uint64_t z = (aestest_rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void aestest_fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)aestest_next();
}

static bool aestest_all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* ECB over n blocks with the cipher under test. */
static void aestest_ecb(const uint8_t *key, const uint8_t *in, uint8_t *out, size_t n)
{
    struct block_key k;
    assert_int_equal(AesTest__cipher__set_key(&k, key, BLOCK_KEY_LEN), E_OK);
    for (size_t i = 0; i < n; i += BLOCK_LEN)
        AesTest__cipher__encrypt(&k, in + i, out + i);
    AesTest__cipher__forget(&k);
    assert_true(aestest_all_zero(&k, sizeof k));
}

/* Every record of a .rsp file with KEY, PLAINTEXT, CIPHERTEXT: E(KEY, PT) == CT. */
static unsigned aestest_rsp(const char *path)
{
    struct tvec_rsp r;
    unsigned checked = 0;
    assert_true(tvec_rsp_open(&r, path));
    while (tvec_rsp_next(&r)) {
        const char *k = tvec_field(&r, "KEY"), *p = tvec_field(&r, "PLAINTEXT"),
                   *c = tvec_field(&r, "CIPHERTEXT");
        if (!k || !p || !c)
            continue; /* a header record */
        uint8_t key[BLOCK_KEY_LEN], pt[256], ct[256], out[256];
        assert_int_equal(tvec_hex(k, key, sizeof key), BLOCK_KEY_LEN);
        long n = tvec_hex(p, pt, sizeof pt);
        assert_true(n > 0 && n % BLOCK_LEN == 0);
        assert_int_equal(tvec_hex(c, ct, sizeof ct), n);
        aestest_ecb(key, pt, out, (size_t)n);
        if (memcmp(out, ct, (size_t)n) != 0)
            fail_msg("%s: record %u (%s COUNT %s) differs", path, r.records, r.section,
                     tvec_field(&r, "COUNT"));
        checked++;
    }
    tvec_rsp_close(&r);
    return checked;
}

static void test_fips197(void **state)
{
    (void)state;
    assert_int_equal(aestest_rsp(TEST_VECTORS_DIR "/fips197-aes128.txt"), 2);
}

static void test_cavp_ecb(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        unsigned records;
    } files[] = {
        {"ECBGFSbox128.rsp", 14},  {"ECBKeySbox128.rsp", 42}, {"ECBVarKey128.rsp", 256},
        {"ECBVarTxt128.rsp", 256}, {"ECBMMT128.rsp", 20},
    };
    unsigned total = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/ciphers/AES/ECB/%s", CRYPTO_VECTORS, files[i].file);
        unsigned n = aestest_rsp(path);
        /* every record of both sections (ENCRYPT and DECRYPT) */
        if (n != files[i].records)
            fail_msg("%s: %u records checked, expected %u", files[i].file, n, files[i].records);
        total += n;
    }
    printf("cavp aes ecb: %u records passed\n", total);
}

/* libcrypto's AES-128-ECB as the reference. */
static void aestest_openssl(const uint8_t *key, const uint8_t *in, uint8_t *out, int len)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0;
    assert_non_null(c);
    assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, key, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_set_padding(c, 0), 1);
    assert_int_equal(EVP_EncryptUpdate(c, out, &n, in, len), 1);
    assert_int_equal(n, len);
    EVP_CIPHER_CTX_free(c);
}

/* 20000 random keys, 1..8 random blocks each. */
static void test_random_against_openssl(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        uint8_t key[16], in[128], ours[128], ref[128];
        int blocks = 1 + (int)(aestest_next() % 8);
        aestest_fill(key, sizeof key);
        aestest_fill(in, sizeof in);
        aestest_ecb(key, in, ours, (size_t)blocks * BLOCK_LEN);
        aestest_openssl(key, in, ref, blocks * BLOCK_LEN);
        if (memcmp(ours, ref, (size_t)blocks * BLOCK_LEN) != 0)
            fail_msg("key %d differs from OpenSSL", i);
    }
}

/* A random block encrypted 10000 times in place (each output is the next
 * input): in == out, and a long walk through the state space. */
static void test_in_place_chain(void **state)
{
    (void)state;
    uint8_t key[16], a[16], b[16];
    aestest_fill(key, sizeof key);
    aestest_fill(a, sizeof a);
    memcpy(b, a, sizeof a);
    struct block_key k;
    assert_int_equal(AesTest__cipher__set_key(&k, key, sizeof key), E_OK);
    for (int i = 0; i < 10000; i++) {
        AesTest__cipher__encrypt(&k, a, a); /* in == out */
        aestest_openssl(key, b, b, 16);
    }
    AesTest__cipher__forget(&k);
    assert_memory_equal(a, b, sizeof a);
}

/* Every alignment of in and out (0..7 bytes past an 8-byte boundary) and in
 * place: the words variant and the bytes variant's word path for even
 * addresses must agree with the byte path and with OpenSSL. */
static void test_alignments(void **state)
{
    (void)state;
    _Alignas(8) uint8_t src[32], dst[32];
    uint8_t key[16], pt[16], ref[16];
    struct block_key k;
    for (int i = 0; i < 200; i++) {
        aestest_fill(key, 16);
        aestest_fill(pt, 16);
        aestest_openssl(key, pt, ref, 16);
        assert_int_equal(AesTest__cipher__set_key(&k, key, 16), E_OK);
        for (int a = 0; a < 8; a++) {
            for (int b = 0; b < 8; b++) {
                memset(dst, 0, sizeof dst);
                memcpy(src + a, pt, 16);
                AesTest__cipher__encrypt(&k, src + a, dst + b);
                assert_memory_equal(dst + b, ref, 16);
            }
            AesTest__cipher__encrypt(&k, src + a, src + a); /* in place */
            assert_memory_equal(src + a, ref, 16);
        }
        AesTest__cipher__forget(&k);
    }
}

static void test_key_life_cycle(void **state)
{
    (void)state;
    static const uint8_t raw[32] = {1, 2, 3};
    struct block_key k, zero;
    memset(&zero, 0, sizeof zero);
    /* only 16-byte keys; a rejected key leaves the context zeroed */
    for (uint16_t len = 0; len <= 32; len++) {
        memset(&k, 0x5a, sizeof k);
        err_t e = AesTest__cipher__set_key(&k, raw, len);
        if (len == 16) {
            assert_int_equal(e, E_OK);
            AesTest__cipher__forget(&k);
        } else {
            assert_int_equal(e, E_INVAL);
        }
        assert_memory_equal(&k, &zero, sizeof k);
    }
    /* forget() of a zeroed context is a no-op; a forgotten context can be keyed again */
    AesTest__cipher__forget(&k);
    AesTest__cipher__forget(&k);
    uint8_t key[16], in[16], out[16], ref[16];
    aestest_fill(key, 16);
    aestest_fill(in, 16);
    aestest_openssl(key, in, ref, 16);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(AesTest__cipher__set_key(&k, key, 16), E_OK);
        AesTest__cipher__encrypt(&k, in, out);
        AesTest__cipher__forget(&k);
        assert_memory_equal(out, ref, 16);
        assert_memory_equal(&k, &zero, sizeof k);
    }
    /* two keys live at once do not interfere */
    struct block_key k2;
    uint8_t key2[16], out2[16], ref2[16];
    aestest_fill(key2, 16);
    aestest_openssl(key2, in, ref2, 16);
    assert_int_equal(AesTest__cipher__set_key(&k, key, 16), E_OK);
    assert_int_equal(AesTest__cipher__set_key(&k2, key2, 16), E_OK);
    AesTest__cipher__encrypt(&k, in, out);
    AesTest__cipher__encrypt(&k2, in, out2);
    AesTest__cipher__forget(&k);
    AesTest__cipher__forget(&k2);
    assert_memory_equal(out, ref, 16);
    assert_memory_equal(out2, ref2, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips197),
        cmocka_unit_test(test_cavp_ecb),
        cmocka_unit_test(test_random_against_openssl),
        cmocka_unit_test(test_in_place_chain),
        cmocka_unit_test(test_alignments),
        cmocka_unit_test(test_key_life_cycle),
    };
    wire_init();
    return cmocka_run_group_tests_name("aes", tests, NULL, NULL);
}
