/* checked.h: overflow-checked arithmetic for lengths and offsets that come
 * from the wire (DTLS record and handshake lengths, CoAP option deltas,
 * 6LoWPAN fragment offsets). Each function returns false, and leaves *out
 * untouched, if the exact result does not fit the type; a parser then
 * drops the message instead of wrapping around into a short length.
 *
 * size_t is 16 bits on MSP430 and 64 on the host, so the size_t versions
 * are the ones that catch a 16-bit wrap only on the mote: test parsers
 * with the uint16_t versions, or on the msp430 simulator. The builtins are
 * exact for any operand types (GCC 5+, clang 3.8+) and need no division. */
#ifndef LIB_CHECKED_H
#define LIB_CHECKED_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool checked_add_u16(uint16_t a, uint16_t b, uint16_t *out)
{
    uint16_t r;
    if (__builtin_add_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

/* a - b; false if b > a. */
static inline bool checked_sub_u16(uint16_t a, uint16_t b, uint16_t *out)
{
    uint16_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

static inline bool checked_mul_u16(uint16_t a, uint16_t b, uint16_t *out)
{
    uint16_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

static inline bool checked_add_size(size_t a, size_t b, size_t *out)
{
    size_t r;
    if (__builtin_add_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

/* a - b; false if b > a. */
static inline bool checked_sub_size(size_t a, size_t b, size_t *out)
{
    size_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

static inline bool checked_mul_size(size_t a, size_t b, size_t *out)
{
    size_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

/* True if [off, off + len) lies inside a buffer of total bytes: the one
 * check a parser needs before reading len bytes at off. Never wraps. */
static inline bool checked_span(size_t off, size_t len, size_t total)
{
    return off <= total && len <= total - off;
}

#endif
