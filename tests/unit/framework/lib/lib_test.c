/* lib_test.c: cmocka tests of components/lib: wipe, ct_equal, checked
 * arithmetic, wrap-safe time, atomic sections and struct endpoint (its
 * RFC 5952 text form, parser rejections and round trips). Plain C helpers,
 * so a plain executable: no wiring.
 *
 * wipe() and the optimiser, by inspection (gcc 12.2 and clang 14 at -O2,
 * x86_64, on `unsigned char key[32]; use(key); wipe(key, 32);` against the
 * same with memset): both compilers delete the memset of the dead buffer
 * entirely and keep all 32 zero stores of wipe() (gcc as a byte loop, clang
 * as 32 movb $0). clang 14 -Os for msp430 keeps the `clr.b` loop too. The
 * stores are volatile accesses, which C11 5.1.2.3p6 makes observable, so
 * this does not depend on the compiler version. The test below reads the
 * result back through a volatile pointer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "lib/atomic.h"
#include "lib/checked.h"
#include "lib/ct.h"
#include "lib/endpoint.h"
#include "lib/time_ms.h"
#include "lib/wipe.h"
#include "tests/fakes/fake_prng.h"

/* ---- wipe --------------------------------------------------------------- */

static void test_wipe_zeroes_exactly_n(void **state)
{
    (void)state;
    uint8_t buf[40];
    memset(buf, 0xA5, sizeof buf);
    wipe(buf + 4, 32);
    volatile const uint8_t *v = buf;
    for (size_t i = 0; i < sizeof buf; i++)
        assert_int_equal(v[i], (i >= 4 && i < 36) ? 0 : 0xA5);
    wipe(NULL, 0); /* allowed */
    wipe(buf, 0);
    assert_int_equal(v[0], 0xA5);
}

/* A secret in a callee's frame, wiped before return: the read-back is on a
 * buffer the caller owns, the pattern a DTLS handshake uses for its keys. */
static void __attribute__((noinline)) lib_derive(uint8_t out[16])
{
    uint8_t secret[16];
    for (uint8_t i = 0; i < 16; i++)
        secret[i] = (uint8_t)(0x80 + i);
    for (uint8_t i = 0; i < 16; i++)
        out[i] = (uint8_t)(secret[i] ^ 0xFF);
    wipe(secret, sizeof secret);
    wipe(out, 16);
}

static void test_wipe_read_back(void **state)
{
    (void)state;
    uint8_t key[16];
    lib_derive(key);
    volatile const uint8_t *v = key;
    for (int i = 0; i < 16; i++)
        assert_int_equal(v[i], 0);
}

/* ---- ct_equal ----------------------------------------------------------- */

