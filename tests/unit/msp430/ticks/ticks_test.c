/* ticks_test.c: Msp430Alarm's tick/millisecond conversions
 * (platforms/msp430/timer_a/msp430_alarm_ticks.h), for every input, on the
 * host and in the simulator (where the 16-bit arithmetic is the real one).
 *
 * For every counter value T, ms_of(T) = floor(T * 1000 / 32768), computed
 * here by counting: the millisecond k begins at tick ceil(k * 32.768). For
 * every millisecond f of a period, ticks_of(f) is a tick that reads f, at
 * most 11 ticks after the millisecond began: an alarm never fires early and
 * fires in the millisecond it is due. */
#include <stdint.h>

#include "tests/unit/test_cmocka.h"

#include "platforms/msp430/timer_a/msp430_alarm_ticks.h"

/* The first tick of millisecond k (0..2000): ceil(k * 4096 / 125). */
static uint32_t tickstest_first_tick(uint32_t k)
{
    return (k * 4096u + 124u) / 125u;
}

static void test_ms_of_every_tick(void **state)
{
    (void)state;
    uint16_t ms = 0;
    uint32_t next = tickstest_first_tick(1);
    for (uint32_t t = 0; t < 65536u; t++) {
        if (t == next) {
            ms++;
            next = tickstest_first_tick(ms + 1u);
        }
        if (msp430alarm_ms_of((uint16_t)t) != ms)
            fail_msg("ms_of(%lu) = %u, want %u", (unsigned long)t, msp430alarm_ms_of((uint16_t)t), ms);
    }
    assert_int_equal(ms, MSP430ALARM_PERIOD_MS - 1);
}

static void test_ticks_of_every_millisecond(void **state)
{
    (void)state;
    uint16_t latest = 0;
    for (uint16_t f = 0; f < MSP430ALARM_PERIOD_MS; f++) {
        uint16_t t = msp430alarm_ticks_of(f);
        uint32_t first = tickstest_first_tick(f);
        if (t < first || t - first > 11u || msp430alarm_ms_of(t) != f)
            fail_msg("ticks_of(%u) = %u: millisecond %u begins at tick %lu", f, t, f, (unsigned long)first);
        if (t - first > latest)
            latest = (uint16_t)(t - first);
    }
    assert_int_equal(latest, 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ms_of_every_tick),
        cmocka_unit_test(test_ticks_of_every_millisecond),
    };
    return cmocka_run_group_tests_name("msp430_alarm_ticks", tests, NULL, NULL);
}
