/* ccm.c: CCM, the Aead: counter mode with CBC-MAC (RFC 3610, NIST SP
 * 800-38C) over the BlockCipher it is wired to, so the same code runs on
 * Rijndael (MSP430) and on libcrypto's AES-NI (posix).
 *
 * With L = 15 - nonce_len length bytes (2..8) and M = tag_len:
 *   B0   = flags(Adata, M, L) || nonce || len        (len in L bytes)
 *   X    = CBC-MAC over B0, the encoded aad length and the aad (zero-padded
 *          to a block), then the plaintext (zero-padded)
 *   A_i  = (L - 1) || nonce || i                       (i in L bytes)
 *   C    = P xor E(A_1) || E(A_2) || ...,   tag = X[0..M) xor E(A_0)[0..M)
 * One pass over the data: each block is MACed and en/decrypted together
 * (two block encryptions per 16 bytes). lengths are uint16_t, so with
 * L >= 2 every message length is representable and the counter never
 * leaves its last two bytes.
 *
 * Open decrypts, then compares the tag in constant time (lib/ct.h); on a
 * mismatch it wipes the whole buffer, so no unauthenticated plaintext is
 * ever returned. Lengths are checked before anything is written. The MAC
 * state and keystream on the stack are wiped before returning. */
#include "interfaces/aead.h"
#include "interfaces/block_cipher.h"
#include "lib/ct.h"
#include "lib/wipe.h"
#include <string.h>

struct ccm_state {
    uint8_t x[BLOCK_LEN]; /* CBC-MAC chaining value */
    uint8_t a[BLOCK_LEN]; /* counter block A_i */
    uint8_t s[BLOCK_LEN]; /* keystream block E(A_i) */
};

static bool ccm_lengths_ok(uint16_t nonce_len, uint16_t tag_len)
{
    return nonce_len >= AEAD_NONCE_MIN && nonce_len <= AEAD_NONCE_MAX && tag_len >= AEAD_TAG_MIN &&
           tag_len <= AEAD_TAG_MAX && (tag_len & 1) == 0;
}

static void ccm_xor(uint8_t *dst, const uint8_t *src, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        dst[i] ^= src[i];
}

/* B0, the aad, and A_0: everything before the message. */
static void ccm_start(const struct block_key *key, struct ccm_state *st, const uint8_t *nonce,
                      uint8_t nonce_len, const uint8_t *aad, uint16_t aad_len, uint16_t len, uint8_t tag_len)
{
    uint8_t q = (uint8_t)(15 - nonce_len); /* L: bytes of the length and the counter */
    uint8_t *x = st->x;

    memset(x, 0, BLOCK_LEN);
    x[0] = (uint8_t)((aad_len ? 0x40 : 0) | ((tag_len - 2) / 2) << 3 | (q - 1));
    memcpy(x + 1, nonce, nonce_len);
    x[14] = (uint8_t)(len >> 8);
    x[15] = (uint8_t)len;
    CCM__cipher__encrypt(key, x, x);

    if (aad_len) {
        uint8_t pos;
        if (aad_len < 0xff00) { /* RFC 3610 2.2: 2 bytes below 2^16 - 2^8, else 0xfffe || 4 bytes */
            x[0] ^= (uint8_t)(aad_len >> 8);
            x[1] ^= (uint8_t)aad_len;
            pos = 2;
        } else {
            x[0] ^= 0xff;
            x[1] ^= 0xfe;
            x[4] ^= (uint8_t)(aad_len >> 8);
            x[5] ^= (uint8_t)aad_len;
            pos = 6;
        }
        while (aad_len) {
            uint8_t n = (uint8_t)(BLOCK_LEN - pos);
            if (aad_len < n)
                n = (uint8_t)aad_len;
            ccm_xor(x + pos, aad, n);
            aad += n;
            aad_len = (uint16_t)(aad_len - n);
            pos = (uint8_t)(pos + n);
            if (pos == BLOCK_LEN) {
                CCM__cipher__encrypt(key, x, x);
                pos = 0;
            }
        }
        if (pos)
            CCM__cipher__encrypt(key, x, x); /* the zero padding changes nothing */
    }

    memset(st->a, 0, BLOCK_LEN);
    st->a[0] = (uint8_t)(q - 1);
    memcpy(st->a + 1, nonce, nonce_len);
}

