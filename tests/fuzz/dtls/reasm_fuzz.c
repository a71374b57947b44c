/* reasm_fuzz.c: libFuzzer target for handshake reassembly (the inbox of
 * components/dtls/dtls_handshake.c), structure-aware: the input does not
 * give message bytes but a flight and a way to cut and deliver it, and
 * the messages' contents are known, so what comes out is checked exactly.
 *
 * Input: byte 0 = number of slots (1..4), byte 1 = slot capacity (8..263),
 * byte 2 = number of messages (1..6), then one length byte per message
 * (a length above the capacity is legal: such a message can only be
 * delivered whole and in turn), then 4-byte operations: message index,
 * offset, fragment length, flags (bit 0: lie about the message length,
 * bit 1: lie about its type). Each operation becomes a real fragment
 * header + body, parsed back with dtls_hs_next() and put to the inbox.
 *
 * Checked: every message delivered is message next_seq with exactly its
 * true bytes; nothing is delivered twice; an honest run never errors;
 * and after the fuzzer's operations a clean in-order retransmission of
 * the whole flight (what a peer's retransmission timer sends) always
 * completes it, whatever state the fuzzed fragments left behind. */
#include <stdlib.h>
#include <string.h>

#include "dtls/dtls_handshake.h"

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c))                                                                                            \
            abort();                                                                                         \
    } while (0)

enum { MAX_SLOTS = 4, MAX_CAP = 263, MAX_MSGS = 6, MAX_LEN = 255, MAX_FRAG = 64 };

/* Room for the slots at any cap up to MAX_CAP (the inbox lays them out). */
static union {
    struct dtls_reasm align;
    uint8_t bytes[MAX_SLOTS * DTLS_REASM_SIZE(MAX_CAP)];
} slot_mem;

static struct {
    struct dtls_inbox in;
    uint16_t cap;
    uint8_t nmsg;
    uint8_t len[MAX_MSGS];
    uint8_t truth[MAX_MSGS][MAX_LEN];
    uint8_t delivered; /* messages 0..delivered-1 came out */
    bool lied;         /* a dishonest fragment was accepted: contents no longer checkable */
    bool failed;       /* the inbox reported an error: the handshake is over */
} fz;

static uint8_t fuzz_type(uint8_t k)
{
    return (uint8_t)(DTLS_HT_SERVER_HELLO + k);
}

static void fuzz_deliver(struct dtls_hs_msg *m)
{
    do {
        CHECK(m->message_seq == fz.delivered);
        if (!fz.lied) {
            CHECK(m->type == fuzz_type((uint8_t)m->message_seq));
            CHECK(m->length == fz.len[m->message_seq]);
            CHECK(memcmp(m->body, fz.truth[m->message_seq], m->length) == 0);
        }
        fz.delivered++;
    } while (dtls_inbox_advance(&fz.in, m));
}

/* Send fragment [off, off + flen) of message k through a real record. */
static void fuzz_put(uint8_t k, uint16_t off, uint16_t flen, uint8_t flags)
{
    static uint8_t rec[DTLS_HS_HEADER_LEN + MAX_LEN];
    uint32_t len = fz.len[k] + (flags & 1u);
    uint8_t type = (uint8_t)(fuzz_type(k) + ((flags >> 1) & 1u));
    dtls_hs_header_write(rec, type, len, k, off, flen);
    memcpy(rec + DTLS_HS_HEADER_LEN, fz.truth[k] + off, flen);
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    struct dtls_hs_msg m;
    uint8_t alert;
    dtls_hs_iter_init(&hi, rec, (uint16_t)(DTLS_HS_HEADER_LEN + flen));
    CHECK(dtls_hs_next(&hi, &f, &alert));
    uint8_t res = dtls_inbox_put(&fz.in, &f, &m, &alert);
    bool honest = (flags & 3u) == 0;
    if (!honest && res != DTLS_IN_OLD && res != DTLS_IN_FUTURE)
        fz.lied = true;
    if (res == DTLS_IN_ERROR) {
        /* an honest run fails only on a piece of a message larger than a slot */
        CHECK(!honest || fz.lied || fz.len[k] > fz.cap);
        fz.failed = true;
    } else if (res == DTLS_IN_READY) {
        fuzz_deliver(&m);
    }
}

/* The whole flight again, in order, each message in pieces of 37 bytes. */
static void fuzz_retransmit(void)
{
    for (uint8_t k = 0; k < fz.nmsg && !fz.failed; k++) {
        uint16_t off = 0;
        do {
            uint16_t n = (uint16_t)(fz.len[k] - off < 37 ? fz.len[k] - off : 37);
            fuzz_put(k, off, n, 0);
            off = (uint16_t)(off + n);
        } while (off < fz.len[k] && !fz.failed);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    memset(&fz, 0, sizeof fz);
    uint8_t nslots = (uint8_t)(1 + data[0] % MAX_SLOTS);
    uint16_t cap = fz.cap = (uint16_t)(8 + data[1]);
    fz.nmsg = (uint8_t)(1 + data[2] % MAX_MSGS);
    size_t at = 3;
    dtls_inbox_init(&fz.in, slot_mem.bytes, nslots, cap, 0);
    for (uint8_t k = 0; k < fz.nmsg; k++) {
        fz.len[k] = at < size ? data[at++] : 0;
        for (uint16_t i = 0; i < fz.len[k]; i++)
            fz.truth[k][i] = (uint8_t)(k * 37u + i * 11u + 5u);
    }
    bool any_big = false;
    for (uint8_t k = 0; k < fz.nmsg; k++)
        any_big |= fz.len[k] > cap;
    for (; at + 4 <= size && !fz.failed; at += 4) {
        uint8_t k = (uint8_t)(data[at] % fz.nmsg);
        uint16_t off = (uint16_t)(data[at + 1] % (fz.len[k] + 1u));
        uint16_t flen = data[at + 2] % MAX_FRAG;
        if (flen > fz.len[k] - off)
            flen = (uint16_t)(fz.len[k] - off);
        fuzz_put(k, off, flen, data[at + 3]);
    }
    /* A message above the capacity cannot be reassembled from pieces: the
     * handshake must fail with an alert, not truncate. Otherwise a clean
     * retransmission completes the flight. */
    if (!fz.failed && !fz.lied && !any_big) {
        fuzz_retransmit();
        CHECK(!fz.failed && fz.delivered == fz.nmsg);
    }
    if (!fz.lied && any_big && !fz.failed) {
        fuzz_retransmit();
        CHECK(fz.failed || fz.delivered == fz.nmsg);
    }
    return 0;
}
