/* dtls_hello.c: ClientHello, ServerHello and HelloVerifyRequest bodies
 * (see dtls_hello.h). Every field is read through a dtls_rd cursor, whose
 * sticky failure turns any length that runs past the body into one
 * decode_error at the end of the fixed part. */
#include "dtls/dtls_hello.h"

/* ---- extensions (shared) ----------------------------------------------- */

static uint8_t dtls_hello_renego(const uint8_t *data, uint16_t len)
{
    if (len < 1 || data[0] != len - 1u)
        return DTLS_ALERT_DECODE_ERROR; /* renegotiated_connection<0..255> */
    return data[0] == 0 ? DTLS_OK : DTLS_ALERT_HANDSHAKE_FAILURE;
}

/* One extension: set its flag, or refuse its body or a second copy. */
static uint8_t dtls_hello_extension(uint16_t type, const uint8_t *data, uint16_t len, uint8_t *flags)
{
    uint8_t bit, alert = DTLS_OK;
    if (type == DTLS_EXT_EXTENDED_MASTER_SECRET) {
        bit = DTLS_HELLO_EMS;
        alert = len == 0 ? DTLS_OK : DTLS_ALERT_DECODE_ERROR; /* RFC 7627 5.1: empty */
    } else if (type == DTLS_EXT_RENEGOTIATION_INFO) {
        bit = DTLS_HELLO_RENEG_INFO;
        alert = dtls_hello_renego(data, len);
    } else {
        *flags |= DTLS_HELLO_OTHER_EXT; /* unknown: ignored (duplicates not tracked) */
        return DTLS_OK;
    }
    if (alert == DTLS_OK && (*flags & bit))
        alert = DTLS_ALERT_ILLEGAL_PARAMETER; /* RFC 5246 7.4.1.4: at most one of each */
    *flags |= bit;
    return alert;
}

/* The optional extensions block that ends a hello: absent, or a 16-bit
 * length that covers exactly the rest of the body. */
static uint8_t dtls_hello_extensions(struct dtls_rd *r, uint8_t *flags)
{
    if (dtls_rd_left(r) == 0)
        return DTLS_OK;
    uint16_t total = dtls_rd_u16(r);
    if (!r->ok || total != dtls_rd_left(r))
        return DTLS_ALERT_DECODE_ERROR;
    while (dtls_rd_left(r) > 0) { /* the block is the rest of the body */
        uint16_t type = dtls_rd_u16(r);
        uint16_t len = dtls_rd_u16(r);
        const uint8_t *data = dtls_rd_take(r, len);
        if (!r->ok)
            return DTLS_ALERT_DECODE_ERROR;
        uint8_t alert = dtls_hello_extension(type, data, len, flags);
        if (alert != DTLS_OK)
            return alert;
    }
    return DTLS_OK;
}

/* The extensions we send, in this order: renegotiation_info, empty
 * (RFC 5746 3.4), and extended_master_secret (RFC 7627 5.1). */
static const uint8_t dtls_hello_our_extensions[] = {0xFF, 0x01, 0, 1, 0, /* renegotiation_info */
                                                    0,    23,   0, 0};   /* extended_master_secret */
#define DTLS_HELLO_RENEG_INFO_EXT_LEN 5u

/* A hello of ours ends: the extensions in flags, then its length (0 if
 * it did not fit). */
static uint16_t dtls_hello_end(struct dtls_wr *w, uint8_t flags)
{
    uint8_t from = (flags & DTLS_HELLO_RENEG_INFO) ? 0 : DTLS_HELLO_RENEG_INFO_EXT_LEN;
    uint8_t to = (flags & DTLS_HELLO_EMS) ? sizeof dtls_hello_our_extensions : DTLS_HELLO_RENEG_INFO_EXT_LEN;
    if (from != to) { /* else no extensions block */
        dtls_wr_u16(w, (uint16_t)(to - from));
        dtls_wr_bytes(w, dtls_hello_our_extensions + from, (uint16_t)(to - from));
    }
    return w->ok ? w->len : 0;
}

/* ---- ClientHello ------------------------------------------------------- */

