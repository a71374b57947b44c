/* dtls_loss_check.h: the loss matrix's referee. It replays one run's log
 * (dtls_loss.h: every datagram sent, arrived or dropped, and the session
 * events, in the order they happened) against RFC 6347 4.2.4 and the
 * wiring's timer parameters, and says whether every transmission was
 * called for and everything called for happened, at the exact instant:
 *
 * - a side starts its next flight exactly when it has taken the peer's
 *   previous flight whole, the client's first at connect(). What it takes
 *   is modelled on dtls_inbox: fragments of message_seq next..next+slots-1
 *   are kept from any transmission, in any order, later ones dropped,
 *   messages taken in order; epoch-1 records only after the peer's CCS,
 *   which a server takes only after the ClientKeyExchange. A server has no
 *   state before the cookie: it takes only whole ClientHellos, and answers
 *   each one without cookie with a HelloVerifyRequest at once, unless its
 *   transport is busy (a datagram without send_done yet): a stateless
 *   reply waits for nothing;
 * - a flight is retransmitted only when its timer expires (initial_ms after
 *   the flight started, then doubling up to max_ms) or when the first
 *   fragment of the peer flight it answers arrives again (RFC 6347 4.2.4:
 *   the peer retransmitted, or the link duplicated it), once per such
 *   arrival, which re-arms the timer with its current value (not doubled,
 *   not counted towards the give-up; the give-up then comes later than the
 *   closed form of the schedule by what the re-arms moved the deadline),
 *   unless a transmission of our flight is under way or due (datagrams of
 *   it still to be sent, or a new flight waiting for the transport: that
 *   one serves) or the request still waits for a busy transport when our
 *   next flight starts (which supersedes it); in these cases DtlsStats
 *   counts a retransmission all the same ("absorbed");
 *   a byte-for-byte copy of a datagram already received (the link
 *   duplicated it: same record sequence numbers) is a replay and changes
 *   nothing, not even at a stateless server;
 *   the final flight (server's CCS+Finished) has no timer and is only
 *   resent on the peer's retransmission;
 * - a timer retransmission needs a drop since the side's last transmission
 *   (of its flight at the peer, or of the peer's answer at it): a run
 *   without drops has none;
 * - a side whose timer expires after `giveup` retransmissions of a flight
 *   ends the handshake with SESSION_TIMEOUT at exactly that deadline;
 * - a deadline that passes without a retransmission or the give-up, or a
 *   completed flight not answered at once, is an error;
 * - a client is connected exactly when the server's final flight is
 *   complete at it, a server exactly when the client's.
 * It counts each side's retransmissions (timer and reactive) for the
 * driver to compare with DtlsStats. One flight's datagrams are a burst: a
 * new burst starts with the datagram carrying the flight's first fragment. */
#ifndef DTLS_LOSS_CHECK_H
#define DTLS_LOSS_CHECK_H
#include <stdio.h>
#include <string.h>

#include "interfaces/session.h"
#include "tests/unit/dtls/loss/dtls_loss.h"

struct dtl_rules {
    time_ms_t initial_ms; /* the retransmission timer's first value */
    time_ms_t max_ms;     /* its cap */
    uint8_t giveup;       /* retransmissions of one flight before giving up */
    uint8_t slots;        /* reassembly slots (the Dtls reasm_slots parameter) */
    uint16_t cap;         /* the longest message kept early (reasm_cap) */
    bool known_bug;       /* recognise the known bug (DTL_KNOWN_BUG) instead of failing */
};

/* The known bugs, both a client ending the handshake or session with a
 * fatal unexpected_message where RFC 6347 says it must go on: (1) an
 * established client that gets the server's final flight again (the server
 * resent it because our last flight came twice) takes the Finished for a
 * new message; (2) a client that has just taken flight 4 whole, put
 * together from fragments of several transmissions (some kept early),
 * refuses it instead of sending flight 5. The referee's error then starts
 * with this. */
#define DTL_KNOWN_BUG "KNOWN BUG: "

#define DTL_SLOTS 8

/* A message being reassembled in a receiver's inbox slot. */
struct dtl_slot {
    bool busy;
    uint8_t type;
    uint16_t seq, total;
    uint8_t bits[64]; /* received bytes, up to 512 */
};

