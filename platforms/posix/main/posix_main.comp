# posix_main.comp: main(): wire_init(), Boot, then the scheduler loop until
# Process.exit() or SIGINT/SIGTERM (exit status 128 + signal number)
component PosixMain
provides Boot as boot
provides Process as process
uses TaskLoop as loop
uses FdWatch as fds           # the self-pipe of the signal handler
uses Log as log default NoLog
entry
sources posix_main.c
platforms posix
