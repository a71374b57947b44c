# msp430_alarm_test.comp: cmocka driver (msp430sim) for Msp430Alarm and
# Msp430Sleep on the simulated Timer_A: real interrupts, LPM3 sleep and wake
component Msp430AlarmTest
uses Alarm as alarm async               # Msp430Alarm: fired() runs in its interrupt
uses McuSleep as sleep                  # Msp430Sleep
param start: u32 = 0                    # must equal Msp430Alarm's `start` in the wiring
entry
sources msp430_alarm_test.c
platforms msp430sim
