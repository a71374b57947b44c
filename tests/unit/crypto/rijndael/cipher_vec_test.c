/* cipher_vec_test.c: CipherVecTest, AES-128 and AES-128-CCM against the
 * published vectors that gen_cipher_vectors.py compiled into
 * cipher_vectors.h at build time, for images that cannot read files (the
 * MSP430 simulator), and the same test on the host: FIPS-197, a sample of
 * the CAVP ECB KAT and MMT records, all 24 RFC 3610 packet vectors, a
 * sample of the CAVP CCM records, and of Wycheproof's aes_ccm_test.json
 * every invalid AES-128 case and a sample of the valid ones. Each CCM case
 * is sealed and opened in place (valid), must fail to open and leave zeros
 * (wrong tag), or must be refused by both seal and open with nothing
 * written (nonce or tag length CCM does not allow). */
#include "tests/unit/test_cmocka.h"
#include <string.h>

#include "cipher_vectors.h"
#include "interfaces/aead.h"
#include "interfaces/block_cipher.h"

static union {
    uint16_t align;
    uint8_t b[CIPHERVECTEST_MAX_LEN + AEAD_TAG_MAX + 1];
} ciphervectest_mem;
static uint8_t *const ciphervectest_buf = ciphervectest_mem.b; /* even */
static uint8_t ciphervectest_tag[AEAD_TAG_MAX];
static union {
    uint16_t align;
    uint8_t b[BLOCK_LEN + 1];
} ciphervectest_out;

#define CIPHERVECTEST_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* memcpy and memcmp, but NULL is fine with n == 0 (an empty vector field) */
static void ciphervectest_copy(uint8_t *dst, const uint8_t *src, uint16_t n)
{
    if (n)
        memcpy(dst, src, n);
}

