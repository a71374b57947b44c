/* crypto.c: Crypto, the CipherSuite for TLS_PSK_WITH_AES_128_CCM_8 in
 * DTLS 1.2.
 *
 * Key schedule (RFC 5246 sections 5, 6.3, 7.4.9, 8.1; RFC 4279 section 2;
 * RFC 7627 section 4): the PRF is P_SHA256 over Mac; the PSK pre-master
 * secret is uint16 N || N zero bytes || uint16 N || psk; the master secret
 * is 48 bytes of PRF(pms, "master secret", client_random + server_random)
 * or, with the extended master secret, of PRF(pms, "extended master
 * secret", session_hash); the key block is PRF(master, "key expansion",
 * server_random + client_random) cut into client_write_key,
 * server_write_key (16 each), client_write_IV, server_write_IV (4 each:
 * this suite has no MAC keys); Finished is 12 bytes of PRF(master,
 * "client finished" or "server finished", Hash(handshake_messages)).
 *
 * Records (RFC 5246 section 6.2.3.3 with RFC 6347's 64-bit epoch ||
 * sequence number; RFC 6655 section 3): the CCM nonce is the 4-byte
 * salt (write IV) || the 8-byte explicit nonce carried in front of the
 * ciphertext, which we set to epoch || sequence number, and the
 * additional data is epoch || seq (8) || type (1) || version (2) ||
 * plaintext length (2). The tag is 8 bytes. unprotect() takes the nonce
 * from the record, as the receiver must.
 *
 * The AES key is expanded per record into a context on the stack and
 * forgotten at once: no RAM per peer beyond the raw 20 bytes per direction,
 * at the price of one key expansion per record. Every secret temporary
 * (pre-master secret, PRF blocks, key block) is wiped; Finished is checked
 * in constant time. */
#include "interfaces/aead.h"
#include "interfaces/cipher_suite.h"
#include "interfaces/mac.h"
#include "lib/ct.h"
#include "lib/wipe.h"
#include <string.h>

enum {
    CRYPTO_NONCE_LEN = CS_SALT_LEN + CS_EXPLICIT_LEN,
    CRYPTO_AAD_LEN = CS_SEQ_LEN + 1 + 2 + 2,
    CRYPTO_KEY_BLOCK_LEN = 2 * CS_KEY_LEN + 2 * CS_SALT_LEN
};

/* The TLS 1.2 PRF (RFC 5246 section 5) with P_SHA256, for a seed given in
 * up to two parts (client_random + server_random and the like need no
 * concatenation buffer): A(0) = label || seed, A(i) = HMAC(secret, A(i-1)),
 * output HMAC(secret, A(i) || label || seed) for i = 1, 2, ... One HMAC
 * context keyed once serves every block. */
static void crypto_prf(const uint8_t *secret, uint16_t secret_len, const char *label, const uint8_t *s1,
                       uint16_t l1, const uint8_t *s2, uint16_t l2, uint8_t *out, uint16_t out_len)
{
    struct mac_ctx ctx;
    uint8_t a[MAC_LEN],
        block[MAC_LEN] = {0}; /* (= {0}: the stubbed Mac of the components build writes nothing) */
    uint16_t label_len = (uint16_t)strlen(label);
    Crypto__mac__init(&ctx, secret, secret_len);
    Crypto__mac__update(&ctx, (const uint8_t *)label, label_len);
    Crypto__mac__update(&ctx, s1, l1);
    Crypto__mac__update(&ctx, s2, l2);
    Crypto__mac__final(&ctx, a); /* A(1) */
    for (;;) {
        Crypto__mac__update(&ctx, a, MAC_LEN);
        Crypto__mac__update(&ctx, (const uint8_t *)label, label_len);
        Crypto__mac__update(&ctx, s1, l1);
        Crypto__mac__update(&ctx, s2, l2);
        uint16_t n = out_len < MAC_LEN ? out_len : MAC_LEN;
        if (n == MAC_LEN) {
            Crypto__mac__final(&ctx, out);
        } else {
            Crypto__mac__final(&ctx, block);
            memcpy(out, block, n);
        }
        out += n;
        out_len = (uint16_t)(out_len - n);
        if (out_len == 0)
            break;
        Crypto__mac__update(&ctx, a, MAC_LEN);
        Crypto__mac__final(&ctx, a); /* A(i+1) */
    }
    Crypto__mac__clear(&ctx);
    wipe(a, sizeof a);
    wipe(block, sizeof block);
}

