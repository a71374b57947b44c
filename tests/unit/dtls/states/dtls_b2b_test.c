/* dtls_b2b_test.c: DtlsB2bTest, our Dtls client and server back to back
 * over FakeLink on fake time, small enough for the F1611's 10 KB of RAM,
 * so the same handshakes run on the host and in the MSP430 simulator
 * (where int and size_t are 16 bits): a full handshake with and without
 * an identity hint, data both ways, close_notify, an unknown identity, and
 * a handshake over an 80-byte MTU (the ClientHello with its cookie cut
 * into fragments and put together again). */
#include <string.h>

#include "dtls/dtls_wire.h"
#include "interfaces/datagram.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/mtu_control.h"
#include "interfaces/pool.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "lib/endpoint.h"
#include "tests/unit/dtls/states/dtls_states.h"
#include "tests/unit/test_cmocka.h"

#define B2B_S "[::1]:5684"
#define B2B_C "[::1]:40001"

struct b2b_user {
    uint8_t connected, closed, reason, alert, received;
    uint8_t data[16];
    uint16_t len;
};

static struct {
    struct b2b_user s, c;
    struct endpoint s_ep, c_ep;
    uint8_t echo[16];
} b2b;

void DtlsB2bTest__clock__fired(void) {}

static time_ms_t b2b_now(void)
{
    return DtlsB2bTest__clock__now();
}

static void b2b_run_for(time_ms_t dt)
{
    time_ms_t end = b2b_now() + dt;
    for (;;) {
        (void)DtlsB2bTest__loop__run_until_idle();
        if (!DtlsB2bTest__time__step(end - b2b_now()))
            break;
    }
    (void)DtlsB2bTest__loop__run_until_idle();
}

static uint16_t b2b_in_use(bool server)
{
    struct pool_stats st;
    if (server)
        DtlsB2bTest__s_pool__stats(&st);
    else
        DtlsB2bTest__c_pool__stats(&st);
    return st.in_use;
}

static void b2b_got(struct b2b_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    u->len = len < sizeof u->data ? len : sizeof u->data;
    memcpy(u->data, buf, u->len);
}

/* The server echoes what it receives. */
void DtlsB2bTest__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    b2b_got(&b2b.s, buf, len);
    memcpy(b2b.echo, b2b.s.data, b2b.s.len);
    assert_int_equal(DtlsB2bTest__s__send(from, b2b.echo, b2b.s.len), E_OK);
}

void DtlsB2bTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    b2b_got(&b2b.c, buf, len);
}

void DtlsB2bTest__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
}

void DtlsB2bTest__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
}

void DtlsB2bTest__s_session__connected(const struct endpoint *peer)
{
    assert_true(endpoint_equal(peer, &b2b.c_ep));
    b2b.s.connected++;
}

void DtlsB2bTest__c_session__connected(const struct endpoint *peer)
{
    assert_true(endpoint_equal(peer, &b2b.s_ep));
    b2b.c.connected++;
}

static void b2b_closed(struct b2b_user *u, uint8_t reason, uint8_t alert)
{
    u->closed++;
    u->reason = reason;
    u->alert = alert;
}

void DtlsB2bTest__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    b2b_closed(&b2b.s, reason, alert);
}

void DtlsB2bTest__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    b2b_closed(&b2b.c, reason, alert);
}

static int b2b_setup(void **state)
{
    (void)state;
    memset(&b2b.s, 0, sizeof b2b.s);
    memset(&b2b.c, 0, sizeof b2b.c);
    dsx_psk_state.hint = NULL;
    dsx_psk_state.identity = DSX_IDENTITY;
    dsx_psk_state.seen_hint_len = 0xFFFF;
    return 0;
}

static int b2b_teardown(void **state)
{
    (void)state;
    (void)DtlsB2bTest__s_mtu__set(0);
    (void)DtlsB2bTest__c_mtu__set(0);
    (void)DtlsB2bTest__c_session__close(&b2b.s_ep);
    b2b_run_for(100);
    return b2b_in_use(true) == 0 && b2b_in_use(false) == 0 ? 0 : -1;
}

/* c connects to s: both connected, one peer in each pool. */
static void b2b_connect(void)
{
    assert_int_equal(DtlsB2bTest__c_session__connect(&b2b.s_ep), E_OK);
    b2b_run_for(1000);
    assert_int_equal(b2b.c.connected, 1);
    assert_int_equal(b2b.s.connected, 1);
    assert_true(DtlsB2bTest__c_session__is_connected(&b2b.s_ep));
    assert_true(DtlsB2bTest__s_session__is_connected(&b2b.c_ep));
    assert_int_equal(b2b_in_use(true), 1);
    assert_int_equal(b2b_in_use(false), 1);
}

