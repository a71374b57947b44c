/* dtls_bench_gnutls.c: the GnuTLS side of the DTLS bench's MTU figures:
 * `gnutls-serv --mtu N` and `gnutls-cli --mtu N` (PSK-AES128-CCM8, no
 * identity hint, no session ticket, as our handshake) through a counting
 * UDP relay in this program, which counts the datagrams whose first record
 * is a handshake or ChangeCipherSpec record, and their payload bytes, both
 * ways; one pair per MTU, all at once (gnutls-cli takes about 2 s). gnutls-serv binds every address (it has
 * no bind option), so all of it runs in a child process in a private network namespace with only lo up; that
 * needs root, and without it (or without gnutls-bin) there are no GnuTLS figures. Every peer process is
 * bounded by timeout(1). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dtls_bench.h"

#define DBG_SERVER_PORT 25684 /* the first run's; each next one 10 higher */
#define DBG_MAX         4     /* MTUs measured at once */
#define DBG_PRIO        "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:-MAC-ALL:+AEAD"

static pid_t dbg_spawn(const char *cmd)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* True once a socket is bound to UDP port `port` in this namespace. */
static bool dbg_bound(uint16_t port)
{
    char line[256], want[8];
    snprintf(want, sizeof want, ":%04X ", port);
    for (int tries = 0; tries < 100; tries++) {
        FILE *f = fopen("/proc/net/udp", "r");
        bool found = false;
        while (f && !found && fgets(line, sizeof line, f))
            found = strstr(line, want) != NULL && strstr(line, want) < line + 24;
        if (f)
            fclose(f);
        if (found)
            return true;
        usleep(50000);
    }
    return false;
}

static int dbg_udp(uint16_t port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons(port)};
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        return -1;
    return fd;
}

/* Forward one datagram from `from` to `to_addr` through `out`, counting it
 * if it carries handshake or ChangeCipherSpec records. */
static void dbg_forward(int from, int out, struct sockaddr_in *src, const struct sockaddr_in *to_addr,
                        struct dtlsb_sample *count)
{
    uint8_t buf[2048];
    socklen_t len = sizeof *src;
    ssize_t n = recvfrom(from, buf, sizeof buf, 0, (struct sockaddr *)src, &len);
    if (n <= 0 || !to_addr->sin_port)
        return;
    if (buf[0] == 22 || buf[0] == 20) {
        count->datagrams++;
        count->bytes += (uint32_t)n;
    }
    (void)sendto(out, buf, (size_t)n, 0, (const struct sockaddr *)to_addr, sizeof *to_addr);
}

/* One gnutls-cli -> relay -> gnutls-serv handshake; several run at once. */
struct dbg_run {
    uint16_t mtu, port; /* gnutls-serv's port; the relay listens on port + 1 */
    bool cookie, ok, done;
    pid_t srv, cli;
    int down, up; /* the relay's sockets: the client's side, the server's side */
    struct sockaddr_in client, server;
    struct dtlsb_sample count;
};

static void dbg_start_server(struct dbg_run *r, const char *pskfile)
{
    char cmd[768];
    snprintf(cmd, sizeof cmd,
             "exec timeout 15 gnutls-serv --udp -p %u --pskpasswd %s --priority '" DBG_PRIO
             "' --mtu %u --noticket %s --echo > /dev/null 2>&1",
             r->port, pskfile, r->mtu, r->cookie ? "" : "--nocookie");
    r->srv = dbg_spawn(cmd);
    r->down = dbg_udp((uint16_t)(r->port + 1));
    r->up = dbg_udp(0);
    r->server = (struct sockaddr_in){
        .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons(r->port)};
}

static void dbg_start_client(struct dbg_run *r)
{
    char cmd[768];
    r->done = !(r->srv > 0 && r->down >= 0 && r->up >= 0 && dbg_bound(r->port));
    if (r->done)
        return;
    snprintf(cmd, sizeof cmd,
             "exec timeout 10 gnutls-cli --udp -p %u 127.0.0.1 --pskusername " DTLSB_ID
             " --pskkey " DTLSB_KEY_HEX " --priority '" DBG_PRIO "' --mtu %u < /dev/null > /dev/null 2>&1",
             r->port + 1u, r->mtu);
    r->cli = dbg_spawn(cmd);
}

/* Relay for every run until each client has exited (gnutls-cli ends after
 * the handshake and its close_notify, its stdin being empty). */
