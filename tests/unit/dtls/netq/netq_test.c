/* netq_test.c: NetqTest, cmocka tests of NetQ (components/netq) through
 * the Queue interface, on the real Clock over FakeAlarm: per-peer order
 * with peers interleaved, pop/drop compaction, exhaustion of entries,
 * bytes and peer slots (and the room coming back), the RFC 6347 4.2.4.1
 * schedule (1, 2, 4 ... s up to the cap), several peers expiring in
 * deadline order, stop, drop, handlers that re-arm or drop inside
 * expired(), and a whole flight retransmitted until it is given up.
 * Queues (tests/wirings/dtls_netq.wire): q = 6 entries, 3 peers, 100
 * bytes, cap 60 s; q2 = 2 entries, 1 peer, 16 bytes, cap 5 s. */
#include <string.h>

#include "interfaces/queue.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "tests/fakes/interfaces/fake_time.h"
#include "tests/unit/test_cmocka.h"

enum { NETQTEST_LOG = 64 };

/* What expired() handlers do. */
enum netqtest_action {
    NETQTEST_NOTHING,   /* leave the peer disarmed */
    NETQTEST_RESEND,    /* read every entry, then backoff() (until `give_up` retransmissions: drop) */
    NETQTEST_DROP_NEXT, /* drop peer `victim` (due in the same firing) */
    NETQTEST_REARM_NOW  /* start(peer, 1): due already, but only at the next firing */
};

struct netqtest_event {
    bool q2;
    uint16_t peer;
    uint8_t retransmits;
    time_ms_t at;
    uint8_t entries_seen;
};

static struct {
    enum netqtest_action action;
    uint8_t give_up;
    uint16_t victim;
    unsigned n;
    struct netqtest_event log[NETQTEST_LOG];
    time_ms_t timeouts[NETQTEST_LOG]; /* what backoff() returned */
    unsigned nt;
} netqtest;

static time_ms_t netqtest_now(void)
{
    return NetqTest__clock__now();
}

static void netqtest_run_for(time_ms_t dt)
{
    time_ms_t end = netqtest_now() + dt;
    for (;;) {
        (void)NetqTest__loop__run_until_idle();
        if (!NetqTest__time__step(end - netqtest_now()))
            break;
    }
    (void)NetqTest__loop__run_until_idle();
}

/* Read all of a peer's entries in order, as a retransmission would. */
static uint8_t netqtest_read_all(uint16_t peer)
{
    uint8_t n = 0, tag;
    const uint8_t *data;
    while (NetqTest__q__peek(peer, n, &tag, &data) > 0)
        n++;
    return n;
}

void NetqTest__q__expired(uint16_t peer, uint8_t retransmits)
{
    struct netqtest_event *e = &netqtest.log[netqtest.n < NETQTEST_LOG ? netqtest.n++ : NETQTEST_LOG - 1];
    *e = (struct netqtest_event){.peer = peer, .retransmits = retransmits, .at = netqtest_now()};
    switch (netqtest.action) {
    case NETQTEST_RESEND:
        e->entries_seen = netqtest_read_all(peer);
        if (retransmits >= netqtest.give_up)
            NetqTest__q__drop(peer);
        else if (netqtest.nt < NETQTEST_LOG)
            netqtest.timeouts[netqtest.nt++] = NetqTest__q__backoff(peer);
        break;
    case NETQTEST_DROP_NEXT:
        NetqTest__q__drop(netqtest.victim);
        break;
    case NETQTEST_REARM_NOW:
        assert_int_equal(NetqTest__q__start(peer, 1), E_OK);
        break;
    default:
        break;
    }
}

void NetqTest__q2__expired(uint16_t peer, uint8_t retransmits)
{
    struct netqtest_event *e = &netqtest.log[netqtest.n < NETQTEST_LOG ? netqtest.n++ : NETQTEST_LOG - 1];
    *e = (struct netqtest_event){.q2 = true, .peer = peer, .retransmits = retransmits, .at = netqtest_now()};
    if (netqtest.action == NETQTEST_RESEND && netqtest.nt < NETQTEST_LOG)
        netqtest.timeouts[netqtest.nt++] = NetqTest__q2__backoff(peer);
}

void NetqTest__clock__fired(void) {}

