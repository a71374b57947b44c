/* suite_test.c: SuiteTest, the evidence for Crypto (the CipherSuite of
 * TLS_PSK_WITH_AES_128_CCM_8):
 *  - the published TLS 1.2 PRF (P_SHA256) vector (tests/vectors), and
 *    every prefix of it (the output of a shorter request is a prefix),
 *  - the PRF against OpenSSL's TLS1-PRF KDF (EVP_KDF, digest SHA256):
 *    4096 cases, secrets 0..300 bytes, labels 1..40, seeds 0..600, outputs
 *    0..1024 bytes, byte for byte,
 *  - the RFC 4279 pre-master secret built by hand here and compared; PSK
 *    lengths 1..64 accepted, 0 and 65.. rejected,
 *  - master secret, extended master secret (RFC 7627), key block and
 *    Finished recomputed with OpenSSL's PRF from their definitions in RFC
 *    5246 / 7627; check_finished() accepts exactly the right 12 bytes,
 *  - records: protect() against OpenSSL's EVP AES-128-CCM (8-byte tag)
 *    given the RFC 6655 nonce (salt || epoch || seq) and the TLS 1.2
 *    additional data built here by hand, for plaintexts of 0..1024 bytes,
 *    and unprotect() of OpenSSL's output; a whole DTLS record built byte by
 *    byte; every modified byte of the fragment, and a wrong type, version,
 *    epoch or sequence number, fails with no plaintext left; short
 *    fragments are E_SIZE,
 *  - real DTLS 1.2 PSK-AES128-CCM8 sessions between OpenSSL's client and
 *    server in memory, with and without the extended master secret: from
 *    the transcript taken off the wire our master secret, key block and
 *    both Finished verify_data are theirs, we decrypt their encrypted
 *    Finished and application data, and their server accepts a record we
 *    protect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/ssl.h>

#include "interfaces/cipher_suite.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/crypto/common/tvec.h"

static void suitetest_random(struct fake_prng *r, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)fake_prng_next(r);
}

/* OpenSSL's TLS 1.2 PRF: TLS1-PRF with digest SHA256, seed = label || s1 || s2. */
static void suitetest_ossl_prf(const uint8_t *secret, size_t slen, const char *label, const uint8_t *s1,
                               size_t l1, const uint8_t *s2, size_t l2, uint8_t *out, size_t n)
{
    static const uint8_t empty[1];
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    assert_non_null(kdf);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    assert_non_null(ctx);
    OSSL_PARAM p[6], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0);
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)(slen ? secret : empty), slen);
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)label, strlen(label));
    if (l1)
        *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s1, l1);
    if (l2)
        *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s2, l2);
    *q = OSSL_PARAM_construct_end();
    assert_int_equal(EVP_KDF_derive(ctx, out, n, p), 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
}

static void test_prf_published_vector(void **state)
{
    (void)state;
    struct tvec_rsp r;
    unsigned n = 0;
    assert_true(tvec_rsp_open(&r, TEST_VECTORS_DIR "/tls12-prf-sha256.txt"));
    while (tvec_rsp_next(&r)) {
        const char *label = tvec_field(&r, "Label");
        size_t slen = 0, seedlen = 0, olen = 0;
        uint8_t *secret = tvec_hex_alloc(tvec_field(&r, "Secret"), &slen);
        uint8_t *seed = tvec_hex_alloc(tvec_field(&r, "Seed"), &seedlen);
        uint8_t *want = tvec_hex_alloc(tvec_field(&r, "Output"), &olen);
        assert_non_null(label);
        assert_non_null(secret);
        assert_non_null(seed);
        assert_non_null(want);
        uint8_t got[256];
        assert_true(olen <= sizeof got);
        for (size_t len = 0; len <= olen; len++) {
            memset(got, 0xA5, sizeof got);
            assert_int_equal(SuiteTest__suite__prf(secret, (uint16_t)slen, label, seed, (uint16_t)seedlen,
                                                   got, (uint16_t)len),
                             E_OK);
            assert_memory_equal(got, want, len);
            assert_int_equal(got[len], 0xA5); /* not a byte more */
        }
        free(secret);
        free(seed);
        free(want);
        n++;
    }
    tvec_rsp_close(&r);
    assert_int_equal(n, 1);
    uint8_t out[4];
    assert_int_equal(SuiteTest__suite__prf((const uint8_t *)"k", 1, NULL, NULL, 0, out, sizeof out), E_INVAL);
}

