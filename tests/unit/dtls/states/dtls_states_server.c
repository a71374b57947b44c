/* dtls_states_server.c: server s against the scripted client x, state by
 * state: the stateless cookie exchange (no cookie, a bad one, an expired
 * one: a HelloVerifyRequest and nothing allocated), each ClientHello the
 * policy refuses (with the alert RFC 5246 7.2.2 / 7.4.1, RFC 6347 and
 * RFC 5746 name), unexpected messages in each state, a bad Finished, an
 * unknown identity, a ChangeCipherSpec or application data too early,
 * alerts received in each state, and a renegotiation attempt. */

static void dsx_expect_closed(const struct dsx_user *u, uint8_t reason, uint8_t alert)
{
    assert_int_equal(u->closed, 1);
    assert_int_equal(u->reason, reason);
    assert_int_equal(u->alert, alert);
}

/* Neither a peer nor a handshake object was allocated since *before (s's
 * peer pool) and *hs_before (its handshake pool). */
static void dsx_expect_nothing_allocated(const struct pool_stats *before, const struct pool_stats *hs_before)
{
    struct pool_stats after, hs;
    DtlsStatesTest__s_pool__stats(&after);
    DtlsStatesTest__s_hs__stats(&hs);
    assert_int_equal(after.in_use, before->in_use);
    assert_int_equal(after.peak, before->peak);
    assert_int_equal(after.failures, before->failures);
    assert_int_equal(hs.in_use, hs_before->in_use);
    assert_int_equal(hs.peak, hs_before->peak);
    assert_int_equal(hs.failures, hs_before->failures);
    assert_int_equal(dsx.s.closed, 0);
    assert_int_equal(dsx.s.connected, 0);
}

/* The whole handshake against x; data both ways. */
static void test_server_full_handshake(void **state)
{
    (void)state;
    dsx_client_connect();
    assert_true(dsx.ems);
    assert_true(dsx_client_data_at(dsx.tx_seq[1], "ping"));
    assert_memory_equal(dsx.s.data, "ping", 4);
    struct endpoint x = dsx_ep(DSX_X);
    memcpy(dsx.app, "pong", 4);
    assert_int_equal(DtlsStatesTest__s__send(&x, dsx.app, 4), E_OK);
    dsx_run_for(10);
    const struct dsx_msg *m = dsx_find(DTLS_CT_APPLICATION_DATA);
    assert_non_null(m);
    assert_true(m->opened);
    assert_int_equal(m->len, 4);
    assert_memory_equal(m->body, "pong", 4);
}

/* No cookie: a HelloVerifyRequest (record version 1.0 and the
 * ClientHello's record sequence number, RFC 6347 4.2.1; message_seq 0; a
 * 16-byte cookie) and nothing allocated. */
static void test_server_hvr_without_cookie(void **state)
{
    (void)state;
    struct pool_stats before, hs_before;
    DtlsStatesTest__s_pool__stats(&before);
    DtlsStatesTest__s_hs__stats(&hs_before);
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_begin();
    dsx.tx_seq[0] = 7;
    dsx_client_hello(&ch, 0);
    const struct dsx_msg *m = dsx_expect_hs(DTLS_HT_HELLO_VERIFY_REQUEST);
    assert_int_equal(dsx.msg_n, 1);
    assert_int_equal(m->epoch, 0);
    assert_int_equal(m->seq, 7);
    assert_int_equal(m->version, DTLS_VERSION_1_0);
    assert_int_equal(m->msg_seq, 0);
    struct dtls_hello_verify hv;
    assert_int_equal(dtls_hello_verify_parse(m->body, m->len, &hv), DTLS_OK);
    assert_int_equal(hv.cookie_len, 16);
    dsx_expect_nothing_allocated(&before, &hs_before);
}

/* Send x's ClientHello (message seq 1, x's cookie): true if the answer is
 * a HelloVerifyRequest (its cookie copied to out), false if a ServerHello. */
