/* time_ms.h: wrap-safe arithmetic on time_ms_t, the stack's 32-bit
 * free-running millisecond clock (interfaces/types.h).
 *
 * The clock wraps every 2^32 ms = 49.7 days, so instants are never compared
 * with < or >. Instead the difference a - b is read as a signed number:
 * a is before b if b - a, taken modulo 2^32, is in 1..2^31-1. That is right
 * whenever the two instants are less than 2^31 ms (24.8 days) apart, which
 * covers everything the stack times: CoAP's EXCHANGE_LIFETIME of 247 s
 * (RFC 7252 5.7/4.8.2), DTLS retransmission (at most 60 s, RFC 6347
 * 4.2.4.1), and the Observe rule that a notification goes out confirmable
 * at least every 24 hours (RFC 7641 4.5) = 86,400,000 ms < 2^31.
 * Durations (time_elapsed) are exact up to 2^32 - 1 ms.
 *
 * Named time_ms.h rather than time.h so that it never shadows <time.h>. */
#ifndef LIB_TIME_MS_H
#define LIB_TIME_MS_H
#include "interfaces/types.h"

/* Largest distance between two instants that time_before() orders right. */
#define TIME_MS_HORIZON ((time_ms_t)0x7FFFFFFFUL)

/* True if a is strictly before b. */
static inline bool time_before(time_ms_t a, time_ms_t b)
{
    /* Unsigned throughout: no implementation-defined signed conversion. */
    return (time_ms_t)(a - b) > TIME_MS_HORIZON;
}

/* True if a is strictly after b. */
static inline bool time_after(time_ms_t a, time_ms_t b)
{
    return time_before(b, a);
}

/* Milliseconds from t0 to now (now taken to be at or after t0). */
static inline time_ms_t time_elapsed(time_ms_t now, time_ms_t t0)
{
    return (time_ms_t)(now - t0);
}

/* True once the deadline t0 + dt has been reached at now. t0 may be in
 * the past or (slightly) in the future; wrap-safe within the horizon. */
static inline bool time_reached(time_ms_t now, time_ms_t t0, time_ms_t dt)
{
    return !time_before(now, (time_ms_t)(t0 + dt));
}

#endif
