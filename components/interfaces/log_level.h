/* log_level.h: the LogLevel interface: a run-time threshold for log lines
 * (LOG_ERROR..LOG_DEBUG of interfaces/log.h), e.g. a tool's -v. */
#ifndef IF_LOG_LEVEL_H
#define IF_LOG_LEVEL_H
#include "interfaces/types.h"

/** Set and read the most verbose level that passes. */
struct LogLevel_if {
    /** @command Let lines up to level through (LOG_ERROR..LOG_DEBUG). */
    void (*set)(uint8_t level);
    /** @command The current threshold. */
    uint8_t (*get)(void);
};
#endif
