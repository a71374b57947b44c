/* dtls_interop_test.c: DtlsInteropTest, the OpenSSL interop smoke test of
 * the Dtls component on loopback (commands of ../shared/docs/interop-peers.md):
 * our client against `openssl s_server` (hint, EMS, data both ways,
 * close_notify), then `openssl s_client` against our server, which echoes.
 * The test starts each peer itself through sh, bounded by timeout(1), feeds
 * its stdin from a pipe when the exchange is ready for it, and keeps its
 * output in a temporary file (dtls_interop_proc.h); as root each run is
 * also captured on lo and checked by tshark (dtls_interop_capture.h).
 * Without openssl the tests are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/datagram.h"
#include "interfaces/mcu_sleep.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/atomic.h"
#include "lib/endpoint.h"
#include "tests/unit/dtls/interop/dtls_interop_proc.h"
#include "tests/unit/dtls/interop/dtls_interop_capture.h"

#define DIT_KEY "000102030405060708090a0b0c0d0e0f"

/* What one user saw. */
struct dit_user {
    unsigned connected, closed, received;
    uint8_t reason, alert;
    char data[256];
    size_t len; /* bytes of data (all records appended) */
};

static struct {
    struct dit_user c, s;
    bool guard_fired;
    struct dip_child peer;
    uint16_t c_port; /* our client's local port */
    uint8_t echo[256];
} dit;

void DtlsInteropTest__guard__fired(void)
{
    dit.guard_fired = true;
}

static void dit_record(struct dit_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    size_t n = len < sizeof u->data - 1 - u->len ? len : sizeof u->data - 1 - u->len;
    memcpy(u->data + u->len, buf, n);
    u->len += n;
    u->data[u->len] = 0;
}

void DtlsInteropTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dit_record(&dit.c, buf, len);
}

void DtlsInteropTest__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    dit_record(&dit.s, buf, len);
    memcpy(dit.echo, buf, len < sizeof dit.echo ? len : sizeof dit.echo);
    (void)DtlsInteropTest__s__send(from, dit.echo, len < sizeof dit.echo ? len : sizeof dit.echo);
}

void DtlsInteropTest__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsInteropTest__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsInteropTest__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dit.c.connected++;
}

void DtlsInteropTest__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dit.c.closed++;
    dit.c.reason = reason;
    dit.c.alert = alert;
}

void DtlsInteropTest__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dit.s.connected++;
}

void DtlsInteropTest__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dit.s.closed++;
    dit.s.reason = reason;
    dit.s.alert = alert;
}

/* ---- helpers ------------------------------------------------------------- */

/* Run the loop (sleeping in poll()) until done() or ms pass; true if done. */
static bool dit_wait(bool (*done)(void), uint32_t ms)
{
    dit.guard_fired = false;
    DtlsInteropTest__guard__start_one_shot(ms);
    while (!(done && done()) && !dit.guard_fired) {
        if (!DtlsInteropTest__loop__run_next()) {
            atomic_t a = atomic_begin();
            DtlsInteropTest__sleep__sleep();
            atomic_end(a);
        }
        dip_poll(&dit.peer);
    }
    DtlsInteropTest__guard__stop();
    return done && done();
}

static struct endpoint dit_ep(uint16_t port)
{
    struct endpoint ep;
    const uint8_t lo[4] = {127, 0, 0, 1};
    endpoint_set_ip4(&ep, lo, port);
    return ep;
}

static uint16_t dit_port;

static bool dit_bound(void)
{
    return dip_udp_bound(dit_port);
}

static bool dit_peer_done(void)
{
    return dit.peer.done;
}

/* s_server printed our line (its output file). */
static bool dit_peer_got_ping(void)
{
    char out[4096];
    dip_output(&dit.peer, out, sizeof out);
    return strstr(out, "ping-from-ours") != NULL || dit.peer.done;
}

static bool dit_c_connected(void)
{
    return dit.c.connected || dit.c.closed;
}

