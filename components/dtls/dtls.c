/* dtls.c: the Dtls component: DTLS 1.2 with pre-shared keys
 * (TLS_PSK_WITH_AES_128_CCM_8, RFC 6347, RFC 4279, RFC 7627, RFC 5746) for
 * both roles over the pure record, handshake and hello code of this folder.
 *
 * One Pool object per peer (handshake or session), found by endpoint. A
 * server allocates one only for a ClientHello with a valid stateless cookie
 * (HMAC-SHA256 over the client's endpoint and the hello without its cookie,
 * under a secret rotated every cookie_period_ms; the previous secret is
 * still accepted). Handshake messages are expected whole and in order
 * (fragmentation and flight retransmission are issue 7's); a client
 * retransmits its ClientHello, and every handshake ends after
 * handshake_timeout_ms. Records that fail to parse, are replayed, are for
 * an epoch without keys or fail to authenticate are dropped and counted
 * (RFC 6347 4.1.2.7). An unknown PSK identity is answered with the fatal
 * alert unknown_psk_identity (RFC 4279 section 2 allows it or
 * decrypt_error; we choose the one that tells a client what is wrong).
 * A ClientHello when the pool is full gets a fatal internal_error.
 *
 * Sending: one datagram buffer per instance; a flight that finds the
 * transport busy is marked pending and goes out on send_done. */
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
#include "interfaces/session.h"
#include "lib/ct.h"
#include "lib/endpoint.h"
#include "lib/time_ms.h"
#include "lib/wipe.h"

#ifndef DTLS_BUF_MAX
#define DTLS_BUF_MAX 400 /* the largest datagram we send or decrypt */
#endif
#define DTLS_COOKIE_LEN  16
#define DTLS_TICK_MS     250u
#define DTLS_RETX_MS     1000u /* first ClientHello retransmission (RFC 6347 4.2.4.1) */
#define DTLS_RETX_MAX_MS 8000u
#define DTLS_SECRET_LEN  32
#define DTLS_OVERHEAD    (DTLS_RECORD_HEADER_LEN + CS_RECORD_OVERHEAD)
#define DTLS_ROLE_CLIENT 1u
#define DTLS_ROLE_SERVER 2u

enum dtls_state {
    DTLS_S_FREE = 0,
    DTLS_C_WAIT_HELLO, /* ClientHello sent: HelloVerifyRequest or ServerHello next */
    DTLS_C_WAIT_DONE,  /* ServerHello received: [ServerKeyExchange] ServerHelloDone */
    DTLS_S_WAIT_CKE,   /* our flight sent: ClientKeyExchange next */
    DTLS_X_WAIT_CCS,   /* the peer's ChangeCipherSpec next */
    DTLS_X_WAIT_FIN,   /* the peer's Finished next (epoch 1) */
    DTLS_X_OPEN,       /* established */
    DTLS_X_DEAD        /* ended: closed() is signalled and the object freed by the reap task */
};

enum {
    DTLS_PF_CLIENT = 0x01,
    DTLS_PF_EMS = 0x02,
    DTLS_PF_RENEG = 0x04,
    DTLS_PF_PENDING = 0x08, /* the current flight waits for the transport */
    DTLS_PF_NOHASH = 0x10,  /* building a retransmission: the transcript has it */
    DTLS_PF_WAS_OPEN = 0x20
};

/* One peer: a handshake in progress or a session. Wiped by Pool.free(). */
struct dtls_peer {
    struct endpoint ep;
    uint8_t state;
    uint8_t flags;
    uint8_t rx_epoch, tx_epoch;
    uint8_t cookie_len;
    uint8_t reason, alert; /* DTLS_X_DEAD: what closed() says */
    uint16_t rx_msg_seq, tx_msg_seq;
    uint64_t tx_seq;
    time_ms_t deadline; /* handshake: give up; open: idle out */
    time_ms_t retx_at;
    time_ms_t retx_ms;
    struct dtls_replay replay[2];
    uint8_t client_random[DTLS_RANDOM_LEN];
    uint8_t server_random[DTLS_RANDOM_LEN];
    uint8_t cookie[DTLS_COOKIE_MAX];
    uint8_t master[CS_MASTER_LEN];
    struct hash_ctx transcript;
    struct cs_keys keys;
    struct dtls_counters ctr;
};

struct Dtls_self {
    const uint16_t peers;
    const uint8_t role;
    const time_ms_t handshake_timeout_ms;
    const time_ms_t cookie_period_ms;
    const time_ms_t idle_timeout_ms;
    bool open;
    bool tx_busy;
    const uint8_t *user_buf; /* the user's send in flight */
    time_ms_t rotated_at;
    uint8_t secret[2][DTLS_SECRET_LEN]; /* cookie secrets: current, previous */
    struct dtls_counters total;         /* DtlsStats: every peer's since boot, and strangers' drops */
    const struct dtls_peer *stash_peer; /* whose identity is stashed (ServerKeyExchange) */
    uint8_t stash_len;
    uint8_t stash[PSK_IDENTITY_MAX];
    uint8_t tx[DTLS_BUF_MAX];
    uint8_t rx[DTLS_BUF_MAX];
};

#define DTLS_DEFINE(inst, peers_, role_, hto_, cp_, idle_)                                                   \
    struct Dtls_self inst##__self = {.peers = (peers_),                                                      \
                                     .role = (role_),                                                        \
                                     .handshake_timeout_ms = (hto_),                                         \
                                     .cookie_period_ms = (cp_),                                              \
                                     .idle_timeout_ms = (idle_)};
