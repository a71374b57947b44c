/* atomic.h: the atomic section, the one concurrency primitive of the
 * framework (TinyOS's `atomic { }`):
 *
 *     atomic_t a = atomic_begin();
 *     ... read-modify-write state shared with @async code ...
 *     atomic_end(a);
 *
 * Sections nest (the inner one restores "still disabled"), must be short
 * (interrupt latency), and must not call anything that may sleep, except
 * McuSleep.sleep(), whose contract is to be called inside one.
 *
 * Which code needs it: state touched both by @async code (command handlers
 * of an endpoint declared `async`, event handlers of `uses ... async`) and
 * by task code. State only touched from tasks needs nothing: tasks run to
 * completion, one at a time.
 *
 * MSP430: saves SR, disables interrupts with `dint; nop` (dint takes effect
 * one instruction late, so the nop keeps the first access of the section
 * out of the window), and at the end restores the saved GIE bit, the only
 * bit the section changed, so interrupts come back on only if they were on.
 *
 * posix: one thread, and signal handlers only set flags (write(2) to a
 * self-pipe or a volatile sig_atomic_t); no component code ever runs in a
 * signal handler, and PosixLoop signals @async events from its loop. So
 * there is nothing to exclude, and a section is a compiler barrier only.
 * Do not add threads that call components: this header would then be wrong. */
#ifndef LIB_ATOMIC_H
#define LIB_ATOMIC_H
#include <stdint.h>

/* The interrupt state saved by atomic_begin(); opaque to callers. */
typedef uint16_t atomic_t;

#if defined(__MSP430__)

enum { ATOMIC_SR_GIE = 0x0008 };

static inline atomic_t atomic_begin(void)
{
    atomic_t sr;
    __asm__ __volatile__("mov r2, %0\n\tdint\n\tnop" : "=r"(sr) : : "memory");
    return sr;
}

static inline void atomic_end(atomic_t saved)
{
    /* bis of 0 is a no-op: a nested section leaves interrupts disabled */
    __asm__ __volatile__("bis %0, r2" : : "r"((atomic_t)(saved & ATOMIC_SR_GIE)) : "memory");
}

#else /* posix: single-threaded, see above */

static inline atomic_t atomic_begin(void)
{
    __asm__ __volatile__("" : : : "memory");
    return 0;
}

static inline void atomic_end(atomic_t saved)
{
    (void)saved;
    __asm__ __volatile__("" : : : "memory");
}

#endif
#endif