static bool dit_c_got_pong(void)
{
    return strstr(dit.c.data, "pong-from-server\n") != NULL || dit.c.closed;
}

static bool dit_s_got_ping(void)
{
    return strstr(dit.s.data, "ping-from-client\n") != NULL || dit.s.closed;
}

static bool dit_c_closed(void)
{
    return dit.c.closed;
}

static bool dit_s_closed(void)
{
    return dit.s.closed;
}

/* ---- tests ------------------------------------------------------------------ */

/* Our client against s_server with `extra` options: handshake, a line each
 * way (s_server's once it has printed ours), our close_notify ends s_server
 * (-naccept 1) cleanly; if capture (and root), the capture check. */
static void dit_our_client(const char *extra, bool capture)
{
    if (!dip_have("openssl"))
        skip();
    memset(&dit.c, 0, sizeof dit.c);
    char cmd[1024], out[4096];
    struct dic_capture cap = {0};
    dit_port = dip_free_port();
    bool captured = capture && dic_start(&cap, dit_port);
    snprintf(cmd, sizeof cmd,
             "exec timeout 20 openssl s_server -dtls1_2 -accept 127.0.0.1:%u -nocert -psk " DIT_KEY
             " -psk_identity client1 -cipher PSK-AES128-CCM8 -naccept 1 -quiet %s",
             dit_port, extra);
    assert_true(dip_spawn(&dit.peer, cmd));
    assert_true(dit_wait(dit_bound, 10000));
    struct endpoint to = dit_ep(dit_port);
    assert_int_equal(DtlsInteropTest__c_session__connect(&to), E_OK);
    assert_true(dit_wait(dit_c_connected, 8000));
    if (dit.c.closed)
        print_message("our client: closed, reason %u, alert %u\n", dit.c.reason, dit.c.alert);
    assert_int_equal(dit.c.closed, 0);
    assert_int_equal(dit.c.connected, 1);
    static const char ping[] = "ping-from-ours\n", pong[] = "pong-from-server\n";
    assert_int_equal(DtlsInteropTest__c__send(&to, (const uint8_t *)ping, sizeof ping - 1), E_OK);
    assert_true(dit_wait(dit_peer_got_ping, 6000));
    dip_write(&dit.peer, pong);
    assert_true(dit_wait(dit_c_got_pong, 6000));
    assert_string_equal(dit.c.data, pong);
    assert_int_equal(dit.c.closed, 0);
    assert_int_equal(DtlsInteropTest__c_session__close(&to), E_OK);
    (void)dit_wait(dit_peer_done, 5000); /* s_server ends on our close_notify */
    dic_stop(&cap);
    bool ok = dip_exited_ok(&dit.peer);
    dip_finish(&dit.peer, out, sizeof out);
    assert_true(ok);
    assert_non_null(strstr(out, "ping-from-ours"));
    assert_int_equal(dit.c.closed, 1);
    assert_int_equal(dit.c.reason, SESSION_CLOSED);
    if (captured)
        dic_verify(&cap, DIT_KEY, dit.c_port, ping, pong, true);
}

/* s_client with `extra` options against our server: PSK-AES128-CCM8 with
 * the extended master secret, its line comes back, then its close_notify;
 * if capture (and root), the capture check. */
