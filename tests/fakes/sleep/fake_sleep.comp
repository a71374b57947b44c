# fake_sleep.comp: McuSleep for tests: "sleeping" moves FakeAlarm's clock
# to the next alarm, so run_forever() runs a whole scenario in no time
component FakeSleep
provides McuSleep as sleep
uses FakeTime as time
param max_step_ms: u32 = 60000 in 1..0x7fffffff   # how far one idle sleep moves the clock when no alarm is armed
sources fake_sleep.c
platforms any
