/* framework_bench.c: times the framework's basic operations for
 * tools/bench/bench.py: a call across a wire (against the same call through
 * a table of function pointers, as driver models built on ops structs make
 * it), a task post and run, and a timer expiry through the posix loop. */
#include "../bench_protocol.h"

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

static const struct bench_case fwb_cases[] = {
    {.name = "framework.wired_call",
     .what = "a command across a wire",
     .peer = "call through an ops table",
     .iterations = 50000000u,
     .run = fwb_wired_call},
    {.name = "framework.task_post_run",
     .what = "post a task and run it",
     .iterations = 5000000u,
     .run = fwb_post_run},
    {.name = "framework.timer_expiry",
     .what = "0 ms one-shot timer: alarm, poll, task, fired",
     .iterations = 200000u,
     .run = fwb_timer_expiry},
};

int main(int argc, char **argv)
{
    static const struct bench_program program = {"framework_bench",
                                                 "Times the framework's basic operations",
                                                 fwb_cases,
                                                 sizeof fwb_cases / sizeof fwb_cases[0],
                                                 0,
                                                 NULL};
    wire_init();
    return bench_main(&program, argc, argv);
}
