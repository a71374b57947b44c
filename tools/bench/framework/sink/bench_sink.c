/* bench_sink.c: keeps a running sum (the work behind one benchmarked call). */
static uint32_t bench_sink_sum;

uint32_t BenchSink__sink__add(uint32_t value)
{
    bench_sink_sum += value;
    return bench_sink_sum;
}
