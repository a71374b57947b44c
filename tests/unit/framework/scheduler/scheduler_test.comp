# scheduler_test.comp: cmocka driver for the Scheduler (FIFO, E_BUSY on a
# queued task, posts from tasks and from the alarm, run_until_idle counts,
# run_forever sleeping through FakeSleep and stopping)
component SchedulerTest
uses TaskLoop as loop
uses Alarm as alarm async               # FakeAlarm: fired() stands in for an interrupt
uses FakeTime as time
task a
task b
task c
task again
entry
sources scheduler_test.c
platforms posix msp430sim
