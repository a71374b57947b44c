/* netq.c: NetQ, the Queue interface: per-peer ordered entries in bounded
 * memory, and one retransmission deadline per peer on one virtual Timer.
 *
 * Storage per instance (wiring parameters): `entries` entry descriptors,
 * `peers` peer slots and a `bytes` data buffer. Entries are kept in push
 * order, all peers interleaved, and their bytes are packed in that same
 * order at the front of the buffer, so there is never fragmentation:
 * removing entries compacts what follows (one pass, O(bytes), for pop and
 * drop alike). A peer's entries are the subsequence with its key, so each
 * peer's order is its push order.
 *
 * A peer slot exists while the peer has entries or an armed deadline; it
 * holds the deadline as start instant + timeout (wrap-safe, lib/time_ms.h)
 * and the retransmission count. The Timer is always programmed for the
 * earliest armed deadline. When it fires, every peer whose deadline has
 * passed is marked due and disarmed first; then expired() is signalled
 * for each, earliest deadline first. A handler may push, pop, drop, start
 * or back off any peer: a deadline it arms waits for the next firing, even
 * if it is already due, so one firing always ends. All calls come from
 * tasks (Queue and Timer are not @async): no atomic sections. */
#include "interfaces/queue.h"
#include "interfaces/timer.h"
#include "lib/time_ms.h"

#define NETQ_INVALID       0xFFFFu /* not a valid peer key */
#define NETQ_SATURATE(ctr) ((ctr) = (uint16_t)((ctr) == 0xFFFFu ? (ctr) : (ctr) + 1u))

struct netq_entry {
    uint16_t peer;
    uint16_t off; /* into data */
    uint16_t len;
    uint8_t tag;
};

struct netq_peer {
    uint16_t key; /* ~peer; 0: slot unused (see netq_live) */
    bool armed;   /* the deadline counts */
    bool due;     /* passed at this firing, expired() not yet signalled */
    uint8_t retransmits;
    time_ms_t t0;      /* deadline = t0 + timeout */
    time_ms_t timeout; /* 0: never started */
};

struct NetQ_self {
    struct netq_entry *const entry;
    struct netq_peer *const peer;
    uint8_t *const data;
    const uint8_t max_entries;
    const uint8_t max_peers;
    const uint16_t max_bytes;
    const time_ms_t max_timeout;
    uint8_t n;     /* entries in use: entry[0..n) */
    uint16_t used; /* bytes in use: data[0..used) */
    bool in_fire;  /* signalling expired(): reprogram the timer at the end */
    struct queue_stats st;
};

#define NETQ_DEFINE(inst, entries_, peers_, bytes_, max_timeout_)                                            \
    static struct netq_entry netq_##inst##_entry[(entries_)];                                                \
    static struct netq_peer netq_##inst##_peer[(peers_)];                                                    \
    static uint8_t netq_##inst##_data[(bytes_)];                                                             \
    struct NetQ_self inst##__self = {.entry = netq_##inst##_entry,                                           \
                                     .peer = netq_##inst##_peer,                                             \
                                     .data = netq_##inst##_data,                                             \
                                     .max_entries = (entries_),                                              \
                                     .max_peers = (peers_),                                                  \
                                     .max_bytes = (bytes_),                                                  \
                                     .max_timeout = (max_timeout_)};
NetQ__INSTANCES(NETQ_DEFINE)
#undef NETQ_DEFINE

    /* ---- peer slots ------------------------------------------------------------ */

    /* A slot stores the complement of its peer's key, so that the zeroed
     * static storage is all free slots without an init pass: key 0 = free,
     * and the one key that would map to it, 0xFFFF, is refused everywhere. */
    static bool netq_live(const struct netq_peer *p)
{
    return p->key != 0;
}

static uint16_t netq_key(uint16_t peer)
{
    return (uint16_t)~peer; /* 0xFFFF (invalid) maps to 0 (free) */
}

