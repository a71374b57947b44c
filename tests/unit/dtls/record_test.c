/* record_test.c: cmocka tests of the DTLS record layer (components/dtls/
 * dtls_record.c): record headers, several records per datagram, every
 * malformed header we could think of (each dropped silently and counted
 * under its reason, RFC 6347 4.1.2.7), the 64-record anti-replay window
 * (RFC 6347 4.1.2.6) at its edges and against a reference model, alert
 * and ChangeCipherSpec bodies, and the records of real captures. */
#include <string.h>

#include "dtls/dtls_record.h"
#include "tests/fakes/fake_prng.h"
#include "tests/unit/test_cmocka.h"

#if defined(__MSP430__)
/* 10 KB of RAM: no record of the maximum length, a shorter model run, and
 * no capture files (no file system); everything else runs as on the host. */
enum { DG_MAX = 1400, MODEL_SEEDS = 3, MODEL_STEPS = 1000 };
#else
#include "vectors.h"
enum { DG_MAX = 20000, MODEL_SEEDS = 40, MODEL_STEPS = 4000 };
#endif

/* A datagram under construction. */
struct dg {
    uint8_t buf[DG_MAX];
    uint16_t len;
};

static struct dg dg;
static struct dtls_drops drops;

static void dg_reset(void)
{
    memset(&dg, 0, sizeof dg);
    memset(&drops, 0, sizeof drops);
}

/* The tests speak of sequence numbers as integers; the record layer keeps
 * them as the 6 wire bytes. */
#define SEQ_MAX 0xFFFFFFFFFFFFull

static const uint8_t *seq48(uint64_t v)
{
    static uint8_t b[4][DTLS_SEQ_LEN]; /* a few live at once in one expression */
    static uint8_t k;
    k = (uint8_t)((k + 1u) & 3u);
    dtls_put_u48(b[k], v);
    return b[k];
}

static bool replay_check(const struct dtls_replay *w, uint64_t seq)
{
    return dtls_replay_check(w, seq48(seq));
}

static void replay_update(struct dtls_replay *w, uint64_t seq)
{
    dtls_replay_update(w, seq48(seq));
}

static uint64_t replay_top(const struct dtls_replay *w)
{
    return dtls_get_u48(w->top);
}

/* Append a record with a fragment of `len` bytes of `fill`. */
static void dg_record(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq, uint16_t len,
                      uint8_t fill)
{
    dtls_record_header_write(dg.buf + dg.len, type, version, epoch, seq48(seq), len);
    dg.len = (uint16_t)(dg.len + DTLS_RECORD_HEADER_LEN);
    memset(dg.buf + dg.len, fill, len);
    dg.len = (uint16_t)(dg.len + len);
}

/* Raw header bytes, for what the writer refuses to produce. */
static void dg_raw_header(uint8_t type, uint16_t version, uint16_t length)
{
    uint8_t *p = dg.buf + dg.len;
    p[0] = type;
    dtls_put_u16(p + 1, version);
    memset(p + 3, 0, 8);
    dtls_put_u16(p + 11, length);
    dg.len = (uint16_t)(dg.len + DTLS_RECORD_HEADER_LEN);
}

static unsigned total_drops(void)
{
    unsigned t = 0;
    for (unsigned i = 0; i < DTLS_DROP_COUNT; i++)
        t += drops.count[i];
    return t;
}

/* The sound records of the datagram; the iterator's total of dropped
 * ones must match the drops it counted by reason. */
static unsigned dg_parse(struct dtls_record *out, unsigned max)
{
    struct dtls_record_iter it;
    struct dtls_record rec;
    unsigned n = 0, before = total_drops();
    dtls_record_iter_init(&it, dg.buf, dg.len, &drops);
    while (dtls_record_next(&it, &rec)) {
        if (n < max)
            out[n] = rec;
        n++;
    }
    assert_int_equal(it.dropped, total_drops() - before);
    return n;
}

/* ---- headers -------------------------------------------------------------- */

