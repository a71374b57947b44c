/* dtls_flights_test.c: DtlsFlightsTest, cmocka tests of the Dtls
 * component's flights on fake time: the retransmission schedule and the
 * give-up (RFC 6347 4.2.4), resending our flight when the peer resends its
 * previous one, the server's final flight kept until the client speaks,
 * fragmentation to a runtime MTU of 60 and reassembly (also with duplicated
 * and reordered datagrams), an oversized fragmented message refused, and
 * data sent before a session (the pending-data queue). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "dtls/dtls_wire.h"
#include "interfaces/datagram.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/pool.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "lib/endpoint.h"
#include "tests/unit/dtls/flights/dtls_flights_help.h"

#define DFL_C  "[::1]:41001"
#define DFL_S  "[::1]:5701"
#define DFL_C2 "[::1]:41002"
#define DFL_S2 "[::1]:5702"
#define DFL_C3 "[::1]:41003"

static struct endpoint dfl_ep(const char *text)
{
    struct endpoint ep;
    assert_true(endpoint_parse(text, 0, &ep));
    return ep;
}

static time_ms_t dfl_now(void)
{
    return DtlsFlightsTest__clock__now();
}

void DtlsFlightsTest__clock__fired(void) {}

static void dfl_run_for(time_ms_t dt)
{
    time_ms_t end = dfl_now() + dt;
    for (;;) {
        (void)DtlsFlightsTest__loop__run_until_idle();
        if (!DtlsFlightsTest__time__step(end - dfl_now()))
            break;
    }
    (void)DtlsFlightsTest__loop__run_until_idle();
}

/* ---- users' events: c, c2, c3 share dfl.uc; s, s2 share dfl.us ------------ */

static void dfl_received(struct dfl_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    u->len = len < sizeof u->data ? len : sizeof u->data;
    memcpy(u->data, buf, u->len);
}

static void dfl_closed(struct dfl_user *u, uint8_t reason, uint8_t alert)
{
    u->closed++;
    u->reason = reason;
    u->alert = alert;
    u->closed_at = dfl_now();
}

static void dfl_done(struct dfl_user *u, err_t result)
{
    u->sent_done++;
    u->last_done = result;
}

#define DFL_USER(ep, u)                                                                                      \
    void DtlsFlightsTest__##ep##__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)    \
    {                                                                                                        \
        (void)from;                                                                                          \
        dfl_received(&dfl.u, buf, len);                                                                      \
    }                                                                                                        \
    void DtlsFlightsTest__##ep##__send_done(const uint8_t *buf, err_t result)                                \
    {                                                                                                        \
        (void)buf;                                                                                           \
        dfl_done(&dfl.u, result);                                                                            \
    }                                                                                                        \
    void DtlsFlightsTest__##ep##_session__connected(const struct endpoint *peer)                             \
    {                                                                                                        \
        (void)peer;                                                                                          \
        dfl.u.connected++;                                                                                   \
    }                                                                                                        \
    void DtlsFlightsTest__##ep##_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert) \
    {                                                                                                        \
        (void)peer;                                                                                          \
        dfl_closed(&dfl.u, reason, alert);                                                                   \
    }
DFL_USER(c, uc)
DFL_USER(c2, uc)
DFL_USER(c3, uc)
DFL_USER(s, us)
DFL_USER(s2, us)

/* ---- helpers ------------------------------------------------------------------- */

static bool dfl_drop_all(const struct dfl_dgram *d)
{
    (void)d;
    return true;
}

static bool dfl_dropped_one;

static bool dfl_drop_first_server_hello(const struct dfl_dgram *d)
{
    if (dfl_dropped_one || d->hs_type != DTLS_HT_SERVER_HELLO)
        return false;
    return dfl_dropped_one = true;
}

static bool dfl_drop_first_ccs(const struct dfl_dgram *d)
{
    if (dfl_dropped_one || d->type != DTLS_CT_CHANGE_CIPHER_SPEC)
        return false;
    return dfl_dropped_one = true;
}

