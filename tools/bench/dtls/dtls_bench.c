/* dtls_bench.c: DtlsBench, the DTLS handshake figures of the bench, ours
 * beside OpenSSL's (dtls_bench_openssl.c), both as a client and a server in
 * this one process over two UDP sockets on 127.0.0.1:
 *  - dtls.handshake (--list/--run): N full handshakes (cookie exchange, no
 *    resumption), each followed by the client's close_notify, which the
 *    server reads; bench.py takes the best wall-clock time per operation
 *    and the callgrind instruction count of one;
 *  - --figures: the median and 95th percentile of the handshake latency
 *    alone (the client's first ClientHello to its "handshake complete"),
 *    over DTLSB_SAMPLES handshakes each, ours and OpenSSL's interleaved, and
 *    the UDP datagrams and payload bytes of one handshake (both directions,
 *    counted at the client: our BenchTap, OpenSSL's filter BIO); and the
 *    same traffic figures at MTU 60, 80 and 1200 beside GnuTLS's. */
#include "../bench_protocol.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dtls_bench.h"
#include "interfaces/datagram.h"
#include "interfaces/mcu_sleep.h"
#include "interfaces/mtu_control.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/atomic.h"
#include "lib/endpoint.h"
#include "interfaces/traffic_count.h"

#define DTLSB_SAMPLES   201  /* handshakes per side for the median and 95th percentile */
#define DTLSB_WARMUP    5    /* untimed handshakes per side first */
#define DTLSB_LIMIT_MS  2500 /* a handshake on loopback that takes this long has failed */
#define DTLSB_QUIET_MS  2    /* no datagram for this long: the session's last one is in */
#define DTLSB_PEER      "OpenSSL (libssl)"
#define DTLSB_BYTES_AIM 600 /* issue 6: under 600 bytes per full handshake */

static struct {
    unsigned c_up, c_closed, s_closed;
    bool guard_fired, open;
    struct endpoint server;
    unsigned want_up, want_c_closed, want_s_closed;
} dtb;

static void dtb_die(const char *what)
{
    fprintf(stderr, "dtls_bench: ours: %s failed\n", what);
    exit(1);
}

/* ---- our client's and server's users ---------------------------------------- */

void DtlsBench__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf, (void)len;
}

void DtlsBench__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf, (void)len;
}

void DtlsBench__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsBench__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsBench__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dtb.c_up++;
}

void DtlsBench__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer, (void)alert;
    if (reason != SESSION_CLOSED)
        dtb_die("the client's session (it ended by itself)");
    dtb.c_closed++;
}

void DtlsBench__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
}

void DtlsBench__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer, (void)alert;
    if (reason != SESSION_PEER_CLOSED)
        dtb_die("the server's session (it did not end with the client's close_notify)");
    dtb.s_closed++;
}

void DtlsBench__guard__fired(void)
{
    dtb.guard_fired = true;
}

/* ---- our handshake ------------------------------------------------------------ */

/* Run the loop (sleeping in poll()) until done(); false after DTLSB_LIMIT_MS. */
static bool dtb_wait(bool (*done)(void))
{
    dtb.guard_fired = false;
    DtlsBench__guard__start_one_shot(DTLSB_LIMIT_MS);
    while (!done() && !dtb.guard_fired) {
        if (!DtlsBench__loop__run_next()) {
            atomic_t a = atomic_begin();
            DtlsBench__sleep__sleep();
            atomic_end(a);
        }
    }
    DtlsBench__guard__stop();
    return done();
}

static bool dtb_up(void)
{
    return dtb.c_up >= dtb.want_up;
}

static bool dtb_closed(void)
{
    return dtb.c_closed >= dtb.want_c_closed && dtb.s_closed >= dtb.want_s_closed;
}

static uint16_t dtb_free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        dtb_die("finding a free UDP port");
    close(fd);
    return ntohs(sa.sin_port);
}

static void dtb_open(void)
{
    if (dtb.open)
        return;
    static const uint8_t lo[4] = {127, 0, 0, 1};
    struct endpoint local;
    endpoint_set_ip4(&local, lo, 0);
    if (DtlsBench__c__open(&local) != E_OK)
        dtb_die("opening the client's socket");
    endpoint_set_ip4(&dtb.server, lo, dtb_free_port());
    if (DtlsBench__s__open(&dtb.server) != E_OK)
        dtb_die("opening the server's socket");
    dtb.open = true;
}

static bool dtb_quiet(void)
{
    return dtb.guard_fired;
}

/* Run the loop until no datagram crossed our client's socket for
 * DTLSB_QUIET_MS, so that the last session's late ones (the server's
 * answering close_notify) are not counted in the next handshake. */
