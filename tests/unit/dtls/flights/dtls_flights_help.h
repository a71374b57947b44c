/* dtls_flights_help.h: what DtlsFlightsTest (the cmocka driver) and
 * DtlsFlightsHelp (PskStore, Log and the taps under client c and server s)
 * share; both are in the test image's one translation unit. */
#ifndef DTLS_FLIGHTS_HELP_H
#define DTLS_FLIGHTS_HELP_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

#define DFL_LOG_MAX 96

/* One datagram a tap saw its node send. */
struct dfl_dgram {
    time_ms_t at;
    uint16_t len;
    uint8_t type;    /* content type of its first record */
    uint8_t hs_type; /* handshake type of its first record's first fragment (epoch 0), else 0xFF */
    uint16_t frag_off;
    bool dropped;
};

/* A tap: the node's datagrams, the drop rule and a settable mtu. */
struct dfl_tap {
    struct dfl_dgram log[DFL_LOG_MAX];
    uint16_t n;
    uint16_t mtu;                            /* 0: the link's */
    bool (*drop)(const struct dfl_dgram *d); /* true: lost */
};

struct dfl_user {
    uint16_t connected, closed, received, sent_done;
    time_ms_t closed_at;
    uint8_t reason, alert;
    err_t last_done;
    uint16_t len;
    uint8_t data[64];
};

struct dfl_state {
    struct dfl_tap c, s;
    struct dfl_user uc, us;
    const char *hint; /* the server's identity hint (NULL: none) */
    char log[16384];
    uint16_t log_len;
};
static struct dfl_state dfl;

#endif
