# framework_bench.comp: the framework's benchmarks (see tools/bench/bench.py
# for the --list / --run protocol)
component FrameworkBench
uses BenchSink as sink
uses TaskLoop as loop
uses Timer as timer
task tick
entry
sources framework_bench.c
platforms posix
