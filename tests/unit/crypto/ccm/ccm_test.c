/* ccm_test.c: CcmTest, cmocka tests of the Aead (CCM over whichever
 * BlockCipher the wiring gives it). Published vectors, read at test time:
 *  - RFC 3610 section 8, the 24 packet vectors (tests/vectors/rfc3610-ccm.txt);
 *  - NIST CAVP CCM DVPT, VADT, VNT, VPT, VTT for 128-bit keys (Debian's
 *    python3-cryptography-vectors), the DVPT Fail records included;
 *  - Wycheproof aes_ccm_test.json: every case with a 128-bit key (valid ones
 *    must seal and open to the given bytes, invalid ones must be rejected:
 *    E_INVAL for a nonce or tag length CCM does not allow, E_FAIL and a
 *    wiped buffer for a wrong tag); 192/256-bit keys are skipped. One summary
 *    line: `wycheproof aes_ccm_test.json: N cases, P passed, S skipped, F failed`.
 * Against OpenSSL's libcrypto (EVP aes-128-ccm), byte for byte: every
 * message length 0..300 with each nonce length 7..13 and tag length
 * 4..16, random aad; then random lengths up to 1024; aad lengths around the
 * 0xff00 boundary of the aad length encoding; the longest message (65535).
 * And the API's promises: lengths rejected before anything is written,
 * no plaintext left after a failed open, any flipped bit detected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "interfaces/aead.h"
#include "tests/unit/crypto/common/tvec.h"

static uint64_t ccmtest_rng = 0x5eed0cc3u;

/* splitmix64: a fixed, seeded stream (tests are deterministic). */
static uint64_t ccmtest_next(void)
{
    uint64_t z = (ccmtest_rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void ccmtest_fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)ccmtest_next();
}

static bool ccmtest_all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* ---- the reference: libcrypto ---- */

static void ccmtest_openssl_seal(const uint8_t *key, const uint8_t *nonce, int nlen, const uint8_t *aad,
                                 int alen, const uint8_t *pt, int len, uint8_t *ct, uint8_t *tag, int tlen)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n = 0;
    uint8_t dummy[1];
    assert_non_null(c);
    assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_128_ccm(), NULL, NULL, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, nlen, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, tlen, NULL), 1);
    assert_int_equal(EVP_EncryptInit_ex(c, NULL, NULL, key, nonce), 1);
    assert_int_equal(EVP_EncryptUpdate(c, NULL, &n, NULL, len), 1); /* the total length first */
    if (alen)
        assert_int_equal(EVP_EncryptUpdate(c, NULL, &n, aad, alen), 1);
    assert_int_equal(EVP_EncryptUpdate(c, len ? ct : dummy, &n, len ? pt : dummy, len), 1);
    assert_int_equal(EVP_EncryptFinal_ex(c, dummy, &n), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, tlen, tag), 1);
    EVP_CIPHER_CTX_free(c);
}

/* ---- one case through the Aead ---- */

struct ccmtest_case {
    const uint8_t *key;
    const uint8_t *nonce;
    size_t nlen;
    const uint8_t *aad;
    size_t alen;
    const uint8_t *pt;
    const uint8_t *ct; /* ciphertext, len bytes */
    size_t len;
    const uint8_t *tag;
    size_t tlen;
};

/* Seal pt and compare with ct/tag; open ct/tag and compare with pt. Both in
 * place in a heap buffer sized exactly (ASan catches any overrun), the tag
 * right after the data as in a DTLS record. true if both match. */
