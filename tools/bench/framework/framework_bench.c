/* framework_bench.c: times the framework's basic operations for
 * tools/bench/bench.py: a call across a wire (against the same call through
 * a table of function pointers, as driver models built on ops structs make
 * it), a task post and run, and a timer expiry through the posix loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t fwb_ticks;
static uint32_t fwb_fired;

/* The peer: the same work as BenchSink, reached through an ops table whose
 * address the compiler cannot see through (as after a device lookup). */
static uint32_t fwb_peer_sum;
static uint32_t fwb_peer_add(uint32_t value)
{
    fwb_peer_sum += value;
    return fwb_peer_sum;
}
struct fwb_ops {
    uint32_t (*add)(uint32_t value);
};
static const struct fwb_ops fwb_peer_ops = {fwb_peer_add};
static const struct fwb_ops *volatile fwb_peer = &fwb_peer_ops;

void FrameworkBench__task__tick(void)
{
    fwb_ticks++;
}

void FrameworkBench__timer__fired(void)
{
    fwb_fired++;
    FrameworkBench__loop__stop();
}

static uint64_t fwb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t fwb_wired_call(uint32_t n, int peer)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum = peer ? fwb_peer->add(i) : FrameworkBench__sink__add(i);
    return sum;
}

static uint32_t fwb_post_run(uint32_t n, int peer)
{
    (void)peer;
    for (uint32_t i = 0; i < n; i++) {
        FrameworkBench__post__tick();
        FrameworkBench__loop__run_next();
    }
    return fwb_ticks;
}

static uint32_t fwb_timer_expiry(uint32_t n, int peer)
{
    (void)peer;
    for (uint32_t i = 0; i < n; i++) {
        FrameworkBench__timer__start_one_shot(0);
        FrameworkBench__loop__run_forever(); /* until fired() stops it */
    }
    return fwb_fired;
}

struct fwb_case {
    const char *name;
    const char *what;
    const char *peer;
    uint32_t iterations;
    uint32_t (*run)(uint32_t n, int peer);
};

static const struct fwb_case fwb_cases[] = {
    {"framework.wired_call", "a command across a wire", "call through an ops table", 50000000u,
     fwb_wired_call},
    {"framework.task_post_run", "post a task and run it", NULL, 5000000u, fwb_post_run},
    {"framework.timer_expiry", "0 ms one-shot timer: alarm, poll, task, fired", NULL, 200000u,
     fwb_timer_expiry},
};

static int fwb_usage(FILE *out, int status)
{
    fprintf(out, "usage: framework_bench --list\n"
                 "       framework_bench --run NAME --side ours|peer --iterations N\n"
                 "Times the framework's basic operations; see tools/bench/bench.py.\n");
    return status;
}

static int fwb_list(void)
{
    for (size_t i = 0; i < sizeof fwb_cases / sizeof fwb_cases[0]; i++) {
        const struct fwb_case *c = &fwb_cases[i];
        printf("{\"name\": \"%s\", \"what\": \"%s\", \"iterations\": %lu, \"peer\": ", c->name, c->what,
               (unsigned long)c->iterations);
        printf(c->peer ? "\"%s\"}\n" : "null}\n", c->peer);
    }
    return 0;
}

static int fwb_run(const char *name, const char *side, unsigned long n)
{
    for (size_t i = 0; i < sizeof fwb_cases / sizeof fwb_cases[0]; i++) {
        const struct fwb_case *c = &fwb_cases[i];
        if (strcmp(c->name, name) != 0)
            continue;
        int peer = strcmp(side, "peer") == 0;
        if ((peer && !c->peer) || (!peer && strcmp(side, "ours") != 0)) {
            fprintf(stderr, "framework_bench: %s has no side '%s'\n", name, side);
            return 2;
        }
        uint64_t t0 = fwb_now_ns();
        volatile uint32_t sink = c->run((uint32_t)n, peer);
        uint64_t t1 = fwb_now_ns();
        (void)sink;
        printf("{\"ns_per_op\": %.3f}\n", (double)(t1 - t0) / (double)n);
        return 0;
    }
    fprintf(stderr, "framework_bench: unknown benchmark '%s' (--list shows them)\n", name);
    return 2;
}

int main(int argc, char **argv)
{
    const char *name = NULL, *side = "ours";
    unsigned long n = 0;
    wire_init();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0)
            return fwb_list();
        if (strcmp(argv[i], "--help") == 0)
            return fwb_usage(stdout, 0);
        if (i + 1 < argc && strcmp(argv[i], "--run") == 0)
            name = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--side") == 0)
            side = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--iterations") == 0)
            n = strtoul(argv[++i], NULL, 10);
        else
            return fwb_usage(stderr, 2);
    }
    if (!name || n == 0)
        return fwb_usage(stderr, 2);
    return fwb_run(name, side, n);
}
