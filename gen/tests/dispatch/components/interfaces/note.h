/* note.h: dispatch test, an event for many listeners. */
#ifndef FX_NOTE_H
#define FX_NOTE_H
#include "interfaces/types.h"
/** Heard by every user. @fanout */
struct Note_if {
    /** @event Something happened. */
    void (*heard)(uint8_t tag);
};
#endif
