/* mcu_sleep.h: the McuSleep interface: the platform's idle path. */
#ifndef IF_MCU_SLEEP_H
#define IF_MCU_SLEEP_H
#include "interfaces/types.h"

/** How the scheduler waits for work without losing a wake-up. */
struct McuSleep_if {
    /** @command Called inside an atomic section after the scheduler saw an
     * empty queue. Must enable interrupts and sleep as one step (MSP430:
     * `bis #GIE|LPMx, SR`; posix: poll() until the next deadline or fd
     * event, dispatching what arrived), and return with the atomic section
     * still in force, so no event is lost between the check and the sleep. */
    void (*sleep)(void);
};
#endif
