# suite_test.comp: cmocka driver for Crypto (CipherSuite) over HMAC, SHA2,
# CCM and a BlockCipher (tests/wirings/crypto_suite.wire)
component SuiteTest
uses CipherSuite as suite
entry
sources suite_test.c
platforms posix
