/* log.h: the Log interface: leveled log lines built from parts, so that no
 * component needs stdio or a printf on a 48 KB mote. */
#ifndef IF_LOG_H
#define IF_LOG_H
#include "interfaces/types.h"

enum { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/** One line at a time: begin(), any number of parts, end(). If begin()
 * returns false the level is filtered out and the parts may be skipped
 * (they are ignored until the next begin()). */
struct Log_if {
    /** @command Start a line at level (LOG_*) from the named source. */
    bool (*begin)(uint8_t level, const char *source);
    /** @command Append a NUL-terminated string. */
    void (*str)(const char *text);
    /** @command Append an unsigned decimal number. */
    void (*u32)(uint32_t value);
    /** @command Append a signed decimal number. */
    void (*i32)(int32_t value);
    /** @command Append bytes as lower-case hex. */
    void (*hex)(const uint8_t *data, uint16_t len);
    /** @command Finish and emit the line. */
    void (*end)(void);
};
#endif