static void test_one_record(void **state)
{
    (void)state;
    dg_reset();
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0x1234, 0x0000A1B2C3D4E5F6ull, 5, 0xAB);
    static const uint8_t want[13] = {22, 0xFE, 0xFD, 0x12, 0x34, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0, 5};
    assert_memory_equal(dg.buf, want, 13);
    struct dtls_record r[1];
    assert_int_equal(dg_parse(r, 1), 1);
    assert_int_equal(r[0].type, DTLS_CT_HANDSHAKE);
    assert_int_equal(r[0].version, DTLS_VERSION_1_2);
    assert_int_equal(r[0].epoch, 0x1234);
    assert_true(dtls_get_u48(r[0].seq) == 0xA1B2C3D4E5F6ull);
    assert_int_equal(r[0].length, 5);
    assert_ptr_equal(r[0].header, dg.buf);
    assert_ptr_equal(r[0].fragment, dg.buf + 13);
    assert_int_equal(total_drops(), 0);
}

static void test_several_records(void **state)
{
    (void)state;
    dg_reset();
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 2, 21, 1);
    dg_record(DTLS_CT_CHANGE_CIPHER_SPEC, DTLS_VERSION_1_2, 0, 3, 1, 1);
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 1, 0, 40, 3);
    dg_record(DTLS_CT_APPLICATION_DATA, DTLS_VERSION_1_2, 1, 1, 0, 0); /* empty app data: allowed */
    struct dtls_record r[4];
    assert_int_equal(dg_parse(r, 4), 4);
    assert_int_equal(r[0].length, 21);
    assert_int_equal(r[1].type, DTLS_CT_CHANGE_CIPHER_SPEC);
    assert_int_equal(r[2].epoch, 1);
    assert_true(dtls_get_u48(r[2].seq) == 0);
    assert_int_equal(r[2].fragment[39], 3);
    assert_int_equal(r[3].length, 0);
    assert_ptr_equal(r[3].fragment, dg.buf + dg.len);
    assert_int_equal(total_drops(), 0);
}

static void test_empty_datagram(void **state)
{
    (void)state;
    struct dtls_record_iter it;
    struct dtls_record rec;
    dg_reset();
    dtls_record_iter_init(&it, dg.buf, 0, &drops);
    assert_false(dtls_record_next(&it, &rec));
    dtls_record_iter_init(&it, NULL, 100, NULL); /* no buffer: nothing, no crash */
    assert_false(dtls_record_next(&it, &rec));
    assert_int_equal(total_drops(), 0);
}

/* Every datagram shorter than a header is dropped as truncated. */
static void test_truncated_header(void **state)
{
    (void)state;
    for (uint16_t n = 1; n < DTLS_RECORD_HEADER_LEN; n++) {
        dg_reset();
        dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 0, 4, 9);
        dg.len = n;
        struct dtls_record r[1];
        assert_int_equal(dg_parse(r, 1), 0);
        assert_int_equal(drops.count[DTLS_DROP_TRUNCATED], 1);
        assert_int_equal(total_drops(), 1);
    }
}

/* A good record followed by a partial header: the first is returned. */
static void test_good_then_truncated(void **state)
{
    (void)state;
    dg_reset();
    dg_record(DTLS_CT_ALERT, DTLS_VERSION_1_2, 0, 0, 2, 1);
    dg.len = (uint16_t)(dg.len + 5); /* 5 zero bytes of a next header */
    struct dtls_record r[2];
    assert_int_equal(dg_parse(r, 2), 1);
    assert_int_equal(drops.count[DTLS_DROP_TRUNCATED], 1);
}

/* Lengths that run past the datagram, by one byte up to the maximum. */
static void test_length_overruns(void **state)
{
    (void)state;
    static const uint16_t extra[] = {1, 2, 100, 0x7FFF, 0xFFFF - 13 - 10};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        dg_reset();
        dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 0, 10, 7);
        dtls_put_u16(dg.buf + 11, (uint16_t)(10 + extra[i]));
        dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 1, 10, 7); /* swallowed by the overrun */
        dg.len = 23;
        struct dtls_record r[2];
        assert_int_equal(dg_parse(r, 2), 0);
        assert_int_equal(drops.count[DTLS_DROP_OVERRUN], 1);
        assert_int_equal(total_drops(), 1);
    }
    /* the second record of three overruns: the first survives, the rest is lost */
    dg_reset();
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 0, 10, 7);
    uint16_t second = dg.len;
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 1, 10, 7);
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 2, 10, 7);
    dtls_put_u16(dg.buf + second + 11, 40);
    struct dtls_record r[3];
    assert_int_equal(dg_parse(r, 3), 1);
    assert_int_equal(drops.count[DTLS_DROP_OVERRUN], 1);
}

