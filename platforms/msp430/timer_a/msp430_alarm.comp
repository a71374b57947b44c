# msp430_alarm.comp: the Alarm on Timer_A, clocked by the 32768 Hz ACLK:
# 32-bit milliseconds from the 16-bit counter (one overflow = 2000 ms),
# CCR0 compare for the alarm. Owns Timer_A (TACTL, TACCR0-2, both vectors).
component Msp430Alarm
provides Alarm as alarm async
param start: u32 = 0            # now() at boot; near 0xffffffff to cross the 32-bit wrap early
init
sources msp430_alarm.c
platforms telosb msp430sim