static bool dsx_hello_answer(const struct dsx_ch *ch, uint8_t *out)
{
    dsx_client_hello(ch, 1);
    const struct dsx_msg *m = dsx_find_hs(DTLS_HT_HELLO_VERIFY_REQUEST);
    if (!m) {
        assert_non_null(dsx_find_hs(DTLS_HT_SERVER_HELLO));
        return false;
    }
    struct dtls_hello_verify hv;
    assert_int_equal(dtls_hello_verify_parse(m->body, m->len, &hv), DTLS_OK);
    memcpy(out, hv.cookie, hv.cookie_len);
    return true;
}

/* A cookie that is not the one s computes for this client gets a
 * HelloVerifyRequest, and nothing is allocated: a changed byte, one byte
 * short or long, 255 bytes. (The cookie binds the client's endpoint only,
 * so that it can be checked in whichever fragment of a fragmented
 * ClientHello carries it: another random or suite list keeps it valid.)
 * The right one then starts the handshake. */
static void test_server_hvr_bad_cookie(void **state)
{
    (void)state;
    struct pool_stats before, hs_before;
    DtlsStatesTest__s_pool__stats(&before);
    DtlsStatesTest__s_hs__stats(&hs_before);
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    dsx_take_cookie();
    uint8_t good[16], got[16];
    memcpy(good, dsx.cookie, sizeof good);
    dsx.cookie[5] ^= 0x20;
    assert_true(dsx_hello_answer(&ch, got));
    assert_memory_equal(got, good, sizeof good);
    memcpy(dsx.cookie, good, sizeof good);
    dsx.cookie_len = 15;
    assert_true(dsx_hello_answer(&ch, got));
    dsx.cookie_len = 17;
    assert_true(dsx_hello_answer(&ch, got));
    memset(dsx.cookie + 16, 0xAA, 255 - 16);
    dsx.cookie_len = 255;
    assert_true(dsx_hello_answer(&ch, got));
    dsx.cookie_len = 16;
    dsx_expect_nothing_allocated(&before, &hs_before);
    assert_false(dsx_hello_answer(&ch, got));
    assert_int_equal(dsx_in_use(true), 1);
}

/* The cookie x gets now for its current hello (no cookie sent). */
static void dsx_cookie_now(uint8_t *out)
{
    struct dsx_ch ch = dsx_ch_default();
    dsx.cookie_len = 0;
    dsx_client_hello(&ch, 0);
    dsx_take_cookie();
    assert_int_equal(dsx.cookie_len, 16);
    memcpy(out, dsx.cookie, 16);
}

/* Whether s accepts cookie for x's hello now; an accepted one's handshake is ended again. */
static bool dsx_cookie_accepted(const uint8_t *cookie)
{
    struct dsx_ch ch = dsx_ch_default();
    uint8_t got[16];
    memcpy(dsx.cookie, cookie, 16);
    dsx.cookie_len = 16;
    bool hvr = dsx_hello_answer(&ch, got);
    if (!hvr) {
        struct endpoint x = dsx_ep(DSX_X);
        assert_int_equal(DtlsStatesTest__s_session__close(&x), E_OK);
        dsx_run_for(10);
        assert_int_equal(dsx_in_use(true), 0);
        dsx.s.closed = 0;
    }
    return !hvr;
}

/* Rotation edges (cookie_period_ms = 60 s, secret replaced on the 250 ms
 * tick): find a rotation R by asking for the same hello's cookie every
 * 250 ms. The cookie A from just before R is the previous secret's: valid
 * until R + 60 s, refused just after. The cookie B from just after R is
 * valid until R + 120 s, refused just after. */
static void test_server_cookie_rotation_edges(void **state)
{
    (void)state;
    uint8_t a[16], b[16];
    dsx_client_begin();
    dsx_cookie_now(a);
    for (uint16_t i = 0;; i++) {
        assert_true(i < 300); /* 75 s: a rotation must have come */
        dsx_run_for(250);
        dsx_cookie_now(b);
        if (memcmp(a, b, 16) != 0)
            break;
        memcpy(a, b, 16);
    }
    /* now = R + d, 0 <= d < 260 */
    dsx_run_for(59480); /* < R + 59.75 s */
    assert_true(dsx_cookie_accepted(a));
    assert_true(dsx_cookie_accepted(b));
    dsx_run_for(520); /* >= R + 60 s: A's secret is gone */
    assert_false(dsx_cookie_accepted(a));
    assert_true(dsx_cookie_accepted(b));
    dsx_run_for(59400); /* < R + 119.75 s */
    assert_true(dsx_cookie_accepted(b));
    dsx_run_for(600); /* >= R + 120 s */
    assert_false(dsx_cookie_accepted(b));
    assert_int_equal(dsx.s.connected, 0);
}

