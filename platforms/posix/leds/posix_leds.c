/* posix_leds.c: PosixLeds, the posix Leds provider. There are no LEDs on a
 * host, so it keeps the mask and logs each change at LOG_INFO as
 * "leds: 0x05 [R.B]" (red, green, blue; '.' is off), plus the hex mask for
 * LEDs beyond the three a TelosB has. Setting the current mask logs nothing. */
#include "interfaces/leds.h"
#include "interfaces/log.h"

static uint8_t posixleds_mask;

static void posixleds_show(uint8_t mask)
{
    static const char hex[] = "0123456789abcdef";
    char text[] = "0x00 [...]";
    text[2] = hex[mask >> 4];
    text[3] = hex[mask & 0x0f];
    text[6] = (mask & LED_RED) ? 'R' : '.';
    text[7] = (mask & LED_GREEN) ? 'G' : '.';
    text[8] = (mask & LED_BLUE) ? 'B' : '.';
    if (PosixLeds__log__begin(LOG_INFO, "leds")) {
        PosixLeds__log__str(text);
        PosixLeds__log__end();
    }
}

void PosixLeds__leds__set(uint8_t mask)
{
    if (mask == posixleds_mask)
        return;
    posixleds_mask = mask;
    posixleds_show(mask);
}

void PosixLeds__leds__toggle(uint8_t mask)
{
    PosixLeds__leds__set((uint8_t)(posixleds_mask ^ mask));
}

uint8_t PosixLeds__leds__get(void)
{
    return posixleds_mask;
}
