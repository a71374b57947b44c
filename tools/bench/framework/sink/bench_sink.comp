# bench_sink.comp: the callee of the wired-call benchmark
component BenchSink
provides BenchSink as sink
sources bench_sink.c
platforms any
