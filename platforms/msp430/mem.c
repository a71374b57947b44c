/* mem.c: memcpy, memmove, memset, memcmp and strlen for MSP430.
 *
 * Built with -fno-builtin, or clang would turn these loops back into calls
 * to the functions being defined. Word loops run when both pointers are
 * even (the CPU ignores bit 0 of a word address, so a misaligned word
 * access would silently hit the wrong byte); everything else goes a byte
 * at a time.
 */
#include <stdint.h>
#include <string.h>

/* a 16-bit word that may alias any object, as memcpy must */
typedef uint16_t __attribute__((may_alias)) mem_word;

static inline int mem_even(const void *p)
{
    return ((uintptr_t)p & 1u) == 0;
}

/* forward copy, also used by memmove when dst is below src (no restrict) */
static void mem_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    if (mem_even(d) && mem_even(s)) {
        mem_word *dw = (mem_word *)(void *)d;
        const mem_word *sw = (const mem_word *)(const void *)s;
        for (size_t w = n >> 1; w != 0; w--)
            *dw++ = *sw++;
        d = (unsigned char *)dw;
        s = (const unsigned char *)sw;
        n &= 1u;
    }
    while (n--)
        *d++ = *s++;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    mem_forward(dst, src, n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n) { /* no overlap hazard going forward */
        mem_forward(d, s, n);
        return dst;
    }
    d += n; /* overlapping, dst above: backward */
    s += n;
    if (mem_even(d) && mem_even(s)) {
        mem_word *dw = (mem_word *)(void *)d;
        const mem_word *sw = (const mem_word *)(const void *)s;
        for (size_t w = n >> 1; w != 0; w--)
            *--dw = *--sw;
        d = (unsigned char *)dw;
        s = (const unsigned char *)sw;
        n &= 1u;
    }
    while (n--)
        *--d = *--s;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char b = (unsigned char)c;
    if (mem_even(d)) {
        mem_word *dw = (mem_word *)(void *)d;
        uint16_t v = (uint16_t)(((uint16_t)b << 8) | b);
        for (size_t w = n >> 1; w != 0; w--)
            *dw++ = v;
        d = (unsigned char *)dw;
        n &= 1u;
    }
    while (n--)
        *d++ = b;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n != 0; n--, p++, q++) {
        if (*p != *q)
            return *p < *q ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}
