/* dtls.c: the Dtls component: DTLS 1.2 with pre-shared keys
 * (TLS_PSK_WITH_AES_128_CCM_8, RFC 6347, RFC 4279, RFC 7627, RFC 5746) for
 * both roles over the pure record, handshake and hello code of this folder.
 *
 * Memory. One `pool` object per peer (a handshake or a session, found by
 * endpoint) and, while a handshake runs, one `hs_pool` object with what
 * only the handshake needs (randoms, cookie, master secret, transcript,
 * reassembly slots, flight bookkeeping). A server allocates both only for
 * a ClientHello with a valid stateless cookie (HMAC-SHA256 over the
 * client's endpoint and the hello without its cookie, under a secret
 * rotated every cookie_period_ms; the previous secret is still accepted).
 *
 * Flights (RFC 6347 4.2.4). Every flight we send is built once, its
 * handshake messages hashed into the transcript and pushed, unfragmented,
 * into NetQ (the `netq` Queue, keyed by the peer's pool index; a CCS is a
 * one-byte entry); what goes on the wire is always cut from there: each
 * message fragmented to the transport's mtu() at the time, the records of
 * a flight packed into as few datagrams as fit, epoch 0 and 1 records
 * with fresh sequence numbers at each (re)transmission. The retransmission
 * timer starts at retx_initial_ms and doubles up to retx_max_ms; after
 * retx_limit retransmissions the next expiry ends the handshake
 * (SESSION_TIMEOUT), as does handshake_timeout_ms. Our flight is resent
 * early when the peer retransmits its previous flight (the first fragment
 * of that flight's first message arrives again) and never otherwise. The
 * server's final flight (CCS, Finished) is kept without a retransmission
 * timer until an authenticated non-handshake record shows the client has
 * it, for at most handshake_timeout_ms; the client's last flight is timed
 * like any other until the server's Finished arrives.
 *
 * Incoming handshake messages go through the peer's dtls_inbox: any
 * order, fragments, overlaps and duplicates, early messages kept, a
 * fragmented message larger than reasm_cap refused with illegal_parameter.
 * A server does not reassemble a fragmented first ClientHello: it has no
 * state before the cookie (as OpenSSL), so such fragments are dropped.
 *
 * Records that fail to parse, are replayed, are for an epoch without keys
 * or fail to authenticate are dropped and counted (RFC 6347 4.1.2.7). An
 * unknown PSK identity is answered with the fatal alert
 * unknown_psk_identity (RFC 4279 section 2 allows it or decrypt_error).
 * A ClientHello when a pool is full gets a fatal internal_error.
 *
 * Sending: one datagram buffer per instance (also the scratch space where
 * a flight is built); whatever finds the transport busy waits for its
 * send_done (dtlsc_pump). Data sent to a peer without a session starts a
 * handshake (client role) and waits in a bounded per-instance queue. */
#include "dtls/dtls_handshake.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"
#include "interfaces/cipher_suite.h"
#include "interfaces/datagram.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/hash.h"
#include "interfaces/mac.h"
#include "interfaces/pool.h"
#include "interfaces/psk_store.h"
#include "interfaces/queue.h"
#include "interfaces/session.h"
#include "lib/ct.h"
#include "lib/endpoint.h"
#include "lib/time_ms.h"
#include "lib/wipe.h"

#ifndef DTLS_BUF_MAX
#define DTLS_BUF_MAX 400 /* the largest datagram we send or decrypt */
#endif
#define DTLS_MTU_MIN     60 /* the smallest transport mtu() we build flights for */
#define DTLS_FRAG_MIN    8  /* a message is not started in the last few bytes of a datagram */
#define DTLS_COOKIE_LEN  16
#define DTLS_TICK_MS     250u
#define DTLS_SECRET_LEN  32
#define DTLS_OVERHEAD    (DTLS_RECORD_HEADER_LEN + CS_RECORD_OVERHEAD)
#define DTLS_ROLE_CLIENT 1u
#define DTLS_ROLE_SERVER 2u
#define DTLS_TAG_EPOCH1  0x80u /* NetQ tag: content type | this for epoch 1 */
/* The largest record sent out of turn: a HelloVerifyRequest (an alert is 31). */
#define DTLS_PENDING_MAX (DTLS_RECORD_HEADER_LEN + DTLS_HS_HEADER_LEN + 3 + DTLS_COOKIE_LEN)
#define DTLS_SEQ_NONE    0xFFFFu /* no message_seq */

/* A helper called from many places: one out-of-line copy on the MSP430,
 * where clang -Oz would otherwise inline it at each call (as DTLS_WIRE_FN). */
#if defined(__MSP430__)
#define DTLSC_SHARED static __attribute__((noinline))
#else
#define DTLSC_SHARED static
#endif

enum dtls_state {
    DTLS_S_FREE = 0,
    DTLS_C_WAIT_HELLO, /* ClientHello sent: HelloVerifyRequest or ServerHello next */
    DTLS_C_WAIT_DONE,  /* ServerHello received: [ServerKeyExchange] ServerHelloDone */
    DTLS_S_WAIT_HELLO, /* a valid cookie in a first fragment: the rest of that ClientHello next */
    DTLS_S_WAIT_CKE,   /* our flight sent: ClientKeyExchange next */
    DTLS_X_WAIT_CCS,   /* the peer's ChangeCipherSpec next */
    DTLS_X_WAIT_FIN,   /* the peer's Finished next (epoch 1) */
    DTLS_X_OPEN,       /* established */
    DTLS_X_DEAD        /* ended: closed() is signalled and the objects freed by the reap task */
};

enum {
    DTLS_PF_CLIENT = 0x01,
    DTLS_PF_EMS = 0x02,
    DTLS_PF_RENEG = 0x04,
    DTLS_PF_BUILD = 0x08, /* the flight of the current state waits for the transport to be built */
    DTLS_PF_SEND = 0x10,  /* the flight in NetQ waits for the transport to be (re)sent */
    DTLS_PF_WAS_OPEN = 0x20,
    DTLS_PF_CLOSE = 0x40, /* close() found the transport busy: close_notify, then end */
    DTLS_PF_SKE = 0x80    /* client: the ServerKeyExchange came */
};

/* The counters of DtlsStats, indexed (one counting function for all). */
enum {
    DTLSC_RETX = 0,
    DTLSC_BAD_MAC,
    DTLSC_REPLAY,
    DTLSC_EPOCH,
    DTLSC_MALFORMED,
    DTLSC_UNEXPECTED,
    DTLSC_FRAGS_SENT,
    DTLSC_FRAGS_RECEIVED,
    DTLSC_REASSEMBLED,
    DTLSC_COMPLETED,
    DTLSC_FAILED,
    DTLSC_N
};
union dtlsc_ctrs {
    struct dtls_counters named; /* the same order, all uint16_t */
    uint16_t n[DTLSC_N];
};
_Static_assert(sizeof(struct dtls_counters) == DTLSC_N * sizeof(uint16_t),
               "dtls_counters: one uint16_t per DTLSC_*");

/* Handshake-only state: an hs_pool object, followed by the reassembly
 * slots' buffers and bitmaps (DTLS_HS_SIZE). Wiped by Pool.free(). */
struct dtls_hs {
    struct hash_ctx transcript;
    uint8_t tx_seq0[DTLS_SEQ_LEN]; /* next epoch-0 record sequence number */
    struct dtls_inbox inbox;       /* the peer's messages, in order */
    uint16_t tx_msg_seq;           /* our next message_seq */
    uint16_t rx_flight_seq;        /* message_seq opening the peer's flight being received */
    uint16_t peer_flight_seq;      /* ...and the one our flight answers: its resending triggers ours */
    uint8_t retx;                  /* retransmissions of our current flight */
    uint8_t cookie_len;
    uint8_t client_random[DTLS_RANDOM_LEN];
    uint8_t server_random[DTLS_RANDOM_LEN];
    union { /* a client is done with the server's cookie before the master secret exists */
        uint8_t cookie[DTLS_COOKIE_MAX];
        uint8_t master[CS_MASTER_LEN];
    };
    struct dtls_reasm slot[]; /* the first of reasm_slots slots of DTLS_REASM_SIZE(reasm_cap) bytes */
};

#define DTLS_HS_SIZE(slots, cap) (sizeof(struct dtls_hs) + (slots)*DTLS_REASM_SIZE(cap))

/* One peer: a handshake in progress or a session. Wiped by Pool.free(). */
struct dtls_peer {
    struct endpoint ep;
    struct dtls_hs *hs;           /* while the handshake (or the server's final flight) needs it */
    uint8_t tx_seq[DTLS_SEQ_LEN]; /* next epoch-1 record sequence number */
    time_ms_t deadline;           /* handshake: give up; open: idle out */
    struct dtls_replay replay[2];
    struct cs_keys keys;
    union dtlsc_ctrs ctr;
    uint8_t state;
    uint8_t flags;
    uint8_t rx_epoch, tx_epoch;
    uint8_t reason, alert; /* DTLS_X_DEAD: what closed() says */
    uint16_t rx_next;      /* without hs: the peer's next message_seq */
};

struct Dtls_self {
    const uint16_t peers;
    const uint8_t role;
    const time_ms_t handshake_timeout_ms;
    const time_ms_t cookie_period_ms;
    const time_ms_t idle_timeout_ms;
    const time_ms_t retx_initial_ms;
    const time_ms_t retx_max_ms;
    const uint8_t retx_limit;
    const uint8_t reasm_slots;
    const uint16_t reasm_cap;
    const uint16_t queue_bytes;
    uint8_t *const queue; /* queue_bytes: data waiting for a handshake (dtlsc_q_*) */
    uint16_t queued;      /* bytes in use */
    bool open;
    bool tx_busy;
    bool user_done; /* a queued user send: signal send_done from the reap task */
    const uint8_t *user_buf;
    struct dtls_peer *tx_peer; /* whose flight is going out, datagram by datagram */
    uint8_t tx_entry;          /* ...its next NetQ entry */
    uint16_t tx_off;           /* ...and the offset in that message's body */
    time_ms_t rotated_at;
    uint8_t secret[2][DTLS_SECRET_LEN]; /* cookie secrets: current, previous */
    union dtlsc_ctrs total;             /* DtlsStats: every peer's since boot, and strangers' drops */
    const struct dtls_peer *stash_peer; /* whose identity is stashed (ServerKeyExchange) */
    uint8_t stash_len;
    uint8_t stash[PSK_IDENTITY_MAX];
    struct endpoint pend_to; /* an alert or HelloVerifyRequest that waits for the transport */
    uint8_t pend_len;
    uint8_t pend[DTLS_PENDING_MAX];
    uint8_t tx[DTLS_BUF_MAX];
    uint8_t rx[DTLS_BUF_MAX];
};

