/* posix_udp_test.c: PosixUdpTest, cmocka tests of PosixUdp on loopback.
 * Three instances live in one program (a: mtu 1232, b: mtu 512 with a
 * 512-byte receive buffer, big: mtu 65507), exchanging datagrams over IPv6
 * (::1) and IPv4 (::ffff:127.0.0.1): the largest datagram, one larger than
 * the receiver's buffer, one to a closed port, bad addresses, and the
 * split-phase rules (send_done never from inside send(), E_BUSY, E_OFF).
 * The loop runs for real (Scheduler + PosixLoop); every wait is bounded by
 * a guard timer. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "interfaces/datagram.h"
#include "interfaces/mcu_sleep.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/atomic.h"
#include "lib/endpoint.h"

enum { POSIXUDPTEST_WAIT_MS = 2000, POSIXUDPTEST_QUIET_MS = 100 };

/* What one Datagram user saw. */
struct posixudptest_peer {
    unsigned received;
    unsigned done;
    err_t result;            /* of the last send_done */
    const uint8_t *done_buf; /* of the last send_done */
    struct endpoint from;    /* of the last datagram */
    uint16_t len;
    uint8_t data[65535];
};

static struct posixudptest_peer posixudptest_a, posixudptest_b, posixudptest_big;
static bool posixudptest_in_send; /* true while a send() call runs */
static bool posixudptest_guard_fired;
static uint8_t posixudptest_tx[65535];

/* ---- events ------------------------------------------------------------ */

static void posixudptest_record(struct posixudptest_peer *p, const struct endpoint *from, const uint8_t *buf,
                                uint16_t len)
{
    p->received++;
    p->from = *from;
    p->len = len;
    if (len)
        memcpy(p->data, buf, len);
}

static void posixudptest_done(struct posixudptest_peer *p, const uint8_t *buf, err_t result)
{
    if (posixudptest_in_send)
        fail_msg("send_done signalled from inside send()");
    p->done++;
    p->done_buf = buf;
    p->result = result;
}

void PosixUdpTest__a__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    posixudptest_record(&posixudptest_a, from, buf, len);
}

void PosixUdpTest__b__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    posixudptest_record(&posixudptest_b, from, buf, len);
}

void PosixUdpTest__big__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    posixudptest_record(&posixudptest_big, from, buf, len);
}

void PosixUdpTest__a__send_done(const uint8_t *buf, err_t result)
{
    posixudptest_done(&posixudptest_a, buf, result);
}

void PosixUdpTest__b__send_done(const uint8_t *buf, err_t result)
{
    posixudptest_done(&posixudptest_b, buf, result);
}

void PosixUdpTest__big__send_done(const uint8_t *buf, err_t result)
{
    posixudptest_done(&posixudptest_big, buf, result);
}

void PosixUdpTest__guard__fired(void)
{
    posixudptest_guard_fired = true;
}

/* ---- helpers ----------------------------------------------------------- */

/* Run tasks, sleeping in poll() when idle, until *counter reaches want or
 * ms pass; true if it got there. */
static bool posixudptest_wait(const unsigned *counter, unsigned want, uint32_t ms)
{
    posixudptest_guard_fired = false;
    PosixUdpTest__guard__start_one_shot(ms);
    while (*counter < want && !posixudptest_guard_fired) {
        if (!PosixUdpTest__loop__run_next()) {
            atomic_t a = atomic_begin();
            PosixUdpTest__sleep__sleep();
            atomic_end(a);
        }
    }
    PosixUdpTest__guard__stop();
    return *counter >= want;
}

/* A UDP port nobody uses right now (bound once by the kernel, then freed). */
static uint16_t posixudptest_free_port(void)
{
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
    socklen_t len = sizeof sa;
    int off = 0;
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off), 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin6_port);
}

static struct endpoint posixudptest_ep(const char *addr, uint16_t port)
{
    struct in6_addr a;
    struct endpoint ep;
    assert_int_equal(inet_pton(AF_INET6, addr, &a), 1);
    endpoint_set_ip6(&ep, a.s6_addr, port);
    return ep;
}

