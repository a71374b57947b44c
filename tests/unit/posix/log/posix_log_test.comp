# posix_log_test.comp: cmocka driver for PosixLog's line format and level
# filter and PosixLeds' change log, reading stderr back through a pipe
component PosixLogTest
uses Log as log
uses Leds as leds
entry
sources posix_log_test.c
platforms posix
