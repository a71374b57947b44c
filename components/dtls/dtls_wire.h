/* dtls_wire.h: the numbers of DTLS 1.2 (RFC 6347 over RFC 5246) that the
 * record and handshake code shares, and the two byte cursors every parser
 * and builder uses.
 *
 * The cursors read and write big-endian integers a byte at a time with
 * explicit shifts: no unaligned or type-punned access, identical on the
 * MSP430 and the host. A reader that runs past its end, or a writer past
 * its capacity, goes into a sticky failed state: every later read returns
 * zero (or NULL) and every later write does nothing, so a parser checks
 * `ok` once at the end of a structure instead of after each field, and
 * never touches a byte outside its buffer. Lengths are uint16_t: a DTLS
 * record, and every buffer of this stack, is shorter than 64 KB. */
#ifndef DTLS_WIRE_H
#define DTLS_WIRE_H
#include "interfaces/types.h"

/* ContentType (RFC 5246 6.2.1). */
enum {
    DTLS_CT_CHANGE_CIPHER_SPEC = 20,
    DTLS_CT_ALERT = 21,
    DTLS_CT_HANDSHAKE = 22,
    DTLS_CT_APPLICATION_DATA = 23
};

/* ProtocolVersion: DTLS counts down (1's complement of 1.0, 1.2). */
#define DTLS_VERSION_1_0   0xFEFFu
#define DTLS_VERSION_1_2   0xFEFDu
#define DTLS_VERSION_MAJOR 0xFEu

/* HandshakeType (RFC 5246 7.4, RFC 6347 4.3.2, RFC 5077). */
enum {
    DTLS_HT_HELLO_REQUEST = 0,
    DTLS_HT_CLIENT_HELLO = 1,
    DTLS_HT_SERVER_HELLO = 2,
    DTLS_HT_HELLO_VERIFY_REQUEST = 3,
    DTLS_HT_NEW_SESSION_TICKET = 4,
    DTLS_HT_CERTIFICATE = 11,
    DTLS_HT_SERVER_KEY_EXCHANGE = 12,
    DTLS_HT_CERTIFICATE_REQUEST = 13,
    DTLS_HT_SERVER_HELLO_DONE = 14,
    DTLS_HT_CERTIFICATE_VERIFY = 15,
    DTLS_HT_CLIENT_KEY_EXCHANGE = 16,
    DTLS_HT_FINISHED = 20
};

/* AlertLevel and AlertDescription (RFC 5246 7.2, RFC 4279, RFC 5746). */
enum { DTLS_ALERT_WARNING = 1, DTLS_ALERT_FATAL = 2 };
enum {
    DTLS_ALERT_CLOSE_NOTIFY = 0,
    DTLS_ALERT_UNEXPECTED_MESSAGE = 10,
    DTLS_ALERT_BAD_RECORD_MAC = 20,
    DTLS_ALERT_RECORD_OVERFLOW = 22,
    DTLS_ALERT_HANDSHAKE_FAILURE = 40,
    DTLS_ALERT_ILLEGAL_PARAMETER = 47,
    DTLS_ALERT_DECODE_ERROR = 50,
    DTLS_ALERT_DECRYPT_ERROR = 51,
    DTLS_ALERT_PROTOCOL_VERSION = 70,
    DTLS_ALERT_INSUFFICIENT_SECURITY = 71,
    DTLS_ALERT_INTERNAL_ERROR = 80,
    DTLS_ALERT_NO_RENEGOTIATION = 100,
    DTLS_ALERT_UNSUPPORTED_EXTENSION = 110,
    DTLS_ALERT_UNKNOWN_PSK_IDENTITY = 115
};

/* What a handshake parser returns when the input is acceptable. Any other
 * value is the AlertDescription to send (close_notify is never one). */
#define DTLS_OK 0u

/* Cipher suites and extensions (IANA TLS registries). */
#define DTLS_PSK_WITH_AES_128_CCM_8        0xC0A8u
#define DTLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00FFu
#define DTLS_EXT_EXTENDED_MASTER_SECRET    23u
#define DTLS_EXT_RENEGOTIATION_INFO        0xFF01u
#define DTLS_COMPRESSION_NULL              0u

#define DTLS_RANDOM_LEN     32
#define DTLS_SESSION_ID_MAX 32
#ifndef DTLS_COOKIE_MAX
#define DTLS_COOKIE_MAX 32 /* our cookies, and the longest a client of ours keeps (RFC 6347 allows 255) */
#endif

/* ---- code size ------------------------------------------------------------ */

/* The cursor functions are called from a few hundred places. On the host
 * they stay inline (and the constant byte counts unroll their loops); on
 * the MSP430 each is one out-of-line copy: the application is one
 * translation unit (docs/wiring.md), so `static` there means exactly one
 * copy, and inlining them everywhere cost about 1.5 KB of flash. */
#if defined(__MSP430__)
#define DTLS_WIRE_FN static __attribute__((noinline, unused))
#else
#define DTLS_WIRE_FN static inline
#endif

/* ---- big-endian integers at a pointer -------------------------------------- */

