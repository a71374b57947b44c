/* dtls_gnutls_test.c: DtlsGnutlsTest, the GnuTLS interop test of the Dtls
 * component on loopback (commands of ../shared/docs/interop-peers.md):
 * our client against `gnutls-serv --echo` (hint, password file of several
 * identities) and `gnutls-cli` against our server, which echoes. Each run:
 * handshake with TLS_PSK_WITH_AES_128_CCM_8, a line each way, close_notify,
 * the extended master secret as the peer reports it; and, as root, a
 * capture on lo that tshark decrypts with the PSK (dtls_interop_capture.h).
 * Peers are bounded by timeout(1); without gnutls-bin the tests are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/datagram.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/mcu_sleep.h"
#include "interfaces/mtu_control.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/atomic.h"
#include "lib/endpoint.h"
#include "tests/unit/dtls/interop/dtls_interop_proc.h"
#include "tests/unit/dtls/interop/dtls_interop_capture.h"

#define DGT_KEY  "000102030405060708090a0b0c0d0e0f"
#define DGT_PRIO "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:-MAC-ALL:+AEAD"

/* What one user saw. */
struct dgt_user {
    unsigned connected, closed, received;
    uint8_t reason, alert;
    char data[1024];
    size_t len; /* bytes of data (all records appended) */
};

static struct {
    struct dgt_user c, s;
    bool guard_fired;
    struct dip_child peer;
    uint16_t c_port;  /* our client's local port */
    bool our_frags;   /* the capture must show our handshake messages in fragments */
    const char *line; /* what gnutls-cli sends */
    uint8_t echo[1024];
} dgt;

void DtlsGnutlsTest__guard__fired(void)
{
    dgt.guard_fired = true;
}

static void dgt_record(struct dgt_user *u, const uint8_t *buf, uint16_t len)
{
    u->received++;
    size_t n = len < sizeof u->data - 1 - u->len ? len : sizeof u->data - 1 - u->len;
    memcpy(u->data + u->len, buf, n);
    u->len += n;
    u->data[u->len] = 0;
}

void DtlsGnutlsTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    dgt_record(&dgt.c, buf, len);
}

void DtlsGnutlsTest__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    dgt_record(&dgt.s, buf, len);
    memcpy(dgt.echo, buf, len < sizeof dgt.echo ? len : sizeof dgt.echo);
    (void)DtlsGnutlsTest__s__send(from, dgt.echo, len < sizeof dgt.echo ? len : sizeof dgt.echo);
}

void DtlsGnutlsTest__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsGnutlsTest__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsGnutlsTest__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dgt.c.connected++;
}

void DtlsGnutlsTest__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dgt.c.closed++;
    dgt.c.reason = reason;
    dgt.c.alert = alert;
}

void DtlsGnutlsTest__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dgt.s.connected++;
}

void DtlsGnutlsTest__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer;
    dgt.s.closed++;
    dgt.s.reason = reason;
    dgt.s.alert = alert;
}

/* ---- helpers ------------------------------------------------------------- */

/* Run the loop (sleeping in poll()) until done() or ms pass; true if done. */
static bool dgt_wait(bool (*done)(void), uint32_t ms)
{
    dgt.guard_fired = false;
    DtlsGnutlsTest__guard__start_one_shot(ms);
    while (!(done && done()) && !dgt.guard_fired) {
        if (!DtlsGnutlsTest__loop__run_next()) {
            atomic_t a = atomic_begin();
            DtlsGnutlsTest__sleep__sleep();
            atomic_end(a);
        }
        dip_poll(&dgt.peer);
    }
    DtlsGnutlsTest__guard__stop();
    return done && done();
}

static struct endpoint dgt_ep(uint16_t port)
{
    struct endpoint ep;
    const uint8_t lo[4] = {127, 0, 0, 1};
    endpoint_set_ip4(&ep, lo, port);
    return ep;
}

static uint16_t dgt_port;

static bool dgt_bound(void)
{
    return dip_udp_bound(dgt_port);
}

static bool dgt_peer_done(void)
{
    return dgt.peer.done;
}

static bool dgt_c_connected(void)
{
    return dgt.c.connected || dgt.c.closed;
}

static bool dgt_c_closed(void)
{
    return dgt.c.closed;
}

static bool dgt_c_got_echo(void)
{
    return strstr(dgt.c.data, "ping-from-ours\n") != NULL || dgt.c.closed;
}

static bool dgt_s_got_ping(void)
{
    return strstr(dgt.s.data, dgt.line) != NULL || dgt.s.closed;
}

static bool dgt_s_closed(void)
{
    return dgt.s.closed;
}

