/* noleds.c: NoLeds, a Leds provider with no LEDs: set and toggle do
 * nothing and get() reports all LEDs off. Platform-neutral. */
#include "interfaces/leds.h"

void NoLeds__leds__set(uint8_t mask)
{
    (void)mask;
}

void NoLeds__leds__toggle(uint8_t mask)
{
    (void)mask;
}

uint8_t NoLeds__leds__get(void)
{
    return 0;
}
