/* hello_test.c: cmocka tests of the hello messages (components/dtls/
 * dtls_hello.c): build/parse round trips, our policy checks and their
 * alerts, every truncation and every malformed field we could think of,
 * and the ClientHellos, HelloVerifyRequests and ServerHellos that OpenSSL
 * 3.0 and GnuTLS 3.7 put on the wire (tests/vectors/dtls, capture.sh). */
#include <string.h>

#include "dtls/dtls_handshake.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"
#include "tests/unit/test_cmocka.h"
#if !defined(__MSP430__)
#include "vectors.h" /* capture files: host only */
#endif

static const uint8_t rnd[DTLS_RANDOM_LEN] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                             17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t cookie[DTLS_COOKIE_MAX + 1] = {0xC0, 0x0C, 0x1E, 3, 4, 5, 6, 7, 8, 9, 10, 11};

static uint16_t build_ch(uint8_t *out, uint16_t cap, uint8_t cookie_len, uint8_t flags)
{
    struct dtls_client_hello ch = {.random = rnd, .cookie = cookie, .cookie_len = cookie_len, .flags = flags};
    return dtls_client_hello_build(out, cap, &ch);
}

/* ---- ClientHello -------------------------------------------------------------- */

static void test_client_hello_roundtrip(void **state)
{
    (void)state;
    static const uint8_t flag_sets[] = {0,
                                        DTLS_HELLO_SCSV,
                                        DTLS_HELLO_EMS,
                                        DTLS_HELLO_RENEG_INFO,
                                        DTLS_HELLO_SCSV | DTLS_HELLO_EMS,
                                        DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO};
    for (size_t i = 0; i < sizeof flag_sets; i++) {
        for (uint8_t clen = 0; clen <= DTLS_COOKIE_MAX; clen = (uint8_t)(clen + 16)) {
            uint8_t buf[200];
            uint16_t n = build_ch(buf, sizeof buf, clen, flag_sets[i]);
            assert_true(n > 0);
            struct dtls_client_hello ch;
            assert_int_equal(dtls_client_hello_parse(buf, n, &ch), DTLS_OK);
            assert_int_equal(dtls_client_hello_check(&ch), DTLS_OK);
            assert_int_equal(ch.version, DTLS_VERSION_1_2);
            assert_memory_equal(ch.random, rnd, DTLS_RANDOM_LEN);
            assert_int_equal(ch.session_id_len, 0);
            assert_int_equal(ch.cookie_len, clen);
            assert_memory_equal(ch.cookie, cookie, clen);
            assert_int_equal(ch.cookie_at, 2 + 32 + 1);
            assert_int_equal(ch.cookie_end, 2 + 32 + 1 + 1 + clen);
            assert_int_equal(ch.flags, flag_sets[i] | DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP);
            assert_int_equal(ch.body_len, n);
        }
    }
}

/* Our ClientHello is small: 2 + 32 + 1 + 1 + 2 + 4 + 1 + 1 + 2 + 4 bytes with SCSV and EMS. */
static void test_client_hello_size_and_cap(void **state)
{
    (void)state;
    uint8_t buf[200];
    uint16_t n = build_ch(buf, sizeof buf, 0, DTLS_HELLO_SCSV | DTLS_HELLO_EMS);
    assert_int_equal(n, 50);
    for (uint16_t cap = 0; cap < n; cap++)
        assert_int_equal(build_ch(buf, cap, 0, DTLS_HELLO_SCSV | DTLS_HELLO_EMS), 0);
    assert_int_equal(build_ch(buf, n, 0, DTLS_HELLO_SCSV | DTLS_HELLO_EMS), n);
    assert_int_equal(build_ch(buf, sizeof buf, DTLS_COOKIE_MAX + 1, 0), 0); /* longer than we keep */
}

/* Every prefix of a ClientHello fails to parse, except the one that ends
 * right after the compression methods (extensions are optional). */
