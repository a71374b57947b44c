/* fd_watch.h: the FdWatch interface (posix only): lets a component, or a
 * library such as libmicrohttpd, wait on file descriptors in the platform's
 * one poll() loop instead of running a loop of its own. */
#ifndef IF_FD_WATCH_H
#define IF_FD_WATCH_H
#include "interfaces/types.h"

enum { FD_READABLE = 0x01, FD_WRITABLE = 0x02, FD_ERROR = 0x04 };

/** Descriptors watched for one client (parameterised provider). */
struct FdWatch_if {
    /** @command Watch fd for the FD_* events in mask (replacing an earlier
     * mask for the same fd): E_OK, E_NOMEM if the watch table is full,
     * E_INVAL for a negative fd or an empty mask. */
    err_t (*watch)(int fd, uint8_t mask);
    /** @command Stop watching fd. */
    void (*unwatch)(int fd);
    /** @event fd is ready for the events in mask (FD_ERROR on POLLERR/HUP). */
    void (*ready)(int fd, uint8_t mask);
};
#endif
