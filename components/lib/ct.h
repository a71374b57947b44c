/* ct.h: constant-time comparison for MACs, tags, Finished verify data and
 * PSK identities: the time taken depends on n only, never on where (or
 * whether) the inputs differ, so a network attacker cannot learn a valid
 * tag byte by byte from response timing. Never use memcmp() for these. */
#ifndef LIB_CT_H
#define LIB_CT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if the n bytes at a and b are equal. Every byte of both is read;
 * there is no early exit. n == 0 compares equal. */
static inline bool ct_equal(const void *a, const void *b, size_t n)
{
    const uint8_t *pa = (const uint8_t *)a;
    const uint8_t *pb = (const uint8_t *)b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++) {
        diff |= (uint8_t)(pa[i] ^ pb[i]);
        /* An optimisation barrier on the accumulator: without it a compiler
         * may notice that diff can only grow and leave the loop once it is
         * 0xFF (or vectorise with a data-dependent branch). */
        __asm__("" : "+r"(diff));
    }
    /* diff == 0 -> (0 - 1) >> 8 has bit 0 set; 1..255 -> it is clear.
     * unsigned arithmetic: no branch on the secret-dependent value. */
    return (bool)(1u & (((unsigned)diff - 1u) >> 8));
}

#endif
