# telosb_clock_test.comp: cmocka driver (msp430sim) for TelosbClock.start()
# when ACLK never comes (the simulator has no clock module): bounded, fails
component TelosbClockTest
uses Msp430Clock as clock
entry
sources telosb_clock_test.c
platforms msp430sim
