/* msp430_main.c: Msp430Main, main() of an MSP430 image (TinyOS RealMainP).
 *
 * crt0 (platforms/msp430/crt0.S) has held the watchdog, set up the stack,
 * .data and .bss, and calls main() with interrupts disabled. main():
 *
 *   1. Msp430Clock.start(): the clock system first, since drivers' init
 *      functions depend on it (TelosB: DCO calibration for the UART);
 *   2. wire_init(): every component's init, providers before users, still
 *      with interrupts off, so no handler runs on a half-initialised driver;
 *   3. enables interrupts and signals Boot.booted() to every user;
 *   4. runs the scheduler's run_forever(), which sleeps in McuSleep while
 *      idle, until something stops it;
 *   5. disables interrupts and returns the exit status: crt0 then parks the
 *      CPU at `done`, which simrun reports as a pass for 0 and a failure
 *      for anything else. A mote's application never stops; an image run
 *      in the simulator does, to end its run with a verdict.
 *
 * Process (as on posix): exit(status) stops the loop after the current
 * task and makes main() return status (the first request wins); a plain
 * TaskLoop.stop() returns 0. There is no command line: argc() is 0 and
 * arg() NULL. The result of Msp430Clock.start() is not acted on here: an
 * uncalibrated DCO still runs the node, and the clock component reports it
 * through smclk_hz(). */
#include "interfaces/boot.h"
#include "interfaces/process.h"
#include "interfaces/task_loop.h"
#include "platforms/msp430/interfaces/msp430_clock.h"

static struct {
    int status;
    bool exiting;
} msp430main;

int Msp430Main__process__argc(void)
{
    return 0;
}

const char *Msp430Main__process__arg(int i)
{
    (void)i;
    return NULL;
}

void Msp430Main__process__exit(int status)
{
    if (msp430main.exiting)
        return;
    msp430main.exiting = true;
    msp430main.status = status;
    Msp430Main__loop__stop();
}

int main(void)
{
    (void)Msp430Main__clock__start();
    wire_init();
    __asm__ __volatile__("eint\n\tnop" : : : "memory");
    Msp430Main__boot__booted();
    Msp430Main__loop__run_forever();
    __asm__ __volatile__("dint\n\tnop" : : : "memory");
    return msp430main.status;
}
