/* helpers_test.c: checks every MSP430 arithmetic helper and the mem*
 * functions in the simulator (or on a mote with a console at 0x00FF).
 *
 * The expected results come from helper_vectors.h, generated on the host
 * by gen_helper_vectors.py. Each operation sits in its own noinline
 * function written with plain C operators, so the compiler emits the very
 * libcall under test (a / b and a % b in one function would share one
 * call). Meanwhile Timer_A CCR0 interrupts every 1000 cycles run a handler
 * that also multiplies: a helper that did not lock out interrupts around
 * the hardware multiplier would see its operands overwritten.
 *
 * Prints each mismatch (at most 8 per table) and a summary on the console;
 * main returns the number of failures, so 0 means pass.
 */
#include <stdint.h>
#include <string.h>
#include "helper_vectors.h"

#define N(tab)      (sizeof(tab) / sizeof((tab)[0]))
#define MAX_REPORTS 8

/* ---- console ------------------------------------------------------- */

#define CONSOLE (*(volatile uint8_t *)0x00FFu)

static void put_str(const char *s)
{
    while (*s)
        CONSOLE = (uint8_t)*s++;
}

/* hex of an integer stored little-endian in n bytes; no shifts or
 * divisions wider than a byte, so printing never relies on a helper */
static void put_hex(const void *v, uint8_t n)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = v;
    put_str("0x");
    while (n--) {
        CONSOLE = (uint8_t)digits[b[n] >> 4];
        CONSOLE = (uint8_t)digits[b[n] & 15u];
    }
}

static void put_u16(uint16_t v)
{
    char buf[6];
    uint8_t i = sizeof buf;
    buf[--i] = 0;
    do { /* repeated subtraction, no divide */
        uint8_t d = 0;
        uint16_t t = v;
        uint16_t q = 0;
        while (t >= 10u) {
            t = (uint16_t)(t - 10u);
            q++;
        }
        d = (uint8_t)t;
        v = q;
        buf[--i] = (char)('0' + d);
    } while (v != 0);
    put_str(&buf[i]);
}

/* ---- bookkeeping --------------------------------------------------- */

static uint16_t checks, failures, table_failures;

static void check(const char *op, uint16_t idx, const void *got, const void *want, uint8_t size)
{
    checks++;
    if (memcmp(got, want, size) == 0)
        return;
    failures++;
    if (++table_failures > MAX_REPORTS)
        return;
    put_str("FAIL ");
    put_str(op);
    put_str(" #");
    put_u16(idx);
    put_str(": got ");
    put_hex(got, size);
    put_str(" want ");
    put_hex(want, size);
    put_str("\n");
}

#define CHECK(op, i, got, want)                                                                              \
    do {                                                                                                     \
        __typeof__(want) g_ = (got), w_ = (want);                                                            \
        check(op, (uint16_t)(i), &g_, &w_, (uint8_t)sizeof g_);                                              \
    } while (0)

/* ---- one function per libcall -------------------------------------- */

#define OP __attribute__((noinline)) static

OP uint16_t mul16(uint16_t a, uint16_t b)
{
    return (uint16_t)(a * b);
}
OP uint16_t divu16(uint16_t a, uint16_t b)
{
    return a / b;
}
OP uint16_t remu16(uint16_t a, uint16_t b)
{
    return a % b;
}
OP int16_t divi16(int16_t a, int16_t b)
{
    return a / b;
}
OP int16_t remi16(int16_t a, int16_t b)
{
    return a % b;
}

OP uint32_t mul32(uint32_t a, uint32_t b)
{
    return a * b;
}
OP uint32_t divu32(uint32_t a, uint32_t b)
{
    return a / b;
}
OP uint32_t remu32(uint32_t a, uint32_t b)
{
    return a % b;
}
OP int32_t divi32(int32_t a, int32_t b)
{
    return a / b;
}
OP int32_t remi32(int32_t a, int32_t b)
{
    return a % b;
}

OP uint64_t mul64(uint64_t a, uint64_t b)
{
    return a * b;
}
OP uint64_t divu64(uint64_t a, uint64_t b)
{
    return a / b;
}
OP uint64_t remu64(uint64_t a, uint64_t b)
{
    return a % b;
}
OP int64_t divi64(int64_t a, int64_t b)
{
    return a / b;
}
OP int64_t remi64(int64_t a, int64_t b)
{
    return a % b;
}

