/* msp430_alarm.c: Msp430Alarm, the Alarm of the MSP430F1611 on Timer_A.
 *
 * Timer_A counts ACLK (the 32768 Hz watch crystal on a TelosB) in
 * continuous mode. One period of the 16-bit counter is exactly 2000 ms, so
 * the 32-bit millisecond clock is
 *
 *     now = base + ms_of(TAR)        (msp430_alarm_ticks.h)
 *
 * where `base`, the time at the last overflow, grows by 2000 in the
 * overflow interrupt (TAIFG, on the TIMERA1 vector) and wraps at 2^32 with
 * the clock. Reading it must account for an overflow that happened but has
 * not been serviced yet (we may be inside an atomic section or another
 * interrupt): now() reads TAR, then TAIFG, and if the flag is set the
 * overflow came before that read, so it takes base + 2000 and reads TAR
 * again. TAR is read until two reads agree, because ACLK is asynchronous to
 * the CPU clock (MSP430x1xx user's guide: "read multiple times while
 * operating, and a majority vote taken in software").
 *
 * The alarm is CCR0 (its own vector, TIMERA0, which has priority over the
 * overflow). CCR0 can only express an instant of the current period, so
 * arm() programs it only when the deadline falls in it; otherwise the
 * compare interrupt stays off and the overflow interrupt calls arm() again
 * at the start of each period. A deadline already reached (or reached
 * while CCR0 was being written) sets CCIFG by hand, so it fires at once
 * instead of a period later. The compare handler checks the full 32-bit
 * deadline before it signals fired(), and wakes the CPU (msp430_isr.h)
 * only when it did.
 *
 * Resolution and accuracy: the clock ticks in whole milliseconds derived
 * from 30.5 us ticks; an alarm fires 0 to 0.34 ms after its millisecond
 * begins (ticks_of). Wrap-safe like every time_ms_t: a deadline is compared
 * with time_reached(), so it must lie within 2^31 ms of now.
 *
 * In mspdebug's simulator ACLK is MCLK / 256 (simio.c), so one simulated
 * millisecond is 32.768 * 256 = 8388.6 MCLK cycles (as if MCLK ran at
 * 8.39 MHz), a counter period is 16.8 M cycles, and a 1 s timer takes
 * roughly 0.3-0.4 s of wall-clock time at the simulator's speed. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "interfaces/alarm.h"
#include "lib/atomic.h"
#include "lib/time_ms.h"
#include "platforms/msp430/lib/msp430_isr.h"
#include "platforms/msp430/timer_a/msp430_alarm_ticks.h"

static struct {
    volatile time_ms_t base;     /* the time when TAR was last 0 */
    volatile time_ms_t deadline; /* t0 + dt of the armed alarm */
    volatile bool armed;
} msp430alarm;

void Msp430Alarm__init(void)
{
    MSP430_TACTL = MSP430_TACLR; /* stopped, counter cleared */
    MSP430_TACCTL0 = 0;
    MSP430_TACCTL1 = 0;
    MSP430_TACCTL2 = 0;
    msp430alarm.base = (time_ms_t)Msp430Alarm__start;
    MSP430_TACTL = MSP430_TASSEL_1 | MSP430_MC_2 | MSP430_TAIE; /* ACLK, continuous, overflow interrupt */
}

/* TAR, read until two reads agree (asynchronous clock). */
static uint16_t msp430alarm_tar(void)
{
    uint16_t a = MSP430_TAR;
    uint16_t b = MSP430_TAR;
    while (a != b) {
        a = b;
        b = MSP430_TAR;
    }
    return b;
}

/* The time, with the period's base and the counter value it came from,
 * counting an overflow not yet serviced. Interrupts must be disabled. */
