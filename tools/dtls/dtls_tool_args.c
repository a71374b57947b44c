/* dtls_tool_args.c: DtlsTool's command line: long options ("--mtu 400" or
 * "--mtu=400"), -v and -h, the checks that need no I/O, and --help (which
 * documents the PSK file format and the exit codes). A bad option is named
 * in the message, and the exit status is 2. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interfaces/process.h"
#include "interfaces/psk_store.h"
#include "tools/dtls/dtls_tool.h"

#define DTLSTOOL_MTU_MIN 48u /* a record header, the CCM_8 nonce and tag, and a little data */
#define DTLSTOOL_MTU_MAX 65507u

static const char dtlstool_help_client[] =
    "usage: dtls-client --connect ADDR:PORT (--identity ID --key HEX | --psk-file FILE [--identity ID])\n"
    "                   [--mtu N] [--wait S] [--timeout S] [-v]\n"
    "  DTLS 1.2 client with a pre-shared key (TLS_PSK_WITH_AES_128_CCM_8). It sends each line of\n"
    "  stdin (with its newline) as one record and prints every record it receives on stdout, one\n"
    "  line each (a newline is added if the record has none). When stdin ends it waits until every\n"
    "  line has had an answer and nothing arrived for 0.2 s, or at most --wait seconds, then sends\n"
    "  close_notify and exits 0.\n"
    "  --connect ADDR:PORT  the server: 127.0.0.1:5684 or [::1]:5684\n"
    "  --identity ID        the PSK identity to present (1-128 bytes); with --psk-file, which entry\n"
    "  --key HEX            its key, 1-64 bytes in hex (visible to ps: prefer --psk-file)\n"
    "  --psk-file FILE      identities and keys (format below); without --identity the client\n"
    "                       presents the entry named by the server's hint, else the first one\n"
    "  --mtu N              largest UDP payload to send, 48-65507 (default: 1232)\n"
    "  --wait S             at most S seconds to wait for answers after stdin ends (default 2)\n"
    "  --timeout S          give up if the handshake is not done after S seconds (0.1-600, default 10);\n"
    "                       servers answer a wrong key with silence, so this is how it shows\n";

static const char dtlstool_help_server[] =
    "usage: dtls-server --listen ADDR:PORT (--identity ID --key HEX | --psk-file FILE) [--hint TEXT]\n"
    "                   [--mtu N] [--exit-after N] [-v]\n"
    "  DTLS 1.2 echo server with pre-shared keys (TLS_PSK_WITH_AES_128_CCM_8): every application\n"
    "  record is sent back to its sender. Up to 16 peers at once. Runs until SIGINT or SIGTERM\n"
    "  (exit status 130 or 143), or until --exit-after sessions have ended (exit 0).\n"
    "  --listen ADDR:PORT   where to listen: 127.0.0.1:5684, [::1]:5684, [::]:5684 (IPv6 and IPv4)\n"
    "  --identity ID        the one identity clients may use (1-128 bytes)\n"
    "  --key HEX            its key, 1-64 bytes in hex (visible to ps: prefer --psk-file)\n"
    "  --psk-file FILE      every identity clients may use, with its key (format below)\n"
    "  --hint TEXT          identity hint for clients (ServerKeyExchange; default: none)\n"
    "  --mtu N              largest UDP payload to send, 48-65507 (default: 1232)\n"
    "  --exit-after N       exit 0 once N sessions have ended with close_notify (either side's)\n";

static const char dtlstool_help_common[] =
    "  -v, --verbose        trace the handshakes on stderr (messages, retransmissions, alerts)\n"
    "  -h, --help           print this and exit 0\n"
    "PSK file (the format of gnutls-serv --pskpasswd, so one file serves both):\n"
    "  one IDENTITY:HEXKEY per line, e.g.  client1:000102030405060708090a0b0c0d0e0f\n"
    "  IDENTITY is everything before the first ':' (1-128 bytes, no control characters); HEXKEY\n"
    "  is 1-64 bytes as an even number of hex digits, nothing else on the line. Empty lines and\n"
    "  lines starting with '#' are ignored; an identity may appear only once. Errors name the\n"
    "  file and line. Keep it private (chmod 600): a warning is printed otherwise.\n"
    "Exit status:\n"
    "  0 success   1 I/O error (socket, stdin, stdout)   2 bad arguments or PSK file\n"
    "  3 handshake timeout (no answer, or a wrong key)   4 unknown identity (the server sent\n"
    "  unknown_psk_identity)   5 another fatal alert received (its name is printed)   6 the peer\n"
    "  closed the session first   7 the handshake failed on our side (we sent a fatal alert)\n"
    "  130/143 stopped by SIGINT/SIGTERM\n"
    "Keys never go to stdout. WIRE_LOG=error|warn|info|debug caps what -v shows.\n";

