/* dtls_states_peer.c: x, the scripted raw DTLS peer of the Dtls
 * state-machine tests. It crafts records and handshake messages byte by
 * byte with the pure helpers of components/dtls (dtls_record.h,
 * dtls_handshake.h, dtls_hello.h), keys and Finished from the real
 * CipherSuite, and sends them from its own FakeLink node, so a test can
 * play a client against server s or a server against client c and take
 * any turn the protocol forbids. What s or c sends back to x is kept raw
 * and parsed (and decrypted) on demand. */
#include <string.h>

#include "dtls/dtls_handshake.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"
#include "interfaces/cipher_suite.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/hash.h"
#include "interfaces/mtu_control.h"
#include "interfaces/session.h"
#include "tests/unit/dtls/states/dtls_states.h"
#include "tests/unit/test_cmocka.h"

#define DSX_S       "[::1]:5684"
#define DSX_C       "[::1]:40001"
#define DSX_X       "[::1]:40009"
#define DSX_RAW_MAX 8
#define DSX_MSG_MAX 16
#define DSX_BODY    400

/* A record (or, for handshake records, one message) x received. */
struct dsx_msg {
    uint8_t ct; /* content type */
    uint16_t epoch;
    uint16_t version;
    uint64_t seq;
    bool opened;     /* epoch 0, or an epoch-1 record that authenticated */
    uint8_t hs_type; /* handshake messages */
    uint16_t msg_seq;
    uint16_t len;
    uint8_t body[DSX_BODY];
};

/* What one user of a Dtls instance saw. */
struct dsx_user {
    uint16_t connected;
    uint16_t closed;
    uint8_t reason, alert;
    uint16_t received;
    uint16_t len;
    uint8_t data[128];
    char log[64]; /* first byte of each record received, in order */
};

struct dsx_raw {
    uint8_t buf[512];
    uint16_t len;
};

struct dsx_state {
    struct dsx_user s, c;
    /* x as a DTLS peer */
    bool is_client;
    struct endpoint to;
    uint16_t tx_epoch;
    uint64_t tx_seq[2];
    uint16_t tx_msg_seq;
    bool keyed, ems;
    uint8_t client_random[DTLS_RANDOM_LEN], server_random[DTLS_RANDOM_LEN];
    uint8_t cookie[255];
    uint8_t cookie_len;
    uint8_t master[CS_MASTER_LEN];
    struct cs_keys keys;
    struct hash_ctx transcript;
    uint16_t hellos; /* ClientHellos x made: a fresh random each */
    uint8_t out[700];
    uint16_t out_len;
    /* what x received since it last sent */
    struct dsx_raw raw[DSX_RAW_MAX];
    uint8_t raw_n;
    struct dsx_msg msg[DSX_MSG_MAX];
    uint8_t msg_n;
    uint8_t app[128]; /* what the test makes s or c send */
};
static struct dsx_state dsx;

static struct endpoint dsx_ep(const char *text)
{
    struct endpoint ep;
    assert_true(endpoint_parse(text, 0, &ep));
    return ep;
}

static time_ms_t dsx_now(void)
{
    return DtlsStatesTest__clock__now();
}

void DtlsStatesTest__clock__fired(void) {}

/* Run tasks and move the clock until dt ms have passed. */
static void dsx_run_for(time_ms_t dt)
{
    time_ms_t end = dsx_now() + dt;
    for (;;) {
        (void)DtlsStatesTest__loop__run_until_idle();
        if (!DtlsStatesTest__time__step(end - dsx_now()))
            break;
    }
    (void)DtlsStatesTest__loop__run_until_idle();
}

/* Peers of s (or c) in use; their handshake objects must not outnumber them. */
static uint16_t dsx_in_use(bool server)
{
    struct pool_stats st, hs;
    if (server) {
        DtlsStatesTest__s_pool__stats(&st);
        DtlsStatesTest__s_hs__stats(&hs);
    } else {
        DtlsStatesTest__c_pool__stats(&st);
        DtlsStatesTest__c_hs__stats(&hs);
    }
    assert_true(hs.in_use <= st.in_use);
    return st.in_use;
}

