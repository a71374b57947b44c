/* dtls_fuzz.c: DtlsFuzz, libFuzzer's entry into a whole Dtls instance
 * (a server, or a client connecting to x) over FakeLink on fake time. The
 * input is a script of operations by the peer node x:
 *
 *   0 len(2, big-endian) bytes   a datagram from x (at most 1200 bytes)
 *   1 n                          the clock moves n * 100 ms (timeouts,
 *                                retransmissions, cookie rotation)
 *   2 b                          x completes its flight with the real keys
 *                                (dtls_fuzz_peer.c): ClientKeyExchange,
 *                                ChangeCipherSpec and Finished as a client,
 *                                ChangeCipherSpec and Finished as a server;
 *                                if b is odd, the Finished is wrong
 *   3 type len(1) bytes          a record of that type under x's epoch-1 keys
 *
 * (the operation is the byte modulo 4). Cookie echo, so that a mutated
 * ClientHello still gets past the stateless cookie: a datagram that starts
 * with a ClientHello carrying a 16-byte cookie is sent, and if the server
 * answers with a HelloVerifyRequest, sent again with that cookie in place.
 *
 * Before each input the instance has no peer (a client then connects to
 * x); after it, x's session is closed and both pools must be empty again.
 * The instance may signal connected() only after x sent a true Finished
 * (operation 2 with b even: nothing else can forge one), and deliver data only on a
 * session. Anything else aborts, as do ASan and UBSan findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interfaces/session.h"

#define DFZ_DTLS  "[::1]:5684"
#define DFZ_X     "[::1]:40009"
#define DFZ_DGRAM 1200

#define DFZ_CHECK(c)                                                                                         \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "dtls_fuzz: %s:%d: %s\n", __FILE__, __LINE__, #c);                               \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

static struct {
    struct endpoint peer_ep, x_ep;
    bool client;   /* the instance is a client (connect() is not E_INVAL) */
    bool finished; /* x sent its true Finished in this input */
    bool connected;
    uint8_t out[DFZ_DGRAM + 64];
} dfz_run;

void DtlsFuzz__clock__fired(void) {}

static void dfz_settle(time_ms_t dt)
{
    time_ms_t end = DtlsFuzz__clock__now() + dt;
    for (;;) {
        (void)DtlsFuzz__loop__run_until_idle();
        if (!DtlsFuzz__time__step(end - DtlsFuzz__clock__now()))
            break;
    }
    (void)DtlsFuzz__loop__run_until_idle();
}

/* ---- the instance's events ------------------------------------------------------- */

void DtlsFuzz__dtls__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)buf, (void)len;
    DFZ_CHECK(dfz_run.connected && endpoint_equal(from, &dfz_run.x_ep));
}

void DtlsFuzz__dtls__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsFuzz__session__connected(const struct endpoint *peer)
{
    DFZ_CHECK(endpoint_equal(peer, &dfz_run.x_ep));
    DFZ_CHECK(dfz_run.finished);
    dfz_run.connected = true;
}

void DtlsFuzz__session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    DFZ_CHECK(endpoint_equal(peer, &dfz_run.x_ep));
    DFZ_CHECK(reason <= SESSION_RESTARTED);
    (void)alert;
}

/* ---- x's node ---------------------------------------------------------------------- */

void DtlsFuzz__x__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    DFZ_CHECK(endpoint_equal(from, &dfz_run.peer_ep));
    dfz_watch(buf, len, false);
}

void DtlsFuzz__x__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

static void dfz_send(uint16_t len)
{
    if (!len)
        return;
    DFZ_CHECK(DtlsFuzz__x__send(&dfz_run.peer_ep, dfz_run.out, len) == E_OK);
    dfz_settle(0);
}

/* The offset of the cookie of a ClientHello that starts the datagram, if
 * it is 16 bytes long and lies inside the first record; else 0. */