static void posixudptest_assert_from(const struct posixudptest_peer *p, const char *addr, uint16_t port)
{
    struct in6_addr a;
    assert_int_equal(inet_pton(AF_INET6, addr, &a), 1);
    assert_true(endpoint_is_ip(&p->from));
    assert_memory_equal(endpoint_ip6(&p->from), a.s6_addr, 16);
    assert_int_equal(endpoint_port(&p->from), port);
}

static err_t posixudptest_send(err_t (*send)(const struct endpoint *, const uint8_t *, uint16_t),
                               const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    posixudptest_in_send = true;
    err_t e = send(to, buf, len);
    posixudptest_in_send = false;
    return e;
}

static void posixudptest_fill(uint16_t len, uint8_t seed)
{
    for (uint32_t i = 0; i < len; i++)
        posixudptest_tx[i] = (uint8_t)(seed + i * 7u + (i >> 8));
}

/* Open an instance on addr:port and assert it worked. */
static void posixudptest_open(err_t (*open)(const struct endpoint *), const char *addr, uint16_t port)
{
    struct endpoint local = posixudptest_ep(addr, port);
    assert_int_equal(open(&local), E_OK);
}

/* Send len bytes of the pattern from one instance, then wait for its
 * send_done(E_OK) and for the receiver to get exactly those bytes. */
static void posixudptest_exchange(err_t (*send)(const struct endpoint *, const uint8_t *, uint16_t),
                                  struct posixudptest_peer *sender, struct posixudptest_peer *receiver,
                                  const struct endpoint *to, uint16_t len)
{
    unsigned done = sender->done, received = receiver->received;
    posixudptest_fill(len, (uint8_t)(received + 1u));
    assert_int_equal(posixudptest_send(send, to, posixudptest_tx, len), E_OK);
    assert_true(posixudptest_wait(&sender->done, done + 1, POSIXUDPTEST_WAIT_MS));
    assert_int_equal(sender->result, E_OK);
    assert_ptr_equal(sender->done_buf, posixudptest_tx);
    assert_true(posixudptest_wait(&receiver->received, received + 1, POSIXUDPTEST_WAIT_MS));
    assert_int_equal(receiver->len, len);
    if (len)
        assert_memory_equal(receiver->data, posixudptest_tx, len);
}

/* ---- fixtures ---------------------------------------------------------- */

static int posixudptest_setup(void **state)
{
    (void)state;
    memset(&posixudptest_a, 0, sizeof posixudptest_a);
    memset(&posixudptest_b, 0, sizeof posixudptest_b);
    memset(&posixudptest_big, 0, sizeof posixudptest_big);
    return 0;
}

static int posixudptest_teardown(void **state)
{
    (void)state;
    PosixUdpTest__a__close();
    PosixUdpTest__b__close();
    PosixUdpTest__big__close();
    (void)PosixUdpTest__loop__run_until_idle();
    return 0;
}

/* ---- tests ------------------------------------------------------------- */

