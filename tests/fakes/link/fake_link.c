/* fake_link.c: FakeLink, an in-memory Datagram network for tests. Every
 * instance is one node; all instances share one medium (a static pool in
 * this translation unit, which the generic component's instances share).
 *
 * send() looks up the destination node at once (an open instance whose
 * local endpoint matches `to`: the exact address first, else one bound to
 * the unspecified address at that port), applies the sender's fault model
 * with its own PRNG (fake_prng.h, seeded: the same seed gives the same
 * losses, copies and delays), and puts the copies on the medium; the
 * buffer is copied, so send_done follows from a task, always E_OK (loss is
 * silent, as on a real network). The receiving node's `deliver` task hands
 * over what is due, oldest first, with the sender's local endpoint as
 * `from` (loopback if the sender bound the unspecified address).
 *
 * Reordering counts in delivery rounds, i.e. runs of the receiver's deliver
 * task: a held-back copy waits 1-3 rounds while later datagrams overtake
 * it, so it needs traffic (or just the task loop) to come out, and always
 * does. Unicast only: a multicast or broadcast destination is unreachable.
 * Nothing here is timed: deterministic under any Scheduler order. */
#include "interfaces/datagram.h"
#include "tests/fakes/interfaces/fake_link_ctl.h"
#include "tests/fakes/fake_prng.h"
#include "lib/endpoint.h"

#ifndef FAKELINK_SLOTS
#define FAKELINK_SLOTS 8 /* datagrams in flight, all nodes together */
#endif

enum { FAKELINK_PER_MILLE = 1000, FAKELINK_MAX_DELAY = 3 };

struct FakeLink_self {
    bool open;
    bool sending; /* between send() == E_OK and send_done */
    struct endpoint local;
    const uint8_t *tx_buf;
    const uint16_t mtu;
    uint16_t loss, dup, reorder; /* per mille */
    struct fake_prng prng;
    struct fakelink_stats stats;
};

#define FAKELINK_DEFINE(inst, mtu_, loss_, dup_, reorder_, seed_)                                            \
    struct FakeLink_self inst##__self = {                                                                    \
        .mtu = (mtu_), .loss = (loss_), .dup = (dup_), .reorder = (reorder_), .prng = {(seed_)}};
FakeLink__INSTANCES(FAKELINK_DEFINE)
#undef FAKELINK_DEFINE

#define FAKELINK_PTR(inst, ...) &inst##__self,
    static struct FakeLink_self *const fakelink_all[] = {FakeLink__INSTANCES(FAKELINK_PTR)};
#undef FAKELINK_PTR

/* The largest mtu of all instances sizes a medium slot. */
#define FAKELINK_MTU_MEMBER(inst, mtu_, ...) uint8_t inst[mtu_];
union fakelink_largest {
    FakeLink__INSTANCES(FAKELINK_MTU_MEMBER)
};
#undef FAKELINK_MTU_MEMBER

struct fakelink_packet {
    struct FakeLink_self *src; /* NULL: a free slot */
    struct FakeLink_self *dst;
    uint32_t order; /* FIFO position on the medium */
    struct endpoint from;
    uint16_t len;
    uint8_t delay; /* delivery rounds still to wait */
    bool waiting;  /* held back in the current round */
    uint8_t data[sizeof(union fakelink_largest)];
};

static struct {
    struct fakelink_packet slot[FAKELINK_SLOTS];
    uint32_t next_order;
} fakelink_medium;

/* ---- addressing --------------------------------------------------------- */

static bool fakelink_binds(const struct FakeLink_self *l, const struct endpoint *to, bool exact)
{
    if (!l->open || l->local.kind != to->kind)
        return false;
    if (to->kind != ENDPOINT_IP)
        return exact && endpoint_equal_addr(&l->local, to);
    if (l->local.port != to->port)
        return false;
    if (exact)
        return endpoint_equal_addr(&l->local, to);
    /* the wildcard: "::" takes any address, "0.0.0.0" only IPv4 */
    return endpoint_is_unspecified(&l->local) &&
           (!endpoint_is_v4mapped(&l->local) || endpoint_is_v4mapped(to));
}