static void test_prf_vs_openssl(void **state)
{
    (void)state;
    enum { CASES = 4096 };
    static uint8_t secret[300], seed[600], want[1024], got[1024];
    char label[41];
    struct fake_prng r;
    fake_prng_seed(&r, 5246);
    for (unsigned c = 0; c < CASES; c++) {
        size_t slen = fake_prng_below(&r, sizeof secret + 1);
        size_t seedlen = fake_prng_below(&r, sizeof seed + 1);
        size_t llen = 1 + fake_prng_below(&r, 40);
        size_t n = c <= 1024 ? c : fake_prng_below(&r, 1025);
        suitetest_random(&r, secret, slen);
        suitetest_random(&r, seed, seedlen);
        for (size_t i = 0; i < llen; i++)
            label[i] = (char)(' ' + fake_prng_below(&r, 95));
        label[llen] = 0;
        if (n)
            suitetest_ossl_prf(secret, slen, label, seed, seedlen, NULL, 0, want, n);
        assert_int_equal(
            SuiteTest__suite__prf(secret, (uint16_t)slen, label, seed, (uint16_t)seedlen, got, (uint16_t)n),
            E_OK);
        assert_memory_equal(got, want, n);
    }
    print_message("TLS 1.2 PRF vs OpenSSL TLS1-PRF: %u cases, all equal\n", (unsigned)CASES);
}

/* RFC 4279 section 2: uint16 N, N zero bytes, uint16 N, the PSK. */
static size_t suitetest_pms(const uint8_t *psk, size_t n, uint8_t *out)
{
    size_t i = 0;
    out[i++] = (uint8_t)(n >> 8);
    out[i++] = (uint8_t)n;
    for (size_t k = 0; k < n; k++)
        out[i++] = 0;
    out[i++] = (uint8_t)(n >> 8);
    out[i++] = (uint8_t)n;
    for (size_t k = 0; k < n; k++)
        out[i++] = psk[k];
    return i;
}

static void test_psk_premaster(void **state)
{
    (void)state;
    uint8_t psk[CS_PSK_MAX + 1], want[CS_PMS_MAX + 2], got[CS_PMS_MAX + 2];
    for (size_t i = 0; i < sizeof psk; i++)
        psk[i] = (uint8_t)(0xF0 ^ i);
    for (uint16_t n = 1; n <= CS_PSK_MAX; n++) {
        size_t len = suitetest_pms(psk, n, want);
        assert_int_equal(len, 2u * n + 4);
        memset(got, 0xA5, sizeof got);
        assert_int_equal(SuiteTest__suite__psk_premaster(psk, n, got), E_OK);
        assert_memory_equal(got, want, len);
        assert_int_equal(got[len], 0xA5);
    }
    assert_int_equal(SuiteTest__suite__psk_premaster(psk, 0, got), E_SIZE);
    assert_int_equal(SuiteTest__suite__psk_premaster(psk, CS_PSK_MAX + 1, got), E_SIZE);
    assert_int_equal(SuiteTest__suite__psk_premaster(psk, 0xFFFF, got), E_SIZE);
}

/* Master secret (plain and extended), key block and Finished, each against
 * OpenSSL's PRF applied to its definition. */
