# fake_alarm.comp: an Alarm on a clock that moves only when the test says
# so (FakeTime.step); optionally modelled on a 16-bit hardware counter
# extended in software, as on the MSP430
component FakeAlarm
provides Alarm as alarm async
provides FakeTime[] as time             # any number of test components may drive it
param counter16: bool = false           # model Timer_A: a 16-bit counter, a compare register and an overflow interrupt
param start: u32 = 0                    # the clock at boot; near 0xffffffff to cross the 32-bit wrap early
sources fake_alarm.c
platforms any
