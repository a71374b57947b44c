/* dtls_tool.h: what the files of the DtlsTool component share (one
 * translation unit: every name is static and starts with dtlstool_): the
 * exit codes, the parsed options, and the functions each file gives the
 * others. role 1 is dtls-client, role 2 dtls-server. */
#ifndef DTLS_TOOL_H
#define DTLS_TOOL_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

#define DTLSTOOL_CLIENT (DtlsTool__role == 1)
#define DTLSTOOL_NAME   (DTLSTOOL_CLIENT ? "dtls-client" : "dtls-server")

/* Exit codes (documented in --help and docs/dtls-tools.md). */
enum {
    DTLSTOOL_EXIT_OK = 0,
    DTLSTOOL_EXIT_IO = 1,               /* socket, stdin, stdout, or the link failed */
    DTLSTOOL_EXIT_USAGE = 2,            /* bad arguments or a bad PSK file */
    DTLSTOOL_EXIT_TIMEOUT = 3,          /* no handshake within --timeout (a wrong key looks like this) */
    DTLSTOOL_EXIT_UNKNOWN_IDENTITY = 4, /* the server answered unknown_psk_identity */
    DTLSTOOL_EXIT_ALERT = 5,            /* another fatal alert received */
    DTLSTOOL_EXIT_PEER_CLOSED = 6,      /* the peer sent close_notify before we closed */
    DTLSTOOL_EXIT_HANDSHAKE_FAILED = 7  /* we ended the handshake (fatal alert sent, no resources) */
};

struct dtlstool_options {
    struct endpoint addr; /* client: the server (--connect); server: where to listen (--listen) */
    const char *identity;
    char *key_hex; /* argv's own text: overwritten once decoded */
    const char *psk_file;
    const char *hint;
    uint32_t mtu;        /* 0: the link's */
    uint32_t wait_ms;    /* client: how long to wait for answers after stdin ends */
    uint32_t timeout_ms; /* client: handshake timeout */
    uint32_t exit_after; /* server: exit 0 after this many sessions ended (0: never) */
    bool verbose;
};

/* dtls_tool_args.c: parse argv into *o; returns -1 to go on, else the exit status (help: 0). */
static int dtlstool_parse(struct dtlstool_options *o);

/* dtls_tool.c */
static void dtlstool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void dtlstool_finish(int status);
static const char *dtlstool_alert_name(uint8_t alert);
static const char *dtlstool_peer_text(const struct endpoint *ep, char *buf, size_t cap);
static void dtlstool_trace(const char *what, const struct endpoint *peer);
static void dtlstool_print_stats(void);

/* dtls_tool_server.c / dtls_tool_client.c: the role's start once the options are applied */
static void dtlstool_start(const struct dtlstool_options *o);
#endif
