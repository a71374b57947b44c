# rijndael.comp: AES-128 (FIPS-197) key expansion and block encryption in
# portable C, one const table; the BlockCipher of the MSP430 platforms
component Rijndael
provides BlockCipher as block_cipher
# false: 32-bit words and one 1 KB T-table (hosts, 32-bit CPUs);
# true: bytes and the 256-byte S-box (16-bit CPUs: no 32-bit rotates)
param compact: bool = false
sources rijndael.c
platforms any
