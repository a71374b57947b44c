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

/* (even addresses: the block cipher may load and store them in words) */
struct ccm_state {
    _Alignas(2) uint8_t x[BLOCK_LEN]; /* CBC-MAC chaining value */
    _Alignas(2) uint8_t a[BLOCK_LEN]; /* counter block A_i */
    _Alignas(2) uint8_t s[BLOCK_LEN]; /* keystream block E(A_i) */
};

static void ccm_xor(uint8_t *dst, const uint8_t *src, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        dst[i] ^= src[i];
}

/* CBC-MAC over a byte stream: XOR n bytes into x from position pos on,
 * encrypting each full block; returns the new position. */
static uint8_t ccm_absorb(const struct block_key *key, uint8_t *x, uint8_t pos, const uint8_t *p, uint16_t n)
{
    while (n--) {
        x[pos++] ^= *p++;
        if (pos == BLOCK_LEN) {
            CCM__cipher__encrypt(key, x, x);
            pos = 0;
        }
    }
    return pos;
}

/* The keystream block E(A_ctr) into st->s. */
static void ccm_keystream(const struct block_key *key, struct ccm_state *st, uint16_t ctr)
{
    st->a[14] = (uint8_t)(ctr >> 8);
    st->a[15] = (uint8_t)ctr;
    CCM__cipher__encrypt(key, st->a, st->s);
}

/* One message: what seal() and open() pass on (one pointer instead of ten
 * arguments, most of which a 16-bit CPU passes on the stack). */
struct ccm_msg {
    const uint8_t *nonce;
    const uint8_t *aad;
    uint8_t *data;
    uint16_t nonce_len;
    uint16_t aad_len;
    uint16_t len;
    uint16_t tag_len;
};

/* Seal (tag_in NULL: the tag goes to tag_out) or open (the tag is compared
 * with tag_in) m's data in place. */
static err_t ccm_go(const struct block_key *key, const struct ccm_msg *m, uint8_t *tag_out,
                    const uint8_t *tag_in)
{
    struct ccm_state st;
    uint8_t *x = st.x, *data = m->data;
    uint16_t len = m->len, aad_len = m->aad_len;
    uint8_t tag_len = (uint8_t)m->tag_len, nonce_len = (uint8_t)m->nonce_len;
    bool open = tag_in != NULL;
    if (m->nonce_len < AEAD_NONCE_MIN || m->nonce_len > AEAD_NONCE_MAX || m->tag_len < AEAD_TAG_MIN ||
        m->tag_len > AEAD_TAG_MAX || (m->tag_len & 1) || (!m->aad && aad_len) || (!data && len))
        return E_INVAL;

    /* B0 = flags || nonce || len (in L = 15 - nonce_len bytes; len < 2^16: the last two) */
    memset(x, 0, BLOCK_LEN);
    x[0] = (uint8_t)((aad_len ? 0x40 : 0) | ((tag_len - 2) / 2) << 3 | (14 - nonce_len));
    memcpy(x + 1, m->nonce, nonce_len);
    x[14] = (uint8_t)(len >> 8);
    x[15] = (uint8_t)len;
    CCM__cipher__encrypt(key, x, x);

    if (aad_len) {
        /* RFC 3610 2.2: the aad length in 2 bytes below 2^16 - 2^8, else
         * 0xfffe and 4 bytes; then the aad, zero-padded to a block */
        uint8_t enc[6] = {0xff, 0xfe, 0, 0, (uint8_t)(aad_len >> 8), (uint8_t)aad_len};
        uint8_t big = aad_len >= 0xff00;
        uint8_t pos = ccm_absorb(key, x, 0, big ? enc : enc + 4, big ? 6 : 2);
        if (ccm_absorb(key, x, pos, m->aad, aad_len))
            CCM__cipher__encrypt(key, x, x);
    }

    /* A_i = (L - 1) || nonce || i */
    memset(st.a, 0, BLOCK_LEN);
    st.a[0] = (uint8_t)(14 - nonce_len);
    memcpy(st.a + 1, m->nonce, nonce_len);

    /* each block MACed as plaintext (before encryption when sealing, after
     * decryption when opening) and XORed with its keystream block */
    for (uint16_t ctr = 1; len; ctr++) {
        uint8_t n = len < BLOCK_LEN ? (uint8_t)len : BLOCK_LEN;
        ccm_keystream(key, &st, ctr);
        if (open)
            ccm_xor(data, st.s, n);
        ccm_xor(x, data, n);
        CCM__cipher__encrypt(key, x, x);
        if (!open)
            ccm_xor(data, st.s, n);
        data += n;
        len = (uint16_t)(len - n);
    }

    /* the tag: X xor E(A_0) */
    ccm_keystream(key, &st, 0);
    ccm_xor(x, st.s, tag_len);
    bool ok = true;
    if (open)
        ok = ct_equal(x, tag_in, tag_len);
    else
        memcpy(tag_out, x, tag_len);
    wipe(&st, sizeof st);
    if (!ok) {
        wipe(m->data, m->len);
        return E_FAIL;
    }
    return E_OK;
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
    struct ccm_msg m = {nonce, aad, data, nonce_len, aad_len, len, tag_len};
    return ccm_go(&ctx->key, &m, tag, NULL);
}

err_t CCM__aead__open(const struct aead_ctx *ctx, const uint8_t *nonce, uint16_t nonce_len,
                      const uint8_t *aad, uint16_t aad_len, uint8_t *data, uint16_t len, const uint8_t *tag,
                      uint16_t tag_len)
{
    struct ccm_msg m = {nonce, aad, data, nonce_len, aad_len, len, tag_len};
    return tag ? ccm_go(&ctx->key, &m, NULL, tag) : E_INVAL;
}