Dtls__INSTANCES(DTLS_DEFINE)
#undef DTLS_DEFINE

    static void dtlsc_flight(struct Dtls_self *self, struct dtls_peer *p);

/* ---- counters (DtlsStats) -------------------------------------------------- */

static void dtlsc_add(uint16_t *ctr, uint16_t n)
{
    uint16_t room = (uint16_t)(0xFFFFu - *ctr);
    *ctr = (uint16_t)(n > room ? 0xFFFFu : *ctr + n);
}

/* Count one event in the total and in peer p's counters. */
#define DTLSC_COUNT(self, p, field)                                                                          \
    do {                                                                                                     \
        dtlsc_add(&(self)->total.field, 1);                                                                  \
        dtlsc_add(&(p)->ctr.field, 1);                                                                       \
    } while (0)

static uint16_t *dtlsc_drop_ctr(struct dtls_counters *c, uint8_t reason)
{
    switch (reason) {
    case DTLS_DROP_EPOCH:
        return &c->drop_epoch;
    case DTLS_DROP_REPLAY:
        return &c->drop_replay;
    case DTLS_DROP_BAD_MAC:
        return &c->drop_bad_mac;
    case DTLS_DROP_UNEXPECTED:
        return &c->drop_unexpected;
    default:
        return &c->drop_malformed;
    }
}

/* n records (or messages) dropped for reason, from peer p (NULL: a stranger). */
static void dtlsc_drops(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason, uint16_t n)
{
    dtlsc_add(dtlsc_drop_ctr(&self->total, reason), n);
    if (p)
        dtlsc_add(dtlsc_drop_ctr(&p->ctr, reason), n);
}

static void dtlsc_drop(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason)
{
    dtlsc_drops(self, p, reason, 1);
}

/* ---- peers --------------------------------------------------------------- */

static struct dtls_peer *dtlsc_find(struct Dtls_self *self, const struct endpoint *ep)
{
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && p->state != DTLS_X_DEAD && endpoint_equal(&p->ep, ep))
            return p;
    }
    return NULL;
}

static struct dtls_peer *dtlsc_alloc(struct Dtls_self *self, const struct endpoint *ep, uint8_t flags)
{
    if (Dtls__pool__object_size(self) < sizeof(struct dtls_peer))
        return NULL;
    struct dtls_peer *p = Dtls__pool__alloc(self);
    if (!p)
        return NULL;
    endpoint_copy(&p->ep, ep);
    p->flags = flags;
    p->deadline = Dtls__timer__now(self) + self->handshake_timeout_ms;
    dtls_replay_reset(&p->replay[0]);
    dtls_replay_reset(&p->replay[1]);
    Dtls__hash__init(self, &p->transcript);
    return p;
}

/* End p: closed(reason, alert) and the free follow from the reap task. */
static void dtlsc_end(struct Dtls_self *self, struct dtls_peer *p, uint8_t reason, uint8_t alert)
{
    if (p->state == DTLS_X_OPEN)
        p->flags |= DTLS_PF_WAS_OPEN;
    p->state = DTLS_X_DEAD;
    p->reason = reason;
    p->alert = alert;
    wipe(p->master, sizeof p->master);
    wipe(&p->keys, sizeof p->keys);
    (void)Dtls__post__reap(self);
}

void Dtls__task__reap(struct Dtls_self *self)
{
    for (uint16_t i = 0; i < self->peers; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (!p || p->state != DTLS_X_DEAD)
            continue;
        struct endpoint ep = p->ep;
        uint8_t reason = p->reason, alert = p->alert;
        if (!(p->flags & DTLS_PF_WAS_OPEN))
            dtlsc_add(&self->total.hs_failed, 1);
        dtlst_session(self, &ep, false, reason, alert);
        (void)Dtls__pool__free(self, p);
        Dtls__session__closed(self, &ep, reason, alert);
    }
}

/* ---- sending records ----------------------------------------------------- */

static const struct cs_key *dtlsc_tx_key(const struct dtls_peer *p)
{
    return (p->flags & DTLS_PF_CLIENT) ? &p->keys.client : &p->keys.server;
}

static const struct cs_key *dtlsc_rx_key(const struct dtls_peer *p)
{
    return (p->flags & DTLS_PF_CLIENT) ? &p->keys.server : &p->keys.client;
}

/* Open a record at the end of w: room for its header (and explicit nonce). */
static uint16_t dtlsc_rec_begin(struct dtls_wr *w, uint8_t epoch)
{
    uint16_t at = w->len;
    (void)dtls_wr_room(w, epoch ? DTLS_RECORD_HEADER_LEN + CS_EXPLICIT_LEN : DTLS_RECORD_HEADER_LEN);
    return at;
}

/* Close the record opened at `at`: header, and protection for epoch > 0. */
static bool dtlsc_rec_end(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint16_t at,
                          uint8_t type, uint64_t seq)
{
    uint8_t epoch = p->tx_epoch;
    uint16_t body = (uint16_t)(at + DTLS_RECORD_HEADER_LEN);
    uint16_t plain = (uint16_t)(w->len - body - (epoch ? CS_EXPLICIT_LEN : 0));
    if (epoch)
        (void)dtls_wr_room(w, CS_TAG_LEN);
    if (!w->ok)
        return false;
    uint16_t len = (uint16_t)(plain + (epoch ? CS_RECORD_OVERHEAD : 0));
    if (!dtls_record_header_write(w->p + at, type, DTLS_VERSION_1_2, epoch, seq, len))
        return false;
    if (epoch) {
        uint8_t sb[CS_SEQ_LEN];
        dtls_record_seq_bytes(epoch, seq, sb);
        if (Dtls__suite__protect(self, dtlsc_tx_key(p), type, DTLS_VERSION_1_2, sb, w->p + body, plain) !=
            E_OK)
            return false;
    }
    return true;
}

