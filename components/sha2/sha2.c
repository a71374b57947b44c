/* sha2.c: SHA2, SHA-256 (FIPS 180-4) over caller-owned contexts.
 *
 * Three shapes of one compression function, chosen per image by the
 * `variant` parameter, by default from the CPU (the others are dead code
 * the compiler drops); all with a rolling message schedule and one const
 * table of the 64 round constants:
 *  - unrolled (variant 1; the default where int has 32 bits): all 64
 *    rounds unrolled (the round constants become immediates), the eight
 *    working variables renamed from round to round instead of moved, so a
 *    64-bit CPU keeps everything in registers; about 6 KB of code;
 *  - compact (variant 2; the default where int has 16 bits, the MSP430):
 *    rolled rounds over the working variables in an array whose index moves
 *    instead of the values (a 16-bit CPU with twelve registers keeps them in
 *    memory anyway), about 1.2 KB of code;
 *  - MSP430 assembly (variant 3; the default on the MSP430): the compact
 *    variant's structure with each 32-bit rotation built from one-bit
 *    rotations through the carry and byte swaps (sha2_msp430.h): 24,000
 *    cycles per block instead of the C's 38,500, and 730 bytes of code. The
 *    C variants stay, and the simulator tests run both.
 * Both are 16-bit clean: words are uint32_t, shift counts constants below
 * 32, lengths uint16_t per call and a 64-bit bit count in two words across
 * calls. The schedule (and the compact variant's working variables), which
 * hold message and, in HMAC, key material, are wiped after each block;
 * final() wipes the context. No branch or address depends on the data. */
#include "interfaces/hash.h"
#include "lib/wipe.h"
#include <limits.h>
#include <string.h>

#if defined(__MSP430__)
#include "sha2/sha2_msp430.h"
/* The assembly variant? (the default on the MSP430) */
#define SHA2_ASM (SHA2__variant == 3 || SHA2__variant == 0)
#else
_Static_assert(SHA2__variant != 3, "SHA2: variant 3 is MSP430 assembly");
#define SHA2_ASM                          0
#define sha2_msp430_compress(h, block, k) ((void)0) /* never called */
#endif
/* The compact variant? (a constant: the others are dead code) */
#define SHA2_COMPACT (SHA2__variant == 2 || (SHA2__variant == 0 && UINT_MAX == 0xffffu))

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

/* (not inlined: final() calls it from three places; 16-bit code size) */
__attribute__((noinline)) static void sha2_store_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The compact variant: one block into the chaining value h. Instead of
 * shifting the eight working variables down one place per round (eight
 * 32-bit moves: a 16-bit CPU with twelve registers keeps them in memory),
 * the place of `a` moves back one: round i finds a..h at p[0..7] with
 * p = v + (-i mod 8). v holds the eight twice (v[j] == v[j ^ 8]), so the
 * reads need no wrap-around; each round writes its two new values (the new
 * e over d, the new a over h) to both copies. After 64 rounds the offset is
 * 0 again. */
static void sha2_compress_compact(uint32_t h[8], const uint8_t *block)
{
    struct {
        uint32_t w[16], v[16];
    } t; /* one object: one wipe */
    uint32_t *w = t.w, *v = t.v;
    memcpy(v, h, 8 * sizeof v[0]);
    memcpy(v + 8, h, 8 * sizeof v[0]);
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
        const uint32_t *p = v + o;
        uint32_t e = p[4], f = p[5], g = p[6];
        uint32_t t1 = p[7] + (SHA2_ROTR(e, 6) ^ SHA2_ROTR(e, 11) ^ SHA2_ROTR(e, 25)) + (g ^ (e & (f ^ g))) +
                      sha2_k[i] + x;
        uint32_t a = p[0], b = p[1], c = p[2];
        uint32_t new_e = p[3] + t1;
        uint32_t new_a =
            t1 + (SHA2_ROTR(a, 2) ^ SHA2_ROTR(a, 13) ^ SHA2_ROTR(a, 22)) + ((a & b) | (c & (a | b)));
        v[o + 3] = v[(o + 3) ^ 8] = new_e;
        v[o + 7] = v[(o + 7) ^ 8] = new_a;
    }
    for (uint8_t k = 0; k < 8; k++)
        h[k] += v[k];
    wipe(&t, sizeof t);
}

/* The sigma functions with the rotations nested (rotr(x ^ rotr(x, m), n) =
 * rotr(x, n) ^ rotr(x, m + n)): the same result with fewer copies of x. */
#define SHA2_S0(a)       SHA2_ROTR((a) ^ SHA2_ROTR((a) ^ SHA2_ROTR(a, 9), 11), 2)
#define SHA2_S1(e)       SHA2_ROTR((e) ^ SHA2_ROTR((e) ^ SHA2_ROTR(e, 14), 5), 6)
#define SHA2_SIGMA0(x)   (SHA2_ROTR((x) ^ SHA2_ROTR(x, 11), 7) ^ ((x) >> 3))
#define SHA2_SIGMA1(x)   (SHA2_ROTR((x) ^ SHA2_ROTR(x, 2), 17) ^ ((x) >> 10))
#define SHA2_CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))

/* Round r + i (i = 0..15 within a group of 16 starting at round r) with the working
 * variables renamed: d += t1 makes the new e, h = t1 + t2 the new a.
 * Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and this round's b ^ c is the
 * previous round's a ^ b (bc), which saves an operation per round. */
#define SHA2_ROUND(a, b, c, d, e, f, g, h, r, i, x)                                                          \
    do {                                                                                                     \
        uint32_t t1 = (h) + SHA2_S1(e) + SHA2_CH(e, f, g) + sha2_k[(r) + (i)] + (x);                         \
        uint32_t ab = (a) ^ (b);                                                                             \
        (d) += t1;                                                                                           \
        (h) = t1 + SHA2_S0(a) + ((ab & bc) ^ (b));                                                           \
        bc = ab;                                                                                             \
    } while (0)