static struct netq_peer *netq_find(struct NetQ_self *self, uint16_t peer)
{
    uint16_t key = netq_key(peer);
    for (uint8_t i = 0; i < self->max_peers; i++) {
        if (self->peer[i].key == key && key != 0)
            return &self->peer[i];
    }
    return NULL;
}

static struct netq_peer *netq_find_or_add(struct NetQ_self *self, uint16_t peer)
{
    struct netq_peer *p = netq_find(self, peer);
    for (uint8_t i = 0; !p && i < self->max_peers; i++) {
        if (!netq_live(&self->peer[i])) {
            p = &self->peer[i];
            *p = (struct netq_peer){.key = netq_key(peer)};
        }
    }
    return p;
}

static uint8_t netq_count(const struct NetQ_self *self, uint16_t peer)
{
    uint8_t c = 0;
    for (uint8_t i = 0; i < self->n; i++)
        c = (uint8_t)(c + (self->entry[i].peer == peer));
    return c;
}

/* Free p's slot if it has neither entries nor an armed deadline. */
static void netq_release_if_idle(struct NetQ_self *self, struct netq_peer *p)
{
    if (p && !p->armed && !p->due && netq_count(self, (uint16_t)~p->key) == 0)
        *p = (struct netq_peer){0};
}

/* ---- the timer ------------------------------------------------------------- */

static time_ms_t netq_deadline(const struct netq_peer *p)
{
    return (time_ms_t)(p->t0 + p->timeout);
}

/* The armed peer with the earliest deadline (due ones only if `due`). */
static struct netq_peer *netq_earliest(struct NetQ_self *self, bool due)
{
    struct netq_peer *best = NULL;
    for (uint8_t i = 0; i < self->max_peers; i++) {
        struct netq_peer *p = &self->peer[i];
        if (!netq_live(p) || (due ? !p->due : !p->armed))
            continue;
        if (!best || time_before(netq_deadline(p), netq_deadline(best)))
            best = p;
    }
    return best;
}

static void netq_program(struct NetQ_self *self)
{
    if (self->in_fire)
        return;
    struct netq_peer *p = netq_earliest(self, false);
    if (p)
        NetQ__timer__start_one_shot_at(self, p->t0, p->timeout);
    else
        NetQ__timer__stop(self);
}

void NetQ__timer__fired(struct NetQ_self *self)
{
    time_ms_t now = NetQ__timer__now(self);
    for (uint8_t i = 0; i < self->max_peers; i++) {
        struct netq_peer *p = &self->peer[i];
        if (netq_live(p) && p->armed && time_reached(now, p->t0, p->timeout)) {
            p->armed = false;
            p->due = true;
        }
    }
    self->in_fire = true;
    struct netq_peer *p;
    while ((p = netq_earliest(self, true)) != NULL) {
        uint16_t peer = (uint16_t)~p->key;
        p->due = false;
        NETQ_SATURATE(self->st.expirations);
        NetQ__queue__expired(self, peer, p->retransmits);
        netq_release_if_idle(self, netq_find(self, peer));
    }
    self->in_fire = false;
    netq_program(self);
}

/* ---- entries --------------------------------------------------------------- */

/* Remove peer's entries (only the oldest unless `all`), compacting the
 * descriptors and the bytes of those that follow. */
static void netq_remove(struct NetQ_self *self, uint16_t peer, bool all)
{
    uint8_t w = 0;
    uint16_t at = 0;
    bool removed = false;
    for (uint8_t r = 0; r < self->n; r++) {
        struct netq_entry e = self->entry[r];
        if (e.peer == peer && (all || !removed)) {
            removed = true;
            continue;
        }
        for (uint16_t k = 0; at != e.off && k < e.len; k++)
            self->data[at + k] = self->data[e.off + k]; /* forward: at < e.off */
        e.off = at;
        self->entry[w++] = e;
        at = (uint16_t)(at + e.len);
    }
    self->n = w;
    self->used = at;
}