static void dtlstool_help(void)
{
    fputs(DTLSTOOL_CLIENT ? dtlstool_help_client : dtlstool_help_server, stdout);
    fputs(dtlstool_help_common, stdout);
}

static int dtlstool_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "dtls-client: <message> (see dtls-client --help)" on stderr; the status for bad usage. */
static int dtlstool_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", DTLSTOOL_NAME);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see %s --help)\n", DTLSTOOL_NAME);
    va_end(ap);
    return DTLSTOOL_EXIT_USAGE;
}

/* A decimal number in lo..hi. */
static bool dtlstool_number(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Seconds with up to three decimals ("2", "0.5") as ms, in lo_ms..hi_ms. */
static bool dtlstool_seconds(const char *s, uint32_t lo_ms, uint32_t hi_ms, uint32_t *out)
{
    uint32_t whole = 0, frac = 0, scale = 100;
    const char *dot = s ? strchr(s, '.') : NULL;
    char head[16];
    if (!s || (dot ? (size_t)(dot - s) : strlen(s)) >= sizeof head)
        return false;
    snprintf(head, sizeof head, "%.*s", (int)(dot ? dot - s : (long)strlen(s)), s);
    if (!dtlstool_number(head, 0, 86400, &whole))
        return false;
    for (const char *p = dot ? dot + 1 : ""; *p; p++, scale /= 10) {
        if (*p < '0' || *p > '9' || scale == 0)
            return false;
        frac += (uint32_t)(*p - '0') * scale;
    }
    if (dot && dot[1] == '\0')
        return false;
    uint32_t ms = whole * 1000u + frac;
    if (ms < lo_ms || ms > hi_ms)
        return false;
    *out = ms;
    return true;
}

/* --connect / --listen: an IP endpoint with a port. */
static bool dtlstool_address(const char *s, struct endpoint *out)
{
    struct endpoint ep;
    if (!s || !endpoint_parse(s, 0, &ep) || !endpoint_is_ip(&ep) || endpoint_port(&ep) == 0)
        return false;
    if (DTLSTOOL_CLIENT && (endpoint_is_unspecified(&ep) || endpoint_is_multicast(&ep)))
        return false;
    *out = ep;
    return true;
}

/* Which role takes which option. */
enum { DTLSTOOL_C = 1, DTLSTOOL_S = 2, DTLSTOOL_CS = 3 };

static const struct {
    const char *name;
    uint8_t roles;
} dtlstool_valued[] = {{"--connect", DTLSTOOL_C},   {"--listen", DTLSTOOL_S},    {"--identity", DTLSTOOL_CS},
                       {"--key", DTLSTOOL_CS},      {"--psk-file", DTLSTOOL_CS}, {"--hint", DTLSTOOL_S},
                       {"--mtu", DTLSTOOL_CS},      {"--wait", DTLSTOOL_C},      {"--timeout", DTLSTOOL_C},
                       {"--exit-after", DTLSTOOL_S}};

/* Index of a valued option of this role, or -1. */
static int dtlstool_lookup(const char *name, size_t len)
{
    uint8_t role = DTLSTOOL_CLIENT ? DTLSTOOL_C : DTLSTOOL_S;
    for (size_t i = 0; i < sizeof dtlstool_valued / sizeof dtlstool_valued[0]; i++) {
        const char *n = dtlstool_valued[i].name;
        if (strlen(n) == len && strncmp(n, name, len) == 0 && (dtlstool_valued[i].roles & role))
            return (int)i;
    }
    return -1;
}

/* Store the value of option `name`; false if it is not valid. */
static bool dtlstool_value(struct dtlstool_options *o, const char *name, char *v)
{
    if (strcmp(name, "--connect") == 0 || strcmp(name, "--listen") == 0)
        return dtlstool_address(v, &o->addr);
    if (strcmp(name, "--identity") == 0)
        return (o->identity = v, strlen(v) >= 1 && strlen(v) <= PSK_IDENTITY_MAX);
    if (strcmp(name, "--key") == 0)
        return (o->key_hex = v, true); /* checked once the table is filled: then it is wiped */
    if (strcmp(name, "--psk-file") == 0)
        return (o->psk_file = v, *v != '\0');
    if (strcmp(name, "--hint") == 0)
        return (o->hint = v, strlen(v) <= PSK_HINT_MAX);
    if (strcmp(name, "--mtu") == 0)
        return dtlstool_number(v, DTLSTOOL_MTU_MIN, DTLSTOOL_MTU_MAX, &o->mtu);
    if (strcmp(name, "--wait") == 0)
        return dtlstool_seconds(v, 0, 3600000u, &o->wait_ms);
    if (strcmp(name, "--timeout") == 0)
        return dtlstool_seconds(v, 100, 600000u, &o->timeout_ms);
    return dtlstool_number(v, 1, 1000000, &o->exit_after); /* --exit-after */
}

static const char *dtlstool_expect(const char *name)
{
    static const struct {
        const char *name, *what;
    } e[] = {{"--connect", "ADDR:PORT with a port, e.g. 127.0.0.1:5684 or [::1]:5684"},
             {"--listen", "ADDR:PORT with a port, e.g. 127.0.0.1:5684 or [::]:5684"},
             {"--identity", "1 to 128 bytes"},
             {"--psk-file", "a file name"},
             {"--hint", "at most 255 bytes"},
             {"--mtu", "a number from 48 to 65507"},
             {"--wait", "seconds from 0 to 3600, e.g. 2 or 0.5"},
             {"--timeout", "seconds from 0.1 to 600, e.g. 10 or 2.5"},
             {"--exit-after", "a number from 1 to 1000000"}};
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        if (strcmp(e[i].name, name) == 0)
            return e[i].what;
    }
    return "a value";
}

