/* crypto_fuzz.c: CryptoFuzz, libFuzzer's entry into SHA2, HMAC and Crypto.
 * The first input byte picks an entry point, the rest is cut into its
 * arguments (lengths from the input, so every length is reachable), and the
 * result is checked, not just survived:
 *   0  HMAC, one-shot and streamed in input-chosen pieces, vs OpenSSL HMAC()
 *   1  TLS 1.2 PRF (any secret, label, seed, 0..1024 output bytes) vs
 *      OpenSSL's TLS1-PRF KDF
 *   2  master secret / extended master secret from a PSK of any length
 *      (E_SIZE outside 1..64) vs OpenSSL's PRF over the RFC 4279 pms
 *   3  SHA-256 streamed in input-chosen pieces vs OpenSSL
 *   4  unprotect() of an arbitrary fragment under an input key: E_SIZE
 *      below 16 bytes; E_FAIL leaves zeros; E_OK must round-trip through
 *      protect() to the same bytes
 *   5  Mac.verify() with an arbitrary tag and length: true only for a
 *      prefix of the real tag of length 1..32
 * Any disagreement aborts, which libFuzzer reports as a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "interfaces/cipher_suite.h"
#include "interfaces/hash.h"
#include "interfaces/mac.h"

#define CRYPTOFUZZ_CHECK(c)                                                                                  \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "crypto_fuzz: %s:%d: %s\n", __FILE__, __LINE__, #c);                             \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

struct cryptofuzz_in {
    const uint8_t *p;
    size_t n;
};

static uint8_t cryptofuzz_byte(struct cryptofuzz_in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

/* Take up to want bytes. */
static const uint8_t *cryptofuzz_take(struct cryptofuzz_in *in, size_t want, size_t *got)
{
    *got = want < in->n ? want : in->n;
    const uint8_t *p = in->p;
    in->p += *got;
    in->n -= *got;
    return p;
}

static void cryptofuzz_ossl_prf(const uint8_t *secret, size_t slen, const char *label, const uint8_t *s1,
                                size_t l1, const uint8_t *s2, size_t l2, uint8_t *out, size_t n)
{
    static const uint8_t empty[1];
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[6], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0);
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)(slen ? secret : empty), slen);
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)label, strlen(label));
    if (l1)
        *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s1, l1);
    if (l2)
        *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s2, l2);
    *q = OSSL_PARAM_construct_end();
    CRYPTOFUZZ_CHECK(EVP_KDF_derive(ctx, out, n, p) == 1);
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
}

static void cryptofuzz_hmac(struct cryptofuzz_in *in)
{
    size_t klen, mlen;
    uint8_t split = cryptofuzz_byte(in);
    const uint8_t *key = cryptofuzz_take(in, cryptofuzz_byte(in) * 2u, &klen);
    const uint8_t *msg = cryptofuzz_take(in, in->n, &mlen);
    if (mlen > UINT16_MAX)
        return;
    uint8_t ours[MAC_LEN], streamed[MAC_LEN], want[MAC_LEN];
    unsigned n = 0;
    static const uint8_t empty[1];
    CryptoFuzz__mac__mac(key, (uint16_t)klen, msg, (uint16_t)mlen, ours);
    struct mac_ctx ctx;
    CryptoFuzz__mac__init(&ctx, key, (uint16_t)klen);
    size_t a = split && mlen ? split % (mlen + 1) : 0;
    CryptoFuzz__mac__update(&ctx, msg, (uint16_t)a);
    CryptoFuzz__mac__update(&ctx, msg + a, (uint16_t)(mlen - a));
    CryptoFuzz__mac__final(&ctx, streamed);
    CryptoFuzz__mac__clear(&ctx);
    CRYPTOFUZZ_CHECK(HMAC(EVP_sha256(), klen ? key : empty, (int)klen, mlen ? msg : empty, mlen, want, &n));
    CRYPTOFUZZ_CHECK(memcmp(ours, want, MAC_LEN) == 0);
    CRYPTOFUZZ_CHECK(memcmp(streamed, want, MAC_LEN) == 0);
}

