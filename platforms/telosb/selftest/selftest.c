/* selftest.c: Selftest, the TelosB's bring-up firmware (wiring/selftest.wire).
 *
 * At boot it logs SMCLK as TelosbClock measured it (0: the DCO could not
 * be calibrated, so the serial port is unreadable, but the LEDs still
 * tell). Then it lights red, green, blue, all three, none, 250 ms apart,
 * on one-shot timers started at the previous deadline (so the steps do not
 * drift), and checks at each step that the timer fired within a
 * millisecond of its deadline and that Leds.get() reads back what was set.
 * It logs "selftest: PASS" or "selftest: FAIL <n>" and runs on: the green
 * LED toggles every heartbeat_ms with a log line "beat <n> at <ms>". With
 * rounds > 0 it calls Process.exit(0 if it passed, else 1) after that many
 * heartbeats, which ends a simulator run with the verdict (tests/wirings/
 * msp430_selftest.wire); a mote keeps rounds = 0. */
#include "interfaces/boot.h"
#include "interfaces/leds.h"
#include "interfaces/log.h"
#include "interfaces/process.h"
#include "interfaces/timer.h"
#include "lib/time_ms.h"
#include "platforms/msp430/interfaces/msp430_clock.h"

enum { SELFTEST_STEP_MS = 250, SELFTEST_STEPS = 5 };

static const uint8_t selftest_walk[SELFTEST_STEPS] = {LED_RED, LED_GREEN, LED_BLUE,
                                                      LED_RED | LED_GREEN | LED_BLUE, 0};

static struct {
    time_ms_t deadline; /* of the running one-shot */
    uint16_t beats;
    uint8_t step; /* LED walk steps done */
    uint8_t failures;
} selftest;

/* "selftest: <text>[<value>]" */
static void selftest_line(uint8_t level, const char *text, bool with_value, uint32_t value)
{
    if (Selftest__log__begin(level, "selftest")) {
        Selftest__log__str(text);
        if (with_value)
            Selftest__log__u32(value);
        Selftest__log__end();
    }
}

static void selftest_check(bool ok, const char *what, uint32_t value)
{
    if (ok)
        return;
    selftest.failures++;
    selftest_line(LOG_ERROR, what, true, value);
}

void Selftest__boot__booted(void)
{
    selftest_line(LOG_INFO, "boot, SMCLK Hz ", true, Selftest__clock__smclk_hz());
    selftest.deadline = Selftest__timer__now() + SELFTEST_STEP_MS;
    Selftest__timer__start_one_shot_at(selftest.deadline - SELFTEST_STEP_MS, SELFTEST_STEP_MS);
}

static void selftest_step(time_ms_t now)
{
    uint8_t mask = selftest_walk[selftest.step++];
    selftest_check(time_elapsed(now, selftest.deadline) <= 1, "timer late by ms ", now - selftest.deadline);
    Selftest__leds__set(mask);
    selftest_check(Selftest__leds__get() == mask, "leds read back ", Selftest__leds__get());
    if (selftest.step < SELFTEST_STEPS) {
        Selftest__timer__start_one_shot_at(selftest.deadline, SELFTEST_STEP_MS);
        selftest.deadline += SELFTEST_STEP_MS;
        return;
    }
    if (selftest.failures)
        selftest_line(LOG_ERROR, "FAIL ", true, selftest.failures);
    else
        selftest_line(LOG_INFO, "PASS", false, 0);
    Selftest__timer__start_periodic(Selftest__heartbeat_ms);
}

void Selftest__timer__fired(void)
{
    time_ms_t now = Selftest__timer__now();
    if (selftest.step < SELFTEST_STEPS) {
        selftest_step(now);
        return;
    }
    Selftest__leds__toggle(LED_GREEN);
    selftest.beats++;
    if (Selftest__log__begin(LOG_INFO, "selftest")) {
        Selftest__log__str("beat ");
        Selftest__log__u32(selftest.beats);
        Selftest__log__str(" at ");
        Selftest__log__u32(now);
        Selftest__log__end();
    }
    if (Selftest__rounds && selftest.beats == Selftest__rounds)
        Selftest__process__exit(selftest.failures ? 1 : 0);
}
