/* blink.c: Blink, a 3-bit counter on the LEDs (red = bit 0, green = 1,
 * blue = 2), one step every period_ms from boot on a periodic timer.
 * wiring/blink.wire; on MSP430 its image is the measure of the runtime's
 * size (crt0, helpers, Scheduler, Clock, Alarm, sleep, LEDs). */
#include "interfaces/boot.h"
#include "interfaces/leds.h"
#include "interfaces/timer.h"

static uint8_t blink_count;

void Blink__boot__booted(void)
{
    Blink__timer__start_periodic(Blink__period_ms);
}

void Blink__timer__fired(void)
{
    blink_count++;
    Blink__leds__set(blink_count & (LED_RED | LED_GREEN | LED_BLUE));
}
