/* prng.c: PRNG, HMAC_DRBG (NIST SP 800-90A Rev. 1, section 10.1.2) with
 * HMAC-SHA256 at a security strength of 256 bits.
 *
 * Instantiate takes 32 bytes of entropy input and a 16-byte nonce from two
 * Entropy.fill() calls (in that order), then the optional personalisation
 * string; reseed takes 32 bytes of entropy and the optional additional
 * input. generate() instantiates on first use (no personalisation) and
 * reseeds by itself once reseed_interval requests have been served since
 * the last (re)seed (the "reseed counter" of the standard). If the entropy
 * source fails the call returns E_FAIL, the output buffer is zeroed, and an
 * instantiate failure leaves the generator unseeded, so that no output is
 * ever produced from a state that was not properly seeded. reseed() on an
 * unseeded generator instantiates it (the additional input becoming the
 * personalisation string). A request for 0 bytes is a no-op.
 *
 * The state (Key, V) is this component's own .bss; the seed material is
 * never concatenated into a buffer: HMAC's streaming update() absorbs it
 * piece by piece. Entropy and every temporary are wiped after use. */
#include "interfaces/entropy.h"
#include "interfaces/mac.h"
#include "interfaces/random.h"
#include "lib/wipe.h"
#include <string.h>

enum {
    PRNG_ENTROPY_LEN = 32, /* security_strength / 8 */
    PRNG_NONCE_LEN = 16    /* security_strength / 16 */
};

static struct {
    uint8_t key[MAC_LEN];
    uint8_t v[MAC_LEN];
    uint32_t counter; /* reseed_counter: requests since the last (re)seed, plus one */
    bool seeded;
} prng;

/* HMAC_DRBG_Update (10.1.2.2) with provided_data = p1 || p2 || p3 (each may be empty). */
static void prng_update(const uint8_t *p1, uint16_t l1, const uint8_t *p2, uint16_t l2, const uint8_t *p3,
                        uint16_t l3)
{
    struct mac_ctx ctx;
    bool provided = l1 || l2 || l3;
    for (uint8_t round = 0; round < 2; round++) {
        uint8_t sep = round;
        PRNG__mac__init(&ctx, prng.key, MAC_LEN);
        PRNG__mac__update(&ctx, prng.v, MAC_LEN);
        PRNG__mac__update(&ctx, &sep, 1);
        PRNG__mac__update(&ctx, p1, l1);
        PRNG__mac__update(&ctx, p2, l2);
        PRNG__mac__update(&ctx, p3, l3);
        PRNG__mac__final(&ctx, prng.key);
        PRNG__mac__init(&ctx, prng.key, MAC_LEN);
        PRNG__mac__update(&ctx, prng.v, MAC_LEN);
        PRNG__mac__final(&ctx, prng.v);
        if (!provided)
            break;
    }
    PRNG__mac__clear(&ctx);
}

/* Instantiate (10.1.2.3): Key = 0x00..., V = 0x01..., Update(entropy || nonce || perso). */
static err_t prng_instantiate(const uint8_t *perso, uint16_t len)
{
    uint8_t seed[PRNG_ENTROPY_LEN + PRNG_NONCE_LEN];
    err_t r = E_FAIL;
    prng.seeded = false;
    if (PRNG__entropy__fill(seed, PRNG_ENTROPY_LEN) == E_OK &&
        PRNG__entropy__fill(seed + PRNG_ENTROPY_LEN, PRNG_NONCE_LEN) == E_OK) {
        memset(prng.key, 0x00, MAC_LEN);
        memset(prng.v, 0x01, MAC_LEN);
        prng_update(seed, PRNG_ENTROPY_LEN, seed + PRNG_ENTROPY_LEN, PRNG_NONCE_LEN, perso, len);
        prng.counter = 1;
        prng.seeded = true;
        r = E_OK;
    } else {
        wipe(prng.key, MAC_LEN);
        wipe(prng.v, MAC_LEN);
    }
    wipe(seed, sizeof seed);
    return r;
}

/* Reseed (10.1.2.4): Update(entropy || additional). On failure the state is
 * kept as it was (still seeded, counter unchanged). */
static err_t prng_reseed(const uint8_t *additional, uint16_t len)
{
    uint8_t entropy[PRNG_ENTROPY_LEN];
    err_t r = E_FAIL;
    if (PRNG__entropy__fill(entropy, PRNG_ENTROPY_LEN) == E_OK) {
        prng_update(entropy, PRNG_ENTROPY_LEN, additional, len, NULL, 0);
        prng.counter = 1;
        r = E_OK;
    }
    wipe(entropy, sizeof entropy);
    return r;
}

err_t PRNG__random__instantiate(const uint8_t *personalization, uint16_t len)
{
    return prng_instantiate(personalization, len);
}

err_t PRNG__random__reseed(const uint8_t *additional, uint16_t len)
{
    if (!prng.seeded)
        return prng_instantiate(additional, len);
    return prng_reseed(additional, len);
}

/* Generate (10.1.2.5) without additional input, instantiating or reseeding first if needed. */
err_t PRNG__random__generate(uint8_t *buf, uint16_t len)
{
    if (len == 0)
        return E_OK; /* no request: no state change (as OpenSSL's EVP_RAND_generate) */
    bool ready = prng.seeded || prng_instantiate(NULL, 0) == E_OK;
    if (ready && prng.counter > (uint32_t)PRNG__reseed_interval)
        ready = prng_reseed(NULL, 0) == E_OK;
    if (!ready) {
        memset(buf, 0, len);
        return E_FAIL;
    }
    struct mac_ctx ctx;
    PRNG__mac__init(&ctx, prng.key, MAC_LEN);
    for (uint16_t off = 0; off < len;) {
        PRNG__mac__update(&ctx, prng.v, MAC_LEN);
        PRNG__mac__final(&ctx, prng.v); /* ctx stays keyed with Key */
        uint16_t n = (uint16_t)(len - off) < MAC_LEN ? (uint16_t)(len - off) : MAC_LEN;
        memcpy(buf + off, prng.v, n);
        off = (uint16_t)(off + n);
    }
    PRNG__mac__clear(&ctx);
    prng_update(NULL, 0, NULL, 0, NULL, 0);
    prng.counter++;
    return E_OK;
}
