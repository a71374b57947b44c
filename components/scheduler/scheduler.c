/* scheduler.c: the Scheduler, TinyOS 2.x SchedulerBasicP in C.
 *
 * Every `task` of every component is one client id of the parameterised
 * TaskQueue (the generator assigns 0..Scheduler__tasks__COUNT-1 and
 * dispatches Scheduler__tasks__run(id) to the task's function). The queue
 * is a FIFO threaded through one next-index per task, so a task is either
 * queued once or not at all: posting a queued task returns E_BUSY and
 * changes nothing, and the queue can never overflow (TEP 106: a shared
 * bounded queue once lost a sendDone on a Telos and stalled the node).
 *
 * Indices are stored biased by one so that SCHEDULER_NO_TASK is 0: the
 * all-zero .bss is already an empty queue, and a component's init may post
 * before anything else has run (no init of our own, no init-order edge).
 *
 * Concurrency: post() and stop() may run in interrupt context, everything
 * else in the loop; queue state is touched only inside atomic sections.
 * run_forever() checks for work and calls McuSleep.sleep() inside one
 * atomic section, so an interrupt that posts between the check and the
 * sleep cannot be lost: sleep() enables interrupts and sleeps as one step. */
#include "interfaces/task_loop.h"
#include "interfaces/task_queue.h"
#include "interfaces/mcu_sleep.h"
#include "lib/atomic.h"

enum {
    SCHEDULER_NO_TASK = 0,
    /* at least one slot, so that an application without tasks still compiles
     * (and loops and bounds use SLOTS: no always-false compare with 0) */
    SCHEDULER_SLOTS = Scheduler__tasks__COUNT > 0 ? Scheduler__tasks__COUNT : 1
};
_Static_assert(Scheduler__tasks__COUNT <= 254, "task ids are stored + 1 in a uint8_t");

static struct {
    volatile uint8_t head;                  /* first queued id + 1, or NO_TASK */
    volatile uint8_t tail;                  /* last queued id + 1, or NO_TASK */
    volatile uint8_t next[SCHEDULER_SLOTS]; /* id + 1 of the task after this one */
    volatile bool stopping;                 /* stop() asked run_forever() to return */
} scheduler;

/* Call inside an atomic section. */
static bool scheduler_is_queued(uint8_t slot)
{
    return scheduler.next[slot - 1] != SCHEDULER_NO_TASK || scheduler.tail == slot;
}

/* Take the oldest task off the queue: its id + 1, or NO_TASK. Call inside
 * an atomic section. */
static uint8_t scheduler_pop(void)
{
    uint8_t slot = scheduler.head;
    if (slot == SCHEDULER_NO_TASK)
        return SCHEDULER_NO_TASK;
    scheduler.head = scheduler.next[slot - 1];
    if (scheduler.head == SCHEDULER_NO_TASK)
        scheduler.tail = SCHEDULER_NO_TASK;
    scheduler.next[slot - 1] = SCHEDULER_NO_TASK;
    return slot;
}

err_t Scheduler__tasks__post(wire_id_t id)
{
    if (id >= SCHEDULER_SLOTS)
        return E_INVAL; /* cannot happen through the generated glue */
    uint8_t slot = (uint8_t)(id + 1);
    err_t result = E_BUSY;
    atomic_t a = atomic_begin();
    if (!scheduler_is_queued(slot)) {
        if (scheduler.tail == SCHEDULER_NO_TASK)
            scheduler.head = slot;
        else
            scheduler.next[scheduler.tail - 1] = slot;
        scheduler.tail = slot;
        result = E_OK;
    }
    atomic_end(a);
    return result;
}

bool Scheduler__loop__run_next(void)
{
    atomic_t a = atomic_begin();
    uint8_t slot = scheduler_pop();
    atomic_end(a);
    if (slot == SCHEDULER_NO_TASK)
        return false;
    /* outside the atomic section: the task may be posted again while it runs */
    Scheduler__tasks__run((wire_id_t)(slot - 1));
    return true;
}

uint16_t Scheduler__loop__run_until_idle(void)
{
    uint16_t ran = 0;
    while (Scheduler__loop__run_next()) {
        if (ran != UINT16_MAX)
            ran++; /* saturates: a task that keeps re-posting itself never returns anyway */
    }
    return ran;
}

void Scheduler__loop__run_forever(void)
{
    for (;;) {
        uint8_t slot = SCHEDULER_NO_TASK;
        atomic_t a = atomic_begin();
        while (!scheduler.stopping) {
            slot = scheduler_pop();
            if (slot != SCHEDULER_NO_TASK)
                break;
            Scheduler__sleep__sleep(); /* returns with the section still in force */
        }
        atomic_end(a);
        if (slot == SCHEDULER_NO_TASK) {
            /* consumed on the way out, not on the way in: a stop() that
             * came before run_forever() (e.g. during boot) still counts */
            scheduler.stopping = false;
            return;
        }
        Scheduler__tasks__run((wire_id_t)(slot - 1));
    }
}

void Scheduler__loop__stop(void)
{
    scheduler.stopping = true;
}
