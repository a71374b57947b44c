/* dtls_core_help.c: DtlsCoreHelp, the PskStore of the Dtls tests (servers
 * know "alice"; clients present dct.identity with the key, or a wrong one)
 * and the tap under client c, which forwards to link_c and keeps a copy of
 * the last datagram c sent so that the test can replay or alter it, and
 * a Log that keeps the trace lines in dct.log. */
#include <stdio.h>
#include <string.h>

#include "interfaces/datagram.h"
#include "interfaces/log.h"
#include "interfaces/psk_store.h"
#include "tests/unit/dtls/core/dtls_core_help.h"

static const uint8_t dct_key[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

/* ---- PskStore ----------------------------------------------------------- */

uint16_t DtlsCoreHelp__psk_server__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    uint16_t n = dct.hint ? (uint16_t)strlen(dct.hint) : 0;
    if (n > cap)
        return 0;
    memcpy(hint, dct.hint ? dct.hint : "", n);
    return n;
}

uint8_t DtlsCoreHelp__psk_server__identity(const struct endpoint *peer, const uint8_t *hint,
                                           uint16_t hint_len, uint8_t *identity)
{
    (void)peer, (void)hint, (void)hint_len, (void)identity;
    return 0;
}

uint8_t DtlsCoreHelp__psk_server__key(const struct endpoint *peer, const uint8_t *identity,
                                      uint8_t identity_len, uint8_t *key)
{
    (void)peer;
    if (identity_len != 5 || memcmp(identity, "alice", 5) != 0)
        return 0;
    memcpy(key, dct_key, sizeof dct_key);
    return sizeof dct_key;
}

uint16_t DtlsCoreHelp__psk_client__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer, (void)hint, (void)cap;
    return 0;
}

uint8_t DtlsCoreHelp__psk_client__identity(const struct endpoint *peer, const uint8_t *hint,
                                           uint16_t hint_len, uint8_t *identity)
{
    (void)peer;
    if (dct.hint) { /* the server's hint reaches the client */
        dct.hint_seen = hint_len == strlen(dct.hint) && memcmp(hint, dct.hint, hint_len) == 0;
    }
    size_t n = strlen(dct.identity);
    memcpy(identity, dct.identity, n);
    return (uint8_t)n;
}

uint8_t DtlsCoreHelp__psk_client__key(const struct endpoint *peer, const uint8_t *identity,
                                      uint8_t identity_len, uint8_t *key)
{
    (void)peer, (void)identity, (void)identity_len;
    memcpy(key, dct_key, sizeof dct_key);
    key[0] ^= dct.key_flip;
    return sizeof dct_key;
}

/* ---- the tap under client c ------------------------------------------------ */

err_t DtlsCoreHelp__tap__open(const struct endpoint *local)
{
    return DtlsCoreHelp__tap_link__open(local);
}

void DtlsCoreHelp__tap__close(void)
{
    DtlsCoreHelp__tap_link__close();
}

uint16_t DtlsCoreHelp__tap__mtu(void)
{
    return DtlsCoreHelp__tap_link__mtu();
}

err_t DtlsCoreHelp__tap__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    if (dct.before_c_send)
        dct.before_c_send(buf, len);
    err_t e = DtlsCoreHelp__tap_link__send(to, buf, len);
    if (e == E_OK && len <= sizeof dct.last) {
        memcpy(dct.last, buf, len);
        dct.last_len = len;
        dct.last_to = *to;
    }
    return e;
}

void DtlsCoreHelp__tap_link__send_done(const uint8_t *buf, err_t result)
{
    if (dct.injecting) {
        dct.injecting = false;
        return;
    }
    DtlsCoreHelp__tap__send_done(buf, result);
}

void DtlsCoreHelp__tap_link__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    DtlsCoreHelp__tap__received(from, buf, len);
}

static inline err_t dct_tap_inject(const uint8_t *buf, uint16_t len)
{
    memcpy(dct.inject, buf, len);
    dct.injecting = true;
    return DtlsCoreHelp__tap_link__send(&dct.last_to, dct.inject, len);
}

/* ---- Log: lines kept in dct.log ---------------------------------------------- */

static void dct_log_put(const char *text)
{
    size_t n = strlen(text);
    if (!dct.log_on || dct.log_len + n + 2 > sizeof dct.log)
        return;
    memcpy(dct.log + dct.log_len, text, n);
    dct.log_len = (uint16_t)(dct.log_len + n);
    dct.log[dct.log_len] = 0;
}

bool DtlsCoreHelp__log__begin(uint8_t level, const char *source)
{
    (void)level;
    dct.log_on = true;
    dct_log_put(source);
    dct_log_put(": ");
    return true;
}

void DtlsCoreHelp__log__str(const char *text)
{
    dct_log_put(text);
}

void DtlsCoreHelp__log__u32(uint32_t value)
{
    char b[16];
    snprintf(b, sizeof b, "%lu", (unsigned long)value);
    dct_log_put(b);
}

void DtlsCoreHelp__log__i32(int32_t value)
{
    char b[16];
    snprintf(b, sizeof b, "%ld", (long)value);
    dct_log_put(b);
}

void DtlsCoreHelp__log__hex(const uint8_t *data, uint16_t len)
{
    for (uint16_t i = 0; i < len; i++) {
        char b[3];
        snprintf(b, sizeof b, "%02x", data[i]);
        dct_log_put(b);
    }
}

void DtlsCoreHelp__log__end(void)
{
    dct_log_put("\n");
    dct.log_on = false;
}
