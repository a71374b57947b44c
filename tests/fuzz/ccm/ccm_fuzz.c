/* ccm_fuzz.c: CcmFuzz, libFuzzer's entry into CCM (over Rijndael). The
 * input is cut into: mode (1 byte), key (16), nonce length (1 byte, any
 * value), tag length (1 byte, any value), aad length (2 bytes, capped by
 * what is left), then nonce, aad, tag and the rest as the data, so every
 * length, valid or not, is reachable. Checked, not just survived:
 *  - nonce or tag length outside what CCM allows (nonce 7..13, tag even
 *    4..16): open() and seal() return E_INVAL and write nothing;
 *  - mode even, open(): E_OK exactly when OpenSSL's CCM decrypts and
 *    verifies the same input, with the same plaintext; otherwise E_FAIL and
 *    the buffer all zeros; an opened message seals back to the same bytes;
 *  - mode odd, seal(): the same ciphertext and tag as OpenSSL, and open()
 *    gives the data back.
 * Any disagreement aborts, which libFuzzer reports as a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "interfaces/aead.h"

#define CCMFUZZ_CHECK(c)                                                                                     \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "ccm_fuzz: %s:%d: %s\n", __FILE__, __LINE__, #c);                                \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

static EVP_CIPHER_CTX *ccmfuzz_start(const uint8_t *key, const uint8_t *nonce, int nlen, int tlen,
                                     const uint8_t *tag, bool enc)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    CCMFUZZ_CHECK(c);
    CCMFUZZ_CHECK(EVP_CipherInit_ex(c, EVP_aes_128_ccm(), NULL, NULL, NULL, enc) == 1);
    CCMFUZZ_CHECK(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, nlen, NULL) == 1);
    CCMFUZZ_CHECK(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, tlen, enc ? NULL : (void *)tag) == 1);
    CCMFUZZ_CHECK(EVP_CipherInit_ex(c, NULL, NULL, key, nonce, enc) == 1);
    return c;
}

/* OpenSSL's open: true if the tag verifies; the plaintext in out. */
static bool ccmfuzz_openssl_open(const uint8_t *key, const uint8_t *nonce, int nlen, const uint8_t *aad,
                                 int alen, const uint8_t *ct, int len, const uint8_t *tag, int tlen,
                                 uint8_t *out)
{
    uint8_t dummy[1];
    int n = 0;
    EVP_CIPHER_CTX *c = ccmfuzz_start(key, nonce, nlen, tlen, tag, false);
    CCMFUZZ_CHECK(EVP_DecryptUpdate(c, NULL, &n, NULL, len) == 1);
    if (alen)
        CCMFUZZ_CHECK(EVP_DecryptUpdate(c, NULL, &n, aad, alen) == 1);
    bool ok = EVP_DecryptUpdate(c, len ? out : dummy, &n, len ? ct : dummy, len) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok;
}

static void ccmfuzz_openssl_seal(const uint8_t *key, const uint8_t *nonce, int nlen, const uint8_t *aad,
                                 int alen, const uint8_t *pt, int len, uint8_t *ct, uint8_t *tag, int tlen)
{
    uint8_t dummy[1];
    int n = 0;
    EVP_CIPHER_CTX *c = ccmfuzz_start(key, nonce, nlen, tlen, NULL, true);
    CCMFUZZ_CHECK(EVP_EncryptUpdate(c, NULL, &n, NULL, len) == 1);
    if (alen)
        CCMFUZZ_CHECK(EVP_EncryptUpdate(c, NULL, &n, aad, alen) == 1);
    CCMFUZZ_CHECK(EVP_EncryptUpdate(c, len ? ct : dummy, &n, len ? pt : dummy, len) == 1);
    CCMFUZZ_CHECK(EVP_EncryptFinal_ex(c, dummy, &n) == 1);
    CCMFUZZ_CHECK(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, tlen, tag) == 1);
    EVP_CIPHER_CTX_free(c);
}

