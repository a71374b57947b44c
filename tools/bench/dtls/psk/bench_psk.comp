# bench_psk.comp: the PskStore of the DTLS bench images: one identity
# ("client1", key 000102...0f) for both roles and no identity hint, so
# the server sends no ServerKeyExchange (as `openssl s_server` without
# -psk_hint): the handshake the bench compares with OpenSSL's
component BenchPsk
provides PskStore as psk
sources bench_psk.c
platforms any