static bool ccmtest_roundtrip(const struct ccmtest_case *c)
{
    struct aead_ctx ctx;
    bool ok = true;
    uint8_t *buf = malloc(c->len + c->tlen + 1);
    assert_non_null(buf);
    assert_int_equal(CcmTest__aead__set_key(&ctx, c->key, AEAD_KEY_LEN), E_OK);
    if (c->len)
        memcpy(buf, c->pt, c->len);
    ok &= CcmTest__aead__seal(&ctx, c->nonce, (uint16_t)c->nlen, c->aad, (uint16_t)c->alen, buf,
                              (uint16_t)c->len, buf + c->len, (uint16_t)c->tlen) == E_OK;
    ok &= memcmp(buf, c->ct, c->len) == 0 && memcmp(buf + c->len, c->tag, c->tlen) == 0;
    memcpy(buf, c->ct, c->len);
    ok &= CcmTest__aead__open(&ctx, c->nonce, (uint16_t)c->nlen, c->aad, (uint16_t)c->alen, buf,
                              (uint16_t)c->len, c->tag, (uint16_t)c->tlen) == E_OK;
    ok &= c->len == 0 || memcmp(buf, c->pt, c->len) == 0;
    CcmTest__aead__forget(&ctx);
    free(buf);
    return ok;
}

/* Open must fail: E_FAIL, and the buffer all zeros afterwards. */
static bool ccmtest_open_fails(const struct ccmtest_case *c)
{
    struct aead_ctx ctx;
    uint8_t *buf = malloc(c->len + 1);
    assert_non_null(buf);
    assert_int_equal(CcmTest__aead__set_key(&ctx, c->key, AEAD_KEY_LEN), E_OK);
    memcpy(buf, c->ct, c->len);
    err_t e = CcmTest__aead__open(&ctx, c->nonce, (uint16_t)c->nlen, c->aad, (uint16_t)c->alen, buf,
                                  (uint16_t)c->len, c->tag, (uint16_t)c->tlen);
    bool ok = e == E_FAIL && ccmtest_all_zero(buf, c->len);
    CcmTest__aead__forget(&ctx);
    free(buf);
    return ok;
}

/* ---- RFC 3610 ---- */

/* Hex octets separated by blanks ("00 01 02  03") appended to out. */
static size_t ccmtest_octets(const char *s, uint8_t *out, size_t at, size_t max)
{
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        unsigned v;
        int used;
        if (sscanf(s, "%2x%n", &v, &used) != 1 || used != 2 || at >= max)
            fail_msg("bad octet at '%.20s'", s);
        out[at++] = (uint8_t)v;
        s += 2;
    }
    return at;
}

static void test_rfc3610(void **state)
{
    (void)state;
    FILE *f = fopen(TEST_VECTORS_DIR "/rfc3610-ccm.txt", "r");
    char line[256];
    uint8_t key[16], nonce[16], in[64], out[64];
    size_t klen = 0, nlen = 0, ilen = 0, olen = 0, want_in = 0, want_out = 0, header = 0;
    int reading = 0, vectors = 0; /* reading: 1 input rows, 2 output rows */
    assert_non_null(f);
    for (;;) {
        bool eof = !fgets(line, sizeof line, f);
        const char *p;
        unsigned total, hdr;
        if (!eof && reading && line[0] == ' ' &&
            strspn(line, " 0123456789ABCDEFabcdef\r\n") == strlen(line) &&
            strspn(line, " \r\n") != strlen(line)) {
            if (reading == 1)
                ilen = ccmtest_octets(line, in, ilen, sizeof in);
            else
                olen = ccmtest_octets(line, out, olen, sizeof out);
            continue;
        }
        reading = 0;
        if (eof || strstr(line, "Packet Vector #")) {
            if (klen) { /* the previous vector is complete */
                assert_int_equal(klen, 16);
                assert_int_equal(nlen, 13);
                assert_int_equal(ilen, want_in);
                assert_int_equal(olen, want_out);
                assert_memory_equal(out, in, header); /* the header is sent in the clear */
                struct ccmtest_case c = {key,         nonce,        nlen,          in,         header,
                                         in + header, out + header, ilen - header, out + ilen, olen - ilen};
                if (!ccmtest_roundtrip(&c))
                    fail_msg("RFC 3610 packet vector #%d", vectors + 1);
                vectors++;
            }
            klen = nlen = ilen = olen = 0;
            if (eof)
                break;
        } else if ((p = strstr(line, "AES Key =")) != NULL) {
            klen = ccmtest_octets(p + 9, key, 0, sizeof key);
        } else if ((p = strstr(line, "Nonce =")) != NULL) {
            nlen = ccmtest_octets(p + 7, nonce, 0, sizeof nonce);
        } else if (sscanf(line, " Total packet length = %u. [Input with %u cleartext header octets]", &total,
                          &hdr) == 2) {
            want_in = total;
            header = hdr;
            reading = 1;
        } else if (sscanf(line, " Total packet length = %u. [Authenticated and Encrypted Output]", &total) ==
                   1) {
            want_out = total;
            reading = 2;
        }
    }
    fclose(f);
    assert_int_equal(vectors, 24);
}

