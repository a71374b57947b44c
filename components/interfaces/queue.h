/* queue.h: the Queue interface: what DTLS keeps for (re)transmission, per
 * peer, in bounded memory (NetQ provides it). Each peer has an ordered list
 * of entries (copies of handshake messages of the last flight, or
 * application data waiting for a handshake) and one retransmission
 * deadline shared by all of them, as RFC 6347 4.2.4 times whole flights:
 * start() arms it, expired() says it passed, backoff() re-arms it with the
 * timeout doubled up to a cap, stop() keeps the entries without a timer
 * (the final flight, kept until the peer's next message shows it arrived). */
#ifndef IF_QUEUE_H
#define IF_QUEUE_H
#include "interfaces/types.h"

#define QUEUE_END 0xFFu /* peek(): no such entry */

/* A queue's counters. Event counts saturate at 0xFFFF. */
struct queue_stats {
    uint8_t entries;      /* entries queued now, all peers */
    uint8_t peers;        /* peers with entries or an armed deadline */
    uint16_t bytes;       /* bytes queued now */
    uint16_t peak_bytes;  /* highest bytes since boot */
    uint16_t refused;     /* push() calls refused for lack of room */
    uint16_t expirations; /* expired() events signalled */
    uint16_t retransmits; /* backoff() calls, i.e. retransmissions */
};

/** Per-peer ordered entries with one deadline each; a peer is the user's
 * small key (e.g. a Pool index), 0..0xFFFE. */
struct Queue_if {
    // clang-format off
    /** @command Append a copy of buf[0..len) with the user's tag (e.g. content type and epoch) after peer's other entries. E_OK; E_NOMEM if no entry, peer slot or byte room is left (nothing queued); E_SIZE if len is 0 or larger than the whole byte buffer; E_INVAL for peer 0xFFFF. */
    err_t (*push)(uint16_t peer, uint8_t tag, const uint8_t *buf, uint16_t len);
    /** @command Peer's n-th oldest entry (0 = oldest): its length, *data pointing at its bytes (valid until the next push, pop or drop) and *tag; QUEUE_END in *tag and 0 if there is none. */
    uint16_t (*peek)(uint16_t peer, uint8_t n, uint8_t *tag, const uint8_t **data);
    /** @command Entries queued for peer. */
    uint8_t (*count)(uint16_t peer);
    /** @command Remove peer's oldest entry (no-op if none); the deadline stays. */
    void (*pop)(uint16_t peer);
    /** @command Remove all of peer's entries and its deadline. */
    void (*drop)(uint16_t peer);
    /** @command Arm peer's deadline timeout_ms from now and zero its retransmission count (a new flight). E_OK; E_NOMEM if peer has no entries and no peer slot is left; E_INVAL for peer 0xFFFF or a timeout of 0. */
    err_t (*start)(uint16_t peer, time_ms_t timeout_ms);
    /** @command After retransmitting: double peer's timeout (at most the max_timeout_ms parameter), count one retransmission and re-arm. Returns the new timeout, or 0 if peer was never started. */
    time_ms_t (*backoff)(uint16_t peer);
    /** @command Disarm peer's deadline; its entries stay. */
    void (*stop)(uint16_t peer);
    /** @command Retransmissions (backoff() calls) since peer's last start(). */
    uint8_t (*retransmits)(uint16_t peer);
    /** @command Copy the counters into *out. */
    void (*stats)(struct queue_stats *out);
    /** @event Peer's deadline passed; it is disarmed. Resend the entries and call backoff(), or give up with drop(). Signalled from a task, earliest deadline first. */
    void (*expired)(uint16_t peer, uint8_t retransmits);
    // clang-format on
};
#endif
