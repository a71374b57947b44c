/* text_out.h: number formatting for the MSP430 Log providers (ConsoleLog,
 * TelosbUartLog), without division: the 32-bit divide helpers would cost
 * about 500 bytes of flash for a log line's numbers. Decimal digits come
 * from subtracting powers of ten, hex from shifts by constants.
 *
 * Each function writes through `put`, one character at a time. */
#ifndef MSP430_TEXT_OUT_H
#define MSP430_TEXT_OUT_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*textout_put_fn)(char c);

static inline void textout_str(textout_put_fn put, const char *s)
{
    while (*s)
        put(*s++);
}

/* v in decimal, no leading zeros. */
static inline void textout_u32(textout_put_fn put, uint32_t v)
{
    static const uint32_t pow10[] = {1000000000UL, 100000000UL, 10000000UL, 1000000UL, 100000UL,
                                     10000UL,      1000UL,      100UL,      10UL,      1UL};
    bool started = false;
    for (uint8_t i = 0; i < sizeof pow10 / sizeof pow10[0]; i++) {
        char digit = '0';
        while (v >= pow10[i]) {
            v -= pow10[i];
            digit++;
        }
        if (digit != '0' || started || i == sizeof pow10 / sizeof pow10[0] - 1) {
            put(digit);
            started = true;
        }
    }
}

static inline void textout_i32(textout_put_fn put, int32_t v)
{
    if (v < 0) {
        put('-');
        textout_u32(put, (uint32_t)0 - (uint32_t)v);
    } else {
        textout_u32(put, (uint32_t)v);
    }
}

/* Bytes as lower-case hex, two digits each. */
static inline void textout_hex(textout_put_fn put, const uint8_t *data, uint16_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (uint16_t i = 0; i < len; i++) {
        put(digits[data[i] >> 4]);
        put(digits[data[i] & 0x0f]);
    }
}

#endif
