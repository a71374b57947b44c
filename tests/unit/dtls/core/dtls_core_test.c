/* dtls_core_test.c: DtlsCoreTest, cmocka tests of the Dtls component: our
 * client and server back to back over FakeLink on FakeAlarm time (full
 * handshake and echo, with and without an identity hint), a wrong key, an
 * unknown identity, spoofed ClientHellos that must allocate nothing, a
 * full pool that refuses a handshake without disturbing the session it
 * holds, replayed and wrong-epoch records, and close_notify. Server s
 * echoes every record back; client c sits behind a tap that keeps a copy
 * of what it sent last, to replay it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"
#include "interfaces/datagram.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/pool.h"
#include "interfaces/psk_store.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "lib/endpoint.h"
#include "tests/unit/dtls/core/dtls_core_help.h"

#define DCT_S  "[::1]:5684"
#define DCT_S2 "[::1]:5685"
#define DCT_C  "[::1]:40001"
#define DCT_C2 "[::1]:40002"
#define DCT_X  "[::1]:40009"

static struct endpoint dct_ep(const char *text)
{
    struct endpoint ep;
    assert_true(endpoint_parse(text, 0, &ep));
    return ep;
}

static time_ms_t dct_now(void)
{
    return DtlsCoreTest__clock__now();
}

void DtlsCoreTest__clock__fired(void) {}

/* Run tasks and move the clock until dt ms have passed. */
static void dct_run_for(time_ms_t dt)
{
    time_ms_t end = dct_now() + dt;
    for (;;) {
        (void)DtlsCoreTest__loop__run_until_idle();
        if (!DtlsCoreTest__time__step(end - dct_now()))
            break;
    }
    (void)DtlsCoreTest__loop__run_until_idle();
}

static uint16_t dct_in_use(bool s2)
{
    struct pool_stats st;
    if (s2)
        DtlsCoreTest__s2_pool__stats(&st);
    else
        DtlsCoreTest__s_pool__stats(&st);
    return st.in_use;
}

/* Send bytes as if from client c, through the tap. */
static void dct_inject(const uint8_t *buf, uint16_t len)
{
    assert_int_equal(dct_tap_inject(buf, len), E_OK);
    dct_run_for(10);
    assert_false(dct.injecting);
}

/* ---- users' events ----------------------------------------------------------- */

static void dct_record(struct dct_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    u->len = len;
    memcpy(u->data, buf, len < sizeof u->data ? len : sizeof u->data);
}

static void dct_closed(struct dct_user *u, uint8_t reason, uint8_t alert)
{
    u->closed++;
    u->reason = reason;
    u->alert = alert;
}

/* Servers echo every record back to its sender. */
void DtlsCoreTest__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    dct_record(&dct.s, buf, len);
    memcpy(dct.echo, buf, len);
    assert_int_equal(DtlsCoreTest__s__send(from, dct.echo, len), E_OK);
}

void DtlsCoreTest__s2__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    dct_record(&dct.s2, buf, len);
    memcpy(dct.echo, buf, len);
    assert_int_equal(DtlsCoreTest__s2__send(from, dct.echo, len), E_OK);
}

void DtlsCoreTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dct_record(&dct.c, buf, len);
}

void DtlsCoreTest__c2__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dct_record(&dct.c2, buf, len);
}

void DtlsCoreTest__attacker__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dct.x_received++;
    dct.x_last_len = len < sizeof dct.x_last ? len : sizeof dct.x_last;
    memcpy(dct.x_last, buf, dct.x_last_len);
}

void DtlsCoreTest__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
    dct.s.sent_done++;
}

void DtlsCoreTest__s2__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
    dct.s2.sent_done++;
}

void DtlsCoreTest__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
    dct.c.sent_done++;
}

void DtlsCoreTest__c2__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
    dct.c2.sent_done++;
}

void DtlsCoreTest__attacker__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsCoreTest__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dct.s.connected++;
}

void DtlsCoreTest__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dct_closed(&dct.s, reason, alert);
}

