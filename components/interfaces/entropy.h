/* entropy.h: the Entropy interface: the platform's source of true randomness. */
#ifndef IF_ENTROPY_H
#define IF_ENTROPY_H
#include "interfaces/types.h"

/** Seed material for the DRBG (posix: getrandom()). */
struct Entropy_if {
    /** @command Fill buf with len bytes of entropy: E_OK, or E_FAIL if the
     * source failed (the buffer content is then unspecified). */
    err_t (*fill)(uint8_t *buf, uint16_t len);
};
#endif
