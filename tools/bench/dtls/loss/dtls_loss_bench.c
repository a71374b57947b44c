/* dtls_loss_bench.c: DtlsLossBench, the handshake time of our client and
 * server on a lossy link (issue 7): both FakeLink nodes lose the given share
 * of the datagrams they send (each way), with a new seed for every run; time
 * is FakeAlarm's, so each run's time is exact (the retransmission timeouts
 * it waited through; no loss takes 0 ms) and the figures do not depend on
 * the machine. For 10% and 30% loss, DLB_RUNS runs each: the median, 95th
 * percentile and mean handshake time of the runs that completed, and how many
 * completed (a run gives up as the timer schedule says: retx_limit
 * retransmissions or handshake_timeout_ms). Between runs the link is made
 * lossless so that the session ends cleanly on both sides. */
#include "../../bench_protocol.h"

#include "interfaces/datagram.h"
#include "interfaces/session.h"
#include "interfaces/task_loop.h"
#include "interfaces/timer.h"
#include "lib/endpoint.h"
#include "lib/time_ms.h"

#define DLB_RUNS      1000   /* runs (seeds) per loss rate */
#define DLB_LIMIT_MS  120000 /* longer than any handshake can last (handshake_timeout_ms) */
#define DLB_SEED_BASE 7919u

static struct {
    unsigned c_up, c_closed, s_closed;
    unsigned ended_after_up; /* sessions that ended by themselves right after their handshake */
    uint8_t ended_reason;    /* the last one's closed() reason */
    uint8_t c_reason;
    struct endpoint c_ep, s_ep;
} dlb;

void DtlsLossBench__clock__fired(void) {}

void DtlsLossBench__c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf, (void)len;
}

void DtlsLossBench__s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from, (void)buf, (void)len;
}

void DtlsLossBench__c__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsLossBench__s__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
}

void DtlsLossBench__c_session__connected(const struct endpoint *peer)
{
    (void)peer;
    dlb.c_up++;
}

void DtlsLossBench__c_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer, (void)alert;
    dlb.c_closed++;
    dlb.c_reason = reason;
}

void DtlsLossBench__s_session__connected(const struct endpoint *peer)
{
    (void)peer;
}

void DtlsLossBench__s_session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer, (void)reason, (void)alert;
    dlb.s_closed++;
}

static void dlb_die(const char *what)
{
    fprintf(stderr, "dtls_loss_bench: %s\n", what);
    exit(1);
}

/* Run tasks and move the fake clock until done() or DLB_LIMIT_MS passed. */
static bool dlb_run_until(bool (*done)(void))
{
    time_ms_t t0 = DtlsLossBench__clock__now();
    for (;;) {
        (void)DtlsLossBench__loop__run_until_idle();
        if (done())
            return true;
        time_ms_t now = DtlsLossBench__clock__now();
        if (time_reached(now, t0, DLB_LIMIT_MS))
            return false;
        (void)DtlsLossBench__time__step(DLB_LIMIT_MS - time_elapsed(now, t0));
    }
}

static unsigned dlb_want_up, dlb_want_c_closed, dlb_want_s_closed;

static bool dlb_handshake_over(void)
{
    return dlb.c_up >= dlb_want_up || dlb.c_closed >= dlb_want_c_closed;
}

static bool dlb_both_closed(void)
{
    return dlb.c_closed >= dlb_want_c_closed && dlb.s_closed >= dlb_want_s_closed;
}

static bool dlb_both_closed_c(void)
{
    return dlb.c_closed >= dlb_want_c_closed;
}

/* End what is left of the run on both sides, on a lossless link: the
 * client's session with close_notify, then anything the server still holds
 * (a handshake the client gave up, or a session whose end it missed). */
static void dlb_end_both(void)
{
    if (dlb.c_closed < dlb_want_c_closed) {
        if (DtlsLossBench__c_session__close(&dlb.s_ep) != E_OK || !dlb_run_until(dlb_both_closed_c))
            dlb_die("the client's session did not end");
    } else if (dlb.c_up >= dlb_want_up) {
        dlb.ended_after_up++; /* it ended by itself after its handshake completed */
        dlb.ended_reason = dlb.c_reason;
    }
    if (dlb.s_closed < dlb_want_s_closed && DtlsLossBench__s_session__close(&dlb.c_ep) == E_OK &&
        !dlb_run_until(dlb_both_closed))
        dlb_die("the server's session did not end");
}

