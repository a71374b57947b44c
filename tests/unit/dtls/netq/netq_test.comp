# netq_test.comp: cmocka driver for NetQ, the per-peer retransmission
# queues (tests/wirings/dtls_netq.wire)
component NetqTest
uses Queue as q
uses Queue as q2
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources netq_test.c
platforms posix msp430sim
