/* cipher_bench.c: times AES-128 and AES-128-CCM-8 for tools/bench/bench.py,
 * each beside OpenSSL's libcrypto in the same run:
 *  - aes128.block.rijndael: one block, key expanded, with the portable
 *    Rijndael, against OpenSSL with AES-NI, AVX and SHA-NI masked off
 *    (OPENSSL_ia32cap in the figure's "env", set for both sides): the
 *    table-free fallback OpenSSL would use on such a CPU;
 *  - aes128.block.openssl_aes: one block through OpenSslAes (EVP_Cipher on
 *    a libcrypto context), against the same block through plain
 *    EVP_EncryptUpdate(), OpenSSL as it runs by default (AES-NI);
 *  - aes128.set_key.*: key expansion (Rijndael; and OpenSslAes, which
 *    allocates a libcrypto context per key) against EVP_EncryptInit_ex()
 *    on an existing context;
 *  - ccm8.{seal,open}.{64,1024}.{openssl_aes,rijndael}: a DTLS 1.2 record's
 *    CCM-8 (12-byte nonce, 13-byte aad, 8-byte tag) in place, against EVP
 *    aes-128-ccm with the same parameters (default features for the
 *    OpenSslAes figures, masked for the Rijndael ones). Open restores the
 *    ciphertext before each call, on both sides (a memcpy of the record).
 * Which CCM is measured depends on the wiring: CipherBench__ccm_over. */
#include "../bench_protocol.h"
#include <openssl/evp.h>

#include "interfaces/aead.h"
#include "interfaces/block_cipher.h"

/* AES-NI and AVX (CPUID.1:ECX bits 25 and 28) off in the first word; in the
 * second (CPUID.7:EBX, ECX<<32) AVX2, AVX-512F, SHA and VAES off. */
#define CIPHERBENCH_MASKED "{\"OPENSSL_ia32cap\": \"~0x1200000000000000:~0x20020010020\"}"

static const uint8_t cipherbench_key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                            0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static uint8_t cipherbench_nonce[12] = {1, 2, 3, 4, 0, 1, 0, 0, 0, 0, 0, 7};
static uint8_t cipherbench_aad[13] = {0, 1, 0, 0, 0, 0, 0, 7, 23, 0xfe, 0xfd, 0, 64};
static uint8_t cipherbench_buf[1024 + 16], cipherbench_ct[1024], cipherbench_tag[16];

static void cipherbench_die(const char *what)
{
    fprintf(stderr, "cipher_bench: %s failed\n", what);
    exit(1);
}

static EVP_CIPHER_CTX *cipherbench_evp(const EVP_CIPHER *cipher, int enc)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (!c || EVP_CipherInit_ex(c, cipher, NULL, NULL, NULL, enc) != 1)
        cipherbench_die("EVP_CipherInit_ex");
    if (cipher == EVP_aes_128_ccm() && (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
                                        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 8, NULL) != 1))
        cipherbench_die("EVP_CIPHER_CTX_ctrl");
    if (EVP_CipherInit_ex(c, NULL, NULL, cipherbench_key, NULL, enc) != 1)
        cipherbench_die("EVP_CipherInit_ex (key)");
    EVP_CIPHER_CTX_set_padding(c, 0);
    return c;
}

/* ---- AES blocks ---- */

/* Encrypt the block in place n times: each block depends on the last, so
 * the time is latency, as in CBC-MAC. */
static uint32_t cipherbench_block(uint32_t n, int peer, bool native)
{
    uint8_t *b = cipherbench_buf;
    if (peer) {
        EVP_CIPHER_CTX *c = cipherbench_evp(EVP_aes_128_ecb(), 1);
        int len;
        for (uint32_t i = 0; i < n; i++)
            if (EVP_EncryptUpdate(c, b, &len, b, 16) != 1)
                cipherbench_die("EVP_EncryptUpdate");
        EVP_CIPHER_CTX_free(c);
    } else {
        struct block_key k;
        if ((native ? CipherBench__native__set_key(&k, cipherbench_key, 16)
                    : CipherBench__portable__set_key(&k, cipherbench_key, 16)) != E_OK)
            cipherbench_die("set_key");
        if (native)
            for (uint32_t i = 0; i < n; i++)
                CipherBench__native__encrypt(&k, b, b);
        else
            for (uint32_t i = 0; i < n; i++)
                CipherBench__portable__encrypt(&k, b, b);
        native ? CipherBench__native__forget(&k) : CipherBench__portable__forget(&k);
    }
    return b[0];
}

static uint32_t cipherbench_block_rijndael(uint32_t n, int peer)
{
    return cipherbench_block(n, peer, false);
}

static uint32_t cipherbench_block_openssl(uint32_t n, int peer)
{
    return cipherbench_block(n, peer, true);
}

