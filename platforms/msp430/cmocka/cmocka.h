/* cmocka.h: a cmocka stand-in for MSP430 test images (msp430sim), so that
 * the test sources the host builds against the real cmocka (tests/unit/...)
 * build unchanged for the simulator. Header-only: the whole image is one
 * translation unit, and this header is found first on the include path of
 * MSP430 test images only (tests/meson.build).
 *
 * What it offers is the part of cmocka 1.1's API the project's tests use:
 * CMUnitTest, cmocka_unit_test[_setup|_teardown|_setup_teardown],
 * cmocka_run_group_tests[_name], assert_true/false, assert_int_[not_]equal,
 * assert_in_range, assert_ptr_[not_]equal, assert_[non_]null,
 * assert_string_[not_]equal, assert_memory_[not_]equal, fail(), fail_msg(),
 * print_message(), print_error(), skip(). No mocks (will_return,
 * expect_*), no setjmp (there is no C library): so the first failure ends
 * the run instead of only the failing test:
 *
 *   FAIL test_name file:line: what failed
 *
 * is printed on the simulator's console (address 0x00FF), interrupts are
 * disabled and control jumps to crt0's `fail`, which simrun reports as a
 * failure (exit status 1). A group that passes prints cmocka's summary and
 * cmocka_run_group_tests() returns 0, so main() returns 0 and the image
 * stops at crt0's `done` (a pass). A failing group setup or teardown, or a
 * test's setup or teardown returning non-zero, fails the same way. skip()
 * fails too, saying so: cmocka skips by longjmp back into the runner, which
 * needs setjmp.
 *
 * Integer assertions compare as unsigned long long (cmocka's
 * LargestIntegralType) and print both values in hex and decimal; the
 * formatting needs no division (powers of ten are subtracted), so a test
 * image pulls in no 64-bit divide helper just for its messages.
 * print_message() and fail_msg() take a printf subset: %d %i %u %x %X %c %s
 * %p %% with the length modifiers hh h l ll z, flags '-' and '0', a
 * field width. */
#ifndef MSP430_CMOCKA_H
#define MSP430_CMOCKA_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned long long LargestIntegralType;
typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

/* clang-format off */
#define cmocka_unit_test(f)                      {#f, f, NULL, NULL, NULL}
#define cmocka_unit_test_setup(f, setup)         {#f, f, setup, NULL, NULL}
#define cmocka_unit_test_teardown(f, teardown)   {#f, f, NULL, teardown, NULL}
#define cmocka_unit_test_setup_teardown(f, s, t) {#f, f, s, t, NULL}
#define cmocka_unit_test_prestate(f, state)      {#f, f, NULL, NULL, state}
#define cmocka_unit_test_prestate_setup_teardown(f, s, t, state) {#f, f, s, t, state}
/* clang-format on */

