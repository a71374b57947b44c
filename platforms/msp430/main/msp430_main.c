/* msp430_main.c: Msp430Main, main() of an MSP430 image (TinyOS RealMainP).
 *
 * crt0 (platforms/msp430/crt0.S) has held the watchdog, set up the stack,
 * .data and .bss, and calls main() with interrupts disabled. main():
 *
 *   1. Msp430Clock.start(): the clock system first, since drivers' init
 *      functions compute divisors from it (TelosB: DCO calibration);
 *   2. wire_init(): every component's init, providers before users, still
 *      with interrupts off, so no handler runs on a half-initialised driver;
 *   3. enables interrupts and signals Boot.booted() to every user;
 *   4. runs the scheduler's run_forever(), which sleeps in McuSleep while
 *      idle, until TaskLoop.stop() is called;
 *   5. disables interrupts and returns 0: crt0 then parks the CPU at
 *      `done`, which simrun reports as a pass. A mote's application never
 *      stops the loop; a test in the simulator does, to end its run.
 *
 * The result of Msp430Clock.start() is not acted on here: an uncalibrated
 * DCO still runs the node (slower or faster), and the clock component
 * reports it through smclk_hz(). */
#include "interfaces/boot.h"
#include "interfaces/task_loop.h"
#include "platforms/msp430/interfaces/msp430_clock.h"

int main(void)
{
    (void)Msp430Main__clock__start();
    wire_init();
    __asm__ __volatile__("eint\n\tnop" : : : "memory");
    Msp430Main__boot__booted();
    Msp430Main__loop__run_forever();
    __asm__ __volatile__("dint\n\tnop" : : : "memory");
    return 0;
}
