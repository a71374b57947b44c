# dtls_core_help.comp: the PskStore of the Dtls tests and the tap under
# client c (tests/wirings/dtls_core.wire)
component DtlsCoreHelp
provides PskStore as psk_client
provides PskStore as psk_server
provides Datagram as tap                # client c's transport: records and forwards
uses Datagram as tap_link               # ...to link_c
sources dtls_core_help.c
platforms posix