#define cmocka_run_group_tests(tests, group_setup, group_teardown)                                           \
    cmocka_msp430_run_group(#tests, tests, sizeof(tests) / sizeof((tests)[0]), group_setup, group_teardown)
#define cmocka_run_group_tests_name(name, tests, group_setup, group_teardown)                                \
    cmocka_msp430_run_group(name, tests, sizeof(tests) / sizeof((tests)[0]), group_setup, group_teardown)

#define cmocka_msp430_ull(x) ((LargestIntegralType)(uintptr_t)(x))

#define assert_true(c)  cmocka_msp430_check((c) ? true : false, #c, __FILE__, __LINE__)
#define assert_false(c) cmocka_msp430_check((c) ? false : true, "!(" #c ")", __FILE__, __LINE__)
#define assert_int_equal(a, b)                                                                               \
    cmocka_msp430_compare((LargestIntegralType)(a), (LargestIntegralType)(b), true, " != ", __FILE__,        \
                          __LINE__)
#define assert_int_not_equal(a, b)                                                                           \
    cmocka_msp430_compare((LargestIntegralType)(a), (LargestIntegralType)(b), false, " == ", __FILE__,       \
                          __LINE__)
#define assert_in_range(v, lo, hi)                                                                           \
    cmocka_msp430_range((LargestIntegralType)(v), (LargestIntegralType)(lo), (LargestIntegralType)(hi),      \
                        true, __FILE__, __LINE__)
#define assert_not_in_range(v, lo, hi)                                                                       \
    cmocka_msp430_range((LargestIntegralType)(v), (LargestIntegralType)(lo), (LargestIntegralType)(hi),      \
                        false, __FILE__, __LINE__)
#define assert_ptr_equal(a, b)                                                                               \
    cmocka_msp430_compare(cmocka_msp430_ull(a), cmocka_msp430_ull(b), true, " != ", __FILE__, __LINE__)
#define assert_ptr_not_equal(a, b)                                                                           \
    cmocka_msp430_compare(cmocka_msp430_ull(a), cmocka_msp430_ull(b), false, " == ", __FILE__, __LINE__)
#define assert_null(p)                cmocka_msp430_check((p) == NULL, #p " is NULL", __FILE__, __LINE__)
#define assert_non_null(p)            cmocka_msp430_check((p) != NULL, #p " is not NULL", __FILE__, __LINE__)
#define assert_string_equal(a, b)     cmocka_msp430_strings((a), (b), true, __FILE__, __LINE__)
#define assert_string_not_equal(a, b) cmocka_msp430_strings((a), (b), false, __FILE__, __LINE__)
#define assert_memory_equal(a, b, n)  cmocka_msp430_memory((a), (b), (size_t)(n), true, __FILE__, __LINE__)
#define assert_memory_not_equal(a, b, n)                                                                     \
    cmocka_msp430_memory((a), (b), (size_t)(n), false, __FILE__, __LINE__)
#define assert_return_code(rc, error) assert_true((rc) >= 0)

#define fail()             cmocka_msp430_fail(__FILE__, __LINE__, "fail()")
#define fail_msg(...)      cmocka_msp430_fail_msg(__FILE__, __LINE__, __VA_ARGS__)
#define skip()             cmocka_msp430_skip(__FILE__, __LINE__)
#define print_message(...) cmocka_msp430_printf(__VA_ARGS__)
#define print_error(...)   cmocka_msp430_printf(__VA_ARGS__)

/* ---- output: the simulator's console ----------------------------------- */

static inline void cmocka_msp430_putc(char c)
{
    *(volatile uint8_t *)0x00FFu = (uint8_t)c;
}

static inline void cmocka_msp430_puts(const char *s)
{
    while (*s)
        cmocka_msp430_putc(*s++);
}

/* The run's state, in a function so that an unused copy warns nowhere. */
struct cmocka_msp430_state {
    const char *test; /* the test running, for FAIL lines */
    uint16_t run;
};

static inline struct cmocka_msp430_state *cmocka_msp430_state(void)
{
    static struct cmocka_msp430_state state;
    return &state;
}

/* Digits of v in base 10 (no division) or 16, at least `width` wide. */
static inline void cmocka_msp430_number(LargestIntegralType v, bool hex, bool upper, uint8_t width, char pad,
                                        bool left)
{
    char digits[24];
    uint8_t n = 0;
    if (hex) {
        const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        do {
            digits[n++] = set[(uint8_t)v & 15u];
            v >>= 4;
        } while (v);
    } else {
        static const LargestIntegralType pow10[] = {10000000000000000000ULL,
                                                    1000000000000000000ULL,
                                                    100000000000000000ULL,
                                                    10000000000000000ULL,
                                                    1000000000000000ULL,
                                                    100000000000000ULL,
                                                    10000000000000ULL,
                                                    1000000000000ULL,
                                                    100000000000ULL,
                                                    10000000000ULL,
                                                    1000000000ULL,
                                                    100000000ULL,
                                                    10000000ULL,
                                                    1000000ULL,
                                                    100000ULL,
                                                    10000ULL,
                                                    1000ULL,
                                                    100ULL,
                                                    10ULL,
                                                    1ULL};
        char out[20];
        uint8_t m = 0;
        for (uint8_t i = 0; i < 20; i++) {
            char d = '0';
            while (v >= pow10[i]) {
                v -= pow10[i];
                d++;
            }
            if (d != '0' || m)
                out[m++] = d;
        }
        if (!m)
            out[m++] = '0';
        while (m)
            digits[n++] = out[--m];
    }
    uint8_t fill = width > n ? (uint8_t)(width - n) : 0;
    if (!left) {
        while (fill) {
            cmocka_msp430_putc(pad);
            fill--;
        }
    }
    while (n)
        cmocka_msp430_putc(digits[--n]);
    while (fill) {
        cmocka_msp430_putc(' ');
        fill--;
    }
}

static inline void cmocka_msp430_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            cmocka_msp430_putc(*fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = true;
            else if (*fmt == '0')
                pad = '0';
            else if (*fmt != '#' && *fmt != '+' && *fmt != ' ')
                break;
        }
        uint8_t width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = (uint8_t)(width * 10u + (uint8_t)(*fmt++ - '0'));
        uint8_t longs = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
            if (*fmt == 'l')
                longs++;
            else if (*fmt == 'z')
                longs = 3;
            fmt++;
        }
        char conv = *fmt;
        if (!conv)
            break;
        LargestIntegralType u = 0;
        bool negative = false;
        switch (conv) {
        case 'd':
        case 'i': {
            long long s = longs == 2   ? va_arg(ap, long long)
                          : longs == 1 ? va_arg(ap, long)
                          : longs == 3 ? (long long)va_arg(ap, size_t)
                                       : va_arg(ap, int);
            negative = s < 0;
            u = negative ? (LargestIntegralType)0 - (LargestIntegralType)s : (LargestIntegralType)s;
            if (negative) {
                cmocka_msp430_putc('-');
                if (width)
                    width--;
            }
            cmocka_msp430_number(u, false, false, width, pad, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
            u = longs == 2   ? va_arg(ap, unsigned long long)
                : longs == 1 ? va_arg(ap, unsigned long)
                : longs == 3 ? va_arg(ap, size_t)
                             : va_arg(ap, unsigned int);
            cmocka_msp430_number(u, conv != 'u', conv == 'X', width, pad, left);
            break;
        case 'p':
            cmocka_msp430_puts("0x");
            cmocka_msp430_number(cmocka_msp430_ull(va_arg(ap, void *)), true, false, width, pad, left);
            break;
        case 'c':
            cmocka_msp430_putc((char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            cmocka_msp430_puts(s ? s : "(null)");
            break;
        }
        default:
            cmocka_msp430_putc(conv); /* %% and anything unknown */
            break;
        }
    }
}

__attribute__((format(printf, 1, 2))) static inline void cmocka_msp430_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cmocka_msp430_vprintf(fmt, ap);
    va_end(ap);
}

