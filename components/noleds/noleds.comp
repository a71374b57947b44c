# noleds.comp: Leds that light nothing (a null stand-in, like TinyOS NoLedsC)
component NoLeds
provides Leds as leds
sources noleds.c
platforms any
