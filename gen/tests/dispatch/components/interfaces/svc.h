/* svc.h: dispatch test, every kind of member. */
#ifndef FX_SVC_H
#define FX_SVC_H
#include "interfaces/types.h"
/** A service with every kind of member. */
struct Svc_if {
    /** @command A void command. */
    void (*ping)(uint8_t tag);
    /** @command A command with a value. */
    uint16_t (*get)(uint8_t tag);
    /** @event A void event. */
    void (*pong)(uint8_t tag);
    /** @event An event with a value. */
    uint16_t (*ask)(uint8_t tag);
};
#endif
