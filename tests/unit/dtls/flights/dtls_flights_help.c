/* dtls_flights_help.c: DtlsFlightsHelp: the servers know "alice" (hint
 * dfl.hint), the clients present it; a Log keeping lines in dfl.log; and
 * a tap under c and under s that records every datagram its node sends
 * (time, size, first record and fragment), drops the ones dfl.*.drop
 * picks (sent to a port nobody listens on, so send_done still follows),
 * and lowers mtu() to dfl.*.mtu at run time. */
#include <stdio.h>
#include <string.h>

#include "dtls/dtls_wire.h"
#include "interfaces/datagram.h"
#include "interfaces/log.h"
#include "interfaces/psk_store.h"
#include "interfaces/timer.h"
#include "tests/unit/dtls/flights/dtls_flights_help.h"

static const uint8_t dfl_key[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

/* ---- PskStore ----------------------------------------------------------- */

uint16_t DtlsFlightsHelp__psk_server__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    uint16_t n = dfl.hint ? (uint16_t)strlen(dfl.hint) : 0;
    if (n > cap)
        return 0;
    memcpy(hint, dfl.hint ? dfl.hint : "", n);
    return n;
}

uint8_t DtlsFlightsHelp__psk_server__identity(const struct endpoint *peer, const uint8_t *hint,
                                              uint16_t hint_len, uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len, (void)identity;
    return 0;
}

static uint8_t dfl_alice(const uint8_t *identity, uint8_t identity_len, uint8_t *key)
{
    if (identity_len != 5 || memcmp(identity, "alice", 5) != 0)
        return 0;
    memcpy(key, dfl_key, sizeof dfl_key);
    return sizeof dfl_key;
}

uint8_t DtlsFlightsHelp__psk_server__key(const struct endpoint *peer, const uint8_t *identity,
                                         uint8_t identity_len, uint8_t *key)
{
    (void)peer;
    return dfl_alice(identity, identity_len, key);
}

uint16_t DtlsFlightsHelp__psk_client__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer, (void)hint, (void)cap;
    return 0;
}

uint8_t DtlsFlightsHelp__psk_client__identity(const struct endpoint *peer, const uint8_t *hint,
                                              uint16_t hint_len, uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len;
    memcpy(identity, "alice", 5);
    return 5;
}

uint8_t DtlsFlightsHelp__psk_client__key(const struct endpoint *peer, const uint8_t *identity,
                                         uint8_t identity_len, uint8_t *key)
{
    (void)peer;
    return dfl_alice(identity, identity_len, key);
}

/* ---- Log: lines kept in dfl.log ------------------------------------------ */

static void dfl_log_put(const char *text)
{
    size_t n = strlen(text);
    if (dfl.log_len + n + 1 > sizeof dfl.log)
        return;
    memcpy(dfl.log + dfl.log_len, text, n);
    dfl.log_len = (uint16_t)(dfl.log_len + n);
    dfl.log[dfl.log_len] = 0;
}

bool DtlsFlightsHelp__log__begin(uint8_t level, const char *source)
{
    (void)level;
    char b[24];
    snprintf(b, sizeof b, "%lu ", (unsigned long)DtlsFlightsHelp__clock__now());
    dfl_log_put(b);
    dfl_log_put(source);
    dfl_log_put(": ");
    return true;
}

void DtlsFlightsHelp__log__str(const char *text)
{
    dfl_log_put(text);
}

void DtlsFlightsHelp__log__u32(uint32_t value)
{
    char b[16];
    snprintf(b, sizeof b, "%lu", (unsigned long)value);
    dfl_log_put(b);
}

void DtlsFlightsHelp__log__i32(int32_t value)
{
    char b[16];
    snprintf(b, sizeof b, "%ld", (long)value);
    dfl_log_put(b);
}

void DtlsFlightsHelp__log__hex(const uint8_t *data, uint16_t len)
{
    (void)data, (void)len;
}

void DtlsFlightsHelp__log__end(void)
{
    dfl_log_put("\n");
}

/* ---- the taps ------------------------------------------------------------- */

/* Record what node `t` sends; true if the drop rule loses it. */
static bool dfl_tap_record(struct dfl_tap *t, const uint8_t *buf, uint16_t len)
{
    struct dfl_dgram d = {.at = DtlsFlightsHelp__clock__now(), .len = len, .hs_type = 0xFF};
    d.type = len ? buf[0] : 0;
    if (len >= 25 && buf[0] == DTLS_CT_HANDSHAKE && buf[3] == 0 && buf[4] == 0) {
        d.hs_type = buf[13];
        d.frag_off = (uint16_t)dtls_get_u24(buf + 19);
    }
    d.dropped = t->drop && t->drop(&d);
    if (t->n < DFL_LOG_MAX)
        t->log[t->n++] = d;
    return d.dropped;
}

static err_t dfl_tap_send(struct dfl_tap *t, bool c, const struct endpoint *to, const uint8_t *buf,
                          uint16_t len)
{
    struct endpoint nowhere = *to;
    if (dfl_tap_record(t, buf, len))
        nowhere.port = 9; /* nobody listens: lost, and send_done still comes */
    return c ? DtlsFlightsHelp__c_link__send(&nowhere, buf, len)
             : DtlsFlightsHelp__s_link__send(&nowhere, buf, len);
}

static uint16_t dfl_tap_mtu(const struct dfl_tap *t, uint16_t link)
{
    return t->mtu && t->mtu < link ? t->mtu : link;
}

err_t DtlsFlightsHelp__c_net__open(const struct endpoint *local)
{
    return DtlsFlightsHelp__c_link__open(local);
}

void DtlsFlightsHelp__c_net__close(void)
{
    DtlsFlightsHelp__c_link__close();
}

uint16_t DtlsFlightsHelp__c_net__mtu(void)
{
    return dfl_tap_mtu(&dfl.c, DtlsFlightsHelp__c_link__mtu());
}

err_t DtlsFlightsHelp__c_net__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    return dfl_tap_send(&dfl.c, true, to, buf, len);
}

void DtlsFlightsHelp__c_link__send_done(const uint8_t *buf, err_t result)
{
    DtlsFlightsHelp__c_net__send_done(buf, result);
}

void DtlsFlightsHelp__c_link__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    DtlsFlightsHelp__c_net__received(from, buf, len);
}

err_t DtlsFlightsHelp__s_net__open(const struct endpoint *local)
{
    return DtlsFlightsHelp__s_link__open(local);
}

void DtlsFlightsHelp__s_net__close(void)
{
    DtlsFlightsHelp__s_link__close();
}

uint16_t DtlsFlightsHelp__s_net__mtu(void)
{
    return dfl_tap_mtu(&dfl.s, DtlsFlightsHelp__s_link__mtu());
}

err_t DtlsFlightsHelp__s_net__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    return dfl_tap_send(&dfl.s, false, to, buf, len);
}

void DtlsFlightsHelp__s_link__send_done(const uint8_t *buf, err_t result)
{
    DtlsFlightsHelp__s_net__send_done(buf, result);
}

void DtlsFlightsHelp__s_link__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    DtlsFlightsHelp__s_net__received(from, buf, len);
}

void DtlsFlightsHelp__clock__fired(void) {}