void DtlsCoreTest__s2_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dct.s2.connected++;
}

void DtlsCoreTest__s2_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dct_closed(&dct.s2, reason, alert);
}

void DtlsCoreTest__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dct.c.connected++;
}

void DtlsCoreTest__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dct_closed(&dct.c, reason, alert);
}

void DtlsCoreTest__c2_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dct.c2.connected++;
}

void DtlsCoreTest__c2_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dct_closed(&dct.c2, reason, alert);
}

/* ---- helpers ------------------------------------------------------------------- */

/* Client c sends text to server s (or s2) and gets it echoed. */
static void dct_echo(const char *server, const char *text)
{
    struct endpoint to = dct_ep(server);
    uint16_t n = (uint16_t)strlen(text);
    uint16_t before = dct.c.received;
    assert_int_equal(DtlsCoreTest__c__send(&to, (const uint8_t *)text, n), E_OK);
    dct_run_for(100);
    assert_int_equal(dct.c.received, before + 1);
    assert_int_equal(dct.c.len, n);
    assert_memory_equal(dct.c.data, text, n);
}

static void dct_connect_c(const char *server)
{
    struct endpoint to = dct_ep(server);
    assert_int_equal(DtlsCoreTest__c_session__connect(&to), E_OK);
    dct_run_for(1000);
}

static int dct_setup(void **state)
{
    (void)state;
    memset(&dct.s, 0, sizeof dct.s);
    memset(&dct.s2, 0, sizeof dct.s2);
    memset(&dct.c, 0, sizeof dct.c);
    memset(&dct.c2, 0, sizeof dct.c2);
    dct.identity = "alice";
    dct.key_flip = 0;
    dct.hint = NULL;
    dct.hint_seen = false;
    dct.before_c_send = NULL;
    dct.log_len = 0;
    dct.log[0] = 0;
    return 0;
}

/* Close whatever is left and check that every pool is empty again. */
static int dct_teardown(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S), s2 = dct_ep(DCT_S2);
    (void)DtlsCoreTest__c_session__close(&s);
    (void)DtlsCoreTest__c_session__close(&s2);
    (void)DtlsCoreTest__c2_session__close(&s2);
    dct_run_for(1000);
    assert_int_equal(dct_in_use(false), 0);
    assert_int_equal(dct_in_use(true), 0);
    return 0;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_handshake_and_echo(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S), c = dct_ep(DCT_C);
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    assert_int_equal(dct.s.connected, 1);
    assert_true(DtlsCoreTest__c_session__is_connected(&s));
    assert_true(DtlsCoreTest__s_session__is_connected(&c));
    assert_int_equal(dct_in_use(false), 1);
    assert_int_equal(DtlsCoreTest__c_session__connect(&s), E_ALREADY);
    dct_echo(DCT_S, "hello, server");
    dct_echo(DCT_S, "and again");
    assert_int_equal(dct.s.received, 2);
    assert_int_equal(dct.c.sent_done, 2);
    assert_int_equal(dct.c.closed, 0);
}

static void test_handshake_with_hint(void **state)
{
    (void)state;
    dct.hint = "our-servers";
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    assert_int_equal(dct.s.connected, 1);
    assert_true(dct.hint_seen);
    dct_echo(DCT_S, "hinted");
}

static void test_close_notify(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S), c = dct_ep(DCT_C);
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    assert_int_equal(DtlsCoreTest__c_session__close(&s), E_OK);
    dct_run_for(100);
    assert_int_equal(dct.c.closed, 1);
    assert_int_equal(dct.c.reason, SESSION_CLOSED);
    assert_int_equal(dct.c.alert, SESSION_NO_ALERT);
    assert_int_equal(dct.s.closed, 1);
    assert_int_equal(dct.s.reason, SESSION_PEER_CLOSED);
    assert_false(DtlsCoreTest__s_session__is_connected(&c));
    assert_int_equal(dct_in_use(false), 0);
    assert_int_equal(DtlsCoreTest__c_session__close(&s), E_INVAL);
}

