/* posix_log.c: PosixLog, the posix Log provider. A line is assembled in a
 * static buffer from begin()/parts/end() and written to stderr with one
 * write(), so lines from several processes sharing a terminal do not
 * interleave. Format: "<seconds since start>.<ms> <E|W|I|D> <source>: <text>".
 * The threshold is the `level` parameter, overridden at init by the
 * environment variable WIRE_LOG (error|warn|info|debug or 0..3). A line
 * longer than the buffer is cut and ends in "...". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "interfaces/log.h"

enum { POSIXLOG_LINE_MAX = 512 };

static struct {
    char line[POSIXLOG_LINE_MAX];
    uint16_t len;
    bool active;    /* a begin() was accepted and end() has not come yet */
    bool cut;       /* the current line overflowed the buffer */
    uint8_t level;  /* lines above this level are dropped */
    uint64_t t0_ms; /* monotonic time of init: log times are relative to it */
} posixlog;

static uint64_t posixlog_mono_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* WIRE_LOG as a level, or -1 if it is unset or not understood. */
static int posixlog_env_level(void)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    const char *v = getenv("WIRE_LOG");
    if (!v)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (strcmp(v, names[i]) == 0 || (v[0] == (char)('0' + i) && v[1] == '\0'))
            return i;
    }
    return -1;
}

void PosixLog__init(void)
{
    int env = posixlog_env_level();
    posixlog.level = env >= 0 ? (uint8_t)env : (uint8_t)PosixLog__level;
    posixlog.t0_ms = posixlog_mono_ms();
}

static void posixlog_putc(char c)
{
    /* one byte is always kept for the final '\n' */
    if (posixlog.len + 1u < sizeof posixlog.line)
        posixlog.line[posixlog.len++] = c;
    else
        posixlog.cut = true;
}

static void posixlog_puts(const char *s)
{
    while (*s && !posixlog.cut)
        posixlog_putc(*s++);
}

/* Digits of v, most significant first, at least min_digits of them. */
static void posixlog_decimal(uint64_t v, int min_digits)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v && n < (int)sizeof digits);
    while (n < min_digits && n < (int)sizeof digits)
        digits[n++] = '0';
    while (n)
        posixlog_putc(digits[--n]);
}

/* Write the whole buffer to stderr, retrying on EINTR and short writes;
 * a log line is not worth blocking or failing for, so other errors drop it. */
static void posixlog_write(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

void PosixLog__log__end(void)
{
    if (!posixlog.active)
        return;
    posixlog.active = false;
    if (posixlog.cut) {
        posixlog.len = (uint16_t)(sizeof posixlog.line - 4u);
        memcpy(posixlog.line + posixlog.len, "...", 3);
        posixlog.len += 3;
    }
    posixlog.line[posixlog.len++] = '\n';
    posixlog_write(posixlog.line, posixlog.len);
}

bool PosixLog__log__begin(uint8_t level, const char *source)
{
    static const char letters[] = "EWID";
    if (posixlog.active)
        PosixLog__log__end(); /* an unfinished line is emitted, not lost */
    if (level > posixlog.level)
        return false;
    uint64_t t = posixlog_mono_ms() - posixlog.t0_ms;
    posixlog.len = 0;
    posixlog.cut = false;
    posixlog.active = true;
    posixlog_decimal(t / 1000u, 1);
    posixlog_putc('.');
    posixlog_decimal(t % 1000u, 3);
    posixlog_putc(' ');
    posixlog_putc(level < 4 ? letters[level] : '?');
    posixlog_putc(' ');
    posixlog_puts(source ? source : "?");
    posixlog_puts(": ");
    return true;
}

void PosixLog__log__str(const char *text)
{
    if (posixlog.active && text)
        posixlog_puts(text);
}

void PosixLog__log__u32(uint32_t value)
{
    if (posixlog.active)
        posixlog_decimal(value, 1);
}

void PosixLog__log__i32(int32_t value)
{
    if (!posixlog.active)
        return;
    if (value < 0) {
        posixlog_putc('-');
        posixlog_decimal((uint64_t)0 - (uint64_t)(int64_t)value, 1);
    } else {
        posixlog_decimal((uint64_t)value, 1);
    }
}

void PosixLog__log__hex(const uint8_t *data, uint16_t len)
{
    static const char digits[] = "0123456789abcdef";
    if (!posixlog.active || !data)
        return;
    for (uint16_t i = 0; i < len && !posixlog.cut; i++) {
        posixlog_putc(digits[data[i] >> 4]);
        posixlog_putc(digits[data[i] & 0x0f]);
    }
}