/* Datagrams of tap t whose first fragment is message type `type` at offset 0. */
static uint16_t dfl_count(const struct dfl_tap *t, uint8_t type)
{
    uint16_t n = 0;
    for (uint16_t i = 0; i < t->n; i++)
        n = (uint16_t)(n + (t->log[i].hs_type == type && t->log[i].frag_off == 0));
    return n;
}

static uint16_t dfl_largest(const struct dfl_tap *t, uint8_t except_type)
{
    uint16_t m = 0;
    for (uint16_t i = 0; i < t->n; i++)
        if (t->log[i].hs_type != except_type && t->log[i].len > m)
            m = t->log[i].len;
    return m;
}

static uint16_t dfl_hs_in_use(void)
{
    struct pool_stats st;
    DtlsFlightsTest__s_hs__stats(&st);
    return st.in_use;
}

static void dfl_echo_to_s(const char *text)
{
    struct endpoint s = dfl_ep(DFL_S);
    uint16_t before = dfl.us.received;
    assert_int_equal(DtlsFlightsTest__c__send(&s, (const uint8_t *)text, (uint16_t)strlen(text)), E_OK);
    dfl_run_for(50);
    assert_int_equal(dfl.us.received, before + 1);
    assert_memory_equal(dfl.us.data, text, strlen(text));
}

static int dfl_setup(void **state)
{
    (void)state;
    memset(&dfl.c, 0, sizeof dfl.c);
    memset(&dfl.s, 0, sizeof dfl.s);
    memset(&dfl.uc, 0, sizeof dfl.uc);
    memset(&dfl.us, 0, sizeof dfl.us);
    dfl.hint = NULL;
    dfl.log_len = 0;
    dfl.log[0] = 0;
    dfl_dropped_one = false;
    return 0;
}

static int dfl_teardown(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S), s2 = dfl_ep(DFL_S2), c = dfl_ep(DFL_C);
    dfl.c.drop = dfl.s.drop = NULL;
    dfl.c.mtu = dfl.s.mtu = 0;
    (void)DtlsFlightsTest__c_session__close(&s);
    (void)DtlsFlightsTest__c2_session__close(&s2);
    (void)DtlsFlightsTest__c3_session__close(&s);
    (void)DtlsFlightsTest__s_session__close(&c);
    dfl_run_for(61000); /* the server's handshakes and kept final flights end */
    assert_int_equal(dfl_hs_in_use(), 0);
    return 0;
}

/* ---- tests ------------------------------------------------------------------------ */

/* Every datagram of c lost: the ClientHello goes out at 0, then after 500,
 * 1000, 2000 and 2000 ms (doubling, capped at retx_max_ms); the expiry
 * 2000 ms after the 4th (retx_limit) retransmission ends the handshake. */
static void test_retransmission_schedule_and_give_up(void **state)
{
    (void)state;
    static const time_ms_t expect[] = {0, 500, 1500, 3500, 5500};
    struct endpoint s = dfl_ep(DFL_S);
    struct dtls_counters t0, t1;
    DtlsFlightsTest__c_stats__total(&t0);
    dfl.c.drop = dfl_drop_all;
    time_ms_t start = dfl_now();
    assert_int_equal(DtlsFlightsTest__c_session__connect(&s), E_OK);
    dfl_run_for(7499);
    assert_int_equal(dfl.uc.closed, 0);
    assert_int_equal(dfl.c.n, 5);
    for (uint8_t i = 0; i < 5; i++) {
        assert_int_equal(dfl.c.log[i].at - start, expect[i]);
        assert_int_equal(dfl.c.log[i].hs_type, DTLS_HT_CLIENT_HELLO);
    }
    dfl_run_for(1);
    assert_int_equal(dfl.uc.closed, 1);
    assert_int_equal(dfl.uc.reason, SESSION_TIMEOUT);
    assert_int_equal(dfl.uc.closed_at - start, 7500);
    assert_int_equal(dfl.c.n, 5);
    DtlsFlightsTest__c_stats__total(&t1);
    assert_int_equal(t1.retransmissions - t0.retransmissions, 4);
    assert_int_equal(t1.hs_failed - t0.hs_failed, 1);
    assert_non_null(strstr(dfl.log, "retransmission 4 (timeout, next in 2000 ms)"));
}

