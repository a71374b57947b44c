/* dtls_states_client.c: client c against the scripted server x, state by
 * state: the HelloVerifyRequest (taken, refused), each ServerHello the
 * policy refuses (version, suite, compression, an extension not offered,
 * a non-empty renegotiation_info) and the ones it accepts (no
 * renegotiation_info, no EMS, no extensions), a ServerKeyExchange with a
 * hint, no identity for the server, a bad server Finished, unexpected
 * messages and alerts in each state, and a HelloRequest. */

/* The whole handshake against x; data both ways. */
static void test_client_full_handshake(void **state)
{
    (void)state;
    dsx_server_connect();
    assert_true(dsx.ems);
    struct endpoint x = dsx_ep(DSX_X);
    memcpy(dsx.app, "ping", 4);
    assert_int_equal(DtlsStatesTest__c__send(&x, dsx.app, 4), E_OK);
    dsx_run_for(10);
    const struct dsx_msg *m = dsx_find(DTLS_CT_APPLICATION_DATA);
    assert_non_null(m);
    assert_true(m->opened);
    assert_memory_equal(m->body, "ping", 4);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"pong", 4);
    dsx_send();
    assert_int_equal(dsx.c.received, 1);
    assert_memory_equal(dsx.c.data, "pong", 4);
}

/* A HelloVerifyRequest: c sends its ClientHello again with the same
 * random, the cookie echoed and message_seq 1; the transcript leaves the
 * first ClientHello and the HelloVerifyRequest out (RFC 6347 4.2.6), so
 * the Finished messages verify. */
static void test_client_hello_verify_request(void **state)
{
    (void)state;
    dsx_server_begin();
    const struct dsx_msg *ch0 = dsx_expect_hs(DTLS_HT_CLIENT_HELLO);
    struct dtls_client_hello h;
    assert_int_equal(dtls_client_hello_parse(ch0->body, ch0->len, &h), DTLS_OK);
    assert_int_equal(h.cookie_len, 0);
    uint8_t random[DTLS_RANDOM_LEN];
    memcpy(random, dsx.client_random, sizeof random);
    static const uint8_t cookie[20] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    dsx_server_hvr(cookie, sizeof cookie);
    dsx_server_take_hello(1);
    const struct dsx_msg *ch1 = dsx_expect_hs(DTLS_HT_CLIENT_HELLO);
    assert_int_equal(dtls_client_hello_parse(ch1->body, ch1->len, &h), DTLS_OK);
    assert_int_equal(h.cookie_len, sizeof cookie);
    assert_memory_equal(h.cookie, cookie, sizeof cookie);
    assert_memory_equal(h.random, random, sizeof random);
    struct dsx_sh sh = dsx_sh_default();
    dsx_server_flight(&sh, NULL);
    dsx_server_take_last_flight();
    dsx_ccs();
    dsx_finished(false);
    dsx_send();
    assert_int_equal(dsx.c.connected, 1);
}

/* c answers x's first flight (raw bytes already in dsx.out) with a fatal
 * alert desc and ends with SESSION_ALERT_SENT. */
static void dsx_expect_client_refuses(uint8_t desc)
{
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, desc);
    assert_int_equal(dsx.c.closed, 1);
    assert_int_equal(dsx.c.reason, SESSION_ALERT_SENT);
    assert_int_equal(dsx.c.alert, desc);
    assert_int_equal(dsx.c.connected, 0);
    assert_int_equal(dsx_in_use(false), 0);
    dsx.c.closed = 0;
}

/* HelloVerifyRequests c refuses: an empty cookie or one longer than
 * DTLS_COOKIE_MAX (32; our bound, RFC 6347 allows 255): illegal_parameter;
 * a version that is not DTLS: protocol_version; a body cut short:
 * decode_error. */