static void cryptofuzz_prf(struct cryptofuzz_in *in)
{
    size_t slen, llen, seedlen;
    uint16_t out_len = (uint16_t)(((cryptofuzz_byte(in) << 8) | cryptofuzz_byte(in)) % 1025);
    const uint8_t *secret = cryptofuzz_take(in, cryptofuzz_byte(in) * 2u, &slen);
    const uint8_t *lraw = cryptofuzz_take(in, 1 + cryptofuzz_byte(in) % 40, &llen);
    const uint8_t *seed = cryptofuzz_take(in, in->n, &seedlen);
    char label[41];
    for (size_t i = 0; i < llen; i++)
        label[i] = lraw[i] ? (char)lraw[i] : 'x'; /* a C string: no NUL inside */
    label[llen] = 0;
    if (llen == 0 || seedlen > UINT16_MAX)
        return;
    static uint8_t ours[1025], want[1025];
    ours[out_len] = 0xA5;
    CRYPTOFUZZ_CHECK(CryptoFuzz__suite__prf(secret, (uint16_t)slen, label, seed, (uint16_t)seedlen, ours,
                                            out_len) == E_OK);
    CRYPTOFUZZ_CHECK(ours[out_len] == 0xA5);
    if (out_len) {
        cryptofuzz_ossl_prf(secret, slen, label, seed, seedlen, NULL, 0, want, out_len);
        CRYPTOFUZZ_CHECK(memcmp(ours, want, out_len) == 0);
    }
}

static void cryptofuzz_master(struct cryptofuzz_in *in)
{
    uint8_t mode = cryptofuzz_byte(in);
    uint16_t psk_len = cryptofuzz_byte(in);
    uint8_t psk[256], randoms[2 * CS_RANDOM_LEN], ours[CS_MASTER_LEN], want[CS_MASTER_LEN], pms[4 + 2 * 255];
    size_t got;
    memset(psk, 0, sizeof psk);
    memset(randoms, 0, sizeof randoms);
    memcpy(psk, cryptofuzz_take(in, psk_len, &got), got);
    memcpy(randoms, cryptofuzz_take(in, sizeof randoms, &got), got);
    err_t r = mode & 1
                  ? CryptoFuzz__suite__extended_master_secret(psk, psk_len, randoms, ours)
                  : CryptoFuzz__suite__master_secret(psk, psk_len, randoms, randoms + CS_RANDOM_LEN, ours);
    if (psk_len < 1 || psk_len > CS_PSK_MAX) {
        CRYPTOFUZZ_CHECK(r == E_SIZE);
        return;
    }
    CRYPTOFUZZ_CHECK(r == E_OK);
    size_t n = 0;
    pms[n++] = 0;
    pms[n++] = (uint8_t)psk_len;
    memset(pms + n, 0, psk_len);
    n += psk_len;
    pms[n++] = 0;
    pms[n++] = (uint8_t)psk_len;
    memcpy(pms + n, psk, psk_len);
    n += psk_len;
    if (mode & 1)
        cryptofuzz_ossl_prf(pms, n, "extended master secret", randoms, CS_SESSION_HASH_LEN, NULL, 0, want,
                            sizeof want);
    else
        cryptofuzz_ossl_prf(pms, n, "master secret", randoms, CS_RANDOM_LEN, randoms + CS_RANDOM_LEN,
                            CS_RANDOM_LEN, want, sizeof want);
    CRYPTOFUZZ_CHECK(memcmp(ours, want, CS_MASTER_LEN) == 0);
}

static void cryptofuzz_sha(struct cryptofuzz_in *in)
{
    uint8_t split = cryptofuzz_byte(in);
    size_t len;
    const uint8_t *msg = cryptofuzz_take(in, in->n, &len);
    if (len > UINT16_MAX)
        return;
    uint8_t ours[HASH_LEN], want[HASH_LEN];
    unsigned n = 0;
    struct hash_ctx ctx;
    CryptoFuzz__hash__init(&ctx);
    for (size_t off = 0; off < len;) { /* pieces of split + 1 bytes */
        size_t k = (size_t)split + 1 < len - off ? (size_t)split + 1 : len - off;
        CryptoFuzz__hash__update(&ctx, msg + off, (uint16_t)k);
        off += k;
    }
    CryptoFuzz__hash__final(&ctx, ours);
    CRYPTOFUZZ_CHECK(EVP_Digest(msg, len, want, &n, EVP_sha256(), NULL) == 1);
    CRYPTOFUZZ_CHECK(memcmp(ours, want, HASH_LEN) == 0);
}