static void test_client_hello_truncations(void **state)
{
    (void)state;
    uint8_t buf[200];
    uint16_t n = build_ch(buf, sizeof buf, 20, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO);
    uint16_t no_ext = (uint16_t)(n - 2 - 4 - 5);
    for (uint16_t len = 0; len < n; len++) {
        struct dtls_client_hello ch;
        uint8_t want = len == no_ext ? DTLS_OK : DTLS_ALERT_DECODE_ERROR;
        assert_int_equal(dtls_client_hello_parse(len ? buf : NULL, len, &ch), want);
    }
}

/* A ClientHello with each field corrupted in turn. */
struct ch_case {
    const char *what;
    uint16_t at; /* byte to overwrite (0xFFFF: append instead) */
    uint8_t value;
    uint8_t alert;
};

static void test_client_hello_malformed(void **state)
{
    (void)state;
    /* layout with a 4-byte cookie, SCSV, EMS and RENEG_INFO:
     * 0 version, 2 random, 34 sid len, 35 cookie len, 36 cookie, 40 suites len,
     * 42 suites (4), 46 comp len, 47 comp, 48 ext len, 50 reneg (5), 55 ems (4) */
    static const struct ch_case cases[] = {
        {"session id of 33 bytes", 34, 33, DTLS_ALERT_DECODE_ERROR},
        {"session id past the end", 34, 200, DTLS_ALERT_DECODE_ERROR},
        {"cookie past the end", 35, 250, DTLS_ALERT_DECODE_ERROR},
        {"odd suite list", 41, 3, DTLS_ALERT_DECODE_ERROR},
        {"empty suite list", 41, 0, DTLS_ALERT_DECODE_ERROR},
        {"suite list past the end", 40, 1, DTLS_ALERT_DECODE_ERROR},
        {"no compression method", 46, 0, DTLS_ALERT_DECODE_ERROR},
        {"extensions longer than the body", 49, 10, DTLS_ALERT_DECODE_ERROR},
        {"extensions shorter than the body", 49, 8, DTLS_ALERT_DECODE_ERROR},
        {"extension longer than the block", 53, 9, DTLS_ALERT_DECODE_ERROR},
        {"renegotiation_info length byte wrong", 54, 1, DTLS_ALERT_DECODE_ERROR},
        {"renegotiation_info longer than its vector", 53, 2, DTLS_ALERT_DECODE_ERROR},
        {"EMS length past the block", 58, 1, DTLS_ALERT_DECODE_ERROR},
        {"trailing byte", 0xFFFF, 0, DTLS_ALERT_DECODE_ERROR},
    };
    uint8_t good[100];
    uint16_t n = build_ch(good, sizeof good, 4, DTLS_HELLO_SCSV | DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO);
    assert_int_equal(n, 59);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[100];
        memcpy(buf, good, n);
        uint16_t len = n;
        if (cases[i].at == 0xFFFF)
            buf[len++] = cases[i].value;
        else
            buf[cases[i].at] = cases[i].value;
        struct dtls_client_hello ch;
        uint8_t got = dtls_client_hello_parse(buf, len, &ch);
        if (got != cases[i].alert)
            fail_msg("%s: alert %u, expected %u", cases[i].what, got, cases[i].alert);
    }
}

