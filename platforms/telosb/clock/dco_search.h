/* dco_search.h: TelosbClock's DCO calibration as a pure function of a
 * measurement, so that it is tested against a model of the DCO (on the
 * host and in the simulator, which has no clock module).
 *
 * A DCO setting is the 11-bit number RSEL:DCO:MOD, i.e.
 * ((BCSCTL1 & 7) << 8) | DCOCTL: RSEL (3 bits) picks one of eight
 * frequency ranges, DCO (3 bits) one of eight steps in the range, and MOD
 * (5 bits) mixes in the next step MOD times out of 32 (MSP430x1xx user's
 * guide, basic clock module). The frequency grows with the number (the
 * ranges overlap a little, which the search tolerates), so a binary search
 * from the top bit finds the largest setting whose measured count is at
 * most the target: 11 measurements, whatever the hardware does. TinyOS's
 * Msp430ClockP does the same. With DCO = 7, MOD has no effect (there is
 * no step 8 to mix in): MOD is then cleared, as TinyOS does.
 *
 * measure(setting) returns DCO cycles counted over one reference period
 * (TelosbClock: 8 ACLK cycles), or 0 if the reference never came (no
 * crystal): the search then stops at once. The result is ok when the final
 * count is within 1/32 (3.1 %) below the target: close enough for a UART
 * (whose tolerance is about 4 %), and what the modulation's resolution
 * allows everywhere in the usable ranges. */
#ifndef TELOSB_DCO_SEARCH_H
#define TELOSB_DCO_SEARCH_H
#include <stdbool.h>
#include <stdint.h>

enum {
    TELOSBCLOCK_SETTING_TOP = 0x400, /* the highest bit of RSEL:DCO:MOD */
    TELOSBCLOCK_DCO_BITS = 0x0E0,    /* DCO = 7 ... */
    TELOSBCLOCK_MOD_BITS = 0x01F     /* ... makes MOD useless */
};

typedef uint16_t (*telosbclock_measure_fn)(uint16_t setting);

struct telosbclock_result {
    uint16_t setting;     /* RSEL:DCO:MOD chosen (applied last) */
    uint16_t count;       /* its measurement, 0 if the reference failed */
    uint8_t measurements; /* at most 12: 11 steps and the final one */
    bool ok;              /* count is within 1/32 below the target */
};

static inline struct telosbclock_result telosbclock_search(uint16_t target, telosbclock_measure_fn measure)
{
    struct telosbclock_result r = {0, 0, 0, false};
    for (uint16_t step = TELOSBCLOCK_SETTING_TOP; step; step >>= 1) {
        uint16_t count = measure((uint16_t)(r.setting | step));
        r.measurements++;
        if (count == 0)
            return r; /* no reference: stop, not ok */
        if (count <= target)
            r.setting |= step;
    }
    if ((r.setting & TELOSBCLOCK_DCO_BITS) == TELOSBCLOCK_DCO_BITS)
        r.setting &= (uint16_t)~TELOSBCLOCK_MOD_BITS;
    r.count = measure(r.setting);
    r.measurements++;
    r.ok = r.count != 0 && r.count <= target && r.count >= target - target / 32u;
    return r;
}

#endif
