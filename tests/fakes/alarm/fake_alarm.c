/* fake_alarm.c: FakeAlarm, an Alarm whose clock only moves in
 * FakeTime.step(), so timer tests are exact and instant.
 *
 * The true time is `t` (32 bits). With counter16 the fake also plays the
 * MSP430 driver it stands in for: a 16-bit counter (the low half of t), a
 * compare register holding only the deadline's low 16 bits, an overflow
 * flag, and a software high word that only the overflow "interrupt"
 * increments. now() is then computed the way the driver must: high word
 * and counter, plus one if an overflow is pending but not yet serviced.
 * The compare "interrupt" matches once per counter period and fires only
 * when the full 32-bit deadline is reached. When a compare match and the
 * overflow happen at the same instant, the compare is serviced first (on
 * Timer_A, CCR0 has priority over TAIV), while the overflow is pending:
 * exactly the case where a driver that forgets the pending flag reads a
 * time 65536 ms early. Timer tests pass in both models. */
#include "interfaces/alarm.h"
#include "tests/fakes/interfaces/fake_time.h"
#include "lib/time_ms.h"

static struct {
    time_ms_t t;      /* the true time */
    bool armed;       /* start_at() was called and has not fired */
    bool asap;        /* armed for an instant already passed */
    time_ms_t t0, dt; /* the armed deadline is t0 + dt */
    uint32_t fired;   /* fired() signals */
    /* 16-bit model */
    uint16_t high;      /* software extension of the counter */
    bool ovf_pending;   /* the counter wrapped, the overflow ISR has not run */
    uint16_t ccr;       /* compare register: the deadline's low 16 bits */
    uint32_t overflows; /* overflow ISRs run */
    bool booted;        /* t set from the `start` parameter */
} fakealarm;

static void fakealarm_boot(void)
{
    if (fakealarm.booted)
        return;
    fakealarm.booted = true;
    fakealarm.t = (time_ms_t)FakeAlarm__start;
    fakealarm.high = (uint16_t)(fakealarm.t >> 16);
}

static uint16_t fakealarm_counter(void)
{
    return (uint16_t)fakealarm.t;
}

/* ---- Alarm -------------------------------------------------------------- */

time_ms_t FakeAlarm__alarm__now(void)
{
    fakealarm_boot();
    if (!FakeAlarm__counter16)
        return fakealarm.t;
    uint16_t high = fakealarm.high;
    if (fakealarm.ovf_pending)
        high++; /* wrapped, not yet counted: the counter is already low */
    return ((time_ms_t)high << 16) | fakealarm_counter();
}

void FakeAlarm__alarm__start_at(time_ms_t t0, time_ms_t dt)
{
    time_ms_t now = FakeAlarm__alarm__now();
    fakealarm.t0 = t0;
    fakealarm.dt = dt;
    fakealarm.armed = true;
    /* a deadline at or before now cannot be matched by the counter any
     * more: a real driver sets the interrupt flag by hand */
    fakealarm.asap = time_reached(now, t0, dt);
    fakealarm.ccr = (uint16_t)(t0 + dt);
}

void FakeAlarm__alarm__stop(void)
{
    fakealarm.armed = false;
    fakealarm.asap = false;
}

static void fakealarm_fire(void)
{
    fakealarm.armed = false;
    fakealarm.asap = false;
    fakealarm.fired++;
    FakeAlarm__alarm__fired();
}

static void fakealarm_overflow_isr(void)
{
    fakealarm.high++;
    fakealarm.ovf_pending = false;
    fakealarm.overflows++;
}

/* ---- FakeTime ----------------------------------------------------------- */

void FakeAlarm__time__set(wire_id_t id, time_ms_t now)
{
    (void)id;
    fakealarm_boot();
    fakealarm.t = now;
    fakealarm.high = (uint16_t)(now >> 16);
    fakealarm.ovf_pending = false;
    if (fakealarm.armed)
        fakealarm.asap = time_reached(now, fakealarm.t0, fakealarm.dt);
}

/* Milliseconds from t to the next compare match: 1..65536 with the
 * counter model (a match only happens when the counter changes to ccr),
 * the exact distance to the deadline without it. */
static time_ms_t fakealarm_to_compare(void)
{
    if (!FakeAlarm__counter16)
        return (time_ms_t)(fakealarm.t0 + fakealarm.dt - fakealarm.t);
    uint16_t d = (uint16_t)(fakealarm.ccr - fakealarm_counter());
    return d ? d : UINT32_C(0x10000);
}

bool FakeAlarm__time__step(wire_id_t id, time_ms_t max_dt)
{
    (void)id;
    fakealarm_boot();
    if (fakealarm.armed && fakealarm.asap) {
        fakealarm_fire();
        return true;
    }
    time_ms_t left = max_dt;
    for (;;) {
        time_ms_t to_ovf = FakeAlarm__counter16 ? UINT32_C(0x10000) - fakealarm_counter() : UINT32_MAX;
        time_ms_t to_cmp = fakealarm.armed ? fakealarm_to_compare() : UINT32_MAX;
        time_ms_t d = to_cmp < to_ovf ? to_cmp : to_ovf;
        if (d > left) {
            fakealarm.t += left;
            return false;
        }
        fakealarm.t += d;
        left -= d;
        if (FakeAlarm__counter16 && fakealarm_counter() == 0)
            fakealarm.ovf_pending = true;
        bool fired = false;
        /* the compare ISR, first: it may see the overflow still pending */
        if (fakealarm.armed && d == to_cmp &&
            time_reached(FakeAlarm__alarm__now(), fakealarm.t0, fakealarm.dt)) {
            fakealarm_fire();
            fired = true;
        }
        if (fakealarm.ovf_pending)
            fakealarm_overflow_isr();
        if (fired)
            return true;
    }
}

bool FakeAlarm__time__pending(wire_id_t id)
{
    (void)id;
    return fakealarm.armed;
}

time_ms_t FakeAlarm__time__deadline(wire_id_t id)
{
    (void)id;
    return (time_ms_t)(fakealarm.t0 + fakealarm.dt);
}

uint32_t FakeAlarm__time__fired_count(wire_id_t id)
{
    (void)id;
    return fakealarm.fired;
}

bool FakeAlarm__time__counter16(wire_id_t id)
{
    (void)id;
    return FakeAlarm__counter16;
}

uint32_t FakeAlarm__time__overflows(wire_id_t id)
{
    (void)id;
    return fakealarm.overflows;
}
