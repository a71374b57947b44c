/* dco_search_test.c: TelosbClock's DCO calibration search
 * (platforms/telosb/clock/dco_search.h) against a model of the MSP430F1611
 * DCO, on the host and in the simulator (which has no clock module).
 *
 * The model: eight ranges (RSEL) a factor 1.65 apart, eight steps (DCO) a
 * factor 1.12 apart within a range, so that ranges overlap as on the chip
 * (RSEL r, DCO 7 is above RSEL r + 1, DCO 0), and MOD mixing the periods
 * of steps DCO and DCO + 1 (MOD of 32 cycles from the faster one). Range 0,
 * step 0 is 90 kHz times a chip factor (process and temperature spread).
 * A measurement counts DCO cycles in 8 cycles of a 32768 Hz ACLK, as
 * TelosbClock's does: f / 4096. All integer arithmetic (no float helpers
 * on MSP430). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tests/unit/test_cmocka.h"

#include "platforms/telosb/clock/dco_search.h"

enum { DCOTEST_TARGET = 1024 }; /* 4 MiHz */

static struct {
    uint32_t scale_pct;    /* chip factor in percent */
    uint16_t step_pct;     /* DCO step factor in percent (112 on the chip) */
    uint16_t calls;        /* measurements so far */
    uint16_t fail_at_call; /* 0: never; n: the nth and later return 0 */
} dcotest;

/* Hz of range r, step d (d may be 8: the step MOD mixes in at DCO 7). */
static uint32_t dcotest_step_hz(uint8_t r, uint8_t d)
{
    uint32_t f = 90000UL * dcotest.scale_pct / 100u;
    for (uint8_t i = 0; i < r; i++)
        f = f * 165u / 100u;
    for (uint8_t i = 0; i < d; i++)
        f = f * dcotest.step_pct / 100u;
    return f;
}

static uint32_t dcotest_hz(uint16_t setting)
{
    uint8_t r = (uint8_t)((setting >> 8) & 7u);
    uint8_t d = (uint8_t)((setting >> 5) & 7u);
    uint8_t m = (uint8_t)(setting & 31u);
    uint64_t slow = dcotest_step_hz(r, d);
    if (d == 7)
        return (uint32_t)slow; /* no step 8: MOD does nothing */
    uint64_t fast = dcotest_step_hz(r, (uint8_t)(d + 1));
    /* 32 cycles, m of them at the fast step's period */
    return (uint32_t)(32u * slow * fast / ((32u - m) * fast + m * slow));
}

static uint16_t dcotest_measure(uint16_t setting)
{
    dcotest.calls++;
    if (dcotest.fail_at_call && dcotest.calls >= dcotest.fail_at_call)
        return 0;
    return (uint16_t)(dcotest_hz(setting) >> 12);
}

static int dcotest_setup(void **state)
{
    (void)state;
    memset(&dcotest, 0, sizeof dcotest);
    dcotest.scale_pct = 100;
    dcotest.step_pct = 112;
    return 0;
}

/* The chosen setting's frequency, in parts per thousand of the target. */
static uint32_t dcotest_permille(uint16_t setting)
{
    return (uint32_t)((uint64_t)dcotest_hz(setting) * 1000u / (DCOTEST_TARGET * 4096UL));
}

/* ---- tests -------------------------------------------------------------- */

static void test_converges_on_the_nominal_chip(void **state)
{
    (void)state;
    struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
    assert_true(r.ok);
    assert_int_equal(r.measurements, 12);
    assert_int_equal(dcotest.calls, 12);
    assert_in_range(r.count, DCOTEST_TARGET - DCOTEST_TARGET / 32, DCOTEST_TARGET);
    assert_in_range(dcotest_permille(r.setting), 990, 1001); /* within 1 % below 4 MiHz */
    assert_int_equal(r.count, dcotest_measure(r.setting));
}

/* Chips from 0.7x to 2x the nominal DCO all calibrate, to within 1 %. */
static void test_converges_across_chip_spread(void **state)
{
    (void)state;
    static const uint16_t scales[] = {70, 80, 90, 110, 125, 160, 200};
    for (uint16_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        dcotest.scale_pct = scales[i];
        dcotest.calls = 0;
        struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
        if (!r.ok)
            fail_msg("chip at %u %%: count %u", scales[i], r.count);
        assert_int_equal(r.measurements, 12);
        assert_in_range(dcotest_permille(r.setting), 990, 1001);
    }
}

/* ACLK never runs (no crystal): one measurement, then give up. */
static void test_dead_reference_stops_at_once(void **state)
{
    (void)state;
    dcotest.fail_at_call = 1;
    struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
    assert_false(r.ok);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.measurements, 1);
}

/* ACLK stops half way (or only on the final measurement). */
static void test_reference_lost_midway(void **state)
{
    (void)state;
    static const uint16_t at[] = {2, 6, 11, 12};
    for (uint16_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        dcotest.calls = 0;
        dcotest.fail_at_call = at[i];
        struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
        assert_false(r.ok);
        assert_int_equal(r.count, 0);
        assert_int_equal(r.measurements, at[i]);
    }
}

/* A DCO too slow for the target: the fastest setting, reported not ok. */
static void test_target_out_of_reach(void **state)
{
    (void)state;
    dcotest.scale_pct = 30;
    struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
    assert_false(r.ok);
    assert_int_equal(r.setting, 0x7E0); /* RSEL 7, DCO 7, MOD cleared */
    assert_true(r.count < DCOTEST_TARGET);
    assert_int_equal(r.measurements, 12);
    /* and one too fast: the slowest */
    dcotest.scale_pct = 5000; /* 4.5 MHz at RSEL 0, DCO 0 */
    r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
    assert_false(r.ok);
    assert_int_equal(r.setting, 0);
}

/* Ranges with gaps between them (no overlap): the target falls above
 * RSEL r, DCO 7 and the search ends there, with MOD cleared. */
static void test_mod_cleared_at_dco_7(void **state)
{
    (void)state;
    dcotest.step_pct = 105;  /* 1.05^7 = 1.41 < 1.65: gaps between ranges */
    dcotest.scale_pct = 155; /* RSEL 6, DCO 7: 3.96 MHz; RSEL 7, DCO 0: 4.65 MHz */
    struct telosbclock_result r = telosbclock_search(DCOTEST_TARGET, dcotest_measure);
    assert_int_equal(r.setting & TELOSBCLOCK_DCO_BITS, TELOSBCLOCK_DCO_BITS);
    assert_int_equal(r.setting & TELOSBCLOCK_MOD_BITS, 0);
    assert_true(r.count <= DCOTEST_TARGET);
}

int main(void)
{
#define DCOTEST(f) cmocka_unit_test_setup(f, dcotest_setup)
    const struct CMUnitTest tests[] = {
        DCOTEST(test_converges_on_the_nominal_chip), DCOTEST(test_converges_across_chip_spread),
        DCOTEST(test_dead_reference_stops_at_once),  DCOTEST(test_reference_lost_midway),
        DCOTEST(test_target_out_of_reach),           DCOTEST(test_mod_cleared_at_dco_7),
    };
    return cmocka_run_group_tests_name("dco_search", tests, NULL, NULL);
}