static uint16_t dfz_cookie_at(const uint8_t *d, uint16_t len)
{
    if (len < 25 + 35 || d[0] != DTLS_CT_HANDSHAKE || d[3] != 0 || d[4] != 0 || d[13] != DTLS_HT_CLIENT_HELLO)
        return 0;
    uint16_t rec_end = (uint16_t)(13u + dtls_get_u16(d + 11));
    uint16_t at = (uint16_t)(25u + 2u + DTLS_RANDOM_LEN);
    at = (uint16_t)(at + 1u + d[at]); /* past the session id */
    if ((uint32_t)at + 1u + DFZ_COOKIE_LEN > rec_end || rec_end > len || d[at] != DFZ_COOKIE_LEN)
        return 0;
    return (uint16_t)(at + 1u);
}

/* Operation 0: a datagram from x, with the cookie echo. */
static void dfz_datagram(const uint8_t *in, uint16_t len)
{
    memcpy(dfz_run.out, in, len);
    uint16_t cookie = dfz_run.client ? 0 : dfz_cookie_at(dfz_run.out, len);
    dfz.cookie_fresh = false;
    dfz_watch(dfz_run.out, len, true);
    dfz_send(len);
    if (cookie && dfz.cookie_fresh) {
        memcpy(dfz_run.out + cookie, dfz.cookie, DFZ_COOKIE_LEN);
        dfz_watch(dfz_run.out, len, true);
        dfz_send(len);
    }
}

/* Operation 3: a record under x's epoch-1 keys (zero keys before any). */
static void dfz_sealed(uint8_t type, const uint8_t *in, uint8_t len)
{
    uint16_t at = 0;
    dfz_put_record(dfz_run.out, sizeof dfz_run.out, &at, type, 1, in, len);
    dfz_watch(dfz_run.out, at, true);
    dfz_send(at);
}

/* ---- one input ---------------------------------------------------------------------- */

static void dfz_boot(void)
{
    wire_init();
    DFZ_CHECK(endpoint_parse(DFZ_DTLS, 0, &dfz_run.peer_ep));
    DFZ_CHECK(endpoint_parse(DFZ_X, 0, &dfz_run.x_ep));
    dsx_psk_state.identity = DSX_IDENTITY;
    DFZ_CHECK(DtlsFuzz__dtls__open(&dfz_run.peer_ep) == E_OK);
    DFZ_CHECK(DtlsFuzz__x__open(&dfz_run.x_ep) == E_OK);
    dfz_run.client = DtlsFuzz__session__connect(&dfz_run.x_ep) != E_INVAL;
    (void)DtlsFuzz__session__close(&dfz_run.x_ep);
    dfz_settle(0);
}

static void dfz_begin(void)
{
    dfz_run.finished = false;
    dfz_run.connected = false;
    dfz_peer_reset(!dfz_run.client);
    if (dfz_run.client) {
        DFZ_CHECK(DtlsFuzz__session__connect(&dfz_run.x_ep) == E_OK);
        dfz_settle(0);
    }
}

static void dfz_end(void)
{
    (void)DtlsFuzz__session__close(&dfz_run.x_ep);
    dfz_settle(0);
    struct pool_stats st, hs;
    DtlsFuzz__pool__stats(&st);
    DtlsFuzz__hs_pool__stats(&hs);
    DFZ_CHECK(st.in_use == 0 && hs.in_use == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static bool booted;
    if (!booted) {
        dfz_boot();
        booted = true;
    }
    dfz_begin();
    size_t i = 0;
    while (i < size) {
        uint8_t op = in[i++] & 3u;
        if (op == 0 && i + 2 <= size) {
            size_t n = dtls_get_u16(in + i);
            i += 2;
            n = n > size - i ? size - i : n;
            n = n > DFZ_DGRAM ? DFZ_DGRAM : n;
            dfz_datagram(in + i, (uint16_t)n);
            i += n;
        } else if (op == 1 && i < size) {
            dfz_settle((time_ms_t)in[i++] * 100u);
        } else if (op == 2 && i < size) {
            bool bad = (in[i++] & 1u) != 0;
            uint16_t n = dfz_finish_flight(dfz_run.out, sizeof dfz_run.out, bad);
            dfz_run.finished |= dfz.keyed && !bad;
            dfz_send(n);
        } else if (op == 3 && i + 2 <= size) {
            uint8_t type = in[i], n = in[i + 1];
            i += 2;
            n = n > size - i ? (uint8_t)(size - i) : n;
            dfz_sealed(type, in + i, n);
            i += n;
        } else {
            break;
        }
    }
    dfz_end();
    return 0;
}