static struct FakeLink_self *fakelink_find(const struct endpoint *to)
{
    for (uint8_t pass = 0; pass < 2; pass++) {
        for (uint16_t i = 0; i < FakeLink__INSTANCE_COUNT; i++) {
            if (fakelink_binds(fakelink_all[i], to, pass == 0))
                return fakelink_all[i];
        }
    }
    return NULL;
}

static bool fakelink_valid_local(const struct endpoint *ep)
{
    if (ep->kind == ENDPOINT_IP)
        return ep->port != 0 && !endpoint_is_multicast(ep);
    return ep->kind == ENDPOINT_SHORT || ep->kind == ENDPOINT_EXT;
}

static bool fakelink_valid_dest(const struct endpoint *ep)
{
    if (ep->kind == ENDPOINT_IP)
        return ep->port != 0 && !endpoint_is_unspecified(ep);
    return ep->kind == ENDPOINT_SHORT || ep->kind == ENDPOINT_EXT;
}

/* The source a receiver sees: a wildcard-bound sender speaks from loopback. */
static void fakelink_source(const struct FakeLink_self *self, struct endpoint *from)
{
    *from = self->local;
    if (from->kind == ENDPOINT_IP && endpoint_is_unspecified(from)) {
        static const uint8_t v4[4] = {127, 0, 0, 1};
        static const uint8_t v6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        if (endpoint_is_v4mapped(from))
            endpoint_set_ip4(from, v4, self->local.port);
        else
            endpoint_set_ip6(from, v6, self->local.port);
    }
}

/* ---- the medium --------------------------------------------------------- */

static struct fakelink_packet *fakelink_free_slot(void)
{
    for (uint16_t i = 0; i < FAKELINK_SLOTS; i++) {
        if (!fakelink_medium.slot[i].src)
            return &fakelink_medium.slot[i];
    }
    return NULL;
}

static bool fakelink_chance(struct FakeLink_self *self, uint16_t per_mille)
{
    /* always draws, so the stream position does not depend on the rates */
    return fake_prng_below(&self->prng, FAKELINK_PER_MILLE) < per_mille;
}

static void fakelink_put(struct FakeLink_self *self, const struct endpoint *to, const uint8_t *buf,
                         uint16_t len)
{
    bool held = fakelink_chance(self, self->reorder);
    uint8_t delay = (uint8_t)(1 + fake_prng_below(&self->prng, FAKELINK_MAX_DELAY));
    struct FakeLink_self *dst = fakelink_find(to);
    if (!dst) {
        self->stats.unreachable++;
        return;
    }
    struct fakelink_packet *p = fakelink_free_slot();
    if (!p) {
        self->stats.overflow++;
        return;
    }
    p->src = self;
    p->dst = dst;
    p->order = fakelink_medium.next_order++;
    fakelink_source(self, &p->from);
    p->len = len;
    p->delay = held ? delay : 0;
    p->waiting = false;
    for (uint16_t i = 0; i < len; i++)
        p->data[i] = buf[i];
    if (held)
        self->stats.reordered++;
    (void)FakeLink__post__deliver(dst); /* E_BUSY: already queued, fine */
}

static void fakelink_transmit(struct FakeLink_self *self, const struct endpoint *to, const uint8_t *buf,
                              uint16_t len)
{
    bool lost = fakelink_chance(self, self->loss);
    bool twice = fakelink_chance(self, self->dup);
    if (lost) {
        self->stats.lost++;
        return;
    }
    fakelink_put(self, to, buf, len);
    if (twice) {
        self->stats.duplicated++;
        fakelink_put(self, to, buf, len);
    }
}

/* The oldest packet for self put on the medium before `horizon` and not
 * held back this round; NULL if none. */
static struct fakelink_packet *fakelink_oldest_due(struct FakeLink_self *self, uint32_t horizon)
{
    struct fakelink_packet *best = NULL;
    for (uint16_t i = 0; i < FAKELINK_SLOTS; i++) {
        struct fakelink_packet *p = &fakelink_medium.slot[i];
        if (p->src && p->dst == self && !p->waiting && p->order < horizon &&
            (!best || p->order < best->order))
            best = p;
    }
    return best;
}