/* ---- NIST CAVP CCM ---- */

/* Fields that stick until changed: from the file header, the [..]
 * sections and records like `Key = ..` alone. */
struct ccmtest_cavp {
    long alen, plen, nlen, tlen;
    uint8_t key[32];
    long klen;
    uint8_t nonce[16];
    long nonce_len;
};

static void ccmtest_cavp_lengths(struct ccmtest_cavp *s, const char *text)
{
    static const char *names[] = {"Alen", "Plen", "Nlen", "Tlen"};
    long *vals[] = {&s->alen, &s->plen, &s->nlen, &s->tlen};
    for (int i = 0; i < 4; i++) {
        const char *p = strstr(text, names[i]);
        if (p && (p = strchr(p, '=')) != NULL)
            *vals[i] = strtol(p + 1, NULL, 10);
    }
}

/* One CAVP CCM file: every Count record is a case (seal and open, or for
 * DVPT Result = Fail, a rejected open). Returns the cases checked. */
static unsigned ccmtest_cavp_file(const char *name)
{
    char path[512];
    struct tvec_rsp r;
    struct ccmtest_cavp s = {-1, -1, -1, -1, {0}, 0, {0}, 0};
    char section[64] = "";
    unsigned cases = 0;
    snprintf(path, sizeof path, "%s/ciphers/AES/CCM/%s", CRYPTO_VECTORS, name);
    assert_true(tvec_rsp_open(&r, path));
    while (tvec_rsp_next(&r)) {
        if (strcmp(section, r.section) != 0) {
            snprintf(section, sizeof section, "%s", r.section);
            ccmtest_cavp_lengths(&s, section);
        }
        for (unsigned i = 0; i < r.nfields; i++) {
            if (!strcmp(r.name[i], "Alen") || !strcmp(r.name[i], "Plen") || !strcmp(r.name[i], "Nlen") ||
                !strcmp(r.name[i], "Tlen")) {
                char kv[64];
                snprintf(kv, sizeof kv, "%s = %s", r.name[i], r.value[i]);
                ccmtest_cavp_lengths(&s, kv);
            }
        }
        const char *v;
        if ((v = tvec_field(&r, "Key")) != NULL)
            s.klen = tvec_hex(v, s.key, sizeof s.key);
        if ((v = tvec_field(&r, "Nonce")) != NULL)
            s.nonce_len = tvec_hex(v, s.nonce, sizeof s.nonce);
        if (!tvec_field(&r, "Count"))
            continue;
        assert_int_equal(s.klen, 16);
        assert_int_equal(s.nonce_len, s.nlen);
        size_t alen = 0, plen = 0, ctlen = 0;
        uint8_t *aad = tvec_hex_alloc(tvec_field(&r, "Adata"), &alen);
        const char *payload = tvec_field(&r, "Payload");
        uint8_t *pt = payload ? tvec_hex_alloc(payload, &plen) : NULL;
        uint8_t *ct = tvec_hex_alloc(tvec_field(&r, "CT"), &ctlen);
        const char *result = tvec_field(&r, "Result");
        bool expect_fail = result && strncmp(result, "Fail", 4) == 0;
        assert_non_null(aad);
        assert_non_null(ct);
        if (s.alen == 0)
            alen = 0; /* "Adata = 00" stands for nothing */
        if (s.plen == 0)
            plen = 0;
        assert_int_equal(alen, s.alen);
        assert_int_equal(ctlen, (size_t)(s.plen + s.tlen));
        struct ccmtest_case c = {s.key, s.nonce, (size_t)s.nlen, aad,         alen,
                                 pt,    ct,      (size_t)s.plen, ct + s.plen, (size_t)s.tlen};
        if (expect_fail) {
            if (!ccmtest_open_fails(&c))
                fail_msg("%s [%s] Count %s: a Fail record opened", name, section, tvec_field(&r, "Count"));
        } else {
            assert_non_null(pt);
            assert_int_equal(plen, s.plen);
            if (!ccmtest_roundtrip(&c))
                fail_msg("%s [%s] Count %s differs", name, section, tvec_field(&r, "Count"));
        }
        free(aad);
        free(pt);
        free(ct);
        cases++;
    }
    tvec_rsp_close(&r);
    return cases;
}

