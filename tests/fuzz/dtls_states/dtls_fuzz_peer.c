/* dtls_fuzz_peer.c: what the fuzzed peer x knows of its handshake with
 * the Dtls instance under test, so that the harness can finish flights
 * with real keys and mutations reach the states behind the Finished
 * messages. x watches every datagram both ways: the last ClientHello
 * restarts the transcript (RFC 6347 4.2.6: the first ClientHello and the
 * HelloVerifyRequest are left out), every other whole handshake message
 * is hashed in the order it went by (epoch 1 ones once decrypted; a
 * retransmission, message_seq below the sender's next, only once;
 * fragments put together when they come in order), the
 * ServerHello gives the server random and EMS, and the
 * ClientKeyExchange is the moment to derive the keys from the PSK. The
 * last 16-byte cookie of a HelloVerifyRequest is kept for the cookie echo
 * of dtls_fuzz.c. Nothing here trusts the bytes it parses. */
#include <string.h>

#include "dtls/dtls_handshake.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"
#include "interfaces/cipher_suite.h"
#include "interfaces/hash.h"
#include "tests/unit/dtls/states/dtls_states.h"

#define DFZ_COOKIE_LEN 16 /* the Dtls server's cookies */

struct dfz_peer {
    bool client; /* x plays the client (the instance is a server) */
    uint8_t client_random[DTLS_RANDOM_LEN], server_random[DTLS_RANDOM_LEN];
    bool ems, keyed;
    struct hash_ctx transcript;
    uint8_t master[CS_MASTER_LEN];
    struct cs_keys keys;
    uint64_t seq[2];  /* x's next record sequence number per epoch */
    uint16_t msg_seq; /* x's next handshake message_seq */
    uint16_t next[2]; /* the next new message_seq: [0] from the instance, [1] from x */
    uint8_t cookie[DFZ_COOKIE_LEN];
    bool cookie_fresh;   /* a HelloVerifyRequest came since x last sent */
    uint8_t plain[1400]; /* scratch for decryption */
    struct dfz_reasm {   /* [from_x]: a message arriving in fragments, in order */
        struct dtls_hs_fragment f;
        uint8_t buf[600];
    } part[2];
};
static struct dfz_peer dfz;

static const struct cs_key *dfz_key(bool from_x)
{
    return from_x == dfz.client ? &dfz.keys.client : &dfz.keys.server;
}

static void dfz_peer_reset(bool client)
{
    memset(&dfz, 0, sizeof dfz);
    dfz.client = client;
    DtlsFuzz__hash__init(&dfz.transcript);
}

static void dfz_derive(void)
{
    err_t e;
    if (dfz.ems) {
        struct hash_ctx h = dfz.transcript;
        uint8_t sh[CS_SESSION_HASH_LEN];
        DtlsFuzz__hash__final(&h, sh);
        e = DtlsFuzz__suite__extended_master_secret(dsx_psk, sizeof dsx_psk, sh, dfz.master);
    } else {
        e = DtlsFuzz__suite__master_secret(dsx_psk, sizeof dsx_psk, dfz.client_random, dfz.server_random,
                                           dfz.master);
    }
    if (e != E_OK)
        return;
    DtlsFuzz__suite__key_block(dfz.master, dfz.client_random, dfz.server_random, &dfz.keys);
    dfz.keyed = true;
}

static void dfz_hash(const struct dtls_hs_fragment *f)
{
    uint8_t h[DTLS_HS_HEADER_LEN];
    dtls_hs_header_write(h, f->type, f->length, f->message_seq, 0, f->length);
    DtlsFuzz__hash__update(&dfz.transcript, h, sizeof h);
    DtlsFuzz__hash__update(&dfz.transcript, f->body, f->frag_len);
}

