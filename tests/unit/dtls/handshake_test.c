/* handshake_test.c: cmocka tests of DTLS handshake framing (components/
 * dtls/dtls_handshake.c): fragment headers, several fragments per record,
 * malformed headers, reassembly of shuffled, overlapping, duplicated and
 * truncated fragments in bounded memory, in-order delivery with early
 * messages buffered, and the fragmented flights of real captures. */
#include <string.h>

#include "dtls/dtls_handshake.h"
#include "dtls/dtls_record.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/test_cmocka.h"

#if defined(__MSP430__)
enum { SEEDS = 20 }; /* fewer random runs in the (slow) simulator; no capture files */
#else
#include "vectors.h"
enum { SEEDS = 300 };
#endif

static struct fake_prng rng;

static unsigned rnd(unsigned n)
{
    return fake_prng_below(&rng, (uint16_t)n);
}

enum { CAP = 512, SLOTS = 3 }; /* OpenSSL's long ClientHello with a cookie is 414 bytes */

/* The inbox's slots, as a handshake object holds them: each a header, its
 * buffer and its bitmap, DTLS_REASM_SIZE(CAP) bytes apart. */
static union {
    struct dtls_reasm r;
    uint8_t bytes[DTLS_REASM_SIZE(CAP)];
} slots[SLOTS];
_Static_assert(sizeof slots == SLOTS * DTLS_REASM_SIZE(CAP), "slots: the inbox's stride");
static struct dtls_inbox inbox;

static int setup(void **state)
{
    (void)state;
    dtls_inbox_init(&inbox, slots, SLOTS, CAP, 0);
    return 0;
}

/* A fragment of `msg` (length `len`) as a struct, as dtls_hs_next() would give. */
static struct dtls_hs_fragment frag(uint8_t type, uint16_t seq, const uint8_t *msg, uint32_t len,
                                    uint32_t off, uint16_t flen)
{
    struct dtls_hs_fragment f = {
        .type = type, .length = len, .message_seq = seq, .offset = off, .frag_len = flen, .body = msg + off};
    return f;
}

static void fill(uint8_t *p, uint16_t n, uint8_t seed)
{
    for (uint16_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed + 7u * i + (i >> 8));
}

/* ---- fragment headers ------------------------------------------------------- */

static void test_header_roundtrip(void **state)
{
    (void)state;
    uint8_t rec[64];
    dtls_hs_header_write(rec, DTLS_HT_SERVER_KEY_EXCHANGE, 0xABCDEF, 0x1234, 0x010203, 5);
    static const uint8_t want[12] = {12, 0xAB, 0xCD, 0xEF, 0x12, 0x34, 0x01, 0x02, 0x03, 0, 0, 5};
    assert_memory_equal(rec, want, 12);
    memset(rec + 12, 0x42, 5);
    struct dtls_hs_iter it;
    struct dtls_hs_fragment f;
    uint8_t alert = 99;
    dtls_hs_iter_init(&it, rec, 17);
    assert_true(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_OK);
    assert_int_equal(f.type, 12);
    assert_int_equal(f.length, 0xABCDEF);
    assert_int_equal(f.message_seq, 0x1234);
    assert_int_equal(f.offset, 0x010203);
    assert_int_equal(f.frag_len, 5);
    assert_ptr_equal(f.body, rec + 12);
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_OK);
}

/* ServerHello + ServerKeyExchange + ServerHelloDone in one record. */
static void test_several_fragments_per_record(void **state)
{
    (void)state;
    uint8_t rec[100];
    uint16_t n = 0;
    dtls_hs_header_write(rec + n, DTLS_HT_SERVER_HELLO, 10, 1, 0, 10);
    n = (uint16_t)(n + 22);
    dtls_hs_header_write(rec + n, DTLS_HT_SERVER_KEY_EXCHANGE, 7, 2, 0, 7);
    n = (uint16_t)(n + 19);
    dtls_hs_header_write(rec + n, DTLS_HT_SERVER_HELLO_DONE, 0, 3, 0, 0);
    n = (uint16_t)(n + 12);
    struct dtls_hs_iter it;
    struct dtls_hs_fragment f;
    uint8_t alert;
    static const uint8_t types[3] = {DTLS_HT_SERVER_HELLO, DTLS_HT_SERVER_KEY_EXCHANGE,
                                     DTLS_HT_SERVER_HELLO_DONE};
    dtls_hs_iter_init(&it, rec, n);
    for (unsigned i = 0; i < 3; i++) {
        assert_true(dtls_hs_next(&it, &f, &alert));
        assert_int_equal(f.type, types[i]);
        assert_int_equal(f.message_seq, i + 1);
    }
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_OK);
}

