/* gp.c: dispatch test provider; prints every call it gets. */
#include <stdio.h>
struct Gp_self {
    uint8_t no;
};
/* clang-format off */
#define GP_DEFINE(inst, no) struct Gp_self inst##__self = {no};
Gp__INSTANCES(GP_DEFINE)
#undef GP_DEFINE
_Static_assert(Gp__INSTANCE_COUNT == 2, "Gp: the dispatch test has 2 instances");
/* clang-format on */

void Gp__svc__ping(struct Gp_self *self, wire_id_t id, uint8_t tag)
{
    printf("p%u[%u].ping(%u)\n", self->no, id, tag);
}

uint16_t Gp__svc__get(struct Gp_self *self, wire_id_t id, uint8_t tag)
{
    printf("p%u[%u].get(%u)\n", self->no, id, tag);
    return (uint16_t)(self->no * 1000 + id * 100 + tag);
}

/* Both Svc events to every client id (and one past the last), then Note. */
void Gp__kick__go(struct Gp_self *self, uint8_t arg)
{
    for (wire_id_t id = 0; id < 4; id++) {
        Gp__svc__pong(self, id, arg);
        uint16_t r = Gp__svc__ask(self, id, arg);
        printf("p%u[%u].ask -> %u\n", self->no, id, r);
    }
    Gp__note__heard(self, arg);
}