static time_ms_t msp430alarm_read(time_ms_t *base_out, uint16_t *tar_out)
{
    uint16_t tar = msp430alarm_tar();
    time_ms_t base = msp430alarm.base;
    if (MSP430_TACTL & MSP430_TAIFG) {
        /* the overflow happened before this test, so a TAR read now is
         * certainly from the new period */
        base += MSP430ALARM_PERIOD_MS;
        tar = msp430alarm_tar();
    }
    *base_out = base;
    *tar_out = tar;
    return base + msp430alarm_ms_of(tar);
}

/* Program CCR0 for the armed deadline if it is due in the current period
 * (or already), else leave the compare interrupt off until an overflow
 * brings the deadline's period. Interrupts must be disabled. */
static void msp430alarm_arm(void)
{
    time_ms_t base;
    uint16_t before;
    time_ms_t now = msp430alarm_read(&base, &before);
    time_ms_t deadline = msp430alarm.deadline;
    if (!time_before(now, deadline)) {
        MSP430_TACCTL0 = MSP430_CCIE | MSP430_CCIFG; /* due: interrupt at once */
        return;
    }
    time_ms_t offset = deadline - base; /* > now - base: in this period or later */
    if (offset >= MSP430ALARM_PERIOD_MS) {
        MSP430_TACCTL0 = 0;
        return;
    }
    /* ms_of(before) = now - base < offset = ms_of(at), hence before < at */
    uint16_t at = msp430alarm_ticks_of((uint16_t)offset);
    MSP430_TACCR0 = at;
    MSP430_TACCTL0 = MSP430_CCIE;
    /* the counter may have reached `at` before CCR0 held it: no match then
     * (the differences are wrap-safe: far less than a period has passed) */
    uint16_t after = msp430alarm_tar();
    if ((uint16_t)(after - before) >= (uint16_t)(at - before))
        MSP430_TACCTL0 = MSP430_CCIE | MSP430_CCIFG;
}

time_ms_t Msp430Alarm__alarm__now(void)
{
    time_ms_t base;
    uint16_t tar;
    atomic_t a = atomic_begin();
    time_ms_t now = msp430alarm_read(&base, &tar);
    atomic_end(a);
    return now;
}

void Msp430Alarm__alarm__start_at(time_ms_t t0, time_ms_t dt)
{
    atomic_t a = atomic_begin();
    msp430alarm.deadline = t0 + dt;
    msp430alarm.armed = true;
    msp430alarm_arm();
    atomic_end(a);
}

void Msp430Alarm__alarm__stop(void)
{
    atomic_t a = atomic_begin();
    msp430alarm.armed = false;
    MSP430_TACCTL0 = 0; /* also drops a pending CCIFG */
    atomic_end(a);
}

/* TIMERA0: CCR0 matched, or arm() set the flag. CCIFG clears itself. */
static MSP430_ISR_HANDLER bool msp430alarm_compare_isr(void)
{
    time_ms_t base;
    uint16_t tar;
    if (!msp430alarm.armed || time_before(msp430alarm_read(&base, &tar), msp430alarm.deadline))
        return false; /* stopped meanwhile, or (defensively) early */
    msp430alarm.armed = false;
    MSP430_TACCTL0 = 0;
    Msp430Alarm__alarm__fired(); /* may call start_at() again */
    return true;
}

/* TIMERA1: the counter overflowed (TACCR1/2 interrupts are never enabled).
 * TAIFG is cleared by hand rather than by reading TAIV: mspdebug's TAIV
 * reads 0 while a CCR0 interrupt is pending, real hardware never does. */
static MSP430_ISR_HANDLER bool msp430alarm_overflow_isr(void)
{
    if (!(MSP430_TACTL & MSP430_TAIFG))
        return false;
    MSP430_TACTL &= ~MSP430_TAIFG;
    msp430alarm.base += MSP430ALARM_PERIOD_MS;
    if (msp430alarm.armed)
        msp430alarm_arm();
    return false; /* bookkeeping only: the CPU may sleep on */
}

MSP430_ISR(12, MSP430_TIMERA0_VECTOR, msp430alarm_compare_isr);
MSP430_ISR(10, MSP430_TIMERA1_VECTOR, msp430alarm_overflow_isr);
