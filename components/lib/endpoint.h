/* endpoint.h: where a datagram comes from or goes to, for every transport
 * of the stack: an IP endpoint (IPv6 address and UDP port; IPv4 is carried
 * as the v4-mapped IPv6 address ::ffff:a.b.c.d, RFC 4291 2.5.5.2), or an
 * IEEE 802.15.4 short (16-bit) or extended (64-bit) link address.
 *
 * Pure C, no sockets and no stdio: it compiles for the MSP430, and the
 * posix UDP driver converts to and from struct sockaddr_in6 itself. The
 * address is kept as bytes in network order, so the struct has no member
 * wider than 16 bits: 20 bytes, 2-aligned on every target, and never read
 * through a misaligned pointer.
 *
 * Text forms (endpoint_format() writes them, endpoint_parse() reads them
 * and a few more):
 *   [2001:db8::1]:5684              IPv6, RFC 5952 canonical (lower case,
 *                                   longest zero run as "::", first on a tie)
 *   127.0.0.1:5683                  a v4-mapped address is shown as IPv4
 *   short:0x1234                    802.15.4 short address
 *   ext:00:12:74:00:01:02:03:04     802.15.4 extended address, MSB first
 *
 * endpoint.c must be compiled into every image (components/meson.build
 * puts it in the `components` library). */
#ifndef LIB_ENDPOINT_H
#define LIB_ENDPOINT_H
#include "interfaces/types.h"

enum endpoint_kind {
    ENDPOINT_NONE = 0,  /* unset (a zeroed struct): matches nothing */
    ENDPOINT_IP = 1,    /* addr[0..15] IPv6 address, port = UDP port */
    ENDPOINT_SHORT = 2, /* addr[0..1] 802.15.4 short address, big-endian */
    ENDPOINT_EXT = 3    /* addr[0..7] 802.15.4 extended address, MSB first */
};

struct endpoint {
    uint8_t addr[16]; /* network byte order; unused bytes are zero */
    uint16_t port;    /* host byte order; 0 for the link kinds */
    uint8_t kind;     /* enum endpoint_kind */
    uint8_t reserved; /* zero (room for a PAN id index or a scope later) */
};

/* Longest endpoint_format() text plus its NUL: "[" 39 "]:" 5 NUL. */
#define ENDPOINT_TEXT_MAX 48

/* ---- construction ------------------------------------------------------ */

/* Reset to ENDPOINT_NONE. */
void endpoint_clear(struct endpoint *ep);
/* IPv6 address (16 bytes, network order) and port. */
void endpoint_set_ip6(struct endpoint *ep, const uint8_t addr[16], uint16_t port);
/* IPv4 address (4 bytes, network order) and port, stored v4-mapped. */
void endpoint_set_ip4(struct endpoint *ep, const uint8_t addr[4], uint16_t port);
void endpoint_set_short(struct endpoint *ep, uint16_t short_addr);
/* Extended address, 8 bytes, most significant first. */
void endpoint_set_ext(struct endpoint *ep, const uint8_t addr[8]);

static inline void endpoint_copy(struct endpoint *dst, const struct endpoint *src)
{
    *dst = *src;
}

/* ---- access ------------------------------------------------------------ */

static inline bool endpoint_is_ip(const struct endpoint *ep)
{
    return ep->kind == ENDPOINT_IP;
}

static inline uint16_t endpoint_port(const struct endpoint *ep)
{
    return ep->port;
}

static inline void endpoint_set_port(struct endpoint *ep, uint16_t port)
{
    ep->port = port;
}

/* The 16-byte IPv6 address (v4-mapped for IPv4) of an IP endpoint. */
static inline const uint8_t *endpoint_ip6(const struct endpoint *ep)
{
    return ep->addr;
}

/* The short address of an ENDPOINT_SHORT endpoint. */
static inline uint16_t endpoint_short(const struct endpoint *ep)
{
    return (uint16_t)(((uint16_t)ep->addr[0] << 8) | ep->addr[1]);
}

/* ---- predicates -------------------------------------------------------- */

/* Same kind, address and port. */
bool endpoint_equal(const struct endpoint *a, const struct endpoint *b);
/* Same kind and address; the port is ignored. */
bool endpoint_equal_addr(const struct endpoint *a, const struct endpoint *b);
/* An IP endpoint whose address is ::ffff:a.b.c.d (then addr[12..15] is it). */
bool endpoint_is_v4mapped(const struct endpoint *ep);
/* ::1, or IPv4 127.0.0.0/8. */
bool endpoint_is_loopback(const struct endpoint *ep);
/* :: or IPv4 0.0.0.0 (the wildcard a socket binds to). */
bool endpoint_is_unspecified(const struct endpoint *ep);
/* ff00::/8, IPv4 224.0.0.0/4, or the 802.15.4 broadcast short address 0xffff. */
bool endpoint_is_multicast(const struct endpoint *ep);
/* fe80::/10 or IPv4 169.254.0.0/16. */
bool endpoint_is_link_local(const struct endpoint *ep);

/* ---- text -------------------------------------------------------------- */

/* Write ep as text (see the top of this file) and a NUL into buf[len].
 * Returns the text's length without the NUL, or 0 (and "" if len > 0) if
 * ep is ENDPOINT_NONE or invalid, or buf is too small: ENDPOINT_TEXT_MAX
 * always suffices. */
size_t endpoint_format(const struct endpoint *ep, char *buf, size_t len);

/* Parse a NUL-terminated text into *out: every form endpoint_format()
 * writes, and also "[v6]" and "a.b.c.d" without a port (default_port
 * then), a bare IPv6 address "2001:db8::1" (default_port), IPv4 embedded
 * in IPv6 ("::ffff:10.0.0.1"), upper-case hex. No host names. Strict:
 * false, with *out unchanged, for anything else (an empty or too long
 * text, a port above 65535, an octet with a leading zero, a group of more
 * than 4 hex digits, two "::", trailing characters). For tools and tests:
 * components get endpoints from the wire in binary. */
bool endpoint_parse(const char *text, uint16_t default_port, struct endpoint *out);

#endif
