/* link_test.c: LinkTest, cmocka tests of FakeLink, the in-memory network
 * that DTLS and CoAP tests will run over. Node a sends numbered datagrams
 * to node b stop-and-wait (the next send from a's send_done), b records
 * what arrives; the fault model's counters must agree with what b saw, the
 * rates must match the configuration over many seeds, and one seed must
 * always give the same run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "interfaces/datagram.h"
#include "interfaces/task_loop.h"
#include "lib/endpoint.h"
#include "tests/fakes/interfaces/fake_link_ctl.h"

enum { LINKTEST_MAX = 2000 };

/* What one node's user saw. */
struct linktest_node {
    uint32_t received;
    uint32_t done;
    err_t result;
    const uint8_t *done_buf;
    struct endpoint from;
    uint16_t len;
    uint8_t data[256];
};

static struct {
    struct linktest_node a, b, c;
    bool in_send;
    /* the stop-and-wait stream from a to b */
    struct endpoint to;
    uint16_t next, total;
    uint8_t tx[4];
    uint16_t seen[LINKTEST_MAX]; /* copies of each sequence number at b */
    uint32_t out_of_order;       /* arrivals below the highest seen so far */
    int32_t highest;
    uint32_t hash; /* FNV-1a over the arrival order */
} linktest;

static struct endpoint linktest_ep(const char *text)
{
    struct endpoint ep;
    assert_true(endpoint_parse(text, 0, &ep));
    return ep;
}

/* ---- events ------------------------------------------------------------- */

static void linktest_record(struct linktest_node *n, const struct endpoint *from, const uint8_t *buf,
                            uint16_t len)
{
    n->received++;
    n->from = *from;
    n->len = len;
    memcpy(n->data, buf, len < sizeof n->data ? len : sizeof n->data);
}

static void linktest_send_next(void)
{
    if (linktest.next >= linktest.total)
        return;
    linktest.tx[0] = (uint8_t)(linktest.next >> 8);
    linktest.tx[1] = (uint8_t)linktest.next;
    linktest.next++;
    linktest.in_send = true;
    err_t e = LinkTest__a__send(&linktest.to, linktest.tx, 2);
    linktest.in_send = false;
    assert_int_equal(e, E_OK);
}

void LinkTest__a__send_done(const uint8_t *buf, err_t result)
{
    assert_false(linktest.in_send); /* never from inside send() */
    linktest.a.done++;
    linktest.a.done_buf = buf;
    linktest.a.result = result;
    linktest_send_next();
}

void LinkTest__b__send_done(const uint8_t *buf, err_t result)
{
    linktest.b.done++;
    linktest.b.done_buf = buf;
    linktest.b.result = result;
}

void LinkTest__c__send_done(const uint8_t *buf, err_t result)
{
    linktest.c.done++;
    linktest.c.done_buf = buf;
    linktest.c.result = result;
}

void LinkTest__a__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    linktest_record(&linktest.a, from, buf, len);
}

void LinkTest__b__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    linktest_record(&linktest.b, from, buf, len);
    if (len != 2)
        return;
    uint16_t seq = (uint16_t)((buf[0] << 8) | buf[1]);
    assert_true(seq < LINKTEST_MAX);
    linktest.seen[seq]++;
    if ((int32_t)seq < linktest.highest)
        linktest.out_of_order++;
    else
        linktest.highest = seq;
    linktest.hash = (linktest.hash ^ seq) * 16777619u;
}

void LinkTest__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    linktest_record(&linktest.c, from, buf, len);
}

/* ---- fixtures ----------------------------------------------------------- */

static int linktest_setup(void **state)
{
    (void)state;
    memset(&linktest, 0, sizeof linktest);
    linktest.highest = -1;
    linktest.hash = 2166136261u;
    LinkTest__ctl_a__configure(0, 0, 0, 1);
    LinkTest__ctl_b__configure(0, 0, 0, 1);
    return 0;
}