static void cryptofuzz_unprotect(struct cryptofuzz_in *in)
{
    struct cs_key key;
    uint8_t seq[CS_SEQ_LEN];
    size_t got;
    memset(&key, 0, sizeof key);
    memset(seq, 0, sizeof seq);
    uint8_t type = cryptofuzz_byte(in);
    uint16_t version = (uint16_t)((cryptofuzz_byte(in) << 8) | cryptofuzz_byte(in));
    memcpy(&key, cryptofuzz_take(in, sizeof key, &got), got);
    memcpy(seq, cryptofuzz_take(in, sizeof seq, &got), got);
    const uint8_t *frag = cryptofuzz_take(in, in->n, &got);
    if (got > 2048)
        return;
    uint8_t buf[2048], again[2048];
    memcpy(buf, frag, got);
    err_t r = CryptoFuzz__suite__unprotect(&key, type, version, seq, buf, (uint16_t)got);
    if (got < CS_RECORD_OVERHEAD) {
        CRYPTOFUZZ_CHECK(r == E_SIZE);
        CRYPTOFUZZ_CHECK(memcmp(buf, frag, got) == 0);
        return;
    }
    size_t plain = got - CS_RECORD_OVERHEAD;
    if (r != E_OK) {
        CRYPTOFUZZ_CHECK(r == E_FAIL);
        for (size_t i = 0; i < plain; i++)
            CRYPTOFUZZ_CHECK(buf[CS_EXPLICIT_LEN + i] == 0);
        return;
    }
    /* it authenticated (the fuzzer found or was given a valid record):
     * protect() with the record's explicit nonce as seq gives it back */
    memcpy(again + CS_EXPLICIT_LEN, buf + CS_EXPLICIT_LEN, plain);
    if (memcmp(frag, seq, CS_EXPLICIT_LEN) == 0) {
        CRYPTOFUZZ_CHECK(CryptoFuzz__suite__protect(&key, type, version, seq, again, (uint16_t)plain) ==
                         E_OK);
        CRYPTOFUZZ_CHECK(memcmp(again, frag, got) == 0);
    }
}

static void cryptofuzz_verify(struct cryptofuzz_in *in)
{
    size_t klen, tlen, mlen;
    uint16_t tag_len = cryptofuzz_byte(in);
    const uint8_t *key = cryptofuzz_take(in, cryptofuzz_byte(in), &klen);
    const uint8_t *tag = cryptofuzz_take(in, MAC_LEN + 8, &tlen);
    const uint8_t *msg = cryptofuzz_take(in, in->n, &mlen);
    uint8_t t[MAC_LEN + 8], real[MAC_LEN];
    memset(t, 0, sizeof t);
    memcpy(t, tag, tlen);
    if (tag_len > sizeof t || mlen > UINT16_MAX)
        return;
    CryptoFuzz__mac__mac(key, (uint16_t)klen, msg, (uint16_t)mlen, real);
    struct mac_ctx ctx;
    CryptoFuzz__mac__init(&ctx, key, (uint16_t)klen);
    CryptoFuzz__mac__update(&ctx, msg, (uint16_t)mlen);
    bool ok = CryptoFuzz__mac__verify(&ctx, t, tag_len);
    CryptoFuzz__mac__clear(&ctx);
    CRYPTOFUZZ_CHECK(ok == (tag_len >= 1 && tag_len <= MAC_LEN && memcmp(real, t, tag_len) == 0));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    wire_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cryptofuzz_in in = {data, size};
    switch (cryptofuzz_byte(&in) % 6) {
    case 0:
        cryptofuzz_hmac(&in);
        break;
    case 1:
        cryptofuzz_prf(&in);
        break;
    case 2:
        cryptofuzz_master(&in);
        break;
    case 3:
        cryptofuzz_sha(&in);
        break;
    case 4:
        cryptofuzz_unprotect(&in);
        break;
    default:
        cryptofuzz_verify(&in);
        break;
    }
    return 0;
}