OP uint32_t wmulu16(uint16_t a, uint16_t b)
{
    return (uint32_t)a * b;
}
OP int32_t wmuls16(int16_t a, int16_t b)
{
    return (int32_t)a * b;
}
OP uint64_t wmulu32(uint32_t a, uint32_t b)
{
    return (uint64_t)a * b;
}
OP int64_t wmuls32(int32_t a, int32_t b)
{
    return (int64_t)a * b;
}

OP uint32_t shl32(uint32_t x, uint16_t n)
{
    return x << n;
}
OP uint32_t lshr32(uint32_t x, uint16_t n)
{
    return x >> n;
}
OP int32_t ashr32(int32_t x, uint16_t n)
{
    return x >> n;
}
OP uint64_t shl64(uint64_t x, uint16_t n)
{
    return x << n;
}
OP uint64_t lshr64(uint64_t x, uint16_t n)
{
    return x >> n;
}
OP int64_t ashr64(int64_t x, uint16_t n)
{
    return x >> n;
}

/* ---- tables -------------------------------------------------------- */

/* Divisions are checked only where C defines them: b != 0, and for the
 * signed ones not MIN / -1 (the generator stores 0 there). */
#define ARITH(tab, T, S, SMIN, mulf, duf, ruf, dsf, rsf, name)                                               \
    do {                                                                                                     \
        table_failures = 0;                                                                                  \
        for (uint16_t i = 0; i < N(tab); i++) {                                                              \
            const T a = tab[i].a, b = tab[i].b;                                                              \
            CHECK("mul" name, i, mulf(a, b), tab[i].mul);                                                    \
            if (b == 0)                                                                                      \
                continue;                                                                                    \
            CHECK("divu" name, i, duf(a, b), tab[i].udiv);                                                   \
            CHECK("remu" name, i, ruf(a, b), tab[i].urem);                                                   \
            if ((S)a == SMIN && (S)b == -1)                                                                  \
                continue;                                                                                    \
            CHECK("divs" name, i, (T)dsf((S)a, (S)b), tab[i].sdiv);                                          \
            CHECK("rems" name, i, (T)rsf((S)a, (S)b), tab[i].srem);                                          \
        }                                                                                                    \
    } while (0)

#define WIDEN(tab, S, mulu, muls, name)                                                                      \
    do {                                                                                                     \
        table_failures = 0;                                                                                  \
        for (uint16_t i = 0; i < N(tab); i++) {                                                              \
            CHECK("wmulu" name, i, mulu(tab[i].a, tab[i].b), tab[i].umul);                                   \
            CHECK("wmuls" name, i, (__typeof__(tab[i].smul))muls((S)tab[i].a, (S)tab[i].b), tab[i].smul);    \
        }                                                                                                    \
    } while (0)

#define SHIFT(tab, T, S, fshl, flshr, fashr, name)                                                           \
    do {                                                                                                     \
        table_failures = 0;                                                                                  \
        for (uint16_t i = 0; i < N(tab); i++) {                                                              \
            CHECK("shl" name, i, fshl(tab[i].x, tab[i].n), tab[i].shl);                                      \
            CHECK("lshr" name, i, flshr(tab[i].x, tab[i].n), tab[i].lshr);                                   \
            CHECK("ashr" name, i, (T)fashr((S)tab[i].x, tab[i].n), tab[i].ashr);                             \
        }                                                                                                    \
    } while (0)

/* ---- mem* against byte-at-a-time references ------------------------ */

static uint8_t mem_buf[40], mem_ref[40];

static void mem_fill(uint8_t *p, uint8_t seed)
{
    for (uint8_t i = 0; i < sizeof mem_buf; i++)
        p[i] = (uint8_t)(seed + i * 7u);
}

static void mem_check(const char *op, uint16_t idx)
{
    CHECK(op, idx, (uint16_t)memcmp(mem_buf, mem_ref, sizeof mem_buf), (uint16_t)0);
}