/* The keystream block E(A_ctr) into st->s. */
static void ccm_keystream(const struct block_key *key, struct ccm_state *st, uint16_t ctr)
{
    st->a[14] = (uint8_t)(ctr >> 8);
    st->a[15] = (uint8_t)ctr;
    CCM__cipher__encrypt(key, st->a, st->s);
}

/* The tag, X xor E(A_0), into st->x. */
static void ccm_finish(const struct block_key *key, struct ccm_state *st, uint8_t tag_len)
{
    ccm_keystream(key, st, 0);
    ccm_xor(st->x, st->s, tag_len);
}

err_t CCM__aead__set_key(struct aead_ctx *ctx, const uint8_t *key, uint16_t key_len)
{
    return CCM__cipher__set_key(&ctx->key, key, key_len);
}

void CCM__aead__forget(struct aead_ctx *ctx)
{
    CCM__cipher__forget(&ctx->key);
}

err_t CCM__aead__seal(const struct aead_ctx *ctx, const uint8_t *nonce, uint16_t nonce_len,
                      const uint8_t *aad, uint16_t aad_len, uint8_t *data, uint16_t len, uint8_t *tag,
                      uint16_t tag_len)
{
    struct ccm_state st;
    uint16_t ctr = 1;
    if (!ccm_lengths_ok(nonce_len, tag_len) || (aad_len && !aad) || (len && !data))
        return E_INVAL;
    ccm_start(&ctx->key, &st, nonce, (uint8_t)nonce_len, aad, aad_len, len, (uint8_t)tag_len);
    while (len) {
        uint8_t n = len < BLOCK_LEN ? (uint8_t)len : BLOCK_LEN;
        ccm_xor(st.x, data, n);
        CCM__cipher__encrypt(&ctx->key, st.x, st.x);
        ccm_keystream(&ctx->key, &st, ctr++);
        ccm_xor(data, st.s, n);
        data += n;
        len = (uint16_t)(len - n);
    }
    ccm_finish(&ctx->key, &st, (uint8_t)tag_len);
    memcpy(tag, st.x, tag_len);
    wipe(&st, sizeof st);
    return E_OK;
}

err_t CCM__aead__open(const struct aead_ctx *ctx, const uint8_t *nonce, uint16_t nonce_len,
                      const uint8_t *aad, uint16_t aad_len, uint8_t *data, uint16_t len, const uint8_t *tag,
                      uint16_t tag_len)
{
    struct ccm_state st;
    uint16_t ctr = 1;
    uint8_t *p = data;
    uint16_t left = len;
    if (!ccm_lengths_ok(nonce_len, tag_len) || (aad_len && !aad) || (len && !data))
        return E_INVAL;
    ccm_start(&ctx->key, &st, nonce, (uint8_t)nonce_len, aad, aad_len, len, (uint8_t)tag_len);
    while (left) {
        uint8_t n = left < BLOCK_LEN ? (uint8_t)left : BLOCK_LEN;
        ccm_keystream(&ctx->key, &st, ctr++);
        ccm_xor(p, st.s, n);
        ccm_xor(st.x, p, n);
        CCM__cipher__encrypt(&ctx->key, st.x, st.x);
        p += n;
        left = (uint16_t)(left - n);
    }
    ccm_finish(&ctx->key, &st, (uint8_t)tag_len);
    bool ok = ct_equal(st.x, tag, tag_len);
    wipe(&st, sizeof st);
    if (!ok) {
        wipe(data, len);
        return E_FAIL;
    }
    return E_OK;
}