static void test_ct_equal(void **state)
{
    (void)state;
    uint8_t a[64], b[64];
    for (int i = 0; i < 64; i++)
        a[i] = b[i] = (uint8_t)(i * 7 + 3);
    assert_true(ct_equal(a, b, sizeof a));
    assert_true(ct_equal(a, b, 0));
    assert_true(ct_equal(NULL, NULL, 0));
    for (int i = 0; i < 64; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            assert_false(ct_equal(a, b, sizeof a));
            assert_true(ct_equal(a, b, (size_t)i)); /* the prefix before it */
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    memset(b, 0xFF, sizeof b);
    memset(a, 0x00, sizeof a);
    assert_false(ct_equal(a, b, sizeof a)); /* diff saturates at 0xFF */
}

/* ---- checked arithmetic ------------------------------------------------- */

static void test_checked_u16(void **state)
{
    (void)state;
    uint16_t r = 7;
    assert_true(checked_add_u16(65535, 0, &r));
    assert_int_equal(r, 65535);
    r = 7;
    assert_false(checked_add_u16(65535, 1, &r));
    assert_int_equal(r, 7); /* untouched on failure */
    assert_false(checked_add_u16(40000, 40000, &r));
    assert_true(checked_sub_u16(5, 5, &r));
    assert_int_equal(r, 0);
    r = 7;
    assert_false(checked_sub_u16(0, 1, &r));
    assert_int_equal(r, 7);
    assert_false(checked_sub_u16(13, 14, &r));
    assert_true(checked_mul_u16(255, 257, &r));
    assert_int_equal(r, 65535);
    assert_false(checked_mul_u16(256, 256, &r));
    assert_false(checked_mul_u16(2, 32768, &r));
    assert_true(checked_mul_u16(0, 65535, &r));
    assert_int_equal(r, 0);
}

static void test_checked_size(void **state)
{
    (void)state;
    size_t r = 7;
    assert_true(checked_add_size(SIZE_MAX - 1, 1, &r));
    assert_true(r == SIZE_MAX);
    r = 7;
    assert_false(checked_add_size(SIZE_MAX, 1, &r));
    assert_int_equal(r, 7);
    assert_false(checked_sub_size(0, 1, &r));
    assert_true(checked_sub_size(SIZE_MAX, SIZE_MAX, &r));
    assert_int_equal(r, 0);
    assert_false(checked_mul_size(SIZE_MAX / 2 + 1, 2, &r));
    assert_true(checked_mul_size(SIZE_MAX / 3, 3, &r));
    assert_true(r == SIZE_MAX / 3 * 3);
    /* spans: [off, off + len) inside total */
    assert_true(checked_span(0, 0, 0));
    assert_true(checked_span(10, 0, 10));
    assert_true(checked_span(4, 6, 10));
    assert_false(checked_span(4, 7, 10));
    assert_false(checked_span(11, 0, 10));
    assert_false(checked_span(2, SIZE_MAX, 10)); /* off + len wraps */
    assert_false(checked_span(SIZE_MAX, 2, SIZE_MAX));
}

/* ---- time --------------------------------------------------------------- */

static void test_time_wrap(void **state)
{
    (void)state;
    assert_true(time_before(1, 2));
    assert_false(time_before(2, 2));
    assert_false(time_after(2, 2));
    assert_true(time_before(0xFFFFFFF0UL, 0x10)); /* across the wrap */
    assert_true(time_after(0x10, 0xFFFFFFF0UL));
    assert_false(time_before(0x10, 0xFFFFFFF0UL));
    assert_int_equal(time_elapsed(5, 0xFFFFFFFBUL), 10);
    assert_int_equal(time_elapsed(0xFFFFFFFFUL, 0), 0xFFFFFFFFUL);
    /* the horizon: up to 2^31 - 1 apart is ordered right */
    assert_true(time_before(0, TIME_MS_HORIZON));
    assert_true(time_after(TIME_MS_HORIZON, 0));
    assert_true(time_before(0x80000000UL, 0xFFFFFFFFUL));
    /* CoAP's EXCHANGE_LIFETIME and Observe's 24 h, started just before the wrap */
    time_ms_t t0 = 0xFFFFF000UL;
    assert_false(time_reached(t0 + 246999UL, t0, 247000UL));
    assert_true(time_reached(t0 + 247000UL, t0, 247000UL));
    assert_true(time_reached(t0 + 86400000UL, t0, 86400000UL));
    assert_false(time_reached(t0 + 86399999UL, t0, 86400000UL));
    /* t0 in the future (a timer started "at" a later instant) */
    assert_false(time_reached(100, 200, 0));
}

/* ---- atomic ------------------------------------------------------------- */

static void test_atomic_nests(void **state)
{
    (void)state;
    static volatile int shared;
    atomic_t outer = atomic_begin();
    shared++;
    atomic_t inner = atomic_begin();
    shared++;
    atomic_end(inner);
    atomic_end(outer);
    assert_int_equal(shared, 2);
}

/* ---- endpoint: construction and predicates ------------------------------ */

static struct endpoint lib_ep(const char *text)
{
    struct endpoint ep;
    endpoint_clear(&ep);
    if (!endpoint_parse(text, 5683, &ep))
        fail_msg("endpoint_parse(\"%s\") failed", text);
    return ep;
}

static void test_endpoint_layout(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct endpoint), 20);
    assert_true(_Alignof(struct endpoint) <= 2);
    struct endpoint z;
    memset(&z, 0, sizeof z);
    assert_int_equal(z.kind, ENDPOINT_NONE);
    assert_false(endpoint_equal(&z, &z)); /* NONE matches nothing */
    char text[ENDPOINT_TEXT_MAX];
    assert_int_equal(endpoint_format(&z, text, sizeof text), 0);
    assert_string_equal(text, "");
}

