/* hmac.c: HMAC, HMAC-SHA256 (RFC 2104, FIPS 198-1) over the Hash interface.
 *
 * init() absorbs K0 ^ ipad and K0 ^ opad once and keeps the two chaining
 * states (struct hash_state, 40 bytes each): every message after that costs
 * the message's blocks plus two compressions, and final() leaves the context
 * keyed for the next message, which is what the TLS PRF wants (P_SHA256 is
 * many HMACs under one key). K0 is the key zero-padded to a block, or the
 * SHA-256 of a key longer than a block (RFC 2104 section 2). Every
 * temporary that held key material is wiped; verify() compares in constant
 * time (lib/ct.h). */
#include "interfaces/hash.h"
#include "interfaces/mac.h"
#include "lib/ct.h"
#include "lib/wipe.h"
#include <string.h>

void HMAC__mac__init(struct mac_ctx *ctx, const uint8_t *key, uint16_t key_len)
{
    uint8_t k0[HASH_BLOCK_LEN];
    memset(k0, 0, sizeof k0);
    if (key_len > HASH_BLOCK_LEN)
        HMAC__hash__digest(key, key_len, k0);
    else if (key_len)
        memcpy(k0, key, key_len);
    /* K0 ^ ipad into a fresh hash, then K0 ^ opad (k0 ^= ipad ^ opad): each
     * block-aligned state is kept */
    struct hash_state *keyed = &ctx->ikey;
    uint8_t pad = 0x36;
    for (uint8_t round = 0; round < 2; round++) {
        for (uint8_t i = 0; i < HASH_BLOCK_LEN; i++)
            k0[i] ^= pad;
        HMAC__hash__init(&ctx->hash);
        HMAC__hash__update(&ctx->hash, k0, HASH_BLOCK_LEN);
        *keyed = ctx->hash.st;
        keyed = &ctx->okey;
        pad = 0x36 ^ 0x5c;
    }
    ctx->hash.st = ctx->ikey;
    wipe(k0, sizeof k0);
}

void HMAC__mac__update(struct mac_ctx *ctx, const uint8_t *data, uint16_t len)
{
    HMAC__hash__update(&ctx->hash, data, len);
}

void HMAC__mac__final(struct mac_ctx *ctx, uint8_t *out)
{
    uint8_t inner[HASH_LEN];
    HMAC__hash__final(&ctx->hash, inner);
    ctx->hash.st = ctx->okey;
    HMAC__hash__update(&ctx->hash, inner, HASH_LEN);
    HMAC__hash__final(&ctx->hash, out);
    ctx->hash.st = ctx->ikey; /* keyed again, ready for the next message */
    wipe(inner, sizeof inner);
}

bool HMAC__mac__verify(struct mac_ctx *ctx, const uint8_t *tag, uint16_t tag_len)
{
    uint8_t mine[MAC_LEN];
    HMAC__mac__final(ctx, mine);
    /* The length is public (it is the protocol's tag length): only the
     * bytes are compared in constant time. */
    bool ok = tag_len >= 1 && tag_len <= MAC_LEN && ct_equal(mine, tag, tag_len);
    wipe(mine, sizeof mine);
    return ok;
}

void HMAC__mac__clear(struct mac_ctx *ctx)
{
    wipe(ctx, sizeof *ctx);
}

void HMAC__mac__mac(const uint8_t *key, uint16_t key_len, const uint8_t *data, uint16_t len, uint8_t *out)
{
    struct mac_ctx ctx;
    HMAC__mac__init(&ctx, key, key_len);
    HMAC__mac__update(&ctx, data, len);
    HMAC__mac__final(&ctx, out);
    HMAC__mac__clear(&ctx);
}