err_t Crypto__suite__prf(const uint8_t *secret, uint16_t secret_len, const char *label, const uint8_t *seed,
                         uint16_t seed_len, uint8_t *out, uint16_t out_len)
{
    if (!label)
        return E_INVAL;
    if (out_len)
        crypto_prf(secret, secret_len, label, seed, seed_len, NULL, 0, out, out_len);
    return E_OK;
}

err_t Crypto__suite__psk_premaster(const uint8_t *psk, uint16_t psk_len, uint8_t *pms)
{
    if (psk_len < 1 || psk_len > CS_PSK_MAX)
        return E_SIZE;
    pms[0] = (uint8_t)(psk_len >> 8);
    pms[1] = (uint8_t)psk_len;
    memset(pms + 2, 0, psk_len);
    pms[2 + psk_len] = (uint8_t)(psk_len >> 8);
    pms[3 + psk_len] = (uint8_t)psk_len;
    memcpy(pms + 4 + psk_len, psk, psk_len);
    return E_OK;
}

/* master = PRF(pms(psk), label, s1 + s2), the pre-master secret wiped. */
static err_t crypto_master(const uint8_t *psk, uint16_t psk_len, const char *label, const uint8_t *s1,
                           uint16_t l1, const uint8_t *s2, uint16_t l2, uint8_t *master)
{
    uint8_t pms[CS_PMS_MAX];
    err_t r = Crypto__suite__psk_premaster(psk, psk_len, pms);
    if (r == E_OK)
        crypto_prf(pms, (uint16_t)(2 * psk_len + 4), label, s1, l1, s2, l2, master, CS_MASTER_LEN);
    wipe(pms, sizeof pms);
    return r;
}

err_t Crypto__suite__master_secret(const uint8_t *psk, uint16_t psk_len, const uint8_t *client_random,
                                   const uint8_t *server_random, uint8_t *master)
{
    return crypto_master(psk, psk_len, "master secret", client_random, CS_RANDOM_LEN, server_random,
                         CS_RANDOM_LEN, master);
}

err_t Crypto__suite__extended_master_secret(const uint8_t *psk, uint16_t psk_len, const uint8_t *session_hash,
                                            uint8_t *master)
{
    return crypto_master(psk, psk_len, "extended master secret", session_hash, CS_SESSION_HASH_LEN, NULL, 0,
                         master);
}

void Crypto__suite__key_block(const uint8_t *master, const uint8_t *client_random,
                              const uint8_t *server_random, struct cs_keys *keys)
{
    uint8_t kb[CRYPTO_KEY_BLOCK_LEN];
    crypto_prf(master, CS_MASTER_LEN, "key expansion", server_random, CS_RANDOM_LEN, client_random,
               CS_RANDOM_LEN, kb, sizeof kb);
    memcpy(keys->client.key, kb, CS_KEY_LEN);
    memcpy(keys->server.key, kb + CS_KEY_LEN, CS_KEY_LEN);
    memcpy(keys->client.salt, kb + 2 * CS_KEY_LEN, CS_SALT_LEN);
    memcpy(keys->server.salt, kb + 2 * CS_KEY_LEN + CS_SALT_LEN, CS_SALT_LEN);
    wipe(kb, sizeof kb);
}

void Crypto__suite__finished(const uint8_t *master, bool client, const uint8_t *handshake_hash,
                             uint8_t *verify_data)
{
    crypto_prf(master, CS_MASTER_LEN, client ? "client finished" : "server finished", handshake_hash,
               CS_SESSION_HASH_LEN, NULL, 0, verify_data, CS_VERIFY_LEN);
}