/* A wrong key: the server cannot authenticate the client's Finished, drops
 * it silently (RFC 6347 4.1.2.7), and both sides give up at the timeout. */
static void test_wrong_key(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S);
    dct.key_flip = 0x01;
    assert_int_equal(DtlsCoreTest__c_session__connect(&s), E_OK);
    dct_run_for(19000);
    assert_int_equal(dct.c.closed, 0);
    dct_run_for(2000);
    assert_int_equal(dct.c.connected, 0);
    assert_int_equal(dct.s.connected, 0);
    assert_int_equal(dct.c.closed, 1);
    assert_int_equal(dct.c.reason, SESSION_TIMEOUT);
    assert_int_equal(dct.s.closed, 1);
    assert_int_equal(dct.s.reason, SESSION_TIMEOUT);
    assert_int_equal(dct.s.received, 0);
    assert_int_equal(dct_in_use(false), 0);
}

/* An unknown identity: fatal unknown_psk_identity (RFC 4279 section 2). */
static void test_unknown_identity(void **state)
{
    (void)state;
    dct.identity = "mallory";
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 0);
    assert_int_equal(dct.c.closed, 1);
    assert_int_equal(dct.c.reason, SESSION_ALERT_RECEIVED);
    assert_int_equal(dct.c.alert, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    assert_int_equal(dct.s.closed, 1);
    assert_int_equal(dct.s.reason, SESSION_ALERT_SENT);
    assert_int_equal(dct.s.alert, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    assert_int_equal(dct_in_use(false), 0);
}

/* A ClientHello datagram from the attacker node, with cookie (or none). */
static uint16_t dct_client_hello(uint8_t *out, uint16_t i, const uint8_t *cookie, uint8_t cookie_len)
{
    uint8_t random[DTLS_RANDOM_LEN] = {(uint8_t)i, (uint8_t)(i >> 8)};
    struct dtls_client_hello ch = {0};
    ch.random = random;
    ch.cookie = cookie;
    ch.cookie_len = cookie_len;
    ch.flags = DTLS_HELLO_EMS | DTLS_HELLO_SCSV;
    uint16_t n = dtls_client_hello_build(out + 25, 100, &ch);
    assert_true(n > 0);
    dtls_hs_header_write(out + 13, DTLS_HT_CLIENT_HELLO, n, 0, 0, n);
    uint8_t seq[DTLS_SEQ_LEN];
    dtls_put_u48(seq, i);
    dtls_record_header_write(out, DTLS_CT_HANDSHAKE, DTLS_VERSION_1_2, 0, seq, (uint16_t)(n + 12));
    return (uint16_t)(n + 25);
}

/* Thousands of ClientHellos without a cookie or with a forged one: each
 * gets a HelloVerifyRequest, and the server allocates nothing. */
static void test_spoofed_client_hellos_allocate_nothing(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S);
    struct pool_stats before, after;
    DtlsCoreTest__s_pool__stats(&before);
    uint16_t replies = dct.x_received;
    for (uint16_t i = 0; i < 3000; i++) {
        uint8_t cookie[16];
        memset(cookie, (uint8_t)i, sizeof cookie);
        uint16_t n = dct_client_hello(dct.x_buf, i, cookie, (i & 1) ? sizeof cookie : 0);
        assert_int_equal(DtlsCoreTest__attacker__send(&s, dct.x_buf, n), E_OK);
        (void)DtlsCoreTest__loop__run_until_idle();
    }
    DtlsCoreTest__s_pool__stats(&after);
    assert_int_equal(after.in_use, before.in_use);
    assert_int_equal(after.peak, before.peak);
    assert_int_equal(after.failures, before.failures);
    assert_int_equal((uint16_t)(dct.x_received - replies), 3000); /* one HelloVerifyRequest each */
    assert_int_equal(dct.s.connected, 0);
    /* a real client still gets in */
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    dct_echo(DCT_S, "still here");
}

/* The attacker node sends ClientHello i with the cookie given; the reply
 * is a HelloVerifyRequest (its cookie copied to cookie_out: true) or not. */