/* One handshake at loss per mille each way: its time in ms, or -1 if it gave up. */
static long dlb_one(uint16_t loss, uint32_t seed)
{
    DtlsLossBench__ctl_c__configure(loss, 0, 0, seed);
    DtlsLossBench__ctl_s__configure(loss, 0, 0, seed ^ 0x5bd1e995u);
    dlb_want_up = dlb.c_up + 1;
    dlb_want_c_closed = dlb.c_closed + 1;
    dlb_want_s_closed = dlb.s_closed + 1;
    time_ms_t t0 = DtlsLossBench__clock__now();
    if (DtlsLossBench__c_session__connect(&dlb.s_ep) != E_OK)
        dlb_die("connect() refused");
    if (!dlb_run_until(dlb_handshake_over))
        dlb_die("a handshake neither completed nor gave up");
    bool up = dlb.c_up >= dlb_want_up;
    long ms = up ? (long)time_elapsed(DtlsLossBench__clock__now(), t0) : -1;
    DtlsLossBench__ctl_c__configure(0, 0, 0, seed);
    DtlsLossBench__ctl_s__configure(0, 0, 0, seed);
    dlb_end_both();
    return ms;
}

static int dlb_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static void dlb_cell(uint16_t loss)
{
    static long ms[DLB_RUNS];
    size_t n = 0;
    for (uint32_t i = 0; i < DLB_RUNS; i++) {
        long t = dlb_one(loss, DLB_SEED_BASE + i * 104729u);
        if (t >= 0)
            ms[n++] = t;
    }
    if (n == 0)
        dlb_die("no handshake completed");
    if (dlb.ended_after_up)
        fprintf(stderr,
                "dtls_loss_bench: at %u per mille loss, %u sessions ended by themselves (reason %u) "
                "right after their handshake completed\n",
                loss, dlb.ended_after_up, dlb.ended_reason);
    qsort(ms, n, sizeof ms[0], dlb_cmp);
    char name[64], what[160];
    unsigned pct = loss / 10u;
    snprintf(name, sizeof name, "dtls.loss%u.handshake_median", pct);
    snprintf(what, sizeof what,
             "handshake time at %u%% loss each way, median of the completed of %u runs (fake clock)", pct,
             DLB_RUNS);
    bench_figure(name, what, (double)ms[(n + 1) / 2 - 1], "ms", NULL, 0, 0);
    snprintf(name, sizeof name, "dtls.loss%u.handshake_p95", pct);
    snprintf(what, sizeof what, "handshake time at %u%% loss each way, 95th percentile (as above)", pct);
    bench_figure(name, what, (double)ms[(n * 95 + 99) / 100 - 1], "ms", NULL, 0, 0);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)ms[i];
    snprintf(name, sizeof name, "dtls.loss%u.handshake_mean", pct);
    snprintf(what, sizeof what, "handshake time at %u%% loss each way, mean (as above)", pct);
    bench_figure(name, what, sum / (double)n, "ms", NULL, 0, 0);
    snprintf(name, sizeof name, "dtls.loss%u.completed", pct);
    snprintf(what, sizeof what, "handshakes completed at %u%% loss each way, of %u runs", pct, DLB_RUNS);
    bench_figure(name, what, (double)n, "runs", NULL, 0, 0);
    snprintf(name, sizeof name, "dtls.loss%u.ended_after_handshake", pct);
    snprintf(what, sizeof what, "of those, sessions that ended by themselves right after (should be 0)");
    bench_figure(name, what, (double)dlb.ended_after_up, "runs", NULL, 0, 0);
    dlb.ended_after_up = 0;
}

static void dlb_figures(void)
{
    if (!endpoint_parse("[::1]:41001", 0, &dlb.c_ep) || !endpoint_parse("[::1]:41002", 0, &dlb.s_ep))
        dlb_die("endpoints");
    if (DtlsLossBench__c__open(&dlb.c_ep) != E_OK || DtlsLossBench__s__open(&dlb.s_ep) != E_OK)
        dlb_die("open() refused");
    dlb_cell(100);
    dlb_cell(300);
}

int main(int argc, char **argv)
{
    static const struct bench_program program = {
        "dtls_loss_bench", "Handshake time on a lossy link, on fake time", NULL, 0, 0, dlb_figures};
    wire_init();
    return bench_main(&program, argc, argv);
}
