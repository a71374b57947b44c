/* vectors.h: reads the capture files of tests/vectors/dtls (written by
 * capture.sh: '#' comment lines, then one datagram per line as "C <hex>"
 * from the client or "S <hex>" from the server) for the DTLS unit tests.
 * Test code only: stdio and static storage. */
#ifndef TESTS_DTLS_VECTORS_H
#define TESTS_DTLS_VECTORS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/hex.h"

#ifndef DTLS_VECTOR_DIR
#error "DTLS_VECTOR_DIR must name tests/vectors/dtls"
#endif

enum { VEC_MAX_DGRAMS = 64, VEC_MAX_LEN = 2048 };

struct vec_dgram {
    bool from_client;
    uint16_t len;
    uint8_t data[VEC_MAX_LEN];
};

struct vec_file {
    uint16_t count;
    struct vec_dgram dgram[VEC_MAX_DGRAMS];
};

/* One "C hex" or "S hex" line into d; false if malformed. */
static bool vec_parse_line(const char *line, struct vec_dgram *d)
{
    if ((line[0] != 'C' && line[0] != 'S') || line[1] != ' ')
        return false;
    d->from_client = line[0] == 'C';
    d->len = 0;
    for (const char *p = line + 2; hex_digit(p[0]) >= 0; p += 2) {
        if (hex_digit(p[1]) < 0 || d->len == VEC_MAX_LEN)
            return false;
        d->data[d->len++] = (uint8_t)hex_byte(p);
    }
    return d->len > 0;
}

/* Load DTLS_VECTOR_DIR/name.hex into *v; false if missing or malformed. */
static bool vec_load(const char *name, struct vec_file *v)
{
    char path[512];
    static char line[2 * VEC_MAX_LEN + 16];
    snprintf(path, sizeof path, "%s/%s.hex", DTLS_VECTOR_DIR, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    v->count = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        ok = v->count < VEC_MAX_DGRAMS && vec_parse_line(line, &v->dgram[v->count]);
        v->count++;
    }
    fclose(f);
    return ok && v->count > 0;
}

#endif
