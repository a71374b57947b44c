/* entropy_script.h: the EntropyScript interface (tests only): the control
 * panel of ScriptEntropy, an Entropy source that hands out exactly the
 * bytes a test pushed, and fails the fills a test picks. */
#ifndef IF_ENTROPY_SCRIPT_H
#define IF_ENTROPY_SCRIPT_H
#include "interfaces/types.h"

/** Script the bytes and failures of an Entropy source. */
struct EntropyScript_if {
    /** @command Append len bytes to what fill() hands out next. */
    void (*push)(const uint8_t *data, uint16_t len);
    /** @command Fail the fills picked by mask: bit i set, the i-th fill from now fails (E_FAIL). */
    void (*fail_mask)(uint16_t mask);
    /** @command Bytes pushed and not yet handed out. */
    uint16_t (*pending)(void);
    /** @command fill() calls that asked for more than was pushed (each an E_FAIL and a test bug). */
    uint16_t (*underruns)(void);
};
#endif
