/* wipe.h: erase secrets (keys, pre-master secrets, PSKs, plaintext
 * scratch) so that the compiler cannot drop the stores.
 *
 * A plain memset() of a buffer that is dead afterwards may legally be
 * removed by the optimiser ("dead store elimination"). Here every store
 * goes through a pointer to volatile, and volatile accesses are observable
 * behaviour (C11 5.1.2.3p6), so each one must happen; the empty asm with a
 * "memory" clobber then also keeps later code from being moved above the
 * wipe. Byte stores: slow on MSP430 for large buffers, but secrets are
 * small (16..64 bytes) and alignment never matters. */
#ifndef LIB_WIPE_H
#define LIB_WIPE_H
#include <stddef.h>

/* Overwrite n bytes at p with zeros; p may be NULL only if n is 0. */
static inline void wipe(void *p, size_t n)
{
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--)
        *v++ = 0;
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

#endif