/* A length exactly to the end of the datagram is fine. */
static void test_length_to_the_end(void **state)
{
    (void)state;
    dg_reset();
    dg_record(DTLS_CT_APPLICATION_DATA, DTLS_VERSION_1_2, 1, 7, 1200, 0x55);
    struct dtls_record r[1];
    assert_int_equal(dg_parse(r, 1), 1);
    assert_int_equal(r[0].length, 1200);
}

#if !defined(__MSP430__)
static void test_too_long(void **state)
{
    (void)state;
    dg_reset();
    dg_raw_header(DTLS_CT_APPLICATION_DATA, DTLS_VERSION_1_2, DTLS_RECORD_MAX + 1);
    dg.len = (uint16_t)(dg.len + DTLS_RECORD_MAX + 1);
    dg_record(DTLS_CT_ALERT, DTLS_VERSION_1_2, 0, 1, 2, 1); /* framing intact: still read */
    struct dtls_record r[2];
    assert_int_equal(dg_parse(r, 2), 1);
    assert_int_equal(r[0].type, DTLS_CT_ALERT);
    assert_int_equal(drops.count[DTLS_DROP_TOO_LONG], 1);
    /* exactly the maximum is allowed */
    dg_reset();
    dg_raw_header(DTLS_CT_APPLICATION_DATA, DTLS_VERSION_1_2, DTLS_RECORD_MAX);
    dg.len = (uint16_t)(dg.len + DTLS_RECORD_MAX);
    assert_int_equal(dg_parse(r, 1), 1);
}
#endif

/* Unknown content types are skipped; the next record is still read. */
static void test_bad_types(void **state)
{
    (void)state;
    static const uint8_t bad[] = {0, 1, 19, 24, 25, 0x80, 0xFF};
    for (size_t i = 0; i < sizeof bad; i++) {
        dg_reset();
        dg_raw_header(bad[i], DTLS_VERSION_1_2, 3);
        dg.len = (uint16_t)(dg.len + 3);
        dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, 1, 12, 1);
        struct dtls_record r[2];
        assert_int_equal(dg_parse(r, 2), 1);
        assert_int_equal(r[0].type, DTLS_CT_HANDSHAKE);
        assert_int_equal(drops.count[DTLS_DROP_BAD_TYPE], 1);
    }
}

static void test_bad_versions(void **state)
{
    (void)state;
    static const uint16_t bad[] = {0x0303, 0x0301, 0xFEFE, 0xFEFC, 0xFDFD, 0xFFFD, 0x0000, 0xFFFF};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dg_reset();
        dg_raw_header(DTLS_CT_HANDSHAKE, bad[i], 3);
        dg.len = (uint16_t)(dg.len + 3);
        dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_0, 0, 1, 12, 1); /* 1.0: first ClientHello, HVR */
        struct dtls_record r[2];
        assert_int_equal(dg_parse(r, 2), 1);
        assert_int_equal(r[0].version, DTLS_VERSION_1_0);
        assert_int_equal(drops.count[DTLS_DROP_BAD_VERSION], 1);
    }
}

/* Zero-length handshake, alert and CCS records are dropped (RFC 5246 6.2.1). */
static void test_empty_records(void **state)
{
    (void)state;
    static const uint8_t types[] = {DTLS_CT_HANDSHAKE, DTLS_CT_ALERT, DTLS_CT_CHANGE_CIPHER_SPEC};
    for (size_t i = 0; i < sizeof types; i++) {
        dg_reset();
        dg_raw_header(types[i], DTLS_VERSION_1_2, 0);
        dg_record(DTLS_CT_APPLICATION_DATA, DTLS_VERSION_1_2, 1, 0, 0, 0);
        struct dtls_record r[2];
        assert_int_equal(dg_parse(r, 2), 1);
        assert_int_equal(drops.count[DTLS_DROP_EMPTY], 1);
    }
}

/* A datagram of nothing but bad records: all counted, none returned. */
static void test_garbage_datagram(void **state)
{
    (void)state;
    dg_reset();
    for (unsigned i = 0; i < 40; i++) {
        dg_raw_header((uint8_t)(30 + i), DTLS_VERSION_1_2, (uint16_t)i);
        dg.len = (uint16_t)(dg.len + i);
    }
    struct dtls_record r[1];
    assert_int_equal(dg_parse(r, 1), 0);
    assert_int_equal(drops.count[DTLS_DROP_BAD_TYPE], 40);
}

