/* dtls_core_help.h: what DtlsCoreTest (the cmocka driver) and DtlsCoreHelp
 * (its PskStore and the tap under client c) share. Both are in the test
 * image's one translation unit; they are two components only because the
 * driver uses the Dtls instances that use these, and the generator
 * refuses such a cycle. */
#ifndef DTLS_CORE_HELP_H
#define DTLS_CORE_HELP_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

/* What one user of a Dtls instance saw. */
struct dct_user {
    uint16_t connected;
    uint16_t closed;
    uint8_t reason, alert;
    uint16_t received;
    uint16_t len;
    uint8_t data[128];
    uint16_t sent_done;
};

struct dct_state {
    struct dct_user s, s2, c, c2;
    uint16_t x_received;
    uint8_t x_last[128]; /* the last datagram the attacker node received */
    uint16_t x_last_len;
    /* PskStore */
    const char *identity; /* the clients' */
    uint8_t key_flip;     /* XORed into the clients' first key byte: a wrong key */
    const char *hint;     /* the servers' (NULL: none) */
    bool hint_seen;       /* a client was given exactly that hint */
    /* the tap under c */
    uint8_t last[512];
    uint16_t last_len;
    struct endpoint last_to;
    bool injecting;
    void (*before_c_send)(const uint8_t *buf, uint16_t len); /* called by the tap first */
    uint8_t inject[512];
    /* the Log: every line, "\n"-terminated, until the buffer is full */
    char log[8192];
    uint16_t log_len;
    bool log_on; /* a line is being built */
    /* echo buffers */
    uint8_t echo[128];
    uint8_t x_buf[128];
};
static struct dct_state dct;

/* Send bytes as if from client c (the tap's link must be idle). */
static inline err_t dct_tap_inject(const uint8_t *buf, uint16_t len);

#endif
