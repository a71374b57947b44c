/* dtls_record.h: the DTLS 1.2 record layer without crypto or state (RFC
 * 6347 4.1): record headers parsed from and written to datagrams, several
 * records per datagram, the reasons a record is dropped (counted, never
 * answered: RFC 6347 4.1.2.7), the 64-record anti-replay window (4.1.2.6),
 * and alert and ChangeCipherSpec bodies. Plain functions over small
 * structs, no wires: unit-testable, fuzzable, and shared by both roles.
 *
 * Receiving a datagram:
 *
 *     struct dtls_record_iter it;
 *     struct dtls_record rec;
 *     dtls_record_iter_init(&it, buf, len, &drops);
 *     while (dtls_record_next(&it, &rec)) {
 *         ...  epoch known? dtls_replay_check(); unprotect (CipherSuite);
 *              on success dtls_replay_update(); else dtls_drop(&drops, ...)
 *     }
 *
 * dtls_record_next() returns only records whose header is sound and whose
 * body lies inside the datagram; everything else it counts in `drops` and
 * skips (the rest of the datagram too once the framing is lost). */
#ifndef DTLS_RECORD_H
#define DTLS_RECORD_H
#include "dtls/dtls_wire.h"

#define DTLS_RECORD_HEADER_LEN 13
#define DTLS_RECORD_MAX        (16384u + 2048u) /* TLSCiphertext.length limit (RFC 5246 6.2.3) */
#define DTLS_SEQ_LEN           6                /* a 48-bit sequence number, big-endian as on the wire */
#define DTLS_REPLAY_WINDOW     64

/* Sequence numbers stay in their wire form, 6 big-endian bytes: the MSP430
 * has 16-bit registers, and uint64_t arithmetic there (compare, subtract,
 * shift) is long instruction sequences and library calls, while the byte
 * loops below are a few words each. */

/* One record of a datagram. Pointers are into the datagram. */
struct dtls_record {
    uint8_t type;     /* DTLS_CT_* */
    uint16_t version; /* DTLS_VERSION_1_0 or DTLS_VERSION_1_2 */
    uint16_t epoch;
    const uint8_t *seq;    /* DTLS_SEQ_LEN bytes: header + 5 */
    uint16_t length;       /* of the fragment */
    const uint8_t *header; /* the 13 header bytes; header + 3 is epoch || seq, as CipherSuite wants it */
    const uint8_t *fragment;
};

/* Why records were dropped. The iterator counts the first group; the
 * code that processes records counts the second with dtls_drop(). */
enum dtls_drop_reason {
    DTLS_DROP_TRUNCATED = 0, /* fewer than 13 bytes left for a header */
    DTLS_DROP_OVERRUN,       /* length runs past the datagram (rest of the datagram dropped) */
    DTLS_DROP_TOO_LONG,      /* length above DTLS_RECORD_MAX */
    DTLS_DROP_BAD_TYPE,      /* content type not 20..23 */
    DTLS_DROP_BAD_VERSION,   /* not 0xFEFF or 0xFEFD */
    DTLS_DROP_EMPTY,         /* a zero-length handshake, alert or CCS record (RFC 5246 6.2.1) */
    DTLS_DROP_EPOCH,         /* no keys for the record's epoch */
    DTLS_DROP_REPLAY,        /* seen before, or left of the replay window */
    DTLS_DROP_BAD_MAC,       /* did not authenticate */
    DTLS_DROP_UNEXPECTED,    /* a content type the state does not allow */
    DTLS_DROP_MALFORMED,     /* bad content in an unauthenticated record */
    DTLS_DROP_COUNT
};

/* Drop counters per reason, saturating at 0xFFFF. */
struct dtls_drops {
    uint16_t count[DTLS_DROP_COUNT];
};

void dtls_drop(struct dtls_drops *d, uint8_t reason);

/* ---- parsing ----------------------------------------------------------- */

struct dtls_record_iter {
    struct dtls_rd rd;
    struct dtls_drops *drops; /* by reason; may be NULL */
    uint16_t dropped;         /* records dropped so far, all reasons */
};

void dtls_record_iter_init(struct dtls_record_iter *it, const uint8_t *dgram, uint16_t len,
                           struct dtls_drops *drops);

/* The next sound record of the datagram into *rec: true; false at the end.
 * Unsound records are counted and skipped. */
bool dtls_record_next(struct dtls_record_iter *it, struct dtls_record *rec);

/* ---- building ---------------------------------------------------------- */

/* Write a record header into out[0..13); seq is DTLS_SEQ_LEN bytes and
 * length at most DTLS_RECORD_MAX (the caller's duty). out + 3 is then
 * epoch || seq, the form CipherSuite's protect() takes. */
void dtls_record_header_write(uint8_t *out, uint8_t type, uint16_t version, uint16_t epoch,
                              const uint8_t *seq, uint16_t length);

/* Step a sequence number of ours to the next: false (unchanged) if it is
 * 2^48 - 1, the last one, which is therefore never sent: sequence numbers
 * must not wrap (RFC 6347 4.1), and a peer must renegotiate first, which
 * we refuse. */
bool dtls_seq_next(uint8_t *seq);

/* ---- anti-replay window (RFC 6347 4.1.2.6) ----------------------------- */

/* Per epoch: top is the highest sequence number received, and bit s mod 64
 * of seen (bit s & 7 of byte (s >> 3) & 7) is set if record s, for s in
 * top - 63 .. top, was received: a ring, so sliding the window clears the
 * bits it enters rather than shifting all of them. All zero means none
 * yet (once one is, top's bit stays set). 14 bytes. */
struct dtls_replay {
    uint8_t top[DTLS_SEQ_LEN];
    uint8_t seen[DTLS_REPLAY_WINDOW / 8];
};

void dtls_replay_reset(struct dtls_replay *w);
/* True if seq (DTLS_SEQ_LEN bytes) may be processed: not received yet and
 * not left of the window (top - 63 .. top, or anything above top). The
 * window is unchanged. */
bool dtls_replay_check(const struct dtls_replay *w, const uint8_t *seq);
/* Mark seq received, sliding the window if seq > top. Call only once the
 * record authenticated: a forged sequence number must not move it. */
void dtls_replay_update(struct dtls_replay *w, const uint8_t *seq);

/* ---- small bodies ------------------------------------------------------ */

/* An alert body: exactly 2 bytes, level 1 or 2. False if malformed. */
bool dtls_alert_parse(const uint8_t *body, uint16_t len, uint8_t *level, uint8_t *desc);
void dtls_alert_write(uint8_t *out, uint8_t level, uint8_t desc);
/* A ChangeCipherSpec body: exactly the one byte 1. */
bool dtls_ccs_valid(const uint8_t *body, uint16_t len);

#endif
