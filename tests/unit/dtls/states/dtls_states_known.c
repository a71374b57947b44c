/* dtls_states_known.c: behaviour the RFCs require and the Dtls component
 * does not have yet. Each test states the right behaviour; main() runs
 * them one by one and requires each to FAIL, so the suite stays green
 * while the bug is there and turns red the day it is fixed (then move the
 * test into the main list). */

/* RFC 5246 7.2.1: "The other party MUST respond with a close_notify alert
 * of its own and close down the connection immediately." */
static void test_known_close_notify_answered(void **state)
{
    (void)state;
    dsx_client_connect();
    dsx_alert(DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
    dsx_send();
    assert_int_equal(dsx.s.reason, SESSION_PEER_CLOSED);
    dsx_expect_alert(DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
}

/* RFC 6347 4.2.2: "The first message each side transmits in each
 * handshake always has message_seq = 0" (and: "in the case of a
 * rehandshake, this implies that the HelloRequest will have message_seq =
 * 0"). A renegotiating ClientHello with message_seq 0 must get the
 * no_renegotiation warning; it is dropped as out of turn. */
static void test_known_renegotiation_seq0(void **state)
{
    (void)state;
    dsx_client_connect();
    uint8_t body[DSX_BODY];
    struct dsx_ch ch = dsx_ch_default();
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 0, body, n, false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
}

/* The same for a HelloRequest (message_seq 0) to client c. */
static void test_known_hello_request_seq0(void **state)
{
    (void)state;
    dsx_server_connect();
    dsx_hs_seq(DTLS_HT_HELLO_REQUEST, 0, NULL, 0, false);
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
}

/* RFC 5246 7.4: messages MUST come in the order of 7.3; a second
 * ServerKeyExchange is unexpected_message. The client takes it (its state
 * does not move past the ServerKeyExchange). */
static void test_known_server_key_exchange_twice(void **state)
{
    (void)state;
    dsx_server_begin();
    uint8_t body[DSX_BODY];
    struct dsx_sh sh = dsx_sh_default();
    uint16_t n = dsx_sh_body(body, sizeof body, &sh);
    dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
    dsx_hs(DTLS_HT_SERVER_KEY_EXCHANGE, (const uint8_t[]){0x00, 0x01, 'h'}, 3);
    dsx_hs(DTLS_HT_SERVER_KEY_EXCHANGE, (const uint8_t[]){0x00, 0x01, 'h'}, 3);
    dsx_hs(DTLS_HT_SERVER_HELLO_DONE, NULL, 0);
    dsx_expect_client_refuses(DTLS_ALERT_UNEXPECTED_MESSAGE);
}

/* RFC 5246 7.4.5: ServerHelloDone is empty; one with a body "could not
 * be decoded because ... the length of the message was incorrect"
 * (decode_error, 7.2.2), not unexpected_message. */
static void test_known_server_hello_done_with_body(void **state)
{
    (void)state;
    dsx_server_begin();
    uint8_t body[DSX_BODY];
    struct dsx_sh sh = dsx_sh_default();
    uint16_t n = dsx_sh_body(body, sizeof body, &sh);
    dsx_hs(DTLS_HT_SERVER_HELLO, body, n);
    dsx_hs(DTLS_HT_SERVER_HELLO_DONE, (const uint8_t[]){0}, 1);
    dsx_expect_client_refuses(DTLS_ALERT_DECODE_ERROR);
}

/* RFC 4279 section 2: psk_identity<0..2^16-1>: an empty identity is well
 * formed, just not one the server knows: unknown_psk_identity, the alert
 * chosen for unknown identities, not decode_error. */
static void test_known_empty_identity(void **state)
{
    (void)state;
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_to_wait_cke(&ch);
    dsx_client_key_exchange("");
    dsx_send();
    dsx_expect_alert(DTLS_ALERT_FATAL, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
}

/* RFC 6347 4.2.8: a ClientHello at epoch 0 from the endpoint of an
 * established association (the client rebooted): the server SHOULD
 * proceed with the handshake (a HelloVerifyRequest first), keeping the old
 * association until the cookie exchange. It is dropped (wrong epoch), so a
 * rebooted client cannot reconnect until the session idles out. */
static void test_known_client_restart(void **state)
{
    (void)state;
    dsx_client_connect();
    struct dsx_ch ch = dsx_ch_default();
    dsx_client_begin();
    dsx_client_hello(&ch, 0);
    assert_int_equal(dsx.s.closed, 0);
    assert_non_null(dsx_find_hs(DTLS_HT_HELLO_VERIFY_REQUEST));
}

/* A transport MTU of 60 bytes (below what a ClientHello's first fragment
 * needed to reach past its cookie: 61 bytes before a HelloVerifyRequest):
 * c must either send only datagrams that fit, or end the handshake at once
 * (SESSION_LINK_FAILED), not have them refused with E_SIZE and wait for
 * the handshake timeout (fixed in fd544c1). */
static void test_known_client_mtu_floor(void **state)
{
    (void)state;
    dsx_reset(false);
    struct endpoint x = dsx_ep(DSX_X);
    assert_int_equal(DtlsStatesTest__c_mtu__set(60), E_OK);
    assert_int_equal(DtlsStatesTest__c_session__connect(&x), E_OK);
    dsx_run_for(1000);
    bool failed_at_once = dsx.c.closed == 1 && dsx.c.reason == SESSION_LINK_FAILED;
    bool fits = dsx.raw_n > 0;
    for (uint8_t i = 0; i < dsx.raw_n; i++)
        fits = fits && dsx.raw[i].len <= 60;
    assert_true(failed_at_once || fits);
}
