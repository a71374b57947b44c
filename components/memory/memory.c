/* memory.c: Memory, fixed-size pools (the Pool interface), one per
 * instance: `count` objects of `obj_size` bytes in static storage, so no
 * component needs malloc.
 *
 * Each object's slot is obj_size rounded up to the alignment of
 * max_align_t (2 on MSP430, 16 on x86-64), and the storage starts so
 * aligned, so every object can hold any C type. Beside the storage a link
 * per object (2 bytes) is either MEMORY_USED or the index of the next free
 * object (MEMORY_END ends the list): alloc() pops the free list and free()
 * pushes onto it, both O(1), and the links live outside the objects, so a
 * user writing into a freed object cannot corrupt the list. free() checks
 * that the pointer is the start of one of this pool's slots (foreign,
 * interior and NULL pointers are refused with E_INVAL) and that the slot is
 * in use (a double free is refused with E_ALREADY), then wipes the whole
 * slot: objects hold keys, and alloc() promises zeroed memory.
 *
 * Pointers are compared as uintptr_t: relational comparison of pointers
 * into different arrays would be undefined behaviour in C. */
#include "interfaces/pool.h"
#include "lib/wipe.h"

#define MEMORY_ALIGN         _Alignof(max_align_t)
#define MEMORY_SLOT(size)    ((((size) + MEMORY_ALIGN - 1u) / MEMORY_ALIGN) * MEMORY_ALIGN)
#define MEMORY_USED          0xFFFFu /* link of an allocated object */
#define MEMORY_END           0xFFFEu /* end of the free list */
#define MEMORY_SATURATE(ctr) ((ctr) = (uint16_t)((ctr) == 0xFFFFu ? (ctr) : (ctr) + 1u))

struct Memory_self {
    uint8_t *const base;  /* count slots of `slot` bytes */
    uint16_t *const link; /* count links */
    const uint16_t count;
    const uint16_t slot; /* stride: obj_size rounded up to MEMORY_ALIGN */
    const uint16_t obj_size;
    uint16_t free_head; /* first free object, or MEMORY_END */
    struct pool_stats st;
};

#define MEMORY_DEFINE(inst, count_, size_)                                                                   \
    static _Alignas(max_align_t) uint8_t memory_##inst##_objects[(count_)*MEMORY_SLOT(size_)];               \
    static uint16_t memory_##inst##_links[(count_)];                                                         \
    struct Memory_self inst##__self = {.base = memory_##inst##_objects,                                      \
                                       .link = memory_##inst##_links,                                        \
                                       .count = (count_),                                                    \
                                       .slot = (uint16_t)MEMORY_SLOT(size_),                                 \
                                       .obj_size = (size_)};
Memory__INSTANCES(MEMORY_DEFINE)
#undef MEMORY_DEFINE

    void Memory__init(struct Memory_self *self)
{
    for (uint16_t i = 0; i < self->count; i++)
        self->link[i] = (uint16_t)(i + 1u < self->count ? i + 1u : MEMORY_END);
    self->free_head = 0;
    self->st = (struct pool_stats){.capacity = self->count};
}

/* The index of the slot that starts at obj, or POOL_NONE. */
static uint16_t memory_slot_of(const struct Memory_self *self, const void *obj)
{
    uintptr_t p = (uintptr_t)obj, b = (uintptr_t)self->base;
    if (!obj || p < b)
        return POOL_NONE;
    uintptr_t off = p - b;
    if (off >= (uintptr_t)self->count * self->slot || off % self->slot != 0)
        return POOL_NONE;
    return (uint16_t)(off / self->slot);
}

static uint8_t *memory_object(const struct Memory_self *self, uint16_t i)
{
    return self->base + (size_t)i * self->slot;
}

void *Memory__pool__alloc(struct Memory_self *self)
{
    uint16_t i = self->free_head;
    if (i == MEMORY_END) {
        MEMORY_SATURATE(self->st.failures);
        return NULL;
    }
    self->free_head = self->link[i];
    self->link[i] = MEMORY_USED;
    self->st.in_use++;
    if (self->st.in_use > self->st.peak)
        self->st.peak = self->st.in_use;
    return memory_object(self, i);
}

err_t Memory__pool__free(struct Memory_self *self, void *obj)
{
    uint16_t i = memory_slot_of(self, obj);
    if (i == POOL_NONE || self->link[i] != MEMORY_USED) {
        MEMORY_SATURATE(self->st.bad_frees);
        return i == POOL_NONE ? E_INVAL : E_ALREADY;
    }
    wipe(obj, self->slot);
    self->link[i] = self->free_head;
    self->free_head = i;
    self->st.in_use--;
    return E_OK;
}

uint16_t Memory__pool__object_size(struct Memory_self *self)
{
    return self->obj_size;
}

uint16_t Memory__pool__index_of(struct Memory_self *self, const void *obj)
{
    uint16_t i = memory_slot_of(self, obj);
    return i != POOL_NONE && self->link[i] == MEMORY_USED ? i : POOL_NONE;
}

void *Memory__pool__at(struct Memory_self *self, uint16_t index)
{
    if (index >= self->count || self->link[index] != MEMORY_USED)
        return NULL;
    return memory_object(self, index);
}

void Memory__pool__stats(struct Memory_self *self, struct pool_stats *out)
{
    *out = self->st;
}