/* ClientHello ch without a cookie: a fatal alert desc from s (stateless:
 * epoch 0, nothing allocated, no closed event). */
static void dsx_expect_hello_refused(const struct dsx_ch *ch, uint8_t desc)
{
    struct pool_stats before, hs_before;
    DtlsStatesTest__s_pool__stats(&before);
    DtlsStatesTest__s_hs__stats(&hs_before);
    dsx_client_begin();
    dsx_client_hello(ch, 0);
    dsx_expect_alert(DTLS_ALERT_FATAL, desc);
    assert_int_equal(dsx.msg[0].epoch, 0);
    dsx_expect_nothing_allocated(&before, &hs_before);
}

/* Not DTLS 1.2 or later: protocol_version (RFC 5246 E.1, RFC 6347 4.2.1);
 * a later DTLS version (0xFEFC) is answered with 1.2's cookie exchange. */
static void test_server_wrong_version(void **state)
{
    (void)state;
    static const uint16_t refused[] = {DTLS_VERSION_1_0, 0x0303, 0x0302, 0xFF01};
    struct dsx_ch ch = dsx_ch_default();
    for (uint8_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        ch.version = refused[i];
        dsx_expect_hello_refused(&ch, DTLS_ALERT_PROTOCOL_VERSION);
    }
    ch.version = 0xFEFC;
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    assert_non_null(dsx_find_hs(DTLS_HT_HELLO_VERIFY_REQUEST));
}

/* No TLS_PSK_WITH_AES_128_CCM_8 among the suites: handshake_failure
 * (RFC 5246 7.4.1.3). */
static void test_server_no_common_suite(void **state)
{
    (void)state;
    static const uint8_t other_psk[] = {0x00, 0xAE, 0xC0,
                                        0xA4, 0x00, 0xFF}; /* PSK-AES128-CBC, PSK-AES128-CCM */
    static const uint8_t scsv_only[] = {0x00, 0xFF};
    struct dsx_ch ch = dsx_ch_default();
    ch.suites = other_psk;
    ch.suites_len = sizeof other_psk;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_HANDSHAKE_FAILURE);
    ch.suites = scsv_only;
    ch.suites_len = sizeof scsv_only;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_HANDSHAKE_FAILURE);
}

/* Compression methods: an empty list is a decode_error (the vector is
 * <1..2^8-1>, RFC 5246 7.4.1.2); a list without null, which RFC 5246 says
 * MUST be there but names no alert for, illegal_parameter (as RFC 8446
 * 4.1.2); null among others is fine. */
static void test_server_compression(void **state)
{
    (void)state;
    static const uint8_t deflate[] = {1};
    static const uint8_t deflate_null[] = {1, 0};
    struct dsx_ch ch = dsx_ch_default();
    ch.comp = deflate;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_ILLEGAL_PARAMETER);
    ch.comp_len = 0;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_DECODE_ERROR);
    ch.comp = deflate_null;
    ch.comp_len = 2;
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    assert_non_null(dsx_find_hs(DTLS_HT_HELLO_VERIFY_REQUEST));
}

/* Extensions: the same known one twice is illegal_parameter (RFC 5246
 * 7.4.1.4); EMS with a body and a renegotiation_info whose length byte
 * lies are decode_error; a non-empty renegotiation_info on an initial
 * handshake is handshake_failure (RFC 5746 3.6); unknown ones are ignored. */
