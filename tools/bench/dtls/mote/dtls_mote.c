/* dtls_mote.c: DtlsMote, the application of the DTLS size images: opens
 * the secured Datagram on port 5684 at boot, echoes every record back to
 * its sender and, with `connect`, starts a session with a fixed peer, so
 * that an image keeps exactly the code a DTLS echo mote of that role needs
 * (the figures are flash and RAM; the images are built, not run). */
#include "interfaces/boot.h"
#include "interfaces/datagram.h"
#include "interfaces/session.h"
#include "lib/endpoint.h"

#define DTLSMOTE_PORT 5684u
#define DTLSMOTE_ECHO 64u

static struct {
    bool busy;
    uint8_t echo[DTLSMOTE_ECHO];
} dtlsmote;

void DtlsMote__boot__booted(void)
{
    static const uint8_t peer_addr[16] = {0xfe, 0x80, [15] = 2};
    struct endpoint local, peer;
    endpoint_set_ip6(&local, (const uint8_t[16]){0}, DTLSMOTE_PORT);
    if (DtlsMote__net__open(&local) != E_OK || !DtlsMote__connect)
        return;
    endpoint_set_ip6(&peer, peer_addr, DTLSMOTE_PORT);
    (void)DtlsMote__session__connect(&peer);
}

void DtlsMote__net__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    if (dtlsmote.busy || len > sizeof dtlsmote.echo)
        return;
    for (uint16_t i = 0; i < len; i++)
        dtlsmote.echo[i] = buf[i];
    dtlsmote.busy = DtlsMote__net__send(from, dtlsmote.echo, len) == E_OK;
}

void DtlsMote__net__send_done(const uint8_t *buf, err_t result)
{
    (void)buf, (void)result;
    dtlsmote.busy = false;
}

void DtlsMote__session__connected(const struct endpoint *peer)
{
    (void)peer;
}

void DtlsMote__session__closed(const struct endpoint *peer, uint8_t reason, uint8_t alert)
{
    (void)peer, (void)reason, (void)alert;
}
