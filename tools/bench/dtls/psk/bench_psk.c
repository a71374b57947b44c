/* bench_psk.c: BenchPsk, the PskStore of the DTLS bench images: identity
 * "client1" with the 16-byte key 000102...0f (the values of
 * ../shared/docs/interop-peers.md), both roles, no hint. */
#include <string.h>

#include "interfaces/psk_store.h"
#include "lib/ct.h"

#define BENCHPSK_ID     "client1"
#define BENCHPSK_ID_LEN ((uint8_t)(sizeof BENCHPSK_ID - 1))

static const uint8_t benchpsk_key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

uint16_t BenchPsk__psk__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer, (void)hint, (void)cap;
    return 0;
}

uint8_t BenchPsk__psk__identity(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len,
                                uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len;
    memcpy(identity, BENCHPSK_ID, BENCHPSK_ID_LEN);
    return BENCHPSK_ID_LEN;
}

uint8_t BenchPsk__psk__key(const struct endpoint *peer, const uint8_t *identity, uint8_t identity_len,
                           uint8_t *key)
{
    (void)peer;
    if (identity_len != BENCHPSK_ID_LEN || !ct_equal(identity, BENCHPSK_ID, BENCHPSK_ID_LEN))
        return 0;
    memcpy(key, benchpsk_key, sizeof benchpsk_key);
    return (uint8_t)sizeof benchpsk_key;
}
