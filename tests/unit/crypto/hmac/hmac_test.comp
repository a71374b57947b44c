# hmac_test.comp: cmocka driver for HMAC over SHA2 (tests/wirings/crypto_hmac.wire):
# RFC 4231, Wycheproof, keyed reuse, interleaving, verify, and OpenSSL
component HmacTest
uses Mac as mac
entry
sources hmac_test.c
platforms posix