static void test_key_schedule_vs_openssl(void **state)
{
    (void)state;
    struct fake_prng r;
    fake_prng_seed(&r, 7627);
    unsigned cases = 0;
    for (uint16_t psk_len = 1; psk_len <= CS_PSK_MAX; psk_len++) {
        for (int rep = 0; rep < 8; rep++, cases++) {
            uint8_t psk[CS_PSK_MAX], cr[CS_RANDOM_LEN], sr[CS_RANDOM_LEN], sh[CS_SESSION_HASH_LEN];
            uint8_t pms[CS_PMS_MAX], want[CS_MASTER_LEN], master[CS_MASTER_LEN], ems[CS_MASTER_LEN];
            suitetest_random(&r, psk, psk_len);
            suitetest_random(&r, cr, sizeof cr);
            suitetest_random(&r, sr, sizeof sr);
            suitetest_random(&r, sh, sizeof sh);
            size_t plen = suitetest_pms(psk, psk_len, pms);

            suitetest_ossl_prf(pms, plen, "master secret", cr, sizeof cr, sr, sizeof sr, want, sizeof want);
            assert_int_equal(SuiteTest__suite__master_secret(psk, psk_len, cr, sr, master), E_OK);
            assert_memory_equal(master, want, CS_MASTER_LEN);

            suitetest_ossl_prf(pms, plen, "extended master secret", sh, sizeof sh, NULL, 0, want,
                               sizeof want);
            assert_int_equal(SuiteTest__suite__extended_master_secret(psk, psk_len, sh, ems), E_OK);
            assert_memory_equal(ems, want, CS_MASTER_LEN);
            assert_memory_not_equal(ems, master, CS_MASTER_LEN);

            uint8_t kb[2 * CS_KEY_LEN + 2 * CS_SALT_LEN];
            struct cs_keys keys;
            suitetest_ossl_prf(master, sizeof master, "key expansion", sr, sizeof sr, cr, sizeof cr, kb,
                               sizeof kb);
            SuiteTest__suite__key_block(master, cr, sr, &keys);
            assert_memory_equal(keys.client.key, kb, CS_KEY_LEN);
            assert_memory_equal(keys.server.key, kb + CS_KEY_LEN, CS_KEY_LEN);
            assert_memory_equal(keys.client.salt, kb + 2 * CS_KEY_LEN, CS_SALT_LEN);
            assert_memory_equal(keys.server.salt, kb + 2 * CS_KEY_LEN + CS_SALT_LEN, CS_SALT_LEN);

            for (int client = 0; client <= 1; client++) {
                uint8_t vd[CS_VERIFY_LEN], wvd[CS_VERIFY_LEN];
                suitetest_ossl_prf(master, sizeof master, client ? "client finished" : "server finished", sh,
                                   sizeof sh, NULL, 0, wvd, sizeof wvd);
                SuiteTest__suite__finished(master, client, sh, vd);
                assert_memory_equal(vd, wvd, CS_VERIFY_LEN);
                assert_true(SuiteTest__suite__check_finished(master, client, sh, wvd));
                assert_false(SuiteTest__suite__check_finished(master, !client, sh, wvd));
                unsigned bit = fake_prng_below(&r, 8 * CS_VERIFY_LEN);
                wvd[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                assert_false(SuiteTest__suite__check_finished(master, client, sh, wvd));
            }
        }
    }
    assert_int_equal(SuiteTest__suite__master_secret((const uint8_t *)"", 0, (const uint8_t *)"", NULL, NULL),
                     E_SIZE);
    print_message("master, extended master, key block, Finished vs OpenSSL PRF: %u cases (PSK 1..64 bytes)\n",
                  cases);
}

/* ---- records ---- */

/* OpenSSL's AES-128-CCM, 12-byte nonce, 8-byte tag. */
static void suitetest_ossl_seal(const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                                const uint8_t *pt, size_t len, uint8_t *ct, uint8_t *tag)
{
    static uint8_t dummy[1];
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int outl = 0;
    assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_128_ccm(), NULL, NULL, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, CS_TAG_LEN, NULL), 1);
    assert_int_equal(EVP_EncryptInit_ex(c, NULL, NULL, key, nonce), 1);
    assert_int_equal(EVP_EncryptUpdate(c, NULL, &outl, NULL, (int)len), 1);
    assert_int_equal(EVP_EncryptUpdate(c, NULL, &outl, aad, 13), 1);
    assert_int_equal(EVP_EncryptUpdate(c, len ? ct : dummy, &outl, len ? pt : dummy, (int)len), 1);
    assert_int_equal(EVP_EncryptFinal_ex(c, dummy, &outl), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, CS_TAG_LEN, tag), 1);
    EVP_CIPHER_CTX_free(c);
}

/* The RFC 6655 nonce and the TLS 1.2 additional data, built here from the
 * RFCs independently of crypto.c. seq is epoch (2) || sequence number (6). */
static void suitetest_nonce_aad(const uint8_t *salt, const uint8_t *seq, uint8_t type, uint16_t version,
                                size_t len, uint8_t nonce[12], uint8_t aad[13])
{
    memcpy(nonce, salt, 4);           /* client_write_IV or server_write_IV */
    memcpy(nonce + 4, seq, 8);        /* nonce_explicit = epoch || sequence number */
    memcpy(aad, seq, 8);              /* seq_num */
    aad[8] = type;                    /* TLSCompressed.type */
    aad[9] = (uint8_t)(version >> 8); /* TLSCompressed.version */
    aad[10] = (uint8_t)version;
    aad[11] = (uint8_t)(len >> 8); /* TLSCompressed.length: of the plaintext */
    aad[12] = (uint8_t)len;
}