#define DTLS_DEFINE(inst, peers_, role_, hto_, cp_, idle_, rinit_, rmax_, rlimit_, slots_, cap_, qb_)        \
    static uint8_t dtls_##inst##_queue[(qb_) ? (qb_) : 1];                                                   \
    struct Dtls_self inst##__self = {.peers = (peers_),                                                      \
                                     .role = (role_),                                                        \
                                     .handshake_timeout_ms = (hto_),                                         \
                                     .cookie_period_ms = (cp_),                                              \
                                     .idle_timeout_ms = (idle_),                                             \
                                     .retx_initial_ms = (rinit_),                                            \
                                     .retx_max_ms = (rmax_),                                                 \
                                     .retx_limit = (rlimit_),                                                \
                                     .reasm_slots = (slots_),                                                \
                                     .reasm_cap = (cap_),                                                    \
                                     .queue_bytes = (qb_),                                                   \
                                     .queue = dtls_##inst##_queue};
Dtls__INSTANCES(DTLS_DEFINE)
#undef DTLS_DEFINE

/* The roles of all instances together: code for a role no instance has
 * folds away (a server-only image carries no client code). */
#define DTLS_ROLE_OR(inst, peers_, role_, ...) | (role_)
    enum {
        DTLS_ROLES = 0 Dtls__INSTANCES(DTLS_ROLE_OR)
    };
#undef DTLS_ROLE_OR

static bool dtlsc_server(const struct Dtls_self *self)
{
    return (DTLS_ROLES & DTLS_ROLE_SERVER) && (self->role & DTLS_ROLE_SERVER);
}

static bool dtlsc_client(const struct Dtls_self *self)
{
    return (DTLS_ROLES & DTLS_ROLE_CLIENT) && (self->role & DTLS_ROLE_CLIENT);
}

/* Our side of peer p (a both-roles instance has peers of each). */
static bool dtlsc_is_client(const struct dtls_peer *p)
{
    if (!(DTLS_ROLES & DTLS_ROLE_CLIENT))
        return false;
    if (!(DTLS_ROLES & DTLS_ROLE_SERVER))
        return true;
    return (p->flags & DTLS_PF_CLIENT) != 0;
}

static void dtlsc_pump(struct Dtls_self *self);
static void dtlsc_build(struct Dtls_self *self, struct dtls_peer *p);
static void dtlsc_hash_msg(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m);

/* ---- counters (DtlsStats) -------------------------------------------------- */

static void dtlsc_add(uint16_t *ctr, uint16_t n)
{
    uint16_t room = (uint16_t)(0xFFFFu - *ctr);
    *ctr = (uint16_t)(n > room ? 0xFFFFu : *ctr + n);
}

/* n events of counter idx, in the total and in peer p's (p NULL: a stranger). */
DTLSC_SHARED void dtlsc_count_n(struct Dtls_self *self, struct dtls_peer *p, uint8_t idx, uint16_t n)
{
    dtlsc_add(&self->total.n[idx], n);
    if (p)
        dtlsc_add(&p->ctr.n[idx], n);
}

#define DTLSC_COUNT(self, p, idx) dtlsc_count_n((self), (p), (idx), 1)

/* The counter of each drop reason. */
static const uint8_t dtlsc_drop_idx[DTLS_DROP_COUNT] = {
    [DTLS_DROP_TRUNCATED] = DTLSC_MALFORMED,   [DTLS_DROP_OVERRUN] = DTLSC_MALFORMED,
    [DTLS_DROP_TOO_LONG] = DTLSC_MALFORMED,    [DTLS_DROP_BAD_TYPE] = DTLSC_MALFORMED,
    [DTLS_DROP_BAD_VERSION] = DTLSC_MALFORMED, [DTLS_DROP_EMPTY] = DTLSC_MALFORMED,
    [DTLS_DROP_EPOCH] = DTLSC_EPOCH,           [DTLS_DROP_REPLAY] = DTLSC_REPLAY,
    [DTLS_DROP_BAD_MAC] = DTLSC_BAD_MAC,       [DTLS_DROP_UNEXPECTED] = DTLSC_UNEXPECTED,
    [DTLS_DROP_MALFORMED] = DTLSC_MALFORMED};

/* n records (or messages) dropped for reason, from peer p (NULL: a stranger). */
static void dtlsc_drops(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason, uint16_t n)
{
    dtlsc_count_n(self, p, dtlsc_drop_idx[reason], n);
}

static void dtlsc_drop(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason)
{
    dtlsc_drops(self, p, reason, 1);
}

/* ---- peers and handshakes -------------------------------------------------- */

static uint16_t dtlsc_key(struct Dtls_self *self, const struct dtls_peer *p)
{
    return Dtls__pool__index_of(self, p);
}

static struct dtls_peer *dtlsc_find(struct Dtls_self *self, const struct endpoint *ep)
{
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && p->state != DTLS_X_DEAD && endpoint_equal(&p->ep, ep))
            return p;
    }
    return NULL;
}

/* Give p's handshake object back (wiped) and forget its NetQ entries. */
static void dtlsc_hs_release(struct Dtls_self *self, struct dtls_peer *p)
{
    if (!p->hs)
        return;
    Dtls__netq__drop(self, dtlsc_key(self, p));
    p->rx_next = p->hs->inbox.next_seq;
    (void)Dtls__hs_pool__free(self, p->hs);
    p->hs = NULL;
    p->flags &= (uint8_t) ~(DTLS_PF_BUILD | DTLS_PF_SEND); /* no flight without it */
    if (self->tx_peer == p)
        self->tx_peer = NULL;
}

/* A handshake object; when the pool is empty, one that only keeps a
 * server's final flight is taken back first (its client has not spoken). */
static struct dtls_hs *dtlsc_hs_take(struct Dtls_self *self)
{
    if (Dtls__hs_pool__object_size(self) < DTLS_HS_SIZE(self->reasm_slots, self->reasm_cap))
        return NULL;
    struct dtls_hs *hs = Dtls__hs_pool__alloc(self);
    for (uint16_t i = 0; !hs && i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && p->state == DTLS_X_OPEN && p->hs && !(p->flags & DTLS_PF_BUILD)) {
            dtlsc_hs_release(self, p);
            hs = Dtls__hs_pool__alloc(self);
        }
    }
    return hs;
}

/* A fresh handshake object: its inbox (which lays the reassembly slots
 * out behind hs), no flight seen yet, an empty transcript. */
static void dtlsc_hs_init(struct Dtls_self *self, struct dtls_hs *hs, uint16_t next_seq)
{
    dtls_inbox_init(&hs->inbox, hs->slot, self->reasm_slots, self->reasm_cap, next_seq);
    hs->rx_flight_seq = DTLS_SEQ_NONE;
    hs->peer_flight_seq = DTLS_SEQ_NONE;
    Dtls__hash__init(self, &hs->transcript);
}

/* A new peer with its handshake object, or NULL if either pool is full. */
static struct dtls_peer *dtlsc_alloc(struct Dtls_self *self, const struct endpoint *ep, uint8_t flags,
                                     uint16_t next_seq)
{
    if (Dtls__pool__object_size(self) < sizeof(struct dtls_peer))
        return NULL;
    struct dtls_hs *hs = dtlsc_hs_take(self);
    struct dtls_peer *p = hs ? Dtls__pool__alloc(self) : NULL;
    if (!p) {
        if (hs)
            (void)Dtls__hs_pool__free(self, hs);
        return NULL;
    }
    p->hs = hs;
    endpoint_copy(&p->ep, ep);
    p->flags = flags;
    p->deadline = Dtls__timer__now(self) + self->handshake_timeout_ms;
    dtls_replay_reset(&p->replay[0]);
    dtls_replay_reset(&p->replay[1]);
    dtlsc_hs_init(self, hs, next_seq);
    return p;
}

static void dtlsc_q_drop(struct Dtls_self *self, uint16_t key);

/* End p: closed(reason, alert) and the frees follow from the reap task. */
static void dtlsc_end(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason, uint8_t alert)
{
    if (p->state == DTLS_X_OPEN)
        p->flags |= DTLS_PF_WAS_OPEN;
    p->state = DTLS_X_DEAD;
    p->reason = reason;
    p->alert = alert;
    if (p->hs)
        wipe(p->hs->master, sizeof p->hs->master);
    wipe(&p->keys, sizeof p->keys);
    if (self->tx_peer == p)
        self->tx_peer = NULL;
    if ((DTLS_ROLES & DTLS_ROLE_CLIENT) && self->stash_peer == p) /* its object may serve the next peer */
        self->stash_peer = NULL;
    (void)Dtls__post__reap(self);
}

void Dtls__task__reap(struct Dtls_self *self)
{
    if (self->user_done) { /* a queued send: the buffer is the caller's again */
        self->user_done = false;
        const uint8_t *user = self->user_buf;
        self->user_buf = NULL;
        Dtls__datagram__send_done(self, user, E_OK);
    }
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (!p || p->state != DTLS_X_DEAD)
            continue;
        struct endpoint ep = p->ep;
        uint8_t reason = p->reason, alert = p->alert;
        if (!(p->flags & DTLS_PF_WAS_OPEN))
            DTLSC_COUNT(self, NULL, DTLSC_FAILED);
        dtlst_session(self, &ep, false, reason, alert);
        dtlsc_q_drop(self, i);
        dtlsc_hs_release(self, p);
        (void)Dtls__pool__free(self, p);
        Dtls__session__closed(self, &ep, reason, alert);
    }
}

/* ---- data waiting for a handshake: entries key (2) | len (2) | bytes ------ */

