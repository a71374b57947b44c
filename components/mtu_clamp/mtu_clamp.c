/* mtu_clamp.c: MtuClamp, a Datagram between a user (e.g. Dtls.transport)
 * and a link (e.g. PosixUdp) that lowers the link's mtu() to a limit set
 * at run time through MtuControl (0: no limit of its own). The user reads
 * the limit from mtu() and sizes its datagrams to it; a send above it is
 * refused with E_SIZE, so nothing larger ever reaches the link. Everything
 * else (open, close, send, its events) passes through unchanged. */
#include "interfaces/datagram.h"
#include "interfaces/mtu_control.h"

struct MtuClamp_self {
    uint16_t limit;
};

#define MTUCLAMP_DEFINE(inst, mtu_) struct MtuClamp_self inst##__self = {.limit = (mtu_)};
MtuClamp__INSTANCES(MTUCLAMP_DEFINE)
#undef MTUCLAMP_DEFINE

    err_t MtuClamp__control__set(struct MtuClamp_self *self, uint16_t mtu)
{
    self->limit = mtu;
    return E_OK;
}

uint16_t MtuClamp__control__get(struct MtuClamp_self *self)
{
    return self->limit;
}

uint16_t MtuClamp__datagram__mtu(struct MtuClamp_self *self)
{
    uint16_t link = MtuClamp__link__mtu(self);
    return self->limit && self->limit < link ? self->limit : link;
}

err_t MtuClamp__datagram__open(struct MtuClamp_self *self, const struct endpoint *local)
{
    return MtuClamp__link__open(self, local);
}

void MtuClamp__datagram__close(struct MtuClamp_self *self)
{
    MtuClamp__link__close(self);
}

err_t MtuClamp__datagram__send(struct MtuClamp_self *self, const struct endpoint *to, const uint8_t *buf,
                               uint16_t len)
{
    if (len > MtuClamp__datagram__mtu(self))
        return E_SIZE;
    return MtuClamp__link__send(self, to, buf, len);
}

void MtuClamp__link__send_done(struct MtuClamp_self *self, const uint8_t *buf, err_t result)
{
    MtuClamp__datagram__send_done(self, buf, result);
}

void MtuClamp__link__received(struct MtuClamp_self *self, const struct endpoint *from, const uint8_t *buf,
                              uint16_t len)
{
    MtuClamp__datagram__received(self, from, buf, len);
}
