/* test_cmocka.h: include this instead of <cmocka.h> and its prerequisites,
 * so one test source builds on every platform that runs tests.
 *
 * posix: the real cmocka, which needs <stdarg.h>, <stddef.h> and
 * <setjmp.h> included before <cmocka.h>.
 * MSP430 (msp430sim): there is no C library, hence no <setjmp.h>; the test
 * image's <cmocka.h> is platforms/msp430/cmocka/cmocka.h, a stand-in
 * without setjmp that stops the image at the first failure. */
#ifndef TEST_CMOCKA_H
#define TEST_CMOCKA_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#if !defined(__MSP430__)
#include <setjmp.h>
#endif
#include <cmocka.h>
#endif
