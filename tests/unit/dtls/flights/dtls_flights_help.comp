# dtls_flights_help.comp: the PskStore, the Log and the taps (drop rules,
# a runtime mtu, a record of every datagram) of the Dtls flight tests
# (tests/wirings/dtls_flights.wire)
component DtlsFlightsHelp
provides PskStore as psk_client
provides PskStore as psk_server
provides Log as log
provides Datagram as c_net              # client c's transport
provides Datagram as s_net              # server s's transport
uses Datagram as c_link
uses Datagram as s_link
uses Timer as clock                     # only for now()
sources dtls_flights_help.c
platforms posix
