# posix_log.comp: Log lines on stderr, "12.345 W udp: message", one write() per line
component PosixLog
provides Log as log
param level: u8 = 2 in 0..3       # LOG_INFO; the environment variable WIRE_LOG overrides it
init
sources posix_log.c
platforms posix
