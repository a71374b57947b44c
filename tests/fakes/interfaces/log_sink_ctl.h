/* log_sink_ctl.h: the LogSinkCtl interface (tests only): FakeLog's own
 * threshold and what reached it. */
#ifndef IF_LOG_SINK_CTL_H
#define IF_LOG_SINK_CTL_H
#include "interfaces/types.h"

/* What FakeLog received since the last reset(). */
struct log_sink_seen {
    uint16_t begins; /* accepted begin()s */
    uint16_t parts;  /* str/u32/i32/hex calls */
    uint16_t ends;
    char text[64]; /* the str() parts of the last line, cut to fit */
};

/** Control and inspection of a recording Log. */
struct LogSinkCtl_if {
    /** @command Accept lines up to level (LOG_*), refuse the rest. */
    void (*set_level)(uint8_t level);
    /** @command Forget what was received. */
    void (*reset)(void);
    /** @command What was received. */
    const struct log_sink_seen *(*seen)(void);
};
#endif