/* s's ServerHello flight is lost once: c's timer resends its ClientHello
 * 500 ms later, and s resends its flight at once (before its own 1 s
 * timer), counted and traced as the peer's retransmission. */
static void test_server_resends_when_client_retransmits(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S), c = dfl_ep(DFL_C);
    dfl.s.drop = dfl_drop_first_server_hello;
    assert_int_equal(DtlsFlightsTest__c_session__connect(&s), E_OK);
    dfl_run_for(900);
    assert_int_equal(dfl.uc.connected, 1);
    assert_int_equal(dfl.us.connected, 1);
    assert_int_equal(dfl_count(&dfl.c, DTLS_HT_CLIENT_HELLO), 3); /* no cookie, cookie, again */
    assert_int_equal(dfl_count(&dfl.s, DTLS_HT_SERVER_HELLO), 2);
    uint16_t i = 0;
    while (dfl.s.log[i].hs_type != DTLS_HT_SERVER_HELLO || dfl.s.log[i].dropped)
        i++;
    assert_int_equal(dfl.s.log[i].at, dfl.c.log[2].at); /* answered the retransmission at once */
    struct dtls_counters sc = {0}, cc = {0};
    assert_true(DtlsFlightsTest__s_stats__peer(&c, &sc));
    assert_true(DtlsFlightsTest__c_stats__peer(&s, &cc));
    assert_int_equal(sc.retransmissions, 1);
    assert_int_equal(cc.retransmissions, 1);
    assert_non_null(strstr(dfl.log, "retransmission 0 (peer retransmitted)"));
    dfl_echo_to_s("after a lost flight");
}

/* c and c3 start at once: the second ClientHello reaches s while its
 * HelloVerifyRequest to the first is going out (the transport busy). Both
 * get theirs before any retransmission (the second was skipped). */
static void test_hello_verify_while_busy(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S);
    assert_int_equal(DtlsFlightsTest__c_session__connect(&s), E_OK);
    assert_int_equal(DtlsFlightsTest__c3_session__connect(&s), E_OK);
    dfl_run_for(400); /* c resends after 500 ms, c3 after 1 s */
    assert_int_equal(dfl_count(&dfl.s, DTLS_HT_HELLO_VERIFY_REQUEST), 2);
    dfl_run_for(2000);
    assert_int_equal(dfl.uc.connected, 2);
    assert_int_equal(dfl.us.connected, 2);
}

/* s's final flight (CCS, Finished) is lost once: s is established, keeps
 * the flight without a timer, resends it when c's timer resends c's last
 * flight, and lets its handshake object go once c's data arrives. */
static void test_final_flight_kept_until_the_client_speaks(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S), c = dfl_ep(DFL_C);
    dfl.s.drop = dfl_drop_first_ccs;
    assert_int_equal(DtlsFlightsTest__c_session__connect(&s), E_OK);
    dfl_run_for(100);
    assert_int_equal(dfl.us.connected, 1);
    assert_int_equal(dfl.uc.connected, 0);
    assert_int_equal(dfl_hs_in_use(), 1);
    dfl_run_for(3000); /* the server never resends on its own */
    assert_int_equal(dfl.uc.connected, 1);
    struct dtls_counters sc;
    assert_true(DtlsFlightsTest__s_stats__peer(&c, &sc));
    assert_int_equal(sc.retransmissions, 1);
    assert_int_equal(dfl_count(&dfl.c, DTLS_HT_CLIENT_KEY_EXCHANGE), 2);
    assert_int_equal(dfl_hs_in_use(), 1);
    dfl_echo_to_s("the final flight arrived");
    assert_int_equal(dfl_hs_in_use(), 0);
}

/* mtu() of 60 on both sides, read for every datagram, and a 40-byte hint:
 * every message that does not fit is fragmented, every datagram within 60
 * bytes. No first fragment can hold the cookie at this MTU: the server
 * checks it in the second fragment and keeps the hello from there, and the
 * client's retransmission brings the first fragment again (one
 * retransmission). Each side reassembles, data flows; the upward mtu()
 * follows the transport's. */