static bool dct_hello_from_x(uint16_t i, const uint8_t *cookie, uint8_t cookie_len, uint8_t *cookie_out)
{
    struct endpoint s = dct_ep(DCT_S);
    uint16_t n = dct_client_hello(dct.x_buf, i, cookie, cookie_len);
    uint16_t before = dct.x_received;
    assert_int_equal(DtlsCoreTest__attacker__send(&s, dct.x_buf, n), E_OK);
    dct_run_for(10);
    if (dct.x_received == before || dct.x_last[0] != DTLS_CT_HANDSHAKE ||
        dct.x_last[13] != DTLS_HT_HELLO_VERIFY_REQUEST)
        return false;
    struct dtls_hello_verify hv;
    assert_int_equal(dtls_hello_verify_parse(dct.x_last + 25, (uint16_t)(dct.x_last_len - 25), &hv), DTLS_OK);
    assert_int_equal(hv.cookie_len, 16);
    memcpy(cookie_out, hv.cookie, hv.cookie_len);
    return true;
}

/* The secret rotates every cookie_period_ms (60 s by default) and the
 * previous one is still accepted: a cookie is valid for at least one
 * period (59 s later: at most one rotation) and not after two (121 s later);
 * a valid one allocates a peer. */
static void test_cookie_rotation_and_expiry(void **state)
{
    (void)state;
    uint8_t cookie[16], again[16];
    /* fresh cookie, two rotations later: refused with a new cookie */
    assert_true(dct_hello_from_x(7, NULL, 0, cookie));
    dct_run_for(121000);
    assert_true(dct_hello_from_x(7, cookie, sizeof cookie, again));
    assert_memory_not_equal(cookie, again, sizeof cookie);
    assert_int_equal(dct_in_use(false), 0);
    /* the same hello with another random is another cookie */
    assert_true(dct_hello_from_x(8, NULL, 0, again));
    assert_memory_not_equal(cookie, again, sizeof cookie);
    /* fresh cookie, 59 s later: still accepted, a handshake starts */
    assert_true(dct_hello_from_x(9, NULL, 0, cookie));
    dct_run_for(59000);
    assert_false(
        dct_hello_from_x(9, cookie, sizeof cookie, again)); /* a ServerHello, no HelloVerifyRequest */
    assert_int_equal(dct.x_last[13], DTLS_HT_SERVER_HELLO);
    assert_int_equal(dct_in_use(false), 1);
    dct_run_for(21000); /* the attacker never finishes: the handshake times out */
    assert_int_equal(dct_in_use(false), 0);
    assert_int_equal(dct.s.closed, 1);
    assert_int_equal(dct.s.reason, SESSION_TIMEOUT);
}

/* The tap's hook: just before c's last flight goes out, the attacker
 * sends s a ClientHello, which arrives first; s's HelloVerifyRequest then
 * holds the transport when c's Finished arrives. */
static void dct_x_hello_before_cke(const uint8_t *buf, uint16_t len)
{
    if (len > 25 && buf[0] == DTLS_CT_HANDSHAKE && buf[13] == DTLS_HT_CLIENT_KEY_EXCHANGE) {
        struct endpoint s = dct_ep(DCT_S);
        uint16_t n = dct_client_hello(dct.x_buf, 99, NULL, 0);
        assert_int_equal(DtlsCoreTest__attacker__send(&s, dct.x_buf, n), E_OK);
        dct.before_c_send = NULL;
    }
}

/* The server's last flight waits for a busy transport and goes out on
 * send_done, with the right Finished (its master secret still there). */
static void test_last_flight_waits_for_transport(void **state)
{
    (void)state;
    uint16_t x = dct.x_received;
    dct.before_c_send = dct_x_hello_before_cke;
    dct_connect_c(DCT_S);
    assert_null(dct.before_c_send);
    assert_int_equal(dct.x_received, x + 1);
    assert_int_equal(dct.s.connected, 1);
    assert_int_equal(dct.c.connected, 1);
    assert_int_equal(dct.c.closed, 0);
    dct_echo(DCT_S, "after a busy transport");
}