static void test_cavp_ccm(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        unsigned cases;
    } files[] = {
        {"DVPT128.rsp", 240}, {"VADT128.rsp", 330}, {"VNT128.rsp", 70},
        {"VPT128.rsp", 250},  {"VTT128.rsp", 70},
    };
    unsigned total = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        unsigned n = ccmtest_cavp_file(files[i].file);
        if (n != files[i].cases)
            fail_msg("%s: %u cases, expected %u", files[i].file, n, files[i].cases);
        total += n;
    }
    printf("cavp aes ccm: %u cases passed\n", total);
}

/* ---- Wycheproof ---- */

static void test_wycheproof(void **state)
{
    (void)state;
    struct tjson *root = tjson_load(WYCHEPROOF_DIR "/aes_ccm_test.json");
    const struct tjson *groups = tjson_get(root, "testGroups");
    unsigned cases = 0, passed = 0, skipped = 0, failed = 0, invalid = 0;
    assert_non_null(groups);
    for (size_t g = 0; g < groups->count; g++) {
        const struct tjson *grp = groups->child[g];
        const struct tjson *tests = tjson_get(grp, "tests");
        long key_bits = tjson_num(grp, "keySize"), tag_bits = tjson_num(grp, "tagSize");
        assert_non_null(tests);
        for (size_t t = 0; t < tests->count; t++) {
            const struct tjson *tc = tests->child[t];
            cases++;
            if (key_bits != 128) {
                skipped++; /* AES-128 only */
                continue;
            }
            size_t klen = 0, nlen = 0, alen = 0, mlen = 0, clen = 0, tlen = 0;
            uint8_t *key = tvec_hex_alloc(tjson_str(tc, "key"), &klen);
            uint8_t *nonce = tvec_hex_alloc(tjson_str(tc, "iv"), &nlen);
            uint8_t *aad = tvec_hex_alloc(tjson_str(tc, "aad"), &alen);
            uint8_t *msg = tvec_hex_alloc(tjson_str(tc, "msg"), &mlen);
            uint8_t *ct = tvec_hex_alloc(tjson_str(tc, "ct"), &clen);
            uint8_t *tag = tvec_hex_alloc(tjson_str(tc, "tag"), &tlen);
            const char *result = tjson_str(tc, "result");
            assert_true(key && nonce && aad && msg && ct && tag && result);
            assert_int_equal(klen, 16);
            assert_int_equal(mlen, clen);
            assert_int_equal(tlen * 8, (size_t)tag_bits);
            bool ok;
            struct ccmtest_case c = {key, nonce, nlen, aad, alen, msg, ct, clen, tag, tlen};
            bool lengths_ok = nlen >= AEAD_NONCE_MIN && nlen <= AEAD_NONCE_MAX && tlen >= AEAD_TAG_MIN &&
                              tlen <= AEAD_TAG_MAX && tlen % 2 == 0;
            if (strcmp(result, "valid") == 0) {
                ok = ccmtest_roundtrip(&c);
            } else if (!lengths_ok) {
                /* both directions refuse, and touch nothing */
                struct aead_ctx ctx;
                uint8_t *buf = malloc(clen + 1), tagbuf[AEAD_TAG_MAX] = {0};
                assert_non_null(buf);
                assert_int_equal(CcmTest__aead__set_key(&ctx, key, 16), E_OK);
                memcpy(buf, ct, clen);
                ok = CcmTest__aead__open(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                         (uint16_t)clen, tag, (uint16_t)tlen) == E_INVAL &&
                     memcmp(buf, ct, clen) == 0;
                ok &= CcmTest__aead__seal(
                          &ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf, (uint16_t)clen, tagbuf,
                          (uint16_t)(tlen < sizeof tagbuf ? tlen : sizeof tagbuf)) == E_INVAL &&
                      memcmp(buf, ct, clen) == 0 && ccmtest_all_zero(tagbuf, sizeof tagbuf);
                CcmTest__aead__forget(&ctx);
                free(buf);
                invalid++;
            } else {
                ok = ccmtest_open_fails(&c);
                invalid++;
            }
            if (ok) {
                passed++;
            } else {
                failed++;
                printf("wycheproof aes_ccm_test.json: tcId %ld (%s) failed\n", tjson_num(tc, "tcId"),
                       tjson_str(tc, "comment"));
            }
            free(key);
            free(nonce);
            free(aad);
            free(msg);
            free(ct);
            free(tag);
        }
    }
    tjson_free(root);
    printf("wycheproof aes_ccm_test.json: %u cases, %u passed, %u skipped, %u failed\n", cases, passed,
           skipped, failed);
    assert_int_equal(failed, 0);
    assert_int_equal(passed, 184); /* every AES-128 case, */
    assert_int_equal(invalid, 49); /* the 49 invalid ones among them */
    assert_int_equal(skipped, 368);
}

