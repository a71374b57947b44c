# console_log.comp: Log lines on mspdebug's simulated console (each byte
# written to address 0x00FF is printed; simrun shows the lines)
component ConsoleLog
provides Log as log
param level: u8 = 2 in 0..3       # LOG_INFO: lines above it are dropped
sources console_log.c
platforms msp430sim
