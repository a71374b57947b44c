/* types.h: the few types every interface and component shares: the error
 * code of split-phase commands, client ids of parameterised interfaces, and
 * the stack's one time type. */
#ifndef IF_TYPES_H
#define IF_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Result of a command (TinyOS TinyError.h semantics, prefixed so they never
 * clash with <errno.h>). A split-phase command returning E_OK promises
 * exactly one completion event; any other value promises none. */
typedef uint8_t err_t;
enum {
    E_OK = 0,  /* accepted / done */
    E_FAIL,    /* generic failure */
    E_SIZE,    /* a length is out of range */
    E_CANCEL,  /* cancelled by a stop or close */
    E_OFF,     /* the service is not started */
    E_BUSY,    /* try again later: the provider is in use */
    E_INVAL,   /* an argument is invalid */
    E_RETRY,   /* transient failure, retry */
    E_RESERVE, /* reservation failed */
    E_ALREADY, /* already done or in progress */
    E_NOMEM,   /* a static pool is exhausted */
    E_NOACK,   /* not acknowledged */
    E_TIMEOUT  /* gave up waiting */
};

/* Client id of a parameterised interface, assigned by the generator. */
typedef uint8_t wire_id_t;

/* Milliseconds on a free-running 32-bit clock. It wraps after 49.7 days;
 * compare instants only with time_before()/time_after() in lib/time_ms.h. */
typedef uint32_t time_ms_t;

#endif
