/* rijndael.c: Rijndael, AES-128 (FIPS-197) key expansion and block
 * encryption in portable C, providing BlockCipher. Two variants of one
 * algorithm, chosen per image by the `variant` parameter, by default from
 * the CPU's word size (the other is dropped by the compiler):
 *
 *  - words (variant 1; the default where int has 32 bits): the state as
 *    four 32-bit columns and one 1 KB table Te0[x] = (2s, s, s, 3s) with
 *    s = S(x); the other three T-tables of the classic implementation are
 *    rotations of it, and the S-box of the last round and the key schedule
 *    is a byte of it. 1024 bytes of tables in all.
 *  - bytes (variant 2; the default where int has 16 bits, the MSP430): the
 *    state as 16 bytes, the 256-byte S-box and a 256-byte xtime table for
 *    MixColumns; one round is four columns of SubBytes, ShiftRows,
 *    MixColumns and AddRoundKey together. No 32-bit shift or rotate
 *    (library calls on a 16-bit CPU). 512 bytes of tables.
 *
 * Timing: neither variant branches on secret data, but both index tables
 * with secret bytes. On a CPU without a data cache (the MSP430F1611) every
 * load takes the same time, so this is constant-time there. On a cached CPU
 * it is not (cache-timing attacks on table AES are practical), which is why
 * the posix platform binds BlockCipher to OpenSslAes (AES-NI) and uses this
 * one only in tests and as a fallback.
 *
 * The expanded key lives in the caller's struct block_key (words: 44 round
 * key words as values; bytes: 176 round key bytes); forget() wipes it. The
 * bytes variant keeps its state on the stack and wipes it (the state before
 * the last AddRoundKey and the ciphertext would give away the last round
 * key, hence the key). */
#include "interfaces/block_cipher.h"
#include "lib/wipe.h"
#include <limits.h>
#include <stdint.h>
#include <string.h>

/* The bytes variant? (a constant: the other variant is dead code) */
#define RIJNDAEL_BYTES (Rijndael__variant == 2 || (Rijndael__variant == 0 && UINT_MAX == 0xffffu))

