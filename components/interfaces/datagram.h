/* datagram.h: the Datagram interface: unreliable messages to and from
 * endpoints. UDP provides it over sockets or 6LoWPAN, DTLS provides it
 * secured; CoAP uses it without knowing which. */
#ifndef IF_DATAGRAM_H
#define IF_DATAGRAM_H
#include "interfaces/types.h"
#include "lib/endpoint.h"

/** A datagram service bound to one local endpoint. */
struct Datagram_if {
    /** @command Bind to local (its port; the address may be unspecified):
     * E_OK, E_ALREADY if open, E_INVAL for a bad address, E_FAIL otherwise. */
    err_t (*open)(const struct endpoint *local);
    /** @command Stop receiving and release the binding. */
    void (*close)(void);
    /** @command Split-phase send of len bytes to `to`: on E_OK the buffer
     * belongs to the provider until send_done; E_BUSY if a send is pending,
     * E_SIZE if len exceeds mtu(), E_OFF if not open, E_INVAL for a bad
     * destination. */
    err_t (*send)(const struct endpoint *to, const uint8_t *buf, uint16_t len);
    /** @event The send accepted earlier finished (E_OK) or failed; buf is
     * the caller's again. Never signalled from inside send(). */
    void (*send_done)(const uint8_t *buf, err_t result);
    /** @event A datagram arrived; buf is valid only during the call. */
    void (*received)(const struct endpoint *from, const uint8_t *buf, uint16_t len);
    /** @command Largest payload send() accepts. */
    uint16_t (*mtu)(void);
};
#endif