static void test_server_hello_extensions(void **state)
{
    (void)state;
    static const uint8_t ems_twice[] = {0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00};
    static const uint8_t ems_body[] = {0x00, 0x17, 0x00, 0x01, 0x00};
    static const uint8_t renego_full[] = {0xFF, 0x01, 0x00, 0x03, 0x02, 0xAB, 0xCD};
    static const uint8_t renego_lying[] = {0xFF, 0x01, 0x00, 0x02, 0x05, 0xAB};
    static const uint8_t unknown[] = {0x00, 0x0F, 0x00, 0x01, 0x01, 0xAB, 0xCD, 0x00, 0x00};
    struct dsx_ch ch = dsx_ch_default();
    ch.ext = ems_twice, ch.ext_len = sizeof ems_twice;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_ILLEGAL_PARAMETER);
    ch.ext = ems_body, ch.ext_len = sizeof ems_body;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_DECODE_ERROR);
    ch.ext = renego_full, ch.ext_len = sizeof renego_full;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_HANDSHAKE_FAILURE);
    ch.ext = renego_lying, ch.ext_len = sizeof renego_lying;
    dsx_expect_hello_refused(&ch, DTLS_ALERT_DECODE_ERROR);
    ch.ext = unknown, ch.ext_len = sizeof unknown;
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    assert_non_null(dsx_find_hs(DTLS_HT_HELLO_VERIFY_REQUEST));
}

/* Send a raw ClientHello body (message seq 0) and expect decode_error. */
static void dsx_expect_body_refused(const uint8_t *body, uint16_t len)
{
    struct pool_stats before, hs_before;
    DtlsStatesTest__s_pool__stats(&before);
    DtlsStatesTest__s_hs__stats(&hs_before);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 0, body, len, false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_DECODE_ERROR);
    dsx_expect_nothing_allocated(&before, &hs_before);
}

/* Malformed ClientHellos: decode_error (RFC 5246 7.2.2): cut short, a
 * session id of 33 bytes, an odd or empty suite list, an extensions block
 * whose length is wrong, a byte after the extensions. */
static void test_server_malformed_hello(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    uint8_t body[DSX_BODY];
    dsx_client_begin();
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    for (uint16_t cut = 1; cut < n; cut = (uint16_t)(cut + 7u)) {
        if (cut != n - 6) /* without the extensions block it is a sound hello */
            dsx_expect_body_refused(body, cut);
    }
    body[n] = 0;
    dsx_expect_body_refused(body, (uint16_t)(n + 1)); /* trailing byte */
    body[n - 5] ^= 0x01;                              /* extensions length 4 -> 5 */
    dsx_expect_body_refused(body, n);
    body[n - 5] ^= 0x01;
    static const uint8_t odd[] = {0xC0, 0xA8, 0x00};
    ch.suites = odd, ch.suites_len = 3;
    n = dsx_ch_body(body, sizeof body, &ch);
    dsx_expect_body_refused(body, n);
    ch.suites_len = 0;
    n = dsx_ch_body(body, sizeof body, &ch);
    dsx_expect_body_refused(body, n);
    /* a 33-byte session id */
    struct dtls_wr w;
    dtls_wr_init(&w, body, sizeof body);
    dtls_wr_u16(&w, DTLS_VERSION_1_2);
    dtls_wr_bytes(&w, dsx.client_random, DTLS_RANDOM_LEN);
    dtls_wr_u8(&w, 33);
    dtls_wr_bytes(&w, dsx.client_random, 32);
    dtls_wr_u8(&w, 0x11);
    dtls_wr_u8(&w, 0); /* cookie */
    dtls_wr_bytes(&w, (const uint8_t[]){0x00, 0x02, 0xC0, 0xA8, 0x01, 0x00}, 6);
    assert_true(w.ok);
    dsx_expect_body_refused(body, w.len);
}

/* Records from a stranger that are not a ClientHello, or a ClientHello
 * whose fragment runs past its record, are dropped silently: nothing is
 * allocated, nothing answered. */
