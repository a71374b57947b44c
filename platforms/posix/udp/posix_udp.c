/* posix_udp.c: PosixUdp, the Datagram interface over a host UDP socket.
 * Generic: each instance owns one non-blocking AF_INET6 socket bound to one
 * local port, its own receive buffer (rx_bytes) and its own FdWatch client.
 *
 * Addresses: struct endpoint carries IPv6 addresses, IPv4 ones in v4-mapped
 * form (::ffff:a.b.c.d). An unspecified local address binds a dual-stack
 * socket to :: (IPV6_V6ONLY off: IPv4 and IPv6 peers); a v4-mapped one binds
 * that IPv4 address (::ffff:0.0.0.0 is "any IPv4"), IPv4 peers only; any
 * other address binds that IPv6 address, IPv6 peers only.
 *
 * Sending: send() checks its arguments and the state (E_OFF, E_BUSY, E_SIZE,
 * E_INVAL, all without an event), then tries sendto() at once. Whatever the
 * outcome, send_done comes from the task `send_done`, never from inside
 * send(). A full socket buffer (EAGAIN, ENOBUFS) waits for FD_WRITABLE and
 * retries; an error of the network (unreachable, refused, ...) is logged
 * and reported as send_done(E_FAIL); close() reports a waiting send as
 * E_CANCEL.
 *
 * Receiving: on FD_READABLE, recvmsg() until EAGAIN, at most
 * POSIXUDP_RX_BATCH datagrams per wake-up so one busy socket cannot starve
 * the others (poll() is level-triggered: the rest come next round). A
 * datagram larger than rx_bytes is dropped and logged. ICMP errors
 * (ECONNREFUSED and the like, reported by Linux on connected sockets, or as
 * POLLERR) are logged and never stop the socket or the loop. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "interfaces/datagram.h"
#include "interfaces/fd_watch.h"
#include "interfaces/log.h"
#include "lib/endpoint.h"

enum { POSIXUDP_RX_BATCH = 64 };

struct PosixUdp_self {
    int fd;        /* -1 while closed */
    bool v4only;   /* bound to a v4-mapped address */
    bool v6only;   /* bound to a specific IPv6 address */
    uint16_t port; /* the bound local port, for messages */
    /* the send between send() == E_OK and send_done */
    bool sending;
    bool waiting; /* EAGAIN: waiting for FD_WRITABLE to retry */
    err_t result;
    const uint8_t *tx_buf;
    uint16_t tx_len;
    struct sockaddr_in6 tx_to;
    /* parameters */
    const uint16_t mtu;
    const uint16_t rx_bytes;
    uint8_t *const rx;
};

/* One state object and one receive buffer per instance. */
/* clang-format off */
#define POSIXUDP_DEFINE(inst, mtu_, rx_bytes_)                                  \
    static uint8_t posixudp_rx_##inst[rx_bytes_];                              \
    struct PosixUdp_self inst##__self = {                                      \
        .fd = -1, .mtu = (mtu_), .rx_bytes = (rx_bytes_), .rx = posixudp_rx_##inst};
PosixUdp__INSTANCES(POSIXUDP_DEFINE)
#undef POSIXUDP_DEFINE
_Static_assert(PosixUdp__INSTANCE_COUNT >= 1, "PosixUdp: at least one instance");
/* clang-format on */

/* ---- addresses -------------------------------------------------------- */

static bool posixudp_is_v4mapped(const struct in6_addr *a)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(a->s6_addr, prefix, sizeof prefix) == 0;
}

static bool posixudp_is_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* The socket address of an IP endpoint; false if ep is not one. */
static bool posixudp_to_sockaddr(const struct endpoint *ep, struct sockaddr_in6 *sa)
{
    memset(sa, 0, sizeof *sa);
    if (!ep || !endpoint_is_ip(ep))
        return false;
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(endpoint_port(ep));
    memcpy(sa->sin6_addr.s6_addr, endpoint_ip6(ep), 16);
    return true;
}

static void posixudp_from_sockaddr(const struct sockaddr_in6 *sa, struct endpoint *ep)
{
    endpoint_set_ip6(ep, sa->sin6_addr.s6_addr, ntohs(sa->sin6_port));
}

/* A destination this socket can send to: a port, a specified address, and
 * the family the socket is bound for. */
static bool posixudp_dest_ok(const struct PosixUdp_self *self, const struct sockaddr_in6 *sa)
{
    const struct in6_addr *a = &sa->sin6_addr;
    bool mapped = posixudp_is_v4mapped(a);
    if (sa->sin6_port == 0)
        return false;
    if (posixudp_is_zero(a->s6_addr + (mapped ? 12 : 0), mapped ? 4 : 16))
        return false; /* :: or ::ffff:0.0.0.0 */
    if ((self->v4only && !mapped) || (self->v6only && mapped))
        return false;
    return true;
}

