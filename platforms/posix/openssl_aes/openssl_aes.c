/* openssl_aes.c: OpenSslAes, the posix BlockCipher: AES-128 from OpenSSL's
 * libcrypto. libcrypto picks its fastest constant-time code for the CPU
 * (AES-NI; without it vector-permute AES with SSSE3), so on a host this is
 * both faster and safer than the table-based Rijndael, whose lookups leak
 * through the data cache.
 *
 * The caller's struct block_key holds one pointer: an EVP_CIPHER_CTX for
 * AES-128-ECB without padding, allocated by libcrypto in set_key() (the
 * heap is libcrypto's, not ours) and freed in forget(), which also makes
 * libcrypto cleanse its copy of the key schedule. One block per call goes
 * through EVP_Cipher(), the thinnest entry point into the provider's
 * cipher function (no partial-block buffering as in EVP_EncryptUpdate). */
#include <openssl/evp.h>
#include <string.h>

#include "interfaces/block_cipher.h"
#include "lib/wipe.h"

err_t OpenSslAes__block_cipher__set_key(struct block_key *key, const uint8_t *raw, uint16_t key_len)
{
    wipe(key, sizeof *key);
    if (key_len != BLOCK_KEY_LEN)
        return E_INVAL;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return E_NOMEM;
    if (EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, raw, NULL) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return E_NOMEM;
    }
    key->u.p = ctx;
    return E_OK;
}

void OpenSslAes__block_cipher__encrypt(const struct block_key *key, const uint8_t *in, uint8_t *out)
{
    /* Cannot fail for a 16-byte ECB block on a context set_key() made;
     * a NULL context (never set, or forgotten) is a caller bug: output
     * zeros rather than anything derived from the input. */
    EVP_CIPHER_CTX *ctx = (EVP_CIPHER_CTX *)key->u.p;
    if (!ctx || EVP_Cipher(ctx, out, in, BLOCK_LEN) <= 0)
        memset(out, 0, BLOCK_LEN);
}

void OpenSslAes__block_cipher__forget(struct block_key *key)
{
    EVP_CIPHER_CTX_free((EVP_CIPHER_CTX *)key->u.p); /* NULL is fine */
    wipe(key, sizeof *key);
}
