/* dtls_handshake.c: handshake fragment headers, reassembly and in-order
 * delivery (see dtls_handshake.h). Offsets and lengths are 24-bit on the
 * wire; every sum is formed in 32 bits and checked before a byte is read
 * or written, so a hostile length can neither wrap nor overrun a buffer. */
#include "dtls/dtls_handshake.h"

/* ---- fragments in a record ---------------------------------------------- */

void dtls_hs_iter_init(struct dtls_hs_iter *it, const uint8_t *plain, uint16_t len)
{
    dtls_rd_init(&it->rd, plain, len);
}

bool dtls_hs_next(struct dtls_hs_iter *it, struct dtls_hs_fragment *f, uint8_t *alert)
{
    struct dtls_rd *r = &it->rd;
    *alert = DTLS_OK;
    if (dtls_rd_left(r) == 0)
        return false;
    f->type = dtls_rd_u8(r);
    f->length = dtls_rd_u24(r);
    f->message_seq = dtls_rd_u16(r);
    f->offset = dtls_rd_u24(r);
    bool short_frag = dtls_rd_u8(r) == 0; /* frag_len is 24 bits: it fits a record only if this is 0 */
    f->frag_len = dtls_rd_u16(r);
    f->body = dtls_rd_take(r, f->frag_len);
    /* offset + frag_len <= length: all are below 2^24, so if not, the difference wraps to 2^31 or more */
    uint32_t room = f->length - f->offset - f->frag_len;
    if (short_frag && r->ok && room < 0x80000000u)
        return true;
    r->ok = false; /* the rest of the record is not parsed */
    *alert = DTLS_ALERT_DECODE_ERROR;
    return false;
}

void dtls_hs_header_write(uint8_t *out, uint8_t type, uint32_t length, uint16_t message_seq, uint32_t offset,
                          uint32_t frag_len)
{
    out[0] = type;
    dtls_put_u24(out + 1, length);
    dtls_put_u16(out + 4, message_seq);
    dtls_put_u24(out + 6, offset);
    dtls_put_u24(out + 9, frag_len);
}

/* ---- reassembly of one message ------------------------------------------ */

/* The bitmap behind the slot's buffer. */
static uint8_t *dtls_reasm_map(struct dtls_reasm *r)
{
    return dtls_reasm_buf(r) + r->cap;
}

/* The slot after r in an inbox. */
static struct dtls_reasm *dtls_reasm_next(struct dtls_reasm *r)
{
    return (struct dtls_reasm *)(void *)((uint8_t *)r + DTLS_REASM_SIZE(r->cap));
}

void dtls_reasm_init(struct dtls_reasm *r, uint16_t cap)
{
    r->cap = cap;
    dtls_reasm_clear(r);
}

void dtls_reasm_clear(struct dtls_reasm *r)
{
    uint8_t *map = dtls_reasm_map(r);
    for (uint16_t n = DTLS_REASM_MAP_LEN(r->cap); n > 0; n--)
        *map++ = 0;
    r->have = 0;
    r->busy = false; /* type, length and message_seq are the next first fragment's */
}

/* f belongs to the message r holds, or r holds none. Both callers know
 * that f->length fits 16 bits (checked against cap, or a whole fragment's). */
static bool dtls_reasm_fits(const struct dtls_reasm *r, const struct dtls_hs_fragment *f)
{
    return !r->busy ||
           (f->message_seq == r->message_seq && f->type == r->type && (uint16_t)f->length == r->length);
}

uint8_t dtls_reasm_add(struct dtls_reasm *r, const struct dtls_hs_fragment *f)
{
    if ((f->length >> 16) != 0 || (uint16_t)f->length > r->cap || !dtls_reasm_fits(r, f))
        return DTLS_ALERT_ILLEGAL_PARAMETER;
    r->busy = true;
    r->type = f->type;
    r->length = (uint16_t)f->length;
    r->message_seq = f->message_seq;
    /* offset + frag_len <= length <= cap was checked by dtls_hs_next() and above */
    uint16_t at = (uint16_t)f->offset;
    const uint8_t *src = f->body;
    uint8_t *buf = dtls_reasm_buf(r), *map = dtls_reasm_map(r);
    for (uint16_t n = f->frag_len; n > 0; n--, at++, src++) {
        uint8_t *byte = &map[at >> 3];
        uint8_t bit = (uint8_t)(1u << (at & 7u));
        if (*byte & bit)
            continue; /* overlap or duplicate: the first copy stays */
        *byte |= bit;
        buf[at] = *src;
        r->have++;
    }
    return DTLS_OK;
}