static int linktest_teardown(void **state)
{
    (void)state;
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(LinkTest__ctl_a__in_flight(), 0); /* the medium drained */
    LinkTest__a__close();
    LinkTest__b__close();
    LinkTest__c__close();
    return 0;
}

static void linktest_open_ab(void)
{
    struct endpoint ea = linktest_ep("[fd00::a]:5684"), eb = linktest_ep("[fd00::b]:5684");
    assert_int_equal(LinkTest__a__open(&ea), E_OK);
    assert_int_equal(LinkTest__b__open(&eb), E_OK);
}

/* ---- the Datagram contract ---------------------------------------------- */

static void test_exchange(void **state)
{
    (void)state;
    linktest_open_ab();
    static const uint8_t hello[] = "hello";
    struct endpoint to = linktest_ep("[fd00::b]:5684");
    linktest.in_send = true;
    assert_int_equal(LinkTest__a__send(&to, hello, sizeof hello), E_OK);
    linktest.in_send = false;
    assert_int_equal(linktest.a.done, 0);
    assert_int_equal(LinkTest__a__send(&to, hello, 1), E_BUSY); /* one send at a time */
    assert_true(LinkTest__loop__run_until_idle() >= 2);
    assert_int_equal(linktest.a.done, 1);
    assert_ptr_equal(linktest.a.done_buf, hello);
    assert_int_equal(linktest.a.result, E_OK);
    assert_int_equal(linktest.b.received, 1);
    assert_int_equal(linktest.b.len, sizeof hello);
    assert_memory_equal(linktest.b.data, hello, sizeof hello);
    struct endpoint ea = linktest_ep("[fd00::a]:5684");
    assert_true(endpoint_equal(&linktest.b.from, &ea));
    /* and back, to the sender's address */
    assert_int_equal(LinkTest__b__send(&linktest.b.from, hello, 2), E_OK);
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.a.received, 1);
    struct fakelink_stats sa, sb;
    LinkTest__ctl_a__stats(&sa);
    LinkTest__ctl_b__stats(&sb);
    assert_int_equal(sa.sent, 1);
    assert_int_equal(sa.received, 1);
    assert_int_equal(sb.sent, 1);
    assert_int_equal(sb.received, 1);
}

static void test_errors(void **state)
{
    (void)state;
    static const uint8_t x[300] = {0};
    struct endpoint eb = linktest_ep("[fd00::b]:5684");
    assert_int_equal(LinkTest__a__send(&eb, x, 1), E_OFF);
    linktest_open_ab();
    struct endpoint ea = linktest_ep("[fd00::a]:5684");
    assert_int_equal(LinkTest__a__open(&ea), E_ALREADY);
    assert_int_equal(LinkTest__c__open(&ea), E_FAIL); /* taken by a */
    struct endpoint port0 = linktest_ep("[fd00::c]:0");
    assert_int_equal(LinkTest__c__open(&port0), E_INVAL);
    assert_int_equal(LinkTest__c__open(NULL), E_INVAL);
    assert_int_equal(LinkTest__a__mtu(), 1232);
    assert_int_equal(LinkTest__b__mtu(), 256);
    assert_int_equal(LinkTest__b__send(&ea, x, 257), E_SIZE);
    assert_int_equal(LinkTest__b__send(&ea, x, 256), E_OK);
    struct endpoint any = linktest_ep("[::]:5684");
    assert_int_equal(LinkTest__a__send(&any, x, 1), E_INVAL);
    assert_int_equal(LinkTest__a__send(&port0, x, 1), E_INVAL);
    assert_int_equal(LinkTest__a__send(NULL, x, 1), E_INVAL);
    /* nobody at the destination: accepted, lost, counted */
    struct endpoint nobody = linktest_ep("[fd00::dead]:5684");
    assert_int_equal(LinkTest__a__send(&nobody, x, 1), E_OK);
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.a.done, 1);
    assert_int_equal(linktest.a.result, E_OK);
    assert_int_equal(linktest.a.received, 1); /* b's 256 bytes */
    assert_int_equal(linktest.a.len, 256);
    struct fakelink_stats sa;
    LinkTest__ctl_a__stats(&sa);
    assert_int_equal(sa.unreachable, 1);
    /* a closed node receives nothing */
    LinkTest__b__close();
    assert_int_equal(LinkTest__a__send(&eb, x, 1), E_OK);
    (void)LinkTest__loop__run_until_idle();
    LinkTest__ctl_a__stats(&sa);
    assert_int_equal(sa.unreachable, 2);
    assert_int_equal(linktest.b.received, 0);
}

