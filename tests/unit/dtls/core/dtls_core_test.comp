# dtls_core_test.comp: cmocka driver for the Dtls component: our clients
# and servers back to back over FakeLink on fake time, an attacker node,
# and a tap under client c that can replay and alter its datagrams
# (tests/wirings/dtls_core.wire)
component DtlsCoreTest
uses Datagram as s                      # server s (2 peers)
uses Session as s_session
uses Datagram as s2                     # server s2 (1 peer)
uses Session as s2_session
uses Datagram as c                      # client c (behind the tap)
uses Session as c_session
uses Datagram as c2                     # client c2
uses Session as c2_session
uses Datagram as attacker               # a raw FakeLink node
uses DtlsStats as s_stats
uses DtlsStats as c_stats
uses Pool as s_pool
uses Pool as s2_pool
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_core_test.c
platforms posix