/* Extension semantics: duplicates, non-empty renegotiation, unknown ones. */
static void test_client_hello_extensions(void **state)
{
    (void)state;
    uint8_t buf[120];
    struct dtls_client_hello ch;
    uint16_t n = build_ch(buf, sizeof buf, 0, 0); /* no extensions: ends at 42 */
    assert_int_equal(n, 42);
    static const uint8_t dup_ems[] = {0, 8, 0, 23, 0, 0, 0, 23, 0, 0};
    static const uint8_t renego[] = {0, 9, 0xFF, 0x01, 0, 5, 4, 1, 2, 3, 4};
    static const uint8_t unknown[] = {0, 14, 0, 35, 0, 0, 0x12, 0x34, 0, 2, 9, 9, 0, 23, 0, 0};
    static const uint8_t empty_block[] = {0, 0};
    static const uint8_t ems_body[] = {0, 5, 0, 23, 0, 1, 0};
    static const uint8_t dup_renego[] = {0, 10, 0xFF, 0x01, 0, 1, 0, 0xFF, 0x01, 0, 1, 0};
    struct {
        const uint8_t *ext;
        uint16_t len;
        uint8_t alert, flags;
    } cases[] = {
        {dup_ems, sizeof dup_ems, DTLS_ALERT_ILLEGAL_PARAMETER, 0},
        {renego, sizeof renego, DTLS_ALERT_HANDSHAKE_FAILURE, 0}, /* RFC 5746 3.6 */
        {unknown, sizeof unknown, DTLS_OK, DTLS_HELLO_OTHER_EXT | DTLS_HELLO_EMS},
        {empty_block, sizeof empty_block, DTLS_OK, 0},
        {ems_body, sizeof ems_body, DTLS_ALERT_DECODE_ERROR, 0}, /* RFC 7627 5.1: empty */
        {dup_renego, sizeof dup_renego, DTLS_ALERT_ILLEGAL_PARAMETER, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(buf + 42, cases[i].ext, cases[i].len);
        assert_int_equal(dtls_client_hello_parse(buf, (uint16_t)(42 + cases[i].len), &ch), cases[i].alert);
        if (cases[i].alert == DTLS_OK)
            assert_int_equal(ch.flags & ~(DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP), cases[i].flags);
    }
}

/* Our server's policy: DTLS 1.2 or newer, 0xC0A8, null compression. */
static void test_client_hello_policy(void **state)
{
    (void)state;
    uint8_t buf[100];
    struct dtls_client_hello ch;
    uint16_t n = build_ch(buf, sizeof buf, 0, DTLS_HELLO_EMS);
    static const struct {
        uint16_t version;
        uint8_t alert;
    } versions[] = {
        {0xFEFD, DTLS_OK},
        {0xFEFC, DTLS_OK} /* 1.3 offers 1.2 too */,
        {0xFEFF, DTLS_ALERT_PROTOCOL_VERSION},
        {0xFEFE, DTLS_ALERT_PROTOCOL_VERSION},
        {0x0303, DTLS_ALERT_PROTOCOL_VERSION},
        {0x0000, DTLS_ALERT_PROTOCOL_VERSION},
        {0xFDFD, DTLS_ALERT_PROTOCOL_VERSION},
        {0xFE00, DTLS_OK} /* the edges of the DTLS major version */,
        {0xFDFF, DTLS_ALERT_PROTOCOL_VERSION},
        {0xFFFD, DTLS_ALERT_PROTOCOL_VERSION},
    };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        dtls_put_u16(buf, versions[i].version);
        assert_int_equal(dtls_client_hello_parse(buf, n, &ch), DTLS_OK);
        assert_int_equal(dtls_client_hello_check(&ch), versions[i].alert);
    }
    dtls_put_u16(buf, DTLS_VERSION_1_2);
    dtls_put_u16(buf + 38, 0xC0A9); /* only another suite */
    assert_int_equal(dtls_client_hello_parse(buf, n, &ch), DTLS_OK);
    assert_int_equal(dtls_client_hello_check(&ch), DTLS_ALERT_HANDSHAKE_FAILURE);
    dtls_put_u16(buf + 38, DTLS_PSK_WITH_AES_128_CCM_8);
    buf[41] = 1; /* only DEFLATE */
    assert_int_equal(dtls_client_hello_parse(buf, n, &ch), DTLS_OK);
    assert_int_equal(dtls_client_hello_check(&ch), DTLS_ALERT_ILLEGAL_PARAMETER);
}

/* A cookie longer than ours parses (RFC 6347 allows 255): it is simply not ours. */
static void test_client_hello_long_cookie(void **state)
{
    (void)state;
    uint8_t buf[400];
    uint16_t n = build_ch(buf, sizeof buf, 0, 0);
    memmove(buf + 36 + 255, buf + 36, (size_t)(n - 36));
    buf[35] = 255;
    memset(buf + 36, 0xCC, 255);
    struct dtls_client_hello ch;
    assert_int_equal(dtls_client_hello_parse(buf, (uint16_t)(n + 255), &ch), DTLS_OK);
    assert_int_equal(ch.cookie_len, 255);
    assert_int_equal(ch.cookie_end, 36 + 255);
}

