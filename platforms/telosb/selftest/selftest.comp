# selftest.comp: TelosB bring-up firmware: report the clock, walk the LEDs
# on exact 250 ms timers (checking each), print a verdict, then run a
# heartbeat forever (or exit after `rounds` heartbeats, for the simulator)
component Selftest
uses Boot as boot
uses Timer as timer
uses Leds as leds
uses Log as log
uses Msp430Clock as clock
uses Process as process
param heartbeat_ms: u16 = 1000 in 10..60000
param rounds: u16 = 0             # heartbeats before Process.exit(verdict); 0 = run forever
sources selftest.c
platforms telosb msp430sim
