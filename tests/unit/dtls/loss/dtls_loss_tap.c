/* dtls_loss_tap.c: DtlsLossTap, the loss matrix's taps and PskStore. Each
 * tap forwards its Dtls instance's sends to its FakeLink untouched, and
 * decides for every datagram arriving from the link, with its own PRNG
 * (dtl.prng[side], one draw per arrival), whether it is lost; every send,
 * arrival and drop goes to the run's log with the time and what the
 * datagram carries (dtl_log). The FakeLinks themselves only duplicate and
 * reorder. Both sides share one PSK; the server gives a hint of
 * dtl.hint_len bytes (a long one makes its flight need fragments). */
#include <string.h>

#include "interfaces/datagram.h"
#include "interfaces/psk_store.h"
#include "tests/unit/dtls/loss/dtls_loss.h"

static const uint8_t dtl_key[16] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                                    0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};

/* ---- the log --------------------------------------------------------------- */

static uint16_t dtl_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint16_t dtl_be24(const uint8_t *p)
{
    return (uint16_t)(p[1] << 8 | p[2]); /* handshake lengths here stay below 64 KB */
}

static void dtl_add(struct dtl_event *e, uint16_t seq, uint8_t type, uint16_t off, uint16_t flen,
                    uint16_t total)
{
    if (e->nfrags < DTL_FRAGS)
        e->frag[e->nfrags++] =
            (struct dtl_frag){.seq = seq, .off = off, .len = flen, .total = total, .type = type};
}

/* Which flight a handshake message belongs to (its type and message_seq). */
static uint8_t dtl_flight_of(uint8_t type, uint16_t seq)
{
    switch (type) {
    case 1:
        return seq == 0 ? DTL_F1 : DTL_F3;
    case 3:
        return DTL_F2;
    case 2:
    case 12:
    case 14:
        return DTL_F4;
    case 16:
        return DTL_F5;
    default:
        return DTL_F_OTHER;
    }
}

static void dtl_handshake(struct dtl_event *e, const uint8_t *body, uint16_t len)
{
    for (uint16_t pos = 0; len - pos >= 12;) {
        const uint8_t *h = body + pos;
        uint16_t flen = dtl_be24(h + 9);
        dtl_add(e, dtl_be16(h + 4), h[0], dtl_be24(h + 6), flen, dtl_be24(h + 1));
        if (e->flight == DTL_F_NONE)
            e->flight = dtl_flight_of(h[0], dtl_be16(h + 4));
        pos = (uint16_t)(pos + 12 + flen);
    }
}

/* A record in epoch 1: CCS and Finished belong to the sender's last flight. */
static void dtl_epoch1(struct dtl_event *e, uint8_t sender, uint8_t ctype)
{
    if (ctype == 22)
        dtl_add(e, DTL_SEQ_ENC, 20, 0, 1, 1);
    if (e->flight == DTL_F_NONE)
        e->flight = ctype == 23            ? DTL_F_DATA
                    : ctype == 21          ? DTL_F_ALERT
                    : sender == DTL_CLIENT ? DTL_F5
                                           : DTL_F6;
}

static void dtl_classify(struct dtl_event *e, uint8_t sender, const uint8_t *buf, uint16_t len)
{
    for (uint8_t i = 3; i < 11 && len >= 13; i++)
        e->rec = e->rec << 8 | buf[i];
    for (uint16_t pos = 0; len - pos >= 13;) {
        const uint8_t *r = buf + pos;
        uint16_t rlen = dtl_be16(r + 11);
        if (pos + 13 + rlen > len)
            break;
        if (r[0] == 20) {
            dtl_add(e, DTL_SEQ_CCS, 0, 0, 1, 1);
            if (e->flight == DTL_F_NONE)
                e->flight = sender == DTL_CLIENT ? DTL_F5 : DTL_F6;
        } else if (dtl_be16(r + 3) == 0 && r[0] == 22) {
            dtl_handshake(e, r + 13, rlen);
        } else {
            dtl_epoch1(e, sender, r[0]);
        }
        pos = (uint16_t)(pos + 13 + rlen);
    }
    if (e->flight == DTL_F_NONE)
        e->flight = DTL_F_OTHER;
}

static void dtl_log(uint8_t kind, uint8_t side, time_ms_t t, const uint8_t *buf, uint16_t len)
{
    if (!dtl.recording)
        return;
    if (dtl.n == DTL_EVENTS) {
        dtl.overflow = true;
        return;
    }
    struct dtl_event *e = &dtl.ev[dtl.n++];
    memset(e, 0, sizeof *e);
    e->t = t;
    e->kind = kind;
    e->side = side;
    e->len = len;
    if (buf) {
        uint8_t sender = kind == DTL_SEND ? side : (uint8_t)(1 - side);
        dtl_classify(e, sender, buf, len);
    }
}

