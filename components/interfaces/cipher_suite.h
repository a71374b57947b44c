/* cipher_suite.h: the CipherSuite interface: the key schedule and record
 * protection of TLS_PSK_WITH_AES_128_CCM_8 (RFC 4279, RFC 6655, RFC 7627)
 * for DTLS 1.2, over the TLS 1.2 PRF with SHA-256 (RFC 5246 section 5). */
#ifndef IF_CIPHER_SUITE_H
#define IF_CIPHER_SUITE_H
#include "interfaces/types.h"

#define CS_PSK_IDENTITY_MAX 128 /* RFC 4279 section 5.3: identities up to 2^7 bytes */
#define CS_PSK_MAX          64  /* RFC 4279 section 5.3: keys up to 64 bytes */
#define CS_PMS_MAX          (2 * CS_PSK_MAX + 4)
#define CS_RANDOM_LEN       32 /* client_random, server_random */
#define CS_MASTER_LEN       48
#define CS_SESSION_HASH_LEN 32 /* RFC 7627 session_hash: SHA-256 of the handshake messages */
#define CS_VERIFY_LEN       12 /* Finished verify_data */
#define CS_KEY_LEN          16 /* AES-128 write key */
#define CS_SALT_LEN         4  /* fixed IV: the implicit part of the CCM nonce */
#define CS_EXPLICIT_LEN     8  /* explicit nonce in each record: epoch || sequence number */
#define CS_TAG_LEN          8  /* CCM_8 */
#define CS_RECORD_OVERHEAD  (CS_EXPLICIT_LEN + CS_TAG_LEN)
#define CS_SEQ_LEN          8 /* epoch (2) || sequence number (6), big-endian, as on the wire */

/* One direction's keys (secret: wipe when the epoch ends). Raw: protect()
 * and unprotect() expand the AES key per record on the stack and forget it,
 * so a peer costs 20 bytes per direction, not an expanded key schedule. */
struct cs_key {
    uint8_t key[CS_KEY_LEN];
    uint8_t salt[CS_SALT_LEN];
};

/* The key block of RFC 5246 section 6.3 for this suite (no MAC keys). */
struct cs_keys {
    struct cs_key client; /* client_write_key, client_write_IV */
    struct cs_key server; /* server_write_key, server_write_IV */
};

/* (clang-format is off inside the struct: the generator wants each member on one line.) */
/** TLS 1.2 PRF, PSK key schedule, Finished and AES-128-CCM-8 records. */
struct CipherSuite_if {
    // clang-format off
    /** @command PRF(secret, label, seed) -> out_len bytes (P_SHA256); label is NUL-terminated ASCII.
     * E_OK, E_INVAL for a NULL label. */
    err_t (*prf)(const uint8_t *secret, uint16_t secret_len, const char *label, const uint8_t *seed, uint16_t seed_len, uint8_t *out, uint16_t out_len);
    /** @command RFC 4279 pre-master secret (uint16 N, N zeros, uint16 N, psk) into pms, which holds
     * 2 * psk_len + 4 bytes: E_OK, E_SIZE unless 1 <= psk_len <= CS_PSK_MAX. */
    err_t (*psk_premaster)(const uint8_t *psk, uint16_t psk_len, uint8_t *pms);
    /** @command master = PRF(pms(psk), "master secret", client_random + server_random), CS_MASTER_LEN
     * bytes; the pre-master secret is wiped. E_OK, E_SIZE for a bad psk_len. */
    err_t (*master_secret)(const uint8_t *psk, uint16_t psk_len, const uint8_t *client_random, const uint8_t *server_random, uint8_t *master);
    /** @command RFC 7627: master = PRF(pms(psk), "extended master secret", session_hash). E_OK, E_SIZE. */
    err_t (*extended_master_secret)(const uint8_t *psk, uint16_t psk_len, const uint8_t *session_hash, uint8_t *master);
    /** @command Key block: PRF(master, "key expansion", server_random + client_random) -> keys. */
    void (*key_block)(const uint8_t *master, const uint8_t *client_random, const uint8_t *server_random, struct cs_keys *keys);
    /** @command Finished verify_data (CS_VERIFY_LEN bytes): PRF(master, "client finished" if client
     * else "server finished", handshake_hash), handshake_hash being CS_SESSION_HASH_LEN bytes. */
    void (*finished)(const uint8_t *master, bool client, const uint8_t *handshake_hash, uint8_t *verify_data);
    /** @command Compute the Finished verify_data and compare it with received in constant time. */
    bool (*check_finished)(const uint8_t *master, bool client, const uint8_t *handshake_hash, const uint8_t *received);
    /** @command Protect a record in place. fragment holds CS_EXPLICIT_LEN bytes of room, plain_len bytes
     * of plaintext, CS_TAG_LEN bytes of room; seq is the record's epoch || sequence number. On E_OK it
     * holds explicit nonce (= seq) || ciphertext || tag, plain_len + CS_RECORD_OVERHEAD bytes. E_SIZE if
     * that length does not fit in uint16_t; E_NOMEM or E_FAIL if the cipher failed (fragment wiped). */
    err_t (*protect)(const struct cs_key *key, uint8_t type, uint16_t version, const uint8_t *seq, uint8_t *fragment, uint16_t plain_len);
    /** @command Verify and decrypt a record in place: fragment (fragment_len bytes) as received,
     * seq the epoch || sequence number of its header. On E_OK the plaintext is at fragment +
     * CS_EXPLICIT_LEN, fragment_len - CS_RECORD_OVERHEAD bytes. E_SIZE if fragment_len <
     * CS_RECORD_OVERHEAD; E_FAIL if authentication fails (no plaintext is left behind); E_NOMEM if the cipher could not get resources. */
    err_t (*unprotect)(const struct cs_key *key, uint8_t type, uint16_t version, const uint8_t *seq, uint8_t *fragment, uint16_t fragment_len);
    // clang-format on
};
#endif
