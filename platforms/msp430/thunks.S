/* thunks.S: the 64-bit divide/modulo helpers clang 14 calls with the
 * dividend in R8-R11 and the divisor in R12-R15 (quotient or remainder in
 * R12-R15). C cannot declare that convention, so each thunk pushes the
 * divisor as the second (stack) argument, moves the dividend into R12-R15
 * as the first, and calls the C function of the same job in helpers.c:
 *     uint64_t f(uint64_t a, uint64_t b)
 * R8-R10 are only read; the C callee preserves R4-R10. Each thunk has its
 * own section so --gc-sections drops the unused ones.
 */
.macro  thunk name, target
        .section .text.\name,"ax",@progbits
        .global \name
        .type   \name,@function
\name:
        push    r15                     ; divisor -> stack argument b,
        push    r14                     ; low word at the lowest address
        push    r13
        push    r12
        mov     r8, r12                 ; dividend -> first argument a
        mov     r9, r13
        mov     r10, r14
        mov     r11, r15
        call    #\target
        add     #8, r1
        ret
        .size   \name, .-\name
.endm

        thunk   __mspabi_divull, msp430_udiv64
        thunk   __mspabi_remull, msp430_umod64
        thunk   __mspabi_divlli, msp430_sdiv64
        thunk   __mspabi_remlli, msp430_smod64