/* s2 ends a session that received nothing for 30 s (idle_timeout_ms) with
 * close_notify; traffic keeps it alive. */
static void test_idle_timeout(void **state)
{
    (void)state;
    struct endpoint s2 = dct_ep(DCT_S2);
    dct_connect_c(DCT_S2);
    assert_int_equal(dct.s2.connected, 1);
    dct_run_for(20000);
    dct_echo(DCT_S2, "keep-alive");
    dct_run_for(20000);
    assert_int_equal(dct.s2.closed, 0);
    assert_true(DtlsCoreTest__c_session__is_connected(&s2));
    dct_run_for(11000);
    assert_int_equal(dct.s2.closed, 1);
    assert_int_equal(dct.s2.reason, SESSION_IDLE);
    assert_int_equal(dct.c.closed, 1);
    assert_int_equal(dct.c.reason, SESSION_PEER_CLOSED);
    assert_int_equal(dct_in_use(true), 0);
}

/* s2 holds one peer: c's session fills it, c2 is refused (fatal
 * internal_error) and c's session goes on undisturbed. */
static void test_pool_exhaustion(void **state)
{
    (void)state;
    struct endpoint s2 = dct_ep(DCT_S2);
    dct_connect_c(DCT_S2);
    assert_int_equal(dct.c.connected, 1);
    assert_int_equal(dct.s2.connected, 1);
    assert_int_equal(DtlsCoreTest__c2_session__connect(&s2), E_OK);
    dct_run_for(1000);
    assert_int_equal(dct.c2.connected, 0);
    assert_int_equal(dct.c2.closed, 1);
    assert_int_equal(dct.c2.reason, SESSION_ALERT_RECEIVED);
    assert_int_equal(dct.c2.alert, DTLS_ALERT_INTERNAL_ERROR);
    assert_int_equal(dct_in_use(true), 1);
    assert_int_equal(dct.s2.closed, 0);
    dct_echo(DCT_S2, "undisturbed");
    assert_int_equal(dct.s2.received, 1);
}

/* A replayed application record and one with the epoch changed are both
 * dropped; the session goes on. */
static void test_replay_and_wrong_epoch_dropped(void **state)
{
    (void)state;
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    dct_echo(DCT_S, "once");
    assert_int_equal(dct.s.received, 1);
    uint8_t copy[512];
    uint16_t n = dct.last_len;
    memcpy(copy, dct.last, n);
    assert_int_equal(copy[0], DTLS_CT_APPLICATION_DATA);
    dct_inject(copy, n); /* replayed */
    assert_int_equal(dct.s.received, 1);
    copy[4] = 2;      /* epoch 1 -> 2 */
    copy[10] ^= 0x40; /* a fresh sequence number too */
    dct_inject(copy, n);
    assert_int_equal(dct.s.received, 1);
    copy[4] = 0; /* epoch 0: no application data in the clear */
    dct_inject(copy, n);
    assert_int_equal(dct.s.received, 1);
    assert_int_equal(dct.s.closed, 0);
    dct_echo(DCT_S, "twice");
    assert_int_equal(dct.s.received, 2);
}

/* The counters of both sides after a handshake, an echo and a replayed
 * record, and the trace lines the tools print with -v. */