/* ---- x's node ------------------------------------------------------------------ */

void DtlsStatesTest__x__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    (void)from;
    if (dsx.raw_n == DSX_RAW_MAX || len > sizeof dsx.raw[0].buf)
        fail_msg("x: more or longer datagrams than expected (%u bytes)", len);
    memcpy(dsx.raw[dsx.raw_n].buf, buf, len);
    dsx.raw[dsx.raw_n++].len = len;
}

void DtlsStatesTest__x__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    assert_int_equal(result, E_OK);
}

/* Send the datagram built so far and let everything settle; what x
 * received before is forgotten. */
static void dsx_send(void)
{
    dsx.raw_n = 0;
    dsx.msg_n = 0;
    assert_int_equal(DtlsStatesTest__x__send(&dsx.to, dsx.out, dsx.out_len), E_OK);
    dsx_run_for(10);
    dsx.out_len = 0;
}

/* ---- building records ------------------------------------------------------------ */

static const struct cs_key *dsx_tx_key(void)
{
    return dsx.is_client ? &dsx.keys.client : &dsx.keys.server;
}

static const struct cs_key *dsx_rx_key(void)
{
    return dsx.is_client ? &dsx.keys.server : &dsx.keys.client;
}

/* Append a record of the given epoch and sequence number to the datagram
 * being built; epoch > 0 is protected with x's write key. */
static void dsx_rec_at(uint8_t type, uint16_t epoch, uint64_t seq, const uint8_t *plain, uint16_t len)
{
    uint16_t flen = (uint16_t)(len + (epoch ? CS_RECORD_OVERHEAD : 0));
    assert_true((size_t)dsx.out_len + DTLS_RECORD_HEADER_LEN + flen <= sizeof dsx.out);
    uint8_t *r = dsx.out + dsx.out_len;
    uint8_t sb[DTLS_SEQ_LEN];
    dtls_put_u48(sb, seq);
    dtls_record_header_write(r, type, DTLS_VERSION_1_2, epoch, sb, flen);
    uint8_t *frag = r + DTLS_RECORD_HEADER_LEN;
    if (len)
        memmove(frag + (epoch ? CS_EXPLICIT_LEN : 0), plain, len);
    if (epoch) /* r + 3: epoch || seq */
        assert_int_equal(
            DtlsStatesTest__suite__protect(dsx_tx_key(), type, DTLS_VERSION_1_2, r + 3, frag, len), E_OK);
    dsx.out_len = (uint16_t)(dsx.out_len + DTLS_RECORD_HEADER_LEN + flen);
}

/* Append a record in x's current epoch with its next sequence number. */
static void dsx_rec(uint8_t type, const uint8_t *plain, uint16_t len)
{
    dsx_rec_at(type, dsx.tx_epoch, dsx.tx_seq[dsx.tx_epoch & 1u]++, plain, len);
}

static void dsx_alert(uint8_t level, uint8_t desc)
{
    uint8_t b[2];
    dtls_alert_write(b, level, desc);
    dsx_rec(DTLS_CT_ALERT, b, 2);
}

/* ChangeCipherSpec; x writes epoch 1 from now on. */
static void dsx_ccs(void)
{
    static const uint8_t one = 1;
    dsx_rec(DTLS_CT_CHANGE_CIPHER_SPEC, &one, 1);
    dsx.tx_epoch = 1;
}

/* Append a handshake message (whole, in its own record) with message_seq
 * seq; into x's transcript if hash. */
static void dsx_hs_seq(uint8_t type, uint16_t seq, const uint8_t *body, uint16_t len, bool hash)
{
    uint8_t m[DTLS_HS_HEADER_LEN + DSX_BODY];
    assert_true(len <= DSX_BODY);
    dtls_hs_header_write(m, type, len, seq, 0, len);
    if (len)
        memcpy(m + DTLS_HS_HEADER_LEN, body, len);
    if (hash)
        DtlsStatesTest__hash__update(&dsx.transcript, m, (uint16_t)(DTLS_HS_HEADER_LEN + len));
    dsx_rec(DTLS_CT_HANDSHAKE, m, (uint16_t)(DTLS_HS_HEADER_LEN + len));
}