/* Headers cut short, fragments past the record, fragments past the message. */
static void test_malformed_fragments(void **state)
{
    (void)state;
    uint8_t rec[40];
    struct dtls_hs_iter it;
    struct dtls_hs_fragment f;
    uint8_t alert;
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 20, 0, 0, 20);
    memset(rec + 12, 1, 20);
    for (uint16_t n = 1; n < 32; n++) { /* every truncation */
        dtls_hs_iter_init(&it, rec, n);
        assert_false(dtls_hs_next(&it, &f, &alert));
        assert_int_equal(alert, DTLS_ALERT_DECODE_ERROR);
        assert_false(dtls_hs_next(&it, &f, &alert)); /* and it stays failed */
    }
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 20, 0, 5, 16); /* 5 + 16 > 20 */
    dtls_hs_iter_init(&it, rec, 28);
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_ALERT_DECODE_ERROR);
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 0xFFFFFF, 0, 0xFFFFFF, 1); /* 24-bit end overflow */
    dtls_hs_iter_init(&it, rec, 13);
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_ALERT_DECODE_ERROR);
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 0xFFFFFF, 0, 0xFFFFFE, 1); /* fits 24 bits: fine */
    dtls_hs_iter_init(&it, rec, 13);
    assert_true(dtls_hs_next(&it, &f, &alert));
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 100, 0, 0, 0xFFFFFF); /* frag_len > record */
    dtls_hs_iter_init(&it, rec, 40);
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_ALERT_DECODE_ERROR);
    dtls_hs_header_write(rec, DTLS_HT_CLIENT_HELLO, 0xFFFFFF, 0, 0, 0x010005); /* its low 16 bits fit */
    dtls_hs_iter_init(&it, rec, 12 + 5);
    assert_false(dtls_hs_next(&it, &f, &alert));
    assert_int_equal(alert, DTLS_ALERT_DECODE_ERROR);
}

/* ---- reassembly -------------------------------------------------------------- */

static void test_reasm_in_order_and_reverse(void **state)
{
    (void)state;
    uint8_t msg[250];
    fill(msg, sizeof msg, 3);
    for (int reverse = 0; reverse < 2; reverse++) {
        struct dtls_reasm *r = &slots[0].r;
        dtls_reasm_clear(r);
        for (int i = 0; i < 10; i++) {
            int k = reverse ? 9 - i : i;
            struct dtls_hs_fragment f =
                frag(DTLS_HT_SERVER_KEY_EXCHANGE, 2, msg, 250, (uint32_t)(25 * k), 25);
            assert_false(dtls_reasm_complete(r));
            assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
        }
        assert_true(dtls_reasm_complete(r));
        assert_memory_equal(dtls_reasm_buf(r), msg, 250);
        assert_int_equal(r->have, 250);
    }
}

/* Overlapping and duplicated fragments: each byte counted once, first copy kept. */
static void test_reasm_overlaps_duplicates(void **state)
{
    (void)state;
    uint8_t msg[100];
    fill(msg, sizeof msg, 9);
    struct dtls_reasm *r = &slots[0].r;
    dtls_reasm_clear(r);
    struct dtls_hs_fragment f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 100, 10, 50);
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK); /* duplicate */
    assert_int_equal(r->have, 50);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 100, 40, 40); /* overlaps 40..59 */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    assert_int_equal(r->have, 70);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 100, 0, 0); /* empty fragment: no progress */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    assert_int_equal(r->have, 70);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 100, 0, 100); /* the whole thing */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    assert_true(dtls_reasm_complete(r));
    assert_memory_equal(dtls_reasm_buf(r), msg, 100);
}