static bool dtlsc_rec_close(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint16_t at,
                            uint8_t type)
{
    return dtlsc_rec_end(self, p, w, at, type, p->tx_seq++);
}

/* Open a handshake message (in its own record). */
static uint16_t dtlsc_hs_begin(struct dtls_peer *p, struct dtls_wr *w)
{
    uint16_t at = dtlsc_rec_begin(w, p->tx_epoch);
    (void)dtls_wr_room(w, DTLS_HS_HEADER_LEN);
    return at;
}

static bool dtlsc_hs_end(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w, uint16_t at,
                         uint8_t type)
{
    if (!w->ok)
        return false;
    uint16_t hs = (uint16_t)(at + DTLS_RECORD_HEADER_LEN + (p->tx_epoch ? CS_EXPLICIT_LEN : 0));
    uint16_t len = (uint16_t)(w->len - hs - DTLS_HS_HEADER_LEN);
    dtlst_fragment(self, &p->ep, true, type, p->tx_msg_seq, 0, len, len);
    DTLSC_COUNT(self, p, frags_sent);
    dtls_hs_header_write(w->p + hs, type, len, p->tx_msg_seq++, 0, len);
    if (!(p->flags & DTLS_PF_NOHASH))
        Dtls__hash__update(self, &p->transcript, w->p + hs, (uint16_t)(len + DTLS_HS_HEADER_LEN));
    return dtlsc_rec_close(self, p, w, at, DTLS_CT_HANDSHAKE);
}

static err_t dtlsc_transmit(struct Dtls_self *self, const struct endpoint *to, uint16_t len)
{
    err_t e = Dtls__transport__send(self, to, self->tx, len);
    if (e == E_OK)
        self->tx_busy = true;
    return e;
}

/* A single alert record to p (best effort: dropped if the transport is busy). */
static void dtlsc_send_alert(struct Dtls_self *self, struct dtls_peer *p, uint8_t level, uint8_t desc)
{
    if (self->tx_busy)
        return;
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, sizeof self->tx);
    uint16_t at = dtlsc_rec_begin(&w, p->tx_epoch);
    uint8_t *b = dtls_wr_room(&w, 2);
    if (b)
        dtls_alert_write(b, level, desc);
    dtlst_alert(self, &p->ep, true, level, desc);
    if (dtlsc_rec_close(self, p, &w, at, DTLS_CT_ALERT))
        (void)dtlsc_transmit(self, &p->ep, w.len);
}

/* End a handshake or session with a fatal alert of ours. */
static void dtlsc_fail(struct Dtls_self *self, struct dtls_peer *p, uint8_t alert)
{
    dtlsc_send_alert(self, p, DTLS_ALERT_FATAL, alert);
    dtlsc_end(self, p, SESSION_ALERT_SENT, alert);
}

/* ---- flights ------------------------------------------------------------- */

static void dtlsc_client_hello(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w)
{
    struct dtls_client_hello ch = {0};
    ch.random = p->client_random;
    ch.cookie = p->cookie;
    ch.cookie_len = p->cookie_len;
    ch.flags = DTLS_HELLO_SCSV | DTLS_HELLO_EMS;
    uint16_t at = dtlsc_hs_begin(p, w);
    uint8_t *body = w->ok ? w->p + w->len : NULL;
    uint16_t n = body ? dtls_client_hello_build(body, (uint16_t)(w->cap - w->len), &ch) : 0;
    if (!n || !dtls_wr_room(w, n)) {
        w->ok = false;
        return;
    }
    if (!(p->flags & DTLS_PF_NOHASH))
        Dtls__hash__init(self, &p->transcript); /* the transcript starts at the last ClientHello */
    (void)dtlsc_hs_end(self, p, w, at, DTLS_HT_CLIENT_HELLO);
}

static void dtlsc_server_hello(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w)
{
    struct dtls_server_hello sh = {0};
    sh.random = p->server_random;
    sh.flags = (uint8_t)(((p->flags & DTLS_PF_EMS) ? DTLS_HELLO_EMS : 0) |
                         ((p->flags & DTLS_PF_RENEG) ? DTLS_HELLO_RENEG_INFO : 0));
    uint16_t at = dtlsc_hs_begin(p, w);
    uint8_t *body = w->ok ? w->p + w->len : NULL;
    uint16_t n = body ? dtls_server_hello_build(body, (uint16_t)(w->cap - w->len), &sh) : 0;
    if (!n || !dtls_wr_room(w, n)) {
        w->ok = false;
        return;
    }
    (void)dtlsc_hs_end(self, p, w, at, DTLS_HT_SERVER_HELLO);
    uint8_t hint[64];
    uint16_t hl = Dtls__psk__hint(self, &p->ep, hint, sizeof hint);
    if (hl > sizeof hint)
        hl = sizeof hint;
    if (hl) { /* ServerKeyExchange only with a hint (RFC 4279 section 2) */
        at = dtlsc_hs_begin(p, w);
        dtls_wr_u16(w, hl);
        dtls_wr_bytes(w, hint, hl);
        (void)dtlsc_hs_end(self, p, w, at, DTLS_HT_SERVER_KEY_EXCHANGE);
    }
    at = dtlsc_hs_begin(p, w);
    (void)dtlsc_hs_end(self, p, w, at, DTLS_HT_SERVER_HELLO_DONE);
}