static struct queue_stats netqtest_stats(void)
{
    struct queue_stats s;
    NetqTest__q__stats(&s);
    return s;
}

static int netqtest_setup(void **state)
{
    (void)state;
    memset(&netqtest, 0, sizeof netqtest);
    return 0;
}

/* Leave both queues empty and every timer stopped. */
static int netqtest_teardown(void **state)
{
    (void)state;
    for (uint16_t p = 0; p < 10; p++) {
        NetqTest__q__drop(p);
        NetqTest__q2__drop(p);
    }
    NetqTest__q__drop(1000);
    NetqTest__q__drop(0xFFFE);
    (void)NetqTest__loop__run_until_idle();
    struct queue_stats s = netqtest_stats();
    assert_int_equal(s.entries, 0);
    assert_int_equal(s.bytes, 0);
    assert_int_equal(s.peers, 0);
    assert_false(NetqTest__time__pending());
    return 0;
}

static void netqtest_push(uint16_t peer, uint8_t tag, uint8_t fill, uint16_t len)
{
    uint8_t buf[128];
    memset(buf, fill, len);
    assert_int_equal(NetqTest__q__push(peer, tag, buf, len), E_OK);
}

/* Entry n of peer: its length; its bytes must all be `fill`, its tag `tag`. */
static void netqtest_expect(uint16_t peer, uint8_t n, uint8_t tag, uint8_t fill, uint16_t len)
{
    uint8_t t;
    const uint8_t *d;
    assert_int_equal(NetqTest__q__peek(peer, n, &t, &d), len);
    assert_int_equal(t, tag);
    for (uint16_t i = 0; i < len; i++)
        assert_int_equal(d[i], fill);
}

/* ---- entries ------------------------------------------------------------------- */

static void test_order_per_peer(void **state)
{
    (void)state;
    netqtest_push(1, 22, 0xA1, 10);
    netqtest_push(2, 22, 0xB1, 20);
    netqtest_push(1, 20, 0xA2, 1);
    netqtest_push(2, 23, 0xB2, 5);
    netqtest_push(1, 22, 0xA3, 30);
    assert_int_equal(NetqTest__q__count(1), 3);
    assert_int_equal(NetqTest__q__count(2), 2);
    assert_int_equal(NetqTest__q__count(3), 0);
    netqtest_expect(1, 0, 22, 0xA1, 10);
    netqtest_expect(1, 1, 20, 0xA2, 1);
    netqtest_expect(1, 2, 22, 0xA3, 30);
    netqtest_expect(2, 0, 22, 0xB1, 20);
    netqtest_expect(2, 1, 23, 0xB2, 5);
    uint8_t tag = 0;
    const uint8_t *d = (const uint8_t *)&tag;
    assert_int_equal(NetqTest__q__peek(1, 3, &tag, &d), 0);
    assert_int_equal(tag, QUEUE_END);
    assert_null(d);
    assert_int_equal(NetqTest__q__peek(7, 0, &tag, &d), 0);
    struct queue_stats s = netqtest_stats();
    assert_int_equal(s.entries, 5);
    assert_int_equal(s.bytes, 66);
    assert_int_equal(s.peers, 2);
    assert_true(s.peak_bytes >= 66);
}

/* pop and drop compact the buffer; other peers' bytes are untouched. */
static void test_pop_and_drop(void **state)
{
    (void)state;
    netqtest_push(1, 1, 0x11, 7);
    netqtest_push(2, 2, 0x21, 9);
    netqtest_push(1, 3, 0x12, 11);
    netqtest_push(3, 4, 0x31, 13);
    netqtest_push(2, 5, 0x22, 15);
    NetqTest__q__pop(1);
    assert_int_equal(NetqTest__q__count(1), 1);
    netqtest_expect(1, 0, 3, 0x12, 11);
    netqtest_expect(2, 0, 2, 0x21, 9);
    netqtest_expect(2, 1, 5, 0x22, 15);
    netqtest_expect(3, 0, 4, 0x31, 13);
    NetqTest__q__drop(2);
    assert_int_equal(NetqTest__q__count(2), 0);
    netqtest_expect(1, 0, 3, 0x12, 11);
    netqtest_expect(3, 0, 4, 0x31, 13);
    assert_int_equal(netqtest_stats().bytes, 24);
    assert_int_equal(netqtest_stats().peers, 2);
    NetqTest__q__pop(1);
    NetqTest__q__pop(1);                         /* nothing left: no-op */
    assert_int_equal(netqtest_stats().peers, 1); /* no entries, no deadline: slot released */
    netqtest_push(1, 6, 0x13, 3);                /* and appended after 3's entry */
    netqtest_expect(3, 0, 4, 0x31, 13);
    netqtest_expect(1, 0, 6, 0x13, 3);
}

