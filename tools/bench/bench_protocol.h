/* bench_protocol.h: the --list / --run / --figures protocol of
 * tools/bench/bench.py, shared by every benchmark program (posix only). A
 * program fills a table of bench_case and calls bench_main(); bench.py takes
 * the best wall-clock time of several runs and the callgrind instruction
 * count per operation. A program may also measure figures of its own (a
 * median latency, bytes on the wire): its `figures` function prints them
 * with bench_figure() when bench.py asks with --figures. */
#ifndef BENCH_PROTOCOL_H
#define BENCH_PROTOCOL_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct bench_case {
    const char *name;
    const char *what;
    const char *peer; /* what the figure is compared with, or NULL */
    uint32_t iterations;
    unsigned bytes;  /* per operation, for MB/s; 0: none */
    const char *env; /* JSON object of the peer's environment, or NULL */
    uint8_t program; /* 0: listed by every build; else only by the build of that number */
    uint32_t (*run)(uint32_t n, int peer); /* n operations, ours (peer = 0) or the peer's */
};

struct bench_program {
    const char *name;  /* for messages */
    const char *about; /* one line for --help */
    const struct bench_case *cases;
    size_t count;
    uint8_t program;       /* which cases with a program number are this build's */
    void (*figures)(void); /* --figures: prints bench_figure() lines; NULL: none */
};

static inline bool bench_listed(const struct bench_program *p, const struct bench_case *c)
{
    return c->program == 0 || c->program == p->program;
}

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_usage(const struct bench_program *p, FILE *out, int status)
{
    fprintf(out,
            "usage: %s --list\n"
            "       %s --run NAME --side ours|peer --iterations N\n"
            "       %s --figures\n"
            "%s; see tools/bench/bench.py.\n",
            p->name, p->name, p->name, p->about);
    return status;
}

static inline int bench_list(const struct bench_program *p)
{
    for (size_t i = 0; i < p->count; i++) {
        const struct bench_case *c = &p->cases[i];
        if (!bench_listed(p, c))
            continue;
        printf("{\"name\": \"%s\", \"what\": \"%s\", \"iterations\": %lu, \"peer\": ", c->name, c->what,
               (unsigned long)c->iterations);
        printf(c->peer ? "\"%s\"" : "null", c->peer);
        if (c->bytes)
            printf(", \"bytes\": %u", c->bytes);
        if (c->env)
            printf(", \"env\": %s", c->env);
        printf("}\n");
    }
    return 0;
}

static inline int bench_run(const struct bench_program *p, const char *name, const char *side,
                            unsigned long n)
{
    for (size_t i = 0; i < p->count; i++) {
        const struct bench_case *c = &p->cases[i];
        if (strcmp(c->name, name) != 0 || !bench_listed(p, c))
            continue;
        int peer = strcmp(side, "peer") == 0;
        if ((peer && !c->peer) || (!peer && strcmp(side, "ours") != 0)) {
            fprintf(stderr, "%s: %s has no side '%s'\n", p->name, name, side);
            return 2;
        }
        uint64_t t0 = bench_now_ns();
        volatile uint32_t sink = c->run((uint32_t)n, peer);
        uint64_t t1 = bench_now_ns();
        (void)sink;
        printf("{\"ns_per_op\": %.3f}\n", (double)(t1 - t0) / (double)n);
        return 0;
    }
    fprintf(stderr, "%s: unknown benchmark '%s' (--list shows them)\n", p->name, name);
    return 2;
}

/* One figure for --figures: value in unit, beside peer's peer_value (peer
 * NULL: none); budget_max > 0: the value must stay below it. */
static inline void bench_figure(const char *name, const char *what, double value, const char *unit,
                                const char *peer, double peer_value, double budget_max)
{
    printf("{\"name\": \"%s\", \"what\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"", name, what, value, unit);
    if (peer)
        printf(", \"peer\": \"%s\", \"peer_value\": %.6g", peer, peer_value);
    if (budget_max > 0)
        printf(", \"budget_max\": %.6g", budget_max);
    printf("}\n");
}

/* Parse the command line and answer it; call after wire_init(). */
static inline int bench_main(const struct bench_program *p, int argc, char **argv)
{
    const char *name = NULL, *side = "ours";
    unsigned long n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0)
            return bench_list(p);
        if (strcmp(argv[i], "--figures") == 0) {
            if (p->figures)
                p->figures();
            return 0;
        }
        if (strcmp(argv[i], "--help") == 0)
            return bench_usage(p, stdout, 0);
        if (i + 1 < argc && strcmp(argv[i], "--run") == 0)
            name = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--side") == 0)
            side = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--iterations") == 0)
            n = strtoul(argv[++i], NULL, 10);
        else
            return bench_usage(p, stderr, 2);
    }
    if (!name || n == 0)
        return bench_usage(p, stderr, 2);
    return bench_run(p, name, side, n);
}

#endif