static void test_records_vs_openssl(void **state)
{
    (void)state;
    enum { MAX = 1024 };
    static uint8_t pt[MAX], frag[MAX + CS_RECORD_OVERHEAD], ct[MAX], tag[CS_TAG_LEN];
    struct fake_prng r;
    fake_prng_seed(&r, 6655);
    unsigned cases = 0;
    for (size_t len = 0; len <= MAX; len++) {
        for (int rep = 0; rep < 3; rep++, cases++) {
            struct cs_key key;
            uint8_t seq[CS_SEQ_LEN], nonce[12], aad[13];
            uint8_t type = (uint8_t)(20 + fake_prng_below(&r, 4));
            uint16_t version = rep == 2 ? (uint16_t)fake_prng_next(&r) : 0xFEFD;
            suitetest_random(&r, key.key, sizeof key.key);
            suitetest_random(&r, key.salt, sizeof key.salt);
            suitetest_random(&r, seq, sizeof seq);
            suitetest_random(&r, pt, len);
            suitetest_nonce_aad(key.salt, seq, type, version, len, nonce, aad);
            suitetest_ossl_seal(key.key, nonce, aad, pt, len, ct, tag);

            memset(frag, 0xA5, sizeof frag);
            memcpy(frag + CS_EXPLICIT_LEN, pt, len);
            assert_int_equal(SuiteTest__suite__protect(&key, type, version, seq, frag, (uint16_t)len), E_OK);
            assert_memory_equal(frag, seq, CS_EXPLICIT_LEN);
            assert_memory_equal(frag + CS_EXPLICIT_LEN, ct, len);
            assert_memory_equal(frag + CS_EXPLICIT_LEN + len, tag, CS_TAG_LEN);

            /* unprotect OpenSSL's fragment */
            memcpy(frag, seq, CS_EXPLICIT_LEN);
            memcpy(frag + CS_EXPLICIT_LEN, ct, len);
            memcpy(frag + CS_EXPLICIT_LEN + len, tag, CS_TAG_LEN);
            assert_int_equal(SuiteTest__suite__unprotect(&key, type, version, seq, frag,
                                                         (uint16_t)(len + CS_RECORD_OVERHEAD)),
                             E_OK);
            assert_memory_equal(frag + CS_EXPLICIT_LEN, pt, len);
        }
    }
    print_message("records vs OpenSSL AES-128-CCM-8: %u records, plaintexts 0..%u bytes, all equal\n", cases,
                  (unsigned)MAX);
}

static bool suitetest_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* A DTLS 1.2 record built byte by byte (RFC 6347 section 4.1: type,
 * version, epoch, sequence_number, length, fragment), its fragment the
 * output of protect(); unprotect() of the record as parsed back; then every
 * byte of the fragment flipped, and a wrong type, version, epoch or
 * sequence number, fails and leaves no plaintext; fragments shorter than
 * explicit nonce + tag are E_SIZE. */
