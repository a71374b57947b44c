/* dtls_tool_client.c: dtls-client (DtlsTool with role 1). It connects,
 * then sends each stdin line (with its newline; a last line without one
 * as it is) as one record, one send at a time, and writes every record
 * from the server to stdout, adding a newline if it has none. When stdin
 * has ended and the last line is sent it drains: it closes once every
 * line has had at least one record back and nothing arrived for
 * DTLSTOOL_QUIET_MS, or --wait seconds after stdin ended, whichever comes
 * first. Then close_notify, and exit 0 once the Dtls reports the session
 * closed. Any other end of the session is an error with its own exit code
 * (dtls_tool.h); so is a handshake not done within --timeout. */
#if DtlsTool__role == 1
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "interfaces/datagram.h"
#include "interfaces/fd_watch.h"
#include "interfaces/session.h"
#include "interfaces/timer.h"
#include "tools/dtls/dtls_tool.h"

enum { DTLSTOOL_IN_MAX = 4096, DTLSTOOL_QUIET_MS = 200, DTLSTOOL_TICK_MS = 20, DTLSTOOL_RETRY_MS = 5 };
enum { DTLSTOOL_CONNECTING, DTLSTOOL_OPEN, DTLSTOOL_DRAINING, DTLSTOOL_CLOSING, DTLSTOOL_GONE };

static struct {
    struct endpoint peer;
    uint8_t phase;
    bool eof, watching, sending;
    uint16_t max_record;
    uint32_t wait_ms;
    uint32_t sent, received, line;
    time_ms_t eof_at, last_activity;
    size_t in_len;
    char in[DTLSTOOL_IN_MAX];
    uint8_t out[DTLSTOOL_IN_MAX]; /* the record being sent */
} dtlstool_cli;

/* An error: say so, end an established session with close_notify (best
 * effort: the process exits after this task), and exit with status. */
static void dtlstool_client_fail(int status, const char *what)
{
    char text[ENDPOINT_TEXT_MAX];
    dtlstool_error("%s: %s", dtlstool_peer_text(&dtlstool_cli.peer, text, sizeof text), what);
    if (dtlstool_cli.phase == DTLSTOOL_OPEN || dtlstool_cli.phase == DTLSTOOL_DRAINING) {
        dtlstool_cli.phase = DTLSTOOL_CLOSING;
        (void)DtlsTool__session__close(&dtlstool_cli.peer);
    }
    dtlstool_finish(status);
}

/* ---- stdin -> records ---------------------------------------------------- */

static void dtlstool_client_watch(bool on)
{
    if (on == dtlstool_cli.watching)
        return;
    dtlstool_cli.watching = on;
    if (on)
        (void)DtlsTool__fds__watch(STDIN_FILENO, FD_READABLE);
    else
        DtlsTool__fds__unwatch(STDIN_FILENO);
}

/* Length of the next line to send (newline included), or 0 if none is complete. */
static size_t dtlstool_client_line_len(void)
{
    const char *nl = memchr(dtlstool_cli.in, '\n', dtlstool_cli.in_len);
    if (nl)
        return (size_t)(nl - dtlstool_cli.in) + 1u;
    return dtlstool_cli.eof ? dtlstool_cli.in_len : 0;
}

static void dtlstool_client_drain(void)
{
    dtlstool_cli.phase = DTLSTOOL_DRAINING;
    dtlstool_cli.eof_at = DtlsTool__timer__now();
    DtlsTool__timer__start_periodic(DTLSTOOL_TICK_MS);
}