static void test_sequence_limits(void **state)
{
    (void)state;
    uint8_t h[DTLS_RECORD_HEADER_LEN];
    dtls_record_header_write(h, DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0xFFFF, seq48(SEQ_MAX), 1);
    static const uint8_t want[13] = {22, 0xFE, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1};
    assert_memory_equal(h, want, 13);
    dtls_record_header_write(h, DTLS_CT_ALERT, DTLS_VERSION_1_0, 0x0102, seq48(0x030405060708ull), 0x090A);
    static const uint8_t want2[13] = {21, 0xFE, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assert_memory_equal(h, want2, 13); /* h + 3: epoch || seq, as CipherSuite takes it */
    dg_reset();
    dg_record(DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0xFFFF, SEQ_MAX, 1, 1);
    struct dtls_record r[1];
    assert_int_equal(dg_parse(r, 1), 1);
    assert_true(dtls_get_u48(r[0].seq) == SEQ_MAX);
    assert_int_equal(r[0].epoch, 0xFFFF);
    assert_ptr_equal(r[0].seq, r[0].header + 5);
}

/* Our sequence numbers step with a carry through every byte and stop at
 * 2^48 - 1, which is never sent (no wrap to 0). */
static void test_sequence_next(void **state)
{
    (void)state;
    static const uint64_t from[] = {
        0, 1, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFull, 0x12345678FFFFull, SEQ_MAX - 1};
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
        uint8_t s[DTLS_SEQ_LEN];
        dtls_put_u48(s, from[i]);
        assert_true(dtls_seq_next(s));
        assert_true(dtls_get_u48(s) == from[i] + 1);
    }
    uint8_t last[DTLS_SEQ_LEN];
    dtls_put_u48(last, SEQ_MAX);
    assert_false(dtls_seq_next(last));
    assert_true(dtls_get_u48(last) == SEQ_MAX);
}

static void test_drop_counters_saturate(void **state)
{
    (void)state;
    struct dtls_drops d;
    memset(&d, 0, sizeof d);
    for (uint32_t i = 0; i < 70000; i++)
        dtls_drop(&d, DTLS_DROP_REPLAY);
    assert_int_equal(d.count[DTLS_DROP_REPLAY], 0xFFFF);
    dtls_drop(&d, DTLS_DROP_COUNT); /* out of range: ignored */
    dtls_drop(NULL, DTLS_DROP_BAD_MAC);
    assert_int_equal(d.count[DTLS_DROP_BAD_MAC], 0);
}

/* ---- replay window -------------------------------------------------------- */

static void test_replay_first_record(void **state)
{
    (void)state;
    static const uint64_t firsts[] = {0, 1, 63, 64, 1000, SEQ_MAX};
    for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
        struct dtls_replay w;
        dtls_replay_reset(&w);
        assert_true(replay_check(&w, firsts[i]));
        assert_true(replay_check(&w, 0));
        replay_update(&w, firsts[i]);
        assert_false(replay_check(&w, firsts[i]));
        assert_true(replay_top(&w) == firsts[i]);
    }
}

static void test_replay_duplicates_and_order(void **state)
{
    (void)state;
    struct dtls_replay w;
    dtls_replay_reset(&w);
    assert_true(replay_check(&w, 5));
    assert_true(replay_check(&w, 5)); /* check alone does not record */
    replay_update(&w, 5);
    replay_update(&w, 3);
    replay_update(&w, 7);
    assert_false(replay_check(&w, 3));
    assert_false(replay_check(&w, 5));
    assert_false(replay_check(&w, 7));
    assert_true(replay_check(&w, 4));
    assert_true(replay_check(&w, 6));
    assert_true(replay_check(&w, 0));
    assert_true(replay_check(&w, 8));
    replay_update(&w, 7); /* a second update is harmless */
    assert_true(replay_top(&w) == 7);
}

