# timer_test.comp: cmocka driver for the Clock's virtual timers over
# FakeAlarm (tests/wirings/timer.wire, and timer16.wire with the 16-bit
# counter model)
component TimerTest
uses Timer as t0
uses Timer as t1
uses Timer as t2
uses Timer as t3
uses Timer as t4
uses TaskLoop as loop
uses FakeTime as time
entry
sources timer_test.c
platforms posix msp430sim