/* Te0[x] = (2*S(x)) << 24 | S(x) << 16 | S(x) << 8 | 3*S(x), GF(2^8) products. */
static const uint32_t rijndael_te0[256] = {
    0xc66363a5, 0xf87c7c84, 0xee777799, 0xf67b7b8d, 0xfff2f20d, 0xd66b6bbd, 0xde6f6fb1, 0x91c5c554,
    0x60303050, 0x02010103, 0xce6767a9, 0x562b2b7d, 0xe7fefe19, 0xb5d7d762, 0x4dababe6, 0xec76769a,
    0x8fcaca45, 0x1f82829d, 0x89c9c940, 0xfa7d7d87, 0xeffafa15, 0xb25959eb, 0x8e4747c9, 0xfbf0f00b,
    0x41adadec, 0xb3d4d467, 0x5fa2a2fd, 0x45afafea, 0x239c9cbf, 0x53a4a4f7, 0xe4727296, 0x9bc0c05b,
    0x75b7b7c2, 0xe1fdfd1c, 0x3d9393ae, 0x4c26266a, 0x6c36365a, 0x7e3f3f41, 0xf5f7f702, 0x83cccc4f,
    0x6834345c, 0x51a5a5f4, 0xd1e5e534, 0xf9f1f108, 0xe2717193, 0xabd8d873, 0x62313153, 0x2a15153f,
    0x0804040c, 0x95c7c752, 0x46232365, 0x9dc3c35e, 0x30181828, 0x379696a1, 0x0a05050f, 0x2f9a9ab5,
    0x0e070709, 0x24121236, 0x1b80809b, 0xdfe2e23d, 0xcdebeb26, 0x4e272769, 0x7fb2b2cd, 0xea75759f,
    0x1209091b, 0x1d83839e, 0x582c2c74, 0x341a1a2e, 0x361b1b2d, 0xdc6e6eb2, 0xb45a5aee, 0x5ba0a0fb,
    0xa45252f6, 0x763b3b4d, 0xb7d6d661, 0x7db3b3ce, 0x5229297b, 0xdde3e33e, 0x5e2f2f71, 0x13848497,
    0xa65353f5, 0xb9d1d168, 0x00000000, 0xc1eded2c, 0x40202060, 0xe3fcfc1f, 0x79b1b1c8, 0xb65b5bed,
    0xd46a6abe, 0x8dcbcb46, 0x67bebed9, 0x7239394b, 0x944a4ade, 0x984c4cd4, 0xb05858e8, 0x85cfcf4a,
    0xbbd0d06b, 0xc5efef2a, 0x4faaaae5, 0xedfbfb16, 0x864343c5, 0x9a4d4dd7, 0x66333355, 0x11858594,
    0x8a4545cf, 0xe9f9f910, 0x04020206, 0xfe7f7f81, 0xa05050f0, 0x783c3c44, 0x259f9fba, 0x4ba8a8e3,
    0xa25151f3, 0x5da3a3fe, 0x804040c0, 0x058f8f8a, 0x3f9292ad, 0x219d9dbc, 0x70383848, 0xf1f5f504,
    0x63bcbcdf, 0x77b6b6c1, 0xafdada75, 0x42212163, 0x20101030, 0xe5ffff1a, 0xfdf3f30e, 0xbfd2d26d,
    0x81cdcd4c, 0x180c0c14, 0x26131335, 0xc3ecec2f, 0xbe5f5fe1, 0x359797a2, 0x884444cc, 0x2e171739,
    0x93c4c457, 0x55a7a7f2, 0xfc7e7e82, 0x7a3d3d47, 0xc86464ac, 0xba5d5de7, 0x3219192b, 0xe6737395,
    0xc06060a0, 0x19818198, 0x9e4f4fd1, 0xa3dcdc7f, 0x44222266, 0x542a2a7e, 0x3b9090ab, 0x0b888883,
    0x8c4646ca, 0xc7eeee29, 0x6bb8b8d3, 0x2814143c, 0xa7dede79, 0xbc5e5ee2, 0x160b0b1d, 0xaddbdb76,
    0xdbe0e03b, 0x64323256, 0x743a3a4e, 0x140a0a1e, 0x924949db, 0x0c06060a, 0x4824246c, 0xb85c5ce4,
    0x9fc2c25d, 0xbdd3d36e, 0x43acacef, 0xc46262a6, 0x399191a8, 0x319595a4, 0xd3e4e437, 0xf279798b,
    0xd5e7e732, 0x8bc8c843, 0x6e373759, 0xda6d6db7, 0x018d8d8c, 0xb1d5d564, 0x9c4e4ed2, 0x49a9a9e0,
    0xd86c6cb4, 0xac5656fa, 0xf3f4f407, 0xcfeaea25, 0xca6565af, 0xf47a7a8e, 0x47aeaee9, 0x10080818,
    0x6fbabad5, 0xf0787888, 0x4a25256f, 0x5c2e2e72, 0x381c1c24, 0x57a6a6f1, 0x73b4b4c7, 0x97c6c651,
    0xcbe8e823, 0xa1dddd7c, 0xe874749c, 0x3e1f1f21, 0x964b4bdd, 0x61bdbddc, 0x0d8b8b86, 0x0f8a8a85,
    0xe0707090, 0x7c3e3e42, 0x71b5b5c4, 0xcc6666aa, 0x904848d8, 0x06030305, 0xf7f6f601, 0x1c0e0e12,
    0xc26161a3, 0x6a35355f, 0xae5757f9, 0x69b9b9d0, 0x17868691, 0x99c1c158, 0x3a1d1d27, 0x279e9eb9,
    0xd9e1e138, 0xebf8f813, 0x2b9898b3, 0x22111133, 0xd26969bb, 0xa9d9d970, 0x078e8e89, 0x339494a7,
    0x2d9b9bb6, 0x3c1e1e22, 0x15878792, 0xc9e9e920, 0x87cece49, 0xaa5555ff, 0x50282878, 0xa5dfdf7a,
    0x038c8c8f, 0x59a1a1f8, 0x09898980, 0x1a0d0d17, 0x65bfbfda, 0xd7e6e631, 0x844242c6, 0xd06868b8,
    0x824141c3, 0x299999b0, 0x5a2d2d77, 0x1e0f0f11, 0x7bb0b0cb, 0xa85454fc, 0x6dbbbbd6, 0x2c16163a,
};

