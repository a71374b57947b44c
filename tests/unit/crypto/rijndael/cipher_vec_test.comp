# cipher_vec_test.comp: cmocka driver: AES-128 (a BlockCipher) and CCM (an
# Aead) against published vectors compiled into the image at build time
# (gen_cipher_vectors.py): runs on posix and in the MSP430 simulator.
component CipherVecTest
uses BlockCipher as cipher
uses Aead as aead
entry
sources cipher_vec_test.c
platforms posix msp430sim