/* A fragment that disagrees with the message, or a message larger than the buffer. */
static void test_reasm_refusals(void **state)
{
    (void)state;
    static uint8_t msg[CAP + 1];
    fill(msg, sizeof msg, 1);
    struct dtls_reasm *r = &slots[0].r;
    dtls_reasm_clear(r);
    struct dtls_hs_fragment f = frag(DTLS_HT_CLIENT_HELLO, 4, msg, 100, 0, 10);
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    f = frag(DTLS_HT_CLIENT_HELLO, 4, msg, 101, 10, 10); /* other length */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    f = frag(DTLS_HT_SERVER_HELLO, 4, msg, 100, 10, 10); /* other type */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    f = frag(DTLS_HT_CLIENT_HELLO, 5, msg, 100, 10, 10); /* other message */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    assert_int_equal(r->have, 10); /* refusals changed nothing */
    dtls_reasm_clear(r);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, CAP + 1, 0, 10); /* one byte too long: refused whole */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    assert_false(r->busy);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 0xFFFFFF, 0, 10); /* claims 16 MB */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 0x10000 + 10, 0, 10); /* its low 16 bits fit */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_ALERT_ILLEGAL_PARAMETER);
    assert_false(r->busy);
    f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, CAP, CAP - 10, 10); /* exactly cap: fine */
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    dtls_reasm_clear(r); /* cleared, a slot takes another message of any type and length */
    f = frag(DTLS_HT_FINISHED, 7, msg, 12, 0, 12);
    assert_int_equal(dtls_reasm_add(r, &f), DTLS_OK);
    assert_true(dtls_reasm_complete(r));
    assert_int_equal(r->type, DTLS_HT_FINISHED);
    assert_int_equal(r->length, 12);
    assert_int_equal(r->message_seq, 7);
}

/* Random splits of a message into overlapping pieces, shuffled, some
 * twice, over many seeds: always the original message. */
static void test_reasm_shuffled(void **state)
{
    (void)state;
    enum { LEN = 287, PIECES = 40 };
    static uint8_t msg[LEN];
    static struct dtls_hs_fragment f[PIECES];
    for (uint32_t seed = 1; seed <= SEEDS; seed++) {
        fake_prng_seed(&rng, seed);
        fill(msg, LEN, (uint8_t)seed);
        unsigned n = 0;
        for (uint16_t at = 0; at < LEN && n < PIECES - 10;) {
            uint16_t len = (uint16_t)(1 + rnd(40));
            if (at + len > LEN)
                len = (uint16_t)(LEN - at);
            uint16_t back = (uint16_t)(at > 0 ? rnd(at < 8 ? at + 1u : 8u) : 0); /* overlap */
            f[n++] = frag(DTLS_HT_SERVER_KEY_EXCHANGE, 2, msg, LEN, at - back, (uint16_t)(len + back));
            at = (uint16_t)(at + len);
        }
        assert_true(f[n - 1].offset + f[n - 1].frag_len == LEN);
        unsigned whole = n;
        while (n < PIECES && rnd(2))
            f[n++] = f[rnd(whole)]; /* duplicates */
        for (unsigned i = n - 1; i > 0; i--) {
            unsigned j = rnd(i + 1);
            struct dtls_hs_fragment t = f[i];
            f[i] = f[j];
            f[j] = t;
        }
        struct dtls_reasm *r = &slots[1].r;
        dtls_reasm_clear(r);
        for (unsigned i = 0; i < n; i++)
            assert_int_equal(dtls_reasm_add(r, &f[i]), DTLS_OK);
        assert_true(dtls_reasm_complete(r));
        assert_memory_equal(dtls_reasm_buf(r), msg, LEN);
        assert_int_equal(r->have, LEN);
    }
}

/* ---- in-order delivery ------------------------------------------------------- */

static void test_inbox_direct(void **state)
{
    (void)state;
    uint8_t msg[40];
    fill(msg, sizeof msg, 5);
    struct dtls_hs_msg m;
    uint8_t alert;
    struct dtls_hs_fragment f = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 40, 0, 40);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_READY);
    assert_ptr_equal(m.body, msg); /* zero copy */
    assert_int_equal(m.length, 40);
    assert_int_equal(m.type, DTLS_HT_CLIENT_HELLO);
    assert_false(dtls_inbox_advance(&inbox, &m));
    assert_int_equal(inbox.next_seq, 1);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_OLD); /* a retransmission */
    f = frag(DTLS_HT_SERVER_HELLO_DONE, 1, msg, 0, 0, 0);                  /* empty message */
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_READY);
    assert_int_equal(m.length, 0);
    assert_false(dtls_inbox_advance(&inbox, &m));
}