static void test_endpoint_set_and_compare(void **state)
{
    (void)state;
    static const uint8_t v4[4] = {192, 0, 2, 1};
    static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    struct endpoint a, b;
    endpoint_set_ip4(&a, v4, 5683);
    endpoint_set_ip6(&b, mapped, 5683);
    assert_true(endpoint_equal(&a, &b));
    assert_true(endpoint_is_ip(&a));
    assert_true(endpoint_is_v4mapped(&a));
    assert_memory_equal(endpoint_ip6(&a), mapped, 16);
    endpoint_set_port(&b, 5684);
    assert_false(endpoint_equal(&a, &b));
    assert_true(endpoint_equal_addr(&a, &b));
    struct endpoint c;
    endpoint_copy(&c, &b);
    assert_true(endpoint_equal(&c, &b));
    assert_int_equal(endpoint_port(&c), 5684);

    struct endpoint s1, s2;
    endpoint_set_short(&s1, 0x1234);
    endpoint_set_short(&s2, 0x1234);
    assert_true(endpoint_equal(&s1, &s2));
    assert_int_equal(endpoint_short(&s1), 0x1234);
    assert_false(endpoint_equal(&s1, &a));
    /* a short address 0x1234 is not the extended address 12:34:00:... */
    static const uint8_t ext[8] = {0x12, 0x34, 0, 0, 0, 0, 0, 0};
    endpoint_set_ext(&s2, ext);
    assert_false(endpoint_equal(&s1, &s2));
}

static void test_endpoint_predicates(void **state)
{
    (void)state;
    struct endpoint ep;
    ep = lib_ep("[::1]:1");
    assert_true(endpoint_is_loopback(&ep));
    ep = lib_ep("127.3.2.1:1");
    assert_true(endpoint_is_loopback(&ep));
    ep = lib_ep("[::2]:1");
    assert_false(endpoint_is_loopback(&ep));
    ep = lib_ep("[::ffff:0:1]:1"); /* ::ffff:0.0.0.1 */
    assert_false(endpoint_is_loopback(&ep));
    ep = lib_ep("[::]:1");
    assert_true(endpoint_is_unspecified(&ep));
    ep = lib_ep("0.0.0.0:1");
    assert_true(endpoint_is_unspecified(&ep));
    assert_true(endpoint_is_v4mapped(&ep));
    ep = lib_ep("[ff02::fd]:5683");
    assert_true(endpoint_is_multicast(&ep));
    ep = lib_ep("224.0.1.187:5683");
    assert_true(endpoint_is_multicast(&ep));
    ep = lib_ep("223.255.255.255:5683");
    assert_false(endpoint_is_multicast(&ep));
    ep = lib_ep("short:0xffff");
    assert_true(endpoint_is_multicast(&ep));
    assert_false(endpoint_is_loopback(&ep));
    ep = lib_ep("[fe80::1]:1");
    assert_true(endpoint_is_link_local(&ep));
    ep = lib_ep("[febf::1]:1");
    assert_true(endpoint_is_link_local(&ep));
    ep = lib_ep("[fec0::1]:1");
    assert_false(endpoint_is_link_local(&ep));
    ep = lib_ep("169.254.7.7:1");
    assert_true(endpoint_is_link_local(&ep));
}

/* ---- endpoint: text ----------------------------------------------------- */

/* parse(in) must succeed and format back to want. */
static void lib_expect(const char *in, const char *want)
{
    struct endpoint ep;
    char text[ENDPOINT_TEXT_MAX];
    if (!endpoint_parse(in, 5683, &ep))
        fail_msg("endpoint_parse(\"%s\") failed", in);
    size_t n = endpoint_format(&ep, text, sizeof text);
    if (strcmp(text, want) != 0)
        fail_msg("\"%s\" formats as \"%s\", want \"%s\"", in, text, want);
    assert_int_equal(n, strlen(want));
}

