# dtls_flights_test.comp: cmocka driver of the Dtls flight tests: the
# retransmission schedule, resending on the peer's retransmission, the
# final flight, fragmentation and reassembly, the pending-data queue
# (tests/wirings/dtls_flights.wire)
component DtlsFlightsTest
uses Datagram as c
uses Session as c_session
uses DtlsStats as c_stats
uses Datagram as s
uses Session as s_session
uses DtlsStats as s_stats
uses Pool as s_hs
uses Datagram as c2
uses Session as c2_session
uses DtlsStats as c2_stats
uses Datagram as s2
uses Session as s2_session
uses DtlsStats as s2_stats
uses Datagram as c3
uses Session as c3_session
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_flights_test.c
platforms posix
