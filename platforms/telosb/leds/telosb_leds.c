/* telosb_leds.c: TelosbLeds, the Leds of a TelosB (Tmote Sky).
 *
 * LED_RED, LED_GREEN and LED_BLUE (interfaces/leds.h, bits 0-2) are P5.4,
 * P5.5 and P5.6, each lit when its pin is driven low (tinyos-main
 * tos/platforms/telosb/hardware.h; contiki platform/sky). Mask bits 3-7
 * have no LED and are ignored: get() never reports them. init() makes the
 * three pins outputs, all LEDs off. P5OUT is read-modify-written inside an
 * atomic section, so the other port 5 pins keep their values even if an
 * interrupt handler drives one of them.
 *
 * In mspdebug's simulator there is no port 5 device: the registers are
 * plain memory, so get() returns what set() and toggle() wrote, which is
 * all a test can observe. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "interfaces/leds.h"
#include "lib/atomic.h"

enum {
    TELOSBLEDS_SHIFT = 4,
    TELOSBLEDS_PINS = (LED_RED | LED_GREEN | LED_BLUE) << TELOSBLEDS_SHIFT /* 0x70 */
};

void TelosbLeds__init(void)
{
    atomic_t a = atomic_begin();
    MSP430_P5OUT |= TELOSBLEDS_PINS; /* high: off */
    MSP430_P5DIR |= TELOSBLEDS_PINS;
    atomic_end(a);
}

void TelosbLeds__leds__set(uint8_t mask)
{
    uint8_t low = (uint8_t)(~(mask << TELOSBLEDS_SHIFT) & TELOSBLEDS_PINS);
    atomic_t a = atomic_begin();
    MSP430_P5OUT = (uint8_t)((MSP430_P5OUT & ~TELOSBLEDS_PINS) | low);
    atomic_end(a);
}

void TelosbLeds__leds__toggle(uint8_t mask)
{
    atomic_t a = atomic_begin();
    MSP430_P5OUT ^= (uint8_t)((mask << TELOSBLEDS_SHIFT) & TELOSBLEDS_PINS);
    atomic_end(a);
}

uint8_t TelosbLeds__leds__get(void)
{
    return (uint8_t)((~MSP430_P5OUT & TELOSBLEDS_PINS) >> TELOSBLEDS_SHIFT);
}