static void test_client_hello_verify_refused(void **state)
{
    (void)state;
    static const uint8_t cookie[33] = {0};
    static const uint8_t tls[] = {0x03, 0x03, 0x01, 0xAA};
    static const uint8_t cut[] = {0xFE, 0xFF, 0x05, 0xAA};
    dsx_server_begin();
    dsx_hs_seq(DTLS_HT_HELLO_VERIFY_REQUEST, 0, (const uint8_t[]){0xFE, 0xFF, 0x00}, 3, false);
    dsx_expect_client_refuses(DTLS_ALERT_ILLEGAL_PARAMETER);
    dsx_server_begin();
    uint8_t body[3 + sizeof cookie] = {0xFE, 0xFF, sizeof cookie};
    memcpy(body + 3, cookie, sizeof cookie);
    dsx_hs_seq(DTLS_HT_HELLO_VERIFY_REQUEST, 0, body, sizeof body, false);
    dsx_expect_client_refuses(DTLS_ALERT_ILLEGAL_PARAMETER);
    dsx_server_begin();
    dsx_hs_seq(DTLS_HT_HELLO_VERIFY_REQUEST, 0, tls, sizeof tls, false);
    dsx_expect_client_refuses(DTLS_ALERT_PROTOCOL_VERSION);
    dsx_server_begin();
    dsx_hs_seq(DTLS_HT_HELLO_VERIFY_REQUEST, 0, cut, sizeof cut, false);
    dsx_expect_client_refuses(DTLS_ALERT_DECODE_ERROR);
}

/* ServerHellos c refuses (RFC 5246 7.4.1.3, 7.4.1.4, RFC 5746 3.4):
 * another version: protocol_version; a suite or compression c did not
 * offer: illegal_parameter; an extension c did not offer:
 * unsupported_extension; a non-empty renegotiation_info:
 * handshake_failure; EMS with a body or a body cut short: decode_error. */
static void test_client_server_hello_refused(void **state)
{
    (void)state;
    static const uint8_t status_request[] = {0x00, 0x05, 0x00, 0x00};
    static const uint8_t renego_full[] = {0xFF, 0x01, 0x00, 0x02, 0x01, 0xAB};
    static const uint8_t ems_body[] = {0x00, 0x17, 0x00, 0x01, 0x00};
    struct dsx_sh bad[6];
    uint8_t desc[6] = {DTLS_ALERT_PROTOCOL_VERSION,  DTLS_ALERT_ILLEGAL_PARAMETER,
                       DTLS_ALERT_ILLEGAL_PARAMETER, DTLS_ALERT_UNSUPPORTED_EXTENSION,
                       DTLS_ALERT_HANDSHAKE_FAILURE, DTLS_ALERT_DECODE_ERROR};
    for (uint8_t i = 0; i < 6; i++)
        bad[i] = dsx_sh_default();
    bad[0].version = DTLS_VERSION_1_0;
    bad[1].suite = 0x00AE;
    bad[2].comp = 1;
    bad[3].ext = status_request, bad[3].ext_len = sizeof status_request;
    bad[4].ext = renego_full, bad[4].ext_len = sizeof renego_full;
    bad[5].ext = ems_body, bad[5].ext_len = sizeof ems_body;
    for (uint8_t i = 0; i < 6; i++) {
        dsx_server_begin();
        uint8_t body[DSX_BODY];
        uint16_t n = dsx_sh_body(body, sizeof body, &bad[i]);
        dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
        dsx_hs(DTLS_HT_SERVER_HELLO_DONE, NULL, 0);
        dsx_expect_client_refuses(desc[i]);
    }
    dsx_server_begin();
    uint8_t body[DSX_BODY];
    struct dsx_sh sh = dsx_sh_default();
    (void)dsx_sh_body(body, sizeof body, &sh);
    dsx_hs(DTLS_HT_SERVER_HELLO, body, 30);
    dsx_expect_client_refuses(DTLS_ALERT_DECODE_ERROR);
}

/* c completes a handshake whose ServerHello is sh, then closes it. */
static void dsx_client_accepts(const struct dsx_sh *sh)
{
    dsx.c.connected = 0;
    dsx_server_begin();
    dsx_server_flight(sh, NULL);
    dsx_server_take_last_flight();
    dsx_ccs();
    dsx_finished(false);
    dsx_send();
    assert_int_equal(dsx.c.connected, 1);
    struct endpoint x = dsx_ep(DSX_X);
    assert_int_equal(DtlsStatesTest__c_session__close(&x), E_OK);
    dsx_run_for(10);
    assert_int_equal(dsx_in_use(false), 0);
}

/* ServerHellos c accepts: no renegotiation_info although c sent the SCSV
 * (RFC 5746 3.4: the server does not support secure renegotiation; c
 * never renegotiates, so it goes on), no EMS (RFC 7627 5.3: the classic
 * master secret; the Finished messages prove c used it), no extensions. */