static uint16_t dtlsc_q_len(const struct Dtls_self *self, uint16_t at)
{
    return dtls_get_u16(self->queue + at + 2);
}

static bool dtlsc_q_push(struct Dtls_self *self, uint16_t key, const uint8_t *buf, uint16_t len)
{
    if ((uint32_t)self->queued + 4u + len > self->queue_bytes)
        return false;
    uint8_t *e = self->queue + self->queued;
    dtls_put_u16(e, key);
    dtls_put_u16(e + 2, len);
    for (uint16_t i = 0; i < len; i++)
        e[4 + i] = buf[i];
    self->queued = (uint16_t)(self->queued + 4u + len);
    return true;
}

/* The offset of key's oldest entry, or self->queued if it has none. */
static uint16_t dtlsc_q_find(const struct Dtls_self *self, uint16_t key)
{
    uint16_t at = 0;
    while (at < self->queued && dtls_get_u16(self->queue + at) != key)
        at = (uint16_t)(at + 4u + dtlsc_q_len(self, at));
    return at;
}

static void dtlsc_q_remove(struct Dtls_self *self, uint16_t at)
{
    uint16_t n = (uint16_t)(4u + dtlsc_q_len(self, at));
    for (uint16_t i = at; i + n < self->queued; i++)
        self->queue[i] = self->queue[i + n];
    self->queued = (uint16_t)(self->queued - n);
    wipe(self->queue + self->queued, n);
}

/* Whether key has data waiting (a server-only image has no queue). */
static bool dtlsc_q_has(const struct Dtls_self *self, uint16_t key)
{
    return (DTLS_ROLES & DTLS_ROLE_CLIENT) && dtlsc_q_find(self, key) < self->queued;
}

static void dtlsc_q_drop(struct Dtls_self *self, uint16_t key)
{
    uint16_t at;
    while ((DTLS_ROLES & DTLS_ROLE_CLIENT) && (at = dtlsc_q_find(self, key)) < self->queued)
        dtlsc_q_remove(self, at);
}

/* ---- records out ------------------------------------------------------------ */

static const struct cs_key *dtlsc_tx_key(const struct dtls_peer *p)
{
    return dtlsc_is_client(p) ? &p->keys.client : &p->keys.server;
}

static const struct cs_key *dtlsc_rx_key(const struct dtls_peer *p)
{
    return dtlsc_is_client(p) ? &p->keys.server : &p->keys.client;
}

/* Open a record at the end of w: room for its header (and explicit nonce). */
static uint16_t dtlsc_rec_begin(struct dtls_wr *w, uint8_t epoch)
{
    uint16_t at = w->len;
    (void)dtls_wr_room(w, epoch ? DTLS_RECORD_HEADER_LEN + CS_EXPLICIT_LEN : DTLS_RECORD_HEADER_LEN);
    return at;
}

/* Close the record opened at `at`: header with the epoch's next sequence
 * number, and protection for epoch 1. */
static bool dtlsc_rec_end(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint16_t at,
                          uint8_t type, uint8_t epoch)
{
    uint16_t body = (uint16_t)(at + DTLS_RECORD_HEADER_LEN);
    uint16_t plain = (uint16_t)(w->len - body - (epoch ? CS_EXPLICIT_LEN : 0));
    if (epoch)
        (void)dtls_wr_room(w, CS_TAG_LEN);
    if (!w->ok || (!epoch && !p->hs))
        return false;
    uint8_t *seq = epoch ? p->tx_seq : p->hs->tx_seq0;
    uint16_t len = (uint16_t)(plain + (epoch ? CS_RECORD_OVERHEAD : 0));
    dtls_record_header_write(w->p + at, type, DTLS_VERSION_1_2, epoch, seq, len);
    if (!dtls_seq_next(seq))
        return false;
    return !epoch || Dtls__suite__protect(self, dtlsc_tx_key(p), type, DTLS_VERSION_1_2, w->p + at + 3,
                                          w->p + body, plain) == E_OK;
}

static err_t dtlsc_transmit(struct Dtls_self *self, const struct endpoint *to, uint16_t len)
{
    err_t e = Dtls__transport__send(self, to, self->tx, len);
    if (e == E_OK)
        self->tx_busy = true;
    return e;
}

/* A record out of turn (an alert, a HelloVerifyRequest) is built where it
 * can go: in the datagram buffer, sent at once; or, while the transport is
 * busy, in the one pending slot, sent first on send_done (so its peer may
 * end meanwhile). False if that slot is taken too: this one is dropped
 * (the peer retransmits what it answers). */
static bool dtlsc_small_begin(struct Dtls_self *self, struct dtls_wr *w)
{
    if (!self->tx_busy)
        dtls_wr_init(w, self->tx, sizeof self->tx);
    else if (!self->pend_len)
        dtls_wr_init(w, self->pend, sizeof self->pend);
    else
        return false;
    return true;
}

static void dtlsc_small_end(struct Dtls_self *self, const struct endpoint *to, const struct dtls_wr *w)
{
    if (w->p == self->tx) {
        (void)dtlsc_transmit(self, to, w->len);
        return;
    }
    endpoint_copy(&self->pend_to, to);
    self->pend_len = (uint8_t)w->len;
}

/* The record that waited for the transport, now free. */
static void dtlsc_send_pending(struct Dtls_self *self)
{
    uint8_t len = self->pend_len;
    if (!len)
        return;
    self->pend_len = 0;
    for (uint8_t i = 0; i < len; i++)
        self->tx[i] = self->pend[i];
    (void)dtlsc_transmit(self, &self->pend_to, len);
}

/* A single alert record to p. */
static void dtlsc_send_alert(struct Dtls_self *self, struct dtls_peer *p, uint8_t level, uint8_t desc)
{
    struct dtls_wr w;
    dtlst_alert(self, &p->ep, true, level, desc);
    if (!dtlsc_small_begin(self, &w))
        return;
    uint16_t at = dtlsc_rec_begin(&w, p->tx_epoch);
    uint8_t *b = dtls_wr_room(&w, 2);
    if (b)
        dtls_alert_write(b, level, desc);
    if (dtlsc_rec_end(self, p, &w, at, DTLS_CT_ALERT, p->tx_epoch))
        dtlsc_small_end(self, &p->ep, &w);
}

/* End a handshake or session with a fatal alert of ours. */
static void dtlsc_fail(struct Dtls_self *self, struct dtls_peer *p, uint8_t alert)
{
    dtlsc_send_alert(self, p, DTLS_ALERT_FATAL, alert);
    dtlsc_end(self, p, SESSION_ALERT_SENT, alert);
}

/* ---- a flight on the wire: NetQ entries cut to the MTU and packed ----------- */

/* The datagram size flights are cut to: the transport's mtu() now. */
static uint16_t dtlsc_tx_mtu(struct Dtls_self *self)
{
    uint16_t m = Dtls__transport__mtu(self);
    return m > DTLS_BUF_MAX ? DTLS_BUF_MAX : m;
}

/* Where a ClientHello body's cookie ends, 0 without one (its first
 * fragment must reach that far: gnutls-serv checks the cookie in the first
 * datagram alone). */
static uint16_t dtlsc_cookie_end(const uint8_t *body, uint16_t len)
{
    if (len < 35u)
        return 0;
    uint16_t at = (uint16_t)(35u + body[34]); /* version, random, session id */
    return at < len && body[at] ? (uint16_t)(at + 1u + body[at]) : 0;
}

/* Append one record of entry (tag, data, len) to w, from self->tx_off on:
 * the CCS, or a fragment of the handshake message as long as fits. False
 * if nothing fitted (the datagram is full). */
static bool dtlsc_put_entry(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint8_t tag,
                            const uint8_t *data, uint16_t len)
{
    uint8_t epoch = (tag & DTLS_TAG_EPOCH1) ? 1 : 0;
    uint8_t type = (uint8_t)(tag & ~DTLS_TAG_EPOCH1);
    uint16_t over = (uint16_t)(DTLS_RECORD_HEADER_LEN + (epoch ? CS_RECORD_OVERHEAD : 0));
    uint16_t room = (uint16_t)(w->cap - w->len);
    if (type != DTLS_CT_HANDSHAKE) {
        if (room < over + len)
            return false;
        uint16_t at = dtlsc_rec_begin(w, epoch);
        dtls_wr_bytes(w, data, len);
        return dtlsc_rec_end(self, p, w, at, type, epoch);
    }
    const uint8_t *body = data + DTLS_HS_HEADER_LEN;
    uint16_t body_len = (uint16_t)(len - DTLS_HS_HEADER_LEN);
    uint16_t left = (uint16_t)(body_len - self->tx_off);
    uint16_t need = left < DTLS_FRAG_MIN ? left : DTLS_FRAG_MIN;
    uint16_t cookie_end = (DTLS_ROLES & DTLS_ROLE_CLIENT) && data[0] == DTLS_HT_CLIENT_HELLO && !self->tx_off
                              ? dtlsc_cookie_end(body, body_len)
                              : 0;
    if (cookie_end > need && over + DTLS_HS_HEADER_LEN + cookie_end <= w->cap)
        need = cookie_end; /* the cookie in the first fragment whenever the MTU allows */
    if (room < over + DTLS_HS_HEADER_LEN + need)
        return false;
    uint16_t frag = (uint16_t)(room - over - DTLS_HS_HEADER_LEN);
    if (frag > left)
        frag = left;
    uint16_t seq = dtls_get_u16(data + 4);
    uint16_t at = dtlsc_rec_begin(w, epoch);
    uint8_t *h = dtls_wr_room(w, DTLS_HS_HEADER_LEN);
    if (h)
        dtls_hs_header_write(h, data[0], body_len, seq, self->tx_off, frag);
    dtls_wr_bytes(w, body + self->tx_off, frag);
    if (!dtlsc_rec_end(self, p, w, at, DTLS_CT_HANDSHAKE, epoch))
        return false;
    dtlst_fragment(self, &p->ep, true, data[0], seq, self->tx_off, frag, body_len);
    DTLSC_COUNT(self, p, DTLSC_FRAGS_SENT);
    self->tx_off = (uint16_t)(self->tx_off + frag);
    return true;
}

