/* cipher_cycles.c: CipherCycles, cycle counts of AES-128 (Rijndael) and
 * CCM-8 on the MSP430 instruction set in mspdebug's simulator, where SMCLK
 * is MCLK (the instruction cycle count; platforms/msp430sim/clock). Timer_A
 * runs from SMCLK in continuous mode, divided by 1 for operations under
 * 65536 cycles and by 8 for longer ones (then to 8 cycles), and is read
 * around each operation; the cost of an empty measurement is subtracted.
 * Each figure is the best of three runs. Prints one line per figure,
 *
 *   cycles NAME VALUE
 *
 * and fails if one AES-128 block (key expanded) takes 5,000 cycles or
 * more, the budget of issue 5 for portable C, at either alignment. Figures:
 *   aes128_block          encrypt() of one block, key already expanded, in
 *                         place at an even address (as CCM calls it)
 *   aes128_block_odd      the same at an odd address (byte loads and stores)
 *   aes128_key_expansion  set_key()
 *   ccm8_seal_64 / ccm8_open_64 / ccm8_seal_512 / ccm8_open_512: a DTLS
 *                         record's CCM-8 in place (12-byte nonce, 13-byte
 *                         aad, 8-byte tag) of 64 or 512 bytes, key expanded
 * With `words` (Rijndael's 32-bit variant in the image) the names end in
 * _words and there is no budget. */
#include "tests/unit/test_cmocka.h"
#include <msp430.h>
#include <string.h>

#include "interfaces/aead.h"
#include "interfaces/block_cipher.h"

enum { CIPHERCYCLES_BLOCK_BUDGET = 5000 };

static uint16_t ciphercycles_div; /* 1 or 8 */
static uint8_t ciphercycles_buf[512 + 8];
static const uint8_t ciphercycles_key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                             0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t ciphercycles_nonce[12] = {1, 2, 3, 4, 0, 1, 0, 0, 0, 0, 0, 7};
static const uint8_t ciphercycles_aad[13] = {0, 1, 0, 0, 0, 0, 0, 7, 23, 0xfe, 0xfd, 0, 64};

static void ciphercycles_start(uint16_t div)
{
    ciphercycles_div = div;
    TACTL = TACLR;
    TACTL = TASSEL_2 | MC_2 | (div == 8 ? ID_3 : ID_0);
}

static uint32_t ciphercycles_stop(void)
{
    uint16_t t = TAR;
    TACTL = 0;
    return (uint32_t)t * ciphercycles_div;
}

static uint32_t ciphercycles_overhead(uint16_t div)
{
    ciphercycles_start(div);
    return ciphercycles_stop();
}

static void ciphercycles_report(const char *name, uint32_t cycles)
{
    print_message("cycles %s%s %lu\n", name, CipherCycles__words ? "_words" : "", (unsigned long)cycles);
}

static void test_aes_block(void **state)
{
    (void)state;
    struct block_key key;
    static union {
        uint16_t align;
        uint8_t b[18];
    } buf = {0};
    uint8_t *block = buf.b, *odd = buf.b + 1;
    uint32_t base = ciphercycles_overhead(1), best = UINT32_MAX, best_key = UINT32_MAX, best_odd = UINT32_MAX;
    for (int rep = 0; rep < 3; rep++) {
        ciphercycles_start(1);
        assert_int_equal(CipherCycles__cipher__set_key(&key, ciphercycles_key, 16), E_OK);
        uint32_t k = ciphercycles_stop() - base;
        ciphercycles_start(1);
        CipherCycles__cipher__encrypt(&key, block, block);
        uint32_t c = ciphercycles_stop() - base;
        ciphercycles_start(1);
        CipherCycles__cipher__encrypt(&key, odd, odd);
        uint32_t o = ciphercycles_stop() - base;
        CipherCycles__cipher__forget(&key);
        best = c < best ? c : best;
        best_odd = o < best_odd ? o : best_odd;
        best_key = k < best_key ? k : best_key;
    }
    ciphercycles_report("aes128_block", best);
    ciphercycles_report("aes128_block_odd", best_odd);
    ciphercycles_report("aes128_key_expansion", best_key);
    if (!CipherCycles__words) {
        assert_true(best < CIPHERCYCLES_BLOCK_BUDGET);
        assert_true(best_odd < CIPHERCYCLES_BLOCK_BUDGET);
    }
}

static void ciphercycles_ccm(const char *seal_name, const char *open_name, uint16_t len)
{
    struct aead_ctx ctx;
    uint8_t tag[8];
    uint32_t base = ciphercycles_overhead(8), seal = UINT32_MAX, open = UINT32_MAX;
    assert_int_equal(CipherCycles__aead__set_key(&ctx, ciphercycles_key, 16), E_OK);
    for (int rep = 0; rep < 3; rep++) {
        memset(ciphercycles_buf, 0x42, len);
        ciphercycles_start(8);
        err_t e = CipherCycles__aead__seal(&ctx, ciphercycles_nonce, 12, ciphercycles_aad, 13,
                                           ciphercycles_buf, len, tag, 8);
        uint32_t s = ciphercycles_stop() - base;
        assert_int_equal(e, E_OK);
        ciphercycles_start(8);
        e = CipherCycles__aead__open(&ctx, ciphercycles_nonce, 12, ciphercycles_aad, 13, ciphercycles_buf,
                                     len, tag, 8);
        uint32_t o = ciphercycles_stop() - base;
        assert_int_equal(e, E_OK);
        assert_int_equal(ciphercycles_buf[len - 1], 0x42);
        seal = s < seal ? s : seal;
        open = o < open ? o : open;
    }
    CipherCycles__aead__forget(&ctx);
    ciphercycles_report(seal_name, seal);
    ciphercycles_report(open_name, open);
}

static void test_ccm8(void **state)
{
    (void)state;
    ciphercycles_ccm("ccm8_seal_64", "ccm8_open_64", 64);
    ciphercycles_ccm("ccm8_seal_512", "ccm8_open_512", 512);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aes_block),
        cmocka_unit_test(test_ccm8),
    };
    wire_init();
    return cmocka_run_group_tests_name("cipher_cycles", tests, NULL, NULL);
}