static void test_stats_and_trace(void **state)
{
    (void)state;
    struct endpoint s = dct_ep(DCT_S), c = dct_ep(DCT_C);
    struct dtls_counters cc, sc, st0, st1;
    DtlsCoreTest__s_stats__total(&st0);
    assert_false(DtlsCoreTest__c_stats__peer(&s, &cc));
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.connected, 1);
    dct_echo(DCT_S, "counted");
    dct_inject(dct.last, dct.last_len); /* replayed application record */
    assert_true(DtlsCoreTest__c_stats__peer(&s, &cc));
    assert_true(DtlsCoreTest__s_stats__peer(&c, &sc));
    /* c: ClientHello twice, ClientKeyExchange, Finished; HelloVerifyRequest,
     * ServerHello, ServerHelloDone, Finished */
    assert_int_equal(cc.frags_sent, 4);
    assert_int_equal(cc.frags_received, 4);
    assert_int_equal(cc.hs_completed, 1);
    assert_int_equal(cc.retransmissions, 0);
    /* s (a peer from the second ClientHello on): ServerHello, ServerHelloDone,
     * Finished sent; that ClientHello, ClientKeyExchange, Finished received */
    assert_int_equal(sc.frags_sent, 3);
    assert_int_equal(sc.frags_received, 3);
    assert_int_equal(sc.drop_replay, 1);
    assert_int_equal(sc.hs_completed, 1);
    DtlsCoreTest__s_stats__total(&st1);
    assert_int_equal(st1.drop_replay, st0.drop_replay + 1);
    assert_int_equal(st1.hs_completed, st0.hs_completed + 1);
    assert_int_equal(st1.frags_sent, st0.frags_sent + 4); /* the HelloVerifyRequest too */
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 > ClientHello seq 0 frag 0+"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:40001 > HelloVerifyRequest seq 0 frag 0+19/19"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 < ServerHelloDone seq 2 frag 0+0/0"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:40001 session up"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 session up"));
    assert_int_equal(DtlsCoreTest__c_session__close(&s), E_OK);
    dct_run_for(100);
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 > alert warning close_notify"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:40001 < alert warning close_notify"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:40001 session down: peer closed"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 session down: closed"));
}

/* A wrong identity: the alert by name in the trace, a failed handshake counted. */
static void test_trace_of_a_fatal_alert(void **state)
{
    (void)state;
    struct dtls_counters st0, st1;
    DtlsCoreTest__c_stats__total(&st0);
    dct.identity = "mallory";
    dct_connect_c(DCT_S);
    assert_int_equal(dct.c.closed, 1);
    DtlsCoreTest__c_stats__total(&st1);
    assert_int_equal(st1.hs_failed, st0.hs_failed + 1);
    assert_int_equal(st1.hs_completed, st0.hs_completed);
    assert_non_null(strstr(dct.log, "dtls: [::1]:40001 > alert fatal unknown_psk_identity"));
    assert_non_null(strstr(dct.log, "dtls: [::1]:5684 < alert fatal unknown_psk_identity"));
    assert_non_null(
        strstr(dct.log, "dtls: [::1]:5684 session down: alert received, alert unknown_psk_identity"));
}

int main(void)
{
#define DCT(f) cmocka_unit_test_setup_teardown(f, dct_setup, dct_teardown)
    const struct CMUnitTest tests[] = {
        DCT(test_handshake_and_echo),
        DCT(test_handshake_with_hint),
        DCT(test_close_notify),
        DCT(test_wrong_key),
        DCT(test_unknown_identity),
        DCT(test_spoofed_client_hellos_allocate_nothing),
        DCT(test_cookie_rotation_and_expiry),
        DCT(test_last_flight_waits_for_transport),
        DCT(test_pool_exhaustion),
        DCT(test_idle_timeout),
        DCT(test_replay_and_wrong_epoch_dropped),
        DCT(test_stats_and_trace),
        DCT(test_trace_of_a_fatal_alert),
    };
    wire_init();
    struct endpoint ep;
    ep = dct_ep(DCT_S);
    assert_int_equal(DtlsCoreTest__s__open(&ep), E_OK);
    ep = dct_ep(DCT_S2);
    assert_int_equal(DtlsCoreTest__s2__open(&ep), E_OK);
    ep = dct_ep(DCT_C);
    assert_int_equal(DtlsCoreTest__c__open(&ep), E_OK);
    ep = dct_ep(DCT_C2);
    assert_int_equal(DtlsCoreTest__c2__open(&ep), E_OK);
    ep = dct_ep(DCT_X);
    assert_int_equal(DtlsCoreTest__attacker__open(&ep), E_OK);
    return cmocka_run_group_tests_name("dtls_core", tests, NULL, NULL);
}
