# telosb_clock.comp: the TelosB's clocks: ACLK from the 32768 Hz crystal,
# MCLK = SMCLK from the DCO, calibrated against the crystal at boot to
# 4 MiHz (4194304 Hz). Uses Timer_A only during start(), before any init
component TelosbClock
provides Msp430Clock as clock
sources telosb_clock.c
platforms telosb msp430sim         # msp430sim: only to test that a missing reference ends the calibration