static void dtb_settle(void)
{
    uint32_t seen;
    do {
        seen = DtlsBench__tap__datagrams();
        dtb.guard_fired = false;
        DtlsBench__guard__start_one_shot(DTLSB_QUIET_MS);
        while (!dtb_quiet() && DtlsBench__tap__datagrams() == seen) {
            if (!DtlsBench__loop__run_next()) {
                atomic_t a = atomic_begin();
                DtlsBench__sleep__sleep();
                atomic_end(a);
            }
        }
        DtlsBench__guard__stop();
    } while (DtlsBench__tap__datagrams() != seen);
}

/* One full handshake between our client and server, then the client's
 * close_notify; *out (may be NULL) gets the handshake's time and traffic.
 * False if it did not complete within DTLSB_LIMIT_MS (the client's attempt
 * is then closed; the server held no state for it or gives it up itself). */
static bool dtb_try_handshake(struct dtlsb_sample *out)
{
    dtb_open();
    if (out)
        dtb_settle(); /* the last session's late datagrams are not this one's */
    dtb.want_up = dtb.c_up + 1;
    dtb.want_c_closed = dtb.c_closed + 1;
    dtb.want_s_closed = dtb.s_closed + 1;
    uint32_t d0 = DtlsBench__tap__datagrams(), b0 = DtlsBench__tap__bytes();
    uint64_t t0 = bench_now_ns();
    if (DtlsBench__c_session__connect(&dtb.server) != E_OK)
        dtb_die("connect()");
    bool up = dtb_wait(dtb_up);
    if (up && out) {
        out->ns = bench_now_ns() - t0;
        out->datagrams = DtlsBench__tap__datagrams() - d0;
        out->bytes = DtlsBench__tap__bytes() - b0;
    }
    if (!up)
        dtb.want_s_closed = dtb.s_closed;
    if (DtlsBench__c_session__close(&dtb.server) != E_OK || !dtb_wait(dtb_closed))
        dtb_die("closing the session");
    return up;
}

static void dtb_handshake(struct dtlsb_sample *out)
{
    if (!dtb_try_handshake(out))
        dtb_die("the handshake");
}

/* ---- the figures --------------------------------------------------------------- */

static uint32_t dtb_run(uint32_t n, int peer)
{
    for (uint32_t i = 0; i < n; i++) {
        if (peer)
            dbo_handshake(NULL);
        else
            dtb_handshake(NULL);
    }
    return n;
}

static int dtb_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (nearest rank) of n sorted values, in microseconds. */
static double dtb_percentile_us(const uint64_t *sorted, size_t n, unsigned p)
{
    size_t rank = (n * p + 99) / 100;
    return (double)sorted[rank ? rank - 1 : 0] / 1000.0;
}

/* The traffic of every handshake must be the same: it is one figure. */
static void dtb_same_traffic(const struct dtlsb_sample *a, const struct dtlsb_sample *b, const char *side)
{
    if (a->datagrams != b->datagrams || a->bytes != b->bytes) {
        fprintf(stderr,
                "dtls_bench: %s: handshakes differ on the wire (%u B in %u datagrams, then %u in %u)\n", side,
                (unsigned)a->bytes, (unsigned)a->datagrams, (unsigned)b->bytes, (unsigned)b->datagrams);
        exit(1);
    }
}

/* An MTU figure: ours beside the peer's; where ours did not complete, the
 * peer's alone under NAME.gnutls; where neither did, none. */
static void dtb_mtu_figure(const char *name, const char *what, bool ours_ok, uint32_t ours, const char *unit,
                           const char *peer, uint32_t peer_value)
{
    char alone[80];
    if (ours_ok) {
        bench_figure(name, what, ours, unit, peer, peer_value, 0);
    } else if (peer) {
        snprintf(alone, sizeof alone, "%s.gnutls", name);
        bench_figure(alone, peer, peer_value, unit, NULL, 0, 0);
    }
}

/* Issue 7: datagrams and bytes of a full handshake at small MTUs, ours
 * (both ends clamped, MtuClamp) beside GnuTLS's (dtls_bench_gnutls.c).
 * gnutls-serv loops at MTU 60 when the cookie exchange is on (its own
 * client's ClientHello fragments get a new HelloVerifyRequest each), so
 * GnuTLS's figure there is without it; ours always has it. */