static bool ciphervectest_same(const uint8_t *a, const uint8_t *b, uint16_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static bool ciphervectest_zero(const uint8_t *p, uint16_t n)
{
    uint8_t d = 0;
    for (uint16_t i = 0; i < n; i++)
        d |= p[i];
    return d == 0;
}

static void test_aes_ecb(void **state)
{
    (void)state;
    for (uint16_t i = 0; i < CIPHERVECTEST_COUNT(ciphervectest_ecbs); i++) {
        const struct ciphervectest_ecb *v = &ciphervectest_ecbs[i];
        struct block_key key;
        assert_int_equal(CipherVecTest__cipher__set_key(&key, v->key, BLOCK_KEY_LEN), E_OK);
        memcpy(ciphervectest_buf, v->pt, v->len);
        for (uint16_t b = 0; b < v->len; b += BLOCK_LEN)
            CipherVecTest__cipher__encrypt(&key, ciphervectest_buf + b, ciphervectest_buf + b);
        if (memcmp(ciphervectest_buf, v->ct, v->len) != 0)
            fail_msg("%s differs", v->name);
        /* again at an odd address, and from odd to even and back */
        uint8_t *odd = ciphervectest_buf + 1;
        memcpy(odd, v->pt, v->len);
        for (uint16_t b = 0; b < v->len; b += BLOCK_LEN)
            CipherVecTest__cipher__encrypt(&key, odd + b, odd + b);
        if (memcmp(odd, v->ct, v->len) != 0)
            fail_msg("%s differs at an odd address", v->name);
        memcpy(odd, v->pt, BLOCK_LEN);
        CipherVecTest__cipher__encrypt(&key, odd, ciphervectest_out.b); /* odd -> even */
        CipherVecTest__cipher__encrypt(&key, ciphervectest_out.b, ciphervectest_out.b);
        memcpy(ciphervectest_tag, ciphervectest_out.b, BLOCK_LEN); /* E(E(pt)) */
        memcpy(ciphervectest_buf, v->pt, BLOCK_LEN);
        CipherVecTest__cipher__encrypt(&key, ciphervectest_buf, ciphervectest_out.b + 1); /* even -> odd */
        CipherVecTest__cipher__encrypt(&key, ciphervectest_out.b + 1, ciphervectest_buf);
        if (memcmp(ciphervectest_tag, ciphervectest_buf, BLOCK_LEN) != 0)
            fail_msg("%s: odd and even addresses differ", v->name);
        CipherVecTest__cipher__forget(&key);
    }
    print_message("aes vectors: %u ECB records passed\n", (unsigned)CIPHERVECTEST_COUNT(ciphervectest_ecbs));
}

static void test_ccm(void **state)
{
    (void)state;
    uint16_t counts[3] = {0, 0, 0}, wyche = 0;
    for (uint16_t i = 0; i < CIPHERVECTEST_COUNT(ciphervectest_ccms); i++) {
        const struct ciphervectest_ccm *v = &ciphervectest_ccms[i];
        struct aead_ctx ctx;
        err_t e;
        assert_int_equal(CipherVecTest__aead__set_key(&ctx, v->key, AEAD_KEY_LEN), E_OK);
        switch (v->expect) {
        case 0: /* valid: seal to ct || tag, open back to pt */
            ciphervectest_copy(ciphervectest_buf, v->pt, v->len);
            e = CipherVecTest__aead__seal(&ctx, v->nonce, v->nlen, v->aad, v->alen, ciphervectest_buf, v->len,
                                          ciphervectest_buf + v->len, v->tlen);
            if (e != E_OK || !ciphervectest_same(ciphervectest_buf, v->ct, v->len) ||
                !ciphervectest_same(ciphervectest_buf + v->len, v->tag, v->tlen))
                fail_msg("%s: seal differs", v->name);
            e = CipherVecTest__aead__open(&ctx, v->nonce, v->nlen, v->aad, v->alen, ciphervectest_buf, v->len,
                                          v->tag, v->tlen);
            if (e != E_OK || !ciphervectest_same(ciphervectest_buf, v->pt, v->len))
                fail_msg("%s: open differs", v->name);
            break;
        case 1: /* wrong tag: E_FAIL and nothing left */
            ciphervectest_copy(ciphervectest_buf, v->ct, v->len);
            e = CipherVecTest__aead__open(&ctx, v->nonce, v->nlen, v->aad, v->alen, ciphervectest_buf, v->len,
                                          v->tag, v->tlen);
            if (e != E_FAIL || !ciphervectest_zero(ciphervectest_buf, v->len))
                fail_msg("%s: a wrong tag opened (%u)", v->name, e);
            break;
        default: /* lengths CCM does not allow: refused, nothing written */
            ciphervectest_copy(ciphervectest_buf, v->ct, v->len);
            memset(ciphervectest_tag, 0xa5, sizeof ciphervectest_tag);
            e = CipherVecTest__aead__open(&ctx, v->nonce, v->nlen, v->aad, v->alen, ciphervectest_buf, v->len,
                                          v->tag, v->tlen);
            if (e != E_INVAL || !ciphervectest_same(ciphervectest_buf, v->ct, v->len))
                fail_msg("%s: open accepted bad lengths (%u)", v->name, e);
            e = CipherVecTest__aead__seal(&ctx, v->nonce, v->nlen, v->aad, v->alen, ciphervectest_buf, v->len,
                                          ciphervectest_tag,
                                          v->tlen <= AEAD_TAG_MAX ? v->tlen : AEAD_TAG_MAX);
            if (e != E_INVAL || !ciphervectest_same(ciphervectest_buf, v->ct, v->len) ||
                ciphervectest_tag[0] != 0xa5 || ciphervectest_tag[AEAD_TAG_MAX - 1] != 0xa5)
                fail_msg("%s: seal accepted bad lengths (%u)", v->name, e);
            break;
        }
        CipherVecTest__aead__forget(&ctx);
        assert_true(ciphervectest_zero((const uint8_t *)&ctx, sizeof ctx));
        counts[v->expect]++;
        wyche += v->wycheproof;
    }
    assert_int_equal(wyche, CIPHERVECTEST_WYCHEPROOF);
    print_message("ccm vectors: %u cases passed (%u valid, %u wrong tag, %u bad lengths)\n",
                  (unsigned)CIPHERVECTEST_COUNT(ciphervectest_ccms), counts[0], counts[1], counts[2]);
    print_message("wycheproof aes_ccm_test.json sample: %u cases, %u passed, 0 failed\n", wyche, wyche);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aes_ecb),
        cmocka_unit_test(test_ccm),
    };
    wire_init();
    return cmocka_run_group_tests_name("cipher_vectors", tests, NULL, NULL);
}