/* ChangeCipherSpec, then Finished under the new epoch. */
static void dtlsc_ccs_finished(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w)
{
    uint16_t at = dtlsc_rec_begin(w, p->tx_epoch);
    dtls_wr_u8(w, 1);
    (void)dtlsc_rec_close(self, p, w, at, DTLS_CT_CHANGE_CIPHER_SPEC);
    p->tx_epoch = 1;
    p->tx_seq = 0;
    struct hash_ctx h = p->transcript;
    uint8_t digest[CS_SESSION_HASH_LEN];
    Dtls__hash__final(self, &h, digest);
    at = dtlsc_hs_begin(p, w);
    uint8_t *vd = dtls_wr_room(w, CS_VERIFY_LEN);
    if (vd)
        Dtls__suite__finished(self, p->master, (p->flags & DTLS_PF_CLIENT) != 0, digest, vd);
    (void)dtlsc_hs_end(self, p, w, at, DTLS_HT_FINISHED);
}

/* Derive master secret and keys from the PSK (the transcript ends with the
 * ClientKeyExchange: the session hash of RFC 7627). */
static bool dtlsc_derive(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *psk, uint8_t psk_len)
{
    err_t e;
    if (p->flags & DTLS_PF_EMS) {
        struct hash_ctx h = p->transcript;
        uint8_t sh[CS_SESSION_HASH_LEN];
        Dtls__hash__final(self, &h, sh);
        e = Dtls__suite__extended_master_secret(self, psk, psk_len, sh, p->master);
    } else {
        e = Dtls__suite__master_secret(self, psk, psk_len, p->client_random, p->server_random, p->master);
    }
    if (e != E_OK)
        return false;
    Dtls__suite__key_block(self, p->master, p->client_random, p->server_random, &p->keys);
    return true;
}

/* The client's last flight: ClientKeyExchange, ChangeCipherSpec, Finished. */
static void dtlsc_client_finish(struct Dtls_self *self, struct dtls_peer *p, struct dtls_wr *w)
{
    uint8_t id_len = self->stash_peer == p ? self->stash_len : 0;
    if (self->stash_peer != p)
        id_len = Dtls__psk__identity(self, &p->ep, NULL, 0, self->stash);
    self->stash_peer = NULL;
    uint8_t key[PSK_KEY_MAX];
    uint8_t key_len = id_len ? Dtls__psk__key(self, &p->ep, self->stash, id_len, key) : 0;
    if (!key_len || key_len > PSK_KEY_MAX || id_len > PSK_IDENTITY_MAX) {
        wipe(key, sizeof key);
        w->ok = false;
        dtlsc_send_alert(self, p, DTLS_ALERT_FATAL, DTLS_ALERT_HANDSHAKE_FAILURE);
        dtlsc_end(self, p, SESSION_NO_PSK, DTLS_ALERT_HANDSHAKE_FAILURE);
        return;
    }
    uint16_t at = dtlsc_hs_begin(p, w);
    dtls_wr_u16(w, id_len);
    dtls_wr_bytes(w, self->stash, id_len);
    bool ok =
        dtlsc_hs_end(self, p, w, at, DTLS_HT_CLIENT_KEY_EXCHANGE) && dtlsc_derive(self, p, key, key_len);
    wipe(key, sizeof key);
    if (!ok) {
        w->ok = false;
        return;
    }
    dtlsc_ccs_finished(self, p, w);
}

/* Build and send p's current flight (on entering a state, or retransmitting). */
static void dtlsc_flight(struct Dtls_self *self, struct dtls_peer *p)
{
    if (self->tx_busy) {
        p->flags |= DTLS_PF_PENDING;
        return;
    }
    p->flags &= (uint8_t)~DTLS_PF_PENDING;
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, sizeof self->tx);
    switch (p->state) {
    case DTLS_C_WAIT_HELLO:
        dtlsc_client_hello(self, p, &w);
        break;
    case DTLS_S_WAIT_CKE:
        dtlsc_server_hello(self, p, &w);
        break;
    case DTLS_X_WAIT_CCS: /* client: its last flight */
    case DTLS_X_OPEN:     /* server: its last flight */
        if (p->flags & DTLS_PF_CLIENT) {
            dtlsc_client_finish(self, p, &w);
        } else {
            dtlsc_ccs_finished(self, p, &w);
            wipe(p->master, sizeof p->master); /* the server's last use of it */
        }
        break;
    default:
        return;
    }
    if (w.ok && p->state != DTLS_X_DEAD)
        (void)dtlsc_transmit(self, &p->ep, w.len);
    else if (p->state != DTLS_X_DEAD)
        dtlsc_end(self, p, SESSION_ALERT_SENT, DTLS_ALERT_INTERNAL_ERROR);
}

/* ---- server: cookies and the first ClientHello -------------------------- */

static void dtlsc_cookie(struct Dtls_self *self, const uint8_t *secret, const struct endpoint *from,
                         const uint8_t *body, const struct dtls_client_hello *ch, uint8_t *out)
{
    struct mac_ctx m;
    uint8_t tag[MAC_LEN];
    Dtls__mac__init(self, &m, secret, DTLS_SECRET_LEN);
    Dtls__mac__update(self, &m, from->addr, sizeof from->addr);
    uint8_t pk[3] = {(uint8_t)(from->port >> 8), (uint8_t)from->port, from->kind};
    Dtls__mac__update(self, &m, pk, sizeof pk);
    Dtls__mac__update(self, &m, body, ch->cookie_at);
    Dtls__mac__update(self, &m, body + ch->cookie_end, (uint16_t)(ch->body_len - ch->cookie_end));
    Dtls__mac__final(self, &m, tag);
    Dtls__mac__clear(self, &m);
    for (uint8_t i = 0; i < DTLS_COOKIE_LEN; i++)
        out[i] = tag[i];
    wipe(tag, sizeof tag);
}