/* The receiver's handshake inbox, as dtls_inbox keeps it: message_seq
 * next..next+nslots-1 are kept (in fragments, any order), later ones are
 * dropped (the peer's retransmission brings them again), earlier ones are
 * old; messages are taken in order. */
struct dtl_inbox {
    bool open;     /* the receiver has handshake state (a server: from the cookie on) */
    uint16_t next; /* the next message_seq it takes */
    bool ccs;      /* the peer's ChangeCipherSpec taken: its epoch 1 records can be read */
    uint8_t last;  /* the type of the last message taken */
    struct dtl_slot slot[DTL_SLOTS];
};

struct dtl_side {
    uint8_t flight; /* the flight this side started last */
    bool armed;
    time_ms_t deadline, timeout;
    time_ms_t rearm_shift;  /* how far the peer's retransmissions moved the current flight's timer */
    uint8_t retx;           /* retransmissions of the current flight */
    uint16_t timer_retx;    /* all flights */
    uint16_t reactive_retx; /* all flights */
    uint16_t replays;       /* copies of datagrams received before (the link duplicated them) */
    uint16_t outstanding;   /* datagrams handed to the transport, send_done not yet signalled */
    bool in_burst;          /* more datagrams of the current flight's transmission are to come */
    uint16_t absorbed;      /* resend requests that came while a transmission was under way */
    uint16_t hvr_busy;      /* server: ClientHellos left unanswered (transport busy, pending slot taken) */
    uint16_t hvr;           /* HelloVerifyRequests sent (not retransmissions: stateless) */
    uint16_t first_seq[7], first_off[7]; /* each own flight's first fragment */
    bool have_first[7];
    uint16_t drops_since; /* drops touching this side's exchange since its last burst */
    uint16_t old_pending; /* re-arrivals of the peer's previous flight since its last burst */
    time_ms_t old_t;
    uint16_t hvr_owed; /* server: ClientHellos without cookie not yet answered */
    time_ms_t hvr_t;
    time_ms_t t_flight; /* when the current flight started */
    uint8_t owe;        /* the flight this side must start now (0: none) */
    time_ms_t owe_t;
    bool connected, closed;
    uint8_t reason;
    time_ms_t t_connected, t_closed;
    struct dtl_inbox in; /* what it took of the peer's messages */
    uint8_t completed;   /* the peer's latest flight taken in whole */
    uint8_t last_in;     /* the flight of the last datagram that reached this side */
    uint16_t last_seq;   /* the highest message_seq this side sent in clear */
};

struct dtl_check {
    struct dtl_rules rules;
    time_ms_t t_connect;
    struct dtl_side side[2];
    char error[256];
};

#define DTL_FAIL(c, i, ...)                                                                                  \
    do {                                                                                                     \
        int n_ = snprintf((c)->error, sizeof(c)->error, "event %u: ", (unsigned)(i));                        \
        snprintf((c)->error + n_, sizeof(c)->error - (size_t)n_, __VA_ARGS__);                               \
        return false;                                                                                        \
    } while (0)

/* The flight that answers `f` (the peer's), or DTL_F_NONE. */
static uint8_t dtl_answer(uint8_t f)
{
    return f >= DTL_F1 && f <= DTL_F5 ? (uint8_t)(f + 1) : DTL_F_NONE;
}

static bool dtl_client_flight(uint8_t f)
{
    return f == DTL_F1 || f == DTL_F3 || f == DTL_F5;
}

/* ---- the receiver's inbox ------------------------------------------------- */

static struct dtl_slot *dtl_slot_for(struct dtl_check *c, struct dtl_inbox *in, uint16_t seq, bool add)
{
    struct dtl_slot *free_slot = NULL;
    for (uint8_t i = 0; i < c->rules.slots && i < DTL_SLOTS; i++) {
        if (in->slot[i].busy && in->slot[i].seq == seq)
            return &in->slot[i];
        if (!in->slot[i].busy && !free_slot)
            free_slot = &in->slot[i];
    }
    if (add && free_slot) {
        memset(free_slot, 0, sizeof *free_slot);
        free_slot->busy = true;
        free_slot->seq = seq;
    }
    return add ? free_slot : NULL;
}