static void test_mem(void)
{
    uint16_t idx = 0;
    table_failures = 0;
    for (uint8_t d = 0; d < 4; d++) {
        for (uint8_t s = 0; s < 4; s++) {
            for (uint8_t n = 0; n < 18; n += 5, idx++) {
                /* memcpy between the two halves */
                mem_fill(mem_buf, 1);
                mem_fill(mem_ref, 1);
                memcpy(mem_buf + d, mem_buf + 20 + s, n);
                for (uint8_t k = 0; k < n; k++)
                    mem_ref[d + k] = mem_ref[20 + s + k];
                mem_check("memcpy", idx);
                /* overlapping memmove, both directions */
                mem_fill(mem_buf, 2);
                mem_fill(mem_ref, 2);
                memmove(mem_buf + 8 + d, mem_buf + 8 + s, n);
                uint8_t tmp[20];
                for (uint8_t k = 0; k < n; k++)
                    tmp[k] = mem_ref[8 + s + k];
                for (uint8_t k = 0; k < n; k++)
                    mem_ref[8 + d + k] = tmp[k];
                mem_check("memmove", idx);
                /* memset */
                mem_fill(mem_buf, 3);
                mem_fill(mem_ref, 3);
                memset(mem_buf + d + s, 0x1A5 + n, n);
                for (uint8_t k = 0; k < n; k++)
                    mem_ref[d + s + k] = (uint8_t)(0xA5 + n);
                mem_check("memset", idx);
            }
        }
    }
    /* memcmp sign and length */
    static const uint8_t x[] = {1, 2, 3, 0x80}, y[] = {1, 2, 4, 0x00};
    CHECK("memcmp", 0, memcmp(x, y, 0), 0);
    CHECK("memcmp", 1, memcmp(x, y, 2), 0);
    CHECK("memcmp", 2, memcmp(x, y, 3) < 0, 1);
    CHECK("memcmp", 3, memcmp(y, x, 3) > 0, 1);
    CHECK("memcmp", 4, memcmp(x + 3, y + 3, 1) > 0, 1); /* unsigned bytes */
    /* through a volatile pointer, or the compiler folds strlen("...") */
    static const char *volatile str[] = {"", "msp430"};
    CHECK("strlen", 0, (uint16_t)strlen(str[0]), (uint16_t)0);
    CHECK("strlen", 1, (uint16_t)strlen(str[1]), (uint16_t)6);
}

/* ---- Timer_A CCR0: an interrupt that uses the multiplier too -------- */

#define TACTL        (*(volatile uint16_t *)0x0160u)
#define TACCTL0      (*(volatile uint16_t *)0x0162u)
#define TACCR0       (*(volatile uint16_t *)0x0172u)
#define TASSEL_SMCLK 0x0200u
#define MC_UP        0x0010u
#define TACLR        0x0004u
#define CCIE         0x0010u

static volatile uint16_t isr_count, isr_errors;
static volatile uint32_t isr_a = 0x12345u, isr_b = 0x6789u;

__attribute__((interrupt(12))) /* TIMERA0_VECTOR: slot 0xFFEC */
static void
timer_a0_isr(void)
{
    uint32_t a = isr_a, b = isr_b;
    if ((uint16_t)a * (uint16_t)b != (uint16_t)0xa2edU)
        isr_errors++; /* 0x2345 * 0x6789 */
    if (a * b != 0x75cca2edUL)
        isr_errors++; /* 0x12345 * 0x6789 */
    isr_count++;
}

static void timer_start(void)
{
    TACTL = TACLR;
    TACCR0 = 999; /* every 1000 SMCLK cycles */
    TACCTL0 = CCIE;
    TACTL = TASSEL_SMCLK | MC_UP;
    __asm__ volatile("eint");
}

static void timer_stop(void)
{
    __asm__ volatile("dint\n\tnop");
    TACTL = 0;
    TACCTL0 = 0;
}

int main(void)
{
    timer_start();
    ARITH(ar16_tab, uint16_t, int16_t, INT16_MIN, mul16, divu16, remu16, divi16, remi16, "16");
    ARITH(ar32_tab, uint32_t, int32_t, INT32_MIN, mul32, divu32, remu32, divi32, remi32, "32");
    ARITH(ar64_tab, uint64_t, int64_t, INT64_MIN, mul64, divu64, remu64, divi64, remi64, "64");
    WIDEN(wd16_tab, int16_t, wmulu16, wmuls16, "16");
    WIDEN(wd32_tab, int32_t, wmulu32, wmuls32, "32");
    SHIFT(sh32_tab, uint32_t, int32_t, shl32, lshr32, ashr32, "32");
    SHIFT(sh64_tab, uint64_t, int64_t, shl64, lshr64, ashr64, "64");
    timer_stop();
    test_mem();

    table_failures = 0;
    CHECK("isr-errors", 0, isr_errors, (uint16_t)0);
    CHECK("isr-ran", 0, isr_count > 100u, 1);

    put_str("helpers: ");
    put_u16(checks);
    put_str(" checks, ");
    put_u16(failures);
    put_str(" failures, ");
    put_u16(isr_count);
    put_str(" timer interrupts\n");
    return failures != 0;
}