static uint32_t cipherbench_set_key(uint32_t n, int peer, bool native)
{
    uint8_t key[16];
    memcpy(key, cipherbench_key, 16);
    if (peer) {
        EVP_CIPHER_CTX *c = cipherbench_evp(EVP_aes_128_ecb(), 1);
        for (uint32_t i = 0; i < n; i++) {
            key[i & 15] ^= (uint8_t)i;
            if (EVP_EncryptInit_ex(c, NULL, NULL, key, NULL) != 1)
                cipherbench_die("EVP_EncryptInit_ex");
        }
        EVP_CIPHER_CTX_free(c);
        return key[0];
    }
    struct block_key k;
    for (uint32_t i = 0; i < n; i++) {
        key[i & 15] ^= (uint8_t)i;
        if (native) {
            if (CipherBench__native__set_key(&k, key, 16) != E_OK)
                cipherbench_die("set_key");
            CipherBench__native__forget(&k);
        } else {
            (void)CipherBench__portable__set_key(&k, key, 16);
        }
    }
    CipherBench__portable__forget(&k);
    return key[0];
}

static uint32_t cipherbench_set_key_rijndael(uint32_t n, int peer)
{
    return cipherbench_set_key(n, peer, false);
}

static uint32_t cipherbench_set_key_openssl(uint32_t n, int peer)
{
    return cipherbench_set_key(n, peer, true);
}

/* ---- CCM-8 records ---- */

static uint32_t cipherbench_ccm(uint32_t n, int peer, uint16_t len, bool open)
{
    uint8_t *b = cipherbench_buf;
    memset(b, 0x42, len);
    if (peer) {
        EVP_CIPHER_CTX *c = cipherbench_evp(EVP_aes_128_ccm(), open ? 0 : 1);
        int outl;
        /* a valid record to open: seal it once with OpenSSL */
        if (open) {
            EVP_CIPHER_CTX *e = cipherbench_evp(EVP_aes_128_ccm(), 1);
            if (EVP_EncryptInit_ex(e, NULL, NULL, NULL, cipherbench_nonce) != 1 ||
                EVP_EncryptUpdate(e, NULL, &outl, NULL, len) != 1 ||
                EVP_EncryptUpdate(e, NULL, &outl, cipherbench_aad, 13) != 1 ||
                EVP_EncryptUpdate(e, cipherbench_ct, &outl, b, len) != 1 ||
                EVP_EncryptFinal_ex(e, cipherbench_ct, &outl) != 1 ||
                EVP_CIPHER_CTX_ctrl(e, EVP_CTRL_AEAD_GET_TAG, 8, cipherbench_tag) != 1)
                cipherbench_die("CCM seal");
            EVP_CIPHER_CTX_free(e);
        }
        for (uint32_t i = 0; i < n; i++) {
            if (open) {
                memcpy(b, cipherbench_ct, len);
                if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 8, cipherbench_tag) != 1 ||
                    EVP_DecryptInit_ex(c, NULL, NULL, NULL, cipherbench_nonce) != 1 ||
                    EVP_DecryptUpdate(c, NULL, &outl, NULL, len) != 1 ||
                    EVP_DecryptUpdate(c, NULL, &outl, cipherbench_aad, 13) != 1 ||
                    EVP_DecryptUpdate(c, b, &outl, b, len) != 1)
                    cipherbench_die("CCM open");
            } else {
                if (EVP_EncryptInit_ex(c, NULL, NULL, NULL, cipherbench_nonce) != 1 ||
                    EVP_EncryptUpdate(c, NULL, &outl, NULL, len) != 1 ||
                    EVP_EncryptUpdate(c, NULL, &outl, cipherbench_aad, 13) != 1 ||
                    EVP_EncryptUpdate(c, b, &outl, b, len) != 1 ||
                    EVP_EncryptFinal_ex(c, b + len, &outl) != 1 ||
                    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 8, b + len) != 1)
                    cipherbench_die("CCM seal");
                cipherbench_nonce[11]++;
            }
        }
        EVP_CIPHER_CTX_free(c);
        return b[0];
    }
    struct aead_ctx ctx;
    if (CipherBench__aead__set_key(&ctx, cipherbench_key, 16) != E_OK)
        cipherbench_die("Aead.set_key");
    if (open) {
        if (CipherBench__aead__seal(&ctx, cipherbench_nonce, 12, cipherbench_aad, 13, b, len, cipherbench_tag,
                                    8) != E_OK)
            cipherbench_die("Aead.seal");
        memcpy(cipherbench_ct, b, len);
    }
    for (uint32_t i = 0; i < n; i++) {
        if (open) {
            memcpy(b, cipherbench_ct, len);
            if (CipherBench__aead__open(&ctx, cipherbench_nonce, 12, cipherbench_aad, 13, b, len,
                                        cipherbench_tag, 8) != E_OK)
                cipherbench_die("Aead.open");
        } else {
            (void)CipherBench__aead__seal(&ctx, cipherbench_nonce, 12, cipherbench_aad, 13, b, len, b + len,
                                          8);
            cipherbench_nonce[11]++;
        }
    }
    CipherBench__aead__forget(&ctx);
    return b[0];
}

