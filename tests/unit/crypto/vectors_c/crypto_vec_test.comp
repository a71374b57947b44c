# crypto_vec_test.comp: SHA2, HMAC and the TLS PRF against published vectors
# compiled into the image (crypto_vectors.h, generated at build time): the
# vector test that runs in the MSP430 simulator (tests/wirings/crypto_vectors.wire)
component CryptoVecTest
uses Hash as hash
uses Mac as mac
uses CipherSuite as suite
entry
sources crypto_vec_test.c
platforms posix msp430sim
