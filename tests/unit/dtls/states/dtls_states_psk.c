/* dtls_states_psk.c: DtlsStatesPsk, the PskStore of the Dtls state-machine
 * tests: server s knows the identity "alice" and gives the hint the test
 * sets; client c presents the identity the test sets (or none) and records
 * the hint it was given. Both use the key dsx_psk. */
#include <string.h>

#include "interfaces/psk_store.h"
#include "tests/unit/dtls/states/dtls_states.h"

uint16_t DtlsStatesPsk__psk_server__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    uint16_t n = dsx_psk_state.hint ? (uint16_t)strlen(dsx_psk_state.hint) : 0;
    if (n > cap)
        return 0;
    memcpy(hint, dsx_psk_state.hint ? dsx_psk_state.hint : "", n);
    return n;
}

uint8_t DtlsStatesPsk__psk_server__identity(const struct endpoint *peer, const uint8_t *hint,
                                            uint16_t hint_len, uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len, (void)identity;
    return 0;
}

uint8_t DtlsStatesPsk__psk_server__key(const struct endpoint *peer, const uint8_t *identity,
                                       uint8_t identity_len, uint8_t *key)
{
    (void)peer;
    if (identity_len != strlen(DSX_IDENTITY) || memcmp(identity, DSX_IDENTITY, identity_len) != 0)
        return 0;
    memcpy(key, dsx_psk, sizeof dsx_psk);
    return sizeof dsx_psk;
}

uint16_t DtlsStatesPsk__psk_client__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer, (void)hint, (void)cap;
    return 0;
}

uint8_t DtlsStatesPsk__psk_client__identity(const struct endpoint *peer, const uint8_t *hint,
                                            uint16_t hint_len, uint8_t *identity)
{
    (void)peer;
    uint16_t n = hint_len < sizeof dsx_psk_state.seen_hint ? hint_len : sizeof dsx_psk_state.seen_hint;
    if (n)
        memcpy(dsx_psk_state.seen_hint, hint, n);
    dsx_psk_state.seen_hint_len = n;
    if (!dsx_psk_state.identity)
        return 0;
    size_t len = strlen(dsx_psk_state.identity);
    memcpy(identity, dsx_psk_state.identity, len);
    return (uint8_t)len;
}

uint8_t DtlsStatesPsk__psk_client__key(const struct endpoint *peer, const uint8_t *identity,
                                       uint8_t identity_len, uint8_t *key)
{
    (void)peer, (void)identity, (void)identity_len;
    memcpy(key, dsx_psk, sizeof dsx_psk);
    return sizeof dsx_psk;
}