err_t NetQ__queue__push(struct NetQ_self *self, uint16_t peer, uint8_t tag, const uint8_t *buf, uint16_t len)
{
    if (peer == NETQ_INVALID)
        return E_INVAL;
    if (len == 0 || len > self->max_bytes)
        return E_SIZE;
    struct netq_peer *p = NULL;
    if (self->n < self->max_entries && len <= self->max_bytes - self->used)
        p = netq_find_or_add(self, peer);
    if (!p) {
        NETQ_SATURATE(self->st.refused);
        return E_NOMEM;
    }
    for (uint16_t k = 0; k < len; k++)
        self->data[self->used + k] = buf[k];
    self->entry[self->n++] = (struct netq_entry){.peer = peer, .off = self->used, .len = len, .tag = tag};
    self->used = (uint16_t)(self->used + len);
    if (self->used > self->st.peak_bytes)
        self->st.peak_bytes = self->used;
    return E_OK;
}

uint16_t NetQ__queue__peek(struct NetQ_self *self, uint16_t peer, uint8_t n, uint8_t *tag,
                           const uint8_t **data)
{
    for (uint8_t i = 0; i < self->n; i++) {
        const struct netq_entry *e = &self->entry[i];
        if (e->peer != peer)
            continue;
        if (n-- == 0) {
            *tag = e->tag;
            *data = self->data + e->off;
            return e->len;
        }
    }
    *tag = QUEUE_END;
    *data = NULL;
    return 0;
}

uint8_t NetQ__queue__count(struct NetQ_self *self, uint16_t peer)
{
    return peer == NETQ_INVALID ? 0 : netq_count(self, peer);
}

void NetQ__queue__pop(struct NetQ_self *self, uint16_t peer)
{
    netq_remove(self, peer, false);
    netq_release_if_idle(self, netq_find(self, peer));
}

void NetQ__queue__drop(struct NetQ_self *self, uint16_t peer)
{
    struct netq_peer *p = netq_find(self, peer);
    netq_remove(self, peer, true);
    if (p) {
        *p = (struct netq_peer){0};
        netq_program(self);
    }
}

/* ---- deadlines ------------------------------------------------------------- */

err_t NetQ__queue__start(struct NetQ_self *self, uint16_t peer, time_ms_t timeout_ms)
{
    if (peer == NETQ_INVALID || timeout_ms == 0)
        return E_INVAL;
    struct netq_peer *p = netq_find_or_add(self, peer);
    if (!p)
        return E_NOMEM;
    p->t0 = NetQ__timer__now(self);
    p->timeout = timeout_ms > TIME_MS_HORIZON ? TIME_MS_HORIZON : timeout_ms;
    p->retransmits = 0;
    p->armed = true;
    p->due = false;
    netq_program(self);
    return E_OK;
}

time_ms_t NetQ__queue__backoff(struct NetQ_self *self, uint16_t peer)
{
    struct netq_peer *p = netq_find(self, peer);
    if (!p || p->timeout == 0)
        return 0;
    p->timeout = p->timeout > self->max_timeout / 2u ? self->max_timeout : 2u * p->timeout;
    if (p->retransmits != 0xFF)
        p->retransmits++;
    NETQ_SATURATE(self->st.retransmits);
    p->t0 = NetQ__timer__now(self);
    p->armed = true;
    p->due = false;
    netq_program(self);
    return p->timeout;
}

void NetQ__queue__stop(struct NetQ_self *self, uint16_t peer)
{
    struct netq_peer *p = netq_find(self, peer);
    if (!p)
        return;
    p->armed = false;
    p->due = false;
    netq_release_if_idle(self, p);
    netq_program(self);
}

uint8_t NetQ__queue__retransmits(struct NetQ_self *self, uint16_t peer)
{
    const struct netq_peer *p = netq_find(self, peer);
    return p ? p->retransmits : 0;
}

void NetQ__queue__stats(struct NetQ_self *self, struct queue_stats *out)
{
    *out = self->st;
    out->entries = self->n;
    out->bytes = self->used;
    out->peers = 0;
    for (uint8_t i = 0; i < self->max_peers; i++)
        out->peers = (uint8_t)(out->peers + netq_live(&self->peer[i]));
}
