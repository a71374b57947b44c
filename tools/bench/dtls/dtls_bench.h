/* dtls_bench.h: what one timed handshake of the DTLS bench yields, for
 * either side (ours in dtls_bench.c, OpenSSL's in dtls_bench_openssl.c). */
#ifndef DTLS_BENCH_H
#define DTLS_BENCH_H
#include <stdint.h>

/* A full handshake, from the client's first ClientHello to the client's
 * "handshake complete": wall time, and the UDP datagrams and payload bytes
 * that crossed the client's socket in both directions meanwhile. */
struct dtlsb_sample {
    uint64_t ns;
    uint32_t datagrams;
    uint32_t bytes;
};

#define DTLSB_KEY_HEX "000102030405060708090a0b0c0d0e0f"
#define DTLSB_ID      "client1"

#endif
