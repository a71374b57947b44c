/* telosb_clock_test.c: TelosbClockTest, TelosbClock's start() in the
 * simulator, where Timer_A captures nothing (there is no clock module to
 * feed it ACLK): the state of a TelosB whose crystal does not run. start()
 * must give up after its first measurement, in bounded time (a hang would
 * be a simrun timeout), return E_FAIL, report SMCLK as unknown, put the DCO
 * back to its reset setting, and leave Timer_A and ACLK's divider as
 * Msp430Alarm expects them. The search itself is tested against a DCO
 * model in tests/unit/msp430/dco. Registers without a simulated device
 * read back what was written. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "tests/unit/test_cmocka.h"

#include "platforms/msp430/interfaces/msp430_clock.h"

static void test_start_without_aclk_fails_bounded(void **state)
{
    (void)state;
    MSP430_DCOCTL = 0xE0; /* somewhere else, to see start() restore it */
    assert_int_equal(TelosbClockTest__clock__start(), E_FAIL);
    assert_int_equal(TelosbClockTest__clock__smclk_hz(), 0);
    assert_int_equal(MSP430_DCOCTL, 0x60);      /* DCO 3, MOD 0 */
    assert_int_equal(MSP430_BCSCTL1 & 0x07, 4); /* RSEL 4 */
    assert_int_equal(MSP430_BCSCTL1 & (MSP430_XT2OFF | MSP430_DIVA_3), MSP430_XT2OFF);
    assert_int_equal(MSP430_BCSCTL2, 0); /* MCLK = SMCLK = DCO, undivided */
    assert_int_equal(MSP430_TACTL & (MSP430_MC_MASK | MSP430_TASSEL_MASK),
                     0); /* Timer_A stopped and released */
    assert_int_equal(MSP430_TACCTL2, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_without_aclk_fails_bounded),
    };
    return cmocka_run_group_tests_name("telosb_clock", tests, NULL, NULL);
}