/* ---- against libcrypto ---- */

/* Random key, nonce and aad; seal with both; compare; open ours; check a
 * flipped tag bit is caught. */
static void ccmtest_diff(size_t len, size_t nlen, size_t tlen, size_t alen)
{
    uint8_t key[16], nonce[13], *aad = malloc(alen + 1), *pt = malloc(len + 1), *ct = malloc(len + 1),
                                tag[16];
    assert_true(aad && pt && ct);
    ccmtest_fill(key, sizeof key);
    ccmtest_fill(nonce, nlen);
    ccmtest_fill(aad, alen);
    ccmtest_fill(pt, len);
    ccmtest_openssl_seal(key, nonce, (int)nlen, aad, (int)alen, pt, (int)len, ct, tag, (int)tlen);
    struct ccmtest_case c = {key, nonce, nlen, aad, alen, pt, ct, len, tag, tlen};
    if (!ccmtest_roundtrip(&c))
        fail_msg("len %zu nonce %zu tag %zu aad %zu differs from OpenSSL", len, nlen, tlen, alen);
    tag[ccmtest_next() % tlen] ^= (uint8_t)(1u << (ccmtest_next() % 8));
    if (!ccmtest_open_fails(&c))
        fail_msg("len %zu nonce %zu tag %zu aad %zu: a wrong tag opened", len, nlen, tlen, alen);
    free(aad);
    free(pt);
    free(ct);
}

/* Every length 0..300, each with all 7 nonce lengths and all 7 tag lengths
 * (cycled so that each pair meets many lengths) and a random aad length
 * 0..64: 2107 cases. */
static void test_every_length_against_openssl(void **state)
{
    (void)state;
    unsigned n = 0;
    for (size_t len = 0; len <= 300; len++)
        for (size_t i = 0; i < 7; i++) {
            size_t nlen = 7 + i, tlen = 4 + 2 * ((i + len) % 7);
            ccmtest_diff(len, nlen, tlen, (size_t)(ccmtest_next() % 65));
            n++;
        }
    printf("ccm vs OpenSSL: %u cases, lengths 0..300\n", n);
}