static bool dtlsc_cookie_valid(struct Dtls_self *self, const struct endpoint *from, const uint8_t *body,
                               const struct dtls_client_hello *ch)
{
    if (ch->cookie_len != DTLS_COOKIE_LEN)
        return false;
    bool ok = false;
    for (uint8_t k = 0; k < 2; k++) {
        uint8_t c[DTLS_COOKIE_LEN];
        dtlsc_cookie(self, self->secret[k], from, body, ch, c);
        ok |= ct_equal(c, ch->cookie, DTLS_COOKIE_LEN);
    }
    return ok;
}

/* A stateless reply (HelloVerifyRequest or alert) to a ClientHello record,
 * echoing its record sequence number (RFC 6347 4.2.1). */
static void dtlsc_stateless(struct Dtls_self *self, const struct endpoint *to, const struct dtls_record *rec,
                            uint16_t msg_seq, const uint8_t *cookie, uint8_t alert)
{
    if (self->tx_busy)
        return; /* the client retransmits */
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, sizeof self->tx);
    (void)dtls_wr_room(&w, DTLS_RECORD_HEADER_LEN);
    uint8_t type = DTLS_CT_ALERT;
    if (cookie) {
        type = DTLS_CT_HANDSHAKE;
        uint8_t *hs = dtls_wr_room(&w, DTLS_HS_HEADER_LEN);
        uint8_t body[3 + DTLS_COOKIE_LEN];
        uint16_t n = dtls_hello_verify_build(body, sizeof body, cookie, DTLS_COOKIE_LEN);
        dtls_wr_bytes(&w, body, n);
        if (hs)
            dtls_hs_header_write(hs, DTLS_HT_HELLO_VERIFY_REQUEST, n, msg_seq, 0, n);
        dtlst_fragment(self, to, true, DTLS_HT_HELLO_VERIFY_REQUEST, msg_seq, 0, n, n);
        dtlsc_add(&self->total.frags_sent, 1);
    } else {
        dtlst_alert(self, to, true, DTLS_ALERT_FATAL, alert);
        uint8_t *b = dtls_wr_room(&w, 2);
        if (b)
            dtls_alert_write(b, DTLS_ALERT_FATAL, alert);
    }
    if (w.ok && dtls_record_header_write(self->tx, type, DTLS_VERSION_1_0, 0, rec->seq,
                                         (uint16_t)(w.len - DTLS_RECORD_HEADER_LEN)))
        (void)dtlsc_transmit(self, to, w.len);
}

static struct dtls_peer *dtlsc_server_accept(struct Dtls_self *self, const struct endpoint *from,
                                             const struct dtls_record *rec, const struct dtls_hs_msg *m)
{
    struct dtls_client_hello ch;
    uint8_t alert = dtls_client_hello_parse(m->body, m->length, &ch);
    if (alert == DTLS_OK)
        alert = dtls_client_hello_check(&ch);
    if (alert != DTLS_OK) {
        dtlsc_stateless(self, from, rec, 0, NULL, alert);
        return NULL;
    }
    if (!dtlsc_cookie_valid(self, from, m->body, &ch)) {
        uint8_t c[DTLS_COOKIE_LEN];
        dtlsc_cookie(self, self->secret[0], from, m->body, &ch, c);
        dtlsc_stateless(self, from, rec, m->message_seq, c, 0);
        return NULL;
    }
    uint8_t flags = (uint8_t)(((ch.flags & DTLS_HELLO_EMS) ? DTLS_PF_EMS : 0) |
                              ((ch.flags & (DTLS_HELLO_SCSV | DTLS_HELLO_RENEG_INFO)) ? DTLS_PF_RENEG : 0));
    struct dtls_peer *p = dtlsc_alloc(self, from, flags);
    if (!p) {
        dtlsc_stateless(self, from, rec, 0, NULL, DTLS_ALERT_INTERNAL_ERROR);
        return NULL;
    }
    for (uint8_t i = 0; i < DTLS_RANDOM_LEN; i++)
        p->client_random[i] = ch.random[i];
    if (Dtls__random__generate(self, p->server_random, DTLS_RANDOM_LEN) != E_OK) {
        (void)Dtls__pool__free(self, p);
        return NULL;
    }
    dtls_replay_update(&p->replay[0], rec->seq);
    p->tx_seq = rec->seq; /* above the HelloVerifyRequest's, which echoed the first ClientHello's */
    uint8_t hdr[DTLS_HS_HEADER_LEN];
    dtls_hs_header_write(hdr, DTLS_HT_CLIENT_HELLO, m->length, m->message_seq, 0, m->length);
    Dtls__hash__update(self, &p->transcript, hdr, sizeof hdr);
    Dtls__hash__update(self, &p->transcript, m->body, m->length);
    p->tx_msg_seq = m->message_seq;
    p->rx_msg_seq = (uint16_t)(m->message_seq + 1u);
    p->state = DTLS_S_WAIT_CKE;
    dtlsc_flight(self, p);
    return p;
}

/* ---- handshake messages of a known peer --------------------------------- */

