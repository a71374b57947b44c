# msp430_main.comp: the MSP430 program entry: clocks, every component's
# init, interrupts on, Boot, then the scheduler until it is stopped
component Msp430Main
provides Boot as boot
provides Process as process     # exit(status): stop the loop, main() returns status (simrun reports it)
uses TaskLoop as loop
uses Msp430Clock as clock
entry
sources msp430_main.c
platforms telosb msp430sim
