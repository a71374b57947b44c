# prng_test.comp: cmocka driver for PRNG (HMAC_DRBG) over HMAC and SHA2
# (tests/wirings/crypto_prng.wire), with ScriptEntropy as the PRNG's source:
# the same bytes go to OpenSSL's HMAC-DRBG
component PrngTest
uses Random as random
uses EntropyScript as entropy
entry
sources prng_test.c
platforms posix
