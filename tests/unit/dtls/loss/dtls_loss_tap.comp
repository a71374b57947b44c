# dtls_loss_tap.comp: the loss matrix's taps (tests/wirings/dtls_loss*.wire):
# between each Dtls instance and its FakeLink, drop arriving datagrams with
# the test's own seeded PRNG and log every datagram sent, arrived or
# dropped, with its time and DTLS content; plus both sides' PskStore
component DtlsLossTap
provides Datagram as tap_c              # client's transport
provides Datagram as tap_s              # server's transport
uses Datagram as link_c
uses Datagram as link_s
uses Timer as clock                     # only for now()
provides PskStore as psk_client
provides PskStore as psk_server
sources dtls_loss_tap.c
platforms posix
