/* endpoint.c: struct endpoint construction, comparison and text form (see
 * endpoint.h). Plain C without <string.h> or stdio, so that it builds
 * unchanged for the MSP430; byte loops throughout (the arrays are at most
 * 16 bytes). Every parser treats its input as hostile: all lengths are
 * checked before a byte is read, and nothing is written to *out unless
 * the whole text was valid. */
#include "lib/endpoint.h"
#include "lib/hex.h"

enum { ENDPOINT_PARSE_MAX = 64 }; /* longer texts are rejected unread */

static const uint8_t endpoint_v4mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
static const char endpoint_hex[16] = "0123456789abcdef";

/* ---- construction ------------------------------------------------------ */

void endpoint_clear(struct endpoint *ep)
{
    for (uint8_t i = 0; i < sizeof ep->addr; i++)
        ep->addr[i] = 0;
    ep->port = 0;
    ep->kind = ENDPOINT_NONE;
    ep->reserved = 0;
}

void endpoint_set_ip6(struct endpoint *ep, const uint8_t addr[16], uint16_t port)
{
    endpoint_clear(ep);
    for (uint8_t i = 0; i < 16; i++)
        ep->addr[i] = addr[i];
    ep->port = port;
    ep->kind = ENDPOINT_IP;
}

void endpoint_set_ip4(struct endpoint *ep, const uint8_t addr[4], uint16_t port)
{
    endpoint_clear(ep);
    for (uint8_t i = 0; i < 12; i++)
        ep->addr[i] = endpoint_v4mapped_prefix[i];
    for (uint8_t i = 0; i < 4; i++)
        ep->addr[12 + i] = addr[i];
    ep->port = port;
    ep->kind = ENDPOINT_IP;
}

void endpoint_set_short(struct endpoint *ep, uint16_t short_addr)
{
    endpoint_clear(ep);
    ep->addr[0] = (uint8_t)(short_addr >> 8);
    ep->addr[1] = (uint8_t)short_addr;
    ep->kind = ENDPOINT_SHORT;
}

void endpoint_set_ext(struct endpoint *ep, const uint8_t addr[8])
{
    endpoint_clear(ep);
    for (uint8_t i = 0; i < 8; i++)
        ep->addr[i] = addr[i];
    ep->kind = ENDPOINT_EXT;
}

/* ---- predicates -------------------------------------------------------- */

/* Bytes of addr[] that are meaningful for a kind; 0 for none or unknown. */
static uint8_t endpoint_addr_len(uint8_t kind)
{
    switch (kind) {
    case ENDPOINT_IP:
        return 16;
    case ENDPOINT_SHORT:
        return 2;
    case ENDPOINT_EXT:
        return 8;
    default:
        return 0;
    }
}

