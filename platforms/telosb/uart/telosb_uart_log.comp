# telosb_uart_log.comp: Log lines on the TelosB's USB serial port (USART1,
# P3.6 TX, 115200 8N1 from SMCLK = the calibrated 4 MiHz DCO)
component TelosbUartLog
provides Log as log
param level: u8 = 2 in 0..3       # LOG_INFO: lines above it are dropped
init
sources telosb_uart_log.c
platforms telosb
