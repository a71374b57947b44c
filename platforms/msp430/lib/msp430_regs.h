/* msp430_regs.h: the MSP430F1611 registers and bits the platform's drivers
 * use, under MSP430_-prefixed names.
 *
 * Why not <msp430.h>: an application is one translation unit, and
 * msp430mcu's headers define hundreds of short macros (N, C, Z, V, OUT,
 * CAP, CHAR, MC0, ...) that would rename any later component's variables
 * (a `N` in a test or a `C` in a cipher stops compiling, or worse). These
 * names cannot clash. Addresses and bit values are those of msp430mcu's
 * msp430f1611.h and the MSP430x1xx user's guide; tests/unit/msp430/regs
 * checks every one against msp430f1611.h at compile time.
 *
 * Registers are lvalues of the right width (volatile), so `MSP430_TACTL |=
 * MSP430_TAIE` is one `bis` instruction, as with msp430.h; NAME_ADDR is
 * each one's address. */
#ifndef MSP430_REGS_H
#define MSP430_REGS_H
#include <stdint.h>

#define MSP430_REG8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))
#define MSP430_REG16(addr) (*(volatile uint16_t *)(uintptr_t)(addr))

/* Status register (R2) */
#define MSP430_GIE       0x0008u
#define MSP430_CPUOFF    0x0010u
#define MSP430_OSCOFF    0x0020u
#define MSP430_SCG0      0x0040u
#define MSP430_SCG1      0x0080u
#define MSP430_LPM0_BITS (MSP430_CPUOFF)
#define MSP430_LPM1_BITS (MSP430_SCG0 | MSP430_CPUOFF)
#define MSP430_LPM2_BITS (MSP430_SCG1 | MSP430_CPUOFF)
#define MSP430_LPM3_BITS (MSP430_SCG1 | MSP430_SCG0 | MSP430_CPUOFF)
#define MSP430_LPM4_BITS (MSP430_SCG1 | MSP430_SCG0 | MSP430_OSCOFF | MSP430_CPUOFF)

/* Special function registers */
#define MSP430_IE2_ADDR  0x0001
#define MSP430_IE2       MSP430_REG8(MSP430_IE2_ADDR)
#define MSP430_IFG2_ADDR 0x0003
#define MSP430_IFG2      MSP430_REG8(MSP430_IFG2_ADDR)
#define MSP430_ME2_ADDR  0x0005
#define MSP430_ME2       MSP430_REG8(MSP430_ME2_ADDR)
#define MSP430_URXIE1    0x10u /* IE2 */
#define MSP430_UTXIE1    0x20u /* IE2 */
#define MSP430_UTXIFG1   0x20u /* IFG2 */
#define MSP430_UTXE1     0x20u /* ME2 */

/* Ports 3 and 5 */
#define MSP430_P3DIR_ADDR 0x001A
#define MSP430_P3DIR      MSP430_REG8(MSP430_P3DIR_ADDR)
#define MSP430_P3SEL_ADDR 0x001B
#define MSP430_P3SEL      MSP430_REG8(MSP430_P3SEL_ADDR)
#define MSP430_P5OUT_ADDR 0x0031
#define MSP430_P5OUT      MSP430_REG8(MSP430_P5OUT_ADDR)
#define MSP430_P5DIR_ADDR 0x0032
#define MSP430_P5DIR      MSP430_REG8(MSP430_P5DIR_ADDR)

/* Basic clock module */
#define MSP430_DCOCTL_ADDR  0x0056
#define MSP430_DCOCTL       MSP430_REG8(MSP430_DCOCTL_ADDR)
#define MSP430_BCSCTL1_ADDR 0x0057
#define MSP430_BCSCTL1      MSP430_REG8(MSP430_BCSCTL1_ADDR)
#define MSP430_BCSCTL2_ADDR 0x0058
#define MSP430_BCSCTL2      MSP430_REG8(MSP430_BCSCTL2_ADDR)
#define MSP430_RSEL_MASK    0x07u /* BCSCTL1 */
#define MSP430_DIVA_3       0x30u /* BCSCTL1: ACLK / 8 */
#define MSP430_XT2OFF       0x80u /* BCSCTL1 */

