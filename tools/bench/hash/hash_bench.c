/* hash_bench.c: times SHA2, HMAC and the TLS 1.2 PRF of Crypto for
 * tools/bench/bench.py, each beside OpenSSL's libcrypto in the same run:
 *  - sha256.{64,1024,16384}: a one-shot digest of a message that size,
 *    against EVP_Digest() with OpenSSL's defaults (SHA-NI where the CPU has
 *    it), and the same again with SHA-NI, AVX and AVX2 masked off
 *    (OPENSSL_ia32cap in the figure's "env", set for both sides: ours does
 *    not look at it), OpenSSL's SSSE3 path; and with SSSE3 masked too
 *    ("int"): OpenSSL's plain x86_64 integer assembly, the nearest thing to
 *    portable C;
 *  - hmac_sha256.{64,1024}: a keyed context (32-byte key) reused, one
 *    message per operation: update + final (ours leaves the context keyed;
 *    OpenSSL: EVP_MAC_init() with no key re-uses the keyed state), default
 *    and masked; hmac_sha256.64.rekey: key + message + tag per operation
 *    (Mac.mac against HMAC()-equivalent EVP_MAC_init with the key);
 *  - tls_prf.40: the key block's 40 bytes from a 48-byte secret and 64-byte
 *    seed (label "key expansion"), against OpenSSL's TLS1-PRF KDF on a
 *    reused context, default and masked.
 * bench.py adds MB/s and instructions per byte for the figures with "bytes". */
#include "../bench_protocol.h"
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "interfaces/cipher_suite.h"
#include "interfaces/hash.h"
#include "interfaces/mac.h"

/* CPUID.1:ECX bits 28 (AVX) and 25 (AES-NI) off in the first word;
 * CPUID.7:EBX bits 5 (AVX2), 16 (AVX-512F), 29 (SHA) and ECX bit 9 (VAES)
 * in the second: the same mask as tools/bench/crypto/cipher_bench.c. */
#define HASHBENCH_MASKED "{\"OPENSSL_ia32cap\": \"~0x1200000000000000:~0x20020010020\"}"
/* and SSSE3 (CPUID.1:ECX bit 9) off too */
#define HASHBENCH_INT "{\"OPENSSL_ia32cap\": \"~0x1200020000000000:~0x20020010020\"}"

static uint8_t hashbench_msg[16384], hashbench_out[64];
static const uint8_t hashbench_key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                          17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static void hashbench_die(const char *what)
{
    fprintf(stderr, "hash_bench: %s failed\n", what);
    exit(1);
}

static uint32_t hashbench_sha(uint32_t n, int peer, size_t len)
{
    uint32_t sum = 0;
    if (peer) {
        const EVP_MD *md = EVP_sha256();
        EVP_MD_CTX *c = EVP_MD_CTX_new();
        for (uint32_t i = 0; i < n; i++) {
            unsigned l = 0;
            if (EVP_DigestInit_ex(c, md, NULL) != 1 || EVP_DigestUpdate(c, hashbench_msg, len) != 1 ||
                EVP_DigestFinal_ex(c, hashbench_out, &l) != 1)
                hashbench_die("EVP_Digest");
            sum += hashbench_out[0];
        }
        EVP_MD_CTX_free(c);
    } else {
        for (uint32_t i = 0; i < n; i++) {
            HashBench__hash__digest(hashbench_msg, (uint16_t)len, hashbench_out);
            sum += hashbench_out[0];
        }
    }
    return sum;
}

static uint32_t hashbench_sha64(uint32_t n, int peer)
{
    return hashbench_sha(n, peer, 64);
}

static uint32_t hashbench_sha1k(uint32_t n, int peer)
{
    return hashbench_sha(n, peer, 1024);
}

static uint32_t hashbench_sha16k(uint32_t n, int peer)
{
    /* Hash.digest takes up to 65535 bytes */
    return hashbench_sha(n, peer, 16384);
}

static EVP_MAC_CTX *hashbench_evp_mac(void)
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *c = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                      OSSL_PARAM_construct_end()};
    if (!c || EVP_MAC_init(c, hashbench_key, sizeof hashbench_key, p) != 1)
        hashbench_die("EVP_MAC_init");
    EVP_MAC_free(mac);
    return c;
}

static uint32_t hashbench_hmac(uint32_t n, int peer, size_t len, int rekey)
{
    uint32_t sum = 0;
    if (peer) {
        EVP_MAC_CTX *c = hashbench_evp_mac();
        for (uint32_t i = 0; i < n; i++) {
            size_t l = 0;
            if (EVP_MAC_init(c, rekey ? hashbench_key : NULL, rekey ? sizeof hashbench_key : 0, NULL) != 1 ||
                EVP_MAC_update(c, hashbench_msg, len) != 1 ||
                EVP_MAC_final(c, hashbench_out, &l, sizeof hashbench_out) != 1)
                hashbench_die("EVP_MAC");
            sum += hashbench_out[0];
        }
        EVP_MAC_CTX_free(c);
    } else if (rekey) {
        for (uint32_t i = 0; i < n; i++) {
            HashBench__mac__mac(hashbench_key, sizeof hashbench_key, hashbench_msg, (uint16_t)len,
                                hashbench_out);
            sum += hashbench_out[0];
        }
    } else {
        struct mac_ctx ctx;
        HashBench__mac__init(&ctx, hashbench_key, sizeof hashbench_key);
        for (uint32_t i = 0; i < n; i++) {
            HashBench__mac__update(&ctx, hashbench_msg, (uint16_t)len);
            HashBench__mac__final(&ctx, hashbench_out);
            sum += hashbench_out[0];
        }
        HashBench__mac__clear(&ctx);
    }
    return sum;
}

