# dtls_states_test.comp: cmocka driver of the Dtls state-machine tests:
# server s and client c against x, a raw peer on its own FakeLink node
# that the tests script byte by byte (tests/wirings/dtls_states.wire)
component DtlsStatesTest
uses Datagram as s                      # server s
uses Session as s_session
uses DtlsStats as s_stats                # server s's counters
uses Datagram as c                      # client c
uses Session as c_session
uses MtuControl as c_mtu                # the MTU c sees (an MtuClamp)
uses Datagram as x                      # the scripted peer's node
uses Pool as s_pool                     # peers (handshakes and sessions)
uses Pool as c_pool
uses Pool as s_hs                       # handshake objects
uses Pool as c_hs
uses CipherSuite as suite               # x's keys, Finished and records
uses Hash as hash                       # x's transcript
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_states_peer.c dtls_states_script.c dtls_states_server.c dtls_states_client.c dtls_states_records.c dtls_states_known.c dtls_states_test.c
platforms posix
