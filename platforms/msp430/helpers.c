/* helpers.c: the arithmetic helpers clang 14 calls on the MSP430F1611.
 *
 * There is no compiler-rt or libgcc for msp430 here, so the runtime
 * provides every libcall the compiler emits (see mspabi.h for the list and
 * the conventions). Rules that keep this file from calling itself:
 *   - no `*`, `/` or `%` on values, and only constant shifts: a variable
 *     32/64-bit shift, a division or a multiply would become a call to the
 *     very helpers defined here;
 *   - built with -fno-builtin (no loop becomes a memset call).
 * `llvm-nm -u helpers.o` must print nothing; meson.build checks it.
 *
 * Multiplies use the 16x16 hardware multiplier (MPY/OP2/RESLO/RESHI at
 * 0x130-0x13C) with interrupts disabled, because interrupt handlers may
 * use it too. Only unsigned MPY is used: the low half of a product is the
 * same for signed and unsigned operands.
 */
#include <stdint.h>
#include "mspabi.h"

#define HW_MPY   (*(volatile uint16_t *)0x0130u)
#define HW_OP2   (*(volatile uint16_t *)0x0138u)
#define HW_RESLO (*(volatile uint16_t *)0x013Au)
#define HW_RESHI (*(volatile uint16_t *)0x013Cu)

/* ---- interrupt lock around the multiplier -------------------------- */

static inline uint16_t mul_lock(void)
{
    uint16_t sr;
    __asm__ volatile("mov r2, %0\n\tdint\n\tnop" : "=r"(sr) : : "memory");
    return sr;
}

static inline void mul_unlock(uint16_t sr)
{
    __asm__ volatile("mov %0, r2\n\tnop" : : "r"(sr) : "memory");
}

/* full 32-bit product; call with the lock held */
static inline uint32_t mul16(uint16_t a, uint16_t b)
{
    HW_MPY = a;
    HW_OP2 = b;
    return ((uint32_t)HW_RESHI << 16) | HW_RESLO;
}

/* low 16 bits of the product; call with the lock held */
static inline uint16_t mul16lo(uint16_t a, uint16_t b)
{
    HW_MPY = a;
    HW_OP2 = b;
    return HW_RESLO;
}

/* ---- multiply ------------------------------------------------------- */

int16_t __mspabi_mpyi_hw(int16_t a, int16_t b)
{
    uint16_t sr = mul_lock();
    uint16_t p = mul16lo((uint16_t)a, (uint16_t)b);
    mul_unlock(sr);
    return (int16_t)p;
}

uint32_t __mspabi_mpyl_hw(uint32_t a, uint32_t b)
{
    uint16_t a0 = (uint16_t)a, a1 = (uint16_t)(a >> 16);
    uint16_t b0 = (uint16_t)b, b1 = (uint16_t)(b >> 16);
    uint16_t sr = mul_lock();
    uint32_t p = mul16(a0, b0);
    uint16_t mid = (uint16_t)(mul16lo(a0, b1) + mul16lo(a1, b0));
    mul_unlock(sr);
    return p + ((uint32_t)mid << 16);
}

uint64_t __mspabi_mpyll_hw(uint64_t a, uint64_t b)
{
    uint16_t a0 = (uint16_t)a, a1 = (uint16_t)(a >> 16);
    uint16_t a2 = (uint16_t)(a >> 32), a3 = (uint16_t)(a >> 48);
    uint16_t b0 = (uint16_t)b, b1 = (uint16_t)(b >> 16);
    uint16_t b2 = (uint16_t)(b >> 32), b3 = (uint16_t)(b >> 48);
    uint16_t sr = mul_lock();
    /* column k holds the products a_i * b_j with i + j = k, weight 2^16k */
    uint64_t r = mul16(a0, b0);
    uint64_t c1 = (uint64_t)mul16(a0, b1) + mul16(a1, b0);
    uint32_t c2 = mul16(a0, b2) + mul16(a1, b1) + mul16(a2, b0);
    uint16_t c3 = (uint16_t)(mul16lo(a0, b3) + mul16lo(a1, b2) + mul16lo(a2, b1) + mul16lo(a3, b0));
    mul_unlock(sr);
    r += c1 << 16;
    r += (uint64_t)(c2 + ((uint32_t)c3 << 16)) << 32;
    return r;
}

