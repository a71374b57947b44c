/* dtls_states_test.c: DtlsStatesTest's users' events, fixtures and main():
 * every state transition of both roles of the Dtls component and each
 * alert, against the scripted peer x (tests/wirings/dtls_states.wire). */

static void dsx_record(struct dsx_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    u->len = len;
    memcpy(u->data, buf, len < sizeof u->data ? len : sizeof u->data);
    size_t at = strlen(u->log);
    if (len && at + 1 < sizeof u->log)
        u->log[at] = (char)buf[0];
}

static void dsx_closed(struct dsx_user *u, uint8_t reason, uint8_t alert)
{
    u->closed++;
    u->reason = reason;
    u->alert = alert;
}

void DtlsStatesTest__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dsx_record(&dsx.s, buf, len);
}

void DtlsStatesTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dsx_record(&dsx.c, buf, len);
}

void DtlsStatesTest__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
}

void DtlsStatesTest__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
}

void DtlsStatesTest__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dsx.s.connected++;
}

void DtlsStatesTest__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dsx_closed(&dsx.s, reason, alert);
}

void DtlsStatesTest__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dsx.c.connected++;
}

void DtlsStatesTest__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dsx_closed(&dsx.c, reason, alert);
}

static int dsx_setup(void **state)
{
    (void)state;
    memset(&dsx.s, 0, sizeof dsx.s);
    memset(&dsx.c, 0, sizeof dsx.c);
    dsx_psk_state.hint = NULL;
    dsx_psk_state.identity = DSX_IDENTITY;
    dsx_psk_state.seen_hint_len = 0xFFFF;
    return 0;
}

/* End whatever x left open with s or c; both pools must be empty again. */
static int dsx_teardown(void **state)
{
    (void)state;
    struct endpoint x = dsx_ep(DSX_X);
    (void)DtlsStatesTest__c_mtu__set(0);
    (void)DtlsStatesTest__s_session__close(&x);
    (void)DtlsStatesTest__c_session__close(&x);
    dsx_run_for(100);
    dsx.raw_n = 0;
    dsx.out_len = 0;
    struct pool_stats s_hs, c_hs;
    DtlsStatesTest__s_hs__stats(&s_hs);
    DtlsStatesTest__c_hs__stats(&c_hs);
    return dsx_in_use(true) == 0 && dsx_in_use(false) == 0 && s_hs.in_use == 0 && c_hs.in_use == 0 ? 0 : -1;
}

#define DSX(f) cmocka_unit_test_setup_teardown(f, dsx_setup, dsx_teardown)

static const struct CMUnitTest dsx_tests[] = {
    DSX(test_server_full_handshake),
    DSX(test_server_hvr_without_cookie),
    DSX(test_server_hvr_bad_cookie),
    DSX(test_server_cookie_rotation_edges),
    DSX(test_server_wrong_version),
    DSX(test_server_no_common_suite),
    DSX(test_server_compression),
    DSX(test_server_hello_extensions),
    DSX(test_server_malformed_hello),
    DSX(test_server_stranger_dropped),
    DSX(test_server_unexpected_in_wait_cke),
    DSX(test_server_unexpected_in_wait_ccs),
    DSX(test_server_unexpected_in_wait_finished),
    DSX(test_server_unexpected_when_open),
    DSX(test_server_bad_finished),
    DSX(test_server_unknown_identity),
    DSX(test_server_alert_while_busy),
    DSX(test_server_ccs_before_cke),
    DSX(test_server_data_before_finished),
    DSX(test_server_fatal_alert_in_each_state),
    DSX(test_server_close_notify_in_each_state),
    DSX(test_server_warning_alert_ignored),
    DSX(test_server_alert_before_final_flight),
    DSX(test_server_client_restart_completes),
    DSX(test_server_plaintext_alert_when_open),
    DSX(test_server_renegotiation_refused),
    DSX(test_client_full_handshake),
    DSX(test_client_hello_verify_request),
    DSX(test_client_hello_verify_refused),
    DSX(test_client_server_hello_refused),
    DSX(test_client_server_hello_accepted),
    DSX(test_client_server_key_exchange),
    DSX(test_client_no_identity),
    DSX(test_client_bad_server_finished),
    DSX(test_client_unexpected_in_each_state),
    DSX(test_client_fatal_alert_in_each_state),
    DSX(test_client_close_notify_in_each_state),
    DSX(test_client_hello_request_refused),
    DSX(test_client_data_before_finished),
    DSX(test_replay_window_edges),
    DSX(test_forged_record_does_not_move_window),
    DSX(test_wrong_epoch_dropped),
    DSX(test_record_longer_than_datagram),
    DSX(test_several_records_per_datagram),
    /* known bugs of dtls_states_known.c fixed in the Dtls component */
    DSX(test_known_close_notify_answered),
    DSX(test_known_renegotiation_seq0),
    DSX(test_known_hello_request_seq0),
    DSX(test_known_server_key_exchange_twice),
    DSX(test_known_server_hello_done_with_body),
    DSX(test_known_empty_identity),
    DSX(test_known_client_mtu_floor),
    DSX(test_known_client_restart),
};

/* Known bugs (dtls_states_known.c): each must fail. None is open now: the
 * empty entry (skipped) keeps the array legal C; put new ones before it. */
static const struct CMUnitTest dsx_known[] = {
    {.name = NULL},
};

/* Run each known-bug test alone; the number that unexpectedly passed. */
static int dsx_run_known(void)
{
    int fixed = 0;
    for (size_t i = 0; i < sizeof dsx_known / sizeof dsx_known[0]; i++) {
        if (!dsx_known[i].name)
            continue;
        const struct CMUnitTest one[1] = {dsx_known[i]};
        print_message("known bug, expected to FAIL: %s\n", one[0].name);
        if (cmocka_run_group_tests_name("dtls_states_known_bug", one, NULL, NULL) == 0) {
            print_error("%s passed: the bug is fixed; move the test into dsx_tests\n", one[0].name);
            fixed++;
        }
    }
    return fixed;
}

int main(void)
{
    wire_init();
    struct endpoint ep = dsx_ep(DSX_S);
    assert_int_equal(DtlsStatesTest__s__open(&ep), E_OK);
    ep = dsx_ep(DSX_C);
    assert_int_equal(DtlsStatesTest__c__open(&ep), E_OK);
    ep = dsx_ep(DSX_X);
    assert_int_equal(DtlsStatesTest__x__open(&ep), E_OK);
    int failed = cmocka_run_group_tests_name("dtls_states", dsx_tests, NULL, NULL);
    return failed + dsx_run_known();
}