static uint32_t hashbench_hmac64(uint32_t n, int peer)
{
    return hashbench_hmac(n, peer, 64, 0);
}

static uint32_t hashbench_hmac1k(uint32_t n, int peer)
{
    return hashbench_hmac(n, peer, 1024, 0);
}

static uint32_t hashbench_hmac64_rekey(uint32_t n, int peer)
{
    return hashbench_hmac(n, peer, 64, 1);
}

static uint32_t hashbench_prf40(uint32_t n, int peer)
{
    static const char label[] = "key expansion";
    uint8_t seed[13 + 64];
    uint32_t sum = 0;
    memcpy(seed, label, 13);
    memcpy(seed + 13, hashbench_msg, 64);
    if (peer) {
        EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
        EVP_KDF_CTX *c = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
        OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
                          OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, hashbench_msg + 64, 48),
                          OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed, sizeof seed),
                          OSSL_PARAM_construct_end()};
        if (!c || EVP_KDF_CTX_set_params(c, p) != 1)
            hashbench_die("TLS1-PRF");
        for (uint32_t i = 0; i < n; i++) {
            if (EVP_KDF_derive(c, hashbench_out, 40, NULL) != 1)
                hashbench_die("EVP_KDF_derive");
            sum += hashbench_out[0];
        }
        EVP_KDF_CTX_free(c);
        EVP_KDF_free(kdf);
    } else {
        for (uint32_t i = 0; i < n; i++) {
            if (HashBench__suite__prf(hashbench_msg + 64, 48, label, hashbench_msg, 64, hashbench_out, 40) !=
                E_OK)
                hashbench_die("prf");
            sum += hashbench_out[0];
        }
    }
    return sum;
}

/* ---- the protocol ---- */

#define HASHBENCH_SHA(sz, n, fn)                                                                             \
    {"sha256." #sz, "SHA-256 of " #sz " bytes", "OpenSSL EVP_Digest (default: SHA-NI)", n, sz, NULL, 0, fn}, \
        {"sha256." #sz ".masked",                                                                            \
         "SHA-256 of " #sz " bytes",                                                                         \
         "OpenSSL EVP_Digest, SHA-NI/AVX/AVX2 masked (SSSE3)",                                               \
         n,                                                                                                  \
         sz,                                                                                                 \
         HASHBENCH_MASKED,                                                                                   \
         0,                                                                                                  \
         fn},                                                                                                \
    {                                                                                                        \
        "sha256." #sz ".int", "SHA-256 of " #sz " bytes",                                                    \
            "OpenSSL EVP_Digest, SHA-NI/AVX/SSSE3 masked (integer)", n, sz, HASHBENCH_INT, 0, fn             \
    }

static const struct bench_case hashbench_cases[] = {
    HASHBENCH_SHA(64, 2000000u, hashbench_sha64),
    HASHBENCH_SHA(1024, 300000u, hashbench_sha1k),
    HASHBENCH_SHA(16384, 20000u, hashbench_sha16k),
    {"hmac_sha256.64", "HMAC-SHA256 of 64 bytes, keyed context reused", "OpenSSL EVP_MAC (default: SHA-NI)",
     1000000u, 64, NULL, 0, hashbench_hmac64},
    {"hmac_sha256.64.masked", "HMAC-SHA256 of 64 bytes, keyed context reused",
     "OpenSSL EVP_MAC, SHA-NI/AVX/AVX2 masked (SSSE3)", 1000000u, 64, HASHBENCH_MASKED, 0, hashbench_hmac64},
    {"hmac_sha256.1024", "HMAC-SHA256 of 1 KiB, keyed context reused", "OpenSSL EVP_MAC (default: SHA-NI)",
     200000u, 1024, NULL, 0, hashbench_hmac1k},
    {"hmac_sha256.1024.masked", "HMAC-SHA256 of 1 KiB, keyed context reused",
     "OpenSSL EVP_MAC, SHA-NI/AVX/AVX2 masked (SSSE3)", 200000u, 1024, HASHBENCH_MASKED, 0, hashbench_hmac1k},
    {"hmac_sha256.64.rekey", "HMAC-SHA256: 32-byte key + 64-byte message per operation",
     "OpenSSL EVP_MAC_init with the key (default: SHA-NI)", 500000u, 64, NULL, 0, hashbench_hmac64_rekey},
    {"tls_prf.40", "TLS 1.2 PRF (P_SHA256): 40 bytes, 48-byte secret, label + 64-byte seed",
     "OpenSSL TLS1-PRF KDF (default: SHA-NI)", 300000u, 40, NULL, 0, hashbench_prf40},
    {"tls_prf.40.masked", "TLS 1.2 PRF (P_SHA256): 40 bytes, 48-byte secret, label + 64-byte seed",
     "OpenSSL TLS1-PRF KDF, SHA-NI/AVX/AVX2 masked (SSSE3)", 300000u, 40, HASHBENCH_MASKED, 0,
     hashbench_prf40},
};

#define HASHBENCH_N (sizeof hashbench_cases / sizeof hashbench_cases[0])

int main(int argc, char **argv)
{
    static const struct bench_program program = {"hash_bench",
                                                 "Times SHA-256, HMAC-SHA256 and the TLS PRF beside OpenSSL",
                                                 hashbench_cases,
                                                 HASHBENCH_N,
                                                 0,
                                                 NULL};
    for (size_t i = 0; i < sizeof hashbench_msg; i++)
        hashbench_msg[i] = (uint8_t)(i * 31 + 7);
    wire_init();
    return bench_main(&program, argc, argv);
}
