/* hash.h: the Hash interface: SHA-256, streaming and one-shot, over
 * contexts that the caller owns, so any number of hashes (a handshake
 * transcript, a cookie MAC, a PRF) run interleaved. */
#ifndef IF_HASH_H
#define IF_HASH_H
#include "interfaces/types.h"

#define HASH_LEN       32 /* digest bytes */
#define HASH_BLOCK_LEN 64 /* bytes per compression */

/* The chaining state at a block boundary: the whole state of a context
 * whose absorbed length is a multiple of HASH_BLOCK_LEN (its buffer is then
 * empty). HMAC saves its keyed inner and outer states in this form. */
struct hash_state {
    uint32_t h[8];
    uint32_t bits_lo; /* total bits absorbed (a multiple of 8), low and high words */
    uint32_t bits_hi;
};

/* A streaming context. Plain data: copying one (assignment) forks the hash,
 * e.g. to take the Finished hash of a transcript that goes on. */
struct hash_ctx {
    struct hash_state st;
    uint8_t buf[HASH_BLOCK_LEN]; /* the partial block: (bits_lo / 8) % 64 bytes */
};

/** SHA-256 (FIPS 180-4). */
struct Hash_if {
    /** @command Start a new hash in ctx. */
    void (*init)(struct hash_ctx *ctx);
    /** @command Absorb len bytes (data may be NULL if len is 0). */
    void (*update)(struct hash_ctx *ctx, const uint8_t *data, uint16_t len);
    /** @command Write the HASH_LEN-byte digest to out and wipe ctx. */
    void (*final)(struct hash_ctx *ctx, uint8_t *out);
    /** @command One-shot: out = SHA-256(data[0..len)). */
    void (*digest)(const uint8_t *data, uint16_t len, uint8_t *out);
};
#endif