static void posixudptest_ipv6_exchange(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint to_b = posixudptest_ep("::1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &to_b, 100);
    posixudptest_assert_from(&posixudptest_b, "::1", pa);
    struct endpoint back = posixudptest_b.from;
    posixudptest_exchange(PosixUdpTest__b__send, &posixudptest_b, &posixudptest_a, &back, 37);
    posixudptest_assert_from(&posixudptest_a, "::1", pb);
}

static void posixudptest_ipv4_exchange_is_v4_mapped(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint to_b = posixudptest_ep("::ffff:127.0.0.1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &to_b, 64);
    posixudptest_assert_from(&posixudptest_b, "::ffff:127.0.0.1", pa);
    struct endpoint back = posixudptest_b.from;
    posixudptest_exchange(PosixUdpTest__b__send, &posixudptest_b, &posixudptest_a, &back, 1);
    posixudptest_assert_from(&posixudptest_a, "::ffff:127.0.0.1", pb);
}

static void posixudptest_empty_datagram(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint to_b = posixudptest_ep("::1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &to_b, 0);
}

static void posixudptest_v4_bound_instance_only_talks_v4(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::ffff:127.0.0.1", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint v6 = posixudptest_ep("::1", pb);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &v6, posixudptest_tx, 4), E_INVAL);
    struct endpoint v4 = posixudptest_ep("::ffff:127.0.0.1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &v4, 4);
    posixudptest_assert_from(&posixudptest_b, "::ffff:127.0.0.1", pa);
}

static void posixudptest_v6_bound_instance_only_talks_v6(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::1", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint v4 = posixudptest_ep("::ffff:127.0.0.1", pb);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &v4, posixudptest_tx, 4), E_INVAL);
    struct endpoint v6 = posixudptest_ep("::1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &v6, 4);
}

/* The largest datagram is the configured mtu: 65507 (IPv4's largest UDP
 * payload) on `big`, over both families; one byte more is E_SIZE. */
static void posixudptest_largest_datagram(void **state)
{
    (void)state;
    uint16_t p = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__big__open, "::", p);
    assert_int_equal(PosixUdpTest__big__mtu(), 65507);
    struct endpoint self4 = posixudptest_ep("::ffff:127.0.0.1", p);
    struct endpoint self6 = posixudptest_ep("::1", p);
    posixudptest_exchange(PosixUdpTest__big__send, &posixudptest_big, &posixudptest_big, &self4, 65507);
    posixudptest_exchange(PosixUdpTest__big__send, &posixudptest_big, &posixudptest_big, &self6, 65507);
    assert_int_equal(posixudptest_send(PosixUdpTest__big__send, &self6, posixudptest_tx, 65508), E_SIZE);
    assert_int_equal(posixudptest_big.done, 2);
}

static void posixudptest_mtu_bounds_send(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pbig = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", posixudptest_free_port());
    posixudptest_open(PosixUdpTest__big__open, "::", pbig);
    assert_int_equal(PosixUdpTest__a__mtu(), 1232);
    assert_int_equal(PosixUdpTest__b__mtu(), 512);
    struct endpoint to_big = posixudptest_ep("::1", pbig);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_big, posixudptest_tx, 1233), E_SIZE);
    assert_int_equal(posixudptest_send(PosixUdpTest__b__send, &to_big, posixudptest_tx, 513), E_SIZE);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_big, &to_big, 1232);
    posixudptest_exchange(PosixUdpTest__b__send, &posixudptest_b, &posixudptest_big, &to_big, 512);
}

/* A datagram larger than the receiver's buffer is dropped, and the next
 * one still arrives. */
static void posixudptest_larger_than_receive_buffer_is_dropped(void **state)
{
    (void)state;
    uint16_t pb = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__big__open, "::", posixudptest_free_port());
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    struct endpoint to_b = posixudptest_ep("::ffff:127.0.0.1", pb);
    posixudptest_fill(2000, 1);
    assert_int_equal(posixudptest_send(PosixUdpTest__big__send, &to_b, posixudptest_tx, 2000), E_OK);
    assert_true(posixudptest_wait(&posixudptest_big.done, 1, POSIXUDPTEST_WAIT_MS));
    assert_false(posixudptest_wait(&posixudptest_b.received, 1, POSIXUDPTEST_QUIET_MS));
    posixudptest_exchange(PosixUdpTest__big__send, &posixudptest_big, &posixudptest_b, &to_b, 512);
    assert_int_equal(posixudptest_b.received, 1);
}

/* Datagrams to a port nobody listens on: the kernel answers with ICMP port
 * unreachable; neither the instance nor the loop may suffer from it. */
static void posixudptest_closed_port_breaks_nothing(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port(), pb = posixudptest_free_port();
    uint16_t closed = posixudptest_free_port();
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    const char *dests[] = {"::1", "::ffff:127.0.0.1", "::1", "::ffff:127.0.0.1"};
    for (unsigned i = 0; i < 4; i++) {
        struct endpoint to = posixudptest_ep(dests[i], closed);
        assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to, posixudptest_tx, 10), E_OK);
        assert_true(posixudptest_wait(&posixudptest_a.done, i + 1, POSIXUDPTEST_WAIT_MS));
        assert_int_equal(posixudptest_a.result, E_OK);
        /* let the ICMP error come back before the next send */
        assert_false(posixudptest_wait(&posixudptest_a.received, 1, 20));
    }
    struct endpoint to_b = posixudptest_ep("::1", pb);
    posixudptest_exchange(PosixUdpTest__a__send, &posixudptest_a, &posixudptest_b, &to_b, 10);
    struct endpoint back = posixudptest_b.from;
    posixudptest_exchange(PosixUdpTest__b__send, &posixudptest_b, &posixudptest_a, &back, 10);
}

