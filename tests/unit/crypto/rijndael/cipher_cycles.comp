# cipher_cycles.comp: cycle counts of Rijndael and CCM on the MSP430
# instruction set (msp430sim): prints `cycles NAME VALUE` lines and fails if
# an AES-128 block exceeds its budget
component CipherCycles
uses BlockCipher as cipher
uses Aead as aead
param words: bool = false            # the image runs Rijndael's words variant: figure names say so
entry
sources cipher_cycles.c
platforms msp430sim