/* 3000 random cases: length 0..1024, nonce 7..13, tag 4..16, aad 0..300. */
static void test_random_against_openssl(void **state)
{
    (void)state;
    for (int i = 0; i < 3000; i++)
        ccmtest_diff((size_t)(ccmtest_next() % 1025), 7 + (size_t)(ccmtest_next() % 7),
                     4 + 2 * (size_t)(ccmtest_next() % 7), (size_t)(ccmtest_next() % 301));
}

/* The aad length encoding switches from 2 to 6 bytes at 0xff00 (RFC 3610
 * 2.2); the longest message with the longest nonce (L = 2) is 65535 bytes. */
static void test_long_inputs_against_openssl(void **state)
{
    (void)state;
    static const size_t alens[] = {0xfeff, 0xff00, 0xff01, 0xfffe, 0xffff};
    for (size_t i = 0; i < sizeof alens / sizeof alens[0]; i++)
        ccmtest_diff(17, 13, 8, alens[i]);
    ccmtest_diff(0xffff, 13, 16, 13);
    ccmtest_diff(0xffff, 7, 8, 0xffff);
}

/* ---- the API ---- */

static void test_rejects_bad_lengths(void **state)
{
    (void)state;
    struct aead_ctx ctx;
    uint8_t key[16] = {1}, nonce[20] = {2}, data[32], tag[20], copy[32];
    ccmtest_fill(data, sizeof data);
    memcpy(copy, data, sizeof data);
    assert_int_equal(CcmTest__aead__set_key(&ctx, key, 15), E_INVAL);
    assert_int_equal(CcmTest__aead__set_key(&ctx, key, 24), E_INVAL);
    assert_int_equal(CcmTest__aead__set_key(&ctx, key, 32), E_INVAL);
    assert_int_equal(CcmTest__aead__set_key(&ctx, key, 16), E_OK);
    for (uint16_t n = 0; n <= 20; n++)
        for (uint16_t t = 0; t <= 20; t++) {
            bool ok = n >= 7 && n <= 13 && t >= 4 && t <= 16 && t % 2 == 0;
            memset(tag, 0xee, sizeof tag);
            err_t e = CcmTest__aead__seal(&ctx, nonce, n, NULL, 0, data, sizeof data, tag, t);
            if (ok) {
                assert_int_equal(e, E_OK);
                assert_int_equal(CcmTest__aead__open(&ctx, nonce, n, NULL, 0, data, sizeof data, tag, t),
                                 E_OK);
                assert_memory_equal(data, copy, sizeof data);
            } else {
                assert_int_equal(e, E_INVAL);
                assert_int_equal(CcmTest__aead__open(&ctx, nonce, n, NULL, 0, data, sizeof data, tag, t),
                                 E_INVAL);
                assert_memory_equal(data, copy, sizeof data); /* untouched */
                for (size_t i = 0; i < sizeof tag; i++)
                    assert_int_equal(tag[i], 0xee);
            }
        }
    /* a NULL buffer with a nonzero length */
    assert_int_equal(CcmTest__aead__seal(&ctx, nonce, 12, NULL, 5, data, 1, tag, 8), E_INVAL);
    assert_int_equal(CcmTest__aead__seal(&ctx, nonce, 12, NULL, 0, NULL, 1, tag, 8), E_INVAL);
    /* NULL with length 0 is fine */
    assert_int_equal(CcmTest__aead__seal(&ctx, nonce, 12, NULL, 0, NULL, 0, tag, 8), E_OK);
    assert_int_equal(CcmTest__aead__open(&ctx, nonce, 12, NULL, 0, NULL, 0, tag, 8), E_OK);
    CcmTest__aead__forget(&ctx);
    assert_true(ccmtest_all_zero(&ctx, sizeof ctx));
}