/* n (1..4) bytes at p, most significant first. */
DTLS_WIRE_FN uint32_t dtls_get_be(const uint8_t *p, uint8_t n)
{
    uint32_t v = 0;
    for (uint8_t i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* The low n (1..4) bytes of v at p, most significant first. */
DTLS_WIRE_FN void dtls_put_be(uint8_t *p, uint32_t v, uint8_t n)
{
    while (n-- > 0) {
        p[n] = (uint8_t)v;
        v >>= 8;
    }
}

static inline uint16_t dtls_get_u16(const uint8_t *p)
{
    return (uint16_t)dtls_get_be(p, 2);
}

static inline uint32_t dtls_get_u24(const uint8_t *p)
{
    return dtls_get_be(p, 3);
}

/* 48-bit sequence numbers as integers, for tests and tools: the record
 * layer keeps them as their 6 bytes (dtls_record.h). */
static inline uint64_t dtls_get_u48(const uint8_t *p)
{
    return ((uint64_t)dtls_get_be(p, 2) << 32) | dtls_get_be(p + 2, 4);
}

static inline void dtls_put_u16(uint8_t *p, uint16_t v)
{
    dtls_put_be(p, v, 2);
}

static inline void dtls_put_u24(uint8_t *p, uint32_t v)
{
    dtls_put_be(p, v, 3);
}

static inline void dtls_put_u48(uint8_t *p, uint64_t v)
{
    dtls_put_be(p, (uint32_t)(v >> 32), 2);
    dtls_put_be(p + 2, (uint32_t)v, 4);
}

/* ---- reader ----------------------------------------------------------------- */

struct dtls_rd {
    const uint8_t *p;
    uint16_t len;
    uint16_t pos;
    bool ok; /* false once a read ran past len: everything after reads as 0 */
};

DTLS_WIRE_FN void dtls_rd_init(struct dtls_rd *r, const uint8_t *p, uint16_t len)
{
    r->p = p;
    r->len = p ? len : 0;
    r->pos = 0;
    r->ok = true;
}

DTLS_WIRE_FN uint16_t dtls_rd_left(const struct dtls_rd *r)
{
    return r->ok ? (uint16_t)(r->len - r->pos) : 0;
}

/* The next n bytes, or NULL (and the reader failed) if fewer are left. For
 * n == 0 a pointer to the current position (NULL only for an empty input). */
DTLS_WIRE_FN const uint8_t *dtls_rd_take(struct dtls_rd *r, uint16_t n)
{
    if (!r->ok || n > r->len - r->pos) {
        r->ok = false;
        return NULL;
    }
    const uint8_t *q = r->p ? r->p + r->pos : NULL;
    r->pos = (uint16_t)(r->pos + n);
    return q;
}

/* An n-byte (1..4) big-endian integer, or 0 (and the reader failed). */
DTLS_WIRE_FN uint32_t dtls_rd_be(struct dtls_rd *r, uint8_t n)
{
    const uint8_t *q = dtls_rd_take(r, n);
    return q ? dtls_get_be(q, n) : 0;
}

static inline uint8_t dtls_rd_u8(struct dtls_rd *r)
{
    return (uint8_t)dtls_rd_be(r, 1);
}

static inline uint16_t dtls_rd_u16(struct dtls_rd *r)
{
    return (uint16_t)dtls_rd_be(r, 2);
}

static inline uint32_t dtls_rd_u24(struct dtls_rd *r)
{
    return dtls_rd_be(r, 3);
}

/* ---- writer ----------------------------------------------------------------- */

struct dtls_wr {
    uint8_t *p;
    uint16_t cap;
    uint16_t len;
    bool ok; /* false once a write did not fit: nothing more is written */
};

DTLS_WIRE_FN void dtls_wr_init(struct dtls_wr *w, uint8_t *p, uint16_t cap)
{
    w->p = p;
    w->cap = p ? cap : 0;
    w->len = 0;
    w->ok = true;
}

/* Room for n more bytes at the end, or NULL (and the writer failed). */
DTLS_WIRE_FN uint8_t *dtls_wr_room(struct dtls_wr *w, uint16_t n)
{
    if (!w->ok || n > w->cap - w->len) {
        w->ok = false;
        return NULL;
    }
    uint8_t *q = w->p ? w->p + w->len : NULL;
    w->len = (uint16_t)(w->len + n);
    return q;
}

/* The low n (1..4) bytes of v, big-endian, if they fit. */
DTLS_WIRE_FN void dtls_wr_be(struct dtls_wr *w, uint32_t v, uint8_t n)
{
    uint8_t *q = dtls_wr_room(w, n);
    if (q)
        dtls_put_be(q, v, n);
}

static inline void dtls_wr_u8(struct dtls_wr *w, uint8_t v)
{
    dtls_wr_be(w, v, 1);
}

static inline void dtls_wr_u16(struct dtls_wr *w, uint16_t v)
{
    dtls_wr_be(w, v, 2);
}

static inline void dtls_wr_u24(struct dtls_wr *w, uint32_t v)
{
    dtls_wr_be(w, v, 3);
}

DTLS_WIRE_FN void dtls_wr_bytes(struct dtls_wr *w, const uint8_t *src, uint16_t n)
{
    uint8_t *q = dtls_wr_room(w, n);
    for (uint16_t i = 0; q && i < n; i++)
        q[i] = src[i];
}

/* Patch a 16-bit length written earlier at offset `at` with the bytes
 * written since its end (for vectors whose length is known only after). */
static inline void dtls_wr_patch_len16(struct dtls_wr *w, uint16_t at)
{
    if (w->ok)
        dtls_put_u16(w->p + at, (uint16_t)(w->len - at - 2u));
}

#endif
