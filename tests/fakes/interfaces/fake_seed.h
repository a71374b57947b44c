/* fake_seed.h: the FakeSeed interface (tests only): controls FakeEntropy's
 * deterministic byte stream and makes it fail on demand. */
#ifndef IF_FAKE_SEED_H
#define IF_FAKE_SEED_H
#include "interfaces/types.h"

/** Reseeding and fault injection for a fake entropy source. */
struct FakeSeed_if {
    /** @command Restart the byte stream from seed (same seed, same bytes). */
    void (*reseed)(uint32_t seed);
    /** @command Make the next n Entropy.fill() calls return E_FAIL. */
    void (*fail_next)(uint16_t n);
    /** @command Bytes handed out by fill() since the last reseed. */
    uint32_t (*bytes)(void);
};
#endif
