# sha2_test.comp: cmocka driver for SHA2 (tests/wirings/crypto_sha2.wire):
# FIPS 180-4 examples, NIST CAVP Short/Long/Monte, streaming, and OpenSSL
component Sha2Test
uses Hash as hash
entry
sources sha2_test.c
platforms posix