static void dbg_relay(struct dbg_run *runs, size_t n)
{
    for (;;) {
        struct pollfd fds[2 * DBG_MAX];
        size_t live = 0;
        for (size_t i = 0; i < n; i++) {
            struct dbg_run *r = &runs[i];
            int status;
            if (!r->done && waitpid(r->cli, &status, WNOHANG) == r->cli) {
                r->done = true;
                r->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            }
            live += !r->done;
            fds[2 * i] = (struct pollfd){.fd = r->done ? -1 : r->down, .events = POLLIN};
            fds[2 * i + 1] = (struct pollfd){.fd = r->done ? -1 : r->up, .events = POLLIN};
        }
        if (!live)
            return;
        if (poll(fds, 2 * n, 20) <= 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            struct dbg_run *r = &runs[i];
            struct sockaddr_in ignored;
            if (fds[2 * i].revents & POLLIN)
                dbg_forward(r->down, r->up, &r->client, &r->server, &r->count);
            if (fds[2 * i + 1].revents & POLLIN)
                dbg_forward(r->up, r->down, &ignored, &r->client, &r->count);
        }
    }
}

static void dbg_stop(struct dbg_run *r)
{
    if (r->srv > 0) {
        kill(r->srv, SIGTERM);
        (void)waitpid(r->srv, NULL, 0);
    }
    if (r->down >= 0)
        close(r->down);
    if (r->up >= 0)
        close(r->up);
}

/* The child, in its own network namespace: one line per MTU on fd,
 * "MTU OK DATAGRAMS BYTES". */
static void dbg_child(int fd, const uint16_t *mtus, const bool *cookie, size_t n)
{
    char pskfile[] = "/tmp/dtls-bench-psk-XXXXXX", line[64];
    struct dbg_run runs[DBG_MAX] = {0};
    int pf = mkstemp(pskfile);
    if (n > DBG_MAX || unshare(CLONE_NEWNET) != 0 || system("ip link set lo up") != 0 || pf < 0 ||
        dprintf(pf, "%s:%s\n", DTLSB_ID, DTLSB_KEY_HEX) < 0)
        _exit(1);
    close(pf);
    for (size_t i = 0; i < n; i++) {
        runs[i].mtu = mtus[i];
        runs[i].cookie = cookie[i];
        runs[i].port = (uint16_t)(DBG_SERVER_PORT + 10 * i);
        dbg_start_server(&runs[i], pskfile);
    }
    for (size_t i = 0; i < n; i++)
        dbg_start_client(&runs[i]);
    dbg_relay(runs, n);
    for (size_t i = 0; i < n; i++) {
        dbg_stop(&runs[i]);
        int len = snprintf(line, sizeof line, "%u %d %u %u\n", mtus[i], runs[i].ok,
                           (unsigned)runs[i].count.datagrams, (unsigned)runs[i].count.bytes);
        if (write(fd, line, (size_t)len) != len)
            break;
    }
    unlink(pskfile);
    _exit(0);
}

/* GnuTLS's handshake at each mtus[i] (with a cookie exchange if cookie[i]);
 * ok[i] false where it could not be measured. */
static void dbg_measure(const uint16_t *mtus, const bool *cookie, size_t n, struct dtlsb_sample *out,
                        bool *ok)
{
    int p[2];
    for (size_t i = 0; i < n; i++)
        ok[i] = false;
    if (geteuid() != 0 ||
        system("command -v gnutls-serv > /dev/null && command -v gnutls-cli > /dev/null") != 0) {
        fprintf(stderr, "dtls_bench: no GnuTLS MTU figures (they need root for a private network namespace, "
                        "and gnutls-bin)\n");
        return;
    }
    if (pipe(p) != 0)
        return;
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        close(p[0]);
        dbg_child(p[1], mtus, cookie, n);
    }
    close(p[1]);
    FILE *f = child > 0 ? fdopen(p[0], "r") : NULL;
    unsigned mtu, d, b;
    int good;
    while (f && fscanf(f, "%u %d %u %u", &mtu, &good, &d, &b) == 4) {
        for (size_t i = 0; i < n; i++) {
            if (mtus[i] == mtu && good) {
                ok[i] = true;
                out[i].datagrams = d;
                out[i].bytes = b;
            }
        }
    }
    if (f)
        fclose(f);
    else
        close(p[0]);
    if (child > 0)
        (void)waitpid(child, NULL, 0);
}