static void test_server_stranger_dropped(void **state)
{
    (void)state;
    struct pool_stats before, hs_before;
    DtlsStatesTest__s_pool__stats(&before);
    DtlsStatesTest__s_hs__stats(&hs_before);
    dsx_client_begin();
    static const uint8_t cke[] = {0x00, 0x05, 'a', 'l', 'i', 'c', 'e'};
    dsx_hs_seq(DTLS_HT_CLIENT_KEY_EXCHANGE, 2, cke, sizeof cke, false);
    dsx_send();
    dsx_expect_silence();
    dsx_alert(DTLS_ALERT_FATAL, DTLS_ALERT_HANDSHAKE_FAILURE);
    dsx_send();
    dsx_expect_silence();
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"data", 4);
    dsx_ccs();
    dsx_send();
    dsx_expect_silence();
    dsx.tx_epoch = 0;
    uint8_t body[DSX_BODY];
    struct dsx_ch ch = dsx_ch_default();
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 0, body, n, false);
    dsx.out[DTLS_RECORD_HEADER_LEN + 3] += 1; /* message length one more than the fragment carries */
    dsx.out[DTLS_RECORD_HEADER_LEN + 11] += 1;
    dsx_send();
    dsx_expect_silence();
    dsx_expect_nothing_allocated(&before, &hs_before);
}

/* s waits for a ClientKeyExchange and gets another message (message_seq
 * in turn): fatal unexpected_message (RFC 5246 7.4), the handshake ends. */
static void test_server_unexpected_in_wait_cke(void **state)
{
    (void)state;
    static const uint8_t types[] = {DTLS_HT_FINISHED,          DTLS_HT_SERVER_HELLO, DTLS_HT_CLIENT_HELLO,
                                    DTLS_HT_SERVER_HELLO_DONE, DTLS_HT_CERTIFICATE,  DTLS_HT_HELLO_REQUEST};
    static const uint8_t body[12] = {0};
    for (uint8_t i = 0; i < sizeof types; i++) {
        struct dsx_ch ch = dsx_ch_default();
        dsx.s.closed = 0;
        dsx_client_to_wait_cke(&ch);
        dsx_hs(types[i], body, types[i] == DTLS_HT_HELLO_REQUEST ? 0 : sizeof body);
        dsx_send();
        dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNEXPECTED_MESSAGE);
        dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNEXPECTED_MESSAGE);
        assert_int_equal(dsx_in_use(true), 0);
    }
}

/* After the ClientKeyExchange s waits for ChangeCipherSpec: a Finished in
 * the clear is unexpected_message. */
static void test_server_unexpected_in_wait_ccs(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_finished(false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNEXPECTED_MESSAGE);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(dsx_in_use(true), 0);
}

/* After ChangeCipherSpec s waits for Finished: another ClientKeyExchange
 * (epoch 1) is unexpected_message. */
static void test_server_unexpected_in_wait_finished(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_ccs();
    static const uint8_t cke[] = {0x00, 0x05, 'a', 'l', 'i', 'c', 'e'};
    dsx_hs(DTLS_HT_CLIENT_KEY_EXCHANGE, cke, sizeof cke);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNEXPECTED_MESSAGE);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNEXPECTED_MESSAGE);
}

/* On an established session a handshake message other than a
 * ClientHello is unexpected_message, sent under epoch 1. */
static void test_server_unexpected_when_open(void **state)
{
    (void)state;
    dsx_client_connect();
    static const uint8_t vd[CS_VERIFY_LEN] = {0};
    dsx_hs(DTLS_HT_FINISHED, vd, sizeof vd);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(dsx.msg[0].epoch, 1);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(dsx_in_use(true), 0);
}

/* A Finished that does not verify: decrypt_error (RFC 5246 7.2.2); one of
 * the wrong length: decode_error. */
static void test_server_bad_finished(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_last_flight(true);
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_DECRYPT_ERROR);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_DECRYPT_ERROR);
    assert_int_equal(dsx.s.connected, 0);
    dsx.s.closed = 0;
    dsx_client_to_wait_cke(&ch);
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_ccs();
    static const uint8_t short_vd[CS_VERIFY_LEN - 1] = {0};
    dsx_hs(DTLS_HT_FINISHED, short_vd, sizeof short_vd);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_DECODE_ERROR);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_DECODE_ERROR);
}

/* An identity the PskStore does not know: unknown_psk_identity (RFC 4279
 * section 2 allows it or decrypt_error; docs/dtls.md says which). */
static void test_server_unknown_identity(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_key_exchange("mallory");
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    assert_int_equal(dsx_in_use(true), 0);
}