/* A 33-byte session id that fits inside the body is still refused. */
static void test_session_id_33(void **state)
{
    (void)state;
    uint8_t a[200], b[200];
    struct dtls_client_hello ch = {
        .random = rnd, .session_id = rnd, .session_id_len = 32, .flags = DTLS_HELLO_EMS};
    uint16_t n = dtls_client_hello_build(a, sizeof a, &ch);
    assert_int_equal(dtls_client_hello_parse(a, n, &ch), DTLS_OK);
    memcpy(b, a, 35 + 32);
    b[34] = 33;
    b[35 + 32] = 0x55; /* the 33rd byte */
    memcpy(b + 35 + 33, a + 35 + 32, (size_t)(n - 35 - 32));
    assert_int_equal(dtls_client_hello_parse(b, (uint16_t)(n + 1), &ch), DTLS_ALERT_DECODE_ERROR);
    struct dtls_server_hello sh = {.random = rnd, .session_id = rnd, .session_id_len = 32};
    n = dtls_server_hello_build(a, sizeof a, &sh);
    assert_int_equal(dtls_server_hello_parse(a, n, &sh), DTLS_OK);
    memcpy(b, a, 35 + 32);
    b[34] = 33;
    b[35 + 32] = 0x55;
    memcpy(b + 35 + 33, a + 35 + 32, (size_t)(n - 35 - 32));
    assert_int_equal(dtls_server_hello_parse(b, (uint16_t)(n + 1), &sh), DTLS_ALERT_DECODE_ERROR);
}

/* ---- ServerHello -------------------------------------------------------------- */

static uint16_t build_sh(uint8_t *out, uint16_t cap, uint8_t sid_len, uint8_t flags)
{
    struct dtls_server_hello sh = {
        .random = rnd, .session_id = rnd, .session_id_len = sid_len, .flags = flags};
    return dtls_server_hello_build(out, cap, &sh);
}

static void test_server_hello_roundtrip(void **state)
{
    (void)state;
    uint8_t buf[120];
    struct dtls_server_hello sh;
    uint16_t n = build_sh(buf, sizeof buf, 32, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO);
    assert_int_equal(n, 2 + 32 + 1 + 32 + 2 + 1 + 2 + 5 + 4);
    assert_int_equal(dtls_server_hello_parse(buf, n, &sh), DTLS_OK);
    assert_int_equal(sh.version, DTLS_VERSION_1_2);
    assert_memory_equal(sh.random, rnd, 32);
    assert_int_equal(sh.session_id_len, 32);
    assert_int_equal(sh.suite, DTLS_PSK_WITH_AES_128_CCM_8);
    assert_int_equal(sh.compression, 0);
    assert_int_equal(sh.flags, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO);
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS), DTLS_OK);
    for (uint16_t cap = 0; cap < n; cap++)
        assert_int_equal(build_sh(buf, cap, 32, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO), 0);
    assert_int_equal(build_sh(buf, sizeof buf, 33, 0), 0);
    n = build_sh(buf, sizeof buf, 0, 0); /* minimal: no extensions block */
    assert_int_equal(n, 38);
    for (uint16_t len = 0; len < n; len++)
        assert_int_equal(dtls_server_hello_parse(buf, len, &sh), DTLS_ALERT_DECODE_ERROR);
}

