/* block_cipher.h: the BlockCipher interface: AES-128 block encryption
 * (FIPS-197) under a key context that the caller owns. Providers:
 * Rijndael (portable C, components/rijndael/) and, on posix, OpenSslAes
 * (platforms/posix/openssl_aes/, libcrypto with AES-NI). Only encryption:
 * the modes built on it (CCM's CTR and CBC-MAC) never decrypt a block. */
#ifndef IF_BLOCK_CIPHER_H
#define IF_BLOCK_CIPHER_H
#include "interfaces/types.h"

#define BLOCK_LEN     16 /* bytes per block */
#define BLOCK_KEY_LEN 16 /* AES-128: the only key length accepted */

/* 32-bit words in an expanded-key context: AES-128's 11 round keys. */
#define BLOCK_KEY_WORDS 44

/* An expanded key (secret). Opaque: its contents belong to the provider
 * that set it (Rijndael keeps the round keys here; OpenSslAes keeps a
 * pointer to a libcrypto object, so a context is only meaningful to the
 * provider that filled it, and must not be copied). Fixed size, no heap
 * in components: the caller owns the storage (a stack variable, a peer's
 * slot in a pool).
 *
 * Life cycle: set_key() on any storage (its previous contents are ignored,
 * so never set_key() a context that holds a key: forget() it first), then
 * any number of encrypt(), then forget(), which wipes the context and
 * releases whatever the provider holds. forget() of an all-zero context
 * (static storage, or after a forget()) is a no-op. */
struct block_key {
    union {
        uint32_t w[BLOCK_KEY_WORDS];
        uint16_t h[2 * BLOCK_KEY_WORDS]; /* the same bytes as 16-bit words */
        uint8_t b[4 * BLOCK_KEY_WORDS];  /* ... and as bytes */
        void *p;                         /* alignment for providers that keep a pointer */
    } u;
};

/* (clang-format is off inside the struct: the generator wants each member on one line.) */
/** AES-128 block encryption over caller-owned expanded keys. */
struct BlockCipher_if {
    // clang-format off
    /** @command Expand the key_len-byte key into key. E_OK; E_INVAL unless key_len == BLOCK_KEY_LEN
     * (key is then zeroed); E_NOMEM if the provider cannot get resources (key zeroed). */
    err_t (*set_key)(struct block_key *key, const uint8_t *raw, uint16_t key_len);
    /** @command Encrypt one BLOCK_LEN-byte block: out = AES(key, in). in == out is allowed. */
    void (*encrypt)(const struct block_key *key, const uint8_t *in, uint8_t *out);
    /** @command Wipe key and release what the provider holds; key is all zeros afterwards. */
    void (*forget)(struct block_key *key);
    // clang-format on
};
#endif