/* One whole handshake message that went by (from_x: x sent it). */
static void dfz_message(const struct dtls_hs_fragment *f, bool from_x)
{
    if (from_x)
        dfz.msg_seq = (uint16_t)(f->message_seq + 1u);
    if (f->type == DTLS_HT_HELLO_VERIFY_REQUEST) {
        struct dtls_hello_verify hv;
        if (!from_x && dtls_hello_verify_parse(f->body, f->frag_len, &hv) == DTLS_OK &&
            hv.cookie_len == DFZ_COOKIE_LEN) {
            memcpy(dfz.cookie, hv.cookie, DFZ_COOKIE_LEN);
            dfz.cookie_fresh = true;
        }
        return;
    }
    if (f->type == DTLS_HT_CLIENT_HELLO) { /* the last one restarts the transcript (sent again: too) */
        struct dtls_client_hello ch;
        if ((uint32_t)f->message_seq + 1u < dfz.next[from_x] ||
            dtls_client_hello_parse(f->body, f->frag_len, &ch) != DTLS_OK)
            return;
        memcpy(dfz.client_random, ch.random, DTLS_RANDOM_LEN);
        DtlsFuzz__hash__init(&dfz.transcript);
        dfz.keyed = false;
        dfz.next[!from_x] = f->message_seq; /* the ServerHello answers with the ClientHello's */
    } else if (f->message_seq < dfz.next[from_x]) {
        return; /* a retransmission: hashed already */
    }
    dfz.next[from_x] = (uint16_t)(f->message_seq + 1u);
    if (f->type == DTLS_HT_SERVER_HELLO) {
        struct dtls_server_hello sh;
        if (dtls_server_hello_parse(f->body, f->frag_len, &sh) == DTLS_OK) {
            memcpy(dfz.server_random, sh.random, DTLS_RANDOM_LEN);
            dfz.ems = (sh.flags & DTLS_HELLO_EMS) != 0;
        }
    }
    dfz_hash(f);
    if (f->type == DTLS_HT_CLIENT_KEY_EXCHANGE)
        dfz_derive();
}

/* A fragment: whole messages at once, others put together in order. */
static void dfz_fragment(const struct dtls_hs_fragment *f, bool from_x)
{
    struct dfz_reasm *r = &dfz.part[from_x];
    if (f->offset == 0 && f->frag_len == f->length) {
        dfz_message(f, from_x);
        return;
    }
    if (f->offset == 0 && f->length <= sizeof r->buf) {
        r->f = *f;
        r->f.frag_len = 0;
        r->f.body = r->buf;
    } else if (f->offset != r->f.frag_len || f->type != r->f.type || f->message_seq != r->f.message_seq ||
               f->length != r->f.length || r->f.body != r->buf) {
        return;
    }
    memcpy(r->buf + f->offset, f->body, f->frag_len); /* offset + frag_len <= length: dtls_hs_next */
    r->f.frag_len = (uint16_t)(r->f.frag_len + f->frag_len);
    if (r->f.frag_len == r->f.length) {
        dfz_message(&r->f, from_x);
        r->f.body = NULL;
    }
}

static void dfz_record(const struct dtls_record *rec, bool from_x)
{
    if (rec->epoch > 1)
        return;
    uint64_t seq = dtls_get_u48(rec->seq);
    if (from_x && seq >= dfz.seq[rec->epoch]) /* x's own records go on from the script's */
        dfz.seq[rec->epoch] = seq + 1u;
    if (rec->type != DTLS_CT_HANDSHAKE)
        return;
    const uint8_t *p = rec->fragment;
    uint16_t len = rec->length;
    if (rec->epoch == 1) {
        if (!dfz.keyed || len > sizeof dfz.plain)
            return;
        memcpy(dfz.plain, rec->fragment, len);
        if (DtlsFuzz__suite__unprotect(dfz_key(from_x), rec->type, rec->version, rec->header + 3, dfz.plain,
                                       len) != E_OK)
            return;
        p = dfz.plain + CS_EXPLICIT_LEN;
        len = (uint16_t)(len - CS_RECORD_OVERHEAD);
    }
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    dtls_hs_iter_init(&hi, p, len);
    while (dtls_hs_next(&hi, &f, &alert))
        dfz_fragment(&f, from_x);
}

