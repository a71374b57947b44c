/* dtls_interop_capture.h: the third-party check of the DTLS interop tests.
 * While a test runs, dumpcap records the peer's UDP port on lo; afterwards
 * tshark decrypts the capture with the PSK (the dtls.psk preference) and the
 * test compares what tshark shows with the bytes each side sent: the
 * application data both ways, the close_notify, the suite and extensions of
 * the hellos, no malformed record and no expert warning or error; with a
 * wrong key tshark must show no data at all. Capturing on lo needs root
 * (CI runs as root, in a private network namespace: dtls_interop_proc.h);
 * otherwise the capture is left out and the test says so.
 * Include after cmocka.h and dtls_interop_proc.h. */
#ifndef TESTS_DTLS_INTEROP_CAPTURE_H
#define TESTS_DTLS_INTEROP_CAPTURE_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DIC_WRONG_KEY "0f0e0d0c0b0a09080706050403020100"

struct dic_capture {
    struct dip_child dumpcap;
    char pcap[64];
    uint16_t port; /* the peer's port (the filter, and where tshark expects DTLS) */
    bool on;
};

/* What tshark made of one capture (one line per frame: "srcport<TAB>data hex<TAB>
 * handshake types<TAB>extension types<TAB>cipher suites<TAB>expert severities<TAB>Info"). */
struct dic_result {
    char frames[8192];
    unsigned bad;       /* frames that are malformed or carry an expert warning/error */
    unsigned wrong_key; /* frames with data when decrypted with a wrong key */
};

/* Send one datagram to 127.0.0.1:port from a fresh socket. */
static inline void dic_probe(uint16_t port)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return;
    (void)sendto(fd, "probe", 5, 0, (struct sockaddr *)&sa, sizeof sa);
    close(fd);
}

/* Start recording udp port `port` on lo, if this process may (root, with
 * dumpcap and tshark); returns whether it does. dumpcap says "Capturing on"
 * a moment before its filter really takes packets, so this also sends
 * probes to a second port in the filter until dumpcap counts one
 * ("Packets: N" on stderr); the analysis only looks at `port`. */
static inline bool dic_start(struct dic_capture *k, uint16_t port)
{
    char cmd[256], out[512] = "";
    memset(k, 0, sizeof *k);
    if (geteuid() != 0 || !dip_have("dumpcap") || !dip_have("tshark")) {
        print_message("capture left out: needs root, dumpcap and tshark\n");
        return false;
    }
    strcpy(k->pcap, "/tmp/dtls-interop-cap-XXXXXX");
    int fd = mkstemp(k->pcap);
    assert_true(fd >= 0);
    close(fd);
    k->port = port;
    uint16_t probe = dip_free_port();
    snprintf(cmd, sizeof cmd, "exec timeout 60 dumpcap -i lo -f 'udp port %u or udp port %u' -w %s", port,
             probe, k->pcap);
    assert_true(dip_spawn(&k->dumpcap, cmd));
    for (int i = 0; i < 1000 && !strstr(out, "Packets"); i++) {
        if (strstr(out, "Capturing on"))
            dic_probe(probe);
        usleep(10000);
        dip_output(&k->dumpcap, out, sizeof out);
    }
    assert_non_null(strstr(out, "Packets"));
    k->on = true;
    return true;
}

/* Stop recording: dumpcap gets 300 ms to read the last datagrams first. */
static inline void dic_stop(struct dic_capture *k)
{
    char out[512];
    if (!k->on)
        return;
    usleep(300000);
    dip_finish(&k->dumpcap, out, sizeof out);
}

/* Run tshark over the capture's frames of k->port that match `filter`,
 * decrypting with key, printing `fields` (-T fields -e ...; NULL: the
 * summary lines); its stdout in out. */
static inline void dic_tshark(const struct dic_capture *k, const char *key, const char *filter,
                              const char *fields, char *out, size_t cap)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "timeout 60 tshark -r %s -d udp.port==%u,dtls -o dtls.psk:%s -Y 'udp.port==%u && (%s)' %s%s "
             "2>/dev/null",
             k->pcap, k->port, key, k->port, filter, fields ? "-T fields " : "", fields ? fields : "");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    assert_int_equal(pclose(p), 0);
}