static bool dtl_slot_complete(const struct dtl_slot *r)
{
    for (uint16_t b = 0; b < r->total; b++) {
        if (!(r->bits[b / 8] & (1u << (b % 8))))
            return false;
    }
    return true;
}

/* Which peer flight a message of type `type` at side s closes (0: none). */
static uint8_t dtl_closing(uint8_t s, uint8_t type)
{
    if (s == DTL_CLIENT)
        return type == 3 ? DTL_F2 : type == 14 ? DTL_F4 : type == 20 ? DTL_F6 : DTL_F_NONE;
    return type == 20 ? DTL_F5 : DTL_F_NONE;
}

/* Message next taken: on to the following one, and any it kept complete. */
static void dtl_take(struct dtl_check *c, struct dtl_side *x, uint8_t s, uint8_t type)
{
    struct dtl_inbox *in = &x->in;
    for (;;) {
        struct dtl_slot *r = dtl_slot_for(c, in, in->next, false);
        if (r)
            r->busy = false;
        uint8_t f = dtl_closing(s, type);
        if (f)
            x->completed = f;
        in->last = type;
        in->next++;
        r = dtl_slot_for(c, in, in->next, false);
        if (!r || !dtl_slot_complete(r))
            return;
        type = r->type;
    }
}

/* One fragment of the peer's handshake stream reaching side s's inbox. */
static void dtl_put(struct dtl_check *c, struct dtl_side *x, uint8_t s, const struct dtl_frag *fr)
{
    struct dtl_inbox *in = &x->in;
    if (fr->seq < in->next || (uint16_t)(fr->seq - in->next) >= c->rules.slots)
        return; /* old, or too far ahead: dropped */
    bool whole = fr->off == 0 && fr->len == fr->total;
    if (whole && fr->seq == in->next) {
        dtl_take(c, x, s, fr->type);
        return;
    }
    if (whole && fr->total > c->rules.cap)
        return;
    struct dtl_slot *r = dtl_slot_for(c, in, fr->seq, true);
    if (!r || fr->total > 8 * sizeof r->bits)
        return;
    r->total = fr->total;
    r->type = fr->type;
    for (uint16_t b = fr->off; b < fr->off + fr->len && b < fr->total; b++)
        r->bits[b / 8] |= (uint8_t)(1u << (b % 8));
    if (fr->seq == in->next && dtl_slot_complete(r))
        dtl_take(c, x, s, fr->type);
}

/* ---- the referee ---------------------------------------------------------- */

/* A side sends nothing more: it gave up, or it is the client and connected
 * (the server keeps answering with its final flight). */
static bool dtl_finished(const struct dtl_side *x, uint8_t s)
{
    return x->closed || (s == DTL_CLIENT && x->connected);
}

/* Every deadline before t must have been dealt with, every completed flight
 * answered before time moved on. */
static bool dtl_check_time(struct dtl_check *c, uint16_t i, time_ms_t t)
{
    for (uint8_t s = 0; s < 2; s++) {
        struct dtl_side *x = &c->side[s];
        if (x->armed && !x->closed && time_before(x->deadline, t))
            DTL_FAIL(c, i, "%s: timer due at %lu passed without retransmission or give-up (now %lu)",
                     s ? "server" : "client", (unsigned long)x->deadline, (unsigned long)t);
        if (x->owe && x->owe_t != t)
            DTL_FAIL(c, i, "%s: flight %u was due at %lu and not sent", s ? "server" : "client", x->owe,
                     (unsigned long)x->owe_t);
        if (x->hvr_owed && t != x->hvr_t)
            DTL_FAIL(c, i, "server: a ClientHello at %lu got no HelloVerifyRequest", (unsigned long)x->hvr_t);
        if (x->old_pending && t != x->old_t)
            DTL_FAIL(c, i, "%s: the peer's retransmission at %lu was not answered", s ? "server" : "client",
                     (unsigned long)x->old_t);
    }
    return true;
}

static void dtl_start_flight(struct dtl_check *c, struct dtl_side *x, uint8_t f, time_ms_t t)
{
    x->flight = f;
    x->t_flight = t;
    x->retx = 0;
    x->armed = f != DTL_F6; /* the final flight waits for the peer's retransmission */
    x->timeout = c->rules.initial_ms;
    x->deadline = t + x->timeout;
    x->rearm_shift = 0;
    x->owe = 0;
    x->drops_since = 0;
    x->absorbed +=
        x->old_pending; /* a resend still waiting for the transport: the new flight supersedes it */
    x->old_pending = 0;
}

