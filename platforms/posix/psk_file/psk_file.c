/* psk_file.c: PskFile, a table of pre-shared keys in RAM for host tools,
 * filled at startup by PskConfig (a PSK file, entries from the command
 * line, a hint, the identity a client presents) and read by PskTable
 * through PskList.
 *
 * The PSK file format (the same file works with gnutls-serv --pskpasswd):
 *   - one entry per line: IDENTITY:HEXKEY, e.g. "client1:000102030405060708090a0b0c0d0e0f";
 *   - IDENTITY is everything before the first ':', taken literally:
 *     1..128 bytes, no ':' and no control characters;
 *   - HEXKEY is 1..64 bytes as an even number of hex digits (either case),
 *     nothing else on the line (no spaces); a CR before the LF is allowed;
 *   - empty lines, and lines whose first character is '#', are ignored;
 *   - an identity may appear only once; at most max_entries entries.
 * A file is read whole (at most 64 KiB) and added all or nothing; an error
 * says which line and why. The read buffer, and on failure the entries
 * taken from the file, are wiped; clear() wipes the whole table. The file
 * is read with open()/read(), not stdio, so no library buffer keeps a copy
 * of the keys. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "interfaces/psk_config.h"
#include "interfaces/psk_list.h"
#include "interfaces/psk_store.h"
#include "lib/ct.h"
#include "lib/hex.h"
#include "lib/wipe.h"

#define PSKFILE_MAX_BYTES 65536u
#define PSKFILE_LINE_MAX  512u

struct pskfile_slot {
    struct psk_entry view; /* what PskList hands out: points into the arrays below */
    uint32_t line;         /* where it came from: a file line, 0 for add() */
    uint8_t identity[PSK_IDENTITY_MAX];
    uint8_t key[PSK_KEY_MAX];
};

static struct {
    struct pskfile_slot slot[PskFile__max_entries];
    uint16_t count;
    uint16_t selected;
    uint16_t hint_len;
    uint8_t hint[PSK_HINT_MAX];
    bool full;                        /* the last load() failed because the table was full */
    char file[PSKFILE_MAX_BYTES + 1]; /* the file being read; wiped after */
} pskfile = {.selected = PSK_LIST_NONE};

/* ---- PskList ----------------------------------------------------------- */

uint16_t PskFile__list__count(void)
{
    return pskfile.count;
}

const struct psk_entry *PskFile__list__entry(uint16_t i)
{
    return i < pskfile.count ? &pskfile.slot[i].view : NULL;
}

uint16_t PskFile__list__hint(uint8_t *hint, uint16_t cap)
{
    if (pskfile.hint_len > cap)
        return 0;
    memcpy(hint, pskfile.hint, pskfile.hint_len);
    return pskfile.hint_len;
}

uint16_t PskFile__list__selected(void)
{
    return pskfile.selected;
}

/* ---- the table ----------------------------------------------------------- */

/* The index of identity in the table (constant-time compare), or PSK_LIST_NONE. */
static uint16_t pskfile_find(const uint8_t *identity, uint8_t len)
{
    uint16_t found = PSK_LIST_NONE;
    for (uint16_t i = 0; i < pskfile.count; i++) {
        const struct pskfile_slot *s = &pskfile.slot[i];
        bool same = s->view.identity_len == len && ct_equal(s->identity, identity, len);
        if (same && found == PSK_LIST_NONE)
            found = i;
    }
    return found;
}

static err_t pskfile_add(const uint8_t *identity, uint8_t identity_len, const uint8_t *key, uint8_t key_len,
                         uint32_t line)
{
    if (!identity || !key || identity_len == 0 || identity_len > PSK_IDENTITY_MAX || key_len == 0 ||
        key_len > PSK_KEY_MAX)
        return E_SIZE;
    if (pskfile_find(identity, identity_len) != PSK_LIST_NONE)
        return E_ALREADY;
    if (pskfile.count >= PskFile__max_entries)
        return E_NOMEM;
    struct pskfile_slot *s = &pskfile.slot[pskfile.count++];
    memcpy(s->identity, identity, identity_len);
    memcpy(s->key, key, key_len);
    s->line = line;
    s->view = (struct psk_entry){
        .identity = s->identity, .key = s->key, .identity_len = identity_len, .key_len = key_len};
    return E_OK;
}

/* Wipe and forget entries from index `from` on. */
static void pskfile_truncate(uint16_t from)
{
    if (from >= pskfile.count)
        return;
    wipe(&pskfile.slot[from], (size_t)(pskfile.count - from) * sizeof pskfile.slot[0]);
    pskfile.count = from;
    if (pskfile.selected != PSK_LIST_NONE && pskfile.selected >= from)
        pskfile.selected = PSK_LIST_NONE;
}

/* ---- parsing one line ------------------------------------------------------ */

static bool pskfile_fail(struct psk_config_error *error, uint32_t line, const char *why)
{
    error->line = line;
    snprintf(error->why, sizeof error->why, "%s", why);
    return false;
}

/* HEXKEY text[0..len) into key; false with the reason in error. */
static bool pskfile_key(const char *text, size_t len, uint8_t *key, uint8_t *key_len, uint32_t line,
                        struct psk_config_error *error)
{
    if (len == 0)
        return pskfile_fail(error, line, "empty key after ':'");
    for (size_t i = 0; i < len; i++) {
        if (hex_digit(text[i]) < 0) {
            error->line = line;
            snprintf(error->why, sizeof error->why, "key: character %u after ':' is not a hex digit",
                     (unsigned)(i + 1));
            return false;
        }
    }
    if (len % 2u)
        return pskfile_fail(error, line, "key: odd number of hex digits");
    if (len / 2u > PSK_KEY_MAX)
        return pskfile_fail(error, line, "key longer than 64 bytes (128 hex digits)");
    (void)hex_decode(text, len / 2u, key); /* every digit was checked above */
    *key_len = (uint8_t)(len / 2u);
    return true;
}