static void test_server_hello_policy(void **state)
{
    (void)state;
    uint8_t buf[120];
    struct dtls_server_hello sh;
    uint16_t n = build_sh(buf, sizeof buf, 0, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO);
    assert_int_equal(dtls_server_hello_parse(buf, n, &sh), DTLS_OK);
    /* what we offered decides which extensions may come back */
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO), DTLS_OK);
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_EMS), DTLS_ALERT_UNSUPPORTED_EXTENSION);
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV), DTLS_ALERT_UNSUPPORTED_EXTENSION);
    sh.flags |= DTLS_HELLO_OTHER_EXT;
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS),
                     DTLS_ALERT_UNSUPPORTED_EXTENSION);
    sh.flags &= (uint8_t)~DTLS_HELLO_OTHER_EXT;
    sh.version = DTLS_VERSION_1_0;
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS),
                     DTLS_ALERT_PROTOCOL_VERSION);
    sh.version = DTLS_VERSION_1_2;
    sh.suite = 0xC0A9;
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS),
                     DTLS_ALERT_ILLEGAL_PARAMETER);
    sh.suite = DTLS_PSK_WITH_AES_128_CCM_8;
    sh.compression = 1;
    assert_int_equal(dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS),
                     DTLS_ALERT_ILLEGAL_PARAMETER);
    buf[n - 5] = 1; /* renegotiated_connection claims 1 byte, has none */
    assert_int_equal(dtls_server_hello_parse(buf, n, &sh), DTLS_ALERT_DECODE_ERROR);
}

/* Every combination of extensions answered (EMS, renegotiation_info, another)
 * and offered (EMS, renegotiation_info, SCSV, another): an answer needs its
 * own offer, renegotiation_info either offer (RFC 5746 3.4); flags that are
 * not extensions do not matter. */
static void test_server_hello_extension_policy(void **state)
{
    (void)state;
    uint8_t buf[120];
    struct dtls_server_hello sh;
    uint16_t n = build_sh(buf, sizeof buf, 0, 0);
    assert_int_equal(dtls_server_hello_parse(buf, n, &sh), DTLS_OK);
    static const uint8_t answers[] = {DTLS_HELLO_EMS, DTLS_HELLO_RENEG_INFO, DTLS_HELLO_OTHER_EXT};
    static const uint8_t offers[] = {DTLS_HELLO_EMS, DTLS_HELLO_RENEG_INFO, DTLS_HELLO_SCSV,
                                     DTLS_HELLO_OTHER_EXT};
    for (unsigned a = 0; a < 8; a++) {
        for (unsigned o = 0; o < 16; o++) {
            uint8_t answered = DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP, offered = 0;
            for (unsigned i = 0; i < 3; i++)
                answered |= (a >> i) & 1u ? answers[i] : 0;
            for (unsigned i = 0; i < 4; i++)
                offered |= (o >> i) & 1u ? offers[i] : 0;
            bool ems_ok = !(answered & DTLS_HELLO_EMS) || (offered & DTLS_HELLO_EMS);
            bool reneg_ok =
                !(answered & DTLS_HELLO_RENEG_INFO) || (offered & (DTLS_HELLO_RENEG_INFO | DTLS_HELLO_SCSV));
            bool other_ok = !(answered & DTLS_HELLO_OTHER_EXT) || (offered & DTLS_HELLO_OTHER_EXT);
            sh.flags = answered;
            assert_int_equal(dtls_server_hello_check(&sh, offered),
                             ems_ok && reneg_ok && other_ok ? DTLS_OK : DTLS_ALERT_UNSUPPORTED_EXTENSION);
        }
    }
}

/* ---- HelloVerifyRequest ------------------------------------------------------- */

static void test_hello_verify(void **state)
{
    (void)state;
    uint8_t buf[64];
    struct dtls_hello_verify hv;
    uint16_t n = dtls_hello_verify_build(buf, sizeof buf, cookie, 20);
    assert_int_equal(n, 23);
    assert_int_equal(dtls_get_u16(buf), DTLS_VERSION_1_0); /* RFC 6347 4.2.1 */
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_OK);
    assert_int_equal(hv.cookie_len, 20);
    assert_memory_equal(hv.cookie, cookie, 20);
    for (uint16_t len = 0; len < n; len++)
        assert_int_equal(dtls_hello_verify_parse(buf, len, &hv), DTLS_ALERT_DECODE_ERROR);
    buf[n] = 0;
    assert_int_equal(dtls_hello_verify_parse(buf, (uint16_t)(n + 1), &hv), DTLS_ALERT_DECODE_ERROR);
    for (uint16_t cap = 0; cap < n; cap++)
        assert_int_equal(dtls_hello_verify_build(buf, cap, cookie, 20), 0);
    n = dtls_hello_verify_build(buf, sizeof buf, cookie, DTLS_COOKIE_MAX);
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_OK);
    n = dtls_hello_verify_build(buf, sizeof buf, cookie, DTLS_COOKIE_MAX + 1);
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_ALERT_ILLEGAL_PARAMETER);
    n = dtls_hello_verify_build(buf, sizeof buf, cookie, 0);
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_ALERT_ILLEGAL_PARAMETER);
    n = dtls_hello_verify_build(buf, sizeof buf, cookie, 8);
    dtls_put_u16(buf, DTLS_VERSION_1_2);
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_OK);
    dtls_put_u16(buf, 0x0303);
    assert_int_equal(dtls_hello_verify_parse(buf, n, &hv), DTLS_ALERT_PROTOCOL_VERSION);
}

