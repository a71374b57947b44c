/* dtls_interop_psk.c: DtlsInteropPsk, one identity ("client1") and its
 * 16-byte key 000102...0f for both roles, and the hint "hint1": the values
 * of ../shared/docs/interop-peers.md. */
#include <string.h>

#include "interfaces/psk_store.h"

#define DTLSINTEROPPSK_ID "client1"

static const uint8_t dtlsinteroppsk_key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

uint16_t DtlsInteropPsk__psk__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    if (cap < 5)
        return 0;
    memcpy(hint, "hint1", 5);
    return 5;
}

uint8_t DtlsInteropPsk__psk__identity(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len,
                                      uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len;
    memcpy(identity, DTLSINTEROPPSK_ID, sizeof DTLSINTEROPPSK_ID - 1);
    return sizeof DTLSINTEROPPSK_ID - 1;
}

uint8_t DtlsInteropPsk__psk__key(const struct endpoint *peer, const uint8_t *identity, uint8_t identity_len,
                                 uint8_t *key)
{
    (void)peer;
    if (identity_len != sizeof DTLSINTEROPPSK_ID - 1 ||
        memcmp(identity, DTLSINTEROPPSK_ID, identity_len) != 0)
        return 0;
    memcpy(key, dtlsinteroppsk_key, sizeof dtlsinteroppsk_key);
    return sizeof dtlsinteroppsk_key;
}
