/* dtls_record.c: DTLS 1.2 record headers, drop counting, the anti-replay
 * window and alert/CCS bodies (see dtls_record.h). The input is hostile:
 * every length is checked against what is left of the datagram before a
 * byte is read, and nothing is ever answered from here. */
#include "dtls/dtls_record.h"

void dtls_drop(struct dtls_drops *d, uint8_t reason)
{
    if (d && reason < DTLS_DROP_COUNT && d->count[reason] != 0xFFFFu)
        d->count[reason]++;
}

/* ---- parsing ----------------------------------------------------------- */

void dtls_record_iter_init(struct dtls_record_iter *it, const uint8_t *dgram, uint16_t len,
                           struct dtls_drops *drops)
{
    dtls_rd_init(&it->rd, dgram, len);
    it->drops = drops;
    it->dropped = 0;
}

static void dtls_record_drop(struct dtls_record_iter *it, uint8_t reason)
{
    it->dropped++;
    dtls_drop(it->drops, reason);
}

static bool dtls_record_type_known(uint8_t type)
{
    return type >= DTLS_CT_CHANGE_CIPHER_SPEC && type <= DTLS_CT_APPLICATION_DATA;
}

/* Why a framed record must be dropped, or DTLS_DROP_COUNT if it is sound. */
static uint8_t dtls_record_verdict(const struct dtls_record *rec)
{
    if (rec->length > DTLS_RECORD_MAX)
        return DTLS_DROP_TOO_LONG;
    if (!dtls_record_type_known(rec->type))
        return DTLS_DROP_BAD_TYPE;
    if (rec->version != DTLS_VERSION_1_2 && rec->version != DTLS_VERSION_1_0)
        return DTLS_DROP_BAD_VERSION;
    if (rec->length == 0 && rec->type != DTLS_CT_APPLICATION_DATA)
        return DTLS_DROP_EMPTY;
    return DTLS_DROP_COUNT;
}

bool dtls_record_next(struct dtls_record_iter *it, struct dtls_record *rec)
{
    while (dtls_rd_left(&it->rd) > 0) {
        if (dtls_rd_left(&it->rd) < DTLS_RECORD_HEADER_LEN) {
            dtls_record_drop(it, DTLS_DROP_TRUNCATED);
            it->rd.ok = false; /* nothing more in this datagram */
            return false;
        }
        rec->header = dtls_rd_take(&it->rd, DTLS_RECORD_HEADER_LEN);
        rec->type = rec->header[0];
        rec->version = dtls_get_u16(rec->header + 1);
        rec->epoch = dtls_get_u16(rec->header + 3);
        rec->seq = rec->header + 5;
        rec->length = dtls_get_u16(rec->header + 11);
        rec->fragment = dtls_rd_take(&it->rd, rec->length);
        if (!it->rd.ok) {
            dtls_record_drop(it, DTLS_DROP_OVERRUN);
            return false;
        }
        uint8_t verdict = dtls_record_verdict(rec);
        if (verdict == DTLS_DROP_COUNT)
            return true;
        dtls_record_drop(it, verdict); /* framing intact: go on with the next record */
    }
    return false;
}

/* ---- building ---------------------------------------------------------- */

void dtls_record_header_write(uint8_t *out, uint8_t type, uint16_t version, uint16_t epoch,
                              const uint8_t *seq, uint16_t length)
{
    out[0] = type;
    dtls_put_u16(out + 1, version);
    dtls_put_u16(out + 3, epoch);
    for (uint8_t i = 0; i < DTLS_SEQ_LEN; i++)
        out[5 + i] = seq[i];
    dtls_put_u16(out + 11, length);
}

bool dtls_seq_next(uint8_t *seq)
{
    uint8_t i = DTLS_SEQ_LEN;
    while (seq[--i] == 0xFF) /* the lowest byte that is not 0xFF takes the carry */
        if (i == 0)
            return false; /* 2^48 - 1 */
    seq[i]++;
    while (++i < DTLS_SEQ_LEN)
        seq[i] = 0;
    return true;
}