static void test_fragmented_handshake_at_mtu_60(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S), c = dfl_ep(DFL_C);
    dfl.hint = "a hint long enough to need two fragments";
    dfl.c.mtu = dfl.s.mtu = 60;
    assert_int_equal(DtlsFlightsTest__c_session__connect(&s), E_OK);
    dfl_run_for(1000);
    assert_int_equal(dfl.uc.connected, 1);
    assert_int_equal(dfl.us.connected, 1);
    assert_true(dfl_largest(&dfl.s, 0xFF) <= 60);
    assert_true(dfl_largest(&dfl.c, 0xFF) <= 60);
    struct dtls_counters sc = {0}, cc = {0};
    assert_true(DtlsFlightsTest__s_stats__peer(&c, &sc));
    assert_true(DtlsFlightsTest__c_stats__peer(&s, &cc));
    assert_true(sc.frags_sent > 4);        /* ServerHello, ServerKeyExchange, ServerHelloDone, Finished */
    assert_true(cc.msgs_reassembled >= 2); /* ServerHello and ServerKeyExchange came in pieces */
    assert_true(sc.msgs_reassembled >= 1); /* the ClientHello (with its cookie) */
    assert_int_equal(sc.retransmissions, 0);
    assert_int_equal(cc.retransmissions, 1);
    assert_int_equal(DtlsFlightsTest__c__mtu(), 60 - 29);
    static const char max[] = "exactly thirty-one bytes long!!";
    assert_int_equal(DtlsFlightsTest__c__send(&s, (const uint8_t *)max, 32), E_SIZE);
    dfl_echo_to_s(max);
    dfl.c.mtu = 0;
    assert_int_equal(DtlsFlightsTest__c__mtu(), 400 - 29);
}

/* c2 and s2 at MTU 80 on links that duplicate 30% and reorder 50% of the
 * datagrams: fragments come twice and out of order; the handshake completes. */
static void test_duplicated_and_reordered_fragments(void **state)
{
    (void)state;
    struct endpoint s2 = dfl_ep(DFL_S2), c2 = dfl_ep(DFL_C2);
    dfl.hint = "a hint long enough to need two fragments";
    assert_int_equal(DtlsFlightsTest__c2_session__connect(&s2), E_OK);
    dfl_run_for(5000);
    assert_int_equal(dfl.uc.connected, 1);
    assert_int_equal(dfl.us.connected, 1);
    struct dtls_counters sc = {0}, cc = {0};
    assert_true(DtlsFlightsTest__s2_stats__peer(&c2, &sc));
    assert_true(DtlsFlightsTest__c2_stats__peer(&s2, &cc));
    assert_true(cc.msgs_reassembled + sc.msgs_reassembled >= 2);
    uint16_t before = dfl.us.received;
    assert_int_equal(DtlsFlightsTest__c2__send(&s2, (const uint8_t *)"dup", 3), E_OK);
    dfl_run_for(100);
    assert_true(dfl.us.received > before);
}

/* A fragmented ServerKeyExchange longer than c3's 64-byte reassembly
 * buffer: refused whole with illegal_parameter, never truncated. */
static void test_oversized_fragmented_message_refused(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S);
    dfl.hint = "a hint of seventy bytes or so, longer than the reassembly buffer of c3";
    dfl.s.mtu = 80;
    assert_int_equal(DtlsFlightsTest__c3_session__connect(&s), E_OK);
    dfl_run_for(200);
    assert_int_equal(dfl.uc.connected, 0);
    assert_int_equal(dfl.uc.closed, 1);
    assert_int_equal(dfl.uc.reason, SESSION_ALERT_SENT);
    assert_int_equal(dfl.uc.alert, DTLS_ALERT_ILLEGAL_PARAMETER);
    assert_int_equal(dfl.us.closed, 1);
    assert_int_equal(dfl.us.reason, SESSION_ALERT_RECEIVED);
    assert_int_equal(dfl.us.alert, DTLS_ALERT_ILLEGAL_PARAMETER);
}