/* Every single-bit change of ciphertext, tag, aad or nonce fails to open,
 * and leaves the buffer all zeros. A DTLS-record shape: 12-byte nonce,
 * 13-byte aad, 8-byte tag. */
static void test_every_flipped_bit_fails(void **state)
{
    (void)state;
    uint8_t key[16], nonce[12], aad[13], pt[40], ct[40], tag[8];
    ccmtest_fill(key, sizeof key);
    ccmtest_fill(nonce, sizeof nonce);
    ccmtest_fill(aad, sizeof aad);
    ccmtest_fill(pt, sizeof pt);
    ccmtest_openssl_seal(key, nonce, 12, aad, 13, pt, 40, ct, tag, 8);
    struct ccmtest_case c = {key, nonce, 12, aad, 13, pt, ct, 40, tag, 8};
    assert_true(ccmtest_roundtrip(&c));
    uint8_t *parts[] = {ct, tag, aad, nonce};
    size_t sizes[] = {sizeof ct, sizeof tag, sizeof aad, sizeof nonce};
    unsigned flips = 0;
    for (int p = 0; p < 4; p++)
        for (size_t bit = 0; bit < sizes[p] * 8; bit++) {
            parts[p][bit / 8] ^= (uint8_t)(1u << (bit % 8));
            if (!ccmtest_open_fails(&c))
                fail_msg("part %d bit %zu flipped: opened", p, bit);
            parts[p][bit / 8] ^= (uint8_t)(1u << (bit % 8));
            flips++;
        }
    assert_true(ccmtest_roundtrip(&c));
    /* a shorter tag (a prefix of the right one) is not the right tag either */
    c.tlen = 4;
    assert_true(ccmtest_open_fails(&c));
    printf("ccm: %u flipped bits, all rejected\n", flips);
}

/* Two keys live at once, interleaved, each matching OpenSSL. */
static void test_two_contexts(void **state)
{
    (void)state;
    struct aead_ctx a, b;
    uint8_t ka[16], kb[16], nonce[12], pt[50], da[50], db[50], ta[8], tb[8], ra[50], rb[50], rta[8], rtb[8];
    ccmtest_fill(ka, 16);
    ccmtest_fill(kb, 16);
    ccmtest_fill(nonce, 12);
    ccmtest_fill(pt, 50);
    memcpy(da, pt, 50);
    memcpy(db, pt, 50);
    assert_int_equal(CcmTest__aead__set_key(&a, ka, 16), E_OK);
    assert_int_equal(CcmTest__aead__set_key(&b, kb, 16), E_OK);
    assert_int_equal(CcmTest__aead__seal(&a, nonce, 12, NULL, 0, da, 50, ta, 8), E_OK);
    assert_int_equal(CcmTest__aead__seal(&b, nonce, 12, NULL, 0, db, 50, tb, 8), E_OK);
    CcmTest__aead__forget(&a);
    CcmTest__aead__forget(&b);
    ccmtest_openssl_seal(ka, nonce, 12, NULL, 0, pt, 50, ra, rta, 8);
    ccmtest_openssl_seal(kb, nonce, 12, NULL, 0, pt, 50, rb, rtb, 8);
    assert_memory_equal(da, ra, 50);
    assert_memory_equal(db, rb, 50);
    assert_memory_equal(ta, rta, 8);
    assert_memory_equal(tb, rtb, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3610),
        cmocka_unit_test(test_cavp_ccm),
        cmocka_unit_test(test_wycheproof),
        cmocka_unit_test(test_every_length_against_openssl),
        cmocka_unit_test(test_random_against_openssl),
        cmocka_unit_test(test_long_inputs_against_openssl),
        cmocka_unit_test(test_rejects_bad_lengths),
        cmocka_unit_test(test_every_flipped_bit_fails),
        cmocka_unit_test(test_two_contexts),
    };
    wire_init();
    return cmocka_run_group_tests_name("ccm", tests, NULL, NULL);
}
