/* fake_prng.h: the deterministic PRNG the fakes share (FakeEntropy's byte
 * stream, FakeLink's loss, duplication and reordering): a Weyl sequence
 * through MurmurHash3's 32-bit finaliser ("splitmix32"). Same seed, same
 * sequence, on every host and on the MSP430 (32-bit arithmetic only, no
 * division). Not for cryptography: tests only. */
#ifndef TESTS_FAKE_PRNG_H
#define TESTS_FAKE_PRNG_H
#include <stdint.h>

struct fake_prng {
    uint32_t state;
};

static inline void fake_prng_seed(struct fake_prng *p, uint32_t seed)
{
    p->state = seed;
}

static inline uint32_t fake_prng_next(struct fake_prng *p)
{
    uint32_t z = (p->state += UINT32_C(0x9E3779B9));
    z = (z ^ (z >> 16)) * UINT32_C(0x85EBCA6B);
    z = (z ^ (z >> 13)) * UINT32_C(0xC2B2AE35);
    return z ^ (z >> 16);
}

/* Uniform in 0..n-1 for 1 <= n <= 65535 (bias below 2^-16): the top 16
 * bits scaled by n, a multiply instead of a modulo. */
static inline uint16_t fake_prng_below(struct fake_prng *p, uint16_t n)
{
    return (uint16_t)(((fake_prng_next(p) >> 16) * (uint32_t)n) >> 16);
}

#endif