/* One delivery round for self: held-back packets wait one round less, the
 * others are delivered oldest first. What handlers send meanwhile waits for
 * the next round. */
void FakeLink__task__deliver(struct FakeLink_self *self)
{
    uint32_t horizon = fakelink_medium.next_order;
    for (uint16_t i = 0; i < FAKELINK_SLOTS; i++) {
        struct fakelink_packet *p = &fakelink_medium.slot[i];
        if (p->src && p->dst == self && p->delay) {
            p->delay--;
            p->waiting = true;
        }
    }
    struct fakelink_packet *p;
    while ((p = fakelink_oldest_due(self, horizon)) != NULL) {
        p->waiting = true; /* taken: a handler's sends cannot reuse the slot yet */
        if (self->open) {
            self->stats.received++;
            FakeLink__datagram__received(self, &p->from, p->data, p->len);
        } else {
            p->src->stats.unreachable++; /* closed after the send */
        }
        p->src = NULL;
    }
    bool more = false;
    for (uint16_t i = 0; i < FAKELINK_SLOTS; i++) {
        struct fakelink_packet *q = &fakelink_medium.slot[i];
        if (q->src && q->dst == self) {
            q->waiting = false;
            more = true;
        }
    }
    if (more)
        (void)FakeLink__post__deliver(self);
}

/* ---- Datagram ----------------------------------------------------------- */

err_t FakeLink__datagram__open(struct FakeLink_self *self, const struct endpoint *local)
{
    if (self->open)
        return E_ALREADY;
    if (!local || !fakelink_valid_local(local))
        return E_INVAL;
    for (uint16_t i = 0; i < FakeLink__INSTANCE_COUNT; i++) {
        const struct FakeLink_self *other = fakelink_all[i];
        if (other->open && endpoint_equal(&other->local, local))
            return E_FAIL; /* address in use */
    }
    self->local = *local;
    self->open = true;
    return E_OK;
}

void FakeLink__datagram__close(struct FakeLink_self *self)
{
    self->open = false;
}

err_t FakeLink__datagram__send(struct FakeLink_self *self, const struct endpoint *to, const uint8_t *buf,
                               uint16_t len)
{
    if (!self->open)
        return E_OFF;
    if (self->sending)
        return E_BUSY;
    if (len > self->mtu)
        return E_SIZE;
    if (!to || !fakelink_valid_dest(to) || (len && !buf))
        return E_INVAL;
    self->sending = true;
    self->tx_buf = buf;
    self->stats.sent++;
    fakelink_transmit(self, to, buf, len);
    (void)FakeLink__post__send_done(self); /* not queued: sending was false */
    return E_OK;
}

void FakeLink__task__send_done(struct FakeLink_self *self)
{
    const uint8_t *buf = self->tx_buf;
    self->sending = false;
    self->tx_buf = NULL;
    FakeLink__datagram__send_done(self, buf, E_OK);
}

uint16_t FakeLink__datagram__mtu(struct FakeLink_self *self)
{
    return self->mtu;
}

/* ---- FakeLinkCtl -------------------------------------------------------- */

static uint16_t fakelink_rate(uint16_t per_mille)
{
    return per_mille > FAKELINK_PER_MILLE ? FAKELINK_PER_MILLE : per_mille;
}

void FakeLink__ctl__configure(struct FakeLink_self *self, uint16_t loss, uint16_t dup, uint16_t reorder,
                              uint32_t seed)
{
    self->loss = fakelink_rate(loss);
    self->dup = fakelink_rate(dup);
    self->reorder = fakelink_rate(reorder);
    fake_prng_seed(&self->prng, seed);
    self->stats = (struct fakelink_stats){0};
}

void FakeLink__ctl__stats(struct FakeLink_self *self, struct fakelink_stats *out)
{
    *out = self->stats;
}

uint16_t FakeLink__ctl__in_flight(struct FakeLink_self *self)
{
    uint16_t n = 0;
    (void)self;
    for (uint16_t i = 0; i < FAKELINK_SLOTS; i++) {
        if (fakelink_medium.slot[i].src)
            n++;
    }
    return n;
}