static void dtlsc_hash_msg(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    uint8_t hdr[DTLS_HS_HEADER_LEN];
    dtls_hs_header_write(hdr, m->type, m->length, m->message_seq, 0, m->length);
    Dtls__hash__update(self, &p->transcript, hdr, sizeof hdr);
    Dtls__hash__update(self, &p->transcript, m->body, m->length);
}

static uint8_t dtlsc_on_hello_verify(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    struct dtls_hello_verify hv;
    uint8_t alert = dtls_hello_verify_parse(m->body, m->length, &hv);
    if (alert != DTLS_OK)
        return alert;
    for (uint8_t i = 0; i < hv.cookie_len; i++)
        p->cookie[i] = hv.cookie[i];
    p->cookie_len = hv.cookie_len;
    p->tx_msg_seq = 1;
    p->retx_ms = DTLS_RETX_MS;
    p->retx_at = Dtls__timer__now(self) + p->retx_ms;
    dtlsc_flight(self, p);
    return DTLS_OK;
}

static uint8_t dtlsc_on_server_hello(struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    struct dtls_server_hello sh;
    uint8_t alert = dtls_server_hello_parse(m->body, m->length, &sh);
    if (alert == DTLS_OK)
        alert = dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS);
    if (alert != DTLS_OK)
        return alert;
    for (uint8_t i = 0; i < DTLS_RANDOM_LEN; i++)
        p->server_random[i] = sh.random[i];
    if (sh.flags & DTLS_HELLO_EMS)
        p->flags |= DTLS_PF_EMS;
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
    if (!r.ok || dtls_rd_left(&r) || il == 0 || il > PSK_IDENTITY_MAX)
        return DTLS_ALERT_DECODE_ERROR;
    dtlsc_hash_msg(self, p, m);
    uint8_t key[PSK_KEY_MAX];
    uint8_t kl = Dtls__psk__key(self, &p->ep, id, (uint8_t)il, key);
    bool ok = kl && kl <= PSK_KEY_MAX && dtlsc_derive(self, p, key, kl);
    wipe(key, sizeof key);
    if (!kl)
        return DTLS_ALERT_UNKNOWN_PSK_IDENTITY;
    if (!ok)
        return DTLS_ALERT_INTERNAL_ERROR;
    p->state = DTLS_X_WAIT_CCS;
    return DTLS_OK;
}

static void dtlsc_established(struct Dtls_self *self, struct dtls_peer *p)
{
    p->state = DTLS_X_OPEN;
    p->deadline = Dtls__timer__now(self) + self->idle_timeout_ms;
    DTLSC_COUNT(self, p, hs_completed);
    dtlst_session(self, &p->ep, true, 0, 0);
    Dtls__session__connected(self, &p->ep);
}

static uint8_t dtlsc_on_finished(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    if (m->length != CS_VERIFY_LEN)
        return DTLS_ALERT_DECODE_ERROR;
    bool client = (p->flags & DTLS_PF_CLIENT) != 0;
    struct hash_ctx h = p->transcript;
    uint8_t digest[CS_SESSION_HASH_LEN];
    Dtls__hash__final(self, &h, digest);
    if (!Dtls__suite__check_finished(self, p->master, !client, digest, m->body))
        return DTLS_ALERT_DECRYPT_ERROR;
    dtlsc_hash_msg(self, p, m);
    if (!client) {
        p->state = DTLS_X_OPEN; /* our last flight may wait for the transport: it needs the master secret */
        dtlsc_flight(self, p);
        if (p->state == DTLS_X_DEAD)
            return DTLS_OK;
    } else {
        wipe(p->master, sizeof p->master);
    }
    dtlsc_established(self, p);
    return DTLS_OK;
}

/* One complete handshake message for p in its turn: DTLS_OK or an alert. */
static uint8_t dtlsc_on_message(struct Dtls_self *self, struct dtls_peer *p, const struct dtls_hs_msg *m)
{
    bool client = (p->flags & DTLS_PF_CLIENT) != 0;
    switch (p->state) {
    case DTLS_C_WAIT_HELLO:
        if (m->type == DTLS_HT_HELLO_VERIFY_REQUEST)
            return p->cookie_len ? DTLS_OK : dtlsc_on_hello_verify(self, p, m); /* a repeat: ignored */
        if (m->type != DTLS_HT_SERVER_HELLO)
            break;
        p->rx_msg_seq = m->message_seq; /* the server numbers from our last ClientHello */
        dtlsc_hash_msg(self, p, m);
        return dtlsc_on_server_hello(p, m);
    case DTLS_C_WAIT_DONE:
        if (m->type == DTLS_HT_SERVER_KEY_EXCHANGE) {
            dtlsc_hash_msg(self, p, m);
            return dtlsc_on_server_key_exchange(self, p, m);
        }
        if (m->type != DTLS_HT_SERVER_HELLO_DONE || m->length)
            break;
        dtlsc_hash_msg(self, p, m);
        p->state = DTLS_X_WAIT_CCS;
        dtlsc_flight(self, p);
        return DTLS_OK;
    case DTLS_S_WAIT_CKE:
        if (m->type == DTLS_HT_CLIENT_KEY_EXCHANGE)
            return dtlsc_on_client_key_exchange(self, p, m);
        break;
    case DTLS_X_WAIT_FIN:
        if (m->type == DTLS_HT_FINISHED)
            return dtlsc_on_finished(self, p, m);
        break;
    case DTLS_X_OPEN:
        if (m->type == DTLS_HT_CLIENT_HELLO && !client) {
            dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
            return DTLS_OK;
        }
        if (m->type == DTLS_HT_HELLO_REQUEST && client) {
            dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_NO_RENEGOTIATION);
            return DTLS_OK;
        }
        break;
    default:
        break;
    }
    return DTLS_ALERT_UNEXPECTED_MESSAGE;
}

