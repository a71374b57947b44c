/* dtls_states.h: what DtlsStatesTest (the cmocka driver of
 * tests/wirings/dtls_states.wire) and DtlsStatesPsk (the PskStore of its
 * server s and client c) share. Both are in the test image's one
 * translation unit; they are two components because the driver uses the
 * Dtls instances that use the PskStore, a cycle the generator refuses. */
#ifndef DTLS_STATES_H
#define DTLS_STATES_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

/* The one pre-shared key of the tests, known to s, c and the scripted peer. */
static const uint8_t dsx_psk[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
#define DSX_IDENTITY "alice" /* the only identity server s knows */

/* What the PskStore is told and answers. */
struct dsx_psk_state {
    const char *hint;       /* server s's identity hint (NULL: none, no ServerKeyExchange) */
    const char *identity;   /* client c's identity (NULL: none for this peer) */
    uint8_t seen_hint[64];  /* the hint client c was given last */
    uint16_t seen_hint_len; /* 0xFFFF: identity() not called since the test began */
};
static struct dsx_psk_state dsx_psk_state;

#endif
