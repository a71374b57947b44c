/* log_gate.c: LogGate, a Log in front of another (the platform's) with its
 * own threshold, settable at run time through LogLevel: a tool starts
 * quiet and its -v lets its components' debug lines through. A line the
 * gate refuses never reaches the Log below, so its parts are dropped here
 * (begin() returned false, as the Log contract allows). The Log below may
 * filter further (PosixLog's own level and WIRE_LOG). */
#include "interfaces/log.h"
#include "interfaces/log_level.h"

struct LogGate_self {
    uint8_t level;
    bool passing; /* the current line was accepted here and below */
};

#define LOGGATE_DEFINE(inst, level_) struct LogGate_self inst##__self = {.level = (level_)};
LogGate__INSTANCES(LOGGATE_DEFINE)
#undef LOGGATE_DEFINE

    void LogGate__level__set(struct LogGate_self *self, uint8_t level)
{
    self->level = level;
}

uint8_t LogGate__level__get(struct LogGate_self *self)
{
    return self->level;
}

bool LogGate__log__begin(struct LogGate_self *self, uint8_t level, const char *source)
{
    if (self->passing)
        LogGate__out__end(self); /* an unfinished line is emitted, as PosixLog does */
    self->passing = level <= self->level && LogGate__out__begin(self, level, source);
    return self->passing;
}

void LogGate__log__str(struct LogGate_self *self, const char *text)
{
    if (self->passing)
        LogGate__out__str(self, text);
}

void LogGate__log__u32(struct LogGate_self *self, uint32_t value)
{
    if (self->passing)
        LogGate__out__u32(self, value);
}

void LogGate__log__i32(struct LogGate_self *self, int32_t value)
{
    if (self->passing)
        LogGate__out__i32(self, value);
}

void LogGate__log__hex(struct LogGate_self *self, const uint8_t *data, uint16_t len)
{
    if (self->passing)
        LogGate__out__hex(self, data, len);
}

void LogGate__log__end(struct LogGate_self *self)
{
    if (!self->passing)
        return;
    self->passing = false;
    LogGate__out__end(self);
}