static void test_refusals(void **state)
{
    (void)state;
    uint8_t buf[101] = {0};
    assert_int_equal(NetqTest__q__push(0xFFFF, 0, buf, 1), E_INVAL);
    assert_int_equal(NetqTest__q__push(1, 0, buf, 0), E_SIZE);
    assert_int_equal(NetqTest__q__push(1, 0, buf, 101), E_SIZE); /* more than the whole buffer */
    assert_int_equal(NetqTest__q__start(0xFFFF, 100), E_INVAL);
    assert_int_equal(NetqTest__q__start(1, 0), E_INVAL);
    assert_int_equal(NetqTest__q__count(0xFFFF), 0);
    assert_int_equal(NetqTest__q__backoff(1), 0); /* never started */
    assert_int_equal(netqtest_stats().entries, 0);
    assert_int_equal(netqtest_stats().peers, 0);
}

/* Each bound in turn: entries, bytes, peer slots. Refused pushes change nothing. */
static void test_exhaustion(void **state)
{
    (void)state;
    uint8_t buf[100] = {0};
    uint16_t refused = netqtest_stats().refused;
    for (uint8_t i = 0; i < 6; i++)
        netqtest_push((uint16_t)(i % 3), i, i, 2);
    assert_int_equal(NetqTest__q__push(0, 9, buf, 1), E_NOMEM); /* 7th entry */
    NetqTest__q__pop(0);
    netqtest_push(0, 9, 9, 1); /* room again */
    for (uint16_t p = 0; p < 3; p++)
        NetqTest__q__drop(p);
    netqtest_push(0, 0, 0xEE, 60);
    assert_int_equal(NetqTest__q__push(1, 0, buf, 41), E_NOMEM); /* 101 bytes */
    netqtest_push(1, 0, 0xDD, 40);                               /* exactly 100 */
    assert_int_equal(NetqTest__q__push(1, 0, buf, 1), E_NOMEM);
    netqtest_expect(0, 0, 0, 0xEE, 60);
    netqtest_expect(1, 0, 0, 0xDD, 40);
    NetqTest__q__drop(0);
    NetqTest__q__drop(1);
    netqtest_push(0, 0, 1, 1);
    netqtest_push(1, 0, 1, 1);
    assert_int_equal(NetqTest__q__start(2, 1000), E_OK);        /* a slot for a deadline alone */
    assert_int_equal(NetqTest__q__push(3, 0, buf, 1), E_NOMEM); /* a 4th peer */
    assert_int_equal(NetqTest__q__start(3, 1000), E_NOMEM);
    netqtest_push(2, 0, 1, 1);                               /* peer 2 has its slot */
    assert_int_equal(netqtest_stats().refused, refused + 4); /* start() refusals are not pushes */
    assert_int_equal(netqtest_stats().peers, 3);
}

/* ---- deadlines ------------------------------------------------------------------ */

/* start(1000) expires exactly 1000 ms later, once, with 0 retransmissions. */
static void test_one_expiry(void **state)
{
    (void)state;
    netqtest_push(5, 0, 1, 4);
    time_ms_t t0 = netqtest_now();
    assert_int_equal(NetqTest__q__start(5, 1000), E_OK);
    netqtest_run_for(999);
    assert_int_equal(netqtest.n, 0);
    netqtest_run_for(1);
    assert_int_equal(netqtest.n, 1);
    assert_int_equal(netqtest.log[0].peer, 5);
    assert_int_equal(netqtest.log[0].retransmits, 0);
    assert_int_equal(netqtest.log[0].at, t0 + 1000);
    netqtest_run_for(100000);
    assert_int_equal(netqtest.n, 1);            /* disarmed */
    assert_int_equal(NetqTest__q__count(5), 1); /* entries kept */
    assert_int_equal(netqtest_stats().expirations, 1);
}