static void dit_openssl_client(const char *extra, bool capture)
{
    if (!dip_have("openssl"))
        skip();
    memset(&dit.s, 0, sizeof dit.s);
    char cmd[1024], out[4096];
    struct dic_capture cap = {0};
    dit_port = dip_free_port();
    struct endpoint local = dit_ep(dit_port);
    assert_int_equal(DtlsInteropTest__s__open(&local), E_OK);
    bool captured = capture && dic_start(&cap, dit_port);
    snprintf(cmd, sizeof cmd,
             "exec timeout 20 openssl s_client -dtls1_2 -connect 127.0.0.1:%u -psk " DIT_KEY
             " -psk_identity client1 -no_ign_eof -nocommands %s",
             dit_port, extra);
    assert_true(dip_spawn(&dit.peer, cmd));
    dip_write(&dit.peer, "ping-from-client\n"); /* sent once the handshake is done */
    if (!dit_wait(dit_s_got_ping, 10000))
        print_message("our server: %u connected, %u closed (reason %u, alert %u)\n", dit.s.connected,
                      dit.s.closed, dit.s.reason, dit.s.alert);
    assert_true(dit_s_got_ping());
    (void)dit_wait(NULL, 300);  /* the echo reaches s_client */
    dip_close_stdin(&dit.peer); /* s_client sends close_notify and exits */
    (void)dit_wait(dit_peer_done, 10000);
    assert_true(dit_wait(dit_s_closed, 3000));
    dic_stop(&cap);
    bool ok = dip_exited_ok(&dit.peer);
    dip_finish(&dit.peer, out, sizeof out);
    print_message("s_client said: %s\n", out);
    assert_true(ok);
    assert_int_equal(dit.s.connected, 1);
    assert_string_equal(dit.s.data, "ping-from-client\n");
    assert_non_null(strstr(out, "\nping-from-client\n")); /* our echo */
    assert_non_null(strstr(out, "Cipher is PSK-AES128-CCM8"));
    assert_non_null(strstr(out, "Extended master secret: yes"));
    assert_int_equal(dit.s.reason, SESSION_PEER_CLOSED);
    if (captured)
        dic_verify(&cap, DIT_KEY, dit_port, "ping-from-client\n", "ping-from-client\n", true);
}

/* With a hint: a ServerKeyExchange. */
static void test_our_client_openssl_server(void **state)
{
    (void)state;
    dit_our_client("-psk_hint hint1", true);
}

static void test_openssl_client_our_server(void **state)
{
    (void)state;
    dit_openssl_client("-cipher PSK-AES128-CCM8", true);
}

/* s_server's link MTU 256 (228-byte datagrams) and a 250-byte hint: its
 * ServerKeyExchange comes in two fragments (no capture: the peer's). */
static void test_our_client_openssl_server_fragmented(void **state)
{
    (void)state;
    char extra[300] = "-mtu 256 -psk_hint ";
    memset(extra + strlen(extra), 'h', 250);
    dit_our_client(extra, false);
}

/* s_client's link MTU 256 and every suite it has: a 394-byte ClientHello
 * in two fragments (three with the cookie), which our server reassembles
 * (reasm_cap = 512 in the wiring); it picks CCM8. */
static void test_openssl_client_fragmented_our_server(void **state)
{
    (void)state;
    dit_openssl_client("-mtu 256 -cipher 'ALL:@SECLEVEL=0'", false);
}

/* After each test, pass or fail: no peer left running, our server closed,
 * no session of our client left over. */
static int dit_teardown(void **state)
{
    (void)state;
    char out[256];
    if (dit.peer.pid > 0)
        dip_finish(&dit.peer, out, sizeof out);
    DtlsInteropTest__s__close();
    struct endpoint to = dit_ep(dit_port);
    if (DtlsInteropTest__c_session__close(&to) == E_OK)
        (void)dit_wait(dit_c_closed, 2000);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_our_client_openssl_server, dit_teardown),
        cmocka_unit_test_teardown(test_openssl_client_our_server, dit_teardown),
        cmocka_unit_test_teardown(test_our_client_openssl_server_fragmented, dit_teardown),
        cmocka_unit_test_teardown(test_openssl_client_fragmented_our_server, dit_teardown),
    };
    dip_enter_netns();
    wire_init();
    dit.c_port = dip_free_port();
    struct endpoint local = dit_ep(dit.c_port);
    assert_int_equal(DtlsInteropTest__c__open(&local), E_OK);
    return cmocka_run_group_tests_name("dtls_interop", tests, NULL, NULL);
}
