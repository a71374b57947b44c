/* dtls_tool.c: DtlsTool's common part: on boot it parses the options
 * (dtls_tool_args.c), fills the PSK table (PskConfig: --psk-file, or
 * --identity with --key), sets the MTU clamp and the log gate, and starts
 * the role (dtls_tool_server.c or dtls_tool_client.c). Diagnostics go to
 * stderr as "dtls-client: ..."; -v adds the components' log lines (the
 * handshake trace of Dtls) at LOG_DEBUG. Every exit goes through
 * dtlstool_finish(), which wipes the keys first. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "interfaces/boot.h"
#include "interfaces/dtls_stats.h"
#include "interfaces/log.h"
#include "interfaces/log_level.h"
#include "interfaces/mtu_control.h"
#include "interfaces/process.h"
#include "interfaces/psk_config.h"
#include "interfaces/psk_store.h"
#include "lib/hex.h"
#include "lib/wipe.h"
#include "tools/dtls/dtls_tool.h"

static struct dtlstool_options dtlstool_opts;
static bool dtlstool_started; /* the options were good and the role started */

static void dtlstool_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", DTLSTOOL_NAME);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* -v: the Dtls instance's counters since start, on stderr. */
static void dtlstool_print_stats(void)
{
    struct dtls_counters c;
    DtlsTool__stats__total(&c);
    fprintf(
        stderr,
        "%s: handshakes: %u completed, %u failed; retransmissions: %u; fragments: %u sent, %u received, "
        "%u messages reassembled; records dropped: %u bad MAC, %u replayed, %u wrong epoch, %u malformed, "
        "%u unexpected\n",
        DTLSTOOL_NAME, c.hs_completed, c.hs_failed, c.retransmissions, c.frags_sent, c.frags_received,
        c.msgs_reassembled, c.drop_bad_mac, c.drop_replay, c.drop_epoch, c.drop_malformed, c.drop_unexpected);
}

static void dtlstool_finish(int status)
{
    if (dtlstool_started && dtlstool_opts.verbose && DTLSTOOL_CLIENT)
        dtlstool_print_stats(); /* the server prints them after each session */
    DtlsTool__psk__clear();
    fflush(stdout);
    DtlsTool__process__exit(status);
}

static const char *dtlstool_alert_name(uint8_t alert)
{
    static const struct {
        uint8_t code;
        const char *name;
    } names[] = {{0, "close_notify"},
                 {10, "unexpected_message"},
                 {20, "bad_record_mac"},
                 {21, "decryption_failed"},
                 {22, "record_overflow"},
                 {30, "decompression_failure"},
                 {40, "handshake_failure"},
                 {42, "bad_certificate"},
                 {43, "unsupported_certificate"},
                 {44, "certificate_revoked"},
                 {45, "certificate_expired"},
                 {46, "certificate_unknown"},
                 {47, "illegal_parameter"},
                 {48, "unknown_ca"},
                 {49, "access_denied"},
                 {50, "decode_error"},
                 {51, "decrypt_error"},
                 {60, "export_restriction"},
                 {70, "protocol_version"},
                 {71, "insufficient_security"},
                 {80, "internal_error"},
                 {86, "inappropriate_fallback"},
                 {90, "user_canceled"},
                 {100, "no_renegotiation"},
                 {110, "unsupported_extension"},
                 {115, "unknown_psk_identity"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].code == alert)
            return names[i].name;
    }
    return "unknown alert";
}

static const char *dtlstool_peer_text(const struct endpoint *ep, char *buf, size_t cap)
{
    if (endpoint_format(ep, buf, cap) == 0)
        snprintf(buf, cap, "?");
    return buf;
}

/* A -v line: "<what> <peer>". */
static void dtlstool_trace(const char *what, const struct endpoint *peer)
{
    char text[ENDPOINT_TEXT_MAX];
    if (!DtlsTool__log__begin(LOG_INFO, DTLSTOOL_NAME))
        return;
    DtlsTool__log__str(what);
    if (peer) {
        DtlsTool__log__str(" ");
        DtlsTool__log__str(dtlstool_peer_text(peer, text, sizeof text));
    }
    DtlsTool__log__end();
}

/* ---- the PSK table -------------------------------------------------------- */

/* --key: hex into key; its length, or 0 if it is not 1..64 bytes of hex. */
static uint8_t dtlstool_key(const char *hex, uint8_t *key)
{
    size_t n = strlen(hex);
    if (n == 0 || n % 2u || n / 2u > PSK_KEY_MAX || !hex_decode(hex, n / 2u, key))
        return 0;
    return (uint8_t)(n / 2u);
}

/* --identity ID --key HEX: one entry; the key's text in argv is overwritten
 * (so that ps shows x's from now on) and the decoded copy wiped. */
static bool dtlstool_psk_args(struct dtlstool_options *o)
{
    uint8_t key[PSK_KEY_MAX];
    uint8_t len = dtlstool_key(o->key_hex, key);
    memset(o->key_hex, 'x', strlen(o->key_hex));
    if (len == 0) {
        dtlstool_error("--key: expected 1 to 64 bytes as an even number of hex digits");
        return false;
    }
    err_t e = DtlsTool__psk__add((const uint8_t *)o->identity, (uint8_t)strlen(o->identity), key, len);
    wipe(key, sizeof key);
    if (e != E_OK)
        dtlstool_error("--identity: not accepted (1 to 128 bytes)");
    return e == E_OK;
}

static void dtlstool_check_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
        dtlstool_error("warning: %s is readable by others; chmod 600 it", path);
}

static bool dtlstool_psk_file(const struct dtlstool_options *o)
{
    struct psk_config_error why = {0};
    if (DtlsTool__psk__load(o->psk_file, &why) != E_OK) {
        if (why.line)
            dtlstool_error("%s:%lu: %s", o->psk_file, (unsigned long)why.line, why.why);
        else
            dtlstool_error("%s: %s", o->psk_file, why.why);
        return false;
    }
    dtlstool_check_mode(o->psk_file);
    if (o->identity &&
        DtlsTool__psk__select((const uint8_t *)o->identity, (uint8_t)strlen(o->identity)) != E_OK) {
        dtlstool_error("--identity: '%s' is not in %s", o->identity, o->psk_file);
        return false;
    }
    return true;
}

static bool dtlstool_psk(struct dtlstool_options *o)
{
    bool ok = o->psk_file ? dtlstool_psk_file(o) : dtlstool_psk_args(o);
    if (ok && o->hint &&
        DtlsTool__psk__set_hint((const uint8_t *)o->hint, (uint16_t)strlen(o->hint)) != E_OK) {
        dtlstool_error("--hint: longer than %u bytes", (unsigned)PSK_HINT_MAX);
        ok = false;
    }
    return ok;
}

/* ---- boot ------------------------------------------------------------------- */

void DtlsTool__boot__booted(void)
{
    struct dtlstool_options *o = &dtlstool_opts;
    int status = dtlstool_parse(o);
    if (status >= 0) {
        dtlstool_finish(status);
        return;
    }
    DtlsTool__verbosity__set(o->verbose ? LOG_DEBUG : LOG_WARN);
    if (!dtlstool_psk(o)) {
        dtlstool_finish(DTLSTOOL_EXIT_USAGE);
        return;
    }
    (void)DtlsTool__mtu__set((uint16_t)o->mtu);
    dtlstool_started = true;
    dtlstool_start(o);
}