/* The next handshake message of x's flight, into the transcript. */
static void dsx_hs(uint8_t type, const uint8_t *body, uint16_t len)
{
    dsx_hs_seq(type, dsx.tx_msg_seq++, body, len, true);
}

/* ---- what x received ------------------------------------------------------------- */

static struct dsx_msg *dsx_add(const struct dtls_record *rec, bool opened)
{
    if (dsx.msg_n == DSX_MSG_MAX)
        fail_msg("x: more records than expected");
    struct dsx_msg *m = &dsx.msg[dsx.msg_n++];
    memset(m, 0, sizeof *m);
    m->ct = rec->type;
    m->epoch = rec->epoch;
    m->version = rec->version;
    m->seq = dtls_get_u48(rec->seq);
    m->opened = opened;
    return m;
}

static void dsx_parse_record(const struct dtls_record *rec)
{
    uint8_t plain[512];
    uint16_t len = rec->length;
    assert_true(len <= sizeof plain);
    memcpy(plain, rec->fragment, len);
    const uint8_t *p = plain;
    bool opened = true;
    if (rec->epoch) {
        opened = dsx.keyed && DtlsStatesTest__suite__unprotect(dsx_rx_key(), rec->type, rec->version,
                                                               rec->header + 3, plain, len) == E_OK;
        p = plain + CS_EXPLICIT_LEN;
        len = opened ? (uint16_t)(len - CS_RECORD_OVERHEAD) : 0;
    }
    if (rec->type != DTLS_CT_HANDSHAKE || !opened) {
        struct dsx_msg *m = dsx_add(rec, opened);
        m->len = len;
        if (len)
            memcpy(m->body, p, len);
        return;
    }
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    dtls_hs_iter_init(&hi, p, len);
    while (dtls_hs_next(&hi, &f, &alert)) {
        assert_true(f.offset == 0 && f.frag_len == f.length && f.length <= DSX_BODY); /* sent whole */
        struct dsx_msg *m = dsx_add(rec, true);
        m->hs_type = f.type;
        m->msg_seq = f.message_seq;
        m->len = f.frag_len;
        memcpy(m->body, f.body, f.frag_len);
    }
    assert_int_equal(alert, DTLS_OK);
}

/* Parse (again, with the keys x has now) everything received since x last sent. */
static void dsx_parse(void)
{
    dsx.msg_n = 0;
    for (uint8_t i = 0; i < dsx.raw_n; i++) {
        struct dtls_record_iter it;
        struct dtls_record rec;
        dtls_record_iter_init(&it, dsx.raw[i].buf, dsx.raw[i].len, NULL);
        while (dtls_record_next(&it, &rec))
            dsx_parse_record(&rec);
    }
}

/* The first received handshake message of type t (NULL if none). */
static const struct dsx_msg *dsx_find_hs(uint8_t t)
{
    dsx_parse();
    for (uint8_t i = 0; i < dsx.msg_n; i++) {
        if (dsx.msg[i].ct == DTLS_CT_HANDSHAKE && dsx.msg[i].opened && dsx.msg[i].hs_type == t)
            return &dsx.msg[i];
    }
    return NULL;
}

static const struct dsx_msg *dsx_find(uint8_t ct)
{
    dsx_parse();
    for (uint8_t i = 0; i < dsx.msg_n; i++) {
        if (dsx.msg[i].ct == ct)
            return &dsx.msg[i];
    }
    return NULL;
}

static const struct dsx_msg *dsx_expect_hs(uint8_t t)
{
    const struct dsx_msg *m = dsx_find_hs(t);
    if (!m)
        fail_msg("x: no handshake message %u in what it received (%u datagrams)", t, dsx.raw_n);
    return m;
}

