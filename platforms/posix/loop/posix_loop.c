/* posix_loop.c: PosixLoop, the posix event loop's waiting half. The
 * scheduler calls sleep() when its queue is empty; sleep() runs one poll()
 * over every descriptor a client watches, with a timeout up to the alarm's
 * deadline, then signals `ready` for each descriptor that has events and
 * `fired` if the alarm is due. One thread, no busy waiting: with nothing
 * armed and nothing ready, poll() blocks until a descriptor or a signal
 * (EINTR) wakes it; a signal handler must therefore leave a trace in a
 * watched descriptor (PosixMain's self-pipe does).
 *
 * The Alarm counts CLOCK_MONOTONIC milliseconds from the program's start
 * (the first now()) plus the parameter clock_start, truncated to 32 bits:
 * a test sets clock_start near 0xffffffff to cross the wrap within its run.
 * Its events are @async by contract; here they run from sleep(), i.e. from
 * the loop, which is stricter than needed. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "interfaces/alarm.h"
#include "interfaces/fd_watch.h"
#include "interfaces/log.h"
#include "interfaces/mcu_sleep.h"
#include "lib/time_ms.h"

enum { POSIXLOOP_FD_ALL = FD_READABLE | FD_WRITABLE | FD_ERROR };

struct posixloop_watch {
    int fd;
    wire_id_t id; /* the FdWatch client */
    uint8_t mask; /* FD_* asked for; 0 marks a free slot */
};

/* One poll() entry's origin, checked again before its event is signalled:
 * an earlier handler in the same round may have unwatched it. */
struct posixloop_polled {
    uint16_t slot;
    wire_id_t id;
};

static struct {
    struct posixloop_watch watch[PosixLoop__max_fds];
    bool armed;
    time_ms_t t0, dt;
    bool epoch_set;
    uint64_t epoch_ms; /* CLOCK_MONOTONIC at the first now() */
} posixloop;

/* ---- Alarm ------------------------------------------------------------ */

/* Milliseconds since the first call (the program's start, in practice),
 * plus clock_start, wrapping at 2^32. */
time_ms_t PosixLoop__alarm__now(void)
{
    struct timespec ts;
    /* CLOCK_MONOTONIC with a valid pointer cannot fail on Linux */
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    if (!posixloop.epoch_set) {
        posixloop.epoch_ms = ms;
        posixloop.epoch_set = true;
    }
    return (time_ms_t)(ms - posixloop.epoch_ms) + (time_ms_t)PosixLoop__clock_start;
}

void PosixLoop__alarm__start_at(time_ms_t t0, time_ms_t dt)
{
    posixloop.t0 = t0;
    posixloop.dt = dt;
    posixloop.armed = true;
}

void PosixLoop__alarm__stop(void)
{
    posixloop.armed = false;
}

/* Milliseconds until the alarm is due: 0 if due, -1 if none is armed.
 * Wrap-safe while t0 + dt is within 2^31 ms of now (lib/time_ms.h). */
static int posixloop_timeout_ms(void)
{
    if (!posixloop.armed)
        return -1;
    time_ms_t now = PosixLoop__alarm__now();
    if (time_reached(now, posixloop.t0, posixloop.dt))
        return 0;
    time_ms_t left = (time_ms_t)(posixloop.t0 + posixloop.dt - now);
    return left > (time_ms_t)INT_MAX ? INT_MAX : (int)left;
}

static void posixloop_fire_if_due(void)
{
    if (posixloop.armed && posixloop_timeout_ms() == 0) {
        posixloop.armed = false; /* fired() may arm it again */
        PosixLoop__alarm__fired();
    }
}

/* ---- FdWatch ---------------------------------------------------------- */

static struct posixloop_watch *posixloop_find(wire_id_t id, int fd)
{
    for (uint16_t i = 0; i < PosixLoop__max_fds; i++) {
        struct posixloop_watch *w = &posixloop.watch[i];
        if (w->mask && w->fd == fd && w->id == id)
            return w;
    }
    return NULL;
}

