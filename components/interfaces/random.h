/* random.h: the Random interface: cryptographically secure random bytes
 * (PRNG: HMAC_DRBG, NIST SP 800-90A, seeded from the platform's Entropy). */
#ifndef IF_RANDOM_H
#define IF_RANDOM_H
#include "interfaces/types.h"

/** A deterministic random bit generator seeded from true entropy. */
struct Random_if {
    /** @command Instantiate (or re-instantiate) from fresh entropy with an optional personalisation
     * string: E_OK, or E_FAIL if the entropy source failed (then the generator is unseeded). */
    err_t (*instantiate)(const uint8_t *personalization, uint16_t len);
    /** @command Fill buf with len random bytes: E_OK, or E_FAIL if the generator could not be
     * (re)seeded because the entropy source failed; buf is then zeroed. The first call instantiates
     * if instantiate() was never called; a reseed happens automatically when due. */
    err_t (*generate)(uint8_t *buf, uint16_t len);
    /** @command Reseed now from fresh entropy plus optional additional input: E_OK or E_FAIL. */
    err_t (*reseed)(const uint8_t *additional, uint16_t len);
};
#endif
