/* dtls_loss.h: what the loss matrix's driver (DtlsLossTest), its checker
 * (dtls_loss_check.h) and its taps (DtlsLossTap) share: the log of one
 * handshake run. Each datagram is classified by the flight it belongs to
 * (RFC 6347 4.2.4's flights of a PSK handshake with a cookie exchange) and
 * its handshake fragments are kept, so the checker can tell when a flight
 * is complete at its receiver. All three are in the test image's one
 * translation unit. */
#ifndef DTLS_LOSS_H
#define DTLS_LOSS_H
#include "interfaces/types.h"
#include "tests/fakes/fake_prng.h"

enum { DTL_CLIENT = 0, DTL_SERVER = 1 };

/* The flights, in order; F2 (HelloVerifyRequest) is stateless. */
enum dtl_flight {
    DTL_F_NONE = 0,
    DTL_F1 = 1, /* client: ClientHello without cookie */
    DTL_F2 = 2, /* server: HelloVerifyRequest */
    DTL_F3 = 3, /* client: ClientHello with cookie */
    DTL_F4 = 4, /* server: ServerHello, (ServerKeyExchange), ServerHelloDone */
    DTL_F5 = 5, /* client: ClientKeyExchange, ChangeCipherSpec, Finished */
    DTL_F6 = 6, /* server: ChangeCipherSpec, Finished */
    DTL_F_DATA = 7,
    DTL_F_ALERT = 8,
    DTL_F_OTHER = 9
};

enum dtl_kind {
    DTL_SEND,      /* a side handed a datagram to its transport */
    DTL_ARRIVE,    /* a datagram reached a side's tap and was passed up */
    DTL_DROP,      /* a datagram reached a side's tap and was dropped */
    DTL_CONNECTED, /* Session.connected at a side */
    DTL_CLOSED,    /* Session.closed at a side */
    DTL_DONE       /* a side's transport signalled send_done */
};

#define DTL_FRAGS   6
#define DTL_EVENTS  1024
#define DTL_SEQ_CCS 0xFFFEu /* pseudo message: ChangeCipherSpec */
#define DTL_SEQ_ENC 0xFFFFu /* pseudo message: an encrypted handshake record (Finished) */

/* One handshake fragment (or pseudo message) a datagram carries. */
struct dtl_frag {
    uint16_t seq;   /* message_seq, or DTL_SEQ_* */
    uint16_t off;   /* fragment offset */
    uint16_t len;   /* fragment length */
    uint16_t total; /* message length */
    uint8_t type;   /* handshake type */
};

struct dtl_event {
    time_ms_t t;
    uint8_t kind;   /* dtl_kind */
    uint8_t side;   /* DTL_CLIENT, DTL_SERVER: the sender for SEND, the receiver otherwise */
    uint8_t flight; /* dtl_flight */
    uint8_t nfrags;
    uint8_t reason; /* DTL_CLOSED: the session_reason */
    uint8_t alert;  /* DTL_CLOSED: the alert sent or received */
    uint16_t len;
    uint64_t rec; /* the first record's epoch and sequence number (a copy repeats them) */
    struct dtl_frag frag[DTL_FRAGS];
};

/* The run's log and the taps' drop decisions. */
struct dtl_state {
    bool recording;
    uint16_t loss[2];         /* per mille dropped on arrival at side */
    struct fake_prng prng[2]; /* the drop decisions at each side */
    uint16_t n;
    bool overflow;
    struct dtl_event ev[DTL_EVENTS];
    uint16_t hint_len; /* the server's identity hint (0: none) */
};
static struct dtl_state dtl;

static void dtl_log(uint8_t kind, uint8_t side, time_ms_t t, const uint8_t *buf, uint16_t len);
#endif
