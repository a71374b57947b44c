/* console_log.c: ConsoleLog, the Log of the msp430sim platform.
 *
 * mspdebug's `console` device prints every byte written to address 0x00FF
 * (byte writes only; it flushes a line at '\n'). A line is written as it is
 * built, with no buffer: "<E|W|I|D> <source>: <parts>\n", one line per
 * begin()..end(). There is no time stamp (Log has no clock); a component
 * that wants one logs Timer.now(). Lines above the `level` parameter are
 * filtered: begin() returns false and the parts are ignored.
 *
 * Writing is synchronous and cheap in the simulator (one store per byte).
 * Lines from interrupt context are not supported (Log is not @async). The
 * console exists only in the simulator: on a TelosB 0x00FF is an unused
 * peripheral address, so this component is for msp430sim only. */
#include "interfaces/log.h"
#include "platforms/msp430/lib/text_out.h"

#define CONSOLELOG_PORT (*(volatile uint8_t *)0x00FFu)

static bool consolelog_active;

static void consolelog_put(char c)
{
    CONSOLELOG_PORT = (uint8_t)c;
}

void ConsoleLog__log__end(void)
{
    if (!consolelog_active)
        return;
    consolelog_active = false;
    consolelog_put('\n');
}

bool ConsoleLog__log__begin(uint8_t level, const char *source)
{
    static const char letters[] = "EWID";
    if (consolelog_active)
        ConsoleLog__log__end(); /* an unfinished line is ended, not lost */
    if (level > ConsoleLog__level)
        return false;
    consolelog_active = true;
    consolelog_put(level < 4 ? letters[level] : '?');
    consolelog_put(' ');
    textout_str(consolelog_put, source ? source : "?");
    textout_str(consolelog_put, ": ");
    return true;
}

void ConsoleLog__log__str(const char *text)
{
    if (consolelog_active && text)
        textout_str(consolelog_put, text);
}

void ConsoleLog__log__u32(uint32_t value)
{
    if (consolelog_active)
        textout_u32(consolelog_put, value);
}

void ConsoleLog__log__i32(int32_t value)
{
    if (consolelog_active)
        textout_i32(consolelog_put, value);
}

void ConsoleLog__log__hex(const uint8_t *data, uint16_t len)
{
    if (consolelog_active && data)
        textout_hex(consolelog_put, data, len);
}
