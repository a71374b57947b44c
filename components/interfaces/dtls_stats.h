/* dtls_stats.h: the DtlsStats interface: counters a user of the Dtls
 * component can read (issue 7's statistics), per peer and in total, so
 * the tools can print them with -v and tests can check retransmissions
 * against losses. */
#ifndef IF_DTLS_STATS_H
#define IF_DTLS_STATS_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

/* Event counts, each saturating at 0xFFFF. Per peer they start at zero
 * when its handshake starts and go with it; the totals add up every
 * peer's since boot, plus records from endpoints without a peer (counted
 * in the drop_* fields only). */
struct dtls_counters {
    uint16_t retransmissions;  /* flights of ours sent again (timer expiry or the peer's retransmission) */
    uint16_t drop_bad_mac;     /* records that failed to authenticate/decrypt */
    uint16_t drop_replay;      /* records already received or left of the replay window */
    uint16_t drop_epoch;       /* records for an epoch without keys */
    uint16_t drop_malformed;   /* records or messages that did not parse (bad header, length, body) */
    uint16_t drop_unexpected;  /* sound records or messages the state does not allow */
    uint16_t frags_sent;       /* handshake fragments sent (a whole message is one fragment) */
    uint16_t frags_received;   /* handshake fragments received and taken in */
    uint16_t msgs_reassembled; /* handshake messages put together from several fragments */
    uint16_t hs_completed;     /* handshakes that ended in a session */
    uint16_t hs_failed;        /* handshakes that ended without one (alert, timeout, no resources) */
};

/** Counters of one Dtls instance. */
struct DtlsStats_if {
    // clang-format off
    /** @command Copy the counters of the live peer (handshake or session) at endpoint peer into *out: true; false (out untouched) if there is none. */
    bool (*peer)(const struct endpoint *peer, struct dtls_counters *out);
    /** @command Copy the instance's counters since boot into *out. */
    void (*total)(struct dtls_counters *out);
    // clang-format on
};
#endif
