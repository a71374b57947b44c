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
            dtls_drop(it->drops, DTLS_DROP_TRUNCATED);
            it->rd.ok = false; /* nothing more in this datagram */
            return false;
        }
        rec->header = dtls_rd_take(&it->rd, DTLS_RECORD_HEADER_LEN);
        rec->type = rec->header[0];
        rec->version = dtls_get_u16(rec->header + 1);
        rec->epoch = dtls_get_u16(rec->header + 3);
        rec->seq = dtls_get_u48(rec->header + 5);
        rec->length = dtls_get_u16(rec->header + 11);
        rec->fragment = dtls_rd_take(&it->rd, rec->length);
        if (!it->rd.ok) {
            dtls_drop(it->drops, DTLS_DROP_OVERRUN);
            return false;
        }
        uint8_t verdict = dtls_record_verdict(rec);
        if (verdict == DTLS_DROP_COUNT)
            return true;
        dtls_drop(it->drops, verdict); /* framing intact: go on with the next record */
    }
    return false;
}

/* ---- building ---------------------------------------------------------- */

bool dtls_record_header_write(uint8_t *out, uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                              uint16_t length)
{
    if (seq > DTLS_SEQ_MAX || length > DTLS_RECORD_MAX)
        return false;
    out[0] = type;
    dtls_put_u16(out + 1, version);
    dtls_record_seq_bytes(epoch, seq, out + 3);
    dtls_put_u16(out + 11, length);
    return true;
}

void dtls_record_seq_bytes(uint16_t epoch, uint64_t seq, uint8_t *out)
{
    dtls_put_u16(out, epoch);
    dtls_put_u48(out + 2, seq);
}

/* ---- anti-replay window ------------------------------------------------ */

static bool dtls_replay_empty(const struct dtls_replay *w)
{
    uint8_t any = 0;
    for (uint8_t i = 0; i < sizeof w->seen; i++)
        any |= w->seen[i];
    return any == 0;
}

static bool dtls_replay_bit(const struct dtls_replay *w, uint8_t i)
{
    return (w->seen[i >> 3] >> (i & 7u)) & 1u;
}

static void dtls_replay_set(struct dtls_replay *w, uint8_t i)
{
    w->seen[i >> 3] = (uint8_t)(w->seen[i >> 3] | (1u << (i & 7u)));
}

/* Slide by n (1..64): bit i moves to i + n; bits past 63 fall out. From
 * the top byte down, so each byte reads sources not yet overwritten. */
static void dtls_replay_shift(struct dtls_replay *w, uint8_t n)
{
    uint8_t q = n >> 3, r = n & 7u;
    for (uint8_t k = sizeof w->seen; k-- > 0;) {
        uint8_t hi = k >= q ? w->seen[k - q] : 0;
        uint8_t lo = k > q && r ? w->seen[k - q - 1] : 0;
        w->seen[k] = (uint8_t)((hi << r) | (r ? lo >> (8u - r) : 0));
    }
}

/* a - b for a >= b, capped at DTLS_REPLAY_WINDOW: one 64-bit subtraction
 * (a long instruction sequence on the MSP430) shared by both directions. */
static uint8_t dtls_replay_dist(uint64_t a, uint64_t b)
{
    uint64_t d = a - b;
    return d < DTLS_REPLAY_WINDOW ? (uint8_t)d : DTLS_REPLAY_WINDOW;
}

void dtls_replay_reset(struct dtls_replay *w)
{
    w->top = 0;
    for (uint8_t i = 0; i < sizeof w->seen; i++)
        w->seen[i] = 0;
}

bool dtls_replay_check(const struct dtls_replay *w, uint64_t seq)
{
    if (seq > DTLS_SEQ_MAX)
        return false;
    if (seq > w->top || dtls_replay_empty(w))
        return true;
    uint8_t behind = dtls_replay_dist(w->top, seq);
    return behind < DTLS_REPLAY_WINDOW && !dtls_replay_bit(w, behind);
}

/* A shift by DTLS_REPLAY_WINDOW (a first record, or one a window or more
 * ahead) clears the window. */
void dtls_replay_update(struct dtls_replay *w, uint64_t seq)
{
    if (seq > DTLS_SEQ_MAX)
        return;
    bool empty = dtls_replay_empty(w);
    if (empty || seq > w->top) {
        dtls_replay_shift(w, empty ? DTLS_REPLAY_WINDOW : dtls_replay_dist(seq, w->top));
        w->top = seq;
        dtls_replay_set(w, 0);
        return;
    }
    uint8_t behind = dtls_replay_dist(w->top, seq);
    if (behind < DTLS_REPLAY_WINDOW)
        dtls_replay_set(w, behind);
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
