/* msp430_isr.h: interrupt entries that can wake the main loop, for the
 * MSP430 drivers (Msp430Alarm and later ones).
 *
 * The scheduler sleeps with `bis #GIE|LPMx, SR` (Msp430Sleep). An interrupt
 * saves SR (LPM bits included) on the stack and `reti` restores it, so the
 * CPU goes back to sleep after the handler unless the handler clears the
 * LPM bits in that saved copy: TI's __bic_SR_register_on_exit(LPM4_bits).
 * clang 14 has no such intrinsic, and a C handler cannot know how far below
 * its frame the saved SR lies (that depends on the registers clang chose to
 * push). So the entry is a fixed assembler stub:
 *
 *     MSP430_ISR(12, MSP430_TIMERA0_VECTOR, msp430alarm_compare_isr);
 *
 * places a stub in vector slot 0xFFE0 + 12 that pushes the caller-saved
 * registers R11-R15 (R4-R10 are preserved by any C function), calls the C
 * function `bool handler(void)`, and if it returned true clears CPUOFF,
 * OSCOFF, SCG0 and SCG1 in the saved SR (10 bytes above SP after five
 * pushes), so execution continues after the sleep instruction and the
 * scheduler re-checks its queue. A handler returns true exactly when it may
 * have posted a task or signalled an event; one that only does bookkeeping
 * returns false and the CPU sleeps on.
 *
 * The slot is given twice: as the literal decimal byte offset that names
 * the linker section (`__interrupt_vector_12`, see platforms/msp430/link.ld)
 * and as msp430_regs.h's MSP430_*_VECTOR constant, and the two are checked
 * equal. The handler must be a `static bool f(void)` marked
 * MSP430_ISR_HANDLER (used: only the stub calls it, by name). Cost: 36
 * bytes of code and 16 bytes of stack (PC and SR, five registers, the
 * call's return address) on top of the handler's own.
 * Two entries for one vector fail the link ("unable to move location
 * counter backward"). */
#ifndef MSP430_ISR_H
#define MSP430_ISR_H
#include <stdbool.h>

#define MSP430_ISR_HANDLER __attribute__((used, noinline))

#define MSP430_ISR(slot, vector_macro, handler)                                                              \
    _Static_assert((slot) == (vector_macro), #handler ": slot " #slot " is not " #vector_macro);             \
    __asm__(".pushsection .text." #handler "_entry,\"ax\",@progbits\n"                                       \
            ".type " #handler "_entry,@function\n" #handler "_entry:\n"                                      \
            "\tpush r15\n"                                                                                   \
            "\tpush r14\n"                                                                                   \
            "\tpush r13\n"                                                                                   \
            "\tpush r12\n"                                                                                   \
            "\tpush r11\n"                                                                                   \
            "\tcall #" #handler "\n"                                                                         \
            "\ttst.b r12\n"                                                                                  \
            "\tjz .L" #handler "_keep\n"                                                                     \
            "\tbic #0x00f0, 10(r1)\n"                                                                        \
            ".L" #handler "_keep:\n"                                                                         \
            "\tpop r11\n"                                                                                    \
            "\tpop r12\n"                                                                                    \
            "\tpop r13\n"                                                                                    \
            "\tpop r14\n"                                                                                    \
            "\tpop r15\n"                                                                                    \
            "\treti\n"                                                                                       \
            ".size " #handler "_entry, .-" #handler "_entry\n"                                               \
            ".popsection\n"                                                                                  \
            ".pushsection __interrupt_vector_" #slot ",\"ax\",@progbits\n"                                   \
            ".word " #handler "_entry\n"                                                                     \
            ".popsection\n")

#endif
