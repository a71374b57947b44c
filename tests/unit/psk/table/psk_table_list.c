/* psk_table_list.c: PskTableList, the const table test_psk_table gives
 * PskTable (as a mote's application would): "client1" (16-byte key),
 * "client" (a prefix of it, 4 bytes), a 64-byte key, and "broken" (no key:
 * an unsound entry PskTable must never use). PskListCtl shows only the
 * first entries, selects one and sets the hint. */
#include <string.h>

#include "interfaces/psk_list.h"
#include "tests/fakes/interfaces/psk_list_ctl.h"

static const uint8_t psktablelist_k1[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t psktablelist_k2[4] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t psktablelist_k3[64] = {[0] = 0x33, [63] = 0x34};

static const struct psk_entry psktablelist_table[] = {
    {(const uint8_t *)"client1", psktablelist_k1, 7, 16},
    {(const uint8_t *)"client", psktablelist_k2, 6, 4},
    {(const uint8_t *)"node-with-a-64-byte-key", psktablelist_k3, 23, 64},
    {(const uint8_t *)"broken", psktablelist_k1, 6, 0},
};

static struct {
    uint16_t count;
    uint16_t selected;
    const char *hint;
} psktablelist = {4, PSK_LIST_NONE, NULL};

void PskTableList__ctl__set(uint16_t count, uint16_t selected, const char *hint)
{
    psktablelist.count = count;
    psktablelist.selected = selected;
    psktablelist.hint = hint;
}

uint16_t PskTableList__list__count(void)
{
    return psktablelist.count;
}

const struct psk_entry *PskTableList__list__entry(uint16_t i)
{
    return i < psktablelist.count ? &psktablelist_table[i] : NULL;
}

uint16_t PskTableList__list__hint(uint8_t *hint, uint16_t cap)
{
    uint16_t n = psktablelist.hint ? (uint16_t)strlen(psktablelist.hint) : 0;
    if (n == 0 || n > cap)
        return 0;
    memcpy(hint, psktablelist.hint, n);
    return n;
}

uint16_t PskTableList__list__selected(void)
{
    return psktablelist.selected;
}