static bool pskfile_identity_ok(const char *text, size_t len, uint32_t line, struct psk_config_error *error)
{
    if (len == 0)
        return pskfile_fail(error, line, "empty identity before ':'");
    if (len > PSK_IDENTITY_MAX)
        return pskfile_fail(error, line, "identity longer than 128 bytes");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20u || c == 0x7fu)
            return pskfile_fail(error, line, "identity contains a control character");
    }
    return true;
}

/* Duplicate identity: say where the first one is. */
static bool pskfile_duplicate(const uint8_t *identity, uint8_t len, uint32_t line,
                              struct psk_config_error *error)
{
    const struct pskfile_slot *first = &pskfile.slot[pskfile_find(identity, len)];
    error->line = line;
    if (first->line)
        snprintf(error->why, sizeof error->why, "identity already defined on line %lu",
                 (unsigned long)first->line);
    else
        snprintf(error->why, sizeof error->why, "identity already given on the command line");
    return false;
}

/* One line (without its LF): skip it, or add its entry; false on an error. */
static bool pskfile_line(const char *text, size_t len, uint32_t line, struct psk_config_error *error)
{
    if (len && text[len - 1] == '\r')
        len--;
    if (len == 0 || text[0] == '#')
        return true;
    if (len > PSKFILE_LINE_MAX)
        return pskfile_fail(error, line, "line longer than 512 characters");
    const char *colon = memchr(text, ':', len);
    if (!colon)
        return pskfile_fail(error, line, "expected IDENTITY:HEXKEY (no ':' on the line)");
    size_t id_len = (size_t)(colon - text);
    uint8_t key[PSK_KEY_MAX];
    uint8_t key_len = 0;
    if (!pskfile_identity_ok(text, id_len, line, error) ||
        !pskfile_key(colon + 1, len - id_len - 1u, key, &key_len, line, error))
        return false;
    err_t e = pskfile_add((const uint8_t *)text, (uint8_t)id_len, key, key_len, line);
    wipe(key, sizeof key);
    if (e == E_ALREADY)
        return pskfile_duplicate((const uint8_t *)text, (uint8_t)id_len, line, error);
    if (e == E_NOMEM) {
        pskfile.full = true;
        return pskfile_fail(error, line, "more entries than the table holds");
    }
    return e == E_OK || pskfile_fail(error, line, "entry refused");
}

/* ---- reading the file --------------------------------------------------- */

/* The whole file into pskfile.file; its length, or -1 with the reason in error. */
static long pskfile_read(const char *path, struct psk_config_error *error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error->line = 0;
        snprintf(error->why, sizeof error->why, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, pskfile.file + have, sizeof pskfile.file - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : 0;
            close(fd);
            if (err) {
                error->line = 0;
                snprintf(error->why, sizeof error->why, "cannot read: %s", strerror(err));
                return -1;
            }
            break;
        }
        have += (size_t)n;
        if (have > PSKFILE_MAX_BYTES) {
            close(fd);
            (void)pskfile_fail(error, 0, "larger than 65536 bytes");
            return -1;
        }
    }
    return (long)have;
}

static bool pskfile_parse(size_t len, struct psk_config_error *error)
{
    uint32_t line = 1;
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(pskfile.file + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - pskfile.file) : len;
        if (!pskfile_line(pskfile.file + start, end - start, line, error))
            return false;
        start = end + 1u;
        line++;
    }
    return true;
}

err_t PskFile__config__load(const char *path, struct psk_config_error *error)
{
    struct psk_config_error scratch;
    if (!error)
        error = &scratch;
    uint16_t before = pskfile.count;
    pskfile.full = false;
    long len = path ? pskfile_read(path, error) : -1;
    if (len < 0) {
        wipe(pskfile.file, sizeof pskfile.file);
        return E_FAIL;
    }
    bool ok = pskfile_parse((size_t)len, error);
    wipe(pskfile.file, (size_t)len);
    if (ok && pskfile.count == before)
        ok = pskfile_fail(error, 0, "no IDENTITY:HEXKEY line in the file");
    if (!ok) {
        pskfile_truncate(before);
        return pskfile.full ? E_NOMEM : E_INVAL;
    }
    return E_OK;
}

/* ---- PskConfig ---------------------------------------------------------------- */

err_t PskFile__config__add(const uint8_t *identity, uint8_t identity_len, const uint8_t *key, uint8_t key_len)
{
    return pskfile_add(identity, identity_len, key, key_len, 0);
}

err_t PskFile__config__set_hint(const uint8_t *hint, uint16_t len)
{
    if (len > PSK_HINT_MAX || (len && !hint))
        return E_SIZE;
    if (len)
        memcpy(pskfile.hint, hint, len);
    pskfile.hint_len = len;
    return E_OK;
}

err_t PskFile__config__select(const uint8_t *identity, uint8_t identity_len)
{
    uint16_t i = identity ? pskfile_find(identity, identity_len) : PSK_LIST_NONE;
    if (i == PSK_LIST_NONE)
        return E_INVAL;
    pskfile.selected = i;
    return E_OK;
}

void PskFile__config__clear(void)
{
    wipe(pskfile.slot, sizeof pskfile.slot);
    wipe(pskfile.hint, sizeof pskfile.hint);
    pskfile.count = 0;
    pskfile.hint_len = 0;
    pskfile.selected = PSK_LIST_NONE;
}
