# blink.comp: count in binary on the LEDs, one step per period (TinyOS's
# Blink): the smallest application of timers and LEDs
component Blink
uses Boot as boot
uses Timer as timer
uses Leds as leds
param period_ms: u16 = 250 in 1..60000
sources blink.c
platforms any
