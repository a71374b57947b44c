/* psk_table.c: PskTable, the PskStore of a list of identities and keys
 * (PskList): the application's const table on a mote, PskFile on a host.
 *
 * Server: key(identity) looks the client's identity up; hint() is the
 * list's. Client: the identity presented to a server is chosen by this
 * rule, in order:
 *   1. the list's selected() entry (a tool's --identity), if any;
 *   2. else the entry whose identity equals the server's hint, if the
 *      server sent one and such an entry exists (a server that hints the
 *      identity it expects);
 *   3. else the first entry.
 * The same identity, and so the same key, is used with every server.
 *
 * Identities are compared with ct_equal() over every entry, without an
 * early exit: the time depends on the number of entries and their lengths,
 * never on their contents. Keys are copied only into the caller's buffer,
 * which the caller wipes (the DTLS component does). */
#include <string.h>

#include "interfaces/psk_list.h"
#include "interfaces/psk_store.h"
#include "lib/ct.h"

/* A sound entry: lengths within RFC 4279's bounds. */
static bool psktable_valid(const struct psk_entry *e)
{
    return e && e->identity && e->key && e->identity_len >= 1u && e->identity_len <= PSK_IDENTITY_MAX &&
           e->key_len >= 1u && e->key_len <= PSK_KEY_MAX;
}

/* The index of the first valid entry whose identity is id[0..len), or PSK_LIST_NONE. */
static uint16_t psktable_find(const uint8_t *id, uint16_t len)
{
    uint16_t found = PSK_LIST_NONE;
    uint16_t n = PskTable__list__count();
    for (uint16_t i = 0; i < n; i++) {
        const struct psk_entry *e = PskTable__list__entry(i);
        /* lengths are public (the identity travels in clear); contents are compared in constant time */
        bool same = psktable_valid(e) && e->identity_len == len && ct_equal(e->identity, id, len);
        if (same && found == PSK_LIST_NONE)
            found = i;
    }
    return found;
}

uint16_t PskTable__psk__hint(const struct endpoint *peer, uint8_t *hint, uint16_t cap)
{
    (void)peer;
    uint16_t len = PskTable__list__hint(hint, cap);
    return len <= cap ? len : 0;
}

/* The entry a client presents (the rule at the top of this file), or NULL. */
static const struct psk_entry *psktable_choose(const uint8_t *hint, uint16_t hint_len)
{
    uint16_t i = PskTable__list__selected();
    if (i == PSK_LIST_NONE && hint && hint_len)
        i = psktable_find(hint, hint_len);
    if (i == PSK_LIST_NONE)
        i = 0;
    const struct psk_entry *e = PskTable__list__entry(i);
    return psktable_valid(e) ? e : NULL;
}

uint8_t PskTable__psk__identity(const struct endpoint *peer, const uint8_t *hint, uint16_t hint_len,
                                uint8_t *identity)
{
    (void)peer;
    const struct psk_entry *e = psktable_choose(hint, hint_len);
    if (!e)
        return 0;
    memcpy(identity, e->identity, e->identity_len);
    return e->identity_len;
}

uint8_t PskTable__psk__key(const struct endpoint *peer, const uint8_t *identity, uint8_t identity_len,
                           uint8_t *key)
{
    (void)peer;
    if (!identity || identity_len == 0)
        return 0;
    uint16_t i = psktable_find(identity, identity_len);
    if (i == PSK_LIST_NONE)
        return 0;
    const struct psk_entry *e = PskTable__list__entry(i);
    memcpy(key, e->key, e->key_len);
    return e->key_len;
}