/* The window is top-63 .. top: 64 records. */
static void test_replay_window_edges(void **state)
{
    (void)state;
    struct dtls_replay w;
    dtls_replay_reset(&w);
    replay_update(&w, 100);
    assert_true(replay_check(&w, 37));  /* 100 - 63: inside, unseen */
    assert_false(replay_check(&w, 36)); /* 100 - 64: left of the window */
    assert_false(replay_check(&w, 0));
    replay_update(&w, 37);
    assert_false(replay_check(&w, 37));
    replay_update(&w, 36); /* outside: ignored, and still refused */
    assert_false(replay_check(&w, 36));
    assert_true(replay_top(&w) == 100);
    /* slide by one: 37 falls out of the window, 38 is its new left edge */
    replay_update(&w, 101);
    assert_false(replay_check(&w, 37));
    assert_true(replay_check(&w, 38));
    assert_false(replay_check(&w, 100));
}

/* Sliding by 63, 64, 65 and far: bits that stay in the window survive. */
static void test_replay_slides(void **state)
{
    (void)state;
    static const uint64_t steps[] = {1, 2, 62, 63, 64, 65, 128, 1000000};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct dtls_replay w;
        dtls_replay_reset(&w);
        for (uint64_t s = 1000; s < 1064; s++)
            replay_update(&w, s); /* a full window: 1000..1063 */
        uint64_t top = 1063 + steps[i];
        replay_update(&w, top);
        for (uint64_t s = 990; s < 1064; s++)
            assert_false(replay_check(&w, s)); /* seen, or left of the window */
        for (uint64_t s = 1064; s < top; s++) {
            if (s == 1064 + 130 && top - s > 200)
                s = top - 70; /* the middle of a long gap: nothing new there */
            if (s + 64 > top)
                assert_true(replay_check(&w, s)); /* the gap inside the window: unseen */
            else
                assert_false(replay_check(&w, s));
        }
        assert_false(replay_check(&w, top));
        assert_true(replay_check(&w, top + 1));
    }
}

/* A far-future record is accepted and moves the window (only after it
 * authenticated: the caller's duty, documented in the header). */
static void test_replay_far_future_and_past(void **state)
{
    (void)state;
    struct dtls_replay w;
    dtls_replay_reset(&w);
    replay_update(&w, 10);
    assert_true(replay_check(&w, 10 + (1ull << 40)));
    assert_true(replay_check(&w, SEQ_MAX));
    replay_update(&w, 10 + (1ull << 40));
    assert_false(replay_check(&w, 11));
    assert_false(replay_check(&w, 10));
    assert_true(replay_check(&w, 10 + (1ull << 40) - 1));
}

/* 48-bit sequence numbers do not wrap: after 2^48 - 1, 0 is old. */
static void test_replay_48_bit_end(void **state)
{
    (void)state;
    struct dtls_replay w;
    dtls_replay_reset(&w);
    replay_update(&w, SEQ_MAX - 1);
    assert_true(replay_check(&w, SEQ_MAX));
    replay_update(&w, SEQ_MAX);
    assert_false(replay_check(&w, SEQ_MAX));
    assert_false(replay_check(&w, SEQ_MAX - 1));
    assert_true(replay_check(&w, SEQ_MAX - 63));
    assert_false(replay_check(&w, SEQ_MAX - 64));
    assert_false(replay_check(&w, 0)); /* no wrap to 0 */
    assert_false(replay_check(&w, 1));
    assert_true(replay_top(&w) == SEQ_MAX);
    dtls_replay_reset(&w); /* a new epoch starts over */
    assert_true(replay_check(&w, 0));
}

/* Against a model (the set of accepted numbers) over random traffic:
 * bursts, reordering, duplicates and jumps. Fixed seeds. */
static void test_replay_model(void **state)
{
    (void)state;
    enum { SPAN = 600 };
    static bool seen[SPAN];
    struct fake_prng rng;
    for (uint32_t seed = 1; seed <= MODEL_SEEDS; seed++) {
        struct dtls_replay w;
        dtls_replay_reset(&w);
        memset(seen, 0, sizeof seen);
        fake_prng_seed(&rng, seed);
        uint64_t top = 0;
        bool any = false;
        for (uint16_t i = 0; i < MODEL_STEPS; i++) {
            uint16_t s = fake_prng_below(&rng, SPAN);
            bool fresh = !seen[s] && (!any || s > top || top - s < 64);
            assert_int_equal(replay_check(&w, s), fresh);
            if (fresh && fake_prng_below(&rng, 4) != 0) { /* a quarter "fail to authenticate" */
                replay_update(&w, s);
                seen[s] = true;
                if (!any || s > top)
                    top = s;
                any = true;
            }
        }
    }
}