static void test_client_server_hello_accepted(void **state)
{
    (void)state;
    static const uint8_t ems[] = {0x00, 0x17, 0x00, 0x00};
    static const uint8_t renego[] = {0xFF, 0x01, 0x00, 0x01, 0x00};
    struct dsx_sh sh = dsx_sh_default();
    sh.ext = ems, sh.ext_len = sizeof ems;
    dsx_client_accepts(&sh);
    assert_true(dsx.ems);
    sh.ext = renego, sh.ext_len = sizeof renego;
    dsx_client_accepts(&sh);
    assert_false(dsx.ems);
    sh.ext = NULL;
    dsx_client_accepts(&sh);
    assert_false(dsx.ems);
}

/* A ServerKeyExchange's hint reaches PskStore.identity(); one whose length
 * runs past its body is decode_error. */
static void test_client_server_key_exchange(void **state)
{
    (void)state;
    dsx_server_to_wait_ccs("edge-servers");
    assert_int_equal(dsx_psk_state.seen_hint_len, strlen("edge-servers"));
    assert_memory_equal(dsx_psk_state.seen_hint, "edge-servers", strlen("edge-servers"));
    dsx_ccs();
    dsx_finished(false);
    dsx_send();
    assert_int_equal(dsx.c.connected, 1);
    struct endpoint x = dsx_ep(DSX_X);
    assert_int_equal(DtlsStatesTest__c_session__close(&x), E_OK);
    dsx_run_for(10);
    dsx.c.closed = 0;
    dsx.c.connected = 0;
    dsx_server_begin();
    uint8_t body[DSX_BODY];
    struct dsx_sh sh = dsx_sh_default();
    uint16_t n = dsx_sh_body(body, sizeof body, &sh);
    dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
    dsx_hs(DTLS_HT_SERVER_KEY_EXCHANGE, (const uint8_t[]){0x00, 0x0A, 'a', 'b', 'c'}, 5);
    dsx_hs(DTLS_HT_SERVER_HELLO_DONE, NULL, 0);
    dsx_expect_client_refuses(DTLS_ALERT_DECODE_ERROR);
}

/* No identity for this server in the PskStore: c ends the handshake with
 * SESSION_NO_PSK and tells the server handshake_failure. */
static void test_client_no_identity(void **state)
{
    (void)state;
    dsx_psk_state.identity = NULL;
    dsx_server_begin();
    struct dsx_sh sh = dsx_sh_default();
    dsx_server_flight(&sh, NULL);
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_HANDSHAKE_FAILURE);
    assert_int_equal(dsx.c.closed, 1);
    assert_int_equal(dsx.c.reason, SESSION_NO_PSK);
    assert_int_equal(dsx_in_use(false), 0);
}

/* A server Finished that does not verify: decrypt_error under epoch 1; of
 * the wrong length: decode_error. */
static void test_client_bad_server_finished(void **state)
{
    (void)state;
    dsx_server_to_wait_ccs(NULL);
    dsx_ccs();
    dsx_finished(true);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_DECRYPT_ERROR);
    assert_int_equal(dsx.msg[0].epoch, 1);
    assert_int_equal(dsx.c.reason, SESSION_ALERT_SENT);
    assert_int_equal(dsx.c.alert, DTLS_ALERT_DECRYPT_ERROR);
    assert_int_equal(dsx.c.connected, 0);
    dsx.c.closed = 0;
    dsx_server_to_wait_ccs(NULL);
    dsx_ccs();
    dsx_hs(DTLS_HT_FINISHED, (const uint8_t[CS_VERIFY_LEN + 1]){0}, CS_VERIFY_LEN + 1);
    dsx_expect_client_refuses(DTLS_ALERT_DECODE_ERROR);
}

/* Drive c to state k: 0 waiting for a ServerHello, 1 for ServerHelloDone,
 * 2 for x's ChangeCipherSpec, 3 for x's Finished, 4 established. */
static void dsx_client_state(uint8_t k)
{
    dsx.c.closed = 0;
    dsx.c.connected = 0;
    if (k == 0) {
        dsx_server_begin();
    } else if (k == 1) {
        dsx_server_begin();
        uint8_t body[DSX_BODY];
        struct dsx_sh sh = dsx_sh_default();
        uint16_t n = dsx_sh_body(body, sizeof body, &sh);
        dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
        dsx_send();
        dsx_expect_silence();
    } else if (k == 4) {
        dsx_server_connect();
    } else {
        dsx_server_to_wait_ccs(NULL);
        if (k == 3) {
            dsx_ccs();
            dsx_send();
            dsx_expect_silence();
        }
    }
}