/* Send the next datagram of self->tx_peer's flight; the flight is done
 * (tx_peer NULL) once its last entry went out. */
static void dtlsc_send_flight_datagram(struct Dtls_self *self)
{
    struct dtls_peer *p = self->tx_peer;
    uint16_t key = dtlsc_key(self, p);
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, dtlsc_tx_mtu(self));
    for (;;) {
        uint8_t tag = QUEUE_END;
        const uint8_t *data = NULL;
        uint16_t len = Dtls__netq__peek(self, key, self->tx_entry, &tag, &data);
        if (tag == QUEUE_END) {
            self->tx_peer = NULL;
            break;
        }
        if (!dtlsc_put_entry(self, p, &w, tag, data, len))
            break;
        bool whole = (tag & ~DTLS_TAG_EPOCH1) != DTLS_CT_HANDSHAKE ||
                     self->tx_off == (uint16_t)(len - DTLS_HS_HEADER_LEN);
        if (whole) {
            self->tx_entry++;
            self->tx_off = 0;
        }
    }
    if (!w.len || dtlsc_transmit(self, &p->ep, w.len) != E_OK)
        self->tx_peer = NULL; /* the MTU is too small or the link failed: the timer resends it */
}

/* One queued datagram of an established peer, if any: true if sent. */
static bool dtlsc_send_queued(struct Dtls_self *self)
{
    uint16_t at = 0;
    while (at < self->queued) {
        uint16_t key = dtls_get_u16(self->queue + at), len = dtlsc_q_len(self, at);
        struct dtls_peer *p = Dtls__pool__at(self, key);
        if (p && p->state == DTLS_X_OPEN && !(p->flags & (DTLS_PF_BUILD | DTLS_PF_SEND))) {
            struct dtls_wr w;
            dtls_wr_init(&w, self->tx, sizeof self->tx);
            uint16_t r = dtlsc_rec_begin(&w, 1);
            dtls_wr_bytes(&w, self->queue + at + 4, len);
            bool ok = dtlsc_rec_end(self, p, &w, r, DTLS_CT_APPLICATION_DATA, 1);
            dtlsc_q_remove(self, at);
            return ok && dtlsc_transmit(self, &p->ep, w.len) == E_OK;
        }
        at = (uint16_t)(at + 4u + len);
    }
    return false;
}

/* Whatever waits for the transport, while it is free: the rest of a
 * flight, flights to build, flights to (re)send, then queued data. */
static void dtlsc_pump(struct Dtls_self *self)
{
    while (!self->tx_busy) {
        if (self->tx_peer) {
            dtlsc_send_flight_datagram(self);
            continue;
        }
        struct dtls_peer *next = NULL;
        for (uint16_t i = 0; i < self->peers && !next; i++) {
            struct dtls_peer *p = Dtls__pool__at(self, i);
            if (p && p->state != DTLS_X_DEAD && (p->flags & (DTLS_PF_BUILD | DTLS_PF_SEND)))
                next = p;
        }
        for (uint16_t i = 0; i < self->peers && !next; i++) {
            struct dtls_peer *p = Dtls__pool__at(self, i);
            if (p && p->state == DTLS_X_OPEN && (p->flags & DTLS_PF_CLOSE)) {
                dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
                dtlsc_end(self, p, SESSION_CLOSED, SESSION_NO_ALERT);
                next = p;
            }
        }
        if (next && next->state == DTLS_X_DEAD) {
            continue;
        } else if (next && (next->flags & DTLS_PF_BUILD)) {
            dtlsc_build(self, next);
        } else if (next) {
            next->flags &= (uint8_t)~DTLS_PF_SEND;
            self->tx_peer = next;
            self->tx_entry = 0;
            self->tx_off = 0;
        } else if (!(DTLS_ROLES & DTLS_ROLE_CLIENT) || !dtlsc_send_queued(self)) {
            return;
        }
    }
}

/* ---- building flights: messages hashed and pushed into NetQ ---------------- */

/* Open a handshake message in the datagram buffer (the scratch space). */
static void dtlsc_msg_begin(struct Dtls_self *self, struct dtls_wr *w)
{
    dtls_wr_init(w, self->tx, sizeof self->tx);
    (void)dtls_wr_room(w, DTLS_HS_HEADER_LEN);
}

/* Close it: its header as if unfragmented, the transcript, NetQ. */
static bool dtlsc_msg_end(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint8_t type)
{
    if (!w->ok)
        return false;
    uint16_t len = (uint16_t)(w->len - DTLS_HS_HEADER_LEN);
    dtls_hs_header_write(w->p, type, len, p->hs->tx_msg_seq++, 0, len);
    Dtls__hash__update(self, &p->hs->transcript, w->p, w->len);
    uint8_t tag = (uint8_t)(DTLS_CT_HANDSHAKE | (p->tx_epoch ? DTLS_TAG_EPOCH1 : 0));
    return Dtls__netq__push(self, dtlsc_key(self, p), tag, w->p, w->len) == E_OK;
}

static bool dtlsc_client_hello(struct Dtls_self *self, struct dtls_peer *p)
{
    struct dtls_hs *hs = p->hs;
    struct dtls_client_hello ch = {0};
    ch.random = hs->client_random;
    ch.cookie = hs->cookie;
    ch.cookie_len = hs->cookie_len;
    ch.flags = DTLS_HELLO_SCSV | DTLS_HELLO_EMS;
    struct dtls_wr w;
    dtlsc_msg_begin(self, &w);
    uint16_t n = dtls_client_hello_build(w.p + w.len, (uint16_t)(w.cap - w.len), &ch);
    if (!n || !dtls_wr_room(&w, n))
        return false;
    Dtls__hash__init(self, &hs->transcript); /* the transcript starts at the last ClientHello */
    return dtlsc_msg_end(self, p, &w, DTLS_HT_CLIENT_HELLO);
}

static bool dtlsc_server_hello(struct Dtls_self *self, struct dtls_peer *p)
{
    struct dtls_server_hello sh = {0};
    sh.random = p->hs->server_random;
    sh.flags = (uint8_t)(((p->flags & DTLS_PF_EMS) ? DTLS_HELLO_EMS : 0) |
                         ((p->flags & DTLS_PF_RENEG) ? DTLS_HELLO_RENEG_INFO : 0));
    struct dtls_wr w;
    dtlsc_msg_begin(self, &w);
    uint16_t n = dtls_server_hello_build(w.p + w.len, (uint16_t)(w.cap - w.len), &sh);
    if (!n || !dtls_wr_room(&w, n) || !dtlsc_msg_end(self, p, &w, DTLS_HT_SERVER_HELLO))
        return false;
    dtlsc_msg_begin(self, &w);
    uint16_t cap = (uint16_t)(w.cap - w.len - 2u);
    uint16_t hl = Dtls__psk__hint(self, &p->ep, w.p + w.len + 2, cap > PSK_HINT_MAX ? PSK_HINT_MAX : cap);
    if (hl && hl <= cap) { /* ServerKeyExchange only with a hint (RFC 4279 section 2) */
        dtls_wr_u16(&w, hl);
        (void)dtls_wr_room(&w, hl);
        if (!dtlsc_msg_end(self, p, &w, DTLS_HT_SERVER_KEY_EXCHANGE))
            return false;
        dtlsc_msg_begin(self, &w);
    }
    return dtlsc_msg_end(self, p, &w, DTLS_HT_SERVER_HELLO_DONE);
}

/* ChangeCipherSpec, then Finished under the new epoch. */
static bool dtlsc_ccs_finished(struct Dtls_self *self, struct dtls_peer *p)
{
    static const uint8_t ccs = 1;
    if (Dtls__netq__push(self, dtlsc_key(self, p), DTLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1) != E_OK)
        return false;
    p->tx_epoch = 1;
    wipe(p->tx_seq, sizeof p->tx_seq);
    struct hash_ctx h = p->hs->transcript;
    uint8_t digest[CS_SESSION_HASH_LEN];
    Dtls__hash__final(self, &h, digest);
    struct dtls_wr w;
    dtlsc_msg_begin(self, &w);
    uint8_t *vd = dtls_wr_room(&w, CS_VERIFY_LEN);
    if (vd)
        Dtls__suite__finished(self, p->hs->master, dtlsc_is_client(p), digest, vd);
    return dtlsc_msg_end(self, p, &w, DTLS_HT_FINISHED);
}

/* Derive master secret and keys from the PSK (the transcript ends with the
 * ClientKeyExchange: the session hash of RFC 7627). */
static bool dtlsc_derive(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *psk, uint8_t psk_len)
{
    struct dtls_hs *hs = p->hs;
    err_t e;
    if (p->flags & DTLS_PF_EMS) {
        struct hash_ctx h = hs->transcript;
        uint8_t sh[CS_SESSION_HASH_LEN];
        Dtls__hash__final(self, &h, sh);
        e = Dtls__suite__extended_master_secret(self, psk, psk_len, sh, hs->master);
    } else {
        e = Dtls__suite__master_secret(self, psk, psk_len, hs->client_random, hs->server_random, hs->master);
    }
    if (e != E_OK)
        return false;
    Dtls__suite__key_block(self, hs->master, hs->client_random, hs->server_random, &p->keys);
    return true;
}

/* The client's last flight: ClientKeyExchange, ChangeCipherSpec, Finished. */
static bool dtlsc_client_finish(struct Dtls_self *self, struct dtls_peer *p)
{
    uint8_t id_len = self->stash_peer == p ? self->stash_len : 0;
    if (self->stash_peer != p)
        id_len = Dtls__psk__identity(self, &p->ep, NULL, 0, self->stash);
    self->stash_peer = NULL;
    uint8_t key[PSK_KEY_MAX];
    uint8_t key_len = id_len ? Dtls__psk__key(self, &p->ep, self->stash, id_len, key) : 0;
    if (!key_len || key_len > PSK_KEY_MAX || id_len > PSK_IDENTITY_MAX) {
        wipe(key, sizeof key);
        dtlsc_send_alert(self, p, DTLS_ALERT_FATAL, DTLS_ALERT_HANDSHAKE_FAILURE);
        dtlsc_end(self, p, SESSION_NO_PSK, DTLS_ALERT_HANDSHAKE_FAILURE);
        return false;
    }
    struct dtls_wr w;
    dtlsc_msg_begin(self, &w);
    dtls_wr_u16(&w, id_len);
    dtls_wr_bytes(&w, self->stash, id_len);
    bool ok = dtlsc_msg_end(self, p, &w, DTLS_HT_CLIENT_KEY_EXCHANGE) && dtlsc_derive(self, p, key, key_len);
    wipe(key, sizeof key);
    return ok && dtlsc_ccs_finished(self, p);
}