/* ---- small bodies --------------------------------------------------------- */

static void test_alert_and_ccs(void **state)
{
    (void)state;
    uint8_t a[2], level = 0, desc = 0;
    dtls_alert_write(a, DTLS_ALERT_FATAL, DTLS_ALERT_DECODE_ERROR);
    assert_true(dtls_alert_parse(a, 2, &level, &desc));
    assert_int_equal(level, DTLS_ALERT_FATAL);
    assert_int_equal(desc, DTLS_ALERT_DECODE_ERROR);
    assert_false(dtls_alert_parse(a, 1, &level, &desc));
    assert_false(dtls_alert_parse(a, 3, &level, &desc));
    assert_false(dtls_alert_parse(NULL, 2, &level, &desc));
    a[0] = 0;
    assert_false(dtls_alert_parse(a, 2, &level, &desc));
    a[0] = 3;
    assert_false(dtls_alert_parse(a, 2, &level, &desc));
    static const uint8_t one = 1, two = 2;
    assert_true(dtls_ccs_valid(&one, 1));
    assert_false(dtls_ccs_valid(&two, 1));
    assert_false(dtls_ccs_valid(&one, 0));
    assert_false(dtls_ccs_valid(a, 2));
}

/* ---- real captures -------------------------------------------------------- */

#if !defined(__MSP430__)

/* Every datagram of every capture parses into sound records that tile it. */
static void test_captured_datagrams(void **state)
{
    (void)state;
    static const char *names[] = {"openssl_openssl", "gnutls_gnutls",        "openssl_gnutls",
                                  "gnutls_openssl",  "openssl_gnutls_mtu60", "openssl_openssl_mtu256"};
    static struct vec_file v;
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        assert_true(vec_load(names[f], &v));
        unsigned records = 0, encrypted = 0;
        for (unsigned d = 0; d < v.count; d++) {
            struct dtls_record_iter it;
            struct dtls_record rec;
            struct dtls_drops dd;
            memset(&dd, 0, sizeof dd);
            uint16_t covered = 0;
            dtls_record_iter_init(&it, v.dgram[d].data, v.dgram[d].len, &dd);
            while (dtls_record_next(&it, &rec)) {
                covered = (uint16_t)(covered + DTLS_RECORD_HEADER_LEN + rec.length);
                records++;
                encrypted += rec.epoch == 1;
                assert_true(rec.epoch <= 1);
                if (rec.epoch == 1)
                    assert_true(rec.length >= 16); /* 8 explicit nonce + 8 tag */
                if (rec.type == DTLS_CT_CHANGE_CIPHER_SPEC)
                    assert_true(dtls_ccs_valid(rec.fragment, rec.length));
            }
            assert_int_equal(covered, v.dgram[d].len);
            for (unsigned i = 0; i < DTLS_DROP_COUNT; i++)
                assert_int_equal(dd.count[i], 0);
        }
        assert_true(records >= v.count);
        assert_true(encrypted >= 4); /* both Finished, data both ways or close_notify */
    }
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_record),
        cmocka_unit_test(test_several_records),
        cmocka_unit_test(test_empty_datagram),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_good_then_truncated),
        cmocka_unit_test(test_length_overruns),
        cmocka_unit_test(test_length_to_the_end),
#if !defined(__MSP430__)
        cmocka_unit_test(test_too_long),
#endif
        cmocka_unit_test(test_bad_types),
        cmocka_unit_test(test_bad_versions),
        cmocka_unit_test(test_empty_records),
        cmocka_unit_test(test_garbage_datagram),
        cmocka_unit_test(test_sequence_limits),
        cmocka_unit_test(test_sequence_next),
        cmocka_unit_test(test_drop_counters_saturate),
        cmocka_unit_test(test_replay_first_record),
        cmocka_unit_test(test_replay_duplicates_and_order),
        cmocka_unit_test(test_replay_window_edges),
        cmocka_unit_test(test_replay_slides),
        cmocka_unit_test(test_replay_far_future_and_past),
        cmocka_unit_test(test_replay_48_bit_end),
        cmocka_unit_test(test_replay_model),
        cmocka_unit_test(test_alert_and_ccs),
#if !defined(__MSP430__)
        cmocka_unit_test(test_captured_datagrams),
#endif
    };
    return cmocka_run_group_tests_name("dtls_record", tests, NULL, NULL);
}
