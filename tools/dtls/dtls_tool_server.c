/* dtls_tool_server.c: dtls-server (DtlsTool with role 2): an echo server.
 * Every application record is copied into a queue and sent back to its
 * sender, one send at a time (the Dtls instance has one buffer); a send
 * the Dtls refuses as busy (its own flight is going out) is retried 5 ms
 * later. A full queue drops the record, as a datagram service may, and
 * logs it. Sessions come and go by themselves; with --exit-after N the
 * server exits 0 once N sessions have ended with close_notify (sent by
 * either side). */
#if DtlsTool__role == 2
#include <string.h>

#include "interfaces/datagram.h"
#include "interfaces/fd_watch.h"
#include "interfaces/log.h"
#include "interfaces/log_level.h"
#include "interfaces/session.h"
#include "tools/dtls/dtls_tool.h"

enum { DTLSTOOL_ECHO_SLOTS = 32, DTLSTOOL_ECHO_MAX = 2048, DTLSTOOL_RETRY_MS = 5 };

struct dtlstool_echo {
    struct endpoint to;
    uint16_t len;
    uint8_t data[DTLSTOOL_ECHO_MAX];
};

static struct {
    struct dtlstool_echo q[DTLSTOOL_ECHO_SLOTS];
    uint16_t head, count; /* the queue; q[head] is being sent while sending */
    bool sending;
    uint32_t exit_after, ended;
} dtlstool_srv;

static void dtlstool_server_next(void)
{
    if (dtlstool_srv.sending || dtlstool_srv.count == 0)
        return;
    struct dtlstool_echo *e = &dtlstool_srv.q[dtlstool_srv.head];
    err_t r = DtlsTool__net__send(&e->to, e->data, e->len);
    if (r == E_OK) {
        dtlstool_srv.sending = true;
        return;
    }
    if (r == E_BUSY) {
        DtlsTool__timer__start_one_shot(DTLSTOOL_RETRY_MS);
        return;
    }
    dtlstool_trace("echo not sent (session gone, or larger than --mtu allows) to", &e->to);
    dtlstool_srv.head = (uint16_t)((dtlstool_srv.head + 1u) % DTLSTOOL_ECHO_SLOTS);
    dtlstool_srv.count--;
    dtlstool_server_next();
}

void DtlsTool__net__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    if (dtlstool_srv.count == DTLSTOOL_ECHO_SLOTS || len > DTLSTOOL_ECHO_MAX) {
        dtlstool_trace("echo queue full: record dropped from", from);
        return;
    }
    struct dtlstool_echo *e = &dtlstool_srv.q[(dtlstool_srv.head + dtlstool_srv.count) % DTLSTOOL_ECHO_SLOTS];
    e->to = *from;
    e->len = len;
    memcpy(e->data, buf, len);
    dtlstool_srv.count++;
    dtlstool_server_next();
}

void DtlsTool__net__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    struct dtlstool_echo *e = &dtlstool_srv.q[dtlstool_srv.head];
    if (result != E_OK)
        dtlstool_trace("echo failed to", &e->to);
    dtlstool_srv.sending = false;
    dtlstool_srv.head = (uint16_t)((dtlstool_srv.head + 1u) % DTLSTOOL_ECHO_SLOTS);
    dtlstool_srv.count--;
    dtlstool_server_next();
}

void DtlsTool__timer__fired(void)
{
    dtlstool_server_next();
}

void DtlsTool__session__connected(const struct endpoint *peer)
{
    dtlstool_trace("session established with", peer);
}

static void dtlstool_server_log_closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    static const char *const why[] = {"closed by us",         "closed by the peer",
                                      "handshake timeout",    "idle",
                                      "fatal alert received", "fatal alert sent",
                                      "no resources",         "no key for the identity",
                                      "link failed",          "the client restarted its handshake"};
    char text[ENDPOINT_TEXT_MAX];
    if (!DtlsTool__log__begin(LOG_INFO, DTLSTOOL_NAME))
        return;
    DtlsTool__log__str("session ended with ");
    DtlsTool__log__str(dtlstool_peer_text(peer, text, sizeof text));
    DtlsTool__log__str(": ");
    DtlsTool__log__str(reason < sizeof why / sizeof why[0] ? why[reason] : "?");
    if (alert != SESSION_NO_ALERT) {
        DtlsTool__log__str(" (");
        DtlsTool__log__str(dtlstool_alert_name(alert));
        DtlsTool__log__str(")");
    }
    DtlsTool__log__end();
}

void DtlsTool__session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    dtlstool_server_log_closed(peer, reason, alert);
    if (DtlsTool__verbosity__get() >= LOG_INFO)
        dtlstool_print_stats();
    if (reason == SESSION_CLOSED || reason == SESSION_PEER_CLOSED)
        dtlstool_srv.ended++;
    if (dtlstool_srv.exit_after && dtlstool_srv.ended >= dtlstool_srv.exit_after)
        dtlstool_finish(DTLSTOOL_EXIT_OK);
}

void DtlsTool__fds__ready(int fd, uint8_t mask)
{
    (void)fd, (void)mask; /* the server reads no descriptor of its own */
}

static void dtlstool_start(const struct dtlstool_options *o)
{
    char text[ENDPOINT_TEXT_MAX];
    dtlstool_srv.exit_after = o->exit_after;
    if (DtlsTool__net__open(&o->addr) != E_OK) {
        dtlstool_error("cannot listen on %s", dtlstool_peer_text(&o->addr, text, sizeof text));
        dtlstool_finish(DTLSTOOL_EXIT_IO);
        return;
    }
    dtlstool_trace("listening on", &o->addr);
}
#endif
