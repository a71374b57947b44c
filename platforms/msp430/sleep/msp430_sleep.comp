# msp430_sleep.comp: the scheduler's idle path on the MSP430: enable
# interrupts and enter a low-power mode in one instruction
component Msp430Sleep
provides McuSleep as sleep
param lpm: u8 = 3 in 0..3       # LPM3 keeps only ACLK (Timer_A's clock); LPM4 would stop it too
sources msp430_sleep.c
platforms telosb msp430sim
