# demo.comp: the posix demo application: a heartbeat timer and a UDP echo
# (options --port N, --count N, --period MS, --help)
component Demo
uses Boot as boot
uses Process as process
uses Timer as heartbeat
uses Datagram as net
uses Log as log default NoLog
uses Leds as leds default NoLeds
param port: u16 = 15683                 # CoAP's 5683 + 10000, so it never takes a real CoAP server's port
param period_ms: u32 = 1000 in 10..3600000
sources demo.c
platforms posix