/* The options that go together. */
static int dtlstool_check(const struct dtlstool_options *o, bool have_addr)
{
    if (!have_addr)
        return dtlstool_usage("%s is required",
                              DTLSTOOL_CLIENT ? "--connect ADDR:PORT" : "--listen ADDR:PORT");
    if (o->psk_file && o->key_hex)
        return dtlstool_usage("give --psk-file or --key, not both");
    if (!o->psk_file && !o->key_hex)
        return dtlstool_usage("no key: give --psk-file FILE, or --identity ID and --key HEX");
    if (o->key_hex && !o->identity)
        return dtlstool_usage("--key needs --identity");
    if (o->psk_file && o->identity && !DTLSTOOL_CLIENT)
        return dtlstool_usage("--identity goes with --key; a server takes every identity of --psk-file");
    return -1;
}

static int dtlstool_parse(struct dtlstool_options *o)
{
    bool seen[sizeof dtlstool_valued / sizeof dtlstool_valued[0]] = {false};
    int argc = DtlsTool__process__argc();
    *o = (struct dtlstool_options){.wait_ms = 2000, .timeout_ms = 10000};
    for (int i = 1; i < argc; i++) {
        char *arg = (char *)DtlsTool__process__arg(i); /* argv is writable: --key's text is wiped in place */
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            dtlstool_help();
            return DTLSTOOL_EXIT_OK;
        }
        if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            o->verbose = true;
            continue;
        }
        char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        int k = dtlstool_lookup(arg, eq ? (size_t)(eq - arg) : strlen(arg));
        if (k < 0)
            return dtlstool_usage(arg[0] == '-' ? "unknown option '%s'" : "unexpected argument '%s'", arg);
        const char *name = dtlstool_valued[k].name;
        char *v = eq ? eq + 1 : (char *)DtlsTool__process__arg(++i);
        if (!v)
            return dtlstool_usage("option '%s' needs a value: %s", name, dtlstool_expect(name));
        if (seen[k])
            return dtlstool_usage("option '%s' given twice", name);
        seen[k] = true;
        if (!dtlstool_value(o, name, v) && strcmp(name, "--key") != 0)
            return dtlstool_usage("%s: '%s' is not valid: expected %s", name, v, dtlstool_expect(name));
    }
    return dtlstool_check(o, seen[0] || seen[1]);
}
