/* bench_tap.c: BenchTap, a counting Datagram tap: every datagram sent down
 * (accepted by the layer below) and every one received from it is counted
 * with its payload bytes, then passed on unchanged. */
#include "interfaces/datagram.h"
#include "../interfaces/traffic_count.h"

static struct {
    uint32_t datagrams, bytes;
} benchtap;

err_t BenchTap__up__open(const struct endpoint *local)
{
    return BenchTap__down__open(local);
}

void BenchTap__up__close(void)
{
    BenchTap__down__close();
}

uint16_t BenchTap__up__mtu(void)
{
    return BenchTap__down__mtu();
}

err_t BenchTap__up__send(const struct endpoint *to, const uint8_t *buf, uint16_t len)
{
    err_t e = BenchTap__down__send(to, buf, len);
    if (e == E_OK) {
        benchtap.datagrams++;
        benchtap.bytes += len;
    }
    return e;
}

void BenchTap__down__send_done(const uint8_t *buf, err_t result)
{
    BenchTap__up__send_done(buf, result);
}

void BenchTap__down__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    benchtap.datagrams++;
    benchtap.bytes += len;
    BenchTap__up__received(from, buf, len);
}

uint32_t BenchTap__count__datagrams(void)
{
    return benchtap.datagrams;
}

uint32_t BenchTap__count__bytes(void)
{
    return benchtap.bytes;
}