/* ---- anti-replay window ------------------------------------------------ */

#define DTLS_SEQ_AHEAD 0xFFu /* dtls_seq_behind(): b > a */

/* How far b is behind a: a - b, capped at DTLS_REPLAY_WINDOW, or
 * DTLS_SEQ_AHEAD if b > a. One byte-wise subtraction from the low end. */
static uint8_t dtls_seq_behind(const uint8_t *a, const uint8_t *b)
{
    uint8_t borrow = 0, high = 0, low = 0;
    for (uint8_t i = DTLS_SEQ_LEN; i-- > 0;) {
        uint16_t d = (uint16_t)(a[i] - b[i] - borrow);
        borrow = (uint8_t)((d >> 8) & 1u);
        if (i == DTLS_SEQ_LEN - 1)
            low = (uint8_t)d;
        else
            high |= (uint8_t)d;
    }
    if (borrow)
        return DTLS_SEQ_AHEAD;
    return high || low > DTLS_REPLAY_WINDOW ? DTLS_REPLAY_WINDOW : low;
}

static bool dtls_replay_empty(const struct dtls_replay *w)
{
    uint8_t any = 0;
    for (uint8_t i = 0; i < sizeof w->seen; i++)
        any |= w->seen[i];
    return any == 0;
}

/* The byte of seen, and the bit in it, for sequence numbers whose low byte
 * is s (positions mod 64). */
static uint8_t dtls_replay_byte(uint8_t s)
{
    return (uint8_t)((s >> 3) & 7u);
}

static uint8_t dtls_replay_bit(uint8_t s)
{
    return (uint8_t)(1u << (s & 7u));
}

void dtls_replay_reset(struct dtls_replay *w)
{
    for (uint8_t i = 0; i < sizeof *w; i++)
        ((uint8_t *)w)[i] = 0;
}

bool dtls_replay_check(const struct dtls_replay *w, const uint8_t *seq)
{
    if (dtls_replay_empty(w))
        return true;
    uint8_t behind = dtls_seq_behind(w->top, seq), s = seq[DTLS_SEQ_LEN - 1];
    if (behind == DTLS_SEQ_AHEAD)
        return true;
    return behind < DTLS_REPLAY_WINDOW && !(w->seen[dtls_replay_byte(s)] & dtls_replay_bit(s));
}

/* Above top: the bits of top + 1 .. seq are cleared (all 64 when seq is a
 * window or more ahead), top becomes seq. */
void dtls_replay_update(struct dtls_replay *w, const uint8_t *seq)
{
    uint8_t s = seq[DTLS_SEQ_LEN - 1];
    uint8_t behind = dtls_replay_empty(w) ? DTLS_SEQ_AHEAD : dtls_seq_behind(w->top, seq);
    if (behind == DTLS_REPLAY_WINDOW)
        return; /* left of the window */
    if (behind == DTLS_SEQ_AHEAD) {
        for (uint8_t ahead = dtls_seq_behind(seq, w->top); ahead > 0; ahead--, s--)
            w->seen[dtls_replay_byte(s)] &= (uint8_t)~dtls_replay_bit(s);
        for (uint8_t i = 0; i < DTLS_SEQ_LEN; i++)
            w->top[i] = seq[i];
        s = seq[DTLS_SEQ_LEN - 1];
    }
    w->seen[dtls_replay_byte(s)] |= dtls_replay_bit(s);
}

/* ---- small bodies ------------------------------------------------------ */

bool dtls_alert_parse(const uint8_t *body, uint16_t len, uint8_t *level, uint8_t *desc)
{
    if (!body || len != 2 || (body[0] != DTLS_ALERT_WARNING && body[0] != DTLS_ALERT_FATAL))
        return false;
    *level = body[0];
    *desc = body[1];
    return true;
}

void dtls_alert_write(uint8_t *out, uint8_t level, uint8_t desc)
{
    out[0] = level;
    out[1] = desc;
}

bool dtls_ccs_valid(const uint8_t *body, uint16_t len)
{
    return body && len == 1 && body[0] == 1;
}
