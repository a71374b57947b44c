# sha2.comp: SHA-256 (FIPS 180-4), streaming and one-shot, over contexts the
# caller owns
component SHA2
provides Hash as hash
sources sha2.c
platforms any