/* The peer as text for log lines: "[2001:db8::1]:5683" or "127.0.0.1:5683". */
static void posixudp_peer_text(const struct sockaddr_in6 *sa, char *out, size_t size)
{
    struct endpoint ep;
    posixudp_from_sockaddr(sa, &ep);
    if (endpoint_format(&ep, out, size) == 0 && size)
        out[0] = '\0';
}

/* ---- logging: "udp 5683: <what> [peer]: <strerror>" -------------------- */

static void posixudp_log(struct PosixUdp_self *self, uint8_t level, const char *what,
                         const struct sockaddr_in6 *peer, int err)
{
    char text[ENDPOINT_TEXT_MAX];
    if (!PosixUdp__log__begin(self, level, "udp"))
        return;
    PosixUdp__log__str(self, "port ");
    PosixUdp__log__u32(self, self->port);
    PosixUdp__log__str(self, ": ");
    PosixUdp__log__str(self, what);
    if (peer) {
        posixudp_peer_text(peer, text, sizeof text);
        PosixUdp__log__str(self, " ");
        PosixUdp__log__str(self, text);
    }
    if (err) {
        PosixUdp__log__str(self, ": ");
        PosixUdp__log__str(self, strerror(err));
    }
    PosixUdp__log__end(self);
}

/* ---- open / close ----------------------------------------------------- */

static err_t posixudp_bind_error(int err)
{
    return (err == EADDRNOTAVAIL || err == EINVAL || err == EAFNOSUPPORT) ? E_INVAL : E_FAIL;
}

