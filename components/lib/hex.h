/* hex.h: hexadecimal text to bytes, for the few places that read keys,
 * addresses and test vectors as text (endpoint parsing, PSK files and
 * options, capture vectors). Header-only: each user gets static copies. */
#ifndef LIB_HEX_H
#define LIB_HEX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of hex digit c (either case), or -1 if c is not one. */
static inline int8_t hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return (int8_t)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int8_t)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int8_t)(c - 'A' + 10);
    return -1;
}

/* The two hex digits at text[0..2) as a byte, or -1 if either is not one. */
static inline int16_t hex_byte(const char *text)
{
    int8_t hi = hex_digit(text[0]), lo;
    if (hi < 0)
        return -1;
    lo = hex_digit(text[1]);
    if (lo < 0)
        return -1;
    return (int16_t)((hi << 4) | lo);
}

/* text[0..2n) into out[0..n); false (out partly written) if a character
 * is not a hex digit. */
static inline bool hex_decode(const char *text, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int16_t b = hex_byte(text + 2 * i);
        if (b < 0)
            return false;
        out[i] = (uint8_t)b;
    }
    return true;
}
#endif