static struct posixloop_watch *posixloop_free_slot(void)
{
    for (uint16_t i = 0; i < PosixLoop__max_fds; i++) {
        if (!posixloop.watch[i].mask)
            return &posixloop.watch[i];
    }
    return NULL;
}

static void posixloop_log_fd(uint8_t level, const char *what, wire_id_t id, int fd)
{
    if (PosixLoop__log__begin(level, "loop")) {
        PosixLoop__log__str("fd ");
        PosixLoop__log__i32(fd);
        PosixLoop__log__str(" (client ");
        PosixLoop__log__u32(id);
        PosixLoop__log__str("): ");
        PosixLoop__log__str(what);
        PosixLoop__log__end();
    }
}

err_t PosixLoop__fds__watch(wire_id_t id, int fd, uint8_t mask)
{
    if (fd < 0 || mask == 0 || (mask & ~POSIXLOOP_FD_ALL))
        return E_INVAL;
    struct posixloop_watch *w = posixloop_find(id, fd);
    if (!w)
        w = posixloop_free_slot();
    if (!w) {
        posixloop_log_fd(LOG_WARN, "watch table full (max_fds)", id, fd);
        return E_NOMEM;
    }
    w->fd = fd;
    w->id = id;
    w->mask = mask;
    return E_OK;
}

void PosixLoop__fds__unwatch(wire_id_t id, int fd)
{
    struct posixloop_watch *w = posixloop_find(id, fd);
    if (w)
        w->mask = 0;
}

/* ---- McuSleep: one round of poll() and dispatch ----------------------- */

static nfds_t posixloop_collect(struct pollfd *pfd, struct posixloop_polled *from)
{
    nfds_t n = 0;
    for (uint16_t i = 0; i < PosixLoop__max_fds; i++) {
        const struct posixloop_watch *w = &posixloop.watch[i];
        if (!w->mask)
            continue;
        pfd[n].fd = w->fd;
        pfd[n].events =
            (short)(((w->mask & FD_READABLE) ? POLLIN : 0) | ((w->mask & FD_WRITABLE) ? POLLOUT : 0));
        pfd[n].revents = 0;
        from[n].slot = i;
        from[n].id = w->id;
        n++;
    }
    return n;
}

static uint8_t posixloop_mask_of(short revents)
{
    uint8_t mask = 0;
    if (revents & POLLIN)
        mask |= FD_READABLE;
    if (revents & POLLOUT)
        mask |= FD_WRITABLE;
    if (revents & (POLLERR | POLLHUP | POLLNVAL))
        mask |= FD_ERROR;
    return mask;
}

static void posixloop_dispatch_one(const struct pollfd *p, const struct posixloop_polled *from)
{
    struct posixloop_watch *w = &posixloop.watch[from->slot];
    if (!w->mask || w->fd != p->fd || w->id != from->id)
        return; /* unwatched by a handler earlier in this round */
    uint8_t mask = posixloop_mask_of(p->revents) & (w->mask | FD_ERROR);
    if (p->revents & POLLNVAL) {
        /* a closed fd would make every poll() return at once: drop it */
        posixloop_log_fd(LOG_ERROR, "closed while watched; unwatched", from->id, p->fd);
        w->mask = 0;
    }
    if (mask)
        PosixLoop__fds__ready(from->id, p->fd, mask);
}

static void posixloop_log_poll_error(int err)
{
    if (PosixLoop__log__begin(LOG_ERROR, "loop")) {
        PosixLoop__log__str("poll: ");
        PosixLoop__log__str(strerror(err));
        PosixLoop__log__end();
    }
}

void PosixLoop__sleep__sleep(void)
{
    struct pollfd pfd[PosixLoop__max_fds];
    struct posixloop_polled from[PosixLoop__max_fds];
    nfds_t n = posixloop_collect(pfd, from);
    int rc = poll(n ? pfd : NULL, n, posixloop_timeout_ms());
    if (rc < 0 && errno != EINTR)
        posixloop_log_poll_error(errno);
    for (nfds_t i = 0; rc > 0 && i < n; i++) {
        if (pfd[i].revents)
            posixloop_dispatch_one(&pfd[i], &from[i]);
    }
    posixloop_fire_if_due();
}