static void test_dtls_record_and_tampering(void **state)
{
    (void)state;
    static const uint8_t msg[] = "GET /light CoAP over DTLS";
    enum { LEN = sizeof msg - 1 };
    struct cs_key key;
    for (int i = 0; i < CS_KEY_LEN; i++)
        key.key[i] = (uint8_t)(i + 1);
    memcpy(key.salt, "\xde\xad\xbe\xef", CS_SALT_LEN);
    const uint8_t seq[CS_SEQ_LEN] = {0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05}; /* epoch 1, seq 5 */
    uint8_t record[13 + LEN + CS_RECORD_OVERHEAD];
    record[0] = 23; /* application_data */
    record[1] = 0xFE;
    record[2] = 0xFD; /* DTLS 1.2 */
    memcpy(record + 3, seq, 8);
    record[11] = (uint8_t)((LEN + CS_RECORD_OVERHEAD) >> 8);
    record[12] = (uint8_t)(LEN + CS_RECORD_OVERHEAD);
    memcpy(record + 13 + CS_EXPLICIT_LEN, msg, LEN);
    assert_int_equal(SuiteTest__suite__protect(&key, record[0], 0xFEFD, record + 3, record + 13, LEN), E_OK);

    /* what OpenSSL says the whole record must be */
    uint8_t nonce[12], aad[13], ct[LEN], tag[CS_TAG_LEN];
    suitetest_nonce_aad(key.salt, seq, 23, 0xFEFD, LEN, nonce, aad);
    suitetest_ossl_seal(key.key, nonce, aad, msg, LEN, ct, tag);
    static const uint8_t header[13] = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 5, 0, LEN + CS_RECORD_OVERHEAD};
    assert_memory_equal(record, header, sizeof header);
    assert_memory_equal(record + 13, seq, 8);
    assert_memory_equal(record + 21, ct, LEN);
    assert_memory_equal(record + 21 + LEN, tag, CS_TAG_LEN);

    /* parse it back as a receiver would */
    uint8_t rx[sizeof record];
    memcpy(rx, record, sizeof record);
    uint16_t flen = (uint16_t)((rx[11] << 8) | rx[12]);
    assert_int_equal(flen, sizeof record - 13);
    assert_int_equal(
        SuiteTest__suite__unprotect(&key, rx[0], (uint16_t)((rx[1] << 8) | rx[2]), rx + 3, rx + 13, flen),
        E_OK);
    assert_memory_equal(rx + 21, msg, LEN);

    for (size_t i = 0; i < flen; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            memcpy(rx, record, sizeof record);
            rx[13 + i] ^= (uint8_t)(1u << bit);
            assert_int_equal(SuiteTest__suite__unprotect(&key, 23, 0xFEFD, seq, rx + 13, flen), E_FAIL);
            assert_true(suitetest_zero(rx + 21, LEN));
        }
    }
    for (size_t i = 0; i < 8; i++) { /* the header: epoch and sequence number */
        uint8_t bad[8];
        memcpy(bad, seq, 8);
        bad[i] ^= 0x01;
        memcpy(rx, record, sizeof record);
        assert_int_equal(SuiteTest__suite__unprotect(&key, 23, 0xFEFD, bad, rx + 13, flen), E_FAIL);
        assert_true(suitetest_zero(rx + 21, LEN));
    }
    memcpy(rx, record, sizeof record);
    assert_int_equal(SuiteTest__suite__unprotect(&key, 22, 0xFEFD, seq, rx + 13, flen), E_FAIL);
    memcpy(rx, record, sizeof record);
    assert_int_equal(SuiteTest__suite__unprotect(&key, 23, 0xFEFF, seq, rx + 13, flen), E_FAIL);
    memcpy(rx, record, sizeof record);
    assert_int_equal(SuiteTest__suite__unprotect(&key, 23, 0xFEFD, seq, rx + 13, (uint16_t)(flen - 1)),
                     E_FAIL);
    struct cs_key other = key;
    other.salt[3] ^= 1;
    memcpy(rx, record, sizeof record);
    assert_int_equal(SuiteTest__suite__unprotect(&other, 23, 0xFEFD, seq, rx + 13, flen), E_FAIL);
    for (uint16_t n = 0; n < CS_RECORD_OVERHEAD; n++) {
        memcpy(rx, record, sizeof record);
        assert_int_equal(SuiteTest__suite__unprotect(&key, 23, 0xFEFD, seq, rx + 13, n), E_SIZE);
        assert_memory_equal(rx, record, sizeof record); /* untouched */
    }
    uint8_t big[1];
    assert_int_equal(
        SuiteTest__suite__protect(&key, 23, 0xFEFD, seq, big, UINT16_MAX - CS_RECORD_OVERHEAD + 1), E_SIZE);
}

/* ---- a real DTLS 1.2 session with OpenSSL ---- */

static const uint8_t suitetest_psk[16] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                                          0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};

static unsigned suitetest_client_psk(SSL *ssl, const char *hint, char *identity, unsigned max_identity,
                                     uint8_t *psk, unsigned max_psk)
{
    (void)ssl;
    (void)hint;
    if (max_identity < 8 || max_psk < sizeof suitetest_psk)
        return 0;
    strcpy(identity, "node-17");
    memcpy(psk, suitetest_psk, sizeof suitetest_psk);
    return sizeof suitetest_psk;
}

static unsigned suitetest_server_psk(SSL *ssl, const char *identity, uint8_t *psk, unsigned max_psk)
{
    (void)ssl;
    if (strcmp(identity, "node-17") != 0 || max_psk < sizeof suitetest_psk)
        return 0;
    memcpy(psk, suitetest_psk, sizeof suitetest_psk);
    return sizeof suitetest_psk;
}

