/* psk_list_ctl.h: the PskListCtl interface (tests only): what
 * test_psk_table changes in the const table its PskTableList provides. */
#ifndef IF_PSK_LIST_CTL_H
#define IF_PSK_LIST_CTL_H
#include "interfaces/types.h"

/** How much of the table is visible, the selection and the hint. */
struct PskListCtl_if {
    /** @command Show the first count entries, select one (PSK_LIST_NONE: none), hint (NULL: none). */
    void (*set)(uint16_t count, uint16_t selected, const char *hint);
};
#endif
