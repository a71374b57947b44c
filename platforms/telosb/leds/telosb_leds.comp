# telosb_leds.comp: the TelosB's three LEDs on P5.4 (red), P5.5 (green),
# P5.6 (blue), active low. Also used in the simulator, where port 5 is
# plain memory (no gpio device): get() then reads back what set() wrote
component TelosbLeds
provides Leds as leds
init
sources telosb_leds.c
platforms telosb msp430sim
