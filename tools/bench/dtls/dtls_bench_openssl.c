/* dtls_bench_openssl.c: the peer side of the DTLS bench: an OpenSSL (libssl)
 * DTLS 1.2 client and server with PSK-AES128-CCM8 in this process, over two
 * UDP sockets on 127.0.0.1 (the transport our side uses), configured as
 * `openssl s_client -dtls1_2 -psk ... -cipher PSK-AES128-CCM8` and
 * `openssl s_server -dtls1_2 -nocert -psk ...` are by default: cookie
 * exchange with a 20-byte HMAC-SHA1 cookie, session tickets, no identity
 * hint; link MTU 1260 (1232 bytes of UDP payload, as our PosixUdp), which a
 * handshake of this size never reaches. One thread steps both ends and
 * sleeps in poll() on both sockets when neither can go on. A filter BIO on
 * the client counts every datagram and byte it writes and reads. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "../bench_protocol.h"
#include "dtls_bench.h"

#define DBO_POLL_LIMIT_MS 5000 /* a handshake on loopback that stalls this long has failed */

static struct {
    SSL_CTX *cctx, *sctx;
    BIO_METHOD *counter;
    int cfd, sfd;
    BIO_ADDR *server;
    uint8_t cookie_secret[32];
    uint32_t datagrams, bytes; /* counted by the client's filter BIO */
} dbo;

static void dbo_die(const char *what)
{
    fprintf(stderr, "dtls_bench: OpenSSL side: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* ---- the counting filter BIO --------------------------------------------- */

static int dbo_count_write(BIO *b, const char *in, int len)
{
    int n = BIO_write(BIO_next(b), in, len);
    BIO_clear_retry_flags(b);
    BIO_copy_next_retry(b);
    if (n > 0) {
        dbo.datagrams++;
        dbo.bytes += (uint32_t)n;
    }
    return n;
}

static int dbo_count_read(BIO *b, char *out, int cap)
{
    int n = BIO_read(BIO_next(b), out, cap);
    BIO_clear_retry_flags(b);
    BIO_copy_next_retry(b);
    if (n > 0) {
        dbo.datagrams++;
        dbo.bytes += (uint32_t)n;
    }
    return n;
}

static long dbo_count_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    return BIO_ctrl(BIO_next(b), cmd, num, ptr);
}

static int dbo_count_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

/* ---- PSK and cookies ------------------------------------------------------- */

static const uint8_t dbo_key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

static unsigned dbo_client_psk(SSL *ssl, const char *hint, char *identity, unsigned id_cap, uint8_t *psk,
                               unsigned psk_cap)
{
    (void)ssl, (void)hint;
    if (id_cap < sizeof DTLSB_ID || psk_cap < sizeof dbo_key)
        return 0;
    memcpy(identity, DTLSB_ID, sizeof DTLSB_ID);
    memcpy(psk, dbo_key, sizeof dbo_key);
    return sizeof dbo_key;
}

static unsigned dbo_server_psk(SSL *ssl, const char *identity, uint8_t *psk, unsigned psk_cap)
{
    (void)ssl;
    if (strcmp(identity, DTLSB_ID) != 0 || psk_cap < sizeof dbo_key)
        return 0;
    memcpy(psk, dbo_key, sizeof dbo_key);
    return sizeof dbo_key;
}

/* s_server's cookie: HMAC-SHA1 over the client's address and port, 20 bytes. */
static int dbo_cookie_of(SSL *ssl, uint8_t *cookie, size_t *len)
{
    BIO_ADDR *peer = BIO_ADDR_new();
    uint8_t addr[20];
    size_t alen = 0;
    if (!peer || BIO_dgram_get_peer(SSL_get_rbio(ssl), peer) <= 0 ||
        !BIO_ADDR_rawaddress(peer, NULL, &alen) || alen > sizeof addr - 2 ||
        !BIO_ADDR_rawaddress(peer, addr, &alen)) {
        BIO_ADDR_free(peer);
        return 0;
    }
    uint16_t port = BIO_ADDR_rawport(peer);
    memcpy(addr + alen, &port, 2);
    BIO_ADDR_free(peer);
    return EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, dbo.cookie_secret, sizeof dbo.cookie_secret, addr,
                     alen + 2, cookie, DTLS1_COOKIE_LENGTH, len) != NULL;
}

static int dbo_cookie_generate(SSL *ssl, unsigned char *cookie, unsigned int *len)
{
    size_t n = 0;
    if (!dbo_cookie_of(ssl, cookie, &n))
        return 0;
    *len = (unsigned)n;
    return 1;
}

static int dbo_cookie_verify(SSL *ssl, const unsigned char *cookie, unsigned int len)
{
    uint8_t want[DTLS1_COOKIE_LENGTH];
    size_t n = 0;
    return dbo_cookie_of(ssl, want, &n) && n == len && CRYPTO_memcmp(want, cookie, n) == 0;
}

/* ---- set-up ---------------------------------------------------------------- */

static int dbo_socket(struct sockaddr_in *sa)
{
    socklen_t len = sizeof *sa;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa->sin_port = 0;
    if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof *sa) != 0 ||
        getsockname(fd, (struct sockaddr *)sa, &len) != 0)
        dbo_die("a UDP socket on 127.0.0.1");
    return fd;
}