static void dtl_backoff(struct dtl_check *c, struct dtl_side *x, time_ms_t t)
{
    x->retx++;
    x->timeout = x->timeout * 2 > c->rules.max_ms ? c->rules.max_ms : x->timeout * 2;
    x->deadline = t + x->timeout;
    x->drops_since = 0;
}

/* A burst of flight f by side s at t: a first transmission or a retransmission, each called for. */
static bool dtl_burst(struct dtl_check *c, uint16_t i, uint8_t s, uint8_t f, time_ms_t t)
{
    struct dtl_side *x = &c->side[s];
    const char *who = s ? "server" : "client";
    if (dtl_finished(x, s))
        DTL_FAIL(c, i, "%s sent flight %u after its handshake ended", who, f);
    if (f == DTL_F2) {
        if (!x->hvr_owed)
            DTL_FAIL(c, i, "server sent a HelloVerifyRequest nobody asked for");
        x->hvr_owed--;
        x->hvr++;
        return true;
    }
    if (f != x->flight) {
        bool first =
            f == DTL_F1 ? (x->flight == DTL_F_NONE && t == c->t_connect) : (x->owe == f && x->owe_t == t);
        if (!first)
            DTL_FAIL(c, i, "%s started flight %u at %lu uncalled for (its flight %u)", who, f,
                     (unsigned long)t, x->flight);
        dtl_start_flight(c, x, f, t);
        return true;
    }
    if (x->old_pending) { /* the peer's previous flight came again */
        x->old_pending--;
        x->reactive_retx++;
        return true;
    }
    if (x->armed && x->deadline == t) {
        if (x->retx >= c->rules.giveup)
            DTL_FAIL(c, i, "%s retransmitted flight %u a %u-th time instead of giving up", who, f,
                     x->retx + 1);
        if (!x->drops_since)
            DTL_FAIL(c, i, "%s's timer retransmitted flight %u with nothing dropped", who, f);
        x->timer_retx++;
        dtl_backoff(c, x, t);
        return true;
    }
    DTL_FAIL(c, i, "%s retransmitted flight %u at %lu uncalled for (deadline %lu%s)", who, f,
             (unsigned long)t, (unsigned long)x->deadline, x->armed ? "" : ", disarmed");
}

/* True if e carries the last piece of its flight: the ServerHelloDone, the
 * encrypted Finished, or the end of a ClientHello or HelloVerifyRequest. */
static bool dtl_closes(const struct dtl_event *e)
{
    for (uint8_t i = 0; i < e->nfrags; i++) {
        const struct dtl_frag *fr = &e->frag[i];
        if (fr->seq == DTL_SEQ_ENC || (fr->type == 14 && fr->seq < DTL_SEQ_CCS) ||
            ((fr->type == 1 || fr->type == 3) && fr->seq < DTL_SEQ_CCS && fr->off + fr->len == fr->total))
            return true;
    }
    return false;
}

static bool dtl_is_new_burst(struct dtl_side *x, const struct dtl_event *e)
{
    uint8_t f = e->flight;
    if (!e->nfrags || f > DTL_F6)
        return false;
    if (!x->have_first[f]) {
        x->have_first[f] = true;
        x->first_seq[f] = e->frag[0].seq;
        x->first_off[f] = e->frag[0].off;
        return true;
    }
    return e->frag[0].seq == x->first_seq[f] && e->frag[0].off == x->first_off[f];
}

/* True if the datagram of event i reached its side before (kept, not dropped). */
static bool dtl_replayed(const struct dtl_state *st, uint16_t i, const struct dtl_event *e)
{
    for (uint16_t j = 0; j < i; j++) {
        const struct dtl_event *o = &st->ev[j];
        if (o->kind == DTL_ARRIVE && o->side == e->side && o->rec == e->rec && o->flight == e->flight)
            return true;
    }
    return false;
}

/* A datagram reached side s (kept or dropped). */
/* The server before a cookie: stateless, and only whole ClientHellos count
 * (it does not reassemble a fragmented one). */
