/* string.h: the part of <string.h> the MSP430 runtime provides.
 *
 * The msp430 toolchain here has no C library, so platforms/msp430/mem.c
 * implements exactly these, with the standard ISO C semantics. Components
 * may use only these five string functions (architecture.md: "the few
 * <string.h> functions a platform provides"); anything else fails to link
 * on MSP430 while still building on posix, so add it here and in mem.c
 * first.
 *
 * Nothing here is constant-time: compare MACs and tags with the
 * component's own constant-time loop, never memcmp.
 *
 * The compiler itself calls memcpy and memset for struct copies and large
 * initialisers, so those two are needed by almost every image.
 */
#ifndef MSP430_STRING_H
#define MSP430_STRING_H
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
