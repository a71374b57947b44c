/* dtls_states_records.c: the record layer of an established session
 * (server s, scripted client x): the edges of the 64-record replay window
 * (RFC 6347 4.1.2.6), a forged record that must not move it, records for
 * an epoch without keys, a record longer than its datagram, several
 * records in one datagram; each drop counted in s's DtlsStats for x. */

/* s's counters for x. */
static struct dtls_counters dsx_counters(void)
{
    struct dtls_counters ctr;
    struct endpoint x = dsx_ep(DSX_X);
    assert_true(DtlsStatesTest__s_stats__peer(&x, &ctr));
    return ctr;
}

/* Application data records from x with chosen sequence numbers: delivered
 * or dropped as the window says. */
static void test_replay_window_edges(void **state)
{
    (void)state;
    const uint64_t max = 0xFFFFFFFFFFFFull; /* 2^48 - 1 */
    dsx_client_connect();
    struct dtls_counters before = dsx_counters();
    assert_true(dsx_client_data_at(100, "a"));
    assert_false(dsx_client_data_at(100, "a")); /* duplicate */
    assert_false(dsx_client_data_at(36, "a"));  /* 64 behind the top: left of the window */
    assert_true(dsx_client_data_at(37, "a"));   /* 63 behind: the oldest the window holds */
    assert_false(dsx_client_data_at(37, "a"));
    assert_true(dsx_client_data_at(99, "a"));
    assert_true(dsx_client_data_at(100000, "a")); /* a jump */
    assert_false(dsx_client_data_at(100, "a"));
    assert_false(dsx_client_data_at(99936, "a"));
    assert_true(dsx_client_data_at(99937, "a"));
    assert_false(dsx_client_data_at(100000, "a"));
    assert_true(dsx_client_data_at(max, "a")); /* the last 48-bit sequence number */
    assert_true(dsx_client_data_at(max - 63, "a"));
    assert_false(dsx_client_data_at(max - 64, "a"));
    assert_false(dsx_client_data_at(max, "a"));
    assert_int_equal(dsx.s.closed, 0);
    assert_int_equal(dsx_counters().drop_replay - before.drop_replay, 8);
    assert_int_equal(dsx_counters().drop_bad_mac, before.drop_bad_mac);
}

/* A record that fails to authenticate is dropped silently and does not
 * move the window: its sequence number may be forged. */
static void test_forged_record_does_not_move_window(void **state)
{
    (void)state;
    dsx_client_connect();
    assert_true(dsx_client_data_at(200, "a"));
    struct dtls_counters before = dsx_counters();
    dsx_rec_at(DTLS_CT_APPLICATION_DATA, 1, 100000, (const uint8_t *)"forged", 6);
    dsx.out[dsx.out_len - 1] ^= 0x01; /* the tag */
    dsx_send();
    dsx_expect_silence();
    assert_int_equal(dsx.s.received, 1);
    assert_int_equal(dsx_counters().drop_bad_mac - before.drop_bad_mac, 1);
    assert_true(dsx_client_data_at(150, "a")); /* would be left of a window at 100000 */
    assert_int_equal(dsx.s.closed, 0);
}

/* Records for an epoch without keys are dropped: epoch 2 (authentic under
 * the session's keys, but no ChangeCipherSpec led there) and application
 * data in the clear (epoch 0). An epoch-0 ClientHello from the session's
 * endpoint is a client restart (RFC 6347 4.2.8): a HelloVerifyRequest,
 * statelessly. The session goes on. */
static void test_wrong_epoch_dropped(void **state)
{
    (void)state;
    dsx_client_connect();
    assert_true(dsx_client_data_at(dsx.tx_seq[1]++, "one"));
    struct dtls_counters before = dsx_counters();
    dsx_rec_at(DTLS_CT_APPLICATION_DATA, 2, 10, (const uint8_t *)"two", 3);
    dsx_send();
    dsx_rec_at(DTLS_CT_APPLICATION_DATA, 0, 10, (const uint8_t *)"zero", 4);
    dsx_send();
    uint8_t body[DSX_BODY];
    struct dsx_ch ch = dsx_ch_default();
    dsx.cookie_len = 0; /* a restarting client's first ClientHello */
    uint16_t n = dsx_ch_body(body, sizeof body, &ch);
    dsx.tx_epoch = 0;
    dsx_hs_seq(DTLS_HT_CLIENT_HELLO, 0, body, n, false);
    dsx.tx_epoch = 1;
    dsx_send();
    assert_int_equal(dsx.raw_n, 1); /* (x reads epoch 1 now: the raw record) */
    assert_int_equal(dsx.raw[0].buf[0], DTLS_CT_HANDSHAKE);
    assert_int_equal(dsx.raw[0].buf[DTLS_RECORD_HEADER_LEN], DTLS_HT_HELLO_VERIFY_REQUEST);
    assert_int_equal(dsx.s.received, 1);
    assert_int_equal(dsx.s.closed, 0);
    assert_int_equal(dsx_counters().drop_epoch - before.drop_epoch, 2);
    assert_true(dsx_client_data_at(dsx.tx_seq[1], "one"));
}

/* A record whose length runs past the datagram is dropped with the rest of
 * the datagram (the framing is lost), the records before it are not;
 * bytes too few for a record header after a record are ignored. */
static void test_record_longer_than_datagram(void **state)
{
    (void)state;
    dsx_client_connect();
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"A", 1);
    uint16_t at = dsx.out_len;
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"B", 1);
    dsx.out[at + 12] = (uint8_t)(dsx.out[at + 12] + 5); /* length low byte */
    dsx_send();
    assert_int_equal(dsx.s.received, 1);
    assert_string_equal(dsx.s.log, "A");
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"C", 1);
    memset(dsx.out + dsx.out_len, 0x17, 12);
    dsx.out_len = (uint16_t)(dsx.out_len + 12);
    dsx_send();
    assert_string_equal(dsx.s.log, "AC");
    assert_int_equal(dsx.s.closed, 0);
}

/* Several records in one datagram are processed in order; one that fails
 * to authenticate among them is skipped alone; a close_notify after data
 * ends the session after the data is delivered. */
static void test_several_records_per_datagram(void **state)
{
    (void)state;
    dsx_client_connect();
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"1", 1);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"2", 1);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"3", 1);
    dsx_send();
    assert_string_equal(dsx.s.log, "123");
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"4", 1);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"X", 1);
    dsx.out[dsx.out_len - 3] ^= 0x80;
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"5", 1);
    dsx_send();
    assert_string_equal(dsx.s.log, "12345");
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"6", 1);
    dsx_alert(DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
    dsx_rec(DTLS_CT_APPLICATION_DATA, (const uint8_t *)"7", 1);
    dsx_send();
    assert_string_equal(dsx.s.log, "123456");
    assert_int_equal(dsx.s.closed, 1);
    assert_int_equal(dsx.s.reason, SESSION_PEER_CLOSED);
}
