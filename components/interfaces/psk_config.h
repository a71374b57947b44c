/* psk_config.h: the PskConfig interface: how a host tool fills a PskFile at
 * startup (from a key file and from the command line) and wipes it at the
 * end. The file format is in platforms/posix/psk_file/psk_file.c. */
#ifndef IF_PSK_CONFIG_H
#define IF_PSK_CONFIG_H
#include "interfaces/types.h"

#define PSK_CONFIG_WHY_MAX 96 /* psk_config_error.why, NUL included */

/* Where and why load() failed: line 0 is about the file as a whole. */
struct psk_config_error {
    uint32_t line;
    char why[PSK_CONFIG_WHY_MAX];
};

/** Startup configuration of a table of pre-shared keys. */
struct PskConfig_if {
    // clang-format off
    /** @command Add every entry of the PSK file at path (all or none): E_OK; E_FAIL (cannot read it), E_INVAL (a line does not parse, or an identity is there twice), E_NOMEM (more entries than the table holds), with the line and reason in *error. */
    err_t (*load)(const char *path, struct psk_config_error *error);
    /** @command Add one entry (the bytes are copied): E_OK; E_SIZE for a length out of range; E_ALREADY if the identity is in the table; E_NOMEM if the table is full. */
    err_t (*add)(const uint8_t *identity, uint8_t identity_len, const uint8_t *key, uint8_t key_len);
    /** @command Server: set the identity hint (len 0: none): E_OK, E_SIZE if len > PSK_HINT_MAX. */
    err_t (*set_hint)(const uint8_t *hint, uint16_t len);
    /** @command Client: present this identity to every server: E_OK, E_INVAL if it is not in the table. */
    err_t (*select)(const uint8_t *identity, uint8_t identity_len);
    /** @command Wipe every key and forget every entry, the hint and the selection. */
    void (*clear)(void);
    // clang-format on
};
#endif
