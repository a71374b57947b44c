/* psk_store.h: the PskStore interface: pre-shared keys for DTLS (RFC 4279).
 * A server looks keys up by the identity a client presents; a client picks
 * the identity (and so the key) to use with each server. The application
 * provides it (a table in flash on a mote, a key file in the tools). */
#ifndef IF_PSK_STORE_H
#define IF_PSK_STORE_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

#define PSK_IDENTITY_MAX 128 /* RFC 4279 section 5.3: identities up to 2^7 bytes */
#define PSK_KEY_MAX      64  /* RFC 4279 section 5.3: keys up to 64 bytes */
#define PSK_HINT_MAX     255 /* our bound on identity hints (RFC 4279 allows 2^16 - 1) */

/** Keys by identity (both roles), identities by peer (client), the hint
 * (server). Buffers are the caller's; key bytes are secret: the caller
 * wipes them after use, and an implementation compares identities in
 * constant time (lib/ct.h) and leaves no copy behind. */
struct PskStore_if {
    // clang-format off
    /** @command Server: the identity hint for peer, written to hint[0..cap). Returns its length, or 0 for none (the ServerKeyExchange is then omitted, RFC 4279 section 2). */
    uint16_t (*hint)(const struct endpoint *peer, uint8_t *hint, uint16_t cap);
    /** @command Client: the identity to present to peer, given the server's hint (hint_len 0: none), written to identity (PSK_IDENTITY_MAX bytes). Returns its length 1..PSK_IDENTITY_MAX, or 0 if there is none for peer. */
    uint8_t (*identity)(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len, uint8_t *identity);
    /** @command Both roles: the key for identity (the client's, on a server; the one identity() chose, on a client) with peer, written to key (PSK_KEY_MAX bytes). Returns its length 1..PSK_KEY_MAX, or 0 if the identity is unknown. */
    uint8_t (*key)(const struct endpoint *peer, const uint8_t *identity, uint8_t identity_len, uint8_t *key);
    // clang-format on
};
#endif