/* RFC 6347 4.2.4.1: double each time, up to 60 s; the expiries land
 * exactly on the schedule: 1, 3, 7, 15, 31, 63, 123, 183 s. */
static void test_backoff_schedule(void **state)
{
    (void)state;
    netqtest.action = NETQTEST_RESEND;
    netqtest.give_up = 7;
    netqtest_push(1, 22, 1, 50);
    netqtest_push(1, 20, 2, 1);
    netqtest_push(1, 22, 3, 40);
    time_ms_t t0 = netqtest_now();
    assert_int_equal(NetqTest__q__start(1, 1000), E_OK);
    netqtest_run_for(400000);
    static const time_ms_t at[8] = {1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000};
    static const time_ms_t timeout[7] = {2000, 4000, 8000, 16000, 32000, 60000, 60000};
    assert_int_equal(netqtest.n, 8);
    for (unsigned i = 0; i < 8; i++) {
        assert_int_equal(netqtest.log[i].at - t0, at[i]);
        assert_int_equal(netqtest.log[i].retransmits, i);
        assert_int_equal(netqtest.log[i].entries_seen, 3);
    }
    assert_int_equal(netqtest.nt, 7);
    assert_memory_equal(netqtest.timeouts, timeout, sizeof timeout);
    assert_int_equal(NetqTest__q__count(1), 0); /* given up: dropped */
    assert_int_equal(netqtest_stats().peers, 0);
}

/* q2's cap is 5 s: 3 s doubles to 5 s, then stays. */
static void test_backoff_cap(void **state)
{
    (void)state;
    netqtest.action = NETQTEST_RESEND;
    uint8_t b[4] = {0};
    assert_int_equal(NetqTest__q2__push(9, 0, b, 4), E_OK);
    assert_int_equal(NetqTest__q2__start(9, 3000), E_OK);
    assert_int_equal(NetqTest__q2__backoff(9), 5000);
    assert_int_equal(NetqTest__q2__backoff(9), 5000);
    assert_int_equal(NetqTest__q2__retransmits(9), 2);
    time_ms_t t0 = netqtest_now();
    netqtest_run_for(5000);
    assert_int_equal(netqtest.n, 1);
    assert_true(netqtest.log[0].q2);
    assert_int_equal(netqtest.log[0].at - t0, 5000);
    NetqTest__q2__stop(9);
    NetqTest__q2__drop(9);
    for (unsigned i = 0; i < 300; i++)
        (void)NetqTest__q__backoff(4); /* not started: nothing */
    assert_int_equal(NetqTest__q__start(4, 10), E_OK);
    for (unsigned i = 0; i < 300; i++)
        (void)NetqTest__q__backoff(4);
    assert_int_equal(NetqTest__q__retransmits(4), 255); /* saturates */
    assert_int_equal(NetqTest__q__start(4, 10), E_OK);
    assert_int_equal(NetqTest__q__retransmits(4), 0); /* a new flight */
}

/* Three peers: expiries in deadline order, two at one instant in one firing. */
static void test_several_peers(void **state)
{
    (void)state;
    time_ms_t t0 = netqtest_now();
    assert_int_equal(NetqTest__q__start(1, 3000), E_OK);
    assert_int_equal(NetqTest__q__start(2, 1000), E_OK);
    assert_int_equal(NetqTest__q__start(3, 3000), E_OK);
    uint32_t fired = NetqTest__time__fired_count();
    netqtest_run_for(5000);
    assert_int_equal(netqtest.n, 3);
    assert_int_equal(netqtest.log[0].peer, 2);
    assert_int_equal(netqtest.log[0].at - t0, 1000);
    assert_int_equal(netqtest.log[1].at - t0, 3000);
    assert_int_equal(netqtest.log[2].at - t0, 3000);
    assert_int_equal(netqtest.log[1].peer + netqtest.log[2].peer, 4);
    assert_int_equal(NetqTest__time__fired_count() - fired, 2); /* one alarm per instant */
    assert_int_equal(netqtest_stats().peers, 0);                /* no entries: released after expiring */
}