static bool endpoint_bytes_equal(const uint8_t *a, const uint8_t *b, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

bool endpoint_equal_addr(const struct endpoint *a, const struct endpoint *b)
{
    uint8_t n = endpoint_addr_len(a->kind);
    return n != 0 && a->kind == b->kind && endpoint_bytes_equal(a->addr, b->addr, n);
}

bool endpoint_equal(const struct endpoint *a, const struct endpoint *b)
{
    return endpoint_equal_addr(a, b) && a->port == b->port;
}

bool endpoint_is_v4mapped(const struct endpoint *ep)
{
    return ep->kind == ENDPOINT_IP && endpoint_bytes_equal(ep->addr, endpoint_v4mapped_prefix, 12);
}

/* True if addr[from..15] are all zero. */
static bool endpoint_zero_from(const struct endpoint *ep, uint8_t from)
{
    for (uint8_t i = from; i < 16; i++) {
        if (ep->addr[i])
            return false;
    }
    return true;
}

bool endpoint_is_loopback(const struct endpoint *ep)
{
    if (endpoint_is_v4mapped(ep))
        return ep->addr[12] == 127;
    if (ep->kind != ENDPOINT_IP || ep->addr[15] != 1)
        return false;
    for (uint8_t i = 0; i < 15; i++) {
        if (ep->addr[i])
            return false;
    }
    return true;
}

bool endpoint_is_unspecified(const struct endpoint *ep)
{
    if (endpoint_is_v4mapped(ep))
        return endpoint_zero_from(ep, 12);
    return ep->kind == ENDPOINT_IP && endpoint_zero_from(ep, 0);
}

bool endpoint_is_multicast(const struct endpoint *ep)
{
    if (endpoint_is_v4mapped(ep))
        return (ep->addr[12] & 0xf0) == 0xe0;
    if (ep->kind == ENDPOINT_IP)
        return ep->addr[0] == 0xff;
    return ep->kind == ENDPOINT_SHORT && endpoint_short(ep) == 0xffff;
}

bool endpoint_is_link_local(const struct endpoint *ep)
{
    if (endpoint_is_v4mapped(ep))
        return ep->addr[12] == 169 && ep->addr[13] == 254;
    return ep->kind == ENDPOINT_IP && ep->addr[0] == 0xfe && (ep->addr[1] & 0xc0) == 0x80;
}

/* ---- formatting -------------------------------------------------------- */

/* An output cursor: keeps room for the NUL, remembers an overflow. */
struct endpoint_out {
    char *buf;
    size_t len;
    size_t pos;
    bool ok;
};

static void endpoint_put(struct endpoint_out *o, char c)
{
    if (o->pos + 1 < o->len)
        o->buf[o->pos++] = c;
    else
        o->ok = false;
}

static void endpoint_puts(struct endpoint_out *o, const char *s)
{
    while (*s)
        endpoint_put(o, *s++);
}

/* Decimal without division (a libcall on MSP430): subtract powers of ten. */
static void endpoint_put_dec(struct endpoint_out *o, uint16_t v)
{
    static const uint16_t pow10[5] = {10000, 1000, 100, 10, 1};
    bool started = false;
    for (uint8_t i = 0; i < 5; i++) {
        char d = '0';
        while (v >= pow10[i]) {
            v = (uint16_t)(v - pow10[i]);
            d++;
        }
        if (d != '0' || started || i == 4) {
            endpoint_put(o, d);
            started = true;
        }
    }
}

/* Hex without leading zeros (at least one digit), lower case. */
static void endpoint_put_hex16(struct endpoint_out *o, uint16_t v, bool pad)
{
    bool started = pad;
    for (int8_t shift = 12; shift >= 0; shift = (int8_t)(shift - 4)) {
        uint8_t nib = (uint8_t)((v >> shift) & 0xf);
        if (nib || started || shift == 0) {
            endpoint_put(o, endpoint_hex[nib]);
            started = true;
        }
    }
}

static void endpoint_put_hex8(struct endpoint_out *o, uint8_t v)
{
    endpoint_put(o, endpoint_hex[v >> 4]);
    endpoint_put(o, endpoint_hex[v & 0xf]);
}

static void endpoint_put_ip4(struct endpoint_out *o, const uint8_t *a)
{
    for (uint8_t i = 0; i < 4; i++) {
        if (i)
            endpoint_put(o, '.');
        endpoint_put_dec(o, a[i]);
    }
}

/* RFC 5952 4.2: the longest run of two or more zero groups becomes "::",
 * the first one if two runs are equally long; a single zero group stays. */
static void endpoint_zero_run(const uint16_t g[8], uint8_t *start, uint8_t *len)
{
    *start = 8;
    *len = 0;
    for (uint8_t i = 0; i < 8;) {
        uint8_t j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i >= 2 && j - i > *len) {
            *start = i;
            *len = (uint8_t)(j - i);
        }
        i = (uint8_t)(j == i ? i + 1 : j);
    }
}

static void endpoint_put_ip6(struct endpoint_out *o, const uint8_t *a)
{
    uint16_t g[8];
    for (uint8_t i = 0; i < 8; i++)
        g[i] = (uint16_t)(((uint16_t)a[2 * i] << 8) | a[2 * i + 1]);
    uint8_t run, run_len;
    endpoint_zero_run(g, &run, &run_len);
    for (uint8_t i = 0; i < 8; i++) {
        if (i == run) {
            endpoint_puts(o, "::");
            i = (uint8_t)(i + run_len - 1);
            continue;
        }
        if (i && i != run + run_len)
            endpoint_put(o, ':');
        endpoint_put_hex16(o, g[i], false);
    }
}