bool dtls_reasm_complete(const struct dtls_reasm *r)
{
    return r->busy && r->have == r->length;
}

/* ---- in-order delivery --------------------------------------------------- */

void dtls_inbox_init(struct dtls_inbox *in, void *slots, uint8_t nslots, uint16_t cap, uint16_t next_seq)
{
    in->slot = slots;
    in->nslots = nslots;
    struct dtls_reasm *r = slots;
    for (uint8_t n = nslots; n > 0; n--, r = dtls_reasm_next(r))
        r->cap = cap;
    dtls_inbox_reset(in, next_seq);
}

void dtls_inbox_reset(struct dtls_inbox *in, uint16_t next_seq)
{
    struct dtls_reasm *r = in->slot;
    for (uint8_t n = in->nslots; n > 0; n--, r = dtls_reasm_next(r))
        dtls_reasm_clear(r);
    in->next_seq = next_seq;
}

/* The slot that holds message seq, else a free one, else NULL. */
static struct dtls_reasm *dtls_inbox_slot(struct dtls_inbox *in, uint16_t seq)
{
    struct dtls_reasm *free_slot = NULL, *r = in->slot;
    for (uint8_t n = in->nslots; n > 0; n--, r = dtls_reasm_next(r)) {
        if (!r->busy) {
            if (!free_slot)
                free_slot = r;
        } else if (r->message_seq == seq) {
            return r;
        }
    }
    return free_slot;
}

/* r (if any) holds message next_seq, complete: *m is it. */
static bool dtls_inbox_ready(const struct dtls_inbox *in, struct dtls_reasm *r, struct dtls_hs_msg *m)
{
    if (!r || r->message_seq != in->next_seq || !dtls_reasm_complete(r))
        return false;
    m->type = r->type;
    m->message_seq = r->message_seq;
    m->length = r->length;
    m->body = dtls_reasm_buf(r);
    return true;
}

uint8_t dtls_inbox_put(struct dtls_inbox *in, const struct dtls_hs_fragment *f, struct dtls_hs_msg *m,
                       uint8_t *alert)
{
    *alert = DTLS_OK;
    if (f->message_seq < in->next_seq)
        return DTLS_IN_OLD;
    if ((uint16_t)(f->message_seq - in->next_seq) >= in->nslots)
        return DTLS_IN_FUTURE;
    /* its slot, or a free one (there is one: N slots for N sequence numbers) */
    struct dtls_reasm *r = dtls_inbox_slot(in, f->message_seq);
    if (!r) {
        *alert = DTLS_ALERT_INTERNAL_ERROR;
        return DTLS_IN_ERROR;
    }
    bool whole = f->offset == 0 && f->frag_len == f->length;
    if (whole && f->message_seq == in->next_seq) {
        /* whole and in turn: delivered from the record, replacing any partial copy */
        if (!dtls_reasm_fits(r, f)) {
            *alert = DTLS_ALERT_ILLEGAL_PARAMETER;
            return DTLS_IN_ERROR;
        }
        dtls_reasm_clear(r);
        m->type = f->type;
        m->message_seq = f->message_seq;
        m->length = f->frag_len;
        m->body = f->body;
        return DTLS_IN_READY;
    }
    if (whole && f->length > r->cap)
        return DTLS_IN_FUTURE; /* too large to keep early: in turn it comes without a copy */
    bool was_complete = dtls_reasm_complete(r);
    *alert = dtls_reasm_add(r, f);
    if (*alert != DTLS_OK)
        return DTLS_IN_ERROR;
    if (was_complete || !dtls_inbox_ready(in, r, m))
        return DTLS_IN_PENDING; /* a duplicate of a complete message is not delivered twice */
    return DTLS_IN_READY;
}

bool dtls_inbox_advance(struct dtls_inbox *in, struct dtls_hs_msg *m)
{
    struct dtls_reasm *done = dtls_inbox_slot(in, in->next_seq);
    if (done)
        dtls_reasm_clear(done); /* (or a free slot: no harm) */
    in->next_seq++;
    return dtls_inbox_ready(in, dtls_inbox_slot(in, in->next_seq), m);
}
