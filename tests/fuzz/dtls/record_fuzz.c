/* record_fuzz.c: libFuzzer target for the receive path of the DTLS record
 * layer (components/dtls): one input is one datagram. Every record the
 * iterator returns must lie inside the datagram, right after the previous
 * one, with a sound header that dtls_record_header_write() reproduces byte
 * for byte; the replay window must refuse what it just accepted; epoch-0
 * handshake records go through fragment parsing, an inbox of small slots
 * and, for complete hellos, the hello parsers; alerts and CCS bodies
 * through theirs. Any out-of-bounds access is ASan's to find. */
#include <stdlib.h>
#include <string.h>

#include "dtls/dtls_handshake.h"
#include "dtls/dtls_hello.h"
#include "dtls/dtls_record.h"

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c))                                                                                            \
            abort();                                                                                         \
    } while (0)

enum { SLOTS = 3, CAP = 200 };

static union {
    struct dtls_reasm r;
    uint8_t bytes[DTLS_REASM_SIZE(CAP)];
} slots[SLOTS];

static void fuzz_message(const struct dtls_hs_msg *m)
{
    struct dtls_client_hello ch;
    struct dtls_server_hello sh;
    struct dtls_hello_verify hv;
    switch (m->type) {
    case DTLS_HT_CLIENT_HELLO:
        if (dtls_client_hello_parse(m->body, m->length, &ch) == DTLS_OK) {
            CHECK(ch.cookie_at <= ch.cookie_end && ch.cookie_end <= m->length);
            (void)dtls_client_hello_check(&ch);
        }
        break;
    case DTLS_HT_SERVER_HELLO:
        if (dtls_server_hello_parse(m->body, m->length, &sh) == DTLS_OK)
            (void)dtls_server_hello_check(&sh, DTLS_HELLO_SCSV | DTLS_HELLO_EMS);
        break;
    case DTLS_HT_HELLO_VERIFY_REQUEST:
        if (dtls_hello_verify_parse(m->body, m->length, &hv) == DTLS_OK)
            CHECK(hv.cookie_len >= 1 && hv.cookie_len <= DTLS_COOKIE_MAX);
        break;
    default:
        break;
    }
}

static void fuzz_handshake(struct dtls_inbox *in, const struct dtls_record *rec)
{
    struct dtls_hs_iter hi;
    struct dtls_hs_fragment f;
    uint8_t alert;
    dtls_hs_iter_init(&hi, rec->fragment, rec->length);
    while (dtls_hs_next(&hi, &f, &alert)) {
        CHECK(f.body >= rec->fragment && f.body + f.frag_len <= rec->fragment + rec->length);
        CHECK(f.offset + f.frag_len <= f.length);
        struct dtls_hs_msg m;
        uint16_t next = in->next_seq;
        uint8_t res = dtls_inbox_put(in, &f, &m, &alert);
        CHECK((res == DTLS_IN_ERROR) == (alert != DTLS_OK));
        if (res == DTLS_IN_ERROR)
            return;
        if (res != DTLS_IN_READY)
            continue;
        do {
            CHECK(m.message_seq == next++);
            fuzz_message(&m);
        } while (dtls_inbox_advance(in, &m));
    }
}

static void fuzz_record(const struct dtls_record *rec, struct dtls_replay *win, struct dtls_inbox *in)
{
    uint8_t h[DTLS_RECORD_HEADER_LEN];
    dtls_record_header_write(h, rec->type, rec->version, rec->epoch, rec->seq, rec->length);
    CHECK(memcmp(h, rec->header, sizeof h) == 0);
    CHECK(rec->type >= DTLS_CT_CHANGE_CIPHER_SPEC && rec->type <= DTLS_CT_APPLICATION_DATA);
    CHECK(rec->length <= DTLS_RECORD_MAX && rec->seq == rec->header + 5);
    struct dtls_replay *w = &win[rec->epoch & 1u];
    if (dtls_replay_check(w, rec->seq)) {
        dtls_replay_update(w, rec->seq);
        CHECK(!dtls_replay_check(w, rec->seq));
        CHECK(dtls_get_u48(w->top) >= dtls_get_u48(rec->seq));
    }
    uint8_t level, desc;
    if (rec->type == DTLS_CT_HANDSHAKE && rec->epoch == 0)
        fuzz_handshake(in, rec);
    else if (rec->type == DTLS_CT_ALERT && dtls_alert_parse(rec->fragment, rec->length, &level, &desc))
        CHECK(level == DTLS_ALERT_WARNING || level == DTLS_ALERT_FATAL);
    else if (rec->type == DTLS_CT_CHANGE_CIPHER_SPEC)
        (void)dtls_ccs_valid(rec->fragment, rec->length);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0xFFFF)
        return 0;
    struct dtls_inbox in;
    dtls_inbox_init(&in, slots, SLOTS, CAP, 0);
    struct dtls_replay win[2];
    dtls_replay_reset(&win[0]);
    dtls_replay_reset(&win[1]);
    struct dtls_drops drops;
    memset(&drops, 0, sizeof drops);
    struct dtls_record_iter it;
    struct dtls_record rec;
    const uint8_t *end = data;
    dtls_record_iter_init(&it, data, (uint16_t)size, &drops);
    while (dtls_record_next(&it, &rec)) {
        CHECK(rec.header >= end && rec.fragment == rec.header + DTLS_RECORD_HEADER_LEN);
        CHECK(rec.fragment + rec.length <= data + size);
        end = rec.fragment + rec.length;
        fuzz_record(&rec, win, &in);
    }
    return 0;
}
