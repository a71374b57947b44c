# posix_alarm_test.comp: cmocka driver for PosixLoop's Alarm and McuSleep
# alone (no Clock), with the 32-bit clock started just before its wrap
component PosixAlarmTest
uses Alarm as alarm async
uses McuSleep as sleep
entry
sources posix_alarm_test.c
platforms posix
