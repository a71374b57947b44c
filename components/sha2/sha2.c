/* sha2.c: SHA2, SHA-256 (FIPS 180-4) over caller-owned contexts.
 *
 * One compression function with a 16-word rolling message schedule (64
 * bytes of stack instead of 256), rolled rounds and one const table of 64
 * round constants: small on the MSP430 (no .data, no .bss) and portable.
 * Everything is 16-bit clean: words are uint32_t, shift counts are
 * constants below 32, lengths are uint16_t per call and a 64-bit byte count
 * in two words across calls. The schedule, which holds message (and, in
 * HMAC, key) material, is wiped after each block; final() wipes the
 * context. Nothing here depends on secret data for time or addresses. */
#include "interfaces/hash.h"
#include "lib/wipe.h"
#include <string.h>

static const uint32_t sha2_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t sha2_iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define SHA2_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static uint32_t sha2_load_be(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void sha2_store_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* One block into the chaining value h. The eight working variables live in
 * v[] and, instead of being shifted down one place per round (eight 32-bit
 * moves: a 16-bit CPU with twelve registers keeps them in memory), the
 * index of `a` moves back one place: round i finds a..h at v[(o + 0..7) & 7]
 * with o = -i mod 8, writes the new e over d and the new a over h, and
 * after 64 rounds o is 0 again. */
static void sha2_compress(uint32_t h[8], const uint8_t *block)
{
    uint32_t w[16], v[8];
    memcpy(v, h, sizeof v);
    for (uint8_t i = 0; i < 64; i++) {
        uint32_t x;
        if (i < 16) {
            x = sha2_load_be(block + 4 * i);
        } else {
            uint32_t w1 = w[(i + 1) & 15], w14 = w[(i + 14) & 15];
            uint32_t s0 = SHA2_ROTR(w1, 7) ^ SHA2_ROTR(w1, 18) ^ (w1 >> 3);
            uint32_t s1 = SHA2_ROTR(w14, 17) ^ SHA2_ROTR(w14, 19) ^ (w14 >> 10);
            x = w[i & 15] + s0 + w[(i + 9) & 15] + s1;
        }
        w[i & 15] = x;
        uint8_t o = (uint8_t)(0u - i) & 7;
        uint32_t e = v[(o + 4) & 7], f = v[(o + 5) & 7], g = v[(o + 6) & 7];
        uint32_t t1 = v[(o + 7) & 7] + (SHA2_ROTR(e, 6) ^ SHA2_ROTR(e, 11) ^ SHA2_ROTR(e, 25)) +
                      (g ^ (e & (f ^ g))) + sha2_k[i] + x;
        uint32_t a = v[o], b = v[(o + 1) & 7], c = v[(o + 2) & 7];
        v[(o + 3) & 7] += t1; /* e */
        v[(o + 7) & 7] =
            t1 + (SHA2_ROTR(a, 2) ^ SHA2_ROTR(a, 13) ^ SHA2_ROTR(a, 22)) + ((a & b) | (c & (a | b))); /* a */
    }
    for (uint8_t k = 0; k < 8; k++)
        h[k] += v[k];
    wipe(w, sizeof w);
    wipe(v, sizeof v);
}

void SHA2__hash__init(struct hash_ctx *ctx)
{
    memcpy(ctx->st.h, sha2_iv, sizeof sha2_iv);
    ctx->st.bytes_lo = 0;
    ctx->st.bytes_hi = 0;
}

void SHA2__hash__update(struct hash_ctx *ctx, const uint8_t *data, uint16_t len)
{
    if (len == 0)
        return; /* data may be NULL */
    uint8_t used = (uint8_t)(ctx->st.bytes_lo & (HASH_BLOCK_LEN - 1));
    uint32_t lo = ctx->st.bytes_lo + len;
    if (lo < ctx->st.bytes_lo)
        ctx->st.bytes_hi++;
    ctx->st.bytes_lo = lo;
    if (used) {
        uint8_t room = (uint8_t)(HASH_BLOCK_LEN - used);
        if (len < room) {
            memcpy(ctx->buf + used, data, len);
            return;
        }
        memcpy(ctx->buf + used, data, room);
        sha2_compress(ctx->st.h, ctx->buf);
        data += room;
        len = (uint16_t)(len - room);
    }
    while (len >= HASH_BLOCK_LEN) {
        sha2_compress(ctx->st.h, data);
        data += HASH_BLOCK_LEN;
        len = (uint16_t)(len - HASH_BLOCK_LEN);
    }
    if (len)
        memcpy(ctx->buf, data, len);
}

void SHA2__hash__final(struct hash_ctx *ctx, uint8_t *out)
{
    uint8_t used = (uint8_t)(ctx->st.bytes_lo & (HASH_BLOCK_LEN - 1));
    ctx->buf[used++] = 0x80;
    if (used > HASH_BLOCK_LEN - 8) {
        memset(ctx->buf + used, 0, (size_t)(HASH_BLOCK_LEN - used));
        sha2_compress(ctx->st.h, ctx->buf);
        used = 0;
    }
    memset(ctx->buf + used, 0, (size_t)(HASH_BLOCK_LEN - 8 - used));
    /* the message length in bits, 64-bit big-endian */
    sha2_store_be(ctx->buf + HASH_BLOCK_LEN - 8, (ctx->st.bytes_hi << 3) | (ctx->st.bytes_lo >> 29));
    sha2_store_be(ctx->buf + HASH_BLOCK_LEN - 4, ctx->st.bytes_lo << 3);
    sha2_compress(ctx->st.h, ctx->buf);
    for (uint8_t i = 0; i < 8; i++)
        sha2_store_be(out + 4 * i, ctx->st.h[i]);
    wipe(ctx, sizeof *ctx);
}

void SHA2__hash__digest(const uint8_t *data, uint16_t len, uint8_t *out)
{
    struct hash_ctx ctx;
    SHA2__hash__init(&ctx);
    SHA2__hash__update(&ctx, data, len);
    SHA2__hash__final(&ctx, out);
}