/* ServerHelloDone (3) and ServerKeyExchange (2) before ServerHello (1). */
static void test_inbox_early_messages(void **state)
{
    (void)state;
    uint8_t sh[50], ske[200];
    fill(sh, sizeof sh, 1);
    fill(ske, sizeof ske, 2);
    struct dtls_hs_msg m;
    uint8_t alert;
    dtls_inbox_reset(&inbox, 1);
    struct dtls_hs_fragment f = frag(DTLS_HT_SERVER_HELLO_DONE, 3, sh, 0, 0, 0);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_PENDING);
    f = frag(DTLS_HT_SERVER_KEY_EXCHANGE, 2, ske, 200, 100, 100);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_PENDING);
    f = frag(DTLS_HT_SERVER_KEY_EXCHANGE, 2, ske, 200, 0, 100);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_PENDING); /* complete, not next */
    f = frag(DTLS_HT_SERVER_HELLO, 4, sh, 50, 0, 50);                          /* beyond 3 slots: 1, 2, 3 */
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_FUTURE);
    f = frag(DTLS_HT_SERVER_HELLO, 1, sh, 50, 0, 50);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_READY);
    assert_ptr_equal(m.body, sh);
    assert_true(dtls_inbox_advance(&inbox, &m));
    assert_int_equal(m.type, DTLS_HT_SERVER_KEY_EXCHANGE);
    assert_int_equal(m.message_seq, 2);
    assert_memory_equal(m.body, ske, 200);
    assert_true(dtls_inbox_advance(&inbox, &m));
    assert_int_equal(m.type, DTLS_HT_SERVER_HELLO_DONE);
    assert_int_equal(m.length, 0);
    assert_false(dtls_inbox_advance(&inbox, &m));
    assert_int_equal(inbox.next_seq, 4);
    for (unsigned i = 0; i < SLOTS; i++)
        assert_false(slots[i].r.busy); /* everything delivered was released */
}

/* A duplicate fragment of a complete, delivered-next message is not delivered twice. */
static void test_inbox_duplicates(void **state)
{
    (void)state;
    uint8_t msg[60];
    fill(msg, sizeof msg, 7);
    struct dtls_hs_msg m;
    uint8_t alert;
    struct dtls_hs_fragment a = frag(DTLS_HT_CLIENT_KEY_EXCHANGE, 0, msg, 60, 0, 30);
    struct dtls_hs_fragment b = frag(DTLS_HT_CLIENT_KEY_EXCHANGE, 0, msg, 60, 30, 30);
    assert_int_equal(dtls_inbox_put(&inbox, &a, &m, &alert), DTLS_IN_PENDING);
    assert_int_equal(dtls_inbox_put(&inbox, &a, &m, &alert), DTLS_IN_PENDING);
    assert_int_equal(dtls_inbox_put(&inbox, &b, &m, &alert), DTLS_IN_READY);
    assert_memory_equal(m.body, msg, 60);
    assert_ptr_not_equal(m.body, msg);                                         /* from the slot */
    assert_int_equal(dtls_inbox_put(&inbox, &b, &m, &alert), DTLS_IN_PENDING); /* not again */
    assert_false(dtls_inbox_advance(&inbox, &m));
    assert_int_equal(dtls_inbox_put(&inbox, &b, &m, &alert), DTLS_IN_OLD);
}