/* Flags for the suites and compression methods offered. */
static uint8_t dtls_client_hello_offers(const struct dtls_client_hello *ch, const uint8_t *comp)
{
    uint8_t flags = 0;
    for (uint16_t i = 0; i < ch->suites_len; i = (uint16_t)(i + 2u)) { /* (an even length) */
        uint16_t s = dtls_get_u16(ch->suites + i);
        if (s == DTLS_PSK_WITH_AES_128_CCM_8)
            flags |= DTLS_HELLO_CCM8;
        else if (s == DTLS_EMPTY_RENEGOTIATION_INFO_SCSV)
            flags |= DTLS_HELLO_SCSV;
    }
    for (uint8_t i = 0; i < ch->compression_len; i++) {
        if (comp[i] == DTLS_COMPRESSION_NULL)
            flags |= DTLS_HELLO_NULL_COMP;
    }
    return flags;
}

uint8_t dtls_client_hello_parse(const uint8_t *body, uint16_t len, struct dtls_client_hello *ch)
{
    struct dtls_rd r;
    dtls_rd_init(&r, body, len);
    ch->body_len = len;
    ch->flags = 0; /* (every other field is read below) */
    ch->version = dtls_rd_u16(&r);
    ch->random = dtls_rd_take(&r, DTLS_RANDOM_LEN);
    ch->session_id_len = dtls_rd_u8(&r);
    ch->session_id = dtls_rd_take(&r, ch->session_id_len);
    ch->cookie_at = r.pos;
    ch->cookie_len = dtls_rd_u8(&r);
    ch->cookie = dtls_rd_take(&r, ch->cookie_len);
    ch->cookie_end = r.pos;
    ch->suites_len = dtls_rd_u16(&r);
    ch->suites = dtls_rd_take(&r, ch->suites_len);
    ch->compression_len = dtls_rd_u8(&r);
    const uint8_t *comp = dtls_rd_take(&r, ch->compression_len);
    if (!r.ok || ch->session_id_len > DTLS_SESSION_ID_MAX || ch->suites_len < 2 || (ch->suites_len & 1u) ||
        ch->compression_len < 1)
        return DTLS_ALERT_DECODE_ERROR;
    ch->flags = dtls_client_hello_offers(ch, comp);
    return dtls_hello_extensions(&r, &ch->flags);
}

uint8_t dtls_client_hello_check(const struct dtls_client_hello *ch)
{
    /* DTLS versions count down: 0xFEFD (1.2) or below (1.3, ...) offers 1.2 */
    if ((uint16_t)(ch->version - (DTLS_VERSION_MAJOR << 8)) > (DTLS_VERSION_1_2 & 0xFFu))
        return DTLS_ALERT_PROTOCOL_VERSION;
    if (!(ch->flags & DTLS_HELLO_CCM8))
        return DTLS_ALERT_HANDSHAKE_FAILURE;
    if (!(ch->flags & DTLS_HELLO_NULL_COMP))
        return DTLS_ALERT_ILLEGAL_PARAMETER;
    return DTLS_OK;
}

/* What a ClientHello of ours offers after its cookie: the cipher suites
 * (0xC0A8, then the SCSV or not) and the compression methods (null). */
static const uint8_t dtls_hello_our_offer_scsv[] = {0, 4, 0xC0, 0xA8, 0x00, 0xFF, 1, DTLS_COMPRESSION_NULL};
static const uint8_t dtls_hello_our_offer[] = {0, 2, 0xC0, 0xA8, 1, DTLS_COMPRESSION_NULL};

uint16_t dtls_client_hello_build(uint8_t *out, uint16_t cap, const struct dtls_client_hello *ch)
{
    if (ch->session_id_len > DTLS_SESSION_ID_MAX || ch->cookie_len > DTLS_COOKIE_MAX)
        return 0;
    struct dtls_wr w;
    dtls_wr_init(&w, out, cap);
    dtls_wr_u16(&w, DTLS_VERSION_1_2);
    dtls_wr_bytes(&w, ch->random, DTLS_RANDOM_LEN);
    dtls_wr_u8(&w, ch->session_id_len);
    dtls_wr_bytes(&w, ch->session_id, ch->session_id_len);
    dtls_wr_u8(&w, ch->cookie_len);
    dtls_wr_bytes(&w, ch->cookie, ch->cookie_len);
    if (ch->flags & DTLS_HELLO_SCSV)
        dtls_wr_bytes(&w, dtls_hello_our_offer_scsv, sizeof dtls_hello_our_offer_scsv);
    else
        dtls_wr_bytes(&w, dtls_hello_our_offer, sizeof dtls_hello_our_offer);
    return dtls_hello_end(&w, ch->flags);
}