/* Everything both sides sent, in order: the handshake transcript comes
 * from here (epoch 0 handshake records are plaintext) and so does the
 * client's encrypted Finished. */
struct suitetest_wire {
    uint8_t bytes[32768];
    size_t len;
    struct {
        size_t off, len;
        bool from_client;
    } dgram[64];
    unsigned count;
};

/* Move what one side wrote to the other side's read BIO, logging it. */
static void suitetest_shuttle(SSL *from, SSL *to, bool from_client, struct suitetest_wire *w)
{
    uint8_t buf[4096];
    int n;
    while ((n = BIO_read(SSL_get_wbio(from), buf, sizeof buf)) > 0) {
        assert_int_equal(BIO_write(SSL_get_rbio(to), buf, n), n);
        assert_true(w->len + (size_t)n <= sizeof w->bytes && w->count < 64);
        memcpy(w->bytes + w->len, buf, (size_t)n);
        w->dgram[w->count].off = w->len;
        w->dgram[w->count].len = (size_t)n;
        w->dgram[w->count].from_client = from_client;
        w->count++;
        w->len += (size_t)n;
    }
}

static SSL *suitetest_ssl(SSL_CTX *ctx, bool ems)
{
    SSL *s = SSL_new(ctx);
    assert_non_null(s);
    BIO *rb = BIO_new(BIO_s_mem()), *wb = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(rb, -1);
    SSL_set_bio(s, rb, wb);
    SSL_set_options(s, SSL_OP_NO_QUERY_MTU | (ems ? 0 : SSL_OP_NO_EXTENDED_MASTER_SECRET));
    SSL_set_mtu(s, 1400);
    return s;
}

/* Walk the records of the logged datagrams. For each epoch 0 handshake
 * message (unfragmented here: fragment_offset 0, fragment_length = length)
 * add it to the transcript, as RFC 6347 section 4.2.6 hashes it, until the
 * first encrypted record; hash_ckx gets the hash up to and including
 * ClientKeyExchange (RFC 7627's session_hash, and the hash for the client's
 * Finished). The client's Finished (epoch 1) is decrypted with our keys
 * when keys is given, and the transcript up to the server's Finished
 * (the client's Finished and a NewSessionTicket included) hashed to
 * hash_sfin. */
static void suitetest_transcript(struct suitetest_wire *w, const struct cs_keys *keys, uint8_t *hash_ckx,
                                 uint8_t *hash_sfin, uint8_t *client_verify)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
    bool ckx = false, cfin = false, sfin = false;
    for (unsigned d = 0; d < w->count; d++) {
        uint8_t *p = w->bytes + w->dgram[d].off, *end = p + w->dgram[d].len;
        while (p + 13 <= end) {
            uint16_t len = (uint16_t)((p[11] << 8) | p[12]);
            uint16_t epoch = (uint16_t)((p[3] << 8) | p[4]);
            assert_true(p + 13 + len <= end);
            if (p[0] == 22 && epoch == 0) {
                const uint8_t *m = p + 13;
                uint32_t mlen = ((uint32_t)m[1] << 16) | ((uint32_t)m[2] << 8) | m[3];
                assert_int_equal(len, 12 + mlen);        /* one whole message per record */
                assert_int_equal(m[6] | m[7] | m[8], 0); /* fragment_offset */
                assert_memory_equal(m + 9, m + 1, 3);    /* fragment_length == length */
                if (m[0] != 3)                           /* a HelloVerifyRequest is not hashed */
                    assert_int_equal(EVP_DigestUpdate(md, m, len), 1);
                if (m[0] == 16) { /* client_key_exchange */
                    EVP_MD_CTX *c = EVP_MD_CTX_new();
                    unsigned n = 0;
                    assert_int_equal(EVP_MD_CTX_copy_ex(c, md), 1);
                    assert_int_equal(EVP_DigestFinal_ex(c, hash_ckx, &n), 1);
                    EVP_MD_CTX_free(c);
                    ckx = true;
                }
            } else if (p[0] == 22 && epoch == 1 && w->dgram[d].from_client && keys && !cfin) {
                assert_int_equal(SuiteTest__suite__unprotect(
                                     &keys->client, 22, (uint16_t)((p[1] << 8) | p[2]), p + 3, p + 13, len),
                                 E_OK);
                const uint8_t *m = p + 13 + CS_EXPLICIT_LEN;
                assert_int_equal(len - CS_RECORD_OVERHEAD, 12 + CS_VERIFY_LEN);
                assert_int_equal(m[0], 20); /* finished */
                memcpy(client_verify, m + 12, CS_VERIFY_LEN);
                assert_int_equal(EVP_DigestUpdate(md, m, 12 + CS_VERIFY_LEN), 1);
                cfin = true;
            } else if (p[0] == 22 && epoch == 1 && !w->dgram[d].from_client && cfin && !sfin) {
                /* the server's Finished: its hash covers everything before
                 * it, NewSessionTicket included */
                unsigned n = 0;
                assert_int_equal(EVP_DigestFinal_ex(md, hash_sfin, &n), 1);
                sfin = true;
            }
            p += 13 + len;
        }
    }
    assert_true(ckx);
    assert_true(!keys || (cfin && sfin));
    EVP_MD_CTX_free(md);
}

