/* task_loop.h: the TaskLoop interface: drives the scheduler. */
#ifndef IF_TASK_LOOP_H
#define IF_TASK_LOOP_H
#include "interfaces/types.h"

/** What a main loop (or a test) uses to run queued tasks. */
struct TaskLoop_if {
    /** @command Run the oldest queued task; false if none was queued. */
    bool (*run_next)(void);
    /** @command Run tasks until none is queued; returns how many ran. */
    uint16_t (*run_until_idle)(void);
    /** @command Run tasks and sleep while idle, until stop() is called. */
    void (*run_forever)(void);
    /** @command @async Make run_forever() return after the current task. */
    void (*stop)(void);
};
#endif
