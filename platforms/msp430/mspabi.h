/* mspabi.h: prototypes of the run-time helpers clang 14 calls for
 * -mmcu=msp430f1611 (MSP430 EABI names plus libgcc's 64-bit shifts).
 *
 * Nobody needs to include this to use the helpers: the compiler calls them
 * by itself. It exists so that helpers.c is checked against one list and
 * tests can call a helper by name.
 *
 * Convention: the ordinary C one (arguments in R12-R15, a 64-bit first
 * argument in R12-R15, the rest on the stack, results from R12 up) except
 * for the four 64-bit division helpers at the end, which take the dividend
 * in R8-R11 and the divisor in R12-R15; C cannot declare that, so thunks.S
 * implements them and calls the msp430_*div64 functions below.
 *
 * Division by zero (undefined in C) gives an all-ones quotient and the
 * dividend as remainder; INT_MIN / -1 gives INT_MIN, remainder 0. Shift
 * counts are taken modulo the width (32 or 64).
 */
#ifndef MSP430_MSPABI_H
#define MSP430_MSPABI_H
#include <stdint.h>

/* multiply, low half of the product, hardware multiplier (interrupt-safe) */
int16_t __mspabi_mpyi_hw(int16_t a, int16_t b);
uint32_t __mspabi_mpyl_hw(uint32_t a, uint32_t b);
uint64_t __mspabi_mpyll_hw(uint64_t a, uint64_t b);

/* 16-bit divide and remainder */
uint16_t __mspabi_divu(uint16_t a, uint16_t b);
uint16_t __mspabi_remu(uint16_t a, uint16_t b);
int16_t __mspabi_divi(int16_t a, int16_t b);
int16_t __mspabi_remi(int16_t a, int16_t b);

/* 32-bit divide and remainder */
uint32_t __mspabi_divul(uint32_t a, uint32_t b);
uint32_t __mspabi_remul(uint32_t a, uint32_t b);
int32_t __mspabi_divli(int32_t a, int32_t b);
int32_t __mspabi_remli(int32_t a, int32_t b);

/* 32-bit variable shifts: value in R12:R13, count in R14 */
uint32_t __mspabi_slll(uint32_t x, int16_t n);
uint32_t __mspabi_srll(uint32_t x, int16_t n);
int32_t __mspabi_sral(int32_t x, int16_t n);

/* 64-bit variable shifts (libgcc names): value in R12-R15, count on the stack */
int64_t __ashldi3(int64_t x, int16_t n);
uint64_t __lshrdi3(uint64_t x, int16_t n);
int64_t __ashrdi3(int64_t x, int16_t n);

/* 64-bit divide and remainder, C side of thunks.S's __mspabi_divull,
 * __mspabi_remull, __mspabi_divlli and __mspabi_remlli */
uint64_t msp430_udiv64(uint64_t a, uint64_t b);
uint64_t msp430_umod64(uint64_t a, uint64_t b);
int64_t msp430_sdiv64(int64_t a, int64_t b);
int64_t msp430_smod64(int64_t a, int64_t b);

#endif