/* A handshake message c does not expect in each state (message_seq in
 * turn): fatal unexpected_message (RFC 5246 7.4). */
static void test_client_unexpected_in_each_state(void **state)
{
    (void)state;
    static const uint8_t types[] = {DTLS_HT_SERVER_HELLO_DONE, DTLS_HT_FINISHED, DTLS_HT_SERVER_HELLO_DONE,
                                    DTLS_HT_SERVER_HELLO_DONE, DTLS_HT_SERVER_HELLO};
    static const uint8_t body[CS_VERIFY_LEN] = {0};
    for (uint8_t k = 0; k < 5; k++) {
        dsx_client_state(k);
        uint16_t len = types[k] == DTLS_HT_FINISHED       ? CS_VERIFY_LEN
                       : types[k] == DTLS_HT_SERVER_HELLO ? 10
                                                          : 0;
        dsx_hs(types[k], body, len);
        dsx_send();
        dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNEXPECTED_MESSAGE);
        assert_int_equal(dsx.msg[0].epoch, k >= 2 ? 1 : 0); /* c writes epoch 1 once its Finished is out */
        assert_int_equal(dsx.c.closed, 1);
        assert_int_equal(dsx.c.reason, SESSION_ALERT_SENT);
        assert_int_equal(dsx.c.alert, DTLS_ALERT_UNEXPECTED_MESSAGE);
        assert_int_equal(dsx_in_use(false), 0);
    }
}

/* A fatal alert in each state: SESSION_ALERT_RECEIVED with its description. */
static void test_client_fatal_alert_in_each_state(void **state)
{
    (void)state;
    static const uint8_t desc[] = {DTLS_ALERT_HANDSHAKE_FAILURE, DTLS_ALERT_INTERNAL_ERROR,
                                   DTLS_ALERT_UNKNOWN_PSK_IDENTITY, DTLS_ALERT_DECRYPT_ERROR,
                                   DTLS_ALERT_UNEXPECTED_MESSAGE};
    for (uint8_t k = 0; k < 5; k++) {
        dsx_client_state(k);
        dsx_alert(DTLS_ALERT_FATAL, desc[k]);
        dsx_send();
        dsx_expect_silence();
        assert_int_equal(dsx.c.closed, 1);
        assert_int_equal(dsx.c.reason, SESSION_ALERT_RECEIVED);
        assert_int_equal(dsx.c.alert, desc[k]);
        assert_int_equal(dsx_in_use(false), 0);
    }
}

/* close_notify in each state: SESSION_PEER_CLOSED. */
static void test_client_close_notify_in_each_state(void **state)
{
    (void)state;
    for (uint8_t k = 0; k < 5; k++) {
        dsx_client_state(k);
        dsx_alert(DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
        dsx_send();
        assert_int_equal(dsx.c.closed, 1);
        assert_int_equal(dsx.c.reason, SESSION_PEER_CLOSED);
        assert_int_equal(dsx.c.alert, SESSION_NO_ALERT);
        assert_int_equal(dsx_in_use(false), 0);
    }
}

/* A HelloRequest on an established session (message_seq going on from
 * the server's Finished): a no_renegotiation warning under epoch 1
 * (RFC 5246 7.4.1.1, RFC 5746 4.2); the session goes on. */
static void test_client_hello_request_refused(void **state)
{
    (void)state;
    dsx_server_connect();
    dsx_hs_seq(DTLS_HT_HELLO_REQUEST, dsx.tx_msg_seq++, NULL, 0, false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
    assert_int_equal(dsx.msg[0].epoch, 1);
    assert_int_equal(dsx.c.closed, 0);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"on", 2);
    dsx_send();
    assert_int_equal(dsx.c.received, 1);
}

/* Application data under the new keys before x's Finished is not
 * delivered (RFC 6347 4.1: discard or buffer until the Finished); after
 * it, it is. */
static void test_client_data_before_finished(void **state)
{
    (void)state;
    dsx_server_to_wait_ccs(NULL);
    dsx_ccs();
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"early", 5);
    dsx_send();
    dsx_expect_silence();
    assert_int_equal(dsx.c.received, 0);
    dsx_finished(false);
    dsx_send();
    assert_int_equal(dsx.c.connected, 1);
    assert_int_equal(dsx.c.received, 0);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"late", 4);
    dsx_send();
    assert_int_equal(dsx.c.received, 1);
    assert_memory_equal(dsx.c.data, "late", 4);
}
