/* script_entropy.c: ScriptEntropy, a scripted Entropy source: fill(len)
 * hands out the next len pushed bytes, or fails (E_FAIL, the buffer filled
 * with 0xEE garbage that a DRBG must not use) when the fail mask says so or
 * when fewer than len bytes were pushed (counted as an underrun). */
#include "interfaces/entropy.h"
#include "tests/unit/crypto/prng/interfaces/entropy_script.h"
#include <string.h>

static struct {
    uint8_t queue[2048];
    uint16_t head, tail;
    uint16_t mask;
    uint16_t underruns;
} scriptentropy;

err_t ScriptEntropy__entropy__fill(uint8_t *buf, uint16_t len)
{
    bool fail = scriptentropy.mask & 1u;
    scriptentropy.mask >>= 1;
    if (!fail && scriptentropy.tail - scriptentropy.head < len) {
        scriptentropy.underruns++;
        fail = true;
    }
    if (fail) {
        memset(buf, 0xEE, len);
        return E_FAIL;
    }
    memcpy(buf, scriptentropy.queue + scriptentropy.head, len);
    scriptentropy.head = (uint16_t)(scriptentropy.head + len);
    return E_OK;
}

void ScriptEntropy__ctl__push(const uint8_t *data, uint16_t len)
{
    if (scriptentropy.head == scriptentropy.tail)
        scriptentropy.head = scriptentropy.tail = 0;
    if (len > sizeof scriptentropy.queue - scriptentropy.tail) {
        scriptentropy.underruns++; /* the test pushed too much: make it fail */
        return;
    }
    memcpy(scriptentropy.queue + scriptentropy.tail, data, len);
    scriptentropy.tail = (uint16_t)(scriptentropy.tail + len);
}

void ScriptEntropy__ctl__fail_mask(uint16_t mask)
{
    scriptentropy.mask = mask;
}

uint16_t ScriptEntropy__ctl__pending(void)
{
    return (uint16_t)(scriptentropy.tail - scriptentropy.head);
}

uint16_t ScriptEntropy__ctl__underruns(void)
{
    return scriptentropy.underruns;
}