/* Arm the retransmission timer for a new flight (the final one: a lifetime,
 * no retransmission) and queue it for sending. */
static void dtlsc_flight_start(struct Dtls_self *self, struct dtls_peer *p, bool final)
{
    p->hs->retx = 0;
    (void)Dtls__netq__start(self, dtlsc_key(self, p),
                            final ? self->handshake_timeout_ms : self->retx_initial_ms);
    p->flags |= DTLS_PF_SEND;
}

/* Build p's flight for its state (the transport is free: its buffer is
 * the scratch space) into NetQ, replacing the previous one. */
static void dtlsc_build(struct Dtls_self *self, struct dtls_peer *p)
{
    p->flags &= (uint8_t) ~(DTLS_PF_BUILD | DTLS_PF_SEND);
    if (self->tx_peer == p)
        self->tx_peer = NULL;
    if (!p->hs) /* given back: nothing to build on */
        return;
    Dtls__netq__drop(self, dtlsc_key(self, p));
    bool ok, final = false;
    switch (p->state) { /* (DTLS_ROLES: a role no instance has folds away) */
    case DTLS_C_WAIT_HELLO:
        ok = (DTLS_ROLES & DTLS_ROLE_CLIENT) && dtlsc_client_hello(self, p);
        break;
    case DTLS_S_WAIT_CKE:
        ok = (DTLS_ROLES & DTLS_ROLE_SERVER) && dtlsc_server_hello(self, p);
        break;
    case DTLS_X_WAIT_CCS: /* the client's last flight */
        ok = (DTLS_ROLES & DTLS_ROLE_CLIENT) && dtlsc_client_finish(self, p);
        break;
    case DTLS_X_OPEN: /* the server's final flight */
        ok = (DTLS_ROLES & DTLS_ROLE_SERVER) && dtlsc_ccs_finished(self, p);
        wipe(p->hs->master, sizeof p->hs->master); /* its last use */
        final = true;
        break;
    default:
        return;
    }
    if (p->state == DTLS_X_DEAD)
        return;
    if (!ok) {
        dtlsc_send_alert(self, p, DTLS_ALERT_FATAL, DTLS_ALERT_INTERNAL_ERROR);
        dtlsc_end(self, p, SESSION_NO_RESOURCES, DTLS_ALERT_INTERNAL_ERROR);
        return;
    }
    dtlsc_flight_start(self, p, final);
}

/* Enter a state that sends a flight (the answer to the peer's flight just
 * received): build it now or once the transport is free. */
static void dtlsc_flight(struct Dtls_self *self, struct dtls_peer *p)
{
    p->hs->peer_flight_seq = p->hs->rx_flight_seq;
    p->flags |= DTLS_PF_BUILD;
    dtlsc_pump(self);
}

/* ---- retransmission (RFC 6347 4.2.4) --------------------------------------- */

static void dtlsc_resend(struct Dtls_self *self, struct dtls_peer *p, time_ms_t next_ms)
{
    DTLSC_COUNT(self, p, DTLSC_RETX);
    dtlst_retransmit(self, &p->ep, p->hs->retx, next_ms);
    if (self->tx_peer != p && !(p->flags & DTLS_PF_BUILD))
        p->flags |= DTLS_PF_SEND;
    dtlsc_pump(self);
}

/* The retransmission timeout after n retransmissions of a flight:
 * retx_initial_ms doubled n times, at most retx_max_ms (also when the
 * initial one is larger). */
static time_ms_t dtlsc_retx_ms(const struct Dtls_self *self, uint8_t n)
{
    time_ms_t t = self->retx_initial_ms, max = self->retx_max_ms;
    for (; n > 0 && t < max; n--)
        t += t; /* no overflow: both are at most 600000 (dtls.comp) */
    return t < max ? t : max;
}

void Dtls__netq__expired(struct Dtls_self *self, uint16_t key, uint8_t retransmits)
{
    (void)retransmits; /* we count our own: start() re-arms with our timeout */
    struct dtls_peer *p = Dtls__pool__at(self, key);
    if (!p || !p->hs || p->state == DTLS_X_DEAD) {
        Dtls__netq__drop(self, key);
        return;
    }
    struct dtls_hs *hs = p->hs;
    if (p->state == DTLS_X_OPEN) { /* the final flight's lifetime is over */
        dtlsc_hs_release(self, p);
        return;
    }
    if (hs->retx >= self->retx_limit) {
        dtlsc_end(self, p, SESSION_TIMEOUT, SESSION_NO_ALERT);
        return;
    }
    time_ms_t next = dtlsc_retx_ms(self, ++hs->retx);
    (void)Dtls__netq__start(self, key, next);
    dtlsc_resend(self, p, next);
}

/* A fragment of a message the peer sent before: if it opens the peer's
 * previous flight, the peer is retransmitting it, so ours was lost. */
static void dtlsc_on_old(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_fragment *f)
{
    uint16_t key = dtlsc_key(self, p);
    if (f->message_seq != p->hs->peer_flight_seq || f->offset != 0 || !Dtls__netq__count(self, key))
        return;
    if (p->state != DTLS_X_OPEN) /* re-armed, not doubled (RFC 6347 4.2.4: SENDING sets the timer) */
        (void)Dtls__netq__start(self, key, dtlsc_retx_ms(self, p->hs->retx));
    dtlsc_resend(self, p, 0);
}

/* ---- server: cookies and the first ClientHello -------------------------- */

/* Where the cookie field (length byte, then the cookie) of a ClientHello
 * fragment lies: *at is the length byte's offset in f->body, true if the
 * whole field is in this fragment. The first fragment says where it is
 * (after version, random and session_id); a later one is taken to follow
 * an empty session_id (offset 35 of the body), as an initial ClientHello's
 * does: a wrong guess just fails the MAC. */
static bool dtlsc_cookie_field(const struct dtls_hs_fragment *f, uint16_t *at)
{
    uint16_t field = 35u; /* version 2, random 32, session_id length 1 (+ 0) */
    if (f->offset == 0 && f->frag_len > 34u)
        field = (uint16_t)(field + f->body[34]);
    if (f->offset > field || field - (uint16_t)f->offset >= f->frag_len)
        return false;
    *at = (uint16_t)(field - f->offset);
    return *at + 1u + f->body[*at] <= f->frag_len;
}

/* HMAC-SHA256(secret, client endpoint), cut to 16 bytes: it proves the
 * client receives at its address (RFC 6347 4.2.1), and binding nothing of
 * the hello lets the server check it in whichever fragment of a fragmented
 * ClientHello carries it, statelessly (at an MTU of 60 no first fragment
 * can hold a cookie). */
static void dtlsc_cookie(struct Dtls_self *self, const uint8_t *secret, const struct endpoint *from,
                         uint8_t *out)
{
    struct mac_ctx m;
    uint8_t tag[MAC_LEN] = {0}; /* (gcc -O2 cannot see final() write it) */
    Dtls__mac__init(self, &m, secret, DTLS_SECRET_LEN);
    Dtls__mac__update(self, &m, from->addr, sizeof from->addr);
    uint8_t pk[3] = {(uint8_t)(from->port >> 8), (uint8_t)from->port, from->kind};
    Dtls__mac__update(self, &m, pk, sizeof pk);
    Dtls__mac__final(self, &m, tag);
    Dtls__mac__clear(self, &m);
    for (uint8_t i = 0; i < DTLS_COOKIE_LEN; i++)
        out[i] = tag[i];
    wipe(tag, sizeof tag);
}

/* field: the cookie's length byte, then the cookie. */
static bool dtlsc_cookie_valid(struct Dtls_self *self, const struct endpoint *from, const uint8_t *field)
{
    if (field[0] != DTLS_COOKIE_LEN)
        return false;
    bool ok = false;
    for (uint8_t k = 0; k < 2; k++) {
        uint8_t c[DTLS_COOKIE_LEN];
        dtlsc_cookie(self, self->secret[k], from, c);
        ok |= ct_equal(c, field + 1, DTLS_COOKIE_LEN);
    }
    return ok;
}

/* A stateless reply (a HelloVerifyRequest with the current secret's
 * cookie, or an alert) to a ClientHello record, echoing its record sequence
 * number (RFC 6347 4.2.1). */
static void dtlsc_stateless(struct Dtls_self *self, const struct endpoint *to, const struct dtls_record *rec,
                            uint16_t msg_seq, bool hvr, uint8_t alert)
{
    struct dtls_wr w;
    if (!dtlsc_small_begin(self, &w))
        return;
    (void)dtls_wr_room(&w, DTLS_RECORD_HEADER_LEN);
    uint8_t type = DTLS_CT_ALERT;
    if (hvr) {
        type = DTLS_CT_HANDSHAKE;
        uint16_t n = 3 + DTLS_COOKIE_LEN;
        uint8_t *h = dtls_wr_room(&w, DTLS_HS_HEADER_LEN + n);
        if (h) {
            uint8_t c[DTLS_COOKIE_LEN];
            dtlsc_cookie(self, self->secret[0], to, c);
            dtls_hs_header_write(h, DTLS_HT_HELLO_VERIFY_REQUEST, n, msg_seq, 0, n);
            (void)dtls_hello_verify_build(h + DTLS_HS_HEADER_LEN, n, c, DTLS_COOKIE_LEN);
        }
        dtlst_fragment(self, to, true, DTLS_HT_HELLO_VERIFY_REQUEST, msg_seq, 0, n, n);
        DTLSC_COUNT(self, NULL, DTLSC_FRAGS_SENT);
    } else {
        dtlst_alert(self, to, true, DTLS_ALERT_FATAL, alert);
        uint8_t *b = dtls_wr_room(&w, 2);
        if (b)
            dtls_alert_write(b, DTLS_ALERT_FATAL, alert);
    }
    if (!w.ok)
        return;
    dtls_record_header_write(w.p, type, DTLS_VERSION_1_0, 0, rec->seq,
                             (uint16_t)(w.len - DTLS_RECORD_HEADER_LEN));
    dtlsc_small_end(self, to, &w);
}