/* USART1 (UART mode) */
#define MSP430_U1CTL_ADDR   0x0078
#define MSP430_U1CTL        MSP430_REG8(MSP430_U1CTL_ADDR)
#define MSP430_U1TCTL_ADDR  0x0079
#define MSP430_U1TCTL       MSP430_REG8(MSP430_U1TCTL_ADDR)
#define MSP430_U1MCTL_ADDR  0x007B
#define MSP430_U1MCTL       MSP430_REG8(MSP430_U1MCTL_ADDR)
#define MSP430_U1BR0_ADDR   0x007C
#define MSP430_U1BR0        MSP430_REG8(MSP430_U1BR0_ADDR)
#define MSP430_U1BR1_ADDR   0x007D
#define MSP430_U1BR1        MSP430_REG8(MSP430_U1BR1_ADDR)
#define MSP430_U1TXBUF_ADDR 0x007F
#define MSP430_U1TXBUF      MSP430_REG8(MSP430_U1TXBUF_ADDR)
#define MSP430_SWRST        0x01u /* UxCTL */
#define MSP430_CHAR         0x10u /* UxCTL: 8 data bits */
#define MSP430_SSEL1        0x20u /* UxTCTL: BRCLK = SMCLK */
#define MSP430_TXEPT        0x01u /* UxTCTL: transmitter empty */

/* Timer_A */
#define MSP430_TAIV_ADDR    0x012E
#define MSP430_TAIV         MSP430_REG16(MSP430_TAIV_ADDR)
#define MSP430_TACTL_ADDR   0x0160
#define MSP430_TACTL        MSP430_REG16(MSP430_TACTL_ADDR)
#define MSP430_TACCTL0_ADDR 0x0162
#define MSP430_TACCTL0      MSP430_REG16(MSP430_TACCTL0_ADDR)
#define MSP430_TACCTL1_ADDR 0x0164
#define MSP430_TACCTL1      MSP430_REG16(MSP430_TACCTL1_ADDR)
#define MSP430_TACCTL2_ADDR 0x0166
#define MSP430_TACCTL2      MSP430_REG16(MSP430_TACCTL2_ADDR)
#define MSP430_TAR_ADDR     0x0170
#define MSP430_TAR          MSP430_REG16(MSP430_TAR_ADDR)
#define MSP430_TACCR0_ADDR  0x0172
#define MSP430_TACCR0       MSP430_REG16(MSP430_TACCR0_ADDR)
#define MSP430_TACCR1_ADDR  0x0174
#define MSP430_TACCR1       MSP430_REG16(MSP430_TACCR1_ADDR)
#define MSP430_TACCR2_ADDR  0x0176
#define MSP430_TACCR2       MSP430_REG16(MSP430_TACCR2_ADDR)
#define MSP430_TAIFG        0x0001u /* TACTL */
#define MSP430_TAIE         0x0002u
#define MSP430_TACLR        0x0004u
#define MSP430_MC_2         0x0020u /* continuous */
#define MSP430_MC_MASK      0x0030u
#define MSP430_TASSEL_1     0x0100u /* ACLK */
#define MSP430_TASSEL_2     0x0200u /* SMCLK */
#define MSP430_TASSEL_MASK  0x0300u
#define MSP430_CCIFG        0x0001u /* TACCTLx */
#define MSP430_CCIE         0x0010u
#define MSP430_CAP          0x0100u
#define MSP430_SCS          0x0800u
#define MSP430_CCIS_1       0x1000u /* CCIxB: ACLK for capture unit 2 */
#define MSP430_CM_1         0x4000u /* capture on the rising edge */

/* Interrupt vectors: byte offsets from 0xFFE0 (link.ld's section names) */
#define MSP430_TIMERA1_VECTOR 10 /* CCR1-2 and overflow (TAIV) */
#define MSP430_TIMERA0_VECTOR 12 /* CCR0 */

#endif
