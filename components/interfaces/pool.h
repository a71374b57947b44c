/* pool.h: the Pool interface: a fixed-size pool of equal objects (DTLS
 * peers, handshakes), the stack's replacement for malloc. */
#ifndef IF_POOL_H
#define IF_POOL_H
#include "interfaces/types.h"

#define POOL_NONE 0xFFFFu /* index_of() of something that is not a live object */

/* A pool's counters. Counts of refused calls saturate at 0xFFFF. */
struct pool_stats {
    uint16_t capacity;  /* objects in the pool */
    uint16_t in_use;    /* objects allocated now */
    uint16_t peak;      /* highest in_use since boot */
    uint16_t failures;  /* alloc() calls that found every object in use */
    uint16_t bad_frees; /* free() calls refused: double free or a foreign pointer */
};

/** N objects of S bytes (wiring parameters), taken and given back in O(1).
 * Commands only, so one pool may serve several users. */
struct Pool_if {
    // clang-format off
    /** @command Take a free object: object_size() bytes, all zero, aligned for any C object on the platform. NULL if every object is in use (counted in failures). */
    void *(*alloc)(void);
    /** @command Give obj back; it is wiped to zeros at once (objects hold keys). E_OK; E_ALREADY if obj is free already (double free); E_INVAL for NULL or a pointer that is not the start of one of this pool's objects. A refused call changes nothing but bad_frees. */
    err_t (*free)(void *obj);
    /** @command Usable bytes in each object (the obj_size parameter). */
    uint16_t (*object_size)(void);
    /** @command The index (0..capacity-1) of the allocated object obj, or POOL_NONE (free, foreign or NULL). */
    uint16_t (*index_of)(const void *obj);
    /** @command The allocated object at index, or NULL (free or out of range): walk the live objects with 0..capacity-1. */
    void *(*at)(uint16_t index);
    /** @command Copy the counters into *out. */
    void (*stats)(struct pool_stats *out);
    // clang-format on
};
#endif