/* The complete second ClientHello of p (whole, or reassembled): our policy,
 * then the server's flight. DTLS_OK or the alert. */
static uint8_t dtlsc_on_client_hello(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    struct dtls_client_hello ch;
    uint8_t alert = dtls_client_hello_parse(m->body, m->length, &ch);
    if (alert == DTLS_OK)
        alert = dtls_client_hello_check(&ch);
    if (alert != DTLS_OK)
        return alert;
    struct dtls_hs *hs = p->hs;
    p->flags |= (uint8_t)(((ch.flags & DTLS_HELLO_EMS) ? DTLS_PF_EMS : 0) |
                          ((ch.flags & (DTLS_HELLO_SCSV | DTLS_HELLO_RENEG_INFO)) ? DTLS_PF_RENEG : 0));
    for (uint8_t i = 0; i < DTLS_RANDOM_LEN; i++)
        hs->client_random[i] = ch.random[i];
    if (Dtls__random__generate(self, hs->server_random, DTLS_RANDOM_LEN) != E_OK)
        return DTLS_ALERT_INTERNAL_ERROR;
    dtlsc_hash_msg(self, p, m);
    hs->tx_msg_seq = m->message_seq;
    hs->rx_flight_seq = m->message_seq;
    p->state = DTLS_S_WAIT_CKE;
    dtlsc_flight(self, p);
    return DTLS_OK;
}

/* A ClientHello fragment from an endpoint without a peer (whole, or any
 * fragment of a fragmented one): the one that carries the cookie field
 * decides. No valid cookie: a HelloVerifyRequest; a valid one: a peer whose
 * inbox takes the hello (its other fragments come with the client's
 * retransmission if they came first and were dropped). */
static struct dtls_peer *dtlsc_server_accept(struct Dtls_self *self, const struct endpoint *from,
                                             const struct dtls_record *rec, const struct dtls_hs_fragment *f,
                                             struct dtls_peer *old)
{
    if (f->frag_len == f->length) {
        struct dtls_client_hello ch;
        uint8_t alert = dtls_client_hello_parse(f->body, f->frag_len, &ch);
        if (alert == DTLS_OK)
            alert = dtls_client_hello_check(&ch);
        if (alert != DTLS_OK) {
            dtlsc_stateless(self, from, rec, 0, false, alert);
            return NULL;
        }
    }
    uint16_t at;
    if (!dtlsc_cookie_field(f, &at)) {
        dtlsc_drop(self, NULL, DTLS_DROP_UNEXPECTED); /* a fragment without the whole cookie field */
        return NULL;
    }
    if (!dtlsc_cookie_valid(self, from, f->body + at)) {
        dtlsc_stateless(self, from, rec, f->message_seq, true, 0);
        return NULL;
    }
    if (old) /* the client restarted (RFC 6347 4.2.8) and proved its address */
        dtlsc_end(self, old, SESSION_RESTARTED, SESSION_NO_ALERT);
    struct dtls_peer *p = dtlsc_alloc(self, from, 0, f->message_seq);
    if (!p && old) /* its object is freed by the reap task: the client's retransmission */
        return NULL;
    if (!p) {
        dtlsc_stateless(self, from, rec, 0, false, DTLS_ALERT_INTERNAL_ERROR);
        return NULL;
    }
    dtls_replay_update(&p->replay[0], rec->seq);
    for (uint8_t i = 0; i < DTLS_SEQ_LEN;
         i++) /* above the HelloVerifyRequest's, which echoed the first ClientHello's */
        p->hs->tx_seq0[i] = rec->seq[i];
    p->state = DTLS_S_WAIT_HELLO;
    return p;
}

/* ---- handshake messages of a known peer --------------------------------- */

static void dtlsc_hash_msg(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    uint8_t hdr[DTLS_HS_HEADER_LEN];
    dtls_hs_header_write(hdr, m->type, m->length, m->message_seq, 0, m->length);
    Dtls__hash__update(self, &p->hs->transcript, hdr, sizeof hdr);
    Dtls__hash__update(self, &p->hs->transcript, m->body, m->length);
}

/* A HelloVerifyRequest (a repeated one too: a server that changed its
 * secret): the ClientHello again, with the cookie and the next message_seq. */
static uint8_t dtlsc_on_hello_verify(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    struct dtls_hello_verify hv;
    uint8_t alert = dtls_hello_verify_parse(m->body, m->length, &hv);
    if (alert != DTLS_OK)
        return alert;
    struct dtls_hs *hs = p->hs;
    for (uint8_t i = 0; i < hv.cookie_len; i++)
        hs->cookie[i] = hv.cookie[i];
    hs->cookie_len = hv.cookie_len;
    hs->rx_flight_seq = m->message_seq;
    dtlsc_flight(self, p);
    return DTLS_OK;
}

static uint8_t dtlsc_on_server_hello(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    struct dtls_server_hello sh;
    uint8_t alert = dtls_server_hello_parse(m->body, m->length, &sh);
    if (alert == DTLS_OK)
        alert = dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS);
    if (alert != DTLS_OK)
        return alert;
    dtlsc_hash_msg(self, p, m);
    for (uint8_t i = 0; i < DTLS_RANDOM_LEN; i++)
        p->hs->server_random[i] = sh.random[i];
    if (sh.flags & DTLS_HELLO_EMS)
        p->flags |= DTLS_PF_EMS;
    p->hs->rx_flight_seq = m->message_seq;
    p->state = DTLS_C_WAIT_DONE;
    return DTLS_OK;
}

static uint8_t dtlsc_on_server_key_exchange(struct Dtls_self *self, struct dtls_peer *p,
                                            const struct dtls_hs_msg *m)
{
    struct dtls_rd r;
    dtls_rd_init(&r, m->body, m->length);
    uint16_t hl = dtls_rd_u16(&r);
    const uint8_t *hint = dtls_rd_take(&r, hl);
    if (!r.ok || dtls_rd_left(&r))
        return DTLS_ALERT_DECODE_ERROR;
    dtlsc_hash_msg(self, p, m);
    p->flags |= DTLS_PF_SKE;
    self->stash_len = Dtls__psk__identity(self, &p->ep, hint, hl, self->stash);
    self->stash_peer = p;
    return DTLS_OK;
}

static uint8_t dtlsc_on_client_key_exchange(struct Dtls_self *self, struct dtls_peer *p,
                                            const struct dtls_hs_msg *m)
{
    struct dtls_rd r;
    dtls_rd_init(&r, m->body, m->length);
    uint16_t il = dtls_rd_u16(&r);
    const uint8_t *id = dtls_rd_take(&r, il);
    if (!r.ok || dtls_rd_left(&r))
        return DTLS_ALERT_DECODE_ERROR;
    if (il == 0 || il > PSK_IDENTITY_MAX) /* well formed, but no identity we know */
        return DTLS_ALERT_UNKNOWN_PSK_IDENTITY;
    dtlsc_hash_msg(self, p, m);
    uint8_t key[PSK_KEY_MAX];
    uint8_t kl = Dtls__psk__key(self, &p->ep, id, (uint8_t)il, key);
    bool ok = kl && kl <= PSK_KEY_MAX && dtlsc_derive(self, p, key, kl);
    wipe(key, sizeof key);
    if (!kl)
        return DTLS_ALERT_UNKNOWN_PSK_IDENTITY;
    if (!ok)
        return DTLS_ALERT_INTERNAL_ERROR;
    p->hs->rx_flight_seq = m->message_seq;
    p->state = DTLS_X_WAIT_CCS;
    return DTLS_OK;
}

static void dtlsc_established(struct Dtls_self *self, struct dtls_peer *p)
{
    p->state = DTLS_X_OPEN;
    p->deadline = Dtls__timer__now(self) + self->idle_timeout_ms;
    DTLSC_COUNT(self, p, DTLSC_COMPLETED);
    dtlst_session(self, &p->ep, true, 0, 0);
    Dtls__session__connected(self, &p->ep);
    dtlsc_pump(self); /* data queued for the session */
}

static uint8_t dtlsc_on_finished(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    if (m->length != CS_VERIFY_LEN)
        return DTLS_ALERT_DECODE_ERROR;
    bool client = dtlsc_is_client(p);
    struct hash_ctx h = p->hs->transcript;
    uint8_t digest[CS_SESSION_HASH_LEN];
    Dtls__hash__final(self, &h, digest);
    if (!Dtls__suite__check_finished(self, p->hs->master, !client, digest, m->body))
        return DTLS_ALERT_DECRYPT_ERROR;
    dtlsc_hash_msg(self, p, m);
    if (!client) {
        p->state = DTLS_X_OPEN; /* our final flight: built now or once the transport is free */
        dtlsc_flight(self, p);
        if (p->state == DTLS_X_DEAD)
            return DTLS_OK;
    } else {
        dtlsc_hs_release(self, p); /* the server's Finished: our flight arrived */
        p->rx_next = (uint16_t)(m->message_seq + 1u);
    }
    dtlsc_established(self, p);
    return DTLS_OK;
}

/* A message in a client state (DTLS_OK, an alert, or DTLS_SEQ_NONE: none
 * of this state's). */
/* A message in a client state: DTLS_OK or an alert. */
static uint8_t dtlsc_on_client_message(struct Dtls_self *self, struct dtls_peer *p,
                                       const struct dtls_hs_msg *m)
{
    if (p->state == DTLS_C_WAIT_HELLO) {
        if (m->type == DTLS_HT_HELLO_VERIFY_REQUEST)
            return dtlsc_on_hello_verify(self, p, m);
        if (m->type == DTLS_HT_SERVER_HELLO)
            return dtlsc_on_server_hello(self, p, m);
    } else if (p->state == DTLS_C_WAIT_DONE) {
        if (m->type == DTLS_HT_SERVER_KEY_EXCHANGE && !(p->flags & DTLS_PF_SKE))
            return dtlsc_on_server_key_exchange(self, p, m);
        if (m->type == DTLS_HT_SERVER_HELLO_DONE) {
            if (m->length) /* RFC 5246 7.4.5: empty */
                return DTLS_ALERT_DECODE_ERROR;
            dtlsc_hash_msg(self, p, m);
            p->state = DTLS_X_WAIT_CCS;
            dtlsc_flight(self, p);
            return DTLS_OK;
        }
    }
    return DTLS_ALERT_UNEXPECTED_MESSAGE;
}