/* ---- real captures -------------------------------------------------------------- */

#if !defined(__MSP430__)

enum { MSG_MAX = 16, BODY_MAX = 1024 };

/* The epoch-0 handshake messages one side sent, reassembled, in order. */
struct side {
    unsigned n;
    uint8_t type[MSG_MAX];
    uint16_t len[MSG_MAX];
    uint8_t body[MSG_MAX][BODY_MAX];
};

static void collect(const struct vec_file *v, bool from_client, struct side *s)
{
    static union {
        struct dtls_reasm r;
        uint8_t bytes[DTLS_REASM_SIZE(BODY_MAX)];
    } slots[4];
    struct dtls_inbox in;
    dtls_inbox_init(&in, slots, 4, BODY_MAX, 0);
    s->n = 0;
    for (unsigned d = 0; d < v->count; d++) {
        struct dtls_record_iter it;
        struct dtls_record rec;
        dtls_record_iter_init(&it, v->dgram[d].data, v->dgram[d].len, NULL);
        while (v->dgram[d].from_client == from_client && dtls_record_next(&it, &rec)) {
            struct dtls_hs_iter hi;
            struct dtls_hs_fragment f;
            struct dtls_hs_msg m;
            uint8_t alert;
            dtls_hs_iter_init(&hi, rec.fragment,
                              rec.type == DTLS_CT_HANDSHAKE && rec.epoch == 0 ? rec.length : 0);
            while (dtls_hs_next(&hi, &f, &alert)) {
                if (dtls_inbox_put(&in, &f, &m, &alert) != DTLS_IN_READY)
                    continue;
                do {
                    assert_true(s->n < MSG_MAX && m.length <= BODY_MAX);
                    s->type[s->n] = m.type;
                    s->len[s->n] = m.length;
                    memcpy(s->body[s->n++], m.body, m.length);
                } while (dtls_inbox_advance(&in, &m));
            }
        }
    }
}

static struct side cli, srv;

/* The first message of type t at or after index from, or -1. */
static int find(const struct side *s, uint8_t t, int from)
{
    for (int i = from; i < (int)s->n; i++) {
        if (s->type[i] == t)
            return i;
    }
    return -1;
}

/* What every capture must show, whoever the peers: both ClientHellos
 * acceptable to our server, a cookie echoed unchanged with every other
 * byte of the hello unchanged too, a ServerHello our client accepts for
 * the flags the client offered, and the PSK identity. */
