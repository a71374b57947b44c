/* mtu_control.h: the MtuControl interface: set at run time the largest
 * datagram a component (MtuClamp) lets through, e.g. from a tool's --mtu. */
#ifndef IF_MTU_CONTROL_H
#define IF_MTU_CONTROL_H
#include "interfaces/types.h"

/** A run-time limit on datagram payloads. */
struct MtuControl_if {
    /** @command Limit payloads to mtu bytes (0: no limit of our own, the link's). E_OK. */
    err_t (*set)(uint16_t mtu);
    /** @command The limit set (0: none). */
    uint16_t (*get)(void);
};
#endif
