/* nolog.c: NoLog, the Log provider that drops everything. begin() says
 * "filtered out", so well-behaved callers skip their parts entirely.
 * Platform-neutral: builds for MSP430 and for hosts. */
#include "interfaces/log.h"

bool NoLog__log__begin(uint8_t level, const char *source)
{
    (void)level;
    (void)source;
    return false;
}

void NoLog__log__str(const char *text)
{
    (void)text;
}

void NoLog__log__u32(uint32_t value)
{
    (void)value;
}

void NoLog__log__i32(int32_t value)
{
    (void)value;
}

void NoLog__log__hex(const uint8_t *data, uint16_t len)
{
    (void)data;
    (void)len;
}

void NoLog__log__end(void) {}