static uint32_t cipherbench_seal64(uint32_t n, int peer)
{
    return cipherbench_ccm(n, peer, 64, false);
}

static uint32_t cipherbench_open64(uint32_t n, int peer)
{
    return cipherbench_ccm(n, peer, 64, true);
}

static uint32_t cipherbench_seal1k(uint32_t n, int peer)
{
    return cipherbench_ccm(n, peer, 1024, false);
}

static uint32_t cipherbench_open1k(uint32_t n, int peer)
{
    return cipherbench_ccm(n, peer, 1024, true);
}

/* ---- the protocol ---- */

static const struct bench_case cipherbench_cases[] = {
    {"aes128.block.rijndael", "one AES-128 block, key expanded: portable Rijndael (1 KB T-table)",
     "OpenSSL EVP_EncryptUpdate, AES-NI/AVX/SHA-NI masked", 20000000u, 16, CIPHERBENCH_MASKED, 1,
     cipherbench_block_rijndael},
    {"aes128.block.openssl_aes", "one AES-128 block, key expanded: OpenSslAes (EVP_Cipher)",
     "OpenSSL EVP_EncryptUpdate (AES-NI)", 20000000u, 16, NULL, 1, cipherbench_block_openssl},
    {"aes128.set_key.rijndael", "AES-128 key expansion: Rijndael", "OpenSSL EVP_EncryptInit_ex (AES-NI)",
     5000000u, 0, NULL, 1, cipherbench_set_key_rijndael},
    {"aes128.set_key.openssl_aes", "AES-128 key: OpenSslAes set_key + forget (allocates a libcrypto context)",
     "OpenSSL EVP_EncryptInit_ex (AES-NI)", 1000000u, 0, NULL, 1, cipherbench_set_key_openssl},
    {"ccm8.seal.64.openssl_aes", "CCM-8 seal, 64-byte record, over OpenSslAes",
     "OpenSSL EVP aes-128-ccm (AES-NI)", 2000000u, 64, NULL, 1, cipherbench_seal64},
    {"ccm8.open.64.openssl_aes", "CCM-8 open, 64-byte record, over OpenSslAes",
     "OpenSSL EVP aes-128-ccm (AES-NI)", 2000000u, 64, NULL, 1, cipherbench_open64},
    {"ccm8.seal.1024.openssl_aes", "CCM-8 seal, 1 KiB record, over OpenSslAes",
     "OpenSSL EVP aes-128-ccm (AES-NI)", 300000u, 1024, NULL, 1, cipherbench_seal1k},
    {"ccm8.open.1024.openssl_aes", "CCM-8 open, 1 KiB record, over OpenSslAes",
     "OpenSSL EVP aes-128-ccm (AES-NI)", 300000u, 1024, NULL, 1, cipherbench_open1k},
    {"ccm8.seal.64.rijndael", "CCM-8 seal, 64-byte record, over Rijndael",
     "OpenSSL EVP aes-128-ccm, AES-NI/AVX/SHA-NI masked", 1000000u, 64, CIPHERBENCH_MASKED, 2,
     cipherbench_seal64},
    {"ccm8.open.64.rijndael", "CCM-8 open, 64-byte record, over Rijndael",
     "OpenSSL EVP aes-128-ccm, AES-NI/AVX/SHA-NI masked", 1000000u, 64, CIPHERBENCH_MASKED, 2,
     cipherbench_open64},
    {"ccm8.seal.1024.rijndael", "CCM-8 seal, 1 KiB record, over Rijndael",
     "OpenSSL EVP aes-128-ccm, AES-NI/AVX/SHA-NI masked", 100000u, 1024, CIPHERBENCH_MASKED, 2,
     cipherbench_seal1k},
    {"ccm8.open.1024.rijndael", "CCM-8 open, 1 KiB record, over Rijndael",
     "OpenSSL EVP aes-128-ccm, AES-NI/AVX/SHA-NI masked", 100000u, 1024, CIPHERBENCH_MASKED, 2,
     cipherbench_open1k},
};

#define CIPHERBENCH_N (sizeof cipherbench_cases / sizeof cipherbench_cases[0])

/* The first program (ccm_over = 0) lists the AES figures and the CCM over
 * OpenSslAes; the second only the CCM over Rijndael. */
int main(int argc, char **argv)
{
    /* one build per CCM BlockCipher (ccm_over); each lists its own cases */
    static const struct bench_program program = {"cipher_bench",
                                                 "Times AES-128 and CCM-8 beside OpenSSL",
                                                 cipherbench_cases,
                                                 CIPHERBENCH_N,
                                                 1 + CipherBench__ccm_over,
                                                 NULL};
    wire_init();
    return bench_main(&program, argc, argv);
}
