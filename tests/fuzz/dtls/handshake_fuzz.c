/* handshake_fuzz.c: libFuzzer target for the handshake message parsers of
 * both roles (components/dtls/dtls_hello.c): the first input byte picks
 * the message (its low two bits: 0 ClientHello, what a server parses; 1
 * ServerHello and 2 HelloVerifyRequest, what a client parses; 3 all
 * three), the rest is the body. Whatever parses must point inside the
 * input with consistent lengths, and must survive a round trip: built
 * again from the parsed struct, it parses to the same fields. */
#include <stdlib.h>
#include <string.h>

#include "dtls/dtls_hello.h"

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c))                                                                                            \
            abort();                                                                                         \
    } while (0)

static uint8_t out[600];

static bool fuzz_inside(const uint8_t *p, uint16_t n, const uint8_t *body, uint16_t len)
{
    return n == 0 || (p >= body && p + n <= body + len);
}

static void fuzz_client_hello(const uint8_t *body, uint16_t len)
{
    struct dtls_client_hello a, b;
    if (dtls_client_hello_parse(body, len, &a) != DTLS_OK)
        return;
    CHECK(fuzz_inside(a.random, DTLS_RANDOM_LEN, body, len));
    CHECK(fuzz_inside(a.session_id, a.session_id_len, body, len) && a.session_id_len <= DTLS_SESSION_ID_MAX);
    CHECK(fuzz_inside(a.cookie, a.cookie_len, body, len));
    CHECK(a.cookie_end == a.cookie_at + 1u + a.cookie_len && a.cookie_end <= len);
    CHECK(fuzz_inside(a.suites, a.suites_len, body, len) && a.suites_len >= 2 && a.suites_len % 2 == 0);
    (void)dtls_client_hello_check(&a);
    if (a.cookie_len > DTLS_COOKIE_MAX)
        return; /* parses, but our builder never makes one */
    a.flags &= DTLS_HELLO_SCSV | DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO;
    uint16_t n = dtls_client_hello_build(out, sizeof out, &a);
    CHECK(n > 0);
    CHECK(dtls_client_hello_parse(out, n, &b) == DTLS_OK);
    CHECK(dtls_client_hello_check(&b) == DTLS_OK);
    CHECK(memcmp(a.random, b.random, DTLS_RANDOM_LEN) == 0);
    CHECK(a.session_id_len == b.session_id_len && memcmp(a.session_id, b.session_id, a.session_id_len) == 0);
    CHECK(a.cookie_len == b.cookie_len && memcmp(a.cookie, b.cookie, a.cookie_len) == 0);
    CHECK(b.flags == (a.flags | DTLS_HELLO_CCM8 | DTLS_HELLO_NULL_COMP));
}

static void fuzz_server_hello(const uint8_t *body, uint16_t len)
{
    struct dtls_server_hello a, b;
    if (dtls_server_hello_parse(body, len, &a) != DTLS_OK)
        return;
    CHECK(fuzz_inside(a.random, DTLS_RANDOM_LEN, body, len));
    CHECK(fuzz_inside(a.session_id, a.session_id_len, body, len) && a.session_id_len <= DTLS_SESSION_ID_MAX);
    uint8_t verdict = dtls_server_hello_check(&a, DTLS_HELLO_SCSV | DTLS_HELLO_EMS);
    CHECK(verdict != DTLS_OK || a.suite == DTLS_PSK_WITH_AES_128_CCM_8);
    a.flags &= DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO;
    uint16_t n = dtls_server_hello_build(out, sizeof out, &a);
    CHECK(n > 0);
    CHECK(dtls_server_hello_parse(out, n, &b) == DTLS_OK);
    CHECK(b.flags == a.flags && b.suite == DTLS_PSK_WITH_AES_128_CCM_8 && b.compression == 0);
    CHECK(memcmp(a.random, b.random, DTLS_RANDOM_LEN) == 0);
    CHECK(a.session_id_len == b.session_id_len && memcmp(a.session_id, b.session_id, a.session_id_len) == 0);
}

static void fuzz_hello_verify(const uint8_t *body, uint16_t len)
{
    struct dtls_hello_verify a, b;
    if (dtls_hello_verify_parse(body, len, &a) != DTLS_OK)
        return;
    CHECK(a.cookie_len >= 1 && a.cookie_len <= DTLS_COOKIE_MAX && 3u + a.cookie_len == len);
    uint16_t n = dtls_hello_verify_build(out, sizeof out, a.cookie, a.cookie_len);
    CHECK(n == len);
    CHECK(dtls_hello_verify_parse(out, n, &b) == DTLS_OK);
    CHECK(b.cookie_len == a.cookie_len && memcmp(a.cookie, b.cookie, a.cookie_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 0x10000)
        return 0;
    /* a copy of exactly the body's size, so ASan sees any read past it */
    uint16_t len = (uint16_t)(size - 1);
    uint8_t *body = malloc(len ? len : 1);
    memcpy(body, data + 1, len);
    uint8_t which = data[0] & 3u;
    if (which == 0 || which == 3)
        fuzz_client_hello(len ? body : NULL, len);
    if (which == 1 || which == 3)
        fuzz_server_hello(len ? body : NULL, len);
    if (which == 2 || which == 3)
        fuzz_hello_verify(len ? body : NULL, len);
    free(body);
    return 0;
}
