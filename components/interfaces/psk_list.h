/* psk_list.h: the PskList interface: the pre-shared keys a PskTable looks
 * up, as a list of entries. On a mote the application provides it from a
 * const table in flash; on a host PskFile provides it from a key file. */
#ifndef IF_PSK_LIST_H
#define IF_PSK_LIST_H
#include "interfaces/types.h"

#define PSK_LIST_NONE 0xFFFFu /* selected(): no identity chosen, the client rule decides */

/* One identity and its key. Lengths: identity 1..PSK_IDENTITY_MAX (128),
 * key 1..PSK_KEY_MAX (64) (interfaces/psk_store.h). */
struct psk_entry {
    const uint8_t *identity;
    const uint8_t *key;
    uint8_t identity_len;
    uint8_t key_len;
};

/** Entries 0..count()-1, the hint a server sends, the identity a client
 * presents. The key bytes are secret: a user copies them out only to hand
 * them to the DTLS component, and wipes its copy. */
struct PskList_if {
    // clang-format off
    /** @command Number of entries. */
    uint16_t (*count)(void);
    /** @command Entry i, or NULL if i >= count(). */
    const struct psk_entry *(*entry)(uint16_t i);
    /** @command Server: the identity hint, written to hint[0..cap); returns its length, 0 for none. */
    uint16_t (*hint)(uint8_t *hint, uint16_t cap);
    /** @command Client: the index of the entry to present to every server, or PSK_LIST_NONE to let the hint or the first entry decide. */
    uint16_t (*selected)(void);
    // clang-format on
};
#endif
