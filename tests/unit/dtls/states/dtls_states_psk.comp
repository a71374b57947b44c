# dtls_states_psk.comp: the PskStore of server s and client c in the Dtls
# state-machine tests (tests/wirings/dtls_states.wire)
component DtlsStatesPsk
provides PskStore as psk_server
provides PskStore as psk_client
sources dtls_states_psk.c
platforms posix msp430sim
