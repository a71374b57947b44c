/* boot.h: the Boot interface: tells every user that the system is up. */
#ifndef IF_BOOT_H
#define IF_BOOT_H
#include "interfaces/types.h"

/** Signalled once, after every component's init ran and before the first
 * task. @fanout: every component wired to it hears it, in init order. */
struct Boot_if {
    /** @event The system is initialised; start your work here. */
    void (*booted)(void);
};
#endif