/* S(x), FIPS-197 figure 7. */
static const uint8_t rijndael_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

/* Multiply by x in GF(2^8) mod x^8 + x^4 + x^3 + x + 1, without a branch. */
static inline uint8_t rijndael_xtime(uint8_t a)
{
    return (uint8_t)((uint8_t)(a << 1) ^ (0x1b & (uint8_t)(0u - (unsigned)(a >> 7))));
}

/* ---- words ---- */

#define RIJNDAEL_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define RIJNDAEL_T0(x)     rijndael_te0[(x)&0xff]
#define RIJNDAEL_T1(x)     RIJNDAEL_ROR(rijndael_te0[(x)&0xff], 8)
#define RIJNDAEL_T2(x)     RIJNDAEL_ROR(rijndael_te0[(x)&0xff], 16)
#define RIJNDAEL_T3(x)     RIJNDAEL_ROR(rijndael_te0[(x)&0xff], 24)

static inline uint32_t rijndael_load_be(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void rijndael_store_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* S(x) in byte position 0 (least significant) of a word. */
static inline uint32_t rijndael_sub0(uint32_t x)
{
    return (rijndael_te0[x & 0xff] >> 8) & 0xff;
}

static void rijndael_expand_words(uint32_t *rk, const uint8_t *key)
{
    uint8_t rcon = 1;
    for (uint8_t i = 0; i < 4; i++)
        rk[i] = rijndael_load_be(key + 4 * i);
    for (uint8_t i = 4; i < 44; i++) {
        uint32_t t = rk[i - 1];
        if (i % 4 == 0) {
            /* RotWord, SubWord, Rcon */
            t = (rijndael_sub0(t >> 16) << 24) | (rijndael_sub0(t >> 8) << 16) | (rijndael_sub0(t) << 8) |
                rijndael_sub0(t >> 24);
            t ^= (uint32_t)rcon << 24;
            rcon = rijndael_xtime(rcon);
        }
        rk[i] = rk[i - 4] ^ t;
    }
}

static void rijndael_encrypt_words(const uint32_t *rk, const uint8_t *in, uint8_t *out)
{
    uint32_t s0 = rijndael_load_be(in) ^ rk[0];
    uint32_t s1 = rijndael_load_be(in + 4) ^ rk[1];
    uint32_t s2 = rijndael_load_be(in + 8) ^ rk[2];
    uint32_t s3 = rijndael_load_be(in + 12) ^ rk[3];
    for (uint8_t r = 1; r < 10; r++) {
        rk += 4;
        uint32_t t0 =
            RIJNDAEL_T0(s0 >> 24) ^ RIJNDAEL_T1(s1 >> 16) ^ RIJNDAEL_T2(s2 >> 8) ^ RIJNDAEL_T3(s3) ^ rk[0];
        uint32_t t1 =
            RIJNDAEL_T0(s1 >> 24) ^ RIJNDAEL_T1(s2 >> 16) ^ RIJNDAEL_T2(s3 >> 8) ^ RIJNDAEL_T3(s0) ^ rk[1];
        uint32_t t2 =
            RIJNDAEL_T0(s2 >> 24) ^ RIJNDAEL_T1(s3 >> 16) ^ RIJNDAEL_T2(s0 >> 8) ^ RIJNDAEL_T3(s1) ^ rk[2];
        uint32_t t3 =
            RIJNDAEL_T0(s3 >> 24) ^ RIJNDAEL_T1(s0 >> 16) ^ RIJNDAEL_T2(s1 >> 8) ^ RIJNDAEL_T3(s2) ^ rk[3];
        s0 = t0;
        s1 = t1;
        s2 = t2;
        s3 = t3;
    }
    rk += 4;
    /* Last round: SubBytes and ShiftRows only; S(x) is byte 1 (and 2) of Te0[x]. */
#define RIJNDAEL_LAST(a, b, c, d)                                                                            \
    (((rijndael_te0[(a) >> 24] << 8) & 0xff000000) ^ (rijndael_te0[((b) >> 16) & 0xff] & 0x00ff0000) ^       \
     (rijndael_te0[((c) >> 8) & 0xff] & 0x0000ff00) ^ ((rijndael_te0[(d)&0xff] >> 8) & 0xff))
    rijndael_store_be(out, RIJNDAEL_LAST(s0, s1, s2, s3) ^ rk[0]);
    rijndael_store_be(out + 4, RIJNDAEL_LAST(s1, s2, s3, s0) ^ rk[1]);
    rijndael_store_be(out + 8, RIJNDAEL_LAST(s2, s3, s0, s1) ^ rk[2]);
    rijndael_store_be(out + 12, RIJNDAEL_LAST(s3, s0, s1, s2) ^ rk[3]);
#undef RIJNDAEL_LAST
}

/* ---- bytes ---- */

/* The key schedule, one 16-byte round key per iteration: its first word
 * from RotWord, SubWord and Rcon of the last word before it, the other three
 * chained (the inner loop unrolled by hand, as in encryption). */
static void rijndael_expand_bytes(uint8_t *rk, const uint8_t *key)
{
    const uint8_t *S = rijndael_sbox;
    uint8_t rcon = 1;
    memcpy(rk, key, 16);
    for (uint8_t r = 0; r < 10; r++, rk += 16) {
        rk[16] = (uint8_t)(rk[0] ^ S[rk[13]] ^ rcon);
        rk[17] = (uint8_t)(rk[1] ^ S[rk[14]]);
        rk[18] = (uint8_t)(rk[2] ^ S[rk[15]]);
        rk[19] = (uint8_t)(rk[3] ^ S[rk[12]]);
#define RIJNDAEL_CHAIN(i) rk[i] = (uint8_t)(rk[(i)-16] ^ rk[(i)-4])
        RIJNDAEL_CHAIN(20);
        RIJNDAEL_CHAIN(21);
        RIJNDAEL_CHAIN(22);
        RIJNDAEL_CHAIN(23);
        RIJNDAEL_CHAIN(24);
        RIJNDAEL_CHAIN(25);
        RIJNDAEL_CHAIN(26);
        RIJNDAEL_CHAIN(27);
        RIJNDAEL_CHAIN(28);
        RIJNDAEL_CHAIN(29);
        RIJNDAEL_CHAIN(30);
        RIJNDAEL_CHAIN(31);
#undef RIJNDAEL_CHAIN
        rcon = rijndael_xtime(rcon);
    }
}

/* xtime(x) = 2x in GF(2^8) as a table: the bytes variant's MixColumns. A
 * lookup takes the same time for every index on the MSP430 (no cache), and
 * the compiler cannot turn it into a branch, as it did with the arithmetic
 * form (a skipped one-cycle instruction leaks the top bit). */
static const uint8_t rijndael_xtime_tab[256] = {
    0x00, 0x02, 0x04, 0x06, 0x08, 0x0a, 0x0c, 0x0e, 0x10, 0x12, 0x14, 0x16, 0x18, 0x1a, 0x1c, 0x1e,
    0x20, 0x22, 0x24, 0x26, 0x28, 0x2a, 0x2c, 0x2e, 0x30, 0x32, 0x34, 0x36, 0x38, 0x3a, 0x3c, 0x3e,
    0x40, 0x42, 0x44, 0x46, 0x48, 0x4a, 0x4c, 0x4e, 0x50, 0x52, 0x54, 0x56, 0x58, 0x5a, 0x5c, 0x5e,
    0x60, 0x62, 0x64, 0x66, 0x68, 0x6a, 0x6c, 0x6e, 0x70, 0x72, 0x74, 0x76, 0x78, 0x7a, 0x7c, 0x7e,
    0x80, 0x82, 0x84, 0x86, 0x88, 0x8a, 0x8c, 0x8e, 0x90, 0x92, 0x94, 0x96, 0x98, 0x9a, 0x9c, 0x9e,
    0xa0, 0xa2, 0xa4, 0xa6, 0xa8, 0xaa, 0xac, 0xae, 0xb0, 0xb2, 0xb4, 0xb6, 0xb8, 0xba, 0xbc, 0xbe,
    0xc0, 0xc2, 0xc4, 0xc6, 0xc8, 0xca, 0xcc, 0xce, 0xd0, 0xd2, 0xd4, 0xd6, 0xd8, 0xda, 0xdc, 0xde,
    0xe0, 0xe2, 0xe4, 0xe6, 0xe8, 0xea, 0xec, 0xee, 0xf0, 0xf2, 0xf4, 0xf6, 0xf8, 0xfa, 0xfc, 0xfe,
    0x1b, 0x19, 0x1f, 0x1d, 0x13, 0x11, 0x17, 0x15, 0x0b, 0x09, 0x0f, 0x0d, 0x03, 0x01, 0x07, 0x05,
    0x3b, 0x39, 0x3f, 0x3d, 0x33, 0x31, 0x37, 0x35, 0x2b, 0x29, 0x2f, 0x2d, 0x23, 0x21, 0x27, 0x25,
    0x5b, 0x59, 0x5f, 0x5d, 0x53, 0x51, 0x57, 0x55, 0x4b, 0x49, 0x4f, 0x4d, 0x43, 0x41, 0x47, 0x45,
    0x7b, 0x79, 0x7f, 0x7d, 0x73, 0x71, 0x77, 0x75, 0x6b, 0x69, 0x6f, 0x6d, 0x63, 0x61, 0x67, 0x65,
    0x9b, 0x99, 0x9f, 0x9d, 0x93, 0x91, 0x97, 0x95, 0x8b, 0x89, 0x8f, 0x8d, 0x83, 0x81, 0x87, 0x85,
    0xbb, 0xb9, 0xbf, 0xbd, 0xb3, 0xb1, 0xb7, 0xb5, 0xab, 0xa9, 0xaf, 0xad, 0xa3, 0xa1, 0xa7, 0xa5,
    0xdb, 0xd9, 0xdf, 0xdd, 0xd3, 0xd1, 0xd7, 0xd5, 0xcb, 0xc9, 0xcf, 0xcd, 0xc3, 0xc1, 0xc7, 0xc5,
    0xfb, 0xf9, 0xff, 0xfd, 0xf3, 0xf1, 0xf7, 0xf5, 0xeb, 0xe9, 0xef, 0xed, 0xe3, 0xe1, 0xe7, 0xe5,
};

/* The 16-bit word whose two bytes in memory are lo, hi (either byte order). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define RIJNDAEL_PAIR(lo, hi) ((uint16_t)((uint16_t)(lo) << 8 | (hi)))
#else
#define RIJNDAEL_PAIR(lo, hi) ((uint16_t)((uint16_t)(hi) << 8 | (lo)))
#endif

/* One column of a full round: SubBytes and ShiftRows (the column takes row r
 * from column c + r), MixColumns and AddRoundKey; in and out are the
 * 16-byte states (column-major: byte 4c + r is row r of column c), out and
 * rk written and read as 16-bit words (half the stores and key loads). */
__attribute__((always_inline)) static inline void rijndael_column(const uint8_t *in, uint16_t *out,
                                                                  const uint16_t *rk, uint8_t c)
{
    const uint8_t *S = rijndael_sbox, *X = rijndael_xtime_tab;
    uint8_t a0 = S[in[4 * c]];
    uint8_t a1 = S[in[(4 * c + 5) & 15]];
    uint8_t a2 = S[in[(4 * c + 10) & 15]];
    uint8_t a3 = S[in[(4 * c + 15) & 15]];
    uint8_t all = (uint8_t)(a0 ^ a1 ^ a2 ^ a3);
    uint8_t b0 = (uint8_t)(a0 ^ all ^ X[(uint8_t)(a0 ^ a1)]);
    uint8_t b1 = (uint8_t)(a1 ^ all ^ X[(uint8_t)(a1 ^ a2)]);
    uint8_t b2 = (uint8_t)(a2 ^ all ^ X[(uint8_t)(a2 ^ a3)]);
    uint8_t b3 = (uint8_t)(a3 ^ all ^ X[(uint8_t)(a3 ^ a0)]);
    out[2 * c] = (uint16_t)(RIJNDAEL_PAIR(b0, b1) ^ rk[2 * c]);
    out[2 * c + 1] = (uint16_t)(RIJNDAEL_PAIR(b2, b3) ^ rk[2 * c + 1]);
}

/* Two bytes as the 16-bit word they are in memory, and back; p even. */
static inline uint16_t rijndael_load16(const uint8_t *p)
{
    uint16_t w;
    memcpy(&w, p, 2);
    return w;
}

static inline void rijndael_store16(uint8_t *p, uint16_t w)
{
    memcpy(p, &w, 2);
}

/* A 16-byte state, written in 16-bit words and read in bytes. */
union rijndael_state {
    uint8_t b[16];
    uint16_t w[8];
};

/* The bytes variant's encryption. Two 16-byte states on the stack, used in
 * turn as a round's input and output; the loops of 16 are unrolled by hand
 * (the MSP430 image is built for size, which keeps loops rolled), and the
 * states are wiped with 16-bit stores: after the last round they and the
 * ciphertext would give away the last round key. */
static void rijndael_encrypt_bytes(const struct block_key *key, const uint8_t *in, uint8_t *out)
{
    union rijndael_state st[2];
    const uint8_t *S = rijndael_sbox, *rk = key->u.b;
    /* round 0: AddRoundKey, in 16-bit words if in is even (an address is
     * not secret; memcpy of an aligned pair is one word load) */
    if (((uintptr_t)in & 1) == 0) {
        const uint8_t *a = __builtin_assume_aligned(in, 2);
#define RIJNDAEL_ARK(i) st[0].w[i] = (uint16_t)(rijndael_load16(a + 2 * (i)) ^ key->u.h[i])
        RIJNDAEL_ARK(0);
        RIJNDAEL_ARK(1);
        RIJNDAEL_ARK(2);
        RIJNDAEL_ARK(3);
        RIJNDAEL_ARK(4);
        RIJNDAEL_ARK(5);
        RIJNDAEL_ARK(6);
        RIJNDAEL_ARK(7);
#undef RIJNDAEL_ARK
    } else {
#define RIJNDAEL_ARK(i) st[0].b[i] = (uint8_t)(in[i] ^ rk[i])
        RIJNDAEL_ARK(0);
        RIJNDAEL_ARK(1);
        RIJNDAEL_ARK(2);
        RIJNDAEL_ARK(3);
        RIJNDAEL_ARK(4);
        RIJNDAEL_ARK(5);
        RIJNDAEL_ARK(6);
        RIJNDAEL_ARK(7);
        RIJNDAEL_ARK(8);
        RIJNDAEL_ARK(9);
        RIJNDAEL_ARK(10);
        RIJNDAEL_ARK(11);
        RIJNDAEL_ARK(12);
        RIJNDAEL_ARK(13);
        RIJNDAEL_ARK(14);
        RIJNDAEL_ARK(15);
#undef RIJNDAEL_ARK
    }
    /* rounds 1..9, st[0] -> st[1] -> st[0] ... -> st[1] */
    const uint16_t *k = key->u.h;
    union rijndael_state *from = &st[0], *to = &st[1], *t;
    for (uint8_t r = 1; r < 10; r++) {
        k += 8;
        rijndael_column(from->b, to->w, k, 0);
        rijndael_column(from->b, to->w, k, 1);
        rijndael_column(from->b, to->w, k, 2);
        rijndael_column(from->b, to->w, k, 3);
        t = from;
        from = to;
        to = t;
    }
    /* round 10: SubBytes, ShiftRows (byte i from (5 i) mod 16), AddRoundKey */
    const uint8_t *last = from->b; /* st[1] */
    rk += 160;
    if (((uintptr_t)out & 1) == 0) {
        uint8_t *o = __builtin_assume_aligned(out, 2);
        const uint16_t *k10 = key->u.h + 80;
#define RIJNDAEL_LAST(i)                                                                                     \
    rijndael_store16(                                                                                        \
        o + 2 * (i),                                                                                         \
        (uint16_t)(RIJNDAEL_PAIR(S[last[(10 * (i)) & 15]], S[last[(10 * (i) + 5) & 15]]) ^ k10[i]))
        RIJNDAEL_LAST(0);
        RIJNDAEL_LAST(1);
        RIJNDAEL_LAST(2);
        RIJNDAEL_LAST(3);
        RIJNDAEL_LAST(4);
        RIJNDAEL_LAST(5);
        RIJNDAEL_LAST(6);
        RIJNDAEL_LAST(7);
#undef RIJNDAEL_LAST
    } else {
#define RIJNDAEL_LAST(i) out[i] = (uint8_t)(S[last[(5 * (i)) & 15]] ^ rk[i])
        RIJNDAEL_LAST(0);
        RIJNDAEL_LAST(1);
        RIJNDAEL_LAST(2);
        RIJNDAEL_LAST(3);
        RIJNDAEL_LAST(4);
        RIJNDAEL_LAST(5);
        RIJNDAEL_LAST(6);
        RIJNDAEL_LAST(7);
        RIJNDAEL_LAST(8);
        RIJNDAEL_LAST(9);
        RIJNDAEL_LAST(10);
        RIJNDAEL_LAST(11);
        RIJNDAEL_LAST(12);
        RIJNDAEL_LAST(13);
        RIJNDAEL_LAST(14);
        RIJNDAEL_LAST(15);
#undef RIJNDAEL_LAST
    }
    volatile uint16_t *v = st[0].w;
    v[0] = v[1] = v[2] = v[3] = v[4] = v[5] = v[6] = v[7] = 0;
    v = st[1].w;
    v[0] = v[1] = v[2] = v[3] = v[4] = v[5] = v[6] = v[7] = 0;
    __asm__ __volatile__("" : : "r"(v) : "memory");
}

/* ---- BlockCipher ---- */

err_t Rijndael__block_cipher__set_key(struct block_key *key, const uint8_t *raw, uint16_t key_len)
{
    if (key_len != BLOCK_KEY_LEN) {
        wipe(key, sizeof *key);
        return E_INVAL;
    }
    if (RIJNDAEL_BYTES)
        rijndael_expand_bytes(key->u.b, raw);
    else
        rijndael_expand_words(key->u.w, raw);
    return E_OK;
}

void Rijndael__block_cipher__encrypt(const struct block_key *key, const uint8_t *in, uint8_t *out)
{
    if (RIJNDAEL_BYTES)
        rijndael_encrypt_bytes(key, in, out);
    else
        rijndael_encrypt_words(key->u.w, in, out);
}

void Rijndael__block_cipher__forget(struct block_key *key)
{
    wipe(key, sizeof *key);
}

#undef RIJNDAEL_BYTES
#undef RIJNDAEL_PAIR
#undef RIJNDAEL_ROR
#undef RIJNDAEL_T0
#undef RIJNDAEL_T1
#undef RIJNDAEL_T2
#undef RIJNDAEL_T3
