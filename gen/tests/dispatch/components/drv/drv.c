/* drv.c: dispatch test driver: each user's calls, then each provider's events. */
#include <stdio.h>
void Drv__note__heard(uint8_t tag)
{
    printf("drv.note.heard(%u)\n", tag);
}

int main(void)
{
    wire_init();
    Drv__u1__go(11);
    Drv__u2__go(22);
    Drv__u3__go(33);
    Drv__p1__go(1);
    Drv__p2__go(2);
    return 0;
}
