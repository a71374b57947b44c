/* fake_entropy.c: FakeEntropy, "true randomness" that a test can replay:
 * fill() hands out the fake_prng stream of the seed (four bytes per PRNG
 * output, little-endian, continuing across calls), so the same seed gives
 * the same DRBG output, keys and nonces in every run. FakeSeed.fail_next(n)
 * makes the next n fills fail, to test what a component does when the
 * platform's entropy source breaks. */
#include "interfaces/entropy.h"
#include "tests/fakes/interfaces/fake_seed.h"
#include "tests/fakes/fake_prng.h"

static struct {
    bool seeded;
    struct fake_prng prng;
    uint32_t word;     /* current PRNG output */
    uint8_t left;      /* bytes of word not yet handed out */
    uint16_t failures; /* fill() calls still to fail */
    uint32_t bytes;
} fakeentropy;

static void fakeentropy_reset(uint32_t seed)
{
    fake_prng_seed(&fakeentropy.prng, seed);
    fakeentropy.seeded = true;
    fakeentropy.left = 0;
    fakeentropy.bytes = 0;
}

err_t FakeEntropy__entropy__fill(uint8_t *buf, uint16_t len)
{
    if (!fakeentropy.seeded)
        fakeentropy_reset((uint32_t)FakeEntropy__seed);
    if (fakeentropy.failures) {
        fakeentropy.failures--;
        return E_FAIL;
    }
    for (uint16_t i = 0; i < len; i++) {
        if (fakeentropy.left == 0) {
            fakeentropy.word = fake_prng_next(&fakeentropy.prng);
            fakeentropy.left = 4;
        }
        buf[i] = (uint8_t)fakeentropy.word;
        fakeentropy.word >>= 8;
        fakeentropy.left--;
    }
    fakeentropy.bytes += len;
    return E_OK;
}

void FakeEntropy__ctl__reseed(uint32_t seed)
{
    fakeentropy_reset(seed);
}

void FakeEntropy__ctl__fail_next(uint16_t n)
{
    fakeentropy.failures = n;
}

uint32_t FakeEntropy__ctl__bytes(void)
{
    return fakeentropy.bytes;
}
