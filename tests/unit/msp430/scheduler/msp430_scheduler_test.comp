# msp430_scheduler_test.comp: cmocka driver (msp430sim) for the Scheduler
# and Clock on the real drivers: sleep in LPM3 between timer interrupts,
# no lost wake-up, no sleep while tasks are queued
component Msp430SchedulerTest
uses TaskLoop as loop
uses Timer as tick
uses Timer as other
uses SleepProbe as probe
task arm_pending
task again
entry
sources msp430_scheduler_test.c
platforms msp430sim
