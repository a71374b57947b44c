/* crypto_cycles.c: CryptoCycles, cycle counts on the MSP430 instruction set
 * in mspdebug's simulator, where SMCLK is MCLK (the instruction cycle
 * count; platforms/msp430sim/clock/sim_clock.c). Timer_A runs from SMCLK in
 * continuous mode, its overflows counted by interrupt, and is read around
 * each operation; the cost of reading it (an empty measurement) is
 * subtracted. Prints one line per figure,
 *
 *   cycles NAME VALUE
 *
 * which tools/bench/hash/msp430_figures.py collects for bench.json, and
 * fails if SHA-256's compression exceeds its budget (45,000 cycles in C).
 *
 * "sha256_compress": update() of one whole block on a block-aligned
 * context, which hands the block straight to the compression function:
 * the compression plus the few instructions of update() around it.
 * Every command of the four interfaces is called at least once, so that
 * the image (whose symbols msp430_hash_figures.py sizes) holds them all. */
#include "tests/unit/test_cmocka.h"
#include <msp430.h>
#include <string.h>

#include "interfaces/cipher_suite.h"
#include "interfaces/hash.h"
#include "interfaces/mac.h"
#include "interfaces/random.h"
#include "platforms/msp430/lib/msp430_isr.h"

enum { CRYPTOCYCLES_COMPRESS_BUDGET = 45000 };

static volatile uint16_t cryptocycles_overflows;

/* Timer_A overflow: one more 65536 cycles (the ISR's own ~40 cycles per
 * overflow are counted with the operation: under 0.1%). */
static MSP430_ISR_HANDLER bool cryptocycles_overflow_isr(void)
{
    (void)TAIV; /* clears TAIFG */
    cryptocycles_overflows++;
    return false;
}
MSP430_ISR(10, TIMERA1_VECTOR, cryptocycles_overflow_isr);

static void cryptocycles_start(void)
{
    cryptocycles_overflows = 0;
    TACTL = TACLR;
    TACTL = TASSEL_2 | MC_2 | TAIE; /* SMCLK = MCLK in the simulator, continuous */
    __asm__ __volatile__("eint\n\tnop");
}

static uint32_t cryptocycles_stop(void)
{
    __asm__ __volatile__("dint\n\tnop");
    TACTL &= (uint16_t)~MC_3; /* stop */
    uint32_t t = TAR;
    if (TACTL & TAIFG) { /* an overflow not yet serviced */
        cryptocycles_overflows++;
        TACTL &= (uint16_t)~TAIFG;
    }
    return ((uint32_t)cryptocycles_overflows << 16) + t;
}

static uint32_t cryptocycles_overhead(void)
{
    cryptocycles_start();
    return cryptocycles_stop();
}

static void cryptocycles_report(const char *name, uint32_t cycles)
{
    print_message("cycles %s %lu\n", name, (unsigned long)cycles);
}

static void test_sha256_compress(void **state)
{
    (void)state;
    static uint8_t block[HASH_BLOCK_LEN];
    struct hash_ctx ctx;
    for (uint16_t i = 0; i < sizeof block; i++)
        block[i] = (uint8_t)(i * 11);
    CryptoCycles__hash__init(&ctx);
    uint32_t base = cryptocycles_overhead(), best = UINT32_MAX;
    for (int rep = 0; rep < 3; rep++) {
        cryptocycles_start();
        CryptoCycles__hash__update(&ctx, block, sizeof block);
        uint32_t c = cryptocycles_stop() - base;
        best = c < best ? c : best;
    }
    cryptocycles_report("sha256_compress", best);
    assert_true(best < CRYPTOCYCLES_COMPRESS_BUDGET);
}

static void test_sha256_and_hmac(void **state)
{
    (void)state;
    static uint8_t msg[1024], out[64];
    for (uint16_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)i;
    uint32_t base = cryptocycles_overhead();

    cryptocycles_start();
    CryptoCycles__hash__digest(msg, 64, out);
    cryptocycles_report("sha256_64B", cryptocycles_stop() - base);
    cryptocycles_start();
    CryptoCycles__hash__digest(msg, 1024, out);
    cryptocycles_report("sha256_1KiB", cryptocycles_stop() - base);

    cryptocycles_start();
    CryptoCycles__mac__mac(msg, 32, msg, 64, out);
    cryptocycles_report("hmac_sha256_64B", cryptocycles_stop() - base);
    struct mac_ctx ctx;
    CryptoCycles__mac__init(&ctx, msg, 32);
    cryptocycles_start();
    CryptoCycles__mac__update(&ctx, msg, 64);
    CryptoCycles__mac__final(&ctx, out);
    cryptocycles_report("hmac_sha256_64B_keyed", cryptocycles_stop() - base);
    CryptoCycles__mac__update(&ctx, msg, 64);
    assert_true(CryptoCycles__mac__verify(&ctx, out, MAC_LEN));
    CryptoCycles__mac__clear(&ctx);
}

