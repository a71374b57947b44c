/* mac.h: the Mac interface: HMAC-SHA256 (RFC 2104, FIPS 198-1), streaming,
 * over contexts that the caller owns. */
#ifndef IF_MAC_H
#define IF_MAC_H
#include "interfaces/hash.h"
#include "interfaces/types.h"

#define MAC_LEN HASH_LEN /* full tag bytes */

/* A keyed context: the keyed inner and outer states (secret: the key in
 * all but name) and the running inner hash. Plain data: copying one forks
 * the computation. Wipe it with clear() when done. */
struct mac_ctx {
    struct hash_ctx hash;
    struct hash_state ikey; /* state after (K0 ^ ipad) */
    struct hash_state okey; /* state after (K0 ^ opad) */
};

/** HMAC-SHA256. A key of any length (longer than a block: hashed first). */
struct Mac_if {
    /** @command Key ctx and start a message (key may be NULL if key_len is 0). */
    void (*init)(struct mac_ctx *ctx, const uint8_t *key, uint16_t key_len);
    /** @command Absorb len bytes of the message. */
    void (*update)(struct mac_ctx *ctx, const uint8_t *data, uint16_t len);
    /** @command Write the MAC_LEN-byte tag to out; ctx stays keyed, ready for the next message. */
    void (*final)(struct mac_ctx *ctx, uint8_t *out);
    /** @command Finish like final() and compare the first tag_len bytes of the tag with tag in
     * constant time: true if equal and 1 <= tag_len <= MAC_LEN. ctx stays keyed. */
    bool (*verify)(struct mac_ctx *ctx, const uint8_t *tag, uint16_t tag_len);
    /** @command Wipe ctx (keyed states included). */
    void (*clear)(struct mac_ctx *ctx);
    /** @command One-shot: out = HMAC(key, data), MAC_LEN bytes; nothing secret is left behind. */
    void (*mac)(const uint8_t *key, uint16_t key_len, const uint8_t *data, uint16_t len, uint8_t *out);
};
#endif