/* Send the next complete line if nothing is in flight; watch stdin when more input is needed. */
static void dtlstool_client_pump(void)
{
    size_t n = dtlstool_client_line_len();
    if (!dtlstool_cli.sending && n) {
        if (n > dtlstool_cli.max_record) {
            char why[96];
            snprintf(why, sizeof why, "stdin line %lu is longer than a record can carry (%u bytes)",
                     (unsigned long)dtlstool_cli.line + 1u, (unsigned)dtlstool_cli.max_record);
            dtlstool_client_fail(DTLSTOOL_EXIT_IO, why);
            return;
        }
        memcpy(dtlstool_cli.out, dtlstool_cli.in, n);
        err_t e = DtlsTool__net__send(&dtlstool_cli.peer, dtlstool_cli.out, (uint16_t)n);
        if (e == E_BUSY) {
            DtlsTool__timer__start_one_shot(DTLSTOOL_RETRY_MS);
        } else if (e != E_OK) {
            dtlstool_client_fail(DTLSTOOL_EXIT_IO, "cannot send a record");
            return;
        } else {
            dtlstool_cli.sending = true;
            dtlstool_cli.sent++;
            dtlstool_cli.line++;
            memmove(dtlstool_cli.in, dtlstool_cli.in + n, dtlstool_cli.in_len - n);
            dtlstool_cli.in_len -= n;
        }
    }
    if (!dtlstool_cli.sending && dtlstool_cli.eof && dtlstool_cli.in_len == 0 &&
        dtlstool_cli.phase == DTLSTOOL_OPEN)
        dtlstool_client_drain();
    dtlstool_client_watch(dtlstool_cli.phase == DTLSTOOL_OPEN && !dtlstool_cli.eof &&
                          dtlstool_client_line_len() == 0);
}

void DtlsTool__fds__ready(int fd, uint8_t mask)
{
    (void)mask;
    if (fd != STDIN_FILENO || dtlstool_cli.eof)
        return;
    if (dtlstool_cli.in_len == sizeof dtlstool_cli.in) { /* no newline in a full buffer */
        char why[80];
        snprintf(why, sizeof why, "stdin line %lu is longer than %u bytes",
                 (unsigned long)dtlstool_cli.line + 1u, (unsigned)DTLSTOOL_IN_MAX);
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, why);
        return;
    }
    ssize_t r = read(STDIN_FILENO, dtlstool_cli.in + dtlstool_cli.in_len,
                     sizeof dtlstool_cli.in - dtlstool_cli.in_len);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (r < 0) {
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, strerror(errno));
        return;
    }
    if (r == 0)
        dtlstool_cli.eof = true;
    dtlstool_cli.in_len += (size_t)r;
    dtlstool_client_pump();
}

void DtlsTool__net__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    dtlstool_cli.sending = false;
    dtlstool_cli.last_activity = DtlsTool__timer__now();
    if (result != E_OK) {
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, "a record could not be sent");
        return;
    }
    dtlstool_client_pump();
}

/* ---- records -> stdout ------------------------------------------------------ */

void DtlsTool__net__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    if (!endpoint_equal(from, &dtlstool_cli.peer))
        return;
    dtlstool_cli.received++;
    dtlstool_cli.last_activity = DtlsTool__timer__now();
    bool ok = fwrite(buf, 1, len, stdout) == len;
    if (ok && (len == 0 || buf[len - 1] != '\n'))
        ok = fputc('\n', stdout) != EOF;
    if (!ok || fflush(stdout) != 0)
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, "cannot write to stdout");
}

/* ---- the session ---------------------------------------------------------------- */

static void dtlstool_client_close(void)
{
    DtlsTool__timer__stop();
    dtlstool_cli.phase = DTLSTOOL_CLOSING;
    dtlstool_trace("sending close_notify to", &dtlstool_cli.peer);
    if (DtlsTool__session__close(&dtlstool_cli.peer) != E_OK)
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, "the session was already gone");
}

void DtlsTool__timer__fired(void)
{
    time_ms_t now = DtlsTool__timer__now();
    switch (dtlstool_cli.phase) {
    case DTLSTOOL_CONNECTING:
        dtlstool_client_fail(DTLSTOOL_EXIT_TIMEOUT,
                             "handshake timeout: no session within --timeout (no answer, or a wrong key)");
        break;
    case DTLSTOOL_OPEN:
        dtlstool_client_pump(); /* the retry of a busy send */
        break;
    case DTLSTOOL_DRAINING:
        if ((dtlstool_cli.received >= dtlstool_cli.sent &&
             now - dtlstool_cli.last_activity >= DTLSTOOL_QUIET_MS) ||
            now - dtlstool_cli.eof_at >= dtlstool_cli.wait_ms)
            dtlstool_client_close();
        break;
    default:
        break;
    }
}

