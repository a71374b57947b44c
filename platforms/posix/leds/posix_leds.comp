# posix_leds.comp: Leds on a host: remembers the mask and logs every change
component PosixLeds
provides Leds as leds
uses Log as log default NoLog
sources posix_leds.c
platforms posix
