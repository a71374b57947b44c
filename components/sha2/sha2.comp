# sha2.comp: SHA-256 (FIPS 180-4), streaming and one-shot, over contexts the
# caller owns
component SHA2
provides Hash as hash
# 1 unrolled: all rounds unrolled, variables renamed (32/64-bit CPUs);
# 2 compact: rolled rounds, moving index (16-bit CPUs, small code);
# 3 MSP430 assembly (sha2_msp430.h), the compact structure with cheap rotations;
# 0 (default): 3 on the MSP430, else compact where int is 16 bits, else unrolled
param variant: u8 = 0 in 0..3
sources sha2.c
platforms any