/* The tap's drop decision for a datagram arriving at side: one draw each. */
static bool dtl_lost(uint8_t side)
{
    return fake_prng_below(&dtl.prng[side], 1000) < dtl.loss[side];
}

/* ---- the taps -------------------------------------------------------------- */

err_t DtlsLossTap__tap_c__open(const struct endpoint *local)
{
    return DtlsLossTap__link_c__open(local);
}

void DtlsLossTap__tap_c__close(void)
{
    DtlsLossTap__link_c__close();
}

uint16_t DtlsLossTap__tap_c__mtu(void)
{
    return DtlsLossTap__link_c__mtu();
}

err_t DtlsLossTap__tap_c__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    err_t e = DtlsLossTap__link_c__send(to, buf, len);
    if (e == E_OK)
        dtl_log(DTL_SEND, DTL_CLIENT, DtlsLossTap__clock__now(), buf, len);
    return e;
}

void DtlsLossTap__link_c__send_done(const uint8_t *buf, err_t result)
{
    dtl_log(DTL_DONE, DTL_CLIENT, DtlsLossTap__clock__now(), NULL, 0);
    DtlsLossTap__tap_c__send_done(buf, result);
}

void DtlsLossTap__link_c__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    bool lost = dtl.recording && dtl_lost(DTL_CLIENT);
    dtl_log(lost ? DTL_DROP : DTL_ARRIVE, DTL_CLIENT, DtlsLossTap__clock__now(), buf, len);
    if (!lost)
        DtlsLossTap__tap_c__received(from, buf, len);
}

err_t DtlsLossTap__tap_s__open(const struct endpoint *local)
{
    return DtlsLossTap__link_s__open(local);
}

void DtlsLossTap__tap_s__close(void)
{
    DtlsLossTap__link_s__close();
}

uint16_t DtlsLossTap__tap_s__mtu(void)
{
    return DtlsLossTap__link_s__mtu();
}

err_t DtlsLossTap__tap_s__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    err_t e = DtlsLossTap__link_s__send(to, buf, len);
    if (e == E_OK)
        dtl_log(DTL_SEND, DTL_SERVER, DtlsLossTap__clock__now(), buf, len);
    return e;
}

void DtlsLossTap__link_s__send_done(const uint8_t *buf, err_t result)
{
    dtl_log(DTL_DONE, DTL_SERVER, DtlsLossTap__clock__now(), NULL, 0);
    DtlsLossTap__tap_s__send_done(buf, result);
}

void DtlsLossTap__link_s__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    bool lost = dtl.recording && dtl_lost(DTL_SERVER);
    dtl_log(lost ? DTL_DROP : DTL_ARRIVE, DTL_SERVER, DtlsLossTap__clock__now(), buf, len);
    if (!lost)
        DtlsLossTap__tap_s__received(from, buf, len);
}

void DtlsLossTap__clock__fired(void) {}

/* ---- PskStore: one identity, one key; the server's hint is dtl.hint_len 'h's -- */

uint16_t DtlsLossTap__psk_server__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    uint16_t n = dtl.hint_len <= cap ? dtl.hint_len : 0;
    memset(hint, 'h', n);
    return n;
}

uint8_t DtlsLossTap__psk_server__identity(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len,
                                          uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len, (void)identity;
    return 0;
}

uint8_t DtlsLossTap__psk_server__key(const struct endpoint *peer, const uint8_t *identity,
                                     uint8_t identity_len, uint8_t *key)
{
    (void)peer;
    if (identity_len != 6 || memcmp(identity, "lossy1", 6) != 0)
        return 0;
    memcpy(key, dtl_key, sizeof dtl_key);
    return sizeof dtl_key;
}

uint16_t DtlsLossTap__psk_client__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer, (void)hint, (void)cap;
    return 0;
}

uint8_t DtlsLossTap__psk_client__identity(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len,
                                          uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len;
    memcpy(identity, "lossy1", 6);
    return 6;
}

uint8_t DtlsLossTap__psk_client__key(const struct endpoint *peer, const uint8_t *identity,
                                     uint8_t identity_len, uint8_t *key)
{
    (void)peer, (void)identity, (void)identity_len;
    memcpy(key, dtl_key, sizeof dtl_key);
    return sizeof dtl_key;
}