static void posixudptest_bad_destinations(void **state)
{
    (void)state;
    posixudptest_open(PosixUdpTest__a__open, "::", posixudptest_free_port());
    uint16_t p = posixudptest_free_port();
    const struct endpoint bad[] = {
        posixudptest_ep("::1", 0),            /* port 0 */
        posixudptest_ep("::", p),             /* unspecified */
        posixudptest_ep("::ffff:0.0.0.0", p), /* unspecified IPv4 */
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &bad[i], posixudptest_tx, 8), E_INVAL);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, NULL, posixudptest_tx, 8), E_INVAL);
    struct endpoint ok = posixudptest_ep("::1", p);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &ok, NULL, 8), E_INVAL);
    (void)PosixUdpTest__loop__run_until_idle();
    assert_int_equal(posixudptest_a.done, 0); /* no event after a refused command */
}

static void posixudptest_bad_local_addresses(void **state)
{
    (void)state;
    uint16_t pa = posixudptest_free_port();
    struct endpoint not_here = posixudptest_ep("2001:db8::1", pa); /* documentation prefix */
    assert_int_equal(PosixUdpTest__b__open(&not_here), E_INVAL);
    assert_int_equal(PosixUdpTest__b__open(NULL), E_INVAL);
    posixudptest_open(PosixUdpTest__a__open, "::", pa);
    struct endpoint again = posixudptest_ep("::", pa);
    assert_int_equal(PosixUdpTest__a__open(&again), E_ALREADY);
    assert_int_equal(PosixUdpTest__b__open(&again), E_FAIL); /* port in use */
}

static void posixudptest_state_errors(void **state)
{
    (void)state;
    uint16_t pb = posixudptest_free_port();
    struct endpoint to_b = posixudptest_ep("::1", pb);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_b, posixudptest_tx, 8), E_OFF);
    posixudptest_open(PosixUdpTest__a__open, "::", posixudptest_free_port());
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_b, posixudptest_tx, 8), E_OK);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_b, posixudptest_tx, 8), E_BUSY);
    assert_true(posixudptest_wait(&posixudptest_a.done, 1, POSIXUDPTEST_WAIT_MS));
    assert_true(posixudptest_wait(&posixudptest_b.received, 1, POSIXUDPTEST_WAIT_MS));
    assert_int_equal(posixudptest_b.received, 1); /* the E_BUSY one was not sent */
    PosixUdpTest__a__close();
    PosixUdpTest__a__close(); /* closing twice is harmless */
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_b, posixudptest_tx, 8), E_OFF);
}

/* send_done is owed even when close() comes before the task ran. */
static void posixudptest_close_after_send_still_completes(void **state)
{
    (void)state;
    uint16_t pb = posixudptest_free_port();
    struct endpoint to_b = posixudptest_ep("::1", pb);
    posixudptest_open(PosixUdpTest__a__open, "::", posixudptest_free_port());
    posixudptest_open(PosixUdpTest__b__open, "::", pb);
    assert_int_equal(posixudptest_send(PosixUdpTest__a__send, &to_b, posixudptest_tx, 8), E_OK);
    PosixUdpTest__a__close();
    assert_true(posixudptest_wait(&posixudptest_a.done, 1, POSIXUDPTEST_WAIT_MS));
    assert_int_equal(posixudptest_a.done, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(posixudptest_ipv6_exchange, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_ipv4_exchange_is_v4_mapped, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_empty_datagram, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_v4_bound_instance_only_talks_v4, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_v6_bound_instance_only_talks_v6, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_largest_datagram, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_mtu_bounds_send, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_larger_than_receive_buffer_is_dropped,
                                        posixudptest_setup, posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_closed_port_breaks_nothing, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_bad_destinations, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_bad_local_addresses, posixudptest_setup,
                                        posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_state_errors, posixudptest_setup, posixudptest_teardown),
        cmocka_unit_test_setup_teardown(posixudptest_close_after_send_still_completes, posixudptest_setup,
                                        posixudptest_teardown),
    };
    wire_init();
    return cmocka_run_group_tests_name("posix_udp", tests, NULL, NULL);
}