/* The unknown identity in the same datagram as the ClientHello with its
 * cookie: s's flight is going out (the transport busy) when the
 * ClientKeyExchange fails, and the fatal alert still follows once the
 * transport is free (it was dropped). */
static void test_server_alert_while_busy(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    dsx_take_cookie();
    uint8_t body[DSX_BODY];
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 1, body, n, false);
    dsx_hs_seq(DTLS_HT_CLIENT_KEY_EXCHANGE, 2, (const uint8_t[]){0x00, 0x01, 'm'}, 3, false);
    dsx_send();
    assert_non_null(dsx_find_hs(DTLS_HT_SERVER_HELLO)); /* its first datagram went out */
    const struct dsx_msg *m = dsx_find(DTLS_CT_ALERT);
    if (!m)
        fail_msg("x: no alert after %u datagrams", dsx.raw_n);
    assert_int_equal(m->len, 2);
    assert_int_equal(m->body[0], DTLS_ALERT_FATAL);
    assert_int_equal(m->body[1], DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    dsx_expect_closed(&dsx.s, SESSION_ALERT_SENT, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    assert_int_equal(dsx_in_use(true), 0);
}

/* A ChangeCipherSpec before the ClientKeyExchange is dropped (there are
 * no keys to change to; RFC 6347 4.1.2.7), and changes nothing: the
 * handshake then completes normally. */
static void test_server_ccs_before_cke(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    static const uint8_t one = 1;
    dsx_rec(DTLS_CT_CHANGE_CIPHER_SPEC, &one, 1);
    dsx_send();
    dsx_expect_silence();
    assert_int_equal(dsx.s.closed, 0);
    dsx_client_last_flight(false);
    dsx_check_peer_finished();
    assert_int_equal(dsx.s.connected, 1);
}

/* Application data before the handshake completes is not delivered: in
 * the clear while s waits for the ClientKeyExchange, and under the new
 * keys before the Finished (RFC 6347 4.1: discard or buffer until the
 * Finished). After the Finished it is. */
static void test_server_data_before_finished(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"early", 5);
    dsx_send();
    dsx_expect_silence();
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_ccs();
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"early", 5);
    dsx_send();
    dsx_expect_silence();
    assert_int_equal(dsx.s.received, 0);
    assert_int_equal(dsx.s.closed, 0);
    dsx_finished(false);
    dsx_send();
    dsx_check_peer_finished();
    assert_int_equal(dsx.s.connected, 1);
    assert_int_equal(dsx.s.received, 0);
    assert_true(dsx_client_data_at(dsx.tx_seq[1], "late"));
}

/* Drive s to state k (0 waiting for ClientKeyExchange, 1 for
 * ChangeCipherSpec, 2 for Finished, 3 established). */
static void dsx_server_state(uint8_t k)
{
    struct dsx_ch ch = dsx_ch_default();
    dsx.s.closed = 0;
    dsx.s.connected = 0;
    if (k == 3) {
        dsx_client_connect();
        return;
    }
    dsx_client_to_wait_cke(&ch);
    if (k >= 1) {
        dsx_client_key_exchange(DSX_IDENTITY);
        if (k >= 2)
            dsx_ccs();
        dsx_send();
        dsx_expect_silence();
    }
}

/* A fatal alert in each state ends the handshake or session with
 * SESSION_ALERT_RECEIVED and its description; nothing is sent back. */
static void test_server_fatal_alert_in_each_state(void **state)
{
    (void)state;
    static const uint8_t desc[] = {DTLS_ALERT_HANDSHAKE_FAILURE, DTLS_ALERT_DECRYPT_ERROR,
                                   DTLS_ALERT_INTERNAL_ERROR, DTLS_ALERT_ILLEGAL_PARAMETER};
    for (uint8_t k = 0; k < 4; k++) {
        dsx_server_state(k);
        dsx_alert(DTLS_ALERT_FATAL, desc[k]);
        dsx_send();
        dsx_expect_silence();
        dsx_expect_closed(&dsx.s, SESSION_ALERT_RECEIVED, desc[k]);
        assert_int_equal(dsx_in_use(true), 0);
    }
}

