/* dtls_interop_proc.h: the process side of the DTLS interop tests: free
 * loopback ports, waiting for a peer to be bound (/proc/net/udp{,6}),
 * starting a peer through sh (its own process group, stdin from a pipe the
 * test controls, output in a temporary file), stopping it, and running the
 * whole test in a private network namespace when it can (root), so that
 * peers binding 0.0.0.0 (gnutls-serv) and captures on lo see only the test.
 * Included by the interop drivers only; static inline so each takes what
 * it uses. */
#ifndef TESTS_DTLS_INTEROP_PROC_H
#define TESTS_DTLS_INTEROP_PROC_H
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* One peer process. */
struct dip_child {
    pid_t pid;    /* process group leader (sh), 0 if none */
    int in;       /* write end of its stdin, -1 once closed */
    int status;   /* waitpid() status once done */
    bool done;    /* it exited */
    char out[64]; /* its stdout and stderr */
};

/* A UDP port that was free on 127.0.0.1 a moment ago. */
static inline uint16_t dip_free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return 0;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        sa.sin_port = 0;
    close(fd);
    return ntohs(sa.sin_port);
}

/* True if a socket in /proc/net/<file> is bound to port (its local address
 * column, "ADDR:PORT" in hex). */
static inline bool dip_bound_in(const char *file, uint16_t port)
{
    char line[256];
    unsigned local;
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        found = sscanf(line, " %*u: %*[0-9A-Fa-f]:%x", &local) == 1 && local == port;
    fclose(f);
    return found;
}

/* True once some UDP socket (IPv4 or IPv6) is bound to port: a datagram sent
 * before the peer listens is refused by the kernel. */
static inline bool dip_udp_bound(uint16_t port)
{
    if (access("/proc/net/udp", R_OK) != 0)
        return true; /* cannot tell: go on */
    return dip_bound_in("/proc/net/udp", port) || dip_bound_in("/proc/net/udp6", port);
}

/* True if the shell finds program. */
static inline bool dip_have(const char *program)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "command -v %s > /dev/null 2>&1", program);
    return system(cmd) == 0;
}

/* Start `sh -c cmd` in its own process group, stdout and stderr in c->out,
 * stdin a pipe whose write end is c->in. False if it could not start. */
static inline bool dip_spawn(struct dip_child *c, const char *cmd)
{
    int p[2];
    memset(c, 0, sizeof *c);
    c->in = -1;
    strcpy(c->out, "/tmp/dtls-interop-XXXXXX");
    int fd = mkstemp(c->out);
    if (fd < 0 || pipe(p) != 0)
        return false;
    c->pid = fork();
    if (c->pid < 0)
        return false;
    if (c->pid == 0) {
        setpgid(0, 0);
        dup2(p[0], 0);
        dup2(fd, 1);
        dup2(fd, 2);
        close(p[0]), close(p[1]), close(fd);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setpgid(c->pid, c->pid); /* also here: no race with a kill() right after */
    close(p[0]), close(fd);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    c->in = p[1];
    return true;
}

/* Write text to the peer's stdin. */
static inline void dip_write(struct dip_child *c, const char *text)
{
    if (c->in >= 0)
        (void)!write(c->in, text, strlen(text));
}

/* End the peer's stdin (EOF). */
static inline void dip_close_stdin(struct dip_child *c)
{
    if (c->in >= 0)
        close(c->in);
    c->in = -1;
}

/* Note whether the peer has exited (non-blocking). */
static inline void dip_poll(struct dip_child *c)
{
    if (c->pid > 0 && !c->done && waitpid(c->pid, &c->status, WNOHANG) == c->pid)
        c->done = true;
}

/* Stop the peer's whole process group if still running (SIGTERM, then
 * SIGKILL after 2 s) and reap it. */
static inline void dip_stop(struct dip_child *c)
{
    dip_close_stdin(c);
    dip_poll(c);
    if (c->pid <= 0 || c->done)
        return;
    kill(-c->pid, SIGTERM);
    for (int i = 0; i < 200 && !c->done; i++) {
        usleep(10000);
        dip_poll(c);
    }
    if (!c->done) {
        kill(-c->pid, SIGKILL);
        (void)waitpid(c->pid, &c->status, 0);
        c->done = true;
    }
}

/* The peer's output so far (NUL-terminated, at most cap - 1 bytes). */
static inline size_t dip_output(const struct dip_child *c, char *text, size_t cap)
{
    FILE *f = fopen(c->out, "r");
    size_t n = f ? fread(text, 1, cap - 1, f) : 0;
    text[n] = 0;
    if (f)
        fclose(f);
    return n;
}

/* Stop the peer, read its output, remove the file. */
static inline size_t dip_finish(struct dip_child *c, char *text, size_t cap)
{
    dip_stop(c);
    size_t n = dip_output(c, text, cap);
    unlink(c->out);
    c->pid = 0;
    return n;
}

/* The peer exited by itself with status 0. */
static inline bool dip_exited_ok(const struct dip_child *c)
{
    return c->done && WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0;
}

/* As root, run this program again inside a private network namespace with
 * only lo up (`unshare -n`), once: gnutls-serv binds 0.0.0.0 and ::, and a
 * capture on lo must see the test's traffic only. Otherwise (not root, no
 * unshare, or a container that forbids it) carry on in the current one. */
static inline void dip_enter_netns(void)
{
    char self[512];
    if (geteuid() != 0 || getenv("DTLS_INTEROP_NETNS") != NULL)
        return;
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || !dip_have("unshare") || !dip_have("ip") ||
        system("unshare -n sh -c 'ip link set lo up' > /dev/null 2>&1") != 0)
        return;
    self[n] = 0;
    setenv("DTLS_INTEROP_NETNS", "1", 1);
    fflush(NULL);
    execlp("unshare", "unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\"", self, (char *)NULL);
    unsetenv("DTLS_INTEROP_NETNS"); /* exec failed: run here */
}
#endif