static void test_endpoint_rfc5952(void **state)
{
    (void)state;
    /* RFC 5952 section 4 and its examples */
    lib_expect("[2001:0db8:0000:0000:0000:0000:0002:0001]:5684", "[2001:db8::2:1]:5684");
    lib_expect("[2001:db8:0:0:1:0:0:1]:1", "[2001:db8::1:0:0:1]:1");    /* first of two equal runs */
    lib_expect("[2001:db8:0:1:1:1:1:1]:1", "[2001:db8:0:1:1:1:1:1]:1"); /* one zero group stays */
    lib_expect("[2001:0:0:1:0:0:0:1]:1", "[2001:0:0:1::1]:1");          /* the longest run */
    lib_expect("[2001:db8:0:0:aaaa:0:0:1]:1", "[2001:db8::aaaa:0:0:1]:1");
    lib_expect("[2001:DB8::AbCd]:1", "[2001:db8::abcd]:1"); /* lower case */
    lib_expect("[::]:0", "[::]:0");
    lib_expect("[::1]:65535", "[::1]:65535");
    lib_expect("[1::]:1", "[1::]:1");
    lib_expect("[0:0:0:0:0:0:0:1]:1", "[::1]:1");
    lib_expect("[1:0:0:0:0:0:0:0]:1", "[1::]:1");
    lib_expect("[::2:3:4:5:6:7:8]:1", "[0:2:3:4:5:6:7:8]:1");
    lib_expect("[1:2:3:4:5:6:7::]:1", "[1:2:3:4:5:6:7:0]:1");
    lib_expect("[1:0:2:0:3:0:4:0]:1", "[1:0:2:0:3:0:4:0]:1");
    lib_expect("[fe80::0200:5eff:fe00:5301]:1", "[fe80::200:5eff:fe00:5301]:1");
    lib_expect("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535",
               "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"); /* the longest text */
    /* IPv4, v4-mapped, embedded IPv4 */
    lib_expect("127.0.0.1:5683", "127.0.0.1:5683");
    lib_expect("[::ffff:192.0.2.1]:5684", "192.0.2.1:5684");
    lib_expect("[::FFFF:c000:0201]:5684", "192.0.2.1:5684");
    lib_expect("[::1.2.3.4]:1", "[::102:304]:1"); /* IPv4-compatible: not mapped */
    lib_expect("[64:ff9b::192.0.2.33]:1", "[64:ff9b::c000:221]:1");
    lib_expect("255.255.255.255:0", "255.255.255.255:0");
    /* default ports and bare forms */
    lib_expect("10.0.0.1", "10.0.0.1:5683");
    lib_expect("[2001:db8::1]", "[2001:db8::1]:5683");
    lib_expect("2001:db8::1", "[2001:db8::1]:5683");
    lib_expect("::", "[::]:5683");
    lib_expect("1.2.3.4:0080", "1.2.3.4:80");
    /* 802.15.4 */
    lib_expect("short:0x1234", "short:0x1234");
    lib_expect("short:0X0a", "short:0x000a");
    lib_expect("ext:00:12:74:00:01:02:03:04", "ext:00:12:74:00:01:02:03:04");
    lib_expect("ext:AA:bb:CC:dd:EE:ff:00:11", "ext:aa:bb:cc:dd:ee:ff:00:11");
}

static void test_endpoint_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "[",
        "[]",
        "[]:1",
        "[::1",
        "[::1]:",
        "[::1]:65536",
        "[::1]:-1",
        "[::1]:+1",
        "[::1]x",
        "[::1]:1x",
        "[::1]:123456",
        "[1.2.3.4]:80",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "01.2.3.4",
        "1.2.3.04",
        "1..2.3",
        ".1.2.3",
        "1.2.3.4:",
        "1.2.3.4:99999",
        "1.2.3.4: 1",
        " 1.2.3.4",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1::2::3",
        ":1::",
        "1:::2",
        ":::",
        "1:",
        ":1",
        "12345::",
        "::g",
        "1.2.3.4::",
        "::1.2.3",
        "::1.2.3.4.5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5:6:7::8",
        "[1:2:3:4:5:6:7:8:9]:1",
        "::ffff:256.0.0.1",
        "short:",
        "short:0x",
        "short:0x12345",
        "short:1234",
        "short:0xg1",
        "ext:00:11",
        "ext:0011:2233:4455:6677",
        "ext:00:12:74:00:01:02:03:04:",
        "ext:00-12-74-00-01-02-03-04",
        "localhost",
        "localhost:5683",
        "[::1]:5683\n",
        "1234567890123456789012345678901234567890123456789012345678901234567890", /* > 64 chars */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct endpoint ep;
        endpoint_set_short(&ep, 0xBEEF);
        if (endpoint_parse(bad[i], 1, &ep))
            fail_msg("endpoint_parse(\"%s\") accepted it", bad[i]);
        assert_int_equal(endpoint_short(&ep), 0xBEEF); /* *out untouched */
    }
}

static void test_endpoint_format_buffer(void **state)
{
    (void)state;
    struct endpoint ep = lib_ep("[2001:db8::1]:5684");
    char text[ENDPOINT_TEXT_MAX];
    const char *want = "[2001:db8::1]:5684";
    size_t n = strlen(want);
    assert_int_equal(endpoint_format(&ep, text, n + 1), n); /* exactly fits */
    assert_string_equal(text, want);
    memset(text, 'x', sizeof text);
    assert_int_equal(endpoint_format(&ep, text, n), 0); /* one short */
    assert_string_equal(text, "");
    assert_int_equal(endpoint_format(&ep, text, 0), 0);
    assert_int_equal(text[0], '\0'); /* len 0: nothing written */
    assert_int_equal(endpoint_format(&ep, text, 1), 0);
}

