/* clamp_gate_test.c: ClampGateTest, cmocka tests of two small tool
 * components. MtuClamp: mtu() is the link's until a limit is set, then the
 * smaller of the two; a send above it is refused with E_SIZE and no
 * send_done; one at the limit goes through to the peer node, with its
 * send_done; received datagrams pass up. LogGate: lines above its level
 * never reach the Log below (FakeLog: neither begin() nor their parts),
 * lines at or under it arrive whole; the level changes at run time; a line
 * the Log below refuses is refused, its parts not sent. Host and MSP430
 * simulator. */
#include <string.h>

#include "interfaces/datagram.h"
#include "interfaces/log.h"
#include "interfaces/log_level.h"
#include "interfaces/mtu_control.h"
#include "interfaces/task_loop.h"
#include "lib/endpoint.h"
#include "tests/fakes/interfaces/log_sink_ctl.h"
#include "tests/unit/test_cmocka.h"

static struct {
    /* MtuClamp */
    bool in_send;
    unsigned done, peer_got, net_got;
    err_t result;
    uint16_t peer_len;
} cgt;

static const uint8_t cgt_a[4] = {10, 0, 0, 1}, cgt_b[4] = {10, 0, 0, 2};
static uint8_t cgt_buf[260];

static struct endpoint cgt_ep(const uint8_t *addr)
{
    struct endpoint ep;
    endpoint_set_ip4(&ep, addr, 5684);
    return ep;
}

void ClampGateTest__net__send_done(const uint8_t *buf, err_t result)
{
    assert_false(cgt.in_send);
    assert_ptr_equal(buf, cgt_buf);
    cgt.done++;
    cgt.result = result;
}

void ClampGateTest__net__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf, (void)len;
    cgt.net_got++;
}

void ClampGateTest__peer__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void ClampGateTest__peer__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf;
    cgt.peer_got++;
    cgt.peer_len = len;
}

static err_t cgt_send(uint16_t len)
{
    struct endpoint to = cgt_ep(cgt_b);
    cgt.in_send = true;
    err_t e = ClampGateTest__net__send(&to, cgt_buf, len);
    cgt.in_send = false;
    (void)ClampGateTest__loop__run_until_idle();
    return e;
}

static void test_clamp_limits_mtu_and_sends(void **state)
{
    (void)state;
    uint16_t link = ClampGateTest__net__mtu();
    assert_int_equal(link, 256); /* the FakeLink's, no limit of its own yet */
    assert_int_equal(ClampGateTest__mtu__get(), 0);
    assert_int_equal(ClampGateTest__mtu__set(100), E_OK);
    assert_int_equal(ClampGateTest__net__mtu(), 100);
    assert_int_equal(cgt_send(101), E_SIZE);
    assert_int_equal(cgt.done, 0); /* refused: no send_done */
    assert_int_equal(cgt.peer_got, 0);
    assert_int_equal(cgt_send(100), E_OK);
    assert_int_equal(cgt.done, 1);
    assert_int_equal(cgt.result, E_OK);
    assert_int_equal(cgt.peer_got, 1);
    assert_int_equal(cgt.peer_len, 100);
    assert_int_equal(ClampGateTest__mtu__set(1000), E_OK); /* above the link's: the link's */
    assert_int_equal(ClampGateTest__net__mtu(), 256);
    assert_int_equal(cgt_send(257), E_SIZE);
    assert_int_equal(ClampGateTest__mtu__set(0), E_OK);
    assert_int_equal(ClampGateTest__net__mtu(), 256);
}

static void test_clamp_passes_received_up(void **state)
{
    (void)state;
    struct endpoint to = cgt_ep(cgt_a);
    static const uint8_t hello[5] = "hello";
    unsigned before = cgt.net_got;
    assert_int_equal(ClampGateTest__peer__send(&to, hello, sizeof hello), E_OK);
    (void)ClampGateTest__loop__run_until_idle();
    assert_int_equal(cgt.net_got, before + 1);
}

/* ---- LogGate --------------------------------------------------------------- */

/* One line through the gate: begin()'s answer. */
static bool cgt_line(uint8_t level, const char *text)
{
    bool on = ClampGateTest__log__begin(level, "test");
    ClampGateTest__log__str(text);
    ClampGateTest__log__u32(1);
    ClampGateTest__log__i32(-1);
    ClampGateTest__log__hex((const uint8_t *)"x", 1);
    ClampGateTest__log__end();
    return on;
}

static void test_gate_filters_whole_lines(void **state)
{
    (void)state;
    const struct log_sink_seen *seen = ClampGateTest__sink__seen();
    ClampGateTest__sink__set_level(LOG_DEBUG);
    ClampGateTest__sink__reset();
    assert_int_equal(ClampGateTest__level__get(), LOG_WARN); /* the wiring's level */
    assert_false(cgt_line(LOG_DEBUG, "debug"));
    assert_false(cgt_line(LOG_INFO, "info"));
    assert_int_equal(seen->begins + seen->parts + seen->ends, 0); /* nothing reached the Log below */
    assert_true(cgt_line(LOG_WARN, "warn"));
    assert_true(cgt_line(LOG_ERROR, "error"));
    assert_int_equal(seen->begins, 2);
    assert_int_equal(seen->parts, 8);
    assert_int_equal(seen->ends, 2);
    assert_string_equal(seen->text, "error");
    ClampGateTest__level__set(LOG_DEBUG);
    assert_int_equal(ClampGateTest__level__get(), LOG_DEBUG);
    assert_true(cgt_line(LOG_DEBUG, "debug"));
    assert_string_equal(seen->text, "debug");
    assert_int_equal(seen->ends, 3);
    ClampGateTest__level__set(LOG_WARN);
}

static void test_gate_respects_the_log_below(void **state)
{
    (void)state;
    const struct log_sink_seen *seen = ClampGateTest__sink__seen();
    ClampGateTest__level__set(LOG_DEBUG);
    ClampGateTest__sink__set_level(LOG_ERROR);
    ClampGateTest__sink__reset();
    assert_false(cgt_line(LOG_INFO, "refused below"));
    assert_int_equal(seen->parts + seen->ends, 0); /* its parts were not sent after the refusal */
    assert_true(cgt_line(LOG_ERROR, "error"));
    assert_string_equal(seen->text, "error");
    ClampGateTest__level__set(LOG_WARN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clamp_limits_mtu_and_sends),
        cmocka_unit_test(test_clamp_passes_received_up),
        cmocka_unit_test(test_gate_filters_whole_lines),
        cmocka_unit_test(test_gate_respects_the_log_below),
    };
    wire_init();
    struct endpoint a = cgt_ep(cgt_a), b = cgt_ep(cgt_b);
    assert_int_equal(ClampGateTest__net__open(&a), E_OK);
    assert_int_equal(ClampGateTest__peer__open(&b), E_OK);
    return cmocka_run_group_tests_name("clamp_gate", tests, NULL, NULL);
}
