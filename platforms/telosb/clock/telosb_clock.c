/* telosb_clock.c: TelosbClock, the Msp430Clock of a TelosB (Tmote Sky).
 *
 * start() runs first in main() (Msp430Main), interrupts off, before any
 * component's init, and leaves:
 *   ACLK  = LFXT1, the 32768 Hz watch crystal, undivided (Msp430Alarm)
 *   MCLK  = SMCLK = DCO, calibrated to 4 MiHz = 4194304 Hz (TinyOS's
 *           choice: a power of two, well inside the F1611's 8 MHz at 3 V)
 *   XT2 off (the TelosB has no second crystal).
 *
 * Calibration (dco_search.h): for each candidate setting, Timer_A counts
 * SMCLK while its capture unit 2 captures ACLK / 8 (CCI2B is ACLK inside
 * the chip), so the difference between two captures is the number of DCO
 * cycles in 8 / 32768 s: 1024 at the target. This is Contiki's measurement
 * (cpu/msp430/f1xxx/msp430.c) with TinyOS's binary search over
 * RSEL:DCO:MOD (tos/chips/msp430/timer/Msp430ClockP.nc). After a setting
 * changes, the first capture interval is discarded (the DCO settles).
 *
 * Bounded: 12 measurements of 3 captures; each capture is awaited for at
 * most TELOSBCLOCK_SPINS polls (about 12000 cycles: 1.5 ms at 8 MHz, far
 * more than the 244 us interval). If ACLK does not run (crystal missing,
 * or not started yet), the first wait times out, start() puts the DCO back
 * to its reset setting (about 0.8 MHz), smclk_hz() then reports 0, and
 * start() returns E_FAIL. The 1xx family flags no LFXT1 fault in low-
 * frequency mode, so the timeout is how a dead crystal shows.
 *
 * Timer_A is stopped and cleared afterwards; Msp430Alarm's init (which
 * runs later, from wire_init()) takes it over. In mspdebug's simulator
 * there is no clock module and Timer_A captures nothing, so start() ends
 * in the timeout path: tests/unit/msp430/dco checks exactly that. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "platforms/msp430/interfaces/msp430_clock.h"
#include "platforms/telosb/clock/dco_search.h"

enum {
    TELOSBCLOCK_TARGET = 1024,      /* DCO cycles per 8 ACLK cycles at 4 MiHz */
    TELOSBCLOCK_SPINS = 2000,       /* polls of CCIFG per capture before giving up */
    TELOSBCLOCK_RESET = 0x0460,     /* RSEL 4, DCO 3, MOD 0: the PUC setting */
    TELOSBCLOCK_HZ_PER_COUNT = 4096 /* one count per 8 / 32768 s */
};

static uint32_t telosbclock_smclk_hz;

static void telosbclock_apply(uint16_t setting)
{
    MSP430_DCOCTL = (uint8_t)setting;
    MSP430_BCSCTL1 = (uint8_t)((MSP430_BCSCTL1 & ~MSP430_RSEL_MASK) | ((setting >> 8) & MSP430_RSEL_MASK));
}

/* Timer_A's count at the next capture of ACLK / 8, or false on timeout. */
static bool telosbclock_capture(uint16_t *at)
{
    MSP430_TACCTL2 &= (uint16_t)~MSP430_CCIFG;
    for (uint16_t i = 0; i < TELOSBCLOCK_SPINS; i++) {
        if (MSP430_TACCTL2 & MSP430_CCIFG) {
            *at = MSP430_TACCR2;
            return true;
        }
    }
    return false;
}

/* DCO cycles in one ACLK / 8 period with this setting; 0 if ACLK is dead. */
static uint16_t telosbclock_measure(uint16_t setting)
{
    uint16_t first, second;
    telosbclock_apply(setting);
    if (!telosbclock_capture(&first) || !telosbclock_capture(&first) || !telosbclock_capture(&second))
        return 0;
    uint16_t count = (uint16_t)(second - first);
    return count ? count : 1; /* 0 means "no reference" */
}

err_t TelosbClock__clock__start(void)
{
    MSP430_BCSCTL1 = MSP430_XT2OFF | MSP430_DIVA_3 |
                     (uint8_t)((TELOSBCLOCK_RESET >> 8) & 7);    /* LFXT1 low-frequency, ACLK / 8 */
    MSP430_BCSCTL2 = 0;                                          /* MCLK = SMCLK = DCO */
    MSP430_TACTL = MSP430_TASSEL_2 | MSP430_MC_2 | MSP430_TACLR; /* SMCLK, continuous */
    MSP430_TACCTL2 = MSP430_CM_1 | MSP430_CCIS_1 | MSP430_SCS | MSP430_CAP; /* capture CCI2B = ACLK, rising */
    struct telosbclock_result r = telosbclock_search(TELOSBCLOCK_TARGET, telosbclock_measure);
    MSP430_TACCTL2 = 0;
    MSP430_TACTL = MSP430_TACLR; /* stopped: Msp430Alarm's init takes Timer_A over */
    MSP430_BCSCTL1 = (uint8_t)(MSP430_BCSCTL1 & ~MSP430_DIVA_3); /* ACLK / 1 for the alarm */
    if (r.count == 0) {
        telosbclock_apply(TELOSBCLOCK_RESET);
        telosbclock_smclk_hz = 0;
        return E_FAIL;
    }
    telosbclock_apply(r.setting);
    telosbclock_smclk_hz = (uint32_t)r.count * TELOSBCLOCK_HZ_PER_COUNT;
    return r.ok ? E_OK : E_FAIL;
}

uint32_t TelosbClock__clock__smclk_hz(void)
{
    return telosbclock_smclk_hz;
}
