# sha2.comp: SHA-256 (FIPS 180-4), streaming and one-shot, over contexts the
# caller owns
component SHA2
provides Hash as hash
# 1 unrolled: 16 rounds per loop, variables renamed (32/64-bit CPUs);
# 2 compact: rolled rounds, moving index (16-bit CPUs, small code);
# 0 (default): compact where int is 16 bits (MSP430), else unrolled
param variant: u8 = 0 in 0..2
sources sha2.c
platforms any
