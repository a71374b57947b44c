/* sim_entropy.c: SimEntropy, the Entropy of the msp430sim platform.
 *
 * NOT A TRUE ENTROPY SOURCE. The simulator is deterministic (same image,
 * same cycle count, same timer values), so there is nothing random to
 * sample. SimEntropy returns a fixed pseudo-random stream determined by the
 * `seed` parameter, so that code which seeds a DRBG from Platform.entropy
 * runs in the simulator, reproducibly. Keys derived from it are public.
 * The first fill() logs a warning saying so (when a Log is wired), and
 * fill() never fails.
 *
 * Stream: a 32-bit counter advanced by the golden-ratio constant and mixed
 * by the MurmurHash3 finaliser (as splitmix does), 4 bytes per step, low
 * byte first. */
#include "interfaces/entropy.h"
#include "interfaces/log.h"

static struct {
    uint32_t counter;
    bool started;
} simentropy;

static uint32_t simentropy_next(void)
{
    simentropy.counter += 0x9E3779B9UL;
    uint32_t z = simentropy.counter;
    z = (z ^ (z >> 16)) * 0x85EBCA6BUL;
    z = (z ^ (z >> 13)) * 0xC2B2AE35UL;
    return z ^ (z >> 16);
}

err_t SimEntropy__entropy__fill(uint8_t *buf, uint16_t len)
{
    if (len && !buf)
        return E_FAIL;
    if (!simentropy.started) {
        simentropy.started = true;
        simentropy.counter = (uint32_t)SimEntropy__seed;
        if (SimEntropy__log__begin(LOG_WARN, "entropy")) {
            SimEntropy__log__str("simulator: a fixed stream from seed ");
            SimEntropy__log__u32((uint32_t)SimEntropy__seed);
            SimEntropy__log__str(", NOT a true entropy source");
            SimEntropy__log__end();
        }
    }
    uint32_t word = 0;
    for (uint16_t i = 0; i < len; i++) {
        if ((i & 3u) == 0)
            word = simentropy_next();
        buf[i] = (uint8_t)word;
        word >>= 8;
    }
    return E_OK;
}