static inline unsigned dic_lines(const char *text)
{
    unsigned n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* Field idx (0-based, tab-separated) of one line, into out. */
static inline void dic_field(const char *line, int idx, char *out, size_t cap)
{
    for (; idx > 0 && *line && *line != '\n'; line++)
        idx -= *line == '\t';
    size_t n = 0;
    while (line[n] && line[n] != '\t' && line[n] != '\n' && n + 1 < cap)
        n++;
    memcpy(out, line, n);
    out[n] = 0;
}

/* The worst expert severity in one line's field 5 (tshark's values:
 * 0x600000 warning, 0x800000 error; a malformed frame has an error). */
static inline unsigned long dic_severity(const char *line)
{
    char f[128];
    unsigned long worst = 0;
    dic_field(line, 5, f, sizeof f);
    for (char *p = f; *p; p += *p == ',') {
        unsigned long v = strtoul(p, &p, 10);
        worst = v > worst ? v : worst;
        if (*p && *p != ',')
            break;
    }
    return worst;
}

/* Decrypt and decode the capture, with the key and with a wrong one (see
 * struct dic_result). */
static inline void dic_analyse(const struct dic_capture *k, const char *key, struct dic_result *r)
{
    char other[4096];
    dic_tshark(k, key, "frame",
               "-e udp.srcport -e data.data -e dtls.handshake.type -e dtls.handshake.extension.type "
               "-e dtls.handshake.ciphersuite -e _ws.expert.severity -e _ws.col.Info",
               r->frames, sizeof r->frames);
    r->bad = 0;
    for (const char *l = r->frames; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
        r->bad += dic_severity(l) >= 0x600000;
    dic_tshark(k, DIC_WRONG_KEY, "data", NULL, other, sizeof other);
    r->wrong_key = dic_lines(other);
}

/* The application data tshark decrypted from sender port `from`, as hex,
 * all frames appended in order. */
static inline void dic_data_from(const struct dic_result *r, uint16_t from, char *hex, size_t cap)
{
    char port[8];
    size_t n = 0;
    snprintf(port, sizeof port, "%u\t", from);
    hex[0] = 0;
    for (const char *line = r->frames; *line;) {
        const char *end = strchr(line, '\n');
        end = end ? end : line + strlen(line);
        if (strncmp(line, port, strlen(port)) == 0) {
            const char *d = line + strlen(port), *tab = memchr(d, '\t', (size_t)(end - d));
            size_t len = tab ? (size_t)(tab - d) : (size_t)(end - d);
            for (size_t i = 0; i < len && n + 1 < cap; i++)
                if (d[i] != ',') /* several records in one frame */
                    hex[n++] = d[i];
            hex[n] = 0;
        }
        line = *end ? end + 1 : end;
    }
}

/* True if the comma-separated list has item. */
static inline bool dic_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; (p = strstr(p, item)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
            return true;
    return false;
}

/* Field idx of the first frame whose first handshake message is of type
 * ("1" ClientHello, "2" ServerHello) and where that field is not empty
 * (a fragmented hello shows its fields only in the frame that completes
 * it), into out; false if none. */
static inline bool dic_hello(const struct dic_result *r, const char *type, int idx, char *out, size_t cap)
{
    char types[64];
    for (const char *l = r->frames; *l;) {
        dic_field(l, 2, types, sizeof types);
        size_t n = strlen(type);
        if (strncmp(types, type, n) == 0 && (types[n] == 0 || types[n] == ',')) {
            dic_field(l, idx, out, cap);
            if (out[0])
                return true;
        }
        l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l);
    }
    return false;
}

/* Hex of len bytes (lower case, as tshark prints them). */
static inline void dic_hex(const void *buf, size_t len, char *hex)
{
    const uint8_t *b = buf;
    for (size_t i = 0; i < len; i++)
        sprintf(hex + 2 * i, "%02x", b[i]);
    hex[2 * len] = 0;
}

/* True if a frame from port `from` shows text in its Info column. */
static inline bool dic_info_from(const struct dic_result *r, uint16_t from, const char *text)
{
    char info[256];
    for (const char *l = r->frames; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        dic_field(l, 6, info, sizeof info);
        if ((uint16_t)atoi(l) == from && strstr(info, text))
            return true;
    }
    return false;
}

/* The common verdict: our bytes and the peer's, exactly, decrypted by
 * tshark; a ServerHello with TLS_PSK_WITH_AES_128_CCM_8 and the extended
 * master secret (23); a close_notify from us (sent or answered, RFC 5246
 * 7.2.1) and, if peer_closes, from the peer; nothing malformed; nothing
 * readable with a wrong key. ours/theirs: the application data each side
 * sent. Returns what tshark showed, for further checks. */
static inline const struct dic_result *dic_verify(struct dic_capture *k, const char *key, uint16_t our_port,
                                                  const char *ours, const char *theirs, bool peer_closes)
{
    static struct dic_result r;
    char want[1024], got[1024], sh[512];
    uint16_t their_port = k->port == our_port ? 0 : k->port;
    dic_analyse(k, key, &r);
    print_message("tshark decoded:\n%s", r.frames);
    dic_hex(ours, strlen(ours), want);
    dic_data_from(&r, our_port, got, sizeof got);
    assert_string_equal(got, want);
    dic_hex(theirs, strlen(theirs), want);
    for (const char *l = r.frames; their_port == 0 && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "")
        if ((uint16_t)atoi(l) != our_port)
            their_port = (uint16_t)atoi(l);
    dic_data_from(&r, their_port, got, sizeof got);
    assert_string_equal(got, want);
    assert_true(dic_hello(&r, "2", 4, sh, sizeof sh)); /* ServerHello: the suite */
    assert_string_equal(sh, "0xc0a8");
    assert_true(dic_hello(&r, "2", 3, sh, sizeof sh)); /* and its extensions */
    print_message("ServerHello extensions: %s\n", sh);
    assert_true(dic_has(sh, "23"));
    assert_true(dic_info_from(&r, our_port, "Close Notify"));
    if (peer_closes)
        assert_true(dic_info_from(&r, their_port, "Close Notify"));
    assert_int_equal(r.bad, 0);
    assert_int_equal(r.wrong_key, 0);
    unlink(k->pcap);
    return &r;
}
#endif
