/* msp430_clock.h: the Msp430Clock interface: the MSP430's clock system,
 * brought up by Msp430Main before any component's init. */
#ifndef IF_MSP430_CLOCK_H
#define IF_MSP430_CLOCK_H
#include "interfaces/types.h"

/** The basic clock module: MCLK and SMCLK from the DCO, ACLK from the
 * 32768 Hz crystal. Commands only (no events), so any number of
 * components may read it. */
struct Msp430Clock_if {
    /** @command Start the clocks (TelosB: calibrate the DCO against the
     * crystal). Called once, first thing in main(), interrupts off; must be
     * bounded in time even if the crystal does not run. E_OK, or E_FAIL if
     * the DCO could not be calibrated (it then runs at a safe default). */
    err_t (*start)(void);
    /** @command SMCLK in Hz as start() left it: measured against ACLK
     * (TelosB), or what the simulator's clocks imply; 0 if unknown (the
     * calibration failed). */
    uint32_t (*smclk_hz)(void);
};
#endif