static void dtlsc_on_handshake(struct Dtls_self *self, struct dtls_peer *p, const uint8_t *plain,
                               uint16_t len)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert = DTLS_OK;
    dtls_hs_iter_init(&hi, plain, len);
    while (p->state != DTLS_X_DEAD && dtls_hs_next(&hi, &f, &alert)) {
        dtlst_fragment(self, &p->ep, false, f.type, f.message_seq, f.offset, f.frag_len, f.length);
        bool in_turn = f.message_seq == p->rx_msg_seq || p->state == DTLS_C_WAIT_HELLO;
        if (f.offset != 0 || f.frag_len != f.length || !in_turn) {
            dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED); /* fragments and retransmissions: issue 7 */
            continue;
        }
        DTLSC_COUNT(self, p, frags_received);
        struct dtls_hs_msg m = {f.type, f.message_seq, (uint16_t)f.length, f.body};
        alert = dtlsc_on_message(self, p, &m);
        if (alert != DTLS_OK)
            break;
        p->rx_msg_seq = (uint16_t)(m.message_seq + 1u);
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
    if (desc == DTLS_ALERT_CLOSE_NOTIFY)
        dtlsc_end(self, p, SESSION_PEER_CLOSED, SESSION_NO_ALERT);
    else if (level == DTLS_ALERT_FATAL)
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

static void dtlsc_on_record(struct Dtls_self *self, struct dtls_peer *p, const struct endpoint *from,
                            const struct dtls_record *rec)
{
    if (rec->epoch != p->rx_epoch) {
        dtlsc_drop(self, p, DTLS_DROP_EPOCH);
        return;
    }
    struct dtls_replay *win = &p->replay[rec->epoch & 1u];
    if (!dtls_replay_check(win, rec->seq)) {
        dtlsc_drop(self, p, DTLS_DROP_REPLAY);
        return;
    }
    const uint8_t *plain = rec->fragment;
    uint16_t len = rec->length;
    if (rec->epoch) {
        if (len > sizeof self->rx) {
            dtlsc_drop(self, p, DTLS_DROP_TOO_LONG);
            return;
        }
        for (uint16_t i = 0; i < len; i++)
            self->rx[i] = rec->fragment[i];
        if (Dtls__suite__unprotect(self, dtlsc_rx_key(p), rec->type, rec->version, rec->header + 3, self->rx,
                                   len) != E_OK) {
            dtlsc_drop(self, p, DTLS_DROP_BAD_MAC);
            return;
        }
        plain = self->rx + CS_EXPLICIT_LEN;
        len = (uint16_t)(len - CS_RECORD_OVERHEAD);
    }
    dtls_replay_update(win, rec->seq);
    if (p->state == DTLS_X_OPEN && rec->epoch)
        p->deadline = Dtls__timer__now(self) + self->idle_timeout_ms;
    switch (rec->type) {
    case DTLS_CT_ALERT:
        dtlsc_on_alert(self, p, plain, len);
        break;
    case DTLS_CT_CHANGE_CIPHER_SPEC:
        dtlsc_on_ccs(self, p, plain, len);
        break;
    case DTLS_CT_HANDSHAKE:
        dtlsc_on_handshake(self, p, plain, len);
        break;
    default:
        if (p->state == DTLS_X_OPEN && rec->epoch)
            Dtls__datagram__received(self, from, plain, len);
        else
            dtlsc_drop(self, p, DTLS_DROP_UNEXPECTED);
        break;
    }
}

/* A record from an endpoint without a peer: only a server's ClientHello. */
static struct dtls_peer *dtlsc_on_stranger(struct Dtls_self *self, const struct endpoint *from,
                                           const struct dtls_record *rec)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    if (!(self->role & DTLS_ROLE_SERVER) || rec->type != DTLS_CT_HANDSHAKE || rec->epoch != 0) {
        dtlsc_drop(self, NULL, rec->epoch ? DTLS_DROP_EPOCH : DTLS_DROP_UNEXPECTED);
        return NULL;
    }
    dtls_hs_iter_init(&hi, rec->fragment, rec->length);
    if (!dtls_hs_next(&hi, &f, &alert) || f.type != DTLS_HT_CLIENT_HELLO || f.offset != 0 ||
        f.frag_len != f.length) {
        dtlsc_drop(self, NULL, DTLS_DROP_MALFORMED);
        return NULL;
    }
    dtlst_fragment(self, from, false, f.type, f.message_seq, f.offset, f.frag_len, f.length);
    struct dtls_hs_msg m = {f.type, f.message_seq, (uint16_t)f.length, f.body};
    return dtlsc_server_accept(self, from, rec, &m);
}

void Dtls__transport__received(struct Dtls_self *self, const struct endpoint *from, const uint8_t *buf,
                               uint16_t len)
{
    struct dtls_record_iter it;
    struct dtls_record rec;
    struct dtls_drops unsound = {0};
    struct dtls_peer *p = dtlsc_find(self, from);
    dtls_record_iter_init(&it, buf, len, &unsound);
    while (dtls_record_next(&it, &rec)) {
        if (p && p->state == DTLS_X_DEAD)
            break;
        if (p)
            dtlsc_on_record(self, p, from, &rec);
        else
            p = dtlsc_on_stranger(self, from, &rec);
    }
    uint16_t n = 0;
    for (uint8_t i = 0; i < DTLS_DROP_COUNT; i++)
        n = (uint16_t)(n + unsound.count[i]);
    if (n)
        dtlsc_drops(self, p, DTLS_DROP_MALFORMED, n);
}

