# dtls_interop_psk.comp: the PskStore of the interop test: identity
# "client1" with key 000102...0f, both roles, hint "hint1"
component DtlsInteropPsk
provides PskStore as psk
sources dtls_interop_psk.c
platforms posix
