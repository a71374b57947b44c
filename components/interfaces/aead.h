/* aead.h: the Aead interface: authenticated encryption with associated
 * data, AES-128-CCM (RFC 3610, NIST SP 800-38C) with any nonce length
 * 7..13 and any even tag length 4..16, in place, over a key context that
 * the caller owns. DTLS 1.2 records with TLS_PSK_WITH_AES_128_CCM_8 use a
 * 12-byte nonce (RFC 6655: 4-byte salt || 8-byte epoch and sequence
 * number), the 13-byte TLS additional data and an 8-byte tag. */
#ifndef IF_AEAD_H
#define IF_AEAD_H
#include "interfaces/block_cipher.h"
#include "interfaces/types.h"

#define AEAD_KEY_LEN   BLOCK_KEY_LEN
#define AEAD_NONCE_MIN 7  /* CCM: 15 - L with L = 8 */
#define AEAD_NONCE_MAX 13 /* CCM: 15 - L with L = 2 (messages up to 65535 bytes: any uint16_t) */
#define AEAD_TAG_MIN   4
#define AEAD_TAG_MAX   16 /* tag lengths are even */

/* A keyed context: the expanded key (secret). Same life cycle as struct
 * block_key (block_cipher.h): set_key() on any storage, seal()/open() any
 * number of times, forget() when done. Not copyable. */
struct aead_ctx {
    struct block_key key;
};

/* (clang-format is off inside the struct: the generator wants each member on one line.) */
/** AES-128-CCM, in place. Lengths are checked before anything is touched. */
struct Aead_if {
    // clang-format off
    /** @command Expand the key into ctx. E_OK; E_INVAL unless key_len == AEAD_KEY_LEN; E_NOMEM if
     * the block cipher cannot get resources. ctx holds no key unless E_OK. */
    err_t (*set_key)(struct aead_ctx *ctx, const uint8_t *key, uint16_t key_len);
    /** @command Encrypt data (len bytes) in place and write the tag_len-byte tag to tag (which must not
     * overlap data; data + len is fine). aad/data may be NULL if their length is 0. E_OK, or E_INVAL
     * (nothing written) unless nonce_len is 7..13 and tag_len is even and 4..16. */
    err_t (*seal)(const struct aead_ctx *ctx, const uint8_t *nonce, uint16_t nonce_len, const uint8_t *aad, uint16_t aad_len, uint8_t *data, uint16_t len, uint8_t *tag, uint16_t tag_len);
    /** @command Decrypt data (len bytes) in place and verify the tag in constant time. E_OK: data holds
     * the plaintext. E_FAIL: the tag does not match, and data is all zeros (no plaintext is left
     * behind). E_INVAL (data untouched) for a nonce_len or tag_len that seal() rejects. */
    err_t (*open)(const struct aead_ctx *ctx, const uint8_t *nonce, uint16_t nonce_len, const uint8_t *aad, uint16_t aad_len, uint8_t *data, uint16_t len, const uint8_t *tag, uint16_t tag_len);
    /** @command Wipe ctx and release what the block cipher holds. */
    void (*forget)(struct aead_ctx *ctx);
    // clang-format on
};
#endif