bool Crypto__suite__check_finished(const uint8_t *master, bool client, const uint8_t *handshake_hash,
                                   const uint8_t *received)
{
    uint8_t mine[CS_VERIFY_LEN];
    Crypto__suite__finished(master, client, handshake_hash, mine);
    bool ok = ct_equal(mine, received, CS_VERIFY_LEN);
    wipe(mine, sizeof mine);
    return ok;
}

/* The CCM nonce (salt || explicit) and the TLS additional data. */
static void crypto_nonce_aad(const struct cs_key *key, const uint8_t *explicit_nonce, const uint8_t *seq,
                             uint8_t type, uint16_t version, uint16_t len, uint8_t *nonce, uint8_t *aad)
{
    memcpy(nonce, key->salt, CS_SALT_LEN);
    memcpy(nonce + CS_SALT_LEN, explicit_nonce, CS_EXPLICIT_LEN);
    memcpy(aad, seq, CS_SEQ_LEN);
    aad[CS_SEQ_LEN] = type;
    aad[CS_SEQ_LEN + 1] = (uint8_t)(version >> 8);
    aad[CS_SEQ_LEN + 2] = (uint8_t)version;
    aad[CS_SEQ_LEN + 3] = (uint8_t)(len >> 8);
    aad[CS_SEQ_LEN + 4] = (uint8_t)len;
}

err_t Crypto__suite__protect(const struct cs_key *key, uint8_t type, uint16_t version, const uint8_t *seq,
                             uint8_t *fragment, uint16_t plain_len)
{
    if (plain_len > UINT16_MAX - CS_RECORD_OVERHEAD)
        return E_SIZE;
    uint8_t nonce[CRYPTO_NONCE_LEN], aad[CRYPTO_AAD_LEN];
    struct aead_ctx ctx;
    memcpy(fragment, seq, CS_EXPLICIT_LEN);
    crypto_nonce_aad(key, seq, seq, type, version, plain_len, nonce, aad);
    err_t r = Crypto__aead__set_key(&ctx, key->key, CS_KEY_LEN);
    if (r == E_OK) {
        r = Crypto__aead__seal(&ctx, nonce, CRYPTO_NONCE_LEN, aad, CRYPTO_AAD_LEN, fragment + CS_EXPLICIT_LEN,
                               plain_len, fragment + CS_EXPLICIT_LEN + plain_len, CS_TAG_LEN);
        Crypto__aead__forget(&ctx);
    }
    if (r != E_OK) {
        wipe(fragment, (size_t)plain_len + CS_RECORD_OVERHEAD);
        r = r == E_NOMEM ? E_NOMEM : E_FAIL;
    }
    return r;
}

err_t Crypto__suite__unprotect(const struct cs_key *key, uint8_t type, uint16_t version, const uint8_t *seq,
                               uint8_t *fragment, uint16_t fragment_len)
{
    if (fragment_len < CS_RECORD_OVERHEAD)
        return E_SIZE;
    uint16_t len = (uint16_t)(fragment_len - CS_RECORD_OVERHEAD);
    uint8_t nonce[CRYPTO_NONCE_LEN], aad[CRYPTO_AAD_LEN];
    struct aead_ctx ctx;
    crypto_nonce_aad(key, fragment, seq, type, version, len, nonce, aad);
    err_t r = Crypto__aead__set_key(&ctx, key->key, CS_KEY_LEN);
    if (r == E_OK) {
        r = Crypto__aead__open(&ctx, nonce, CRYPTO_NONCE_LEN, aad, CRYPTO_AAD_LEN, fragment + CS_EXPLICIT_LEN,
                               len, fragment + CS_EXPLICIT_LEN + len, CS_TAG_LEN);
        Crypto__aead__forget(&ctx);
    }
    if (r != E_OK) {
        wipe(fragment + CS_EXPLICIT_LEN, len); /* Aead.open zeroes it too: this also covers E_NOMEM */
        r = r == E_NOMEM ? E_NOMEM : E_FAIL;
    }
    return r;
}