/* Data to a server without a session starts the handshake; send_done
 * (E_OK) comes at once, from a task; the data arrives once the session is
 * up, in order. */
static void test_data_before_the_session(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S);
    static const uint8_t early[] = "early";
    assert_int_equal(DtlsFlightsTest__c__send(&s, early, 5), E_OK);
    assert_int_equal(dfl.uc.sent_done, 0); /* never from inside send() */
    assert_int_equal(DtlsFlightsTest__c__send(&s, early, 5), E_BUSY);
    (void)DtlsFlightsTest__loop__run_until_idle();
    assert_int_equal(dfl.uc.sent_done, 1);
    assert_int_equal(dfl.uc.last_done, E_OK);
    assert_int_equal(DtlsFlightsTest__c__send(&s, (const uint8_t *)"second", 6), E_OK);
    dfl_run_for(200);
    assert_int_equal(dfl.uc.connected, 1);
    assert_int_equal(dfl.us.received, 2);
    assert_memory_equal(dfl.us.data, "second", 6);
    assert_int_equal(dfl.uc.sent_done, 2);
}

/* The queue is bounded (c's queue_bytes = 40: one 30-byte datagram and
 * its 4 bytes of bookkeeping); when the handshake gives up, the queued
 * data is dropped and closed() says why. */
static void test_queued_data_bounded_and_dropped_on_failure(void **state)
{
    (void)state;
    struct endpoint s = dfl_ep(DFL_S);
    static const uint8_t thirty[30] = {1};
    dfl.c.drop = dfl_drop_all;
    assert_int_equal(DtlsFlightsTest__c__send(&s, thirty, sizeof thirty), E_OK);
    (void)DtlsFlightsTest__loop__run_until_idle();
    assert_int_equal(DtlsFlightsTest__c__send(&s, thirty, sizeof thirty), E_NOMEM);
    assert_int_equal(DtlsFlightsTest__c__send(&s, thirty, 2), E_OK);
    dfl_run_for(8000);
    assert_int_equal(dfl.uc.closed, 1);
    assert_int_equal(dfl.uc.reason, SESSION_TIMEOUT);
    assert_int_equal(dfl.us.received, 0);
    dfl.c.drop = NULL; /* the queue is empty again: a new handshake carries new data only */
    assert_int_equal(DtlsFlightsTest__c__send(&s, (const uint8_t *)"fresh", 5), E_OK);
    dfl_run_for(200);
    assert_int_equal(dfl.us.received, 1);
    assert_memory_equal(dfl.us.data, "fresh", 5);
}

int main(void)
{
#define DFL(f) cmocka_unit_test_setup_teardown(f, dfl_setup, dfl_teardown)
    const struct CMUnitTest tests[] = {
        DFL(test_retransmission_schedule_and_give_up),
        DFL(test_server_resends_when_client_retransmits),
        DFL(test_hello_verify_while_busy),
        DFL(test_final_flight_kept_until_the_client_speaks),
        DFL(test_fragmented_handshake_at_mtu_60),
        DFL(test_duplicated_and_reordered_fragments),
        DFL(test_oversized_fragmented_message_refused),
        DFL(test_data_before_the_session),
        DFL(test_queued_data_bounded_and_dropped_on_failure),
    };
    wire_init();
    static const char *const eps[] = {DFL_C, DFL_S, DFL_C2, DFL_S2, DFL_C3};
    struct endpoint ep;
    ep = dfl_ep(eps[0]);
    assert_int_equal(DtlsFlightsTest__c__open(&ep), E_OK);
    ep = dfl_ep(eps[1]);
    assert_int_equal(DtlsFlightsTest__s__open(&ep), E_OK);
    ep = dfl_ep(eps[2]);
    assert_int_equal(DtlsFlightsTest__c2__open(&ep), E_OK);
    ep = dfl_ep(eps[3]);
    assert_int_equal(DtlsFlightsTest__s2__open(&ep), E_OK);
    ep = dfl_ep(eps[4]);
    assert_int_equal(DtlsFlightsTest__c3__open(&ep), E_OK);
    return cmocka_run_group_tests_name("dtls_flights", tests, NULL, NULL);
}