static SSL_CTX *dbo_ctx(const SSL_METHOD *method)
{
    SSL_CTX *ctx = SSL_CTX_new(method);
    if (!ctx || !SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) ||
        !SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) ||
        !SSL_CTX_set_cipher_list(ctx, "PSK-AES128-CCM8"))
        dbo_die("SSL_CTX set-up");
    SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU);
    return ctx;
}

static void dbo_setup(void)
{
    if (dbo.cctx)
        return;
    dbo.cctx = dbo_ctx(DTLS_client_method());
    dbo.sctx = dbo_ctx(DTLS_server_method());
    SSL_CTX_set_psk_client_callback(dbo.cctx, dbo_client_psk);
    SSL_CTX_set_psk_server_callback(dbo.sctx, dbo_server_psk);
    SSL_CTX_set_options(dbo.sctx, SSL_OP_COOKIE_EXCHANGE);
    SSL_CTX_set_cookie_generate_cb(dbo.sctx, dbo_cookie_generate);
    SSL_CTX_set_cookie_verify_cb(dbo.sctx, dbo_cookie_verify);
    if (RAND_bytes(dbo.cookie_secret, sizeof dbo.cookie_secret) != 1)
        dbo_die("RAND_bytes");
    dbo.counter = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_FILTER, "datagram counter");
    if (!dbo.counter || !BIO_meth_set_write(dbo.counter, dbo_count_write) ||
        !BIO_meth_set_read(dbo.counter, dbo_count_read) || !BIO_meth_set_ctrl(dbo.counter, dbo_count_ctrl) ||
        !BIO_meth_set_create(dbo.counter, dbo_count_create))
        dbo_die("the counting BIO");
    struct sockaddr_in c, s;
    dbo.cfd = dbo_socket(&c);
    dbo.sfd = dbo_socket(&s);
    dbo.server = BIO_ADDR_new();
    if (!dbo.server || !BIO_ADDR_rawmake(dbo.server, AF_INET, &s.sin_addr, sizeof s.sin_addr, s.sin_port))
        dbo_die("BIO_ADDR");
}

static SSL *dbo_ssl(SSL_CTX *ctx, int fd, bool client)
{
    SSL *ssl = SSL_new(ctx);
    BIO *b = BIO_new_dgram(fd, BIO_NOCLOSE);
    if (!ssl || !b)
        dbo_die("SSL_new");
    if (client) {
        BIO_dgram_set_peer(b, dbo.server);
        BIO *f = BIO_new(dbo.counter);
        if (!f)
            dbo_die("BIO_new(counter)");
        b = BIO_push(f, b);
        SSL_set_connect_state(ssl);
    } else {
        SSL_set_accept_state(ssl);
    }
    SSL_set_bio(ssl, b, b);
    if (!DTLS_set_link_mtu(ssl, 1260))
        dbo_die("DTLS_set_link_mtu");
    return ssl;
}

/* ---- one handshake ------------------------------------------------------- */

/* One step of ssl's handshake: true once complete. */
static bool dbo_step(SSL *ssl)
{
    int r = SSL_do_handshake(ssl);
    if (r == 1)
        return true;
    int e = SSL_get_error(ssl, r);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
        dbo_die("SSL_do_handshake");
    return false;
}

static void dbo_wait(void)
{
    struct pollfd fds[2] = {{.fd = dbo.cfd, .events = POLLIN}, {.fd = dbo.sfd, .events = POLLIN}};
    if (poll(fds, 2, DBO_POLL_LIMIT_MS) <= 0)
        dbo_die("the handshake (stalled)");
}

static void dbo_drain(int fd)
{
    uint8_t buf[2048];
    while (recv(fd, buf, sizeof buf, 0) > 0)
        continue;
}

/* The client's close_notify, read by the server, which answers with its own. */
static void dbo_close(SSL *c, SSL *s)
{
    uint8_t buf[64];
    (void)SSL_shutdown(c);
    for (;;) {
        int r = SSL_read(s, buf, sizeof buf);
        if (r <= 0 && SSL_get_error(s, r) == SSL_ERROR_ZERO_RETURN)
            break;
        if (r <= 0 && SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
            dbo_die("reading close_notify");
        dbo_wait();
    }
    (void)SSL_shutdown(s);
    dbo_drain(dbo.cfd);
    dbo_drain(dbo.sfd);
}

/* One full handshake between an OpenSSL client and server (fresh SSL
 * objects, no resumption), then close_notify; *out (may be NULL) gets the
 * handshake's time and traffic. */
static void dbo_handshake(struct dtlsb_sample *out)
{
    dbo_setup();
    SSL *c = dbo_ssl(dbo.cctx, dbo.cfd, true), *s = dbo_ssl(dbo.sctx, dbo.sfd, false);
    uint32_t d0 = dbo.datagrams, b0 = dbo.bytes;
    uint64_t t0 = bench_now_ns();
    bool c_done = false, s_done = false;
    while (!c_done) {
        c_done = dbo_step(c);
        if (!s_done)
            s_done = dbo_step(s);
        if (!c_done)
            dbo_wait();
    }
    if (out) {
        out->ns = bench_now_ns() - t0;
        out->datagrams = dbo.datagrams - d0;
        out->bytes = dbo.bytes - b0;
    }
    dbo_close(c, s);
    SSL_free(c);
    SSL_free(s);
}
