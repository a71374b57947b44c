/* gu.c: dispatch test user; prints every event it gets. */
#include <stdio.h>
struct Gu_self {
    uint8_t no;
};
/* clang-format off */
#define GU_DEFINE(inst, no) struct Gu_self inst##__self = {no};
Gu__INSTANCES(GU_DEFINE)
#undef GU_DEFINE
_Static_assert(Gu__INSTANCE_COUNT == 3, "Gu: the dispatch test has 3 instances");
/* clang-format on */

void Gu__kick__go(struct Gu_self *self, uint8_t arg)
{
    Gu__x__ping(self, arg);
    printf("u%u.x.get -> %u\n", self->no, Gu__x__get(self, arg));
    Gu__y__ping(self, arg);
    printf("u%u.y.get -> %u\n", self->no, Gu__y__get(self, arg));
}

void Gu__x__pong(struct Gu_self *self, uint8_t tag)
{
    printf("u%u.x.pong(%u)\n", self->no, tag);
}

void Gu__y__pong(struct Gu_self *self, uint8_t tag)
{
    printf("u%u.y.pong(%u)\n", self->no, tag);
}

uint16_t Gu__x__ask(struct Gu_self *self, uint8_t tag)
{
    printf("u%u.x.ask(%u)\n", self->no, tag);
    return (uint16_t)(self->no * 10 + 1);
}

uint16_t Gu__y__ask(struct Gu_self *self, uint8_t tag)
{
    printf("u%u.y.ask(%u)\n", self->no, tag);
    return (uint16_t)(self->no * 10 + 2);
}

void Gu__note__heard(struct Gu_self *self, uint8_t tag)
{
    printf("u%u.note.heard(%u)\n", self->no, tag);
}