/* A socket bound to sa, or -1 with errno set. */
static int posixudp_socket(struct PosixUdp_self *self, const struct sockaddr_in6 *sa)
{
    int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int v6only = self->v6only ? 1 : 0;
    if (fd < 0)
        return -1;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0 ||
        bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* The port the kernel chose when asked for port 0. */
static uint16_t posixudp_bound_port(int fd, uint16_t asked)
{
    struct sockaddr_in6 sa;
    socklen_t len = sizeof sa;
    if (asked || getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        return asked;
    return ntohs(sa.sin6_port);
}

err_t PosixUdp__datagram__open(struct PosixUdp_self *self, const struct endpoint *local)
{
    struct sockaddr_in6 sa;
    if (self->fd >= 0)
        return E_ALREADY;
    if (!posixudp_to_sockaddr(local, &sa))
        return E_INVAL;
    self->v4only = posixudp_is_v4mapped(&sa.sin6_addr);
    self->v6only = !self->v4only && !posixudp_is_zero(sa.sin6_addr.s6_addr, 16);
    self->port = ntohs(sa.sin6_port);
    int fd = posixudp_socket(self, &sa);
    if (fd < 0) {
        int err = errno;
        posixudp_log(self, LOG_ERROR, "cannot bind", &sa, err);
        return posixudp_bind_error(err);
    }
    if (PosixUdp__fds__watch(self, fd, FD_READABLE) != E_OK) {
        posixudp_log(self, LOG_ERROR, "cannot watch the socket (FdWatch table full?)", NULL, 0);
        close(fd);
        return E_FAIL;
    }
    self->fd = fd;
    self->port = posixudp_bound_port(fd, self->port);
    sa.sin6_port = htons(self->port);
    posixudp_log(self, LOG_INFO, "open", &sa, 0);
    return E_OK;
}

void PosixUdp__datagram__close(struct PosixUdp_self *self)
{
    if (self->fd < 0)
        return;
    PosixUdp__fds__unwatch(self, self->fd);
    close(self->fd);
    self->fd = -1;
    if (self->sending && self->waiting) {
        self->waiting = false;
        self->result = E_CANCEL;
        (void)PosixUdp__post__send_done(self);
    }
}

uint16_t PosixUdp__datagram__mtu(struct PosixUdp_self *self)
{
    return self->mtu;
}

/* ---- sending ---------------------------------------------------------- */

enum posixudp_try { POSIXUDP_SENT, POSIXUDP_AGAIN, POSIXUDP_FAILED, POSIXUDP_BAD_DEST, POSIXUDP_TOO_BIG };

static bool posixudp_is_transient(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS;
}

/* One sendto() of the pending datagram, retried on EINTR, and once after
 * ECONNREFUSED (an ICMP error left by an earlier datagram, not this one). */
static enum posixudp_try posixudp_try_send(struct PosixUdp_self *self)
{
    bool refused_once = false;
    for (;;) {
        ssize_t n = sendto(self->fd, self->tx_buf, self->tx_len, 0, (const struct sockaddr *)&self->tx_to,
                           sizeof self->tx_to);
        if (n >= 0)
            return POSIXUDP_SENT;
        int err = errno;
        if (err == EINTR)
            continue;
        if (err == ECONNREFUSED && !refused_once) {
            posixudp_log(self, LOG_INFO, "an earlier datagram was refused", NULL, err);
            refused_once = true;
            continue;
        }
        if (posixudp_is_transient(err))
            return POSIXUDP_AGAIN;
        posixudp_log(self, LOG_WARN, "send to", &self->tx_to, err);
        if (err == EINVAL || err == EAFNOSUPPORT || err == EADDRNOTAVAIL || err == EDESTADDRREQ)
            return POSIXUDP_BAD_DEST;
        return err == EMSGSIZE ? POSIXUDP_TOO_BIG : POSIXUDP_FAILED;
    }
}

static void posixudp_complete(struct PosixUdp_self *self, err_t result)
{
    self->result = result;
    (void)PosixUdp__post__send_done(self); /* not queued yet: one send at a time */
}

err_t PosixUdp__datagram__send(struct PosixUdp_self *self, const struct endpoint *to, const uint8_t *buf,
                               uint16_t len)
{
    if (self->fd < 0)
        return E_OFF;
    if (self->sending)
        return E_BUSY;
    if (len > self->mtu)
        return E_SIZE;
    if ((!buf && len) || !posixudp_to_sockaddr(to, &self->tx_to) || !posixudp_dest_ok(self, &self->tx_to))
        return E_INVAL;
    self->tx_buf = buf;
    self->tx_len = len;
    switch (posixudp_try_send(self)) {
    case POSIXUDP_BAD_DEST:
        return E_INVAL;
    case POSIXUDP_TOO_BIG:
        return E_SIZE;
    case POSIXUDP_AGAIN:
        self->sending = self->waiting = true;
        (void)PosixUdp__fds__watch(self, self->fd, FD_READABLE | FD_WRITABLE);
        return E_OK;
    case POSIXUDP_FAILED:
        self->sending = true;
        posixudp_complete(self, E_FAIL);
        return E_OK;
    case POSIXUDP_SENT:
    default:
        self->sending = true;
        posixudp_complete(self, E_OK);
        return E_OK;
    }
}

/* The socket became writable while a send waits: try it again. */
static void posixudp_retry(struct PosixUdp_self *self)
{
    enum posixudp_try r = posixudp_try_send(self);
    if (r == POSIXUDP_AGAIN)
        return;
    self->waiting = false;
    (void)PosixUdp__fds__watch(self, self->fd, FD_READABLE);
    posixudp_complete(self, r == POSIXUDP_SENT ? E_OK : E_FAIL);
}

void PosixUdp__task__send_done(struct PosixUdp_self *self)
{
    if (!self->sending || self->waiting)
        return;
    self->sending = false;
    PosixUdp__datagram__send_done(self, self->tx_buf, self->result);
}

/* ---- receiving -------------------------------------------------------- */

/* One recvmsg(): the length, or -1 when there is nothing more to read now. */
static ssize_t posixudp_recv_one(struct PosixUdp_self *self, struct sockaddr_in6 *from, bool *cut)
{
    for (;;) {
        struct iovec iov = {.iov_base = self->rx, .iov_len = self->rx_bytes};
        struct msghdr msg = {.msg_name = from, .msg_namelen = sizeof *from, .msg_iov = &iov, .msg_iovlen = 1};
        ssize_t n = recvmsg(self->fd, &msg, 0);
        if (n >= 0) {
            *cut = (msg.msg_flags & MSG_TRUNC) != 0;
            return n;
        }
        int err = errno;
        if (err == EINTR)
            continue;
        if (err == EAGAIN || err == EWOULDBLOCK)
            return -1;
        /* ECONNREFUSED, EHOSTUNREACH, ...: an ICMP error, consumed by this call */
        posixudp_log(self, LOG_INFO, "ICMP error for an earlier datagram", NULL, err);
        if (err != ECONNREFUSED && err != EHOSTUNREACH && err != ENETUNREACH && err != EHOSTDOWN)
            return -1;
    }
}

static void posixudp_receive(struct PosixUdp_self *self)
{
    int fd = self->fd;
    for (unsigned i = 0; i < POSIXUDP_RX_BATCH && self->fd == fd; i++) {
        struct sockaddr_in6 from;
        struct endpoint ep;
        bool cut = false;
        ssize_t n = posixudp_recv_one(self, &from, &cut);
        if (n < 0)
            return;
        if (cut) {
            posixudp_log(self, LOG_WARN, "dropped a datagram larger than rx_bytes from", &from, 0);
            continue;
        }
        posixudp_from_sockaddr(&from, &ep);
        PosixUdp__datagram__received(self, &ep, self->rx, (uint16_t)n);
    }
}

/* POLLERR: fetch (and so clear) the socket's pending error. */
static void posixudp_take_error(struct PosixUdp_self *self)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(self->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err)
        posixudp_log(self, LOG_INFO, "socket error (ICMP for an earlier datagram?)", NULL, err);
}

void PosixUdp__fds__ready(struct PosixUdp_self *self, int fd, uint8_t mask)
{
    if (fd != self->fd)
        return; /* closed since the poll */
    if (mask & FD_ERROR)
        posixudp_take_error(self);
    if ((mask & FD_WRITABLE) && self->waiting)
        posixudp_retry(self);
    if ((mask & FD_READABLE) && self->fd == fd)
        posixudp_receive(self);
}
