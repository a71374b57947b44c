/* fake_link_ctl.h: the FakeLinkCtl interface (tests only): the fault model
 * and the counters of one FakeLink instance. */
#ifndef IF_FAKE_LINK_CTL_H
#define IF_FAKE_LINK_CTL_H
#include "interfaces/types.h"

/* What one FakeLink instance did; sender-side counts are per send(). */
struct fakelink_stats {
    uint32_t sent;        /* send() calls accepted (E_OK) */
    uint32_t lost;        /* datagrams the loss model dropped */
    uint32_t duplicated;  /* extra copies put on the medium */
    uint32_t reordered;   /* copies held back so that later ones overtake them */
    uint32_t unreachable; /* copies with no open instance at the destination */
    uint32_t overflow;    /* copies dropped because the medium was full */
    uint32_t received;    /* datagrams delivered to this instance's user */
};

/** Fault model and statistics of a FakeLink. Rates are per mille and apply
 * to what this instance sends. */
struct FakeLinkCtl_if {
    /** @command Set loss, duplication and reordering rates (0..1000 each,
     * larger values are clamped), restart the PRNG from seed, zero the
     * statistics. */
    void (*configure)(uint16_t loss, uint16_t dup, uint16_t reorder, uint32_t seed);
    /** @command Copy this instance's statistics to *out. */
    void (*stats)(struct fakelink_stats *out);
    /** @command Datagrams on the shared medium, all instances together. */
    uint16_t (*in_flight)(void);
};
#endif