void DtlsTool__session__connected(const struct endpoint *peer)
{
    if (!endpoint_equal(peer, &dtlstool_cli.peer))
        return;
    DtlsTool__timer__stop();
    dtlstool_trace("session established with", peer);
    dtlstool_cli.phase = DTLSTOOL_OPEN;
    dtlstool_cli.max_record = DtlsTool__net__mtu();
    dtlstool_cli.last_activity = DtlsTool__timer__now();
    dtlstool_client_pump();
}

static void dtlstool_client_alert(uint8_t alert)
{
    char why[96];
    if (alert == 115) {
        dtlstool_client_fail(DTLSTOOL_EXIT_UNKNOWN_IDENTITY,
                             "the server does not know our identity (alert unknown_psk_identity)");
        return;
    }
    snprintf(why, sizeof why, "fatal alert received: %s (%u)", dtlstool_alert_name(alert), (unsigned)alert);
    dtlstool_client_fail(DTLSTOOL_EXIT_ALERT, why);
}

void DtlsTool__session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    char why[96];
    if (!endpoint_equal(peer, &dtlstool_cli.peer))
        return;
    uint8_t phase = dtlstool_cli.phase;
    dtlstool_cli.phase = DTLSTOOL_GONE;
    switch (reason) {
    case SESSION_CLOSED:
        dtlstool_trace("session closed with", peer);
        dtlstool_finish(phase == DTLSTOOL_CLOSING ? DTLSTOOL_EXIT_OK : DTLSTOOL_EXIT_IO);
        break;
    case SESSION_PEER_CLOSED:
        dtlstool_client_fail(DTLSTOOL_EXIT_PEER_CLOSED, "the server closed the session (close_notify)");
        break;
    case SESSION_TIMEOUT:
        dtlstool_client_fail(DTLSTOOL_EXIT_TIMEOUT, "handshake timeout (no answer, or a wrong key)");
        break;
    case SESSION_ALERT_RECEIVED:
        dtlstool_client_alert(alert);
        break;
    case SESSION_ALERT_SENT:
        snprintf(why, sizeof why, "handshake failed: we sent the fatal alert %s (%u)",
                 dtlstool_alert_name(alert), (unsigned)alert);
        dtlstool_client_fail(DTLSTOOL_EXIT_HANDSHAKE_FAILED, why);
        break;
    case SESSION_NO_PSK:
        dtlstool_client_fail(DTLSTOOL_EXIT_USAGE, "no PSK identity for this server");
        break;
    case SESSION_NO_RESOURCES:
        dtlstool_client_fail(DTLSTOOL_EXIT_HANDSHAKE_FAILED, "out of resources");
        break;
    default:
        dtlstool_client_fail(DTLSTOOL_EXIT_IO,
                             reason == SESSION_IDLE ? "the session idled out" : "the link failed");
        break;
    }
}

/* ---- start ------------------------------------------------------------------------ */

static void dtlstool_start(const struct dtlstool_options *o)
{
    static const uint8_t any6[16] = {0};
    static const uint8_t any4[4] = {0};
    struct endpoint local;
    if (endpoint_is_v4mapped(&o->addr))
        endpoint_set_ip4(&local, any4, 0);
    else
        endpoint_set_ip6(&local, any6, 0);
    dtlstool_cli.peer = o->addr;
    dtlstool_cli.wait_ms = o->wait_ms;
    if (DtlsTool__net__open(&local) != E_OK) {
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, "cannot open a UDP socket");
        return;
    }
    dtlstool_trace("connecting to", &o->addr);
    err_t e = DtlsTool__session__connect(&dtlstool_cli.peer);
    if (e != E_OK) {
        dtlstool_client_fail(DTLSTOOL_EXIT_IO, "cannot start the handshake");
        return;
    }
    DtlsTool__timer__start_one_shot(o->timeout_ms);
}
#endif