static void check_capture(const char *name, uint8_t *ch_flags, uint8_t *sh_flags, uint8_t *cookie_len)
{
    static struct vec_file v;
    assert_true(vec_load(name, &v));
    collect(&v, true, &cli);
    collect(&v, false, &srv);
    int c0 = find(&cli, DTLS_HT_CLIENT_HELLO, 0), c1 = find(&cli, DTLS_HT_CLIENT_HELLO, c0 + 1);
    int hv = find(&srv, DTLS_HT_HELLO_VERIFY_REQUEST, 0), sh = find(&srv, DTLS_HT_SERVER_HELLO, 0);
    int cke = find(&cli, DTLS_HT_CLIENT_KEY_EXCHANGE, 0);
    assert_true(c0 >= 0 && c1 > c0 && hv >= 0 && sh > hv && cke > c1);
    struct dtls_client_hello a, b;
    struct dtls_hello_verify h;
    struct dtls_server_hello s;
    assert_int_equal(dtls_client_hello_parse(cli.body[c0], cli.len[c0], &a), DTLS_OK);
    assert_int_equal(dtls_client_hello_parse(cli.body[c1], cli.len[c1], &b), DTLS_OK);
    assert_int_equal(dtls_client_hello_check(&a), DTLS_OK);
    assert_int_equal(dtls_client_hello_check(&b), DTLS_OK);
    assert_int_equal(dtls_hello_verify_parse(srv.body[hv], srv.len[hv], &h), DTLS_OK);
    assert_int_equal(a.cookie_len, 0);
    assert_int_equal(b.cookie_len, h.cookie_len);
    assert_memory_equal(b.cookie, h.cookie, h.cookie_len);
    assert_int_equal(a.cookie_at, b.cookie_at);
    assert_memory_equal(cli.body[c0], cli.body[c1], a.cookie_at);
    assert_int_equal(a.body_len - a.cookie_end, b.body_len - b.cookie_end);
    assert_memory_equal(cli.body[c0] + a.cookie_end, cli.body[c1] + b.cookie_end, a.body_len - a.cookie_end);
    assert_int_equal(a.flags, b.flags);
    assert_int_equal(dtls_server_hello_parse(srv.body[sh], srv.len[sh], &s), DTLS_OK);
    uint8_t offered =
        a.flags & (DTLS_HELLO_SCSV | DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO | DTLS_HELLO_OTHER_EXT);
    assert_int_equal(dtls_server_hello_check(&s, offered), DTLS_OK);
    assert_int_equal(s.suite, DTLS_PSK_WITH_AES_128_CCM_8);
    /* ClientKeyExchange: psk_identity<0..2^16-1> = "client1" */
    assert_int_equal(cli.len[cke], 9);
    assert_memory_equal(cli.body[cke], "\0\7client1", 9);
    *ch_flags = a.flags;
    *sh_flags = s.flags;
    *cookie_len = h.cookie_len;
}

enum { F = DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP };

static void test_capture_openssl(void **state)
{
    (void)state;
    uint8_t chf, shf, clen;
    check_capture("openssl_openssl", &chf, &shf, &clen);
    /* interop-peers.md: suites {0xC0A8, SCSV}; session_ticket, encrypt_then_mac, EMS, sig_algs */
    assert_int_equal(chf, F | DTLS_HELLO_SCSV | DTLS_HELLO_EMS | DTLS_HELLO_OTHER_EXT);
    assert_int_equal(shf, DTLS_HELLO_RENEG_INFO | DTLS_HELLO_EMS | DTLS_HELLO_OTHER_EXT);
    assert_int_equal(clen, 20);
    struct dtls_client_hello ch;
    assert_int_equal(dtls_client_hello_parse(cli.body[0], cli.len[0], &ch), DTLS_OK);
    assert_int_equal(ch.version, DTLS_VERSION_1_2);
    assert_int_equal(ch.suites_len, 4);
    assert_int_equal(ch.compression_len, 1);
    struct dtls_hello_verify hv;
    assert_int_equal(dtls_hello_verify_parse(srv.body[0], srv.len[0], &hv), DTLS_OK);
    assert_int_equal(hv.version, DTLS_VERSION_1_0);
    int ske = find(&srv, DTLS_HT_SERVER_KEY_EXCHANGE, 0); /* psk_identity_hint "hint1" */
    assert_true(ske > 0);
    assert_memory_equal(srv.body[ske], "\0\5hint1", 7);
}

static void test_capture_gnutls(void **state)
{
    (void)state;
    uint8_t chf, shf, clen;
    check_capture("gnutls_gnutls", &chf, &shf, &clen);
    /* no SCSV but the renegotiation_info extension, EMS, and others */
    assert_int_equal(chf, F | DTLS_HELLO_RENEG_INFO | DTLS_HELLO_EMS | DTLS_HELLO_OTHER_EXT);
    assert_int_equal(shf & (DTLS_HELLO_RENEG_INFO | DTLS_HELLO_EMS), DTLS_HELLO_RENEG_INFO | DTLS_HELLO_EMS);
    assert_true(clen > 0 && clen <= DTLS_COOKIE_MAX);
}

