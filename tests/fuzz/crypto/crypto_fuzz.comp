# crypto_fuzz.comp: libFuzzer driver for the SHA2/HMAC/PRF/record entry
# points (tests/wirings/fuzz_crypto.wire), with OpenSSL as the oracle
component CryptoFuzz
uses Hash as hash
uses Mac as mac
uses CipherSuite as suite
entry
sources crypto_fuzz.c
platforms posix