size_t endpoint_format(const struct endpoint *ep, char *buf, size_t len)
{
    struct endpoint_out o = {buf, len, 0, len > 0};
    switch (ep->kind) {
    case ENDPOINT_IP:
        if (endpoint_is_v4mapped(ep)) {
            endpoint_put_ip4(&o, ep->addr + 12);
        } else {
            endpoint_put(&o, '[');
            endpoint_put_ip6(&o, ep->addr);
            endpoint_put(&o, ']');
        }
        endpoint_put(&o, ':');
        endpoint_put_dec(&o, ep->port);
        break;
    case ENDPOINT_SHORT:
        endpoint_puts(&o, "short:0x");
        endpoint_put_hex16(&o, endpoint_short(ep), true);
        break;
    case ENDPOINT_EXT:
        endpoint_puts(&o, "ext:");
        for (uint8_t i = 0; i < 8; i++) {
            if (i)
                endpoint_put(&o, ':');
            endpoint_put_hex8(&o, ep->addr[i]);
        }
        break;
    default:
        o.ok = false;
        break;
    }
    if (len == 0)
        return 0;
    if (!o.ok)
        o.pos = 0;
    buf[o.pos] = '\0';
    return o.pos;
}

/* ---- parsing ----------------------------------------------------------- */

/* A span of the input text: s[0..n). Parsers consume all of it or fail. */
static bool endpoint_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Exactly "d.d.d.d", each 0..255 in 1-3 digits without a leading zero. */
static bool endpoint_parse_ip4(const char *s, size_t n, uint8_t out[4])
{
    size_t i = 0;
    for (uint8_t part = 0; part < 4; part++) {
        if (part) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
        uint16_t v = 0;
        uint8_t digits = 0;
        while (i < n && endpoint_is_digit(s[i]) && digits < 4) {
            v = (uint16_t)(v * 10u + (uint16_t)(s[i] - '0'));
            digits++;
            i++;
        }
        if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[i - digits] == '0'))
            return false;
        out[part] = (uint8_t)v;
    }
    return i == n;
}

/* Moves the groups after a "::" to the end of the 16 bytes. */
static void endpoint_expand_gap(uint8_t a[16], uint8_t groups, uint8_t gap)
{
    uint8_t tail = (uint8_t)(groups - gap); /* groups written after the gap */
    uint8_t shift = (uint8_t)(2 * (8 - groups));
    for (uint8_t k = 0; k < 2 * tail; k++) {
        uint8_t from = (uint8_t)(2 * groups - 1 - k);
        a[from + shift] = a[from];
        a[from] = 0;
    }
}

/* One hex group (1-4 digits) at s[*i]; false if none or too many. */
static bool endpoint_parse_group(const char *s, size_t n, size_t *i, uint16_t *v, uint8_t *digits)
{
    *v = 0;
    *digits = 0;
    while (*i < n && hex_digit(s[*i]) >= 0) {
        if (*digits < 4)
            *v = (uint16_t)((*v << 4) | (uint16_t)hex_digit(s[*i]));
        (*digits)++;
        (*i)++;
        if (*digits > 4)
            break; /* the caller sees digits == 5: too long (or an IPv4 tail) */
    }
    return *digits > 0;
}

/* An IPv6 address text (RFC 4291 2.2, with an optional IPv4 tail). */
static bool endpoint_parse_ip6(const char *s, size_t n, uint8_t out[16])
{
    uint8_t a[16] = {0};
    uint8_t groups = 0;
    int8_t gap = -1; /* group index where "::" stands */
    size_t i = 0;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (n >= 1 && s[0] == ':') {
        return false;
    }
    while (i < n) {
        size_t start = i;
        uint16_t v;
        uint8_t digits;
        if (!endpoint_parse_group(s, n, &i, &v, &digits))
            return false;
        if (i < n && s[i] == '.') { /* IPv4 tail: the last two groups */
            if (groups > 6 || !endpoint_parse_ip4(s + start, n - start, a + 2 * groups))
                return false;
            groups = (uint8_t)(groups + 2);
            i = n;
            break;
        }
        if (digits > 4 || groups == 8)
            return false;
        a[2 * groups] = (uint8_t)(v >> 8);
        a[2 * groups + 1] = (uint8_t)v;
        groups++;
        if (i == n)
            break;
        if (s[i] != ':' || ++i == n)
            return false; /* junk, or a trailing single ':' */
        if (s[i] == ':') {
            if (gap >= 0)
                return false; /* a second "::" */
            gap = (int8_t)groups;
            i++;
        }
    }
    if (gap < 0 ? groups != 8 : groups > 7)
        return false;
    if (gap >= 0)
        endpoint_expand_gap(a, groups, (uint8_t)gap);
    for (uint8_t k = 0; k < 16; k++)
        out[k] = a[k];
    return true;
}