/* stop() keeps the entries and disarms; drop() cancels everything. */
static void test_stop_and_drop(void **state)
{
    (void)state;
    netqtest_push(1, 0, 1, 1);
    assert_int_equal(NetqTest__q__start(1, 500), E_OK);
    assert_int_equal(NetqTest__q__start(2, 700), E_OK);
    NetqTest__q__stop(1);
    NetqTest__q__drop(2);
    netqtest_run_for(10000);
    assert_int_equal(netqtest.n, 0);
    assert_int_equal(NetqTest__q__count(1), 1);
    assert_false(NetqTest__time__pending());
    assert_int_equal(NetqTest__q__start(1, 500), E_OK); /* and again */
    netqtest_run_for(500);
    assert_int_equal(netqtest.n, 1);
}

/* A handler that drops another peer due at the same instant: that one
 * is not signalled. */
static void test_drop_inside_expired(void **state)
{
    (void)state;
    netqtest.action = NETQTEST_DROP_NEXT;
    assert_int_equal(NetqTest__q__start(1, 1000), E_OK);
    assert_int_equal(NetqTest__q__start(2, 1000), E_OK);
    netqtest.victim = 2;
    netqtest_run_for(2000);
    /* whichever came first dropped peer 2; if peer 2 came first it dropped itself */
    assert_int_equal(netqtest.n, netqtest.log[0].peer == 2 ? 2 : 1);
}

/* A handler that re-arms with 1 ms: one expiry per firing, never a loop. */
static void test_rearm_inside_expired(void **state)
{
    (void)state;
    netqtest.action = NETQTEST_REARM_NOW;
    assert_int_equal(NetqTest__q__start(1, 100), E_OK);
    time_ms_t t0 = netqtest_now();
    netqtest_run_for(105);
    assert_int_equal(netqtest.n, 6); /* at 100, 101, ..., 105 */
    assert_int_equal(netqtest.log[5].at - t0, 105);
    netqtest.action = NETQTEST_NOTHING;
    netqtest_run_for(10);
    assert_int_equal(netqtest.n, 7);
}

/* A DTLS-like flight: three messages, retransmitted twice, then the
 * peer's answer arrives (drop) and a new flight starts afresh. */
static void test_flight(void **state)
{
    (void)state;
    netqtest.action = NETQTEST_RESEND;
    netqtest.give_up = 255;
    netqtest_push(0, 22, 1, 30);
    netqtest_push(0, 20, 2, 1);
    netqtest_push(0, 22, 3, 40);
    time_ms_t t0 = netqtest_now();
    assert_int_equal(NetqTest__q__start(0, 1000), E_OK);
    netqtest_run_for(3500);
    assert_int_equal(netqtest.n, 2);
    assert_int_equal(NetqTest__q__retransmits(0), 2);
    NetqTest__q__drop(0); /* the peer's next flight arrived */
    netqtest_push(0, 23, 4, 10);
    assert_int_equal(NetqTest__q__start(0, 1000), E_OK);
    assert_int_equal(NetqTest__q__retransmits(0), 0);
    netqtest_run_for(1000);
    assert_int_equal(netqtest.n, 3);
    assert_int_equal(netqtest.log[2].at - t0, 4500);
    assert_int_equal(netqtest.log[2].retransmits, 0);
    assert_int_equal(netqtest.log[2].entries_seen, 1);
    struct queue_stats s = netqtest_stats();
    assert_true(s.retransmits >= 3);
}

int main(void)
{
#define NETQTEST(f) cmocka_unit_test_setup_teardown(f, netqtest_setup, netqtest_teardown)
    const struct CMUnitTest tests[] = {
        NETQTEST(test_order_per_peer),
        NETQTEST(test_pop_and_drop),
        NETQTEST(test_refusals),
        NETQTEST(test_exhaustion),
        NETQTEST(test_one_expiry),
        NETQTEST(test_backoff_schedule),
        NETQTEST(test_backoff_cap),
        NETQTEST(test_several_peers),
        NETQTEST(test_stop_and_drop),
        NETQTEST(test_drop_inside_expired),
        NETQTEST(test_rearm_inside_expired),
        NETQTEST(test_flight),
    };
    wire_init();
    return cmocka_run_group_tests_name("dtls_netq", tests, NULL, NULL);
}
