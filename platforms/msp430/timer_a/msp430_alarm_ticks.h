/* msp430_alarm_ticks.h: Msp430Alarm's conversions between Timer_A ticks of
 * the 32768 Hz ACLK and milliseconds within one counter period.
 *
 * One period of the 16-bit counter is 65536 / 32768 s = 2000 ms exactly, so
 * the time is (milliseconds at the last overflow) + ms_of(TAR), and the
 * only conversions needed are within one period, in 16/32-bit arithmetic
 * with no division:
 *
 *   ms_of(T)    = floor(T * 1000 / 32768) = (T * 125) >> 12     T in 0..65535
 *   ticks_of(f) = 33 f - floor(29 f / 128)                       f in 0..1999
 *
 * ticks_of(f) is at least f * 32.768 (the exact instant the clock reads f)
 * and at most 11 ticks (0.34 ms) later, so ms_of(ticks_of(f)) == f: an
 * alarm programmed with it fires in the millisecond it is due, never
 * before. 33 f overflows 16 bits for f > 1985 but the result (at most
 * 65515) does not, so modular uint16_t arithmetic is exact. Both facts are
 * checked for every f by tests/unit/msp430/ticks (on the host and in the
 * simulator). Header-only and free of hardware access for that reason. */
#ifndef MSP430_ALARM_TICKS_H
#define MSP430_ALARM_TICKS_H
#include <stdint.h>

enum {
    MSP430ALARM_PERIOD_MS = 2000 /* one period of the 16-bit counter at 32768 Hz */
};

/* Milliseconds since the period began, for counter value ticks: 0..1999. */
static inline uint16_t msp430alarm_ms_of(uint16_t ticks)
{
    return (uint16_t)(((uint32_t)ticks * 125u) >> 12);
}

/* The first counter value (to 11 ticks) at which the period's clock reads
 * ms (0..1999). */
static inline uint16_t msp430alarm_ticks_of(uint16_t ms)
{
    return (uint16_t)((uint16_t)(33u * ms) - (uint16_t)((uint16_t)(29u * ms) >> 7));
}

#endif