static void dtl_stateless(struct dtl_side *x, const struct dtl_event *e)
{
    for (uint8_t k = 0; k < e->nfrags; k++) {
        const struct dtl_frag *fr = &e->frag[k];
        if (fr->type != 1 || fr->seq >= DTL_SEQ_CCS || fr->off != 0 || fr->len != fr->total)
            continue;
        if (e->flight == DTL_F1 && x->outstanding && x->hvr_owed) {
            x->hvr_busy++; /* busy, its one pending slot taken: no reply (the client retransmits) */
        } else if (e->flight == DTL_F1) { /* now, or from the pending slot on send_done */
            x->hvr_owed++;
            x->hvr_t = e->t;
        } else { /* the cookie is good: the handshake state begins */
            x->in.open = true;
            x->in.next = (uint16_t)(fr->seq + 1);
            x->completed = DTL_F3;
        }
    }
}

/* Feed side s's inbox with what e carries; true if a fragment opening the
 * peer flight that s's current flight answers came again. */
static bool dtl_feed(struct dtl_check *c, uint8_t s, const struct dtl_event *e)
{
    struct dtl_side *x = &c->side[s];
    const struct dtl_side *peer = &c->side[1 - s];
    uint8_t cur = x->owe ? x->owe : x->flight; /* a flight due but waiting for the transport counts */
    uint8_t prev = cur > DTL_F1 ? (uint8_t)(cur - 1) : DTL_F_NONE;
    bool again = false;
    for (uint8_t k = 0; k < e->nfrags; k++) {
        struct dtl_frag fr = e->frag[k];
        if (fr.seq == DTL_SEQ_CCS) { /* taken after the ClientKeyExchange, or by a client that sent it */
            if (s == DTL_SERVER ? x->in.last == 16 : x->flight == DTL_F5)
                x->in.ccs = true;
            continue;
        }
        if (fr.seq == DTL_SEQ_ENC) { /* the Finished, after the sender's last clear message */
            if (!x->in.ccs)
                continue;
            fr = (struct dtl_frag){
                .seq = (uint16_t)(peer->last_seq + 1), .off = 0, .len = 12, .total = 12, .type = 20};
        }
        if (fr.seq < x->in.next) {
            again |= prev && fr.off == 0 && peer->have_first[prev] && fr.seq == peer->first_seq[prev];
            continue;
        }
        dtl_put(c, x, s, &fr);
    }
    return again;
}

/* A datagram reached side s (kept or dropped). */
static bool dtl_arrival(struct dtl_check *c, const struct dtl_state *st, uint16_t i, uint8_t s,
                        const struct dtl_event *e)
{
    struct dtl_side *x = &c->side[s];
    struct dtl_side *peer = &c->side[1 - s];
    if (e->flight < DTL_F1 || e->flight > DTL_F6)
        return true;
    if (e->kind == DTL_ARRIVE)
        x->last_in = e->flight;
    if (e->kind == DTL_DROP) {
        x->drops_since++; /* the answer to x's flight, or the peer's flight, was lost */
        peer->drops_since++;
        return true;
    }
    if (dtl_finished(x, s))
        return true;
    uint8_t before = x->completed;
    if (s == DTL_SERVER && !x->in.open) {
        dtl_stateless(x, e);
    } else if (dtl_replayed(st, i, e)) {
        x->replays++; /* a copy the link made: the record layer's replay window drops it */
        return true;
    }
    bool again = x->in.open && dtl_feed(c, s, e);
    if (x->completed != before) {
        uint8_t next = dtl_answer(x->completed);
        if (next == x->flight + 2 || (x->flight == DTL_F_NONE && next == DTL_F4)) {
            x->owe = next;
            x->owe_t = e->t;
        }
        return true;
    }
    if (!again)
        return true;
    if (x->armed) { /* re-armed, not doubled (RFC 6347 4.2.4: SENDING sets the timer) */
        x->rearm_shift += e->t + x->timeout - x->deadline;
        x->deadline = e->t + x->timeout;
    }
    if (x->in_burst || x->owe) {
        x->absorbed++; /* the transmission under way or due serves (DtlsStats counts it all the same) */
    } else {
        x->old_pending++; /* the peer retransmitted the flight ours answers */
        x->old_t = e->t;
    }
    return true;
}

