/* msp430_sleep.c: Msp430Sleep, McuSleep on the MSP430.
 *
 * The Scheduler calls sleep() inside an atomic section (interrupts off)
 * after it found its queue empty. One instruction, `bis #GIE|LPMx, SR`,
 * enables interrupts and stops the CPU, so an interrupt that was already
 * pending, or comes at any later moment, is taken with the CPU asleep and
 * wakes it: none can slip in between "queue empty" and "sleep" and be
 * lost. A handler that posted work clears the LPM bits in the SR saved on
 * its stack (msp430_isr.h), so `reti` resumes here with the CPU running;
 * `dint` then restores the atomic section the contract says sleep()
 * returns in, and the scheduler looks at its queue again. (An interrupt
 * that posted nothing leaves the bits, and the CPU sleeps on after it.)
 *
 * Low-power mode (parameter lpm, default 3):
 *   0  CPUOFF: MCLK off; SMCLK, ACLK and the DCO run
 *   1  + SCG0: DCO off unless SMCLK uses it
 *   2  + SCG1: SMCLK off
 *   3  + SCG0 + SCG1: only ACLK runs (Timer_A, hence Msp430Alarm, keeps time)
 * LPM4 also stops ACLK, so no timer could wake the node: not offered. A
 * driver that needs SMCLK while the node idles (a UART sending from an
 * interrupt, say) needs lpm = 0 or 1 until the platform has a power
 * arbiter. In mspdebug's simulator LPM3 behaves: MCLK and SMCLK stop, ACLK
 * (MCLK / 256 of the simulated cycles) keeps Timer_A counting. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "interfaces/mcu_sleep.h"

enum {
    MSP430SLEEP_BITS = Msp430Sleep__lpm == 0   ? MSP430_LPM0_BITS
                       : Msp430Sleep__lpm == 1 ? MSP430_LPM1_BITS
                       : Msp430Sleep__lpm == 2 ? MSP430_LPM2_BITS
                                               : MSP430_LPM3_BITS
};

void Msp430Sleep__sleep__sleep(void)
{
    /* the nop after bis is where a waking reti returns to; dint takes
     * effect one instruction late, hence the nop after it */
    __asm__ __volatile__("bis %0, r2\n\t"
                         "nop\n\t"
                         "dint\n\t"
                         "nop"
                         :
                         : "i"(MSP430_GIE | MSP430SLEEP_BITS)
                         : "memory");
}
