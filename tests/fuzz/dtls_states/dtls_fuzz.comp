# dtls_fuzz.comp: libFuzzer driver of a whole Dtls instance (server or
# client) over FakeLink: the input is a script of datagrams from a peer
# node x, clock steps, and flights x completes with the real keys
# (tests/wirings/dtls_states_fuzz_server.wire, dtls_states_fuzz_client.wire)
component DtlsFuzz
uses Datagram as dtls                   # the Dtls instance under test
uses Session as session
uses Datagram as x                      # the fuzzed peer's node
uses Pool as pool                       # the instance's peers: empty after every input
uses Pool as hs_pool                    # its handshake objects: likewise
uses CipherSuite as suite               # x's keys, Finished and records
uses Hash as hash                       # x's transcript
uses TaskLoop as loop
uses FakeTime as time
uses Timer as clock                     # only for now()
entry
sources dtls_fuzz_peer.c dtls_fuzz.c
platforms posix
