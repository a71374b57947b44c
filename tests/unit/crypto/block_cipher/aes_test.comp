# aes_test.comp: cmocka driver for a BlockCipher (AES-128): FIPS-197, NIST
# CAVP ECB KAT and MMT, and random blocks against OpenSSL's libcrypto.
# The same driver runs over each provider: tests/wirings/aes_*.wire.
component AesTest
uses BlockCipher as cipher
entry
sources aes_test.c
platforms posix