static void test_key_schedule(void **state)
{
    (void)state;
    static const uint8_t psk[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    uint8_t cr[CS_RANDOM_LEN], sr[CS_RANDOM_LEN], master[CS_MASTER_LEN], vd[CS_VERIFY_LEN];
    struct cs_keys keys;
    memset(cr, 0x11, sizeof cr);
    memset(sr, 0x22, sizeof sr);
    uint32_t base = cryptocycles_overhead();
    cryptocycles_start();
    assert_int_equal(CryptoCycles__suite__master_secret(psk, sizeof psk, cr, sr, master), E_OK);
    cryptocycles_report("tls_master_secret", cryptocycles_stop() - base);
    cryptocycles_start();
    CryptoCycles__suite__key_block(master, cr, sr, &keys);
    cryptocycles_report("tls_key_block", cryptocycles_stop() - base);
    cryptocycles_start();
    CryptoCycles__suite__finished(master, true, cr, vd);
    cryptocycles_report("tls_finished", cryptocycles_stop() - base);
    assert_true(CryptoCycles__suite__check_finished(master, true, cr, vd));
    uint8_t pms[CS_PMS_MAX];
    assert_int_equal(CryptoCycles__suite__psk_premaster(psk, sizeof psk, pms), E_OK);
    cryptocycles_start();
    assert_int_equal(
        CryptoCycles__suite__prf(pms, 2 * sizeof psk + 4, "test label", cr, sizeof cr, master, 12), E_OK);
    cryptocycles_report("tls_prf_12B", cryptocycles_stop() - base);
    cryptocycles_start();
    assert_int_equal(CryptoCycles__suite__extended_master_secret(psk, sizeof psk, cr, master), E_OK);
    cryptocycles_report("tls_extended_master_secret", cryptocycles_stop() - base);

    /* a DTLS record of 64 bytes of plaintext, protected and unprotected */
    static uint8_t frag[64 + CS_RECORD_OVERHEAD];
    static const uint8_t seq[CS_SEQ_LEN] = {0, 1, 0, 0, 0, 0, 0, 9};
    memset(frag, 0x5A, sizeof frag);
    cryptocycles_start();
    assert_int_equal(CryptoCycles__suite__protect(&keys.client, 23, 0xFEFD, seq, frag, 64), E_OK);
    cryptocycles_report("record_protect_64B", cryptocycles_stop() - base);
    cryptocycles_start();
    assert_int_equal(CryptoCycles__suite__unprotect(&keys.client, 23, 0xFEFD, seq, frag, sizeof frag), E_OK);
    cryptocycles_report("record_unprotect_64B", cryptocycles_stop() - base);
}

/* The DRBG over SimEntropy (deterministic: the simulator has no noise). */
static void test_drbg(void **state)
{
    (void)state;
    uint8_t buf[32];
    uint32_t base = cryptocycles_overhead();
    cryptocycles_start();
    assert_int_equal(CryptoCycles__random__instantiate(NULL, 0), E_OK);
    cryptocycles_report("hmac_drbg_instantiate", cryptocycles_stop() - base);
    cryptocycles_start();
    assert_int_equal(CryptoCycles__random__generate(buf, sizeof buf), E_OK);
    cryptocycles_report("hmac_drbg_generate_32B", cryptocycles_stop() - base);
    cryptocycles_start();
    assert_int_equal(CryptoCycles__random__reseed(NULL, 0), E_OK);
    cryptocycles_report("hmac_drbg_reseed", cryptocycles_stop() - base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_compress),
        cmocka_unit_test(test_sha256_and_hmac),
        cmocka_unit_test(test_key_schedule),
        cmocka_unit_test(test_drbg),
    };
    wire_init();
    return cmocka_run_group_tests_name("crypto_cycles", tests, NULL, NULL);
}