/* ---- divide: restoring shift-and-subtract --------------------------- */

/* Quotient of n / d; the remainder is left in *rem. d == 0 gives an
 * all-ones quotient and remainder n. */
static uint16_t udivmod16(uint16_t n, uint16_t d, uint16_t *rem)
{
    uint16_t r = 0;
    if (d > n) {
        *rem = n;
        return 0;
    }
    for (uint8_t i = 0; i < 16; i++) {
        uint16_t top = r & 0x8000u;
        r = (uint16_t)((r << 1) | (n >> 15));
        n = (uint16_t)(n << 1); /* quotient bits enter from the right */
        if (top || r >= d) {
            r = (uint16_t)(r - d);
            n |= 1u;
        }
    }
    *rem = r;
    return n;
}

static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t *rem)
{
    uint32_t r = 0;
    if (d > n) {
        *rem = n;
        return 0;
    }
    if ((n >> 16) == 0) { /* d <= n < 2^16: 16-bit loop */
        uint16_t r16;
        uint16_t q16 = udivmod16((uint16_t)n, (uint16_t)d, &r16);
        *rem = r16;
        return q16;
    }
    for (uint8_t i = 0; i < 32; i++) {
        uint32_t top = r & 0x80000000u;
        r = (r << 1) | (n >> 31);
        n <<= 1;
        if (top || r >= d) {
            r -= d;
            n |= 1u;
        }
    }
    *rem = r;
    return n;
}

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t r = 0;
    if (d > n) {
        *rem = n;
        return 0;
    }
    if ((n >> 32) == 0) { /* d <= n < 2^32: 32-bit loop */
        uint32_t r32;
        uint32_t q32 = udivmod32((uint32_t)n, (uint32_t)d, &r32);
        *rem = r32;
        return q32;
    }
    for (uint8_t i = 0; i < 64; i++) {
        uint64_t top = r & 0x8000000000000000u;
        r = (r << 1) | (n >> 63);
        n <<= 1;
        if (top || r >= d) {
            r -= d;
            n |= 1u;
        }
    }
    *rem = r;
    return n;
}

uint16_t __mspabi_divu(uint16_t a, uint16_t b)
{
    uint16_t r;
    return udivmod16(a, b, &r);
}

uint16_t __mspabi_remu(uint16_t a, uint16_t b)
{
    uint16_t r;
    (void)udivmod16(a, b, &r);
    return r;
}

/* Signed forms work on magnitudes in unsigned arithmetic (no overflow):
 * the quotient is negative when the signs differ, the remainder takes the
 * dividend's sign (C99 truncating division). */
int16_t __mspabi_divi(int16_t a, int16_t b)
{
    uint16_t ua = a < 0 ? (uint16_t) - (uint16_t)a : (uint16_t)a;
    uint16_t ub = b < 0 ? (uint16_t) - (uint16_t)b : (uint16_t)b;
    uint16_t r;
    uint16_t q = udivmod16(ua, ub, &r);
    return (int16_t)((a < 0) != (b < 0) ? (uint16_t)-q : q);
}

int16_t __mspabi_remi(int16_t a, int16_t b)
{
    uint16_t ua = a < 0 ? (uint16_t) - (uint16_t)a : (uint16_t)a;
    uint16_t ub = b < 0 ? (uint16_t) - (uint16_t)b : (uint16_t)b;
    uint16_t r;
    (void)udivmod16(ua, ub, &r);
    return (int16_t)(a < 0 ? (uint16_t)-r : r);
}

uint32_t __mspabi_divul(uint32_t a, uint32_t b)
{
    uint32_t r;
    return udivmod32(a, b, &r);
}

uint32_t __mspabi_remul(uint32_t a, uint32_t b)
{
    uint32_t r;
    (void)udivmod32(a, b, &r);
    return r;
}