/* ---- failing: print, then stop the image at crt0's `fail` --------------- */

static inline void cmocka_msp430_fail_begin(const char *file, int line)
{
    const char *test = cmocka_msp430_state()->test;
    cmocka_msp430_printf("FAIL %s %s:%d: ", test ? test : "(no test)", file, line);
}

__attribute__((noreturn)) static inline void cmocka_msp430_stop(void)
{
    cmocka_msp430_putc('\n');
    __asm__ __volatile__("dint\n\tnop\n\tbr #fail" : : : "memory");
    __builtin_unreachable();
}

__attribute__((noreturn)) static inline void cmocka_msp430_fail(const char *file, int line, const char *what)
{
    cmocka_msp430_fail_begin(file, line);
    cmocka_msp430_puts(what);
    cmocka_msp430_stop();
}

__attribute__((noreturn, format(printf, 3, 4))) static inline void
cmocka_msp430_fail_msg(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    cmocka_msp430_fail_begin(file, line);
    va_start(ap, fmt);
    cmocka_msp430_vprintf(fmt, ap);
    va_end(ap);
    cmocka_msp430_stop();
}

__attribute__((noreturn)) static inline void cmocka_msp430_skip(const char *file, int line)
{
    /* cmocka would longjmp back into the runner; without setjmp the test
     * cannot be abandoned and the run continue, so a skip is a failure */
    cmocka_msp430_fail(file, line, "skip() is not supported on MSP430");
}

/* ---- assertions --------------------------------------------------------- */

static inline void cmocka_msp430_check(bool ok, const char *what, const char *file, int line)
{
    if (!ok)
        cmocka_msp430_fail(file, line, what);
}

