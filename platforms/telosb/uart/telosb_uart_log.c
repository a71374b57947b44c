/* telosb_uart_log.c: TelosbUartLog, the Log of the telosb platform.
 *
 * USART1 in UART mode drives P3.6 (UTXD1), which the TelosB's FTDI chip
 * presents as a USB serial port: 115200 baud, 8 data bits, no parity, one
 * stop bit, from SMCLK (tinyos-main tos/platforms/telosb; contiki
 * cpu/msp430/f1xxx/uart1.c). SMCLK is the DCO, which TelosbClock calibrates
 * to 4194304 Hz before this init runs (Msp430Main starts the clock first):
 * 4194304 / 115200 = 36.41, so UBR = 36 and the fraction 0.41 is spread
 * over the 8 bits of UMCTL by the user's guide's rule (bit i set when
 * floor((i + 1) * 0.41) > floor(i * 0.41)): bits 2, 4, 7 = 0x94. If the
 * calibration failed the DCO runs near 0.8 MHz and the port shows garbage;
 * the LEDs still work.
 *
 * A line is "<E|W|I|D> <source>: <parts>\r\n", written byte by byte as it
 * is built: each byte waits (polling, at most TELOSBUARTLOG_SPINS polls,
 * so a stuck USART cannot hang the node) for the transmit buffer, and end()
 * waits for the shifter to empty, so no byte is left half sent when the
 * scheduler puts the CPU into LPM3, which stops SMCLK. A byte takes 87 us:
 * logging is slow and synchronous, for bring-up and tests, not for
 * interrupt context (Log is not @async). No receive. */
#include "platforms/msp430/lib/msp430_regs.h"

#include "interfaces/log.h"
#include "platforms/msp430/lib/text_out.h"

enum {
    TELOSBUARTLOG_UBR = 36,      /* 4194304 / 115200 = 36.41 */
    TELOSBUARTLOG_UMCTL = 0x94,  /* 0.41 * 8: modulation bits 2, 4, 7 */
    TELOSBUARTLOG_SPINS = 1000,  /* polls per byte: ~0.7 ms at 4 MHz, 8 byte times */
    TELOSBUARTLOG_TX_PIN = 0x40, /* P3.6 */
    TELOSBUARTLOG_RX_PIN = 0x80  /* P3.7 */
};

static bool telosbuartlog_active;

void TelosbUartLog__init(void)
{
    MSP430_U1CTL = MSP430_SWRST;
    MSP430_U1CTL = MSP430_SWRST | MSP430_CHAR; /* 8N1 */
    MSP430_U1TCTL = MSP430_SSEL1;              /* BRCLK = SMCLK */
    MSP430_U1BR0 = TELOSBUARTLOG_UBR;
    MSP430_U1BR1 = 0;
    MSP430_U1MCTL = TELOSBUARTLOG_UMCTL;
    MSP430_P3SEL |= TELOSBUARTLOG_TX_PIN | TELOSBUARTLOG_RX_PIN;
    MSP430_P3DIR |= TELOSBUARTLOG_TX_PIN;
    MSP430_ME2 |= MSP430_UTXE1;
    MSP430_IE2 &= (uint8_t) ~(MSP430_UTXIE1 | MSP430_URXIE1);
    MSP430_U1CTL &= (uint8_t)~MSP430_SWRST;
}

static void telosbuartlog_put(char c)
{
    for (uint16_t i = 0; i < TELOSBUARTLOG_SPINS && !(MSP430_IFG2 & MSP430_UTXIFG1); i++)
        ;
    MSP430_U1TXBUF = (uint8_t)c;
}

void TelosbUartLog__log__end(void)
{
    if (!telosbuartlog_active)
        return;
    telosbuartlog_active = false;
    telosbuartlog_put('\r');
    telosbuartlog_put('\n');
    for (uint16_t i = 0; i < TELOSBUARTLOG_SPINS && !(MSP430_U1TCTL & MSP430_TXEPT); i++)
        ; /* the last byte out of the shifter before the CPU may sleep */
}

bool TelosbUartLog__log__begin(uint8_t level, const char *source)
{
    static const char letters[] = "EWID";
    if (telosbuartlog_active)
        TelosbUartLog__log__end(); /* an unfinished line is ended, not lost */
    if (level > TelosbUartLog__level)
        return false;
    telosbuartlog_active = true;
    telosbuartlog_put(level < 4 ? letters[level] : '?');
    telosbuartlog_put(' ');
    textout_str(telosbuartlog_put, source ? source : "?");
    textout_str(telosbuartlog_put, ": ");
    return true;
}

void TelosbUartLog__log__str(const char *text)
{
    if (telosbuartlog_active && text)
        textout_str(telosbuartlog_put, text);
}

void TelosbUartLog__log__u32(uint32_t value)
{
    if (telosbuartlog_active)
        textout_u32(telosbuartlog_put, value);
}

void TelosbUartLog__log__i32(int32_t value)
{
    if (telosbuartlog_active)
        textout_i32(telosbuartlog_put, value);
}

void TelosbUartLog__log__hex(const uint8_t *data, uint16_t len)
{
    if (telosbuartlog_active && data)
        textout_hex(telosbuartlog_put, data, len);
}