/* A node bound to [::]:port takes datagrams for any address at that port;
 * one bound to the wildcard sends from loopback. */
static void test_wildcard_and_loopback(void **state)
{
    (void)state;
    static const uint8_t x[1] = {7};
    struct endpoint any = linktest_ep("[::]:7000"), ea = linktest_ep("[::]:7001");
    assert_int_equal(LinkTest__c__open(&any), E_OK);
    assert_int_equal(LinkTest__a__open(&ea), E_OK);
    struct endpoint to = linktest_ep("[fd00::99]:7000");
    assert_int_equal(LinkTest__a__send(&to, x, 1), E_OK);
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.c.received, 1);
    struct endpoint want = linktest_ep("[::1]:7001");
    assert_true(endpoint_equal(&linktest.c.from, &want));
    /* an exact binding wins over the wildcard */
    struct endpoint eb = linktest_ep("[fd00::99]:7000");
    assert_int_equal(LinkTest__b__open(&eb), E_OK);
    assert_int_equal(LinkTest__a__send(&to, x, 1), E_OK);
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.b.received, 1);
    assert_int_equal(linktest.c.received, 1);
}

static void test_ieee802154_addresses(void **state)
{
    (void)state;
    static const uint8_t x[3] = {1, 2, 3};
    struct endpoint sa = linktest_ep("short:0x0001"), sb = linktest_ep("ext:00:12:74:00:00:00:00:02");
    assert_int_equal(LinkTest__a__open(&sa), E_OK);
    assert_int_equal(LinkTest__b__open(&sb), E_OK);
    assert_int_equal(LinkTest__a__send(&sb, x, 3), E_OK);
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.b.received, 1);
    assert_true(endpoint_equal(&linktest.b.from, &sa));
}

/* ---- the fault model ---------------------------------------------------- */

struct linktest_run {
    struct fakelink_stats a, b;
    uint32_t dups_seen, missing, out_of_order, hash;
};

/* Send n datagrams a -> b stop-and-wait with a's fault model set. */
static struct linktest_run linktest_stream(uint16_t n, uint16_t loss, uint16_t dup, uint16_t reorder,
                                           uint32_t seed)
{
    struct linktest_run r;
    memset(&r, 0, sizeof r);
    memset(linktest.seen, 0, sizeof linktest.seen);
    linktest.out_of_order = 0;
    linktest.highest = -1;
    linktest.hash = 2166136261u;
    LinkTest__ctl_a__configure(loss, dup, reorder, seed);
    LinkTest__ctl_b__configure(0, 0, 0, 1);
    linktest.to = linktest_ep("[fd00::b]:5684");
    linktest.next = 0;
    linktest.total = n;
    linktest_send_next();
    (void)LinkTest__loop__run_until_idle();
    assert_int_equal(linktest.next, n);
    LinkTest__ctl_a__stats(&r.a);
    LinkTest__ctl_b__stats(&r.b);
    for (uint16_t i = 0; i < n; i++) {
        if (linktest.seen[i] == 0)
            r.missing++;
        else
            r.dups_seen += linktest.seen[i] - 1u;
    }
    r.out_of_order = linktest.out_of_order;
    r.hash = linktest.hash;
    /* the counters add up with what b saw */
    assert_int_equal(r.a.sent, n);
    assert_int_equal(r.a.overflow, 0);
    assert_int_equal(r.a.unreachable, 0);
    assert_int_equal(r.b.received, r.a.sent - r.a.lost + r.a.duplicated);
    assert_int_equal(r.missing, r.a.lost);
    assert_int_equal(r.dups_seen, r.a.duplicated);
    return r;
}