static inline void cmocka_msp430_value(LargestIntegralType v)
{
    cmocka_msp430_puts("0x");
    cmocka_msp430_number(v, true, false, 0, ' ', false);
    cmocka_msp430_puts(" (");
    cmocka_msp430_number(v, false, false, 0, ' ', false);
    cmocka_msp430_putc(')');
}

static inline void cmocka_msp430_compare(LargestIntegralType a, LargestIntegralType b, bool equal,
                                         const char *op, const char *file, int line)
{
    if ((a == b) == equal)
        return;
    cmocka_msp430_fail_begin(file, line);
    cmocka_msp430_value(a);
    cmocka_msp430_puts(op);
    cmocka_msp430_value(b);
    cmocka_msp430_stop();
}

static inline void cmocka_msp430_range(LargestIntegralType v, LargestIntegralType lo, LargestIntegralType hi,
                                       bool inside, const char *file, int line)
{
    if ((v >= lo && v <= hi) == inside)
        return;
    cmocka_msp430_fail_begin(file, line);
    cmocka_msp430_value(v);
    cmocka_msp430_puts(inside ? " is not within " : " is within ");
    cmocka_msp430_value(lo);
    cmocka_msp430_puts("..");
    cmocka_msp430_value(hi);
    cmocka_msp430_stop();
}

static inline void cmocka_msp430_strings(const char *a, const char *b, bool equal, const char *file, int line)
{
    bool same = a && b;
    for (size_t i = 0; same; i++) {
        if (a[i] != b[i])
            same = false;
        else if (!a[i])
            break;
    }
    if (same == equal)
        return;
    cmocka_msp430_fail_begin(file, line);
    cmocka_msp430_printf("\"%s\"%s\"%s\"", a ? a : "(null)", equal ? " != " : " == ", b ? b : "(null)");
    cmocka_msp430_stop();
}

static inline void cmocka_msp430_memory(const void *a, const void *b, size_t n, bool equal, const char *file,
                                        int line)
{
    const uint8_t *x = (const uint8_t *)a;
    const uint8_t *y = (const uint8_t *)b;
    size_t at = n;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            at = i;
            break;
        }
    }
    if ((at == n) == equal)
        return;
    cmocka_msp430_fail_begin(file, line);
    if (equal)
        cmocka_msp430_printf("%u bytes differ from byte %u: 0x%02x != 0x%02x", (unsigned)n, (unsigned)at,
                             x[at], y[at]);
    else
        cmocka_msp430_printf("%u bytes are equal", (unsigned)n);
    cmocka_msp430_stop();
}

/* ---- the runner ---------------------------------------------------------- */

static inline int cmocka_msp430_run_group(const char *group, const struct CMUnitTest *tests, size_t count,
                                          CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
    struct cmocka_msp430_state *st = cmocka_msp430_state();
    void *group_state = NULL;
    cmocka_msp430_printf("[==========] %s: Running %u test(s).\n", group, (unsigned)count);
    st->test = group;
    if (group_setup && group_setup(&group_state) != 0)
        cmocka_msp430_fail(__FILE__, __LINE__, "group setup failed");
    for (size_t i = 0; i < count; i++) {
        const struct CMUnitTest *t = &tests[i];
        void *state = t->initial_state ? t->initial_state : group_state;
        st->test = t->name;
        cmocka_msp430_printf("[ RUN      ] %s\n", t->name);
        if (t->setup_func && t->setup_func(&state) != 0)
            cmocka_msp430_fail(__FILE__, __LINE__, "setup failed");
        t->test_func(&state);
        if (t->teardown_func && t->teardown_func(&state) != 0)
            cmocka_msp430_fail(__FILE__, __LINE__, "teardown failed");
        cmocka_msp430_printf("[       OK ] %s\n", t->name);
        st->run++;
    }
    st->test = group;
    if (group_teardown && group_teardown(&group_state) != 0)
        cmocka_msp430_fail(__FILE__, __LINE__, "group teardown failed");
    cmocka_msp430_printf("[==========] %s: %u test(s) run.\n[  PASSED  ] %u test(s).\n", group,
                         (unsigned)count, (unsigned)count);
    return 0;
}

#endif
