/* dtls_interop_test.c: DtlsInteropTest, the OpenSSL interop smoke test of
 * the Dtls component on loopback (commands of ../shared/docs/interop-peers.md):
 * our client against `openssl s_server` (hint, EMS, data both ways,
 * close_notify), then `openssl s_client` against our server, which echoes.
 * The test starts each peer itself through sh, bounded by timeout(1), with
 * its output in a temporary file; without openssl the tests are skipped. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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
    pid_t child;
    int child_status;
    bool child_done;
    char out[64];
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

static void dit_poll_child(void)
{
    if (dit.child > 0 && !dit.child_done && waitpid(dit.child, &dit.child_status, WNOHANG) == dit.child)
        dit.child_done = true;
}

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
        dit_poll_child();
    }
    DtlsInteropTest__guard__stop();
    return done && done();
}

static uint16_t dit_free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static struct endpoint dit_ep(uint16_t port)
{
    struct endpoint ep;
    const uint8_t lo[4] = {127, 0, 0, 1};
    endpoint_set_ip4(&ep, lo, port);
    return ep;
}

/* Start `sh -c cmd` with its output in dit.out. */
static void dit_spawn(const char *cmd)
{
    char full[1024];
    strcpy(dit.out, "/tmp/dtls-interop-XXXXXX");
    int fd = mkstemp(dit.out);
    assert_true(fd >= 0);
    close(fd);
    snprintf(full, sizeof full, "%s > %s 2>&1", cmd, dit.out);
    dit.child_done = false;
    dit.child = fork();
    assert_true(dit.child >= 0);
    if (dit.child == 0) {
        execl("/bin/sh", "sh", "-c", full, (char *)NULL);
        _exit(127);
    }
}

static bool dit_child_done(void)
{
    return dit.child_done;
}

/* The peer's output (NUL-terminated, at most cap - 1 bytes); the file is removed. */
static void dit_reap(char *text, size_t cap)
{
    if (!dit_wait(dit_child_done, 5000)) {
        kill(dit.child, SIGKILL);
        (void)waitpid(dit.child, &dit.child_status, 0);
    }
    FILE *f = fopen(dit.out, "r");
    size_t n = f ? fread(text, 1, cap - 1, f) : 0;
    text[n] = 0;
    if (f)
        fclose(f);
    unlink(dit.out);
    dit.child = 0;
}

/* True once some socket is bound to UDP port `port` (IPv4): s_server needs
 * a moment to start, more under ASan on a loaded machine, and a ClientHello
 * sent before it listens is refused by the kernel. */
static uint16_t dit_wanted_port;

static bool dit_udp_bound(void)
{
    char line[256], want[8];
    snprintf(want, sizeof want, ":%04X ", dit_wanted_port);
    FILE *f = fopen("/proc/net/udp", "r");
    if (!f)
        return true; /* cannot tell: go on */
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, want) != NULL && strstr(line, want) < line + 24; /* local address column */
    fclose(f);
    return found;
}

static bool dit_have_openssl(void)
{
    return system("openssl version > /dev/null 2>&1") == 0;
}

static bool dit_c_connected(void)
{
    return dit.c.connected || dit.c.closed;
}

static bool dit_c_got_pong(void)
{
    return strstr(dit.c.data, "pong-from-server") != NULL || dit.c.closed;
}

/* ---- tests ------------------------------------------------------------------ */

/* Our client against s_server (with a hint): handshake, a line each way,
 * our close_notify ends s_server (-naccept 1) cleanly. */
static void test_our_client_openssl_server(void **state)
{
    (void)state;
    if (!dit_have_openssl())
        skip();
    uint16_t port = dit_free_port();
    char cmd[768];
    snprintf(cmd, sizeof cmd,
             "( sleep 2; echo pong-from-server; sleep 3 ) | timeout 15 openssl s_server -dtls1_2 "
             "-accept 127.0.0.1:%u -nocert -psk " DIT_KEY " -psk_identity client1 -psk_hint hint1 "
             "-cipher PSK-AES128-CCM8 -naccept 1 -quiet",
             port);
    dit_spawn(cmd);
    dit_wanted_port = port;
    assert_true(dit_wait(dit_udp_bound, 10000));
    struct endpoint to = dit_ep(port);
    assert_int_equal(DtlsInteropTest__c_session__connect(&to), E_OK);
    assert_true(dit_wait(dit_c_connected, 8000));
    assert_int_equal(dit.c.closed, 0);
    assert_int_equal(dit.c.connected, 1);
    static const char ping[] = "ping-from-ours\n";
    assert_int_equal(DtlsInteropTest__c__send(&to, (const uint8_t *)ping, sizeof ping - 1), E_OK);
    assert_true(dit_wait(dit_c_got_pong, 6000));
    assert_int_equal(dit.c.closed, 0);
    assert_int_equal(DtlsInteropTest__c_session__close(&to), E_OK);
    char out[2048];
    dit_reap(out, sizeof out);
    assert_non_null(strstr(out, "ping-from-ours"));
    assert_int_equal(dit.c.closed, 1);
    assert_int_equal(dit.c.reason, SESSION_CLOSED);
}

/* s_client against our server: PSK-AES128-CCM8 with the extended master
 * secret, its line comes back, then its close_notify. */
static void test_openssl_client_our_server(void **state)
{
    (void)state;
    if (!dit_have_openssl())
        skip();
    char cmd[768];
    uint16_t port = dit_free_port();
    struct endpoint local = dit_ep(port);
    assert_int_equal(DtlsInteropTest__s__open(&local), E_OK);
    snprintf(
        cmd, sizeof cmd,
        "( echo ping-from-client; sleep 5 ) | timeout 15 openssl s_client -dtls1_2 -connect 127.0.0.1:%u "
        "-psk " DIT_KEY " -psk_identity client1 -cipher PSK-AES128-CCM8 -no_ign_eof -nocommands",
        port);
    dit_spawn(cmd);
    (void)dit_wait(dit_child_done, 15000);
    char out[2048];
    dit_reap(out, sizeof out);
    DtlsInteropTest__s__close();
    print_message("s_client said: %s\n", out);
    assert_true(WIFEXITED(dit.child_status));
    assert_int_equal(WEXITSTATUS(dit.child_status), 0);
    assert_int_equal(dit.s.connected, 1);
    assert_non_null(strstr(dit.s.data, "ping-from-client"));
    assert_non_null(strstr(out, "ping-from-client")); /* our echo */
    assert_non_null(strstr(out, "Cipher is PSK-AES128-CCM8"));
    assert_non_null(strstr(out, "Extended master secret: yes"));
    assert_int_equal(dit.s.reason, SESSION_PEER_CLOSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_our_client_openssl_server),
        cmocka_unit_test(test_openssl_client_our_server),
    };
    wire_init();
    struct endpoint local = dit_ep(dit_free_port());
    assert_int_equal(DtlsInteropTest__c__open(&local), E_OK);
    return cmocka_run_group_tests_name("dtls_interop", tests, NULL, NULL);
}
