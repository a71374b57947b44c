/* leds.h: the Leds interface: up to eight indicator LEDs as a bit mask. */
#ifndef IF_LEDS_H
#define IF_LEDS_H
#include "interfaces/types.h"

enum { LED_RED = 0x01, LED_GREEN = 0x02, LED_BLUE = 0x04 };

/** Indicator LEDs; bit i of a mask is LED i (1 = lit). */
struct Leds_if {
    /** @command Light exactly the LEDs in mask. */
    void (*set)(uint8_t mask);
    /** @command Toggle the LEDs in mask. */
    void (*toggle)(uint8_t mask);
    /** @command The mask of lit LEDs. */
    uint8_t (*get)(void);
};
#endif