/* A datagram that went by, in either direction. */
static void dfz_watch(const uint8_t *buf, uint16_t len, bool from_x)
{
    struct dtls_record_iter it;
    struct dtls_record rec;
    dtls_record_iter_init(&it, buf, len, NULL);
    while (dtls_record_next(&it, &rec))
        dfz_record(&rec, from_x);
}

/* ---- x's own records --------------------------------------------------------------- */

/* Append a record (epoch 1: protected with x's key) at out + *at, cap bytes in all. */
static void dfz_put_record(uint8_t *out, uint16_t cap, uint16_t *at, uint8_t type, uint16_t epoch,
                           const uint8_t *plain, uint16_t len)
{
    uint16_t flen = (uint16_t)(len + (epoch ? CS_RECORD_OVERHEAD : 0));
    if ((uint32_t)*at + DTLS_RECORD_HEADER_LEN + flen > cap)
        return;
    uint8_t *r = out + *at;
    uint8_t seq[DTLS_SEQ_LEN];
    dtls_put_u48(seq, dfz.seq[epoch & 1u]++);
    dtls_record_header_write(r, type, DTLS_VERSION_1_2, epoch, seq, flen);
    uint8_t *frag = r + DTLS_RECORD_HEADER_LEN + (epoch ? CS_EXPLICIT_LEN : 0);
    if (len)
        memmove(frag, plain, len);
    if (epoch && DtlsFuzz__suite__protect(dfz_key(true), type, DTLS_VERSION_1_2, r + 3 /* epoch || seq */,
                                          r + DTLS_RECORD_HEADER_LEN, len) != E_OK)
        return;
    *at = (uint16_t)(*at + DTLS_RECORD_HEADER_LEN + flen);
}

/* Append handshake message type (whole) in epoch; x's transcript takes it. */
static void dfz_put_message(uint8_t *out, uint16_t cap, uint16_t *at, uint8_t type, uint16_t epoch,
                            const uint8_t *body, uint16_t len)
{
    uint8_t m[DTLS_HS_HEADER_LEN + 2 + PSK_IDENTITY_MAX];
    if (len > sizeof m - DTLS_HS_HEADER_LEN)
        return;
    struct dtls_hs_fragment f = {type, len, dfz.msg_seq, 0, len, m + DTLS_HS_HEADER_LEN};
    dtls_hs_header_write(m, type, len, dfz.msg_seq, 0, len);
    if (len)
        memcpy(m + DTLS_HS_HEADER_LEN, body, len);
    dfz_message(&f, true);
    dfz_put_record(out, cap, at, DTLS_CT_HANDSHAKE, epoch, m, (uint16_t)(DTLS_HS_HEADER_LEN + len));
}

/* x's last flight as the protocol wants it: as a client ClientKeyExchange
 * (identity "alice"), ChangeCipherSpec, Finished; as a server
 * ChangeCipherSpec, Finished (its verify_data changed if bad). Returns the
 * datagram's length. */
static uint16_t dfz_finish_flight(uint8_t *out, uint16_t cap, bool bad)
{
    uint16_t at = 0;
    if (dfz.client) {
        uint8_t cke[2 + sizeof DSX_IDENTITY - 1];
        dtls_put_u16(cke, sizeof DSX_IDENTITY - 1);
        memcpy(cke + 2, DSX_IDENTITY, sizeof DSX_IDENTITY - 1);
        dfz_put_message(out, cap, &at, DTLS_HT_CLIENT_KEY_EXCHANGE, 0, cke, sizeof cke);
    }
    if (!dfz.keyed)
        return at;
    static const uint8_t one = 1;
    dfz_put_record(out, cap, &at, DTLS_CT_CHANGE_CIPHER_SPEC, 0, &one, 1);
    struct hash_ctx h = dfz.transcript;
    uint8_t d[CS_SESSION_HASH_LEN], vd[CS_VERIFY_LEN];
    DtlsFuzz__hash__final(&h, d);
    DtlsFuzz__suite__finished(dfz.master, dfz.client, d, vd);
    vd[0] ^= (uint8_t)bad;
    dfz_put_message(out, cap, &at, DTLS_HT_FINISHED, 1, vd, sizeof vd);
    return at;
}