/* The schedule word of round r + i (r >= 16), computed in place in w[i]. */
#define SHA2_W(i)                                                                                            \
    (w[i] += SHA2_SIGMA1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + SHA2_SIGMA0(w[((i) + 1) & 15]))
#define SHA2_ROUNDS16(r, X)                                                                                  \
    do {                                                                                                     \
        SHA2_ROUND(a, b, c, d, e, f, g, h, r, 0, X(0));                                                      \
        SHA2_ROUND(h, a, b, c, d, e, f, g, r, 1, X(1));                                                      \
        SHA2_ROUND(g, h, a, b, c, d, e, f, r, 2, X(2));                                                      \
        SHA2_ROUND(f, g, h, a, b, c, d, e, r, 3, X(3));                                                      \
        SHA2_ROUND(e, f, g, h, a, b, c, d, r, 4, X(4));                                                      \
        SHA2_ROUND(d, e, f, g, h, a, b, c, r, 5, X(5));                                                      \
        SHA2_ROUND(c, d, e, f, g, h, a, b, r, 6, X(6));                                                      \
        SHA2_ROUND(b, c, d, e, f, g, h, a, r, 7, X(7));                                                      \
        SHA2_ROUND(a, b, c, d, e, f, g, h, r, 8, X(8));                                                      \
        SHA2_ROUND(h, a, b, c, d, e, f, g, r, 9, X(9));                                                      \
        SHA2_ROUND(g, h, a, b, c, d, e, f, r, 10, X(10));                                                    \
        SHA2_ROUND(f, g, h, a, b, c, d, e, r, 11, X(11));                                                    \
        SHA2_ROUND(e, f, g, h, a, b, c, d, r, 12, X(12));                                                    \
        SHA2_ROUND(d, e, f, g, h, a, b, c, r, 13, X(13));                                                    \
        SHA2_ROUND(c, d, e, f, g, h, a, b, r, 14, X(14));                                                    \
        SHA2_ROUND(b, c, d, e, f, g, h, a, r, 15, X(15));                                                    \
    } while (0)
#define SHA2_LOAD(i) (w[i] = sha2_load_be(block + 4 * (i)))

/* The unrolled variant: one block into the chaining value h. */
static void sha2_compress_unrolled(uint32_t st[8], const uint8_t *block)
{
    uint32_t w[16];
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    uint32_t bc = b ^ c;
    SHA2_ROUNDS16(0, SHA2_LOAD);
    SHA2_ROUNDS16(16, SHA2_W);
    SHA2_ROUNDS16(32, SHA2_W);
    SHA2_ROUNDS16(48, SHA2_W);
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
    st[4] += e;
    st[5] += f;
    st[6] += g;
    st[7] += h;
    wipe(w, sizeof w);
}

static void sha2_compress(uint32_t h[8], const uint8_t *block)
{
    if (SHA2_ASM)
        sha2_msp430_compress(h, block, sha2_k);
    else if (SHA2_COMPACT)
        sha2_compress_compact(h, block);
    else
        sha2_compress_unrolled(h, block);
}

/* Bytes in the partial block. */
static uint8_t sha2_used(const struct hash_state *st)
{
    return (uint8_t)((uint16_t)st->bits_lo >> 3) & (HASH_BLOCK_LEN - 1);
}

/* (not inlined into digest(): 16-bit code size) */
__attribute__((noinline)) void SHA2__hash__init(struct hash_ctx *ctx)
{
    memcpy(ctx->st.h, sha2_iv, sizeof sha2_iv);
    ctx->st.bits_lo = 0;
    ctx->st.bits_hi = 0;
}

void SHA2__hash__update(struct hash_ctx *ctx, const uint8_t *data, uint16_t len)
{
    while (len) {
        uint8_t used = sha2_used(&ctx->st);
        uint16_t n = (uint16_t)(HASH_BLOCK_LEN - used);
        if (n > len)
            n = len;
        if (n == HASH_BLOCK_LEN) {
            sha2_compress(ctx->st.h, data); /* a whole block, straight from the caller */
        } else {
            memcpy(ctx->buf + used, data, n);
            if (used + n == HASH_BLOCK_LEN)
                sha2_compress(ctx->st.h, ctx->buf);
        }
        /* the 64-bit bit count: on a 16-bit CPU, four adds with carry */
        uint64_t count = (((uint64_t)ctx->st.bits_hi << 32) | ctx->st.bits_lo) + (uint16_t)(n * 8u);
        ctx->st.bits_lo = (uint32_t)count;
        ctx->st.bits_hi = (uint32_t)(count >> 32);
        data += n;
        len = (uint16_t)(len - n);
    }
}

void SHA2__hash__final(struct hash_ctx *ctx, uint8_t *out)
{
    uint8_t used = sha2_used(&ctx->st);
    ctx->buf[used++] = 0x80;
    if (used > HASH_BLOCK_LEN - 8) {
        memset(ctx->buf + used, 0, (size_t)(HASH_BLOCK_LEN - used));
        sha2_compress(ctx->st.h, ctx->buf);
        used = 0;
    }
    memset(ctx->buf + used, 0, (size_t)(HASH_BLOCK_LEN - 8 - used));
    /* the message length in bits, 64-bit big-endian */
    sha2_store_be(ctx->buf + HASH_BLOCK_LEN - 8, ctx->st.bits_hi);
    sha2_store_be(ctx->buf + HASH_BLOCK_LEN - 4, ctx->st.bits_lo);
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
