# ccm_test.comp: cmocka driver for the Aead (CCM): RFC 3610, NIST CAVP CCM,
# Wycheproof, and every length against OpenSSL's libcrypto. The same driver
# runs over each BlockCipher under CCM: tests/wirings/ccm_*.wire.
component CcmTest
uses Aead as aead
entry
sources ccm_test.c
platforms posix
