/* dtls_handshake.h: DTLS 1.2 handshake message framing (RFC 6347 4.2.2,
 * 4.2.3) without state or crypto: the 12-byte header of each handshake
 * fragment, the fragments packed in one record, and reassembly of
 * fragmented and reordered messages in bounded memory.
 *
 * Receiving: a handshake record's plaintext is walked with dtls_hs_next();
 * each fragment goes to the inbox, which delivers messages strictly in
 * message_seq order:
 *
 *     struct dtls_hs_iter hi;
 *     struct dtls_hs_fragment f;
 *     struct dtls_hs_msg m;
 *     uint8_t alert;
 *     dtls_hs_iter_init(&hi, rec.fragment, rec.length);
 *     while (dtls_hs_next(&hi, &f, &alert)) {
 *         switch (dtls_inbox_put(&inbox, &f, &m, &alert)) {
 *         case DTLS_IN_READY:     // m is message next_seq, complete
 *             do { process(&m); } while (dtls_inbox_advance(&inbox, &m));
 *             break;
 *         case DTLS_IN_OLD:       // the peer retransmitted its previous flight
 *         ...
 *
 * The inbox has N reassembly slots (the caller's storage, sized by a
 * wiring parameter): messages next_seq .. next_seq + N - 1 are accepted,
 * whole or in fragments, in any order, with overlaps and duplicates; a
 * message that arrives whole and in turn is delivered straight from the
 * record without a copy. Each slot keeps one message body of up to `cap`
 * bytes and a bitmap of the bytes received (cap / 8 bytes): a message
 * longer than cap is refused with an alert, never truncated. */
#ifndef DTLS_HANDSHAKE_H
#define DTLS_HANDSHAKE_H
#include "dtls/dtls_wire.h"

#define DTLS_HS_HEADER_LEN 12

/* One handshake fragment as it appears in a record. */
struct dtls_hs_fragment {
    uint8_t type;    /* DTLS_HT_* */
    uint32_t length; /* of the whole message body (24 bits) */
    uint16_t message_seq;
    uint32_t offset;     /* fragment_offset (24 bits) */
    uint16_t frag_len;   /* fragment_length: at most the record's length */
    const uint8_t *body; /* frag_len bytes, into the record */
};

/* A complete message body. */
struct dtls_hs_msg {
    uint8_t type;
    uint16_t message_seq;
    uint16_t length;
    const uint8_t *body; /* into the record (zero copy) or a reassembly slot */
};

/* ---- fragments in a record ---------------------------------------------- */

struct dtls_hs_iter {
    struct dtls_rd rd;
};

void dtls_hs_iter_init(struct dtls_hs_iter *it, const uint8_t *plain, uint16_t len);

/* The next fragment into *f: true. False at the end (*alert = DTLS_OK) or
 * for a malformed one (*alert = decode_error; the rest is not parsed): a
 * header cut short, a fragment running past the record, or one that ends
 * beyond its message's length. */
bool dtls_hs_next(struct dtls_hs_iter *it, struct dtls_hs_fragment *f, uint8_t *alert);

/* Write a handshake header into out[0..12). For the transcript hash (RFC
 * 6347 4.2.6) write it as if unfragmented: offset 0, frag_len = length. */
void dtls_hs_header_write(uint8_t *out, uint8_t type, uint32_t length, uint16_t message_seq, uint32_t offset,
                          uint32_t frag_len);

/* ---- reassembly of one message ------------------------------------------ */

#define DTLS_REASM_MAP_LEN(cap) (((cap) + 7u) / 8u)

/* A slot: this header, then its buffer (cap bytes) and bitmap
 * (DTLS_REASM_MAP_LEN(cap) bytes: bit i set = byte i received), in
 * DTLS_REASM_SIZE(cap) bytes in all. No pointers: a handshake holds two
 * slots, and on a 64-bit host two pointers each would double the header. */
struct dtls_reasm {
    uint16_t cap;
    uint16_t length; /* of the message (from its first fragment) */
    uint16_t have;   /* distinct bytes received */
    uint16_t message_seq;
    uint8_t type;
    bool busy; /* holds (part of) a message */
};

/* A slot's bytes, rounded up to keep the next one's header aligned. */
#define DTLS_REASM_SIZE(cap)                                                                                 \
    ((sizeof(struct dtls_reasm) + (cap) + DTLS_REASM_MAP_LEN(cap) + _Alignof(struct dtls_reasm) - 1u) &      \
     ~(size_t)(_Alignof(struct dtls_reasm) - 1u))

/* The slot's buffer: the message so far. */
static inline uint8_t *dtls_reasm_buf(struct dtls_reasm *r)
{
    return (uint8_t *)(r + 1);
}

/* r must start DTLS_REASM_SIZE(cap) bytes of memory, aligned for it. */
void dtls_reasm_init(struct dtls_reasm *r, uint16_t cap);
/* Forget the message (the buffer is not wiped: handshake messages are public). */
void dtls_reasm_clear(struct dtls_reasm *r);
/* Add a fragment: to a free slot it starts a message; to a busy one it
 * must be of the same message_seq. DTLS_OK, or illegal_parameter if its
 * type or length differ from the first fragment's or the message is longer
 * than cap (refused whole, as OpenSSL does for an oversized message). */
uint8_t dtls_reasm_add(struct dtls_reasm *r, const struct dtls_hs_fragment *f);
bool dtls_reasm_complete(const struct dtls_reasm *r);

/* ---- in-order delivery --------------------------------------------------- */

struct dtls_inbox {
    struct dtls_reasm *slot; /* the first of nslots slots, each DTLS_REASM_SIZE(cap) bytes */
    uint8_t nslots;
    uint16_t next_seq; /* the message_seq delivered next */
};

/* What dtls_inbox_put() did with a fragment. */
enum dtls_in_result {
    DTLS_IN_READY = 0, /* *m is message next_seq, complete: process it, then dtls_inbox_advance() */
    DTLS_IN_PENDING,   /* stored; its message is incomplete or not next */
    DTLS_IN_OLD,       /* message_seq < next_seq: a retransmission of a message already processed */
    DTLS_IN_FUTURE,    /* dropped, the peer's retransmission brings it again: message_seq beyond
                        * next_seq + nslots - 1, or a whole early message larger than a slot */
    DTLS_IN_ERROR      /* *alert says why; the handshake must fail */
};

/* slots: nslots * DTLS_REASM_SIZE(cap) bytes, aligned for struct dtls_reasm. */
void dtls_inbox_init(struct dtls_inbox *in, void *slots, uint8_t nslots, uint16_t cap, uint16_t next_seq);
/* Clear every slot and expect next_seq (e.g. 0 after a HelloVerifyRequest
 * exchange restarts the server's numbering at the second ClientHello's). */
void dtls_inbox_reset(struct dtls_inbox *in, uint16_t next_seq);
uint8_t dtls_inbox_put(struct dtls_inbox *in, const struct dtls_hs_fragment *f, struct dtls_hs_msg *m,
                       uint8_t *alert);
/* The message delivered last was processed: expect the next one. True
 * (and *m filled) if it is already complete in a slot. Call it after each
 * READY message (from put or advance) before the next put: until then
 * that message counts as not yet delivered. */
bool dtls_inbox_advance(struct dtls_inbox *in, struct dtls_hs_msg *m);

#endif
