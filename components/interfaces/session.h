/* session.h: the Session interface: control of secure sessions (DTLS)
 * beside the Datagram interface that carries their data. */
#ifndef IF_SESSION_H
#define IF_SESSION_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

/* Why a session ended (closed()'s reason). */
enum session_reason {
    SESSION_CLOSED = 0,         /* close() was called; close_notify sent */
    SESSION_PEER_CLOSED = 1,    /* the peer sent close_notify */
    SESSION_TIMEOUT = 2,        /* the handshake gave up after its last retransmission */
    SESSION_IDLE = 3,           /* nothing was received for the idle timeout */
    SESSION_ALERT_RECEIVED = 4, /* the peer sent a fatal alert (closed()'s alert) */
    SESSION_ALERT_SENT = 5,     /* we ended it with a fatal alert (closed()'s alert) */
    SESSION_NO_RESOURCES = 6,   /* the peer pool or a queue was full */
    SESSION_NO_PSK = 7,         /* the PskStore has no identity or key for this peer */
    SESSION_LINK_FAILED = 8,    /* the Datagram below failed (send error, closed) */
    SESSION_RESTARTED = 9 /* server: the client started a new handshake from its endpoint (RFC 6347 4.2.8) */
};

#define SESSION_NO_ALERT 0xFFu /* closed()'s alert when no alert was involved */

/** Sessions with peers, one per endpoint. connect() is split-phase: after
 * E_OK exactly one of connected() or closed() follows for that peer. A
 * server also signals connected() when a client's handshake completes. */
struct Session_if {
    // clang-format off
    /** @command Start a handshake with peer (client role). E_OK; E_ALREADY if a session or handshake with peer exists; E_NOMEM if the peer pool is full; E_OFF if the transport is not open; E_INVAL for a bad endpoint or a server-only instance. */
    err_t (*connect)(const struct endpoint *peer);
    /** @command End the session with peer: close_notify, then closed(peer, SESSION_CLOSED, SESSION_NO_ALERT) from a task. E_OK; E_INVAL if there is no session or handshake with peer. */
    err_t (*close)(const struct endpoint *peer);
    /** @command True if a session with peer is established (handshake complete). */
    bool (*is_connected)(const struct endpoint *peer);
    /** @event The handshake with peer completed; data can flow both ways. */
    void (*connected)(const struct endpoint *peer);
    /** @event The session or handshake with peer ended; reason is a session_reason, alert the TLS alert description sent or received (SESSION_NO_ALERT if none). */
    void (*closed)(const struct endpoint *peer, uint8_t reason, uint8_t alert);
    // clang-format on
};
#endif