/* One complete handshake message for p in its turn: DTLS_OK or an alert. */
static uint8_t dtlsc_on_message(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    switch (p->state) {
    case DTLS_C_WAIT_HELLO:
    case DTLS_C_WAIT_DONE:
        if (DTLS_ROLES & DTLS_ROLE_CLIENT)
            return dtlsc_on_client_message(self, p, m);
        break;
    case DTLS_S_WAIT_HELLO:
        if ((DTLS_ROLES & DTLS_ROLE_SERVER) && m->type == DTLS_HT_CLIENT_HELLO)
            return dtlsc_on_client_hello(self, p, m);
        break;
    case DTLS_S_WAIT_CKE:
        if ((DTLS_ROLES & DTLS_ROLE_SERVER) && m->type == DTLS_HT_CLIENT_KEY_EXCHANGE)
            return dtlsc_on_client_key_exchange(self, p, m);
        break;
    case DTLS_X_WAIT_FIN:
        if (m->type == DTLS_HT_FINISHED)
            return dtlsc_on_finished(self, p, m);
        break;
    default:
        break;
    }
    return DTLS_ALERT_UNEXPECTED_MESSAGE;
}

/* A handshake fragment on an established session: a renegotiation request
 * (refused with a warning), a message of the handshake again (the client's
 * retransmitted last flight makes the server resend its final flight;
 * anything else old is dropped), or a new message: unexpected_message. */
static uint8_t dtlsc_on_open_fragment(struct Dtls_self *self, struct dtls_peer *p,
                                      const struct dtls_hs_fragment *f, uint16_t epoch)
{
    bool client = dtlsc_is_client(p);
    uint16_t next = p->hs ? p->hs->inbox.next_seq : p->rx_next;
    if (epoch != p->rx_epoch) { /* epoch 0: only the peer's last flight again */
        if (f->message_seq < next)
            dtlsc_on_old(self, p, f);
        else
            dtlsc_drop(self, p, DTLS_DROP_EPOCH);
    } else if ((f->type == DTLS_HT_CLIENT_HELLO && !client) || (f->type == DTLS_HT_HELLO_REQUEST && client)) {
        if (f->offset == 0)
            dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
    } else if (f->message_seq >= next) {
        return DTLS_ALERT_UNEXPECTED_MESSAGE;
    } else if (p->hs) {
        dtlsc_on_old(self, p, f);
    } else {
        dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED);
    }
    return DTLS_OK;
}

/* Fragment f into p's inbox; every message it completes, in turn, processed. */
static uint8_t dtlsc_on_fragment(struct Dtls_self *self, struct dtls_peer *p,
                                 const struct dtls_hs_fragment *f)
{
    struct dtls_hs_msg m;
    uint8_t alert;
    switch (dtls_inbox_put(&p->hs->inbox, f, &m, &alert)) {
    case DTLS_IN_READY:
        break;
    case DTLS_IN_OLD:
        dtlsc_on_old(self, p, f);
        return DTLS_OK;
    case DTLS_IN_FUTURE:
        dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED);
        return DTLS_OK;
    case DTLS_IN_ERROR:
        return alert;
    default: /* PENDING */
        return DTLS_OK;
    }
    do {
        if (m.body != f->body)
            DTLSC_COUNT(self, p, DTLSC_REASSEMBLED);
        alert = dtlsc_on_message(self, p, &m);
        if (alert != DTLS_OK || p->state == DTLS_X_DEAD || !p->hs)
            return alert;
    } while (dtls_inbox_advance(&p->hs->inbox, &m));
    return DTLS_OK;
}

static void dtlsc_on_handshake(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *plain,
                               uint16_t len, uint16_t epoch)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert = DTLS_OK;
    dtls_hs_iter_init(&hi, plain, len);
    while (p->state != DTLS_X_DEAD && dtls_hs_next(&hi, &f, &alert)) {
        dtlst_fragment(self, &p->ep, false, f.type, f.message_seq, f.offset, f.frag_len, f.length);
        DTLSC_COUNT(self, p, DTLSC_FRAGS_RECEIVED);
        if (p->state == DTLS_X_OPEN)
            alert = dtlsc_on_open_fragment(self, p, &f, epoch);
        else
            alert = dtlsc_on_fragment(self, p, &f);
        if (alert != DTLS_OK)
            break;
    }
    if (alert != DTLS_OK && p->state != DTLS_X_DEAD)
        dtlsc_fail(self, p, alert);
}

/* ---- records of a known peer --------------------------------------------- */

static void dtlsc_on_alert(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *body, uint16_t len)
{
    uint8_t level, desc;
    if (!dtls_alert_parse(body, len, &level, &desc)) {
        dtlsc_drop(self, p, DTLS_DROP_MALFORMED);
        return;
    }
    dtlst_alert(self, &p->ep, false, level, desc);
    if (desc == DTLS_ALERT_CLOSE_NOTIFY) { /* answered with ours (RFC 5246 7.2.1) */
        dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
        dtlsc_end(self, p, SESSION_PEER_CLOSED, SESSION_NO_ALERT);
    } else if (level == DTLS_ALERT_FATAL)
        dtlsc_end(self, p, SESSION_ALERT_RECEIVED, desc);
}

static void dtlsc_on_ccs(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *body, uint16_t len)
{
    if (!dtls_ccs_valid(body, len) || p->state != DTLS_X_WAIT_CCS || p->rx_epoch != 0) {
        dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED);
        return;
    }
    p->rx_epoch = 1;
    dtls_replay_reset(&p->replay[1]);
    p->state = DTLS_X_WAIT_FIN;
}

/* Epoch-0 records stay welcome after the CCS while the handshake object
 * lives: the peer may retransmit its last flight (handshake and CCS). */
static bool dtlsc_epoch_ok(const struct dtls_peer *p, const struct dtls_record *rec)
{
    if (rec->epoch == p->rx_epoch)
        return true;
    return rec->epoch == 0 && p->hs &&
           (rec->type == DTLS_CT_HANDSHAKE || rec->type == DTLS_CT_CHANGE_CIPHER_SPEC);
}

/* Authenticate (epoch 1) into self->rx: the plaintext, or NULL (dropped). */
static const uint8_t *dtlsc_open_record(struct Dtls_self *self, struct dtls_peer *p,
                                        const struct dtls_record *rec, uint16_t *len)
{
    *len = rec->length;
    if (!rec->epoch)
        return rec->fragment;
    if (rec->length > sizeof self->rx) {
        dtlsc_drop(self, p, DTLS_DROP_TOO_LONG);
        return NULL;
    }
    for (uint16_t i = 0; i < rec->length; i++)
        self->rx[i] = rec->fragment[i];
    if (Dtls__suite__unprotect(self, dtlsc_rx_key(p), rec->type, rec->version, rec->header + 3, self->rx,
                               rec->length) != E_OK) {
        dtlsc_drop(self, p, DTLS_DROP_BAD_MAC);
        return NULL;
    }
    *len = (uint16_t)(rec->length - CS_RECORD_OVERHEAD);
    return self->rx + CS_EXPLICIT_LEN;
}

static void dtlsc_on_record(struct Dtls_self *self, struct dtls_peer *p, const struct endpoint *from,
                            const struct dtls_record *rec)
{
    if (!dtlsc_epoch_ok(p, rec)) {
        dtlsc_drop(self, p, DTLS_DROP_EPOCH);
        return;
    }
    struct dtls_replay *win = &p->replay[rec->epoch & 1u];
    if (!dtls_replay_check(win, rec->seq)) {
        dtlsc_drop(self, p, DTLS_DROP_REPLAY);
        return;
    }
    uint16_t len;
    const uint8_t *plain = dtlsc_open_record(self, p, rec, &len);
    if (!plain)
        return;
    dtls_replay_update(win, rec->seq);
    if (p->state == DTLS_X_OPEN && rec->epoch) {
        p->deadline = Dtls__timer__now(self) + self->idle_timeout_ms;
        if (rec->type != DTLS_CT_HANDSHAKE && p->hs && self->tx_peer != p &&
            !(p->flags & (DTLS_PF_BUILD | DTLS_PF_SEND)))
            dtlsc_hs_release(self, p); /* the client has our final flight (it went out) */
    }
    switch (rec->type) {
    case DTLS_CT_ALERT:
        dtlsc_on_alert(self, p, plain, len);
        break;
    case DTLS_CT_CHANGE_CIPHER_SPEC:
        dtlsc_on_ccs(self, p, plain, len);
        break;
    case DTLS_CT_HANDSHAKE:
        dtlsc_on_handshake(self, p, plain, len, rec->epoch);
        break;
    default:
        if (p->state == DTLS_X_OPEN && rec->epoch)
            Dtls__datagram__received(self, from, plain, len);
        else
            dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED);
        break;
    }
}

/* A record from an endpoint without a peer, or one that restarts an open
 * session (old): only a server's ClientHello (dtlsc_server_accept). With a
 * valid cookie the new peer takes the record's fragments like any other's. */
static struct dtls_peer *dtlsc_on_stranger(struct Dtls_self *self, const struct endpoint *from,
                                           const struct dtls_record *rec, struct dtls_peer *old)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    if (!dtlsc_server(self) || rec->type != DTLS_CT_HANDSHAKE || rec->epoch != 0) {
        dtlsc_drop(self, NULL, rec->epoch ? DTLS_DROP_EPOCH : DTLS_DROP_UNEXPECTED);
        return NULL;
    }
    dtls_hs_iter_init(&hi, rec->fragment, rec->length);
    if (!dtls_hs_next(&hi, &f, &alert) || f.type != DTLS_HT_CLIENT_HELLO) {
        dtlsc_drop(self, NULL, DTLS_DROP_MALFORMED);
        return NULL;
    }
    struct dtls_peer *p = dtlsc_server_accept(self, from, rec, &f, old);
    if (!p)
        dtlst_fragment(self, from, false, f.type, f.message_seq, f.offset, f.frag_len, f.length);
    else
        dtlsc_on_handshake(self, p, rec->fragment, rec->length, 0);
    return p;
}