/* A decimal port 0..65535, 1-5 digits, all of s[0..n). */
static bool endpoint_parse_port(const char *s, size_t n, uint16_t *port)
{
    uint16_t v = 0;
    if (n == 0 || n > 5)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!endpoint_is_digit(s[i]))
            return false;
        uint16_t d = (uint16_t)(s[i] - '0');
        if (v > 6553u || (v == 6553u && d > 5u))
            return false; /* would exceed 65535: checked before it can wrap */
        v = (uint16_t)(v * 10u + d);
    }
    *port = v;
    return true;
}

/* True if s[0..n) starts with the NUL-terminated prefix p. */
static bool endpoint_starts(const char *s, size_t n, const char *p)
{
    size_t i = 0;
    for (; p[i]; i++) {
        if (i >= n || s[i] != p[i])
            return false;
    }
    return true;
}

static bool endpoint_parse_short(const char *s, size_t n, struct endpoint *ep)
{
    if (n < 3 || n > 6 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
        return false;
    uint16_t v = 0;
    for (size_t i = 2; i < n; i++) {
        int8_t h = hex_digit(s[i]);
        if (h < 0)
            return false;
        v = (uint16_t)((v << 4) | (uint16_t)h);
    }
    endpoint_set_short(ep, v);
    return true;
}

/* "xx:xx:xx:xx:xx:xx:xx:xx", exactly two hex digits each. */
static bool endpoint_parse_ext(const char *s, size_t n, struct endpoint *ep)
{
    uint8_t a[8];
    if (n != 23)
        return false;
    for (uint8_t k = 0; k < 8; k++) {
        const char *p = s + 3 * k;
        int8_t hi = hex_digit(p[0]), lo = hex_digit(p[1]);
        if (hi < 0 || lo < 0 || (k < 7 && p[2] != ':'))
            return false;
        a[k] = (uint8_t)((hi << 4) | lo);
    }
    endpoint_set_ext(ep, a);
    return true;
}

/* "[v6]" or "[v6]:port". */
static bool endpoint_parse_bracketed(const char *s, size_t n, uint16_t port, struct endpoint *ep)
{
    size_t close = 1;
    while (close < n && s[close] != ']')
        close++;
    uint8_t a[16];
    if (close == n || !endpoint_parse_ip6(s + 1, close - 1, a))
        return false;
    if (close + 1 < n) {
        if (s[close + 1] != ':' || !endpoint_parse_port(s + close + 2, n - close - 2, &port))
            return false;
    } else if (close + 1 != n) {
        return false;
    }
    endpoint_set_ip6(ep, a, port);
    return true;
}

/* "a.b.c.d", "a.b.c.d:port" or a bare IPv6 address. */
static bool endpoint_parse_plain(const char *s, size_t n, uint16_t port, struct endpoint *ep)
{
    size_t colons = 0, last = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':') {
            colons++;
            last = i;
        }
    }
    if (colons >= 2) {
        uint8_t a[16];
        if (!endpoint_parse_ip6(s, n, a))
            return false;
        endpoint_set_ip6(ep, a, port);
        return true;
    }
    size_t host = colons ? last : n;
    uint8_t a4[4];
    if (!endpoint_parse_ip4(s, host, a4))
        return false;
    if (colons && !endpoint_parse_port(s + last + 1, n - last - 1, &port))
        return false;
    endpoint_set_ip4(ep, a4, port);
    return true;
}

bool endpoint_parse(const char *text, uint16_t default_port, struct endpoint *out)
{
    size_t n = 0;
    while (n <= ENDPOINT_PARSE_MAX && text[n])
        n++;
    if (n == 0 || n > ENDPOINT_PARSE_MAX)
        return false;
    struct endpoint ep;
    bool ok;
    if (endpoint_starts(text, n, "short:"))
        ok = endpoint_parse_short(text + 6, n - 6, &ep);
    else if (endpoint_starts(text, n, "ext:"))
        ok = endpoint_parse_ext(text + 4, n - 4, &ep);
    else if (text[0] == '[')
        ok = endpoint_parse_bracketed(text, n, default_port, &ep);
    else
        ok = endpoint_parse_plain(text, n, default_port, &ep);
    if (ok)
        *out = ep;
    return ok;
}
