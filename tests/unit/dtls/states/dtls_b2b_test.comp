# dtls_b2b_test.comp: cmocka driver of the Dtls back-to-back test that also
# runs in the MSP430 simulator (16-bit int and size_t): one client, one
# server, over FakeLink (tests/wirings/dtls_states_b2b.wire)
component DtlsB2bTest
uses Datagram as s
uses Session as s_session
uses Datagram as c
uses Session as c_session
uses Pool as s_pool
uses Pool as c_pool
uses MtuControl as s_mtu                # the MTU each side sees
uses MtuControl as c_mtu
uses DtlsStats as s_stats
uses DtlsStats as c_stats
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_b2b_test.c
platforms posix msp430sim
