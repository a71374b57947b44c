/* demo.c: Demo, the posix demo application. On boot it reads its options,
 * opens a UDP socket on [::]:port (IPv6 and IPv4), echoes every datagram
 * back to its sender, and logs a heartbeat (and toggles the green LED)
 * every period_ms. It runs until SIGINT/SIGTERM or, with --count N, exits
 * with status 0 after the Nth heartbeat. Bad options: usage on stderr,
 * status 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interfaces/boot.h"
#include "interfaces/datagram.h"
#include "interfaces/leds.h"
#include "interfaces/log.h"
#include "interfaces/process.h"
#include "interfaces/timer.h"
#include "lib/endpoint.h"

enum { DEMO_BUF = 1232 };

static struct {
    uint32_t port;
    uint32_t count; /* heartbeats before exiting; 0 = run until a signal */
    uint32_t period_ms;
    uint32_t beats;
    bool sending;
    struct endpoint peer; /* where the echo in buf goes */
    uint8_t buf[DEMO_BUF];
} demo;

static const char demo_usage[] =
    "usage: demo [--port N] [--count N] [--period MS] [--help]\n"
    "  A UDP echo server (IPv6 and IPv4) with a heartbeat log line.\n"
    "  --port N     UDP port to echo on (default %u; 0: any free port)\n"
    "  --count N    exit with status 0 after N heartbeats (default: run until SIGINT)\n"
    "  --period MS  heartbeat period in ms, 10..3600000 (default %u)\n"
    "  --help       print this and exit\n"
    "  Logs go to stderr; WIRE_LOG=debug|info|warn|error sets the level.\n";

static void demo_log(uint8_t level, const char *text, uint32_t number)
{
    if (Demo__log__begin(level, "demo")) {
        Demo__log__str(text);
        Demo__log__u32(number);
        Demo__log__end();
    }
}

static void demo_say(const char *text)
{
    if (Demo__log__begin(LOG_INFO, "demo")) {
        Demo__log__str(text);
        Demo__log__end();
    }
}

/* A decimal number in lo..hi, or false. */
static bool demo_number(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Parse the command line; false (after the usage) if it is wrong. */
static bool demo_options(void)
{
    int argc = Demo__process__argc();
    for (int i = 1; i < argc; i += 2) {
        const char *opt = Demo__process__arg(i);
        const char *val = Demo__process__arg(i + 1);
        bool ok;
        if (strcmp(opt, "--port") == 0)
            ok = demo_number(val, 0, 65535, &demo.port);
        else if (strcmp(opt, "--count") == 0)
            ok = demo_number(val, 0, UINT32_MAX, &demo.count);
        else if (strcmp(opt, "--period") == 0)
            ok = demo_number(val, 10, 3600000, &demo.period_ms);
        else
            ok = false;
        if (!ok) {
            fprintf(stderr, "demo: bad option or value: %s%s%s\n", opt, val ? " " : "", val ? val : "");
            fprintf(stderr, demo_usage, (unsigned)Demo__port, (unsigned)Demo__period_ms);
            return false;
        }
    }
    return true;
}

static bool demo_wants_help(void)
{
    for (int i = 1; i < Demo__process__argc(); i++) {
        const char *a = Demo__process__arg(i);
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return true;
    }
    return false;
}

static bool demo_open(void)
{
    static const uint8_t any[16] = {0};
    struct endpoint local;
    endpoint_set_ip6(&local, any, (uint16_t)demo.port);
    err_t e = Demo__net__open(&local);
    if (e != E_OK) {
        demo_log(LOG_ERROR, "cannot open the UDP port ", demo.port);
        return false;
    }
    if (demo.port)
        demo_log(LOG_INFO, "echoing UDP datagrams on port ", demo.port);
    else
        demo_say("echoing UDP datagrams on the free port that udp logged above");
    return true;
}

void Demo__boot__booted(void)
{
    demo.port = Demo__port;
    demo.period_ms = Demo__period_ms;
    if (demo_wants_help()) {
        printf(demo_usage, (unsigned)Demo__port, (unsigned)Demo__period_ms);
        Demo__process__exit(0);
        return;
    }
    if (!demo_options()) {
        Demo__process__exit(2);
        return;
    }
    if (!demo_open()) {
        Demo__process__exit(1);
        return;
    }
    Demo__heartbeat__start_periodic(demo.period_ms);
}

void Demo__heartbeat__fired(void)
{
    demo.beats++;
    Demo__leds__toggle(LED_GREEN);
    demo_log(LOG_INFO, "heartbeat ", demo.beats);
    if (demo.count && demo.beats >= demo.count) {
        demo_log(LOG_INFO, "done after heartbeats: ", demo.beats);
        Demo__heartbeat__stop();
        Demo__net__close();
        Demo__process__exit(0);
    }
}

static void demo_log_peer(const char *what, const struct endpoint *peer, uint16_t len)
{
    char text[ENDPOINT_TEXT_MAX];
    if (endpoint_format(peer, text, sizeof text) == 0)
        strcpy(text, "?");
    if (Demo__log__begin(LOG_INFO, "demo")) {
        Demo__log__str(what);
        Demo__log__u32(len);
        Demo__log__str(" bytes, peer ");
        Demo__log__str(text);
        Demo__log__end();
    }
}

void Demo__net__received(const struct endpoint *from, const uint8_t *buf, uint16_t len)
{
    if (demo.sending || len > sizeof demo.buf) {
        demo_log_peer(demo.sending ? "busy, dropped " : "too large, dropped ", from, len);
        return;
    }
    memcpy(demo.buf, buf, len);
    demo.peer = *from;
    err_t e = Demo__net__send(&demo.peer, demo.buf, len);
    if (e != E_OK) {
        demo_log(LOG_WARN, "echo not sent, error ", e);
        return;
    }
    demo.sending = true;
    demo_log_peer("echo ", from, len);
}

void Demo__net__send_done(const uint8_t *buf, err_t result)
{
    (void)buf;
    demo.sending = false;
    if (result != E_OK)
        demo_log(LOG_WARN, "echo failed, error ", result);
}
