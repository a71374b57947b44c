/* posix_main.c: PosixMain, the posix program entry. main() installs the
 * signal handlers, runs wire_init() (every component's init, providers
 * first), signals Boot, and runs the scheduler until Process.exit() or a
 * signal stops it.
 *
 * Signals: SIGINT and SIGTERM are caught once (SA_RESETHAND, so a second
 * one kills the process the default way if shutdown hangs). The handler
 * only writes the signal number to a non-blocking self-pipe, whose read end
 * is watched through FdWatch; the loop wakes, stops the scheduler, and
 * main() returns 128 + the signal number (130 for SIGINT, 143 for SIGTERM),
 * the status a shell reports for a process killed by that signal, so a
 * script can tell an interrupted run from a completed one. Process.exit(s)
 * makes main() return s; the first request to stop wins. SIGPIPE is
 * ignored: a write to a closed pipe or socket fails with EPIPE instead of
 * killing the program. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "interfaces/boot.h"
#include "interfaces/fd_watch.h"
#include "interfaces/log.h"
#include "interfaces/process.h"
#include "interfaces/task_loop.h"

static struct {
    int argc;
    char **argv;
    int status;
    bool stopping; /* exit() or a signal asked the loop to stop */
} posixmain;

/* Written by the signal handler; -1 until main() made the pipe. */
static int posixmain_pipe[2] = {-1, -1};

static void posixmain_on_signal(int signo)
{
    int saved = errno;
    unsigned char b = (unsigned char)signo;
    ssize_t n = write(posixmain_pipe[1], &b, 1); /* full pipe: a byte is already there */
    (void)n;
    errno = saved;
}

static void posixmain_log_errno(const char *what, int err)
{
    if (PosixMain__log__begin(LOG_ERROR, "main")) {
        PosixMain__log__str(what);
        PosixMain__log__str(": ");
        PosixMain__log__str(strerror(err));
        PosixMain__log__end();
    }
}

static int posixmain_set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int posixmain_install_signals(void)
{
    struct sigaction sa;
    if (pipe(posixmain_pipe) != 0 || posixmain_set_flags(posixmain_pipe[0]) != 0 ||
        posixmain_set_flags(posixmain_pipe[1]) != 0)
        return -1;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = posixmain_on_signal;
    sa.sa_flags = (int)SA_RESETHAND; /* 0x80000000 in glibc: an unsigned constant */
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return -1;
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    return sigaction(SIGPIPE, &sa, NULL);
}

static void posixmain_stop(int status)
{
    if (posixmain.stopping)
        return;
    posixmain.stopping = true;
    posixmain.status = status;
    PosixMain__loop__stop();
}

void PosixMain__fds__ready(int fd, uint8_t mask)
{
    unsigned char sig[16];
    ssize_t n = read(fd, sig, sizeof sig);
    (void)mask;
    if (n <= 0)
        return; /* EAGAIN or EINTR: nothing (more) to read */
    if (PosixMain__log__begin(LOG_INFO, "main")) {
        PosixMain__log__str(sig[0] == SIGINT ? "SIGINT" : sig[0] == SIGTERM ? "SIGTERM" : "signal");
        PosixMain__log__str(": stopping");
        PosixMain__log__end();
    }
    posixmain_stop(128 + sig[0]);
}

int PosixMain__process__argc(void)
{
    return posixmain.argc;
}

const char *PosixMain__process__arg(int i)
{
    return i >= 0 && i < posixmain.argc ? posixmain.argv[i] : NULL;
}

void PosixMain__process__exit(int status)
{
    posixmain_stop(status);
}

int main(int argc, char **argv)
{
    posixmain.argc = argc;
    posixmain.argv = argv;
    if (posixmain_install_signals() != 0) {
        posixmain_log_errno("signal setup", errno);
        return 1;
    }
    wire_init();
    err_t e = PosixMain__fds__watch(posixmain_pipe[0], FD_READABLE);
    if (e != E_OK) {
        posixmain_log_errno("watching the signal pipe", e == E_NOMEM ? ENOMEM : EINVAL);
        return 1;
    }
    PosixMain__boot__booted();
    if (!posixmain.stopping)
        PosixMain__loop__run_forever();
    return posixmain.status;
}
