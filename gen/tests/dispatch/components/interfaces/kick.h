/* kick.h: dispatch test, makes a component do its calls. */
#ifndef FX_KICK_H
#define FX_KICK_H
#include "interfaces/types.h"
/** Test hooks. */
struct Kick_if {
    /** @command Make the component do its calls. */
    void (*go)(uint8_t arg);
};
#endif
