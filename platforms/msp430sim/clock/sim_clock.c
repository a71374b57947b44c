/* sim_clock.c: SimClock, the Msp430Clock of the msp430sim platform.
 *
 * mspdebug's simulator has no basic clock module: writes to DCOCTL and
 * BCSCTL1/2 change nothing, MCLK = SMCLK is simply the instruction cycle
 * count, and ACLK ticks once per 256 MCLK cycles. Msp430Alarm treats ACLK as
 * 32768 Hz, so in simulated time MCLK = SMCLK = 256 * 32768 = 8388608 Hz,
 * which smclk_hz() reports. start() has nothing to do and succeeds. The
 * TelosB's DCO calibration (TelosbClock) is tested separately, against a
 * model of the DCO. */
#include "platforms/msp430/interfaces/msp430_clock.h"

err_t SimClock__clock__start(void)
{
    return E_OK;
}

uint32_t SimClock__clock__smclk_hz(void)
{
    return 256UL * 32768UL;
}
