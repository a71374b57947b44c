/* fake_log.c: FakeLog, a Log for tests of components in front of a Log
 * (LogGate): it counts the begin()s it accepts, the end()s, and every part
 * (even the parts of a line it refused, so that a caller which sends them
 * anyway shows), keeps the str() parts of the last line, and accepts only
 * lines up to the level set through LogSinkCtl (LOG_DEBUG at start). */
#include <string.h>

#include "interfaces/log.h"
#include "tests/fakes/interfaces/log_sink_ctl.h"

static struct {
    uint8_t level;
    bool active;
    struct log_sink_seen seen;
} fakelog = {.level = LOG_DEBUG};

void FakeLog__ctl__set_level(uint8_t level)
{
    fakelog.level = level;
}

void FakeLog__ctl__reset(void)
{
    memset(&fakelog.seen, 0, sizeof fakelog.seen);
}

const struct log_sink_seen *FakeLog__ctl__seen(void)
{
    return &fakelog.seen;
}

bool FakeLog__log__begin(uint8_t level, const char *source)
{
    (void)source;
    fakelog.active = level <= fakelog.level;
    if (fakelog.active) {
        fakelog.seen.begins++;
        fakelog.seen.text[0] = '\0';
    }
    return fakelog.active;
}

void FakeLog__log__str(const char *text)
{
    size_t have = strlen(fakelog.seen.text);
    fakelog.seen.parts++;
    while (text && *text && have + 1u < sizeof fakelog.seen.text)
        fakelog.seen.text[have++] = *text++;
    fakelog.seen.text[have] = '\0';
}

void FakeLog__log__u32(uint32_t value)
{
    (void)value;
    fakelog.seen.parts++;
}

void FakeLog__log__i32(int32_t value)
{
    (void)value;
    fakelog.seen.parts++;
}

void FakeLog__log__hex(const uint8_t *data, uint16_t len)
{
    (void)data, (void)len;
    fakelog.seen.parts++;
}

void FakeLog__log__end(void)
{
    fakelog.seen.ends++;
    fakelog.active = false;
}
