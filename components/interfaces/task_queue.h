/* task_queue.h: the TaskQueue interface: TinyOS 2.x basic tasks. */
#ifndef IF_TASK_QUEUE_H
#define IF_TASK_QUEUE_H
#include "interfaces/types.h"

/** One deferred, run-to-completion procedure per client. The generator
 * wires every `task` of every component to the scheduler's parameterised
 * TaskQueue; components post through `Comp__post__NAME()`. */
struct TaskQueue_if {
    /** @command @async Queue the task: E_OK, or E_BUSY if it is already
     * queued and has not started (a no-op, so the queue cannot overflow).
     * Safe from interrupt context. */
    err_t (*post)(void);
    /** @event Run the task; called from the scheduler's loop. */
    void (*run)(void);
};
#endif