static void b2b_echo(const char *text)
{
    uint16_t n = (uint16_t)strlen(text);
    uint8_t before = b2b.c.received;
    assert_int_equal(DtlsB2bTest__c__send(&b2b.s_ep, (const uint8_t *)text, n), E_OK);
    b2b_run_for(100);
    assert_int_equal(b2b.c.received, before + 1);
    assert_int_equal(b2b.c.len, n);
    assert_memory_equal(b2b.c.data, text, n);
}

static void test_b2b_handshake_and_echo(void **state)
{
    (void)state;
    b2b_connect();
    assert_int_equal(dsx_psk_state.seen_hint_len, 0); /* no ServerKeyExchange */
    b2b_echo("hello, mote");
    b2b_echo("again");
    assert_int_equal(b2b.s.received, 2);
}

static void test_b2b_hint(void **state)
{
    (void)state;
    dsx_psk_state.hint = "motes";
    b2b_connect();
    assert_int_equal(dsx_psk_state.seen_hint_len, 5);
    assert_memory_equal(dsx_psk_state.seen_hint, "motes", 5);
    b2b_echo("hinted");
}

static void test_b2b_close_notify(void **state)
{
    (void)state;
    b2b_connect();
    assert_int_equal(DtlsB2bTest__c_session__close(&b2b.s_ep), E_OK);
    b2b_run_for(100);
    assert_int_equal(b2b.c.closed, 1);
    assert_int_equal(b2b.c.reason, SESSION_CLOSED);
    assert_int_equal(b2b.s.closed, 1);
    assert_int_equal(b2b.s.reason, SESSION_PEER_CLOSED);
    assert_int_equal(b2b_in_use(true), 0);
    assert_int_equal(b2b_in_use(false), 0);
}

static void test_b2b_unknown_identity(void **state)
{
    (void)state;
    dsx_psk_state.identity = "mallory";
    assert_int_equal(DtlsB2bTest__c_session__connect(&b2b.s_ep), E_OK);
    b2b_run_for(1000);
    assert_int_equal(b2b.c.connected, 0);
    assert_int_equal(b2b.c.closed, 1);
    assert_int_equal(b2b.c.reason, SESSION_ALERT_RECEIVED);
    assert_int_equal(b2b.c.alert, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    assert_int_equal(b2b.s.reason, SESSION_ALERT_SENT);
    assert_int_equal(b2b_in_use(true), 0);
}

/* With an 80-byte MTU the client cuts its ClientHello with the cookie into
 * fragments and the server puts them together; data flows. (80 is above the ClientHello's
 * floor: its first fragment must reach past a 16-byte cookie, 77 bytes.) */
static void test_b2b_fragmented(void **state)
{
    (void)state;
    assert_int_equal(DtlsB2bTest__s_mtu__set(80), E_OK);
    assert_int_equal(DtlsB2bTest__c_mtu__set(80), E_OK);
    dsx_psk_state.hint = "motes";
    b2b_connect();
    struct dtls_counters sc = {0}, cc = {0};
    assert_true(DtlsB2bTest__s_stats__peer(&b2b.c_ep, &sc));
    assert_true(DtlsB2bTest__c_stats__peer(&b2b.s_ep, &cc));
    assert_true(sc.msgs_reassembled >= 1); /* the ClientHello with its cookie */
    assert_int_equal(cc.frags_sent,
                     5); /* ClientHello, ClientHello with cookie in 2, ClientKeyExchange, Finished */
    assert_int_equal(sc.frags_sent, 4); /* ServerHello, ServerKeyExchange, ServerHelloDone, Finished: whole */
    b2b_echo("after fragments");
}

int main(void)
{
#define B2B(f) cmocka_unit_test_setup_teardown(f, b2b_setup, b2b_teardown)
    const struct CMUnitTest tests[] = {
        B2B(test_b2b_handshake_and_echo), B2B(test_b2b_hint),       B2B(test_b2b_close_notify),
        B2B(test_b2b_unknown_identity),   B2B(test_b2b_fragmented),
    };
    wire_init();
    assert_true(endpoint_parse(B2B_S, 0, &b2b.s_ep));
    assert_true(endpoint_parse(B2B_C, 0, &b2b.c_ep));
    assert_int_equal(DtlsB2bTest__s__open(&b2b.s_ep), E_OK);
    assert_int_equal(DtlsB2bTest__c__open(&b2b.c_ep), E_OK);
    return cmocka_run_group_tests_name("dtls_b2b", tests, NULL, NULL);
}