/* close_notify in each state: SESSION_PEER_CLOSED. */
static void test_server_close_notify_in_each_state(void **state)
{
    (void)state;
    for (uint8_t k = 0; k < 4; k++) {
        dsx_server_state(k);
        dsx_alert(DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
        dsx_send();
        dsx_expect_closed(&dsx.s, SESSION_PEER_CLOSED, SESSION_NO_ALERT);
        assert_int_equal(dsx_in_use(true), 0);
    }
}

/* A warning alert other than close_notify (user_canceled, 90) changes
 * nothing in any state: the handshake still completes. */
static void test_server_warning_alert_ignored(void **state)
{
    (void)state;
    for (uint8_t k = 0; k < 3; k++) {
        dsx_server_state(k);
        dsx_alert(DTLS_ALERT_WARNING, 90);
        if (k == 0)
            dsx_client_key_exchange(DSX_IDENTITY);
        if (k <= 1)
            dsx_ccs();
        dsx_finished(false);
        dsx_send();
        dsx_check_peer_finished();
        assert_int_equal(dsx.s.connected, 1);
        assert_int_equal(dsx.s.closed, 0);
        struct endpoint x = dsx_ep(DSX_X);
        assert_int_equal(DtlsStatesTest__s_session__close(&x), E_OK);
        dsx_run_for(10);
    }
}

/* s's final flight still to build when an epoch-1 warning alert comes:
 * the ClientHello again makes s resend its flight (the transport busy),
 * then the last flight and the alert in the same datagram. The alert used
 * to give the handshake object back (as if the client had s's Finished),
 * and the final flight then built on p->hs NULL. Now the flight goes out
 * and the session is up. */
static void test_server_alert_before_final_flight(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    uint8_t body[DSX_BODY];
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 1, body, n, false);
    dsx_client_key_exchange(DSX_IDENTITY);
    dsx_ccs();
    dsx_finished(false);
    dsx_alert(DTLS_ALERT_WARNING, 90);
    dsx_send();
    assert_non_null(dsx_find(DTLS_CT_CHANGE_CIPHER_SPEC));
    dsx_check_peer_finished();
    assert_int_equal(dsx.s.connected, 1);
    assert_int_equal(dsx.s.closed, 0);
}

/* RFC 6347 4.2.8, a client restart: after its HelloVerifyRequest
 * (test_known_client_restart), the ClientHello with a valid cookie from
 * the endpoint of the open session ends that session (closed(): the peer
 * started over) and the new handshake completes. */
static void test_server_client_restart_completes(void **state)
{
    (void)state;
    dsx_client_connect();
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_expect_closed(&dsx.s, SESSION_RESTARTED, SESSION_NO_ALERT);
    dsx_client_last_flight(false);
    dsx_check_peer_finished();
    assert_int_equal(dsx.s.connected, 2);
    assert_int_equal(dsx_in_use(true), 1);
}

/* An alert in the clear on an established session is not authenticated:
 * dropped, the session goes on. */
static void test_server_plaintext_alert_when_open(void **state)
{
    (void)state;
    dsx_client_connect();
    dsx_rec_at(DTLS_CT_ALERT, 0, 50, (const uint8_t[]){DTLS_ALERT_FATAL, DTLS_ALERT_INTERNAL_ERROR}, 2);
    dsx_rec_at(DTLS_CT_ALERT, 0, 51, (const uint8_t[]){DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY}, 2);
    dsx_send();
    assert_int_equal(dsx.s.closed, 0);
    assert_true(dsx_client_data_at(dsx.tx_seq[1], "still"));
}

/* A ClientHello on an established session (renegotiation, message_seq
 * going on from the Finished) gets a no_renegotiation warning under epoch
 * 1 (RFC 5246 7.2.2, RFC 5746 4.4); the session goes on. */
static void test_server_renegotiation_refused(void **state)
{
    (void)state;
    dsx_client_connect();
    uint8_t body[DSX_BODY];
    struct dsx_ch ch = dsx_ch_default();
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, dsx.tx_msg_seq++, body, n, false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
    assert_int_equal(dsx.msg[0].epoch, 1);
    assert_int_equal(dsx.s.closed, 0);
    assert_true(dsx_client_data_at(dsx.tx_seq[1], "after"));
}