/* x received exactly one alert, authenticated, of this level and description. */
static void dsx_expect_alert(uint8_t level, uint8_t desc)
{
    const struct dsx_msg *m = dsx_find(DTLS_CT_ALERT);
    if (!m)
        fail_msg("x: no alert received (expected %u/%u; %u datagrams)", level, desc, dsx.raw_n);
    assert_true(m->opened);
    assert_int_equal(m->len, 2);
    assert_int_equal(m->body[1], desc);
    assert_int_equal(m->body[0], level);
    assert_int_equal(dsx.msg_n, 1);
}

static void dsx_expect_silence(void)
{
    if (dsx.raw_n)
        fail_msg("x: expected no answer, got %u datagrams (first record type %u)", dsx.raw_n,
                 dsx.raw[0].buf[0]);
}

/* Hash a received handshake message into x's transcript, as if unfragmented. */
static void dsx_hash_msg(const struct dsx_msg *m)
{
    uint8_t h[DTLS_HS_HEADER_LEN];
    dtls_hs_header_write(h, m->hs_type, m->len, m->msg_seq, 0, m->len);
    DtlsStatesTest__hash__update(&dsx.transcript, h, sizeof h);
    DtlsStatesTest__hash__update(&dsx.transcript, m->body, m->len);
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Master secret (extended if negotiated: the transcript ends with the
 * ClientKeyExchange) and key block from the PSK. */
static void dsx_derive(void)
{
    if (dsx.ems) {
        struct hash_ctx h = dsx.transcript;
        uint8_t sh[CS_SESSION_HASH_LEN];
        DtlsStatesTest__hash__final(&h, sh);
        assert_int_equal(
            DtlsStatesTest__suite__extended_master_secret(dsx_psk, sizeof dsx_psk, sh, dsx.master), E_OK);
    } else {
        assert_int_equal(DtlsStatesTest__suite__master_secret(dsx_psk, sizeof dsx_psk, dsx.client_random,
                                                              dsx.server_random, dsx.master),
                         E_OK);
    }
    DtlsStatesTest__suite__key_block(dsx.master, dsx.client_random, dsx.server_random, &dsx.keys);
    dsx.keyed = true;
}

/* Finished verify_data of the client (or server) over x's transcript. */
static void dsx_verify_data(bool client, uint8_t *vd)
{
    struct hash_ctx h = dsx.transcript;
    uint8_t d[CS_SESSION_HASH_LEN];
    DtlsStatesTest__hash__final(&h, d);
    DtlsStatesTest__suite__finished(dsx.master, client, d, vd);
}

/* x's own Finished (verify_data flipped if bad), in epoch 1. */
static void dsx_finished(bool bad)
{
    uint8_t vd[CS_VERIFY_LEN];
    dsx_verify_data(dsx.is_client, vd);
    if (bad)
        vd[0] ^= 0x01;
    dsx_hs(DTLS_HT_FINISHED, vd, sizeof vd);
}

/* The peer's Finished, received in epoch 1: verified and hashed. */
static void dsx_check_peer_finished(void)
{
    const struct dsx_msg *f = dsx_expect_hs(DTLS_HT_FINISHED);
    assert_int_equal(f->epoch, 1);
    assert_int_equal(f->len, CS_VERIFY_LEN);
    uint8_t vd[CS_VERIFY_LEN];
    dsx_verify_data(!dsx.is_client, vd);
    assert_memory_equal(vd, f->body, CS_VERIFY_LEN);
    dsx_hash_msg(f);
}

/* Reset x to play a client (against s) or a server (against c). */
static void dsx_reset(bool client)
{
    uint16_t hellos = dsx.hellos;
    struct dsx_user s = dsx.s, c = dsx.c;
    memset(&dsx, 0, sizeof dsx);
    dsx.s = s, dsx.c = c;
    dsx.hellos = hellos;
    dsx.is_client = client;
    dsx.to = dsx_ep(client ? DSX_S : DSX_C);
    DtlsStatesTest__hash__init(&dsx.transcript);
}