static void dgt_reset(void)
{
    memset(&dgt.c, 0, sizeof dgt.c);
    memset(&dgt.s, 0, sizeof dgt.s);
}

/* A gnutls-serv password file: our identity among others (identity:hexkey). */
static void dgt_psk_file(char *path)
{
    strcpy(path, "/tmp/dtls-interop-psk-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char lines[] = "alice:00112233445566778899aabbccddeeff\n"
                                "client1:" DGT_KEY "\n"
                                "bob:ffeeddccbbaa99887766554433221100\n";
    assert_int_equal(write(fd, lines, sizeof lines - 1), (ssize_t)(sizeof lines - 1));
    close(fd);
}

/* ---- tests ------------------------------------------------------------------ */

/* Our client against gnutls-serv --echo (three identities) with `extra`
 * options: the handshake, our line echoed, our close_notify received by the
 * server, which logged the extended master secret both ways; if capture,
 * the tshark check of dtls_interop_capture.h. */
static void dgt_our_client(const char *extra, bool capture)
{
    if (!dip_have("gnutls-serv"))
        skip();
    dgt_reset();
    char cmd[1024], psk[64];
    static char out[65536];
    struct dic_capture cap = {0};
    dgt_psk_file(psk);
    dgt_port = dip_free_port();
    bool captured = capture && dic_start(&cap, dgt_port);
    snprintf(cmd, sizeof cmd,
             "exec timeout 20 gnutls-serv -d 5 --udp -p %u --pskpasswd %s --priority '" DGT_PRIO
             "' --echo %s",
             dgt_port, psk, extra);
    assert_true(dip_spawn(&dgt.peer, cmd));
    assert_true(dgt_wait(dgt_bound, 10000));
    struct endpoint to = dgt_ep(dgt_port);
    assert_int_equal(DtlsGnutlsTest__c_session__connect(&to), E_OK);
    assert_true(dgt_wait(dgt_c_connected, 8000));
    if (dgt.c.closed)
        print_message("our client: closed, reason %u, alert %u\n", dgt.c.reason, dgt.c.alert);
    assert_int_equal(dgt.c.closed, 0);
    assert_int_equal(dgt.c.connected, 1);
    static const char ping[] = "ping-from-ours\n";
    assert_int_equal(DtlsGnutlsTest__c__send(&to, (const uint8_t *)ping, sizeof ping - 1), E_OK);
    assert_true(dgt_wait(dgt_c_got_echo, 6000));
    assert_string_equal(dgt.c.data, ping);
    assert_int_equal(DtlsGnutlsTest__c_session__close(&to), E_OK);
    assert_true(dgt_wait(dgt_c_closed, 3000));
    assert_int_equal(dgt.c.reason, SESSION_CLOSED);
    (void)dgt_wait(NULL, 300); /* the server logs our close_notify */
    dic_stop(&cap);
    dip_finish(&dgt.peer, out, sizeof out);
    unlink(psk);
    assert_non_null(strstr(out, "Parsing extension 'Extended Master Secret/23'"));
    assert_non_null(strstr(out, "Sending extension Extended Master Secret/23"));
    assert_non_null(strstr(out, "Alert[1|0] - Close notify - was received"));
    if (captured) {
        const struct dic_result *r =
            dic_verify(&cap, DGT_KEY, dgt.c_port, ping, ping, false); /* gnutls-serv does not answer ours */
        assert_true(!dgt.our_frags || dic_info_from(r, dgt.c_port, "Client Hello (Reassembled)"));
    }
}

/* gnutls-cli with `extra` options against our server, sending line: PSK
 * with AES-128-CCM-8, the extended master secret and safe renegotiation as
 * it reports them, its line echoed, then its close_notify; if capture, the
 * tshark check of dtls_interop_capture.h. */
static void dgt_gnutls_client(const char *extra, const char *line, bool capture)
{
    if (!dip_have("gnutls-cli"))
        skip();
    dgt_reset();
    char cmd[768];
    static char out[16384];
    struct dic_capture cap = {0};
    dgt_port = dip_free_port();
    struct endpoint local = dgt_ep(dgt_port);
    assert_int_equal(DtlsGnutlsTest__s__open(&local), E_OK);
    bool captured = capture && dic_start(&cap, dgt_port);
    snprintf(cmd, sizeof cmd,
             "exec timeout 20 gnutls-cli --udp -p %u 127.0.0.1 --pskusername client1 --pskkey " DGT_KEY
             " --priority '" DGT_PRIO "' %s",
             dgt_port, extra);
    assert_true(dip_spawn(&dgt.peer, cmd));
    dgt.line = line;
    dip_write(&dgt.peer, line); /* read once the handshake is done */
    if (!dgt_wait(dgt_s_got_ping, 10000))
        print_message("our server: %u connected, %u closed (reason %u, alert %u)\n", dgt.s.connected,
                      dgt.s.closed, dgt.s.reason, dgt.s.alert);
    assert_true(dgt_s_got_ping());
    (void)dgt_wait(NULL, 300);  /* the echo reaches gnutls-cli */
    dip_close_stdin(&dgt.peer); /* gnutls-cli sends close_notify and exits */
    (void)dgt_wait(dgt_peer_done, 10000);
    assert_true(dgt_wait(dgt_s_closed, 3000));
    dic_stop(&cap);
    bool ok = dip_exited_ok(&dgt.peer);
    dip_finish(&dgt.peer, out, sizeof out);
    print_message("gnutls-cli said: %s\n", out);
    assert_true(ok);
    assert_int_equal(dgt.s.connected, 1);
    assert_string_equal(dgt.s.data, line);
    assert_int_equal(dgt.s.reason, SESSION_PEER_CLOSED);
    assert_non_null(strstr(out, "(PSK)-(AES-128-CCM-8)"));
    assert_non_null(strstr(out, "- Options: extended master secret, safe renegotiation"));
    assert_non_null(strstr(out, line)); /* our echo */
    assert_true(strstr(out, line) > out && strstr(out, line)[-1] == '\n');
    if (captured) {
        const struct dic_result *r = dic_verify(&cap, DGT_KEY, dgt_port, line, line, true);
        assert_true(!dgt.our_frags || dic_info_from(r, dgt_port, "Server Hello (Reassembled)"));
    }
}

/* With a hint: ServerKeyExchange. */
static void test_our_client_gnutls_server(void **state)
{
    (void)state;
    dgt_our_client("--pskhint hint1", true);
}

/* No hint, no ServerKeyExchange; no cookie exchange either. */
static void test_our_client_gnutls_server_nohint_nocookie(void **state)
{
    (void)state;
    dgt_our_client("--nocookie", false);
}

/* The server's flight cut into fragments of at most 35 bytes of UDP
 * payload (a 250-byte hint makes a long ServerKeyExchange). No capture:
 * the fragments are the peer's (ours are checked below). */
static void test_our_client_gnutls_server_mtu60(void **state)
{
    (void)state;
    char extra[300] = "--mtu 60 --pskhint ";
    memset(extra + strlen(extra), 'h', 250);
    dgt_our_client(extra, false);
}

/* Our MTU 80: our second ClientHello (66 bytes with gnutls-serv's 16-byte
 * cookie, 91 on the wire) in two fragments, the cookie in the first one
 * (gnutls-serv accepts a cookie nowhere else); gnutls-serv and tshark put
 * them together. (Below 77 bytes the cookie cannot be in a first fragment
 * that fits.) */
static void test_our_client_mtu80_gnutls_server(void **state)
{
    (void)state;
    assert_int_equal(DtlsGnutlsTest__c_mtu__set(80), E_OK);
    dgt.our_frags = true;
    dgt_our_client("--pskhint hint1", true);
}

/* Our server's MTU 60: our ServerHello in fragments; gnutls-cli and tshark
 * put them together. */
static void test_gnutls_client_our_server_mtu60(void **state)
{
    (void)state;
    assert_int_equal(DtlsGnutlsTest__s_mtu__set(60), E_OK);
    dgt.our_frags = true;
    dgt_gnutls_client("", "ping-from-gnutls\n", true);
}

static void test_gnutls_client_our_server(void **state)
{
    (void)state;
    dgt_gnutls_client("", "ping-from-gnutls\n", true);
}

/* gnutls-cli's ClientHellos (114 and 130 bytes) in fragments of at most
 * 100 bytes of UDP payload: our server answers the first fragment of the
 * first one with a HelloVerifyRequest and reassembles the second, whose
 * first fragment carries the cookie. */
static void test_gnutls_client_mtu100_our_server(void **state)
{
    (void)state;
    dgt_gnutls_client("--mtu 100", "ping-from-gnutls\n", false);
}

/* A 371-byte record each way: the most our server takes (a 400-byte
 * datagram buffer, DTLS_BUF_MAX, less 29 bytes of header, nonce and tag).
 * gnutls-cli's 372-byte record is dropped silently. */
static void test_gnutls_client_long_line(void **state)
{
    (void)state;
    static char line[372];
    memset(line, 'x', 370);
    line[370] = '\n';
    dgt_gnutls_client("", line, false);
}

/* gnutls-cli as `identity` with `key` against our server, which knows only
 * client1: the handshake must not complete and nothing reaches our server
 * within ms; gnutls-cli's output in out (it is stopped if still running). */
static void dgt_refused(const char *identity, const char *key, uint32_t ms, char *out, size_t cap)
{
    char cmd[768];
    dgt_reset();
    dgt_port = dip_free_port();
    struct endpoint local = dgt_ep(dgt_port);
    assert_int_equal(DtlsGnutlsTest__s__open(&local), E_OK);
    snprintf(
        cmd, sizeof cmd,
        "exec timeout 20 gnutls-cli --udp -p %u 127.0.0.1 --pskusername %s --pskkey %s --priority '" DGT_PRIO
        "'",
        dgt_port, identity, key);
    assert_true(dip_spawn(&dgt.peer, cmd));
    dip_write(&dgt.peer, "must-not-arrive\n");
    (void)dgt_wait(dgt_peer_done, ms);
    (void)dgt_wait(dgt_s_closed, 200); /* closed() comes from a task */
    dip_finish(&dgt.peer, out, cap);
    print_message("gnutls-cli said: %s\nour server: %u connected, %u closed (reason %u, alert %u)\n", out,
                  dgt.s.connected, dgt.s.closed, dgt.s.reason, dgt.s.alert);
    assert_int_equal(dgt.s.connected, 0);
    assert_int_equal(dgt.s.received, 0);
}

/* An identity our server does not know: it answers with the fatal alert
 * unknown_psk_identity (115), which gnutls-cli reports before giving up. */
static void test_gnutls_client_unknown_identity(void **state)
{
    (void)state;
    if (!dip_have("gnutls-cli"))
        skip();
    char out[8192];
    dgt_refused("mallory", DGT_KEY, 5000, out, sizeof out);
    assert_true(dgt.peer.done && WIFEXITED(dgt.peer.status) && WEXITSTATUS(dgt.peer.status) != 0);
    assert_non_null(strstr(out, "Received alert [115]"));
    assert_int_equal(dgt.s.closed, 1);
    assert_int_equal(dgt.s.reason, SESSION_ALERT_SENT);
    assert_int_equal(dgt.s.alert, 115);
}

/* The right identity with a wrong key: our server cannot authenticate the
 * client's Finished and drops it silently (RFC 6347 4.1.2.7; DtlsStats
 * counts it); gnutls-cli only retransmits, no data flows within 2 s. */
static void test_gnutls_client_wrong_key(void **state)
{
    (void)state;
    if (!dip_have("gnutls-cli"))
        skip();
    char out[8192];
    struct dtls_counters before, after;
    DtlsGnutlsTest__s_stats__total(&before);
    dgt_refused("client1", DIC_WRONG_KEY, 2000, out, sizeof out);
    DtlsGnutlsTest__s_stats__total(&after);
    print_message("our server: %u records failed to authenticate\n",
                  after.drop_bad_mac - before.drop_bad_mac);
    assert_true(after.drop_bad_mac > before.drop_bad_mac); /* its Finished, at least once */
    assert_int_equal(after.hs_completed, before.hs_completed);
    assert_false(dgt.peer.done && WIFEXITED(dgt.peer.status)); /* still trying: we stopped it */
    assert_int_equal(dgt.s.closed, 0);                         /* no alert either */
}

/* After each test, pass or fail: no peer left running, our server closed,
 * no session of our client left over. */
static int dgt_teardown(void **state)
{
    (void)state;
    char out[256];
    if (dgt.peer.pid > 0)
        dip_finish(&dgt.peer, out, sizeof out);
    DtlsGnutlsTest__s__close();
    (void)DtlsGnutlsTest__c_mtu__set(0);
    (void)DtlsGnutlsTest__s_mtu__set(0);
    dgt.our_frags = false;
    struct endpoint to = dgt_ep(dgt_port);
    if (DtlsGnutlsTest__c_session__close(&to) == E_OK)
        (void)dgt_wait(dgt_c_closed, 2000);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_our_client_gnutls_server, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_our_server, dgt_teardown),
        cmocka_unit_test_teardown(test_our_client_gnutls_server_nohint_nocookie, dgt_teardown),
        cmocka_unit_test_teardown(test_our_client_gnutls_server_mtu60, dgt_teardown),
        cmocka_unit_test_teardown(test_our_client_mtu80_gnutls_server, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_our_server_mtu60, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_mtu100_our_server, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_long_line, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_unknown_identity, dgt_teardown),
        cmocka_unit_test_teardown(test_gnutls_client_wrong_key, dgt_teardown),
    };
    dip_enter_netns();
    wire_init();
    dgt.c_port = dip_free_port();
    struct endpoint local = dgt_ep(dgt.c_port);
    assert_int_equal(DtlsGnutlsTest__c__open(&local), E_OK);
    return cmocka_run_group_tests_name("dtls_interop_gnutls", tests, NULL, NULL);
}