/* ---- ServerHello ------------------------------------------------------- */

uint8_t dtls_server_hello_parse(const uint8_t *body, uint16_t len, struct dtls_server_hello *sh)
{
    struct dtls_rd r;
    dtls_rd_init(&r, body, len);
    sh->flags = 0; /* (every other field is read below) */
    sh->version = dtls_rd_u16(&r);
    sh->random = dtls_rd_take(&r, DTLS_RANDOM_LEN);
    sh->session_id_len = dtls_rd_u8(&r);
    sh->session_id = dtls_rd_take(&r, sh->session_id_len);
    sh->suite = dtls_rd_u16(&r);
    sh->compression = dtls_rd_u8(&r);
    if (!r.ok || sh->session_id_len > DTLS_SESSION_ID_MAX)
        return DTLS_ALERT_DECODE_ERROR;
    return dtls_hello_extensions(&r, &sh->flags);
}

uint8_t dtls_server_hello_check(const struct dtls_server_hello *sh, uint8_t offered)
{
    if (sh->version != DTLS_VERSION_1_2)
        return DTLS_ALERT_PROTOCOL_VERSION;
    if (sh->suite != DTLS_PSK_WITH_AES_128_CCM_8 || sh->compression != DTLS_COMPRESSION_NULL)
        return DTLS_ALERT_ILLEGAL_PARAMETER;
    /* the extensions it may answer with: ours, renegotiation_info also for the SCSV */
    uint8_t allowed = offered & (DTLS_HELLO_EMS | DTLS_HELLO_OTHER_EXT);
    if (offered & (DTLS_HELLO_SCSV | DTLS_HELLO_RENEG_INFO))
        allowed |= DTLS_HELLO_RENEG_INFO;
    if (sh->flags & (DTLS_HELLO_EMS | DTLS_HELLO_RENEG_INFO | DTLS_HELLO_OTHER_EXT) & ~allowed)
        return DTLS_ALERT_UNSUPPORTED_EXTENSION;
    return DTLS_OK;
}

uint16_t dtls_server_hello_build(uint8_t *out, uint16_t cap, const struct dtls_server_hello *sh)
{
    static const uint8_t choice[] = {0xC0, 0xA8, DTLS_COMPRESSION_NULL}; /* suite, compression */
    if (sh->session_id_len > DTLS_SESSION_ID_MAX)
        return 0;
    struct dtls_wr w;
    dtls_wr_init(&w, out, cap);
    dtls_wr_u16(&w, DTLS_VERSION_1_2);
    dtls_wr_bytes(&w, sh->random, DTLS_RANDOM_LEN);
    dtls_wr_u8(&w, sh->session_id_len);
    dtls_wr_bytes(&w, sh->session_id, sh->session_id_len);
    dtls_wr_bytes(&w, choice, sizeof choice);
    return dtls_hello_end(&w, sh->flags);
}

/* ---- HelloVerifyRequest ------------------------------------------------ */

uint8_t dtls_hello_verify_parse(const uint8_t *body, uint16_t len, struct dtls_hello_verify *hv)
{
    struct dtls_rd r;
    dtls_rd_init(&r, body, len);
    hv->version = dtls_rd_u16(&r);
    hv->cookie_len = dtls_rd_u8(&r);
    hv->cookie = dtls_rd_take(&r, hv->cookie_len);
    if (!r.ok || dtls_rd_left(&r) != 0)
        return DTLS_ALERT_DECODE_ERROR;
    if (hv->version != DTLS_VERSION_1_0 && hv->version != DTLS_VERSION_1_2)
        return DTLS_ALERT_PROTOCOL_VERSION;
    if (hv->cookie_len == 0 || hv->cookie_len > DTLS_COOKIE_MAX)
        return DTLS_ALERT_ILLEGAL_PARAMETER;
    return DTLS_OK;
}

uint16_t dtls_hello_verify_build(uint8_t *out, uint16_t cap, const uint8_t *cookie, uint8_t cookie_len)
{
    uint16_t len = (uint16_t)(3u + cookie_len); /* server_version, cookie<0..2^8-1> */
    if (!out || cap < len)
        return 0;
    dtls_put_u16(out, DTLS_VERSION_1_0);
    out[2] = cookie_len;
    for (uint8_t i = 0; i < cookie_len; i++)
        out[3 + i] = cookie[i];
    return len;
}
