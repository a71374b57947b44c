/* dtls_hello.h: the hello messages of a DTLS 1.2 PSK handshake (RFC 5246
 * 7.4.1, RFC 6347 4.2.1, RFC 7627, RFC 5746), parsed and built as message
 * bodies (no handshake header): ClientHello, ServerHello and
 * HelloVerifyRequest. No state and no crypto: parsers check syntax and
 * report what was offered; the *_check() functions apply our policy
 * (DTLS 1.2 only, TLS_PSK_WITH_AES_128_CCM_8, null compression) and name
 * the alert to send when it is not met.
 *
 * Parsed structs point into the body; they stay valid as long as it does.
 * The builders take the same structs, so what one parses the other can
 * rebuild (tests and fuzzers round-trip through both). */
#ifndef DTLS_HELLO_H
#define DTLS_HELLO_H
#include "dtls/dtls_wire.h"

/* What a hello carries, as flags. */
enum {
    DTLS_HELLO_CCM8 = 0x01,       /* ClientHello: 0xC0A8 is among the cipher suites */
    DTLS_HELLO_NULL_COMP = 0x02,  /* ClientHello: null compression is offered */
    DTLS_HELLO_SCSV = 0x04,       /* ClientHello: TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.3) */
    DTLS_HELLO_EMS = 0x08,        /* extended_master_secret extension (RFC 7627) */
    DTLS_HELLO_RENEG_INFO = 0x10, /* renegotiation_info extension, empty (initial handshake) */
    DTLS_HELLO_OTHER_EXT = 0x20   /* any other extension (ignored in a ClientHello) */
};

struct dtls_client_hello {
    uint16_t version;      /* client_version */
    const uint8_t *random; /* DTLS_RANDOM_LEN bytes */
    const uint8_t *session_id;
    uint8_t session_id_len; /* 0..32 */
    const uint8_t *cookie;
    uint8_t cookie_len;    /* 0..255 on the wire; ours are at most DTLS_COOKIE_MAX */
    const uint8_t *suites; /* suites_len bytes, two per suite */
    uint16_t suites_len;
    uint8_t compression_len; /* methods offered */
    uint8_t flags;           /* DTLS_HELLO_* */
    uint16_t cookie_at;      /* offset of the cookie's length byte in the body */
    uint16_t cookie_end;     /* offset just past the cookie */
    uint16_t body_len;
};

struct dtls_server_hello {
    uint16_t version;
    const uint8_t *random;
    const uint8_t *session_id;
    uint8_t session_id_len;
    uint16_t suite;
    uint8_t compression;
    uint8_t flags; /* DTLS_HELLO_EMS, _RENEG_INFO, _OTHER_EXT */
};

struct dtls_hello_verify {
    uint16_t version; /* 0xFEFF or 0xFEFD (RFC 6347 4.2.1: servers should send 1.0) */
    const uint8_t *cookie;
    uint8_t cookie_len; /* at most DTLS_COOKIE_MAX */
};

/* ---- ClientHello ------------------------------------------------------- */

/* Syntax: DTLS_OK, or decode_error (lengths that do not add up, a session
 * id over 32 bytes, an odd or empty suite list, no compression method,
 * trailing bytes, a malformed extension or known extension body),
 * illegal_parameter (a known extension twice), handshake_failure (a
 * non-empty renegotiation_info: RFC 5746 3.6). Unknown extensions are
 * skipped. A cookie longer than DTLS_COOKIE_MAX parses: it is not ours. */
uint8_t dtls_client_hello_parse(const uint8_t *body, uint16_t len, struct dtls_client_hello *ch);
/* Our server's policy: DTLS_OK, or protocol_version (not DTLS, or older
 * than 1.2), handshake_failure (no 0xC0A8), illegal_parameter (no null
 * compression; RFC 5246 names no alert, RFC 8446 4.1.2 this one). */
uint8_t dtls_client_hello_check(const struct dtls_client_hello *ch);
/* The bytes a stateless cookie covers are the body without the cookie
 * (RFC 6347 4.2.1): body[0..cookie_at) and body[cookie_end..body_len). */

/* Build: client_version 1.2, ch->random, ch->session_id, ch->cookie,
 * suites {0xC0A8} plus the SCSV if DTLS_HELLO_SCSV, null compression, and
 * the extensions in ch->flags (EMS, RENEG_INFO). Returns the length, or 0
 * if cap is too small or the session id or cookie too long. */
uint16_t dtls_client_hello_build(uint8_t *out, uint16_t cap, const struct dtls_client_hello *ch);

/* ---- ServerHello ------------------------------------------------------- */

/* Syntax as for the ClientHello (decode_error, illegal_parameter,
 * handshake_failure); any other extension sets DTLS_HELLO_OTHER_EXT. */
uint8_t dtls_server_hello_parse(const uint8_t *body, uint16_t len, struct dtls_server_hello *sh);
/* Our client's policy, given the DTLS_HELLO_EMS/_RENEG_INFO/_SCSV flags we
 * offered (and _OTHER_EXT if we offered extensions we do not track, as the
 * peers in the captures do): DTLS_OK, or protocol_version (not 1.2), illegal_parameter (a
 * suite other than 0xC0A8 or compression other than null: RFC 5246 7.4.1.3
 * forbids picking what was not offered), unsupported_extension (an
 * extension we did not offer, RFC 5246 7.4.1.4). */
uint8_t dtls_server_hello_check(const struct dtls_server_hello *sh, uint8_t offered);
/* Build: version 1.2, sh->random, sh->session_id, 0xC0A8, null
 * compression, the extensions in sh->flags (EMS, RENEG_INFO). */
uint16_t dtls_server_hello_build(uint8_t *out, uint16_t cap, const struct dtls_server_hello *sh);

/* ---- HelloVerifyRequest ------------------------------------------------ */

/* DTLS_OK, decode_error (lengths), protocol_version (not 0xFEFF/0xFEFD),
 * illegal_parameter (a cookie longer than DTLS_COOKIE_MAX, or empty). */
uint8_t dtls_hello_verify_parse(const uint8_t *body, uint16_t len, struct dtls_hello_verify *hv);
/* Build with server_version 1.0, as RFC 6347 4.2.1 recommends. */
uint16_t dtls_hello_verify_build(uint8_t *out, uint16_t cap, const uint8_t *cookie, uint8_t cookie_len);

#endif