static void test_capture_cross(void **state)
{
    (void)state;
    uint8_t chf, shf, clen;
    check_capture("openssl_gnutls", &chf, &shf, &clen);
    assert_true(chf & DTLS_HELLO_SCSV);
    assert_true(shf & DTLS_HELLO_RENEG_INFO);
    assert_int_equal(find(&srv, DTLS_HT_SERVER_KEY_EXCHANGE, 0), -1); /* no hint: no ServerKeyExchange */
    check_capture("gnutls_openssl", &chf, &shf, &clen);
    assert_true(chf & DTLS_HELLO_RENEG_INFO);
    assert_int_equal(clen, 20);
}

/* Fragmented hellos: OpenSSL's long ClientHello (many suites, 0xC0A8 among
 * them) and GnuTLS's ServerHello in 35-byte pieces. */
static void test_capture_fragmented(void **state)
{
    (void)state;
    uint8_t chf, shf, clen;
    check_capture("openssl_openssl_mtu256", &chf, &shf, &clen);
    struct dtls_client_hello ch;
    assert_int_equal(dtls_client_hello_parse(cli.body[0], cli.len[0], &ch), DTLS_OK);
    assert_true(ch.suites_len > 100);
    assert_true(cli.len[0] > 228 - 25); /* did not fit one datagram */
    check_capture("openssl_gnutls_mtu60", &chf, &shf, &clen);
    int ske = find(&srv, DTLS_HT_SERVER_KEY_EXCHANGE, 0);
    assert_int_equal(srv.len[ske], 252);
    assert_int_equal(dtls_get_u16(srv.body[ske]), 250);
}

/* What our builder makes of a parsed foreign hello parses back the same. */
static void test_capture_rebuild(void **state)
{
    (void)state;
    static struct vec_file v;
    assert_true(vec_load("gnutls_gnutls", &v));
    collect(&v, true, &cli);
    struct dtls_client_hello a, b;
    assert_int_equal(dtls_client_hello_parse(cli.body[1], cli.len[1], &a), DTLS_OK);
    a.flags &= DTLS_HELLO_SCSV | DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO;
    uint8_t buf[200];
    uint16_t n = dtls_client_hello_build(buf, sizeof buf, &a);
    assert_true(n > 0);
    assert_int_equal(dtls_client_hello_parse(buf, n, &b), DTLS_OK);
    assert_memory_equal(b.random, a.random, DTLS_RANDOM_LEN);
    assert_int_equal(b.cookie_len, a.cookie_len);
    assert_memory_equal(b.cookie, a.cookie, a.cookie_len);
    assert_int_equal(b.flags, a.flags | DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_hello_roundtrip),
        cmocka_unit_test(test_client_hello_size_and_cap),
        cmocka_unit_test(test_client_hello_truncations),
        cmocka_unit_test(test_client_hello_malformed),
        cmocka_unit_test(test_client_hello_extensions),
        cmocka_unit_test(test_client_hello_policy),
        cmocka_unit_test(test_client_hello_long_cookie),
        cmocka_unit_test(test_session_id_33),
        cmocka_unit_test(test_server_hello_roundtrip),
        cmocka_unit_test(test_server_hello_policy),
        cmocka_unit_test(test_server_hello_extension_policy),
        cmocka_unit_test(test_hello_verify),
#if !defined(__MSP430__)
        cmocka_unit_test(test_capture_openssl),
        cmocka_unit_test(test_capture_gnutls),
        cmocka_unit_test(test_capture_cross),
        cmocka_unit_test(test_capture_fragmented),
        cmocka_unit_test(test_capture_rebuild),
#endif
    };
    return cmocka_run_group_tests_name("dtls_hello", tests, NULL, NULL);
}