static bool dtl_session_event(struct dtl_check *c, uint16_t i, const struct dtl_event *e)
{
    struct dtl_side *x = &c->side[e->side];
    const char *who = e->side ? "server" : "client";
    if (e->kind == DTL_CONNECTED) {
        uint8_t need = e->side == DTL_CLIENT ? DTL_F6 : DTL_F5;
        if (x->completed < need || x->connected)
            DTL_FAIL(c, i, "%s connected without flight %u complete", who, need);
        x->connected = true;
        x->t_connected = e->t;
        if (e->side == DTL_CLIENT)
            x->armed = false;
        return true;
    }
    bool refused =
        c->rules.known_bug && e->side == DTL_CLIENT && e->reason == SESSION_ALERT_SENT && e->alert == 10;
    if (refused && x->connected && x->last_in == DTL_F6)
        DTL_FAIL(c, i, DTL_KNOWN_BUG "(1) the client ended its session on the server's final flight again");
    if (refused && x->owe == DTL_F5 && x->owe_t == e->t)
        DTL_FAIL(c, i,
                 DTL_KNOWN_BUG "(2) the client refused flight 4 put together from several transmissions");
    x->closed = true;
    x->reason = e->reason;
    x->t_closed = e->t;
    if (e->reason != SESSION_TIMEOUT)
        DTL_FAIL(c, i, "%s closed with reason %u, alert %u", who, e->reason, e->alert);
    if (!x->armed || x->deadline != e->t || x->retx != c->rules.giveup)
        DTL_FAIL(c, i, "%s gave up at %lu: deadline %lu%s, %u retransmissions (give-up after %u)", who,
                 (unsigned long)e->t, (unsigned long)x->deadline, x->armed ? "" : " (disarmed)", x->retx,
                 c->rules.giveup);
    time_ms_t span = x->rearm_shift, step = c->rules.initial_ms; /* the closed form, moved by re-arms */
    for (uint8_t k = 0; k <= c->rules.giveup;
         k++, step = step * 2 > c->rules.max_ms ? c->rules.max_ms : step * 2)
        span += step;
    if (e->t - x->t_flight != span)
        DTL_FAIL(c, i,
                 "%s gave up %lu ms after its flight started, the schedule says %lu (%lu of it re-arms)", who,
                 (unsigned long)(e->t - x->t_flight), (unsigned long)span, (unsigned long)x->rearm_shift);
    x->armed = false;
    return true;
}

/* Referee the whole log; the run ended at t_end. */
static bool dtl_referee(struct dtl_check *c, const struct dtl_state *st, time_ms_t t_end)
{
    if (st->overflow) {
        snprintf(c->error, sizeof c->error, "log overflow");
        return false;
    }
    c->side[DTL_CLIENT].in.open = true; /* from connect(), expecting message_seq 0 */
    for (uint16_t i = 0; i < st->n; i++) {
        const struct dtl_event *e = &st->ev[i];
        if (!dtl_check_time(c, i, e->t))
            return false;
        bool ok = true;
        if (e->kind == DTL_DONE) {
            c->side[e->side].outstanding--;
        } else if (e->kind == DTL_SEND) {
            struct dtl_side *x = &c->side[e->side];
            x->outstanding++;
            for (uint8_t k = 0; k < e->nfrags; k++) {
                if (e->frag[k].seq < DTL_SEQ_CCS && e->frag[k].seq > x->last_seq)
                    x->last_seq = e->frag[k].seq;
            }
            if (e->flight <= DTL_F6 && (e->side == DTL_CLIENT) != dtl_client_flight(e->flight))
                DTL_FAIL(c, i, "flight %u sent by the wrong side", e->flight);
            if (dtl_is_new_burst(x, e))
                ok = dtl_burst(c, i, e->side, e->flight, e->t);
            x->in_burst = e->flight <= DTL_F6 && !dtl_closes(e);
        } else if (e->kind == DTL_ARRIVE || e->kind == DTL_DROP) {
            ok = dtl_arrival(c, st, i, e->side, e);
        } else {
            ok = dtl_session_event(c, i, e);
        }
        if (!ok)
            return false;
    }
    return dtl_check_time(c, st->n, t_end);
}
#endif