int32_t __mspabi_divli(int32_t a, int32_t b)
{
    uint32_t ua = a < 0 ? -(uint32_t)a : (uint32_t)a;
    uint32_t ub = b < 0 ? -(uint32_t)b : (uint32_t)b;
    uint32_t r;
    uint32_t q = udivmod32(ua, ub, &r);
    return (int32_t)((a < 0) != (b < 0) ? -q : q);
}

int32_t __mspabi_remli(int32_t a, int32_t b)
{
    uint32_t ua = a < 0 ? -(uint32_t)a : (uint32_t)a;
    uint32_t ub = b < 0 ? -(uint32_t)b : (uint32_t)b;
    uint32_t r;
    (void)udivmod32(ua, ub, &r);
    return (int32_t)(a < 0 ? -r : r);
}

uint64_t msp430_udiv64(uint64_t a, uint64_t b)
{
    uint64_t r;
    return udivmod64(a, b, &r);
}

uint64_t msp430_umod64(uint64_t a, uint64_t b)
{
    uint64_t r;
    (void)udivmod64(a, b, &r);
    return r;
}

int64_t msp430_sdiv64(int64_t a, int64_t b)
{
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    uint64_t r;
    uint64_t q = udivmod64(ua, ub, &r);
    return (int64_t)((a < 0) != (b < 0) ? -q : q);
}

int64_t msp430_smod64(int64_t a, int64_t b)
{
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    uint64_t r;
    (void)udivmod64(ua, ub, &r);
    return (int64_t)(a < 0 ? -r : r);
}

/* ---- variable shifts: constant steps of 16, 8, 4, then single bits --- */

uint32_t __mspabi_slll(uint32_t x, int16_t n)
{
    uint8_t k = (uint8_t)n & 31u;
    if (k & 16u)
        x <<= 16;
    if (k & 8u)
        x <<= 8;
    if (k & 4u)
        x <<= 4;
    for (k &= 3u; k != 0; k--)
        x <<= 1;
    return x;
}

uint32_t __mspabi_srll(uint32_t x, int16_t n)
{
    uint8_t k = (uint8_t)n & 31u;
    if (k & 16u)
        x >>= 16;
    if (k & 8u)
        x >>= 8;
    if (k & 4u)
        x >>= 4;
    for (k &= 3u; k != 0; k--)
        x >>= 1;
    return x;
}

/* >> of a negative value is arithmetic in clang (implementation-defined) */
int32_t __mspabi_sral(int32_t x, int16_t n)
{
    uint8_t k = (uint8_t)n & 31u;
    if (k & 16u)
        x >>= 16;
    if (k & 8u)
        x >>= 8;
    if (k & 4u)
        x >>= 4;
    for (k &= 3u; k != 0; k--)
        x >>= 1;
    return x;
}

int64_t __ashldi3(int64_t x, int16_t n)
{
    uint64_t u = (uint64_t)x;
    uint8_t k = (uint8_t)n & 63u;
    if (k & 32u)
        u <<= 32;
    if (k & 16u)
        u <<= 16;
    if (k & 8u)
        u <<= 8;
    if (k & 4u)
        u <<= 4;
    for (k &= 3u; k != 0; k--)
        u <<= 1;
    return (int64_t)u;
}

uint64_t __lshrdi3(uint64_t x, int16_t n)
{
    uint8_t k = (uint8_t)n & 63u;
    if (k & 32u)
        x >>= 32;
    if (k & 16u)
        x >>= 16;
    if (k & 8u)
        x >>= 8;
    if (k & 4u)
        x >>= 4;
    for (k &= 3u; k != 0; k--)
        x >>= 1;
    return x;
}

int64_t __ashrdi3(int64_t x, int16_t n)
{
    uint8_t k = (uint8_t)n & 63u;
    if (k & 32u)
        x >>= 32;
    if (k & 16u)
        x >>= 16;
    if (k & 8u)
        x >>= 8;
    if (k & 4u)
        x >>= 4;
    for (k &= 3u; k != 0; k--)
        x >>= 1;
    return x;
}
