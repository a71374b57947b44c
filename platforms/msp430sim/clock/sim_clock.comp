# sim_clock.comp: Msp430Clock in mspdebug's simulator, which has no clock
# module: nothing to start, SMCLK reported as what ACLK = MCLK / 256 implies
component SimClock
provides Msp430Clock as clock
sources sim_clock.c
platforms msp430sim
