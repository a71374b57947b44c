# posix_loop.comp: the posix idle path: one poll() over every watched fd,
# bounded by the one alarm (CLOCK_MONOTONIC in ms, truncated to 32 bits)
component PosixLoop
provides McuSleep as sleep
provides FdWatch[] as fds
provides Alarm as alarm async
uses Log as log default NoLog
param max_fds: u16 = 64 in 1..1024       # watch table size (all clients together)
param clock_start: u32 = 0               # now() at start; near 0xffffffff it brings the 32-bit wrap early
sources posix_loop.c
platforms posix