/* A whole copy arriving after a partial one replaces it, if it agrees. */
static void test_inbox_whole_after_partial(void **state)
{
    (void)state;
    uint8_t msg[60];
    fill(msg, sizeof msg, 8);
    struct dtls_hs_msg m;
    uint8_t alert;
    struct dtls_hs_fragment a = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 60, 0, 30);
    struct dtls_hs_fragment whole = frag(DTLS_HT_CLIENT_HELLO, 0, msg, 60, 0, 60);
    assert_int_equal(dtls_inbox_put(&inbox, &a, &m, &alert), DTLS_IN_PENDING);
    assert_int_equal(dtls_inbox_put(&inbox, &whole, &m, &alert), DTLS_IN_READY);
    assert_ptr_equal(m.body, msg);
    assert_false(slots[0].r.busy || slots[1].r.busy || slots[2].r.busy);
    assert_false(dtls_inbox_advance(&inbox, &m));
    /* disagreeing: a partial ClientKeyExchange, then a "whole" Finished of seq 1 */
    a = frag(DTLS_HT_CLIENT_KEY_EXCHANGE, 1, msg, 60, 0, 30);
    whole = frag(DTLS_HT_FINISHED, 1, msg, 12, 0, 12);
    assert_int_equal(dtls_inbox_put(&inbox, &a, &m, &alert), DTLS_IN_PENDING);
    assert_int_equal(dtls_inbox_put(&inbox, &whole, &m, &alert), DTLS_IN_ERROR);
    assert_int_equal(alert, DTLS_ALERT_ILLEGAL_PARAMETER);
}

/* Too large for a slot: refused when fragmented, delivered when whole and next. */
static void test_inbox_large_messages(void **state)
{
    (void)state;
    static uint8_t big[CAP + 100];
    fill(big, sizeof big, 4);
    struct dtls_hs_msg m;
    uint8_t alert;
    struct dtls_hs_fragment f = frag(DTLS_HT_NEW_SESSION_TICKET, 1, big, CAP + 100, 0, CAP + 100);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_FUTURE); /* early, whole, too big */
    f = frag(DTLS_HT_CERTIFICATE, 0, big, CAP + 100, 0, CAP + 100);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_READY); /* next, whole: zero copy */
    assert_int_equal(m.length, CAP + 100);
    assert_false(dtls_inbox_advance(&inbox, &m));
    f = frag(DTLS_HT_NEW_SESSION_TICKET, 1, big, CAP + 100, 0, 100);
    assert_int_equal(dtls_inbox_put(&inbox, &f, &m, &alert), DTLS_IN_ERROR); /* fragmented, too big */
    assert_int_equal(alert, DTLS_ALERT_ILLEGAL_PARAMETER);
}

/* A whole flight, every message fragmented, fragments of all messages
 * shuffled together with duplicates: delivered complete and in order. */
static void test_inbox_shuffled_flight(void **state)
{
    (void)state;
    enum { MSGS = 3, MAXF = 80 };
    static const uint16_t lens[MSGS] = {83, 252, 0};
    static const uint8_t types[MSGS] = {DTLS_HT_SERVER_HELLO, DTLS_HT_SERVER_KEY_EXCHANGE,
                                        DTLS_HT_SERVER_HELLO_DONE};
    static uint8_t msgs[MSGS][260];
    static struct dtls_hs_fragment f[MAXF];
    for (uint32_t seed = 1; seed <= SEEDS; seed++) {
        fake_prng_seed(&rng, seed);
        dtls_inbox_reset(&inbox, 1);
        unsigned n = 0;
        for (unsigned k = 0; k < MSGS; k++) {
            fill(msgs[k], lens[k], (uint8_t)(seed + k));
            uint16_t at = 0;
            do {
                uint16_t len = (uint16_t)(1 + rnd(35));
                if (at + len > lens[k])
                    len = (uint16_t)(lens[k] - at);
                f[n++] = frag(types[k], (uint16_t)(1 + k), msgs[k], lens[k], at, len);
                at = (uint16_t)(at + len);
            } while (at < lens[k]);
        }
        unsigned whole = n;
        while (n < MAXF && rnd(3))
            f[n++] = f[rnd(whole)];
        for (unsigned i = n - 1; i > 0; i--) {
            unsigned j = rnd(i + 1);
            struct dtls_hs_fragment t = f[i];
            f[i] = f[j];
            f[j] = t;
        }
        unsigned delivered = 0;
        for (unsigned i = 0; i < n; i++) {
            struct dtls_hs_msg m;
            uint8_t alert;
            uint8_t res = dtls_inbox_put(&inbox, &f[i], &m, &alert);
            assert_true(res == DTLS_IN_READY || res == DTLS_IN_PENDING || res == DTLS_IN_OLD);
            if (res != DTLS_IN_READY)
                continue;
            do {
                assert_int_equal(m.message_seq, 1 + delivered);
                assert_int_equal(m.type, types[delivered]);
                assert_int_equal(m.length, lens[delivered]);
                assert_memory_equal(m.body, msgs[delivered], lens[delivered]);
                delivered++;
            } while (dtls_inbox_advance(&inbox, &m));
        }
        assert_int_equal(delivered, MSGS);
    }
}