static void test_perfect_link(void **state)
{
    (void)state;
    linktest_open_ab();
    struct linktest_run r = linktest_stream(500, 0, 0, 0, 42);
    assert_int_equal(r.b.received, 500);
    assert_int_equal(r.a.lost + r.a.duplicated + r.a.reordered, 0);
    assert_int_equal(r.out_of_order, 0);
}

/* 40 seeds x 500 datagrams: 10% loss, 5% duplication, 10% reordering. */
static void test_statistics_over_many_seeds(void **state)
{
    (void)state;
    linktest_open_ab();
    enum { SEEDS = 40, N = 500 };
    uint32_t lost = 0, dup = 0, reordered = 0, ooo = 0, seeds_with_ooo = 0;
    for (uint32_t seed = 1; seed <= SEEDS; seed++) {
        struct linktest_run r = linktest_stream(N, 100, 50, 100, seed);
        /* per seed: within 4.5 standard deviations (sd = sqrt(500 * 0.1 * 0.9) = 6.7) */
        assert_in_range(r.a.lost, 50 - 30, 50 + 30);
        lost += r.a.lost;
        dup += r.a.duplicated;
        reordered += r.a.reordered;
        ooo += r.out_of_order;
        seeds_with_ooo += r.out_of_order > 0;
    }
    /* all together, 20000 datagrams: loss 10% +-0.9% (4.5 sd); duplicates
     * of the delivered 90%: 4.5%; held back: 10% of the copies */
    print_message("%u seeds x %u: lost %u, duplicated %u, held back %u, arrived out of order %u\n",
                  (unsigned)SEEDS, (unsigned)N, (unsigned)lost, (unsigned)dup, (unsigned)reordered,
                  (unsigned)ooo);
    assert_in_range(lost, 1820, 2180);
    assert_in_range(dup, 900 - 130, 900 + 130);
    assert_in_range(reordered, 1890 - 190, 1890 + 190);
    assert_true(ooo > 500); /* held-back copies really arrive late */
    assert_int_equal(seeds_with_ooo, SEEDS);
}

static void test_deterministic_per_seed(void **state)
{
    (void)state;
    linktest_open_ab();
    struct linktest_run r1 = linktest_stream(300, 150, 100, 200, 7);
    struct linktest_run r2 = linktest_stream(300, 150, 100, 200, 7);
    struct linktest_run r3 = linktest_stream(300, 150, 100, 200, 8);
    assert_memory_equal(&r1.a, &r2.a, sizeof r1.a);
    assert_int_equal(r1.hash, r2.hash);
    assert_int_equal(r1.out_of_order, r2.out_of_order);
    assert_true(r1.hash != r3.hash);
}

static void test_total_loss_and_certain_duplication(void **state)
{
    (void)state;
    linktest_open_ab();
    struct linktest_run r = linktest_stream(100, 1000, 0, 0, 3);
    assert_int_equal(r.b.received, 0);
    assert_int_equal(linktest.a.done, 100); /* every send still completes */
    r = linktest_stream(100, 0, 1000, 0, 3);
    assert_int_equal(r.b.received, 200);
    r = linktest_stream(100, 0, 0, 5000, 3); /* clamped to 1000 */
    assert_int_equal(r.a.reordered, 100);
    assert_int_equal(r.b.received, 100);
}

int main(void)
{
#define LINKTEST(f) cmocka_unit_test_setup_teardown(f, linktest_setup, linktest_teardown)
    const struct CMUnitTest tests[] = {
        LINKTEST(test_exchange),
        LINKTEST(test_errors),
        LINKTEST(test_wildcard_and_loopback),
        LINKTEST(test_ieee802154_addresses),
        LINKTEST(test_perfect_link),
        LINKTEST(test_statistics_over_many_seeds),
        LINKTEST(test_deterministic_per_seed),
        LINKTEST(test_total_loss_and_certain_duplication),
    };
    wire_init();
    return cmocka_run_group_tests_name("fake_link", tests, NULL, NULL);
}