static bool ccmfuzz_zero(const uint8_t *p, size_t n)
{
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++)
        d |= p[i];
    return d == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static bool ccmfuzz_booted;
    if (!ccmfuzz_booted) {
        wire_init();
        ccmfuzz_booted = true;
    }
    if (size < 1 + 16 + 1 + 1 + 2 || size > 0xffff)
        return 0;
    uint8_t mode = in[0];
    const uint8_t *key = in + 1;
    size_t nlen = in[17], tlen = in[18], alen = (size_t)in[19] << 8 | in[20];
    const uint8_t *p = in + 21;
    size_t left = size - 21;
    if (nlen > left)
        nlen = left;
    const uint8_t *nonce = p;
    p += nlen, left -= nlen;
    if (alen > left)
        alen = left;
    const uint8_t *aad = p;
    p += alen, left -= alen;
    size_t tag_have = tlen < left ? tlen : left;
    const uint8_t *tag = p;
    p += tag_have, left -= tag_have;
    size_t len = left;

    bool valid = nlen >= AEAD_NONCE_MIN && nlen <= AEAD_NONCE_MAX && tlen >= AEAD_TAG_MIN &&
                 tlen <= AEAD_TAG_MAX && tlen % 2 == 0 && tag_have == tlen;
    struct aead_ctx ctx;
    CCMFUZZ_CHECK(CcmFuzz__aead__set_key(&ctx, key, AEAD_KEY_LEN) == E_OK);
    uint8_t *buf = malloc(len + 1), *ref = malloc(len + 1), tagbuf[256];
    CCMFUZZ_CHECK(buf && ref);
    memcpy(buf, p, len);

    if (!valid) {
        if (tag_have != tlen) /* a tag shorter than claimed: not a valid case to give the API */
            tlen = tag_have;
        bool lengths_ok = nlen >= AEAD_NONCE_MIN && nlen <= AEAD_NONCE_MAX && tlen >= AEAD_TAG_MIN &&
                          tlen <= AEAD_TAG_MAX && tlen % 2 == 0;
        if (!lengths_ok) {
            memset(tagbuf, 0xa5, sizeof tagbuf);
            CCMFUZZ_CHECK(CcmFuzz__aead__open(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                              (uint16_t)len, tag, (uint16_t)tlen) == E_INVAL);
            CCMFUZZ_CHECK(memcmp(buf, p, len) == 0);
            CCMFUZZ_CHECK(CcmFuzz__aead__seal(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                              (uint16_t)len, tagbuf, (uint16_t)tlen) == E_INVAL);
            CCMFUZZ_CHECK(memcmp(buf, p, len) == 0);
            for (size_t i = 0; i < sizeof tagbuf; i++)
                CCMFUZZ_CHECK(tagbuf[i] == 0xa5);
        }
    } else if (mode % 2 == 0) {
        err_t e = CcmFuzz__aead__open(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf, (uint16_t)len,
                                      tag, (uint16_t)tlen);
        bool ref_ok =
            ccmfuzz_openssl_open(key, nonce, (int)nlen, aad, (int)alen, p, (int)len, tag, (int)tlen, ref);
        CCMFUZZ_CHECK((e == E_OK) == ref_ok);
        if (e == E_OK) {
            CCMFUZZ_CHECK(memcmp(buf, ref, len) == 0);
            CCMFUZZ_CHECK(CcmFuzz__aead__seal(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                              (uint16_t)len, tagbuf, (uint16_t)tlen) == E_OK);
            CCMFUZZ_CHECK(memcmp(buf, p, len) == 0 && memcmp(tagbuf, tag, tlen) == 0);
        } else {
            CCMFUZZ_CHECK(e == E_FAIL);
            CCMFUZZ_CHECK(ccmfuzz_zero(buf, len));
        }
    } else {
        uint8_t reftag[16];
        CCMFUZZ_CHECK(CcmFuzz__aead__seal(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                          (uint16_t)len, tagbuf, (uint16_t)tlen) == E_OK);
        ccmfuzz_openssl_seal(key, nonce, (int)nlen, aad, (int)alen, p, (int)len, ref, reftag, (int)tlen);
        CCMFUZZ_CHECK(memcmp(buf, ref, len) == 0 && memcmp(tagbuf, reftag, tlen) == 0);
        CCMFUZZ_CHECK(CcmFuzz__aead__open(&ctx, nonce, (uint16_t)nlen, aad, (uint16_t)alen, buf,
                                          (uint16_t)len, tagbuf, (uint16_t)tlen) == E_OK);
        CCMFUZZ_CHECK(memcmp(buf, p, len) == 0);
    }
    CcmFuzz__aead__forget(&ctx);
    free(buf);
    free(ref);
    return 0;
}
