/* crt0.S: reset entry for the MSP430F1611 (TelosB and mspdebug sim).
 *
 * __reset: hold the watchdog, set SP to __stack_top, paint the free RAM
 * between .bss and the stack with 0xA55A (simrun measures the peak stack
 * from it), copy .data from flash, clear .bss, call main(). main's return
 * value stays in R12 and control goes to `done`; `fail` is where a failed
 * test (or __unexpected_isr, the target of every unused vector) ends up.
 * Both are endless loops the runner sets breakpoints on, so they must be
 * typed as functions: mspdebug imports only FUNC/OBJECT symbols.
 *
 * Symbols come from link.ld. Each routine is in its own section so
 * --gc-sections keeps only what is referenced; .unexpected_isr and .crt0
 * are KEEPed, in that order, at the start of .text (0x4000).
 */
        .section .unexpected_isr,"ax",@progbits
        .global __unexpected_isr
        .type   __unexpected_isr,@function
__unexpected_isr:
        br      #fail                   ; an interrupt nobody handles
        .size   __unexpected_isr, .-__unexpected_isr

        .section .crt0,"ax",@progbits
        .global __reset
        .type   __reset,@function
__reset:
        mov     #0x5a80, &0x0120        ; WDTCTL = WDTPW | WDTHOLD
        mov     #__stack_top, r1
        mov     #__bss_end, r13         ; paint [__bss_end, __stack_top)
1:      cmp     r1, r13
        jhs     2f
        mov     #0xA55A, 0(r13)
        incd    r13
        jmp     1b
2:      mov     #__data_load, r12       ; copy .data from flash
        mov     #__data_start, r13
3:      cmp     #__data_end, r13
        jhs     4f
        mov     @r12+, r15
        mov     r15, 0(r13)
        incd    r13
        jmp     3b
4:      mov     #__bss_start, r13       ; zero .bss
5:      cmp     #__bss_end, r13
        jhs     6f
        clr     0(r13)
        incd    r13
        jmp     5b
6:      call    #main
        br      #done                   ; R12 = main's return value
        .size   __reset, .-__reset

        .section .text.done,"ax",@progbits
        .global done
        .type   done,@function
done:   jmp     done
        .size   done, .-done

        .section .text.fail,"ax",@progbits
        .global fail
        .type   fail,@function
fail:   jmp     fail
        .size   fail, .-fail

        .section __interrupt_vector_30,"ax",@progbits
        .word   __reset                 ; 0xFFFE: reset vector
