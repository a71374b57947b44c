# sleep_probe.comp: McuSleep that counts the calls and passes them on to
# the real one (tests: "the scheduler slept once per interrupt")
component SleepProbe
provides McuSleep as sleep
provides SleepProbe as probe
uses McuSleep as real
sources sleep_probe.c
platforms any
