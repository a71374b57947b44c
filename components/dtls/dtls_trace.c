/* dtls_trace.c: the Dtls component's handshake trace on its Log (what
 * the tools print with -v): handshake fragments sent and received,
 * retransmissions, alerts by name, sessions up and down. Each line is
 * built only if Log.begin() accepts its level, so with the default NoLog
 * the compiler drops the names and the formatting altogether.
 *
 * Listed before dtls.c in dtls.comp: the unity build includes sources in
 * that order, and dtls.c calls these. */
#include "dtls/dtls_wire.h"
#include "interfaces/log.h"
#include "interfaces/session.h"
#include "lib/endpoint.h"

#define DTLS_LOG_SOURCE "dtls"

static const char *dtlst_msg_name(uint8_t type)
{
    switch (type) {
    case DTLS_HT_HELLO_REQUEST:
        return "HelloRequest";
    case DTLS_HT_CLIENT_HELLO:
        return "ClientHello";
    case DTLS_HT_SERVER_HELLO:
        return "ServerHello";
    case DTLS_HT_HELLO_VERIFY_REQUEST:
        return "HelloVerifyRequest";
    case DTLS_HT_SERVER_KEY_EXCHANGE:
        return "ServerKeyExchange";
    case DTLS_HT_SERVER_HELLO_DONE:
        return "ServerHelloDone";
    case DTLS_HT_CLIENT_KEY_EXCHANGE:
        return "ClientKeyExchange";
    case DTLS_HT_FINISHED:
        return "Finished";
    default:
        return NULL;
    }
}

static const char *dtlst_alert_name(uint8_t desc)
{
    switch (desc) {
    case DTLS_ALERT_CLOSE_NOTIFY:
        return "close_notify";
    case DTLS_ALERT_UNEXPECTED_MESSAGE:
        return "unexpected_message";
    case DTLS_ALERT_BAD_RECORD_MAC:
        return "bad_record_mac";
    case DTLS_ALERT_RECORD_OVERFLOW:
        return "record_overflow";
    case DTLS_ALERT_HANDSHAKE_FAILURE:
        return "handshake_failure";
    case DTLS_ALERT_ILLEGAL_PARAMETER:
        return "illegal_parameter";
    case DTLS_ALERT_DECODE_ERROR:
        return "decode_error";
    case DTLS_ALERT_DECRYPT_ERROR:
        return "decrypt_error";
    case DTLS_ALERT_PROTOCOL_VERSION:
        return "protocol_version";
    case DTLS_ALERT_INSUFFICIENT_SECURITY:
        return "insufficient_security";
    case DTLS_ALERT_INTERNAL_ERROR:
        return "internal_error";
    case DTLS_ALERT_NO_RENEGOTIATION:
        return "no_renegotiation";
    case DTLS_ALERT_UNSUPPORTED_EXTENSION:
        return "unsupported_extension";
    case DTLS_ALERT_UNKNOWN_PSK_IDENTITY:
        return "unknown_psk_identity";
    default:
        return NULL;
    }
}

static const char *dtlst_reason_name(uint8_t reason)
{
    static const char *const names[] = {"closed",         "peer closed", "timeout",      "idle",
                                        "alert received", "alert sent",  "no resources", "no psk",
                                        "link failed",    "restarted"};
    return reason < sizeof names / sizeof names[0] ? names[reason] : "?";
}

/* Start a line "PEER TEXT": false if the level is filtered out. */
static bool dtlst_begin(struct Dtls_self *self, uint8_t level, const struct endpoint *peer, const char *text)
{
    if (!Dtls__log__begin(self, level, DTLS_LOG_SOURCE))
        return false;
    char ep[ENDPOINT_TEXT_MAX];
    if (peer && endpoint_format(peer, ep, sizeof ep) > 0) {
        Dtls__log__str(self, ep);
        Dtls__log__str(self, " ");
    }
    Dtls__log__str(self, text);
    return true;
}

/* A name from a table, or "#N" for one it does not know. */
static void dtlst_name(struct Dtls_self *self, const char *name, uint8_t code)
{
    if (name) {
        Dtls__log__str(self, name);
    } else {
        Dtls__log__str(self, "#");
        Dtls__log__u32(self, code);
    }
}

/* "> ClientHello seq 1 frag 0+82/82" (sent) or "< ..." (received). */
static void dtlst_fragment(struct Dtls_self *self, const struct endpoint *peer, bool sent, uint8_t type,
                           uint16_t message_seq, uint32_t offset, uint32_t frag_len, uint32_t length)
{
    if (!dtlst_begin(self, LOG_DEBUG, peer, sent ? "> " : "< "))
        return;
    dtlst_name(self, dtlst_msg_name(type), type);
    Dtls__log__str(self, " seq ");
    Dtls__log__u32(self, message_seq);
    Dtls__log__str(self, " frag ");
    Dtls__log__u32(self, offset);
    Dtls__log__str(self, "+");
    Dtls__log__u32(self, frag_len);
    Dtls__log__str(self, "/");
    Dtls__log__u32(self, length);
    Dtls__log__end(self);
}

/* "> alert fatal unknown_psk_identity" (sent) or "< alert ..." (received). */
static void dtlst_alert(struct Dtls_self *self, const struct endpoint *peer, bool sent, uint8_t level,
                        uint8_t desc)
{
    if (!dtlst_begin(self, LOG_INFO, peer, sent ? "> alert " : "< alert "))
        return;
    Dtls__log__str(self, level == DTLS_ALERT_FATAL ? "fatal " : "warning ");
    dtlst_name(self, dtlst_alert_name(desc), desc);
    Dtls__log__end(self);
}

/* "retransmission 2 (timeout, next in 4000 ms)" or "(peer retransmitted)". */
static void dtlst_retransmit(struct Dtls_self *self, const struct endpoint *peer, uint8_t n, uint32_t next_ms)
{
    if (!dtlst_begin(self, LOG_INFO, peer, "retransmission "))
        return;
    Dtls__log__u32(self, n);
    if (next_ms) {
        Dtls__log__str(self, " (timeout, next in ");
        Dtls__log__u32(self, next_ms);
        Dtls__log__str(self, " ms)");
    } else {
        Dtls__log__str(self, " (peer retransmitted)");
    }
    Dtls__log__end(self);
}

/* "session up" / "session down: REASON[, alert NAME]". */
static void dtlst_session(struct Dtls_self *self, const struct endpoint *peer, bool up, uint8_t reason,
                          uint8_t alert)
{
    if (!dtlst_begin(self, LOG_INFO, peer, up ? "session up" : "session down: "))
        return;
    if (!up) {
        Dtls__log__str(self, dtlst_reason_name(reason));
        if (alert != SESSION_NO_ALERT) {
            Dtls__log__str(self, ", alert ");
            dtlst_name(self, dtlst_alert_name(alert), alert);
        }
    }
    Dtls__log__end(self);
}