/* OpenSSL's DTLS 1.2 client and server negotiate PSK-AES128-CCM8 in memory,
 * with and without the extended master secret. From the PSK, the randoms
 * and the transcript taken off the wire, our master secret (plain or
 * extended) is OpenSSL's; with our key block we decrypt the client's
 * encrypted Finished, whose verify_data is our finished(client) over the
 * transcript; our finished(server) over the transcript through the client
 * Finished is the server's verify_data; we decrypt application data both
 * ways, and OpenSSL's server accepts a record that we protect. */
static void suitetest_dtls_session(bool ems)
{
    SSL_CTX *cctx = SSL_CTX_new(DTLS_client_method()), *sctx = SSL_CTX_new(DTLS_server_method());
    assert_non_null(cctx);
    assert_non_null(sctx);
    for (int i = 0; i < 2; i++) {
        SSL_CTX *c = i ? sctx : cctx;
        assert_int_equal(SSL_CTX_set_min_proto_version(c, DTLS1_2_VERSION), 1);
        assert_int_equal(SSL_CTX_set_max_proto_version(c, DTLS1_2_VERSION), 1);
        assert_int_equal(SSL_CTX_set_cipher_list(c, "PSK-AES128-CCM8"), 1);
        SSL_CTX_set_security_level(c, 0);
    }
    SSL_CTX_set_psk_client_callback(cctx, suitetest_client_psk);
    SSL_CTX_set_psk_server_callback(sctx, suitetest_server_psk);
    SSL *cl = suitetest_ssl(cctx, ems), *sv = suitetest_ssl(sctx, ems);
    SSL_set_connect_state(cl);
    SSL_set_accept_state(sv);

    static struct suitetest_wire w;
    memset(&w, 0, sizeof w);
    bool cdone = false, sdone = false;
    for (int round = 0; round < 20 && !(cdone && sdone); round++) {
        if (!cdone)
            cdone = SSL_do_handshake(cl) == 1;
        suitetest_shuttle(cl, sv, true, &w);
        if (!sdone)
            sdone = SSL_do_handshake(sv) == 1;
        suitetest_shuttle(sv, cl, false, &w);
    }
    assert_true(cdone && sdone);
    assert_string_equal(SSL_get_cipher_name(cl), "PSK-AES128-CCM8");
    assert_int_equal(SSL_get_extms_support(cl), ems ? 1 : 0);

    uint8_t cr[CS_RANDOM_LEN], sr[CS_RANDOM_LEN], master[CS_MASTER_LEN], ours[CS_MASTER_LEN];
    uint8_t hash_ckx[32], hash_sfin[32], client_verify[CS_VERIFY_LEN], vd[CS_VERIFY_LEN], theirs[64];
    assert_int_equal(SSL_get_client_random(cl, cr, sizeof cr), sizeof cr);
    assert_int_equal(SSL_get_server_random(cl, sr, sizeof sr), sizeof sr);
    assert_int_equal(SSL_SESSION_get_master_key(SSL_get_session(cl), master, sizeof master), sizeof master);
    suitetest_transcript(&w, NULL, hash_ckx, NULL, NULL);
    if (ems)
        assert_int_equal(
            SuiteTest__suite__extended_master_secret(suitetest_psk, sizeof suitetest_psk, hash_ckx, ours),
            E_OK);
    else
        assert_int_equal(SuiteTest__suite__master_secret(suitetest_psk, sizeof suitetest_psk, cr, sr, ours),
                         E_OK);
    assert_memory_equal(ours, master, CS_MASTER_LEN);
    struct cs_keys keys;
    SuiteTest__suite__key_block(ours, cr, sr, &keys);

    suitetest_transcript(&w, &keys, hash_ckx, hash_sfin, client_verify);
    assert_int_equal(SSL_get_finished(cl, theirs, sizeof theirs), CS_VERIFY_LEN);
    assert_memory_equal(client_verify, theirs, CS_VERIFY_LEN);
    SuiteTest__suite__finished(ours, true, hash_ckx, vd);
    assert_memory_equal(vd, theirs, CS_VERIFY_LEN);
    assert_true(SuiteTest__suite__check_finished(ours, true, hash_ckx, theirs));
    assert_int_equal(SSL_get_peer_finished(cl, theirs, sizeof theirs), CS_VERIFY_LEN);
    SuiteTest__suite__finished(ours, false, hash_sfin, vd);
    assert_memory_equal(vd, theirs, CS_VERIFY_LEN);

    /* application data from the client, decrypted from the wire */
    static const char hello[] = "PUT /light on";
    assert_int_equal(SSL_write(cl, hello, sizeof hello - 1), (int)sizeof hello - 1);
    uint8_t rec[512];
    int n = BIO_read(SSL_get_wbio(cl), rec, sizeof rec);
    assert_int_equal(n, 13 + CS_RECORD_OVERHEAD + (int)sizeof hello - 1);
    assert_int_equal(rec[0], 23);
    assert_int_equal(
        SuiteTest__suite__unprotect(&keys.client, rec[0], 0xFEFD, rec + 3, rec + 13, (uint16_t)(n - 13)),
        E_OK);
    assert_memory_equal(rec + 13 + CS_EXPLICIT_LEN, hello, sizeof hello - 1);

    /* our record, as the client's next (epoch 1, the sequence number after
     * the one just seen), accepted by OpenSSL's server */
    static const char reply[] = "GET /sensors/temperature";
    uint8_t mine[13 + sizeof reply - 1 + CS_RECORD_OVERHEAD];
    memcpy(mine, rec, 11);
    assert_true(mine[10] < 0xFF);
    mine[10]++; /* sequence number + 1 */
    mine[11] = 0;
    mine[12] = (uint8_t)(sizeof mine - 13);
    memcpy(mine + 13 + CS_EXPLICIT_LEN, reply, sizeof reply - 1);
    assert_int_equal(
        SuiteTest__suite__protect(&keys.client, 23, 0xFEFD, mine + 3, mine + 13, sizeof reply - 1), E_OK);
    assert_int_equal(BIO_write(SSL_get_rbio(sv), mine, sizeof mine), (int)sizeof mine);
    char got[64];
    assert_int_equal(SSL_read(sv, got, sizeof got), (int)sizeof reply - 1);
    assert_memory_equal(got, reply, sizeof reply - 1);

    /* and the server's reply, decrypted with the server's keys */
    assert_int_equal(SSL_write(sv, "ok", 2), 2);
    n = BIO_read(SSL_get_wbio(sv), rec, sizeof rec);
    assert_int_equal(n, 13 + CS_RECORD_OVERHEAD + 2);
    assert_int_equal(
        SuiteTest__suite__unprotect(&keys.server, rec[0], 0xFEFD, rec + 3, rec + 13, (uint16_t)(n - 13)),
        E_OK);
    assert_memory_equal(rec + 13 + CS_EXPLICIT_LEN, "ok", 2);

    SSL_free(cl);
    SSL_free(sv);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void test_openssl_dtls_session(void **state)
{
    (void)state;
    suitetest_dtls_session(false);
}

static void test_openssl_dtls_session_ems(void **state)
{
    (void)state;
    suitetest_dtls_session(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prf_published_vector), cmocka_unit_test(test_prf_vs_openssl),
        cmocka_unit_test(test_psk_premaster),        cmocka_unit_test(test_key_schedule_vs_openssl),
        cmocka_unit_test(test_records_vs_openssl),   cmocka_unit_test(test_dtls_record_and_tampering),
        cmocka_unit_test(test_openssl_dtls_session), cmocka_unit_test(test_openssl_dtls_session_ems),
    };
    wire_init();
    return cmocka_run_group_tests_name("suite", tests, NULL, NULL);
}