/* RFC 6347 4.2.8: an epoch-0 ClientHello on a server's open session that
 * is not its handshake's own (while the handshake object lives: another
 * client random in a first fragment) starts over, as from a stranger. */
static bool dtlsc_restarts(struct Dtls_self *self, const struct dtls_peer *p, const struct dtls_record *rec)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    if (!dtlsc_server(self) || p->state != DTLS_X_OPEN || dtlsc_is_client(p) || rec->epoch != 0 ||
        rec->type != DTLS_CT_HANDSHAKE)
        return false;
    dtls_hs_iter_init(&hi, rec->fragment, rec->length);
    if (!dtls_hs_next(&hi, &f, &alert) || f.type != DTLS_HT_CLIENT_HELLO)
        return false;
    if (!p->hs)
        return true;
    if (f.offset != 0 || f.frag_len < 2u + DTLS_RANDOM_LEN)
        return false;
    uint8_t diff = 0;
    for (uint8_t i = 0; i < DTLS_RANDOM_LEN; i++)
        diff |= (uint8_t)(f.body[2 + i] ^ p->hs->client_random[i]);
    return diff != 0;
}

void Dtls__transport__received(struct Dtls_self *self, const struct endpoint *from, const uint8_t *buf,
                               uint16_t len)
{
    struct dtls_record_iter it;
    struct dtls_record rec;
    struct dtls_peer *p = dtlsc_find(self, from);
    dtls_record_iter_init(&it, buf, len, NULL);
    while (dtls_record_next(&it, &rec)) {
        if (p && p->state == DTLS_X_DEAD)
            break;
        if (p && !dtlsc_restarts(self, p, &rec))
            dtlsc_on_record(self, p, from, &rec);
        else
            p = dtlsc_on_stranger(self, from, &rec, p);
    }
    if (it.dropped) /* unsound records: counted as malformed, whatever the reason */
        dtlsc_drops(self, p, DTLS_DROP_MALFORMED, it.dropped);
}

/* ---- transport events ----------------------------------------------------- */

void Dtls__transport__send_done(struct Dtls_self *self, const uint8_t *buf, err_t result)
{
    (void)buf;
    self->tx_busy = false;
    dtlsc_send_pending(self);
    const uint8_t *user = self->user_done ? NULL : self->user_buf;
    if (user) {
        self->user_buf = NULL;
        Dtls__datagram__send_done(self, user, result);
    }
    dtlsc_pump(self);
}

/* ---- timer: handshake and idle timeouts, cookie rotation ------------------ */

static void dtlsc_tick_peer(struct Dtls_self *self, struct dtls_peer *p, time_ms_t now)
{
    if (p->state == DTLS_X_OPEN) {
        if (self->idle_timeout_ms && !time_before(now, p->deadline)) {
            dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
            dtlsc_end(self, p, SESSION_IDLE, SESSION_NO_ALERT);
        }
        return;
    }
    if (!time_before(now, p->deadline))
        dtlsc_end(self, p, SESSION_TIMEOUT, SESSION_NO_ALERT);
}

static void dtlsc_rotate(struct Dtls_self *self)
{
    for (uint8_t i = 0; i < DTLS_SECRET_LEN; i++)
        self->secret[1][i] = self->secret[0][i];
    (void)Dtls__random__generate(self, self->secret[0], DTLS_SECRET_LEN);
    self->rotated_at = Dtls__timer__now(self);
}

void Dtls__timer__fired(struct Dtls_self *self)
{
    time_ms_t now = Dtls__timer__now(self);
    if (dtlsc_server(self) && now - self->rotated_at >= self->cookie_period_ms)
        dtlsc_rotate(self);
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && p->state != DTLS_X_DEAD)
            dtlsc_tick_peer(self, p, now);
    }
}

/* ---- Datagram (upward) ----------------------------------------------------- */

err_t Dtls__datagram__open(struct Dtls_self *self, const struct endpoint *local)
{
    if (self->open)
        return E_ALREADY;
    err_t e = Dtls__transport__open(self, local);
    if (e != E_OK)
        return e;
    self->open = true;
    if (dtlsc_server(self)) {
        dtlsc_rotate(self);
        dtlsc_rotate(self);
    }
    Dtls__timer__start_periodic(self, DTLS_TICK_MS);
    return E_OK;
}

void Dtls__datagram__close(struct Dtls_self *self)
{
    if (!self->open)
        return;
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && p->state != DTLS_X_DEAD)
            dtlsc_end(self, p, SESSION_LINK_FAILED, SESSION_NO_ALERT);
    }
    Dtls__timer__stop(self);
    Dtls__transport__close(self);
    wipe(self->secret, sizeof self->secret);
    self->open = false;
}

uint16_t Dtls__datagram__mtu(struct Dtls_self *self)
{
    uint16_t m = dtlsc_tx_mtu(self);
    return m > DTLS_OVERHEAD ? (uint16_t)(m - DTLS_OVERHEAD) : 0;
}

static struct dtls_peer *dtlsc_connect(struct Dtls_self *self, const struct endpoint *peer);

/* Data that cannot go out at once (no session yet: the handshake starts
 * if needed; our flight or earlier data first; a busy transport): copied
 * into the queue; send_done(E_OK) follows from the reap task, and the data
 * goes out, in order, once the session is up and the transport free. */
static err_t dtlsc_send_later(struct Dtls_self *self, struct dtls_peer *p, const struct endpoint *to,
                              const uint8_t *buf, uint16_t len)
{
    if (!self->queue_bytes || !(DTLS_ROLES & DTLS_ROLE_CLIENT)) /* a server-only image has no queue */
        return p ? E_BUSY : E_OFF;
    if (!p && !dtlsc_client(self))
        return E_OFF;
    if ((uint32_t)self->queued + 4u + len > self->queue_bytes)
        return E_NOMEM;
    if (!p) {
        p = dtlsc_connect(self, to);
        if (!p)
            return E_NOMEM;
    }
    if (!dtlsc_q_push(self, dtlsc_key(self, p), buf, len))
        return E_NOMEM;
    self->user_buf = buf;
    self->user_done = true;
    (void)Dtls__post__reap(self);
    return E_OK;
}

err_t Dtls__datagram__send(struct Dtls_self *self, const struct endpoint *to, const uint8_t *buf,
                           uint16_t len)
{
    if (!self->open)
        return E_OFF;
    if (!to || to->kind == ENDPOINT_NONE)
        return E_INVAL;
    if (len > Dtls__datagram__mtu(self))
        return E_SIZE;
    if (self->user_buf)
        return E_BUSY; /* the previous send is not done */
    struct dtls_peer *p = dtlsc_find(self, to);
    if (!p || p->state != DTLS_X_OPEN || (p->flags & (DTLS_PF_BUILD | DTLS_PF_SEND | DTLS_PF_CLOSE)) ||
        self->tx_busy || dtlsc_q_has(self, dtlsc_key(self, p)))
        return dtlsc_send_later(self, p, to, buf, len); /* after the handshake, our flight or earlier data */
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, sizeof self->tx);
    uint16_t at = dtlsc_rec_begin(&w, p->tx_epoch);
    dtls_wr_bytes(&w, buf, len);
    if (!dtlsc_rec_end(self, p, &w, at, DTLS_CT_APPLICATION_DATA, p->tx_epoch))
        return E_FAIL;
    err_t e = dtlsc_transmit(self, to, w.len);
    if (e == E_OK)
        self->user_buf = buf;
    return e;
}

/* ---- Session ------------------------------------------------------------------ */

/* A new client handshake with peer: its ClientHello is on its way. */
static struct dtls_peer *dtlsc_connect(struct Dtls_self *self, const struct endpoint *peer)
{
    struct dtls_peer *p = dtlsc_alloc(self, peer, DTLS_PF_CLIENT, 0);
    if (!p)
        return NULL;
    if (Dtls__random__generate(self, p->hs->client_random, DTLS_RANDOM_LEN) != E_OK) {
        dtlsc_hs_release(self, p);
        (void)Dtls__pool__free(self, p);
        return NULL;
    }
    p->state = DTLS_C_WAIT_HELLO;
    dtlsc_flight(self, p);
    return p;
}

err_t Dtls__session__connect(struct Dtls_self *self, const struct endpoint *peer)
{
    if (!dtlsc_client(self) || !peer || peer->kind == ENDPOINT_NONE)
        return E_INVAL;
    if (!self->open)
        return E_OFF;
    if (dtlsc_find(self, peer))
        return E_ALREADY;
    return dtlsc_connect(self, peer) ? E_OK : E_NOMEM;
}

err_t Dtls__session__close(struct Dtls_self *self, const struct endpoint *peer)
{
    struct dtls_peer *p = peer ? dtlsc_find(self, peer) : NULL;
    if (!p)
        return E_INVAL;
    if (p->state == DTLS_X_OPEN && self->tx_busy) { /* close_notify once the transport is free */
        p->flags |= DTLS_PF_CLOSE;
        return E_OK;
    }
    if (p->state == DTLS_X_OPEN)
        dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
    dtlsc_end(self, p, SESSION_CLOSED, SESSION_NO_ALERT);
    return E_OK;
}

bool Dtls__session__is_connected(struct Dtls_self *self, const struct endpoint *peer)
{
    const struct dtls_peer *p = peer ? dtlsc_find(self, peer) : NULL;
    return p && p->state == DTLS_X_OPEN;
}

/* ---- DtlsStats ----------------------------------------------------------------- */

bool Dtls__stats__peer(struct Dtls_self *self, const struct endpoint *peer, struct dtls_counters *out)
{
    const struct dtls_peer *p = peer ? dtlsc_find(self, peer) : NULL;
    if (!p)
        return false;
    *out = p->ctr.named;
    return true;
}

void Dtls__stats__total(struct Dtls_self *self, struct dtls_counters *out)
{
    *out = self->total.named;
}