static void dtb_mtu_figures(void)
{
    static const uint16_t mtus[] = {60, 80, 1200};
    static const bool cookie[] = {false, true, true};
    enum { N = sizeof mtus / sizeof mtus[0] };
    struct dtlsb_sample ours[N], peer[N];
    bool ok[N];
    dbg_measure(mtus, cookie, N, peer, ok);
    bool up[N];
    for (size_t i = 0; i < N; i++) {
        (void)DtlsBench__c_mtu__set(mtus[i]);
        (void)DtlsBench__s_mtu__set(mtus[i]);
        up[i] = dtb_try_handshake(&ours[i]);
        if (!up[i])
            fprintf(stderr, "dtls_bench: ours: no handshake at MTU %u within %u ms\n", mtus[i],
                    DTLSB_LIMIT_MS);
    }
    (void)DtlsBench__c_mtu__set(0);
    (void)DtlsBench__s_mtu__set(0);
    for (size_t i = 0; i < N; i++) {
        char name[64], what[160];
        const char *gnutls = cookie[i] ? "GnuTLS 3.7 (gnutls-serv/cli --noticket)"
                                       : "GnuTLS 3.7 (gnutls-serv/cli --noticket --nocookie)";
        snprintf(name, sizeof name, "dtls.mtu%u.datagrams", mtus[i]);
        snprintf(what, sizeof what,
                 "UDP datagrams of one full handshake at MTU %u (payload), both directions", mtus[i]);
        dtb_mtu_figure(name, what, up[i], ours[i].datagrams, "datagrams", ok[i] ? gnutls : NULL,
                       peer[i].datagrams);
        snprintf(name, sizeof name, "dtls.mtu%u.bytes", mtus[i]);
        snprintf(what, sizeof what, "UDP payload bytes of one full handshake at MTU %u, both directions",
                 mtus[i]);
        dtb_mtu_figure(name, what, up[i], ours[i].bytes, "B", ok[i] ? gnutls : NULL, peer[i].bytes);
    }
}

static void dtb_figures(void)
{
    static uint64_t ns[2][DTLSB_SAMPLES];
    struct dtlsb_sample first[2], s;
    for (int i = 0; i < DTLSB_WARMUP; i++) {
        dtb_handshake(NULL);
        dbo_handshake(NULL);
    }
    for (int i = 0; i < DTLSB_SAMPLES; i++) {
        dtb_handshake(&s);
        ns[0][i] = s.ns;
        if (i == 0)
            first[0] = s;
        dtb_same_traffic(&first[0], &s, "ours");
        dbo_handshake(&s);
        ns[1][i] = s.ns;
        if (i == 0)
            first[1] = s;
        dtb_same_traffic(&first[1], &s, "OpenSSL");
    }
    qsort(ns[0], DTLSB_SAMPLES, sizeof ns[0][0], dtb_cmp);
    qsort(ns[1], DTLSB_SAMPLES, sizeof ns[1][0], dtb_cmp);
    bench_figure("dtls.handshake.latency_median",
                 "full handshake latency, median of 201 (UDP on 127.0.0.1, client and server in one process)",
                 dtb_percentile_us(ns[0], DTLSB_SAMPLES, 50), "us", DTLSB_PEER,
                 dtb_percentile_us(ns[1], DTLSB_SAMPLES, 50), 0);
    bench_figure("dtls.handshake.latency_p95", "full handshake latency, 95th percentile of 201 (as above)",
                 dtb_percentile_us(ns[0], DTLSB_SAMPLES, 95), "us", DTLSB_PEER,
                 dtb_percentile_us(ns[1], DTLSB_SAMPLES, 95), 0);
    bench_figure("dtls.handshake.bytes", "UDP payload bytes of one full handshake, both directions (no hint)",
                 first[0].bytes, "B", DTLSB_PEER, first[1].bytes, DTLSB_BYTES_AIM);
    bench_figure("dtls.handshake.datagrams", "UDP datagrams of one full handshake, both directions",
                 first[0].datagrams, "datagrams", DTLSB_PEER, first[1].datagrams, 0);
    dtb_mtu_figures();
}

static const struct bench_case dtb_cases[] = {
    {.name = "dtls.handshake",
     .what = "full handshake (cookie exchange) + close_notify, UDP on 127.0.0.1, one process",
     .peer = DTLSB_PEER,
     .iterations = 200,
     .run = dtb_run},
};

int main(int argc, char **argv)
{
    static const struct bench_program program = {
        "dtls_bench",
        "Times DTLS 1.2 PSK-AES128-CCM8 handshakes and counts their traffic beside OpenSSL",
        dtb_cases,
        sizeof dtb_cases / sizeof dtb_cases[0],
        0,
        dtb_figures};
    wire_init();
    return bench_main(&program, argc, argv);
}