/* ---- real captures ----------------------------------------------------------- */

#if !defined(__MSP430__)

/* Each direction's epoch-0 handshake fragments through an inbox: the
 * messages come out whole, in order, with the expected types. */
static unsigned reassemble(const struct vec_file *v, bool from_client, uint8_t *types, unsigned max)
{
    unsigned n = 0;
    dtls_inbox_reset(&inbox, 0);
    for (unsigned d = 0; d < v->count; d++) {
        if (v->dgram[d].from_client != from_client)
            continue;
        struct dtls_record_iter it;
        struct dtls_record rec;
        dtls_record_iter_init(&it, v->dgram[d].data, v->dgram[d].len, NULL);
        while (dtls_record_next(&it, &rec)) {
            if (rec.type != DTLS_CT_HANDSHAKE || rec.epoch != 0)
                continue;
            struct dtls_hs_iter hi;
            struct dtls_hs_fragment f;
            uint8_t alert;
            dtls_hs_iter_init(&hi, rec.fragment, rec.length);
            while (dtls_hs_next(&hi, &f, &alert)) {
                struct dtls_hs_msg m;
                uint8_t res = dtls_inbox_put(&inbox, &f, &m, &alert);
                assert_int_not_equal(res, DTLS_IN_ERROR);
                if (res != DTLS_IN_READY)
                    continue;
                do {
                    if (n < max)
                        types[n] = m.type;
                    n++;
                } while (dtls_inbox_advance(&inbox, &m));
            }
            assert_int_equal(alert, DTLS_OK);
        }
    }
    return n;
}

static void test_captured_flights(void **state)
{
    (void)state;
    static struct vec_file v;
    uint8_t t[16];
    assert_true(vec_load("openssl_gnutls_mtu60", &v));
    unsigned n = reassemble(&v, false, t, 16); /* server: HVR (seq 0), SH 1, SKE 2, SHD 3, NST 4 */
    assert_int_equal(n, 5);
    static const uint8_t want_s[5] = {DTLS_HT_HELLO_VERIFY_REQUEST, DTLS_HT_SERVER_HELLO,
                                      DTLS_HT_SERVER_KEY_EXCHANGE, DTLS_HT_SERVER_HELLO_DONE,
                                      DTLS_HT_NEW_SESSION_TICKET};
    assert_memory_equal(t, want_s, 5);
    n = reassemble(&v, true, t, 16); /* client: CH 0, CH 1 (with cookie), CKE 2 */
    assert_int_equal(n, 3);
    assert_int_equal(t[1], DTLS_HT_CLIENT_HELLO);
    assert_int_equal(t[2], DTLS_HT_CLIENT_KEY_EXCHANGE);
    assert_true(vec_load("openssl_openssl_mtu256", &v));
    n = reassemble(&v, true, t, 16); /* a two-fragment ClientHello, twice */
    assert_int_equal(n, 3);
    assert_int_equal(t[0], DTLS_HT_CLIENT_HELLO);
    assert_int_equal(t[1], DTLS_HT_CLIENT_HELLO);
}
#endif

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_header_roundtrip),
        T(test_several_fragments_per_record),
        T(test_malformed_fragments),
        T(test_reasm_in_order_and_reverse),
        T(test_reasm_overlaps_duplicates),
        T(test_reasm_refusals),
        T(test_reasm_shuffled),
        T(test_inbox_direct),
        T(test_inbox_early_messages),
        T(test_inbox_duplicates),
        T(test_inbox_whole_after_partial),
        T(test_inbox_large_messages),
        T(test_inbox_shuffled_flight),
#if !defined(__MSP430__)
        T(test_captured_flights),
#endif
    };
    return cmocka_run_group_tests_name("dtls_handshake", tests, NULL, NULL);
}
