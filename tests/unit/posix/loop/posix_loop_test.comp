# posix_loop_test.comp: cmocka driver for the posix loop: Timer on the real
# clock (Clock over PosixLoop's alarm), FdWatch with pipes, Entropy
component PosixLoopTest
uses Timer as timer
uses Timer as guard
uses FdWatch as fds
uses FdWatch as fds2          # a second client of the same watch table
uses Entropy as entropy
uses TaskLoop as loop
uses McuSleep as sleep
entry
sources posix_loop_test.c
platforms posix