/* glibc's inet_ntop follows RFC 5952 too, except for the forms with a
 * dotted IPv4 tail (::ffff:a.b.c.d, ::a.b.c.d), which we print otherwise;
 * and its inet_pton must read our text back to the same bytes. */
static int lib_libc_checked;

static void lib_check_against_libc(const uint8_t a[16], uint16_t port, const char *text)
{
    static const uint8_t zero[10] = {0};
    bool tail4 = memcmp(a, zero, 10) == 0 && ((a[10] == 0xff && a[11] == 0xff) || (a[10] | a[11]) == 0);
    if (tail4)
        return;
    char want[ENDPOINT_TEXT_MAX + 16], host[INET6_ADDRSTRLEN];
    assert_non_null(inet_ntop(AF_INET6, a, host, sizeof host));
    snprintf(want, sizeof want, "[%s]:%u", host, (unsigned)port);
    if (strcmp(want, text) != 0)
        fail_msg("we print %s, inet_ntop %s", text, want);
    size_t hlen = (size_t)(strchr(text, ']') - text - 1);
    memcpy(host, text + 1, hlen);
    host[hlen] = '\0';
    struct in6_addr back;
    assert_int_equal(inet_pton(AF_INET6, host, &back), 1);
    assert_memory_equal(back.s6_addr, a, 16);
    lib_libc_checked++;
}

/* Random addresses with zero runs in random places: format, parse, equal. */
static void test_endpoint_round_trip(void **state)
{
    (void)state;
    struct fake_prng prng;
    fake_prng_seed(&prng, 5952);
    for (int round = 0; round < 20000; round++) {
        uint8_t a[16];
        for (int g = 0; g < 8; g++) {
            uint16_t v = fake_prng_below(&prng, 3) == 0 ? 0 : (uint16_t)fake_prng_next(&prng);
            if (fake_prng_below(&prng, 4) == 0)
                v &= 0x00FF; /* short groups: leading zeros to drop */
            a[2 * g] = (uint8_t)(v >> 8);
            a[2 * g + 1] = (uint8_t)v;
        }
        if (round % 10 == 0) { /* some v4-mapped */
            memset(a, 0, 10);
            a[10] = a[11] = 0xff;
        }
        struct endpoint ep, back;
        endpoint_set_ip6(&ep, a, (uint16_t)fake_prng_next(&prng));
        char text[ENDPOINT_TEXT_MAX];
        size_t n = endpoint_format(&ep, text, sizeof text);
        assert_true(n > 0 && n < ENDPOINT_TEXT_MAX);
        if (!endpoint_parse(text, 1, &back) || !endpoint_equal(&ep, &back))
            fail_msg("round trip failed for %s", text);
        assert_null(strstr(text, ":::"));
        lib_check_against_libc(a, ep.port, text);
    }
    assert_true(lib_libc_checked > 15000);
    for (uint32_t s = 0; s <= 0xFFFF; s += 0x101) {
        struct endpoint ep, back;
        char text[ENDPOINT_TEXT_MAX];
        endpoint_set_short(&ep, (uint16_t)s);
        assert_int_equal(endpoint_format(&ep, text, sizeof text), strlen("short:0x1234"));
        assert_true(endpoint_parse(text, 1, &back) && endpoint_equal(&ep, &back));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wipe_zeroes_exactly_n),
        cmocka_unit_test(test_wipe_read_back),
        cmocka_unit_test(test_ct_equal),
        cmocka_unit_test(test_checked_u16),
        cmocka_unit_test(test_checked_size),
        cmocka_unit_test(test_time_wrap),
        cmocka_unit_test(test_atomic_nests),
        cmocka_unit_test(test_endpoint_layout),
        cmocka_unit_test(test_endpoint_set_and_compare),
        cmocka_unit_test(test_endpoint_predicates),
        cmocka_unit_test(test_endpoint_rfc5952),
        cmocka_unit_test(test_endpoint_parse_rejects),
        cmocka_unit_test(test_endpoint_format_buffer),
        cmocka_unit_test(test_endpoint_round_trip),
    };
    return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