/* ---- transport events ----------------------------------------------------- */

void Dtls__transport__send_done(struct Dtls_self *self, const uint8_t *buf, err_t result)
{
    (void)buf;
    self->tx_busy = false;
    const uint8_t *user = self->user_buf;
    self->user_buf = NULL;
    if (user)
        Dtls__datagram__send_done(self, user, result);
    for (uint16_t i = 0; i < self->peers && !self->tx_busy; i++) {
        struct dtls_peer *p = Dtls__pool__at(self, i);
        if (p && (p->flags & DTLS_PF_PENDING) && p->state != DTLS_X_DEAD)
            dtlsc_flight(self, p); /* never built yet: its messages go into the transcript */
    }
}

/* ---- timer: timeouts, ClientHello retransmission, cookie rotation ---------- */

static void dtlsc_tick_peer(struct Dtls_self *self, struct dtls_peer *p, time_ms_t now)
{
    if (p->state == DTLS_X_OPEN) {
        if (self->idle_timeout_ms && !time_before(now, p->deadline)) {
            dtlsc_send_alert(self, p, DTLS_ALERT_WARNING, DTLS_ALERT_CLOSE_NOTIFY);
            dtlsc_end(self, p, SESSION_IDLE, SESSION_NO_ALERT);
        }
        return;
    }
    if (!time_before(now, p->deadline)) {
        dtlsc_end(self, p, SESSION_TIMEOUT, SESSION_NO_ALERT);
        return;
    }
    if (p->state == DTLS_C_WAIT_HELLO && !time_before(now, p->retx_at)) {
        p->retx_ms = p->retx_ms * 2u > DTLS_RETX_MAX_MS ? DTLS_RETX_MAX_MS : p->retx_ms * 2u;
        p->retx_at = now + p->retx_ms;
        p->flags |= DTLS_PF_NOHASH;
        DTLSC_COUNT(self, p, retransmissions);
        dtlst_retransmit(self, &p->ep, (uint8_t)p->ctr.retransmissions, p->retx_ms);
        dtlsc_flight(self, p);
        p->flags &= (uint8_t)~DTLS_PF_NOHASH;
    }
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
    if ((self->role & DTLS_ROLE_SERVER) && now - self->rotated_at >= self->cookie_period_ms)
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
    if (self->role & DTLS_ROLE_SERVER) {
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
    uint16_t m = Dtls__transport__mtu(self);
    if (m > DTLS_BUF_MAX)
        m = DTLS_BUF_MAX;
    return m > DTLS_OVERHEAD ? (uint16_t)(m - DTLS_OVERHEAD) : 0;
}

err_t Dtls__datagram__send(struct Dtls_self *self, const struct endpoint *to, const uint8_t *buf,
                           uint16_t len)
{
    if (!self->open)
        return E_OFF;
    struct dtls_peer *p = dtlsc_find(self, to);
    if (!p || p->state != DTLS_X_OPEN)
        return E_OFF; /* the pending-data queue of issue 6 is not built yet */
    if (p->flags & DTLS_PF_PENDING)
        return E_BUSY; /* our last flight (the new epoch) has not gone out yet */
    if (len > Dtls__datagram__mtu(self))
        return E_SIZE;
    if (self->tx_busy)
        return E_BUSY;
    struct dtls_wr w;
    dtls_wr_init(&w, self->tx, sizeof self->tx);
    uint16_t at = dtlsc_rec_begin(&w, p->tx_epoch);
    dtls_wr_bytes(&w, buf, len);
    if (!dtlsc_rec_close(self, p, &w, at, DTLS_CT_APPLICATION_DATA))
        return E_FAIL;
    err_t e = dtlsc_transmit(self, to, w.len);
    if (e == E_OK)
        self->user_buf = buf;
    return e;
}

/* ---- Session ------------------------------------------------------------------ */

err_t Dtls__session__connect(struct Dtls_self *self, const struct endpoint *peer)
{
    if (!(self->role & DTLS_ROLE_CLIENT) || !peer || peer->kind == ENDPOINT_NONE)
        return E_INVAL;
    if (!self->open)
        return E_OFF;
    if (dtlsc_find(self, peer))
        return E_ALREADY;
    struct dtls_peer *p = dtlsc_alloc(self, peer, DTLS_PF_CLIENT);
    if (!p)
        return E_NOMEM;
    if (Dtls__random__generate(self, p->client_random, DTLS_RANDOM_LEN) != E_OK) {
        (void)Dtls__pool__free(self, p);
        return E_FAIL;
    }
    p->state = DTLS_C_WAIT_HELLO;
    p->retx_ms = DTLS_RETX_MS;
    p->retx_at = Dtls__timer__now(self) + p->retx_ms;
    dtlsc_flight(self, p);
    return E_OK;
}

err_t Dtls__session__close(struct Dtls_self *self, const struct endpoint *peer)
{
    struct dtls_peer *p = peer ? dtlsc_find(self, peer) : NULL;
    if (!p)
        return E_INVAL;
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
    *out = p->ctr;
    return true;
}

void Dtls__stats__total(struct Dtls_self *self, struct dtls_counters *out)
{
    *out = self->total;
}
