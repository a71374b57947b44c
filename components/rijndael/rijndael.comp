# rijndael.comp: AES-128 (FIPS-197) key expansion and block encryption in
# portable C, one const table; the BlockCipher of the MSP430 platforms
component Rijndael
provides BlockCipher as block_cipher
# 1 words: 32-bit columns and one 1 KB T-table (32-bit CPUs);
# 2 bytes: 16 bytes and the 256-byte S-box (16-bit CPUs: no 32-bit rotates);
# 0 (default): bytes where int is 16 bits (MSP430), else words
param variant: u8 = 0 in 0..2
sources rijndael.c
platforms any
