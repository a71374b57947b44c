/* clock.c: the Clock, virtual timers over one Alarm (TinyOS's
 * VirtualizeTimerC over an AlarmMilli32).
 *
 * Each client id of Timer[] has one timer: a start instant t0 and a delay
 * dt, so its deadline is t0 + dt, compared wrap-safely with the alarm's
 * 32-bit now (lib/time_ms.h). The Alarm is always programmed for the
 * earliest deadline of all running timers. Its fired() event may come in
 * interrupt context, so it only posts the `fire` task; the task signals
 * `fired` for every due timer in id order (several at one instant are all
 * fired in the same pass), restarts periodic ones from their previous
 * deadline (t0 += dt: no drift, however late the task ran; a period missed
 * entirely is fired late rather than skipped), then reprograms the alarm.
 *
 * A `fired` handler may stop, start or restart any timer, its own included.
 * A timer (re)started during a pass waits for the next pass even if it is
 * already due (e.g. dt = 0), so a handler that restarts timers cannot keep
 * one pass going; reprogramming is deferred to the end of the pass.
 *
 * Limits: a delay or period must be below 2^31 ms (24.8 days); larger
 * values are clamped to that. A period of 0 is treated as 1 ms, so a
 * periodic timer cannot starve the task queue. All state is touched from
 * tasks only (Timer's commands and events are not @async): no atomics. */
#include "interfaces/alarm.h"
#include "interfaces/timer.h"
#include "lib/time_ms.h"

enum {
    CLOCK_RUNNING = 0x01,
    CLOCK_PERIODIC = 0x02,
    CLOCK_NEW = 0x04, /* started during the current pass: not due in it */
    /* at least one slot, so that a wiring without timer users still compiles
     * (loops and bounds use SLOTS; slot 0 then never runs) */
    CLOCK_SLOTS = Clock__timer__COUNT > 0 ? Clock__timer__COUNT : 1
};

_Static_assert(Clock__timer__COUNT <= 255, "timer ids are walked with a uint8_t");

struct clock_timer {
    time_ms_t t0;  /* start of the current period */
    time_ms_t dt;  /* delay from t0 to the deadline */
    uint8_t flags; /* CLOCK_RUNNING | CLOCK_PERIODIC | CLOCK_NEW */
};

static struct {
    struct clock_timer timer[CLOCK_SLOTS];
    bool in_pass; /* the fire task is signalling: reprogram at its end */
} clock_state;    /* not "clock": <time.h> has clock() */

/* Program the alarm for the earliest deadline, or stop it if no timer runs.
 * Deadlines are compared as distances from one reference instant, `now`;
 * an overdue one counts as distance 0 and the alarm fires at once. */
static void clock_program(time_ms_t now)
{
    bool any = false;
    time_ms_t soonest = 0;
    for (uint8_t id = 0; id < CLOCK_SLOTS; id++) {
        const struct clock_timer *t = &clock_state.timer[id];
        if (!(t->flags & CLOCK_RUNNING))
            continue;
        time_ms_t deadline = (time_ms_t)(t->t0 + t->dt);
        time_ms_t left = time_before(now, deadline) ? (time_ms_t)(deadline - now) : 0;
        if (!any || left < soonest)
            soonest = left;
        any = true;
    }
    if (any)
        Clock__alarm__start_at(now, soonest);
    else
        Clock__alarm__stop();
}

static void clock_changed(void)
{
    if (!clock_state.in_pass)
        clock_program(Clock__alarm__now());
}

static time_ms_t clock_clamp(time_ms_t dt)
{
    return dt > TIME_MS_HORIZON ? TIME_MS_HORIZON : dt;
}

static void clock_start(wire_id_t id, time_ms_t t0, time_ms_t dt, uint8_t flags)
{
    if (id >= CLOCK_SLOTS)
        return; /* cannot happen through the generated glue */
    struct clock_timer *t = &clock_state.timer[id];
    t->t0 = t0;
    t->dt = clock_clamp(dt);
    t->flags = (uint8_t)(CLOCK_RUNNING | flags | (clock_state.in_pass ? CLOCK_NEW : 0));
    clock_changed();
}

/* ---- Timer commands ----------------------------------------------------- */

void Clock__timer__start_one_shot(wire_id_t id, time_ms_t dt)
{
    clock_start(id, Clock__alarm__now(), dt, 0);
}

void Clock__timer__start_periodic(wire_id_t id, time_ms_t period)
{
    clock_start(id, Clock__alarm__now(), period ? period : 1, CLOCK_PERIODIC);
}

void Clock__timer__start_one_shot_at(wire_id_t id, time_ms_t t0, time_ms_t dt)
{
    clock_start(id, t0, dt, 0);
}

void Clock__timer__stop(wire_id_t id)
{
    if (id >= CLOCK_SLOTS)
        return;
    clock_state.timer[id].flags = 0;
    clock_changed();
}

bool Clock__timer__is_running(wire_id_t id)
{
    return id < CLOCK_SLOTS && (clock_state.timer[id].flags & CLOCK_RUNNING);
}

time_ms_t Clock__timer__now(wire_id_t id)
{
    (void)id;
    return Clock__alarm__now();
}

/* ---- the alarm and the fire task ---------------------------------------- */

/* @async: may run in an interrupt. Posting twice is harmless (E_BUSY). */
void Clock__alarm__fired(void)
{
    (void)Clock__post__fire();
}

/* True if timer id is due at now; updates it as if it had fired. */
static bool clock_expire(struct clock_timer *t, time_ms_t now)
{
    if ((t->flags & (CLOCK_RUNNING | CLOCK_NEW)) != CLOCK_RUNNING || !time_reached(now, t->t0, t->dt))
        return false;
    if (t->flags & CLOCK_PERIODIC)
        t->t0 += t->dt; /* from the deadline, not from now: no drift */
    else
        t->flags = 0;
    return true;
}

void Clock__task__fire(void)
{
    time_ms_t now = Clock__alarm__now();
    clock_state.in_pass = true;
    for (uint8_t id = 0; id < CLOCK_SLOTS; id++) {
        if (clock_expire(&clock_state.timer[id], now))
            Clock__timer__fired(id);
    }
    clock_state.in_pass = false;
    for (uint8_t id = 0; id < CLOCK_SLOTS; id++)
        clock_state.timer[id].flags &= (uint8_t)~CLOCK_NEW;
    clock_program(now);
}
