# dtls_core_help.comp: the PskStore of the Dtls tests, the tap under
# client c and a Log that keeps the trace in memory (tests/wirings/dtls_core.wire)
component DtlsCoreHelp
provides PskStore as psk_client
provides PskStore as psk_server
provides Datagram as tap                # client c's transport: records and forwards
uses Datagram as tap_link               # ...to link_c
provides Log as log                     # lines kept in dct.log
sources dtls_core_help.c
platforms posix
